//! Reading a bundle as a stream: the envelope off, then the format line,
//! the header and its signature; then the items of the ops section one
//! line at a time, each line capped, every section's hash and length
//! checked, and the file's end reached (the envelope's last chunk checks
//! that nothing was cut off).

use super::{BundleError, FORMAT, Header, Item, MAX_HEADER, MAX_LINE, MAX_WINDOW_LOG, OPS, Section};
use super::{hex, signed_digest, why};
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use std::io::{self, BufRead, BufReader, Read};

/// A bundle whose format, header and signature have been checked; its
/// sections are not read yet.
pub struct Opened<R> {
    /// Its header.
    pub header: Header,
    /// SHA-256 of the header bytes (hex): the next bundle of the device names it.
    pub hash: String,
    /// The sender's public key (the header's, proven by the signature).
    pub key: VerifyingKey,
    input: R,
}

impl<R> std::fmt::Debug for Opened<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

/// Takes the age envelope off and checks the header.
pub fn open<R: Read>(
    input: R,
    identity: &age::x25519::Identity,
) -> Result<Opened<age::stream::StreamReader<BufReader<R>>>, BundleError> {
    let decryptor =
        age::Decryptor::new_buffered(BufReader::new(input)).map_err(|_| BundleError::NotABundle)?;
    let reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::WrongRecipient,
            _ => BundleError::Damaged,
        })?;
    open_inner(reader)
}

fn read_exact_or<R: Read>(input: &mut R, buf: &mut [u8], short: BundleError) -> Result<(), BundleError> {
    input.read_exact(buf).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => short,
        _ => BundleError::Damaged,
    })
}

