//! Export and import: which ops go into a bundle, and what a verified
//! bundle does to the database — merged in one transaction with its id,
//! quarantined until its device is trusted, or refused — decided before
//! anything is written.

use super::bundle::{self, BundleError, Header, Kind, Limits, Verified};
use super::keys::{self, KeyError};
use crate::domain::{DeviceId, Op};
use crate::store::{ApplySummary, BundleEntry, Store, StoreError, Trust};
use ed25519_dalek::SigningKey;
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::str::FromStr;

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
    /// A field laptop without the coordinator's key.
    #[error(
        "this laptop has no coordinator key yet, so there is no one to encrypt the bundle to; add it with `intake keys set-coordinator AGE_PUBLIC_KEY`"
    )]
    NoCoordinatorKey,
    /// A bundle of another campaign.
    #[error("this bundle belongs to campaign “{theirs}”, this database to “{ours}”")]
    WrongCampaign {
        /// This database's campaign.
        ours: String,
        /// The bundle's.
        theirs: String,
    },
    /// Signed with a key that is not the device's enrolled one.
    #[error(
        "this bundle says it comes from device {0} but is signed with another key than the one enrolled for that device"
    )]
    KeyMismatch(DeviceId),
    /// From a revoked device.
    #[error("device {0} is revoked; its bundles are refused")]
    Revoked(DeviceId),
    /// Not encrypted to this device (its header does not list this key).
    #[error("this bundle's header does not list this device's key among its recipients")]
    NotForUs,
    /// Writing the file.
    #[error("could not write the bundle: {0}")]
    Io(#[from] std::io::Error),
}

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    /// The header as signed.
    pub header: Header,
}

/// What importing one bundle did.
#[derive(Debug, PartialEq, Eq)]
pub enum Imported {
    /// Merged.
    Merged {
        /// The sending device.
        device: DeviceId,
        /// What changed.
        summary: ApplySummary,
        /// The device was trusted by this import (`--trust-new-devices`).
        newly_trusted: bool,
    },
    /// Merged before: nothing changed.
    AlreadyImported,
    /// From a device not yet trusted: kept aside, not merged.
    Quarantined {
        /// The device.
        device: DeviceId,
        /// Its signing key's fingerprint, to compare with the one the laptop shows.
        fingerprint: String,
    },
}

