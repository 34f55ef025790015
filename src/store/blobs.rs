//! The bytes of attachments, inside the encrypted database: addressed by
//! their SHA-256, kept in chunks of [`CHUNK`] bytes, written in the same
//! transaction as the op that names them, read back a chunk at a time, and
//! removed (overwritten: `secure_delete` is on) once no record names them.

use super::oplog::Applier;
use super::{Merge, Result, Store, StoreError, Writer};
use rusqlite::{OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

/// The size of one stored chunk (and of one chunk in a bundle).
pub const CHUNK: usize = 256 << 10;

/// Every SHA-256 that a record's current values (as JSON text) name: what
/// keeps stored bytes from being removed.
pub fn hashes_in(values_json: &str) -> impl Iterator<Item = &str> {
    const KEY: &str = "\"sha256\":\"";
    values_json.match_indices(KEY).filter_map(|(at, _)| {
        let start = at + KEY.len();
        values_json.get(start..start + 64)
    })
}

/// A blob being written a chunk at a time; its hash is checked at the end.
pub struct BlobWriter {
    sha256: String,
    size: u64,
    written: u64,
    next: i64,
    hasher: Sha256,
    buffer: Vec<u8>,
    /// Already stored: the chunks are hashed and checked, not written.
    known: bool,
}

fn begin(tx: &rusqlite::Connection, sha256: &str, size: u64) -> Result<BlobWriter> {
    let known = tx
        .prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?
        .query_row([sha256], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(BlobWriter {
        sha256: sha256.to_owned(),
        size,
        written: 0,
        next: 0,
        hasher: Sha256::new(),
        buffer: Vec::with_capacity(CHUNK.min(usize::try_from(size).unwrap_or(CHUNK))),
        known,
    })
}

fn write(tx: &rusqlite::Connection, blob: &mut BlobWriter, mut bytes: &[u8]) -> Result<()> {
    let len = bytes.len() as u64;
    if blob.written.saturating_add(len) > blob.size {
        return Err(StoreError::Corrupt(format!(
            "attachment {} is longer than it said",
            blob.sha256
        )));
    }
    blob.written += len;
    blob.hasher.update(bytes);
    if blob.known {
        return Ok(());
    }
    while !bytes.is_empty() {
        let take = (CHUNK - blob.buffer.len()).min(bytes.len());
        blob.buffer.extend_from_slice(&bytes[..take]);
        bytes = &bytes[take..];
        if blob.buffer.len() == CHUNK {
            flush_chunk(tx, blob)?;
        }
    }
    Ok(())
}

fn flush_chunk(tx: &rusqlite::Connection, blob: &mut BlobWriter) -> Result<()> {
    if blob.next == 0 {
        tx.prepare_cached("INSERT INTO blobs (sha256, size, added) VALUES (?1, ?2, ?3)")?
            .execute(params![
                blob.sha256,
                super::codec::to_i64(blob.size, "attachment size")?,
                chrono::Utc::now().timestamp()
            ])?;
    }
    tx.prepare_cached("INSERT INTO blob_chunks (sha256, idx, bytes) VALUES (?1, ?2, ?3)")?
        .execute(params![blob.sha256, blob.next, blob.buffer])?;
    blob.next += 1;
    blob.buffer.clear();
    Ok(())
}

/// Ends a blob: its length and hash must be what was said.
fn finish(tx: &rusqlite::Connection, mut blob: BlobWriter) -> Result<bool> {
    if blob.written != blob.size {
        return Err(StoreError::Corrupt(format!(
            "attachment {} is shorter than it said",
            blob.sha256
        )));
    }
    let got = hex::encode(std::mem::take(&mut blob.hasher).finalize());
    if got != blob.sha256 {
        return Err(StoreError::Corrupt(format!(
            "attachment {} does not have its hash",
            blob.sha256
        )));
    }
    if blob.known {
        return Ok(false);
    }
    if !blob.buffer.is_empty() || blob.next == 0 {
        flush_chunk(tx, &mut blob)?;
    }
    Ok(true)
}

impl Writer<'_> {
    /// Stores `bytes` under their SHA-256 (hex) in this batch; `false` when
    /// they were stored already (the same scan attached twice).
    pub fn put_blob(&mut self, bytes: &[u8]) -> Result<(String, bool)> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let mut blob = begin(&self.a.tx, &sha256, bytes.len() as u64)?;
        write(&self.a.tx, &mut blob, bytes)?;
        let new = finish(&self.a.tx, blob)?;
        Ok((sha256, new))
    }
}

