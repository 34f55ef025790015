//! The proofs kept with the log: every device's signed statements over
//! runs of its ops (this device's own too), the subtrees of runs received
//! without all their ops, and the reads an export streams through — one
//! device's ops in sequence order.

use super::codec::{op_from_row, to_i64};
use super::peers::BundleEntry;
use super::{Result, Store, StoreError};
use crate::domain::proof::{Hash32, Omitted, Signature, Statement};
use crate::domain::{DeviceId, Op};
use rusqlite::{Connection, params};

fn statement_from_row(device: DeviceId, r: &rusqlite::Row<'_>) -> Result<Statement> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("statement {what}"));
    let bytes = |i: usize| -> Result<Vec<u8>> { Ok(r.get::<_, Vec<u8>>(i)?) };
    let prev: Option<Vec<u8>> = r.get(3)?;
    Ok(Statement {
        device,
        first: r.get::<_, i64>(0)?.max(0) as u64,
        last: r.get::<_, i64>(1)?.max(0) as u64,
        root: Hash32::from_slice(&bytes(2)?).ok_or_else(|| corrupt("root"))?,
        prev: prev
            .map(|p| Hash32::from_slice(&p).ok_or_else(|| corrupt("prev")))
            .transpose()?,
        signature: Signature::from_slice(&bytes(4)?).ok_or_else(|| corrupt("signature"))?,
    })
}

/// The statements of a device held here whose runs meet `first..=last`,
/// in order.
pub(super) fn statements_meeting(
    conn: &Connection,
    num: i64,
    device: DeviceId,
    first: u64,
    last: u64,
) -> Result<Vec<Statement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT first, last, root, prev, signature FROM statements
         WHERE device = ?1 AND first <= ?3 AND last >= ?2 ORDER BY first",
    )?;
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let mut rows = stmt.query(params![num, clamp(first), clamp(last)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(statement_from_row(device, r)?);
    }
    Ok(out)
}

/// Keeps a statement (once).
pub(super) fn put_statement(conn: &Connection, num: i64, s: &Statement) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO statements (device, first, last, root, prev, signature, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        num,
        to_i64(s.first, "sequence number")?,
        to_i64(s.last, "sequence number")?,
        &s.root.0[..],
        s.prev.as_ref().map(|p| p.0.to_vec()),
        &s.signature.0[..],
        &s.hash().0[..],
    ])?;
    Ok(())
}

/// Keeps a subtree of a run received without its ops.
pub(super) fn put_omitted(conn: &Connection, num: i64, first: u64, o: &Omitted) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO omitted (device, first, at, height, hash) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        num,
        to_i64(first, "sequence number")?,
        to_i64(o.at, "sequence number")?,
        o.height,
        &o.hash.0[..]
    ])?;
    Ok(())
}

impl Store {
    fn num_of(&self, device: DeviceId) -> Option<i64> {
        self.device_nums.get(&device).copied()
    }

    /// Runs `f` on one consistent view of the database (a read
    /// transaction): an export's passes all see the same log.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self.conn.unchecked_transaction().map_err(StoreError::from)?;
        let out = f(self)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Every device met in the log (this one included).
    pub fn devices_met(&self) -> Vec<DeviceId> {
        self.device_nums.keys().copied().collect()
    }

