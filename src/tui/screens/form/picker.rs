//! The option list under a field that takes options (a choice, yes/no, a
//! region, country or language): it opens when the worker types into the
//! field (or presses Enter), narrows with every key, and `Enter` takes the
//! highlighted option. Fields taking several options keep it open and
//! collect them, comma-separated.

use super::{FormScreen, field_at};
use crate::form::{Field, Form, Found, Offered, options};
use crate::i18n::Texts;
use crate::store::{Store, StoreError};
use crate::tui::action::Edit;
use chrono::NaiveDate;

/// Options shown at once under the field.
pub const PICKER_ROWS: usize = 6;

/// The options of a field that are shown, and which of them are taken
/// already (fields taking several).
#[derive(Debug)]
pub struct Shown<'o> {
    /// The options matching what is typed, best first.
    pub found: Vec<Found<'o>>,
    /// Index of the highlighted one in `found`.
    pub highlighted: usize,
    /// For each of `found`: already among the chosen ones.
    pub chosen: Vec<bool>,
}

impl FormScreen {
    /// The focused field, when it takes options.
    pub fn field_with_options<'f>(&self, form: &'f Form) -> Option<&'f Field> {
        let field = field_at(form, self.focus.as_deref()?)?;
        field.kind.offers_options().then_some(field)
    }

    /// What the list is filtered by: the input, or for fields taking
    /// several options the part after the last comma.
    fn filter_text<'s>(&'s self, form: &Form) -> (&'s str, &'s str) {
        let typed = self.input.value();
        let several = self.field_with_options(form).is_some_and(Form::takes_several);
        match typed.rfind([',', ';']).filter(|_| several) {
            Some(at) => (&typed[..at], &typed[at + 1..]),
            None => ("", typed),
        }
    }

    /// The options shown under the field, if the list is open.
    pub fn shown<'o>(&self, form: &Form, offered: &'o [Offered]) -> Option<Shown<'o>> {
        let highlighted = self.picker?;
        let (before, filter) = self.filter_text(form);
        let found = options::filter(offered, filter);
        let taken: Vec<&str> = before.split([',', ';']).map(str::trim).collect();
        let chosen = found
            .iter()
            .map(|f| taken.iter().any(|t| f.option.is_named(t)))
            .collect();
        Some(Shown {
            highlighted: highlighted.min(found.len().saturating_sub(1)),
            found,
            chosen,
        })
    }

    /// After an edit of the focused field: a field with options shows them.
    pub fn after_edit(&mut self, form: &Form, changed: bool) {
        if changed && self.field_with_options(form).is_some() {
            self.picker = Some(0);
        }
    }

    /// `Enter` on a field: opens its list; returns false when the field has
    /// none (the caller moves on to the next field instead).
    pub fn open_picker(&mut self, form: &Form) -> bool {
        if self.field_with_options(form).is_none() {
            return false;
        }
        self.picker.get_or_insert(0);
        true
    }

    /// Moves the highlight by `step` within the shown options.
    pub fn move_highlight(&mut self, form: &Form, texts: &Texts, step: isize) {
        let Some(field) = self.field_with_options(form) else {
            return;
        };
        let offered = form.options(field, texts);
        let Some(shown) = self.shown(form, &offered) else {
            return;
        };
        let last = shown.found.len().saturating_sub(1) as isize;
        self.picker = Some((shown.highlighted as isize + step).clamp(0, last) as usize);
    }

    /// Takes the highlighted option. Returns true when the field is done (a
    /// single option was taken and stored): the caller moves on.
    pub fn pick(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        today: NaiveDate,
    ) -> Result<bool, StoreError> {
        let Some(field) = self.field_with_options(form) else {
            return Ok(false);
        };
        let offered = form.options(field, texts);
        let Some(shown) = self.shown(form, &offered) else {
            return Ok(false);
        };
        let Some(found) = shown.found.get(shown.highlighted) else {
            return Ok(false);
        };
        let label = found.option.label.clone();
        let text = if Form::takes_several(field) {
            // Toggle it among the chosen ones; the list stays open for more.
            let (before, _) = self.filter_text(form);
            let mut chosen: Vec<String> = before
                .split([',', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            let was = chosen.len();
            chosen.retain(|t| !found.option.is_named(t));
            if chosen.len() == was {
                chosen.push(label);
            }
            let mut text = chosen.join(", ");
            text.push_str(", ");
            text
        } else {
            label
        };
        let several = Form::takes_several(field);
        self.replace_input(store, &text)?;
        if several {
            self.picker = Some(0);
            return Ok(false);
        }
        self.picker = None;
        self.commit(store, form, texts, today)
    }

    /// `Esc` in the list: closes it. A field taking several keeps the
    /// options chosen (stored; what was typed to find one more is
    /// dropped); any other field gets its stored value back.
    pub fn cancel_picker(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        self.picker = None;
        if self.dirty && self.field_with_options(form).is_some_and(Form::takes_several) {
            let (chosen, _) = self.filter_text(form);
            let chosen = chosen.to_owned();
            self.replace_input(store, &chosen)?;
            self.commit(store, form, texts, today)?;
            return Ok(());
        }
        if let Some(path) = self.focus.clone() {
            store.clear_draft(self.record, &path)?;
            self.focus_on(form, texts, Some(path));
        }
        Ok(())
    }

    /// Leaving a field with options: when what is typed matches exactly
    /// one option (`каз` → казахский), it is taken, as `Enter` would.
    pub fn take_single_match(&mut self, store: &Store, form: &Form, texts: &Texts) -> Result<(), StoreError> {
        let Some(field) = self.field_with_options(form) else {
            return Ok(());
        };
        if !self.dirty {
            return Ok(());
        }
        let offered = form.options(field, texts);
        let (before, filter) = self.filter_text(form);
        if filter.trim().is_empty() {
            return Ok(());
        }
        let found = options::filter(&offered, filter);
        let [only] = found.as_slice() else {
            return Ok(());
        };
        let label = only.option.label.clone();
        let text = if Form::takes_several(field) {
            let taken: Vec<&str> = before.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).collect();
            if taken.iter().any(|t| only.option.is_named(t)) {
                before.to_owned()
            } else {
                taken.into_iter().chain(std::iter::once(label.as_str())).collect::<Vec<_>>().join(", ")
            }
        } else {
            label
        };
        self.replace_input(store, &text)
    }

    /// Replaces what is typed (saved as a draft, like typing it).
    fn replace_input(&mut self, store: &Store, text: &str) -> Result<(), StoreError> {
        self.input.apply(Edit::Clear);
        for c in text.chars() {
            self.input.apply(Edit::Insert(c));
        }
        self.dirty = true;
        self.error = None;
        if let Some(path) = &self.focus {
            store.save_draft(self.record, path, self.input.value())?;
        }
        Ok(())
    }
}
