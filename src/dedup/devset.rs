//! A development set with known duplicates: people from the demo's name
//! lists, some recorded twice or three times with the variants met in the
//! field — another transliteration (ICAO, informal, Kazakh Latin 2021),
//! Kazakh letters written the Russian way, surname and given name swapped,
//! a patronymic missing or in the other form, only the birth year, day and
//! month swapped, a year off, the birth place under its old name, a typo —
//! and the quality of [`super::find_pairs`] on it.

use super::{Pair, Person, clusters};
use crate::demo::{female_surname, groups, russian_patronymic};
use crate::domain::RecordId;
use crate::domain::fold::to_latin;
use crate::store::StoreError;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

/// Records with the person each one is.
#[derive(Debug)]
pub struct DevSet {
    /// The records.
    pub people: Vec<Person>,
    /// For each record, the number of the person it is.
    pub truth: Vec<usize>,
}

/// Pairwise quality of a set of found pairs against the truth.
#[derive(Clone, Copy, Debug, PartialEq)]
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
}

const OLD_PLACES: [(&str, &str); 6] = [
    ("Алматы", "Алма-Ата"),
    ("Астана", "Целиноград"),
    ("Шымкент", "Чимкент"),
    ("Семей", "Семипалатинск"),
    ("Атырау", "Гурьев"),
    ("Тараз", "Джамбул"),
];

/// Kazakh Latin (2021) as some documents write names.
fn kazakh_latin(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let mapped = match lower {
            'ә' => "ä",
            'ғ' => "ğ",
            'қ' => "q",
            'ң' => "ñ",
            'ө' => "ö",
            'ұ' => "ū",
            'ү' => "ü",
            'ш' => "ş",
            'ж' => "j",
            'і' => "ı",
            'ч' => "ç",
            'х' => "h",
            'й' => "i",
            'ы' => "y",
            _ => "",
        };
        if mapped.is_empty() {
            out.push_str(&to_latin(&lower.to_string()));
        } else {
            out.push_str(mapped);
        }
    }
    capitalise(&out)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Latin the informal way: ay, j for ж, h for х.
fn informal_latin(text: &str) -> String {
    to_latin(text)
        .replace("ai", "ay")
        .replace("Zh", "J")
        .replace("zh", "j")
        .replace("Kh", "H")
        .replace("kh", "h")
        .replace("iu", "yu")
        .replace("ia", "ya")
}

fn russify(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            'Ә' => 'А',
            'Ғ' => 'Г',
            'Қ' => 'К',
            'Ң' => 'Н',
            'Ө' => 'О',
            'Ұ' | 'Ү' => 'У',
            'І' => 'И',
            other => other,
        })
        .collect()
}

fn typo(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() > 4 {
        let i = rng.random_range(2..chars.len() - 1);
        chars.swap(i, i - 1);
    }
    chars.into_iter().collect()
}

/// A surname made from a name: Нурлан → Нурланов, Әли → Әлиев.
fn derived_surname(root: &str) -> String {
    let trimmed = root.trim_end_matches(['а', 'я', 'й', 'ь', 'ы']);
    let ends_with_vowel = trimmed.ends_with([
        'а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ә', 'ө', 'ұ', 'ү',
    ]);
    if ends_with_vowel || root.ends_with(['й', 'ь']) {
        format!("{trimmed}ев")
    } else {
        format!("{trimmed}ов")
    }
}

/// The base facts of one person.
struct Base {
    surname: Option<String>,
    given: String,
    father: String,
    kazakh_patronymic: bool,
    female: bool,
    birth: (i32, u32, u32),
    place: String,
    latin_script: bool,
}

