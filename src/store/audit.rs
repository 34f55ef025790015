//! The audit trail: append-only and hash-chained. Triggers refuse every
//! UPDATE and DELETE of it; each entry's hash covers the one before it and
//! its own fields, so an entry changed or removed by someone who dropped
//! the triggers is found by [`Store::verify_audit`] — unless they also
//! computed every later hash again, or removed only the newest entries:
//! the chain has no key, and nothing outside the database holds its head
//! yet (a copy kept by the coordinator would be that witness).

use super::{Result, Store};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

/// Now, UTC, RFC 3339 to the second (the audit trail's times, and others').
pub(super) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The triggers that keep the trail append-only.
pub(super) const APPEND_ONLY: &str = r#"
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"#;

/// One entry of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    /// When (UTC, RFC 3339).
    pub time: String,
    /// The worker of the device that wrote it.
    pub author: String,
    /// What was done (`export-table`, `erase`…).
    pub action: String,
    /// To what, to whom, how many.
    pub detail: String,
}

/// The most entries a bundle carries of its sender's trail (its newest).
pub const MAX_AUDIT_SENT: usize = 512;

/// The longest field of an entry a bundle carries (bytes).
pub const MAX_FIELD: usize = 16 << 10;

/// An entry as a bundle carries it: with the hash before it and its own,
/// so that the coordinator can check the chain and keep it as a witness.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditLink {
    /// The hash of the entry before (or the genesis hash).
    pub prev: String,
    /// Its own hash.
    pub hash: String,
    /// The entry.
    #[serde(flatten)]
    pub entry: AuditEntry,
}

impl AuditLink {
    /// `entry` after `prev`, with the hash of both.
    pub fn new(prev: &str, entry: AuditEntry) -> AuditLink {
        AuditLink {
            prev: prev.to_owned(),
            hash: chain(prev, &entry),
            entry,
        }
    }

    /// Whether its hash is that of its fields after `prev`.
    pub fn follows(&self) -> bool {
        chain(&self.prev, &self.entry) == self.hash
    }
}

/// What checking the chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every entry has the hash of its fields and the one before it.
    Intact {
        /// How many entries.
        entries: u64,
    },
    /// The first entry whose hash does not follow (it, or one before it,
    /// was changed or removed).
    Broken {
        /// Its place in the trail, from 1.
        number: u64,
        /// Its time, as stored.
        time: String,
    },
}

/// The entry in columns `at..at + 4` of a row (time, author, action, detail).
fn entry_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        time: r.get(at)?,
        author: r.get(at + 1)?,
        action: r.get(at + 2)?,
        detail: r.get(at + 3)?,
    })
}

