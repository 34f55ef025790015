//! `intake person-report`: everything held about one person, for their
//! access request — every field and entry by the form's labels, the
//! attachments (described, never their content), the history of changes
//! (so a correction shows), and to whom their data was exported and when —
//! in their language when the form knows it, else the user's.

use crate::domain::RecordId;
use crate::domain::visible::visible;
use crate::form::{Form, Kind};
use crate::i18n::{Arg, Lang, Texts};
use crate::store::{Store, StoreError};
use serde_json::Value;
use std::fmt::Write as _;

/// The language a person's report is written in: the one they prefer,
/// if Intake speaks it, else `fallback`.
pub fn language_of(store: &Store, id: RecordId, fallback: Lang) -> Result<Lang, StoreError> {
    let state = store
        .record(id)?
        .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
    let spoken = |field: &str| match state.text(field) {
        Some("ru") => Some(Lang::Ru),
        Some("kk") => Some(Lang::Kk),
        Some("en") => Some(Lang::En),
        _ => None,
    };
    Ok(spoken("preferred_language")
        .or_else(|| spoken("interview_language"))
        .unwrap_or(fallback))
}

/// The most changes set aside a report shows (the newest; the count says
/// how many in all).
const MAX_SET_ASIDE_SHOWN: usize = 50;

