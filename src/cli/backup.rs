//! `intake backup --out FILE`, `intake restore FILE` and the
//! organisation's recovery key (`intake keys recovery …`).

use super::Context;
use crate::backup::{self, BackupError, Unlock};
use crate::i18n::{Arg, Texts};
use std::path::{Path, PathBuf};

/// Arguments of `intake backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The new backup file (never overwritten), e.g. on a USB stick
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Arguments of `intake restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file
    pub file: PathBuf,
    /// The passphrase is forgotten: open the backup with the organisation's
    /// recovery identity (a file holding AGE-SECRET-KEY-1…) and choose a new passphrase
    #[arg(long, value_name = "FILE")]
    pub recovery_identity: Option<PathBuf>,
    /// With --recovery-identity: read the new passphrase from this file instead of asking
    #[arg(long, value_name = "FILE", requires = "recovery_identity")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Restore it only if it is a backup of this campaign (its id, as in `intake init --campaign`)
    #[arg(long, value_name = "ID")]
    pub campaign: Option<String>,
}

/// `intake keys recovery …`.
#[derive(Debug, clap::Subcommand)]
pub enum RecoveryCommand {
    /// Encrypt the passphrase of every backup from now on to this age public key too
    Set {
        /// The organisation's recovery `age1…` key (its identity is kept in a safe)
        key: String,
    },
    /// Stop doing so
    Remove,
    /// The recovery key, if any
    Show,
}

fn refusal(t: &Texts, e: &BackupError, path: &Path) -> anyhow::Error {
    let mut args = vec![("path", Arg::from(path.display().to_string()))];
    if let BackupError::OtherCampaign { ours, theirs } = e {
        args.push((
            "ours",
            Arg::from(crate::domain::visible::visible(ours).into_owned()),
        ));
        args.push((
            "theirs",
            Arg::from(crate::domain::visible::visible(theirs).into_owned()),
        ));
    }
    anyhow::anyhow!(t.text(e.message_key(), &args))
}

/// Runs `intake backup`.
pub fn backup(ctx: &Context, args: BackupArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    if args.out.exists() {
        return Err(refusal(t, &BackupError::Exists(args.out.clone()), &args.out));
    }
    let db = ctx.db_path();
    let (mut store, passphrase) = ctx.open_with_passphrase()?;
    let written =
        backup::write(&mut store, &db, &passphrase, &args.out).map_err(|e| refusal(t, &e, &args.out))?;
    let mb = format!("{:.1}", written.bytes as f64 / 1e6);
    outln!(
        "{}",
        t.text(
            "backup-written",
            &[
                ("path", Arg::from(args.out.display().to_string())),
                ("mb", Arg::from(mb))
            ]
        )
    );
    let key = if written.recoverable {
        "backup-recoverable"
    } else {
        "backup-not-recoverable"
    };
    outln!("{}", t.text(key, &[]));
    Ok(())
}

/// Runs `intake restore`.
pub fn restore(ctx: &Context, args: RestoreArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    let db = ctx.db_path();
    if db.exists() {
        return Err(refusal(t, &BackupError::Exists(db.clone()), &db));
    }
    if !args.file.is_file() {
        return Err(refusal(t, &BackupError::NotBackup, &args.file));
    }
    let unlock = match &args.recovery_identity {
        None => Unlock::Passphrase(super::passphrase::obtain(
            t,
            ctx.passphrase_file(),
            &args.file,
            false,
            &[],
        )?),
        Some(identity_file) => {
            let identity = identity_in(t, identity_file)?;
            let new = match &args.new_passphrase_file {
                Some(f) => super::passphrase::read_file(t, f)?,
                None => super::passphrase::obtain(t, None, &db, true, &[])?,
            };
            crate::setup::check_strength(&new, &[]).map_err(|e| anyhow::anyhow!(t.render(&e.message())))?;
            Unlock::Recovery { identity, new }
        }
    };
    let restored = backup::restore_of(&args.file, &db, &unlock, args.campaign.as_deref())
        .map_err(|e| refusal(t, &e, &args.file))?;
    outln!(
        "{}",
        t.text(
            if restored.coordinator {
                "restore-done-coordinator"
            } else {
                "restore-done"
            },
            &[
                ("path", Arg::from(db.display().to_string())),
                ("made", Arg::from(restored.made.unwrap_or_default())),
                ("device", Arg::from(restored.device.to_string())),
                ("replaced", Arg::from(restored.replaced.short())),
            ]
        )
    );
    if restored.rekeyed {
        outln!("{}", t.text("restore-rekeyed", &[]));
    }
    Ok(())
}

/// The identity in an age identity file (as `age-keygen` writes it: its
/// `# created` and `# public key` comments are skipped).
fn identity_in(t: &Texts, file: &Path) -> anyhow::Result<secrecy::SecretString> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(file).map_err(|_| {
        anyhow::anyhow!(t.text(
            "passphrase-err-file",
            &[("path", Arg::from(file.display().to_string()))]
        ))
    })?);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    Ok(secrecy::SecretString::from(line.to_owned()))
}

/// Runs `intake keys recovery …`.
pub fn recovery(ctx: &Context, command: RecoveryCommand) -> anyhow::Result<()> {
    let t = ctx.texts;
    let mut store = ctx.open()?;
    match command {
        RecoveryCommand::Set { key } => {
            let set = backup::set_recovery_key(&mut store, Some(&key)).map_err(|e| {
                anyhow::anyhow!(t.text(
                    e.message_key(),
                    &[(
                        "path",
                        Arg::from(crate::domain::visible::visible(key.trim()).into_owned())
                    )]
                ))
            })?;
            outln!(
                "{}",
                t.text("recovery-set", &[("key", Arg::from(set.unwrap_or_default()))])
            );
        }
        RecoveryCommand::Remove => {
            backup::set_recovery_key(&mut store, None)
                .map_err(|e| anyhow::anyhow!(t.text(e.message_key(), &[])))?;
            outln!("{}", t.text("recovery-removed", &[]));
        }
        RecoveryCommand::Show => match backup::recovery_keys(&store)?.first() {
            Some(k) => outln!("{k}"),
            None => outln!("{}", t.text("recovery-none", &[])),
        },
    }
    Ok(())
}
