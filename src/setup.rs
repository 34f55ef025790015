//! Making a new device: the checks on what a newcomer types (role, names,
//! campaign, the coordinator's key, the passphrase), then the encrypted
//! database with its profile and fresh keys. `intake init` and the terminal
//! UI's first-run screens both come here.

use crate::domain::DeviceId;
use crate::i18n::{Arg, Message};
use crate::store::{Profile, Role, Store, StoreError};
use crate::sync::enrol::{EnrolError, parse_coordinator};
use crate::sync::keys;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};

/// The shortest passphrase accepted for a new database.
pub const MIN_PASSPHRASE: usize = 8;

/// What a new device is set up with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewDevice {
    /// Field laptop or coordinator.
    pub role: Option<Role>,
    /// The worker's name (the author of every change made here).
    pub worker: String,
    /// The organisation.
    pub org: String,
    /// The campaign id, if any.
    pub campaign: String,
    /// The coordinator's enrolment string (`intake-coordinator1…`, field
    /// laptops; may come later).
    pub coordinator_key: String,
}

/// Why a device cannot be made as given; each reads as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A name that is empty, too long or has control characters.
    #[error("the {0} must be 1 to 100 characters without control characters")]
    Label(&'static str),
    /// No role chosen.
    #[error("choose a role: field laptop or coordinator")]
    NoRole,
    /// A coordinator was given a coordinator key.
    #[error("a coordinator key is for field laptops; a coordinator has its own key")]
    KeyOnCoordinator,
    /// The keys could not be made.
    #[error("{0}")]
    Key(#[from] keys::KeyError),
    /// Not the coordinator's enrolment string.
    #[error("{0}")]
    Enrol(#[from] EnrolError),
    /// Passphrase too short.
    #[error(
        "the passphrase must have at least {MIN_PASSPHRASE} characters; a lost laptop is only as safe as it"
    )]
    ShortPassphrase,
    /// The two passphrases differ.
    #[error("the two passphrases differ")]
    PassphraseMismatch,
    /// The database could not be made.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SetupError {
    /// The message to show, in any language.
    pub fn message(&self) -> Message {
        match self {
            SetupError::Label("organisation") => Message::new("setup-err-org", vec![]),
            SetupError::Label("campaign") => Message::new("setup-err-campaign", vec![]),
            SetupError::Label(_) => Message::new("setup-err-worker", vec![]),
            SetupError::NoRole => Message::new("setup-err-role", vec![]),
            SetupError::KeyOnCoordinator => Message::new("setup-err-key-on-coordinator", vec![]),
            SetupError::Key(_) => Message::new("setup-err-store", vec![]),
            SetupError::Enrol(EnrolError::BareAgeKey) => Message::new("setup-err-bare-age-key", vec![]),
            SetupError::Enrol(EnrolError::Mistyped) => Message::new("setup-err-key", vec![]),
            SetupError::ShortPassphrase => {
                Message::new("setup-err-short", vec![("min", Arg::from(MIN_PASSPHRASE))])
            }
            SetupError::PassphraseMismatch => Message::new("setup-err-mismatch", vec![]),
            SetupError::Store(StoreError::Exists(path)) => Message::new(
                "setup-err-exists",
                vec![("path", Arg::from(path.display().to_string()))],
            ),
            SetupError::Store(_) => Message::new("setup-err-store", vec![]),
        }
    }
}

fn label(what: &'static str, text: &str) -> Result<String, SetupError> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 100 || t.chars().any(char::is_control) {
        return Err(SetupError::Label(what));
    }
    Ok(t.to_owned())
}

/// A passphrase for a new database: long enough, and typed the same twice.
pub fn check_new_passphrase(first: &SecretString, again: Option<&SecretString>) -> Result<(), SetupError> {
    if first.expose_secret().chars().count() < MIN_PASSPHRASE {
        return Err(SetupError::ShortPassphrase);
    }
    if again.is_some_and(|a| a.expose_secret() != first.expose_secret()) {
        return Err(SetupError::PassphraseMismatch);
    }
    Ok(())
}

