//! A development set with known duplicates, made from name pools this
//! project did not write (`tests/data/dedup/pools.tsv`, made by
//! `scripts/devset/make_pools.py` from names-dataset, Faker, iuliia,
//! cyrtranslit and Unidecode): people of ten groups, some recorded two or
//! three times with what the field does to a record — another of some
//! thirty transliteration systems, a typo, names swapped, only the birth
//! year, day and month swapped, a year off, the patronymic left out or in
//! the other custom, the father's name as surname, -ұлы/-қызы for -ов/-ова,
//! a maiden name — and the people who are *not* one person although they
//! look alike: siblings, twins, spouses and namesakes. Each pool's names
//! are split by rank in two halves: tune on one, report on the other.

use super::{Pair, Person};
use crate::domain::RecordId;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};

/// A name as written natively and its spellings (each with the numbers of
/// the systems that write it so).
#[derive(Clone, Debug, Default)]
pub struct Name {
    /// As the group writes it.
    pub native: String,
    /// Other spellings and the systems (indices into [`Pools::systems`]).
    pub spellings: Vec<(String, Vec<u16>)>,
}

/// One line of a pool: a name in its forms (a surname or patronymic has a
/// man's and a woman's form).
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// Its rank by frequency in its source (0 is the most common).
    pub rank: usize,
    /// The forms: one for a given name, man's then woman's for the rest.
    pub forms: Vec<Name>,
}

impl Entry {
    fn form(&self, female: bool) -> &Name {
        let i = usize::from(female).min(self.forms.len().saturating_sub(1));
        &self.forms[i]
    }
}

/// The names of one group of people.
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// kazakh, russian, uzbek, …
    pub name: String,
    /// Surnames.
    pub surnames: Vec<Entry>,
    /// Men's given names.
    pub given_m: Vec<Entry>,
    /// Women's given names.
    pub given_f: Vec<Entry>,
    /// Patronymics (from men's given names).
    pub patronymics: Vec<Entry>,
}

/// Which half of each pool (by rank) a set is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// Even ranks: the names the matcher is tuned on.
    Tune,
    /// Odd ranks: the names its figures are reported on.
    Report,
}

/// The pools file read.
#[derive(Clone, Debug, Default)]
pub struct Pools {
    /// The transliteration systems, by number.
    pub systems: Vec<String>,
    /// The groups.
    pub groups: Vec<Group>,
}

/// The pools file of the repository.
pub const POOLS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dedup/pools.tsv");

impl Pools {
    /// Reads the pools file at `path`.
    pub fn read(path: &std::path::Path) -> std::io::Result<Pools> {
        Ok(Pools::parse(&std::fs::read_to_string(path)?))
    }

    /// Parses the pools file (lines it cannot read are skipped).
    pub fn parse(text: &str) -> Pools {
        let mut pools = Pools::default();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells[0] == "#systems" {
                pools.systems = cells[1..]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| (*s).to_owned())
                    .collect();
                continue;
            }
            if line.starts_with('#') || cells.len() < 5 {
                continue;
            }
            let Ok(rank) = cells[2].parse() else { continue };
            let forms = cells[3..]
                .chunks(2)
                .map(|c| Name {
                    native: c[0].to_owned(),
                    spellings: c
                        .get(1)
                        .into_iter()
                        .flat_map(|s| s.split(';'))
                        .filter_map(|s| {
                            let (systems, spelling) = s.split_once('=')?;
                            let systems = systems.split(',').filter_map(|n| n.parse().ok()).collect();
                            Some((spelling.to_owned(), systems))
                        })
                        .collect(),
                })
                .collect();
            let entry = Entry { rank, forms };
            let group = match pools.groups.iter().position(|g| g.name == cells[0]) {
                Some(i) => &mut pools.groups[i],
                None => {
                    pools.groups.push(Group {
                        name: cells[0].to_owned(),
                        ..Group::default()
                    });
                    let last = pools.groups.len() - 1;
                    &mut pools.groups[last]
                }
            };
            match cells[1] {
                "surname" => group.surnames.push(entry),
                "given_m" => group.given_m.push(entry),
                "given_f" => group.given_f.push(entry),
                "patronymic" => group.patronymics.push(entry),
                _ => {}
            }
        }
        pools
    }

    /// The pools with only the names of one half.
    pub fn half(&self, half: Half) -> Pools {
        let keep = |entries: &[Entry]| -> Vec<Entry> {
            entries
                .iter()
                .filter(|e| (e.rank % 2 == 0) == (half == Half::Tune))
                .cloned()
                .collect()
        };
        Pools {
            systems: self.systems.clone(),
            groups: self
                .groups
                .iter()
                .map(|g| Group {
                    name: g.name.clone(),
                    surnames: keep(&g.surnames),
                    given_m: keep(&g.given_m),
                    given_f: keep(&g.given_f),
                    patronymics: keep(&g.patronymics),
                })
                .collect(),
        }
    }
}

