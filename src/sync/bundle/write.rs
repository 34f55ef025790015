//! Writing a bundle: two passes over the items (the first only hashes, so
//! the header can name the ops section's hash before the section), sign,
//! seal.

use super::Tally;
use super::blobs::{Blobs, write_section};
use super::{
    BundleError, FORMAT, Header, ItemRef, OPS, Range, Section, ZSTD_LEVEL, extend_ranges, hex, signed_digest,
    why,
};
use crate::domain::Dot;
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// Something that hands every item of a bundle, in order, to the function
/// it is given (called once per pass of [`write`]).
pub type ItemSource<'a, E> = dyn FnMut(&mut dyn FnMut(ItemRef<'_>) -> io::Result<()>) -> Result<(), E> + 'a;

/// What one pass over the items produced.
struct Pass {
    section: Section,
    ranges: Vec<Range>,
    ops: u64,
    /// The attachments its ops name (hex hashes).
    named: BTreeSet<String>,
}

/// Compresses the items `each` produces into `out`.
fn write_ops<W: Write, E>(out: W, each: &mut ItemSource<'_, E>) -> Result<(Pass, W), E>
where
    E: From<io::Error>,
{
    let tally = Tally::new(out);
    let mut encoder = zstd::Encoder::new(tally, ZSTD_LEVEL)?;
    // Single-threaded and without a checksum: the same items give the same bytes.
    encoder.include_checksum(false)?;
    let mut ranges: Vec<Range> = Vec::new();
    let mut plain = 0u64;
    let mut count = 0u64;
    let mut last: Option<Dot> = None;
    let mut line = Vec::with_capacity(512);
    let mut named = BTreeSet::new();
    each(&mut |item: ItemRef<'_>| {
        if let ItemRef::Op(op) = item {
            if crate::attach::is_file_field(op.field.as_str())
                && let Some(sha) = op.value.get("sha256").and_then(|s| s.as_str())
            {
                named.insert(sha.to_owned());
            }
            if last.is_some_and(|l| l.device == op.dot.device && l.seq >= op.dot.seq) {
                return Err(io::Error::other("ops of a device are not in sequence order"));
            }
            last = Some(op.dot);
            count += 1;
            extend_ranges(&mut ranges, op.dot);
        }
        line.clear();
        serde_json::to_writer(&mut line, &item).map_err(io::Error::other)?;
        line.push(b'\n');
        encoder.write_all(&line)?;
        plain += line.len() as u64;
        Ok(())
    })?;
    let tally = encoder.finish()?;
    Ok((
        Pass {
            section: Section {
                name: OPS.to_owned(),
                bytes: tally.bytes,
                sha256: hex(&tally.hasher.finalize()),
                plain_bytes: plain,
            },
            ranges,
            ops: count,
            named,
        },
        tally.inner,
    ))
}

/// Writes a bundle to `out`: `header` with its ops, ranges and section
/// filled in from the items `each` yields (called twice: once to hash,
/// once to write), signed with `key`, encrypted to `recipients`. Returns
/// the header as written and the hash of its bytes (the next bundle names
/// it). With `blobs`, the attachments its ops name (those `blobs` chooses)
/// follow the ops, read twice as well.
pub fn write<W: Write, E>(
    out: W,
    mut header: Header,
    key: &SigningKey,
    recipients: &[age::x25519::Recipient],
    each: &mut ItemSource<'_, E>,
    blobs: Option<&Blobs<'_>>,
) -> Result<(Header, String), E>
where
    E: From<BundleError> + From<io::Error>,
{
    let (first, _) = write_ops(io::sink(), each)?;
    header.format = FORMAT.to_owned();
    header.ops = first.ops;
    header.ranges = first.ranges;
    header.sections = vec![first.section.clone()];
    let carried = blobs
        .map(|b| (b.choose)(&first.named, first.section.bytes))
        .unwrap_or_default();
    let attachments = match (blobs, carried.is_empty()) {
        (Some(b), false) => Some((b, write_section(io::sink(), &carried, b)?.0)),
        _ => None,
    };
    if let Some((_, section)) = &attachments {
        header.sections.push(section.clone());
    }
    header.attachments = carried.len() as u64;
    let header_bytes = serde_json::to_vec(&header)
        .map_err(|_| BundleError::BadHeader(why("sync-why-header-json", vec![])))?;
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
    let (second, mut sealed) = write_ops(sealed, each)?;
    if second.section != first.section {
        // The log changed between the passes; the file is useless.
        return Err(BundleError::ChangedMeanwhile.into());
    }
    if let Some((b, section)) = &attachments {
        let (again, out) = write_section(sealed, &carried, b)?;
        if again != *section {
            return Err(BundleError::ChangedMeanwhile.into());
        }
        sealed = out;
    }
    let mut inner = sealed.finish()?;
    inner.flush()?;
    Ok((header, hex(&Sha256::digest(&header_bytes))))
}

/// The bytes of an ops section from its items, and what they unpack to
/// (tests forge bundles with it).
pub fn ops_section(items: &[ItemRef<'_>]) -> Result<(Vec<u8>, Section), BundleError> {
    let mut source = |emit: &mut dyn FnMut(ItemRef<'_>) -> io::Result<()>| -> Result<(), BundleError> {
        for item in items {
            emit(*item)?;
        }
        Ok(())
    };
    let (pass, bytes) = write_ops(Vec::new(), &mut source)?;
    Ok((bytes, pass.section))
}

/// The inner bytes of a bundle from its parts: the format line, the header
/// bytes, their signature by `key`, the sections. With [`seal`], the
/// building blocks of [`write`] (tests forge damaged bundles with them).
pub fn assemble(format: &str, header: &[u8], key: &SigningKey, sections: &[&[u8]]) -> Vec<u8> {
    let mut inner = Vec::new();
    inner.extend_from_slice(format.as_bytes());
    inner.push(b'\n');
    inner.extend_from_slice(&(header.len() as u32).to_be_bytes());
    inner.extend_from_slice(header);
    inner.extend_from_slice(&key.sign(&signed_digest(header)).to_bytes());
    for s in sections {
        inner.extend_from_slice(s);
    }
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