/// A set of about `records` records, the same for the same seed.
pub fn generate(records: usize, seed: u64) -> Result<DevSet, StoreError> {
    let groups = groups()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let weights: Vec<(usize, u32)> = groups.iter().enumerate().map(|(i, g)| (i, g.weight)).collect();
    let mut people = Vec::with_capacity(records);
    let mut truth = Vec::with_capacity(records);
    let mut n = 0;
    // Two different people with the same full name and birth year are rare
    // in a campaign; the demo's short name lists would make them common.
    let mut identities: HashSet<(Option<String>, String, String, i32)> = HashSet::new();
    while people.len() < records {
        let group = &groups[weights.choose_weighted(&mut rng, |w| w.1).map_or(0, |w| w.0)];
        let female = rng.random_bool(0.52);
        let names = if female { &group.female } else { &group.male };
        let given = names.choose(&mut rng).cloned().unwrap_or_default();
        let father = group.male.choose(&mut rng).cloned().unwrap_or_default();
        // The demo's lists are short; a campaign meets far more surnames.
        // Most Central Asian and Russian surnames are a name with -ов/-ев
        // (Нурланов, Ахмедов, Иванов): any male name of the group's script
        // makes one, as often as the listed surnames.
        let mut surname = if group.gendered_surname && rng.random_bool(0.6) {
            let roots: Vec<&String> = groups
                .iter()
                .filter(|g| g.script == group.script && g.gendered_surname)
                .flat_map(|g| g.male.iter())
                .collect();
            roots.choose(&mut rng).map(|root| derived_surname(root))
        } else {
            group.surnames.choose(&mut rng).cloned()
        };
        if female && group.gendered_surname {
            surname = surname.map(|s| female_surname(&s));
        }
        if rng.random_bool(group.single_name_share.clamp(0.0, 1.0)) {
            surname = None;
        }
        let place = [
            "Алматы",
            "Астана",
            "Шымкент",
            "Семей",
            "Атырау",
            "Тараз",
            "Костанай",
            "Актобе",
        ]
        .choose(&mut rng)
        .map_or(String::new(), |p| (*p).to_owned());
        let base = Base {
            surname,
            given,
            father,
            kazakh_patronymic: group.patronymic == "kazakh",
            female,
            birth: (
                rng.random_range(1935..2024),
                rng.random_range(1..=12),
                rng.random_range(1..=28),
            ),
            place,
            latin_script: group.script != "cyrillic",
        };
        let identity = (
            base.surname.as_deref().map(super::normalize::name_key),
            super::normalize::name_key(&base.given),
            super::normalize::name_key(&base.father),
            base.birth.0,
        );
        if !identities.insert(identity) {
            continue;
        }
        let copies = match rng.random_range(0..100) {
            0..75 => 1,
            75..95 => 2,
            _ => 3,
        };
        for copy in 0..copies {
            people.push(record(&mut rng, &base, copy > 0, people.len()));
            truth.push(n);
        }
        n += 1;
    }
    people.truncate(records);
    truth.truncate(records);
    Ok(DevSet { people, truth })
}

/// Whether a variant record carries a mistake of probability `p`.
fn chance(rng: &mut ChaCha8Rng, variant: bool, p: f64) -> bool {
    variant && rng.random_bool(p)
}

/// One record of a person; `variant` records carry the field's mistakes.
fn record(rng: &mut ChaCha8Rng, b: &Base, variant: bool, index: usize) -> Person {
    let patronymic = if b.latin_script {
        None
    } else if b.kazakh_patronymic != chance(rng, variant, 0.15) {
        Some(format!("{}{}", b.father, if b.female { "қызы" } else { "ұлы" }))
    } else {
        Some(russian_patronymic(&b.father, b.female))
    };
    let mut surname = b.surname.clone();
    let mut given = b.given.clone();
    let mut patronymic = patronymic.filter(|_| !chance(rng, variant, 0.3));
    if !b.latin_script && chance(rng, variant, 0.3) {
        surname = surname.map(|s| russify(&s));
        given = russify(&given);
        patronymic = patronymic.map(|p| russify(&p));
    }
    if !b.latin_script && chance(rng, variant, 0.05) {
        surname = surname.map(|s| s.replace("уй", "ю").replace("Дуй", "Дю"));
    }
    // Another script: the transliteration a passport or a list used.
    if !b.latin_script && chance(rng, variant, 0.45) {
        let scheme: fn(&str) -> String = match rng.random_range(0..3) {
            0 => to_latin,
            1 => informal_latin,
            _ => kazakh_latin,
        };
        surname = surname.map(|s| scheme(&s));
        given = scheme(&given);
        patronymic = patronymic.map(|p| scheme(&p));
    }
    if chance(rng, variant, 0.05) {
        surname = surname.map(|s| typo(rng, &s));
    }
    if surname.is_some() && chance(rng, variant, 0.1) {
        let s = surname.take().unwrap_or_default();
        surname = Some(std::mem::replace(&mut given, s));
    }
    let (y, m, d) = b.birth;
    let birth = if chance(rng, variant, 0.15) {
        format!("{y}")
    } else if d <= 12 && chance(rng, variant, 0.1) {
        format!("{y}-{d:02}-{m:02}")
    } else if chance(rng, variant, 0.08) {
        format!("{}-{m:02}-{d:02}", y + if rng.random_bool(0.5) { 1 } else { -1 })
    } else {
        format!("{y}-{m:02}-{d:02}")
    };
    let mut place = Some(b.place.clone());
    if chance(rng, variant, 0.3) {
        place = OLD_PLACES
            .iter()
            .find(|(now, _)| *now == b.place)
            .map(|(_, old)| (*old).to_owned())
            .or(place);
    }
    if chance(rng, variant, 0.2) {
        place = None;
    }
    Person {
        id: RecordId(uuid::Uuid::from_u128(index as u128 + 1)),
        reference: Some(format!("DEV-{index:06}")),
        surname,
        given_name: Some(given),
        patronymic,
        birth_date: Some(birth),
        sex: (!chance(rng, variant, 0.1)).then(|| if b.female { "female" } else { "male" }.to_owned()),
        birth_place: place,
        ..Person::default()
    }
}

