//! Ops set aside: proven by the device that made it, but not merged — a
//! field laptop writing a record outside its caseload (it raced a
//! reassignment, or it is a stolen laptop), or a value the form does not
//! take. They are kept, listed for the coordinator, and erased like the
//! log when their record is.

use super::codec::{parents_json, parse_parents, seal_bytes, seal_from, to_i64};
use super::{Result, Store, StoreError};
use crate::domain::{Dot, FieldPath, Hlc, Op, RecordId};
use rusqlite::params;

/// One op set aside.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    /// The op as it came (its value already redacted if its record was erased).
    pub op: Op,
    /// Why it was not merged (a message key of the `aside-` family).
    pub reason: String,
    /// The bundle it came in.
    pub bundle: String,
    /// When it was set aside (UTC, RFC 3339).
    pub time: String,
}

/// Keeps a set-aside op (once).
pub(super) fn put(tx: &rusqlite::Connection, device: i64, op: &Op, reason: &str, bundle: &str) -> Result<()> {
    let value = serde_json::to_string(&op.value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let parents = parents_json(&op.parents);
    tx.prepare_cached(
        "INSERT INTO set_aside (device, seq, record, field, value, seal, parents, hlc, author, reason, bundle, time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        device,
        to_i64(op.dot.seq, "sequence number")?,
        op.record.to_string(),
        op.field.as_str(),
        value,
        seal_bytes(&op.seal),
        parents,
        to_i64(op.hlc.0, "clock value")?,
        op.author,
        reason,
        bundle,
        super::peers::now(),
    ])?;
    Ok(())
}

/// Forgets a set-aside op that was merged after all.
pub(super) fn remove(tx: &rusqlite::Connection, device: i64, seq: u64) -> Result<()> {
    tx.prepare_cached("DELETE FROM set_aside WHERE device = ?1 AND seq = ?2")?
        .execute(params![device, to_i64(seq, "sequence number")?])?;
    Ok(())
}

/// Erases the identifying values of a record's set-aside ops, as its
/// erasure did in the log.
pub(super) fn redact(tx: &rusqlite::Connection, record: RecordId) -> Result<()> {
    for (device, op) in of_record(tx, Some(record))? {
        let gone = op.redacted();
        if gone != op {
            tx.prepare_cached(
                "UPDATE set_aside SET value = 'null', seal = ?3 WHERE device = ?1 AND seq = ?2",
            )?
            .execute(params![
                device,
                to_i64(op.dot.seq, "sequence number")?,
                seal_bytes(&gone.seal)
            ])?;
        }
    }
    Ok(())
}

fn of_record(tx: &rusqlite::Connection, record: Option<RecordId>) -> Result<Vec<(i64, Op)>> {
    Ok(rows(tx, record)?.into_iter().map(|(n, a)| (n, a.op)).collect())
}

fn rows(conn: &rusqlite::Connection, record: Option<RecordId>) -> Result<Vec<(i64, SetAside)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.device, d.id, a.seq, a.record, a.field, a.value, a.seal, a.parents, a.hlc, a.author,
                a.reason, a.bundle, a.time
         FROM set_aside a JOIN devices d ON d.num = a.device
         WHERE ?1 IS NULL OR a.record = ?1 ORDER BY a.time, d.id, a.seq",
    )?;
    let mut q = stmt.query([record.map(|r| r.to_string())])?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("set-aside op {what}"));
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let device: String = r.get(1)?;
        let record: String = r.get(3)?;
        let field: String = r.get(4)?;
        let value: String = r.get(5)?;
        let parents: Option<String> = r.get(7)?;
        let op = Op {
            dot: Dot::new(
                device.parse().map_err(|_| corrupt("device"))?,
                r.get::<_, i64>(2)?.max(0) as u64,
            ),
            record: record.parse().map_err(|_| corrupt("record"))?,
            field: FieldPath::parse(&field).map_err(|_| corrupt("field"))?,
            value: serde_json::from_str(&value).map_err(|_| corrupt("value"))?,
            seal: seal_from(r.get_ref(6)?.as_blob().map_err(|_| corrupt("seal"))?)?,
            parents: parse_parents(parents.as_deref())?,
            hlc: Hlc(r.get::<_, i64>(8)?.max(0) as u64),
            author: r.get(9)?,
        };
        out.push((
            r.get(0)?,
            SetAside {
                op,
                reason: r.get(10)?,
                bundle: r.get(11)?,
                time: r.get(12)?,
            },
        ));
    }
    Ok(out)
}

impl Store {
    /// Every op set aside, oldest first.
    pub fn set_aside(&self) -> Result<Vec<SetAside>> {
        Ok(rows(&self.conn, None)?.into_iter().map(|(_, a)| a).collect())
    }
}