/// Records with the person each one is.
#[derive(Debug, Default)]
pub struct DevSet {
    /// The records.
    pub people: Vec<Person>,
    /// For each record, the number of the person it is.
    pub truth: Vec<usize>,
    /// For each record, its family's number (people of one family are
    /// siblings, twins or spouses of each other).
    pub family: Vec<usize>,
    /// For each record, how it was made: group and the system of its
    /// spelling ("native" when as the group writes it).
    pub made: Vec<(String, String)>,
}

/// Share of each group among the people of a campaign (Kazakhstan, from
/// the make-up of the people UNHCR's partners meet; Kyrgyz is missing:
/// no public pool was reachable here).
const GROUP_SHARES: [(&str, u32); 10] = [
    ("kazakh", 34),
    ("russian", 12),
    ("uzbek", 12),
    ("afghan", 10),
    ("tajik", 8),
    ("azerbaijani", 5),
    ("turkmen", 5),
    ("ukrainian", 5),
    ("korean", 5),
    ("german", 4),
];

const PLACES: [(&str, &[&str]); 10] = [
    (
        "kazakh",
        &[
            "Алматы",
            "Алма-Ата",
            "Шымкент",
            "Чимкент",
            "Астана",
            "Целиноград",
            "Кызылорда",
            "Семей",
            "Тараз",
        ],
    ),
    (
        "russian",
        &["Караганда", "Павлодар", "Усть-Каменогорск", "Костанай", "Омск"],
    ),
    (
        "uzbek",
        &["Ташкент", "Самарканд", "Узбекская ССР", "Шымкент", "Туркестан"],
    ),
    (
        "afghan",
        &["Кабул", "Kabul", "Mazar-i-Sharif", "Кундуз", "Afghanistan"],
    ),
    ("tajik", &["Душанбе", "Таджикская ССР", "Худжанд", "Алматы"]),
    ("azerbaijani", &["Баку", "Азербайджанская ССР", "Алматы"]),
    ("turkmen", &["Ашхабад", "Туркменская ССР", "Актау", "Жанаозен"]),
    ("ukrainian", &["Киев", "Харьков", "Караганда", "Павлодар"]),
    ("korean", &["Уштобе", "Кызылорда", "Алматы", "Ташкент"]),
    ("german", &["Караганда", "Павлодар", "Кокшетау", "Семипалатинск"]),
];

/// A person as they are, before any record of them is written.
#[derive(Clone, Debug)]
struct Base {
    group: usize,
    female: bool,
    surname: Option<Entry>,
    /// A married woman's maiden surname.
    maiden: Option<Entry>,
    given: Entry,
    father: Option<Entry>,
    patronymic: Option<Entry>,
    birth: (i32, u32, u32),
    place: String,
}

struct Sampler<'a> {
    pools: &'a Pools,
    groups: WeightedIndex<u32>,
    group_of: Vec<usize>,
}

fn pick<'e>(rng: &mut ChaCha8Rng, entries: &'e [Entry]) -> Option<&'e Entry> {
    // Zipf-like: the common names of a group recur as often as they do.
    let weights: Vec<f64> = entries.iter().map(|e| 1.0 / (e.rank as f64 + 8.0)).collect();
    let index = WeightedIndex::new(&weights).ok()?;
    entries.get(index.sample(rng))
}

