//! The campaign statistics: stocks on a date, flows in a period, and the
//! operations figures, each person counted once.

use super::facts::{CATEGORIES, Facts, NATIONALITY_CONFIRMED, OUTCOMES};
use super::scope::Scope;
use crate::form::{Form, Regions};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// What the rows or the columns of a table are, which decides how their
/// codes are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    /// [`CATEGORIES`].
    Category,
    /// [`OUTCOMES`].
    Outcome,
    /// The form's `status` list.
    Status,
    /// Regions by ISO code.
    Oblast,
    /// The form's `sex` list.
    Sex,
    /// The form's `age_band` list.
    AgeBand,
    /// Countries by code.
    Country,
    /// The form's `profile` list.
    Profile,
    /// The form's `specific_needs` list.
    Need,
    /// Worker ids, as they are.
    Worker,
    /// Named measures (`people`, `open`, `identified`…).
    Measure,
}

/// One table of counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Stable id (`by_oblast`); titles come from `report-table-<id>`.
    pub id: &'static str,
    /// What the rows are.
    pub rows_are: Dim,
    /// What the columns are.
    pub columns_are: Dim,
    /// Column codes.
    pub columns: Vec<String>,
    /// The rows, in the order shown.
    pub rows: Vec<Row>,
    /// Each person is in exactly one row, so a total row adds up.
    pub adds_up: bool,
    /// Each person is in exactly one column, so a total column adds up.
    pub row_totals: bool,
}

/// A row of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Row code (see the table's `rows_are`).
    pub code: String,
    /// One count per column.
    pub cells: Vec<u64>,
}

/// A median number of days and how many cases it was taken over.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Median {
    /// `days_to_filing` or `days_to_decision`.
    pub id: &'static str,
    /// None without cases.
    pub days: Option<f64>,
    /// Cases measured.
    pub cases: u64,
}

/// The statistics of a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statistics {
    /// What was asked.
    pub scope: Scope,
    /// People identified by the report date, each once.
    pub people: u64,
    /// Of them, those whose nationality is not confirmed.
    pub of_concern: u64,
    /// Records read (not deleted).
    pub records: u64,
    /// Records left out because they are another record of a person
    /// already counted (confirmed duplicates).
    pub duplicates_merged: u64,
    /// People left out because they did not consent to statistics (on any
    /// of their records).
    pub statistics_refused: u64,
    /// People identified after the report date (in no stock).
    pub identified_later: u64,
    /// Open cases whose next action was due before the report date.
    pub overdue: u64,
    /// Days from identification to filing and to decision.
    pub medians: Vec<Median>,
    /// The tables, stocks first, then flows, then operations.
    pub tables: Vec<Table>,
}

impl Statistics {
    /// A count as it may be shown: `None` when it is hidden. A count of
    /// people from 1 to the limit is hidden; nobody (0) is not a person to
    /// protect.
    pub fn shown(&self, n: u64) -> Option<u64> {
        match self.scope.suppress_below {
            Some(limit) if n > 0 && n < limit => None,
            _ => Some(n),
        }
    }

    /// A table by id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The count in a table's row (first column), 0 when absent.
    pub fn count(&self, table: &str, row: &str) -> u64 {
        self.table(table)
            .and_then(|t| t.rows.iter().find(|r| r.code == row))
            .and_then(|r| r.cells.first().copied())
            .unwrap_or(0)
    }
}

impl Table {
    fn new(id: &'static str, rows_are: Dim, columns_are: Dim, columns: &[&str]) -> Table {
        Table {
            id,
            rows_are,
            columns_are,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
            adds_up: true,
            row_totals: false,
        }
    }

    /// A one-column table of people with the given rows, in order, plus
    /// any other codes counted (sorted by count, largest first).
    fn counted(id: &'static str, rows_are: Dim, fixed: &[String], counts: &HashMap<String, u64>) -> Table {
        let mut table = Table::new(id, rows_are, Dim::Measure, &["people"]);
        for code in fixed {
            table.push(code, vec![counts.get(code).copied().unwrap_or(0)]);
        }
        let mut others: Vec<(&String, &u64)> = counts.iter().filter(|(c, _)| !fixed.contains(c)).collect();
        others.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in others {
            table.push(code, vec![*n]);
        }
        table
    }

    fn push(&mut self, code: &str, cells: Vec<u64>) {
        self.rows.push(Row {
            code: code.to_owned(),
            cells,
        });
    }
}

/// Reads every record and computes the statistics.
pub fn compute(store: &Store, form: &Form, scope: Scope) -> Result<Statistics, StoreError> {
    Ok(statistics(read_facts(store)?, form, scope))
}

