//! What an erasure reaches outside the log: the bundles of laptops not
//! trusted yet, kept in quarantine as they came. One that holds a change
//! to an erased person is dropped (its laptop sends the same changes again
//! once trusted, and the merge then keeps only what an erasure leaves);
//! one that arrives holding such a change is not kept.

use super::bundle::{self, Item};
use super::keys::KeyError;
use super::refusal::SyncError;
use crate::domain::RecordId;
use crate::store::Store;
use secrecy::ExposeSecret;
use std::collections::BTreeSet;
use std::io::Read;
use std::str::FromStr;

/// This computer's age identity, which opens the bundles sent to it.
pub(super) fn identity(store: &Store) -> Result<age::x25519::Identity, SyncError> {
    let secrets = store.device_secrets()?;
    age::x25519::Identity::from_str(secrets.age_identity.expose_secret())
        .map_err(|_| KeyError::Identity.into())
}

/// What [`finish_erasure`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Finished {
    /// Quarantined bundles dropped.
    pub dropped: usize,
    /// The database was scrubbed (false: another connection kept the WAL
    /// in use, and old frames may hold erased values until the next scrub).
    pub scrubbed: bool,
}

/// After an erasure was committed (by `erase`, retention or an import):
/// quarantined bundles holding changes to an erased person dropped, then
/// the database scrubbed (search index segments merged, WAL checkpointed
/// and truncated; secure_delete has zeroed the freed pages).
pub fn finish_erasure(store: &mut Store) -> Result<Finished, SyncError> {
    let dropped = drop_erased(store)?;
    let scrubbed = store.scrub()?;
    if !scrubbed {
        tracing::warn!("the WAL was in use by another connection: not scrubbed");
    }
    Ok(Finished { dropped, scrubbed })
}

/// Whether the bundle read from `input` holds an op of one of `erased`
/// (read up to the first such op, attachments never). A bundle that
/// cannot be read holds nothing anyone can read back.
pub(super) fn holds_any(
    input: impl Read,
    identity: &age::x25519::Identity,
    erased: &BTreeSet<RecordId>,
) -> bool {
    let Ok(opened) = bundle::open(input, identity) else {
        return false;
    };
    let Ok(mut items) = opened.items() else {
        return false;
    };
    while let Ok(Some(item)) = items.next_item() {
        if let Item::Op(op) = item
            && erased.contains(&op.record)
        {
            return true;
        }
    }
    false
}

/// Drops every quarantined bundle that holds a change to a record erased
/// here (each noted refused, and in the audit trail); returns how many.
fn drop_erased(store: &mut Store) -> Result<usize, SyncError> {
    let bundles = store.all_quarantined()?;
    if bundles.is_empty() {
        return Ok(0);
    }
    let erased = store.erased_records()?;
    if erased.is_empty() {
        return Ok(0);
    }
    let identity = identity(store)?;
    let holding: Vec<String> = bundles
        .into_iter()
        .filter(|id| holds_any(store.read_quarantined(id), &identity, &erased))
        .collect();
    for id in &holding {
        store.end_quarantine(id, "refused")?;
        store.audit(
            "quarantine dropped",
            &format!("bundle {id}: holds changes to an erased record"),
        )?;
    }
    Ok(holding.len())
}