    /// Every device that has statements here.
    pub fn stated_devices(&self) -> Result<Vec<DeviceId>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT d.id FROM statements s JOIN devices d ON d.num = s.device ORDER BY d.id",
        )?;
        let ids = stmt
            .query_map([], |r| r.get::<_, DeviceId>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// A device's statements held here whose runs meet `first..=last`, in order.
    pub fn statements(&self, device: DeviceId, first: u64, last: u64) -> Result<Vec<Statement>> {
        match self.num_of(device) {
            Some(num) => statements_meeting(&self.conn, num, device, first, last),
            None => Ok(Vec::new()),
        }
    }

    /// A device's latest statement held here.
    pub fn last_statement(&self, device: DeviceId) -> Result<Option<Statement>> {
        let Some(num) = self.num_of(device) else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT first, last, root, prev, signature FROM statements WHERE device = ?1
             ORDER BY first DESC LIMIT 1",
        )?;
        let mut rows = stmt.query([num])?;
        match rows.next()? {
            Some(r) => Ok(Some(statement_from_row(device, r)?)),
            None => Ok(None),
        }
    }

    /// A device's statement that ends exactly at `last`, if held here.
    pub fn statement_ending(&self, device: DeviceId, last: u64) -> Result<Option<Statement>> {
        Ok(self
            .statements(device, last, last)?
            .into_iter()
            .find(|s| s.last == last))
    }

    /// Notes a bundle this device wrote, in one transaction with its new
    /// statement (if it made one) and the audit entry. `false` when the
    /// chain of statements no longer ends where the new one builds on
    /// (another export ran meanwhile): nothing is written.
    pub fn record_export(
        &mut self,
        s: Option<&Statement>,
        entry: &BundleEntry,
        detail: &str,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        if let Some(s) = s {
            let num: i64 = tx.query_row(
                "SELECT num FROM devices WHERE id = ?1",
                [s.device.to_string()],
                |r| r.get(0),
            )?;
            let tip: Option<i64> =
                tx.query_row("SELECT max(last) FROM statements WHERE device = ?1", [num], |r| {
                    r.get(0)
                })?;
            if tip.unwrap_or(0).max(0) as u64 + 1 != s.first {
                return Ok(false);
            }
            put_statement(&tx, num, s)?;
        }
        super::peers::note_bundle(&tx, entry)?;
        super::peers::audit(&tx, "export", detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// The dots of every op of these records, by device and sequence.
    pub fn dots_of(
        &self,
        records: &std::collections::HashSet<crate::domain::RecordId>,
    ) -> Result<std::collections::BTreeSet<crate::domain::Dot>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, o.seq FROM records r JOIN ops o ON o.record = r.num JOIN devices d ON d.num = o.device
             WHERE r.id = ?1",
        )?;
        let mut dots = std::collections::BTreeSet::new();
        for record in records {
            let rows = stmt.query_map([record.to_string()], |r| {
                Ok((r.get::<_, DeviceId>(0)?, r.get::<_, i64>(1)?))
            })?;
            for row in rows {
                let (device, seq) = row?;
                dots.insert(crate::domain::Dot::new(device, seq.max(0) as u64));
            }
        }
        Ok(dots)
    }

    /// The dots of the ops on one field of one record.
    pub fn dots_of_field(
        &self,
        record: crate::domain::RecordId,
        field: &str,
    ) -> Result<std::collections::BTreeSet<crate::domain::Dot>> {
        self.dots_where(
            "o.record = (SELECT num FROM records WHERE id = ?1) AND o.field = ?2",
            params![record.to_string(), field],
        )
    }

    /// The dots of the ops that took records back from `device`'s caseload
    /// (its grant set to null).
    pub fn taken_back(&self, device: DeviceId) -> Result<std::collections::BTreeSet<crate::domain::Dot>> {
        let field = crate::domain::FieldPath::grant(device);
        self.dots_where("o.field = ?1 AND o.value = 'null'", params![field.as_str()])
    }

    /// The records once taken back from `device`'s caseload.
    pub fn taken_back_records(
        &self,
        device: DeviceId,
    ) -> Result<std::collections::HashSet<crate::domain::RecordId>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT r.id FROM ops o JOIN records r ON r.num = o.record
             WHERE o.field = ?1 AND o.value = 'null'",
        )?;
        let field = crate::domain::FieldPath::grant(device);
        let rows = stmt.query_map([field.as_str()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The dots of every erasure in the log.
    pub fn erasures(&self) -> Result<std::collections::BTreeSet<crate::domain::Dot>> {
        self.dots_where("o.field = '_erased' AND o.value <> 'null'", params![])
    }

    /// The dots of the ops (`o`) that `condition` keeps.
    fn dots_where(
        &self,
        condition: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<std::collections::BTreeSet<crate::domain::Dot>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT d.id, o.seq FROM ops o JOIN devices d ON d.num = o.device WHERE {condition}"
        ))?;
        let rows = stmt.query_map(params, |r| Ok((r.get::<_, DeviceId>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = std::collections::BTreeSet::new();
        for row in rows {
            let (device, seq) = row?;
            out.insert(crate::domain::Dot::new(device, seq.max(0) as u64));
        }
        Ok(out)
    }

    /// The records in `device`'s caseload: those it made (their ids carry
    /// its tag) and those granted to it now.
    pub fn caseload(&self, device: DeviceId) -> Result<std::collections::HashSet<crate::domain::RecordId>> {
        // The exact text of the grant in a record's current values (no
        // pattern: `_` would match any character).
        let granted = format!("\"{}\":true", crate::domain::FieldPath::grant(device));
        let mut stmt = self.conn.prepare(
            "SELECT r.id, instr(v.data, ?1) > 0 FROM records r JOIN record_values v ON v.num = r.num",
        )?;
        let mut out = std::collections::HashSet::new();
        let rows = stmt.query_map([granted], |r| {
            Ok((r.get::<_, crate::domain::RecordId>(0)?, r.get::<_, bool>(1)?))
        })?;
        for row in rows {
            let (id, granted) = row?;
            if granted || id.made_by(device) {
                out.insert(id);
            }
        }
        Ok(out)
    }

    /// The subtrees of one of `device`'s runs (starting at `first`)
    /// received without their ops, by position, largest first.
    pub fn omitted(&self, device: DeviceId, first: u64) -> Result<Vec<Omitted>> {
        let Some(num) = self.num_of(device) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, height, hash FROM omitted WHERE device = ?1 AND first = ?2 ORDER BY at, height DESC",
        )?;
        let rows = stmt.query_map(params![num, to_i64(first, "sequence number")?], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?, r.get::<_, Vec<u8>>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, height, hash) = row?;
            out.push(Omitted {
                at: at.max(0) as u64,
                height,
                hash: Hash32::from_slice(&hash).ok_or_else(|| StoreError::Corrupt("omitted hash".into()))?,
            });
        }
        Ok(out)
    }

    /// The highest sequence number of `device`'s ops in the log.
    pub fn last_seq(&self, device: DeviceId) -> Result<u64> {
        let Some(num) = self.num_of(device) else {
            return Ok(0);
        };
        let n: Option<i64> =
            self.conn
                .query_row("SELECT max(seq) FROM ops WHERE device = ?1", [num], |r| r.get(0))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }

    /// Calls `f` with each op of `device` held here with a sequence number
    /// in `first..=last`, in sequence order, one at a time.
    pub fn each_op_of(
        &self,
        device: DeviceId,
        first: u64,
        last: u64,
        f: &mut dyn FnMut(&Op) -> Result<()>,
    ) -> Result<()> {
        self.each_of(LOG_OPS, device, first, last, f)
    }

    /// [`Store::each_op_of`], the ops set aside included (proven, kept,
    /// not merged): what a relayed run is proven with. A laptop's run can
    /// hold both — an edit of a record reassigned away from it is set
    /// aside, its next edit of its own record merged — and the run is
    /// only relayed whole.
    pub fn each_held_op_of(
        &self,
        device: DeviceId,
        first: u64,
        last: u64,
        f: &mut dyn FnMut(&Op) -> Result<()>,
    ) -> Result<()> {
        self.each_of(HELD_OPS, device, first, last, f)
    }

    fn each_of(
        &self,
        sql: &str,
        device: DeviceId,
        first: u64,
        last: u64,
        f: &mut dyn FnMut(&Op) -> Result<()>,
    ) -> Result<()> {
        let Some(num) = self.num_of(device) else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![
            num,
            to_i64(first, "sequence number")?,
            to_i64(last.min(i64::MAX as u64), "sequence number")?
        ])?;
        while let Some(r) = rows.next()? {
            let record: String = r.get(2)?;
            let record = record
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("record id {record}")))?;
            f(&op_from_row(r, record)?)?;
        }
        Ok(())
    }
}

/// A device's ops in the log, in order.
const LOG_OPS: &str = "SELECT d.id, o.seq, r.id, o.field, o.value, o.parents, o.hlc, o.author, o.seal
     FROM ops o JOIN devices d ON d.num = o.device JOIN records r ON r.num = o.record
     WHERE o.device = ?1 AND o.seq BETWEEN ?2 AND ?3 ORDER BY o.seq";

/// A device's ops in the log and those set aside (an op is in one or the
/// other), in order.
const HELD_OPS: &str = "SELECT d.id, o.seq, r.id, o.field, o.value, o.parents, o.hlc, o.author, o.seal
     FROM ops o JOIN devices d ON d.num = o.device JOIN records r ON r.num = o.record
     WHERE o.device = ?1 AND o.seq BETWEEN ?2 AND ?3
     UNION ALL
     SELECT d.id, a.seq, a.record, a.field, a.value, a.parents, a.hlc, a.author, a.seal
     FROM set_aside a JOIN devices d ON d.num = a.device
     WHERE a.device = ?1 AND a.seq BETWEEN ?2 AND ?3
       AND NOT EXISTS (SELECT 1 FROM ops x WHERE x.device = a.device AND x.seq = a.seq)
     ORDER BY 2";