/// What the statistics need from every record not deleted (the slow,
/// reading part of [`compute`], which a worker thread can do).
pub fn read_facts(store: &Store) -> Result<Vec<Facts>, StoreError> {
    let mut records = Vec::new();
    let mut failed = None;
    store.each_current_json(&mut |id, worker, json| match Facts::from_json(id, worker, json) {
        Ok(facts) => records.push(facts),
        Err(e) => {
            failed.get_or_insert(StoreError::Corrupt(format!("record values: {e}")));
        }
    })?;
    failed.map_or(Ok(records), Err)
}

/// The statistics of these records (the pure part of [`compute`]).
pub fn statistics(records: Vec<Facts>, form: &Form, scope: Scope) -> Statistics {
    let read = records.len() as u64;
    let persons = one_per_person(records);
    let merged = read - persons.len() as u64;
    // A person who refused statistics on any of their records is left out.
    let (refused, people): (Vec<Facts>, Vec<Facts>) = persons.into_iter().partition(|p| p.statistics_refused);
    let refused = refused.len() as u64;
    let day = scope.as_of;
    let list = |id: &str| -> Vec<String> { form.lists.get(id).cloned().unwrap_or_default() };
    let with_unknown = |mut v: Vec<String>| {
        v.push("unknown".to_owned());
        v
    };

    let known: Vec<&Facts> = people.iter().filter(|p| p.identified_by(day)).collect();
    let mut tally: BTreeMap<&'static str, HashMap<String, u64>> = BTreeMap::new();
    let mut add = |table: &'static str, code: &str| {
        *tally
            .entry(table)
            .or_default()
            .entry(code.to_owned())
            .or_insert(0) += 1;
    };
    let mut sex_age: HashMap<(String, String), u64> = HashMap::new();
    let mut workers: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    let (mut to_filing, mut to_decision) = (Vec::new(), Vec::new());
    let mut overdue = 0;
    for p in &known {
        let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| "unknown".to_owned());
        add("by_category", p.category_on(day));
        add("by_outcome", p.outcome_on(day));
        let status = if p.consent_refused {
            // A refusal of consent is an anonymous tally, not a case.
            "no_case".to_owned()
        } else {
            or_unknown(&p.status)
        };
        add("by_status", &status);
        add("by_oblast", &or_unknown(&p.oblast));
        add("by_birth_country", &or_unknown(&p.birth_country));
        add("by_profile", &or_unknown(&p.profile));
        if p.claims.is_empty() {
            add("by_claimed_nationality", "none");
        }
        for claim in &p.claims {
            add("by_claimed_nationality", claim);
        }
        for need in &p.needs {
            add("by_specific_needs", need);
        }
        let sex = match p.sex.as_deref() {
            Some(s @ ("female" | "male")) => s.to_owned(),
            _ => "unknown".to_owned(),
        };
        *sex_age.entry((p.age_band_on(day), sex)).or_insert(0) += 1;
        let late = p.is_open() && p.next_action.is_some_and(|d| d < day);
        overdue += u64::from(late);
        let w = workers.entry(or_unknown(&p.worker)).or_default();
        w[0] += 1;
        w[1] += u64::from(p.is_open());
        w[2] += u64::from(late);
        let since = |d: Option<NaiveDate>| {
            let (start, end) = (p.identified?, d.filter(|d| *d <= day)?);
            let days = (end - start).num_days();
            (days >= 0).then_some(days)
        };
        to_filing.extend(since(p.filed));
        to_decision.extend(since(p.decided.filter(|_| p.decision.is_some())));
    }
    let count = |table: &str| tally.get(table).cloned().unwrap_or_default();

    let mut tables = vec![
        Table::counted(
            "by_category",
            Dim::Category,
            &strings(&CATEGORIES),
            &count("by_category"),
        ),
        Table::counted(
            "by_outcome",
            Dim::Outcome,
            &strings(&OUTCOMES),
            &count("by_outcome"),
        ),
        Table::counted(
            "by_status",
            Dim::Status,
            &with_unknown(list("status")),
            &count("by_status"),
        ),
        Table::counted(
            "by_oblast",
            Dim::Oblast,
            &with_unknown(Regions::builtin().all().iter().map(|r| r.code.clone()).collect()),
            &count("by_oblast"),
        ),
    ];
    let mut by_sex_age = Table::new(
        "by_sex_and_age",
        Dim::AgeBand,
        Dim::Sex,
        &["female", "male", "unknown"],
    );
    by_sex_age.row_totals = true;
    for band in list("age_band") {
        let cells = by_sex_age
            .columns
            .iter()
            .map(|sex| sex_age.get(&(band.clone(), sex.clone())).copied().unwrap_or(0))
            .collect();
        by_sex_age.push(&band, cells);
    }
    tables.push(by_sex_age);
    tables.push(Table::counted(
        "by_birth_country",
        Dim::Country,
        &[],
        &count("by_birth_country"),
    ));
    let mut claimed = Table::counted(
        "by_claimed_nationality",
        Dim::Country,
        &[],
        &count("by_claimed_nationality"),
    );
    claimed.adds_up = false;
    tables.push(claimed);
    tables.push(Table::counted(
        "by_profile",
        Dim::Profile,
        &with_unknown(list("profile")),
        &count("by_profile"),
    ));
    let mut needs = Table::counted(
        "by_specific_needs",
        Dim::Need,
        &list("specific_needs"),
        &count("by_specific_needs"),
    );
    needs.adds_up = false;
    tables.push(needs);
    tables.extend(flows(&people, scope));
    let mut by_worker = Table::new(
        "by_worker",
        Dim::Worker,
        Dim::Measure,
        &["cases", "open", "overdue"],
    );
    for (worker, cells) in workers {
        by_worker.push(&worker, cells.to_vec());
    }
    tables.push(by_worker);

    let of_concern = known
        .iter()
        .filter(|p| !NATIONALITY_CONFIRMED.contains(&p.outcome_on(day)))
        .count() as u64;
    Statistics {
        scope,
        people: known.len() as u64,
        of_concern,
        records: read,
        duplicates_merged: merged,
        statistics_refused: refused,
        identified_later: (people.len() - known.len()) as u64,
        overdue,
        medians: vec![
            median("days_to_filing", to_filing),
            median("days_to_decision", to_decision),
        ],
        tables,
    }
}

