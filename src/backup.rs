//! Backups: one file (a tar archive, written and read as a stream) holding
//! a marker, a consistent copy of the database encrypted under the
//! passphrase in use, and, when the organisation keeps a recovery key,
//! that passphrase encrypted to it with age, so that a forgotten
//! passphrase does not lose the campaign. Nothing in the file is readable
//! without the passphrase or the recovery identity.

use crate::store::{Store, StoreError, remove_if_there, sibling};
use secrecy::{ExposeSecret, SecretString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The first member of every backup, and what it holds.
const MARKER_NAME: &str = "INTAKE-BACKUP";
const MARKER: &[u8] = b"intake backup 1\n";
/// The database copy inside a backup.
const DATABASE_NAME: &str = "intake.db";
/// The passphrase encrypted to the recovery keys, when there are any.
const RECOVERY_NAME: &str = "recovery.age";
/// The files a restore makes beside the database while it works.
const RESTORE_LEFTOVERS: [&str; 6] = ["", "-wal", "-shm", "-journal", ".rekey", ".rekey-journal"];
/// A recovery slip is a passphrase and age's header: never more than this.
const RECOVERY_MAX: u64 = 64 * 1024;

/// The setting that holds the organisation's recovery keys (`age1…`, one a line).
pub const RECOVERY_KEYS_SETTING: &str = "recovery-keys";
/// The setting that says after how many days without a backup the terminal
/// UI reminds on quit.
pub const REMINDER_DAYS_SETTING: &str = "backup-reminder-days";
/// The reminder's period when none was set.
pub const DEFAULT_REMINDER_DAYS: u32 = 7;

/// Why a backup could not be written or read, each a sentence's key.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The backup file (or the database to restore into) exists already.
    #[error("{} exists already; nothing was overwritten", .0.display())]
    Exists(PathBuf),
    /// Writing or reading a file.
    #[error("could not write or read the backup: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not an Intake backup (or not one this version reads).
    #[error("this file is not an Intake backup")]
    NotBackup,
    /// A backup whose database is missing or does not open as one.
    #[error("the backup is damaged: its database is missing or unreadable")]
    Damaged,
    /// The passphrase does not open the backup.
    #[error("the passphrase does not open this backup (it keeps the passphrase it was made with)")]
    WrongPassphrase,
    /// Recovery asked for, but the backup was made without a recovery key.
    #[error("this backup was made without a recovery key")]
    NoRecoverySlip,
    /// The recovery identity does not open the backup's slip.
    #[error("the recovery identity does not open this backup")]
    WrongIdentity,
    /// The backup is of another campaign than the one asked for.
    #[error("a backup of campaign {theirs}, not {ours}")]
    OtherCampaign {
        /// The campaign asked for.
        ours: String,
        /// The backup's.
        theirs: String,
    },
    /// A recovery key that is not an age public key.
    #[error("not an age public key")]
    NotAgeKey,
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    /// The message key saying it in the user's language (with `path`).
    pub fn message_key(&self) -> &'static str {
        match self {
            BackupError::Exists(_) => "backup-err-exists",
            BackupError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => "backup-err-disk-full",
            BackupError::Io(_) => "backup-err-io",
            BackupError::NotBackup => "backup-err-not-backup",
            BackupError::Damaged => "backup-err-damaged",
            BackupError::WrongPassphrase => "backup-err-passphrase",
            BackupError::NoRecoverySlip => "backup-err-no-slip",
            BackupError::WrongIdentity => "backup-err-identity",
            BackupError::OtherCampaign { .. } => "backup-err-campaign",
            BackupError::NotAgeKey => "backup-err-not-age",
            BackupError::Store(e) if e.is_disk_full() => "backup-err-disk-full",
            BackupError::Store(_) => "backup-err-io",
        }
    }
}

/// What a backup holds, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Bytes of the backup file.
    pub bytes: u64,
    /// Whether the passphrase went in encrypted to the recovery keys.
    pub recoverable: bool,
}

