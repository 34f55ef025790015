//! Writing a bundle: two passes over the ops (the first only hashes, so the
//! header can name the payload's hash before the payload), sign, seal.

use super::{BundleError, FORMAT, Header, Range, ZSTD_LEVEL, extend_ranges, hex, signed_digest};
use crate::domain::{Dot, Op};
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use std::io::{self, Write};

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
