//! Reading: the materialised records (list, search, one record), the audit
//! trail of a record from the log, and a canonical dump for comparisons.

use super::oplog::{fold, parse_parents};
use super::{Result, Store, StoreError};
use crate::domain::fold::search_key;
use crate::domain::{Dot, FieldPath, Hlc, Op, RecordId, RecordState};
use rusqlite::OptionalExtension;
use rusqlite::types::Value as SqlValue;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Fields whose text goes into the search key.
const SEARCH_FIELDS: [&str; 6] = [
    "reference",
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
];

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
    pub fn of(state: &RecordState) -> Self {
        let text = |f: &str| state.text(f).map(str::to_owned);
        let search = SEARCH_FIELDS
            .iter()
            .filter_map(|f| state.text(f))
            .map(search_key)
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
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
            conflicts: state.conflict_count() as i64,
            deleted: state.is_deleted(),
            search,
            recorded_by: state.recorded_by().map(str::to_owned),
        }
    }
}

/// Which records to list, and in which order.
#[derive(Clone, Debug, Default)]
pub struct RecordQuery {
    /// Cross-script search text (any script, any order of words).
    pub search: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
    /// Skip this many rows first (a window further down the list).
    pub offset: Option<usize>,
    /// Only cases with this status.
    pub status: Option<String>,
    /// Only open cases whose next action was due before this day (YYYY-MM-DD).
    pub due_before: Option<String>,
    /// Only people recorded by this worker (the author of the first op).
    pub recorded_by: Option<String>,
    /// The order of the rows.
    pub order: ListOrder,
}

/// Orders of the record list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListOrder {
    /// Newest change first (a search: newest record first).
    #[default]
    Updated,
    /// Soonest next action first; cases without one last.
    NextAction,
    /// By surname (or the single name), then given name, as written.
    Name,
}

impl ListOrder {
    /// Every order, in the order a key cycles through them.
    pub const ALL: [ListOrder; 3] = [ListOrder::Updated, ListOrder::NextAction, ListOrder::Name];

    /// The SQL `ORDER BY` terms; each matches an index of schema version 4
    /// expression for expression, so a window is read off that index.
    fn sql(self, search: bool) -> &'static str {
        match (self, search) {
            (ListOrder::Updated, false) => "r.updated DESC, r.num DESC",
            (ListOrder::Updated, true) => "f.rowid DESC",
            (ListOrder::NextAction, _) => "coalesce(r.next_action, '9999'), r.num",
            (ListOrder::Name, _) => "coalesce(r.surname, r.given_name, ''), r.given_name, r.num",
        }
    }
}

/// One row of the record list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordRow {
    /// Record id.
    pub id: RecordId,
    /// The organisation's or partner's reference.
    pub reference: Option<String>,
    /// Surname as written.
    pub surname: Option<String>,
    /// Given name as written.
    pub given_name: Option<String>,
    /// Patronymic as written.
    pub patronymic: Option<String>,
    /// Latin surname.
    pub surname_latin: Option<String>,
    /// Latin given name.
    pub given_name_latin: Option<String>,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    pub birth_date: Option<String>,
    /// female / male.
    pub sex: Option<String>,
    /// ISO 3166-2:KZ code.
    pub oblast: Option<String>,
    /// Case status.
    pub status: Option<String>,
    /// The newest op time of the record.
    #[serde(serialize_with = "utc_millis")]
    pub updated: Hlc,
    /// Fields in conflict.
    pub conflicts: u32,
    /// When the next action is due (YYYY-MM-DD).
    pub next_action: Option<String>,
}

impl RecordRow {
    /// Surname, given name and patronymic, as far as known.
    pub fn full_name(&self) -> String {
        [&self.surname, &self.given_name, &self.patronymic]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
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

fn utc_millis<S: serde::Serializer>(hlc: &Hlc, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&hlc.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Maps a row of (device id, seq, _, field, value, parents, hlc, author) to an op.
fn op_from_row(r: &rusqlite::Row<'_>, record: RecordId) -> Result<Op> {
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
        parents: parse_parents(parents.as_deref())?,
        hlc: Hlc(r.get::<_, i64>(6)?.max(0) as u64),
        author: r.get(7)?,
    })
}

/// Every op of one record, in log order.
pub(super) fn record_ops(conn: &rusqlite::Connection, num: i64, id: RecordId) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, o.seq, NULL, o.field, o.value, o.parents, o.hlc, o.author
         FROM ops o JOIN devices d ON d.num = o.device WHERE o.record = ?1",
    )?;
    let mut rows = stmt.query([num])?;
    let mut ops = Vec::new();
    while let Some(r) = rows.next()? {
        ops.push(op_from_row(r, id)?);
    }
    Ok(ops)
}

const ROW_COLUMNS: &str = "r.id, r.reference, r.surname, r.given_name, r.patronymic, r.surname_latin,
    r.given_name_latin, r.birth_date, r.sex, r.oblast, r.status, r.updated, r.conflicts, r.next_action";

