//! Erasing a person's identifying data, on consent withdrawal
//! (`intake erase`) and by the retention rule for closed cases
//! (`intake retention`): the anonymous counts (sex, age band, category)
//! are written first, then the erasure op, which every laptop applies to
//! its log when it arrives. The reports go on counting the person.

use crate::dedup::person::Links;
use crate::domain::{FieldPath, RecordId};
use crate::form::PreciseDate;
use crate::store::{Store, StoreError, Writer};
use chrono::{Months, NaiveDate};
use serde_json::Value;

/// The setting that holds the retention period of closed cases, in months.
pub const CLOSED_MONTHS_SETTING: &str = "retention-closed-months";

/// The retention period when none was set (DOMAIN.md: two years).
pub const DEFAULT_CLOSED_MONTHS: u32 = 24;

/// The longest retention period accepted (a century: anything longer is a typo).
pub const MAX_CLOSED_MONTHS: u32 = 1200;

/// Why an erasure or a retention setting was refused.
#[derive(Debug, thiserror::Error)]
pub enum ErasureError {
    /// The record was erased before.
    #[error("record {0} was erased before")]
    Erased(RecordId),
    /// No such record.
    #[error("no record {0}")]
    NoRecord(RecordId),
    /// A retention period of 0 months, or past [`MAX_CLOSED_MONTHS`].
    #[error("the retention period must be 1 to {MAX_CLOSED_MONTHS} months")]
    Months,
    /// The store refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Erases one record inside `w`'s transaction: its anonymous counts as of
/// `today`, then the erasure with `reason`.
pub fn erase(w: &mut Writer<'_>, id: RecordId, reason: &str, today: NaiveDate) -> Result<(), ErasureError> {
    let state = w.record(id).map_err(|e| match e {
        StoreError::NoRecord(_) => ErasureError::NoRecord(id),
        e => e.into(),
    })?;
    if state.erased {
        return Err(ErasureError::Erased(id));
    }
    let band = state
        .text("birth_date")
        .and_then(|d| PreciseDate::parse_stored(d, today))
        .map_or("unknown", |d| d.age_band_on(today));
    let mut anonymous = vec![("anon_age_band", Value::from(band))];
    for (from, to) in [("sex", "anon_sex"), ("category", "anon_category")] {
        if let Some(v) = state.value(from) {
            anonymous.push((to, v.clone()));
        }
    }
    for (field, value) in anonymous {
        w.set(id, &path(field)?, value)?;
    }
    w.set(id, &path(FieldPath::ERASED)?, Value::from(reason))?;
    Ok(())
}

/// Every other record confirmed as the same person as `id` (followed from
/// record to record, deleted records included), not erased yet.
pub fn linked(store: &Store, id: RecordId) -> Result<Vec<RecordId>, StoreError> {
    let links = Links::read(store)?;
    Ok(links
        .person(id)
        .into_iter()
        .filter(|r| *r != id && !links.is_erased(*r))
        .collect())
}

fn path(field: &str) -> Result<FieldPath, ErasureError> {
    FieldPath::parse(field).map_err(|e| ErasureError::Store(StoreError::Corrupt(e.to_string())))
}

/// The campaign's retention period of closed cases, in months.
pub fn closed_months(store: &Store) -> Result<u32, StoreError> {
    Ok(store
        .setting(CLOSED_MONTHS_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|m| (1..=MAX_CLOSED_MONTHS).contains(m))
        .unwrap_or(DEFAULT_CLOSED_MONTHS))
}

/// Sets the retention period (recorded in the audit trail).
pub fn set_closed_months(store: &mut Store, months: u32) -> Result<(), ErasureError> {
    if !(1..=MAX_CLOSED_MONTHS).contains(&months) {
        return Err(ErasureError::Months);
    }
    store.set_setting(CLOSED_MONTHS_SETTING, &months.to_string())?;
    Ok(())
}

/// The closed cases whose retention period is over on a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Due {
    /// The records and the day each was closed (UTC), oldest first.
    pub cases: Vec<(RecordId, NaiveDate)>,
    /// Closed cases still within the period.
    pub kept: usize,
}

impl Due {
    /// The closing day of the case closed longest ago.
    pub fn oldest(&self) -> Option<NaiveDate> {
        self.cases.first().map(|c| c.1)
    }
}

/// The last day a case closed on `closed` may keep its identifying data.
fn kept_until(closed: NaiveDate, months: u32) -> NaiveDate {
    closed
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The closed cases closed more than `months` months before `today`.
pub fn due(store: &Store, months: u32, today: NaiveDate) -> Result<Due, StoreError> {
    let mut due = Due::default();
    store.each_closed_case(|id, hlc| {
        let millis = i64::try_from(hlc.millis()).unwrap_or(i64::MAX);
        let closed =
            chrono::DateTime::from_timestamp_millis(millis).map_or(NaiveDate::MAX, |t| t.date_naive());
        if kept_until(closed, months) < today {
            due.cases.push((id, closed));
        } else {
            due.kept += 1;
        }
    })?;
    due.cases.sort_by_key(|c| (c.1, c.0));
    Ok(due)
}

/// What [`apply`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    /// Cases erased.
    pub erased: usize,
    /// Quarantined bundles dropped, and whether the database was scrubbed.
    pub after: crate::sync::withheld::Finished,
}

/// Erases every case in `due`, in one transaction (all or nothing), each
/// with a reason that names the rule; then drops the quarantined bundles
/// holding their changes and scrubs the database.
pub fn apply(store: &mut Store, due: &Due, months: u32, today: NaiveDate) -> Result<Applied, ErasureError> {
    let mut w = store.writer()?;
    w.expect_records(due.cases.len() as u64)?;
    for (id, closed) in &due.cases {
        let reason = format!(
            "{} closed on {closed}, kept {months} months",
            FieldPath::RETENTION_REASON
        );
        erase(&mut w, *id, &reason, today)?;
        w.bound_cache()?;
    }
    w.commit()?;
    store.audit(
        "retention applied",
        &format!("{} closed cases, {months} months", due.cases.len()),
    )?;
    // What was overwritten must not live on in free pages, the WAL or quarantine.
    let after = crate::sync::withheld::finish_erasure(store);
    Ok(Applied {
        erased: due.cases.len(),
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_case_is_kept_through_the_last_day_of_its_period() {
        assert_eq!(kept_until(day("2024-01-31"), 1), day("2024-02-29"));
        assert_eq!(kept_until(day("2024-03-15"), 24), day("2026-03-15"));
        assert_eq!(
            kept_until(day("2024-03-15"), MAX_CLOSED_MONTHS),
            day("2124-03-15")
        );
    }
}
