//! A coordinator restored from an old backup goes on as a new incarnation
//! (a new device id, the same keys): laptops follow it, and their next
//! bundles bring back exactly what the backup lacks and they hold — their
//! own ops, the old incarnation's ops that reached them, and other
//! laptops' ops relayed to them. A property test runs random campaigns
//! with the backup taken at a random moment.

mod common;

use common::{Keys, PASS, import_unchecked};
use intake::domain::{DeviceId, Dot, FieldPath, RecordId};
use intake::store::{RecordQuery, Role, Store};
use intake::sync::{self, Imported, SyncError};
use proptest::prelude::*;
use secrecy::SecretString;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn pass() -> SecretString {
    SecretString::from(PASS.to_owned())
}

fn add_person(store: &mut Store, surname: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    w.set(id, &FieldPath::parse("surname").unwrap(), json!(surname))
        .unwrap();
    w.commit().unwrap();
    id
}

fn set(store: &mut Store, id: RecordId, field: &str, value: Value) {
    let mut w = store.writer().unwrap();
    w.set(id, &FieldPath::parse(field).unwrap(), value).unwrap();
    w.commit().unwrap();
}

fn export(store: &mut Store) -> Vec<u8> {
    let mut out = Vec::new();
    sync::export(store, &mut out, false).unwrap();
    out
}

fn export_for(store: &mut Store, device: DeviceId) -> Vec<u8> {
    let mut out = Vec::new();
    sync::export_for(store, &mut out, device).unwrap();
    out
}

/// Every op a database holds, merged or set aside: dot → (field, value),
/// the value left out where it was erased there.
fn held(store: &Store) -> BTreeMap<Dot, (String, Option<Value>)> {
    let mut out = BTreeMap::new();
    for op in store.ops().unwrap() {
        let value = (!op.is_redacted()).then(|| op.value.clone());
        out.insert(op.dot, (op.field.to_string(), value));
    }
    store
        .each_set_aside(|a| {
            let value = (!a.op.is_redacted()).then(|| a.op.value.clone());
            out.insert(a.op.dot, (a.op.field.to_string(), value));
            Ok(())
        })
        .unwrap();
    out
}

/// The coordinator's database file, backed up to `file`.
fn backup(coordinator: &mut Store, db: &Path, file: &Path) {
    if file.exists() {
        std::fs::remove_file(file).unwrap();
    }
    intake::backup::write(coordinator, db, &pass(), file).unwrap();
}

/// The backup restored into `dir`: the new incarnation and its device.
fn restore(file: &Path, dir: &Path) -> (Store, DeviceId) {
    let db: PathBuf = dir.join("restored.db");
    let done = intake::backup::restore(file, &db, &intake::backup::Unlock::Passphrase(pass())).unwrap();
    assert!(done.coordinator);
    (Store::open(&db, &pass()).unwrap(), done.device)
}

