//! Drafts: the text of the field being typed, saved on every key (inside the
//! encrypted database, like everything else) and removed once it becomes an
//! op. After a crash the newest draft says which form and field to reopen.

use super::{Result, Store};
use crate::domain::RecordId;
use rusqlite::{OptionalExtension, params};

/// Text typed into a field and not yet committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The record.
    pub record: RecordId,
    /// The field path.
    pub field: String,
    /// What was typed.
    pub text: String,
}

impl Store {
    /// Saves (replaces) the draft of one field.
    pub fn save_draft(&self, record: RecordId, field: &str, text: &str) -> Result<()> {
        let now = chrono::Utc::now().timestamp_millis();
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (record, field, text, updated) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (record, field) DO UPDATE SET text = excluded.text, updated = excluded.updated",
            )?
            .execute(params![record.to_string(), field, text, now])?;
        Ok(())
    }

    /// Removes the draft of one field (it became an op, or was abandoned).
    pub fn clear_draft(&self, record: RecordId, field: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM drafts WHERE record = ?1 AND field = ?2")?
            .execute(params![record.to_string(), field])?;
        Ok(())
    }

    /// The most recently typed draft, if any (what to reopen after a crash).
    pub fn latest_draft(&self) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .prepare_cached("SELECT record, field, text FROM drafts ORDER BY updated DESC LIMIT 1")?
            .query_row([], |r| {
                Ok(Draft {
                    record: r.get(0)?,
                    field: r.get(1)?,
                    text: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// The drafts of one record.
    pub fn drafts(&self, record: RecordId) -> Result<Vec<Draft>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record, field, text FROM drafts WHERE record = ?1 ORDER BY updated")?;
        let rows = stmt.query_map([record.to_string()], |r| {
            Ok(Draft {
                record: r.get(0)?,
                field: r.get(1)?,
                text: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
