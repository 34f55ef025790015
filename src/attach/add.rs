//! Attaching a file to a record, and writing copies out on purpose: the
//! library calls behind `intake attach`, `intake attachment export` and
//! the terminal's Documents section.

use super::{AttachError, Attachment, DEFAULT_MAX_MB, FILE, GROUP, MAX_MAX_MB, MAX_MB_SETTING, MAX_NOTE};
use crate::domain::{EntryId, FieldPath, RecordId};
use crate::form::{Form, Values};
use crate::i18n::{Arg, Message};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Why an attachment was not added or not written out (each says itself
/// in the user's language through [`AddError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The file's content.
    #[error("{path}: {1}", path = .0.display())]
    File(PathBuf, AttachError),
    /// The file cannot be read.
    #[error("{path}: {1}", path = .0.display())]
    Read(PathBuf, std::io::Error),
    /// Consent is not recorded: nothing identifying may be kept.
    #[error("record {0} has no consent recorded")]
    NoConsent(RecordId),
    /// The record was erased.
    #[error("record {0} was erased")]
    Erased(RecordId),
    /// `--document` names no document entry of the record.
    #[error("record {0} has no document entry {1}")]
    NoDocument(RecordId, String),
    /// No attachment with that id (or prefix), or several.
    #[error("record {0} has no attachment {1}")]
    NoAttachment(RecordId, String),
    /// A limit outside 1 to [`MAX_MAX_MB`].
    #[error("the limit must be 1 to {MAX_MAX_MB} MB")]
    Limit,
    /// A note longer than [`MAX_NOTE`] characters.
    #[error("the note is longer than {MAX_NOTE} characters")]
    Note,
    /// Writing a copy.
    #[error("cannot write {path}: {1}", path = .0.display())]
    Write(PathBuf, std::io::Error),
    /// The store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AddError {
    /// The sentence for the user, as a message.
    pub fn message(&self) -> Option<Message> {
        let file = |p: &Path| Arg::from(p.display().to_string());
        Some(match self {
            AddError::File(p, e) => {
                let mut args = vec![("file", file(p))];
                if let AttachError::TooLarge { max_mb } = e {
                    args.push(("max", Arg::from(*max_mb)));
                }
                Message::new(e.key(), args)
            }
            AddError::Read(p, e) => Message::new(
                "attach-err-read",
                vec![("file", file(p)), ("reason", Arg::from(e.to_string()))],
            ),
            AddError::NoConsent(r) => {
                Message::new("attach-err-consent", vec![("record", Arg::from(r.to_string()))])
            }
            AddError::Erased(r) => {
                Message::new("attach-err-erased", vec![("record", Arg::from(r.to_string()))])
            }
            AddError::NoDocument(r, d) => Message::new(
                "attach-err-document",
                vec![
                    ("record", Arg::from(r.to_string())),
                    ("entry", Arg::from(d.as_str())),
                ],
            ),
            AddError::NoAttachment(r, a) => Message::new(
                "attach-err-none",
                vec![
                    ("record", Arg::from(r.to_string())),
                    ("attachment", Arg::from(a.as_str())),
                ],
            ),
            AddError::Limit => Message::new("attach-err-limit", vec![("max", Arg::from(MAX_MAX_MB))]),
            AddError::Note => Message::new("attach-err-note", vec![("max", Arg::from(MAX_NOTE as u64))]),
            AddError::Write(p, e) => Message::new(
                "attach-err-write",
                vec![("file", file(p)), ("reason", Arg::from(e.to_string()))],
            ),
            AddError::Store(_) => return None,
        })
    }
}

/// The largest file accepted here, in megabytes.
pub fn max_mb(store: &Store) -> Result<u64, StoreError> {
    Ok(store
        .setting(MAX_MB_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|m| (1..=MAX_MAX_MB).contains(m))
        .unwrap_or(DEFAULT_MAX_MB))
}

