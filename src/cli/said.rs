//! Errors said in the user's language: the store's, the files' (the
//! operating system's own words are English, so each kind of failure has
//! its sentence), the sync and erasure refusals; anything else as it was
//! written (the commands write their refusals from `assets/i18n` already).

use crate::i18n::{Arg, Texts};
use crate::store::StoreError;
use std::io::ErrorKind;

/// The sentence for an error, in `texts`' language: what the command
/// said around it (written from `assets/i18n`), then the first error
/// this module knows in words, in place of its English.
pub fn error(texts: &Texts, err: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in err.chain() {
        let known = if let Some(e) = cause.downcast_ref::<StoreError>() {
            Some(store(texts, e))
        } else if let Some(e) = cause.downcast_ref::<crate::sync::SyncError>() {
            Some(texts.render(&e.message()))
        } else {
            cause.downcast_ref::<std::io::Error>().map(|e| io(texts, e))
        };
        match known {
            Some(said) => {
                parts.push(said);
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    parts.join(": ")
}

/// The messages in the language chosen before the command line is read
/// (for the checks clap runs while reading it).
pub fn early_texts() -> &'static Texts {
    static TEXTS: std::sync::OnceLock<&'static Texts> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| Texts::get(super::early_lang()))
}

/// A command line clap could not read, said in the user's language (clap
/// has no translations of its own): what was wrong, with the words typed,
/// and where the help is. Help and version are printed as clap writes them.
pub fn command_line(texts: &Texts, e: &clap::Error) -> std::process::ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind as Kind};
    if matches!(
        e.kind(),
        Kind::DisplayHelp | Kind::DisplayVersion | Kind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return std::process::ExitCode::from(if e.kind() == Kind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        });
    }
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => crate::domain::visible::visible(s).into_owned(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let sentence = match e.kind() {
        Kind::UnknownArgument => texts.text("cli-err-unknown-argument", &[("arg", arg.into())]),
        Kind::InvalidSubcommand => texts.text(
            "cli-err-unknown-command",
            &[("command", context(ContextKind::InvalidSubcommand).into())],
        ),
        Kind::InvalidValue => texts.text(
            "cli-err-invalid-value",
            &[
                ("value", value.into()),
                ("arg", arg.into()),
                ("valid", context(ContextKind::ValidValue).into()),
            ],
        ),
        Kind::ValueValidation => {
            // The check's own sentence says what is wanted (in the user's language).
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let said = texts.text("cli-err-value", &[("value", value.into()), ("arg", arg.into())]);
            if why.is_empty() {
                said
            } else {
                format!("{said} {why}")
            }
        }
        Kind::MissingRequiredArgument => texts.text("cli-err-missing", &[("arg", arg.into())]),
        Kind::MissingSubcommand => texts.text("cli-err-missing-command", &[]),
        Kind::ArgumentConflict => texts.text(
            "cli-err-conflict",
            &[
                ("arg", arg.into()),
                ("other", context(ContextKind::PriorArg).into()),
            ],
        ),
        Kind::TooManyValues | Kind::WrongNumberOfValues | Kind::TooFewValues => {
            texts.text("cli-err-values", &[("arg", arg.into())])
        }
        _ => texts.text("cli-err-other", &[]),
    };
    eprintln!("intake: {sentence}");
    eprintln!("{}", texts.text("cli-err-help", &[]));
    std::process::ExitCode::from(2)
}

/// A store error in words.
pub fn store(texts: &Texts, e: &StoreError) -> String {
    let path = |p: &std::path::Path| Arg::from(p.display().to_string());
    if e.is_disk_full() {
        return texts.text("store-err-disk-full", &[]);
    }
    match e {
        StoreError::WrongPassphrase(p) => texts.text("store-err-wrong-passphrase", &[("path", path(p))]),
        StoreError::Exists(p) => texts.text("store-err-exists", &[("path", path(p))]),
        StoreError::Missing(p) => texts.text("store-err-missing", &[("path", path(p))]),
        StoreError::BadPassphrase => texts.text("store-err-bad-passphrase", &[]),
        StoreError::TooNew(p) => texts.text("store-err-too-new", &[("path", path(p))]),
        StoreError::NoProfile => texts.text("store-err-no-profile", &[]),
        StoreError::ProfileExists => texts.text("store-err-profile-exists", &[]),
        StoreError::NoRecord(id) => texts.text("store-err-no-record", &[("record", Arg::from(id.as_str()))]),
        StoreError::AmbiguousRecord(id) => {
            texts.text("store-err-ambiguous", &[("record", Arg::from(id.as_str()))])
        }
        StoreError::NoDevice(d) => texts.text("sync-err-no-device", &[("device", Arg::from(d.as_str()))]),
        StoreError::Equivocation(dot) => {
            texts.text("store-err-equivocation", &[("op", Arg::from(dot.to_string()))])
        }
        StoreError::Read(io_error) => io(texts, io_error),
        StoreError::Corrupt(_) | StoreError::Sqlite(_) => texts.text("store-err-damaged", &[]),
        StoreError::Migration(_) => texts.text("store-err-upgrade", &[]),
    }
}

/// A file that could not be read or written, by what went wrong.
pub fn io(texts: &Texts, e: &std::io::Error) -> String {
    let key = match e.kind() {
        ErrorKind::NotFound => "io-err-not-found",
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => "io-err-permission",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "io-err-full",
        ErrorKind::AlreadyExists => "io-err-exists",
        ErrorKind::IsADirectory => "io-err-directory",
        ErrorKind::NotADirectory => "io-err-not-directory",
        ErrorKind::UnexpectedEof | ErrorKind::InvalidData => "io-err-damaged",
        _ => "io-err-other",
    };
    texts.text(key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_store_error_is_said_in_every_language() {
        let p = std::path::PathBuf::from("/tmp/x.db");
        let all = [
            StoreError::WrongPassphrase(p.clone()),
            StoreError::Exists(p.clone()),
            StoreError::Missing(p.clone()),
            StoreError::BadPassphrase,
            StoreError::TooNew(p),
            StoreError::NoProfile,
            StoreError::ProfileExists,
            StoreError::NoRecord("01ab".into()),
            StoreError::AmbiguousRecord("01ab".into()),
            StoreError::NoDevice("01ab".into()),
            StoreError::Corrupt("x".into()),
            StoreError::Read(std::io::Error::from(ErrorKind::StorageFull)),
        ];
        for lang in [Lang::Ru, Lang::Kk] {
            let t = Texts::get(lang);
            for e in &all {
                let said = store(t, e);
                assert!(!said.is_empty() && !said.contains('\n'), "{e:?}");
                assert!(
                    said.chars()
                        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
                    "{lang:?} {e:?}: {said}"
                );
            }
        }
    }
}
