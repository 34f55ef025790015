//! Verdicts on duplicate pairs are ops: they travel, converge whatever the
//! order, and can be undone; rejected pairs are not proposed again.

use intake::dedup::{self, Verdict};
use intake::domain::{FieldPath, RecordId};
use intake::store::Store;
use intake::testing::with_profile;
use serde_json::json;

fn add(store: &mut Store, surname: &str, given: &str, born: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    for (f, v) in [("surname", surname), ("given_name", given), ("birth_date", born)] {
        w.set(id, &FieldPath::parse(f).unwrap(), json!(v)).unwrap();
    }
    w.commit().unwrap();
    id
}

fn verdict(store: &Store, a: RecordId, b: RecordId) -> Option<Verdict> {
    let people = dedup::load(store).unwrap();
    dedup::verdicts(&people).get(&(a.min(b), a.max(b))).copied()
}

#[test]
fn verdicts_travel_converge_and_can_be_undone() {
    let mut one = Store::open_in_memory().unwrap();
    with_profile(&mut one, "Aigerim");
    let a = add(&mut one, "Дуйсенова", "Айгуль", "1985-03-09");
    let b = add(&mut one, "Duysenova", "Aigul", "1985");
    let pairs = dedup::find_pairs(&dedup::load(&one).unwrap(), dedup::DEFAULT_MIN_SCORE);
    assert_eq!(pairs.len(), 1);
    let mut two = Store::open_in_memory().unwrap();
    with_profile(&mut two, "Dana");
    two.apply(&one.ops().unwrap()).unwrap();
    // Two coordinators decide differently at the same time.
    dedup::judge(&mut one, a, b, Some(Verdict::Same)).unwrap();
    dedup::judge(&mut two, b, a, Some(Verdict::Different)).unwrap();
    assert_eq!(verdict(&one, a, b), Some(Verdict::Same));
    let (ops_one, ops_two) = (one.ops().unwrap(), two.ops().unwrap());
    one.apply(&ops_two).unwrap();
    two.apply(&ops_one).unwrap();
    assert_eq!(one.canonical_dump().unwrap(), two.canonical_dump().unwrap());
    let (holder, path) = dedup::verdict_path(a, b).unwrap();
    let state = one.record(holder).unwrap().unwrap();
    assert!(
        state.heads(path.as_str()).unwrap().is_conflict(),
        "a disagreement is a conflict"
    );
    // Settled, then undone.
    dedup::judge(&mut one, a, b, Some(Verdict::Different)).unwrap();
    assert_eq!(verdict(&one, a, b), Some(Verdict::Different));
    dedup::judge(&mut one, a, b, None).unwrap();
    assert_eq!(verdict(&one, a, b), None);
    assert!(dedup::judge(&mut one, a, a, Some(Verdict::Same)).is_err());
}
