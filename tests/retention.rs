//! The retention rule for closed cases: the dry run's count equals an
//! oracle computed from the cases as they were made (closed on known
//! days, some deleted, erased or reopened), `--apply` erases exactly
//! those and the reports go on counting them, and the period is refused
//! outside 1 to 1200 months with nothing changed.

#[path = "common/cli.rs"]
mod cli;
use chrono::{Months, NaiveDate};
use cli::{PASS, initialised, intake};
use intake::domain::{DeviceId, Dot, FieldPath, Hlc, Op, RecordId, Salt, Seal};
use intake::erasure;
use intake::store::{Role, Store};
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A case as the test makes it.
#[derive(Clone, Debug)]
struct Case {
    /// Days before today it was closed (`None`: still open).
    closed_days_ago: Option<u32>,
    deleted: bool,
    erased: bool,
    /// Later status changes: (days ago, status), each replacing the last.
    then: Vec<(u32, &'static str)>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::option::weighted(0.8, 0u32..1500),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(closed_days_ago, deleted, erased)| Case {
            closed_days_ago,
            deleted,
            erased,
            then: Vec::new(),
        })
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn millis_on(day: NaiveDate) -> u64 {
    let noon = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
    u64::try_from(noon.timestamp_millis()).unwrap()
}

/// A coordinator's store holding `cases`, written as a laptop's ops made
/// on the days they say (an interview 1,600 days ago, then the closing).
fn store_with(cases: &[Case]) -> (Store, Vec<RecordId>) {
    let mut store = Store::open_in_memory().unwrap();
    intake::testing::with_role(&mut store, "Координатор", Role::Coordinator);
    let laptop = DeviceId::new();
    let mut seq = 0;
    let mut ids = Vec::new();
    let mut m = store.merge().unwrap();
    for (i, c) in cases.iter().enumerate() {
        let start = today() - chrono::Days::new(1600);
        let hlc = Hlc::from_millis(millis_on(start) + i as u64);
        let id = RecordId::made_on(laptop, hlc);
        ids.push(id);
        let mut op = |field: &str, value: Value, at: Hlc, parents: Vec<Dot>| {
            seq += 1;
            let op = Op {
                dot: Dot { device: laptop, seq },
                record: id,
                field: FieldPath::parse(field).unwrap(),
                value,
                seal: Seal::Salt(Salt::random()),
                parents,
                hlc: at,
                author: "Нурлан".to_owned(),
            };
            m.apply(&op).unwrap();
            op.dot
        };
        op("surname", json!(format!("Тестова {i}")), hlc, vec![]);
        op("sex", json!("female"), hlc, vec![]);
        let first = op("status", json!("intake_done"), hlc, vec![]);
        let mut head = first;
        if let Some(days) = c.closed_days_ago {
            let at = Hlc::from_millis(millis_on(today() - chrono::Days::new(u64::from(days))));
            head = op("status", json!("closed"), at, vec![head]);
        }
        for (days, status) in &c.then {
            let at = Hlc::from_millis(millis_on(today() - chrono::Days::new(u64::from(*days))));
            head = op("status", json!(status), at, vec![head]);
        }
        let later = Hlc::from_millis(millis_on(today()) + 1);
        if c.deleted {
            op(FieldPath::DELETED, json!(true), later, vec![]);
        }
        if c.erased {
            op(FieldPath::ERASED, json!("consent withdrawn"), later, vec![]);
        }
    }
    m.commit().unwrap();
    (store, ids)
}

/// What the rule says, from the cases as made: closed, neither deleted nor
/// erased, and the period over before `day`.
fn oracle(cases: &[Case], months: u32, day: NaiveDate) -> usize {
    cases
        .iter()
        .filter(|c| !c.deleted && !c.erased)
        .filter_map(|c| c.closed_days_ago)
        .filter(|d| {
            let closed = today() - chrono::Days::new(u64::from(*d));
            closed.checked_add_months(Months::new(months)).unwrap() < day
        })
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_dry_run_counts_exactly_the_cases_the_rule_names(
        cases in prop::collection::vec(case(), 0..40),
        months in 1u32..48,
        ahead in 0u64..800,
    ) {
        let (store, _) = store_with(&cases);
        let day = today() + chrono::Days::new(ahead);
        let due = erasure::due(&store, months, day).unwrap();
        prop_assert_eq!(due.cases.len(), oracle(&cases, months, day));
        let closed = cases.iter().filter(|c| c.closed_days_ago.is_some() && !c.deleted && !c.erased).count();
        prop_assert_eq!(due.cases.len() + due.kept, closed);
        let oldest = cases
            .iter()
            .filter(|c| !c.deleted && !c.erased)
            .filter_map(|c| c.closed_days_ago)
            .map(|d| today() - chrono::Days::new(u64::from(d)))
            .filter(|closed| closed.checked_add_months(Months::new(months)).unwrap() < day)
            .min();
        prop_assert_eq!(due.oldest(), oldest);
    }
}

