//! Why an export or import did not happen, each a sentence a person can
//! act on, in their language: [`SyncError::message`] gives its message
//! key and values, and a refused import names the device it came from
//! (worker and key fingerprint) with [`Refusal`].

use super::bundle::{BundleError, FORMAT};
use super::enrol::EnrolError;
use super::keys::KeyError;
use crate::domain::DeviceId;
use crate::domain::visible::visible;
use crate::i18n::{Arg, Message, Texts};
use crate::store::{Cloned, StoreError};

/// Why an export or import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The bundle itself.
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// An enrolment string.
    #[error(transparent)]
    Enrol(#[from] EnrolError),
    /// A field laptop without its coordinator pinned.
    #[error(
        "this laptop has no coordinator yet: add it with `intake keys set-coordinator`, pasting the line starting intake-coordinator1 from the coordinator's `intake keys`"
    )]
    NoCoordinator,
    /// A bundle of another campaign.
    #[error("this bundle belongs to campaign “{theirs}”, this database to “{ours}”")]
    WrongCampaign {
        /// This database's campaign.
        ours: String,
        /// The bundle's.
        theirs: String,
    },
    /// Signed with a key that is not the device's enrolled one.
    #[error("it is signed with another key than the one enrolled for that device")]
    KeyMismatch,
    /// From a revoked device.
    #[error("that device's key is revoked; its bundles are refused")]
    Revoked,
    /// A return bundle for another laptop.
    #[error("this return bundle is for device {0}, not for this laptop")]
    ForAnotherDevice(DeviceId),
    /// A return bundle for a device not trusted here.
    #[error("device {0} is not trusted here; trust it (`intake devices trust`) before sending it anything")]
    NotTrusted(DeviceId),
    /// Not encrypted to this device (its header does not list this key).
    #[error("this bundle's header does not list this device's key among its recipients")]
    NotForUs,
    /// A bundle this device wrote itself.
    #[error("this bundle was made on this computer")]
    FromThisDevice,
    /// A field laptop is sent something that is not its coordinator's return bundle.
    #[error("a field laptop imports return bundles from its own coordinator only")]
    NotFromCoordinator,
    /// It says it is the coordinator, but is not signed with the coordinator's pinned key.
    #[error("it says it comes from this laptop's coordinator but is not signed with the coordinator's key")]
    ImpostorCoordinator,
    /// The coordinator is sent a return bundle.
    #[error("a return bundle is for a field laptop, not for the coordinator")]
    ReturnToCoordinator,
    /// A statement or run that does not verify: a forgery or a damaged
    /// bundle (why, a message of the `sync-why-` family).
    #[error("{0}")]
    Forged(Message),
    /// Two histories under one device (the first): a copied laptop.
    #[error("{}: the laptop was copied, or its key is in someone else's hands", cloned_message(.1))]
    Fork(DeviceId, Cloned),
    /// One half of an import stopped because the other did (whose reason is
    /// the one given; this one is said only if that reason was lost).
    #[error("the import stopped before its end: nothing was imported")]
    Stopped,
    /// A receipt acknowledging what this laptop never sent.
    #[error("its receipt acknowledges changes this laptop never sent (up to number {0})")]
    ForgedReceipt(u64),
    /// A redacted op of a record that is not erased.
    #[error("it carries values erased from a record that was never erased")]
    UnexplainedRedaction,
    /// From a laptop not trusted yet, with changes to a person erased
    /// here: not kept in quarantine.
    #[error(
        "it comes from a laptop not trusted yet and holds changes to a person whose data was erased here, so it is not kept; trust the laptop (`intake devices trust`) and import it again"
    )]
    HoldsErased,
    /// The disk holding the database is full.
    #[error("the disk holding the database is full: nothing was imported")]
    DatabaseDiskFull,
    /// Writing the file.
    #[error("could not write the bundle: {0}")]
    Io(#[from] std::io::Error),
}

fn m(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
    Message::new(key, args)
}

impl SyncError {
    /// The sentence, as a message key and its values.
    pub fn message(&self) -> Message {
        match self {
            SyncError::Bundle(b) => bundle_message(b),
            SyncError::Store(e) if e.is_disk_full() => m("sync-err-db-full", vec![]),
            SyncError::Store(StoreError::NoDevice(d)) => {
                m("sync-err-no-device", vec![("device", d.as_str().into())])
            }
            SyncError::Store(e) => m("sync-err-store", vec![("reason", e.to_string().into())]),
            SyncError::Key(_) => m("sync-err-key", vec![]),
            SyncError::Enrol(EnrolError::BareAgeKey) => m("sync-err-bare-age-key", vec![]),
            SyncError::Enrol(EnrolError::Mistyped) => m("sync-err-mistyped", vec![]),
            SyncError::NoCoordinator => m("sync-err-no-coordinator", vec![]),
            SyncError::WrongCampaign { ours, theirs } => m(
                "sync-err-campaign",
                vec![
                    ("ours", visible(ours).into_owned().into()),
                    ("theirs", visible(theirs).into_owned().into()),
                ],
            ),
            SyncError::KeyMismatch => m("sync-err-key-mismatch", vec![]),
            SyncError::Revoked => m("sync-err-revoked", vec![]),
            SyncError::ForAnotherDevice(d) => {
                m("sync-err-for-another", vec![("device", d.to_string().into())])
            }
            SyncError::NotTrusted(d) => m("sync-err-not-trusted", vec![("device", d.to_string().into())]),
            SyncError::NotForUs => m("sync-err-not-for-us", vec![]),
            SyncError::FromThisDevice => m("sync-err-from-here", vec![]),
            SyncError::NotFromCoordinator => m("sync-err-not-coordinator", vec![]),
            SyncError::ImpostorCoordinator => m("sync-err-impostor", vec![]),
            SyncError::ReturnToCoordinator => m("sync-err-return-to-coordinator", vec![]),
            SyncError::Forged(why) => m("sync-err-forged", vec![("what", Arg::Message(why.clone()))]),
            SyncError::Fork(_, how) => m("sync-err-fork", vec![("what", Arg::Message(cloned_message(how)))]),
            SyncError::Stopped => m("sync-err-stopped", vec![]),
            SyncError::ForgedReceipt(upto) => m("sync-err-receipt", vec![("upto", (*upto).into())]),
            SyncError::UnexplainedRedaction => m("sync-err-redaction", vec![]),
            SyncError::HoldsErased => m("sync-err-holds-erased", vec![]),
            SyncError::DatabaseDiskFull => m("sync-err-db-full", vec![]),
            SyncError::Io(e) => m("sync-err-io", vec![("reason", e.to_string().into())]),
        }
    }
}

