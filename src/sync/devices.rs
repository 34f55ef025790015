//! The coordinator's decisions about devices, written as ops of the device
//! registry so that they travel to every laptop: trusting a device (its
//! enrolment, with its keys) together with merging what waited in
//! quarantine, revoking its key from a point on, and granting records.

use super::import::{self, Imported, Options, Source};
use super::refusal::{Refusal, SyncError};
use super::registry_ops::{enrol_in, enrolment};
use crate::domain::registry::{self, REGISTRY, Revocation};
use crate::domain::{DeviceId, FieldPath, RecordId};
use crate::store::{Peer, Role, Store, StoreError, Trust};
use serde_json::Value;

fn coordinator_only(store: &Store) -> Result<(), SyncError> {
    match store.profile()?.role {
        Role::Coordinator => Ok(()),
        Role::Field => Err(SyncError::NotFromCoordinator),
    }
}

/// What trusting a device did.
#[derive(Debug)]
pub struct Trusted {
    /// Each quarantined bundle, merged or refused, oldest first.
    pub bundles: Vec<Result<Imported, Box<Refusal>>>,
}

/// Trusts a device and merges the bundles of it that waited in
/// quarantine, oldest first: the first that merges does so in one
/// transaction with the device's enrolment; a bundle refused now is noted
/// refused and leaves quarantine. With none to merge, the device is
/// enrolled alone.
pub fn trust(store: &mut Store, device: DeviceId, options: &Options<'_>) -> Result<Trusted, SyncError> {
    coordinator_only(store)?;
    let peer = store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()))?;
    if peer.trust == Trust::Revoked {
        return Err(SyncError::Revoked);
    }
    let mut bundles = Vec::new();
    let mut enrolled = peer.trust == Trust::Trusted;
    for id in store.quarantined(device)? {
        let mut copy = tempfile::tempfile()?;
        store.copy_quarantined(&id, &mut copy)?;
        let source = Source::File(copy);
        let opts = Options {
            trust: Some(device),
            from_quarantine: Some(id.clone()),
            ..options.clone()
        };
        let done = import::import(store, &source, &opts);
        match &done {
            Ok(Imported::Merged { .. }) => enrolled = true,
            Ok(_) => {}
            Err(_) => store.end_quarantine(&id, "refused")?,
        }
        bundles.push(done);
    }
    if !enrolled {
        let mut merge = store.merge()?;
        enrol_in(&mut merge, device, &peer.signing_key, &peer.age_key, &peer.worker)?;
        merge.commit()?;
    }
    Ok(Trusted { bundles })
}

/// Why the coordinator revokes a laptop's key: one of three, so that every
/// laptop can say it in its own language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevokeReason {
    /// Lost or stolen: whoever holds it may hold its key.
    Lost,
    /// Broken: it will not send again.
    Broken,
    /// Its worker left the campaign.
    Left,
}

impl RevokeReason {
    /// Every reason, in the order the devices screen offers them.
    pub const ALL: [RevokeReason; 3] = [RevokeReason::Lost, RevokeReason::Broken, RevokeReason::Left];

    /// The word kept in the revocation (and read back by [`RevokeReason::said`]).
    pub fn code(self) -> &'static str {
        match self {
            RevokeReason::Lost => "lost",
            RevokeReason::Broken => "broken",
            RevokeReason::Left => "left",
        }
    }

    /// The reason's words in the user's language.
    pub fn message_key(self) -> &'static str {
        match self {
            RevokeReason::Lost => "revoke-reason-lost",
            RevokeReason::Broken => "revoke-reason-broken",
            RevokeReason::Left => "revoke-reason-left",
        }
    }

    /// The text a revocation keeps: the reason's word, then the note.
    pub fn stored(self, note: Option<&str>) -> String {
        match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(note) => format!("{}: {note}", self.code()),
            None => self.code().to_owned(),
        }
    }

    /// The text a revocation keeps when a laptop restored from a backup
    /// replaced the revoked one (read back by [`replaced_by`]).
    pub fn replaced(new: DeviceId, backup_made: Option<&str>) -> String {
        format!("replaced: {new} {}", backup_made.unwrap_or("?"))
    }

    /// A kept revocation's reason and note, when it was one of the three.
    pub fn said(text: &str) -> Option<(RevokeReason, Option<&str>)> {
        let (code, note) = match text.split_once(": ") {
            Some((code, note)) => (code, Some(note)),
            None => (text, None),
        };
        RevokeReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .map(|r| (r, note))
    }
}

