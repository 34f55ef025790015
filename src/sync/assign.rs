//! Giving records to a field laptop's caseload (`intake assign`): one
//! grant op a record, written by the coordinator in one transaction. The
//! laptop may then write those records, and its next return bundle carries
//! them whole (every op of its caseload it did not make, with each op's
//! origin's statements). What the laptop wrote to them while they were not
//! its own, and was set aside, is merged with the grant.

use super::SyncError;
use crate::domain::{DeviceId, FieldPath, RecordId};
use crate::i18n::Message;
use crate::store::{Role, Store, StoreError, Trust};
use serde_json::Value;

/// Why records could not be assigned, each one sentence.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    /// Only the coordinator gives records to laptops.
    #[error("only the coordinator assigns records")]
    NotCoordinator,
    /// The device is revoked: nothing is sent to it any more.
    #[error("device {0} is revoked; nothing can be assigned to it")]
    Revoked(DeviceId),
    /// The device is known but not trusted yet.
    #[error("device {0} is not trusted here yet")]
    NotTrusted(DeviceId),
    /// A hand-over from a laptop to itself.
    #[error("a hand-over goes from one laptop to another")]
    SameDevice,
    /// No record matched.
    #[error("no record to assign")]
    NoRecords,
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AssignError {
    /// The sentence in the user's language.
    pub fn message(&self) -> Message {
        let device = |d: &DeviceId| vec![("device", d.to_string().into())];
        match self {
            AssignError::NotCoordinator => Message::new("assign-err-not-coordinator", vec![]),
            AssignError::Revoked(d) => Message::new("assign-err-revoked", device(d)),
            AssignError::NotTrusted(d) => Message::new("assign-err-not-trusted", device(d)),
            AssignError::NoRecords => Message::new("assign-err-none", vec![]),
            AssignError::SameDevice => Message::new("handover-err-same", vec![]),
            AssignError::Store(StoreError::NoDevice(d)) => {
                Message::new("sync-err-no-device", vec![("device", d.as_str().into())])
            }
            AssignError::Store(e) if e.is_disk_full() => SyncError::DatabaseDiskFull.message(),
            AssignError::Store(_) => Message::new("assign-err-store", vec![]),
        }
    }
}

/// What an assignment did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assigned {
    /// Records given to the laptop now.
    pub given: usize,
    /// Records that were its own already (it made them, or they were given before).
    pub already: usize,
    /// Ops the laptop had written to them, set aside until now and merged.
    pub merged: u64,
}

/// Whether records can be assigned here to `device`: this is the
/// coordinator, and the device a field laptop trusted here, not revoked.
pub fn check_target(store: &Store, device: DeviceId) -> Result<(), AssignError> {
    if store.profile()?.role != Role::Coordinator {
        return Err(AssignError::NotCoordinator);
    }
    let peer = store
        .peer(device)?
        .ok_or_else(|| StoreError::NoDevice(device.to_string()))?;
    match peer.trust {
        Trust::Revoked => Err(AssignError::Revoked(device)),
        Trust::Trusted => Ok(()),
        _ => Err(AssignError::NotTrusted(device)),
    }
}

/// Gives `records` to the caseload of the field laptop `device`, all in one
/// transaction (all or nothing), audited once. A record given to another
/// laptop before moves: that grant is taken back, as in a hand-over (the
/// laptop that made a record keeps writing it until it is revoked).
pub fn assign(store: &mut Store, records: &[RecordId], device: DeviceId) -> Result<Assigned, AssignError> {
    check_target(store, device)?;
    if records.is_empty() {
        return Err(AssignError::NoRecords);
    }
    let mut merge = store.merge()?;
    let done = grant_all(&mut merge, records, device)?;
    for id in records {
        let others: Vec<DeviceId> = merge
            .record(*id)?
            .map(|state| {
                state
                    .current_values()
                    .iter()
                    .filter(|(_, v)| **v == Value::Bool(true))
                    .filter_map(|(field, _)| FieldPath::parse(field).ok()?.granted_device())
                    .filter(|d| *d != device)
                    .collect()
            })
            .unwrap_or_default();
        for other in others {
            merge.set(*id, &FieldPath::grant(other), Value::Null)?;
        }
    }
    merge.audit("assign", &format!("{} records to {device}", done.given))?;
    if merge.commit()?.redacted {
        // A set-aside erasure merged with the grant: finished as any other.
        super::withheld::finish_erasure(store);
    }
    Ok(done)
}

/// Moves the whole caseload of the laptop `from` (the records it made and
/// those given to it) to the laptop `to`, in one transaction: `to` is given
/// every one of them, and what had been given to `from` is taken back
/// (what `from` made stays writable by it until it is revoked: `intake
/// devices revoke` first, for a lost or broken laptop).
pub fn handover(store: &mut Store, from: DeviceId, to: DeviceId) -> Result<Assigned, AssignError> {
    if from == to {
        return Err(AssignError::SameDevice);
    }
    check_target(store, to)?;
    store
        .peer(from)?
        .ok_or_else(|| StoreError::NoDevice(from.to_string()))?;
    let mut records: Vec<RecordId> = store
        .caseload(from)?
        .into_iter()
        .filter(|r| *r != crate::domain::registry::REGISTRY)
        .collect();
    records.sort();
    if records.is_empty() {
        return Err(AssignError::NoRecords);
    }
    let taken = FieldPath::grant(from);
    let taken_text = taken.to_string();
    let mut merge = store.merge()?;
    let done = grant_all(&mut merge, &records, to)?;
    for id in &records {
        let given = merge.record(*id)?.and_then(|s| s.value(&taken_text)) == Some(&Value::Bool(true));
        if given {
            merge.set(*id, &taken, Value::Null)?;
        }
    }
    merge.audit(
        "handover",
        &format!("{} records from {from} to {to}", records.len()),
    )?;
    if merge.commit()?.redacted {
        super::withheld::finish_erasure(store);
    }
    Ok(done)
}

/// Grants each of `records` to `device` inside `merge`, skipping those in
/// its caseload already.
fn grant_all(
    merge: &mut crate::store::Merge<'_>,
    records: &[RecordId],
    device: DeviceId,
) -> Result<Assigned, AssignError> {
    let grant = FieldPath::grant(device);
    let grant_text = grant.to_string();
    let mut done = Assigned::default();
    for id in records {
        let granted = merge
            .record(*id)?
            .ok_or_else(|| StoreError::NoRecord(id.to_string()))?
            .value(&grant_text)
            == Some(&Value::Bool(true));
        if id.made_by(device) || granted {
            done.already += 1;
            continue;
        }
        merge.set(*id, &grant, Value::Bool(true))?;
        done.merged += merge.merge_set_aside(device, *id, super::admit::reason::SCOPE)?;
        // Its attachments go with it, even those sent to that laptop
        // before (a record taken from it once was handed back, bytes and all).
        if let Some(state) = merge.record(*id)? {
            let shas: Vec<String> = crate::attach::list(state)
                .into_iter()
                .map(|l| l.attachment.sha256)
                .collect();
            merge.unsend_blobs(device, &shas)?;
        }
        done.given += 1;
    }
    Ok(done)
}
