//! An import as one transaction: the verified ops of a bundle merged, the
//! ones not to merge set aside, the statements and subtrees that prove them
//! kept, the bundle noted — and, for a device trusted on the way, its
//! enrolment written as the coordinator's own op — all or nothing. What it
//! holds in memory is bounded whatever the bundle's size.

use super::oplog::{Applied, ApplySummary};
use super::peers::BundleEntry;
use super::provenance::{put_omitted, put_statement, statements_meeting};
use super::writer::Writer;
use super::{Result, Store, StoreError};
use crate::domain::proof::{Omitted, Statement};
use crate::domain::registry::REGISTRY;
use crate::domain::{DeviceId, Dot, FieldPath, Hlc, Op, RecordId, RecordState};
use rusqlite::params;
use serde_json::Value;

use super::writer::{CACHED_RECORDS, CACHED_WEIGHT};

/// Ops a record takes, about, in a bundle (see [`Merge::expect`]).
const OPS_A_RECORD: u64 = 8;

/// An import transaction. Dropping it without [`Merge::commit`] writes nothing.
pub struct Merge<'s> {
    pub(super) w: Writer<'s>,
    newest: Hlc,
    own_next: u64,
    /// Ops this device wrote itself in the import (not counted as merged).
    local: u64,
    /// Devices with ops set aside (only their merged ops can end a set-aside).
    aside_devices: std::collections::HashSet<i64>,
}

impl Store {
    /// Starts an import transaction (it holds the write lock until it ends).
    pub fn merge(&mut self) -> Result<Merge<'_>> {
        let w = self.writer()?;
        let aside_devices =
            w.a.tx
                .prepare("SELECT DISTINCT device FROM set_aside")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        Ok(Merge {
            w,
            newest: Hlc::default(),
            own_next: 1,
            local: 0,
            aside_devices,
        })
    }
}

