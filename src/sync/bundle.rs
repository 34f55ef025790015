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

use crate::domain::{DeviceId, Dot, Op};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, BufRead, BufReader, Read, Write};

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
            max_payload: 2 << 30,
            max_plain: 16 << 30,
        }
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
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

/// Something that hands every op of a bundle, in dot order, to the function
/// it is given (called once per pass of [`write`]).
pub type OpSource<'a, E> = dyn FnMut(&mut dyn FnMut(&Op) -> io::Result<()>) -> Result<(), E> + 'a;

/// Counts and hashes what is written through it.
struct Tally<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Tally<W> {
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

/// Counts the next op (in dot order) into the per-device ranges.
fn extend_ranges(ranges: &mut Vec<Range>, dot: Dot) {
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

/// What one pass over the ops produced.
struct Pass {
    sha256: String,
    payload_bytes: u64,
    plain_bytes: u64,
    ranges: Vec<Range>,
    ops: u64,
}

/// Compresses the ops `each` produces into `out`; returns the payload's hash and shape.
fn write_payload<W: Write, E>(out: W, each: &mut OpSource<'_, E>) -> Result<(Pass, W), E>
where
    E: From<io::Error>,
{
    let tally = Tally {
        inner: out,
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut encoder = zstd::Encoder::new(tally, ZSTD_LEVEL)?;
    // Single-threaded and without a content size: the same ops give the same bytes.
    encoder.include_checksum(false)?;
    let mut ranges: Vec<Range> = Vec::new();
    let mut plain = 0u64;
    let mut count = 0u64;
    let mut last: Option<Dot> = None;
    each(&mut |op: &Op| {
        if last.is_some_and(|l| l >= op.dot) {
            return Err(io::Error::other("ops are not in dot order"));
        }
        last = Some(op.dot);
        let mut line = serde_json::to_vec(op).map_err(io::Error::other)?;
        line.push(b'\n');
        encoder.write_all(&line)?;
        plain += line.len() as u64;
        count += 1;
        extend_ranges(&mut ranges, op.dot);
        Ok(())
    })?;
    let tally = encoder.finish()?;
    Ok((
        Pass {
            sha256: hex(&tally.hasher.finalize()),
            payload_bytes: tally.bytes,
            plain_bytes: plain,
            ranges,
            ops: count,
        },
        tally.inner,
    ))
}

/// Writes a bundle to `out`: `header` with its payload fields filled in
/// from the ops `each` yields in dot order (called twice: once to hash,
/// once to write), signed with `key`, encrypted to `recipients`. Returns the
/// header as written and the hash of its bytes (the next bundle names it).
pub fn write<W: Write, E>(
    out: W,
    mut header: Header,
    key: &SigningKey,
    recipients: &[age::x25519::Recipient],
    each: &mut OpSource<'_, E>,
) -> Result<(Header, String), E>
where
    E: From<BundleError> + From<io::Error>,
{
    let (first, _) = write_payload(io::sink(), each)?;
    header.format = FORMAT.to_owned();
    header.payload_sha256 = first.sha256.clone();
    header.payload_bytes = first.payload_bytes;
    header.plain_bytes = first.plain_bytes;
    header.ops = first.ops;
    header.ranges = first.ranges;
    let header_bytes = serde_json::to_vec(&header).map_err(|e| BundleError::BadHeader(e.to_string()))?;
    let signature = key.sign(&signed_digest(&header_bytes));
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| BundleError::Encrypt(e.to_string()))?;
    let mut sealed = encryptor.wrap_output(out)?;
    sealed.write_all(FORMAT.as_bytes())?;
    sealed.write_all(b"\n")?;
    let length =
        u32::try_from(header_bytes.len()).map_err(|_| BundleError::TooLarge(header_bytes.len() as u64))?;
    sealed.write_all(&length.to_be_bytes())?;
    sealed.write_all(&header_bytes)?;
    sealed.write_all(&signature.to_bytes())?;
    let (second, sealed) = write_payload(sealed, each)?;
    if second.sha256 != first.sha256 {
        // The log changed between the passes; the file is useless.
        return Err(BundleError::BadOps(
            "the database changed while the bundle was written; export again".into(),
        )
        .into());
    }
    sealed.finish()?;
    Ok((header, hex(&Sha256::digest(&header_bytes))))
}

/// The inner bytes of a bundle from its parts: the format line, the
/// header bytes, their signature by `key`, the payload. With [`seal`], the
/// building blocks of [`write`] (tests forge damaged bundles with them).
pub fn assemble(format: &str, header: &[u8], key: &SigningKey, payload: &[u8]) -> Vec<u8> {
    let mut inner = Vec::with_capacity(format.len() + header.len() + payload.len() + 70);
    inner.extend_from_slice(format.as_bytes());
    inner.push(b'\n');
    inner.extend_from_slice(&(header.len() as u32).to_be_bytes());
    inner.extend_from_slice(header);
    inner.extend_from_slice(&key.sign(&signed_digest(header)).to_bytes());
    inner.extend_from_slice(payload);
    inner
}

/// Encrypts inner bytes to `recipients` (the age envelope).
pub fn seal(inner: &[u8], recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>, BundleError> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| BundleError::Encrypt(e.to_string()))?;
    let mut out = Vec::new();
    let mut sealed = encryptor.wrap_output(&mut out)?;
    sealed.write_all(inner)?;
    sealed.finish()?;
    Ok(out)
}

/// The offset of the payload in inner bytes (after format, header and signature).
pub fn payload_offset(inner: &[u8]) -> Option<usize> {
    let newline = inner.iter().position(|b| *b == b'\n')?;
    let (length, _) = inner.get(newline + 1..)?.split_first_chunk::<4>()?;
    Some(newline + 1 + 4 + u32::from_be_bytes(*length) as usize + 64)
}

fn signed_digest(header: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(SIGNING_CONTEXT);
    h.update(header);
    h.finalize().to_vec()
}

/// Takes the age envelope off: the inner bytes, read whole (at most the
/// largest bundle accepted).
pub fn decrypt<R: Read>(
    input: R,
    identity: &age::x25519::Identity,
    limits: Limits,
) -> Result<Vec<u8>, BundleError> {
    let decryptor = age::Decryptor::new_buffered(BufReader::new(input)).map_err(|e| match e {
        age::DecryptError::Io(_) => BundleError::NotABundle,
        _ => BundleError::NotABundle,
    })?;
    let reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::WrongRecipient,
            _ => BundleError::Damaged,
        })?;
    let cap = limits.max_payload + MAX_HEADER as u64 + 1024;
    let mut inner = Vec::new();
    reader
        .take(cap + 1)
        .read_to_end(&mut inner)
        .map_err(|_| BundleError::Damaged)?;
    if inner.len() as u64 > cap {
        return Err(BundleError::TooLarge(inner.len() as u64));
    }
    Ok(inner)
}

