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
    /// A return bundle for another laptop.
    #[error("this return bundle is for device {0}, not for this laptop")]
    ForAnotherDevice(DeviceId),
    /// A return bundle for a device not trusted here.
    #[error("device {0} is not trusted here; trust it (`intake devices trust`) before sending it anything")]
    NotTrusted(DeviceId),
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
    export_with_escrow(store, out, all, &[])
}

/// [`export`], also encrypted to `escrow` (age public keys from the
/// configuration, so that a lost coordinator key loses nothing).
pub fn export_with_escrow<W: Write>(
    store: &mut Store,
    out: W,
    all: bool,
    escrow: &[String],
) -> Result<Exported, SyncError> {
    let coordinator = store
        .profile()?
        .coordinator_key
        .ok_or(SyncError::NoCoordinatorKey)?;
    let mut recipients = vec![coordinator];
    recipients.extend(escrow.iter().map(|k| k.trim().to_owned()));
    let acked: HashMap<DeviceId, u64> = if all {
        HashMap::new()
    } else {
        store.acknowledged()?.into_iter().collect()
    };
    // Erasures always travel: an op redacted by one must never reach a
    // database without the erasure that explains its missing value.
    let include =
        |op: &Op| op.is_erasure() || acked.get(&op.dot.device).is_none_or(|&upto| op.dot.seq > upto);
    write_bundle(store, out, Kind::Device, &recipients, None, Vec::new(), &include)
}

/// Writes a return bundle for `device` (on the coordinator): every op of
/// the records that device worked on which it did not make itself —
/// resolutions, status changes, other laptops' edits — and a receipt of
/// every op the coordinator holds, encrypted to that device's key.
pub fn export_for<W: Write>(store: &mut Store, out: W, device: DeviceId) -> Result<Exported, SyncError> {
    let peer = store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()))?;
    if peer.trust != Trust::Trusted {
        return Err(SyncError::NotTrusted(device));
    }
    let records = store.records_touched_by(device)?;
    let receipt = store
        .receipt()?
        .into_iter()
        .map(|(device, upto)| bundle::Range {
            device,
            first: 1,
            last: upto,
            count: upto,
        })
        .collect();
    let include = |op: &Op| op.dot.device != device && records.contains(&op.record);
    write_bundle(
        store,
        out,
        Kind::Return,
        std::slice::from_ref(&peer.age_key),
        Some(device),
        receipt,
        &include,
    )
}

/// Writes a bundle of the ops `include` keeps, encrypted to `recipients`.
fn write_bundle<W: Write>(
    store: &mut Store,
    out: W,
    kind: Kind,
    recipients: &[String],
    for_device: Option<DeviceId>,
    receipt: Vec<bundle::Range>,
    include: &dyn Fn(&Op) -> bool,
) -> Result<Exported, SyncError> {
    let profile = store.profile()?;
    let sealed_to = recipients
        .iter()
        .map(|r| keys::parse_recipient(r))
        .collect::<Result<Vec<_>, _>>()?;
    let secrets = store.device_secrets()?;
    let signing = SigningKey::from_bytes(&secrets.signing_key);
    let (sequence, previous) = match store.last_export(profile.device_id)? {
        Some((seq, hash)) => (seq + 1, Some(hash)),
        None => (1, None),
    };
    let header = Header {
        format: bundle::FORMAT.to_owned(),
        kind,
        campaign: profile.campaign.clone(),
        device: profile.device_id,
        worker: profile.worker.clone(),
        signing_key: bundle::hex(signing.verifying_key().as_bytes()),
        key_fingerprint: keys::fingerprint(&signing.verifying_key()),
        age_key: keys::age_public_key(&secrets)?,
        recipients: recipients
            .iter()
            .map(|r| bundle::recipient_fingerprint(r))
            .collect(),
        bundle_id: uuid::Uuid::now_v7().to_string(),
        sequence,
        previous,
        for_device,
        ranges: Vec::new(),
        receipt,
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
            if !include(op) {
                return Ok(());
            }
            emit(op).map_err(|e| StoreError::Corrupt(e.to_string()))
        })?;
        Ok(())
    };
    let (header, hash) = bundle::write(out, header, &signing, &sealed_to, &mut each)?;
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
    let whom = match for_device {
        Some(device) => format!("return bundle for device {device}"),
        None => "bundle".to_owned(),
    };
    store.audit(
        "export",
        &format!(
            "{whom} {} (number {}) with {} ops, encrypted to {}",
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
    let checked = bundle::check(&inner, Limits::default())?;
    if store.bundle_status(&checked.header.bundle_id)?.as_deref() == Some("merged") {
        return Ok(Imported::AlreadyImported);
    }
    let verified = checked.verify_ops()?;
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
    if let Some(target) = verified.header.for_device.filter(|d| *d != profile.device_id) {
        return Err(SyncError::ForAnotherDevice(target));
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
    let summary = apply(store, verified)?;
    Ok(Imported::Merged {
        device: verified.header.device,
        summary,
        newly_trusted,
    })
}

/// Merges a verified bundle from a trusted device; a return bundle's
/// receipt tells the next export which ops it may leave out.
fn apply(store: &mut Store, verified: &Verified) -> Result<ApplySummary, SyncError> {
    let summary = store.apply_noting(&verified.ops, Some(&entry(verified, "merged")))?;
    if verified.header.kind == Kind::Return {
        for range in verified.header.receipt.iter().filter(|r| r.first == 1) {
            store.acknowledge(range.device, range.last)?;
        }
    }
    Ok(summary)
}

/// Trusts a device and merges the bundles of it that waited in quarantine
/// (each checked again), oldest first.
pub fn trust(store: &mut Store, device: DeviceId) -> Result<Vec<ApplySummary>, SyncError> {
    store.set_trust(device, Trust::Trusted)?;
    let mut merged = Vec::new();
    for (_, inner) in store.quarantined(device)? {
        let verified = bundle::verify(&inner, Limits::default())?;
        merged.push(apply(store, &verified)?);
    }
    Ok(merged)
}
