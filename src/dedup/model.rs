//! The Fellegi–Sunter model of a campaign's records: for each field and
//! level of agreement, m (how often two records of one person agree so)
//! and u (how often two records of different people do). u comes from
//! random pairs of the records being deduplicated, m from
//! expectation–maximisation over the candidate pairs (the way Splink
//! estimates them), pulled towards priors and checked, so that a small or
//! lopsided campaign cannot make a degenerate estimate. An exact name
//! match weighs by how rare the name is among the records (term frequency):
//! Ахметов agreeing says less than a surname met twice.

use super::score::{Comparison, Field, Prepared, Reason, compare};
use std::collections::HashMap;

/// m and u by field and level, and the share of matches among candidates.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// m[field][level].
    pub m: Vec<Vec<f64>>,
    /// u[field][level].
    pub u: Vec<Vec<f64>>,
    /// Share of all pairs of records that are one person.
    pub lambda: f64,
}

/// Priors of m (field by field, levels as in [`Field`]): what the field
/// does to one person's records, and what EM is pulled towards.
const PRIOR_M: [&[f64]; 9] = [
    &[0.80, 0.10, 0.05, 0.05],
    &[0.85, 0.08, 0.04, 0.03],
    &[0.70, 0.12, 0.03, 0.04, 0.03, 0.07, 0.01],
    &[0.99, 0.01],
    &[0.90, 0.10],
    &[0.85, 0.15],
    &[0.70, 0.30],
    &[0.98, 0.02],
    &[0.60, 0.40],
];

/// Priors of u, for a handful of records where random pairs say little.
const PRIOR_U: [&[f64]; 9] = [
    &[0.005, 0.01, 0.03, 0.955],
    &[0.01, 0.02, 0.05, 0.92],
    &[0.0003, 0.01, 0.0003, 0.0003, 0.001, 0.02, 0.9681],
    &[0.5, 0.5],
    &[0.05, 0.95],
    &[0.2, 0.8],
    &[0.01, 0.99],
    &[0.0001, 0.9999],
    &[0.0001, 0.9999],
];

/// How many pairs' worth of weight the priors carry in EM.
const PRIOR_WEIGHT: f64 = 200.0;
/// How many records' worth of weight the prior name frequency carries.
const PRIOR_RECORDS: f64 = 1_000.0;
/// No probability below this (log of zero).
const TINY: f64 = 1e-6;

impl Model {
    /// The model without data.
    pub fn prior() -> Model {
        Model {
            m: PRIOR_M.iter().map(|l| l.to_vec()).collect(),
            u: PRIOR_U.iter().map(|l| l.to_vec()).collect(),
            lambda: 2e-5,
        }
    }

    /// The match weight (log2 of the Bayes factor) of a set of levels,
    /// with the u of an exact surname and given name replaced by the
    /// names' frequencies when known.
    pub fn weight(&self, levels: &[Option<u8>; 9], tf: (Option<f64>, Option<f64>)) -> f64 {
        let mut w = 0.0;
        for (f, level) in levels.iter().enumerate() {
            let Some(l) = level.map(usize::from) else { continue };
            let (Some(m), Some(u)) = (self.m[f].get(l), self.u[f].get(l)) else {
                continue;
            };
            let u = match (f, l, tf) {
                (0, 0, (Some(t), _)) | (1, 0, (_, Some(t))) => t,
                _ => *u,
            };
            w += (m.max(TINY) / u.max(TINY)).log2();
        }
        w
    }

    /// The chance that a candidate pair is one person.
    pub fn probability(&self, c: &Comparison, tf: Option<(Option<f64>, Option<f64>)>) -> f64 {
        let prior = (self.lambda / (1.0 - self.lambda)).log2();
        let w = self.weight(&c.levels, tf.unwrap_or((None, None))) + prior;
        1.0 / (1.0 + (-w).exp2())
    }

    /// u from the levels of random pairs (level counts by field).
    pub fn set_u(&mut self, counts: &[Vec<u64>]) {
        for (f, levels) in counts.iter().enumerate() {
            let total: u64 = levels.iter().sum();
            let prior = PRIOR_U[f];
            self.u[f] = levels
                .iter()
                .enumerate()
                .map(|(l, &n)| (n as f64 + PRIOR_WEIGHT * prior[l]) / (total as f64 + PRIOR_WEIGHT))
                .collect();
        }
    }

