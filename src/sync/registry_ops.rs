//! The registry ops the coordinator writes as its own: enrolling a device
//! with its keys and worker (inside an import that trusts it on the way,
//! or alone).

use crate::domain::DeviceId;
use crate::domain::registry::{self, Enrolment, REGISTRY};
use crate::store::{Merge, StoreError};
use serde_json::Value;

/// The registry value that enrols `peer`.
pub(super) fn enrolment(peer_key: &[u8; 32], age_key: &str, worker: &str) -> Value {
    serde_json::to_value(Enrolment {
        signing_key: hex::encode(peer_key),
        age_key: age_key.to_owned(),
        worker: worker.to_owned(),
    })
    .unwrap_or(Value::Null)
}

/// Enrols a device inside an import (trusting it on the way).
pub(super) fn enrol_in(
    merge: &mut Merge<'_>,
    device: DeviceId,
    key: &[u8; 32],
    age_key: &str,
    worker: &str,
) -> Result<(), StoreError> {
    merge.set(
        REGISTRY,
        &registry::enrolment_field(device),
        enrolment(key, age_key, worker),
    )?;
    merge.audit("device trusted", &device.to_string())
}