/// The organisation's recovery keys kept in the database.
pub fn recovery_keys(store: &Store) -> Result<Vec<String>, StoreError> {
    Ok(store
        .setting(RECOVERY_KEYS_SETTING)?
        .map(|v| v.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default())
}

/// Sets the recovery key (one: the organisation's), audited; `None` removes it.
pub fn set_recovery_key(store: &mut Store, key: Option<&str>) -> Result<Option<String>, BackupError> {
    let key = match key {
        Some(k) => Some(
            k.trim()
                .parse::<age::x25519::Recipient>()
                .map_err(|_| BackupError::NotAgeKey)?
                .to_string(),
        ),
        None => None,
    };
    store.set_setting(RECOVERY_KEYS_SETTING, key.as_deref().unwrap_or(""))?;
    Ok(key)
}

/// After how many days without a backup the terminal UI reminds on quit.
pub fn reminder_days(store: &Store) -> Result<u32, StoreError> {
    Ok(store
        .setting(REMINDER_DAYS_SETTING)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_REMINDER_DAYS))
}

/// Whether the last backup is older than the reminder's period on `now`
/// (or there was none yet, and the database holds records).
pub fn reminder_due(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
    let days = i64::from(reminder_days(store)?);
    if days == 0 {
        return Ok(false);
    }
    let last = store
        .setting(crate::store::LAST_BACKUP_SETTING)?
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok());
    Ok(match last {
        Some(t) => now.signed_duration_since(t) > chrono::Duration::days(days),
        None => store.count_records(&crate::store::RecordQuery::default(), Some(1))? > 0,
    })
}

/// Writes a backup of the database at `db` (open as `store`, unlocked with
/// `passphrase`) to the new file `out`: the copy goes first to a file
/// beside the database (encrypted, removed after), then into the archive
/// written as `out.partial` and renamed once complete.
pub fn write(
    store: &mut Store,
    db: &Path,
    passphrase: &SecretString,
    out: &Path,
) -> Result<Written, BackupError> {
    if out.exists() {
        return Err(BackupError::Exists(out.to_owned()));
    }
    // Names of this run's own: two backups at once (the terminal UI and a
    // command) never write into each other's files.
    let run = format!("{:016x}", rand_u64());
    let copy = sibling(db, &format!(".backup-copy-{run}"));
    let partial = sibling(out, &format!(".partial-{run}"));
    let result = (|| -> Result<Written, BackupError> {
        store.copy_to(&copy, passphrase)?;
        let keys = recovery_keys(store)?;
        let slip = if keys.is_empty() {
            None
        } else {
            Some(recovery_slip(&keys, passphrase)?)
        };
        let file = create_new(&partial)?;
        let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
        append_bytes(&mut tar, MARKER_NAME, MARKER)?;
        let mut db_file = std::fs::File::open(&copy)?;
        tar.append_file(DATABASE_NAME, &mut db_file)?;
        if let Some(slip) = &slip {
            append_bytes(&mut tar, RECOVERY_NAME, slip)?;
        }
        let file = tar
            .into_inner()?
            .into_inner()
            .map_err(|e| BackupError::Io(e.into_error()))?;
        file.sync_all()?;
        let bytes = file.metadata()?.len();
        drop(file);
        if out.exists() {
            return Err(BackupError::Exists(out.to_owned()));
        }
        std::fs::rename(&partial, out)?;
        crate::store::sync_folder(out);
        Ok(Written {
            bytes,
            recoverable: slip.is_some(),
        })
    })();
    for leftover in [copy.clone(), sibling(&copy, "-journal")] {
        let _ = remove_if_there(&leftover);
    }
    if result.is_err() {
        let _ = remove_if_there(&partial);
    }
    let written = result?;
    store.note_backup(&out.display().to_string())?;
    Ok(written)
}

/// The passphrase, encrypted to the recovery keys.
fn recovery_slip(keys: &[String], passphrase: &SecretString) -> Result<Vec<u8>, BackupError> {
    let recipients: Vec<age::x25519::Recipient> = keys
        .iter()
        .map(|k| k.parse().map_err(|_| BackupError::NotAgeKey))
        .collect::<Result<_, _>>()?;
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|_| BackupError::NotAgeKey)?;
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out)?;
    w.write_all(passphrase.expose_secret().as_bytes())?;
    w.finish()?;
    Ok(out)
}

/// How a restore unlocks the backup.
pub enum Unlock {
    /// With the passphrase the backup was made with.
    Passphrase(SecretString),
    /// With the organisation's recovery identity (`AGE-SECRET-KEY-1…`);
    /// the restored database is then re-encrypted under `new`.
    Recovery {
        /// The recovery identity.
        identity: SecretString,
        /// The new passphrase, checked by the caller.
        new: SecretString,
    },
}

/// What a restore put in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// When the backup was made (RFC 3339), as it says.
    pub made: Option<String>,
    /// The passphrase that opens the restored database is the new one.
    pub rekeyed: bool,
    /// The new device this laptop now is.
    pub device: crate::domain::DeviceId,
    /// The device the backup was made on.
    pub replaced: crate::domain::DeviceId,
    /// A coordinator's backup: a new incarnation with the same keys.
    pub coordinator: bool,
}

