//! The record view's state: current values, where the case can move next,
//! fields in conflict with every candidate, and the audit trail.

use crate::domain::{FieldPath, RecordId, Status};
use crate::form::{Form, Level, Mode, Values};
use crate::store::{HistoryEntry, Store, StoreError};
use chrono::NaiveDate;
use serde_json::Value;

/// One record, read for showing.
#[derive(Debug)]
pub struct RecordView {
    /// The record.
    pub record: RecordId,
    /// Current values.
    pub values: Values,
    /// The case status.
    pub status: Status,
    /// Fields whose edits disagree: path and every candidate value.
    pub conflicts: Vec<(String, Vec<Value>)>,
    /// Every change, newest first.
    pub history: Vec<HistoryEntry>,
    /// Errors the form finds (at the status's completeness).
    pub errors: usize,
    /// First history line shown.
    pub scroll: usize,
}

impl RecordView {
    /// Reads a record.
    pub fn open(store: &Store, form: &Form, record: RecordId, today: NaiveDate) -> Result<Self, StoreError> {
        let state = store
            .record(record)?
            .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
        let values = Values::from_record(&state);
        let status = values
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .unwrap_or(Status::Identified);
        let conflicts = state
            .conflicts()
            .map(|(path, heads)| {
                let candidates = heads.candidates().into_iter().map(|h| h.value.clone()).collect();
                (path.to_string(), candidates)
            })
            .collect();
        let mut history = store.history(record)?;
        history.reverse();
        let errors = form
            .validate(&values, Mode::for_values(&values), today)
            .iter()
            .filter(|i| i.level == Level::Error)
            .count();
        Ok(RecordView {
            record,
            values,
            status,
            conflicts,
            history,
            errors,
            scroll: 0,
        })
    }

    /// Moves the case to `next` (one of [`Status::next`]) as an op.
    pub fn set_status(&self, store: &mut Store, next: Status) -> Result<(), StoreError> {
        if !self.status.next().contains(&next) {
            return Ok(());
        }
        let path = FieldPath::parse("status").map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut writer = store.writer()?;
        writer.set(self.record, &path, Value::from(next.as_str()))?;
        writer.commit()?;
        Ok(())
    }
}
