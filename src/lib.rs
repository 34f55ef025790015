//! Intake: offline, encrypted intake and case management for
//! statelessness identification campaigns.
//!
//! Layers, each using only those below it: `cli` → `sync`, `form`, `demo` →
//! `store` → `domain`.

pub mod attach;
pub mod backup;
pub mod cli;
pub mod config;
pub mod dedup;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod erasure;
pub mod form;
pub mod hygiene;
pub mod i18n;
pub mod referral;
pub mod report;
pub mod safe_csv;
pub mod setup;
pub mod store;
pub mod sync;
pub mod tui;

/// Helpers for tests and benchmarks: a store with a profile, without a prompt.
pub mod testing {
    use crate::domain::DeviceId;
    use crate::store::{Profile, Role, Store};

    /// Gives `store` a field-laptop profile with fresh keys for `worker`.
    pub fn with_profile(store: &mut Store, worker: &str) -> Profile {
        with_role(store, worker, Role::Field)
    }

    /// Gives `store` a profile in `role` with fresh keys for `worker`.
    pub fn with_role(store: &mut Store, worker: &str, role: Role) -> Profile {
        let profile = Profile {
            device_id: DeviceId::new(),
            role,
            worker: worker.to_owned(),
            org: "Test NGO".to_owned(),
            campaign: None,
            coordinator: None,
            created: "2026-01-01T00:00:00Z".to_owned(),
        };
        let secrets = crate::sync::keys::generate().expect("system random source");
        store
            .create_profile(&profile, &secrets)
            .expect("new store takes a profile");
        profile
    }
}
