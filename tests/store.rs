//! The encrypted store: opening, passphrases, encryption at rest, migrations,
//! heads and conflicts through the store, and cross-script search.

use intake::domain::{FieldPath, RecordId};
use intake::store::{ListOrder, RecordQuery, Store, StoreError};
use intake::testing::with_profile;
use secrecy::SecretString;
use serde_json::{Value, json};
use tempfile::TempDir;

fn pass(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

fn field(name: &str) -> FieldPath {
    FieldPath::parse(name).unwrap()
}

fn add_person(store: &mut Store, surname: &str, given: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    w.set(id, &field("surname"), json!(surname)).unwrap();
    w.set(id, &field("given_name"), json!(given)).unwrap();
    w.commit().unwrap();
    id
}

#[test]
fn a_store_reopens_with_its_records() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let id = {
        let mut store = Store::create(&path, &pass("open sesame")).unwrap();
        with_profile(&mut store, "nurlan");
        add_person(&mut store, "Дуйсенова", "Айгуль")
    };
    let store = Store::open(&path, &pass("open sesame")).unwrap();
    let state = store.record(id).unwrap().unwrap();
    assert_eq!(state.text("surname"), Some("Дуйсенова"));
    assert_eq!(store.profile().unwrap().worker, "nurlan");
}

#[test]
fn a_wrong_passphrase_is_refused_with_the_path() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &pass("right one")).unwrap();
    with_profile(&mut store, "w");
    drop(store);
    let err = Store::open(&path, &pass("wrong one")).err().unwrap();
    assert!(matches!(err, StoreError::WrongPassphrase(_)));
    assert_eq!(
        err.to_string(),
        format!("wrong passphrase for {}", path.display())
    );
}

#[test]
fn create_never_overwrites_and_open_never_creates() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    assert!(matches!(
        Store::open(&path, &pass("x")),
        Err(StoreError::Missing(_))
    ));
    assert!(!path.exists());
    drop(Store::create(&path, &pass("x")).unwrap());
    assert!(matches!(
        Store::create(&path, &pass("x")),
        Err(StoreError::Exists(_))
    ));
}

fn read_all(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            bytes.extend(std::fs::read(p).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_record_text_nor_sqlite_header_reaches_the_disk() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &pass("a long passphrase")).unwrap();
    with_profile(&mut store, "Гульнара");
    for _ in 0..50 {
        add_person(&mut store, "Дуйсенова", "Zarghuna");
    }
    // While open (pages in the write-ahead log) and after closing.
    for open in [true, false] {
        if !open {
            drop(std::mem::replace(&mut store, Store::open_in_memory().unwrap()));
        }
        let bytes = read_all(dir.path());
        assert!(bytes.len() > 4096);
        for needle in [
            "Дуйсенова",
            "Zarghuna",
            "duisenova",
            "Гульнара",
            "SQLite format 3",
            "surname",
        ] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle:?} readable on disk (open: {open})"
            );
        }
    }
}

