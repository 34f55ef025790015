//! What this database knows about other devices and bundles: each device's
//! keys and trust, every bundle exported or imported (and the quarantined
//! ones waiting for their device to be trusted), what the coordinator has
//! acknowledged, and the audit trail of exports and trust decisions.

use super::{Result, Store, StoreError};
use crate::domain::DeviceId;
use rusqlite::{OptionalExtension, params};

/// Whether bundles from a device are merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Seen, verified, not yet trusted: its bundles wait in quarantine.
    Unknown,
    /// Its bundles are merged.
    Trusted,
    /// Its bundles are refused.
    Revoked,
}

impl Trust {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Trust::Unknown => "unknown",
            Trust::Trusted => "trusted",
            Trust::Revoked => "revoked",
        }
    }

    fn parse(s: &str) -> Result<Trust> {
        match s {
            "unknown" => Ok(Trust::Unknown),
            "trusted" => Ok(Trust::Trusted),
            "revoked" => Ok(Trust::Revoked),
            other => Err(StoreError::Corrupt(format!("device status {other}"))),
        }
    }
}

/// Another device, as its bundles introduced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    /// Its device id.
    pub device: DeviceId,
    /// Its Ed25519 public key.
    pub signing_key: [u8; 32],
    /// Its age public key (return bundles are encrypted to it).
    pub age_key: String,
    /// The worker named in its latest bundle.
    pub worker: String,
    /// Trusted, revoked or not yet decided.
    pub trust: Trust,
    /// Bundle sequence numbers received from it, ascending.
    pub sequences: Vec<u64>,
}

impl Peer {
    /// Bundle sequence numbers below the highest received that never arrived.
    pub fn missing(&self) -> Vec<u64> {
        let Some(&last) = self.sequences.last() else {
            return Vec::new();
        };
        (1..last)
            .filter(|s| self.sequences.binary_search(s).is_err())
            .collect()
    }
}

/// A bundle this database wrote or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleEntry {
    /// The bundle id.
    pub id: String,
    /// The device that made it.
    pub device: DeviceId,
    /// Its per-device sequence number.
    pub sequence: u64,
    /// SHA-256 of its signed header (the next bundle of the device names it).
    pub hash: String,
    /// Exported, merged or quarantined.
    pub status: &'static str,
    /// Ops it carries.
    pub ops: u64,
}

