//! The record view: current values, where the case can move next,
//! fields in conflict with every candidate, and the audit trail.

pub mod draw;

use crate::domain::{FieldPath, RecordId, Status};
use crate::form::{Form, Level, Values};
use crate::i18n::Message;
use crate::store::{HistoryEntry, Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, CTRL, NONE, SHIFT, bind};
use crate::tui::screens::paper::Task;
use crate::tui::transition::{Context, Target, Transition};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

/// The screen's keys. The moves forward are `1` and `2` (there are never
/// more), closing is always `0`: a key never changes what it does.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 14] = [
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-edit", true),
    bind(&[(KeyCode::Char('d'), NONE)], "d", Action::OpenLetter, "tui-key-letter", true),
    bind(&[(KeyCode::Char('a'), NONE)], "a", Action::OpenAttach, "tui-key-attach", false),
    bind(&[(KeyCode::Char('c'), NONE)], "c", Action::OpenCopies, "tui-key-copies", false),
    bind(&[(KeyCode::Char('1'), NONE)], "1", Action::SetStatus(1), "tui-key-status", true),
    bind(&[(KeyCode::Char('2'), NONE)], "2", Action::SetStatus(2), "tui-key-status", false),
    bind(&[(KeyCode::Char('0'), NONE)], "0", Action::CloseCase, "tui-key-close-case", false),
    bind(&[(KeyCode::Char('u'), NONE)], "u", Action::UndoStatus, "tui-key-undo-status", false),
    bind(&[(KeyCode::Delete, NONE)], "Del", Action::DeleteRecord, "tui-key-delete-record", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-history-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-history-down", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
    bind(&[(KeyCode::Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "tui-key-redraw", false),
];

/// The keys while the reason for closing is chosen.
#[rustfmt::skip]
pub const CLOSING_BINDINGS: [Binding; 4] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑", Action::Up, "tui-key-option-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓", Action::Down, "tui-key-option-down", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Pick, "tui-key-close-with-reason", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::CancelPick, "tui-key-not-closed", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "record",
    bindings: &BINDINGS,
    types_text: false,
};

/// The keys while the reason for closing is chosen.
pub const CLOSING_MODE: Mode = Mode {
    name: "record-closing",
    bindings: &CLOSING_BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 2] = [MODE, CLOSING_MODE];

/// The keys that apply now.
pub fn mode(view: &RecordView) -> Mode {
    if view.closing.is_some() { CLOSING_MODE } else { MODE }
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
    /// The case is being closed: the highlighted reason (of the form's
    /// `closed_reason` list).
    pub closing: Option<usize>,
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
            closing: None,
        })
    }

    /// The moves forward from the case's status (keys `1`, `2`); closing
    /// is apart (key `0`).
    pub fn moves(&self) -> Vec<Status> {
        self.status.next().into_iter().filter(|s| *s != Status::Closed).collect()
    }

    /// The case's last status move that can be undone: the newest change
    /// of the status, from a single value before it (not a conflict, not
    /// the first status).
    pub fn last_move(&self) -> Option<(Status, Status)> {
        let last = self.history.iter().find(|h| h.field == "status")?;
        let [before] = last.old.as_slice() else { return None };
        let from: Status = before.as_str()?.parse().ok()?;
        let to: Status = last.new.as_str()?.parse().ok()?;
        // Back to closed is closing again, with its reason: `0`, not `u`.
        (to == self.status && from != to && from != Status::Closed).then_some((from, to))
    }

    /// Moves the case to `next` (one of [`Status::next`], or back where
    /// its last move came from), with a closing reason when it closes.
    pub fn set_status(&self, store: &mut Store, next: Status, reason: Option<&str>) -> Result<(), StoreError> {
        let undo = self.last_move().is_some_and(|(from, _)| from == next);
        if !self.status.next().contains(&next) && !undo {
            return Ok(());
        }
        let field = |f: &str| FieldPath::parse(f).map_err(|e| StoreError::Corrupt(e.to_string()));
        let mut writer = store.writer()?;
        writer.set(self.record, &field("status")?, Value::from(next.as_str()))?;
        if let Some(reason) = reason {
            writer.set(self.record, &field("closed_reason")?, Value::from(reason))?;
        } else if self.status == Status::Closed && undo {
            // Reopened: its closing reason no longer holds.
            writer.set(self.record, &field("closed_reason")?, Value::Null)?;
        }
        writer.commit()?;
        Ok(())
    }
}

