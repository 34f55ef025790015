//! The profile of this laptop (role, worker, organisation, campaign) and its
//! keys at rest, inside the encrypted database.

use super::{Result, Store, StoreError};
use crate::domain::{DeviceId, Hlc};
use rusqlite::{OptionalExtension, params};
use secrecy::SecretString;
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

/// What this laptop is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A field worker's laptop: records people, exports bundles.
    Field,
    /// The coordinator's: imports bundles, resolves, reports.
    Coordinator,
}

impl Role {
    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Field => "field",
            Role::Coordinator => "coordinator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "field" => Ok(Role::Field),
            "coordinator" => Ok(Role::Coordinator),
            other => Err(StoreError::Corrupt(format!("role {other}"))),
        }
    }
}

/// The public part of the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// This database's device id.
    pub device_id: DeviceId,
    /// Field laptop or coordinator.
    pub role: Role,
    /// The worker's name or id, written as the author of every op.
    pub worker: String,
    /// The organisation.
    pub org: String,
    /// The campaign id, if set.
    pub campaign: Option<String>,
    /// The age public key bundles are encrypted to (field laptops).
    pub coordinator_key: Option<String>,
    /// When the profile was made (RFC 3339).
    pub created: String,
}

/// The device's private keys, wiped from memory when dropped.
pub struct DeviceSecrets {
    /// Ed25519 signing key seed.
    pub signing_key: Zeroizing<[u8; 32]>,
    /// The age X25519 identity (`AGE-SECRET-KEY-1…`).
    pub age_identity: SecretString,
}

impl Store {
    /// Writes the profile and keys of a new database.
    pub fn create_profile(&mut self, profile: &Profile, secrets: &DeviceSecrets) -> Result<()> {
        use secrecy::ExposeSecret;
        let tx = self.conn.transaction()?;
        let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM profile)", [], |r| r.get(0))?;
        if exists {
            return Err(StoreError::ProfileExists);
        }
        tx.execute(
            "INSERT INTO profile (id, device_id, role, worker, org, campaign, signing_key, age_identity,
                                  coordinator_key, next_seq, hlc, created)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, 0, ?9)",
            params![
                profile.device_id.to_string(),
                profile.role.as_str(),
                profile.worker,
                profile.org,
                profile.campaign,
                &secrets.signing_key[..],
                secrets.age_identity.expose_secret(),
                profile.coordinator_key,
                profile.created,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The profile, or [`StoreError::NoProfile`].
    pub fn profile(&self) -> Result<Profile> {
        self.conn
            .query_row(
                "SELECT device_id, role, worker, org, campaign, coordinator_key, created FROM profile",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()?
            .ok_or(StoreError::NoProfile)
            .and_then(
                |(device, role, worker, org, campaign, coordinator_key, created)| {
                    Ok(Profile {
                        device_id: device
                            .parse()
                            .map_err(|_| StoreError::Corrupt("device id".into()))?,
                        role: role.parse()?,
                        worker,
                        org,
                        campaign,
                        coordinator_key,
                        created,
                    })
                },
            )
    }

    /// Sets (or replaces) the age public key bundles are encrypted to.
    pub fn set_coordinator_key(&self, key: &str) -> Result<()> {
        self.conn
            .execute("UPDATE profile SET coordinator_key = ?1", [key])?;
        Ok(())
    }

    /// The device's private keys.
    pub fn device_secrets(&self) -> Result<DeviceSecrets> {
        let (key, identity): (Vec<u8>, String) = self
            .conn
            .query_row("SELECT signing_key, age_identity FROM profile", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or(StoreError::NoProfile)?;
        let key = Zeroizing::new(key);
        let signing_key: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Corrupt("signing key length".into()))?;
        Ok(DeviceSecrets {
            signing_key: Zeroizing::new(signing_key),
            age_identity: SecretString::from(identity),
        })
    }

    /// The next op sequence number and the clock, read inside a write transaction.
    pub(super) fn clock_state(tx: &rusqlite::Transaction<'_>) -> Result<(u64, Hlc)> {
        tx.query_row("SELECT next_seq, hlc FROM profile", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
        .ok_or(StoreError::NoProfile)
        .map(|(seq, hlc)| (seq.max(1) as u64, Hlc(hlc.max(0) as u64)))
    }
}
