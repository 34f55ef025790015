//! A change of a record as people read it, for every history (the record
//! view, `intake history`, the person's report): a field by its label and
//! its values as the form shows them; the program's own marks — a
//! duplicate verdict, an erasure, a deletion, a removed entry, a record
//! given to a laptop, the anonymous counts an erasure keeps — as
//! sentences in the reader's language, never their internal paths.

use super::Form;
use crate::domain::{DeviceId, FieldPath, RecordId};
use crate::i18n::Texts;
use serde_json::Value;

/// One change, said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    /// What changed: a field's label (with its entry: "Documents 2 ›
    /// Number"), or what a mark is about.
    pub what: String,
    /// How: "old → new", or a sentence.
    pub how: String,
}

/// The last 8 characters of an id, as the lists show it.
fn short(id: &str) -> String {
    id.chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// Says the change of `path` from `old` (the values it replaced, several
/// when it settled a conflict) to `new`.
pub fn change(
    form: &Form,
    texts: &Texts,
    path: &str,
    old: &[Value],
    new: &Value,
    entry_index: impl Fn(&str, &str) -> Option<usize>,
) -> Described {
    let said = |what: &str, key: &str, args: &[(&'static str, crate::i18n::Arg)]| Described {
        what: texts.text(what, &[]),
        how: texts.text(key, args),
    };
    let is_set = |v: &Value| !v.is_null() && v != &Value::Bool(false);
    // A duplicate verdict on a pair.
    if let Some(other) = path
        .strip_prefix("_links/")
        .and_then(|rest| rest.strip_suffix("/verdict"))
        .filter(|o| o.parse::<RecordId>().is_ok())
    {
        let key = match new.as_str() {
            Some("same") => "history-linked-same",
            Some("different") => "history-linked-different",
            _ => "history-linked-undone",
        };
        return said("history-what-duplicates", key, &[("record", short(other).into())]);
    }
    if path == FieldPath::ERASED {
        return match new.as_str() {
            Some(reason) if reason.starts_with(FieldPath::RETENTION_REASON) => {
                said("history-what-erasure", "history-erased-retention", &[])
            }
            Some(reason) => said(
                "history-what-erasure",
                "history-erased",
                &[(
                    "reason",
                    crate::domain::visible::visible(reason).into_owned().into(),
                )],
            ),
            None => said("history-what-erasure", "history-erased-none", &[]),
        };
    }
    if path == FieldPath::DELETED {
        let key = if is_set(new) {
            "history-deleted"
        } else {
            "history-kept"
        };
        return said("history-what-record", key, &[]);
    }
    if let Some(device) = FieldPath::parse(path).ok().and_then(|p| p.granted_device()) {
        let key = if is_set(new) {
            "history-granted"
        } else {
            "history-taken-back"
        };
        return said(
            "history-what-caseload",
            key,
            &[("device", device_short(device).into())],
        );
    }
    let mut parts = path.splitn(3, '/');
    if let (Some(group), Some(entry), Some(FieldPath::DELETED)) = (parts.next(), parts.next(), parts.next()) {
        let place = form.place(texts, group, |_, _| None);
        let n = entry_index(group, entry).map_or_else(String::new, |i| format!(" {}", i + 1));
        let key = if is_set(new) {
            "history-entry-removed"
        } else {
            "history-entry-kept"
        };
        return Described {
            what: format!("{place}{n}"),
            how: texts.text(key, &[]),
        };
    }
    // A value the program keeps outside the form's fields.
    if let Some((what, like)) = outside_form(path) {
        let value = |v: &Value| match v.as_str() {
            Some(s) if texts.has(&format!("history-value-{s}")) => {
                texts.text(&format!("history-value-{s}"), &[])
            }
            _ => shown(form, texts, like, v),
        };
        return Described {
            what: texts.text(what, &[]),
            how: arrow(old.iter().map(value).collect(), value(new)),
        };
    }
    Described {
        what: form.place(texts, path, entry_index),
        how: arrow(
            old.iter().map(|v| shown(form, texts, path, v)).collect(),
            shown(form, texts, path, new),
        ),
    }
}

/// The message key naming a value kept outside the form's fields, and
/// the field whose values it takes (shown as that field's are).
fn outside_form(path: &str) -> Option<(&'static str, &'static str)> {
    Some(match path {
        "source" => ("history-what-source", "source"),
        "anon_sex" => ("history-what-anon-sex", "sex"),
        "anon_age_band" => ("history-what-anon-age-band", "anon_age_band"),
        "anon_category" => ("history-what-anon-category", "category"),
        _ => return None,
    })
}

fn device_short(device: DeviceId) -> String {
    device.short()
}

/// "old → new", several old values (a settled conflict) joined by " | ".
fn arrow(old: Vec<String>, new: String) -> String {
    let old = if old.is_empty() {
        "∅".to_owned()
    } else {
        old.join(" | ")
    };
    format!("{old} → {new}")
}

/// A value as the form shows it (a choice by its label, yes/no in words),
/// `∅` for none; names and texts from other laptops made visible.
pub fn shown(form: &Form, texts: &Texts, path: &str, v: &Value) -> String {
    let text = form.display(texts, form.field_at(path), Some(v));
    let text = match v {
        Value::Null => "∅".to_owned(),
        _ if !text.is_empty() => text,
        Value::Bool(true) => texts.text("history-value-yes", &[]),
        Value::Bool(false) => texts.text("history-value-no", &[]),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    crate::domain::visible::visible(&text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_programs_marks_are_sentences_not_paths() {
        let form = crate::form::builtin().unwrap();
        let other = RecordId::new().to_string();
        for lang in Lang::ALL {
            let t = Texts::get(lang);
            let none = |_: &str, _: &str| None;
            for (path, new) in [
                (format!("_links/{other}/verdict"), Value::from("different")),
                (
                    "_erased".to_owned(),
                    Value::from("consent withdrawn on 2026-11-20"),
                ),
                ("_deleted".to_owned(), Value::Bool(true)),
                (
                    format!("documents/{}/_deleted", RecordId::new()),
                    Value::Bool(true),
                ),
                (format!("_grants/{}/scope", DeviceId::new()), Value::Bool(true)),
                ("source".to_owned(), Value::from("referral_list")),
                ("anon_sex".to_owned(), Value::from("female")),
            ] {
                let d = change(form, t, &path, &[], &new, none);
                let said = format!("{}: {}", d.what, d.how);
                assert!(!said.contains('_'), "{lang:?} {path}: {said}");
                assert!(
                    !said.contains("true") && !said.contains("referral_list"),
                    "{lang:?}: {said}"
                );
            }
            let d = change(
                form,
                t,
                &format!("_links/{other}/verdict"),
                &[],
                &Value::from("same"),
                none,
            );
            assert!(d.how.contains(&short(&other)), "{d:?}");
        }
    }
}
