//! The intake form screen's state and its changes: sections, the focused
//! field and what is typed into it (saved as a draft on every key, turned
//! into an op when the field is left), relevance and validation after every
//! change, and Latin names filled in from the Cyrillic ones.

pub mod draw;
mod moves;
pub mod picker;
mod typing;

use crate::dedup::{Person, Prepared};
use crate::domain::RecordId;
use crate::form::{Field, Form, Issue, Kind, Level, Mode, Relevance, Values};
use crate::i18n::{Message, Texts};
use crate::store::{RecordQuery, RecordRow, Store, StoreError};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, CTRL, Mode as Keys, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Target, Transition, today};
use crate::tui::widgets::text_field::TextField;
use chrono::NaiveDate;
use draw::Spot;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 12] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-form-enter", false),
    bind(&[(KeyCode::Char('n'), CTRL)], "Ctrl-N", Action::AddEntry, "tui-key-add-entry", false),
    bind(&[(KeyCode::Char('d'), CTRL)], "Ctrl-D", Action::RemoveEntry, "tui-key-remove-entry", false),
    bind(&[(KeyCode::Char('o'), CTRL)], "Ctrl-O", Action::OpenSimilar, "tui-key-open-similar", false),
    bind(&[(KeyCode::Char('f'), CTRL)], "Ctrl-F", Action::OpenAttach, "tui-key-attach", false),
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::NextSection, "tui-key-next-section", true),
    bind(&[(KeyCode::PageUp, NONE)], "PgUp", Action::PrevSection, "tui-key-prev-section", false),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-save", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-form-back", true),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", true),
];

/// The keys while the option list under a field is open.
#[rustfmt::skip]
pub const PICKER_BINDINGS: [Binding; 9] = [
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-option-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-option-down", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Pick, "tui-key-pick", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::CancelPick, "tui-key-cancel-pick", true),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-next-field", false),
    bind(&[(KeyCode::BackTab, SHIFT)], "S-Tab", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::NextSection, "tui-key-next-section", false),
    bind(&[(KeyCode::Char('s'), CTRL)], "Ctrl-S", Action::Save, "tui-key-save", false),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", false),
];

/// The screen's keys.
pub const MODE: Keys = Keys {
    name: "form",
    bindings: &BINDINGS,
    types_text: true,
};

/// The keys while the option list under a field is open.
pub const PICKER_MODE: Keys = Keys {
    name: "picker",
    bindings: &PICKER_BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Keys; 2] = [MODE, PICKER_MODE];

/// The keys that apply now: the option list's while it is open.
pub fn mode(form: &FormScreen) -> Keys {
    if form.picker.is_some() { PICKER_MODE } else { MODE }
}

/// The form of one record.
#[derive(Debug)]
pub struct FormScreen {
    /// The record.
    pub record: RecordId,
    /// Its current values (read again after each commit).
    pub values: Values,
    /// The section shown.
    pub section: usize,
    /// The focused top-level field.
    pub focus: Option<String>,
    /// What is typed into the focused field.
    pub input: TextField,
    /// The input differs from the stored value.
    pub dirty: bool,
    /// Why the typed text cannot be stored.
    pub error: Option<Message>,
    /// Problems of the stored values.
    pub issues: Vec<Issue>,
    /// Problems once the intake counts as done (required fields left empty).
    pub missing: Vec<Issue>,
    /// Which fields are shown.
    pub relevance: Relevance,
    /// Other records that look like the same person (same folded names and
    /// birth year): the worker may open one instead of recording twice.
    pub similar: Vec<RecordRow>,
    /// A repeat-group entry added and not yet written: (group, entry id).
    pub pending: Option<(String, String)>,
    /// The focused field's option list is open, with this option highlighted.
    pub picker: Option<usize>,
    /// A record not stored yet: the values its form started with (the
    /// form's defaults, the profile's interviewer and organisation, today,
    /// the last place), written with its first typed value. Until then
    /// the record does not exist: leaving the form leaves nothing.
    pub unsaved: Option<Vec<(String, Value)>>,
    /// Fields holding a value the form filled in and the worker has not
    /// typed into: the first key typed there replaces it.
    pub prefilled: std::collections::BTreeSet<String>,
    /// A stored value just removed by leaving its field empty: said at
    /// the top of the form until the next key.
    pub emptied: Option<Message>,
}

