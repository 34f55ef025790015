//! Finding the same person recorded twice, across scripts: name keys
//! ([`normalize`]), blocking (only records sharing a key are compared, so
//! 200,000 records never mean 20 billion comparisons), scoring with reasons
//! ([`score`]) and clustering the pairs above a threshold into people.

pub mod cluster;
pub mod devset;
pub mod model;
pub mod normalize;
pub mod person;
pub mod score;

pub use score::{Person, Prepared, Reason};

use crate::domain::{FieldPath, RecordId};
use crate::store::{Store, StoreError};

/// A coordinator's decision on a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// One person: the records are linked (nothing is deleted).
    Same,
    /// Different people: the pair is not proposed again.
    Different,
}

impl Verdict {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Different => "different",
        }
    }
}

/// Where the verdict on a pair is kept: on the record with the smaller id.
pub fn verdict_path(a: RecordId, b: RecordId) -> Result<(RecordId, FieldPath), StoreError> {
    let (holder, other) = if a < b { (a, b) } else { (b, a) };
    let path = FieldPath::parse(&format!("{}/{other}/verdict", FieldPath::LINKS))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok((holder, path))
}

/// Records the verdict on a pair (`None` undoes it), as an op of this
/// worker that travels in bundles like any other.
pub fn judge(
    store: &mut Store,
    a: RecordId,
    b: RecordId,
    verdict: Option<Verdict>,
) -> Result<(), StoreError> {
    if a == b {
        return Err(StoreError::Corrupt(
            "a record cannot be a duplicate of itself".into(),
        ));
    }
    let (holder, path) = verdict_path(a, b)?;
    let value = verdict.map_or(serde_json::Value::Null, |v| serde_json::Value::from(v.as_str()));
    let mut w = store.writer()?;
    w.set(holder, &path, value)?;
    w.commit().map(drop)
}

/// The verdicts among the records: (smaller id, larger id) → verdict.
pub fn verdicts(people: &[Person]) -> HashMap<(RecordId, RecordId), Verdict> {
    let mut out = HashMap::new();
    for p in people {
        for (other, verdict) in &p.links {
            let key = if p.id < *other {
                (p.id, *other)
            } else {
                (*other, p.id)
            };
            out.insert(key, *verdict);
        }
    }
    out
}

use std::collections::HashMap;

/// The default threshold of `intake duplicates`.
pub const DEFAULT_MIN_SCORE: f64 = 0.85;
/// A block with more records than this is too common a key to compare
/// all against all (a very common surname with a very common given name):
/// its records are compared in windows of this size instead.
const MAX_BLOCK: usize = 400;

/// Two records that look like one person.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// Index of the first record in the input.
    pub a: usize,
    /// Index of the second.
    pub b: usize,
    /// In [0, 1].
    pub score: f64,
    /// What agreed (and disagreed).
    pub reasons: Vec<Reason>,
}

/// Every record of the database (not deleted) as duplicate detection reads it.
pub fn load(store: &Store) -> Result<Vec<Person>, StoreError> {
    let mut people = Vec::new();
    each_person(store, &mut |p| people.push(p))?;
    Ok(people)
}

/// What duplicate detection keeps of the records when it need not show
/// them: ids, references, keys and verdicts (200,000 records are read one
/// at a time, never all held as records).
pub struct Keyed {
    /// The records' ids.
    pub ids: Vec<RecordId>,
    /// Their references.
    pub references: Vec<Option<String>>,
    /// Their keys.
    pub prepared: Vec<Prepared>,
    /// The verdicts among them.
    pub verdicts: HashMap<(RecordId, RecordId), Verdict>,
}

/// Reads every record into its keys.
pub fn load_keys(store: &Store) -> Result<Keyed, StoreError> {
    let mut k = Keyed {
        ids: Vec::new(),
        references: Vec::new(),
        prepared: Vec::new(),
        verdicts: HashMap::new(),
    };
    each_person(store, &mut |p| {
        k.verdicts.extend(verdicts(std::slice::from_ref(&p)));
        k.ids.push(p.id);
        k.prepared.push(Prepared::of(&p));
        k.references.push(p.reference);
    })?;
    Ok(k)
}

