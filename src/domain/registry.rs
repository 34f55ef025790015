//! The campaign's device registry: a record of its own (the nil id) that
//! only the coordinator writes. Its ops enrol field laptops with their keys
//! (`devices/<id>/enrolled`) and revoke them (`devices/<id>/revoked`). Being
//! ops, they are signed by the coordinator, travel in every return bundle,
//! and converge like any other edit: every laptop learns the keys that
//! prove relayed ops, and which keys no longer prove anything.

use super::{DeviceId, FieldPath, Hlc, RecordId, RecordState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The registry's record id.
pub const REGISTRY: RecordId = RecordId(uuid::Uuid::nil());

/// The repeat group of the registry's devices.
const GROUP: &str = "devices";

/// What enrolling a device says: its keys and its worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// Its Ed25519 public key (hex).
    pub signing_key: String,
    /// Its age public key (return bundles are encrypted to it).
    pub age_key: String,
    /// The worker named when it was enrolled.
    pub worker: String,
}

/// What revoking a device's key says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// The revoked Ed25519 public key (hex).
    pub key: String,
    /// The revocation point: the device's ops up to this sequence number
    /// stand; later ones are refused everywhere.
    pub after: u64,
    /// Why, in the coordinator's words.
    pub reason: String,
}

/// One device as the registry knows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registered {
    /// Its enrolment, with who wrote it and when.
    pub enrolment: Option<(Enrolment, String, Hlc)>,
    /// Its revocation, with who wrote it and when.
    pub revocation: Option<(Revocation, String, Hlc)>,
}

/// The field that enrols `device`.
pub fn enrolment_field(device: DeviceId) -> FieldPath {
    field(device, "enrolled")
}

/// The field that revokes `device`'s key.
pub fn revocation_field(device: DeviceId) -> FieldPath {
    field(device, "revoked")
}

fn field(device: DeviceId, name: &str) -> FieldPath {
    // A device id is lower-case hex and hyphens: always a path segment.
    FieldPath::entry(GROUP, super::EntryId(device.0), name)
        .unwrap_or_else(|_| unreachable!("a device id is a path segment"))
}

/// What a registry field is: (device, "enrolled" or "revoked").
pub fn parse_field(path: &FieldPath) -> Option<(DeviceId, &str)> {
    let (group, device, name) = path.split_entry()?;
    if group != GROUP || !matches!(name, "enrolled" | "revoked") {
        return None;
    }
    Some((device.parse().ok()?, name))
}

/// Every device of the registry, from the registry record's state.
pub fn devices(state: &RecordState) -> BTreeMap<DeviceId, Registered> {
    let mut out: BTreeMap<DeviceId, Registered> = BTreeMap::new();
    for (path, heads) in &state.fields {
        let Some((device, name)) = parse_field(path) else {
            continue;
        };
        // The provisional head (there is one coordinator, so one head).
        let Some(head) = heads
            .heads
            .iter()
            .max_by(|a, b| (a.hlc, a.dot.device).cmp(&(b.hlc, b.dot.device)))
        else {
            continue;
        };
        let slot = out.entry(device).or_default();
        match name {
            "enrolled" => {
                if let Ok(e) = serde_json::from_value::<Enrolment>(head.value.clone()) {
                    slot.enrolment = Some((e, head.author.clone(), head.hlc));
                }
            }
            _ => {
                if let Ok(r) = serde_json::from_value::<Revocation>(head.value.clone()) {
                    slot.revocation = Some((r, head.author.clone(), head.hlc));
                }
            }
        }
    }
    out
}

/// The longest worker name an enrolment holds (as long as setup takes).
pub const MAX_WORKER: usize = 100;

/// Whether a value is one a registry field may hold.
pub fn value_is_valid(name: &str, value: &serde_json::Value) -> bool {
    let hex_key = |k: &str| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit());
    match name {
        "enrolled" => serde_json::from_value::<Enrolment>(value.clone()).is_ok_and(|e| {
            hex_key(&e.signing_key)
                && e.age_key.starts_with("age1")
                && e.age_key.len() < 100
                && e.worker.chars().count() <= MAX_WORKER
        }),
        "revoked" => serde_json::from_value::<Revocation>(value.clone())
            .is_ok_and(|r| hex_key(&r.key) && r.reason.chars().count() <= 500),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Dot, Op, Seal};

    #[test]
    fn enrolments_and_revocations_read_back_from_the_registry_record() {
        let device = DeviceId::new();
        let coordinator = DeviceId::new();
        let mut state = RecordState::new(REGISTRY);
        let enrol = Enrolment {
            signing_key: "ab".repeat(32),
            age_key: "age1xyz".into(),
            worker: "Нурлан".into(),
        };
        let revoke = Revocation {
            key: "ab".repeat(32),
            after: 41,
            reason: "laptop stolen".into(),
        };
        for (seq, (path, value)) in [
            (enrolment_field(device), serde_json::to_value(&enrol).unwrap()),
            (revocation_field(device), serde_json::to_value(&revoke).unwrap()),
        ]
        .into_iter()
        .enumerate()
        {
            assert!(value_is_valid(parse_field(&path).unwrap().1, &value));
            let op = Op {
                dot: Dot::new(coordinator, seq as u64 + 1),
                record: REGISTRY,
                field: path,
                value,
                seal: Seal::Legacy,
                parents: vec![],
                hlc: Hlc::from_millis(seq as u64),
                author: "Aigerim".into(),
            };
            state.apply(&op, &mut |_| false);
        }
        let got = devices(&state);
        let d = &got[&device];
        assert_eq!(d.enrolment.as_ref().unwrap().0, enrol);
        assert_eq!(d.revocation.as_ref().unwrap().0, revoke);
        assert_eq!(d.revocation.as_ref().unwrap().1, "Aigerim");
        assert!(!value_is_valid(
            "revoked",
            &serde_json::json!({"key": "zz", "after": 1, "reason": ""})
        ));
    }
}
