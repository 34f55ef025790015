//! The checks a form definition must pass before it is used: unique ids,
//! expressions naming only fields that exist, every label and message in
//! every language, choice lists and defaults that fit, and the fields the
//! rest of the program relies on.

use super::definition::{Field, Form, Kind, Requirement};
use super::expr::{BUILTINS, Expr, FUNCTIONS, Reference};
use super::problems::Reader;
use crate::domain::Status;
use crate::i18n::{Arg, Lang};
use std::collections::{BTreeMap, BTreeSet};

/// Fields other parts of the program read or write by id (the referral
/// import, search, the case list), with the kind each must have.
pub const REQUIRED_FIELDS: [(&str, Kind); 17] = [
    ("reference", Kind::Text),
    ("surname", Kind::Name),
    ("given_name", Kind::Name),
    ("patronymic", Kind::Name),
    ("surname_latin", Kind::Name),
    ("given_name_latin", Kind::Name),
    ("sex", Kind::Choice),
    ("birth_date", Kind::Date),
    ("birth_place", Kind::Text),
    ("iin", Kind::Iin),
    ("mother_name", Kind::Name),
    ("father_name", Kind::Name),
    ("oblast", Kind::Region),
    ("district", Kind::Text),
    ("settlement", Kind::Text),
    ("phone", Kind::Phone),
    ("status", Kind::Choice),
];

/// CEL's own functions and macros that forms may call.
const CEL_FUNCTIONS: [&str; 18] = [
    "size",
    "matches",
    "startsWith",
    "endsWith",
    "contains",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "has",
    "all",
    "exists",
    "exists_one",
    "map",
    "filter",
    "dyn",
    "type",
];

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Runs every check, adding problems to `reader`.
pub(super) fn check(
    reader: &mut Reader<'_>,
    form: &Form,
    section_lines: &[usize],
    list_lines: &BTreeMap<String, usize>,
    rule_lines: &[usize],
) {
    let mut keys: Vec<(String, usize)> = vec![(form.title.clone(), 1)];
    // Sections.
    let mut section_ids = BTreeSet::new();
    for (section, line) in form.sections.iter().zip(section_lines) {
        if !section_ids.insert(section.id.as_str()) {
            reader.error(
                *line,
                "form-err-duplicate",
                vec![("id", Arg::from(section.id.as_str()))],
            );
        }
        keys.push((section.label.clone(), *line));
    }
    // Choice lists.
    for (id, values) in &form.lists {
        let line = list_lines.get(id).copied().unwrap_or(1);
        if values.is_empty() {
            reader.error(line, "form-err-empty-list", vec![("id", Arg::from(id.as_str()))]);
        }
        let mut seen = BTreeSet::new();
        for v in values {
            if !is_id(v) {
                reader.error(line, "form-err-id", vec![("id", Arg::from(v.as_str()))]);
            }
            if !seen.insert(v) {
                reader.error(line, "form-err-duplicate", vec![("id", Arg::from(v.as_str()))]);
            }
            keys.push((Form::choice_label(id, v), line));
        }
    }
    // Top-level fields: unique ids across the whole form.
    let mut top: BTreeMap<&str, &Field> = BTreeMap::new();
    for f in form.fields() {
        if top.insert(f.id.as_str(), f).is_some() {
            reader.error(
                f.line,
                "form-err-duplicate",
                vec![("id", Arg::from(f.id.as_str()))],
            );
        }
    }
    for f in form.fields() {
        check_field(reader, form, f, None, &top, &mut keys);
    }
    // Expressions of sections and of the form.
    for (section, line) in form.sections.iter().zip(section_lines) {
        if let Some(e) = &section.relevant {
            check_expr(reader, e, *line, None, &top);
        }
    }
    if let Some(e) = &form.consent {
        check_expr(reader, e, 1, None, &top);
    }
    for (rule, line) in form.rules.iter().zip(rule_lines) {
        check_expr(reader, &rule.check, *line, None, &top);
        keys.push((rule.message.clone(), *line));
        if !top.contains_key(rule.field.as_str()) {
            reader.error(
                *line,
                "form-err-unknown-field",
                vec![("id", Arg::from(rule.field.as_str()))],
            );
        }
    }
    // The fields the program relies on.
    for (id, kind) in REQUIRED_FIELDS {
        match top.get(id) {
            None => reader.error(
                1,
                "form-err-missing-field",
                vec![("id", Arg::from(id)), ("type", Arg::from(kind.name()))],
            ),
            Some(f) if f.kind != kind => reader.error(
                f.line,
                "form-err-field-type",
                vec![("id", Arg::from(id)), ("type", Arg::from(kind.name()))],
            ),
            Some(_) => {}
        }
    }
    check_workflow(reader, form, &top);
    // Every label and message in every language.
    let mut seen = BTreeSet::new();
    for (key, line) in keys {
        if !seen.insert(key.clone()) {
            continue;
        }
        for lang in Lang::ALL {
            if !form.labels.has(lang, &key) {
                reader.error(
                    line,
                    "form-err-translation",
                    vec![("key", Arg::from(key.as_str())), ("lang", Arg::from(lang.tag()))],
                );
            }
        }
    }
}

