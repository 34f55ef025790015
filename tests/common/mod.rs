//! Helpers shared by the sync tests: devices with keys that can be
//! reused for a second database.

#![allow(dead_code)]

use ed25519_dalek::SigningKey;
use intake::domain::DeviceId;
use intake::store::{DeviceSecrets, Profile, Role, Store};
use intake::sync::keys;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

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

    /// A database with these keys.
    pub fn store(&self, worker: &str, role: Role, coordinator: Option<&Keys>) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let profile = Profile {
            device_id: self.device,
            role,
            worker: worker.to_owned(),
            org: "Test NGO".to_owned(),
            campaign: Some("kz-2026".to_owned()),
            coordinator_key: coordinator.map(Keys::age_key),
            created: "2026-01-01T00:00:00Z".to_owned(),
        };
        store.create_profile(&profile, &self.secrets()).unwrap();
        store
    }
}