/// A bundle whose signature, hash and ops have been checked.
#[derive(Debug)]
pub struct Verified {
    /// Its header.
    pub header: Header,
    /// SHA-256 of the header bytes (hex).
    pub hash: String,
    /// The sender's public key (the header's, proven by the signature).
    pub key: VerifyingKey,
    /// The ops, sorted by dot.
    pub ops: Vec<Op>,
}

/// A bundle whose format, header, signature and payload hash have been
/// checked; its ops are not unpacked yet.
#[derive(Debug)]
pub struct Checked<'b> {
    /// Its header.
    pub header: Header,
    /// SHA-256 of the header bytes (hex).
    pub hash: String,
    /// The sender's public key (the header's, proven by the signature).
    pub key: VerifyingKey,
    payload: &'b [u8],
}

impl Checked<'_> {
    /// Unpacks and checks the ops.
    pub fn verify_ops(self) -> Result<Verified, BundleError> {
        let ops = read_ops(self.payload, &self.header)?;
        Ok(Verified {
            header: self.header,
            hash: self.hash,
            key: self.key,
            ops,
        })
    }
}

/// Checks the inner bytes of a bundle: format, header, signature, payload
/// hash and size, every op, and that the ops are the ones the header lists.
pub fn verify(inner: &[u8], limits: Limits) -> Result<Verified, BundleError> {
    check(inner, limits)?.verify_ops()
}

