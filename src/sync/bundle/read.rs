//! Reading a bundle: the envelope off, then format, header, signature,
//! sizes and hash checked before a single op is believed, and never more
//! unpacked than the header declared.

use super::{
    BundleError, FORMAT, Header, Limits, MAX_HEADER, Range, extend_ranges, hex, signed_digest, unhex,
};
use crate::domain::Op;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use std::io::{self, BufRead, BufReader, Read};

/// The offset of the payload in inner bytes (after format, header and signature).
pub fn payload_offset(inner: &[u8]) -> Option<usize> {
    let newline = inner.iter().position(|b| *b == b'\n')?;
    let (length, _) = inner.get(newline + 1..)?.split_first_chunk::<4>()?;
    Some(newline + 1 + 4 + u32::from_be_bytes(*length) as usize + 64)
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
    if header.key_fingerprint != crate::sync::keys::fingerprint(&key) {
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
