//! Reading: the materialised columns of a record, one record, its audit
//! trail from the log, every op in order, and a canonical dump for comparisons
//! (listing and search are in `list`).

use super::codec::op_from_row;
use super::{Result, Store, StoreError};
use crate::domain::fold::search_index_text;
use crate::domain::{Dot, Hlc, Op, RecordId, RecordState};
use foldhash::{HashSet, HashSetExt};
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// A record's current values: field path → value.
pub type Values = serde_json::Map<String, Value>;

/// Fields whose text goes into the search key.
const SEARCH_FIELDS: [&str; 6] = [
    "reference",
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
];

/// The words a record is found by: its names and reference, folded.
pub(super) fn search_text<'a>(text: impl Fn(&str) -> Option<&'a str>) -> String {
    SEARCH_FIELDS
        .iter()
        .filter_map(|f| text(f))
        .map(search_index_text)
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The columns of a `records` row, derived from a record's state.
pub(super) struct Materialised {
    pub reference: Option<String>,
    pub surname: Option<String>,
    pub given_name: Option<String>,
    pub patronymic: Option<String>,
    pub surname_latin: Option<String>,
    pub given_name_latin: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub oblast: Option<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub next_action: Option<String>,
    pub conflicts: i64,
    pub deleted: bool,
    pub search: String,
    pub recorded_by: Option<String>,
}

impl Materialised {
    /// The row of a record's state; `believable` is the latest time
    /// trusted (a field whose value is dated later counts as a conflict).
    pub fn of(state: &RecordState, believable: Hlc) -> Self {
        let text = |f: &str| state.text(f).map(str::to_owned);
        let search = search_text(|f| state.text(f));
        Self {
            reference: text("reference"),
            surname: text("surname"),
            given_name: text("given_name"),
            patronymic: text("patronymic"),
            surname_latin: text("surname_latin"),
            given_name_latin: text("given_name_latin"),
            birth_date: text("birth_date"),
            sex: text("sex"),
            oblast: text("oblast"),
            status: text("status"),
            source: text("source"),
            next_action: text("next_action_date"),
            conflicts: state.conflict_count_at(believable) as i64,
            deleted: state.is_deleted(),
            search,
            recorded_by: state.recorded_by().map(str::to_owned),
        }
    }

    /// The row of a record that is not a person (the device registry):
    /// deleted, so that no list, search, count or report shows it.
    pub fn hidden() -> Self {
        Self {
            reference: None,
            surname: None,
            given_name: None,
            patronymic: None,
            surname_latin: None,
            given_name_latin: None,
            birth_date: None,
            sex: None,
            oblast: None,
            status: None,
            source: None,
            next_action: None,
            conflicts: 0,
            deleted: true,
            search: String::new(),
            recorded_by: None,
        }
    }
}

/// One op of a record's audit trail.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// When.
    pub hlc: Hlc,
    /// Who.
    pub author: String,
    /// On which device, and which op there.
    pub dot: Dot,
    /// Which field.
    pub field: String,
    /// The values it replaced (several when it resolved a conflict).
    pub old: Vec<Value>,
    /// The value it wrote.
    pub new: Value,
}