/// The field definition behind a path: `id` or `group/entry/field`.
pub fn field_at<'f>(form: &'f Form, path: &str) -> Option<&'f Field> {
    form.field_at(path)
}

/// The text a value is shown and edited as, in the interface language.
pub fn display(form: &Form, texts: &Texts, field: Option<&Field>, value: Option<&Value>) -> String {
    form.display(texts, field, value)
}

impl FormScreen {
    /// Opens a record's form, restoring what was being typed into it.
    pub fn open(
        store: &Store,
        form: &Form,
        texts: &Texts,
        record: RecordId,
        today: NaiveDate,
    ) -> Result<Self, StoreError> {
        let (values, unsaved) = match store.record(record)? {
            Some(state) => (Values::from_record(&state), None),
            // A new record whose first value was still being typed when
            // the program stopped: its form again, filled in again.
            None if record.made_by(store.profile()?.device_id) && !store.drafts(record)?.is_empty() => {
                let first = prefill(store, form, today)?;
                (starting_values(&first), Some(first))
            }
            None => return Err(StoreError::NoRecord(record.to_string())),
        };
        Self::with_values(store, form, texts, record, today, values, unsaved)
    }

    /// The form of a new record, not stored until its first value is.
    pub fn new_record(store: &mut Store, form: &Form, texts: &Texts, today: NaiveDate) -> Result<Self, StoreError> {
        let record = store.new_record_id()?;
        let first = prefill(store, form, today)?;
        Self::with_values(store, form, texts, record, today, starting_values(&first), Some(first))
    }

    fn with_values(
        store: &Store,
        form: &Form,
        texts: &Texts,
        record: RecordId,
        today: NaiveDate,
        values: Values,
        unsaved: Option<Vec<(String, Value)>>,
    ) -> Result<Self, StoreError> {
        let mut screen = FormScreen {
            record,
            values,
            section: 0,
            focus: None,
            input: TextField::default(),
            dirty: false,
            error: None,
            issues: Vec::new(),
            missing: Vec::new(),
            relevance: Relevance::default(),
            similar: Vec::new(),
            pending: None,
            picker: None,
            prefilled: unsaved.iter().flatten().map(|(f, _)| f.clone()).collect(),
            emptied: None,
            unsaved,
        };
        screen.check(form, today);
        screen.look_for_similar(store)?;
        let draft = store.drafts(record)?.into_iter().last();
        match draft.filter(|d| field_at(form, &d.field).is_some()) {
            Some(d) => {
                let top = d.field.split('/').next().unwrap_or_default().to_owned();
                screen.section = form
                    .sections
                    .iter()
                    .position(|s| s.fields.iter().any(|f| f.id == top))
                    .unwrap_or(0);
                if let [group, entry, _] = d.field.split('/').collect::<Vec<_>>().as_slice()
                    && !screen.entries(group).contains(&entry.to_string())
                {
                    screen.pending = Some(((*group).to_owned(), (*entry).to_owned()));
                }
                screen.focus = Some(d.field);
                screen.input = TextField::from_text(&d.text);
                screen.dirty = true;
            }
            None => {
                screen.focus_first(form, texts);
            }
        }
        Ok(screen)
    }

