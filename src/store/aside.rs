//! Ops set aside: proven by the device that made it, but not merged — a
//! field laptop writing a record outside its caseload (it raced a
//! reassignment, or it is a stolen laptop), or a value the form does not
//! take. They are kept, listed for the coordinator, and erased like the
//! log when their record is.

use super::codec::{parents_json, parse_parents, seal_bytes, seal_from, to_i64};
use super::{Result, Store, StoreError};
use crate::domain::{DeviceId, Dot, FieldPath, Hlc, Op, RecordId};
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
pub(super) fn put(
    tx: &rusqlite::Connection,
    device: i64,
    op: &Op,
    value: &str,
    reason: &str,
    bundle: &str,
) -> Result<()> {
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
/// erasure did in the log (a page at a time: however many were set aside).
pub(super) fn redact(tx: &rusqlite::Connection, record: RecordId) -> Result<()> {
    const PAGE: i64 = 256;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM set_aside a JOIN devices d ON d.num = a.device
         WHERE a.record = ?1 AND (a.device, a.seq) > (?2, ?3) ORDER BY a.device, a.seq LIMIT {PAGE}"
    ))?;
    let mut after = (0i64, 0i64);
    loop {
        let mut page = Vec::new();
        let mut q = stmt.query(params![record.to_string(), after.0, after.1])?;
        while let Some(r) = q.next()? {
            page.push(from_row(r)?);
        }
        let Some((device, last)) = page.last() else { break };
        after = (*device, to_i64(last.op.dot.seq, "sequence number")?);
        for (device, a) in &page {
            let gone = a.op.redacted();
            if gone != a.op {
                tx.prepare_cached(
                    "UPDATE set_aside SET value = 'null', seal = ?3 WHERE device = ?1 AND seq = ?2",
                )?
                .execute(params![
                    device,
                    to_i64(a.op.dot.seq, "sequence number")?,
                    seal_bytes(&gone.seal)
                ])?;
            }
        }
    }
    Ok(())
}

/// A page of `device`'s ops of `record` set aside for `reason`, numbered after `after`.
pub(super) fn page_of(
    tx: &rusqlite::Connection,
    device: i64,
    record: RecordId,
    reason: &str,
    after: u64,
) -> Result<Vec<Op>> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM set_aside a JOIN devices d ON d.num = a.device
         WHERE a.device = ?1 AND a.record = ?2 AND a.reason = ?3 AND a.seq > ?4 ORDER BY a.seq LIMIT 256"
    ))?;
    let mut q = stmt.query(params![
        device,
        record.to_string(),
        reason,
        to_i64(after, "sequence number")?
    ])?;
    let mut page = Vec::new();
    while let Some(r) = q.next()? {
        page.push(from_row(r)?.1.op);
    }
    Ok(page)
}

const COLUMNS: &str = "a.device, d.id, a.seq, a.record, a.field, a.value, a.seal, a.parents, a.hlc, a.author,
    a.reason, a.bundle, a.time";

fn from_row(r: &rusqlite::Row<'_>) -> Result<(i64, SetAside)> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("set-aside op {what}"));
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
    Ok((
        r.get(0)?,
        SetAside {
            op,
            reason: r.get(10)?,
            bundle: r.get(11)?,
            time: r.get(12)?,
        },
    ))
}

impl Store {
    /// Every op set aside, oldest first, one at a time (however many).
    pub fn each_set_aside(&self, mut f: impl FnMut(SetAside) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM set_aside a JOIN devices d ON d.num = a.device ORDER BY a.time, d.id, a.seq"
        ))?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            f(from_row(r)?.1)?;
        }
        Ok(())
    }

    /// Every op set aside, oldest first (tests and small lists; listing
    /// goes through [`Store::each_set_aside`]).
    pub fn set_aside(&self) -> Result<Vec<SetAside>> {
        let mut out = Vec::new();
        self.each_set_aside(|a| {
            out.push(a);
            Ok(())
        })?;
        Ok(out)
    }

    /// How many ops of each device are set aside.
    pub fn set_aside_counts(&self) -> Result<Vec<(DeviceId, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, count(*) FROM set_aside a JOIN devices d ON d.num = a.device GROUP BY d.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (device, n) = row?;
            let device = device
                .parse()
                .map_err(|_| StoreError::Corrupt("set-aside op device".into()))?;
            out.push((device, n.max(0) as u64));
        }
        Ok(out)
    }
}
