//! What a report covers: the date of the stocks, the period of the flows,
//! and whether small counts are hidden.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// The date of the stocks.
    pub as_of: NaiveDate,
    /// First day of the period of the flows.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Cells under this are hidden (reports shared outside the organisation).
    pub suppress_below: Option<u64>,
}

impl Scope {
    /// The scope of a report: the stocks on `as_of` (else `to`, else
    /// `today`), the flows from `from` (else 1 January of that year) to `to`
    /// (else the report date); `None` when the period starts after it ends.
    pub fn of(
        as_of: Option<NaiveDate>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        suppress_below: Option<u64>,
        today: NaiveDate,
    ) -> Option<Scope> {
        let as_of = as_of.or(to).unwrap_or(today);
        let to = to.unwrap_or(as_of);
        let from = from.unwrap_or_else(|| to.with_ordinal(1).unwrap_or(to));
        (from <= to).then_some(Scope {
            as_of,
            from,
            to,
            suppress_below,
        })
    }

    /// Today's report: the situation today, the flows since 1 January.
    pub fn today(today: NaiveDate) -> Scope {
        Scope {
            as_of: today,
            from: today.with_ordinal(1).unwrap_or(today),
            to: today,
            suppress_below: None,
        }
    }
}
