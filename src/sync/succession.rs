//! A laptop restored from a backup becomes a new device; it says so in the
//! header of every bundle it writes, in a statement signed with the key of
//! the laptop the backup was made on (kept in the backup). The coordinator
//! believes the statement only with that old laptop's enrolled key, and
//! trusts the new laptop in one step only while the old one is trusted and
//! not taken for a copy; then the old laptop's caseload is granted to the
//! new one and the old key revoked (its ops up to the backup stand). A
//! revoked or lost old laptop's successor waits for the coordinator's
//! `intake devices trust` (a thief holds the old key too).

use super::SyncError;
use super::bundle::{self, Kind};
use crate::domain::DeviceId;
use crate::store::{Role, Store, StoreError, Trust};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The setting, on the restored laptop, that holds its succession (JSON).
pub const SUCCESSION_SETTING: &str = "succession";

/// "This new device succeeds that old one", signed with the old one's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Succession {
    /// The laptop the backup was made on.
    pub old: DeviceId,
    /// The restored laptop.
    pub new: DeviceId,
    /// The new laptop's Ed25519 key (hex).
    pub new_signing_key: String,
    /// The new laptop's age key.
    pub new_age_key: String,
    /// When the backup was made (RFC 3339), as the backup says.
    pub backup_made: Option<String>,
    /// The old laptop's last op number in the backup.
    pub tip: u64,
    /// Ed25519 signature by the old key over everything above (hex).
    pub signature: String,
}

