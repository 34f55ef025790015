//! Synthetic people for training workshops and benchmarks (`intake demo`):
//! plausible names of the communities met in Kazakhstan's campaigns, in
//! Cyrillic (some with Latin forms) or Latin, with dates, oblasts,
//! documents, case statuses and, past `identified`, the interview and case
//! file ([`case`]). The same seed gives the same people.

mod case;

use crate::domain::fold::to_latin;
use crate::domain::{FieldPath, RecordId, Status};
use crate::form::Regions;
use crate::store::{Store, StoreError, Writer};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::OnceLock;

const NAMES: &str = include_str!("../../assets/demo/names.toml");
/// People written per transaction: big enough to amortise the commit,
/// small enough to keep the write-ahead log and the cache modest.
const BATCH: u64 = 5_000;

#[derive(Deserialize)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) weight: u32,
    pub(crate) script: String,
    pub(crate) patronymic: String,
    pub(crate) gendered_surname: bool,
    #[serde(default)]
    pub(crate) single_name_share: f64,
    pub(crate) surnames: Vec<String>,
    pub(crate) male: Vec<String>,
    pub(crate) female: Vec<String>,
}

#[derive(Deserialize)]
struct NamesFile {
    group: Vec<Group>,
}

pub(crate) fn groups() -> Result<&'static [Group], StoreError> {
    static GROUPS: OnceLock<Vec<Group>> = OnceLock::new();
    if let Some(g) = GROUPS.get() {
        return Ok(g);
    }
    let parsed =
        toml::from_str::<NamesFile>(NAMES).map_err(|e| StoreError::Corrupt(format!("demo names: {e}")))?;
    Ok(GROUPS.get_or_init(|| parsed.group))
}

/// What `fill` wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// People (records) added.
    pub people: u64,
    /// Ops written.
    pub ops: u64,
}

