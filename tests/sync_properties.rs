//! Properties of sync through real bundles: 2–6 laptops and a coordinator
//! create, edit, add and remove entries, delete, export, receive return
//! bundles, resolve conflicts and erase records; bundles reach the coordinator shuffled,
//! repeated and late. Then (a) every delivery order gives the same
//! database, (b) twice is once, (c) no op made anywhere is missing at the
//! coordinator, and (d) the conflicts flagged are exactly those an oracle
//! finds in the causal history.

mod common;

use common::Keys;
use intake::domain::{EntryId, FieldPath, Op, RecordId};
use intake::store::{Role, Store};
use intake::sync::{self as exchange, Imported};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashSet};

const FIELDS: [&str; 3] = ["surname", "birth_date", "status"];
const VALUES: [&str; 4] = ["Дуйсенова", "Duisenova", "1985", "assessed"];

#[derive(Clone, Debug)]
enum Action {
    Create(usize),
    Set(usize, usize, usize, Option<usize>),
    AddEntry(usize, usize),
    RemoveEntry(usize, usize),
    Delete(usize, usize),
    Export(usize),
    Deliver(usize),
    Return(usize),
    CoordinatorSet(usize, usize, usize),
    Resolve,
    Erase(usize),
}

fn action(laptops: usize) -> impl Strategy<Value = Action> {
    let d = 0..laptops;
    prop_oneof![
        3 => d.clone().prop_map(Action::Create),
        8 => (d.clone(), 0..6usize, 0..FIELDS.len(), proptest::option::weighted(0.9, 0..VALUES.len()))
            .prop_map(|(l, r, f, v)| Action::Set(l, r, f, v)),
        1 => (d.clone(), 0..6usize).prop_map(|(l, r)| Action::AddEntry(l, r)),
        1 => (d.clone(), 0..6usize).prop_map(|(l, r)| Action::RemoveEntry(l, r)),
        1 => (d.clone(), 0..6usize).prop_map(|(l, r)| Action::Delete(l, r)),
        3 => d.clone().prop_map(Action::Export),
        3 => (0..64usize).prop_map(Action::Deliver),
        3 => d.prop_map(Action::Return),
        3 => (0..6usize, 0..FIELDS.len(), 0..VALUES.len()).prop_map(|(r, f, v)| Action::CoordinatorSet(r, f, v)),
        1 => Just(Action::Resolve),
        1 => (0..6usize).prop_map(Action::Erase),
    ]
}

struct World {
    coordinator_keys: Keys,
    coordinator: Store,
    laptops: Vec<(Keys, Store)>,
    /// Every bundle a laptop exported, in the order written.
    bundles: Vec<Vec<u8>>,
}