fn bundle_message(b: &BundleError) -> Message {
    match b {
        BundleError::NotABundle => m("sync-err-not-a-bundle", vec![]),
        BundleError::WrongRecipient => m("sync-err-wrong-recipient", vec![]),
        BundleError::Damaged => m("sync-err-damaged", vec![]),
        BundleError::UnknownFormat(f) => m(
            "sync-err-format",
            vec![
                ("format", visible(f).into_owned().into()),
                ("ours", FORMAT.into()),
            ],
        ),
        BundleError::TooLarge(n) => m("sync-err-too-large", vec![("bytes", (*n).into())]),
        BundleError::BadHeader(why) => m("sync-err-header", vec![("reason", Arg::Message(why.clone()))]),
        BundleError::BadSignature => m("sync-err-signature", vec![]),
        BundleError::PayloadHash => m("sync-err-payload", vec![]),
        BundleError::BadOps(why) => m("sync-err-ops", vec![("reason", Arg::Message(why.clone()))]),
        BundleError::ChangedMeanwhile => m("sync-err-changed-meanwhile", vec![]),
        BundleError::Io(e) => m("sync-err-io", vec![("reason", e.to_string().into())]),
        BundleError::Encrypt(e) => m("sync-err-io", vec![("reason", e.clone().into())]),
    }
}

/// How a device was found to have two histories, in words.
pub fn cloned_message(how: &Cloned) -> Message {
    match *how {
        Cloned::TwoBundles { bundle } => m("sync-cloned-two-bundles", vec![("bundle", bundle.into())]),
        Cloned::BrokenChain { bundle } => m(
            "sync-cloned-broken-chain",
            vec![
                ("bundle", bundle.into()),
                ("before", bundle.saturating_sub(1).into()),
            ],
        ),
        Cloned::TwoOps { seq } => m("sync-cloned-two-ops", vec![("seq", seq.into())]),
        Cloned::TwoHistories {
            first,
            last,
            other_first,
            other_last,
        } => m(
            "sync-cloned-two-histories",
            vec![
                ("first", first.into()),
                ("last", last.into()),
                ("other_first", other_first.into()),
                ("other_last", other_last.into()),
            ],
        ),
        Cloned::Noted => m("sync-cloned-noted", vec![]),
    }
}

/// The device a bundle says it comes from, once its header's signature
/// has been checked (its worker's name is the sender's own text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    /// Its device id.
    pub device: DeviceId,
    /// Its worker, as the bundle names them.
    pub worker: String,
    /// The fingerprint of the key that signed the bundle.
    pub fingerprint: String,
    /// The laptop it says (with that laptop's signature) it was restored
    /// from, and the backup's date.
    pub replaces: Option<(DeviceId, Option<String>)>,
}

impl Sender {
    /// "Нурлан Б. (key 3f2a 91c0 …, device 0193a1b2)", with anything that
    /// could drive the terminal made visible.
    pub fn describe(&self, texts: &Texts) -> String {
        texts.text(
            "sync-sender",
            &[
                ("worker", visible(&self.worker).into_owned().into()),
                ("key", self.fingerprint.as_str().into()),
                ("device", self.device.short().into()),
            ],
        )
    }
}

/// A refused import: why, and from whom when the header could be read.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render(Texts::get(crate::i18n::Lang::En)))]
pub struct Refusal {
    /// The device it says it comes from (`None`: not even the header could be read).
    pub sender: Option<Sender>,
    /// Why.
    pub error: SyncError,
}

impl Refusal {
    /// One sentence in the language of `texts`.
    pub fn render(&self, texts: &Texts) -> String {
        let reason = texts.render(&self.error.message());
        match &self.sender {
            Some(s) => texts.text(
                "sync-refused-from",
                &[("from", s.describe(texts).into()), ("reason", reason.into())],
            ),
            None => texts.text("sync-refused", &[("reason", reason.into())]),
        }
    }
}

macro_rules! refusal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Refusal {
            fn from(e: $t) -> Self {
                Refusal {
                    sender: None,
                    error: e.into(),
                }
            }
        }

        impl From<$t> for Box<Refusal> {
            fn from(e: $t) -> Self {
                Box::new(Refusal::from(e))
            }
        }
    )*};
}

refusal_from!(SyncError, BundleError, StoreError, KeyError, std::io::Error);