    /// Finds records with the same surname and given name (folded across
    /// scripts) and the same birth year, once all three are known.
    fn look_for_similar(&mut self, store: &Store) -> Result<(), StoreError> {
        self.similar.clear();
        let text = |f: &str| self.values.get(f).and_then(Value::as_str).map(str::to_owned);
        let (Some(surname), Some(given), Some(_)) = (text("surname"), text("given_name"), text("birth_date"))
        else {
            return Ok(());
        };
        // Candidates: records whose names start like these (any script,
        // any order); the duplicate engine decides which look like the person.
        let start = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let rows = store.records(&RecordQuery {
            search: Some(format!("{} {}", start(&surname, 3), start(&given, 2))),
            limit: Some(200),
            offset: None,
            ..RecordQuery::default()
        })?;
        let this = Prepared::of(&Person::from_fields(self.record, text));
        let candidates = rows.len();
        let mut scored: Vec<(f64, RecordRow)> = rows
            .into_iter()
            .filter(|r| r.id != self.record)
            .filter_map(|r| {
                let other = Prepared::of(&Person::from_fields(r.id, |f| match f {
                    "surname" => r.surname.clone(),
                    "given_name" => r.given_name.clone(),
                    "patronymic" => r.patronymic.clone(),
                    "surname_latin" => r.surname_latin.clone(),
                    "given_name_latin" => r.given_name_latin.clone(),
                    "birth_date" => r.birth_date.clone(),
                    "sex" => r.sex.clone(),
                    _ => None,
                }));
                let (score, _) = crate::dedup::model::score_among(&this, &other, candidates);
                (score >= crate::dedup::DEFAULT_MIN_SCORE).then_some((score, r))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        self.similar = scored.into_iter().take(3).map(|(_, r)| r).collect();
        Ok(())
    }

    /// Recomputes relevance and issues from the stored values, and what a
    /// finished intake would still miss (for the section marks: once per
    /// change, not once per section and frame).
    fn check(&mut self, form: &Form, today: NaiveDate) {
        self.relevance = form.relevance(&self.values, today);
        self.issues = form.validate(&self.values, Mode::for_values(&self.values), today);
        self.missing = form.validate(&self.values, Mode::Complete, today);
    }

    /// Reads the record's values again after a write, and checks them.
    pub(super) fn reload(&mut self, store: &Store, form: &Form, today: NaiveDate) -> Result<(), StoreError> {
        let state = store
            .record(self.record)?
            .ok_or_else(|| StoreError::NoRecord(self.record.to_string()))?;
        self.values = Values::from_record(&state);
        self.check(form, today);
        self.look_for_similar(store)
    }

    /// The entry ids of a repeat group on screen: the stored ones, then
    /// one just added and not yet written.
    pub fn entries(&self, group: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .values
            .groups
            .get(group)
            .map(|entries| entries.iter().map(|e| e.id.clone()).collect())
            .unwrap_or_default();
        if let Some((g, id)) = &self.pending
            && g == group
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
        ids
    }

    /// The value at a path (`id` or `group/entry/field`).
    pub fn value_at(&self, path: &str) -> Option<&Value> {
        match path.split('/').collect::<Vec<_>>().as_slice() {
            [id] => self.values.get(id),
            [group, entry, field] => self
                .values
                .groups
                .get(*group)?
                .iter()
                .find(|e| e.id == *entry)?
                .values
                .get(*field)
                .filter(|v| !v.is_null()),
            _ => None,
        }
    }

    /// The paths of the current section that can take typing, in order:
    /// shown fields that are not calculated, and the shown fields of every
    /// entry of its repeat groups.
    pub fn focusable(&self, form: &Form) -> Vec<String> {
        let Some(section) = form.sections.get(self.section) else {
            return Vec::new();
        };
        let mut paths = Vec::new();
        for f in section
            .fields
            .iter()
            .filter(|f| self.relevance.shows(&f.id) && f.calculate.is_none())
        {
            if f.kind != Kind::Repeat {
                paths.push(f.id.clone());
                continue;
            }
            for entry in self.entries(&f.id) {
                for sub in &f.fields {
                    let path = format!("{}/{entry}/{}", f.id, sub.id);
                    if self.relevance.shows(&path) {
                        paths.push(path);
                    }
                }
            }
        }
        paths
    }

    /// Focuses the first field of the section shown.
    pub(super) fn focus_first(&mut self, form: &Form, texts: &Texts) {
        let first = self.focusable(form).into_iter().next();
        self.focus_on(form, texts, first);
    }

    /// Focuses a field, showing its stored value.
    pub(super) fn focus_on(&mut self, form: &Form, texts: &Texts, path: Option<String>) {
        let id = path;
        self.input = TextField::from_text(&display(
            form,
            texts,
            id.as_deref().and_then(|p| field_at(form, p)),
            id.as_deref().and_then(|p| self.value_at(p)),
        ));
        self.focus = id;
        self.dirty = false;
        self.error = None;
        self.picker = None;
    }

    /// The repeat-group entry the focus is in: (group, entry id).
    pub fn focused_entry(&self) -> Option<(String, String)> {
        match self.focus.as_deref()?.split('/').collect::<Vec<_>>().as_slice() {
            [group, entry, _] => Some(((*group).to_owned(), (*entry).to_owned())),
            _ => None,
        }
    }

    /// An entry as people name it: "Documents 2".
    pub fn place_of_entry(&self, form: &Form, texts: &Texts, group: &str, entry: &str) -> String {
        let label = form.field(group).map(|f| form.text(texts, &f.label)).unwrap_or_default();
        let n = self.entries(group).iter().position(|e| e == entry).map_or(0, |i| i + 1);
        format!("{label} {n}")
    }

    /// The issues of one top-level field (or group).
    pub fn issues_of(&self, id: &str) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(move |i| i.path == id || i.path.starts_with(&format!("{id}/")))
    }

    /// A section's mark: errors, or everything required filled in, or neither.
    pub fn section_mark(&self, form: &Form, index: usize) -> &'static str {
        let Some(section) = form.sections.get(index) else {
            return " ";
        };
        let shown: Vec<&str> = section
            .fields
            .iter()
            .filter(|f| self.relevance.shows(&f.id))
            .map(|f| f.id.as_str())
            .collect();
        if shown.is_empty() {
            return "–";
        }
        if shown
            .iter()
            .any(|id| self.issues_of(id).any(|i| i.level == Level::Error))
        {
            return "✗";
        }
        if self.missing.iter().any(|i| {
            shown
                .iter()
                .any(|id| i.path == *id || i.path.starts_with(&format!("{id}/")))
        }) {
            "·"
        } else {
            "✓"
        }
    }
}