impl Sampler<'_> {
    fn group(&self, rng: &mut ChaCha8Rng) -> usize {
        self.group_of[self.groups.sample(rng)]
    }

    fn person(
        &self,
        rng: &mut ChaCha8Rng,
        group: usize,
        female: bool,
        family: Option<&Base>,
    ) -> Option<Base> {
        let g = &self.pools.groups[group];
        let given = pick(rng, if female { &g.given_f } else { &g.given_m })?.clone();
        let single = g.name == "afghan" && rng.random_bool(0.35);
        let surname = match family {
            Some(f) => f.surname.clone(),
            None if single => None,
            None => pick(rng, &g.surnames).cloned(),
        };
        let (father, patronymic) = match family {
            Some(f) => (f.father.clone(), f.patronymic.clone()),
            None => (
                pick(rng, &g.given_m).cloned(),
                (!g.patronymics.is_empty())
                    .then(|| pick(rng, &g.patronymics).cloned())
                    .flatten(),
            ),
        };
        let birth = match family {
            Some(f) => {
                let gap = rng.random_range(1..14) * if rng.random_bool(0.5) { 1 } else { -1 };
                (
                    (f.birth.0 + gap).clamp(1930, 2024),
                    rng.random_range(1..=12),
                    rng.random_range(1..=28),
                )
            }
            None => (
                rng.random_range(1935..2024),
                rng.random_range(1..=12),
                rng.random_range(1..=28),
            ),
        };
        let place = match family {
            Some(f) => f.place.clone(),
            None => PLACES
                .iter()
                .find(|(n, _)| *n == g.name)
                .and_then(|(_, p)| p.choose(rng))
                .map_or_else(String::new, |p| (*p).to_owned()),
        };
        let adult_woman = female && birth.0 < 2002 && rng.random_bool(0.45);
        let (surname, maiden) = if adult_woman && family.is_none() && !single {
            (pick(rng, &g.surnames).cloned(), surname)
        } else {
            (surname, None)
        };
        Some(Base {
            group,
            female,
            surname,
            maiden,
            given,
            father,
            patronymic,
            birth,
            place,
        })
    }
}

/// A set of `records` records, the same for the same pools and seed.
pub fn generate(pools: &Pools, records: usize, seed: u64) -> DevSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let group_of: Vec<usize> = GROUP_SHARES
        .iter()
        .filter_map(|(name, _)| pools.groups.iter().position(|g| g.name == *name))
        .collect();
    let shares: Vec<u32> = GROUP_SHARES
        .iter()
        .filter(|(name, _)| pools.groups.iter().any(|g| g.name == *name))
        .map(|(_, s)| *s)
        .collect();
    let mut set = DevSet::default();
    let Ok(groups) = WeightedIndex::new(&shares) else {
        return set;
    };
    let sampler = Sampler {
        pools,
        groups,
        group_of,
    };
    let (mut person, mut family) = (0, 0);
    while set.people.len() < records {
        let group = sampler.group(&mut rng);
        let female = rng.random_bool(0.52);
        let Some(first) = sampler.person(&mut rng, group, female, None) else {
            continue;
        };
        let mut members = vec![first.clone()];
        // Families: brothers and sisters (now and then twins), a spouse.
        if rng.random_bool(0.22) {
            for _ in 0..rng.random_range(1..=3) {
                let female = rng.random_bool(0.5);
                if let Some(mut sibling) = sampler.person(&mut rng, group, female, Some(&first))
                    && members
                        .iter()
                        .all(|m| m.given.forms[0].native != sibling.given.forms[0].native)
                {
                    if rng.random_bool(0.04) {
                        sibling.birth = first.birth;
                    }
                    members.push(sibling);
                }
            }
        }
        if !first.female
            && first.surname.is_some()
            && rng.random_bool(0.15)
            && let Some(mut wife) = sampler.person(&mut rng, group, true, None)
        {
            wife.maiden = wife.surname.take().or(wife.maiden);
            wife.surname = first.surname.clone();
            members.push(wife);
        }
        for base in &members {
            let copies = match rng.random_range(0..100) {
                0..72 => 1,
                72..94 => 2,
                _ => 3,
            };
            for copy in 0..copies {
                let (p, system) = record(&mut rng, pools, base, copy > 0, set.people.len());
                set.people.push(p);
                set.truth.push(person);
                set.family.push(family);
                set.made.push((pools.groups[base.group].name.clone(), system));
            }
            person += 1;
        }
        family += 1;
    }
    set.people.truncate(records);
    set.truth.truncate(records);
    set.family.truncate(records);
    set.made.truncate(records);
    set
}