impl Applier<'_> {
    /// Starts receiving the blob `sha256` of `size` bytes in this transaction.
    pub(super) fn begin_blob(&mut self, sha256: &str, size: u64) -> Result<BlobWriter> {
        begin(&self.tx, sha256, size)
    }

    /// Writes the next bytes of a blob being received.
    pub(super) fn blob_bytes(&mut self, blob: &mut BlobWriter, bytes: &[u8]) -> Result<()> {
        write(&self.tx, blob, bytes)
    }

    /// Ends a blob being received: refused unless its length and hash are
    /// what was said. Unreferenced ones are removed on commit.
    pub(super) fn end_blob(&mut self, blob: BlobWriter) -> Result<bool> {
        self.forget_blobs = true;
        finish(&self.tx, blob)
    }

    /// Removes every stored blob no record names any more.
    pub(super) fn remove_unnamed_blobs(&mut self) -> Result<u64> {
        remove_unnamed(&self.tx)
    }
}

impl Merge<'_> {
    /// Starts receiving an attachment's bytes (an import).
    pub fn begin_blob(&mut self, sha256: &str, size: u64) -> Result<BlobWriter> {
        self.w.a.begin_blob(sha256, size)
    }

    /// Its next bytes.
    pub fn blob_bytes(&mut self, blob: &mut BlobWriter, bytes: &[u8]) -> Result<()> {
        self.w.a.blob_bytes(blob, bytes)
    }

    /// Its end: kept when its hash and length are what was said.
    pub fn end_blob(&mut self, blob: BlobWriter) -> Result<bool> {
        self.w.a.end_blob(blob)
    }

    /// Forgets that `shas` were sent to `device` (a record given to it
    /// again: it may have handed them back), so that they go again.
    pub fn unsend_blobs(&mut self, device: crate::domain::DeviceId, shas: &[String]) -> Result<()> {
        let mut stmt = self
            .w
            .a
            .tx
            .prepare_cached("DELETE FROM blobs_sent WHERE device_id = ?1 AND sha256 = ?2")?;
        for sha in shas {
            stmt.execute(params![device.to_string(), sha])?;
        }
        Ok(())
    }

    /// Keeps what the sender said it lacks.
    pub fn note_wants(&mut self, device: crate::domain::DeviceId, wants: &[String]) -> Result<()> {
        self.w.a.note_wants(device, wants)
    }
}

/// Removes the blobs no record's current values name; how many.
fn remove_unnamed(tx: &rusqlite::Connection) -> Result<u64> {
    let stored: Vec<String> = {
        let mut stmt = tx.prepare("SELECT sha256 FROM blobs")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    if stored.is_empty() {
        return Ok(0);
    }
    let mut named = foldhash::HashSet::default();
    // What records name, and what changes set aside name (merged later,
    // they find their bytes here).
    for sql in [
        "SELECT data FROM record_values WHERE instr(data, '\"sha256\":\"') > 0",
        "SELECT value FROM set_aside WHERE instr(value, '\"sha256\":\"') > 0",
    ] {
        let mut stmt = tx.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let data: String = row.get(0)?;
            for h in hashes_in(&data) {
                named.insert(h.to_owned());
            }
        }
    }
    let mut removed = 0;
    for sha in stored.iter().filter(|s| !named.contains(*s)) {
        tx.execute("DELETE FROM blob_chunks WHERE sha256 = ?1", [sha])?;
        tx.execute("DELETE FROM blobs WHERE sha256 = ?1", [sha])?;
        removed += 1;
    }
    Ok(removed)
}

/// The most attachments a bundle says its sender lacks.
pub const MAX_WANTS: usize = 1024;

fn wants_key(device: crate::domain::DeviceId) -> String {
    format!("blob-wants-{device}")
}