impl Store {
    /// Every device met in a bundle, with what was received from it.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        let mut stmt = self.conn.prepare(
            "SELECT device_id, signing_key, age_key, worker, status FROM peers ORDER BY first_seen, device_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut peers = Vec::new();
        for row in rows {
            let (device, key, age_key, worker, status) = row?;
            let device: DeviceId = device
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("device id {device}")))?;
            let signing_key = key
                .try_into()
                .map_err(|_| StoreError::Corrupt("device key length".into()))?;
            let sequences = self.received_sequences(device)?;
            peers.push(Peer {
                device,
                signing_key,
                age_key,
                worker,
                trust: Trust::parse(&status)?,
                sequences,
            });
        }
        Ok(peers)
    }

    /// One device, if it was met.
    pub fn peer(&self, device: DeviceId) -> Result<Option<Peer>> {
        Ok(self.peers()?.into_iter().find(|p| p.device == device))
    }

    fn received_sequences(&self, device: DeviceId) -> Result<Vec<u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sequence FROM bundles WHERE device_id = ?1 AND status IN ('merged', 'quarantined')
             ORDER BY sequence",
        )?;
        let seqs = stmt
            .query_map([device.to_string()], |r| r.get::<_, i64>(0))?
            .map(|s| s.map(|s| s.max(0) as u64))
            .collect::<rusqlite::Result<_>>()?;
        Ok(seqs)
    }

    /// Records a device met in a bundle (its keys and worker); a known
    /// device keeps its trust.
    pub fn meet_peer(
        &self,
        device: DeviceId,
        signing_key: &[u8; 32],
        age_key: &str,
        worker: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO peers (device_id, signing_key, age_key, worker, status, first_seen, changed)
             VALUES (?1, ?2, ?3, ?4, 'unknown', ?5, ?5)
             ON CONFLICT (device_id) DO UPDATE SET age_key = excluded.age_key, worker = excluded.worker",
            params![device.to_string(), &signing_key[..], age_key, worker, now()],
        )?;
        Ok(())
    }

    /// Trusts or revokes a device, noting who decided in the audit trail.
    pub fn set_trust(&self, device: DeviceId, trust: Trust) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE peers SET status = ?2, changed = ?3 WHERE device_id = ?1",
            params![device.to_string(), trust.as_str(), now()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoDevice(device.to_string()));
        }
        self.audit(&format!("device {}", trust.as_str()), &device.to_string())
    }

    /// Whether a bundle with this id was merged already.
    pub fn bundle_status(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT status FROM bundles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// The newest bundle this device exported: (sequence, header hash).
    pub fn last_export(&self, device: DeviceId) -> Result<Option<(u64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT sequence, hash FROM bundles WHERE device_id = ?1 AND status = 'exported'
                 ORDER BY sequence DESC LIMIT 1",
                [device.to_string()],
                |r| Ok((r.get::<_, i64>(0)?.max(0) as u64, r.get(1)?)),
            )
            .optional()?)
    }

    /// Notes a bundle written or read; `plain` keeps a quarantined bundle's
    /// verified content (inside the encrypted database) until its device is trusted.
    pub fn note_bundle(&self, entry: &BundleEntry, plain: Option<&[u8]>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO bundles (id, device_id, sequence, hash, status, ops, time, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status, content = excluded.content",
            params![
                entry.id,
                entry.device.to_string(),
                i64::try_from(entry.sequence).unwrap_or(i64::MAX),
                entry.hash,
                entry.status,
                i64::try_from(entry.ops).unwrap_or(i64::MAX),
                now(),
                plain,
            ],
        )?;
        Ok(())
    }

    /// The quarantined bundles of a device: (bundle id, verified content).
    pub fn quarantined(&self, device: DeviceId) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, content FROM bundles WHERE device_id = ?1 AND status = 'quarantined'
             AND content IS NOT NULL ORDER BY sequence",
        )?;
        let rows = stmt
            .query_map([device.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The highest op sequence of each device the other side has acknowledged.
    pub fn acknowledged(&self) -> Result<Vec<(DeviceId, u64)>> {
        let mut stmt = self.conn.prepare("SELECT device_id, upto FROM acks")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut acks = Vec::new();
        for row in rows {
            let (device, upto) = row?;
            let device = device
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("device id {device}")))?;
            acks.push((device, upto.max(0) as u64));
        }
        Ok(acks)
    }

    /// Notes that the other side holds every op of `device` up to `upto`.
    pub fn acknowledge(&self, device: DeviceId, upto: u64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO acks (device_id, upto) VALUES (?1, ?2)
             ON CONFLICT (device_id) DO UPDATE SET upto = max(upto, excluded.upto)",
            params![device.to_string(), i64::try_from(upto).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// For each device in the log, the highest sequence number up to which
    /// every op of it is here (what a receipt acknowledges).
    pub fn receipt(&self) -> Result<Vec<(DeviceId, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, count(*), max(o.seq) FROM ops o JOIN devices d ON d.num = o.device GROUP BY d.id ORDER BY d.id",
        )?;
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut receipt = Vec::new();
        for (device, count, max) in rows {
            let device: DeviceId = device
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("device id {device}")))?;
            let upto = if count == max {
                max
            } else {
                // A gap: count up to the first missing op.
                let mut seqs = self.conn.prepare_cached(
                    "SELECT o.seq FROM ops o JOIN devices d ON d.num = o.device WHERE d.id = ?1 ORDER BY o.seq",
                )?;
                let mut expected = 1;
                for seq in seqs.query_map([device.to_string()], |r| r.get::<_, i64>(0))? {
                    if seq? != expected {
                        break;
                    }
                    expected += 1;
                }
                expected - 1
            };
            if upto > 0 {
                receipt.push((device, upto as u64));
            }
        }
        Ok(receipt)
    }

    /// The records in which `device` made at least one op.
    pub fn records_touched_by(
        &self,
        device: DeviceId,
    ) -> Result<std::collections::HashSet<crate::domain::RecordId>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT r.id FROM ops o JOIN devices d ON d.num = o.device JOIN records r ON r.num = o.record
             WHERE d.id = ?1",
        )?;
        let ids = stmt.query_map([device.to_string()], |r| r.get::<_, String>(0))?;
        let mut set = std::collections::HashSet::new();
        for id in ids {
            let id = id?;
            set.insert(
                id.parse()
                    .map_err(|_| StoreError::Corrupt(format!("record id {id}")))?,
            );
        }
        Ok(set)
    }

    /// Writes an entry of the audit trail as this device's worker.
    pub fn audit(&self, action: &str, detail: &str) -> Result<()> {
        let author = self.profile().map(|p| p.worker).unwrap_or_default();
        self.conn.execute(
            "INSERT INTO audit (time, author, action, detail) VALUES (?1, ?2, ?3, ?4)",
            params![now(), author, action, detail],
        )?;
        Ok(())
    }

    /// The audit trail, oldest first: (time, author, action, detail).
    pub fn audit_trail(&self) -> Result<Vec<(String, String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT time, author, action, detail FROM audit ORDER BY rowid")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// Now, UTC, RFC 3339 to the second.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