#[test]
fn migrations_run_on_an_empty_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path, &pass("fresh")).unwrap();
    assert_eq!(store.schema_version().unwrap(), 16);
    assert!(matches!(store.profile(), Err(StoreError::NoProfile)));
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    assert!(matches!(
        Store::open(&path, &pass("x")),
        Err(StoreError::WrongPassphrase(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), vec![0x5a; 8192], "file untouched");
}

/// Two laptops that share a record.
fn two_laptops() -> (Store, Store, RecordId) {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    with_profile(&mut a, "alice");
    with_profile(&mut b, "bolat");
    let id = add_person(&mut a, "Ертаев", "Ерлан");
    b.apply(&a.ops().unwrap()).unwrap();
    (a, b, id)
}

fn edit(store: &mut Store, id: RecordId, name: &str, value: Value) {
    let mut w = store.writer().unwrap();
    w.set(id, &field(name), value).unwrap();
    w.commit().unwrap();
}

fn exchange(a: &mut Store, b: &mut Store) {
    let (ops_a, ops_b) = (a.ops().unwrap(), b.ops().unwrap());
    a.apply(&ops_b).unwrap();
    b.apply(&ops_a).unwrap();
}

#[test]
fn sequential_edits_give_one_head() {
    let (mut a, mut b, id) = two_laptops();
    edit(&mut b, id, "surname", json!("Yertayev"));
    a.apply(&b.ops().unwrap()).unwrap();
    edit(&mut a, id, "surname", json!("Ertayev"));
    b.apply(&a.ops().unwrap()).unwrap();
    for store in [&a, &b] {
        let state = store.record(id).unwrap().unwrap();
        assert_eq!(state.heads("surname").unwrap().heads.len(), 1);
        assert_eq!(state.text("surname"), Some("Ertayev"));
        assert_eq!(state.conflicts().count(), 0);
    }
}

#[test]
fn concurrent_different_edits_conflict_and_keep_both_values() {
    let (mut a, mut b, id) = two_laptops();
    edit(&mut a, id, "surname", json!("Ертаева"));
    edit(&mut b, id, "surname", json!("Yertayeva"));
    exchange(&mut a, &mut b);
    assert_eq!(a.canonical_dump().unwrap(), b.canonical_dump().unwrap());
    let state = a.record(id).unwrap().unwrap();
    let heads = state.heads("surname").unwrap();
    assert!(heads.is_conflict());
    let values: Vec<&Value> = heads.candidates().iter().map(|h| &h.value).collect();
    assert!(values.contains(&&json!("Ертаева")) && values.contains(&&json!("Yertayeva")));
    assert_eq!(a.records(&RecordQuery::default()).unwrap()[0].conflicts, 1);

    // Resolving is a new op naming both heads; it travels like any other.
    edit(&mut a, id, "surname", json!("Ертаева"));
    b.apply(&a.ops().unwrap()).unwrap();
    let resolved = b.record(id).unwrap().unwrap();
    assert_eq!(resolved.heads("surname").unwrap().heads.len(), 1);
    assert_eq!(resolved.text("surname"), Some("Ертаева"));
}

#[test]
fn concurrent_edits_with_the_same_value_do_not_conflict() {
    let (mut a, mut b, id) = two_laptops();
    edit(&mut a, id, "sex", json!("male"));
    edit(&mut b, id, "sex", json!("male"));
    exchange(&mut a, &mut b);
    let state = a.record(id).unwrap().unwrap();
    assert_eq!(state.heads("sex").unwrap().heads.len(), 2);
    assert_eq!(state.conflicts().count(), 0);
    assert_eq!(state.text("sex"), Some("male"));
}

#[test]
fn applying_the_same_ops_twice_changes_nothing() {
    let (a, mut b, _) = two_laptops();
    let before = b.canonical_dump().unwrap();
    let summary = b.apply(&a.ops().unwrap()).unwrap();
    assert_eq!(summary.new_ops, 0);
    assert!(summary.known_ops > 0);
    assert_eq!(b.canonical_dump().unwrap(), before);
}

#[test]
fn the_same_dot_with_other_content_is_refused_and_nothing_changes() {
    let (a, mut b, _) = two_laptops();
    let mut forged = a.ops().unwrap();
    forged[0].value = json!("Forged");
    let before = b.canonical_dump().unwrap();
    assert!(matches!(b.apply(&forged), Err(StoreError::Equivocation(_))));
    assert_eq!(b.canonical_dump().unwrap(), before);
}

#[test]
fn repeat_entries_are_added_and_removed() {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "w");
    let id = add_person(&mut store, "Ким", "Виктор");
    let mut w = store.writer().unwrap();
    let passport = w
        .add_entry(
            id,
            "documents",
            &[
                ("type", json!("ussr_passport_1974")),
                ("number", json!("IV-ЖЕ 123456")),
            ],
        )
        .unwrap();
    let card = w
        .add_entry(id, "documents", &[("type", json!("kz_id_card"))])
        .unwrap();
    w.remove_entry(id, "documents", card).unwrap();
    w.commit().unwrap();
    let state = store.record(id).unwrap().unwrap();
    let entries = state.entries("documents");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, passport.to_string());
    assert_eq!(entries[0].values["number"], &json!("IV-ЖЕ 123456"));
}

