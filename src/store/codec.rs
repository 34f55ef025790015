//! How an op is kept in a row of the log: its parents as JSON, its seal as
//! 16 or 32 bytes (or none), numbers as SQLite's signed integers, and a
//! row read back into an op.

use super::{Result, StoreError};
use crate::domain::proof::{Hash32, Salt, Seal};
use crate::domain::{Dot, FieldPath, Hlc, Op, RecordId};

/// The `parents` column of an op: none, or a JSON list of [device, seq].
pub(super) fn parents_json(parents: &[Dot]) -> Option<String> {
    if parents.is_empty() {
        return None;
    }
    let list: Vec<(String, u64)> = parents.iter().map(|d| (d.device.to_string(), d.seq)).collect();
    serde_json::to_string(&list).ok()
}

/// Parses the `parents` column back into dots.
pub(super) fn parse_parents(text: Option<&str>) -> Result<Vec<Dot>> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let list: Vec<(String, u64)> =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("op parents: {e}")))?;
    list.into_iter()
        .map(|(d, seq)| {
            let device = d
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("parent device {d}")))?;
            Ok(Dot::new(device, seq))
        })
        .collect()
}

/// The stored form of a seal: the salt's 16 bytes, the commitment's 32, or
/// nothing (legacy).
pub(super) fn seal_bytes(seal: &Seal) -> &[u8] {
    match seal {
        Seal::Salt(s) => &s.0,
        Seal::Redacted(c) => &c.0,
        Seal::Legacy => &[],
    }
}

/// A seal from its stored bytes.
pub(super) fn seal_from(bytes: &[u8]) -> Result<Seal> {
    match bytes.len() {
        0 => Ok(Seal::Legacy),
        16 => Ok(Seal::Salt(Salt::from_slice(bytes).unwrap_or(Salt([0; 16])))),
        32 => Ok(Seal::Redacted(
            Hash32::from_slice(bytes).unwrap_or(Hash32([0; 32])),
        )),
        n => Err(StoreError::Corrupt(format!("op seal of {n} bytes"))),
    }
}

pub(super) fn to_i64(n: u64, what: &str) -> Result<i64> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("{what} {n} out of range")))
}

/// Maps a row of (device id, seq, _, field, value, parents, hlc, author,
/// seal) to an op.
pub(super) fn op_from_row(r: &rusqlite::Row<'_>, record: RecordId) -> Result<Op> {
    let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
    let device: String = r.get(0)?;
    let field: String = r.get(3)?;
    let value: String = r.get(4)?;
    let parents: Option<String> = r.get(5)?;
    Ok(Op {
        dot: Dot::new(
            device.parse().map_err(|_| corrupt("op device"))?,
            r.get::<_, i64>(1)?.max(0) as u64,
        ),
        record,
        field: FieldPath::parse(&field).map_err(|_| corrupt("op field"))?,
        value: serde_json::from_str(&value).map_err(|_| corrupt("op value"))?,
        seal: seal_from(r.get_ref(8)?.as_blob().map_err(|_| corrupt("op seal"))?)?,
        parents: parse_parents(parents.as_deref())?,
        hlc: Hlc(r.get::<_, i64>(6)?.max(0) as u64),
        author: r.get(7)?,
    })
}
