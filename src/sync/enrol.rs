//! The coordinator's enrolment string: its device id, Ed25519 signing key
//! and age key in one line, `intake-coordinator1…` (bech32m, so a
//! mistyped character is caught by its checksum). A field laptop pins it
//! at `init` or with `keys set-coordinator`: bundles are encrypted to the
//! age key, and only bundles signed with the signing key are believed as
//! the coordinator's.

use crate::domain::DeviceId;
use crate::store::Coordinator;
use bech32::{Bech32m, Hrp};
use ed25519_dalek::VerifyingKey;

/// The string's prefix (bech32's human-readable part).
pub const PREFIX: &str = "intake-coordinator";
const VERSION: u8 = 1;

/// Why a pasted enrolment string is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnrolError {
    /// An `age1…` key alone: it cannot prove which bundles are the coordinator's.
    #[error(
        "an age key alone is not enough: paste the line starting intake-coordinator1 that `intake keys` shows on the coordinator's computer"
    )]
    BareAgeKey,
    /// Not the string, or a character wrong (the checksum does not match).
    #[error(
        "this is not a coordinator's enrolment string, or a character of it is wrong: paste the whole line starting intake-coordinator1 again"
    )]
    Mistyped,
}

/// The enrolment string of a coordinator with these keys.
pub fn coordinator_string(device: DeviceId, signing: &VerifyingKey, age_key: &str) -> Option<String> {
    let (_, age) = bech32::decode(age_key.trim()).ok()?;
    if age.len() != 32 {
        return None;
    }
    let mut data = Vec::with_capacity(81);
    data.push(VERSION);
    data.extend_from_slice(device.0.as_bytes());
    data.extend_from_slice(signing.as_bytes());
    data.extend_from_slice(&age);
    let hrp = Hrp::parse(PREFIX).ok()?;
    bech32::encode::<Bech32m>(hrp, &data).ok()
}

/// The coordinator an enrolment string names.
pub fn parse_coordinator(text: &str) -> Result<Coordinator, EnrolError> {
    let text = text.trim();
    if text.to_ascii_lowercase().starts_with("age1") {
        return Err(EnrolError::BareAgeKey);
    }
    let (hrp, data) = bech32::decode(text).map_err(|_| EnrolError::Mistyped)?;
    if hrp.as_str() != PREFIX || data.len() != 81 || data[0] != VERSION {
        return Err(EnrolError::Mistyped);
    }
    let device = DeviceId(uuid::Uuid::from_slice(&data[1..17]).map_err(|_| EnrolError::Mistyped)?);
    let signing_key: [u8; 32] = data[17..49].try_into().map_err(|_| EnrolError::Mistyped)?;
    VerifyingKey::from_bytes(&signing_key).map_err(|_| EnrolError::Mistyped)?;
    let age_hrp = Hrp::parse("age").map_err(|_| EnrolError::Mistyped)?;
    let age_key =
        bech32::encode::<bech32::Bech32>(age_hrp, &data[49..81]).map_err(|_| EnrolError::Mistyped)?;
    super::keys::parse_recipient(&age_key).map_err(|_| EnrolError::Mistyped)?;
    Ok(Coordinator {
        device,
        signing_key,
        age_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::keys;

    #[test]
    fn the_string_carries_both_keys_and_a_mistyped_one_is_refused() {
        let secrets = keys::generate().unwrap();
        let device = DeviceId::new();
        let age_key = keys::age_public_key(&secrets).unwrap();
        let text = coordinator_string(device, &keys::verifying_key(&secrets), &age_key).unwrap();
        assert!(text.starts_with("intake-coordinator1"), "{text}");
        let c = parse_coordinator(&format!("  {text}\n")).unwrap();
        assert_eq!(c.device, device);
        assert_eq!(c.signing_key, *keys::verifying_key(&secrets).as_bytes());
        assert_eq!(c.age_key, age_key);
        // One character changed, anywhere after the prefix.
        for at in [20, 60, text.len() - 1] {
            let mut typo: Vec<char> = text.chars().collect();
            typo[at] = if typo[at] == 'q' { 'p' } else { 'q' };
            let typo: String = typo.into_iter().collect();
            assert_eq!(parse_coordinator(&typo), Err(EnrolError::Mistyped), "{at}");
        }
        assert_eq!(parse_coordinator(&age_key), Err(EnrolError::BareAgeKey));
        assert_eq!(parse_coordinator("hello"), Err(EnrolError::Mistyped));
    }
}