/// Checks everything but the ops: format, header, signature, sizes and the
/// payload's hash (a bundle imported before is recognised without unpacking it).
pub fn check(inner: &[u8], limits: Limits) -> Result<Checked<'_>, BundleError> {
    let mut rest = inner;
    let newline = rest
        .iter()
        .take(64)
        .position(|b| *b == b'\n')
        .ok_or(BundleError::NotABundle)?;
    let format = std::str::from_utf8(&rest[..newline]).map_err(|_| BundleError::NotABundle)?;
    if format != FORMAT {
        return match format.strip_prefix("intake-bundle/") {
            Some(_) => Err(BundleError::UnknownFormat(format.to_owned())),
            None => Err(BundleError::NotABundle),
        };
    }
    rest = &rest[newline + 1..];
    let (length, after) = rest.split_first_chunk::<4>().ok_or(BundleError::Damaged)?;
    let length = u32::from_be_bytes(*length) as usize;
    if length > MAX_HEADER {
        return Err(BundleError::TooLarge(length as u64));
    }
    let header_bytes = after.get(..length).ok_or(BundleError::Damaged)?;
    let after = &after[length..];
    let (signature, payload) = after.split_first_chunk::<64>().ok_or(BundleError::Damaged)?;
    // The signature is checked before anything in the header is believed.
    let header_value: serde_json::Value =
        serde_json::from_slice(header_bytes).map_err(|e| BundleError::BadHeader(e.to_string()))?;
    let key_hex = header_value
        .get("signing_key")
        .and_then(|k| k.as_str())
        .ok_or_else(|| BundleError::BadHeader("no signing key".into()))?;
    let key_bytes: [u8; 32] = unhex(key_hex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| BundleError::BadHeader("signing key".into()))?;
    let key =
        VerifyingKey::from_bytes(&key_bytes).map_err(|_| BundleError::BadHeader("signing key".into()))?;
    key.verify_strict(&signed_digest(header_bytes), &Signature::from_bytes(signature))
        .map_err(|_| BundleError::BadSignature)?;
    let header: Header =
        serde_json::from_value(header_value).map_err(|e| BundleError::BadHeader(e.to_string()))?;
    if header.format != FORMAT {
        return Err(BundleError::UnknownFormat(header.format));
    }
    if header.key_fingerprint != super::keys::fingerprint(&key) {
        return Err(BundleError::BadHeader("key fingerprint".into()));
    }
    if header.payload_bytes > limits.max_payload || header.plain_bytes > limits.max_plain {
        return Err(BundleError::TooLarge(
            header.payload_bytes.max(header.plain_bytes),
        ));
    }
    if payload.len() as u64 != header.payload_bytes {
        return Err(if (payload.len() as u64) < header.payload_bytes {
            BundleError::Damaged
        } else {
            BundleError::PayloadHash
        });
    }
    if hex(&Sha256::digest(payload)) != header.payload_sha256 {
        return Err(BundleError::PayloadHash);
    }
    Ok(Checked {
        hash: hex(&Sha256::digest(header_bytes)),
        header,
        key,
        payload,
    })
}

/// Unpacks the payload (never more than the header declares) and checks
/// that the ops are sorted, counted and ranged as the header says.
fn read_ops(payload: &[u8], header: &Header) -> Result<Vec<Op>, BundleError> {
    // First only count what it unpacks to (never more than declared, plus one byte).
    let decoder = zstd::Decoder::new(payload).map_err(|_| BundleError::Damaged)?;
    let unpacked = io::copy(&mut decoder.take(header.plain_bytes + 1), &mut io::sink())
        .map_err(|_| BundleError::Damaged)?;
    if unpacked > header.plain_bytes {
        return Err(BundleError::Bomb);
    }
    let decoder = zstd::Decoder::new(payload).map_err(|_| BundleError::Damaged)?;
    let mut lines = BufReader::new(decoder.take(header.plain_bytes));
    let mut ops: Vec<Op> = Vec::new();
    let mut plain = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = lines
            .read_until(b'\n', &mut line)
            .map_err(|_| BundleError::Damaged)?;
        if n == 0 {
            break;
        }
        plain += n as u64;
        if plain > header.plain_bytes {
            return Err(BundleError::Bomb);
        }
        let op: Op = serde_json::from_slice(&line)
            .map_err(|e| BundleError::BadOps(format!("op {}: {e}", ops.len() + 1)))?;
        if ops.last().is_some_and(|l| l.dot >= op.dot) {
            return Err(BundleError::BadOps("ops out of order".into()));
        }
        ops.push(op);
    }
    if plain != header.plain_bytes || ops.len() as u64 != header.ops {
        return Err(BundleError::BadOps(format!(
            "{} ops where the header says {}",
            ops.len(),
            header.ops
        )));
    }
    let mut ranges: Vec<Range> = Vec::new();
    for op in &ops {
        extend_ranges(&mut ranges, op.dot);
    }
    if ranges != header.ranges {
        return Err(BundleError::BadOps("op ranges".into()));
    }
    Ok(ops)
}