impl NewDevice {
    /// Checks everything typed, before anything is written or asked.
    pub fn profile(&self) -> Result<Profile, SetupError> {
        let role = self.role.ok_or(SetupError::NoRole)?;
        let worker = label("worker name", &self.worker)?;
        let org = label("organisation", &self.org)?;
        let campaign = (!self.campaign.trim().is_empty())
            .then(|| label("campaign", &self.campaign))
            .transpose()?;
        let key = self.coordinator_key.trim();
        let coordinator_key = match (key.is_empty(), role) {
            (true, _) => None,
            (false, Role::Coordinator) => return Err(SetupError::KeyOnCoordinator),
            (false, Role::Field) => Some(parse_coordinator(key)?),
        };
        Ok(Profile {
            device_id: DeviceId::new(),
            role,
            worker,
            org,
            campaign,
            coordinator: coordinator_key,
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }
}

/// Creates the encrypted database at `path` with `profile` and fresh keys;
/// never overwrites, and leaves nothing behind if it fails half-way.
pub fn create(path: &Path, passphrase: &SecretString, profile: &Profile) -> Result<Store, SetupError> {
    if path.exists() {
        return Err(StoreError::Exists(path.to_owned()).into());
    }
    let secrets = keys::generate()?;
    let mut store = Store::create(path, passphrase)?;
    if let Err(e) = store.create_profile(profile, &secrets) {
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(PathBuf::from(format!("{}{suffix}", path.display())));
        }
        return Err(e.into());
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device() -> NewDevice {
        NewDevice {
            role: Some(Role::Field),
            worker: " Нурлан Б. ".into(),
            org: "Legal Aid".into(),
            ..NewDevice::default()
        }
    }

    #[test]
    fn what_a_newcomer_types_is_checked_before_anything_is_written() {
        let p = device().profile().unwrap();
        assert_eq!(p.worker, "Нурлан Б.");
        assert_eq!(p.campaign, None);
        let no_role = NewDevice {
            role: None,
            ..device()
        };
        assert!(matches!(no_role.profile(), Err(SetupError::NoRole)));
        let empty = NewDevice {
            org: "  ".into(),
            ..device()
        };
        assert!(matches!(empty.profile(), Err(SetupError::Label("organisation"))));
        let bad_key = NewDevice {
            coordinator_key: "age1nope".into(),
            ..device()
        };
        assert!(matches!(
            bad_key.profile(),
            Err(SetupError::Enrol(EnrolError::BareAgeKey))
        ));
        let coordinator = NewDevice {
            role: Some(Role::Coordinator),
            coordinator_key: "age1x".into(),
            ..device()
        };
        assert!(matches!(coordinator.profile(), Err(SetupError::KeyOnCoordinator)));
        let short = SecretString::from("short".to_owned());
        assert!(matches!(
            check_new_passphrase(&short, None),
            Err(SetupError::ShortPassphrase)
        ));
        let good = SecretString::from("long enough".to_owned());
        let other = SecretString::from("long enougH".to_owned());
        assert!(matches!(
            check_new_passphrase(&good, Some(&other)),
            Err(SetupError::PassphraseMismatch)
        ));
        assert!(check_new_passphrase(&good, Some(&good)).is_ok());
    }

    #[test]
    fn a_database_is_made_once_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/intake.db");
        let pass = SecretString::from("long enough".to_owned());
        let profile = device().profile().unwrap();
        let store = create(&path, &pass, &profile).unwrap();
        assert_eq!(store.profile().unwrap().worker, "Нурлан Б.");
        drop(store);
        assert!(matches!(
            create(&path, &pass, &profile),
            Err(SetupError::Store(StoreError::Exists(_)))
        ));
    }
}