/// Checks the inner bytes' format line, header and signature (the
/// envelope already off).
pub fn open_inner<R: Read>(mut input: R) -> Result<Opened<R>, BundleError> {
    // The format line: at most 64 bytes up to its newline.
    let mut line = Vec::with_capacity(64);
    loop {
        let mut byte = [0u8; 1];
        read_exact_or(&mut input, &mut byte, BundleError::NotABundle)?;
        if byte[0] == b'\n' {
            break;
        }
        line.push(byte[0]);
        if line.len() > 64 {
            return Err(BundleError::NotABundle);
        }
    }
    let format = std::str::from_utf8(&line).map_err(|_| BundleError::NotABundle)?;
    if format != FORMAT {
        return match format.strip_prefix("intake-bundle/") {
            Some(_) => Err(BundleError::UnknownFormat(format.to_owned())),
            None => Err(BundleError::NotABundle),
        };
    }
    let mut length = [0u8; 4];
    read_exact_or(&mut input, &mut length, BundleError::Damaged)?;
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_HEADER {
        return Err(BundleError::TooLarge(length as u64));
    }
    let mut header_bytes = vec![0u8; length];
    read_exact_or(&mut input, &mut header_bytes, BundleError::Damaged)?;
    let mut signature = [0u8; 64];
    read_exact_or(&mut input, &mut signature, BundleError::Damaged)?;
    // The signature is checked before anything in the header is believed.
    let header_value: serde_json::Value = serde_json::from_slice(&header_bytes)
        .map_err(|_| BundleError::BadHeader(why("sync-why-header-json", vec![])))?;
    let key_hex = header_value
        .get("signing_key")
        .and_then(|k| k.as_str())
        .ok_or_else(|| BundleError::BadHeader(why("sync-why-header-no-key", vec![])))?;
    let mut key_bytes = [0u8; 32];
    hex::decode_to_slice(key_hex, &mut key_bytes)
        .map_err(|_| BundleError::BadHeader(why("sync-why-header-key", vec![])))?;
    let key = VerifyingKey::from_bytes(&key_bytes)
        .map_err(|_| BundleError::BadHeader(why("sync-why-header-key", vec![])))?;
    key.verify_strict(&signed_digest(&header_bytes), &Signature::from_bytes(&signature))
        .map_err(|_| BundleError::BadSignature)?;
    let header: Header = serde_json::from_value(header_value)
        .map_err(|_| BundleError::BadHeader(why("sync-why-header-fields", vec![])))?;
    if header.format != FORMAT {
        return Err(BundleError::UnknownFormat(header.format));
    }
    if header.key_fingerprint != crate::sync::keys::fingerprint(&key) {
        return Err(BundleError::BadHeader(why("sync-why-header-fingerprint", vec![])));
    }
    // What an enrolment of this device would hold must be what every
    // laptop takes in the registry.
    if header.worker.chars().count() > crate::domain::registry::MAX_WORKER {
        let max = crate::domain::registry::MAX_WORKER;
        return Err(BundleError::BadHeader(why(
            "sync-why-header-worker",
            vec![("max", max.into())],
        )));
    }
    let canonical = crate::sync::keys::parse_recipient(&header.age_key).map(|r| r.to_string());
    if canonical.as_deref().ok() != Some(header.age_key.as_str()) {
        return Err(BundleError::BadHeader(why("sync-why-header-age-key", vec![])));
    }
    if header.sections.iter().filter(|s| s.name == OPS).count() != 1
        || header
            .sections
            .iter()
            .filter(|s| s.name == super::ATTACHMENTS)
            .count()
            > 1
    {
        return Err(BundleError::BadHeader(why("sync-why-header-sections", vec![])));
    }
    let hex_hash = |s: &String| {
        s.len() == 64
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if header.wants.len() > crate::store::MAX_WANTS || !header.wants.iter().all(hex_hash) {
        return Err(BundleError::BadHeader(why("sync-why-header-wants", vec![])));
    }
    // The audit entries it carries: bounded in number and size.
    let short = |s: &String| s.len() <= crate::store::MAX_AUDIT_FIELD;
    if header.audit.len() > crate::store::MAX_AUDIT_SENT
        || !header.audit.iter().all(|l| {
            hex_hash(&l.prev)
                && hex_hash(&l.hash)
                && short(&l.entry.time)
                && short(&l.entry.author)
                && short(&l.entry.action)
                && short(&l.entry.detail)
        })
    {
        return Err(BundleError::BadHeader(why("sync-why-header-audit", vec![])));
    }
    Ok(Opened {
        hash: hex(&Sha256::digest(&header_bytes)),
        header,
        key,
        input,
    })
}

/// Counts and hashes what is read through it, never past its section.
struct Hashing<R> {
    inner: io::Take<R>,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Hashing<R> {
    fn new(input: R, section: &Section) -> Self {
        Hashing {
            inner: input.take(section.bytes),
            hasher: Sha256::new(),
        }
    }

    /// Reads what is left of the section, then checks its length and hash.
    fn finish(mut self, section: &Section) -> Result<R, BundleError> {
        io::copy(&mut self, &mut io::sink()).map_err(|_| BundleError::Damaged)?;
        if self.inner.limit() > 0 {
            return Err(BundleError::Damaged);
        }
        if hex(&self.hasher.finalize()) != section.sha256 {
            return Err(BundleError::PayloadHash);
        }
        Ok(self.inner.into_inner())
    }
}

type Lines<R> = BufReader<zstd::Decoder<'static, BufReader<Hashing<R>>>>;

/// The items of a bundle's ops section, read one line at a time.
pub struct Items<R: Read> {
    lines: Lines<R>,
    section: Section,
    after: Vec<Section>,
    plain: u64,
    count: u64,
    line: Vec<u8>,
}

impl<R: Read> Opened<R> {
    /// Starts reading the ops section (sections before it, which this
    /// version does not know, are read through and their hashes checked).
    pub fn items(self) -> Result<Items<R>, BundleError> {
        let mut input = self.input;
        let mut sections = self.header.sections.into_iter();
        let ops = loop {
            let Some(section) = sections.next() else {
                return Err(BundleError::BadHeader(why("sync-why-header-sections", vec![])));
            };
            if section.name == OPS {
                break section;
            }
            input = Hashing::new(input, &section).finish(&section)?;
        };
        let mut decoder = zstd::Decoder::new(Hashing::new(input, &ops)).map_err(|_| BundleError::Damaged)?;
        decoder
            .window_log_max(MAX_WINDOW_LOG)
            .map_err(|_| BundleError::Damaged)?;
        Ok(Items {
            lines: BufReader::with_capacity(1 << 16, decoder),
            section: ops,
            after: sections.collect(),
            plain: 0,
            count: 0,
            line: Vec::with_capacity(1024),
        })
    }
}

impl<R: Read> Items<R> {
    /// The unpacked bytes of the section read so far.
    pub fn plain(&self) -> u64 {
        self.plain
    }

    /// The next item; `None` at the end of the section.
    pub fn next_item(&mut self) -> Result<Option<Item>, BundleError> {
        self.line.clear();
        if !read_line(&mut self.lines, &mut self.line)? {
            return Ok(None);
        }
        self.plain += self.line.len() as u64 + 1;
        self.count += 1;
        serde_json::from_slice(&self.line)
            .map(Some)
            .map_err(|_| BundleError::BadOps(why("sync-why-line", vec![("line", self.count.into())])))
    }

    /// After an item could not be believed: whether the section is the one
    /// the header signs (read through to its end). When it is not, the
    /// bundle was changed or damaged on the way, which is the better reason.
    pub fn diagnose(self, found: BundleError) -> BundleError {
        let decoder = self.lines.into_inner();
        let hashing = decoder.finish().into_inner();
        match hashing.finish(&self.section) {
            Err(e @ (BundleError::PayloadHash | BundleError::Damaged)) => e,
            _ => found,
        }
    }

    /// After the last item: the section's length and hash, what it
    /// unpacked to, the sections after it, and the end of the file.
    pub fn finish(self) -> Result<(), BundleError> {
        self.finish_with(&mut |_| Ok(()))
    }

    /// [`Items::finish`], handing the `attachments` section (if any) to
    /// `attachments` as it is read; its hash is checked after.
    pub fn finish_with(
        self,
        attachments: &mut dyn FnMut(&mut dyn Read) -> Result<(), BundleError>,
    ) -> Result<(), BundleError> {
        let decoder = self.lines.into_inner();
        let hashing = decoder.finish().into_inner();
        let mut input = hashing.finish(&self.section)?;
        if self.plain != self.section.plain_bytes {
            return Err(BundleError::BadOps(why(
                "sync-why-plain-bytes",
                vec![
                    ("bytes", self.plain.into()),
                    ("said", self.section.plain_bytes.into()),
                ],
            )));
        }
        for section in &self.after {
            let mut reading = Hashing::new(input, section);
            if section.name == super::ATTACHMENTS {
                attachments(&mut reading)?;
            }
            input = reading.finish(section)?;
        }
        // Nothing may follow; reading to the end also checks the envelope's last chunk.
        let mut rest = [0u8; 1];
        match input.read(&mut rest) {
            Ok(0) => Ok(()),
            Ok(_) => Err(BundleError::PayloadHash),
            Err(_) => Err(BundleError::Damaged),
        }
    }
}

/// Reads one line (without its newline) into `out`, refusing one longer
/// than [`MAX_LINE`] before it is read whole. `false` at the end.
fn read_line<B: BufRead>(input: &mut B, out: &mut Vec<u8>) -> Result<bool, BundleError> {
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(BundleError::Damaged),
        };
        if buf.is_empty() {
            return if out.is_empty() {
                Ok(false)
            } else {
                Err(BundleError::BadOps(why("sync-why-last-line", vec![])))
            };
        }
        let (chunk, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if out.len() + chunk.len() > MAX_LINE {
            return Err(BundleError::TooLarge((out.len() + chunk.len()) as u64));
        }
        out.extend_from_slice(chunk);
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_longer_than_the_cap_is_refused_before_it_is_read_whole() {
        let mut long = vec![b'x'; MAX_LINE + 10];
        long.push(b'\n');
        let mut input = BufReader::with_capacity(4096, &long[..]);
        let mut out = Vec::new();
        assert!(matches!(
            read_line(&mut input, &mut out),
            Err(BundleError::TooLarge(_))
        ));
        assert!(out.len() <= MAX_LINE);
        let mut input = BufReader::new(&b"one\ntwo\n"[..]);
        let mut out = Vec::new();
        assert!(read_line(&mut input, &mut out).unwrap());
        assert_eq!(out, b"one");
        out.clear();
        assert!(read_line(&mut input, &mut out).unwrap());
        assert_eq!(out, b"two");
        out.clear();
        assert!(!read_line(&mut input, &mut out).unwrap());
    }
}
