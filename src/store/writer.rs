//! Local edits: a [`Writer`] turns this worker's changes into ops with
//! the next sequence numbers, the clock and a fresh salt for each value,
//! applied like any other op and written in one transaction on `commit`.

use super::codec::to_i64;
use super::oplog::{Applier, ApplySummary};
use super::{Result, Store, StoreError};
use crate::domain::{DeviceId, Dot, EntryId, FieldPath, Hlc, Op, RecordId, RecordState, Salt, Seal};
use rusqlite::params;
use serde_json::Value;

/// How many records a long batch (an import) keeps in memory before it
/// writes them out…
pub(super) const CACHED_RECORDS: usize = 2048;
/// …or how much they may weigh (their values' JSON text and a fixed cost
/// an op: see `records::OP_WEIGHT`).
pub(super) const CACHED_WEIGHT: usize = 16 << 20;

/// A batch of at least this many new records, and at least as many as the
/// database holds, is a bulk write (see [`Writer::expect_records`]).
const BULK_RECORDS: u64 = 25_000;

impl Store {
    /// The id the next record made here will have, without making it: a
    /// form opens on it and the record exists from its first stored value
    /// ([`Writer::create_record_as`]).
    pub fn new_record_id(&mut self) -> Result<RecordId> {
        // A batch that is dropped: nothing is written.
        self.writer()?.create_record()
    }

    /// Starts a batch of local edits by this device's worker.
    pub fn writer(&mut self) -> Result<Writer<'_>> {
        let profile = self.profile()?;
        let a = Applier::begin(self)?;
        let (next_seq, hlc) = Store::clock_state(&a.tx)?;
        Ok(Writer {
            a,
            device: profile.device_id,
            author: profile.worker,
            next_seq,
            hlc,
            rebuild_lists: false,
        })
    }
}

/// A batch of local edits, written as ops in one transaction on `commit`.
/// Dropping it without `commit` writes nothing.
pub struct Writer<'s> {
    pub(super) a: Applier<'s>,
    pub(super) device: DeviceId,
    author: String,
    pub(super) next_seq: u64,
    pub(super) hlc: Hlc,
    /// The list indexes were dropped for a bulk write: built again on commit.
    rebuild_lists: bool,
}