#[test]
fn laptops_follow_a_restored_coordinator_and_fill_the_gap_its_backup_left() {
    let dir = tempfile::TempDir::new().unwrap();
    let c_keys = Keys::new();
    let c_db = dir.path().join("coordinator.db");
    let mut c = c_keys.store_at(&c_db, "Aigerim", Role::Coordinator, None);
    let a_keys = Keys::new();
    let mut a = a_keys.store("Нурлан", Role::Field, Some(&c_keys));
    let b_keys = Keys::new();
    let mut b = b_keys.store("Dana", Role::Field, Some(&c_keys));
    let a1 = add_person(&mut a, "Дуйсенова");
    import_unchecked(&mut c, &export(&mut a), true).unwrap();
    import_unchecked(&mut c, &export(&mut b), true).unwrap();
    let referred = add_person(&mut c, "Сейткали");
    sync::assign::assign(&mut c, &[referred], a_keys.device).unwrap();
    import_unchecked(&mut a, &export_for(&mut c, a_keys.device), false).unwrap();
    let file = dir.path().join("coordinator.backup");
    backup(&mut c, &c_db, &file);
    // After the backup: Нурлан's edits reach the coordinator; the
    // coordinator edits, gives Dana a new case, and both laptops get
    // return bundles; Dana's edit of her new case reaches it too.
    set(&mut a, a1, "given_name", json!("Айгуль"));
    set(&mut a, referred, "status", json!("assessed"));
    import_unchecked(&mut c, &export(&mut a), false).unwrap();
    set(&mut c, a1, "status", json!("intake_done"));
    let second = add_person(&mut c, "Ахметова");
    sync::assign::assign(&mut c, &[second], b_keys.device).unwrap();
    import_unchecked(&mut a, &export_for(&mut c, a_keys.device), false).unwrap();
    import_unchecked(&mut b, &export_for(&mut c, b_keys.device), false).unwrap();
    set(&mut b, second, "given_name", json!("Гульнара"));
    import_unchecked(&mut c, &export(&mut b), false).unwrap();
    let lost = held(&c);
    // The coordinator's disk dies; its backup goes onto another computer.
    drop(c);
    let elsewhere = tempfile::TempDir::new().unwrap();
    let (mut d2, d2_device) = restore(&file, elsewhere.path());
    assert_ne!(d2_device, c_keys.device, "new op numbers: a new device id");
    for (keys, laptop) in [(&a_keys, &mut a), (&b_keys, &mut b)] {
        let done = import_unchecked(laptop, &export_for(&mut d2, keys.device), false).unwrap();
        let Imported::Merged { notes, .. } = done else {
            panic!("{done:?}")
        };
        assert!(notes.coordinator_restored.is_some(), "the laptop follows it");
        assert_eq!(laptop.profile().unwrap().coordinator.unwrap().device, d2_device);
        import_unchecked(&mut d2, &export(laptop), false).unwrap();
    }
    let now = held(&d2);
    for laptop in [&a, &b] {
        for (dot, (field, value)) in held(laptop) {
            let there = now.get(&dot).unwrap_or_else(|| panic!("{dot} {field} came back"));
            if value.is_some() {
                assert_eq!(there, &(field, value), "{dot}");
            }
        }
    }
    // Everything the lost database held that a laptop held too is back;
    // nothing else of the old incarnation was made up.
    for dot in now.keys().filter(|d| d.device != d2_device) {
        assert!(lost.contains_key(dot), "{dot} was held before");
    }
    let record = d2.record(second).unwrap().expect("Dana's new case came back");
    assert_eq!(record.value("given_name"), Some(&json!("Гульнара")));
    assert_eq!(record.value("surname"), Some(&json!("Ахметова")));
    assert_eq!(
        d2.record(a1).unwrap().unwrap().value("status"),
        Some(&json!("intake_done"))
    );
    // Once it holds them, nothing is sent twice; new work goes on as before.
    for (keys, laptop) in [(&a_keys, &mut a), (&b_keys, &mut b)] {
        import_unchecked(laptop, &export_for(&mut d2, keys.device), false).unwrap();
        let mut out = Vec::new();
        let sent = sync::export(laptop, &mut out, false).unwrap();
        assert_eq!(sent.header.ops, 0, "nothing left to bring back");
    }
    set(&mut a, referred, "status", json!("closed"));
    assert!(matches!(
        import_unchecked(&mut d2, &export(&mut a), false).unwrap(),
        Imported::Merged { .. }
    ));
    // A stranger claiming to be the coordinator's new incarnation, with a
    // succession it signed itself, is refused by the laptop, nothing changed.
    let f_keys = Keys::new();
    let claim = sync::succession::Succession::sign(
        &f_keys.signing(),
        d2_device,
        f_keys.device,
        &f_keys.signing().verifying_key(),
        &f_keys.age_key(),
        None,
        0,
    );
    let mut header = common::forge::header(
        sync::bundle::Kind::Return,
        f_keys.device,
        "Aigerim",
        &f_keys.age_key(),
        &[&b_keys.age_key()],
    );
    header.for_device = Some(b_keys.device);
    header.succession = Some(claim);
    let to: age::x25519::Recipient = b_keys.age_key().parse().unwrap();
    let forged = common::forge::forge(&header, &f_keys.signing(), &[], &[to]);
    let before = b.canonical_dump().unwrap();
    let refused = import_unchecked(&mut b, &forged, false).unwrap_err();
    assert!(matches!(refused.error, SyncError::Forged(_)), "{refused}");
    assert_eq!(b.canonical_dump().unwrap(), before);
    assert_eq!(b.profile().unwrap().coordinator.unwrap().device, d2_device);
}

/// One step of a campaign.
#[derive(Clone, Debug)]
enum Step {
    /// A laptop records a person.
    Record(usize),
    /// A laptop edits one of the records it holds.
    Edit(usize, usize, u8),
    /// A laptop's bundle reaches the coordinator.
    Send(usize),
    /// The coordinator's return bundle reaches a laptop.
    Return(usize),
    /// The coordinator records or edits a person.
    Coordinate(usize, u8),
    /// The coordinator gives a record to a laptop (from whoever had it).
    Assign(usize, usize),
    /// The coordinator's database is backed up (the last backup is the one restored).
    Backup,
}

const LAPTOPS: usize = 3;