/// A kept revocation's successor and backup date, when a restored laptop
/// replaced the revoked one (see [`RevokeReason::replaced`]).
pub fn replaced_by(text: &str) -> Option<(&str, &str)> {
    text.strip_prefix("replaced: ")?.split_once(' ')
}

/// Revokes a device's key: its ops numbered up to the end of the unbroken
/// run held here (from its first) stand, later ones are refused by every
/// database the registry reaches — so that a number the thief sent far
/// ahead, before the theft was known, does not keep the numbers it skipped
/// open for later. Written as the coordinator's op, with who, when and why.
pub fn revoke(store: &mut Store, device: DeviceId, reason: &str) -> Result<Peer, SyncError> {
    coordinator_only(store)?;
    let peer = store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()))?;
    let after = store.held_prefix(device)?;
    let reason: String = reason
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(500)
        .collect();
    let value = serde_json::to_value(Revocation {
        key: hex::encode(peer.signing_key),
        after,
        reason,
    })
    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut merge = store.merge()?;
    if peer.trust != Trust::Trusted {
        // Enrolled first, so that the registry knows the key it revokes.
        enrol_in(&mut merge, device, &peer.signing_key, &peer.age_key, &peer.worker)?;
    }
    merge.set(REGISTRY, &registry::revocation_field(device), value)?;
    merge.audit("device revoked", &device.to_string())?;
    merge.commit()?;
    store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()).into())
}

/// Gives a record to a field laptop's caseload (`false`: takes it back).
/// The grant is the coordinator's op on the record: the laptop may write
/// the record while it holds, and return bundles carry it there. What
/// the laptop wrote to it while it was not in its caseload (and was set
/// aside) is merged with the grant: how many of those ops.
pub fn grant(store: &mut Store, record: RecordId, device: DeviceId, given: bool) -> Result<u64, SyncError> {
    coordinator_only(store)?;
    let mut merge = store.merge()?;
    merge.set(
        record,
        &FieldPath::grant(device),
        if given { Value::Bool(true) } else { Value::Null },
    )?;
    let merged = if given {
        merge.merge_set_aside(device, record, super::admit::reason::SCOPE)?
    } else {
        0
    };
    merge.audit(
        if given { "grant" } else { "grant withdrawn" },
        &format!("{record} to {device}"),
    )?;
    if merge.commit()?.redacted {
        // A set-aside erasure merged with the grant: finished as any other.
        super::withheld::finish_erasure(store);
    }
    Ok(merged)
}

/// Writes the registry enrolment of every device trusted here before the
/// registry existed (a database from before format 2), so that laptops can
/// prove their ops; revoked ones are revoked in the registry too.
pub fn enrol_known_devices(store: &mut Store) -> Result<(), SyncError> {
    if store.profile()?.role != Role::Coordinator {
        return Ok(());
    }
    let registered = match store.record(REGISTRY)? {
        Some(state) => registry::devices(&state),
        None => Default::default(),
    };
    let missing: Vec<Peer> = store
        .peers()?
        .into_iter()
        .filter(|p| p.trust != Trust::Unknown)
        .filter(|p| registered.get(&p.device).is_none_or(|r| r.enrolment.is_none()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut after = Vec::new();
    for p in &missing {
        after.push(store.last_seq(p.device)?);
    }
    let mut merge = store.merge()?;
    for (p, after) in missing.iter().zip(after) {
        merge.set(
            REGISTRY,
            &registry::enrolment_field(p.device),
            enrolment(&p.signing_key, &p.age_key, &p.worker),
        )?;
        if p.trust == Trust::Revoked {
            let value = serde_json::to_value(Revocation {
                key: hex::encode(p.signing_key),
                after,
                reason: "revoked before the device registry".into(),
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            merge.set(REGISTRY, &registry::revocation_field(p.device), value)?;
        }
    }
    merge.commit()?;
    Ok(())
}
