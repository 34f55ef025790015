//! Where the passphrase comes from (`--passphrase-file`, `INTAKE_PASSPHRASE`,
//! or a prompt without echo), and `intake passphrase change`. A passphrase
//! is held as a `SecretString` and never printed.

use crate::i18n::{Arg, Texts};
use crate::store::{Store, StoreError};
use anyhow::bail;
use clap::Subcommand;
use secrecy::{ExposeSecret, SecretString};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// `intake passphrase …`.
#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Re-encrypt the database under a new passphrase (asked twice without echo, or read from a file)
    Change {
        /// Read the new passphrase from this file (its first line) instead of asking
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
}

/// The first line of a passphrase file.
pub(super) fn read_file(texts: &Texts, file: &Path) -> anyhow::Result<SecretString> {
    match std::fs::read_to_string(file) {
        Ok(text) => {
            let text = Zeroizing::new(text);
            Ok(SecretString::from(text.lines().next().unwrap_or("").to_owned()))
        }
        Err(_) => bail!(texts.text(
            "passphrase-err-file",
            &[("path", Arg::from(file.display().to_string()))]
        )),
    }
}

/// A passphrase given without a prompt (`--passphrase-file` or
/// `INTAKE_PASSPHRASE`), if any: the terminal UI asks for it itself.
pub fn given(texts: &Texts, file: Option<&Path>) -> anyhow::Result<Option<SecretString>> {
    if let Some(file) = file {
        return read_file(texts, file).map(Some);
    }
    Ok(std::env::var("INTAKE_PASSPHRASE").ok().map(SecretString::from))
}

/// Asks at the terminal, without echo.
fn prompt(texts: &Texts, key: &str, db: &Path) -> anyhow::Result<SecretString> {
    let question = texts.text(key, &[("path", Arg::from(db.display().to_string()))]);
    Ok(SecretString::from(rpassword::prompt_password(format!(
        "{question} "
    ))?))
}

/// A new passphrase typed twice at a prompt, the same both times.
fn prompt_twice(texts: &Texts, first: &str, again: &str, db: &Path) -> anyhow::Result<SecretString> {
    let one = prompt(texts, first, db)?;
    let two = prompt(texts, again, db)?;
    if one.expose_secret() != two.expose_secret() {
        bail!(texts.text("passphrase-err-differ", &[]));
    }
    Ok(one)
}

/// The passphrase for the database at `db`; with `new`, a new one (asked
/// twice at a prompt, and hard enough to guess: [`crate::setup::check_strength`],
/// where `known` are the worker's and organisation's names).
pub fn obtain(
    texts: &Texts,
    file: Option<&Path>,
    db: &Path,
    new: bool,
    known: &[&str],
) -> anyhow::Result<SecretString> {
    let secret = if let Some(given) = given(texts, file)? {
        given
    } else if std::io::stdin().is_terminal() {
        if new {
            prompt_twice(texts, "passphrase-prompt-new", "passphrase-prompt-new-again", db)?
        } else {
            prompt(texts, "passphrase-prompt", db)?
        }
    } else {
        bail!(texts.text("passphrase-err-none", &[]));
    };
    if secret.expose_secret().is_empty() {
        bail!(texts.text("passphrase-err-empty", &[]));
    }
    if new {
        crate::setup::check_strength(&secret, known)
            .map_err(|e| anyhow::anyhow!(texts.render(&e.message())))?;
    }
    Ok(secret)
}

/// `intake passphrase change`: opens the database with the passphrase in
/// use, asks for the new one (twice) and re-encrypts the file under it.
pub fn change(ctx: &super::Context, new_file: Option<&Path>) -> anyhow::Result<()> {
    let texts = ctx.texts;
    let path = ctx.db_path();
    if !path.exists() {
        return Err(StoreError::Missing(path).into());
    }
    let current = obtain(texts, ctx.passphrase_file(), &path, false, &[])?;
    let mut store = Store::open(&path, &current)?;
    let profile = store.profile()?;
    let new = match new_file {
        Some(file) => read_file(texts, file)?,
        None if std::io::stdin().is_terminal() => prompt_twice(
            texts,
            "passphrase-prompt-new",
            "passphrase-prompt-new-again",
            &path,
        )?,
        None => bail!(texts.text("passphrase-err-no-new", &[])),
    };
    if new.expose_secret() == current.expose_secret() {
        bail!(texts.text("passphrase-err-same", &[]));
    }
    crate::setup::check_strength(&new, &[profile.worker.as_str(), profile.org.as_str()])
        .map_err(|e| anyhow::anyhow!(texts.render(&e.message())))?;
    store
        .change_passphrase(&path, &current, &new)
        .map_err(|e| anyhow::anyhow!(texts.text(e.message_key(), &[])))?;
    outln!(
        "{}",
        texts.text(
            "passphrase-changed",
            &[("path", Arg::from(path.display().to_string()))]
        )
    );
    Ok(())
}
