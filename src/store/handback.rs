//! A laptop hands records back: those the coordinator took back from its
//! caseload (given to another laptop), and every one once its own key is
//! revoked (lost, broken, its worker left). Their identifying values leave
//! the log here as an erasure's would, but only here: nothing travels, the
//! coordinator and the receiving laptop keep them whole. A record waits
//! while this laptop has changes to it the coordinator has not
//! acknowledged, so that nothing typed here is lost.

use super::merge::Merge;
use super::writer::{CACHED_RECORDS, CACHED_WEIGHT};
use super::{Result, Store};
use crate::domain::registry::{self, REGISTRY};
use crate::domain::{FieldPath, Hlc, RecordId};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

/// A record handed back: its id, when (milliseconds since 1970), and what
/// is left of it (the anonymous values an erasure keeps).
pub type HandedBack = (RecordId, i64, serde_json::Map<String, serde_json::Value>);

/// What a hand-back did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HandBack {
    /// Records whose identifying values left this laptop now.
    pub handed: u64,
    /// Records to hand back once the coordinator acknowledges this
    /// laptop's changes to them.
    pub waiting: u64,
}

/// The setting that says records wait to be handed back (their count).
const WAITING_SETTING: &str = "hand-back-waiting";

/// What decides a hand-back, read once.
struct Scope {
    own: crate::domain::DeviceId,
    own_num: i64,
    /// This laptop's ops the coordinator acknowledged.
    acked: u64,
    /// Its key is revoked: every record goes.
    revoked: bool,
    now: i64,
}

