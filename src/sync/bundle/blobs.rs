//! The `attachments` section: the bytes of the attachments a bundle's ops
//! name that the receiver may not have, one after another:
//!
//! ```text
//! 32 bytes      SHA-256 of the attachment's bytes
//! u64 BE        their length (at most `attach::MAX_SIZE`)
//! the bytes
//! ```
//!
//! Written and read a chunk at a time, never whole; the reader checks
//! each attachment's hash before it is kept (and the section's hash, as
//! for every section, before anything is committed).

use super::{BundleError, Section, hex, why};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};

/// The section's name.
pub const ATTACHMENTS: &str = "attachments";

/// An attachment a bundle carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// How many bytes.
    pub size: u64,
}

/// Passes one attachment's bytes to the function given, a chunk at a time.
pub type ReadBlob<'a> = dyn Fn(&str, &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> + 'a;

/// What an export carries besides ops: which attachments (given the hashes
/// the ops name), and their bytes.
pub struct Blobs<'a> {
    /// The attachments to carry, of those the ops name (hex hashes), given
    /// how many bytes the ops take.
    pub choose: &'a dyn Fn(&std::collections::BTreeSet<String>, u64) -> Vec<Carried>,
    /// Passes one attachment's bytes to the function given, a chunk at a time.
    pub read: &'a ReadBlob<'a>,
}

/// A piece of the section, as the reader hands it on.
#[derive(Debug)]
pub enum Piece {
    /// An attachment begins: its hash and length.
    Start(String, u64),
    /// Its next bytes (at most `store::CHUNK`).
    Bytes(Vec<u8>),
    /// It ended, and its bytes have its hash.
    End,
}

/// Writes the section to `out`: its description for the header.
pub(super) fn write_section<W: Write>(
    out: W,
    carried: &[Carried],
    blobs: &Blobs<'_>,
) -> io::Result<(Section, W)> {
    let mut out = super::Tally::new(out);
    for c in carried {
        let mut sha = [0u8; 32];
        hex::decode_to_slice(&c.sha256, &mut sha).map_err(io::Error::other)?;
        out.write_all(&sha)?;
        out.write_all(&c.size.to_be_bytes())?;
        let mut written = 0u64;
        (blobs.read)(&c.sha256, &mut |bytes| {
            written += bytes.len() as u64;
            out.write_all(bytes)
        })?;
        if written != c.size {
            return Err(io::Error::other(
                "an attachment changed while the bundle was written",
            ));
        }
    }
    let (bytes, sha256, inner) = out.done();
    Ok((
        Section {
            name: ATTACHMENTS.to_owned(),
            bytes,
            sha256,
            plain_bytes: 0,
        },
        inner,
    ))
}

/// Reads exactly `buf.len()` bytes; `false` when the input ended before
/// the first, `Damaged` when it ended in the middle.
fn fill(input: &mut dyn Read, buf: &mut [u8]) -> Result<bool, BundleError> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) if got == 0 => return Ok(false),
            Ok(0) => return Err(BundleError::Damaged),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(BundleError::Damaged),
        }
    }
    Ok(true)
}

/// Whether an attachment's first bytes are of a kind attachments are kept
/// as: JPEG, PNG or PDF (a TIFF is kept as PNG).
fn kept_kind(head: &[u8]) -> bool {
    use crate::attach::Kind;
    matches!(Kind::sniff(head), Some(Kind::Jpeg | Kind::Png | Kind::Pdf))
}