/// The report's text.
pub fn person_report(store: &Store, form: &Form, texts: &Texts, id: RecordId) -> Result<String, StoreError> {
    let state = store
        .record(id)?
        .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
    let shown = |path: &str, v: &Value| -> String {
        let text = form.display(texts, form.field_at(path), Some(v));
        match v {
            Value::Null => "—".to_owned(),
            _ if !text.is_empty() => text,
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    };
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        let _ = writeln!(out, "{text}");
    };
    let name = ["surname", "given_name", "patronymic"]
        .iter()
        .filter_map(|f| state.text(f))
        .collect::<Vec<_>>()
        .join(" ");
    let name = if name.is_empty() { id.to_string() } else { name };
    line(
        &mut out,
        texts.text("person-report-title", &[("name", Arg::from(name))]),
    );
    line(
        &mut out,
        texts.text(
            "person-report-record",
            &[
                ("record", Arg::from(id.to_string())),
                (
                    "date",
                    Arg::from(chrono::Local::now().format("%d.%m.%Y").to_string()),
                ),
            ],
        ),
    );
    if state.erased {
        let by_retention = state
            .text(crate::domain::FieldPath::ERASED)
            .is_some_and(|r| r.starts_with(crate::domain::FieldPath::RETENTION_REASON));
        let key = if by_retention {
            "person-report-erased-retention"
        } else {
            "person-report-erased"
        };
        line(&mut out, texts.text(key, &[]));
    }
    // Every field, section by section; every entry of every group.
    for section in &form.sections {
        let mut lines = Vec::new();
        for field in &section.fields {
            if field.kind == Kind::Repeat {
                for (n, entry) in state.entries(&field.id).iter().enumerate() {
                    lines.push(format!("  {} {}", form.text(texts, &field.label), n + 1));
                    for sub in &field.fields {
                        let path = format!("{}/{}/{}", field.id, entry.id, sub.id);
                        if let Some(v) = state.value(&path).filter(|v| !v.is_null()) {
                            lines.push(format!(
                                "    {}: {}",
                                form.text(texts, &sub.label),
                                shown(&path, v)
                            ));
                        }
                    }
                }
            } else if let Some(v) = state.value(&field.id).filter(|v| !v.is_null()) {
                lines.push(format!(
                    "  {}: {}",
                    form.text(texts, &field.label),
                    shown(&field.id, v)
                ));
            }
        }
        if !lines.is_empty() {
            line(&mut out, String::new());
            line(&mut out, form.text(texts, &section.label));
            for l in lines {
                line(&mut out, l);
            }
        }
    }
    line(&mut out, String::new());
    line(&mut out, texts.text("person-report-attachments", &[]));
    let attachments = crate::attach::list(&state);
    if attachments.is_empty() {
        line(&mut out, format!("  {}", texts.text("person-report-none", &[])));
    }
    for a in attachments {
        let when = chrono::DateTime::from_timestamp_millis(i64::try_from(a.millis).unwrap_or(i64::MAX))
            .map_or_else(String::new, |t| t.format("%d.%m.%Y").to_string());
        line(
            &mut out,
            format!(
                "  {} · {} · {} · {when}",
                a.attachment.name,
                crate::attach::describe(texts, &a.attachment),
                a.author
            ),
        );
    }
    // What is held besides the record's values: answers typed and not
    // saved yet, changes from laptops set aside, the person's other records.
    let drafts = store.drafts(id)?;
    if !drafts.is_empty() {
        line(&mut out, String::new());
        line(&mut out, texts.text("person-report-drafts", &[]));
        for d in drafts {
            let field = form.place(texts, &d.field, |_, _| None);
            line(&mut out, format!("  {field}: {}", d.text));
        }
    }
    // Set aside: what a laptop sent that was not believed, perhaps a
    // stolen one's: the newest few, shown inert, and how many in all.
    let mut aside = std::collections::VecDeque::new();
    let mut aside_count = 0usize;
    store.each_set_aside(|a| {
        if a.op.record == id {
            aside_count += 1;
            if aside.len() == MAX_SET_ASIDE_SHOWN {
                aside.pop_front();
            }
            aside.push_back(a);
        }
        Ok(())
    })?;
    if aside_count > 0 {
        line(&mut out, String::new());
        line(
            &mut out,
            texts.text("person-report-set-aside", &[("count", Arg::from(aside_count))]),
        );
        for a in aside {
            let field = form.place(texts, a.op.field.as_str(), |_, _| None);
            let value = if crate::attach::is_file_field(a.op.field.as_str()) {
                crate::attach::Attachment::from_value(&a.op.value)
                    .map_or_else(|| "—".to_owned(), |f| format!("📎 {}", f.name))
            } else {
                shown(a.op.field.as_str(), &a.op.value)
            };
            line(
                &mut out,
                format!(
                    "  {} {} {}: {}",
                    a.op.hlc.to_utc().format("%Y-%m-%d %H:%M"),
                    visible(&a.op.author),
                    visible(&field),
                    visible(&value)
                ),
            );
        }
    }
    let others: Vec<String> = crate::dedup::person::Links::read(store)?
        .person(id)
        .into_iter()
        .filter(|r| *r != id)
        .map(|r| r.to_string())
        .collect();
    if !others.is_empty() {
        line(&mut out, String::new());
        line(
            &mut out,
            texts.text(
                "person-report-linked",
                &[("records", Arg::from(others.join(", ")))],
            ),
        );
    }
    line(&mut out, String::new());
    line(&mut out, texts.text("person-report-exports", &[]));
    let exports = store.exports_of(id)?;
    if exports.is_empty() {
        line(&mut out, format!("  {}", texts.text("person-report-none", &[])));
    }
    for (e, recipient) in exports {
        let when = chrono::DateTime::parse_from_rfc3339(&e.time)
            .map_or_else(|_| e.time.clone(), |t| t.format("%d.%m.%Y %H:%M UTC").to_string());
        let to = match recipient {
            Some(name) => texts.text("person-report-export-to", &[("recipient", Arg::from(name))]),
            None => texts.text("person-report-export-file", &[]),
        };
        line(
            &mut out,
            format!(
                "  {}",
                texts.text(
                    "person-report-export-line",
                    &[
                        ("when", Arg::from(when)),
                        (
                            "what",
                            Arg::from(texts.text(
                                "person-report-export-what",
                                // Fluent's variant keys have no spaces.
                                &[("action", Arg::from(e.action.replace(' ', "-")))]
                            ))
                        ),
                        ("to", Arg::from(to)),
                        ("author", Arg::from(e.author)),
                    ],
                )
            ),
        );
    }
    line(&mut out, String::new());
    line(&mut out, texts.text("person-report-history", &[]));
    for e in store.history(id)? {
        let when = e.hlc.to_utc().format("%Y-%m-%d %H:%M");
        let d = crate::form::describe::change(form, texts, &e.field, &e.old, &e.new, |_, _| None);
        if crate::attach::is_file_field(&e.field) {
            let name =
                crate::attach::Attachment::from_value(&e.new).map_or_else(|| "—".to_owned(), |a| a.name);
            line(&mut out, format!("  {when} {} 📎 {name}", e.author));
        } else {
            line(
                &mut out,
                format!("  {when} {} {}: {}", visible(&e.author), d.what, d.how),
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldPath;
    use crate::i18n::Lang;

    #[test]
    fn the_report_holds_unsaved_answers_and_the_persons_other_records() {
        let mut store = Store::open_in_memory().unwrap();
        crate::testing::with_profile(&mut store, "Нурлан");
        let form = crate::form::builtin().unwrap();
        let mut w = store.writer().unwrap();
        let (one, two) = (w.create_record().unwrap(), w.create_record().unwrap());
        for id in [one, two] {
            w.set(
                id,
                &FieldPath::parse("surname").unwrap(),
                Value::from("Дуйсенова"),
            )
            .unwrap();
        }
        w.commit().unwrap();
        crate::dedup::judge(&mut store, one, two, Some(crate::dedup::Verdict::Same)).unwrap();
        store.save_draft(one, "given_name", "Айгу").unwrap();
        let texts = Texts::get(Lang::Ru);
        let report = person_report(&store, form, texts, one).unwrap();
        assert!(
            report.contains(&texts.text("person-report-drafts", &[])),
            "{report}"
        );
        assert!(report.contains("Айгу"), "{report}");
        assert!(report.contains(&two.to_string()), "{report}");
        // Nothing exported yet.
        let exports = report
            .split(&texts.text("person-report-exports", &[]))
            .nth(1)
            .unwrap();
        assert!(
            exports
                .trim_start()
                .starts_with(&texts.text("person-report-none", &[]))
        );
    }
}