/// Writes a bundle of this device's log to `out`: every op not yet
/// acknowledged by the coordinator (or every op, with `all`), encrypted to
/// the coordinator's key. Recorded in the audit trail.
pub fn export<W: Write>(store: &mut Store, out: W, all: bool) -> Result<Exported, SyncError> {
    let profile = store.profile()?;
    let coordinator = profile
        .coordinator_key
        .clone()
        .ok_or(SyncError::NoCoordinatorKey)?;
    let recipients = vec![keys::parse_recipient(&coordinator)?];
    let secrets = store.device_secrets()?;
    let signing = SigningKey::from_bytes(&secrets.signing_key);
    let acked: HashMap<DeviceId, u64> = if all {
        HashMap::new()
    } else {
        store.acknowledged()?.into_iter().collect()
    };
    let (sequence, previous) = match store.last_export(profile.device_id)? {
        Some((seq, hash)) => (seq + 1, Some(hash)),
        None => (1, None),
    };
    let header = Header {
        format: bundle::FORMAT.to_owned(),
        kind: Kind::Device,
        campaign: profile.campaign.clone(),
        device: profile.device_id,
        worker: profile.worker.clone(),
        signing_key: bundle::hex(signing.verifying_key().as_bytes()),
        key_fingerprint: keys::fingerprint(&signing.verifying_key()),
        age_key: keys::age_public_key(&secrets)?,
        recipients: vec![bundle::recipient_fingerprint(&coordinator)],
        bundle_id: uuid::Uuid::now_v7().to_string(),
        sequence,
        previous,
        for_device: None,
        ranges: Vec::new(),
        receipt: Vec::new(),
        ops: 0,
        payload_sha256: String::new(),
        payload_bytes: 0,
        plain_bytes: 0,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: store.schema_version()?,
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let reader: &Store = store;
    let mut each = |emit: &mut dyn FnMut(&Op) -> std::io::Result<()>| -> Result<(), SyncError> {
        reader.each_op(&mut |op| {
            if acked.get(&op.dot.device).is_some_and(|&upto| op.dot.seq <= upto) {
                return Ok(());
            }
            emit(op).map_err(|e| StoreError::Corrupt(e.to_string()))
        })?;
        Ok(())
    };
    let (header, hash) = bundle::write(out, header, &signing, &recipients, &mut each)?;
    store.note_bundle(
        &BundleEntry {
            id: header.bundle_id.clone(),
            device: header.device,
            sequence: header.sequence,
            hash,
            status: "exported",
            ops: header.ops,
        },
        None,
    )?;
    store.audit(
        "export",
        &format!(
            "bundle {} (number {}) with {} ops, encrypted to {}",
            header.bundle_id,
            header.sequence,
            header.ops,
            header.recipients.join(", ")
        ),
    )?;
    Ok(Exported { header })
}

/// Imports one bundle: everything is checked first (envelope, format,
/// signature, hash, ops, campaign, the device's key and trust); then it is
/// merged in one transaction that also records its id, or — from a device
/// not yet trusted — quarantined. `trust_new` trusts an unknown device on the way.
pub fn import<R: Read>(store: &mut Store, input: R, trust_new: bool) -> Result<Imported, SyncError> {
    let profile = store.profile()?;
    let secrets = store.device_secrets()?;
    let identity = age::x25519::Identity::from_str(secrets.age_identity.expose_secret())
        .map_err(|_| KeyError::Identity)?;
    let inner = bundle::decrypt(input, &identity, Limits::default())?;
    let verified = bundle::verify(&inner, Limits::default())?;
    let own_key = bundle::recipient_fingerprint(&identity.to_public().to_string());
    if !verified.header.recipients.contains(&own_key) {
        return Err(SyncError::NotForUs);
    }
    if let (Some(ours), Some(theirs)) = (&profile.campaign, &verified.header.campaign)
        && ours != theirs
    {
        return Err(SyncError::WrongCampaign {
            ours: ours.clone(),
            theirs: theirs.clone(),
        });
    }
    if store.bundle_status(&verified.header.bundle_id)?.as_deref() == Some("merged") {
        return Ok(Imported::AlreadyImported);
    }
    let device = verified.header.device;
    let key = *verified.key.as_bytes();
    let trust = match store.peer(device)? {
        Some(peer) if peer.signing_key != key => return Err(SyncError::KeyMismatch(device)),
        Some(peer) => peer.trust,
        None => Trust::Unknown,
    };
    match trust {
        Trust::Revoked => Err(SyncError::Revoked(device)),
        Trust::Trusted => merge(store, &verified, false),
        Trust::Unknown => {
            store.meet_peer(device, &key, &verified.header.age_key, &verified.header.worker)?;
            if trust_new {
                store.set_trust(device, Trust::Trusted)?;
                return merge(store, &verified, true);
            }
            store.note_bundle(&entry(&verified, "quarantined"), Some(&inner))?;
            Ok(Imported::Quarantined {
                device,
                fingerprint: verified.header.key_fingerprint.clone(),
            })
        }
    }
}

fn entry(verified: &Verified, status: &'static str) -> BundleEntry {
    BundleEntry {
        id: verified.header.bundle_id.clone(),
        device: verified.header.device,
        sequence: verified.header.sequence,
        hash: verified.hash.clone(),
        status,
        ops: verified.header.ops,
    }
}

fn merge(store: &mut Store, verified: &Verified, newly_trusted: bool) -> Result<Imported, SyncError> {
    let summary = store.apply_noting(&verified.ops, Some(&entry(verified, "merged")))?;
    Ok(Imported::Merged {
        device: verified.header.device,
        summary,
        newly_trusted,
    })
}

/// Trusts a device and merges the bundles of it that waited in quarantine
/// (each checked again), oldest first.
pub fn trust(store: &mut Store, device: DeviceId) -> Result<Vec<ApplySummary>, SyncError> {
    store.set_trust(device, Trust::Trusted)?;
    let mut merged = Vec::new();
    for (_, inner) in store.quarantined(device)? {
        let verified = bundle::verify(&inner, Limits::default())?;
        merged.push(store.apply_noting(&verified.ops, Some(&entry(&verified, "merged")))?);
    }
    Ok(merged)
}