fn typo(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 4 {
        return text.to_owned();
    }
    let i = rng.random_range(1..chars.len() - 1);
    match rng.random_range(0..3) {
        0 => {
            chars.remove(i);
        }
        1 => chars.swap(i, i + 1),
        _ => {
            let c = chars[i];
            chars.insert(i, c);
        }
    }
    chars.into_iter().collect()
}

/// The spelling of `name` in system `system` (by number), or native.
fn spell(name: &Name, system: Option<u16>) -> String {
    system
        .and_then(|s| name.spellings.iter().find(|(_, systems)| systems.contains(&s)))
        .map_or_else(|| name.native.clone(), |(sp, _)| sp.clone())
}

fn chance(rng: &mut ChaCha8Rng, variant: bool, p: f64) -> bool {
    variant && rng.random_bool(p)
}

/// "Ахметов" → "Ахметұлы" / "Ахметқызы": the Kazakh custom for the same family name.
fn kazakh_surname(surname: &str, female: bool) -> Option<String> {
    let stem = ["ова", "ева", "ов", "ев", "ина", "ин"]
        .iter()
        .find_map(|s| surname.strip_suffix(s))?;
    Some(format!("{stem}{}", if female { "қызы" } else { "ұлы" }))
}

/// One record of a person; `variant` records carry the field's mistakes.
/// Returns the record and the spelling system it was written in.
fn record(rng: &mut ChaCha8Rng, pools: &Pools, b: &Base, variant: bool, index: usize) -> (Person, String) {
    let cyrillic = |n: &Name| n.native.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let native_cyrillic = cyrillic(b.given.form(b.female));
    // The first record is how the group writes itself; a later one may come
    // from a passport, a list or a messenger in another system.
    let system: Option<u16> = if chance(rng, variant, if native_cyrillic { 0.5 } else { 0.4 }) {
        let mut systems: Vec<u16> = b
            .given
            .form(b.female)
            .spellings
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        systems.sort_unstable();
        systems.dedup();
        systems.choose(rng).copied()
    } else {
        None
    };
    let system_name = system
        .and_then(|s| pools.systems.get(usize::from(s)))
        .cloned()
        .unwrap_or_else(|| "native".to_owned());
    let mut surname = b.surname.as_ref().map(|e| spell(e.form(b.female), system));
    if let Some(maiden) = &b.maiden
        && chance(rng, variant, 0.25)
    {
        surname = Some(spell(maiden.form(true), system));
    }
    let mut given = spell(b.given.form(b.female), system);
    let mut patronymic = b
        .patronymic
        .as_ref()
        .filter(|_| !chance(rng, variant, 0.35))
        .map(|e| spell(e.form(b.female), system));
    let group = pools.groups[b.group].name.as_str();
    if group == "kazakh" && system.is_none() && chance(rng, variant, 0.08) {
        surname = surname.map(|s| kazakh_surname(&s, b.female).unwrap_or(s));
    }
    // The father's name as surname (Afghan records), or none at all.
    if group == "afghan" && chance(rng, variant, 0.35) {
        surname = if rng.random_bool(0.5) {
            b.father.as_ref().map(|f| spell(f.form(false), system))
        } else {
            None
        };
    }
    if let Some(p) = patronymic.take_if(|_| chance(rng, variant, 0.04)) {
        given = format!("{given} {p}");
    }
    if chance(rng, variant, 0.06) {
        if rng.random_bool(0.5) {
            surname = surname.map(|s| typo(rng, &s));
        } else {
            given = typo(rng, &given);
        }
    }
    if surname.is_some() && chance(rng, variant, 0.08) {
        let s = surname.take().unwrap_or_default();
        surname = Some(std::mem::replace(&mut given, s));
    }
    let (y, m, d) = b.birth;
    let birth = if chance(rng, variant, 0.14) {
        format!("{y}")
    } else if d <= 12 && chance(rng, variant, 0.06) {
        format!("{y}-{d:02}-{m:02}")
    } else if chance(rng, variant, 0.05) {
        format!("{}-{m:02}-{d:02}", y + if rng.random_bool(0.5) { 1 } else { -1 })
    } else if chance(rng, variant, 0.03) {
        format!("{y}-{m:02}-{:02}", (d + rng.random_range(1..3)).min(28))
    } else {
        format!("{y}-{m:02}-{d:02}")
    };
    let place = (!rng.random_bool(0.3)).then(|| b.place.clone());
    let aliases = match (&b.maiden, variant) {
        (Some(m), true) if rng.random_bool(0.3) => vec![spell(m.form(true), system)],
        _ => Vec::new(),
    };
    let person = Person {
        id: RecordId(uuid::Uuid::from_u128(index as u128 + 1)),
        reference: Some(format!("DEV-{index:06}")),
        surname,
        given_name: Some(given),
        patronymic,
        birth_date: Some(birth),
        sex: Some(if b.female { "female" } else { "male" }.to_owned()),
        birth_place: place,
        aliases,
        ..Person::default()
    };
    (person, system_name)
}