/// The hash of an entry after `prev`: each field length-prefixed.
pub(super) fn chain(prev: &str, e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    for part in [prev, &e.time, &e.author, &e.action, &e.detail] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Writes an entry on a connection (or inside a transaction), chained to
/// the last one: reading the last hash and appending are one write
/// transaction (or a savepoint of the one it is in), so two writers never
/// fork the chain.
pub(super) fn append(conn: &rusqlite::Connection, action: &str, detail: &str) -> Result<()> {
    append_in(conn, "main", action, detail)
}

/// [`append`] to the trail of the database attached as `schema` (a
/// re-encrypted copy), the author still this one's worker.
pub(super) fn append_in(conn: &rusqlite::Connection, schema: &str, action: &str, detail: &str) -> Result<()> {
    let author: String = conn
        .query_row("SELECT worker FROM main.profile", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let entry = AuditEntry {
        time: now(),
        author,
        action: action.to_owned(),
        detail: detail.to_owned(),
    };
    // Alone, a write transaction from the start (so that another writer
    // is waited for, not refused); inside one, a savepoint of it.
    let alone = conn.is_autocommit();
    conn.execute_batch(if alone {
        "BEGIN IMMEDIATE"
    } else {
        "SAVEPOINT audit_append"
    })?;
    let appended = (|| -> Result<()> {
        let prev: Option<String> = conn
            .query_row(
                &format!("SELECT hash FROM {schema}.audit ORDER BY rowid DESC LIMIT 1"),
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let hash = chain(prev.as_deref().unwrap_or(GENESIS), &entry);
        conn.execute(
            &format!(
                "INSERT INTO {schema}.audit (time, author, action, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5)"
            ),
            params![entry.time, entry.author, entry.action, entry.detail, hash],
        )?;
        Ok(())
    })();
    match (appended, alone) {
        (Ok(()), true) => conn.execute_batch("COMMIT")?,
        (Ok(()), false) => conn.execute_batch("RELEASE audit_append")?,
        (Err(e), true) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
        (Err(e), false) => {
            let _ = conn.execute_batch("ROLLBACK TO audit_append; RELEASE audit_append");
            return Err(e);
        }
    }
    Ok(())
}

/// Migration: chains the entries written before the trail was chained,
/// then makes it append-only.
/// The recipient an export's audit detail names, as exports before
/// schema 16 wrote it: `… to NAME (…), encrypted…`.
fn recipient_in(detail: &str) -> Option<&str> {
    let end = detail.find("), encrypted")?;
    let to = detail[..end].find(" to ")? + 4;
    let open = detail[to..end].rfind(" (")? + to;
    Some(&detail[to..open]).filter(|name| !name.is_empty())
}

/// The V16 migration's hook: the recipients of the exports audited before
/// it, read from their details, so that a person's report does not call an
/// encrypted export a plaintext file.
pub(super) fn recipients_of_earlier_exports(
    tx: &rusqlite::Transaction<'_>,
) -> rusqlite_migration::HookResult {
    let rows: Vec<(i64, String)> = {
        let mut stmt = tx.prepare(
            "SELECT rowid, detail FROM audit WHERE action IN ('export-table', 'person-report')
             AND rowid IN (SELECT audit FROM exported)",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (rowid, detail) in rows {
        if let Some(name) = recipient_in(&detail) {
            tx.execute(
                "INSERT OR IGNORE INTO export_to (audit, recipient) VALUES (?1, ?2)",
                params![rowid, name],
            )?;
        }
    }
    Ok(())
}

pub(super) fn chain_existing(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let rows: Vec<(i64, AuditEntry)> = {
        let mut stmt = tx.prepare("SELECT rowid, time, author, action, detail FROM audit ORDER BY rowid")?;
        stmt.query_map([], |r| Ok((r.get(0)?, entry_at(r, 1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut prev = GENESIS.to_owned();
    for (rowid, entry) in rows {
        prev = chain(&prev, &entry);
        tx.execute(
            "UPDATE audit SET hash = ?1 WHERE rowid = ?2",
            params![prev, rowid],
        )?;
    }
    tx.execute_batch(APPEND_ONLY)?;
    Ok(())
}

/// Keeps the entries of `device`'s trail a bundle carried (once each),
/// as the witness of that trail. Returns how many do not follow: an
/// entry whose hash is not that of its fields, or one that puts another
/// entry after one already held (the trail was rewritten there).
pub(super) fn keep_peer(
    conn: &rusqlite::Connection,
    device: crate::domain::DeviceId,
    links: &[AuditLink],
) -> Result<u64> {
    let device = device.to_string();
    let mut broken = 0u64;
    // A link is kept when it follows from what is held (or from the start,
    // or on the first contact, when older entries may not have come).
    let first_contact: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM peer_audit WHERE device = ?1)",
        [&device],
        |r| r.get(0),
    )?;
    let mut after: Option<&str> = None;
    for link in links {
        let held = |hash: &str| -> Result<bool> {
            Ok(conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM peer_audit WHERE device = ?1 AND hash = ?2)",
                params![device, hash],
                |r| r.get(0),
            )?)
        };
        let forked: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM peer_audit WHERE device = ?1 AND prev = ?2 AND hash <> ?3)",
            params![device, link.prev, link.hash],
            |r| r.get(0),
        )?;
        let rooted = link.prev == GENESIS
            || after == Some(link.prev.as_str())
            || held(&link.prev)?
            || (first_contact && after.is_none());
        if !link.follows() || forked || !rooted {
            broken += 1;
            after = None;
            continue;
        }
        after = Some(link.hash.as_str());
        conn.execute(
            "INSERT OR IGNORE INTO peer_audit (device, hash, prev, time, author, action, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                device,
                link.hash,
                link.prev,
                link.entry.time,
                link.entry.author,
                link.entry.action,
                link.entry.detail
            ],
        )?;
    }
    if broken > 0 {
        append(
            conn,
            "laptop audit trail rewritten",
            &format!("{device}: {broken} entries do not follow"),
        )?;
    }
    Ok(broken)
}

impl Store {
    /// Writes an entry for an export that holds `records` and notes, in
    /// the same transaction, that each was in it and the recipient it was
    /// encrypted to (a person's report says to whom their data went).
    /// Records no longer here are skipped.
    pub fn audit_export(
        &self,
        action: &str,
        detail: &str,
        recipient: Option<&str>,
        records: &[crate::domain::RecordId],
    ) -> Result<()> {
        // A write transaction from the start: another writer is waited for.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let noted = (|| -> Result<()> {
            append(&self.conn, action, detail)?;
            let entry = self.conn.last_insert_rowid();
            if let Some(name) = recipient {
                self.conn
                    .prepare_cached("INSERT INTO export_to (audit, recipient) VALUES (?1, ?2)")?
                    .execute(params![entry, name])?;
            }
            let mut note = self.conn.prepare_cached(
                "INSERT OR IGNORE INTO exported (audit, record) SELECT ?1, num FROM records WHERE id = ?2",
            )?;
            for id in records {
                note.execute(params![entry, id.to_string()])?;
            }
            Ok(())
        })();
        match noted {
            Ok(()) => self.conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        Ok(())
    }

    /// The exports that held this record, oldest first: each audit entry
    /// with the recipient it was encrypted to (none: a file for the
    /// organisation's own use).
    pub fn exports_of(&self, id: crate::domain::RecordId) -> Result<Vec<(AuditEntry, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.time, a.author, a.action, a.detail, t.recipient FROM exported e
             JOIN audit a ON a.rowid = e.audit JOIN records r ON r.num = e.record
             LEFT JOIN export_to t ON t.audit = e.audit
             WHERE r.id = ?1 ORDER BY a.rowid",
        )?;
        let rows = stmt
            .query_map([id.to_string()], |r| Ok((entry_at(r, 0)?, r.get(4)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The audit trail, oldest first; from `since` (RFC 3339 or a date)
    /// on when given.
    pub fn audit_entries(&self, since: Option<&str>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT time, author, action, detail FROM audit
             WHERE ?1 IS NULL OR time >= ?1 ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map([since], |r| entry_at(r, 0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The newest [`MAX_AUDIT_SENT`] entries of this trail, oldest first,
    /// as a bundle carries them.
    pub fn audit_to_send(&self) -> Result<Vec<AuditLink>> {
        let mut stmt = self.conn.prepare(
            "SELECT time, author, action, detail, hash,
                    coalesce((SELECT p.hash FROM audit p WHERE p.rowid < a.rowid ORDER BY p.rowid DESC LIMIT 1), ?1)
             FROM audit a ORDER BY rowid DESC LIMIT ?2",
        )?;
        let links: Vec<AuditLink> = stmt
            .query_map(params![GENESIS, MAX_AUDIT_SENT as i64], |r| {
                Ok(AuditLink {
                    entry: entry_at(r, 0)?,
                    hash: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    prev: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Within a quarter of a bundle header's room, however long the
        // details are, the newest first (an entry with a field longer than
        // a reader takes, which Intake never writes, ends the run: cut, it
        // would not check).
        let mut room = 256usize << 10;
        let mut kept = Vec::new();
        for link in links {
            let e = &link.entry;
            if link.hash.len() != 64
                || [&e.time, &e.author, &e.action, &e.detail]
                    .iter()
                    .any(|f| f.len() > MAX_FIELD)
            {
                break;
            }
            let size = 200
                + link.entry.time.len()
                + link.entry.author.len()
                + link.entry.action.len()
                + link.entry.detail.len();
            if size > room {
                break;
            }
            room -= size;
            kept.push(link);
        }
        kept.reverse();
        Ok(kept)
    }

    /// Keeps the entries of `device`'s trail a bundle carried (once each),
    /// as the witness of that trail (see [`keep_peer`]).
    pub fn keep_peer_audit(&self, device: crate::domain::DeviceId, links: &[AuditLink]) -> Result<u64> {
        keep_peer(&self.conn, device, links)
    }

    /// The entries of laptops' trails this database keeps, oldest first
    /// by their time: (device, entry).
    pub fn peer_audit(&self) -> Result<Vec<(String, AuditEntry)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, time, author, action, detail FROM peer_audit ORDER BY time, device")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, entry_at(r, 1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Checks every entry's hash against its fields and the entry before,
    /// one entry at a time.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        let mut stmt = self
            .conn
            .prepare("SELECT time, author, action, detail, hash FROM audit ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        let mut prev = GENESIS.to_owned();
        let mut number = 0u64;
        while let Some(r) = rows.next()? {
            number += 1;
            let entry = entry_at(r, 0)?;
            let stored: Option<String> = r.get(4)?;
            let expected = chain(&prev, &entry);
            if stored.as_deref() != Some(expected.as_str()) {
                return Ok(AuditCheck::Broken {
                    number,
                    time: entry.time,
                });
            }
            prev = expected;
        }
        Ok(AuditCheck::Intact { entries: number })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_earlier_exports_recipient_is_read_from_its_detail() {
        assert_eq!(
            super::recipient_in(
                "csv /tmp/out to UNHCR (Almaty) (unhcr, age1xyz), encrypted: 3 records, 0 entries"
            ),
            Some("UNHCR (Almaty)")
        );
        assert_eq!(
            super::recipient_in("record 01ab to Migration police (age1xyz), encrypted, into the folder /tmp"),
            Some("Migration police")
        );
        assert_eq!(
            super::recipient_in("csv /tmp/out plaintext, own use: 3 records"),
            None
        );
    }

    use super::*;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::testing::with_profile(&mut store, "Нурлан");
        for i in 0..4 {
            store
                .audit("export-table", &format!("to UNHCR, {i} rows"))
                .unwrap();
        }
        store
    }

    #[test]
    fn the_trail_refuses_changes_and_removals_by_sql() {
        let store = store();
        for sql in [
            "UPDATE audit SET detail = 'nothing' WHERE rowid = 2",
            "DELETE FROM audit WHERE rowid = 2",
            "DELETE FROM audit",
        ] {
            let err = store.conn.execute(sql, []).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        assert_eq!(store.verify_audit().unwrap(), AuditCheck::Intact { entries: 4 });
    }

    #[test]
    fn a_changed_or_removed_entry_is_found_with_the_triggers_dropped() {
        for sql in [
            "UPDATE audit SET detail = 'to UNHCR, 0 rows' WHERE rowid = 3",
            "UPDATE audit SET author = 'someone else' WHERE rowid = 3",
            "DELETE FROM audit WHERE rowid = 2",
        ] {
            let store = store();
            store
                .conn
                .execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
                .unwrap();
            store.conn.execute(sql, []).unwrap();
            let found = store.verify_audit().unwrap();
            let expected = if sql.starts_with("DELETE") { 2 } else { 3 };
            assert!(
                matches!(found, AuditCheck::Broken { number, .. } if number == expected),
                "{sql}: {found:?}"
            );
        }
    }

    #[test]
    fn a_bundle_carries_the_newest_entries_chained_within_its_room() {
        let store = store();
        let long = "x".repeat(1000);
        for i in 0..600 {
            store.audit("records listed", &format!("{i} {long}")).unwrap();
        }
        let sent = store.audit_to_send().unwrap();
        let bytes: usize = sent.iter().map(|l| l.entry.detail.len() + 200).sum();
        assert!(bytes <= 256 << 10, "{bytes}");
        assert!(sent.len() > 100 && sent.len() <= MAX_AUDIT_SENT, "{}", sent.len());
        assert!(sent.iter().all(AuditLink::follows));
        assert!(sent.windows(2).all(|w| w[1].prev == w[0].hash));
        assert!(
            sent.last().unwrap().entry.detail.starts_with("599 "),
            "the newest last"
        );
    }

    #[test]
    fn since_keeps_the_later_entries() {
        let store = store();
        assert_eq!(store.audit_entries(None).unwrap().len(), 4);
        assert_eq!(store.audit_entries(Some("2999-01-01")).unwrap().len(), 0);
        assert_eq!(store.audit_entries(Some("2000-01-01")).unwrap().len(), 4);
    }
}