/// Adds `count` synthetic people as the local worker, in batches, calling
/// `progress` with the number done after each batch.
pub fn fill(
    store: &mut Store,
    count: u64,
    seed: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<DemoSummary, StoreError> {
    let groups = groups()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut summary = DemoSummary::default();
    while summary.people < count {
        let n = BATCH.min(count - summary.people);
        let mut writer = store.writer()?;
        for i in 0..n {
            person(&mut writer, &mut rng, groups, seed, summary.people + i + 1)?;
        }
        summary.ops += writer.ops_written();
        writer.commit()?;
        summary.people += n;
        progress(summary.people);
    }
    Ok(summary)
}

pub(crate) fn female_surname(male: &str) -> String {
    for (from, to) in [("ский", "ская"), ("цкий", "цкая")] {
        if let Some(stem) = male.strip_suffix(from) {
            return format!("{stem}{to}");
        }
    }
    if ["ов", "ев", "ёв", "ин", "ын"].iter().any(|s| male.ends_with(s)) {
        format!("{male}а")
    } else {
        male.to_owned()
    }
}

pub(crate) fn russian_patronymic(father: &str, female: bool) -> String {
    let (stem, male_end, female_end) = if let Some(s) = father.strip_suffix("ий") {
        (s, "ьевич", "ьевна")
    } else if let Some(s) = father.strip_suffix('й').or_else(|| father.strip_suffix('ь')) {
        (s, "евич", "евна")
    } else {
        (father, "ович", "овна")
    };
    format!("{stem}{}", if female { female_end } else { male_end })
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &'a [String]) -> &'a str {
    list.choose(rng).map_or("", String::as_str)
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (item, w) in items {
        if roll < *w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1].0
}

fn set(w: &mut Writer<'_>, id: RecordId, field: &str, value: Value) -> Result<(), StoreError> {
    let path = FieldPath::parse(field).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    w.set(id, &path, value).map(drop)
}

fn person(
    w: &mut Writer<'_>,
    rng: &mut ChaCha8Rng,
    groups: &[Group],
    seed: u64,
    n: u64,
) -> Result<(), StoreError> {
    let weights: Vec<(&Group, u32)> = groups.iter().map(|g| (g, g.weight)).collect();
    let group = *weighted(rng, &weights);
    let female = rng.random_bool(0.52);
    let given = pick(rng, if female { &group.female } else { &group.male }).to_owned();
    let father = pick(rng, &group.male).to_owned();
    let mut surname = pick(rng, &group.surnames).to_owned();
    if female && group.gendered_surname {
        surname = female_surname(&surname);
    }
    let single_name = rng.random_bool(group.single_name_share.clamp(0.0, 1.0));
    let patronymic = match group.patronymic.as_str() {
        "kazakh" if rng.random_bool(0.5) => Some(format!("{father}{}", if female { "қызы" } else { "ұлы" })),
        "kyrgyz" if rng.random_bool(0.5) => {
            Some(format!("{father} {}", if female { "кызы" } else { "уулу" }))
        }
        "none" => None,
        _ => Some(russian_patronymic(&father, female)),
    };

    let id = w.create_record()?;
    set(w, id, "reference", json!(format!("DEMO-{seed}-{n:06}")))?;
    if !single_name {
        set(w, id, "surname", json!(surname))?;
    }
    set(w, id, "given_name", json!(given))?;
    if let Some(p) = &patronymic {
        set(w, id, "patronymic", json!(p))?;
    }
    if group.script == "cyrillic" && rng.random_bool(0.4) {
        set(w, id, "surname_latin", json!(to_latin(&surname)))?;
        set(w, id, "given_name_latin", json!(to_latin(&given)))?;
    }
    set(w, id, "sex", json!(if female { "female" } else { "male" }))?;

    // Ages: children without birth registration, adults, old USSR-passport holders.
    let ages = [(0..18, 25), (18..60, 55), (60..95, 20)];
    let band = weighted(rng, &ages).clone();
    let age = rng.random_range(band);
    let year = 2026 - age;
    // Nobody is born after the demo's reference day, 1 November 2026.
    let last_month = if year >= 2026 { 10 } else { 12 };
    let (month, day) = (rng.random_range(1..=last_month), rng.random_range(1..=28u32));
    let birth = match rng.random_range(0..10) {
        0 => format!("{year}"),
        1 => format!("{year}-{month:02}"),
        _ => format!("{year}-{month:02}-{day:02}"),
    };
    set(w, id, "birth_date", json!(birth))?;

    let regions = Regions::builtin().all();
    let oblast = regions.choose(rng).map(|r| r.code.clone());
    if let Some(code) = &oblast {
        set(w, id, "oblast", json!(code))?;
    }
    let birth_place = match group.name.as_str() {
        "afghan" => format!(
            "Afghanistan, {}",
            ["Kabul", "Kunduz", "Mazar-i-Sharif", "Herat"]
                .choose(rng)
                .unwrap_or(&"")
        ),
        "uzbek" if year < 1992 => "Узбекская ССР".to_owned(),
        "tajik" if year < 1992 => "Таджикская ССР".to_owned(),
        "kyrgyz" if year < 1992 => "Киргизская ССР".to_owned(),
        "russian" | "german" | "tatar" if year < 1992 && rng.random_bool(0.4) => "РСФСР".to_owned(),
        _ if year < 1992 => "Казахская ССР".to_owned(),
        _ => regions.choose(rng).map_or_else(String::new, |r| r.ru.clone()),
    };
    set(w, id, "birth_place", json!(birth_place))?;

    let (category, profile) = if group.name == "afghan" {
        (
            *["asylum_seeker", "refugee"]
                .choose(rng)
                .unwrap_or(&"asylum_seeker"),
            "refugee",
        )
    } else if age < 18 && rng.random_bool(0.6) {
        ("undetermined", "child_unregistered")
    } else if year < 1992 && rng.random_bool(0.6) {
        (
            *["undetermined", "stateless"]
                .choose(rng)
                .unwrap_or(&"undetermined"),
            "ussr_passport",
        )
    } else {
        (
            *["undetermined", "stateless"]
                .choose(rng)
                .unwrap_or(&"undetermined"),
            *["never_documented", "foreign_unconfirmed"]
                .choose(rng)
                .unwrap_or(&"never_documented"),
        )
    };
    set(w, id, "category", json!(category))?;
    set(w, id, "profile", json!(profile))?;

    let document = match profile {
        "ussr_passport" => Some((
            "ussr_passport_1974",
            format!(
                "{}-{} {:06}",
                ["I", "II", "III", "IV", "V"].choose(rng).unwrap_or(&"I"),
                ["ЖЕ", "КЗ", "СМ", "ОЛ"].choose(rng).unwrap_or(&"ЖЕ"),
                rng.random_range(0..1_000_000)
            ),
        )),
        "refugee" => Some((
            "foreign_passport",
            format!("P{:08}", rng.random_range(0..100_000_000)),
        )),
        "foreign_unconfirmed" => Some((
            "birth_certificate_ussr",
            format!(
                "I-{} {:06}",
                ["УЗ", "КР", "ТД"].choose(rng).unwrap_or(&"УЗ"),
                rng.random_range(0..1_000_000)
            ),
        )),
        _ => None,
    };
    if let Some((kind, number)) = document {
        let status = *["original_seen", "copy", "expired", "lost"]
            .choose(rng)
            .unwrap_or(&"original_seen");
        let mut entry = vec![
            ("doc_type", json!(kind)),
            ("number", json!(number)),
            ("doc_status", json!(status)),
        ];
        if kind == "foreign_passport" {
            entry.push(("doc_country", json!("AF")));
        }
        w.add_entry(id, "documents", &entry)?;
    }

    let statuses = [
        (Status::Identified, 25),
        (Status::IntakeDone, 20),
        (Status::Assessed, 12),
        (Status::GatheringDocuments, 12),
        (Status::Filed, 8),
        (Status::AwaitingForeignReply, 6),
        (Status::Decision, 5),
        (Status::Appeal, 2),
        (Status::Documented, 5),
        (Status::FollowUp, 3),
        (Status::Closed, 2),
    ];
    let status = *weighted(rng, &statuses);
    set(w, id, "status", json!(status.as_str()))?;
    set(w, id, "source", json!("demo"))?;
    if status != Status::Identified {
        let mother_surname = if single_name || !group.gendered_surname {
            String::new()
        } else {
            female_surname(&surname)
        };
        let mother = format!("{} {mother_surname}", pick(rng, &group.female))
            .trim()
            .to_owned();
        let person = case::Person {
            id,
            group: &group.name,
            age,
            birth_year: year,
            oblast: oblast.as_deref(),
            status,
            mother: &mother,
        };
        case::write(w, rng, &person)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn female_forms_and_patronymics_follow_the_usual_rules() {
        assert_eq!(female_surname("Иванов"), "Иванова");
        assert_eq!(female_surname("Ковалевский"), "Ковалевская");
        assert_eq!(female_surname("Ким"), "Ким");
        assert_eq!(russian_patronymic("Сергей", false), "Сергеевич");
        assert_eq!(russian_patronymic("Юрий", true), "Юрьевна");
        assert_eq!(russian_patronymic("Игорь", false), "Игоревич");
        assert_eq!(russian_patronymic("Рустам", true), "Рустамовна");
    }

    #[test]
    fn the_same_seed_gives_the_same_people() {
        let names = |seed| {
            let mut store = Store::open_in_memory().unwrap();
            crate::testing::with_profile(&mut store, "demo-tester");
            fill(&mut store, 30, seed, &mut |_| {}).unwrap();
            let mut rows: Vec<String> = store
                .records(&Default::default())
                .unwrap()
                .iter()
                .map(|r| format!("{:?} {} {:?}", r.reference, r.full_name(), r.birth_date))
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(names(7), names(7));
        assert_ne!(names(7), names(8));
    }
}