/// The people a store holds (the device registry is not one of them).
fn records(store: &Store) -> Vec<RecordId> {
    let mut ids: Vec<RecordId> = store
        .ops()
        .unwrap()
        .iter()
        .map(|o| o.record)
        .filter(|r| *r != intake::domain::registry::REGISTRY)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn pick(store: &Store, n: usize) -> Option<RecordId> {
    let ids = records(store);
    ids.get(n % ids.len().max(1)).copied()
}

fn write(store: &mut Store, id: RecordId, field: &str, value: Value) {
    let mut w = store.writer().unwrap();
    w.set(id, &FieldPath::parse(field).unwrap(), value).unwrap();
    w.commit().unwrap();
}

fn run(laptops: usize, actions: &[Action]) -> World {
    let coordinator_keys = Keys::new();
    let coordinator = coordinator_keys.store("coordinator", Role::Coordinator, None);
    let laptops: Vec<(Keys, Store)> = (0..laptops)
        .map(|i| {
            let keys = Keys::new();
            let mut store = keys.store(&format!("worker{i}"), Role::Field, Some(&coordinator_keys));
            // Every laptop starts with a person of its own.
            let mut wr = store.writer().unwrap();
            let id = wr.create_record().unwrap();
            wr.set(id, &FieldPath::parse("surname").unwrap(), json!("Первый"))
                .unwrap();
            wr.commit().unwrap();
            (keys, store)
        })
        .collect();
    let mut w = World {
        coordinator_keys,
        coordinator,
        laptops,
        bundles: Vec::new(),
    };
    for a in actions {
        match *a {
            Action::Create(l) => {
                let store = &mut w.laptops[l].1;
                let mut wr = store.writer().unwrap();
                let id = wr.create_record().unwrap();
                wr.set(id, &FieldPath::parse("surname").unwrap(), json!("Новый"))
                    .unwrap();
                wr.commit().unwrap();
            }
            Action::Set(l, r, f, v) => {
                let store = &mut w.laptops[l].1;
                if let Some(id) = pick(store, r) {
                    write(store, id, FIELDS[f], v.map_or(Value::Null, |v| json!(VALUES[v])));
                }
            }
            Action::AddEntry(l, r) => {
                let store = &mut w.laptops[l].1;
                if let Some(id) = pick(store, r) {
                    let mut wr = store.writer().unwrap();
                    wr.add_entry(id, "documents", &[("number", json!("N 1"))])
                        .unwrap();
                    wr.commit().unwrap();
                }
            }
            Action::RemoveEntry(l, r) => {
                let store = &mut w.laptops[l].1;
                let Some(id) = pick(store, r) else { continue };
                let state = store.record(id).unwrap().unwrap();
                let entries: Vec<EntryId> = state
                    .entries("documents")
                    .iter()
                    .filter_map(|e| e.id.parse().ok())
                    .collect();
                if let Some(&e) = entries.first() {
                    let mut wr = store.writer().unwrap();
                    wr.remove_entry(id, "documents", e).unwrap();
                    wr.commit().unwrap();
                }
            }
            Action::Delete(l, r) => {
                let store = &mut w.laptops[l].1;
                if let Some(id) = pick(store, r) {
                    let mut wr = store.writer().unwrap();
                    wr.delete_record(id).unwrap();
                    wr.commit().unwrap();
                }
            }
            Action::Export(l) => {
                let mut out = Vec::new();
                exchange::export(&mut w.laptops[l].1, &mut out, false).unwrap();
                w.bundles.push(out);
            }
            Action::Deliver(n) => {
                if let Some(bundle) = w.bundles.get(n % w.bundles.len().max(1)) {
                    common::import_unchecked(&mut w.coordinator, &bundle[..], true).unwrap();
                }
            }
            Action::Return(l) => {
                let device = w.laptops[l].0.device;
                if w.coordinator.peer(device).unwrap().is_none() {
                    continue;
                }
                let mut out = Vec::new();
                exchange::export_for(&mut w.coordinator, &mut out, device).unwrap();
                common::import_unchecked(&mut w.laptops[l].1, &out[..], true).unwrap();
            }
            Action::CoordinatorSet(r, f, v) => {
                if let Some(id) = pick(&w.coordinator, r) {
                    write(&mut w.coordinator, id, FIELDS[f], json!(VALUES[v]));
                }
            }
            Action::Erase(r) => {
                if let Some(id) = pick(&w.coordinator, r) {
                    write(&mut w.coordinator, id, "_erased", json!("consent withdrawn"));
                }
            }
            Action::Resolve => {
                let Some(state) = w.coordinator.conflicted().unwrap().into_iter().next() else {
                    continue;
                };
                let d = &state.disagreements()[0];
                let (path, value) = (d.field.to_string(), d.candidates[0].1.value.clone());
                if intake::domain::is_deletion(&value) {
                    let mut wr = w.coordinator.writer().unwrap();
                    wr.delete_record(state.id).unwrap();
                    wr.commit().unwrap();
                } else {
                    write(&mut w.coordinator, state.id, &path, value);
                }
            }
        }
    }
    // Everything not delivered yet is sent now (late, after the rest).
    for l in 0..w.laptops.len() {
        let mut out = Vec::new();
        exchange::export(&mut w.laptops[l].1, &mut out, false).unwrap();
        w.bundles.push(out);
    }
    for bundle in w.bundles.clone() {
        common::import_unchecked(&mut w.coordinator, &bundle[..], true).unwrap();
    }
    w
}

/// A fresh coordinator that gets every laptop bundle in a shuffled order,
/// some twice. It reads what was sent to the coordinator (the same age
/// identity) and starts with the coordinator's own work; it is a device of
/// its own, since a second database under one device id is a copied laptop.
fn deliver_shuffled(w: &World, seed: u64) -> Store {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<&Vec<u8>> = w.bundles.iter().collect();
    order.shuffle(&mut rng);
    let keys = Keys {
        identity: w.coordinator_keys.identity.clone(),
        ..Keys::new()
    };
    let mut store = keys.store("coordinator", Role::Coordinator, None);
    let own: Vec<Op> = w
        .coordinator
        .ops()
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.dot.device == w.coordinator_keys.device && o.record != intake::domain::registry::REGISTRY
        })
        .collect();
    store.apply(&own).unwrap();
    for bundle in order {
        common::import_unchecked(&mut store, &bundle[..], true).unwrap();
        if rng.random_bool(0.3) {
            let again = common::import_unchecked(&mut store, &bundle[..], true).unwrap();
            assert!(matches!(again, Imported::AlreadyImported { .. }), "{again:?}");
        }
    }
    store
}