/// The values a new record's form starts with: the form's defaults, the
/// interviewer and organisation of this laptop's profile, today's date
/// (the local one) as the interview's, and the oblast and district of the
/// last record made here. Each is editable; none is stored before the
/// record's first typed value.
pub fn prefill(store: &Store, form: &Form, today: NaiveDate) -> Result<Vec<(String, Value)>, StoreError> {
    let mut values: Vec<(String, Value)> = form.new_record_values().fields.into_iter().collect();
    let profile = store.profile()?;
    let mut offer = |id: &str, value: Value| {
        if form.fields().any(|f| f.id == id && f.calculate.is_none()) && !values.iter().any(|(f, _)| f == id) {
            values.push((id.to_owned(), value));
        }
    };
    // Typed values, as the field would take them typed (an over-long or
    // empty name is left for the worker to type).
    for (id, text) in [
        ("interviewer", profile.worker.clone()),
        ("organisation", profile.org.clone()),
        ("interview_date", today.format("%Y-%m-%d").to_string()),
    ] {
        if let Some(field) = form.field_at(id)
            && let Ok(Some(value)) = form.parse_input(field, &text, today)
        {
            offer(id, value);
        }
    }
    if let Some((oblast, district)) = store.last_place(profile.device_id)? {
        offer("oblast", oblast);
        if let Some(district) = district {
            offer("district", district);
        }
    }
    Ok(values)
}

/// The form's values of a record not stored yet.
fn starting_values(first: &[(String, Value)]) -> Values {
    let mut values = Values::default();
    values.fields.extend(first.iter().cloned());
    values
}

