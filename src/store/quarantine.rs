//! Bundles of devices not trusted yet, kept as they came — still encrypted,
//! never unpacked — in parts of at most 1 MiB, until the coordinator
//! trusts the device or refuses them.

use super::peers::{BundleEntry, note_bundle};
use super::{Result, Store, StoreError};
use crate::domain::DeviceId;
use std::io::{Read, Write};

/// The size of one stored part.
const PART: usize = 1 << 20;

impl Store {
    /// Keeps a bundle of an untrusted device as it came, read from `input`
    /// part by part, with its entry (status `quarantined`) and the device
    /// as its header names it (`peer`: signing key, age key, worker), in one
    /// transaction. More than `max` bytes: nothing is kept, and the answer
    /// is `Ok(false)`.
    pub fn quarantine(
        &mut self,
        entry: &BundleEntry,
        peer: (&[u8; 32], &str, &str),
        input: &mut dyn Read,
        max: u64,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        super::peers::meet(&tx, entry.device, peer.0, peer.1, peer.2)?;
        note_bundle(&tx, entry)?;
        let mut part = vec![0u8; PART];
        let mut total = 0u64;
        let mut n = 0i64;
        loop {
            let got = fill(input, &mut part).map_err(StoreError::Read)?;
            if got == 0 {
                break;
            }
            total += got as u64;
            if total > max {
                return Ok(false);
            }
            tx.prepare_cached("INSERT INTO quarantine (bundle, part, bytes) VALUES (?1, ?2, ?3)")?
                .execute(rusqlite::params![entry.id, n, &part[..got]])?;
            n += 1;
        }
        tx.execute(
            "UPDATE bundles SET bytes = ?2 WHERE id = ?1",
            rusqlite::params![entry.id, i64::try_from(total).unwrap_or(i64::MAX)],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The quarantined bundles of a device, oldest first (by its numbering).
    pub fn quarantined(&self, device: DeviceId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM bundles WHERE device_id = ?1 AND status = 'quarantined' ORDER BY sequence, id",
        )?;
        let ids = stmt
            .query_map([device.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Every quarantined bundle, of every device, with its device.
    pub fn all_quarantined(&self) -> Result<Vec<(String, DeviceId)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, device_id FROM bundles WHERE status = 'quarantined' ORDER BY device_id, sequence, id",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, device)| {
                let device = device
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("device id {device}")))?;
                Ok((id, device))
            })
            .collect()
    }

    /// Drops a quarantined bundle that must not be kept (it holds changes
    /// to an erased person): its parts gone, noted refused, and `detail`
    /// in the audit trail, in one transaction.
    pub fn drop_quarantined(&mut self, bundle: &str, detail: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        end_quarantine(&tx, bundle, "refused")?;
        super::audit::append(&tx, "quarantine dropped", detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Notes a bundle of an untrusted device that is not kept (it holds
    /// changes to an erased person) as refused, with the device as its
    /// header names it, so that the device can be trusted and the bundle
    /// imported again.
    pub fn refuse_unkept(&mut self, entry: &BundleEntry, peer: (&[u8; 32], &str, &str)) -> Result<()> {
        let tx = self.conn.transaction()?;
        super::peers::meet(&tx, entry.device, peer.0, peer.1, peer.2)?;
        note_bundle(
            &tx,
            &BundleEntry {
                status: "refused",
                ..entry.clone()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A quarantined bundle, as it came, read a part at a time.
    pub fn read_quarantined<'s>(&'s self, bundle: &str) -> Quarantined<'s> {
        Quarantined {
            store: self,
            bundle: bundle.to_owned(),
            next: 0,
            part: Vec::new(),
            at: 0,
            failed: None,
        }
    }

    /// Writes a quarantined bundle, as it came, to `out`.
    pub fn copy_quarantined(&self, bundle: &str, out: &mut dyn Write) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT bytes FROM quarantine WHERE bundle = ?1 ORDER BY part")?;
        let mut rows = stmt.query([bundle])?;
        while let Some(r) = rows.next()? {
            let bytes = r
                .get_ref(0)?
                .as_blob()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            out.write_all(bytes).map_err(StoreError::Read)?;
        }
        Ok(())
    }

    /// Drops a quarantined bundle (merged at last, or refused when its
    /// device was trusted) and notes what became of it.
    pub fn end_quarantine(&self, bundle: &str, status: &'static str) -> Result<()> {
        end_quarantine(&self.conn, bundle, status)
    }
}

/// A quarantined bundle being read ([`Store::read_quarantined`]): one
/// part in memory at a time.
pub struct Quarantined<'s> {
    store: &'s Store,
    bundle: String,
    next: i64,
    part: Vec<u8>,
    at: usize,
    failed: Option<String>,
}

impl Quarantined<'_> {
    /// The database could not give a part (the bundle was not read to its end).
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }
}

impl Read for Quarantined<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.part.len() {
            let part: Option<Vec<u8>> = self
                .store
                .conn
                .prepare_cached("SELECT bytes FROM quarantine WHERE bundle = ?1 AND part = ?2")
                .and_then(|mut s| {
                    use rusqlite::OptionalExtension;
                    s.query_row(rusqlite::params![self.bundle, self.next], |r| r.get(0))
                        .optional()
                })
                .map_err(|e| {
                    self.failed = Some(e.to_string());
                    std::io::Error::other(e)
                })?;
            match part {
                Some(bytes) => {
                    self.part = bytes;
                    self.at = 0;
                    self.next += 1;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.part.len() - self.at);
        buf[..n].copy_from_slice(&self.part[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// [`Store::end_quarantine`] on a connection (or inside a transaction).
pub(super) fn end_quarantine(conn: &rusqlite::Connection, bundle: &str, status: &'static str) -> Result<()> {
    conn.execute("DELETE FROM quarantine WHERE bundle = ?1", [bundle])?;
    conn.execute(
        "UPDATE bundles SET status = ?2, bytes = NULL WHERE id = ?1 AND status = 'quarantined'",
        rusqlite::params![bundle, status],
    )?;
    Ok(())
}

/// Reads until `buf` is full or the input ends.
fn fill(input: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