fn cyrillic(p: &Person) -> bool {
    [&p.surname, &p.given_name]
        .into_iter()
        .flatten()
        .any(|s| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)))
}

/// Pairwise quality of a clustering against the truth.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quality {
    /// Found pairs that are true.
    pub precision: f64,
    /// True pairs found.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
    /// Recall of true pairs written in different scripts.
    pub recall_cross_script: f64,
    /// Recall of true pairs written in the same script.
    pub recall_same_script: f64,
    /// True pairs in the set.
    pub true_pairs: usize,
    /// Records in the largest cluster.
    pub largest_cluster: usize,
    /// False pairs by kind: family (siblings, twins, spouses), namesakes
    /// (the same name keys), chance.
    pub false_pairs: [usize; 3],
    /// Recall by the script of the two records: Cyrillic–Cyrillic,
    /// Cyrillic–Latin, Latin–Latin (true pairs, found).
    pub by_script: [(usize, usize); 3],
    /// Recall of pairs where a record has a single name.
    pub recall_single_name: f64,
}

/// Pairwise precision, recall and F1 of `clusters` (groups of record
/// indices) against the set's truth.
pub fn evaluate_clusters(set: &DevSet, clusters: &[Vec<usize>]) -> Quality {
    let mut cluster_of: HashMap<usize, usize> = HashMap::new();
    for (c, members) in clusters.iter().enumerate() {
        for &m in members {
            cluster_of.insert(m, c);
        }
    }
    let together = |a: usize, b: usize| cluster_of.get(&a).is_some_and(|c| cluster_of.get(&b) == Some(c));
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &p) in set.truth.iter().enumerate() {
        by_person.entry(p).or_default().push(i);
    }
    let mut q = Quality::default();
    let (mut hit, mut cross, mut cross_hit, mut same, mut same_hit, mut single, mut single_hit) =
        (0, 0, 0, 0, 0, 0, 0);
    for records in by_person.values() {
        for (i, &a) in records.iter().enumerate() {
            for &b in &records[i + 1..] {
                q.true_pairs += 1;
                let ok = together(a, b);
                hit += usize::from(ok);
                let (ca, cb) = (cyrillic(&set.people[a]), cyrillic(&set.people[b]));
                let slot = match (ca, cb) {
                    (true, true) => 0,
                    (false, false) => 2,
                    _ => 1,
                };
                q.by_script[slot].0 += 1;
                q.by_script[slot].1 += usize::from(ok);
                if ca == cb {
                    same += 1;
                    same_hit += usize::from(ok);
                } else {
                    cross += 1;
                    cross_hit += usize::from(ok);
                }
                if set.people[a].surname.is_none() || set.people[b].surname.is_none() {
                    single += 1;
                    single_hit += usize::from(ok);
                }
            }
        }
    }
    let (mut found, mut correct) = (0usize, 0usize);
    for members in clusters {
        q.largest_cluster = q.largest_cluster.max(members.len());
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                found += 1;
                if set.truth[a] == set.truth[b] {
                    correct += 1;
                } else if set.family[a] == set.family[b] {
                    q.false_pairs[0] += 1;
                } else if same_names(&set.people[a], &set.people[b]) {
                    q.false_pairs[1] += 1;
                } else {
                    q.false_pairs[2] += 1;
                }
            }
        }
    }
    let ratio = |x: usize, y: usize| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    q.precision = ratio(correct, found);
    q.recall = ratio(hit, q.true_pairs);
    q.f1 = if q.precision + q.recall == 0.0 {
        0.0
    } else {
        2.0 * q.precision * q.recall / (q.precision + q.recall)
    };
    q.recall_cross_script = ratio(cross_hit, cross);
    q.recall_same_script = ratio(same_hit, same);
    q.recall_single_name = ratio(single_hit, single);
    q
}

