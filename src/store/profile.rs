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
    /// The coordinator this laptop is pinned to (field laptops): bundles
    /// are encrypted to it, and return bundles are believed only from it.
    pub coordinator: Option<Coordinator>,
    /// When the profile was made (RFC 3339).
    pub created: String,
}

/// The coordinator a field laptop is pinned to, from its enrolment string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coordinator {
    /// Its device id (its ops carry it).
    pub device: DeviceId,
    /// Its Ed25519 public key: return bundles and its ops must verify with it.
    pub signing_key: [u8; 32],
    /// Its age public key: bundles are encrypted to it.
    pub age_key: String,
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
                                  coordinator_key, coordinator_device, coordinator_signing_key, next_seq, hlc, created)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, 0, ?11)",
            params![
                profile.device_id.to_string(),
                profile.role.as_str(),
                profile.worker,
                profile.org,
                profile.campaign,
                &secrets.signing_key[..],
                secrets.age_identity.expose_secret(),
                profile.coordinator.as_ref().map(|c| c.age_key.clone()),
                profile.coordinator.as_ref().map(|c| c.device.to_string()),
                profile.coordinator.as_ref().map(|c| c.signing_key.to_vec()),
                profile.created,
            ],
        )?;
        // The device's own ops are in the log from its first edit on; its
        // number is known from the start so that its statements can be kept.
        tx.execute(
            "INSERT OR IGNORE INTO devices (id) VALUES (?1)",
            [profile.device_id.to_string()],
        )?;
        let num: i64 = tx.query_row(
            "SELECT num FROM devices WHERE id = ?1",
            [profile.device_id.to_string()],
            |r| r.get(0),
        )?;
        tx.commit()?;
        self.device_nums.insert(profile.device_id, num);
        Ok(())
    }

    /// Makes this database a new device with `device` and `secrets` (a
    /// laptop restored from a backup: the old one's op numbers may have
    /// been used after the backup was made, so they are never used again).
    /// The old identity is kept as a predecessor, with the backup's date;
    /// returns the old device id. The coordinator pin stays.
    pub fn succeed(
        &mut self,
        device: DeviceId,
        secrets: &DeviceSecrets,
        backup_made: Option<&str>,
    ) -> Result<DeviceId> {
        use secrecy::ExposeSecret;
        let tx = self.conn.transaction()?;
        let (old, seq): (String, i64) = tx
            .query_row("SELECT device_id, next_seq FROM profile", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or(StoreError::NoProfile)?;
        tx.execute(
            "INSERT INTO predecessors (device_id, signing_key, age_identity, next_seq, backup_made, replaced)
             SELECT device_id, signing_key, age_identity, next_seq, ?1, ?2 FROM profile",
            params![backup_made, super::peers::now()],
        )?;
        tx.execute(
            "UPDATE profile SET device_id = ?1, signing_key = ?2, age_identity = ?3, next_seq = 1",
            params![
                device.to_string(),
                &secrets.signing_key[..],
                secrets.age_identity.expose_secret()
            ],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO devices (id) VALUES (?1)",
            [device.to_string()],
        )?;
        let num: i64 = tx.query_row(
            "SELECT num FROM devices WHERE id = ?1",
            [device.to_string()],
            |r| r.get(0),
        )?;
        super::peers::audit(
            &tx,
            "restored as a new device",
            &format!("{device} replaces {old} (its ops up to {})", seq - 1),
        )?;
        tx.commit()?;
        self.device_nums.insert(device, num);
        old.parse()
            .map_err(|_| StoreError::Corrupt(format!("device id {old}")))
    }

    /// The devices this database was before it was restored as a new one:
    /// (device, backup's date), oldest first.
    pub fn predecessors(&self) -> Result<Vec<(DeviceId, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device_id, backup_made FROM predecessors ORDER BY replaced")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, DeviceId>(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The profile, or [`StoreError::NoProfile`].
    pub fn profile(&self) -> Result<Profile> {
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<Vec<u8>>,
            String,
        );
        let row: Row = self
            .conn
            .query_row(
                "SELECT device_id, role, worker, org, campaign, coordinator_key, coordinator_device,
                        coordinator_signing_key, created FROM profile",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                },
            )
            .optional()?
            .ok_or(StoreError::NoProfile)?;
        let (device, role, worker, org, campaign, age_key, coordinator_device, coordinator_key, created) =
            row;
        // A coordinator key set before keys were pinned (an age key alone)
        // is no pin: such a laptop is asked for the enrolment string.
        let coordinator = match (age_key, coordinator_device, coordinator_key) {
            (Some(age_key), Some(device), Some(key)) => Some(Coordinator {
                device: device
                    .parse()
                    .map_err(|_| StoreError::Corrupt("coordinator device id".into()))?,
                signing_key: key
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("coordinator key length".into()))?,
                age_key,
            }),
            _ => None,
        };
        Ok(Profile {
            device_id: device
                .parse()
                .map_err(|_| StoreError::Corrupt("device id".into()))?,
            role: role.parse()?,
            worker,
            org,
            campaign,
            coordinator,
            created,
        })
    }

    /// Pins (or replaces) the coordinator this laptop encrypts bundles to
    /// and believes return bundles from.
    pub fn set_coordinator(&self, c: &Coordinator) -> Result<()> {
        self.conn.execute(
            "UPDATE profile SET coordinator_key = ?1, coordinator_device = ?2, coordinator_signing_key = ?3",
            params![c.age_key, c.device.to_string(), &c.signing_key[..]],
        )?;
        Ok(())
    }

    /// The escrow keys every bundle from here is also encrypted to.
    pub fn escrow_keys(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key FROM escrow_keys ORDER BY added, key")?;
        let keys = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    /// Adds an escrow key (`false`: it was there already); audited.
    pub fn add_escrow_key(&self, key: &str) -> Result<bool> {
        let tx = self.conn.unchecked_transaction()?;
        let added = tx.execute(
            "INSERT INTO escrow_keys (key, added, author) VALUES (?1, ?2, (SELECT worker FROM profile))
             ON CONFLICT DO NOTHING",
            params![key, super::peers::now()],
        )? > 0;
        if added {
            super::peers::audit(&tx, "escrow key added", key)?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Removes an escrow key (`false`: it was not there); audited.
    pub fn remove_escrow_key(&self, key: &str) -> Result<bool> {
        let tx = self.conn.unchecked_transaction()?;
        let removed = tx.execute("DELETE FROM escrow_keys WHERE key = ?1", [key])? > 0;
        if removed {
            super::peers::audit(&tx, "escrow key removed", key)?;
        }
        tx.commit()?;
        Ok(removed)
    }

    /// This device's clock and the newest time it has seen: a clock far
    /// behind that time was set back (say so before work is dated wrong).
    pub fn clock_behind(&self) -> Result<Option<u64>> {
        let hlc: i64 = self
            .conn
            .query_row("SELECT hlc FROM profile", [], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NoProfile)?;
        let seen = Hlc(hlc.max(0) as u64).millis();
        let now = Hlc::now_millis();
        Ok((seen > now.saturating_add(Hlc::AHEAD_MS)).then(|| seen - now))
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