impl Merge<'_> {
    /// Says how many ops are coming (a bundle's header says so): a laptop's
    /// whole first bundle into a coordinator that holds few records yet is
    /// a bulk write (see [`Writer::expect_records`]). The number only
    /// chooses the way; nothing else depends on it.
    pub fn expect(&mut self, ops: u64) -> Result<()> {
        self.w.expect_records(ops / OPS_A_RECORD)
    }

    /// This database's device.
    pub fn device(&self) -> DeviceId {
        self.w.device
    }

    /// A record's state as this import sees it (`None`: not held).
    pub fn record(&mut self, id: RecordId) -> Result<Option<&RecordState>> {
        Ok(self.w.a.record(id, false)?.map(|c| &c.state))
    }

    /// The state an op's record has now (empty when the record is new),
    /// whether the log holds that op already, and the record's weight
    /// (its values' JSON text and a fixed cost an op) — one look-up.
    pub fn record_of(&mut self, op: &Op) -> Result<(&RecordState, bool, usize)> {
        self.w.a.bound_cache(CACHED_RECORDS, CACHED_WEIGHT)?;
        let cached = self
            .w
            .a
            .record(op.record, true)?
            .ok_or_else(|| StoreError::NoRecord(op.record.to_string()))?;
        let holds = cached.holds(&op.dot);
        Ok((&cached.state, holds, cached.weight))
    }

    /// Merges one verified op.
    pub fn apply(&mut self, op: &Op) -> Result<Applied> {
        self.apply_encoded(op, None)
    }

    /// [`Merge::apply`], with the value already written out as JSON.
    pub fn apply_encoded(&mut self, op: &Op, value_json: Option<&str>) -> Result<Applied> {
        self.w.a.bound_cache(CACHED_RECORDS, CACHED_WEIGHT)?;
        let done = self.w.a.apply_encoded(op, value_json)?;
        if done != Applied::Different {
            self.newest = self.newest.max(op.hlc);
            if op.dot.device == self.w.device {
                self.own_next = self.own_next.max(op.dot.seq.saturating_add(1));
            }
            // An op set aside before, in scope now (its record was granted): merged at last.
            if let Some(num) = self
                .w
                .a
                .known_device(op.dot.device)
                .filter(|n| self.aside_devices.contains(n))
            {
                super::aside::remove(&self.w.a.tx, num, op.dot.seq)?;
            }
        }
        Ok(done)
    }

    /// Writes an op of this device (the coordinator's enrolment of a
    /// device it trusts on the way).
    pub fn set(&mut self, record: RecordId, field: &FieldPath, value: Value) -> Result<Option<Dot>> {
        if record == REGISTRY {
            self.w.a.record(REGISTRY, true)?;
        }
        let written = self.w.set(record, field, value)?;
        self.local += u64::from(written.is_some());
        Ok(written)
    }

    /// Merges the ops of `device` on `record` that were set aside for
    /// `reason` (they were out of its caseload, and the record is granted
    /// to it now): how many. They were proven when they came.
    pub fn merge_set_aside(&mut self, device: DeviceId, record: RecordId, reason: &str) -> Result<u64> {
        let Some(num) = self.w.a.known_device(device) else {
            return Ok(0);
        };
        let mut merged = 0;
        let mut after = 0;
        loop {
            let page = super::aside::page_of(&self.w.a.tx, num, record, reason, after)?;
            let Some(last) = page.last() else { break };
            after = last.dot.seq;
            for op in &page {
                // Merged, it leaves the ops set aside (see `apply_encoded`).
                if self.apply(op)? != Applied::Different {
                    merged += 1;
                }
            }
        }
        Ok(merged)
    }

    /// Writes the records read so far and forgets them once many are held,
    /// so that a long pass over records holds a bounded number.
    pub fn bound_cache(&mut self) -> Result<()> {
        self.w.a.bound_cache(CACHED_RECORDS, CACHED_WEIGHT)
    }

    /// Whether `device` has ops set aside here.
    pub fn has_set_aside(&mut self, device: DeviceId) -> bool {
        self.w
            .a
            .known_device(device)
            .is_some_and(|num| self.aside_devices.contains(&num))
    }

    /// The records `device` has ops of set aside for `reason`.
    pub fn set_aside_records(&mut self, device: DeviceId, reason: &str) -> Result<Vec<RecordId>> {
        let Some(num) = self.w.a.known_device(device) else {
            return Ok(Vec::new());
        };
        let mut stmt = self
            .w
            .a
            .tx
            .prepare("SELECT DISTINCT record FROM set_aside WHERE device = ?1 AND reason = ?2")?;
        let rows = stmt.query_map(params![num, reason], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps a verified op that is not merged, with why (a message key).
    pub fn set_aside(&mut self, op: &Op, value_json: &str, reason: &str, bundle: &str) -> Result<()> {
        let num = self.w.a.device_num(op.dot.device)?;
        let erased = self.w.a.record(op.record, false)?.is_some_and(|c| c.state.erased);
        self.aside_devices.insert(num);
        if erased {
            let op = op.redacted_json(value_json);
            super::aside::put(&self.w.a.tx, num, &op, "null", reason, bundle)
        } else {
            super::aside::put(&self.w.a.tx, num, op, value_json, reason, bundle)
        }
    }

    /// A device's statements held here whose runs meet `first..=last`.
    pub fn statements(&mut self, device: DeviceId, first: u64, last: u64) -> Result<Vec<Statement>> {
        match self.w.a.known_device(device) {
            Some(num) => statements_meeting(&self.w.a.tx, num, device, first, last),
            None => Ok(Vec::new()),
        }
    }

    /// Whether the log holds every op of `device` numbered `first..=last`.
    pub fn holds_all(&mut self, device: DeviceId, first: u64, last: u64) -> Result<bool> {
        let Some(num) = self.w.a.known_device(device) else {
            return Ok(false);
        };
        let held: i64 = self.w.a.tx.query_row(
            "SELECT count(*) FROM ops WHERE device = ?1 AND seq BETWEEN ?2 AND ?3",
            params![
                num,
                i64::try_from(first).unwrap_or(i64::MAX),
                i64::try_from(last).unwrap_or(i64::MAX)
            ],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(held).is_ok_and(|h| Some(h) == (last + 1).checked_sub(first)))
    }

    /// Keeps a verified statement.
    pub fn put_statement(&mut self, s: &Statement) -> Result<()> {
        let num = self.w.a.device_num(s.device)?;
        put_statement(&self.w.a.tx, num, s)
    }

    /// Keeps `s` in place of the held run it continues (the same device,
    /// start and chain; every op of that run, up to `held_last`, held here),
    /// with the subtrees of the held run, which its ops make needless, gone.
    pub fn replace_statement(&mut self, s: &Statement, held_last: u64) -> Result<()> {
        let num = self.w.a.device_num(s.device)?;
        let first = i64::try_from(s.first).unwrap_or(i64::MAX);
        let tx = &self.w.a.tx;
        tx.execute(
            "DELETE FROM statements WHERE device = ?1 AND first = ?2",
            params![num, first],
        )?;
        tx.execute(
            "DELETE FROM omitted WHERE device = ?1 AND first = ?2 AND at <= ?3",
            params![num, first, i64::try_from(held_last).unwrap_or(i64::MAX)],
        )?;
        put_statement(&self.w.a.tx, num, s)
    }

    /// Keeps a subtree of a run received without its ops.
    pub fn put_omitted(&mut self, device: DeviceId, first: u64, o: &Omitted) -> Result<()> {
        let num = self.w.a.device_num(device)?;
        put_omitted(&self.w.a.tx, num, first, o)
    }

    /// Notes the bundle (merged) in the same transaction.
    pub fn note_bundle(&self, entry: &BundleEntry) -> Result<()> {
        super::peers::note_bundle(&self.w.a.tx, entry)
    }

    /// Ends the quarantine of a bundle merged now.
    pub fn end_quarantine(&self, bundle: &str) -> Result<()> {
        super::quarantine::end_quarantine(&self.w.a.tx, bundle, "merged")
    }

    /// Records a device met in this bundle (before it is enrolled).
    pub fn meet_peer(
        &self,
        device: DeviceId,
        signing_key: &[u8; 32],
        age_key: &str,
        worker: &str,
    ) -> Result<()> {
        super::peers::meet(&self.w.a.tx, device, signing_key, age_key, worker)
    }

    /// Notes that a device's ops were dated `ahead_ms` after this
    /// computer's time (the largest such lead is kept).
    pub fn note_clock_ahead(&self, device: DeviceId, ahead_ms: u64) -> Result<()> {
        self.w.a.tx.execute(
            "UPDATE peers SET clock_ahead = max(coalesce(clock_ahead, 0), ?2) WHERE device_id = ?1",
            params![device.to_string(), i64::try_from(ahead_ms).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Notes that the coordinator holds every op of this device up to `upto`.
    pub fn acknowledge(&self, upto: u64) -> Result<()> {
        self.acknowledge_of(self.w.device, upto)
    }

    /// Notes that the coordinator holds `device`'s ops up to `upto` (for a
    /// restored laptop: those of the laptop it succeeds, which it sent on).
    pub fn acknowledge_of(&self, device: DeviceId, upto: u64) -> Result<()> {
        self.w.a.tx.execute(
            "INSERT INTO acks (device_id, upto) VALUES (?1, ?2)
             ON CONFLICT (device_id) DO UPDATE SET upto = max(upto, excluded.upto)",
            params![device.to_string(), i64::try_from(upto).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Records that hold a redacted op but no erasure (a forged redaction
    /// when the bundle is over).
    pub fn unexplained_redactions(&self) -> Result<u64> {
        self.w.a.unexplained_redactions()
    }

    /// Keeps a laptop's audit entries in the same transaction (see
    /// [`Store::keep_peer_audit`]).
    pub fn keep_peer_audit(
        &self,
        device: crate::domain::DeviceId,
        links: &[crate::store::AuditLink],
    ) -> Result<u64> {
        super::audit::keep_peer(&self.w.a.tx, device, links)
    }

    /// Writes an audit entry in the same transaction.
    pub fn audit(&self, action: &str, detail: &str) -> Result<()> {
        super::peers::audit(&self.w.a.tx, action, detail)
    }

    /// Writes everything: the records, the clock (never more than a day
    /// past this computer's own time) and the next sequence number.
    pub fn commit(mut self) -> Result<ApplySummary> {
        if self.w.a.unexplained_redactions()? > 0 {
            return Err(StoreError::Corrupt("redacted ops of a record not erased".into()));
        }
        self.w.hlc = self.w.hlc.observe(self.newest, Hlc::now_millis());
        self.w.next_seq = self.w.next_seq.max(self.own_next);
        let local = self.local;
        let mut summary = self.w.commit()?;
        summary.new_ops = summary.new_ops.saturating_sub(local);
        Ok(summary)
    }
}
