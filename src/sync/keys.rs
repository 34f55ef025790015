//! Device keys: the Ed25519 key that signs this laptop's bundles and the age
//! X25519 identity bundles are encrypted to; their readable fingerprints.

use crate::store::DeviceSecrets;
use ed25519_dalek::{SigningKey, VerifyingKey};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use std::str::FromStr;
use zeroize::Zeroizing;

/// Why a key could not be made or read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The system's random source failed.
    #[error("the system random number generator failed: {0}")]
    Random(String),
    /// Not an age X25519 public key.
    #[error("`{0}` is not an age public key (it starts with age1)")]
    Recipient(String),
    /// The stored identity does not parse.
    #[error("the stored age identity is damaged")]
    Identity,
}

/// Makes a new device's keys from the system's random source.
pub fn generate() -> Result<DeviceSecrets, KeyError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut()).map_err(|e| KeyError::Random(e.to_string()))?;
    let identity = age::x25519::Identity::generate();
    Ok(DeviceSecrets {
        signing_key: seed,
        age_identity: SecretString::from(
            age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_owned(),
        ),
    })
}

/// The public half of the signing key.
pub fn verifying_key(secrets: &DeviceSecrets) -> VerifyingKey {
    SigningKey::from_bytes(&secrets.signing_key).verifying_key()
}

/// A fingerprint to read out and compare: SHA-256 of the public key, first
/// 16 bytes, as 8 groups of 4 hex digits.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest[..16]
        .chunks(2)
        .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The age public key (`age1…`) of the device's identity.
pub fn age_public_key(secrets: &DeviceSecrets) -> Result<String, KeyError> {
    let identity = age::x25519::Identity::from_str(secrets.age_identity.expose_secret())
        .map_err(|_| KeyError::Identity)?;
    Ok(identity.to_public().to_string())
}

/// Checks an age public key typed or pasted by a user.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, KeyError> {
    age::x25519::Recipient::from_str(text.trim()).map_err(|_| KeyError::Recipient(text.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_distinct_and_readable() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        let (fa, fb) = (fingerprint(&verifying_key(&a)), fingerprint(&verifying_key(&b)));
        assert_ne!(fa, fb);
        assert_eq!(fa.len(), 8 * 4 + 7);
        let public = age_public_key(&a).unwrap();
        assert!(public.starts_with("age1"));
        assert!(parse_recipient(&public).is_ok());
        assert!(parse_recipient("age1notakey").is_err());
    }
}
