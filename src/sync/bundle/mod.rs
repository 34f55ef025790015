//! The bundle file, format 2: a header signed by the sending device, then
//! named sections, all encrypted with age to the recipients' X25519 keys.
//!
//! Inside the age envelope:
//!
//! ```text
//! intake-bundle/2\n            format name and major version
//! u32 big-endian               length of the header (at most 1 MiB)
//! header                       JSON (see [`Header`])
//! 64 bytes                     Ed25519 signature of SHA-256(SIGNING_CONTEXT ‖ header)
//! sections                     each exactly as long as the header says, in its order
//! ```
//!
//! The header lists every section with its name, length and SHA-256; a
//! reader checks each one's hash and skips a section whose name it does not
//! know, so later versions add sections (attachments, audit entries)
//! without a new major version. Version 2 has one section, `ops`: one zstd
//! stream of JSON lines ([`Item`]), for each device in turn (the sender's
//! own first, then the others by id), each of its runs:
//!
//! ```text
//! {"statement": {...}}   the device's signed statement over ops first..=last
//! {"op": {...}}          an op of the run, in sequence order,
//! {"omitted": {...}}     or a perfect subtree of the run that is left out
//! ```
//!
//! so that every op is proven by the device that made it, whoever relays
//! it: the receiver folds the run's ops and omitted subtrees into the
//! tree root the statement signs (see `domain::proof`). Each value travels
//! with its salt (`"seal": {"salt": …}`), or once erased with only its
//! commitment (`"seal": {"redacted": …}`).
//!
//! Reading streams: the envelope, the decompression and the lines are read
//! a piece at a time, a line longer than [`MAX_LINE`] is refused before it
//! is read whole, and nothing the sender declares decides how much memory
//! is used. Writing makes two passes over the items (the first only hashes,
//! so that the header can name the section's hash before the section).

use crate::domain::proof::{Omitted, Statement};
use crate::domain::{DeviceId, Dot, Hash32, Op};
use crate::i18n::{Arg, Message};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io;

/// This version's format name.
pub const FORMAT: &str = "intake-bundle/2";
/// The format names this version refuses with a sentence saying so.
pub const OLD_FORMATS: [&str; 1] = ["intake-bundle/1"];
/// What the signature covers besides the header, so that it cannot be
/// replayed as a signature of anything else.
const SIGNING_CONTEXT: &[u8] = b"intake bundle header v2\n";
/// The longest header accepted.
pub const MAX_HEADER: usize = 1 << 20;
/// The longest line of the ops section accepted (one op, statement or subtree).
pub const MAX_LINE: usize = 1 << 20;

/// The longest value an op is merged with, as JSON text: no field of any
/// form takes more (see [`crate::form::MAX_TEXT_LENGTH`]); a longer one is
/// set aside, so that what a merged op holds in memory stays small.
pub const MAX_VALUE: usize = 64 << 10;
const _: () = assert!(crate::form::MAX_TEXT_LENGTH * 6 + 2 <= MAX_VALUE);

/// The most parents one op may name.
pub const MAX_PARENTS: usize = crate::domain::Op::MAX_PARENTS;
/// The highest sequence number an op or a bundle may carry (2^48: far
/// beyond any laptop's work, and never near overflow).
pub const MAX_SEQ: u64 = 1 << 48;
/// The longest author name accepted in an op, in characters.
pub const MAX_AUTHOR: usize = 200;
/// The largest zstd window accepted (2^24 bytes): the writer uses far
/// less, and a frame cannot make the reader reserve more.
const MAX_WINDOW_LOG: u32 = 24;
/// zstd level: fast, and deterministic for the same input (the two passes
/// of an export must produce the same bytes).
const ZSTD_LEVEL: i32 = 3;
/// The name of the section of ops.
pub const OPS: &str = "ops";

/// What a bundle is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A field laptop's ops for the coordinator.
    Device,
    /// The coordinator's answer to one device: its caseload's changes, the
    /// device registry, a receipt.
    Return,
}

/// The ops of one device a bundle carries: sequence numbers `first..=last`
/// (`count` of them; fewer than the span when some are left out).
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

/// What the coordinator proves it holds of the laptop a return bundle is
/// for: every op up to `upto`, whose run the laptop signed with statement
/// hash `chain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The laptop.
    pub device: DeviceId,
    /// The last sequence number held (the end of one of its statements).
    pub upto: u64,
    /// The hash of the laptop's statement that ends at `upto`.
    pub chain: Hash32,
}

/// What the coordinator holds of one device's ops (in a return bundle):
/// the runs of sequence numbers, first to last, lowest first. A laptop
/// sends it what it holds beyond them (after a coordinator was restored
/// from an old backup: the gap).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// The device.
    pub device: DeviceId,
    /// `[first, last]` of each run held, in order, not overlapping.
    pub runs: Vec<[u64; 2]>,
}