fn cyrillic(p: &Person) -> bool {
    [&p.surname, &p.given_name]
        .into_iter()
        .flatten()
        .any(|s| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)))
}

/// Pairwise precision, recall and F1 of `pairs` (joined into clusters)
/// against the set's truth.
pub fn evaluate(set: &DevSet, pairs: &[Pair]) -> Quality {
    let found: HashSet<(usize, usize)> = clusters(set.people.len(), pairs)
        .iter()
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .flat_map(|(i, &a)| g[i + 1..].iter().map(move |&b| (a, b)))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut by_person: std::collections::HashMap<usize, Vec<usize>> = std::collections::HashMap::new();
    for (i, &p) in set.truth.iter().enumerate() {
        by_person.entry(p).or_default().push(i);
    }
    let (mut true_pairs, mut hit) = (0usize, 0usize);
    let (mut cross, mut cross_hit, mut same, mut same_hit) = (0usize, 0usize, 0usize, 0usize);
    for records in by_person.values() {
        for (i, &a) in records.iter().enumerate() {
            for &b in &records[i + 1..] {
                true_pairs += 1;
                let ok = found.contains(&(a.min(b), a.max(b)));
                hit += usize::from(ok);
                if cyrillic(&set.people[a]) == cyrillic(&set.people[b]) {
                    same += 1;
                    same_hit += usize::from(ok);
                } else {
                    cross += 1;
                    cross_hit += usize::from(ok);
                }
            }
        }
    }
    let correct = found
        .iter()
        .filter(|(a, b)| set.truth[*a] == set.truth[*b])
        .count();
    let ratio = |x: usize, y: usize| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    let precision = ratio(correct, found.len());
    let recall = ratio(hit, true_pairs);
    Quality {
        precision,
        recall,
        f1: if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        },
        recall_cross_script: ratio(cross_hit, cross),
        recall_same_script: ratio(same_hit, same),
        true_pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocks_reach_nearly_every_true_pair() {
        let set = generate(3_000, 5).unwrap_or_else(|e| panic!("{e}"));
        let prepared: Vec<super::super::Prepared> =
            set.people.iter().map(super::super::Prepared::of).collect();
        let candidates: HashSet<(usize, usize)> = super::super::candidates(&prepared).into_iter().collect();
        let (mut true_pairs, mut reached) = (0, 0);
        for a in 0..set.people.len() {
            for b in a + 1..(a + 4).min(set.people.len()) {
                if set.truth[a] == set.truth[b] {
                    true_pairs += 1;
                    reached += usize::from(candidates.contains(&(a, b)));
                }
            }
        }
        assert!(true_pairs > 300);
        assert!(
            reached as f64 >= 0.99 * true_pairs as f64,
            "{reached} of {true_pairs}"
        );
        // Far fewer comparisons than all against all.
        assert!(candidates.len() < set.people.len() * 20, "{}", candidates.len());
    }

    #[test]
    fn duplicates_are_found_across_scripts_on_the_dev_set() {
        let set = generate(3_000, 11).unwrap_or_else(|e| panic!("{e}"));
        let pairs = super::super::find_pairs(&set.people, super::super::DEFAULT_MIN_SCORE);
        let q = evaluate(&set, &pairs);
        eprintln!("{q:?}");
        assert!(q.true_pairs > 300, "{q:?}");
        assert!(q.f1 >= 0.9, "{q:?}");
        assert!(q.recall_cross_script >= 0.85, "{q:?}");
    }
}