/// The backup `file` unpacked into `into` (a file beside the database
/// that does not exist yet) and its recovery slip, checked to be a backup.
fn unpack(file: &Path, into: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, BackupError> {
    let reader = std::fs::File::open(file)?;
    let mut archive = tar::Archive::new(std::io::BufReader::new(reader));
    let mut entries = archive.entries().map_err(|_| BackupError::NotBackup)?;
    let not_backup = |_| BackupError::NotBackup;
    let mut first = entries
        .next()
        .ok_or(BackupError::NotBackup)?
        .map_err(not_backup)?;
    let named = first.path().map_err(not_backup)?.to_string_lossy() == MARKER_NAME
        && first.header().entry_type().is_file();
    let mut marker = Vec::new();
    if !named
        || first.size() > 64
        || (&mut first).take(64).read_to_end(&mut marker).is_err()
        || marker != MARKER
    {
        return Err(BackupError::NotBackup);
    }
    let mut database = false;
    let mut slip = None;
    for entry in entries {
        let mut entry = entry.map_err(|_| BackupError::Damaged)?;
        // Plain files only: a sparse or linked entry could stand for more
        // (or other) bytes than the file holds.
        if !entry.header().entry_type().is_file() {
            return Err(BackupError::Damaged);
        }
        let name = entry
            .path()
            .map_err(|_| BackupError::Damaged)?
            .to_string_lossy()
            .into_owned();
        match name.as_str() {
            DATABASE_NAME if !database => {
                let mut out = create_new(into)?;
                std::io::copy(&mut entry, &mut out).map_err(|e| match e.kind() {
                    std::io::ErrorKind::StorageFull => BackupError::Io(e),
                    _ => BackupError::Damaged,
                })?;
                out.sync_all()?;
                database = true;
            }
            RECOVERY_NAME if slip.is_none() && entry.size() <= RECOVERY_MAX => {
                let mut bytes = Zeroizing::new(Vec::new());
                (&mut entry)
                    .take(RECOVERY_MAX)
                    .read_to_end(&mut bytes)
                    .map_err(|_| BackupError::Damaged)?;
                slip = Some(bytes);
            }
            _ => return Err(BackupError::Damaged),
        }
    }
    if !database {
        return Err(BackupError::Damaged);
    }
    Ok(slip)
}

/// The passphrase inside a recovery slip.
fn open_slip(slip: &[u8], identity: &SecretString) -> Result<SecretString, BackupError> {
    let identity: age::x25519::Identity = identity
        .expose_secret()
        .trim()
        .parse()
        .map_err(|_| BackupError::WrongIdentity)?;
    let decryptor = age::Decryptor::new(slip).map_err(|_| BackupError::Damaged)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|_| BackupError::WrongIdentity)?;
    let mut text = Zeroizing::new(String::new());
    (&mut reader)
        .take(RECOVERY_MAX)
        .read_to_string(&mut text)
        .map_err(|_| BackupError::Damaged)?;
    Ok(SecretString::from(text.as_str().to_owned()))
}

/// Puts the backup `file` in place as the database `db`, which must not
/// exist: unpacked beside it, opened (with the passphrase, or with the
/// passphrase the recovery identity finds in the backup, and then
/// re-encrypted under the new one), and renamed into place only then.
pub fn restore(file: &Path, db: &Path, unlock: &Unlock) -> Result<Restored, BackupError> {
    restore_of(file, db, unlock, None)
}