/// Calls `f` with every record of the database (not deleted).
fn each_person(store: &Store, f: &mut dyn FnMut(Person)) -> Result<(), StoreError> {
    store.each_current(&mut |id, values| {
        let text = |f: &str| values.get(f).and_then(|v| v.as_str()).map(str::to_owned);
        let mut parents: Vec<String> = ["mother_name", "father_name"]
            .iter()
            .filter_map(|f| text(f))
            .collect();
        let mut documents = Vec::new();
        let mut aliases = Vec::new();
        let mut links = Vec::new();
        for (path, value) in values {
            let Some(v) = value.as_str() else { continue };
            if let Some(rest) = path.strip_prefix("_links/")
                && let Some(other) = rest.strip_suffix("/verdict").and_then(|o| o.parse().ok())
            {
                match v {
                    "same" => links.push((other, Verdict::Same)),
                    "different" => links.push((other, Verdict::Different)),
                    _ => {}
                }
            } else if path.starts_with("parents/") && path.ends_with("/name") {
                parents.push(v.to_owned());
            } else if path.starts_with("documents/") && path.ends_with("/number") {
                documents.push(v.to_owned());
            } else if path.starts_with("aliases/") && path.ends_with("/name") {
                aliases.push(v.to_owned());
            }
        }
        f(Person {
            parents,
            documents,
            aliases,
            links,
            ..Person::from_fields(id, text)
        });
    })
}

/// The consonants of a key, first letter kept: "duisenova" → "dsnv", so
/// that vowel spellings (Дюсенова/Дуйсенова) share a block.
fn skeleton(key: &str) -> String {
    let mut chars = key.chars().filter(|c| *c != ' ');
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &chars.filter(|c| !"aeiou".contains(*c)).collect::<String>()
}

fn head(s: &str, n: usize) -> String {
    s.chars().filter(|c| *c != ' ').take(n).collect()
}

