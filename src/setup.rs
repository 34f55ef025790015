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

/// The weakest passphrase accepted for a database, as zxcvbn scores it
/// (3: about 10^10 guesses, which against SQLCipher's slow key derivation
/// is years of a stolen laptop's thief's computing).
pub const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;

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
    /// Passphrase too easy to guess (with what zxcvbn saw in it).
    #[error("the passphrase is too easy to guess; a lost laptop is only as safe as it")]
    WeakPassphrase(Option<zxcvbn::feedback::Warning>),
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
            SetupError::WeakPassphrase(why) => weak_passphrase(*why),
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

/// Why a passphrase is too weak, in words the user reads: zxcvbn's
/// finding (a keyboard row, a common password, a date …) when it has one.
fn weak_passphrase(why: Option<zxcvbn::feedback::Warning>) -> Message {
    use zxcvbn::feedback::Warning as W;
    let reason = match why {
        Some(W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess) => "keyboard",
        Some(W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => "repeats",
        Some(W::SequencesLikeAbcAreEasyToGuess) => "sequence",
        Some(W::ThisIsATop10Password | W::ThisIsATop100Password | W::ThisIsACommonPassword) => "common",
        Some(W::ThisIsSimilarToACommonlyUsedPassword) => "similar",
        Some(W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess) => "dates",
        Some(W::AWordByItselfIsEasyToGuess) => "word",
        Some(W::NamesAndSurnamesByThemselvesAreEasyToGuess | W::CommonNamesAndSurnamesAreEasyToGuess) => {
            "names"
        }
        _ => "short",
    };
    Message::new(format!("setup-err-weak-{reason}"), Vec::new())
}

/// A passphrase for a database: hard enough to guess (zxcvbn, at least
/// [`MIN_STRENGTH`]; the worker's and organisation's names count as
/// guessable), and typed the same twice.
pub fn check_new_passphrase(
    first: &SecretString,
    again: Option<&SecretString>,
    known: &[&str],
) -> Result<(), SetupError> {
    check_strength(first, known)?;
    if again.is_some_and(|a| a.expose_secret() != first.expose_secret()) {
        return Err(SetupError::PassphraseMismatch);
    }
    Ok(())
}

/// The strength rule alone; `known` are words an attacker would try first
/// (the worker's name, the organisation).
pub fn check_strength(passphrase: &SecretString, known: &[&str]) -> Result<(), SetupError> {
    // zxcvbn's work grows fast with the length: a long passphrase is judged
    // by its first 100 characters (if those are hard to guess, so is all).
    let secret: String = passphrase.expose_secret().chars().take(100).collect();
    let secret = zeroize::Zeroizing::new(secret);
    let found = zxcvbn::zxcvbn(&secret, known);
    if found.score() >= MIN_STRENGTH {
        return Ok(());
    }
    Err(SetupError::WeakPassphrase(
        found.feedback().and_then(|f| f.warning()),
    ))
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
    fn a_guessable_passphrase_is_refused_with_the_reason() {
        let weak = |p: &str| match check_strength(&SecretString::from(p.to_owned()), &["Нурлан"]) {
            Err(e) => e.message().key.into_owned(),
            Ok(()) => "accepted".to_owned(),
        };
        for reason in [
            "keyboard", "repeats", "sequence", "common", "similar", "dates", "word", "names", "short",
        ] {
            let key = format!("setup-err-weak-{reason}");
            for lang in [
                crate::i18n::Lang::En,
                crate::i18n::Lang::Ru,
                crate::i18n::Lang::Kk,
            ] {
                let said = crate::i18n::Texts::get(lang).text(&key, &[]);
                assert!(said.contains(' '), "{key} in {lang:?}: {said}");
            }
        }
        assert_eq!(weak("password"), "setup-err-weak-common");
        assert_eq!(weak("qwertyuiop"), "setup-err-weak-common");
        assert_eq!(weak("zxcvbnm,./"), "setup-err-weak-keyboard");
        assert_eq!(weak("aaaaaaaaaaaa"), "setup-err-weak-repeats");
        assert_eq!(weak("Нурлан1985"), "setup-err-weak-short");
        assert_eq!(weak("a1b2"), "setup-err-weak-short");
        assert_eq!(
            weak(&"a".repeat(101)),
            "setup-err-weak-repeats",
            "long is not enough"
        );
        for strong in [
            "tundra lamp 7 orbit",
            "Жаңа бақша 1998 терезе",
            "a passphrase for tests",
        ] {
            assert_eq!(weak(strong), "accepted", "{strong}");
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
            check_new_passphrase(&short, None, &[]),
            Err(SetupError::WeakPassphrase(_))
        ));
        let good = SecretString::from("tundra lamp 7 orbit".to_owned());
        let other = SecretString::from("tundra lamp 7 orbiT".to_owned());
        assert!(matches!(
            check_new_passphrase(&good, Some(&other), &[]),
            Err(SetupError::PassphraseMismatch)
        ));
        assert!(check_new_passphrase(&good, Some(&good), &[]).is_ok());
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
