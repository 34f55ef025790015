//! What this database knows about other devices and bundles: each device's
//! keys and trust (mirrored from the campaign's device registry, plus what
//! was noticed here: a cloned device, a clock far ahead), every bundle
//! exported or imported, what the coordinator has acknowledged, and the
//! audit trail of exports and trust decisions.

use super::{Result, Store, StoreError};
use crate::domain::registry::{self, Revocation};
use crate::domain::{DeviceId, Hlc, RecordState};
use rusqlite::{OptionalExtension, params};

/// Whether bundles from a device are merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Seen, verified, not yet trusted: its bundles wait in quarantine.
    Unknown,
    /// Enrolled: its ops are believed (up to a revocation).
    Trusted,
    /// Its key is revoked: its ops after the revocation point are refused.
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

/// A revocation as the device list shows it: what the registry says, who
/// wrote it and when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Revoked {
    /// The revocation itself (key, point, reason).
    pub revocation: Revocation,
    /// The coordinator's worker who revoked it.
    pub by: String,
    /// When.
    pub at: Hlc,
}

/// Another device, as its bundles and the registry introduced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    /// Its device id.
    pub device: DeviceId,
    /// Its Ed25519 public key.
    pub signing_key: [u8; 32],
    /// Its age public key (return bundles are encrypted to it).
    pub age_key: String,
    /// The worker named when it was enrolled (or in its latest bundle);
    /// untrusted text: show it through `domain::visible`.
    pub worker: String,
    /// Trusted, revoked or not yet decided.
    pub trust: Trust,
    /// Bundle sequence numbers received from it, ascending.
    pub sequences: Vec<u64>,
    /// Why it is taken for a cloned laptop (two histories), if it is.
    pub cloned: Option<Cloned>,
    /// How far ahead of this computer's clock its ops were dated, at most (ms).
    pub clock_ahead: Option<u64>,
    /// Its revocation, once revoked.
    pub revoked: Option<Revoked>,
}

impl Peer {
    /// Bundle sequence numbers below the highest received that never arrived.
    pub fn missing(&self) -> Gaps {
        let below = self.sequences.last().copied().unwrap_or(0);
        Gaps::of(&self.sequences, below)
    }

    /// The revocation point: its ops after this sequence number are refused.
    pub fn revoked_after(&self) -> Option<u64> {
        self.revoked.as_ref().map(|r| r.revocation.after)
    }
}

/// How a device was found to have two histories: the laptop was copied,
/// or its key is in someone else's hands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "found", rename_all = "kebab-case")]
pub enum Cloned {
    /// Two different bundles under one number.
    TwoBundles {
        /// The number.
        bundle: u64,
    },
    /// A bundle that does not follow the one numbered before it.
    BrokenChain {
        /// The bundle's number.
        bundle: u64,
    },
    /// Two different ops under one number.
    TwoOps {
        /// The op's sequence number.
        seq: u64,
    },
    /// Two signed statements over its ops that disagree.
    TwoHistories {
        /// The first op of the statement held here.
        first: u64,
        /// Its last op.
        last: u64,
        /// The first op of the one that came.
        other_first: u64,
        /// Its last op.
        other_last: u64,
    },
    /// Noted in words this version does not read.
    Noted,
}

/// Bundle numbers that never arrived, as runs (first, last): at most one
/// more run than bundles received, however large the numbers a sender
/// chose, so that no bundle decides how much is listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gaps {
    /// The first runs, ascending (at most [`Gaps::SHOWN`]).
    pub runs: Vec<(u64, u64)>,
    /// How many numbers are missing in all.
    pub count: u64,
}

impl Gaps {
    /// Runs kept for showing; the count covers the rest.
    pub const SHOWN: usize = 8;

    /// The numbers from 1 to `below - 1` that are not in `received` (ascending).
    pub fn of(received: &[u64], below: u64) -> Gaps {
        let mut gaps = Gaps::default();
        let mut next = 1u64;
        for &n in received
            .iter()
            .filter(|&&n| n < below)
            .chain(std::iter::once(&below))
        {
            if n > next {
                gaps.count = gaps.count.saturating_add(n - next);
                if gaps.runs.len() < Self::SHOWN {
                    gaps.runs.push((next, n - 1));
                }
            }
            next = next.max(n.saturating_add(1));
        }
        gaps
    }