/// Sets the largest file accepted (recorded in the audit trail).
pub fn set_max_mb(store: &mut Store, mb: u64) -> Result<(), AddError> {
    if !(1..=MAX_MAX_MB).contains(&mb) {
        return Err(AddError::Limit);
    }
    store.set_setting(MAX_MB_SETTING, &mb.to_string())?;
    Ok(())
}

/// Reads a file of at most `max_mb` megabytes; a larger one is refused
/// before it is read.
pub fn read_file(path: &Path, max_mb: u64) -> Result<Vec<u8>, AddError> {
    let max = max_mb << 20;
    let read = |e| AddError::Read(path.to_owned(), e);
    let file = std::fs::File::open(path).map_err(read)?;
    let len = file.metadata().map_err(read)?.len();
    if len > max {
        return Err(AddError::File(path.to_owned(), AttachError::TooLarge { max_mb }));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > max {
        return Err(AddError::File(path.to_owned(), AttachError::TooLarge { max_mb }));
    }
    Ok(bytes)
}

/// What to attach a file with.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document entry it is a copy of (its id or first characters).
    pub document: Option<String>,
    /// The worker's note.
    pub note: Option<String>,
    /// Keep the original encoding (metadata is still removed).
    pub original: bool,
}

/// An attachment that was added.
#[derive(Debug, Clone)]
pub struct Added {
    /// Its entry.
    pub entry: EntryId,
    /// Its description.
    pub attachment: Attachment,
    /// Whether the same bytes were stored already (attached elsewhere).
    pub known: bool,
}

/// Checks that `record` may hold an attachment today: consent recorded,
/// not erased; returns the document entry `options` names.
fn admissible(
    store: &Store,
    form: &Form,
    record: RecordId,
    options: &Options,
    today: NaiveDate,
) -> Result<Option<String>, AddError> {
    let state = store
        .record(record)?
        .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
    if state.erased {
        return Err(AddError::Erased(record));
    }
    if !form.consented(&Values::from_record(&state), today) {
        return Err(AddError::NoConsent(record));
    }
    let Some(wanted) = options.document.as_deref() else {
        return Ok(None);
    };
    let found: Vec<String> = state
        .entries("documents")
        .iter()
        .filter(|e| e.id.starts_with(wanted.trim()) && wanted.trim().len() >= 4)
        .map(|e| e.id.to_owned())
        .collect();
    match found.as_slice() {
        [one] => Ok(Some(one.clone())),
        _ => Err(AddError::NoDocument(record, wanted.to_owned())),
    }
}

/// Attaches the file `name` (its bytes `raw`, read already) to `record`:
/// checked, cleaned and stored encrypted with its op, in one transaction.
pub fn attach(
    store: &mut Store,
    form: &Form,
    record: RecordId,
    path: &Path,
    raw: &[u8],
    options: &Options,
    today: NaiveDate,
) -> Result<Added, AddError> {
    if options
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE)
    {
        return Err(AddError::Note);
    }
    let document = admissible(store, form, record, options, today)?;
    let kept = super::prepare(raw, options.original).map_err(|e| AddError::File(path.to_owned(), e))?;
    let mut w = store.writer()?;
    let (sha256, new) = w.put_blob(&kept.bytes)?;
    let attachment = Attachment {
        sha256,
        name: super::kept_name(path),
        kind: kept.kind,
        size: kept.bytes.len() as u64,
        width: kept.pixels.map(|p| p.0),
        height: kept.pixels.map(|p| p.1),
        pages: kept.pages,
        document,
        note: options.note.clone().filter(|n| !n.trim().is_empty()),
        original: options.original,
    };
    let entry = EntryId::new();
    let field = FieldPath::entry(GROUP, entry, FILE).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    w.set(record, &field, attachment.to_value())?;
    w.commit()?;
    Ok(Added {
        entry,
        attachment,
        known: !new,
    })
}