/// The most runs a return bundle says it holds, over every device (its
/// header stays far below [`MAX_HEADER`]); past them, a laptop sends a few
/// ops the coordinator holds already.
pub const MAX_HELD_RUNS: usize = 8192;

/// One section after the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its name (`ops`; readers skip names they do not know).
    pub name: String,
    /// Its length in the file.
    pub bytes: u64,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// What it unpacks to, for a compressed section (checked, never trusted
    /// for memory).
    #[serde(default)]
    pub plain_bytes: u64,
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
    /// Its worker (untrusted text: shown through `domain::visible`).
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
    /// For a return bundle: what the coordinator holds of that device.
    pub receipt: Option<Receipt>,
    /// The ops inside, per device, in the order they come.
    pub ranges: Vec<Range>,
    /// Number of ops.
    pub ops: u64,
    /// The sections after the header, in order.
    pub sections: Vec<Section>,
    /// The program that wrote it.
    pub app_version: String,
    /// Its database schema version.
    pub schema_version: i64,
    /// When (UTC, RFC 3339).
    pub created: String,
    /// A laptop restored from a backup: the device it succeeds, signed
    /// with that device's key (absent otherwise; older bundles have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succession: Option<crate::sync::succession::Succession>,
    /// A return bundle: what its coordinator holds of each device's ops
    /// (absent in older bundles).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<Holding>,
    /// Attachments the sender's records name but it does not hold (SHA-256,
    /// hex; at most `store::MAX_WANTS`): the receiver sends them again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wants: Vec<String>,
    /// The sender's newest audit entries (at most `store::MAX_AUDIT_SENT`),
    /// each with the hash before it: the coordinator keeps them, the
    /// witness that the laptop's trail is not rewritten later.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<crate::store::AuditLink>,
    /// How many attachments the `attachments` section carries (absent: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attachments: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One line of the ops section.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    /// A device's signed statement: its run's ops (or subtrees) follow.
    Statement(Statement),
    /// A perfect subtree of the current run, left out.
    Omitted(Omitted),
    /// An op of the current run.
    Op(Op),
}

/// [`Item`] by reference, for writing.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemRef<'a> {
    /// A device's signed statement.
    Statement(&'a Statement),
    /// A perfect subtree left out.
    Omitted(&'a Omitted),
    /// An op.
    Op(&'a Op),
}

/// Why a file is not a bundle this version can believe. Each says in one
/// sentence what is wrong; `message()` in `sync::refusal` says it in the
/// user's language.
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
    /// Another major version.
    #[error("this bundle is in format {0}; this version of Intake reads {FORMAT} only")]
    UnknownFormat(String),
    /// A header or line beyond what is accepted.
    #[error("this bundle has a part of {0} bytes, more than Intake accepts")]
    TooLarge(u64),
    /// The header does not parse or contradicts itself (why, a message of the `sync-why-` family).
    #[error("this bundle's header is damaged ({0})")]
    BadHeader(Message),
    /// The signature does not verify with the key the header names.
    #[error("this bundle's signature does not match its contents: it was changed after it was made")]
    BadSignature,
    /// A section is not the one the header signs.
    #[error("this bundle's data does not match the hash its header signs: it was changed or damaged")]
    PayloadHash,
    /// The lines do not agree with the header, or are not well formed (why,
    /// a message of the `sync-why-` family).
    #[error("this bundle's ops are not well formed ({0})")]
    BadOps(Message),
    /// The log changed between the two passes of an export.
    #[error("the database changed while the bundle was written; export again")]
    ChangedMeanwhile,
    /// Writing.
    #[error("could not write the bundle: {0}")]
    Io(#[from] io::Error),
    /// Encrypting.
    #[error("could not encrypt the bundle: {0}")]
    Encrypt(String),
}

/// A reason a bundle is refused: a message of the `sync-why-` family,
/// whose values are numbers and ids this program wrote, never the
/// bundle's own text.
pub fn why(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
    Message::new(key, args)
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
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

/// Counts the next op into the per-device ranges.
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

/// Counts and hashes what is written through it.
pub(super) struct Tally<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W> Tally<W> {
    pub(super) fn new(inner: W) -> Self {
        Tally {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// How many bytes went through, their hash (hex), and what they went to.
    pub(super) fn done(self) -> (u64, String, W) {
        (self.bytes, hex(&self.hasher.finalize()), self.inner)
    }
}

impl<W: io::Write> io::Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

mod blobs;
mod read;
mod write;

pub use blobs::{ATTACHMENTS, Blobs, Carried, Piece, read_section};
pub use read::{Items, Opened, open, open_inner};
pub use write::{ItemSource, assemble, ops_section, seal, write};