    /// m of the fields in `update` by expectation–maximisation over a
    /// training set's patterns (pattern → how many pairs have it), u held
    /// fixed, the fields `blocked` on left out of the likelihood (the set
    /// was made of pairs agreeing on them: their agreement says nothing
    /// there, as Splink trains). Returns the share of matches in the set.
    /// A field whose estimate comes out backwards (a level of agreement
    /// weighing less than a weaker one, or agreement no likelier among
    /// matches than among others) keeps its prior: EM on a lopsided set
    /// can make a class of pairs that merely agree on one field.
    pub fn estimate_m(&mut self, patterns: &HashMap<u32, u64>, blocked: &[Field], update: &[Field]) -> f64 {
        self.estimate(patterns, blocked, update, false)
    }

    /// m of every field by EM over the candidate pairs with u of the
    /// candidates learned alongside (the classic two-class model: among
    /// candidates, names agree far more often than among random pairs, so
    /// the random pairs' u would make every candidate look like a match).
    /// Returns the share of matches among the candidates.
    pub fn estimate_on_candidates(&mut self, patterns: &HashMap<u32, u64>) -> f64 {
        self.estimate(patterns, &[], &Field::ALL, true)
    }

    fn estimate(
        &mut self,
        patterns: &HashMap<u32, u64>,
        blocked: &[Field],
        update: &[Field],
        learn_u: bool,
    ) -> f64 {
        let decoded: Vec<([Option<u8>; 9], f64)> = patterns
            .iter()
            .map(|(p, n)| {
                let mut levels = Comparison::levels_of(*p);
                for f in blocked {
                    levels[field_index(*f)] = None;
                }
                (levels, *n as f64)
            })
            .collect();
        let total: f64 = decoded.iter().map(|(_, n)| n).sum();
        let mut lambda: f64 = 0.1;
        if total < 1.0 {
            return lambda;
        }
        let mut m = self.m.clone();
        let mut u = self.u.clone();
        if learn_u {
            // Start u at the candidates' own level shares.
            let mut sums: Vec<Vec<f64>> = PRIOR_M.iter().map(|l| vec![1.0; l.len()]).collect();
            for (levels, n) in &decoded {
                for (f, level) in levels.iter().enumerate() {
                    if let Some(l) = level {
                        sums[f][usize::from(*l)] += n;
                    }
                }
            }
            for (f, s) in sums.iter().enumerate() {
                let t: f64 = s.iter().sum();
                u[f] = s.iter().map(|x| x / t).collect();
            }
            lambda = 0.05;
        }
        for _ in 0..60 {
            let model = Model {
                m: m.clone(),
                u: u.clone(),
                lambda,
            };
            let prior = (lambda / (1.0 - lambda)).log2();
            let mut m_sum: Vec<Vec<f64>> = PRIOR_M.iter().map(|l| vec![0.0; l.len()]).collect();
            let mut u_sum: Vec<Vec<f64>> = PRIOR_M.iter().map(|l| vec![1.0; l.len()]).collect();
            let mut matches = 0.0;
            for (levels, n) in &decoded {
                let post = 1.0 / (1.0 + (-(model.weight(levels, (None, None)) + prior)).exp2());
                matches += post * n;
                for (f, level) in levels.iter().enumerate() {
                    if let Some(l) = level {
                        m_sum[f][usize::from(*l)] += post * n;
                        u_sum[f][usize::from(*l)] += (1.0 - post) * n;
                    }
                }
            }
            if learn_u {
                for (f, s) in u_sum.iter().enumerate() {
                    let t: f64 = s.iter().sum();
                    u[f] = s.iter().map(|x| x / t).collect();
                }
            }
            let mut change: f64 = 0.0;
            for field in update {
                let f = field_index(*field);
                let seen: f64 = m_sum[f].iter().sum();
                for (l, sum) in m_sum[f].iter().enumerate() {
                    let new = ((sum + PRIOR_WEIGHT * PRIOR_M[f][l]) / (seen + PRIOR_WEIGHT)).clamp(TINY, 1.0);
                    change = change.max((new - m[f][l]).abs());
                    m[f][l] = new;
                }
            }
            lambda = (matches / total).clamp(1e-6, 0.99);
            if change < 1e-5 {
                break;
            }
        }
        for field in update {
            let f = field_index(*field);
            let ratio = |l: usize| m[f][l] / u[f][l].max(TINY);
            let ordered = match field {
                // Its levels are kinds of mistake, not an order; exact must
                // weigh most and the far dates least.
                Field::Birth => (1..5).all(|l| ratio(0) >= ratio(l)) && ratio(5) >= ratio(6) * 0.5,
                _ => (1..field.levels()).all(|l| ratio(l - 1) >= ratio(l) * 0.999),
            };
            // Floors from the field: most of one person's records agree
            // exactly on each of these, whatever a campaign's mistakes.
            let floor = match field {
                Field::Surname | Field::Given => 0.4,
                Field::Birth => 0.3,
                Field::Sex => 0.9,
                Field::Patronymic | Field::Place => 0.5,
                _ => 0.0,
            };
            if ordered && ratio(0) > 4.0 && m[f][0] >= floor {
                self.m[f] = m[f].clone();
            } else {
                self.m[f] = PRIOR_M[f].to_vec();
            }
        }
        lambda
    }
}