impl Writer<'_> {
    /// A new, still empty record; it exists in the log from its first field.
    /// Its id carries this device's tag (so every node can tell which
    /// laptop made it) and a clock value no other record of it has.
    pub fn create_record(&mut self) -> Result<RecordId> {
        let mut tick = self.hlc.tick(Hlc::now_millis());
        // The id keeps 12 bits of the counter: past them, the next millisecond.
        if tick.counter() > 0xfff {
            tick = Hlc::from_millis(tick.millis() + 1);
        }
        self.hlc = tick;
        let id = RecordId::made_on(self.device, tick);
        self.a.record(id, true)?;
        Ok(id)
    }

    /// Starts the record `id` (one [`Store::new_record_id`] gave, for a form
    /// opened before its first value): made here, and not held yet.
    pub fn create_record_as(&mut self, id: RecordId) -> Result<()> {
        if !id.made_by(self.device) || self.a.record(id, false)?.is_some() {
            return Err(StoreError::Corrupt(format!("record {id} cannot be started here")));
        }
        self.a.record(id, true)?;
        Ok(())
    }

    /// The current state of a record as this batch sees it.
    pub fn record(&mut self, id: RecordId) -> Result<&RecordState> {
        match self.a.record(id, false)? {
            Some(c) => Ok(&c.state),
            None => Err(StoreError::NoRecord(id.to_string())),
        }
    }

    /// Sets a field. Writes nothing (and returns `None`) when the field
    /// already holds exactly this value without a conflict; writing over a
    /// conflict resolves it, since the new op names every head as a parent.
    pub fn set(&mut self, record: RecordId, field: &FieldPath, value: Value) -> Result<Option<Dot>> {
        let cached = self
            .a
            .record(record, false)?
            .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
        let believable = Hlc::believable_at(Hlc::now_millis());
        let parents = match cached.state.heads(field.as_str()) {
            // The same value again is still a decision when it came from a
            // clock far ahead: written now, it no longer waits for review.
            Some(h) if !h.is_conflict() && h.value() == Some(&value) => {
                if h.heads.iter().all(|head| head.hlc <= believable) {
                    return Ok(None);
                }
                h.dots()
            }
            Some(h) => h.dots(),
            None if value.is_null() => return Ok(None),
            None => Vec::new(),
        };
        // Over more heads than one op may name: each op names the one before.
        let mut rest = parents.into_iter();
        let mut before: Option<Dot> = None;
        loop {
            let room = Op::MAX_PARENTS - usize::from(before.is_some());
            let mut parents: Vec<Dot> = rest.by_ref().take(room).collect();
            parents.extend(before);
            let dot = self.write(record, field, value.clone(), parents)?;
            if rest.len() == 0 {
                return Ok(Some(dot));
            }
            before = Some(dot);
        }
    }

    /// Writes one op of this device with the given parents.
    fn write(&mut self, record: RecordId, field: &FieldPath, value: Value, parents: Vec<Dot>) -> Result<Dot> {
        let dot = Dot::new(self.device, self.next_seq);
        self.next_seq += 1;
        self.hlc = self.hlc.tick(Hlc::now_millis());
        let op = Op {
            dot,
            record,
            field: field.clone(),
            value,
            seal: Seal::Salt(Salt::random()),
            parents,
            hlc: self.hlc,
            author: self.author.clone(),
        };
        self.a.apply(&op)?;
        Ok(dot)
    }

    /// Adds an entry to a repeat group with its first values.
    pub fn add_entry(&mut self, record: RecordId, group: &str, values: &[(&str, Value)]) -> Result<EntryId> {
        let entry = EntryId::new();
        for (field, value) in values {
            let path =
                FieldPath::entry(group, entry, field).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            self.set(record, &path, value.clone())?;
        }
        Ok(entry)
    }

    /// Deletes a record, naming every edit it saw: one made elsewhere
    /// meanwhile will show as a conflict with the deletion.
    pub fn delete_record(&mut self, record: RecordId) -> Result<Option<Dot>> {
        let deletion = self.record(record)?.deletion();
        let path = FieldPath::parse(FieldPath::DELETED).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.set(record, &path, deletion)
    }

    /// Removes an entry of a repeat group (its history stays in the log).
    pub fn remove_entry(&mut self, record: RecordId, group: &str, entry: EntryId) -> Result<()> {
        let path = FieldPath::entry(group, entry, FieldPath::DELETED)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.set(record, &path, Value::Bool(true)).map(drop)
    }

    /// Writes out (still inside the transaction) and forgets the records
    /// held in memory once there are many, so that a long batch holds a
    /// bounded number of records whatever its size.
    pub fn bound_cache(&mut self) -> Result<()> {
        self.a.bound_cache(CACHED_RECORDS, CACHED_WEIGHT)
    }

    /// Ops written so far in this batch.
    pub fn ops_written(&self) -> u64 {
        self.a.summary.new_ops
    }

    /// Says how many records are coming (a bundle's header, a checked
    /// referral list). A bulk write — many records into a database that
    /// holds fewer yet — drops the case list's indexes and builds them
    /// again before it commits: one sorted build instead of random inserts
    /// that crowd the page cache (at 200,000 people, a quarter of the time).
    /// The number only chooses the way; nothing else depends on it.
    pub fn expect_records(&mut self, records: u64) -> Result<()> {
        if self.rebuild_lists || records < BULK_RECORDS {
            return Ok(());
        }
        let held: i64 = self
            .a
            .tx
            .query_row("SELECT count(*) FROM records", [], |r| r.get(0))?;
        if records < held.max(0) as u64 {
            return Ok(());
        }
        for (name, _) in super::schema::LIST_INDEXES {
            self.a.tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
        }
        self.rebuild_lists = true;
        Ok(())
    }

    /// Writes the records and the clock, and commits.
    pub fn commit(mut self) -> Result<ApplySummary> {
        if self.rebuild_lists {
            self.a.flush()?;
            for (_, sql) in super::schema::LIST_INDEXES {
                self.a.tx.execute_batch(sql)?;
            }
        }
        self.a.tx.execute(
            "UPDATE profile SET next_seq = max(next_seq, ?1), hlc = max(hlc, ?2)",
            params![
                to_i64(self.next_seq, "sequence number")?,
                to_i64(self.hlc.0, "clock value")?
            ],
        )?;
        self.a.commit()
    }
}