#[test]
fn applying_erases_the_due_cases_only_and_the_reports_still_count_them() {
    let cases: Vec<Case> = [Some(1000), Some(800), Some(760), Some(30), None]
        .into_iter()
        .map(|closed_days_ago| Case {
            closed_days_ago,
            deleted: false,
            erased: false,
            then: Vec::new(),
        })
        .collect();
    let (mut store, ids) = store_with(&cases);
    let facts_before = intake::report::read_facts(&store).unwrap();
    let months = erasure::closed_months(&store).unwrap();
    assert_eq!(months, erasure::DEFAULT_CLOSED_MONTHS);
    let due = erasure::due(&store, months, today()).unwrap();
    assert_eq!(
        due.cases.len(),
        3,
        "closed 1000, 800 and 760 days ago: past 24 months"
    );
    assert_eq!(
        erasure::apply(&mut store, &due, months, today()).unwrap().erased,
        3
    );
    for (i, id) in ids.iter().enumerate() {
        let state = store.record(*id).unwrap().unwrap();
        assert_eq!(state.erased, i < 3, "record {i}");
        assert_eq!(state.text("surname").is_none(), i < 3, "record {i}");
        assert_eq!(
            state.text("status"),
            cases[i].closed_days_ago.map(|_| "closed").or(Some("intake_done"))
        );
    }
    // Nothing is due any more; the reports count the same people.
    assert_eq!(erasure::due(&store, months, today()).unwrap().cases.len(), 0);
    let facts_after = intake::report::read_facts(&store).unwrap();
    assert_eq!(facts_after.len(), facts_before.len());
    let women = |f: &[intake::report::Facts]| f.iter().filter(|f| f.sex.as_deref() == Some("female")).count();
    assert_eq!(women(&facts_after), women(&facts_before));
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .any(|t| t.2 == "retention applied")
    );
}

#[test]
fn the_period_is_kept_in_the_database_and_a_period_of_0_months_is_refused_in_three_languages() {
    let dir = initialised("coordinator", "Айгерим");
    intake(dir.path())
        .args(["retention"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No closed case is past the retention period (24 months)",
        ));
    for (lang, said) in [
        ("en", "must be 1 to 1200 months"),
        ("ru", "от 1 до 1200 месяцев"),
        ("kk", "1-ден 1200 айға дейін"),
    ] {
        intake(dir.path())
            .env("INTAKE_LANG", lang)
            .args(["retention", "set", "--closed-months", "0"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(said));
    }
    intake(dir.path())
        .env("INTAKE_LANG", "ru")
        .args(["retention", "set", "--closed-months", "36"])
        .assert()
        .success()
        .stdout(predicate::str::contains("36 месяцев"));
    intake(dir.path())
        .args(["retention", "--as-of", "2030-01-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(36 months) on 2030-01-01"));
    intake(dir.path())
        .args(["retention", "--apply", "--as-of", "2030-01-01"])
        .assert()
        .code(2);
    let db = dir.path().join("intake.db");
    let store = Store::open(&db, &secrecy::SecretString::from(PASS.to_owned())).unwrap();
    assert_eq!(erasure::closed_months(&store).unwrap(), 36);
    let trail = store.audit_trail().unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|t| t.2 == "setting changed")
            .map(|t| t.3.as_str())
            .collect::<Vec<_>>(),
        ["retention-closed-months = 36"]
    );
}

#[test]
fn a_case_reopened_is_kept_and_one_closed_again_counts_from_its_last_closing() {
    let case = |then: Vec<(u32, &'static str)>| Case {
        closed_days_ago: Some(1000),
        deleted: false,
        erased: false,
        then,
    };
    let cases = [
        case(vec![(900, "assessed")]),
        case(vec![(900, "assessed"), (100, "closed")]),
        case(vec![]),
    ];
    let (store, ids) = store_with(&cases);
    let due = erasure::due(&store, 24, today()).unwrap();
    assert_eq!(
        due.cases.iter().map(|c| c.0).collect::<Vec<_>>(),
        [ids[2]],
        "only the one closed 1000 days ago"
    );
    assert_eq!(due.kept, 1, "closed again 100 days ago: kept");
    let due = erasure::due(&store, 3, today()).unwrap();
    assert_eq!(
        due.cases.len(),
        2,
        "past 3 months both closed ones are due; the reopened one never"
    );
    let closed_again = due.cases.iter().find(|c| c.0 == ids[1]).unwrap().1;
    assert_eq!(
        closed_again,
        today() - chrono::Days::new(100),
        "counted from its last closing"
    );
}