/// The flows of the period: people identified, cases filed, decisions, and
/// the decisions by outcome.
fn flows(people: &[Facts], scope: Scope) -> [Table; 2] {
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| scope.from <= d && d <= scope.to);
    let mut decisions: HashMap<String, u64> = HashMap::new();
    let (mut identified, mut filed, mut decided, mut resolved) = (0, 0, 0, 0);
    for p in people {
        identified += u64::from(within(p.identified));
        filed += u64::from(within(p.filed));
        if within(p.decided) && p.decision.is_some() {
            decided += 1;
            let outcome = p.outcome_on(scope.to);
            // Statelessness resolved: a nationality confirmed or acquired.
            resolved += u64::from(NATIONALITY_CONFIRMED.contains(&outcome));
            *decisions.entry(outcome.to_owned()).or_insert(0) += 1;
        }
    }
    let mut totals = Table::new("flows", Dim::Measure, Dim::Measure, &["people"]);
    for (code, n) in [
        ("identified", identified),
        ("filed", filed),
        ("decided", decided),
        ("resolved", resolved),
    ] {
        totals.push(code, vec![n]);
    }
    totals.adds_up = false;
    let outcomes: Vec<String> = OUTCOMES
        .iter()
        .filter(|o| !o.starts_with("pending"))
        .map(|o| (*o).to_owned())
        .collect();
    [
        totals,
        Table::counted("decisions_by_outcome", Dim::Outcome, &outcomes, &decisions),
    ]
}

/// One record per person: records confirmed to be the same person are
/// merged into the one whose case went furthest, identified when the first
/// of them was.
fn one_per_person(records: Vec<Facts>) -> Vec<Facts> {
    let index: HashMap<_, usize> = records
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.id?, i)))
        .collect();
    let mut parent: Vec<usize> = (0..records.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, f) in records.iter().enumerate() {
        for other in &f.same_as {
            if let Some(&j) = index.get(other) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut slots: Vec<Option<Facts>> = records.into_iter().map(Some).collect();
    groups
        .into_values()
        .filter_map(|members| {
            let first = members
                .iter()
                .filter_map(|&i| slots[i].as_ref()?.identified)
                .min();
            let speaker = *members.iter().max_by_key(|&&i| {
                let f = slots[i].as_ref();
                (
                    f.map(Facts::progress),
                    std::cmp::Reverse(f.and_then(|f| f.identified)),
                    std::cmp::Reverse(f.and_then(|f| f.id)),
                )
            })?;
            let refused = members
                .iter()
                .any(|&i| slots[i].as_ref().is_some_and(|f| f.statistics_refused));
            let mut person = slots[speaker].take()?;
            person.identified = first;
            person.statistics_refused = refused;
            Some(person)
        })
        .collect()
}

fn median(id: &'static str, mut days: Vec<i64>) -> Median {
    days.sort_unstable();
    let n = days.len();
    let value = match n {
        0 => None,
        _ if n % 2 == 1 => Some(days[n / 2] as f64),
        _ => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    Median {
        id,
        days: value,
        cases: n as u64,
    }
}

fn strings(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}