    /// Nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// "1, 4–6, 9", with "…" when more runs are missing than shown.
    pub fn list(&self) -> String {
        let mut parts: Vec<String> = self
            .runs
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        let shown: u64 = self.runs.iter().map(|(a, b)| b - a + 1).sum();
        if shown < self.count {
            parts.push("…".to_owned());
        }
        parts.join(", ")
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

/// Keeps the device list in step with the registry record: every enrolled
/// device is trusted with the registry's keys, every revoked one revoked.
/// Devices only met in bundles keep what was decided here.
pub(super) fn mirror_registry(
    tx: &rusqlite::Transaction<'_>,
    state: &RecordState,
    own: Option<DeviceId>,
) -> Result<()> {
    for (device, entry) in registry::devices(state) {
        if Some(device) == own {
            continue;
        }
        if let Some((e, _, _)) = &entry.enrolment {
            let key = crate::domain::Hash32::from_hex(&e.signing_key)
                .ok_or_else(|| StoreError::Corrupt("enrolled key".into()))?;
            tx.prepare_cached(
                "INSERT INTO peers (device_id, signing_key, age_key, worker, status, first_seen, changed)
                 VALUES (?1, ?2, ?3, ?4, 'trusted', ?5, ?5)
                 ON CONFLICT (device_id) DO UPDATE SET signing_key = excluded.signing_key,
                    age_key = excluded.age_key, worker = excluded.worker,
                    status = CASE WHEN status = 'revoked' THEN status ELSE 'trusted' END",
            )?
            .execute(params![
                device.to_string(),
                &key.0[..],
                e.age_key,
                e.worker,
                now()
            ])?;
        }
        if let Some((r, by, at)) = &entry.revocation {
            let shown = serde_json::to_string(&Revoked {
                revocation: r.clone(),
                by: by.clone(),
                at: *at,
            })
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.prepare_cached(
                "UPDATE peers SET status = 'revoked', revocation = ?2, changed = ?3 WHERE device_id = ?1",
            )?
            .execute(params![device.to_string(), shown, now()])?;
        }
    }
    Ok(())
}

impl Store {
    /// Every device met in a bundle or enrolled, with what was received from it.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        let mut stmt = self.conn.prepare(
            "SELECT device_id, signing_key, age_key, worker, status, cloned, clock_ahead, revocation
             FROM peers ORDER BY first_seen, device_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut peers = Vec::new();
        for row in rows {
            let (device, key, age_key, worker, status, cloned, ahead, revocation) = row?;
            let device: DeviceId = device
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("device id {device}")))?;
            let signing_key = key
                .try_into()
                .map_err(|_| StoreError::Corrupt("device key length".into()))?;
            let sequences = self.received_sequences(device)?;
            let revoked = revocation
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("revocation: {e}")))?;
            let cloned = cloned.map(|text: String| serde_json::from_str(&text).unwrap_or(Cloned::Noted));
            peers.push(Peer {
                device,
                signing_key,
                age_key,
                worker,
                trust: Trust::parse(&status)?,
                sequences,
                cloned,
                clock_ahead: ahead.map(|a| a.max(0) as u64),
                revoked,
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
    /// device keeps its trust and its enrolled keys.
    pub fn meet_peer(
        &self,
        device: DeviceId,
        signing_key: &[u8; 32],
        age_key: &str,
        worker: &str,
    ) -> Result<()> {
        meet(&self.conn, device, signing_key, age_key, worker)
    }

    /// Notes that a device's bundles show two histories (a copied laptop):
    /// kept although the bundle that showed it is refused, and shown until
    /// the coordinator revokes its key.
    pub fn note_cloned(&self, device: DeviceId, why: &Cloned) -> Result<()> {
        let why = serde_json::to_string(why).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn.execute(
            "UPDATE peers SET cloned = ?2, changed = ?3 WHERE device_id = ?1 AND status <> 'revoked'",
            params![device.to_string(), why, now()],
        )?;
        self.audit("device cloned", &format!("{device}: {why}"))
    }

    /// Whether a bundle with this id was merged already.
    pub fn bundle_status(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT status FROM bundles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// The header hash of bundle `sequence` of `device` this database
    /// exported, merged or quarantined, if any.
    pub fn bundle_hash(&self, device: DeviceId, sequence: u64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash FROM bundles WHERE device_id = ?1 AND sequence = ?2
                 AND status IN ('exported', 'merged', 'quarantined') LIMIT 1",
                params![device.to_string(), i64::try_from(sequence).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
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

    /// Notes a bundle written, read or quarantined.
    pub fn note_bundle(&self, entry: &BundleEntry) -> Result<()> {
        note_bundle(&self.conn, entry)
    }

    /// The highest op sequence of this device the coordinator has acknowledged.
    pub fn acknowledged(&self, device: DeviceId) -> Result<u64> {
        Ok(self
            .conn
            .query_row(
                "SELECT upto FROM acks WHERE device_id = ?1",
                [device.to_string()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map_or(0, |n| n.max(0) as u64))
    }

    /// For `device`, the highest sequence number up to which every op of it
    /// is here, merged or set aside (what a receipt can acknowledge).
    pub fn held_prefix(&self, device: DeviceId) -> Result<u64> {
        let Some(&num) = self.device_nums.get(&device) else {
            return Ok(0);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq FROM ops WHERE device = ?1 UNION SELECT seq FROM set_aside WHERE device = ?1 ORDER BY 1",
        )?;
        let mut expected = 1i64;
        for seq in stmt.query_map([num], |r| r.get::<_, i64>(0))? {
            if seq? != expected {
                break;
            }
            expected += 1;
        }
        Ok((expected - 1).max(0) as u64)
    }

    /// Writes an entry of the audit trail as this device's worker.
    pub fn audit(&self, action: &str, detail: &str) -> Result<()> {
        audit(&self.conn, action, detail)
    }

    /// The audit trail, oldest first: (time, author, action, detail).
    pub fn audit_trail(&self) -> Result<Vec<(String, String, String, String)>> {
        Ok(self
            .audit_entries(None)?
            .into_iter()
            .map(|e| (e.time, e.author, e.action, e.detail))
            .collect())
    }
}

/// [`Store::meet_peer`] on a connection (or inside a transaction).
pub(super) fn meet(
    conn: &rusqlite::Connection,
    device: DeviceId,
    signing_key: &[u8; 32],
    age_key: &str,
    worker: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO peers (device_id, signing_key, age_key, worker, status, first_seen, changed)
         VALUES (?1, ?2, ?3, ?4, 'unknown', ?5, ?5)
         ON CONFLICT (device_id) DO NOTHING",
        params![device.to_string(), &signing_key[..], age_key, worker, now()],
    )?;
    Ok(())
}

/// Notes a bundle on a connection (or inside a transaction).
pub(super) fn note_bundle(conn: &rusqlite::Connection, entry: &BundleEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO bundles (id, device_id, sequence, hash, status, ops, time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status",
        params![
            entry.id,
            entry.device.to_string(),
            i64::try_from(entry.sequence).unwrap_or(i64::MAX),
            entry.hash,
            entry.status,
            i64::try_from(entry.ops).unwrap_or(i64::MAX),
            now(),
        ],
    )?;
    Ok(())
}

/// Writes an audit entry on a connection (or inside a transaction).
pub(super) fn audit(conn: &rusqlite::Connection, action: &str, detail: &str) -> Result<()> {
    super::audit::append(conn, action, detail)
}

pub(super) use super::audit::now;

#[cfg(test)]
mod tests {
    use super::Gaps;

    #[test]
    fn gaps_are_runs_bounded_by_what_arrived() {
        let g = Gaps::of(&[2, 3, 7], 10);
        assert_eq!(g.runs, [(1, 1), (4, 6), (8, 9)]);
        assert_eq!((g.count, g.list().as_str()), (6, "1, 4–6, 8–9"));
        assert!(Gaps::of(&[1, 2, 3], 4).is_empty());
        assert!(Gaps::of(&[], 1).is_empty());
        // A sender's bundle numbered 2^48 lists one run, not 2^48 numbers.
        let huge = Gaps::of(&[1], 1 << 48);
        assert_eq!((huge.runs.len(), huge.count), (1, (1 << 48) - 2));
        // Many gaps: the first few runs and "…".
        let every_other: Vec<u64> = (1..100).map(|n| n * 2).collect();
        let g = Gaps::of(&every_other, 200);
        assert_eq!(g.runs.len(), Gaps::SHOWN);
        assert_eq!(g.count, 100);
        assert!(g.list().ends_with(", …"), "{}", g.list());
    }
}