/// The canonical dump without the device registry: each fresh coordinator
/// enrols the laptops with ops of its own, made at its own time.
fn shared_dump(store: &Store) -> String {
    let registry = intake::domain::registry::REGISTRY.to_string();
    store
        .canonical_dump()
        .unwrap()
        .lines()
        .filter(|l| {
            !l.contains(&format!("\"record\":\"{registry}\""))
                && !l.starts_with(&format!("record {registry}"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The conflicts an oracle finds from the ops alone: per record and field,
/// the ops no other op of that field names as a parent; a conflict when
/// they hold different values.
fn oracle_conflicts(ops: &[Op]) -> BTreeSet<(RecordId, String)> {
    let mut by_field: BTreeMap<(RecordId, String), Vec<&Op>> = BTreeMap::new();
    for op in ops {
        by_field
            .entry((op.record, op.field.to_string()))
            .or_default()
            .push(op);
    }
    let mut conflicts = BTreeSet::new();
    let mut heads_of: BTreeMap<(RecordId, String), Vec<&Op>> = BTreeMap::new();
    for (key, field_ops) in by_field {
        let replaced: HashSet<_> = field_ops.iter().flat_map(|o| o.parents.iter().copied()).collect();
        let heads: Vec<&Op> = field_ops
            .into_iter()
            .filter(|o| !replaced.contains(&o.dot))
            .collect();
        if heads.iter().any(|h| h.value != heads[0].value) {
            conflicts.insert(key.clone());
        }
        heads_of.insert(key, heads);
    }
    // A deleted record (the deleting head wins by (time, device)) with a
    // head its deletions did not name as seen.
    for ((record, field), heads) in &heads_of {
        if field != "_deleted" {
            continue;
        }
        let shown = heads
            .iter()
            .max_by_key(|h| (h.hlc, h.dot.device))
            .map(|h| &h.value);
        if !shown.is_some_and(intake::domain::is_deletion) {
            continue;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut says_what_it_saw = true;
        for h in heads.iter().filter(|h| intake::domain::is_deletion(&h.value)) {
            match h.value.get("seen").and_then(Value::as_array) {
                Some(list) => seen.extend(list.iter().filter_map(|v| v.as_str().map(str::to_owned))),
                None => says_what_it_saw = false,
            }
        }
        let missed = heads_of
            .iter()
            .filter(|((r, f), _)| r == record && f != "_deleted")
            .flat_map(|(_, hs)| hs.iter())
            .any(|h| !seen.contains(&h.dot.to_string()));
        if says_what_it_saw && missed {
            conflicts.insert((*record, "_deleted".to_owned()));
        }
    }
    conflicts
}

fn flagged(store: &Store) -> BTreeSet<(RecordId, String)> {
    store
        .conflicted()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s.disagreements()
                .iter()
                .map(|d| (s.id, d.field.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn bundles_in_any_order_converge_without_losing_an_edit(
        laptops in 2usize..=6,
        actions in proptest::collection::vec(action(6), 10..90),
        seeds in proptest::array::uniform2(any::<u64>()),
    ) {
        let actions: Vec<Action> = actions
            .into_iter()
            .map(|a| match a {
                Action::Create(l) => Action::Create(l % laptops),
                Action::Set(l, r, f, v) => Action::Set(l % laptops, r, f, v),
                Action::AddEntry(l, r) => Action::AddEntry(l % laptops, r),
                Action::RemoveEntry(l, r) => Action::RemoveEntry(l % laptops, r),
                Action::Delete(l, r) => Action::Delete(l % laptops, r),
                Action::Export(l) => Action::Export(l % laptops),
                Action::Return(l) => Action::Return(l % laptops),
                other => other,
            })
            .collect();
        let w = run(laptops, &actions);
        // (a) and (b): any order, with repeats, gives the same database.
        let a = shared_dump(&deliver_shuffled(&w, seeds[0]));
        let b = shared_dump(&deliver_shuffled(&w, seeds[1]));
        prop_assert_eq!(&a, &b);
        // (c) every op made on a laptop is at the coordinator.
        let held: HashSet<_> = w.coordinator.ops().unwrap().iter().map(|o| o.dot).collect();
        for (_, laptop) in &w.laptops {
            for op in laptop.ops().unwrap() {
                prop_assert!(held.contains(&op.dot), "op {} missing at the coordinator", op.dot);
            }
        }
        // (d) flagged conflicts are the oracle's.
        let ops = w.coordinator.ops().unwrap();
        prop_assert_eq!(flagged(&w.coordinator), oracle_conflicts(&ops));
    }
}
