//! Every Latin spelling of a Cyrillic name, in every transliteration
//! system of the development pools (made outside this project: iuliia's 28
//! Russian schemas, the Kazakh Latin alphabets, cyrtranslit, Unidecode —
//! see `scripts/devset/make_pools.py`), is accepted as a name and finds the
//! Cyrillic record through the search (`records --search`): names of every
//! group, every system.

use intake::dedup::devset::{POOLS_PATH, Pools};
use intake::domain::FieldPath;
use intake::store::{RecordQuery, Store};
use intake::testing::with_profile;
use secrecy::SecretString;
use std::collections::BTreeMap;

/// Systems of another language's practice, not a way to write Russian or
/// Kazakh names in Kazakhstan: French (MVD 310 fr), and Ukraine's own
/// romanisation (г as h: Oleh) for Ukrainian names.
const OTHER_PRACTICE: [&str; 2] = ["mvd_310_fr", "ua_cyrtranslit"];

#[test]
fn every_spelling_of_every_system_is_a_name_and_finds_the_record() {
    let pools = Pools::read(std::path::Path::new(POOLS_PATH)).expect("pools");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::create(
        &dir.path().join("intake.db"),
        &SecretString::from("spellings test".to_owned()),
    )
    .expect("store");
    with_profile(&mut store, "test");
    // A handful of names of each kind of each Cyrillic group, with their spellings.
    let mut cases: Vec<(String, String, String, String)> = Vec::new(); // group, native, system, spelling
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    for g in &pools.groups {
        for entries in [&g.surnames, &g.given_m, &g.given_f, &g.patronymics] {
            for e in entries.iter().take(12) {
                for form in &e.forms {
                    if !cyrillic(&form.native) {
                        continue;
                    }
                    for (spelling, systems) in &form.spellings {
                        // A Russian schema leaves Ukrainian letters as they
                        // are: not a Latin spelling.
                        if cyrillic(spelling) {
                            continue;
                        }
                        for s in systems {
                            let system = pools.systems[usize::from(*s)].clone();
                            // Uzbek Latin writes ц as s: for Uzbek names (they have none).
                            let uzbek_only = system == "uz" && g.name != "uzbek";
                            if !OTHER_PRACTICE.contains(&system.as_str()) && !uzbek_only {
                                cases.push((g.name.clone(), form.native.clone(), system, spelling.clone()));
                            }
                        }
                    }
                }
            }
        }
    }
    let natives: std::collections::BTreeSet<&String> = cases.iter().map(|c| &c.1).collect();
    let mut ids = BTreeMap::new();
    let mut w = store.writer().expect("writer");
    for native in &natives {
        let id = w.create_record().expect("record");
        w.set(
            id,
            &FieldPath::parse("surname").expect("path"),
            serde_json::json!(native),
        )
        .expect("set");
        ids.insert((*native).clone(), id);
    }
    w.commit().expect("commit");
    let (mut refused, mut missed) = (Vec::new(), Vec::new());
    let mut by_system: BTreeMap<&str, usize> = BTreeMap::new();
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    for (group, native, system, spelling) in &cases {
        *by_system.entry(system).or_default() += 1;
        *groups.entry(group).or_default() += 1;
        if intake::form::values::check_name(spelling).is_err() {
            refused.push(format!("{system}: {spelling} ({native})"));
        }
        let found = store
            .records(&RecordQuery {
                search: Some(spelling.clone()),
                limit: Some(500),
                ..RecordQuery::default()
            })
            .expect("search");
        if !found.iter().any(|r| Some(&r.id) == ids.get(native)) {
            missed.push(format!("{group} {system}: {spelling} ({native})"));
        }
    }
    assert!(by_system.len() >= 30, "{by_system:?}");
    assert!(groups.len() >= 5, "{groups:?}");
    assert!(refused.is_empty(), "{} refused: {refused:#?}", refused.len());
    assert!(
        missed.is_empty(),
        "{} of {} missed: {missed:#?}",
        missed.len(),
        cases.len()
    );
}
