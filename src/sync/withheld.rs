//! What an erasure reaches outside the log: the bundles of laptops not
//! trusted yet, kept in quarantine as they came. One that holds a change
//! to an erased person is dropped (its laptop sends the same changes again
//! once trusted, and the merge then keeps only what an erasure leaves);
//! one that arrives holding such a change is not kept (its laptop is
//! noted, so that it can be trusted). To know, the bundle's changes are
//! read — never believed, never kept — within a bound: one that cannot be
//! read through to the end within it counts as holding such a change.

use super::bundle::{self, Item};
use super::keys::KeyError;
use super::refusal::SyncError;
use crate::domain::RecordId;
use crate::store::{Store, StoreError, Trust};
use secrecy::ExposeSecret;
use std::collections::BTreeSet;
use std::io::Read;
use std::str::FromStr;

/// The most of a bundle's changes (unpacked) read to look for an erased
/// person's: past it, the bundle counts as holding one. A laptop's real
/// bundle carries a few MiB of changes (60,000 records' are ≈100 MiB).
pub const MAX_SCANNED: u64 = 256 << 20;

/// This computer's age identity, which opens the bundles sent to it.
pub(super) fn identity(store: &Store) -> Result<age::x25519::Identity, SyncError> {
    let secrets = store.device_secrets()?;
    age::x25519::Identity::from_str(secrets.age_identity.expose_secret())
        .map_err(|_| KeyError::Identity.into())
}

/// Whether the bundle read from `input` holds an op of one of `erased`.
/// Read up to the first such op, at most [`MAX_SCANNED`] unpacked bytes,
/// attachments never. A bundle that is not for this computer (its
/// envelope does not open) holds nothing readable here: `false`. One that
/// opens but whose changes cannot be read to their end within the bound —
/// damaged, malformed, too large — is taken to hold one: `true`.
pub(super) fn holds_any(
    input: impl Read,
    identity: &age::x25519::Identity,
    erased: &BTreeSet<RecordId>,
) -> bool {
    let Ok(opened) = bundle::open(input, identity) else {
        return false;
    };
    let Ok(mut items) = opened.items() else {
        return true;
    };
    loop {
        if items.plain() > MAX_SCANNED {
            return true;
        }
        match items.next_item() {
            Ok(Some(Item::Op(op))) if erased.contains(&op.record) => return true,
            Ok(Some(_)) => {}
            Ok(None) => return false,
            Err(_) => return true,
        }
    }
}

/// What [`finish_erasure`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Finished {
    /// Quarantined bundles dropped.
    pub dropped: usize,
    /// Looking into quarantine failed (the database could not be read):
    /// bundles there may still hold changes to the erased person.
    pub drop_failed: bool,
    /// The database was scrubbed (false: another connection kept the WAL
    /// in use, or the scrub failed; old frames may hold erased values
    /// until the next one).
    pub scrubbed: bool,
}

/// After an erasure was committed (by `erase`, retention, an import or a
/// grant that merged one): quarantined bundles holding changes to an
/// erased person dropped, then — whatever became of that — the database
/// scrubbed (search index segments merged, WAL checkpointed and
/// truncated; secure_delete has zeroed the freed pages). Each failure is
/// said in what it returns, never stops the other.
pub fn finish_erasure(store: &mut Store) -> Finished {
    let (dropped, drop_failed) = match drop_erased(store) {
        Ok(n) => (n, false),
        Err(e) => {
            tracing::warn!(error = %e, "looking into quarantine after an erasure failed");
            (0, true)
        }
    };
    let scrubbed = match store.scrub() {
        Ok(done) => done,
        Err(e) => {
            tracing::warn!(error = %e, "the scrub after an erasure failed");
            false
        }
    };
    if !scrubbed {
        tracing::warn!("the database was not scrubbed after an erasure");
    }
    Finished {
        dropped,
        drop_failed,
        scrubbed,
    }
}

/// Drops every quarantined bundle of a device still not trusted that
/// holds a change to a record erased here (each noted refused, and in the
/// audit trail); returns how many. A trusted device's bundles waiting to
/// be merged (while `devices trust` merges them) merge erased instead.
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
    let mut holding = Vec::new();
    for (id, device) in bundles {
        if store.peer(device)?.is_some_and(|p| p.trust == Trust::Trusted) {
            continue;
        }
        let mut input = store.read_quarantined(&id);
        let holds = holds_any(&mut input, &identity, &erased);
        // A part that could not be read is the database's failure, not the bundle's.
        if let Some(e) = input.failed() {
            return Err(StoreError::Corrupt(format!("a quarantined bundle: {e}")).into());
        }
        if holds {
            holding.push((id, device));
        }
    }
    for (id, device) in &holding {
        store.drop_quarantined(
            id,
            &format!("bundle {id} of device {device}: holds changes to an erased record"),
        )?;
    }
    Ok(holding.len())
}
