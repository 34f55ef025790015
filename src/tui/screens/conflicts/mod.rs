//! The conflicts screen: every field that laptops edited differently,
//! with each candidate; the chosen one settles the field.

pub mod draw;

use crate::domain::{DeviceId, FieldPath, RecordId};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Target, Transition};
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 8] = [
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Right, NONE), (KeyCode::Tab, NONE)], "→ Tab", Action::NextField, "tui-key-candidate-next", true),
    bind(&[(KeyCode::Left, NONE), (KeyCode::BackTab, SHIFT)], "←", Action::PrevField, "tui-key-candidate-prev", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-resolve", true),
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-resolve-edit", true),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "conflicts",
    bindings: &BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &ConflictsView) -> Mode {
    MODE
}

/// One field in conflict.
#[derive(Clone, Debug)]
pub struct ConflictEntry {
    /// The record.
    pub record: RecordId,
    /// Its name, for people.
    pub name: String,
    /// The field.
    pub field: String,
    /// A candidate came from a clock far ahead (it would win by its clock alone).
    pub ahead: bool,
    /// Each candidate.
    pub candidates: Vec<Candidate>,
}

/// One candidate value of a field in conflict.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The field it was written to (for a deletion that missed edits, an
    /// edit's own field).
    pub field: String,
    /// The value.
    pub value: Value,
    /// Who wrote it.
    pub author: String,
    /// On which device.
    pub device: DeviceId,
    /// When (UTC).
    pub time: String,
}

/// The conflicts screen.
#[derive(Debug, Default)]
pub struct ConflictsView {
    /// Every field in conflict.
    pub entries: Vec<ConflictEntry>,
    /// The highlighted entry.
    pub selected: usize,
    /// The highlighted candidate of it.
    pub candidate: usize,
}

impl ConflictsView {
    /// Reads every field in conflict.
    pub fn open(store: &Store) -> Result<ConflictsView, crate::store::StoreError> {
        let mut entries = Vec::new();
        for state in store.conflicted()? {
            let name = ["surname", "given_name", "patronymic"]
                .iter()
                .filter_map(|f| state.text(f))
                .collect::<Vec<_>>()
                .join(" ");
            let believable = crate::domain::Hlc::believable_at(crate::domain::Hlc::now_millis());
            for d in state.disagreements_at(believable) {
                entries.push(ConflictEntry {
                    record: state.id,
                    name: crate::domain::visible::visible(&name).into_owned(),
                    field: d.field.to_string(),
                    ahead: d.ahead,
                    candidates: d
                        .candidates
                        .iter()
                        .map(|(field, h)| Candidate {
                            field: field.to_string(),
                            value: h.value.clone(),
                            author: h.author.clone(),
                            device: h.dot.device,
                            time: h.hlc.to_utc().format("%Y-%m-%d %H:%M").to_string(),
                        })
                        .collect(),
                });
            }
        }
        Ok(ConflictsView {
            entries,
            selected: 0,
            candidate: 0,
        })
    }
}

/// The conflicts screen's actions: the chosen candidate settles the field.
pub fn update(view: &mut ConflictsView, ctx: &mut Context<'_>, action: Action) -> Transition {
    match action {
        Action::Back => return Transition::Back,
        Action::Up => {
            view.selected = view.selected.saturating_sub(1);
            view.candidate = 0;
        }
        Action::Down => {
            view.selected = (view.selected + 1).min(view.entries.len().saturating_sub(1));
            view.candidate = 0;
        }
        Action::PrevField | Action::NextField => {
            let n = view
                .entries
                .get(view.selected)
                .map_or(1, |e| e.candidates.len().max(1));
            view.candidate = if action == Action::NextField {
                (view.candidate + 1) % n
            } else {
                (view.candidate + n - 1) % n
            };
        }
        Action::EditRecord => {
            if let Some(entry) = view.entries.get(view.selected) {
                return Transition::Open(Target::Form(entry.record));
            }
        }
        Action::Submit => {
            let Some(entry) = view.entries.get(view.selected) else {
                return Transition::Stay;
            };
            let Some(candidate) = entry.candidates.get(view.candidate).cloned() else {
                return Transition::Stay;
            };
            if !ctx.confirmed {
                let form: &crate::form::Form = ctx.form;
                let field = form.place(ctx.texts, &entry.field, |_, _| None);
                let value = form.display(ctx.texts, form.field_at(&candidate.field), Some(&candidate.value));
                let value = if value.is_empty() { candidate.value.to_string() } else { value };
                return Transition::Ask {
                    question: crate::i18n::Message::new(
                        "tui-ask-resolve",
                        vec![
                            ("field", crate::domain::visible::visible(&field).into_owned().into()),
                            ("value", crate::domain::visible::visible(&value).into_owned().into()),
                            ("who", crate::domain::visible::visible(&candidate.author).into_owned().into()),
                        ],
                    ),
                    then: action,
                };
            }
            let Some(store) = ctx.store.as_deref_mut() else {
                return Transition::Stay;
            };
            let written = (|| {
                let path = FieldPath::parse(&entry.field)
                    .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
                let mut w = store.writer()?;
                if entry.field != FieldPath::DELETED {
                    w.set(entry.record, &path, candidate.value)?;
                } else if candidate.field == FieldPath::DELETED {
                    // The deletion wins: deleted again, having seen every edit.
                    w.delete_record(entry.record)?;
                } else {
                    // An edit wins: the record is kept.
                    w.set(entry.record, &path, Value::Bool(false))?;
                }
                w.commit()?;
                store.audit("resolve", &format!("{} {}", entry.record, entry.field))?;
                ConflictsView::open(store)
            })();
            match written {
                Ok(mut fresh) => {
                    fresh.selected = view.selected.min(fresh.entries.len().saturating_sub(1));
                    *view = fresh;
                }
                Err(_) => return Transition::Notice("tui-error-save"),
            }
        }
        _ => {}
    }
    Transition::Stay
}