/// What the signature covers: every field but the signature, in order.
fn digest(s: &Succession) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"intake succession v1\n");
    for part in [
        s.old.to_string(),
        s.new.to_string(),
        s.new_signing_key.clone(),
        s.new_age_key.clone(),
        s.backup_made.clone().unwrap_or_default(),
        s.tip.to_string(),
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

impl Succession {
    /// Signed with the old laptop's key.
    pub fn sign(
        old_key: &SigningKey,
        old: DeviceId,
        new: DeviceId,
        new_key: &VerifyingKey,
        new_age_key: &str,
        backup_made: Option<&str>,
        tip: u64,
    ) -> Succession {
        let mut s = Succession {
            old,
            new,
            new_signing_key: hex::encode(new_key.as_bytes()),
            new_age_key: new_age_key.to_owned(),
            backup_made: backup_made.map(str::to_owned),
            tip,
            signature: String::new(),
        };
        s.signature = hex::encode(old_key.sign(&digest(&s)).to_bytes());
        s
    }

    /// Whether the old laptop's key `old_key` signed it.
    pub fn verifies(&self, old_key: &[u8; 32]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(old_key) else {
            return false;
        };
        let Ok(bytes) = hex::decode(&self.signature) else {
            return false;
        };
        let Ok(signature) = ed25519_dalek::Signature::from_slice(&bytes) else {
            return false;
        };
        key.verify_strict(&digest(self), &signature).is_ok()
    }

    /// Whether it speaks of the bundle's sender as it signed the header.
    pub fn names(&self, device: DeviceId, signing_key: &[u8; 32], age_key: &str) -> bool {
        self.new == device && self.new_signing_key == hex::encode(signing_key) && self.new_age_key == age_key
    }
}

/// A restored laptop's claim to succeed another, with that laptop as known
/// here: `None` when there is no claim, or on a field laptop, or when the
/// old laptop is unknown here (nothing to check the claim with: the bundle
/// is then a stranger's). A claim that does not name the sender as its
/// header does, or that the old laptop's enrolled key did not sign, is a
/// forgery and refuses the bundle.
pub(super) fn claimed_succession(
    store: &Store,
    profile: &crate::store::Profile,
    h: &bundle::Header,
    key: &[u8; 32],
) -> Result<Option<(Succession, crate::store::Peer)>, SyncError> {
    let Some(s) = &h.succession else { return Ok(None) };
    if profile.role != Role::Coordinator || h.kind != Kind::Device {
        return Ok(None);
    }
    if !s.names(h.device, key, &h.age_key) || s.old == h.device {
        return Err(SyncError::Forged(bundle::why("sync-why-succession", vec![])));
    }
    let Some(old) = store.peer(s.old)? else {
        return Ok(None);
    };
    if !s.verifies(&old.signing_key) {
        return Err(SyncError::Forged(bundle::why("sync-why-succession", vec![])));
    }
    Ok(Some((s.clone(), old)))
}

/// On a field laptop, a return bundle from a device that is not the pinned
/// coordinator: believed as the coordinator's new incarnation (restored
/// from a backup) only when signed with the pinned key itself and carrying
/// a succession from the pinned device, signed with that key, that names
/// the sender as its header does. `None`: no such claim (the bundle is then
/// a stranger's, refused as such); a claim that fails is a forgery.
pub(super) fn coordinator_successor(
    profile: &crate::store::Profile,
    h: &bundle::Header,
    key: &[u8; 32],
) -> Result<Option<Succession>, SyncError> {
    let (Some(s), Some(pin)) = (&h.succession, &profile.coordinator) else {
        return Ok(None);
    };
    if profile.role != Role::Field || h.kind != Kind::Return || h.device == pin.device || s.old != pin.device
    {
        return Ok(None);
    }
    let same_keys = *key == pin.signing_key && h.age_key == pin.age_key;
    if !same_keys || !s.names(h.device, key, &h.age_key) || !s.verifies(&pin.signing_key) {
        return Err(SyncError::Forged(bundle::why("sync-why-succession", vec![])));
    }
    Ok(Some(s.clone()))
}

/// What a successor takes over, read before the merge begins.
pub(super) struct Takeover {
    pub old: DeviceId,
    pub records: Vec<crate::domain::RecordId>,
    /// The old key's revocation, unless it is revoked already.
    pub revocation: Option<serde_json::Value>,
    pub backup_made: Option<String>,
}

pub(super) fn takeover(
    store: &Store,
    s: &Succession,
    old: &crate::store::Peer,
) -> Result<Takeover, SyncError> {
    let mut records: Vec<_> = store
        .caseload(s.old)?
        .into_iter()
        .filter(|r| *r != crate::domain::registry::REGISTRY)
        .collect();
    records.sort();
    let revocation = if old.trust == Trust::Revoked {
        None
    } else {
        // Its ops up to the backup (and any held here past it) stand.
        let after = store.held_prefix(s.old)?.max(s.tip);
        let reason = super::devices::RevokeReason::replaced(s.new, s.backup_made.as_deref());
        Some(
            serde_json::to_value(crate::domain::registry::Revocation {
                key: hex::encode(old.signing_key),
                after,
                reason,
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        )
    };
    Ok(Takeover {
        old: s.old,
        records,
        revocation,
        backup_made: s.backup_made.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_old_key_signs_a_succession_and_every_field_is_covered() {
        let old = SigningKey::from_bytes(&[7; 32]);
        let new = SigningKey::from_bytes(&[9; 32]);
        let (a, b) = (DeviceId::new(), DeviceId::new());
        let s = Succession::sign(
            &old,
            a,
            b,
            &new.verifying_key(),
            "age1new",
            Some("2026-11-20T10:00:00Z"),
            42,
        );
        assert!(s.verifies(old.verifying_key().as_bytes()));
        assert!(!s.verifies(new.verifying_key().as_bytes()));
        let mut later = s.clone();
        later.tip = 43;
        assert!(!later.verifies(old.verifying_key().as_bytes()));
        let mut other = s.clone();
        other.new_age_key = "age1thief".into();
        assert!(!other.verifies(old.verifying_key().as_bytes()));
        assert!(s.names(b, new.verifying_key().as_bytes(), "age1new"));
        assert!(!s.names(a, new.verifying_key().as_bytes(), "age1new"));
    }
}
