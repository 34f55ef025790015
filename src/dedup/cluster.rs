//! People from pairs, without chains: a pair joins two clusters only when
//! every record of one still looks like every record of the other (no
//! cross pair below a floor, their average above a bar), so a family or a
//! run of namesakes linked one by one never becomes one person; and never
//! beyond a size bound, past which the pair is left to a person to review.

use super::Pair;

/// How strict the joining is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// No two records of a cluster may score below this.
    pub floor: f64,
    /// The average score between the two sides of a join must reach this.
    pub mean: f64,
    /// The most records one cluster may hold.
    pub max_size: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            floor: 0.2,
            mean: 0.6,
            max_size: 8,
        }
    }
}

/// Why a pair above the threshold was not joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Apart {
    /// A record of one side does not look like a record of the other.
    Incoherent,
    /// The joined cluster would be larger than the bound: for a person to review.
    TooLarge,
    /// A coordinator said the two sides hold different people.
    Rejected,
}

/// The clusters and the pairs kept apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clustering {
    /// Each cluster's records, sorted; clusters sorted; no cluster of one.
    pub clusters: Vec<Vec<usize>>,
    /// For each record, the number of its cluster in `clusters`.
    pub cluster_of: Vec<Option<usize>>,
    /// Pairs (indices into the pairs given) left out, and why.
    pub kept_apart: Vec<(usize, Apart)>,
}

impl Clustering {
    /// Whether the pair's two records ended in one cluster.
    pub fn joined(&self, pair: &Pair) -> bool {
        let of = |i: usize| self.cluster_of.get(i).copied().flatten();
        of(pair.a).is_some_and(|c| of(pair.b) == Some(c))
    }

    /// The cluster number of a record, if it is in one.
    pub fn cluster(&self, record: usize) -> Option<usize> {
        self.cluster_of.get(record).copied().flatten()
    }
}

/// What a coordinator said about two records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Said {
    /// One person.
    Same,
    /// Different people.
    Different,
}

/// Joins `pairs` (best first) of `n` records. `score(a, b)` scores any two
/// records (it is asked only about records of clusters being joined);
/// `said(a, b)` gives a coordinator's verdict: confirmed pairs join first
/// and always, rejected ones never end in one cluster.
pub fn cluster(
    n: usize,
    pairs: &[Pair],
    score: impl Fn(usize, usize) -> f64,
    said: impl Fn(usize, usize) -> Option<Said>,
    options: Options,
) -> Clustering {
    let mut root: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    fn find(root: &mut [usize], mut i: usize) -> usize {
        while root[i] != i {
            root[i] = root[root[i]];
            i = root[i];
        }
        i
    }
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    // Confirmed pairs first, then by score (the pairs come best first).
    order.sort_by_key(|&i| std::cmp::Reverse(said(pairs[i].a, pairs[i].b) == Some(Said::Same)));
    let mut kept_apart = Vec::new();
    for i in order {
        let p = &pairs[i];
        let (ra, rb) = (find(&mut root, p.a), find(&mut root, p.b));
        if ra == rb {
            continue;
        }
        let confirmed = said(p.a, p.b) == Some(Said::Same);
        let verdict = |members: &[Vec<usize>]| -> Option<Apart> {
            if members[ra].len() + members[rb].len() > options.max_size {
                return Some(Apart::TooLarge);
            }
            let (mut sum, mut count) = (0.0, 0usize);
            for &x in &members[ra] {
                for &y in &members[rb] {
                    match said(x, y) {
                        Some(Said::Different) => return Some(Apart::Rejected),
                        Some(Said::Same) => sum += 1.0,
                        None if confirmed => {}
                        None => {
                            let s = if (x, y) == (p.a, p.b) || (y, x) == (p.a, p.b) {
                                p.score
                            } else {
                                score(x, y)
                            };
                            if s < options.floor {
                                return Some(Apart::Incoherent);
                            }
                            sum += s;
                        }
                    }
                    count += 1;
                }
            }
            (!confirmed && sum / (count.max(1) as f64) < options.mean).then_some(Apart::Incoherent)
        };
        if let Some(why) = verdict(&members) {
            kept_apart.push((i, why));
            continue;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        root[gone] = keep;
        let moved = std::mem::take(&mut members[gone]);
        members[keep].extend(moved);
    }
    let mut clusters: Vec<Vec<usize>> = members
        .into_iter()
        .filter(|m| m.len() > 1)
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect();
    clusters.sort();
    let mut cluster_of = vec![None; n];
    for (c, m) in clusters.iter().enumerate() {
        for &r in m {
            cluster_of[r] = Some(c);
        }
    }
    // A pair kept apart whose records joined later through others is not apart.
    kept_apart.retain(|(i, _)| {
        let p = &pairs[*i];
        cluster_of[p.a].is_none() || cluster_of[p.a] != cluster_of[p.b]
    });
    Clustering {
        clusters,
        cluster_of,
        kept_apart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: usize, b: usize, score: f64) -> Pair {
        Pair {
            a,
            b,
            score,
            reasons: Vec::new(),
        }
    }

    #[test]
    fn a_chain_of_namesakes_does_not_become_one_person() {
        // 0–1, 1–2, 2–3 look alike; 0 and 2, 1 and 3 … do not.
        let pairs = vec![pair(0, 1, 0.95), pair(1, 2, 0.93), pair(2, 3, 0.91)];
        let score = |a: usize, b: usize| if a.abs_diff(b) == 1 { 0.9 } else { 0.05 };
        let c = cluster(4, &pairs, score, |_, _| None, Options::default());
        assert_eq!(c.clusters, vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(c.kept_apart, vec![(1, Apart::Incoherent)]);
        // Plain closure would have made one person of four.
        assert_eq!(super::super::closure(4, &pairs), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_coherent_group_joins_and_a_large_one_waits_for_review() {
        let pairs: Vec<Pair> = (1..12).map(|i| pair(0, i, 0.99 - i as f64 / 100.0)).collect();
        let c = cluster(12, &pairs, |_, _| 0.9, |_, _| None, Options::default());
        assert_eq!(c.clusters, vec![(0..8).collect::<Vec<_>>()]);
        assert!(c.kept_apart.iter().all(|(_, why)| *why == Apart::TooLarge));
        assert_eq!(c.kept_apart.len(), 4);
    }

    #[test]
    fn verdicts_decide_before_scores() {
        let pairs = vec![pair(0, 1, 0.99), pair(1, 2, 0.5)];
        let said = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (0, 1) => Some(Said::Different),
            (1, 2) => Some(Said::Same),
            _ => None,
        };
        let c = cluster(3, &pairs, |_, _| 0.0, said, Options::default());
        assert_eq!(c.clusters, vec![vec![1, 2]]);
        assert_eq!(c.kept_apart, vec![(0, Apart::Rejected)]);
    }

    #[test]
    fn closing_the_joined_pairs_gives_the_clusters() {
        let pairs = vec![
            pair(0, 1, 0.95),
            pair(1, 2, 0.93),
            pair(3, 4, 0.9),
            pair(2, 3, 0.88),
        ];
        let score = |a: usize, b: usize| if a.max(b) <= 2 || a.min(b) >= 3 { 0.9 } else { 0.1 };
        let c = cluster(5, &pairs, score, |_, _| None, Options::default());
        let joined: Vec<Pair> = pairs.iter().filter(|p| c.joined(p)).cloned().collect();
        assert_eq!(super::super::closure(5, &joined), c.clusters);
    }
}