/// The reasons a case can be closed for (the form's `closed_reason` list).
pub fn closing_reasons(form: &Form) -> Vec<String> {
    form.lists.get("closed_reason").cloned().unwrap_or_default()
}

/// A status in the interface language.
fn status_name(form: &Form, texts: &crate::i18n::Texts, status: Status) -> String {
    form.text(texts, &Form::choice_label("status", status.as_str()))
}

/// The record view's actions; a status move reads the record again.
pub fn update(view: &mut RecordView, ctx: &mut Context<'_>, action: Action) -> Transition {
    // Choosing why the case closes: the choice is the confirmation.
    if let Some(at) = view.closing {
        let reasons = closing_reasons(ctx.form);
        match action {
            Action::Up | Action::ScrollUp => view.closing = Some(at.saturating_sub(1)),
            Action::Down | Action::ScrollDown => {
                view.closing = Some((at + 1).min(reasons.len().saturating_sub(1)));
            }
            Action::CancelPick | Action::Back => view.closing = None,
            Action::Pick => {
                view.closing = None;
                if let Some(reason) = reasons.get(at) {
                    return moved(view, ctx, Status::Closed, Some(reason));
                }
            }
            _ => {}
        }
        return Transition::Stay;
    }
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
            let Some(next) = usize::from(n).checked_sub(1).and_then(|i| view.moves().get(i).copied()) else {
                return Transition::Stay;
            };
            if !ctx.confirmed {
                let form: &Form = ctx.form;
                return Transition::Ask {
                    question: Message::new(
                        "tui-ask-status",
                        vec![
                            ("from", status_name(form, ctx.texts, view.status).into()),
                            ("to", status_name(form, ctx.texts, next).into()),
                        ],
                    ),
                    then: action,
                };
            }
            return moved(view, ctx, next, None);
        }
        Action::CloseCase if view.status != Status::Closed => view.closing = Some(0),
        Action::UndoStatus => {
            let Some((from, to)) = view.last_move() else {
                return Transition::Notice("tui-record-nothing-to-undo");
            };
            if !ctx.confirmed {
                let form: &Form = ctx.form;
                return Transition::Ask {
                    question: Message::new(
                        "tui-ask-undo-status",
                        vec![
                            ("from", status_name(form, ctx.texts, to).into()),
                            ("to", status_name(form, ctx.texts, from).into()),
                        ],
                    ),
                    then: action,
                };
            }
            return moved(view, ctx, from, None);
        }
        Action::DeleteRecord => {
            if !ctx.confirmed {
                return Transition::Ask {
                    question: Message::new("tui-ask-delete-record", vec![]),
                    then: action,
                };
            }
            let Some(store) = ctx.store.as_deref_mut() else {
                return Transition::Stay;
            };
            let deleted = store.writer().and_then(|mut w| {
                w.delete_record(view.record)?;
                w.commit()
            });
            if deleted.is_err() {
                return Transition::Notice("tui-error-save");
            }
            let _ = store.audit("delete", &view.record.to_string());
            ctx.notice = Some("tui-done-record-deleted");
            return Transition::Back;
        }
        _ => {}
    }
    Transition::Stay
}

/// Writes a status move and shows the record again.
fn moved(view: &RecordView, ctx: &mut Context<'_>, next: Status, reason: Option<&str>) -> Transition {
    let Some(store) = ctx.store.as_deref_mut() else {
        return Transition::Stay;
    };
    if view.set_status(store, next, reason).is_err() {
        return Transition::Notice("tui-error-save");
    }
    Transition::Open(Target::Record(view.record))
}
