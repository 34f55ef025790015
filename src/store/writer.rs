//! Local edits: a [`Writer`] turns this worker's changes into ops with
//! the next sequence numbers and clock, applied like any other op and
//! written in one transaction on `commit`.

use super::oplog::{Applier, ApplySummary, to_i64};
use super::{Result, Store, StoreError};
use crate::domain::{DeviceId, Dot, EntryId, FieldPath, Hlc, Op, RecordId, RecordState};
use rusqlite::params;
use serde_json::Value;

impl Store {
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
        })
    }
}

/// A batch of local edits, written as ops in one transaction on `commit`.
/// Dropping it without `commit` writes nothing.
pub struct Writer<'s> {
    a: Applier<'s>,
    device: DeviceId,
    author: String,
    next_seq: u64,
    hlc: Hlc,
}

impl Writer<'_> {
    /// A new, still empty record; it exists in the log from its first field.
    pub fn create_record(&mut self) -> Result<RecordId> {
        let id = RecordId::new();
        self.a.record(id, true)?;
        Ok(id)
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
        let parents = match cached.state.heads(field.as_str()) {
            Some(h) if !h.is_conflict() && h.value() == Some(&value) => return Ok(None),
            Some(h) => h.dots(),
            None if value.is_null() => return Ok(None),
            None => Vec::new(),
        };
        let dot = Dot::new(self.device, self.next_seq);
        self.next_seq += 1;
        self.hlc = self.hlc.tick(Hlc::now_millis());
        let op = Op {
            dot,
            record,
            field: field.clone(),
            value,
            parents,
            hlc: self.hlc,
            author: self.author.clone(),
        };
        self.a.apply(&op)?;
        Ok(Some(dot))
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

    /// Ops written so far in this batch.
    pub fn ops_written(&self) -> u64 {
        self.a.summary.new_ops
    }

    /// Writes the records and the clock, and commits.
    pub fn commit(mut self) -> Result<ApplySummary> {
        self.a.flush()?;
        self.a.tx.execute(
            "UPDATE profile SET next_seq = ?1, hlc = ?2",
            params![
                to_i64(self.next_seq, "sequence number")?,
                to_i64(self.hlc.0, "clock value")?
            ],
        )?;
        self.a.commit()
    }
}