/// Reads the section, handing each piece to `each`; an attachment longer
/// than `max`, not of a kind attachments are kept as, or whose bytes do
/// not have its hash refuses the bundle.
/// Returns how many attachments it held.
pub fn read_section(
    input: &mut dyn Read,
    max: u64,
    each: &mut dyn FnMut(Piece) -> Result<(), BundleError>,
) -> Result<u64, BundleError> {
    let chunk = crate::store::CHUNK;
    let mut count = 0u64;
    let mut head = [0u8; 40];
    while fill(input, &mut head)? {
        count += 1;
        let sha = hex(&head[..32]);
        let size = u64::from_be_bytes(head[32..].try_into().map_err(|_| BundleError::Damaged)?);
        if size == 0 || size > max {
            return Err(BundleError::BadOps(why(
                "sync-why-attachment-size",
                vec![("number", count.into()), ("max", (max >> 20).into())],
            )));
        }
        let mut hasher = Sha256::new();
        let mut left = size;
        while left > 0 {
            let take = usize::try_from(left).map_or(chunk, |l| l.min(chunk));
            let mut buf = vec![0u8; take];
            if !fill(input, &mut buf)? {
                return Err(BundleError::Damaged);
            }
            if left == size {
                // Only what an attachment is kept as (a forged bundle could
                // carry a program or a web page to the coordinator's disk),
                // told before the receiver is asked about it.
                if !kept_kind(&buf) {
                    return Err(BundleError::BadOps(why(
                        "sync-why-attachment-kind",
                        vec![("number", count.into())],
                    )));
                }
                each(Piece::Start(sha.clone(), size))?;
            }
            hasher.update(&buf);
            left -= take as u64;
            each(Piece::Bytes(buf))?;
        }
        if hex(&hasher.finalize()) != sha {
            return Err(BundleError::BadOps(why(
                "sync-why-attachment-hash",
                vec![("number", count.into())],
            )));
        }
        each(Piece::End)?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf(text: &str) -> Vec<u8> {
        format!("%PDF-1.4\n{text}").into_bytes()
    }

    fn section(blobs: &[Vec<u8>]) -> Vec<u8> {
        let carried: Vec<Carried> = blobs
            .iter()
            .map(|b| Carried {
                sha256: hex(&Sha256::digest(b)),
                size: b.len() as u64,
            })
            .collect();
        let source = Blobs {
            choose: &|_, _| Vec::new(),
            read: &|sha, each| {
                let b = blobs.iter().find(|b| hex(&Sha256::digest(b)) == sha).unwrap();
                for c in b.chunks(1000) {
                    each(c)?;
                }
                Ok(())
            },
        };
        write_section(Vec::new(), &carried, &source).unwrap().1
    }

    #[test]
    fn attachments_come_back_in_chunks_with_their_hashes() {
        let mut big = b"%PDF-1.7\n".to_vec();
        big.extend((0..(crate::store::CHUNK * 2 + 5)).map(|i| i as u8));
        let first = pdf("first");
        let bytes = section(&[first.clone(), big.clone()]);
        let mut got: Vec<Vec<u8>> = Vec::new();
        let mut largest = 0;
        let n = read_section(&mut &bytes[..], 1 << 30, &mut |p| {
            match p {
                Piece::Start(..) => got.push(Vec::new()),
                Piece::Bytes(b) => {
                    largest = largest.max(b.len());
                    got.last_mut().unwrap().extend(b);
                }
                Piece::End => {}
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 2);
        assert_eq!(got, vec![first, big]);
        assert!(largest <= crate::store::CHUNK);
    }

    #[test]
    fn a_changed_byte_a_lying_length_or_a_program_is_refused() {
        let mut bytes = section(&[pdf("a scan of a passport")]);
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let err = read_section(&mut &bytes[..], 1 << 30, &mut |_| Ok(())).unwrap_err();
        assert!(matches!(err, BundleError::BadOps(m) if m.key == "sync-why-attachment-hash"));
        let mut huge = section(&[pdf("x")]);
        huge[32..40].copy_from_slice(&u64::MAX.to_be_bytes());
        let err = read_section(&mut &huge[..], 1 << 30, &mut |_| Ok(())).unwrap_err();
        assert!(matches!(err, BundleError::BadOps(m) if m.key == "sync-why-attachment-size"));
        let cut = section(&[pdf("a scan")]);
        let err = read_section(&mut &cut[..cut.len() - 2], 1 << 30, &mut |_| Ok(())).unwrap_err();
        assert!(matches!(err, BundleError::Damaged));
        // Correctly hashed, but a program (or a page a browser runs).
        for other in [
            b"\x7fELF\x02\x01\x01\x00 a program".to_vec(),
            b"<html><script>".to_vec(),
        ] {
            let program = section(&[other]);
            let err = read_section(&mut &program[..], 1 << 30, &mut |_| Ok(())).unwrap_err();
            assert!(matches!(err, BundleError::BadOps(m) if m.key == "sync-why-attachment-kind"));
        }
    }
}