fn row_from_sql(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: r.get(0)?,
        reference: r.get(1)?,
        surname: r.get(2)?,
        given_name: r.get(3)?,
        patronymic: r.get(4)?,
        surname_latin: r.get(5)?,
        given_name_latin: r.get(6)?,
        birth_date: r.get(7)?,
        sex: r.get(8)?,
        oblast: r.get(9)?,
        status: r.get(10)?,
        updated: Hlc(r.get::<_, i64>(11)?.max(0) as u64),
        conflicts: r.get::<_, i64>(12)?.clamp(0, i64::from(u32::MAX)) as u32,
        next_action: r.get(13)?,
    })
}

/// The `FROM … WHERE …` of a query and its parameters, in order.
fn list_source(query: &RecordQuery) -> (String, Vec<SqlValue>) {
    let mut params = Vec::new();
    let mut conditions = vec!["r.deleted = 0"];
    let from = match Store::fts_query(query) {
        Some(fts) => {
            conditions.push("records_fts MATCH ?");
            params.push(SqlValue::Text(fts));
            "records_fts f CROSS JOIN records r ON r.num = f.rowid"
        }
        None => "records r",
    };
    if let Some(status) = &query.status {
        conditions.push("r.status = ?");
        params.push(SqlValue::Text(status.clone()));
    }
    if let Some(day) = &query.due_before {
        // The same expression as the index on next actions.
        conditions.push("coalesce(r.next_action, '9999') < ? AND r.status IS NOT 'closed'");
        params.push(SqlValue::Text(day.clone()));
    }
    if let Some(worker) = &query.recorded_by {
        conditions.push("r.recorded_by = ?");
        params.push(SqlValue::Text(worker.clone()));
    }
    (format!("FROM {from} WHERE {}", conditions.join(" AND ")), params)
}

/// A window of the list: the numbers of the query's rows in its order, then
/// limit and offset. Only numbers, so that when an index holds every
/// column the filter and the order need, the matches are sorted without
/// reading a single record (the rows on screen are read afterwards).
fn window_sql(query: &RecordQuery) -> (String, Vec<SqlValue>) {
    let (source, mut params) = list_source(query);
    let order = query.order.sql(Store::fts_query(query).is_some());
    let limit = query.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let offset = i64::try_from(query.offset.unwrap_or(0)).unwrap_or(i64::MAX);
    params.extend([SqlValue::Integer(limit), SqlValue::Integer(offset)]);
    (
        format!("SELECT r.num {source} ORDER BY {order} LIMIT ? OFFSET ?"),
        params,
    )
}

impl Store {
    /// Current records, a window at a time, filtered and in the query's
    /// order: by default newest change first, or with a search newest
    /// record first, every word of the query, folded like the stored key,
    /// beginning a word of the record's names or reference, in any order.
    /// Without a search the rows come straight off an index, so a window is
    /// read without sorting every record; a search is driven by the text
    /// index (the CROSS JOIN keeps SQLite from driving it from the records
    /// table and probing the text index once a record: seconds, not
    /// milliseconds).
    pub fn records(&self, query: &RecordQuery) -> Result<Vec<RecordRow>> {
        let (sql, params) = window_sql(query);
        let nums = self
            .conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut row = self
            .conn
            .prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM records r WHERE r.num = ?1"))?;
        let rows = nums
            .into_iter()
            .map(|num| row.query_row([num], row_from_sql))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many records the query matches (ignoring its limit and offset),
    /// counting no further than `at_most` when given: a list shows "1,000+"
    /// rather than wait for a one-letter search to count every match.
    pub fn count_records(&self, query: &RecordQuery, at_most: Option<usize>) -> Result<usize> {
        let cap = at_most.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let (source, mut params) = list_source(query);
        params.push(SqlValue::Integer(cap));
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)"))?
            .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The steps of SQLite's plan for a window of `query`, in order (tests
    /// guard that a search is driven by the text index and that each
    /// filter and order is read off an index).
    pub fn list_plan(&self, query: &RecordQuery) -> Result<Vec<String>> {
        let (sql, params) = window_sql(query);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The FTS5 query for a search: each folded word as a prefix, all required.
    fn fts_query(query: &RecordQuery) -> Option<String> {
        let key = query.search.as_deref().map(search_key).unwrap_or_default();
        if key.is_empty() {
            return None;
        }
        // Folded keys hold only letters, digits and single spaces, so
        // quoting each word as an FTS5 string is safe.
        Some(
            key.split(' ')
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" AND "),
        )
    }

    /// A record's full state (heads of every field), folded from its ops.
    pub fn record(&self, id: RecordId) -> Result<Option<RecordState>> {
        let Some(num) = self.record_num(id)? else {
            return Ok(None);
        };
        Ok(Some(fold(id, &record_ops(&self.conn, num, id)?).0))
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
        let mut stmt = self.conn.prepare(
            "SELECT r.id, v.data FROM records r JOIN record_values v ON v.num = r.num WHERE r.deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let id: RecordId = id
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("record id {id}")))?;
            let data: String = row.get(1)?;
            let values: serde_json::Map<String, Value> = serde_json::from_str(&data)
                .map_err(|e| StoreError::Corrupt(format!("record values: {e}")))?;
            f(id, &values);
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
            "SELECT d.id, o.seq, r.id, o.field, o.value, o.parents, o.hlc, o.author
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
}