impl Applier<'_> {
    /// Keeps what `device` said it lacks (replacing what it said before);
    /// they are sent to it again even if they were sent once.
    pub(super) fn note_wants(&mut self, device: crate::domain::DeviceId, wants: &[String]) -> Result<()> {
        let json = serde_json::to_string(wants).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        super::settings::put(&self.tx, &wants_key(device), &json)?;
        let mut stmt = self
            .tx
            .prepare_cached("DELETE FROM blobs_sent WHERE device_id = ?1 AND sha256 = ?2")?;
        for sha in wants {
            stmt.execute(params![device.to_string(), sha])?;
        }
        Ok(())
    }
}

impl Store {
    /// What `device` said it lacks in its last bundle.
    pub fn peer_wants(&self, device: crate::domain::DeviceId) -> Result<Vec<String>> {
        Ok(self
            .setting(&wants_key(device))?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// The attachments sent to `device` before.
    pub fn blobs_sent_to(&self, device: crate::domain::DeviceId) -> Result<foldhash::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256 FROM blobs_sent WHERE device_id = ?1")?;
        let rows = stmt.query_map([device.to_string()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Notes that `shas` went to `device` in a bundle.
    pub fn note_blobs_sent(&mut self, device: crate::domain::DeviceId, shas: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt =
                tx.prepare("INSERT OR IGNORE INTO blobs_sent (device_id, sha256) VALUES (?1, ?2)")?;
            for sha in shas {
                stmt.execute(params![device.to_string(), sha])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The attachments that `records`' current values name.
    pub fn hashes_named_by<'r>(
        &self,
        records: impl IntoIterator<Item = &'r crate::domain::RecordId>,
    ) -> Result<foldhash::HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.data FROM record_values v JOIN records r ON r.num = v.num
             WHERE r.id = ?1 AND instr(v.data, '\"sha256\":\"') > 0",
        )?;
        let mut named = foldhash::HashSet::default();
        for id in records {
            let mut rows = stmt.query([id.to_string()])?;
            while let Some(row) = rows.next()? {
                let data: String = row.get(0)?;
                named.extend(hashes_in(&data).map(str::to_owned));
            }
        }
        Ok(named)
    }

    /// Forgets that `device` lacks `shas` (they were just sent to it).
    pub fn forget_wants(&mut self, device: crate::domain::DeviceId, shas: &[String]) -> Result<()> {
        let mut wants = self.peer_wants(device)?;
        let before = wants.len();
        wants.retain(|w| !shas.contains(w));
        if wants.len() != before {
            let json = serde_json::to_string(&wants).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            super::settings::put(&self.conn, &wants_key(device), &json)?;
        }
        Ok(())
    }

    /// Attachments that records here name but whose bytes are not here
    /// (sent on later, or lost with a bundle), at most `limit`.
    pub fn missing_blobs(&self, limit: usize) -> Result<Vec<String>> {
        Ok(self.missing_blob_sizes(limit)?.into_keys().collect())
    }

    /// [`Store::missing_blobs`] with the size each is said to have.
    pub fn missing_blob_sizes(&self, limit: usize) -> Result<std::collections::BTreeMap<String, u64>> {
        let mut missing = std::collections::BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT data FROM record_values WHERE instr(data, '\"sha256\":\"') > 0")?;
        let mut rows = stmt.query([])?;
        let mut held = self
            .conn
            .prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")?;
        while let Some(row) = rows.next()? {
            let data: String = row.get(0)?;
            let Ok(serde_json::Value::Object(values)) = serde_json::from_str(&data) else {
                continue;
            };
            for value in values.values() {
                let (Some(sha), Some(size)) = (
                    value.get("sha256").and_then(|v| v.as_str()),
                    value.get("size").and_then(|v| v.as_u64()),
                ) else {
                    continue;
                };
                if missing.len() < limit && !missing.contains_key(sha) && !held.exists([sha])? {
                    missing.insert(sha.to_owned(), size);
                }
            }
        }
        Ok(missing)
    }

    /// The size of a stored blob; `None` when it is not here.
    pub fn blob_size(&self, sha256: &str) -> Result<Option<u64>> {
        let size: Option<i64> = self
            .conn
            .prepare_cached("SELECT size FROM blobs WHERE sha256 = ?1")?
            .query_row([sha256], |r| r.get(0))
            .optional()?;
        Ok(size.map(|s| s.max(0) as u64))
    }

    /// Passes a stored blob's bytes to `each`, a chunk at a time, and
    /// checks that they still have their hash.
    pub fn read_blob(&self, sha256: &str, each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT num FROM blob_chunks WHERE sha256 = ?1 ORDER BY idx")?;
        let chunks: Vec<i64> = stmt
            .query_map([sha256], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if chunks.is_empty() {
            return Err(StoreError::Corrupt(format!("attachment {sha256} is not here")));
        }
        let mut hasher = Sha256::new();
        for num in chunks {
            // One chunk in memory at a time.
            let bytes: Vec<u8> = self
                .conn
                .prepare_cached("SELECT bytes FROM blob_chunks WHERE num = ?1")?
                .query_row([num], |r| r.get(0))?;
            hasher.update(&bytes);
            each(&bytes).map_err(StoreError::Read)?;
        }
        if hex::encode(hasher.finalize()) != sha256 {
            return Err(StoreError::Corrupt(format!(
                "attachment {sha256} does not have its hash"
            )));
        }
        Ok(())
    }

    /// A stored blob whole (for one attachment of at most the size limit:
    /// a copy being written, a document's picture).
    pub fn blob(&self, sha256: &str) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.read_blob(sha256, &mut |b| {
            out.extend_from_slice(b);
            Ok(())
        })?;
        Ok(out)
    }

    /// How many blobs are stored, and their bytes.
    pub fn blob_totals(&self) -> Result<(u64, u64)> {
        let (n, bytes): (i64, i64) =
            self.conn
                .query_row("SELECT count(*), coalesce(sum(size), 0) FROM blobs", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok((n.max(0) as u64, bytes.max(0) as u64))
    }

    /// Writes the WAL back into the database and empties it, so that what
    /// an erasure overwrote is not left in the WAL's old frames.
    pub fn checkpoint(&self) -> Result<bool> {
        // (busy, frames in the WAL, frames written back): busy while another
        // connection reads; tried again for a few seconds.
        for _ in 0..20 {
            let (busy, log, done): (i64, i64, i64) =
                self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
            if busy == 0 && log <= done {
                return Ok(true);
            }
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        Ok(false)
    }

    /// After an erasure: the search index rewritten (FTS5 keeps a deleted
    /// row's words in its older segments until they are merged), then the
    /// WAL written back and emptied. With `secure_delete` on, every page
    /// and cell freed on the way is overwritten with zeros, so the erased
    /// values are in no page of the database, free ones included, nor in
    /// the WAL.
    ///
    /// `false` when another connection (another Intake window) kept the
    /// WAL in use: its old frames may still hold what was erased until
    /// the next scrub.
    pub fn scrub(&self) -> Result<bool> {
        self.conn
            .execute("INSERT INTO records_fts (records_fts) VALUES ('optimize')", [])?;
        self.checkpoint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_found_in_values() {
        let h = "0f".repeat(32);
        let json = format!(r#"{{"_attachments/x/file":{{"sha256":"{h}","name":"a"}}}}"#);
        assert_eq!(hashes_in(&json).collect::<Vec<_>>(), vec![h.as_str()]);
    }

    #[test]
    fn a_blob_is_kept_once_in_chunks_and_read_back_whole() {
        let mut store = Store::open_in_memory().unwrap();
        crate::testing::with_profile(&mut store, "tester");
        let bytes: Vec<u8> = (0..(CHUNK * 2 + 17)).map(|i| (i * 7 % 251) as u8).collect();
        let mut w = store.writer().unwrap();
        let (sha, new) = w.put_blob(&bytes).unwrap();
        assert!(new);
        assert!(!w.put_blob(&bytes).unwrap().1);
        w.commit().unwrap();
        assert_eq!(store.blob_size(&sha).unwrap(), Some(bytes.len() as u64));
        assert_eq!(store.blob(&sha).unwrap(), bytes);
        // Named by no record: gone at the next clean-up.
        let mut w = store.writer().unwrap();
        w.a.remove_unnamed_blobs().unwrap();
        w.commit().unwrap();
        assert_eq!(store.blob_size(&sha).unwrap(), None);
    }
}
