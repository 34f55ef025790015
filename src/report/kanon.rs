//! De-identified means k-anonymous: in a de-identified export every
//! combination of the quasi-identifiers it keeps — sex, birth year,
//! country of birth, oblast, category — is shared by at least k people.
//! A rarer person's row is generalised step by step (the birth year to a
//! five-year band, then the oblast to "another oblast", then the country
//! to "another country"; missing ones too), each step taken only among the people the step
//! before left rare; who is still rare after the last is suppressed (left
//! out with their entries). Two passes over the records: the first counts
//! the combinations (memory grows with the distinct combinations, a few
//! bytes each, not with the rows), the second writes.

use crate::form::PreciseDate;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The default k.
pub const DEFAULT_K: u64 = 5;

/// The quasi-identifiers kept (field ids of the form); with the age band
/// written beside an exact birth year, they make a row's class.
pub const QUASI: [&str; 5] = ["sex", "birth_date", "birth_country", "oblast", "category"];

/// How far a row's quasi-identifiers are generalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// As they are (the birth date as its year).
    Exact,
    /// The birth year as a five-year band.
    Band,
    /// And the oblast as "another oblast".
    Oblast,
    /// And the country of birth as "another country".
    Country,
}

const LEVELS: [Level; 4] = [Level::Exact, Level::Band, Level::Oblast, Level::Country];

/// One person's quasi-identifiers as stored (codes), at some level.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Quasi {
    sex: Option<String>,
    /// The birth year, or the first year of its band.
    year: Option<i32>,
    /// The age band written beside an exact year (from the whole date, so
    /// two people born the same year may differ); none once generalised.
    band: Option<&'static str>,
    country: Option<String>,
    oblast: Option<String>,
    category: Option<String>,
}

fn code(values: &Map<String, Value>, field: &str) -> Option<String> {
    values.get(field).and_then(Value::as_str).map(str::to_owned)
}

impl Quasi {
    /// A record's quasi-identifiers.
    pub fn of(values: &Map<String, Value>, today: NaiveDate) -> Quasi {
        let born = values
            .get("birth_date")
            .and_then(Value::as_str)
            .and_then(|s| PreciseDate::parse_stored(s, today));
        Quasi {
            sex: code(values, "sex"),
            year: born.as_ref().map(|d| d.year),
            band: born.as_ref().map(|d| d.age_band_on(today)),
            country: code(values, "birth_country"),
            oblast: code(values, "oblast"),
            category: code(values, "category"),
        }
    }

    /// Generalised to `level`.
    fn at(&self, level: Level) -> Quasi {
        let mut q = self.clone();
        if level >= Level::Band {
            q.year = q.year.map(band);
            q.band = None;
        }
        if level >= Level::Oblast {
            q.oblast = None;
        }
        if level >= Level::Country {
            q.country = None;
        }
        q
    }
}

/// The first year of the five-year band of `year` (1980 for 1980–1984).
pub fn band(year: i32) -> i32 {
    year - year.rem_euclid(5)
}

/// Counts the combinations, then decides each one's level.
#[derive(Debug, Default)]
pub struct Rule {
    k: u64,
    counts: HashMap<Quasi, u64>,
    levels: HashMap<Quasi, Level>,
}

/// What a rule did to the rows of an export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Cells generalised (a year to a band, an oblast, a country).
    pub generalised: u64,
    /// People suppressed: left out, with their entries.
    pub suppressed: u64,
}

impl Rule {
    /// A rule for `k` (at least 1), counting nothing yet.
    pub fn new(k: u64) -> Rule {
        Rule {
            k: k.max(1),
            ..Rule::default()
        }
    }

    /// Counts one person (first pass).
    pub fn count(&mut self, q: Quasi) {
        *self.counts.entry(q).or_default() += 1;
    }

    /// Decides every combination's level: each step only among the people
    /// every step before left under k.
    pub fn decide(&mut self) {
        let mut rare: Vec<(Quasi, u64)> = self.counts.iter().map(|(q, n)| (q.clone(), *n)).collect();
        for level in LEVELS {
            let mut at: HashMap<Quasi, u64> = HashMap::new();
            for (q, n) in &rare {
                *at.entry(q.at(level)).or_default() += n;
            }
            let (done, left): (Vec<_>, Vec<_>) = rare
                .into_iter()
                .partition(|(q, _)| at.get(&q.at(level)).is_some_and(|n| *n >= self.k));
            for (q, _) in done {
                self.levels.insert(q, level);
            }
            rare = left;
        }
    }

    /// The level of a person's row; `None`: suppressed.
    pub fn level(&self, q: &Quasi) -> Option<Level> {
        self.levels.get(q).copied()
    }

    /// Adds one row's level to the tally.
    pub fn tally(applied: &mut Applied, level: Option<Level>) {
        match level {
            None => applied.suppressed += 1,
            Some(Level::Exact) => {}
            Some(Level::Band) => applied.generalised += 1,
            Some(Level::Oblast) => applied.generalised += 2,
            Some(Level::Country) => applied.generalised += 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn person(sex: &str, year: i32, country: &str, oblast: &str) -> Quasi {
        let values = json!({
            "sex": sex, "birth_date": format!("{year}-05-01"), "birth_country": country,
            "oblast": oblast, "category": "undetermined"
        });
        Quasi::of(
            values.as_object().unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        )
    }

    #[test]
    fn rare_people_are_generalised_step_by_step_then_suppressed() {
        let mut rule = Rule::new(3);
        let many = person("female", 1985, "UZ", "KZ-75");
        for _ in 0..3 {
            rule.count(many.clone());
        }
        // Three born 1981–1983 in the same place: together in a band.
        let band: Vec<Quasi> = (1981..=1983).map(|y| person("male", y, "UZ", "KZ-75")).collect();
        // Three in different oblasts, the same band: another oblast.
        let spread: Vec<Quasi> = ["KZ-11", "KZ-15", "KZ-19"]
            .iter()
            .map(|o| person("male", 1962, "RU", o))
            .collect();
        let alone = person("female", 1940, "AF", "KZ-10");
        for q in band.iter().chain(&spread).chain([&alone]) {
            rule.count(q.clone());
        }
        rule.decide();
        assert_eq!(rule.level(&many), Some(Level::Exact));
        assert!(band.iter().all(|q| rule.level(q) == Some(Level::Band)));
        assert!(spread.iter().all(|q| rule.level(q) == Some(Level::Oblast)));
        assert_eq!(rule.level(&alone), None);
    }

    proptest! {
        /// Whatever the people, every combination written (each at its
        /// level) is shared by at least k of them.
        #[test]
        fn every_written_combination_is_shared_by_k(
            people in proptest::collection::vec((0..2usize, 1930..2020i32, 0..4usize, 0..5usize), 0..200),
            k in 1..8u64,
        ) {
            let sexes = ["female", "male"];
            let countries = ["KZ", "UZ", "RU", "AF"];
            let oblasts = ["KZ-75", "KZ-11", "KZ-15", "KZ-19", "KZ-10"];
            let qs: Vec<Quasi> = people
                .iter()
                .map(|(s, y, c, o)| person(sexes[*s], *y, countries[*c], oblasts[*o]))
                .collect();
            let mut rule = Rule::new(k);
            for q in &qs {
                rule.count(q.clone());
            }
            rule.decide();
            let mut written: HashMap<(Level, Quasi), u64> = HashMap::new();
            for q in &qs {
                if let Some(level) = rule.level(q) {
                    *written.entry((level, q.at(level))).or_default() += 1;
                }
            }
            for n in written.values() {
                prop_assert!(*n >= k);
            }
        }
    }
}
