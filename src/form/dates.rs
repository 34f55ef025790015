//! Dates known only as precisely as a person remembers them: to the day, the
//! month, the year, or as an estimated age turned into a year ("about 45").
//!
//! Stored as `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `~YYYY`; typed also as
//! `DD.MM.YYYY`, `MM.YYYY` or `~45` (an estimated age).

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// The exact day.
    Day,
    /// The month.
    Month,
    /// The year.
    Year,
    /// A year worked out from an estimated age.
    Estimated,
}

impl Precision {
    /// Every precision, most precise first.
    pub const ALL: [Precision; 4] = [
        Precision::Day,
        Precision::Month,
        Precision::Year,
        Precision::Estimated,
    ];

    /// The name used in form definitions.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Estimated => "estimated",
        }
    }

    /// The precision named `s` in a form definition.
    pub fn from_name(s: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A date with its precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreciseDate {
    /// Year.
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u32>,
    /// Day, if known (then `month` is known too).
    pub day: Option<u32>,
    /// The year comes from an estimated age.
    pub estimated: bool,
}

impl PreciseDate {
    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.estimated, self.month, self.day) {
            (true, ..) => Precision::Estimated,
            (_, _, Some(_)) => Precision::Day,
            (_, Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Reads what a person typed; `None` when it is not a date. An estimated
    /// age (`~45`) counts back from `today`.
    pub fn parse_input(text: &str, today: NaiveDate) -> Option<PreciseDate> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix('~') {
            let rest = rest.trim();
            let n: i32 = digits(rest)?.parse().ok()?;
            return match rest.len() {
                1..=3 => Some(Self::estimated(today.year() - n)),
                4 => Some(Self::estimated(n)),
                _ => None,
            };
        }
        if t.contains('.') {
            // DD.MM.YYYY or MM.YYYY, as written in Russian and Kazakh.
            let parts: Vec<&str> = t.split('.').collect();
            let iso = match parts.as_slice() {
                [d, m, y] if d.len() == 2 && m.len() == 2 && y.len() == 4 => format!("{y}-{m}-{d}"),
                [m, y] if m.len() == 2 && y.len() == 4 => format!("{y}-{m}"),
                _ => return None,
            };
            return Self::parse_iso(&iso);
        }
        Self::parse_iso(t)
    }

    /// Reads a stored value (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `~YYYY`).
    pub fn parse_stored(text: &str, _today: NaiveDate) -> Option<PreciseDate> {
        let t = text.trim();
        match t.strip_prefix('~') {
            Some(y) if y.len() == 4 => Some(Self::estimated(digits(y)?.parse().ok()?)),
            Some(_) => None,
            None => Self::parse_iso(t),
        }
    }

    fn estimated(year: i32) -> PreciseDate {
        PreciseDate {
            year,
            month: None,
            day: None,
            estimated: true,
        }
    }

    fn parse_iso(t: &str) -> Option<PreciseDate> {
        let parts: Vec<&str> = t.split('-').collect();
        let widths_ok = matches!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>().as_slice(),
            [4] | [4, 2] | [4, 2, 2]
        );
        if !widths_ok || !parts.iter().all(|p| digits(p).is_some()) {
            return None;
        }
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        let date = PreciseDate {
            year: i32::try_from(num(0)?).ok()?,
            month: num(1),
            day: num(2),
            estimated: false,
        };
        // The month must exist, and the day in that month.
        NaiveDate::from_ymd_opt(date.year, date.month.unwrap_or(1), date.day.unwrap_or(1))?;
        Some(date)
    }

    /// The first day the date can mean.
    pub fn earliest(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last day the date can mean.
    pub fn latest(&self) -> NaiveDate {
        let last = match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, next) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, next, 1).and_then(|d| d.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        };
        last.unwrap_or(NaiveDate::MAX)
    }

    /// Whole years from the date to `today`, giving an imprecise date the
    /// benefit of the doubt (the youngest age it allows); for an estimated
    /// age, the age that was estimated.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        if self.estimated {
            return u32::try_from(today.year() - self.year).ok();
        }
        // Born in a year or month not over yet: not one year old.
        today
            .years_since(self.latest())
            .or_else(|| (self.earliest() <= today).then_some(0))
    }

    /// The age band of the reports (`age_0_4` … `age_60_plus`, the ids of
    /// the form's `age_band` list) on `today`.
    pub fn age_band_on(&self, today: NaiveDate) -> &'static str {
        match self.age_on(today) {
            Some(0..=4) => "age_0_4",
            Some(5..=11) => "age_5_11",
            Some(12..=17) => "age_12_17",
            Some(18..=59) => "age_18_59",
            Some(_) => "age_60_plus",
            None => "unknown",
        }
    }
}

fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

impl fmt::Display for PreciseDate {
    /// The stored form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.estimated {
            return write!(f, "~{:04}", self.year);
        }
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn typed(s: &str) -> Option<String> {
        PreciseDate::parse_input(s, today()).map(|d| d.to_string())
    }

    #[test]
    fn every_precision_is_read_and_stored() {
        assert_eq!(typed("1985-03-09").as_deref(), Some("1985-03-09"));
        assert_eq!(typed("09.03.1985").as_deref(), Some("1985-03-09"));
        assert_eq!(typed("03.1985").as_deref(), Some("1985-03"));
        assert_eq!(typed(" 1985 ").as_deref(), Some("1985"));
        assert_eq!(typed("~45").as_deref(), Some("~1981"));
        assert_eq!(typed("~ 1960").as_deref(), Some("~1960"));
        let p = |s| PreciseDate::parse_input(s, today()).unwrap().precision();
        assert_eq!(p("1985-03-09"), Precision::Day);
        assert_eq!(p("1985-03"), Precision::Month);
        assert_eq!(p("1985"), Precision::Year);
        assert_eq!(p("~45"), Precision::Estimated);
    }

    #[test]
    fn a_child_born_this_year_or_month_is_under_one_not_of_unknown_age() {
        let born = |s: &str| PreciseDate::parse_stored(s, today()).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        assert_eq!(born("2026").age_on(day), Some(0));
        assert_eq!(born("2026-06").age_on(day), Some(0));
        assert_eq!(born("2026").age_band_on(day), "age_0_4");
        assert_eq!(born("2026-07").age_on(day), None, "not born yet");
        assert_eq!(born("2025").age_on(day), Some(0));
        assert_eq!(born("2021-06-15").age_on(day), Some(5));
        assert_eq!(born("2021-06-16").age_on(day), Some(4));
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        for bad in [
            "85",
            "1985-3-9",
            "1985/03/09",
            "1985-13",
            "1985-02-30",
            "abcd",
            "",
            "9.3.1985",
            "~",
            "~abc",
            "~12345",
        ] {
            assert_eq!(typed(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_and_ages_follow_the_precision() {
        let d = PreciseDate::parse_input("2008-02", today()).unwrap();
        assert_eq!(d.earliest(), NaiveDate::from_ymd_opt(2008, 2, 1).unwrap());
        assert_eq!(d.latest(), NaiveDate::from_ymd_opt(2008, 2, 29).unwrap());
        let y = PreciseDate::parse_input("2008", today()).unwrap();
        assert_eq!(y.age_on(today()), Some(17), "born at the latest on 31 Dec 2008");
        let stored = PreciseDate::parse_stored("~1981", today()).unwrap();
        assert!(stored.estimated);
        assert_eq!(stored.year, 1981);
    }
}
