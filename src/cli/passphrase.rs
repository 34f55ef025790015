//! Where the passphrase comes from: `--passphrase-file`, `INTAKE_PASSPHRASE`,
//! or a prompt without echo. It is held as a `SecretString` and never printed.

use anyhow::{Context as _, bail};
use secrecy::{ExposeSecret, SecretString};
use std::io::IsTerminal;
use std::path::Path;
use zeroize::Zeroizing;

/// A passphrase given without a prompt (`--passphrase-file` or
/// `INTAKE_PASSPHRASE`), if any: the terminal UI asks for it itself.
pub fn given(file: Option<&Path>) -> anyhow::Result<Option<SecretString>> {
    if let Some(file) = file {
        let text = Zeroizing::new(
            std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the passphrase file {}", file.display()))?,
        );
        return Ok(Some(SecretString::from(
            text.lines().next().unwrap_or("").to_owned(),
        )));
    }
    Ok(std::env::var("INTAKE_PASSPHRASE").ok().map(SecretString::from))
}

/// The passphrase for the database at `db`; with `new`, a new one (asked
/// twice at a prompt, and at least [`crate::setup::MIN_PASSPHRASE`] characters).
pub fn obtain(file: Option<&Path>, db: &Path, new: bool) -> anyhow::Result<SecretString> {
    let secret = if let Some(given) = given(file)? {
        given
    } else if std::io::stdin().is_terminal() {
        let first = SecretString::from(rpassword::prompt_password(format!(
            "Passphrase for {}: ",
            db.display()
        ))?);
        if new {
            let again = SecretString::from(rpassword::prompt_password("The same passphrase again: ")?);
            if first.expose_secret() != again.expose_secret() {
                bail!("the two passphrases differ; nothing was created");
            }
        }
        first
    } else {
        bail!("no passphrase: set INTAKE_PASSPHRASE, give --passphrase-file FILE, or run in a terminal");
    };
    if secret.expose_secret().is_empty() {
        bail!("the passphrase is empty");
    }
    if new {
        crate::setup::check_new_passphrase(&secret, None)?;
    }
    Ok(secret)
}