/// An attachment as the record lists it: its entry, description, and who
/// added it when.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The entry id.
    pub entry: String,
    /// The description.
    pub attachment: Attachment,
    /// Who attached it.
    pub author: String,
    /// When (milliseconds since 1970).
    pub millis: u64,
    /// The document entry it is a copy of, as its type and number say.
    pub document: Option<String>,
}

/// The attachments of a record, oldest first.
pub fn list(state: &crate::domain::RecordState) -> Vec<Listed> {
    let mut out: Vec<Listed> = state
        .entries(GROUP)
        .into_iter()
        .filter_map(|e| {
            let path = format!("{GROUP}/{}/{FILE}", e.id);
            let head = state.heads(&path)?.provisional()?;
            let attachment = Attachment::from_value(&head.value)?;
            let document = attachment.document.as_deref().map(|d| {
                let value = |f: &str| state.text(&format!("documents/{d}/{f}")).map(str::to_owned);
                match (value("doc_type"), value("number")) {
                    (Some(t), Some(n)) => format!("{t} {n}"),
                    (t, n) => t.or(n).unwrap_or_else(|| d.chars().take(8).collect()),
                }
            });
            Some(Listed {
                entry: e.id.to_owned(),
                attachment,
                author: head.author.clone(),
                millis: head.hlc.millis(),
                document,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.millis, &a.entry).cmp(&(b.millis, &b.entry)));
    out
}

/// The attachments of `record` that `which` names (an entry id or its
/// first characters, or the stored hash's); all of them for `None`.
pub fn choose(store: &Store, record: RecordId, which: Option<&str>) -> Result<Vec<Listed>, AddError> {
    let state = store
        .record(record)?
        .ok_or_else(|| StoreError::NoRecord(record.to_string()))?;
    let mut all = list(&state);
    let Some(which) = which.map(str::trim) else {
        // The same file attached twice is one copy to write.
        let mut seen = std::collections::BTreeSet::new();
        all.retain(|l| seen.insert(l.attachment.sha256.clone()));
        return Ok(all);
    };
    let mut chosen: Vec<Listed> = all
        .into_iter()
        .filter(|l| {
            which.len() >= 4 && (l.entry.starts_with(which) || l.attachment.sha256.starts_with(which))
        })
        .collect();
    // The same file attached twice is one copy to write.
    let mut seen = std::collections::BTreeSet::new();
    chosen.retain(|l| seen.insert(l.attachment.sha256.clone()));
    if chosen.len() == 1 {
        Ok(chosen)
    } else {
        Err(AddError::NoAttachment(record, which.to_owned()))
    }
}

/// Writes copies of `chosen` into `dir` (never over a file: a name taken
/// gets a number), each recorded in the audit trail; the paths written.
pub fn export(
    store: &Store,
    record: RecordId,
    chosen: &[Listed],
    dir: &Path,
) -> Result<Vec<PathBuf>, AddError> {
    crate::store::create_private_dir(dir).map_err(|e| AddError::Write(dir.to_owned(), e))?;
    let mut written = Vec::new();
    for listed in chosen {
        let path = free_name(dir, &listed.attachment.copy_name());
        let write = |e| AddError::Write(path.clone(), e);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // A copy identifies its person: readable by the user alone.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(write)?;
        let result = store.read_blob(&listed.attachment.sha256, &mut |bytes| {
            std::io::Write::write_all(&mut file, bytes)
        });
        if let Err(e) = result.and_then(|()| file.sync_all().map_err(StoreError::Read)) {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(e.into());
        }
        // The folder, not the file's name (which may name the person).
        store.audit_export(
            "attachment exported",
            &format!(
                "record {record}, attachment {}, into the folder {}",
                listed.entry,
                dir.display()
            ),
            None,
            &[record],
        )?;
        written.push(path);
    }
    Ok(written)
}

/// `name` in `dir`, or `stem (2).ext`, `stem (3).ext` … when it is taken.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}