impl Merge<'_> {
    /// Hands back, inside this import, every record that is no longer this
    /// laptop's (see the module's doc) and whose changes made here the
    /// coordinator acknowledged.
    /// `taken_back` says whether this import took a record back from this
    /// laptop; without it (and without its key revoked, or a record left
    /// waiting by an import before), there is nothing to look for.
    pub fn hand_back(&mut self, taken_back: bool) -> Result<HandBack> {
        let own = self.device();
        let revoked = self
            .record(REGISTRY)?
            .and_then(|s| s.value(registry::revocation_field(own).as_str()))
            .is_some_and(|v| !v.is_null());
        let waited: bool = self
            .w
            .a
            .tx
            .query_row("SELECT 1 FROM settings WHERE key = ?1", [WAITING_SETTING], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !(revoked || taken_back || waited) {
            return Ok(HandBack::default());
        }
        // The records and ops this import wrote are read back from the tables.
        self.w.a.flush()?;
        let grant = FieldPath::grant(own);
        let own_num = self.w.a.device_num(own)?;
        let acked: u64 = self
            .w
            .a
            .tx
            .query_row(
                "SELECT upto FROM acks WHERE device_id = ?1",
                [own.to_string()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map_or(0, |n| n.max(0) as u64);
        let scope = Scope {
            own,
            own_num,
            acked,
            revoked,
            now: i64::try_from(Hlc::now_millis()).unwrap_or(i64::MAX),
        };
        let mut done = HandBack::default();
        // Every record once revoked; else those a grant of it ever named.
        // A page at a time, in record order: memory stays bounded.
        let (sql, param) = if revoked {
            (
                "SELECT num, id FROM records WHERE num > ?2 AND id <> ?1
                   AND num NOT IN (SELECT record FROM handed_back) ORDER BY num LIMIT 512",
                REGISTRY.to_string(),
            )
        } else {
            (
                "SELECT DISTINCT r.num, r.id FROM ops o JOIN records r ON r.num = o.record
                 WHERE o.field = ?1 AND r.num > ?2 AND r.num NOT IN (SELECT record FROM handed_back)
                 ORDER BY r.num LIMIT 512",
                grant.to_string(),
            )
        };
        let mut after = 0i64;
        loop {
            let page: Vec<(i64, RecordId)> = self
                .w
                .a
                .tx
                .prepare_cached(sql)?
                .query_map(params![param, after], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let Some(&(last, _)) = page.last() else { break };
            after = last;
            for (num, id) in page {
                self.hand_back_one(num, id, &scope, &mut done)?;
            }
        }
        if done.handed > 0 {
            self.audit("hand back", &format!("{} records", done.handed))?;
        }
        if done.waiting > 0 {
            super::settings::put(&self.w.a.tx, WAITING_SETTING, &done.waiting.to_string())?;
        } else {
            self.w
                .a
                .tx
                .execute("DELETE FROM settings WHERE key = ?1", [WAITING_SETTING])?;
        }
        Ok(done)
    }

    /// Hands back one record, or counts it as waiting, or leaves it (still this laptop's).
    fn hand_back_one(&mut self, num: i64, id: RecordId, scope: &Scope, done: &mut HandBack) -> Result<()> {
        self.hand_back_or_keep(num, id, scope, done)?;
        // However it went, the import's cache stays bounded.
        self.w.a.bound_cache(CACHED_RECORDS, CACHED_WEIGHT)
    }

    fn hand_back_or_keep(
        &mut self,
        num: i64,
        id: RecordId,
        scope: &Scope,
        done: &mut HandBack,
    ) -> Result<()> {
        let grant = FieldPath::grant(scope.own);
        // Read into the import's cache, where the erasure folds it again.
        let granted =
            self.record(id)?.and_then(|s| s.value(grant.as_str())) == Some(&serde_json::Value::Bool(true));
        if !scope.revoked && (granted || id.made_by(scope.own)) {
            return Ok(());
        }
        let last_here: Option<i64> = self.w.a.tx.query_row(
            "SELECT max(seq) FROM ops WHERE record = ?1 AND device = ?2",
            params![num, scope.own_num],
            |r| r.get(0),
        )?;
        // Nothing typed here is lost: not a change the coordinator has not
        // acknowledged, nor the text of a field being typed.
        let drafted = self
            .w
            .a
            .tx
            .prepare_cached("SELECT 1 FROM drafts WHERE record = ?1")?
            .query_row([id.to_string()], |_| Ok(()))
            .optional()?
            .is_some();
        if drafted || last_here.is_some_and(|seq| seq.max(0) as u64 > scope.acked) {
            done.waiting += 1;
            return Ok(());
        }
        // Marked first: folding the record again reads the mark.
        self.w.a.tx.execute(
            "INSERT INTO handed_back (record, at) VALUES (?1, ?2)",
            params![num, scope.now],
        )?;
        self.w.a.redact(id, num)?;
        done.handed += 1;
        Ok(())
    }
}

impl Store {
    /// The records this laptop handed back.
    pub fn handed_back(&self) -> Result<HashSet<RecordId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT r.id FROM handed_back h JOIN records r ON r.num = h.record")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every record this laptop handed back, oldest first: its id, when
    /// (milliseconds since 1970), and what is left of it (the anonymous
    /// values an erasure keeps).
    pub fn handed_back_list(&self) -> Result<Vec<HandedBack>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, h.at, v.data FROM handed_back h JOIN records r ON r.num = h.record
             JOIN record_values v ON v.num = h.record ORDER BY h.at, r.num",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, data) = row?;
            let values =
                serde_json::from_str(&data).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
            out.push((id, at, values));
        }
        Ok(out)
    }

    /// When this laptop handed `record` back (milliseconds since 1970), if it did.
    pub fn handed_back_at(&self, record: RecordId) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT h.at FROM handed_back h JOIN records r ON r.num = h.record WHERE r.id = ?1",
                [record.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// Whether the record numbered `num` was handed back (an erased record
/// for everything this laptop does with it).
pub(super) fn is_handed_back(conn: &rusqlite::Connection, num: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM handed_back WHERE record = ?1")?
        .query_row([num], |_| Ok(()))
        .optional()?
        .is_some())
}
