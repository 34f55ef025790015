//! Letters and applications generated from a record: templates as data
//! (`template`), filled from the record (`fill`), written as DOCX
//! (`docx`) or PDF (`pdf`). Generating a request adds a draft to the
//! record's requests; marking it sent starts the wait for the reply; a
//! consular request is refused for a person who fled that state.

pub mod docx;
pub mod fill;
pub mod pdf;
pub mod template;

pub use fill::{Document, Filled, fill, letter_date};
pub use template::{Template, load};

use crate::domain::{EntryId, FieldPath, RecordId, RecordState};
use crate::form::{Form, Values};
use crate::i18n::{Arg, Lang, Message};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a document is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Word (editable).
    Docx,
    /// PDF (for printing and the archive).
    Pdf,
}

impl Format {
    /// The format a file name asks for (`.pdf`: PDF, anything else: DOCX).
    pub fn of_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(e) if e == "pdf" => Format::Pdf,
            _ => Format::Docx,
        }
    }
}

/// Why a document was not made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// No template with that id.
    #[error("no template {0}")]
    NoTemplate(String),
    /// The person fled the state the letter would go to.
    #[error("refused: the person fled the state this letter is sent to")]
    Fled,
    /// Consent is not recorded.
    #[error("no consent recorded")]
    NoConsent,
    /// The record was erased.
    #[error("the record was erased")]
    Erased,
    /// Typesetting or packing failed.
    #[error("the document could not be made ({0})")]
    Render(String),
    /// The file could not be written.
    #[error("cannot write {path}: {1}", path = .0.display())]
    Write(PathBuf, std::io::Error),
    /// No request entry with that id.
    #[error("no request {0}")]
    NoRequest(String),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DocumentError {
    /// The sentence for the user.
    pub fn message(&self, record: RecordId) -> Option<Message> {
        let r = || ("record", Arg::from(record.to_string()));
        Some(match self {
            DocumentError::NoTemplate(id) => {
                Message::new("document-err-template", vec![("id", Arg::from(id.as_str()))])
            }
            DocumentError::Fled => Message::new("document-err-fled", vec![r()]),
            DocumentError::NoConsent => Message::new("document-err-consent", vec![r()]),
            DocumentError::Erased => Message::new("document-err-erased", vec![r()]),
            DocumentError::Render(why) => {
                Message::new("document-err-render", vec![("reason", Arg::from(why.as_str()))])
            }
            DocumentError::Write(p, e) => Message::new(
                "document-err-write",
                vec![
                    ("file", Arg::from(p.display().to_string())),
                    ("reason", Arg::from(e.to_string())),
                ],
            ),
            DocumentError::NoRequest(e) => Message::new(
                "document-err-request",
                vec![r(), ("entry", Arg::from(e.as_str()))],
            ),
            DocumentError::Store(_) => return None,
        })
    }
}

/// Categories and profiles of people a letter to their state would endanger.
const FLED: [&str; 2] = ["refugee", "asylum_seeker"];
/// Documents that say the person asked for or has protection.
const PROTECTED_BY: [&str; 2] = ["asylum_certificate", "refugee_certificate"];

/// Whether the person fled a state: a refugee or an asylum-seeker (by
/// category or profile), holding a refugee's or asylum-seeker's
/// certificate, or with a claim that says they fear persecution by its
/// state. Every candidate of a field in conflict counts: one laptop's
/// "refugee" is enough.
pub fn fled(state: &RecordState) -> bool {
    let any = |field: &str, hit: &dyn Fn(&Value) -> bool| {
        state
            .heads(field)
            .is_some_and(|h| h.candidates().iter().any(|c| hit(&c.value)))
    };
    let fled_word = |v: &Value| v.as_str().is_some_and(|s| FLED.contains(&s));
    if any("category", &fled_word) || any("profile", &fled_word) {
        return true;
    }
    state.fields.keys().any(|path| match path.split_entry() {
        Some(("claims", _, "fears_persecution")) => any(path.as_str(), &|v| *v == Value::Bool(true)),
        Some(("documents", entry, "doc_type")) => {
            let removed = state.value(&format!("documents/{entry}/_deleted")) == Some(&Value::Bool(true));
            !removed
                && any(path.as_str(), &|v| {
                    v.as_str().is_some_and(|s| PROTECTED_BY.contains(&s))
                })
        }
        _ => false,
    })
}

/// Whether a template writes to the person's state: its rule says so, or
/// it makes a request to a consulate (whatever a coordinator's own file says).
pub fn writes_to_their_state(template: &Template) -> bool {
    template.refuse_fled || template.request.as_deref() == Some("consulate")
}

/// A document that was made.
#[derive(Debug)]
pub struct Made {
    /// Where it was written.
    pub path: PathBuf,
    /// The draft request it added to the record.
    pub request: Option<EntryId>,
}

/// Fills `template` from `record` in `lang`, after the checks (consent,
/// erasure, a consular letter for a person who fled): the document.
pub fn prepare(
    form: &Form,
    template: &Template,
    state: &RecordState,
    lang: Lang,
    today: NaiveDate,
) -> Result<Document, DocumentError> {
    if state.erased {
        return Err(DocumentError::Erased);
    }
    let values = Values::from_record(state);
    if !form.consented(&values, today) {
        return Err(DocumentError::NoConsent);
    }
    if writes_to_their_state(template) && fled(state) {
        return Err(DocumentError::Fled);
    }
    Ok(fill(form, template, state, lang, today))
}

