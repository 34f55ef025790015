//! The validation engine: reads typed input into stored values, decides
//! which fields are relevant, and checks a record against its form.
//!
//! Lenient readings, so that an unknown value never hides data or blocks
//! work by accident: a relevance expression that cannot be evaluated shows
//! the field; a requirement that cannot be evaluated does not require it; a
//! constraint or rule that cannot be evaluated passes. A hidden field counts
//! as empty for the expressions after it, is never required and is left out
//! of exports ([`Form::relevant_values`]).

use super::dates::PreciseDate;
use super::definition::{Field, Form, Kind, Level, Requirement};
use super::expr::{root_scope, to_cel};
use super::values;
use crate::domain::fold::to_latin;
use crate::domain::{FieldPath, RecordState, Status};
use crate::i18n::{Arg, Message};
use cel::Context;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One entry of a repeat group.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntryValues {
    /// The entry id as written in field paths.
    pub id: String,
    /// Field id → value.
    pub values: BTreeMap<String, Value>,
}

/// A record's values as the form sees them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    /// Top-level field id → value.
    pub fields: BTreeMap<String, Value>,
    /// Repeat group id → live entries in order.
    pub groups: BTreeMap<String, Vec<EntryValues>>,
}

impl Values {
    /// The current values of a record (removed entries left out).
    pub fn from_record(state: &RecordState) -> Values {
        let mut values = Values::default();
        let mut groups = BTreeSet::new();
        for (path, value) in state.current_values() {
            match FieldPath::parse(&path)
                .ok()
                .as_ref()
                .and_then(|p| p.split_entry())
            {
                Some((group, _, _)) => {
                    groups.insert(group.to_owned());
                }
                None => {
                    values.fields.insert(path, value);
                }
            }
        }
        for group in groups {
            let entries = state
                .entries(&group)
                .into_iter()
                .map(|e| EntryValues {
                    id: e.id.to_owned(),
                    values: e
                        .values
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v.clone()))
                        .collect(),
                })
                .collect();
            values.groups.insert(group, entries);
        }
        values
    }

    /// A top-level value, if set and not empty.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.fields.get(id).filter(|v| !is_empty(v))
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// How complete a record must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Still being filled in (`identified`): required fields may be empty.
    Draft,
    /// The intake is done: every required field must have a value.
    Complete,
}

impl Mode {
    /// Draft until the case has gone past `identified`.
    pub fn for_values(values: &Values) -> Mode {
        let status = values
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Status>().ok());
        match status {
            None | Some(Status::Identified) => Mode::Draft,
            Some(_) => Mode::Complete,
        }
    }
}

/// A problem found in a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// The field path (`surname`, `documents/<entry>/expiry_date`) or group id.
    pub path: String,
    /// What is wrong, in any language.
    pub message: Message,
    /// Error or warning.
    pub level: Level,
}

impl Issue {
    fn error(path: String, message: Message) -> Issue {
        Issue {
            path,
            message,
            level: Level::Error,
        }
    }
}

/// Which fields are shown for a record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relevance {
    /// Hidden top-level fields and groups, and hidden entry fields (`group/entry/field`).
    pub hidden: BTreeSet<String>,
}

impl Relevance {
    /// Whether the field at `path` is shown (an entry field is hidden with its group).
    pub fn shows(&self, path: &str) -> bool {
        let group = path.split('/').next().unwrap_or(path);
        !self.hidden.contains(path) && !self.hidden.contains(group)
    }
}