/// The `status` list must be the workflow's statuses and `sex` must offer female and male.
fn check_workflow(reader: &mut Reader<'_>, form: &Form, top: &BTreeMap<&str, &Field>) {
    if let Some(status) = top.get("status") {
        let want: Vec<String> = Status::ALL.iter().map(|s| s.as_str().to_owned()).collect();
        // An unknown list is reported by itself.
        let list = status.list.as_ref().and_then(|l| form.lists.get(l));
        if list.is_some_and(|l| *l != want) {
            reader.error(
                status.line,
                "form-err-status-list",
                vec![("statuses", Arg::from(want.join(", ")))],
            );
        }
    }
    if let Some(sex) = top.get("sex") {
        let list = sex.list.as_ref().and_then(|l| form.lists.get(l));
        let ok = list.is_none_or(|l| ["female", "male"].iter().all(|s| l.iter().any(|v| v == s)));
        if !ok {
            reader.error(sex.line, "form-err-sex-list", vec![]);
        }
    }
}

fn check_field(
    reader: &mut Reader<'_>,
    form: &Form,
    f: &Field,
    group: Option<&Field>,
    top: &BTreeMap<&str, &Field>,
    keys: &mut Vec<(String, usize)>,
) {
    let line = f.line;
    let id = Arg::from(f.id.as_str());
    if !is_id(&f.id) {
        reader.error(line, "form-err-id", vec![("id", id.clone())]);
    }
    if BUILTINS.contains(&f.id.as_str()) {
        reader.error(line, "form-err-builtin", vec![("id", id.clone())]);
    }
    keys.push((f.label.clone(), line));
    if let Some(h) = &f.help {
        keys.push((h.clone(), line));
    }
    match (f.kind, &f.list) {
        (Kind::Choice | Kind::MultiChoice, None) => {
            reader.error(line, "form-err-no-list", vec![("id", id.clone())]);
        }
        (Kind::Choice | Kind::MultiChoice, Some(l)) if !form.lists.contains_key(l) => {
            reader.error(
                line,
                "form-err-unknown-list",
                vec![("id", id.clone()), ("list", Arg::from(l.as_str()))],
            );
        }
        _ => {}
    }
    if f.kind == Kind::Date && f.precision.is_empty() {
        reader.error(line, "form-err-precision", vec![("value", Arg::from(""))]);
    }
    if let (Some(min), Some(max)) = (f.min, f.max)
        && min > max
    {
        reader.error(line, "form-err-bounds", vec![("id", id.clone())]);
    }
    if f.kind == Kind::Repeat {
        if f.fields.is_empty() {
            reader.error(line, "form-err-empty-group", vec![("id", id.clone())]);
        }
        if f.max_entries.is_some_and(|max| max < f.min_entries) {
            reader.error(line, "form-err-bounds", vec![("id", id.clone())]);
        }
        let mut ids = BTreeSet::new();
        for sub in &f.fields {
            if !ids.insert(sub.id.as_str()) {
                reader.error(
                    sub.line,
                    "form-err-duplicate",
                    vec![("id", Arg::from(sub.id.as_str()))],
                );
            }
        }
        for sub in &f.fields {
            check_field(reader, form, sub, Some(f), top, keys);
        }
    }
    if let Some(source) = &f.suggest_from {
        let known = group.map_or_else(
            || top.contains_key(source.as_str()),
            |g| g.field(source).is_some(),
        );
        if !known {
            reader.error(
                line,
                "form-err-unknown-field",
                vec![("id", Arg::from(source.as_str()))],
            );
        }
    }
    if let Some(default) = &f.default {
        let ok = match f.kind {
            Kind::Choice => default.as_str().is_some_and(|v| {
                f.list
                    .as_ref()
                    .and_then(|l| form.lists.get(l))
                    .is_some_and(|l| l.iter().any(|x| x == v))
            }),
            Kind::YesNo => default.is_boolean(),
            Kind::Integer => default.is_i64(),
            Kind::Repeat | Kind::MultiChoice | Kind::RecordLink => false,
            // Read like typed input, so a default date, region or phone must be a real one.
            _ => default.as_str().is_some_and(|s| {
                let today = chrono::Local::now().date_naive();
                matches!(form.parse_input(f, s, today), Ok(Some(v)) if v == *default)
            }),
        };
        if !ok {
            reader.error(line, "form-err-default", vec![("id", id.clone())]);
        }
    }
    let mut exprs: Vec<&Expr> = f.constraints.iter().map(|c| &c.check).collect();
    exprs.extend(f.relevant.iter());
    exprs.extend(f.calculate.iter());
    if let Requirement::When(e) = &f.required {
        exprs.push(e);
    }
    for e in exprs {
        check_expr(reader, e, line, group, top);
    }
    for c in &f.constraints {
        keys.push((c.message.clone(), line));
    }
}

