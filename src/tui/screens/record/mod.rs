//! The record view: current values, where the case can move next,
//! fields in conflict with every candidate, and the audit trail.

pub mod draw;

use crate::domain::{FieldPath, RecordId, Status};
use crate::form::{Form, Level, Values};
use crate::store::{HistoryEntry, Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, CTRL, NONE, SHIFT, bind};
use crate::tui::screens::paper::Task;
use crate::tui::transition::{Context, Target, Transition};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 12] = [
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-edit", true),
    bind(&[(KeyCode::Char('d'), NONE)], "d", Action::OpenLetter, "tui-key-letter", true),
    bind(&[(KeyCode::Char('a'), NONE)], "a", Action::OpenAttach, "tui-key-attach", false),
    bind(&[(KeyCode::Char('c'), NONE)], "c", Action::OpenCopies, "tui-key-copies", false),
    bind(&[(KeyCode::Char('1'), NONE)], "1", Action::SetStatus(1), "tui-key-status", true),
    bind(&[(KeyCode::Char('2'), NONE)], "2", Action::SetStatus(2), "tui-key-status", false),
    bind(&[(KeyCode::Char('3'), NONE)], "3", Action::SetStatus(3), "tui-key-status", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-history-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-history-down", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
    bind(&[(KeyCode::Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "tui-key-redraw", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "record",
    bindings: &BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &RecordView) -> Mode {
    MODE
}

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
    /// Who gave this record to this laptop's caseload, and when (UTC day).
    pub assigned: Option<(String, String)>,
    /// The attachments, oldest first.
    pub attachments: Vec<crate::attach::Listed>,
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
        // Given to this laptop (and not taken back): by whom, when.
        let grant = crate::domain::FieldPath::grant(store.profile()?.device_id).to_string();
        let assigned = (state.value(&grant) == Some(&Value::Bool(true)))
            .then(|| history.iter().find(|h| h.field == grant && h.new == Value::Bool(true)))
            .flatten()
            .map(|h| (h.author.clone(), h.hlc.to_utc().format("%Y-%m-%d").to_string()));
        let errors = form
            .validate(&values, crate::form::Mode::for_values(&values), today)
            .iter()
            .filter(|i| i.level == Level::Error)
            .count();
        let attachments = crate::attach::list(&state);
        Ok(RecordView {
            attachments,
            record,
            values,
            status,
            conflicts,
            history,
            errors,
            scroll: 0,
            assigned,
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

/// The record view's actions; a status move reads the record again.
pub fn update(view: &mut RecordView, ctx: &mut Context<'_>, action: Action) -> Transition {
    match action {
        Action::Back => return Transition::Back,
        Action::EditRecord => return Transition::Open(Target::Form(view.record)),
        Action::OpenAttach => return Transition::Open(Target::Paper(view.record, Task::Attach)),
        Action::OpenCopies => return Transition::Open(Target::Paper(view.record, Task::Copies)),
        Action::OpenLetter => return Transition::Open(Target::Paper(view.record, Task::Letter)),
        Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            view.scroll = (view.scroll + 1).min(view.history.len().saturating_sub(1))
        }
        Action::SetStatus(n) => {
            let next = usize::from(n)
                .checked_sub(1)
                .and_then(|i| view.status.next().get(i).copied());
            let (Some(next), Some(store)) = (next, ctx.store.as_deref_mut()) else {
                return Transition::Stay;
            };
            if view.set_status(store, next).is_err() {
                return Transition::Notice("tui-error-save");
            }
            return Transition::Open(Target::Record(view.record));
        }
        _ => {}
    }
    Transition::Stay
}