/// The blocks a record falls in: its names (either order) by prefix and by
/// consonant skeleton, a single name with its birth year, and its IIN.
pub fn block_keys(p: &Prepared) -> Vec<String> {
    let mut keys = Vec::new();
    for s in &p.surnames {
        for g in &p.givens {
            for (x, y) in [(s, g), (g, s)] {
                keys.push(format!("n{}|{}", head(x, 4), head(y, 3)));
                keys.push(format!("c{}|{}", head(&skeleton(x), 4), head(&skeleton(y), 3)));
            }
        }
    }
    if p.surnames.is_empty() || p.givens.is_empty() {
        for n in p.all_names() {
            let year = p.birth.map_or(String::new(), |b| b.0.to_string());
            keys.push(format!("s{}|{year}", head(n, 4)));
            keys.push(format!("s{}|{year}", head(&skeleton(n), 4)));
        }
    }
    // Another surname (married, the father's name as surname, none): the
    // given name with the birth year.
    if let Some((y, ..)) = p.birth {
        for g in &p.givens {
            keys.push(format!("g{}|{y}", head(g, 5)));
        }
    }
    // A typo early in one name: the other name with the whole birth date.
    if let Some((y, Some(m), Some(d))) = p.birth {
        for n in p.all_names() {
            keys.push(format!("d{}|{y}-{m}-{d}", head(n, 3)));
        }
    }
    if let Some(iin) = &p.iin {
        keys.push(format!("i{iin}"));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// A block key as a number: 200,000 records have millions of keys, and
/// numbers take a tenth of the memory of strings (a collision only adds
/// candidates, which scoring sorts out).
fn block_hashes(p: &Prepared) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut hashes: Vec<u64> = block_keys(p)
        .iter()
        .map(|k| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut h);
            h.finish()
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// The blocks: key → the records in it (record indices ascending), and each
/// record's keys (sorted).
fn blocks(prepared: &[Prepared]) -> (HashMap<u64, Vec<u32>>, Vec<Vec<u64>>) {
    let mut blocks: HashMap<u64, Vec<u32>> = HashMap::new();
    let keys: Vec<Vec<u64>> = prepared.iter().map(block_hashes).collect();
    for (i, ks) in keys.iter().enumerate() {
        for k in ks {
            blocks
                .entry(*k)
                .or_default()
                .push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    (blocks, keys)
}

/// The pairs one block proposes: all against all, or for a block too
/// common to do that, neighbours by birth date.
fn block_pairs(prepared: &[Prepared], members: &[u32], mut f: impl FnMut(usize, usize)) {
    let members: Vec<usize> = members.iter().map(|&i| i as usize).collect();
    if members.len() <= MAX_BLOCK {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                f(a.min(b), a.max(b));
            }
        }
    } else {
        let mut sorted = members;
        sorted.sort_by_key(|&i| {
            prepared[i]
                .birth
                .map(|b| (b.0, b.1.unwrap_or(0), b.2.unwrap_or(0)))
        });
        for (n, &a) in sorted.iter().enumerate() {
            for &b in sorted.iter().skip(n + 1).take(MAX_BLOCK / 4) {
                f(a.min(b), a.max(b));
            }
        }
    }
}

/// Whether `key` is the first block key two records share (so that a pair
/// met in several blocks is scored once, without a set of every pair).
fn first_shared(keys_a: &[u64], keys_b: &[u64], key: u64) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < keys_a.len() && j < keys_b.len() {
        match keys_a[i].cmp(&keys_b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return keys_a[i] == key,
        }
    }
    false
}

/// The candidate pairs (index pairs, `a < b`, each once) the blocks give.
pub fn candidates(prepared: &[Prepared]) -> Vec<(usize, usize)> {
    let (blocks, keys) = blocks(prepared);
    let mut pairs = Vec::new();
    for (key, members) in &blocks {
        block_pairs(prepared, members, |a, b| {
            if first_shared(&keys[a], &keys[b], *key) {
                pairs.push((a, b));
            }
        });
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Candidate pairs whose evidence by the priors falls this many bits short
/// of the threshold (with one record in a million… one in the records a
/// match) are not kept for the learned model to score again: nearly all
/// of them, a shared block key and nothing else.
const KEEP_MARGIN_BITS: f64 = 6.0;
/// Random pairs looked at to learn u.
const RANDOM_PAIRS: usize = 300_000;

/// Records ready to compare, with how common their names are and the
/// model learned from them.
pub struct Scorer {
    /// The records' keys.
    pub prepared: Vec<Prepared>,
    counts: HashMap<String, u32>,
    /// The model: the priors until [`Scorer::pairs`] learns it.
    pub model: model::Model,
}

/// A candidate pair waiting for the learned model.
struct Candidate {
    a: u32,
    b: u32,
    pattern: u32,
    tf: (f32, f32),
}

impl Scorer {
    /// Counts the names of `prepared`.
    pub fn new(prepared: Vec<Prepared>) -> Scorer {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for p in &prepared {
            let mut seen: Vec<&String> = p.all_names().collect();
            seen.sort();
            seen.dedup();
            for k in seen {
                *counts.entry(k.clone()).or_default() += 1;
            }
        }
        Scorer {
            prepared,
            counts,
            model: model::Model::prior(),
        }
    }

    fn tf(&self, c: &score::Comparison) -> (Option<f64>, Option<f64>) {
        let n = self.prepared.len();
        let of = |k: &Option<String>| {
            k.as_ref()
                .map(|k| model::frequency(self.counts.get(k).copied().unwrap_or(1), n))
        };
        (of(&c.same_surname), of(&c.same_given))
    }

    /// The score of records `a` and `b` and its reasons.
    pub fn score(&self, a: usize, b: usize) -> (f64, Vec<Reason>) {
        match score::compare(&self.prepared[a], &self.prepared[b]) {
            Some(c) => (self.model.probability(&c, Some(self.tf(&c))), c.reasons),
            None => (0.0, Vec::new()),
        }
    }

    /// Joins `pairs` (from [`Scorer::pairs`]) into people without chains;
    /// `said` gives a coordinator's verdicts by record index.
    pub fn cluster(
        &self,
        pairs: &[Pair],
        said: impl Fn(usize, usize) -> Option<cluster::Said>,
    ) -> cluster::Clustering {
        cluster::cluster(
            self.prepared.len(),
            pairs,
            |a, b| self.score(a, b).0,
            said,
            cluster::Options::default(),
        )
    }

    /// u from random pairs of the records (the same pairs for the same records).
    fn learn_u(&mut self) {
        use rand::{Rng, SeedableRng};
        let n = self.prepared.len();
        if n < 50 {
            return;
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(n as u64);
        let mut counts: Vec<Vec<u64>> = score::Field::ALL.iter().map(|f| vec![0; f.levels()]).collect();
        let samples = RANDOM_PAIRS.min(n * (n - 1) / 2);
        for _ in 0..samples {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            if a == b {
                continue;
            }
            if let Some(c) = score::compare(&self.prepared[a], &self.prepared[b]) {
                for (f, level) in c.levels.iter().enumerate() {
                    if let Some(l) = level {
                        counts[f][usize::from(*l)] += 1;
                    }
                }
            }
        }
        self.model.set_u(&counts);
    }

    /// Learns the model from the records and returns every pair scoring at
    /// least `min_score`, best first. The blocks are shared out between
    /// threads; a pair is compared once, in the first block its records
    /// share.
    pub fn pairs(&mut self, min_score: f64) -> Vec<Pair> {
        self.learn_u();
        let n = self.prepared.len().max(2) as f64;
        let keep_bits = (min_score / (1.0 - min_score)).max(1e-9).log2() + n.log2() - KEEP_MARGIN_BITS;
        let (block_map, keys) = blocks(&self.prepared);
        let blocks: Vec<(&u64, &Vec<u32>)> = block_map.iter().collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = blocks.len().div_ceil(threads).max(1);
        let this = &*self;
        let (patterns, candidates) = std::thread::scope(|scope| {
            let workers: Vec<_> = blocks
                .chunks(chunk)
                .map(|part| {
                    let keys = &keys;
                    scope.spawn(move || {
                        let mut patterns: HashMap<u32, u64> = HashMap::new();
                        let mut kept = Vec::new();
                        for (key, members) in part {
                            block_pairs(&this.prepared, members, |a, b| {
                                if !first_shared(&keys[a], &keys[b], **key) {
                                    return;
                                }
                                let Some(c) = score::compare(&this.prepared[a], &this.prepared[b]) else {
                                    return;
                                };
                                let pattern = c.pattern();
                                *patterns.entry(pattern).or_default() += 1;
                                let tf = this.tf(&c);
                                if this.model.weight(&c.levels, tf) >= keep_bits {
                                    let f = |t: Option<f64>| t.map_or(-1.0, |t| t as f32);
                                    kept.push(Candidate {
                                        a: u32::try_from(a).unwrap_or(u32::MAX),
                                        b: u32::try_from(b).unwrap_or(u32::MAX),
                                        pattern,
                                        tf: (f(tf.0), f(tf.1)),
                                    });
                                }
                            });
                        }
                        (patterns, kept)
                    })
                })
                .collect();
            let mut patterns: HashMap<u32, u64> = HashMap::new();
            let mut kept: Vec<Candidate> = Vec::new();
            for w in workers {
                let (p, k) = w.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                for (pattern, n) in p {
                    *patterns.entry(pattern).or_default() += n;
                }
                kept.extend(k);
            }
            (patterns, kept)
        });
        // m from the candidates; λ from the share of matches among them.
        // The blocks are the largest thing held: gone before the pairs are made.
        drop(blocks);
        drop(block_map);
        drop(keys);
        let share = self.model.estimate_on_candidates(&patterns);
        let candidates_seen: u64 = patterns.values().sum();
        let all_pairs = (self.prepared.len() as f64) * (self.prepared.len().saturating_sub(1) as f64) / 2.0;
        if all_pairs >= 1.0 && candidates_seen > 0 {
            // A campaign with few duplicates gives EM few matches to see,
            // and its share can come out near nothing: never assume fewer
            // than one record in fifty has another record of its person.
            let floor = 0.02 * self.prepared.len() as f64 / 2.0 / all_pairs;
            self.model.lambda = (share * candidates_seen as f64 / all_pairs).clamp(floor, 0.5);
        }
        let prior = (self.model.lambda / (1.0 - self.model.lambda)).log2();
        let mut pairs: Vec<Pair> = candidates
            .into_iter()
            .filter_map(|c| {
                let back = |t: f32| (t >= 0.0).then_some(f64::from(t));
                let w = self.model.weight(
                    &score::Comparison::levels_of(c.pattern),
                    (back(c.tf.0), back(c.tf.1)),
                );
                let score = 1.0 / (1.0 + (-(w + prior)).exp2());
                (score >= min_score).then(|| {
                    let (a, b) = (c.a as usize, c.b as usize);
                    let reasons = score::compare(&self.prepared[a], &self.prepared[b])
                        .map(|c| c.reasons)
                        .unwrap_or_default();
                    Pair { a, b, score, reasons }
                })
            })
            .collect();
        pairs.sort_by(|x, y| y.score.total_cmp(&x.score).then((x.a, x.b).cmp(&(y.a, y.b))));
        pairs
    }
}

/// What duplicate detection finds: the pairs above the threshold (and the
/// confirmed ones below it), best first, and the people they make.
pub struct Found {
    /// The pairs.
    pub pairs: Vec<Pair>,
    /// The clusters, and the pairs kept apart.
    pub clustering: cluster::Clustering,
}

/// Learns the model, scores, and clusters: records `ids` (in the order of
/// the scorer's), the coordinator's `verdicts` deciding first.
pub fn find(
    scorer: &mut Scorer,
    ids: &[RecordId],
    verdicts: &HashMap<(RecordId, RecordId), Verdict>,
    min_score: f64,
) -> Found {
    let mut pairs = scorer.pairs(min_score);
    let index: HashMap<RecordId, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let listed: std::collections::HashSet<(usize, usize)> = pairs.iter().map(|p| (p.a, p.b)).collect();
    for ((x, y), v) in verdicts {
        if let (Verdict::Same, Some(&a), Some(&b)) = (v, index.get(x), index.get(y)) {
            let (a, b) = (a.min(b), a.max(b));
            if !listed.contains(&(a, b)) {
                let (score, reasons) = scorer.score(a, b);
                pairs.push(Pair { a, b, score, reasons });
            }
        }
    }
    pairs.sort_by(|x, y| y.score.total_cmp(&x.score).then((x.a, x.b).cmp(&(y.a, y.b))));
    let said = |a: usize, b: usize| {
        let (x, y) = (ids[a], ids[b]);
        match verdicts.get(&(x.min(y), x.max(y))) {
            Some(Verdict::Same) => Some(cluster::Said::Same),
            Some(Verdict::Different) => Some(cluster::Said::Different),
            None => None,
        }
    };
    let clustering = scorer.cluster(&pairs, said);
    Found { pairs, clustering }
}

/// Every pair of records scoring at least `min_score`, best first.
pub fn find_pairs(people: &[Person], min_score: f64) -> Vec<Pair> {
    Scorer::new(people.iter().map(Prepared::of).collect()).pairs(min_score)
}

/// The pairs joined transitively (how a list of pairs looks to someone
/// who joins them). Each group is sorted; groups of one are left out.
pub fn closure(n: usize, pairs: &[Pair]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for p in pairs {
        let (ra, rb) = (root(&mut parent, p.a), root(&mut parent, p.b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordId;

    fn person(surname: &str, given: &str, born: &str) -> Person {
        Person {
            id: RecordId::new(),
            surname: Some(surname.to_owned()).filter(|s| !s.is_empty()),
            given_name: Some(given.to_owned()),
            birth_date: Some(born.to_owned()),
            sex: Some("female".to_owned()),
            ..Person::default()
        }
    }

    #[test]
    fn swapped_names_and_other_scripts_share_a_block() {
        let a = Prepared::of(&person("Дуйсенова", "Айгуль", "1985-03-09"));
        for other in [
            person("Aigul", "Duysenova", "1985"),
            person("Дюсенова", "Айгуль", "1985-03-09"),
            person("Duisenova", "Aigul", "1985-09-03"),
        ] {
            let b = Prepared::of(&other);
            let shared = block_keys(&a).iter().any(|k| block_keys(&b).contains(k));
            assert!(shared, "{other:?}");
        }
    }

    #[test]
    fn scores_keep_their_reasons() {
        let a = Prepared::of(&person("Дуйсенова", "Айгуль", "1985-03-09"));
        let b = Prepared::of(&person("Aigul", "Duysenova", "1985-09-03"));
        let (s, reasons) = model::score(&a, &b);
        assert!(s > 0.9, "{s}");
        assert!(reasons.contains(&Reason::NamesSwapped) && reasons.contains(&Reason::DayMonthSwapped));
        let mut man = person("Дуйсенов", "Айбек", "1962-01-01");
        man.sex = Some("male".into());
        let (s, reasons) = model::score(&a, &Prepared::of(&man));
        assert!(s < 0.1, "{s}");
        assert!(reasons.contains(&Reason::DifferentSex) && reasons.contains(&Reason::DifferentBirth));
    }

    #[test]
    fn every_reason_has_words_in_every_language() {
        for reason in Reason::ALL {
            for lang in crate::i18n::Lang::ALL {
                let key = reason.message_key();
                assert!(crate::i18n::Texts::get(lang).has(&key), "{key} in {}", lang.tag());
            }
        }
    }

    #[test]
    fn pairs_join_into_one_person() {
        let people = vec![
            person("Дуйсенова", "Айгуль", "1985-03-09"),
            person("Duisenova", "Aigul", "1985-03-09"),
            person("Дүйсенова", "Айгүл", "1985"),
            person("Ким", "Анна", "1981-02-02"),
        ];
        let pairs = find_pairs(&people, DEFAULT_MIN_SCORE);
        assert!(pairs.iter().all(|p| p.a < 3 && p.b < 3), "{pairs:?}");
        assert_eq!(closure(people.len(), &pairs), vec![vec![0, 1, 2]]);
    }
}
