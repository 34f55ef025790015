//! Listing records: a window of the list with its count, filtered by
//! search, status, due date or worker, in one of three orders, each read
//! off an index (row numbers first, then only the rows on screen).

use super::{Result, Store};
use crate::domain::fold::search_readings;
use crate::domain::{Hlc, RecordId};
use rusqlite::types::Value as SqlValue;
use serde::Serialize;

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
    /// With `recorded_by`: also the records the coordinator gave this
    /// laptop ("my cases"); alone: only those.
    pub assigned_here: bool,
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
    #[serde(serialize_with = "super::records::utc_millis")]
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
    match (&query.recorded_by, query.assigned_here) {
        // Two indexes, one for each side of the OR.
        (Some(worker), true) => {
            conditions.push("(r.recorded_by = ? OR r.assigned_here = 1)");
            params.push(SqlValue::Text(worker.clone()));
        }
        (Some(worker), false) => {
            conditions.push("r.recorded_by = ?");
            params.push(SqlValue::Text(worker.clone()));
        }
        (None, true) => conditions.push("r.assigned_here = 1"),
        (None, false) => {}
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
        let Some(worker) = query.recorded_by.as_ref().filter(|_| query.assigned_here) else {
            let (source, params) = list_source(query);
            return self.count_source(&source, params, cap);
        };
        // "Recorded here or given to this laptop": an OR reads every row; two
        // counts each read one index (those given here and recorded by
        // someone else are few).
        let mine = RecordQuery {
            assigned_here: false,
            ..query.clone()
        };
        let (source, params) = list_source(&mine);
        let recorded = self.count_source(&source, params, cap)?;
        let given = RecordQuery {
            recorded_by: None,
            ..query.clone()
        };
        let (source, mut params) = list_source(&given);
        params.push(SqlValue::Text(worker.clone()));
        let others = self.count_source(&format!("{source} AND r.recorded_by IS NOT ?"), params, cap)?;
        let total = recorded.saturating_add(others);
        Ok(at_most.map_or(total, |n| total.min(n)))
    }

    /// `count(*)` of the rows of `source`, at most `cap` (-1: all).
    fn count_source(&self, source: &str, mut params: Vec<SqlValue>, cap: i64) -> Result<usize> {
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

    /// The FTS5 query for a search: each folded word as a prefix, all
    /// required; a word that reads two ways (`y'`, `ý`) either way.
    fn fts_query(query: &RecordQuery) -> Option<String> {
        let (key, second) = query.search.as_deref().map(search_readings).unwrap_or_default();
        if key.is_empty() {
            return None;
        }
        let second: Vec<&str> = second
            .as_deref()
            .map(|s| s.split(' ').collect())
            .unwrap_or_default();
        // Folded keys hold only letters, digits and single spaces, so
        // quoting each word as an FTS5 string is safe.
        Some(
            key.split(' ')
                .enumerate()
                .map(|(i, w)| match second.get(i) {
                    Some(o) if o != &w => format!("(\"{w}\"* OR \"{o}\"*)"),
                    _ => format!("\"{w}\"*"),
                })
                .collect::<Vec<_>>()
                .join(" AND "),
        )
    }
}