pub(super) fn utc_millis<S: serde::Serializer>(hlc: &Hlc, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&hlc.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// What an op costs a record held in memory, beyond its value's JSON text
/// (its dot, parents, author, field and their place in the state): the
/// unit of [`fold_stored`]'s weight.
pub const OP_WEIGHT: usize = 128;

/// A record's state folded from the log row by row (the ops are never all
/// held at once), with the dots it holds and its weight: the JSON text of
/// its values plus [`OP_WEIGHT`] an op.
pub(super) fn fold_stored(
    conn: &rusqlite::Connection,
    num: i64,
    id: RecordId,
) -> Result<(RecordState, HashSet<Dot>, usize)> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, o.seq, NULL, o.field, o.value, o.parents, o.hlc, o.author, o.seal
         FROM ops o JOIN devices d ON d.num = o.device WHERE o.record = ?1",
    )?;
    let mut rows = stmt.query([num])?;
    let mut state = RecordState::new(id);
    let mut dots = HashSet::new();
    let mut weight = 0usize;
    while let Some(r) = rows.next()? {
        let text = r.get_ref(4)?.as_str().map_or(0, str::len);
        let op = op_from_row(r, id)?;
        state.apply(&op, &mut |d| dots.contains(d));
        dots.insert(op.dot);
        weight = weight.saturating_add(text + OP_WEIGHT);
    }
    // Handed back: as erased here, so that what still arrives for it loses
    // its identifying values too and nobody edits it.
    if super::handback::is_handed_back(conn, num)? {
        state.erased = true;
        state.handed_back = true;
    }
    Ok((state, dots, weight))
}

/// Every op of one record, in log order.
pub(super) fn record_ops(conn: &rusqlite::Connection, num: i64, id: RecordId) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, o.seq, NULL, o.field, o.value, o.parents, o.hlc, o.author, o.seal
         FROM ops o JOIN devices d ON d.num = o.device WHERE o.record = ?1",
    )?;
    let mut rows = stmt.query([num])?;
    let mut ops = Vec::new();
    while let Some(r) = rows.next()? {
        ops.push(op_from_row(r, id)?);
    }
    Ok(ops)
}

impl Store {
    /// A record's full state (heads of every field), folded from its ops.
    pub fn record(&self, id: RecordId) -> Result<Option<RecordState>> {
        let Some(num) = self.record_num(id)? else {
            return Ok(None);
        };
        Ok(Some(fold_stored(&self.conn, num, id)?.0))
    }