#[test]
fn search_finds_a_name_whichever_script_it_was_written_in() {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "w");
    let cyr = add_person(&mut store, "Дуйсенова", "Айгуль");
    let icao = add_person(&mut store, "Duisenova", "Aigul");
    let informal = add_person(&mut store, "Duysenova", "Aygul");
    add_person(&mut store, "Иванова", "Мария");
    for query in [
        "Дуйсенова",
        "duisenova",
        "DUYSENOVA",
        "дуйсен",
        "Duysenova Aigul",
        "айгуль дуйсенова",
    ] {
        let mut ids: Vec<RecordId> = store
            .records(&RecordQuery {
                search: Some(query.into()),
                limit: None,
                offset: None,
                ..RecordQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        ids.sort();
        let mut want = vec![cyr, icao, informal];
        want.sort();
        assert_eq!(ids, want, "query {query:?}");
    }
    // Short words filter too.
    let hits = store
        .records(&RecordQuery {
            search: Some("ив".into()),
            limit: None,
            offset: None,
            ..RecordQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].surname.as_deref(), Some("Иванова"));
}

#[test]
fn an_edited_name_is_found_by_its_new_spelling_only() {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "w");
    let id = add_person(&mut store, "Петров", "Иван");
    edit(&mut store, id, "surname", json!("Сидоров"));
    let find = |q: &str| {
        store
            .records(&RecordQuery {
                search: Some(q.into()),
                limit: None,
                offset: None,
                ..RecordQuery::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(find("Sidorov"), 1);
    assert_eq!(find("Petrov"), 0);
}

#[test]
fn a_refused_batch_from_a_new_device_leaves_no_trace_of_it() {
    // Device numbers handed out inside a rolled-back transaction are free
    // again; ops of another device must never be filed under them.
    let mut first = Store::open_in_memory().unwrap();
    let mut second = Store::open_in_memory().unwrap();
    let mut target = Store::open_in_memory().unwrap();
    with_profile(&mut first, "first");
    with_profile(&mut second, "second");
    add_person(&mut first, "Ким", "Виктор");
    add_person(&mut second, "Ли", "Анна");
    let good_first = first.ops().unwrap();
    let mut forged = good_first.clone();
    let mut twin = forged[0].clone();
    twin.value = json!("Forged");
    forged.push(twin);
    assert!(matches!(target.apply(&forged), Err(StoreError::Equivocation(_))));
    target.apply(&second.ops().unwrap()).unwrap();
    target.apply(&good_first).unwrap();
    let mut want = first.ops().unwrap();
    want.extend(second.ops().unwrap());
    want.sort_by_key(|o| (o.dot.device.to_string(), o.dot.seq));
    assert_eq!(target.ops().unwrap(), want);
}

#[test]
fn the_list_is_read_a_window_at_a_time_with_its_count() {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "w");
    for i in 0..25 {
        add_person(&mut store, &format!("Иванов{i:02}"), "Иван");
    }
    let first = add_person(&mut store, "Дуйсенова", "Айгуль");
    edit(&mut store, first, "next_action_date", json!("2026-12-01"));
    let all = RecordQuery::default();
    assert_eq!(store.count_records(&all, None).unwrap(), 26);
    assert_eq!(store.count_records(&all, Some(5)).unwrap(), 5);
    let window = store
        .records(&RecordQuery {
            search: None,
            limit: Some(10),
            offset: Some(20),
            ..RecordQuery::default()
        })
        .unwrap();
    assert_eq!(window.len(), 6);
    let newest = store
        .records(&RecordQuery {
            search: None,
            limit: Some(1),
            offset: None,
            ..RecordQuery::default()
        })
        .unwrap();
    assert_eq!(newest[0].next_action.as_deref(), Some("2026-12-01"));
    let search = RecordQuery {
        search: Some("ivanov0".into()),
        limit: Some(3),
        offset: Some(0),
        ..RecordQuery::default()
    };
    assert_eq!(store.count_records(&search, None).unwrap(), 10);
    assert_eq!(store.records(&search).unwrap().len(), 3);
}

#[test]
fn a_search_is_driven_by_the_text_index_not_by_the_records() {
    let store = Store::open_in_memory().unwrap();
    let search = RecordQuery {
        search: Some("x".into()),
        limit: Some(20),
        ..RecordQuery::default()
    };
    let plan = store.list_plan(&search).unwrap();
    assert!(
        plan.first()
            .is_some_and(|step| step.starts_with("SCAN f VIRTUAL TABLE")),
        "{plan:?}"
    );
}

#[test]
fn every_filter_and_order_of_the_list_is_read_off_an_index() {
    // A window of 100,000 records must not read them all: no full scan of
    // the records table and no sorting of every row.
    let store = Store::open_in_memory().unwrap();
    let day = Some("2026-11-22".to_owned());
    let worker = Some("Нурлан".to_owned());
    let status = Some("assessed".to_owned());
    for order in ListOrder::ALL {
        for (status, due_before, recorded_by) in [
            (None, None, None),
            (status.clone(), None, None),
            (None, day.clone(), None),
            (None, None, worker.clone()),
        ] {
            let query = RecordQuery {
                limit: Some(20),
                status,
                due_before,
                recorded_by,
                order,
                ..RecordQuery::default()
            };
            let plan = store.list_plan(&query).unwrap().join(" / ");
            assert!(plan.contains(" INDEX records_"), "{query:?}: {plan}");
            assert!(
                !plan.split(" / ").any(|step| step == "SCAN r"),
                "{query:?}: {plan}"
            );
            if query.status.is_none() && query.due_before.is_none() && query.recorded_by.is_none() {
                assert!(!plan.contains("TEMP B-TREE"), "{query:?} sorts every row: {plan}");
            }
        }
    }
}

#[test]
fn drafts_survive_reopening_and_go_once_committed() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let id;
    {
        let mut store = Store::create(&path, &pass("drafts!!")).unwrap();
        with_profile(&mut store, "w");
        id = add_person(&mut store, "Ли", "Анна");
        store.save_draft(id, "surname", "Дуйс").unwrap();
        store.save_draft(id, "surname", "Дуйсен").unwrap();
        // Dropped without committing, as if the process were killed.
    }
    let store = Store::open(&path, &pass("drafts!!")).unwrap();
    let draft = store.latest_draft().unwrap().unwrap();
    assert_eq!(
        (draft.record, draft.field.as_str(), draft.text.as_str()),
        (id, "surname", "Дуйсен")
    );
    store.clear_draft(id, "surname").unwrap();
    assert_eq!(store.latest_draft().unwrap(), None);
    assert!(store.drafts(id).unwrap().is_empty());
}

#[test]
fn the_list_filters_by_status_due_date_and_worker_and_sorts_three_ways() {
    let mut store = Store::open_in_memory().unwrap();
    intake::testing::with_profile(&mut store, "Нурлан");
    let a = add_person(&mut store, "Ертаев", "Ерлан");
    let b = add_person(&mut store, "Ахметова", "Дана");
    let c = add_person(&mut store, "Zarghuna", "");
    edit(&mut store, a, "status", json!("assessed"));
    edit(&mut store, a, "next_action_date", json!("2026-01-10"));
    edit(&mut store, b, "status", json!("closed"));
    edit(&mut store, b, "next_action_date", json!("2026-01-01"));
    edit(&mut store, c, "next_action_date", json!("2026-12-31"));
    let ids = |q: &RecordQuery| -> Vec<_> { store.records(q).unwrap().into_iter().map(|r| r.id).collect() };
    let status = RecordQuery {
        status: Some("assessed".into()),
        ..RecordQuery::default()
    };
    assert_eq!(ids(&status), [a]);
    assert_eq!(store.count_records(&status, None).unwrap(), 1);
    // A closed case is never overdue.
    let overdue = RecordQuery {
        due_before: Some("2026-11-22".into()),
        ..RecordQuery::default()
    };
    assert_eq!(ids(&overdue), [a]);
    let mine = RecordQuery {
        recorded_by: Some("Нурлан".into()),
        ..RecordQuery::default()
    };
    assert_eq!(store.count_records(&mine, None).unwrap(), 3);
    let theirs = RecordQuery {
        recorded_by: Some("Aigerim".into()),
        ..RecordQuery::default()
    };
    assert_eq!(store.count_records(&theirs, None).unwrap(), 0);
    let by = |order| RecordQuery {
        order,
        ..RecordQuery::default()
    };
    assert_eq!(ids(&by(ListOrder::NextAction)), [b, a, c]);
    assert_eq!(
        ids(&by(ListOrder::Name)),
        [c, b, a],
        "as written: Latin, then Cyrillic"
    );
    assert_eq!(ids(&by(ListOrder::Updated)), [c, b, a]);
}

#[test]
fn a_write_over_more_heads_than_an_op_may_name_is_split_into_a_chain() {
    use intake::domain::{Dot, Op};
    let mut a = Store::open_in_memory().unwrap();
    with_profile(&mut a, "alice");
    let id = add_person(&mut a, "Ертаев", "Ерлан");
    let first = a
        .ops()
        .unwrap()
        .into_iter()
        .find(|op| op.field.as_str() == "surname")
        .unwrap();
    // Seventy laptops each replaced the same surname, none seeing the others.
    let concurrent: Vec<Op> = (0..70)
        .map(|i| Op {
            dot: Dot::new(intake::domain::DeviceId::new(), 1),
            value: json!(format!("Ертаев-{i}")),
            parents: vec![first.dot],
            ..first.clone()
        })
        .collect();
    a.apply(&concurrent).unwrap();
    assert_eq!(
        a.record(id)
            .unwrap()
            .unwrap()
            .heads("surname")
            .unwrap()
            .heads
            .len(),
        70
    );

    edit(&mut a, id, "surname", json!("Ертаев"));

    let mine: Vec<Op> = a
        .ops()
        .unwrap()
        .into_iter()
        .filter(|op| op.field.as_str() == "surname" && op.value == json!("Ертаев") && op.dot != first.dot)
        .collect();
    assert_eq!(mine.len(), 2, "two ops: 64 parents, then the rest and the first");
    assert!(mine.iter().all(|op| op.parents.len() <= Op::MAX_PARENTS));
    let named: std::collections::BTreeSet<Dot> =
        mine.iter().flat_map(|op| op.parents.iter().copied()).collect();
    assert!(
        concurrent.iter().all(|op| named.contains(&op.dot)),
        "every head is replaced"
    );
    let state = a.record(id).unwrap().unwrap();
    let heads = state.heads("surname").unwrap();
    assert_eq!(heads.heads.len(), 1);
    assert_eq!(state.text("surname"), Some("Ертаев"));
}

#[test]
fn my_cases_are_those_recorded_here_and_those_given_here_counted_once() {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    with_profile(&mut a, "alice");
    let own = with_profile(&mut b, "bolat").device_id;
    let alices: Vec<RecordId> = (0..4)
        .map(|i| add_person(&mut a, &format!("Алиса {i}"), "А"))
        .collect();
    b.apply(&a.ops().unwrap()).unwrap();
    let bolats: Vec<RecordId> = (0..3)
        .map(|i| add_person(&mut b, &format!("Болат {i}"), "Б"))
        .collect();
    // Two of Alice's and one of his own are given to Bolat's laptop.
    let mut m = b.merge().unwrap();
    for id in [alices[0], alices[2], bolats[1]] {
        m.set(id, &FieldPath::grant(own), json!(true)).unwrap();
    }
    m.commit().unwrap();
    for (worker, expected) in [("bolat", 5), ("alice", 5), ("nobody", 3)] {
        let q = RecordQuery {
            recorded_by: Some(worker.into()),
            assigned_here: true,
            ..Default::default()
        };
        assert_eq!(b.count_records(&q, None).unwrap(), expected, "{worker}");
        assert_eq!(b.records(&q).unwrap().len(), expected, "{worker}");
        assert_eq!(b.count_records(&q, Some(2)).unwrap(), 2, "capped");
    }
}