/// An expression may name top-level fields and groups, the built-ins, and,
/// inside a repeat group, that group's fields; entries iterated over must be
/// asked only for fields their group has.
fn check_expr(
    reader: &mut Reader<'_>,
    e: &Expr,
    line: usize,
    group: Option<&Field>,
    top: &BTreeMap<&str, &Field>,
) {
    let (refs, calls) = e.references();
    for r in refs {
        match r {
            Reference::Variable(name) => {
                let known = BUILTINS.contains(&name.as_str())
                    || top.contains_key(name.as_str())
                    || group.is_some_and(|g| g.field(&name).is_some());
                if !known {
                    reader.error(
                        line,
                        "form-err-unknown-name",
                        vec![("name", Arg::from(name)), ("expr", Arg::from(e.source()))],
                    );
                }
            }
            Reference::EntryField { group: g, field } => {
                let Some(repeat) = top.get(g.as_str()).filter(|f| f.kind == Kind::Repeat) else {
                    continue; // iterating over a list that is not a group (a literal, a multi-choice)
                };
                if repeat.field(&field).is_none() {
                    reader.error(
                        line,
                        "form-err-unknown-name",
                        vec![
                            ("name", Arg::from(format!("{g}.{field}"))),
                            ("expr", Arg::from(e.source())),
                        ],
                    );
                }
            }
        }
    }
    for call in calls {
        let operator =
            call.starts_with('_') || call.starts_with('@') || call.starts_with("!_") || call == "-_";
        if !operator && !FUNCTIONS.contains(&call.as_str()) && !CEL_FUNCTIONS.contains(&call.as_str()) {
            reader.error(
                line,
                "form-err-unknown-function",
                vec![("name", Arg::from(call)), ("expr", Arg::from(e.source()))],
            );
        }
    }
}