/// The bytes of `doc` in `format`.
pub fn render(doc: &Document, format: Format, today: NaiveDate) -> Result<Vec<u8>, DocumentError> {
    match format {
        Format::Docx => docx::write(doc),
        Format::Pdf => pdf::write(doc, today),
    }
    .map_err(DocumentError::Render)
}

/// Makes the document `template_id` of `record` in `lang` and writes it
/// to `out` (a new file, readable by its owner only); a request adds a
/// draft entry to the record's requests. Recorded in the audit trail.
#[allow(clippy::too_many_arguments)]
pub fn generate(
    store: &mut Store,
    form: &Form,
    templates: &[Template],
    record: RecordId,
    template_id: &str,
    lang: Lang,
    format: Format,
    out: &Path,
    today: NaiveDate,
) -> Result<Made, DocumentError> {
    let template = templates
        .iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| DocumentError::NoTemplate(template_id.to_owned()))?;
    let state = store
        .record(record)?
        .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
    let doc = prepare(form, template, &state, lang, today)?;
    let bytes = render(&doc, format, today)?;
    write_new(out, &bytes)?;
    let mut request = None;
    let mut w = store.writer()?;
    if let Some(to) = &template.request {
        let entry = w.add_entry(
            record,
            "requests",
            &[
                ("to", Value::from(to.as_str())),
                ("body", Value::from(doc.title.as_str())),
            ],
        )?;
        request = Some(entry);
    }
    w.commit()?;
    // The folder, not the file's name (which may name the person).
    let folder = out.parent().map(|p| p.display().to_string()).unwrap_or_default();
    store.audit_export(
        "document generated",
        &format!(
            "{template_id} ({}) of record {record} into the folder {folder}",
            match format {
                Format::Docx => "docx",
                Format::Pdf => "pdf",
            },
        ),
        None,
        &[record],
    )?;
    Ok(Made {
        path: out.to_owned(),
        request,
    })
}

/// Writes `bytes` to a new file readable by its owner only.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), DocumentError> {
    use std::io::Write as _;
    let fail = |e| DocumentError::Write(path.to_owned(), e);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(fail)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(fail(e));
    }
    Ok(())
}

/// Marks a request sent on `day`: from then the wait for its reply runs
/// (a consulate's: the six months after which the person can be
/// documented as stateless), and the case's next action is that reply.
pub fn mark_sent(
    store: &mut Store,
    record: RecordId,
    entry: &str,
    day: NaiveDate,
    next_action: &dyn Fn(&str) -> String,
) -> Result<String, DocumentError> {
    let state = store
        .record(record)?
        .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
    let found: Vec<String> = state
        .entries("requests")
        .iter()
        .filter(|e| entry.len() >= 4 && (e.id.starts_with(entry) || e.id.ends_with(entry)))
        .map(|e| e.id.to_owned())
        .collect();
    let [id] = found.as_slice() else {
        return Err(DocumentError::NoRequest(entry.to_owned()));
    };
    let writes = sent_writes(&state, id, day, next_action)?;
    let mut w = store.writer()?;
    for (path, value) in writes {
        w.set(record, &path, value)?;
    }
    w.commit()?;
    Ok(id.clone())
}

/// The next action once a request to `to` (a `request_to` choice) is
/// sent: its reply, in the user's language.
pub fn reply_awaited(form: &Form, texts: &crate::i18n::Texts, to: &str) -> String {
    let label = form.text(texts, &Form::choice_label("request_to", to));
    texts.text("document-next-reply", &[("to", Arg::from(label))])
}

/// What marking request `entry` sent on `day` writes: its sent date, the
/// case's next action (the reply, due in a month; a consulate's in six)
/// and, for a consulate, the date the foreign enquiry was made. The form
/// writes the same when a worker types the sent date. Refused for a
/// consular request of a person who fled that state, even one made before.
pub fn sent_writes(
    state: &RecordState,
    entry: &str,
    day: NaiveDate,
    next_action: &dyn Fn(&str) -> String,
) -> Result<Vec<(FieldPath, Value)>, DocumentError> {
    let to = state
        .value(&format!("requests/{entry}/to"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let consulate = to.as_deref() == Some("consulate");
    if consulate && fled(state) {
        return Err(DocumentError::Fled);
    }
    let path =
        |f: &str| FieldPath::parse(f).map_err(|e| DocumentError::Store(StoreError::Corrupt(e.to_string())));
    let date = Value::from(day.format("%Y-%m-%d").to_string());
    let wait = if consulate { 6 } else { 1 };
    let due = day.checked_add_months(chrono::Months::new(wait)).unwrap_or(day);
    let mut writes = vec![(path(&format!("requests/{entry}/sent_date"))?, date.clone())];
    if consulate {
        writes.push((path("foreign_enquiry_date")?, date));
    }
    // A later next action already set (a consulate's six months) stays:
    // a request answered sooner does not cut a running wait short.
    let later = state
        .value("next_action_date")
        .and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .is_some_and(|set| set > due);
    if !later {
        writes.push((
            path("next_action_date")?,
            Value::from(due.format("%Y-%m-%d").to_string()),
        ));
        writes.push((
            path("next_action")?,
            Value::from(next_action(to.as_deref().unwrap_or("other"))),
        ));
    }
    Ok(writes)
}