fn entry_map(group: &Field, entry: &EntryValues) -> Value {
    let mut map = Map::new();
    for f in &group.fields {
        map.insert(
            f.id.clone(),
            entry.values.get(&f.id).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(map)
}

/// The age in whole years a stored birth date gives, if it can be read.
pub fn age_of(birth: Option<&Value>, today: NaiveDate) -> Option<u32> {
    let date = PreciseDate::parse_stored(birth?.as_str()?, today)?;
    date.age_on(today)
}

/// What one pass over a record found: relevance, computed values, and the
/// variables expressions saw.
struct Pass {
    relevance: Relevance,
    issues: Vec<Issue>,
    /// Values of shown calculated fields.
    computed: BTreeMap<String, Value>,
}

impl Form {
    /// Which fields are shown for these values.
    pub fn relevance(&self, values: &Values, today: NaiveDate) -> Relevance {
        self.pass(values, None, today).relevance
    }

    /// Every problem in a record: values that do not fit their field,
    /// failed constraints and rules, and (in [`Mode::Complete`]) required
    /// fields left empty. Hidden fields are not checked.
    pub fn validate(&self, values: &Values, mode: Mode, today: NaiveDate) -> Vec<Issue> {
        self.pass(values, Some(mode), today).issues
    }

    /// Checks every value present against its field and its constraints,
    /// whatever the relevance (for lists imported before any interview).
    pub fn check_values(&self, values: &Values, today: NaiveDate) -> Vec<Issue> {
        self.checker(today).check_values(values)
    }

    /// A [`Checker`] for many records on one day.
    pub fn checker(&self, today: NaiveDate) -> Checker<'_> {
        let mut base = root_scope(today);
        base.add_variable_from_value("today", today.format("%Y-%m-%d").to_string());
        for field in self.fields() {
            let empty = if field.kind == Kind::Repeat {
                Value::Array(Vec::new())
            } else {
                Value::Null
            };
            base.add_variable_from_value(field.id.clone(), to_cel(&empty));
        }
        base.add_variable_from_value("age", to_cel(&Value::Null));
        Checker {
            form: self,
            today,
            base,
            fields: self
                .fields()
                .enumerate()
                .map(|(i, f)| (f.id.as_str(), (i, f)))
                .collect(),
        }
    }

    /// The values with hidden fields (and values of fields the form does
    /// not know) left out: what may leave the laptop in an export.
    pub fn relevant_values(&self, values: &Values, today: NaiveDate) -> Values {
        let Pass {
            relevance, computed, ..
        } = self.pass(values, None, today);
        let mut out = Values::default();
        for field in self.fields() {
            if !relevance.shows(&field.id) {
                continue;
            }
            if field.calculate.is_some() {
                if let Some(v) = computed.get(&field.id).filter(|v| !is_empty(v)) {
                    out.fields.insert(field.id.clone(), v.clone());
                }
                continue;
            }
            if field.kind == Kind::Repeat {
                let entries = values.groups.get(&field.id).map_or_else(Vec::new, |entries| {
                    entries
                        .iter()
                        .map(|e| EntryValues {
                            id: e.id.clone(),
                            values: e
                                .values
                                .iter()
                                .filter(|(k, _)| {
                                    field.field(k).is_some()
                                        && relevance.shows(&format!("{}/{}/{k}", field.id, e.id))
                                })
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                        })
                        .collect()
                });
                out.groups.insert(field.id.clone(), entries);
            } else if let Some(v) = values.get(&field.id) {
                out.fields.insert(field.id.clone(), v.clone());
            }
        }
        out
    }

    /// The values a new record starts with: the defaults of top-level fields.
    pub fn new_record_values(&self) -> Values {
        let mut values = Values::default();
        for field in self.fields() {
            if let Some(default) = &field.default {
                values.fields.insert(field.id.clone(), default.clone());
            }
        }
        values
    }

    /// Latin forms suggested for empty Latin-name fields, from the
    /// Cyrillic fields they name in `suggest-from`.
    pub fn latin_suggestions(&self, values: &Values, today: NaiveDate) -> Vec<(String, String)> {
        let relevance = self.relevance(values, today);
        self.fields()
            .filter(|f| values.get(&f.id).is_none() && relevance.shows(&f.id))
            .filter_map(|f| {
                let source = values.get(f.suggest_from.as_ref()?)?.as_str()?;
                let latin = suggest_latin(source);
                (!latin.is_empty() && values::check_latin_name(&latin).is_ok()).then(|| (f.id.clone(), latin))
            })
            .collect()
    }

    /// Whether the record's consent allows identifying data (the form's
    /// `consent` expression holds; a form without one always allows it).
    pub fn consented(&self, values: &Values, today: NaiveDate) -> bool {
        let ctx = self.scope(values, today);
        self.consent.as_ref().is_none_or(|c| c.truth(&ctx) == Some(true))
    }

    /// The values expressions see before relevance is applied.
    fn scope(&self, values: &Values, today: NaiveDate) -> Context<'static, 'static> {
        let mut ctx = root_scope(today);
        ctx.add_variable_from_value("today", today.format("%Y-%m-%d").to_string());
        self.add_values(&mut ctx, values, today);
        ctx
    }

    /// Every field's value (or null, or no entries) and the age they give,
    /// as variables of `ctx`.
    fn add_values(&self, ctx: &mut Context<'_, '_>, values: &Values, today: NaiveDate) {
        for field in self.fields() {
            let v = if field.kind == Kind::Repeat {
                let entries = values
                    .groups
                    .get(&field.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                Value::Array(entries.iter().map(|e| entry_map(field, e)).collect())
            } else {
                values.get(&field.id).cloned().unwrap_or(Value::Null)
            };
            ctx.add_variable_from_value(field.id.clone(), to_cel(&v));
        }
        let age = age_of(values.get("birth_date"), today).map_or(Value::Null, Value::from);
        ctx.add_variable_from_value("age", to_cel(&age));
    }

    fn check_one(
        &self,
        field: &Field,
        path: String,
        value: &Value,
        ctx: &Context<'_, '_>,
        today: NaiveDate,
        issues: &mut Vec<Issue>,
    ) {
        if let Err(e) = self.check_stored(field, value, today) {
            issues.push(Issue::error(path, e.message()));
            return;
        }
        let shown = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for c in &field.constraints {
            if c.check.truth(ctx) == Some(false) {
                issues.push(Issue {
                    path: path.clone(),
                    message: Message::new(c.message.clone(), vec![("value", Arg::from(shown.as_str()))]),
                    level: c.level,
                });
            }
        }
    }

    fn pass(&self, values: &Values, mode: Option<Mode>, today: NaiveDate) -> Pass {
        let mut ctx = self.scope(values, today);
        let mut relevance = Relevance::default();
        let mut issues = Vec::new();
        let mut computed = BTreeMap::new();
        let consent = self.consent.as_ref().is_none_or(|c| c.truth(&ctx) == Some(true));
        for section in &self.sections {
            let section_shown = section
                .relevant
                .as_ref()
                .is_none_or(|e| e.truth(&ctx) != Some(false));
            for field in &section.fields {
                if let Some(calc) = &field.calculate {
                    let v = calc.value(&ctx).unwrap_or(Value::Null);
                    ctx.add_variable_from_value(field.id.clone(), to_cel(&v));
                    computed.insert(field.id.clone(), v);
                }
                let shown = section_shown
                    && (consent || !field.identifying)
                    && field
                        .relevant
                        .as_ref()
                        .is_none_or(|e| e.truth(&ctx) != Some(false));
                if !shown {
                    relevance.hidden.insert(field.id.clone());
                    let empty = if field.kind == Kind::Repeat {
                        Value::Array(Vec::new())
                    } else {
                        Value::Null
                    };
                    ctx.add_variable_from_value(field.id.clone(), to_cel(&empty));
                    if field.id == "birth_date" {
                        ctx.add_variable_from_value("age", to_cel(&Value::Null));
                    }
                    continue;
                }
                if field.calculate.is_some() {
                    continue; // computed, never typed
                }
                if field.kind == Kind::Repeat {
                    let entries = values
                        .groups
                        .get(&field.id)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    self.pass_group(
                        field,
                        entries,
                        &ctx,
                        (mode, consent, today),
                        &mut relevance,
                        &mut issues,
                    );
                    // Later expressions see the entries without their hidden fields.
                    let shown: Vec<Value> = entries
                        .iter()
                        .map(|e| {
                            let mut map = entry_map(field, e);
                            if let Value::Object(m) = &mut map {
                                for (k, v) in m.iter_mut() {
                                    if !relevance.shows(&format!("{}/{}/{k}", field.id, e.id)) {
                                        *v = Value::Null;
                                    }
                                }
                            }
                            map
                        })
                        .collect();
                    ctx.add_variable_from_value(field.id.clone(), to_cel(&Value::Array(shown)));
                    continue;
                }
                let Some(mode) = mode else { continue };
                match values.get(&field.id) {
                    Some(v) => self.check_one(field, field.id.clone(), v, &ctx, today, &mut issues),
                    None if mode == Mode::Complete && required(field, &ctx) => {
                        issues.push(Issue::error(
                            field.id.clone(),
                            Message::new("err-required", vec![]),
                        ));
                    }
                    None => {}
                }
            }
        }
        if mode.is_some() {
            for rule in &self.rules {
                if relevance.shows(&rule.field) && rule.check.truth(&ctx) == Some(false) {
                    issues.push(Issue {
                        path: rule.field.clone(),
                        message: Message::new(rule.message.clone(), vec![]),
                        level: rule.level,
                    });
                }
            }
        }
        Pass {
            relevance,
            issues,
            computed,
        }
    }

    fn pass_group(
        &self,
        group: &Field,
        entries: &[EntryValues],
        ctx: &Context<'_, '_>,
        (mode, consent, today): (Option<Mode>, bool, NaiveDate),
        relevance: &mut Relevance,
        issues: &mut Vec<Issue>,
    ) {
        if let Some(mode) = mode {
            let min = group.min_entries.max(1);
            if mode == Mode::Complete && entries.len() < min && required(group, ctx) {
                issues.push(Issue::error(
                    group.id.clone(),
                    Message::new("err-entries-min", vec![("min", Arg::from(min))]),
                ));
            }
            if let Some(max) = group.max_entries.filter(|m| entries.len() > *m) {
                issues.push(Issue::error(
                    group.id.clone(),
                    Message::new("err-entries-max", vec![("max", Arg::from(max))]),
                ));
            }
        }
        for entry in entries {
            let mut scope = ctx.new_inner_scope();
            for f in &group.fields {
                let v = entry
                    .values
                    .get(&f.id)
                    .filter(|v| !is_empty(v))
                    .cloned()
                    .unwrap_or(Value::Null);
                scope.add_variable_from_value(f.id.clone(), to_cel(&v));
            }
            for f in &group.fields {
                let path = format!("{}/{}/{}", group.id, entry.id, f.id);
                if (f.identifying && !consent)
                    || f.relevant
                        .as_ref()
                        .is_some_and(|e| e.truth(&scope) == Some(false))
                {
                    relevance.hidden.insert(path);
                    scope.add_variable_from_value(f.id.clone(), to_cel(&Value::Null));
                    continue;
                }
                let Some(mode) = mode else { continue };
                match entry.values.get(&f.id).filter(|v| !is_empty(v)) {
                    Some(v) => self.check_one(f, path, v, &scope, today, issues),
                    None if mode == Mode::Complete && required(f, &scope) => {
                        issues.push(Issue::error(path, Message::new("err-required", vec![])));
                    }
                    None => {}
                }
            }
        }
    }
}

fn required(field: &Field, ctx: &Context<'_, '_>) -> bool {
    match &field.required {
        Requirement::Optional => false,
        Requirement::Always => true,
        Requirement::When(e) => e.truth(ctx) == Some(true),
    }
}

/// The Latin form (ICAO 9303 style) suggested for a name written in
/// Cyrillic: each word capitalised, the rest in lower case.
pub fn suggest_latin(name: &str) -> String {
    let latin = to_latin(name.trim());
    let mut out = String::with_capacity(latin.len());
    let mut start = true;
    for c in latin.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = matches!(c, ' ' | '-');
        }
    }
    out
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;

/// Checks the values of many records on one day (a referral list): the
/// form's functions and every field, empty, are set up once, and each
/// record adds only the values it has.
pub struct Checker<'f> {
    form: &'f Form,
    today: NaiveDate,
    base: Context<'static, 'static>,
    /// Each top-level field by id, with its place in the form.
    fields: std::collections::HashMap<&'f str, (usize, &'f Field)>,
}