fn step() -> impl Strategy<Value = Step> {
    let l = 0..LAPTOPS;
    prop_oneof![
        3 => l.clone().prop_map(Step::Record),
        5 => (l.clone(), 0..8usize, any::<u8>()).prop_map(|(l, r, v)| Step::Edit(l, r, v)),
        4 => l.clone().prop_map(Step::Send),
        4 => l.clone().prop_map(Step::Return),
        3 => (0..8usize, any::<u8>()).prop_map(|(r, v)| Step::Coordinate(r, v)),
        2 => (0..8usize, l).prop_map(|(r, l)| Step::Assign(r, l)),
        1 => Just(Step::Backup),
    ]
}

fn ids(store: &Store) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = store
        .records(&RecordQuery::default())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

const STATUSES: [&str; 4] = ["identified", "intake_done", "assessed", "closed"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_restored_coordinator_gets_back_exactly_what_its_laptops_hold(
        steps in proptest::collection::vec(step(), 10..40),
    ) {
        let dir = tempfile::TempDir::new().unwrap();
        let c_keys = Keys::new();
        let c_db = dir.path().join("coordinator.db");
        let mut c = c_keys.store_at(&c_db, "Aigerim", Role::Coordinator, None);
        let keys: Vec<Keys> = (0..LAPTOPS).map(|_| Keys::new()).collect();
        let mut laptops: Vec<Store> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| k.store(&format!("worker {i}"), Role::Field, Some(&c_keys)))
            .collect();
        // Every laptop is trusted from the start.
        for laptop in &mut laptops {
            import_unchecked(&mut c, &export(laptop), true).unwrap();
        }
        let file = dir.path().join("coordinator.backup");
        backup(&mut c, &c_db, &file);
        let mut n = 0;
        for s in &steps {
            n += 1;
            match *s {
                Step::Record(l) => {
                    add_person(&mut laptops[l], &format!("Person {n}"));
                }
                Step::Edit(l, r, v) => {
                    let held = ids(&laptops[l]);
                    if let Some(id) = held.get(r % held.len().max(1)) {
                        set(&mut laptops[l], *id, "status", json!(STATUSES[usize::from(v) % 4]));
                    }
                }
                Step::Send(l) => {
                    import_unchecked(&mut c, &export(&mut laptops[l]), false).unwrap();
                }
                Step::Return(l) => {
                    let bundle = export_for(&mut c, keys[l].device);
                    import_unchecked(&mut laptops[l], &bundle, false).unwrap();
                }
                Step::Coordinate(r, v) => {
                    let held = ids(&c);
                    match held.get(r) {
                        Some(id) if v % 3 != 0 => set(&mut c, *id, "status", json!(STATUSES[usize::from(v) % 4])),
                        _ => {
                            add_person(&mut c, &format!("Referred {n}"));
                        }
                    }
                }
                Step::Assign(r, l) => {
                    let held = ids(&c);
                    if let Some(id) = held.get(r % held.len().max(1)) {
                        sync::assign::assign(&mut c, &[*id], keys[l].device).unwrap();
                    }
                }
                Step::Backup => backup(&mut c, &c_db, &file),
            }
        }
        drop(c);
        let elsewhere = tempfile::TempDir::new().unwrap();
        let (mut d2, d2_device) = restore(&file, elsewhere.path());
        for (k, laptop) in keys.iter().zip(laptops.iter_mut()) {
            import_unchecked(laptop, &export_for(&mut d2, k.device), false).unwrap();
            import_unchecked(&mut d2, &export(laptop), false).unwrap();
        }
        let now = held(&d2);
        // Every op a laptop holds is back, with its value. (Not what a
        // laptop erased when it handed a record back: its value is gone
        // there, and it never travels so.)
        let mut wanted = BTreeSet::new();
        for laptop in &laptops {
            for (dot, (field, value)) in held(laptop) {
                wanted.insert(dot);
                let Some(value) = value else { continue };
                let there = now.get(&dot);
                prop_assert!(there.is_some(), "{} {} came back", dot, field);
                if let Some((_, Some(back))) = there {
                    prop_assert_eq!(&value, back, "{}", dot);
                }
            }
        }
        // And nothing else: what it holds of the old incarnation and the
        // laptops is the backup's or came from a laptop that held it.
        let backed_up = {
            let copy = elsewhere.path().join("backup-only.db");
            intake::backup::restore(&file, &copy, &intake::backup::Unlock::Passphrase(pass())).unwrap();
            held(&Store::open(&copy, &pass()).unwrap())
        };
        for dot in now.keys().filter(|d| d.device != d2_device) {
            prop_assert!(backed_up.contains_key(dot) || wanted.contains(dot), "{} invented", dot);
        }
        // Once back, nothing is sent again.
        for (k, laptop) in keys.iter().zip(laptops.iter_mut()) {
            import_unchecked(laptop, &export_for(&mut d2, k.device), false).unwrap();
            let mut out = Vec::new();
            let sent = sync::export(laptop, &mut out, false).unwrap();
            prop_assert_eq!(sent.header.ops, 0);
        }
    }
}