fn same_names(a: &Person, b: &Person) -> bool {
    let key = |p: &Person| {
        let mut k: Vec<String> = [&p.surname, &p.given_name]
            .into_iter()
            .flatten()
            .map(|n| super::normalize::name_key(n))
            .collect();
        k.sort();
        k
    };
    key(a) == key(b)
}

/// Quality of `pairs` joined by plain transitive closure (how the pairs
/// listed would look to someone who joins them).
pub fn evaluate(set: &DevSet, pairs: &[Pair]) -> Quality {
    evaluate_clusters(set, &super::closure(set.people.len(), pairs))
}

/// Every pair of records of one person (smaller index first).
pub fn true_pairs(set: &DevSet) -> HashSet<(usize, usize)> {
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &p) in set.truth.iter().enumerate() {
        by_person.entry(p).or_default().push(i);
    }
    let mut out = HashSet::new();
    for records in by_person.values() {
        for (i, &a) in records.iter().enumerate() {
            for &b in &records[i + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> Pools {
        Pools::read(std::path::Path::new(POOLS_PATH)).unwrap_or_else(|e| panic!("{POOLS_PATH}: {e}"))
    }

    #[test]
    fn the_pools_hold_every_group_and_many_systems() {
        let p = pools();
        for (g, _) in GROUP_SHARES {
            let group = p.groups.iter().find(|x| x.name == g);
            assert!(
                group.is_some_and(|x| x.surnames.len() >= 10 && x.given_f.len() >= 30),
                "{g}"
            );
        }
        assert!(p.systems.len() >= 30, "{:?}", p.systems);
    }

    #[test]
    fn the_halves_share_no_name() {
        let p = pools();
        let (a, b) = (p.half(Half::Tune), p.half(Half::Report));
        let names = |p: &Pools| -> HashSet<String> {
            p.groups
                .iter()
                .flat_map(|g| g.surnames.iter().map(|e| e.forms[0].native.clone()))
                .collect()
        };
        let (na, nb) = (names(&a), names(&b));
        assert!(na.len() > 1000 && nb.len() > 1000);
        // A name may rank in two groups; within a group the halves are apart.
        assert!(na.intersection(&nb).count() * 20 < na.len());
    }

    #[test]
    fn the_blocks_reach_nearly_every_true_pair() {
        let set = generate(&pools().half(Half::Tune), 3_000, 5);
        let prepared: Vec<super::super::Prepared> =
            set.people.iter().map(super::super::Prepared::of).collect();
        let candidates: HashSet<(usize, usize)> = super::super::candidates(&prepared).into_iter().collect();
        let truth = true_pairs(&set);
        let reached = truth.iter().filter(|p| candidates.contains(p)).count();
        assert!(truth.len() > 300);
        assert!(
            reached as f64 >= 0.97 * truth.len() as f64,
            "{reached} of {}",
            truth.len()
        );
        assert!(candidates.len() < set.people.len() * 20, "{}", candidates.len());
    }
}