impl Checker<'_> {
    /// [`Form::check_values`] for one record.
    pub fn check_values(&self, values: &Values) -> Vec<Issue> {
        let mut ctx = self.base.new_inner_scope();
        // The few values a record has, in the form's order.
        let mut present: Vec<(usize, &Field, &Value)> = values
            .fields
            .iter()
            .filter_map(|(id, v)| self.fields.get(id.as_str()).map(|&(i, f)| (i, f, v)))
            .collect();
        present.sort_by_key(|&(i, _, _)| i);
        for &(_, field, v) in &present {
            ctx.add_variable_from_value(field.id.clone(), to_cel(v));
        }
        for (id, entries) in &values.groups {
            if let Some(&(_, group)) = self
                .fields
                .get(id.as_str())
                .filter(|(_, f)| f.kind == Kind::Repeat)
            {
                let list = Value::Array(entries.iter().map(|e| entry_map(group, e)).collect());
                ctx.add_variable_from_value(group.id.clone(), to_cel(&list));
            }
        }
        if let Some(age) = age_of(values.get("birth_date"), self.today) {
            ctx.add_variable_from_value("age", to_cel(&Value::from(age)));
        }
        let mut issues = Vec::new();
        for (_, field, v) in present.into_iter().filter(|(_, f, _)| f.kind != Kind::Repeat) {
            self.form
                .check_one(field, field.id.clone(), v, &ctx, self.today, &mut issues);
        }
        issues
    }
}