    fn record_num(&self, id: RecordId) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT num FROM records WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?)
    }

    /// The record whose id is, or starts with, `text` (at least 8 characters).
    pub fn find_record(&self, text: &str) -> Result<RecordId> {
        let prefix = text.trim().to_lowercase();
        let hex_like = prefix.len() >= 8 && prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !hex_like {
            return Err(StoreError::NoRecord(text.to_owned()));
        }
        // Ids are lower-case hex and '-', all below 'g': a range scan on the unique index.
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM records WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?;
        let ids: Vec<RecordId> = stmt
            .query_map([&prefix], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [one] => Ok(*one),
            [] => Err(StoreError::NoRecord(text.to_owned())),
            _ => Err(StoreError::AmbiguousRecord(text.to_owned())),
        }
    }

    /// References of live records that have one (to skip rows already imported).
    pub fn references(&self) -> Result<Vec<(String, RecordId)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT reference, id FROM records WHERE reference IS NOT NULL AND deleted = 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The names and birth date of each live record without a reference,
    /// handed to `each` one at a time.
    pub fn each_unreferenced(&self, mut each: impl FnMut([Option<&str>; 3], Option<&str>)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT surname, given_name, patronymic, birth_date FROM records
             WHERE reference IS NULL AND deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let get = |i| r.get_ref(i).ok().and_then(|v| v.as_str_or_null().ok().flatten());
            each([get(0), get(1), get(2)], get(3));
        }
        Ok(())
    }

    /// Every op of a record in time order, with the values each one replaced.
    pub fn history(&self, id: RecordId) -> Result<Vec<HistoryEntry>> {
        let num = self
            .record_num(id)?
            .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
        let mut ops = record_ops(&self.conn, num, id)?;
        ops.sort_by_key(|o| (o.hlc, o.dot));
        let values: HashMap<Dot, &Value> = ops.iter().map(|o| (o.dot, &o.value)).collect();
        Ok(ops
            .iter()
            .map(|o| HistoryEntry {
                hlc: o.hlc,
                author: o.author.clone(),
                dot: o.dot,
                field: o.field.to_string(),
                old: o
                    .parents
                    .iter()
                    .filter_map(|p| values.get(p).map(|v| (*v).clone()))
                    .collect(),
                new: o.value.clone(),
            })
            .collect())
    }

    /// Every record with a field in conflict, with its state (the heads of
    /// each field: `RecordState::conflicts` lists the conflicting ones).
    pub fn conflicted(&self) -> Result<Vec<RecordState>> {
        let ids: Vec<String> = self
            .conn
            .prepare("SELECT id FROM records WHERE conflicts > 0 ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut states = Vec::with_capacity(ids.len());
        for id in ids {
            let id: RecordId = id
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("record id {id}")))?;
            if let Some(state) = self.record(id)? {
                states.push(state);
            }
        }
        Ok(states)
    }

    /// Calls `f` with the id and current values of every record not
    /// deleted, one at a time (duplicate detection reads them all).
    pub fn each_current(&self, f: &mut dyn FnMut(RecordId, &serde_json::Map<String, Value>)) -> Result<()> {
        self.each_current_by(&mut |id, _, values| f(id, values))
    }

    /// Like `each_current`, with the worker who recorded each record
    /// (reports count cases per worker).
    pub fn each_current_by(&self, f: &mut dyn FnMut(RecordId, Option<&str>, &Values)) -> Result<()> {
        let mut failed = None;
        self.each_current_json(&mut |id, worker, data| {
            if failed.is_some() {
                return;
            }
            match serde_json::from_str::<Values>(data) {
                Ok(values) => f(id, worker, &values),
                Err(e) => failed = Some(StoreError::Corrupt(format!("record values: {e}"))),
            }
        })?;
        failed.map_or(Ok(()), Err)
    }

    /// Like `each_current`, deleted records too (an erasure reaches the
    /// duplicates of a person even when one was deleted: its log still
    /// holds their data).
    pub fn each_record(&self, f: &mut dyn FnMut(RecordId, &Values)) -> Result<()> {
        let mut failed = None;
        self.each_json(
            "SELECT r.id, r.recorded_by, v.data FROM records r JOIN record_values v ON v.num = r.num",
            &mut |id, _, data| {
                if failed.is_some() {
                    return;
                }
                match serde_json::from_str::<Values>(data) {
                    Ok(values) => f(id, &values),
                    Err(e) => failed = Some(StoreError::Corrupt(format!("record values: {e}"))),
                }
            },
        )?;
        failed.map_or(Ok(()), Err)
    }

    /// The oblast and district of the newest record this device made that
    /// has an oblast (the next form offers them).
    pub fn last_place(&self, device: crate::domain::DeviceId) -> Result<Option<(Value, Option<Value>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, v.data FROM records r JOIN record_values v ON v.num = r.num
             WHERE r.deleted = 0 ORDER BY r.num DESC LIMIT 50",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            if !id.parse::<RecordId>().is_ok_and(|id| id.made_by(device)) {
                continue;
            }
            let data: String = row.get(1)?;
            let values: Values = serde_json::from_str(&data)
                .map_err(|e| StoreError::Corrupt(format!("record values: {e}")))?;
            if let Some(oblast) = values.get("oblast").filter(|v| v.is_string()) {
                let district = values.get("district").filter(|v| v.is_string()).cloned();
                return Ok(Some((oblast.clone(), district)));
            }
        }
        Ok(None)
    }

    /// Every record erased here (by consent withdrawal or retention).
    pub fn erased_records(&self) -> Result<std::collections::BTreeSet<RecordId>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT r.id FROM ops o JOIN records r ON r.num = o.record
             WHERE o.field = '_erased' AND o.value <> 'null'",
        )?;
        let mut rows = stmt.query([])?;
        let mut erased = std::collections::BTreeSet::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            erased.insert(
                id.parse()
                    .map_err(|_| StoreError::Corrupt(format!("record id {id}")))?,
            );
        }
        Ok(erased)
    }

    /// Like `each_current_by`, with the current values as their stored JSON
    /// object, for readers that need only a few fields and skip the rest.
    pub fn each_current_json(&self, f: &mut dyn FnMut(RecordId, Option<&str>, &str)) -> Result<()> {
        self.each_json(
            "SELECT r.id, r.recorded_by, v.data FROM records r JOIN record_values v ON v.num = r.num
             WHERE r.deleted = 0",
            f,
        )
    }

    fn each_json(&self, sql: &str, f: &mut dyn FnMut(RecordId, Option<&str>, &str)) -> Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let id: RecordId = id
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("record id {id}")))?;
            let worker: Option<String> = row.get(1)?;
            let data = row
                .get_ref(2)?
                .as_str()
                .map_err(|e| StoreError::Corrupt(format!("record values: {e}")))?;
            f(id, worker.as_deref(), data);
        }
        Ok(())
    }

    /// Every op in the log, sorted by dot.
    pub fn ops(&self) -> Result<Vec<Op>> {
        let mut ops = Vec::new();
        self.each_op(&mut |op| {
            ops.push(op.clone());
            Ok(())
        })?;
        Ok(ops)
    }

    /// Calls `f` with every op in the log in dot order, one at a time, so
    /// that an export never holds the whole log in memory.
    pub fn each_op(&self, f: &mut dyn FnMut(&Op) -> Result<()>) -> Result<()> {
        // Device ids are lower-case UUIDs: their text order is their byte order, the dot order.
        let mut stmt = self.conn.prepare(
            "SELECT d.id, o.seq, r.id, o.field, o.value, o.parents, o.hlc, o.author, o.seal
             FROM ops o JOIN devices d ON d.num = o.device JOIN records r ON r.num = o.record
             ORDER BY d.id, o.seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let record: String = r.get(2)?;
            let record = record
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("record id {record}")))?;
            f(&op_from_row(r, record)?)?;
        }
        Ok(())
    }

    /// A canonical text of the whole logical database (every op and every
    /// record's state, in a fixed order): equal dumps mean equal data,
    /// whatever order the ops arrived in.
    pub fn canonical_dump(&self) -> Result<String> {
        let mut out = String::new();
        for op in self.ops()? {
            let line = serde_json::to_string(&op).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            out.push_str("op ");
            out.push_str(&line);
            out.push('\n');
        }
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.search, v.data, r.updated, r.conflicts, r.deleted
                 FROM records r JOIN record_values v ON v.num = r.num ORDER BY r.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.push_str(&format!(
                "record {} [{}] {} updated={} conflicts={} deleted={}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, bool>(5)?,
            ));
        }
        Ok(out)
    }

    /// The canonical dump and every other table that says what this
    /// database knows and decided (devices and their trust, statements,
    /// ops set aside, bundles, quarantine, acknowledgements, escrow keys,
    /// the clock, the audit trail): equal dumps mean nothing was written.
    pub fn full_dump(&self) -> Result<String> {
        let mut out = self.canonical_dump()?;
        for table in [
            "peers",
            "statements",
            "omitted",
            "set_aside",
            "bundles",
            "quarantine",
            "acks",
            "escrow_keys",
            "profile",
            "audit",
            "drafts",
            "devices",
        ] {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM {table}"))?;
            let columns = stmt.column_count();
            let mut lines: Vec<String> = Vec::new();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let mut line = table.to_string();
                for i in 0..columns {
                    use rusqlite::types::ValueRef;
                    let cell = match r.get_ref(i)? {
                        ValueRef::Null => "NULL".to_owned(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                        ValueRef::Blob(b) => hex::encode(b),
                    };
                    line.push(' ');
                    line.push_str(&cell);
                }
                lines.push(line);
            }
            lines.sort();
            for line in lines {
                out.push_str(&line);
                out.push('\n');
            }
        }
        Ok(out)
    }
}
