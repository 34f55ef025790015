//! The campaign's settings kept inside the encrypted database (the
//! retention period of closed cases …), and the closed cases the
//! retention rule reads.

use super::{Result, Store, peers};
use crate::domain::{Hlc, RecordId};
use rusqlite::{OptionalExtension as _, params};

/// Stores a setting's value on a connection (or inside a transaction).
pub(super) fn put(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

impl Store {
    /// A setting's stored value; `None`: the built-in default applies.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Stores a setting, with an audit entry saying what it became.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        put(&tx, key, value)?;
        peers::audit(&tx, "setting changed", &format!("{key} = {value}"))?;
        tx.commit()?;
        Ok(())
    }

    /// Every closed case that still holds identifying data (not deleted,
    /// not erased), with the time it was last said to be closed, passed to
    /// `each` one at a time.
    pub fn each_closed_case(&self, mut each: impl FnMut(RecordId, Hlc)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, max(o.hlc) FROM records r JOIN ops o ON o.record = r.num
             WHERE r.deleted = 0 AND r.status = 'closed'
               AND o.field = 'status' AND o.value = '\"closed\"'
               AND NOT EXISTS (SELECT 1 FROM ops e WHERE e.record = r.num
                               AND e.field = '_erased' AND e.value <> 'null')
             GROUP BY r.num",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: RecordId = row.get(0)?;
            let hlc: i64 = row.get(1)?;
            each(id, Hlc(u64::try_from(hlc).unwrap_or(0)));
        }
        Ok(())
    }
}