/// [`restore`], refusing (with nothing left behind) a backup of another
/// campaign than `campaign`, when one is given.
pub fn restore_of(
    file: &Path,
    db: &Path,
    unlock: &Unlock,
    campaign: Option<&str>,
) -> Result<Restored, BackupError> {
    if db.exists() {
        return Err(BackupError::Exists(db.to_owned()));
    }
    if let Some(dir) = db.parent() {
        crate::store::create_private_dir(dir)?;
    }
    let unpacked = sibling(db, ".restore");
    // What a killed restore left (its log would be replayed onto this one).
    for suffix in RESTORE_LEFTOVERS {
        remove_if_there(&sibling(&unpacked, suffix))?;
    }
    let result = (|| -> Result<Restored, BackupError> {
        let slip = unpack(file, &unpacked)?;
        let (passphrase, new) = match unlock {
            Unlock::Passphrase(p) => (p.clone(), None),
            Unlock::Recovery { identity, new } => {
                let slip = slip.ok_or(BackupError::NoRecoverySlip)?;
                (open_slip(&slip, identity)?, Some(new))
            }
        };
        let mut store = match Store::open(&unpacked, &passphrase) {
            Ok(s) => s,
            Err(StoreError::WrongPassphrase(_)) => return Err(BackupError::WrongPassphrase),
            Err(_) => return Err(BackupError::Damaged),
        };
        let profile = store.profile().map_err(|_| BackupError::Damaged)?;
        if let Some(ours) = campaign
            && profile.campaign.as_deref() != Some(ours)
        {
            return Err(BackupError::OtherCampaign {
                ours: ours.to_owned(),
                theirs: profile.campaign.clone().unwrap_or_default(),
            });
        }
        let coordinator = profile.role == crate::store::Role::Coordinator;
        let made = store.setting(crate::store::BACKUP_MADE_SETTING)?;
        // The computer the backup was made on may have gone on working
        // after it: its op numbers are never used again. A laptop gets new
        // keys too; a coordinator keeps its enrolment keys (every laptop
        // pinned them) and only numbers its ops anew, as a new incarnation.
        let secrets = if coordinator {
            store.device_secrets()?
        } else {
            crate::sync::keys::generate()
                .map_err(|e| BackupError::Io(std::io::Error::other(e.to_string())))?
        };
        let device = crate::domain::DeviceId::new();
        let old_key = ed25519_dalek::SigningKey::from_bytes(&store.device_secrets()?.signing_key);
        let tip = store.last_seq(profile.device_id)?;
        // What the old laptop did after its last bundle, signed with its key
        // as its own last statement: the restored laptop sends those ops on.
        // (Not for a coordinator: laptops may hold the old one's runs cut
        // longer; they send them back, and its ops go on from there.)
        let tail = match coordinator {
            true => None,
            false => crate::sync::provenance::next_own_statement(&store, &old_key, profile.device_id)
                .map_err(|_| BackupError::Damaged)?,
        };
        if let Some(tail) = &tail {
            let mut merge = store.merge()?;
            merge.put_statement(tail)?;
            merge.commit()?;
        }
        let replaced = store.succeed(device, &secrets, made.as_deref())?;
        // It says whom it succeeds, signed with the old laptop's key.
        let new_key = ed25519_dalek::SigningKey::from_bytes(&secrets.signing_key);
        let new_age = crate::sync::keys::age_public_key(&secrets)
            .map_err(|e| BackupError::Io(std::io::Error::other(e.to_string())))?;
        let claim = crate::sync::succession::Succession::sign(
            &old_key,
            replaced,
            device,
            &new_key.verifying_key(),
            &new_age,
            made.as_deref(),
            tip,
        );
        let json = serde_json::to_string(&claim)
            .map_err(|e| BackupError::Io(std::io::Error::other(e.to_string())))?;
        store.set_setting(crate::sync::succession::SUCCESSION_SETTING, &json)?;
        if let Some(new) = new {
            store
                .change_passphrase(&unpacked, &passphrase, new)
                .map_err(|_| BackupError::Damaged)?;
        }
        drop(store);
        // Closed cleanly, the log is folded into the file and gone; one
        // left would not follow the rename, so it stops the restore.
        if std::fs::metadata(sibling(&unpacked, "-wal")).is_ok_and(|m| m.len() > 0) {
            return Err(BackupError::Damaged);
        }
        if db.exists() {
            return Err(BackupError::Exists(db.to_owned()));
        }
        for suffix in ["-wal", "-shm"] {
            remove_if_there(&sibling(&unpacked, suffix))?;
        }
        std::fs::rename(&unpacked, db)?;
        crate::store::sync_folder(db);
        Ok(Restored {
            made,
            rekeyed: new.is_some(),
            device,
            replaced,
            coordinator,
        })
    })();
    if result.is_err() {
        for suffix in RESTORE_LEFTOVERS {
            let _ = remove_if_there(&sibling(&unpacked, suffix));
        }
    }
    result
}

fn append_bytes<W: Write>(tar: &mut tar::Builder<W>, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)
}

/// A random number for this run's file names.
fn rand_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // Without the system's randomness the time still keeps two runs apart.
    if getrandom::fill(&mut bytes).is_err() {
        return chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0) as u64;
    }
    u64::from_le_bytes(bytes)
}

/// A new file only the owner reads.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