fn field_index(f: Field) -> usize {
    Field::ALL.iter().position(|x| *x == f).unwrap_or(0)
}

/// Term frequencies of name keys: the share of records carrying a key,
/// shrunk towards a prior frequency while records are few.
pub fn frequency(count: u32, records: usize) -> f64 {
    const PRIOR: f64 = 0.003;
    (f64::from(count) + PRIOR_RECORDS * PRIOR) / (records as f64 + PRIOR_RECORDS)
}

/// The score of a pair in [0, 1] and the reasons, by the model without
/// data (the priors).
pub fn score(a: &Prepared, b: &Prepared) -> (f64, Vec<Reason>) {
    match compare(a, b) {
        Some(c) => (Model::prior().probability(&c, None), c.reasons),
        None => (0.0, Vec::new()),
    }
}

/// The score of `b` as the person `a` is, `b` being one of `candidates`
/// records found by `a`'s names (the form's "already recorded?" hint):
/// a priori each candidate is as likely to be the person.
pub fn score_among(a: &Prepared, b: &Prepared, candidates: usize) -> (f64, Vec<Reason>) {
    let mut model = Model::prior();
    model.lambda = (0.3 / candidates.max(1) as f64).clamp(1e-4, 0.3);
    match compare(a, b) {
        Some(c) => (model.probability(&c, None), c.reasons),
        None => (0.0, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(levels: [Option<u8>; 9]) -> u32 {
        Comparison {
            levels,
            ..Comparison::default()
        }
        .pattern()
    }

    #[test]
    fn the_priors_are_probabilities() {
        for (m, u) in PRIOR_M.iter().zip(PRIOR_U) {
            assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{m:?}");
            assert!((u.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{u:?}");
        }
        for (f, field) in Field::ALL.iter().enumerate() {
            assert_eq!(PRIOR_M[f].len(), field.levels(), "{field:?}");
        }
    }

    #[test]
    fn em_learns_what_separates_people_and_a_rare_name_weighs_more() {
        // Matches: names and birth agree; non-matches: names agree by the
        // blocking, birth does not.
        let mut patterns = HashMap::new();
        patterns.insert(
            pattern([Some(0), Some(0), Some(0), Some(0), None, None, None, None, None]),
            900,
        );
        patterns.insert(
            pattern([Some(0), Some(3), Some(6), Some(1), None, None, None, None, None]),
            9_000,
        );
        patterns.insert(
            pattern([Some(0), Some(2), Some(6), Some(0), None, None, None, None, None]),
            4_000,
        );
        let mut model = Model::prior();
        let lambda = model.estimate_m(
            &patterns,
            &[Field::Surname],
            &[Field::Given, Field::Birth, Field::Sex],
        );
        assert!(lambda > 0.03 && lambda < 0.12, "{lambda}");
        assert!(model.m[2][0] > 0.8, "{:?}", model.m[2]);
        let same = [Some(0), Some(0), Some(0), Some(0), None, None, None, None, None];
        let rare = model.weight(&same, (Some(frequency(2, 100_000)), None));
        let common = model.weight(&same, (Some(frequency(3_000, 100_000)), None));
        assert!(rare > common + 3.0, "{rare} {common}");
    }

    #[test]
    fn a_backwards_estimate_keeps_the_prior() {
        // Every candidate agrees on birth: EM cannot tell people by it.
        let mut patterns = HashMap::new();
        patterns.insert(
            pattern([Some(3), Some(3), Some(0), None, None, None, None, None, None]),
            50_000,
        );
        let mut model = Model::prior();
        model.u[2] = vec![0.9, 0.02, 0.01, 0.01, 0.01, 0.02, 0.03];
        model.estimate_m(&patterns, &[], &[Field::Birth]);
        assert_eq!(model.m[2], PRIOR_M[2].to_vec());
    }
}
