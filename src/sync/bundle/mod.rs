//! The bundle file: ops as zstd-compressed JSON lines sorted by dot, under
//! a header signed with the sending device's Ed25519 key, all encrypted
//! with age to the recipients' X25519 keys.
//!
//! Inside the age envelope:
//!
//! ```text
//! intake-bundle/1\n            format name and major version
//! u32 big-endian               length of the header
//! header                       JSON (see [`Header`])
//! 64 bytes                     Ed25519 signature of SHA-256(SIGNING_CONTEXT ‖ header)
//! payload                      one zstd frame of JSON lines, one op a line
//! ```
//!
//! Writing streams (two passes over the ops: the first only hashes, so the
//! header can name the payload's hash before the payload); reading checks
//! everything (envelope, format, signature, sizes, hash, every op) before
//! handing back a single op, and never unpacks more than the header declared.

use crate::domain::{DeviceId, Dot};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io;

/// This version's format name: a bundle with another major version is refused.
pub const FORMAT: &str = "intake-bundle/1";
/// What the signature covers besides the header, so that it cannot be
/// replayed as a signature of anything else.
const SIGNING_CONTEXT: &[u8] = b"intake bundle header v1\n";
/// The longest header accepted.
const MAX_HEADER: usize = 1 << 20;
/// zstd level: fast, and deterministic for the same input (the two passes
/// of an export must produce the same bytes).
const ZSTD_LEVEL: i32 = 3;

/// What a bundle is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A field laptop's ops for the coordinator.
    Device,
    /// The coordinator's answer to one device: resolutions, status changes, a receipt.
    Return,
}

/// The ops of one device a bundle carries: sequence numbers `first..=last`
/// (`count` of them; fewer than the span when some were acknowledged before).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// The device that made the ops.
    pub device: DeviceId,
    /// Lowest sequence number.
    pub first: u64,
    /// Highest sequence number.
    pub last: u64,
    /// How many.
    pub count: u64,
}

/// The signed header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// [`FORMAT`].
    pub format: String,
    /// Device bundle or return bundle.
    pub kind: Kind,
    /// The campaign the ops belong to.
    pub campaign: Option<String>,
    /// The sending device.
    pub device: DeviceId,
    /// Its worker.
    pub worker: String,
    /// Its Ed25519 public key (hex); the signature must verify with it.
    pub signing_key: String,
    /// The same key's fingerprint, to read out and compare.
    pub key_fingerprint: String,
    /// The sender's age public key: return bundles are encrypted to it.
    pub age_key: String,
    /// Fingerprints of the age keys the bundle is encrypted to.
    pub recipients: Vec<String>,
    /// This bundle's id.
    pub bundle_id: String,
    /// Counts up from 1 for each bundle the device writes.
    pub sequence: u64,
    /// The header hash of the device's previous bundle.
    pub previous: Option<String>,
    /// For a return bundle: the device it answers.
    pub for_device: Option<DeviceId>,
    /// The ops inside, per device.
    pub ranges: Vec<Range>,
    /// For a return bundle: what the coordinator holds of each device
    /// (`first` is always 1).
    pub receipt: Vec<Range>,
    /// Number of ops.
    pub ops: u64,
    /// SHA-256 of the compressed payload (hex).
    pub payload_sha256: String,
    /// Size of the compressed payload.
    pub payload_bytes: u64,
    /// Size of the payload once unpacked.
    pub plain_bytes: u64,
    /// The program that wrote it.
    pub app_version: String,
    /// Its database schema version.
    pub schema_version: i64,
    /// When (UTC, RFC 3339).
    pub created: String,
}

/// Why a bundle is refused. Each says in one sentence what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// Not an age file, or not one of ours.
    #[error("this file is not an Intake bundle")]
    NotABundle,
    /// Encrypted, but not to this device's key.
    #[error(
        "this bundle is encrypted to another key, not to this device's (was it made for another coordinator?)"
    )]
    WrongRecipient,
    /// The file ends early or its encryption does not check.
    #[error("this bundle is damaged or cut short (copy it again from the sender)")]
    Damaged,
    /// A newer format.
    #[error("this bundle is in format {0}, which this version of Intake cannot read; update Intake")]
    UnknownFormat(String),
    /// Sizes beyond what is accepted.
    #[error("this bundle declares {0} bytes of data, more than Intake accepts in one bundle")]
    TooLarge(u64),
    /// The header does not parse or contradicts itself.
    #[error("this bundle's header is damaged ({0})")]
    BadHeader(String),
    /// The signature does not verify with the key the header names.
    #[error("this bundle's signature does not match its contents: it was changed after it was made")]
    BadSignature,
    /// The payload is not the one the header signs.
    #[error("this bundle's data does not match the hash its header signs: it was changed or damaged")]
    PayloadHash,
    /// More data than the header declares: a decompression bomb or a forgery.
    #[error("this bundle's data unpacks to more than its header declares")]
    Bomb,
    /// The ops do not agree with the header.
    #[error("this bundle's ops do not agree with its header ({0})")]
    BadOps(String),
    /// Writing.
    #[error("could not write the bundle: {0}")]
    Io(#[from] io::Error),
    /// Encrypting.
    #[error("could not encrypt the bundle: {0}")]
    Encrypt(String),
}

/// Limits on what a bundle may declare.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Compressed payload.
    pub max_payload: u64,
    /// Unpacked payload.
    pub max_plain: u64,
}

impl Default for Limits {
    /// A whole campaign's worth (millions of ops) fits; absurd sizes do not.
    fn default() -> Self {
        Limits {
            max_payload: 512 << 20,
            max_plain: 8 << 30,
        }
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A readable fingerprint of an age public key (as for signing keys).
pub fn recipient_fingerprint(age_key: &str) -> String {
    let digest = Sha256::digest(age_key.trim().as_bytes());
    digest[..16]
        .chunks(2)
        .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Counts the next op (in dot order) into the per-device ranges.
pub(super) fn extend_ranges(ranges: &mut Vec<Range>, dot: Dot) {
    match ranges.last_mut() {
        Some(r) if r.device == dot.device => {
            r.last = dot.seq;
            r.count += 1;
        }
        _ => ranges.push(Range {
            device: dot.device,
            first: dot.seq,
            last: dot.seq,
            count: 1,
        }),
    }
}

pub(super) fn signed_digest(header: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(SIGNING_CONTEXT);
    h.update(header);
    h.finalize().to_vec()
}

mod read;
mod write;

pub use read::{Checked, Verified, check, decrypt, payload_offset, verify};
pub use write::{OpSource, assemble, seal, write};
