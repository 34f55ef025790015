//! What a coordinator holds of each device's ops, as runs of sequence
//! numbers: said in every return bundle, and kept by the laptop from the
//! last one, so that its next bundle carries what the coordinator lacks
//! (after the coordinator was restored from an old backup, the gap: its
//! own predecessor's ops and other laptops' that reached this one).

use super::merge::Merge;
use super::{Result, Store};
use crate::domain::DeviceId;
use rusqlite::params;
use std::collections::HashMap;

/// Runs `[first, last]` of one device's sequence numbers, lowest first.
pub type Runs = Vec<[u64; 2]>;

impl Store {
    /// Every device's ops held here (merged or set aside), as runs: the
    /// devices `first` names first, then the others; at most `per_device`
    /// runs of one device (a laptop that leaves holes in its own runs
    /// cannot crowd the others out) and `max_runs` over all, those past
    /// them left out (a device left out is one the reader knows nothing of).
    pub fn held_runs(
        &self,
        first: &[DeviceId],
        max_runs: usize,
        per_device: usize,
    ) -> Result<Vec<(DeviceId, Runs)>> {
        let mut devices: Vec<(DeviceId, i64)> = self.device_nums.iter().map(|(d, n)| (*d, *n)).collect();
        // The devices named first come first (the budget never leaves them out).
        devices.sort_by_key(|(d, n)| (first.iter().position(|f| f == d).unwrap_or(usize::MAX), *n));
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq FROM ops WHERE device = ?1 UNION SELECT seq FROM set_aside WHERE device = ?1 ORDER BY 1",
        )?;
        let mut out = Vec::new();
        let mut budget = max_runs;
        for (device, num) in devices {
            let mut runs: Runs = Vec::new();
            let budget_here = budget.min(per_device);
            for seq in stmt.query_map([num], |r| r.get::<_, i64>(0))? {
                let seq = seq?.max(0) as u64;
                let extends = runs.last().is_some_and(|r| r[1] + 1 == seq);
                if extends {
                    if let Some(run) = runs.last_mut() {
                        run[1] = seq;
                    }
                } else if runs.len() == budget_here {
                    break;
                } else {
                    runs.push([seq, seq]);
                }
            }
            budget -= runs.len();
            if !runs.is_empty() {
                out.push((device, runs));
            }
            if budget == 0 {
                break;
            }
        }
        Ok(out)
    }

    /// What the coordinator said it holds in its last return bundle, by
    /// device; `None` before any return bundle said so.
    pub fn coordinator_holds(&self) -> Result<Option<HashMap<DeviceId, Runs>>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device_id, first, last FROM coordinator_holds ORDER BY device_id, first")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, DeviceId>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?;
        let mut out: HashMap<DeviceId, Runs> = HashMap::new();
        for row in rows {
            let (device, first, last) = row?;
            out.entry(device)
                .or_default()
                .push([first.max(0) as u64, last.max(0) as u64]);
        }
        Ok((!out.is_empty()).then_some(out))
    }
}

/// Up to which number `holds` hold every op of `device` from 1 on (0: none).
pub fn prefix_held(holds: &[(DeviceId, Runs)], device: DeviceId) -> u64 {
    holds
        .iter()
        .find(|(d, _)| *d == device)
        .and_then(|(_, runs)| runs.first().filter(|r| r[0] == 1).map(|r| r[1]))
        .unwrap_or(0)
}

/// Whether `seq` lies in one of `runs` (sorted, not overlapping).
pub fn runs_hold(runs: &[[u64; 2]], seq: u64) -> bool {
    let at = runs.partition_point(|r| r[1] < seq);
    runs.get(at).is_some_and(|r| r[0] <= seq)
}

/// Whether `runs` hold every number of `first..=last`.
pub fn runs_hold_all(runs: &[[u64; 2]], first: u64, last: u64) -> bool {
    let at = runs.partition_point(|r| r[1] < first);
    runs.get(at).is_some_and(|r| r[0] <= first && last <= r[1])
}

/// The setting, on a laptop, that lists (JSON) the devices its
/// coordinator was before it was restored from a backup.
pub const COORDINATOR_BEFORE_SETTING: &str = "coordinator-before";

impl Store {
    /// The devices this laptop's coordinator was before it was restored.
    pub fn coordinator_before(&self) -> Result<Vec<DeviceId>> {
        Ok(self
            .setting(COORDINATOR_BEFORE_SETTING)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }
}

impl Merge<'_> {
    /// Follows the pinned coordinator to its new incarnation `device`
    /// (restored from a backup, with the same keys); the old one is
    /// remembered, so that its ops are still believed as the coordinator's.
    pub fn follow_coordinator(&mut self, old: DeviceId, device: DeviceId) -> Result<()> {
        let tx = &self.w.a.tx;
        let mut before: Vec<DeviceId> = tx
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [COORDINATOR_BEFORE_SETTING],
                |r| r.get::<_, String>(0),
            )
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        if !before.contains(&old) {
            before.push(old);
        }
        let json = serde_json::to_string(&before).map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
        super::settings::put(tx, COORDINATOR_BEFORE_SETTING, &json)?;
        tx.execute("UPDATE profile SET coordinator_device = ?1", [device.to_string()])?;
        super::peers::audit(tx, "coordinator restored", &format!("{device} in place of {old}"))?;
        Ok(())
    }

    /// Keeps what the coordinator says it holds, in place of what it said
    /// before. Where it holds less of this laptop's own ops than it once
    /// acknowledged (it was restored from an old backup), the
    /// acknowledgement goes back, so that the next bundle sends them again.
    pub fn keep_holds(&mut self, holds: &[(DeviceId, Runs)]) -> Result<()> {
        let tx = &self.w.a.tx;
        tx.execute("DELETE FROM coordinator_holds", [])?;
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO coordinator_holds (device_id, first, last) VALUES (?1, ?2, ?3)",
        )?;
        for (device, runs) in holds {
            for [first, last] in runs {
                put.execute(params![
                    device.to_string(),
                    i64::try_from(*first).unwrap_or(i64::MAX),
                    i64::try_from(*last).unwrap_or(i64::MAX)
                ])?;
            }
        }
        let own = self.w.device;
        let prefix = prefix_held(holds, own);
        tx.execute(
            "UPDATE acks SET upto = min(upto, ?2) WHERE device_id = ?1",
            params![own.to_string(), i64::try_from(prefix).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_say_which_numbers_they_hold() {
        let runs = [[1, 4], [7, 7], [9, 12]];
        let held: Vec<u64> = (0..14).filter(|s| runs_hold(&runs, *s)).collect();
        assert_eq!(held, vec![1, 2, 3, 4, 7, 9, 10, 11, 12]);
        assert!(runs_hold_all(&runs, 2, 4));
        assert!(!runs_hold_all(&runs, 4, 7));
        assert!(runs_hold_all(&runs, 9, 12));
        assert!(!runs_hold_all(&runs, 12, 13));
        assert!(!runs_hold_all(&[], 1, 1));
    }
}
