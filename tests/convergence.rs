//! Property: the records are a function of the *set* of ops. Laptops edit
//! the same records concurrently and sync partially; then the union of
//! their ops, applied in any order, in any batches, with repeats, gives the
//! same canonical dump everywhere.

use intake::domain::{EntryId, FieldPath, Op, RecordId};
use intake::store::{RecordQuery, Store};
use intake::testing::with_profile;
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const FIELDS: [&str; 4] = ["surname", "given_name", "birth_date", "status"];
const VALUES: [&str; 4] = ["Дуйсенова", "Duisenova", "1985", "identified"];

#[derive(Clone, Debug)]
enum Action {
    Create {
        device: usize,
    },
    Set {
        device: usize,
        record: usize,
        field: usize,
        value: Option<usize>,
    },
    AddEntry {
        device: usize,
        record: usize,
    },
    RemoveEntry {
        device: usize,
        record: usize,
        entry: usize,
    },
    Sync {
        from: usize,
        to: usize,
    },
}

fn action(devices: usize) -> impl Strategy<Value = Action> {
    let d = 0..devices;
    prop_oneof![
        1 => d.clone().prop_map(|device| Action::Create { device }),
        4 => (d.clone(), 0..8usize, 0..FIELDS.len(), proptest::option::weighted(0.9, 0..VALUES.len()))
            .prop_map(|(device, record, field, value)| Action::Set { device, record, field, value }),
        1 => (d.clone(), 0..8usize).prop_map(|(device, record)| Action::AddEntry { device, record }),
        1 => (d.clone(), 0..8usize, 0..4usize).prop_map(|(device, record, entry)| Action::RemoveEntry { device, record, entry }),
        2 => (d.clone(), d).prop_map(|(from, to)| Action::Sync { from, to }),
    ]
}

fn known_records(store: &Store) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = store
        .records(&RecordQuery::default())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

/// Runs the actions on `n` laptops and returns them.
fn simulate(n: usize, actions: &[Action]) -> Vec<Store> {
    let mut stores: Vec<Store> = (0..n)
        .map(|i| {
            let mut s = Store::open_in_memory().unwrap();
            with_profile(&mut s, &format!("worker{i}"));
            s
        })
        .collect();
    let mut entries: BTreeMap<RecordId, Vec<EntryId>> = BTreeMap::new();
    for a in actions {
        match *a {
            Action::Create { device } => {
                let mut w = stores[device].writer().unwrap();
                let id = w.create_record().unwrap();
                w.set(id, &FieldPath::parse("surname").unwrap(), json!("Новый"))
                    .unwrap();
                w.commit().unwrap();
            }
            Action::Set {
                device,
                record,
                field,
                value,
            } => {
                let ids = known_records(&stores[device]);
                let Some(&id) = ids.get(record % ids.len().max(1)) else {
                    continue;
                };
                let value = value.map_or(Value::Null, |v| json!(VALUES[v]));
                let mut w = stores[device].writer().unwrap();
                w.set(id, &FieldPath::parse(FIELDS[field]).unwrap(), value)
                    .unwrap();
                w.commit().unwrap();
            }
            Action::AddEntry { device, record } => {
                let ids = known_records(&stores[device]);
                let Some(&id) = ids.get(record % ids.len().max(1)) else {
                    continue;
                };
                let mut w = stores[device].writer().unwrap();
                let e = w.add_entry(id, "documents", &[("number", json!("N 1"))]).unwrap();
                w.commit().unwrap();
                entries.entry(id).or_default().push(e);
            }
            Action::RemoveEntry {
                device,
                record,
                entry,
            } => {
                let ids = known_records(&stores[device]);
                let Some(&id) = ids.get(record % ids.len().max(1)) else {
                    continue;
                };
                let Some(list) = entries.get(&id) else { continue };
                let e = list[entry % list.len()];
                let mut w = stores[device].writer().unwrap();
                w.remove_entry(id, "documents", e).unwrap();
                w.commit().unwrap();
            }
            Action::Sync { from, to } => {
                let ops = stores[from].ops().unwrap();
                stores[to].apply(&ops).unwrap();
            }
        }
    }
    stores
}

/// Applies `ops` shuffled by `seed`, in random batches, with some repeated.
fn apply_shuffled(ops: &[Op], seed: u64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut shuffled = ops.to_vec();
    shuffled.shuffle(&mut rng);
    let mut store = Store::open_in_memory().unwrap();
    let mut i = 0;
    while i < shuffled.len() {
        let n = rng.random_range(1..=shuffled.len() - i);
        store.apply(&shuffled[i..i + n]).unwrap();
        if rng.random_bool(0.3) {
            // A batch delivered twice.
            store.apply(&shuffled[i..i + n]).unwrap();
        }
        i += n;
    }
    store.canonical_dump().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_order_of_the_same_ops_gives_the_same_records(
        actions in proptest::collection::vec(action(3), 1..40),
        seeds in proptest::array::uniform3(any::<u64>()),
    ) {
        let mut stores = simulate(3, &actions);
        let mut union: BTreeMap<String, Op> = BTreeMap::new();
        for s in &stores {
            for op in s.ops().unwrap() {
                union.insert(op.dot.to_string(), op);
            }
        }
        let union: Vec<Op> = union.into_values().collect();
        let dumps: Vec<String> = seeds.iter().map(|&seed| apply_shuffled(&union, seed)).collect();
        prop_assert_eq!(&dumps[0], &dumps[1]);
        prop_assert_eq!(&dumps[0], &dumps[2]);
        // The laptops themselves converge to the same state once all ops are everywhere.
        for s in &mut stores {
            s.apply(&union).unwrap();
            prop_assert_eq!(&s.canonical_dump().unwrap(), &dumps[0]);
        }
    }
}
