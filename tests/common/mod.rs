//! Helpers shared by the sync tests: devices with keys that can be
//! reused for a second database, and imports as a user makes them.

#![allow(dead_code)]

pub mod forge;

use ed25519_dalek::SigningKey;
use intake::domain::DeviceId;
use intake::store::{Coordinator, DeviceSecrets, Profile, Role, Store};
use intake::sync::keys;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// The passphrase of the test databases kept in files.
pub const PASS: &str = "test passphrase, long enough";

/// A device's keys, kept so that a second database can be made with the same ones.
pub struct Keys {
    pub device: DeviceId,
    pub seed: [u8; 32],
    pub identity: String,
}

impl Keys {
    pub fn new() -> Keys {
        let s = keys::generate().unwrap();
        Keys {
            device: DeviceId::new(),
            seed: *s.signing_key,
            identity: s.age_identity.expose_secret().to_owned(),
        }
    }

    pub fn secrets(&self) -> DeviceSecrets {
        DeviceSecrets {
            signing_key: Zeroizing::new(self.seed),
            age_identity: SecretString::from(self.identity.clone()),
        }
    }

    pub fn age_key(&self) -> String {
        keys::age_public_key(&self.secrets()).unwrap()
    }

    pub fn signing(&self) -> SigningKey {
        SigningKey::from_bytes(&self.seed)
    }

    /// A field laptop's pin of this coordinator.
    pub fn pin(&self) -> Coordinator {
        Coordinator {
            device: self.device,
            signing_key: *self.signing().verifying_key().as_bytes(),
            age_key: self.age_key(),
        }
    }

    /// A database with these keys.
    pub fn store(&self, worker: &str, role: Role, coordinator: Option<&Keys>) -> Store {
        self.store_in(Store::open_in_memory().unwrap(), worker, role, coordinator)
    }

    /// An encrypted database file with these keys (passphrase `PASS`).
    pub fn store_at(
        &self,
        path: &std::path::Path,
        worker: &str,
        role: Role,
        coordinator: Option<&Keys>,
    ) -> Store {
        let store = Store::create(path, &SecretString::from(PASS.to_owned())).unwrap();
        self.store_in(store, worker, role, coordinator)
    }

    fn store_in(&self, mut store: Store, worker: &str, role: Role, coordinator: Option<&Keys>) -> Store {
        let profile = Profile {
            device_id: self.device,
            role,
            worker: worker.to_owned(),
            org: "Test NGO".to_owned(),
            campaign: Some("kz-2026".to_owned()),
            coordinator: coordinator.map(Keys::pin),
            created: "2026-01-01T00:00:00Z".to_owned(),
        };
        store.create_profile(&profile, &self.secrets()).unwrap();
        store
    }
}

/// Imports a bundle from memory, trusting new devices or not, checking
/// values against the built-in form.
pub fn import(
    store: &mut Store,
    bundle: &[u8],
    trust_new: bool,
) -> Result<intake::sync::Imported, Box<intake::sync::Refusal>> {
    let options = intake::sync::Options {
        trust_new,
        form: intake::form::builtin().ok(),
        ..Default::default()
    };
    intake::sync::import(store, &intake::sync::Source::Bytes(bundle), &options)
}

/// Imports without checking values (the property tests write any value to any field).
pub fn import_unchecked(
    store: &mut Store,
    bundle: &[u8],
    trust_new: bool,
) -> Result<intake::sync::Imported, Box<intake::sync::Refusal>> {
    let options = intake::sync::Options {
        trust_new,
        unchecked: true,
        ..Default::default()
    };
    intake::sync::import(store, &intake::sync::Source::Bytes(bundle), &options)
}