/// The form's actions; going back shows the record.
pub fn update(form: &mut FormScreen, ctx: &mut Context<'_>, action: Action) -> Transition {
    let texts = ctx.texts;
    let today = today();
    // A click reaches what the screen shows there (the status bar aside).
    let clicked = match action {
        Action::Click { column, row } => {
            let (width, height) = ctx.size;
            let area = ratatui::layout::Rect::new(0, 0, width, height.saturating_sub(1));
            draw::spot_at(&ctx.view(), form, area, column, row)
        }
        _ => None,
    };
    let definition = ctx.form;
    // An entry already stored is removed only after asking (one just
    // added and still empty goes at once).
    if action == Action::RemoveEntry
        && !ctx.confirmed
        && let Some(entry) = form.focused_entry()
        && form.pending.as_ref().is_none_or(|(_, e)| *e != entry.1)
    {
        let label = form.place_of_entry(definition, texts, &entry.0, &entry.1);
        return Transition::Ask {
            question: Message::new("tui-ask-remove-entry", vec![("entry", label.into())]),
            then: action,
        };
    }
    let Some(store) = ctx.store.as_deref_mut() else {
        return Transition::Stay;
    };
    let done = match action {
        Action::Edit(edit) => form.edit(store, definition, edit),
        Action::Submit if form.open_picker(definition) => Ok(()),
        Action::Submit => form.move_focus(store, definition, texts, 1, today),
        Action::Up | Action::Down => {
            form.move_highlight(definition, texts, if action == Action::Up { -1 } else { 1 });
            Ok(())
        }
        Action::Pick => match form.pick(store, definition, texts, today) {
            Ok(true) => form.move_focus(store, definition, texts, 1, today),
            other => other.map(drop),
        },
        Action::CancelPick => form.cancel_picker(store, definition, texts, today),
        Action::ScrollUp | Action::ScrollDown => {
            let step = if action == Action::ScrollUp { -1 } else { 1 };
            if form.picker.is_some() {
                form.move_highlight(definition, texts, step);
                Ok(())
            } else {
                form.move_focus(store, definition, texts, step, today)
            }
        }
        Action::Click { .. } => match clicked {
            Some(Spot::Section(index)) => form.show_section(store, definition, texts, index, today),
            Some(Spot::Field(path)) => form.focus_field(store, definition, texts, path, today),
            Some(Spot::Option(index)) => {
                form.picker = Some(index);
                match form.pick(store, definition, texts, today) {
                    Ok(true) => form.move_focus(store, definition, texts, 1, today),
                    other => other.map(drop),
                }
            }
            None => Ok(()),
        },
        Action::NextField | Action::PrevField => {
            let step = if action == Action::NextField { 1 } else { -1 };
            form.take_single_match(store, definition, texts)
                .and_then(|()| form.move_focus(store, definition, texts, step, today))
        }
        Action::NextSection => form.move_section(store, definition, texts, 1, today),
        Action::PrevSection => form.move_section(store, definition, texts, -1, today),
        Action::Save => form.commit(store, definition, texts, today).map(drop),
        Action::AddEntry => form.add_entry(store, definition, texts, today),
        Action::RemoveEntry => form.remove_entry(store, definition, texts, today),
        Action::OpenSimilar => {
            let Some(other) = form.similar.first().map(|r| r.id) else {
                return Transition::Stay;
            };
            if !matches!(form.commit(store, definition, texts, today), Ok(true)) {
                return Transition::Stay;
            }
            return Transition::Open(Target::Form(other));
        }
        Action::OpenAttach => {
            if !matches!(form.commit(store, definition, texts, today), Ok(true)) {
                return Transition::Stay;
            }
            if form.unsaved.is_some() {
                return Transition::Notice("tui-form-store-first");
            }
            return Transition::Open(Target::Paper(form.record, crate::tui::screens::paper::Task::Attach));
        }
        Action::Back => {
            // What cannot be stored yet stays a draft: nothing typed is lost.
            if form.commit(store, definition, texts, today).is_err() {
                ctx.notice = Some("tui-error-save");
            }
            // A record never stored: nothing to show, nothing left behind
            // but a draft that could not be stored (its form comes back).
            if form.unsaved.is_some() {
                return Transition::Open(Target::List);
            }
            return Transition::Open(Target::Record(form.record));
        }
        _ => Ok(()),
    };
    if done.is_err() {
        return Transition::Notice("tui-error-save");
    }
    Transition::Stay
}
