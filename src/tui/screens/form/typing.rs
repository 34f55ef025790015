//! What is typed into the focused field: every key saved as a draft (a
//! crash loses nothing), and the field turned into an op when it is left.

use super::{FormScreen, display, field_at};
use crate::domain::FieldPath;
use crate::form::{Form, suggest_latin};
use crate::i18n::Texts;
use crate::store::{Store, StoreError};
use crate::tui::action::Edit;
use chrono::NaiveDate;
use serde_json::Value;
use crate::tui::widgets::text_field::TextField;

impl FormScreen {
    /// Applies a key to the focused field and saves the draft; a field with
    /// options shows those matching what is typed.
    pub fn edit(&mut self, store: &Store, form: &Form, edit: Edit) -> Result<(), StoreError> {
        // Typing into a field with options starts a new search of them; in
        // one taking several, after the options already chosen.
        if let Some(field) = self.field_with_options(form)
            && !self.dirty
            && matches!(edit, Edit::Insert(_))
        {
            if Form::takes_several(field) && !self.input.value().trim().is_empty() {
                for key in [Edit::End, Edit::Insert(','), Edit::Insert(' ')] {
                    self.input.apply(key);
                }
            } else {
                self.input.apply(Edit::Clear);
            }
        }
        // A value the form filled in is typed over, not onto.
        if let Some(focus) = &self.focus
            && matches!(edit, Edit::Insert(_))
            && self.prefilled.remove(focus)
            && !self.dirty
        {
            self.input.apply(Edit::Clear);
        }
        if let Some(focus) = &self.focus
            && !matches!(edit, Edit::Insert(_))
        {
            // Moved within it or deleted from it: edited, not typed over.
            self.prefilled.remove(focus);
        }
        self.emptied = None;
        let Some(field) = &self.focus else { return Ok(()) };
        let changed = self.input.apply(edit);
        if changed {
            self.dirty = true;
            self.error = None;
            store.save_draft(self.record, field, self.input.value())?;
        }
        self.after_edit(form, changed);
        Ok(())
    }

    /// Stores what was typed into the focused field (an op), if it changed
    /// and reads as a value of the field; returns false when it does not
    /// (the message says why, and the draft is kept).
    pub fn commit(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        today: NaiveDate,
    ) -> Result<bool, StoreError> {
        let Some(id) = self.focus.clone() else {
            return Ok(true);
        };
        if !self.dirty {
            store.clear_draft(self.record, &id)?;
            return Ok(true);
        }
        let Some(field) = field_at(form, &id) else {
            return Ok(true);
        };
        let value = match form.parse_input(field, self.input.value(), today) {
            Ok(v) => v,
            Err(e) => {
                self.error = Some(e.message());
                return Ok(false);
            }
        };
        // Left empty over a stored value: the value goes, and that is said.
        let emptied = match (&value, self.value_at(&id)) {
            (None, Some(old)) => Some(crate::i18n::Message::new(
                "tui-form-emptied",
                vec![
                    ("field", form.place(texts, &id, |_, _| None).into()),
                    ("was", display(form, texts, Some(field), Some(old)).into()),
                ],
            )),
            _ => None,
        };
        let path = FieldPath::parse(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut writes = vec![(path, value.clone().unwrap_or(Value::Null))];
        // A Latin name is offered from the Cyrillic one, and stays editable.
        if let Some(Value::String(written)) = value.as_ref().filter(|_| !id.contains('/')) {
            for target in form
                .fields()
                .filter(|f| f.suggest_from.as_deref() == Some(id.as_str()))
            {
                let latin = suggest_latin(written);
                if self.values.get(&target.id).is_none()
                    && crate::form::values::check_latin_name(&latin).is_ok()
                {
                    let target_path =
                        FieldPath::parse(&target.id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    writes.push((target_path, Value::String(latin)));
                }
            }
        }
        // A request's sent date, typed the first time, starts the wait
        // for its reply (a consulate's: the six months), as `intake
        // request-sent` does; a correction of it changes only itself.
        if let Some(("requests", entry, "sent_date")) = writes[0].0.split_entry()
            && let Some(day) = value
                .as_ref()
                .and_then(Value::as_str)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            && let Some(state) = store.record(self.record)?
            && state.value(&format!("requests/{entry}/sent_date")).is_none()
            && state.value(&format!("requests/{entry}/reply_date")).is_none()
        {
            let awaited = |to: &str| crate::documents::reply_awaited(form, texts, to);
            match crate::documents::sent_writes(&state, entry, day, &awaited) {
                Ok(more) => {
                    let typed = writes[0].0.clone();
                    writes.extend(more.into_iter().filter(|(p, _)| *p != typed));
                }
                Err(crate::documents::DocumentError::Store(e)) => return Err(e),
                Err(e) => {
                    self.error = e.message(self.record);
                    return Ok(false);
                }
            }
        }
        let mut writer = store.writer()?;
        // A new record exists from its first value, with the values its
        // form started with (those the worker did not type over).
        if let Some(first) = &self.unsaved {
            writer.create_record_as(self.record)?;
            for (field, v) in first {
                let path = FieldPath::parse(field).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                if !writes.iter().any(|(p, _)| *p == path) {
                    writer.set(self.record, &path, v.clone())?;
                }
            }
        }
        for (path, v) in writes {
            writer.set(self.record, &path, v)?;
        }
        writer.commit()?;
        self.unsaved = None;
        self.emptied = emptied;
        store.clear_draft(self.record, &id)?;
        self.reload(store, form, today)?;
        self.dirty = false;
        self.picker = None;
        if self.pending.as_ref().is_some_and(|(g, e)| {
            self.values
                .groups
                .get(g)
                .is_some_and(|entries| entries.iter().any(|x| &x.id == e))
        }) {
            self.pending = None;
        }
        self.input = TextField::from_text(&display(form, texts, field_at(form, &id), self.value_at(&id)));
        Ok(true)
    }
}
