//! Moving through the intake form: field to field and section to section
//! (each move stores the field left first), and adding and removing
//! repeat-group entries.

use super::FormScreen;
use crate::domain::FieldPath;
use crate::form::{Form, Kind};
use crate::i18n::Texts;
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde_json::Value;

impl FormScreen {
    /// Moves the focus by `step` fields (committing first); past the last
    /// field of a section, on to the next section.
    pub fn move_focus(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        step: isize,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        if !self.commit(store, form, texts, today)? {
            return Ok(());
        }
        let fields = self.focusable(form);
        let at = self
            .focus
            .as_ref()
            .and_then(|f| fields.iter().position(|x| x == f));
        let next = match at {
            Some(i) => i as isize + step,
            None => 0,
        };
        if next < 0 || next >= fields.len() as isize {
            self.turn_section(form, texts, step.signum(), step < 0);
        } else {
            self.focus_on(form, texts, fields.get(next as usize).cloned());
        }
        Ok(())
    }

    /// Shows the section `step` away, focused on its first field (or its last).
    fn turn_section(&mut self, form: &Form, texts: &Texts, step: isize, at_last: bool) {
        let sections = form.sections.len() as isize;
        self.section = (self.section as isize + step).rem_euclid(sections.max(1)) as usize;
        let fields = self.focusable(form);
        let pick = if at_last { fields.last() } else { fields.first() };
        self.focus_on(form, texts, pick.cloned());
    }

    /// Adds an entry to the repeat group the focus is in (or the section's
    /// first group) and focuses its first field; it is written when a value is.
    pub fn add_entry(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        if !self.commit(store, form, texts, today)? {
            return Ok(());
        }
        let in_group = self
            .focus
            .as_deref()
            .filter(|p| p.contains('/'))
            .and_then(|p| p.split('/').next());
        let group = in_group.map(str::to_owned).or_else(|| {
            form.sections
                .get(self.section)?
                .fields
                .iter()
                .find(|f| f.kind == Kind::Repeat && self.relevance.shows(&f.id))
                .map(|f| f.id.clone())
        });
        let Some(group) = group else { return Ok(()) };
        let entry = crate::domain::EntryId::new().to_string();
        self.pending = Some((group.clone(), entry.clone()));
        let first = self
            .focusable(form)
            .into_iter()
            .find(|p| p.starts_with(&format!("{group}/{entry}/")));
        self.focus_on(form, texts, first);
        Ok(())
    }

    /// Removes the entry the focus is in (its history stays in the log).
    pub fn remove_entry(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let Some([group, entry, _]) = self
            .focus
            .as_deref()
            .map(|p| p.split('/').collect::<Vec<_>>())
            .and_then(|v| <[&str; 3]>::try_from(v).ok())
        else {
            return Ok(());
        };
        let (group, entry) = (group.to_owned(), entry.to_owned());
        store.clear_draft(self.record, self.focus.as_deref().unwrap_or_default())?;
        if self
            .pending
            .as_ref()
            .is_some_and(|(g, e)| *g == group && *e == entry)
        {
            self.pending = None;
        } else {
            let path = FieldPath::parse(&format!("{group}/{entry}/{}", FieldPath::DELETED))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let mut writer = store.writer()?;
            writer.set(self.record, &path, Value::Bool(true))?;
            writer.commit()?;
            self.reload(store, form, today)?;
        }
        self.focus_first(form, texts);
        Ok(())
    }

    /// Shows section `index` (committing first), focused on its first field.
    pub fn show_section(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        index: usize,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        if index < form.sections.len() && self.commit(store, form, texts, today)? {
            self.section = index;
            self.focus_first(form, texts);
        }
        Ok(())
    }

    /// Focuses the field at `path` (committing the one left first).
    pub fn focus_field(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        path: String,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        if self.focus.as_deref() == Some(path.as_str()) {
            return Ok(());
        }
        if self.commit(store, form, texts, today)? && self.focusable(form).contains(&path) {
            self.focus_on(form, texts, Some(path));
        }
        Ok(())
    }

    /// Shows the next or previous section (committing first).
    pub fn move_section(
        &mut self,
        store: &mut Store,
        form: &Form,
        texts: &Texts,
        step: isize,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        if self.commit(store, form, texts, today)? {
            self.turn_section(form, texts, step, false);
        }
        Ok(())
    }
}
