//! The attacker holds a stolen laptop and its passphrase (or the
//! coordinator's relay, or nothing but a USB stick): every bundle here is
//! well formed, correctly signed and encrypted, and lying. Each attack is
//! refused — or its ops set aside or left out — with the database
//! otherwise exactly as before (a dump of every table).

mod common;

use common::forge::{self, Parts};
use common::{Keys, import};
use intake::domain::proof::Hash32;
use intake::domain::registry::REGISTRY;
use intake::domain::{DeviceId, Dot, FieldPath, Hlc, Op, RecordId, Seal};
use intake::i18n::{Lang, Texts};
use intake::store::{Role, Store, Trust};
use intake::sync::bundle::{self, BundleError, Item, Kind};
use intake::sync::{self, Imported, SyncError, devices, keys};
use serde_json::json;

/// A coordinator and two field laptops, both enrolled, each with its
/// people and the registry (from a first return bundle).
struct World {
    coordinator_keys: Keys,
    coordinator: Store,
    nurlan_keys: Keys,
    nurlan: Store,
    dana_keys: Keys,
    dana: Store,
    /// Нурлан's first person, and Dana's.
    nurlans: RecordId,
    danas: RecordId,
}

fn person(store: &mut Store, surname: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    w.set(id, &FieldPath::parse("surname").unwrap(), json!(surname))
        .unwrap();
    w.set(id, &FieldPath::parse("status").unwrap(), json!("identified"))
        .unwrap();
    w.commit().unwrap();
    id
}

fn edit(store: &mut Store, id: RecordId, field: &str, value: serde_json::Value) {
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

fn world() -> World {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let nurlan_keys = Keys::new();
    let mut nurlan = nurlan_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let dana_keys = Keys::new();
    let mut dana = dana_keys.store("Dana", Role::Field, Some(&coordinator_keys));
    let nurlans = person(&mut nurlan, "Дуйсенова");
    let danas = person(&mut dana, "Zarghuna");
    import(&mut coordinator, &export(&mut nurlan), true).unwrap();
    import(&mut coordinator, &export(&mut dana), true).unwrap();
    let back = export_for(&mut coordinator, nurlan_keys.device);
    import(&mut nurlan, &back, false).unwrap();
    let back = export_for(&mut coordinator, dana_keys.device);
    import(&mut dana, &back, false).unwrap();
    World {
        coordinator_keys,
        coordinator,
        nurlan_keys,
        nurlan,
        dana_keys,
        dana,
        nurlans,
        danas,
    }
}

fn to(keys: &Keys) -> Vec<age::x25519::Recipient> {
    vec![keys::parse_recipient(&keys.age_key()).unwrap()]
}

/// A real header of `from`'s next bundle (for the forger to start from).
fn template(from: &mut Store, identity: &str) -> bundle::Header {
    let mut out = Vec::new();
    sync::export(from, &mut out, true).unwrap();
    forge::open(&out, identity).header
}

/// Imports and expects a refusal that `expected` accepts, the database
/// unchanged, and one sentence in every language naming the sender.
fn refused(store: &mut Store, bundle: &[u8], expected: fn(&SyncError) -> bool) -> String {
    let before = store.full_dump().unwrap();
    let err = match import(store, bundle, true) {
        Err(e) => e,
        Ok(done) => panic!("accepted: {done:?}"),
    };
    assert!(expected(&err.error), "refused for another reason: {err}");
    assert_eq!(store.full_dump().unwrap(), before, "the database changed");
    for lang in Lang::ALL {
        let sentence = err.render(Texts::get(lang));
        assert!(!sentence.contains('\n'), "{sentence}");
        if let Some(sender) = &err.sender {
            assert!(sentence.contains(&sender.fingerprint), "{sentence}");
        }
    }
    err.render(Texts::get(Lang::En))
}

/// The next `n` ops a device would write, made by hand.
fn ops_of(
    device: DeviceId,
    first: u64,
    record: RecordId,
    author: &str,
    values: &[(&str, serde_json::Value)],
) -> Vec<Op> {
    values
        .iter()
        .enumerate()
        .map(|(i, (field, value))| forge::op(device, first + i as u64, record, field, value.clone(), author))
        .collect()
}

/// Нурлан's own next run (his key, his device, continuing his chain).
fn nurlans_run(w: &World, ops: &[Op]) -> Vec<Item> {
    let prev = w
        .nurlan
        .last_statement(w.nurlan_keys.device)
        .unwrap()
        .map(|s| s.hash());
    forge::run(&w.nurlan_keys.signing(), ops, prev)
}

fn next_seq(store: &Store, device: DeviceId) -> u64 {
    store.last_seq(device).unwrap() + 1
}

#[test]
fn a_laptop_cannot_pass_its_ops_off_as_another_laptops() {
    let mut w = world();
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let dana = w.dana_keys.device;
    let forged = ops_of(
        dana,
        next_seq(&w.coordinator, dana),
        w.danas,
        "Dana",
        &[("surname", json!("Подделка"))],
    );
    // A statement for Dana's device, signed with Нурлан's key.
    let items = forge::run(
        &w.nurlan_keys.signing(),
        &forged,
        w.coordinator.last_statement(dana).unwrap().map(|s| s.hash()),
    );
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    let said = refused(&mut w.coordinator, &bundle, |e| matches!(e, SyncError::Forged(_)));
    assert!(said.contains("not signed with that device's key"), "{said}");
    // Dana's ops slipped into Нурлан's own run.
    let mut mixed = nurlans_run(
        &w,
        &ops_of(
            w.nurlan_keys.device,
            next_seq(&w.nurlan, w.nurlan_keys.device),
            w.nurlans,
            "Нурлан",
            &[("given_name", json!("Айгуль"))],
        ),
    );
    mixed.push(Item::Op(forged[0].clone()));
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &mixed,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadOps(_)))
    });
    // Dana's far-future sequence numbers under a statement of Нурлан's.
    let far = ops_of(
        dana,
        1_000_000,
        w.danas,
        "Dana",
        &[("surname", json!("Подделка"))],
    );
    let items = forge::run(&w.nurlan_keys.signing(), &far, Some(Hash32([7; 32])));
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| matches!(e, SyncError::Forged(_)));
    // The coordinator's own dots (its next sequence numbers) from Нурлан.
    let own = w.coordinator_keys.device;
    let claimed = ops_of(
        own,
        1_000_000,
        w.nurlans,
        "Aigerim",
        &[("status", json!("closed"))],
    );
    let items = forge::run(&w.nurlan_keys.signing(), &claimed, Some(Hash32([9; 32])));
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| matches!(e, SyncError::Forged(_)));
    // The coordinator's next edit still takes its next number.
    let before = w.coordinator.last_seq(own).unwrap();
    edit(&mut w.coordinator, w.nurlans, "status", json!("assessed"));
    assert_eq!(w.coordinator.last_seq(own).unwrap(), before + 1);
}

#[test]
fn only_the_pinned_coordinator_sends_a_laptop_return_bundles() {
    let mut w = world();
    let stranger = Keys::new();
    let mut stranger_db = stranger.store("Aigerim", Role::Coordinator, None);
    let real = export_for(&mut w.coordinator, w.nurlan_keys.device);
    let mut header = forge::open(&real, &w.nurlan_keys.identity).header;
    assert_eq!(
        (header.kind, header.for_device),
        (Kind::Return, Some(w.nurlan_keys.device))
    );
    // A stranger's return bundle, in its own name, with a receipt for
    // everything Нурлан will ever write: refused, even with --trust-new-devices.
    header.device = stranger.device;
    header.receipt = Some(bundle::Receipt {
        device: w.nurlan_keys.device,
        upto: 1_000_000,
        chain: Hash32([1; 32]),
    });
    let stranger_ops = ops_of(
        stranger.device,
        1,
        w.nurlans,
        "Aigerim",
        &[("status", json!("closed"))],
    );
    let items = forge::run(&stranger.signing(), &stranger_ops, None);
    let bundle = forge::forge(&header, &stranger.signing(), &items, &to(&w.nurlan_keys));
    refused(&mut w.nurlan, &bundle, |e| {
        matches!(e, SyncError::NotFromCoordinator)
    });
    // Posing as the coordinator (its device id), signed with the stranger's key.
    header.device = w.coordinator_keys.device;
    let bundle = forge::forge(&header, &stranger.signing(), &items, &to(&w.nurlan_keys));
    refused(&mut w.nurlan, &bundle, |e| {
        matches!(e, SyncError::ImpostorCoordinator)
    });
    // Нурлан's work still leaves: nothing was acknowledged.
    edit(&mut w.nurlan, w.nurlans, "given_name", json!("Айгуль"));
    let next = sync::export(&mut w.nurlan, Vec::new(), false).unwrap();
    assert_eq!(next.header.ops, 1);
    // A coordinator never takes a return bundle.
    let back = export_for(&mut w.coordinator, w.nurlan_keys.device);
    let mut parts = forge::open(&back, &w.nurlan_keys.identity);
    parts.header.recipients = vec![bundle::recipient_fingerprint(&stranger.age_key())];
    let bundle = forge::forge(
        &parts.header,
        &w.coordinator_keys.signing(),
        &parts.items,
        &to(&stranger),
    );
    refused(&mut stranger_db, &bundle, |e| {
        matches!(e, SyncError::ReturnToCoordinator)
    });
}

#[test]
fn a_relayed_op_changed_on_the_way_is_refused() {
    let mut w = world();
    // The coordinator's change on Нурлан's record reaches him…
    edit(&mut w.coordinator, w.nurlans, "status", json!("assessed"));
    let back = export_for(&mut w.coordinator, w.nurlan_keys.device);
    import(&mut w.nurlan, &back, false).unwrap();
    // …and he relays it back with everything he holds, changed.
    let mut all = Vec::new();
    sync::export(&mut w.nurlan, &mut all, true).unwrap();
    let Parts { header, mut items } = forge::open(&all, &w.coordinator_keys.identity);
    let mut changed = false;
    for item in &mut items {
        if let Item::Op(op) = item
            && op.dot.device == w.coordinator_keys.device
            && op.value == json!("assessed")
        {
            op.value = json!("closed");
            changed = true;
        }
    }
    assert!(changed);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    let said = refused(&mut w.coordinator, &bundle, |e| matches!(e, SyncError::Forged(_)));
    assert!(said.contains("not the ones it signed"), "{said}");
    // Even the coordinator cannot change a laptop's op it relays: Dana's
    // record is shared with Нурлан, and her op comes to him changed.
    devices::grant(&mut w.coordinator, w.danas, w.nurlan_keys.device, true).unwrap();
    let back = export_for(&mut w.coordinator, w.nurlan_keys.device);
    let Parts { header, mut items } = forge::open(&back, &w.nurlan_keys.identity);
    for item in &mut items {
        if let Item::Op(op) = item
            && op.dot.device == w.dana_keys.device
            && op.field.as_str() == "surname"
        {
            op.value = json!("Подделка");
        }
    }
    let bundle = forge::forge(
        &header,
        &w.coordinator_keys.signing(),
        &items,
        &to(&w.nurlan_keys),
    );
    refused(&mut w.nurlan, &bundle, |e| matches!(e, SyncError::Forged(_)));
    // Unchanged, the same return bundle is believed.
    assert!(matches!(
        import(&mut w.nurlan, &back, false).unwrap(),
        Imported::Merged { .. }
    ));
    assert_eq!(
        w.nurlan.record(w.danas).unwrap().unwrap().value("surname"),
        Some(&json!("Zarghuna"))
    );
}

#[test]
fn a_forged_redaction_is_refused() {
    let mut w = world();
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let seq = next_seq(&w.nurlan, w.nurlan_keys.device);
    let honest = ops_of(
        w.nurlan_keys.device,
        seq,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    // "Redacted" with a made-up commitment: not the op that was signed.
    let mut made_up = honest[0].clone();
    made_up.value = serde_json::Value::Null;
    made_up.seal = Seal::Redacted(Hash32([3; 32]));
    let mut items = nurlans_run(&w, &honest);
    items[1] = Item::Op(made_up);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| matches!(e, SyncError::Forged(_)));
    // Redacted with the true commitment, of a record nobody erased: a relay
    // stripping values is refused too.
    let stripped = honest[0].redacted();
    assert!(stripped.is_redacted());
    let items = nurlans_run(&w, &[stripped]);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::UnexplainedRedaction)
    });
    // A field an erasure keeps cannot be "redacted".
    let kept = ops_of(
        w.nurlan_keys.device,
        seq,
        w.nurlans,
        "Нурлан",
        &[("sex", json!("female"))],
    );
    let mut fake = kept[0].clone();
    fake.seal = Seal::Redacted(fake.seal.commitment(&fake.value).unwrap());
    fake.value = serde_json::Value::Null;
    let items = nurlans_run(&w, &[fake]);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadOps(_)))
    });
}

#[test]
fn a_clock_at_the_end_of_time_is_refused_and_one_years_ahead_decides_nothing_alone() {
    let mut w = world();
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let seq = next_seq(&w.nurlan, w.nurlan_keys.device);
    let mut end = ops_of(
        w.nurlan_keys.device,
        seq,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    end[0].hlc = Hlc(u64::MAX);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &nurlans_run(&w, &end),
        &to(&w.coordinator_keys),
    );
    let said = refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadOps(_)))
    });
    assert!(said.contains("after the year 6000"), "{said}");
    // Three years ahead: kept, flagged, and listed with the conflicts.
    let three_years = 3 * 365 * 24 * 3600 * 1000;
    let now = Hlc::now_millis();
    let mut ahead = ops_of(
        w.nurlan_keys.device,
        seq,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    ahead[0].hlc = Hlc::from_millis(now + three_years);
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &nurlans_run(&w, &ahead),
        &to(&w.coordinator_keys),
    );
    let done = import(&mut w.coordinator, &bundle, false).unwrap();
    let Imported::Merged { notes, summary, .. } = done else {
        panic!("{done:?}")
    };
    assert_eq!(summary.new_ops, 1);
    let lead = notes.clock_ahead[&w.nurlan_keys.device];
    assert!(lead > three_years - 60_000, "{lead}");
    let lines = intake::sync::summary::note_lines(Texts::get(Lang::En), "Нурлан", &notes);
    assert!(lines.iter().any(|l| l.contains("3 years ahead")), "{lines:?}");
    let listed = intake::sync::summary::peer_warnings(
        Texts::get(Lang::Ru),
        &w.coordinator.peer(w.nurlan_keys.device).unwrap().unwrap(),
    );
    assert!(listed.iter().any(|l| l.contains("3 года")), "{listed:?}");
    // The coordinator's clock moved a day ahead at most; it edits on.
    edit(&mut w.coordinator, w.nurlans, "status", json!("assessed"));
    let newest = w
        .coordinator
        .history(w.nurlans)
        .unwrap()
        .into_iter()
        .find(|e| e.field == "status" && e.new == json!("assessed"))
        .unwrap();
    assert!(
        newest.hlc.millis() <= Hlc::now_millis() + Hlc::AHEAD_MS,
        "{}",
        newest.hlc
    );
    // The field that op decides waits for a person.
    let believable = Hlc::believable_at(Hlc::now_millis());
    let state = w.coordinator.record(w.nurlans).unwrap().unwrap();
    let d = state.disagreements_at(believable);
    assert!(
        d.iter().any(|d| d.field.as_str() == "given_name" && d.ahead),
        "{d:?}"
    );
    assert!(
        w.coordinator
            .conflicted()
            .unwrap()
            .iter()
            .any(|s| s.id == w.nurlans)
    );
    // Keeping its value is a decision: then it is settled.
    edit(&mut w.coordinator, w.nurlans, "given_name", json!("Айгуль"));
    let state = w.coordinator.record(w.nurlans).unwrap().unwrap();
    assert!(
        state
            .disagreements_at(believable)
            .iter()
            .all(|d| d.field.as_str() != "given_name")
    );
}

#[test]
fn the_command_line_lists_a_field_decided_by_a_clock_ahead_until_someone_decides() {
    let data = tempfile::TempDir::new().unwrap();
    let coordinator_keys = Keys::new();
    let mut coordinator =
        coordinator_keys.store_at(&data.path().join("intake.db"), "Aigerim", Role::Coordinator, None);
    let nurlan_keys = Keys::new();
    let mut nurlan = nurlan_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    let id = person(&mut nurlan, "Дуйсенова");
    import(&mut coordinator, &export(&mut nurlan), true).unwrap();
    let header = template(&mut nurlan, &coordinator_keys.identity);
    let seq = next_seq(&nurlan, nurlan_keys.device);
    let mut ahead = ops_of(
        nurlan_keys.device,
        seq,
        id,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    ahead[0].hlc = Hlc::from_millis(Hlc::now_millis() + 365 * 24 * 3600 * 1000);
    let prev = nurlan
        .last_statement(nurlan_keys.device)
        .unwrap()
        .map(|s| s.hash());
    let bundle = forge::forge(
        &header,
        &nurlan_keys.signing(),
        &forge::run(&nurlan_keys.signing(), &ahead, prev),
        &to(&coordinator_keys),
    );
    import(&mut coordinator, &bundle, false).unwrap();
    drop(coordinator);
    let intake = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .env("INTAKE_PASSPHRASE", common::PASS)
            .env("INTAKE_LANG", "en")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let listed: serde_json::Value =
        serde_json::from_str(&intake(&["conflicts", "--format", "json"])).unwrap();
    let fields: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["given_name"]);
    assert_eq!(listed[0]["candidates"][0]["clock_ahead"], true);
    assert!(intake(&["conflicts"]).contains('⚠'));
    intake(&["resolve", &id.to_string(), "given_name", "--value", "\"Айгуль\""]);
    let listed: serde_json::Value =
        serde_json::from_str(&intake(&["conflicts", "--format", "json"])).unwrap();
    assert_eq!(listed, json!([]), "decided now, by the coordinator");
}

#[test]
fn sequence_numbers_beyond_reason_are_refused() {
    let mut w = world();
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let seq = next_seq(&w.nurlan, w.nurlan_keys.device);
    let mut beyond = ops_of(
        w.nurlan_keys.device,
        seq,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    beyond[0].parents = vec![Dot::new(w.nurlan_keys.device, u64::MAX)];
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &nurlans_run(&w, &beyond),
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadOps(_)))
    });
    let mut far = ops_of(
        w.nurlan_keys.device,
        bundle::MAX_SEQ + 1,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Айгуль"))],
    );
    far[0].parents.clear();
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &forge::run(&w.nurlan_keys.signing(), &far, Some(Hash32([5; 32]))),
        &to(&w.coordinator_keys),
    );
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadOps(_)))
    });
    let mut header = header;
    header.sequence = u64::MAX;
    let bundle = forge::forge(&header, &w.nurlan_keys.signing(), &[], &to(&w.coordinator_keys));
    refused(&mut w.coordinator, &bundle, |e| {
        matches!(e, SyncError::Bundle(BundleError::BadHeader(_)))
    });
}

#[test]
fn a_strangers_bundle_numbered_near_the_limit_lists_one_gap() {
    let mut w = world();
    let stranger_keys = Keys::new();
    let mut stranger = stranger_keys.store("Чужой", Role::Field, Some(&w.coordinator_keys));
    person(&mut stranger, "Иванов");
    let Parts { mut header, items } = forge::open(&export(&mut stranger), &w.coordinator_keys.identity);
    header.sequence = bundle::MAX_SEQ;
    let bundle = forge::forge(
        &header,
        &stranger_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    let done = import(&mut w.coordinator, &bundle, false).unwrap();
    assert!(matches!(done, Imported::Quarantined { .. }), "{done:?}");
    let peer = w.coordinator.peer(stranger_keys.device).unwrap().unwrap();
    let gaps = peer.missing();
    assert_eq!(
        (gaps.runs.as_slice(), gaps.count),
        (&[(1, bundle::MAX_SEQ - 1)][..], bundle::MAX_SEQ - 1)
    );
    let shown = intake::sync::summary::describe_peer(Texts::get(Lang::Ru), &peer).join("\n");
    assert!(shown.contains(&format!("1–{}", bundle::MAX_SEQ - 1)), "{shown}");
}

#[test]
fn ops_outside_a_laptops_caseload_are_set_aside_and_listed() {
    let mut w = world();
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let dana_before = w.coordinator.record(w.danas).unwrap().unwrap();
    let registry_before = w.coordinator.record(REGISTRY).unwrap();
    let me = w.nurlan_keys.device;
    let seq = next_seq(&w.nurlan, me);
    let ops = vec![
        forge::op(me, seq, w.danas, "surname", json!("Подделка"), "Нурлан"),
        forge::op(
            me,
            seq + 1,
            w.danas,
            "_erased",
            json!("consent withdrawn"),
            "Нурлан",
        ),
        forge::op(
            me,
            seq + 2,
            w.danas,
            &FieldPath::grant(me).to_string(),
            json!(true),
            "Нурлан",
        ),
        forge::op(
            me,
            seq + 3,
            REGISTRY,
            &intake::domain::registry::enrolment_field(me).to_string(),
            json!({"signing_key": "00".repeat(32), "age_key": "age1x", "worker": "x"}),
            "Нурлан",
        ),
        forge::op(me, seq + 4, w.nurlans, "sex", json!("robot"), "Нурлан"),
        forge::op(me, seq + 5, w.nurlans, "given_name", json!("Айгуль"), "Нурлан"),
    ];
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &nurlans_run(&w, &ops),
        &to(&w.coordinator_keys),
    );
    let done = import(&mut w.coordinator, &bundle, false).unwrap();
    let Imported::Merged { notes, summary, .. } = done else {
        panic!("{done:?}")
    };
    assert_eq!((summary.new_ops, notes.set_aside), (1, 5));
    assert_eq!(
        w.coordinator.record(w.danas).unwrap().unwrap(),
        dana_before,
        "Dana's person untouched"
    );
    assert_eq!(w.coordinator.record(REGISTRY).unwrap(), registry_before);
    assert_eq!(
        w.coordinator
            .record(w.nurlans)
            .unwrap()
            .unwrap()
            .value("given_name"),
        Some(&json!("Айгуль")),
        "the rest of the bundle merges"
    );
    let aside = w.coordinator.set_aside().unwrap();
    let reasons: Vec<(&str, &str)> = aside
        .iter()
        .map(|a| (a.op.field.as_str(), a.reason.as_str()))
        .collect();
    assert_eq!(aside.iter().filter(|a| a.op.dot.device == me).count(), 5);
    assert!(reasons.contains(&("surname", "aside-scope")), "{reasons:?}");
    assert!(reasons.contains(&("_erased", "aside-scope")), "{reasons:?}");
    assert!(reasons.iter().any(|(_, r)| *r == "aside-grant"), "{reasons:?}");
    assert!(reasons.iter().any(|(_, r)| *r == "aside-registry"), "{reasons:?}");
    assert!(reasons.contains(&("sex", "aside-value")), "{reasons:?}");
    // Twice is once.
    let dump = w.coordinator.full_dump().unwrap();
    assert!(matches!(
        import(&mut w.coordinator, &bundle, false).unwrap(),
        Imported::AlreadyImported { .. }
    ));
    assert_eq!(w.coordinator.full_dump().unwrap(), dump);
}

#[test]
fn an_honest_laptop_that_raced_a_reassignment_loses_nothing() {
    let mut w = world();
    devices::grant(&mut w.coordinator, w.danas, w.nurlan_keys.device, true).unwrap();
    import(
        &mut w.nurlan,
        &export_for(&mut w.coordinator, w.nurlan_keys.device),
        false,
    )
    .unwrap();
    edit(&mut w.nurlan, w.danas, "given_name", json!("Айгуль"));
    let done = import(&mut w.coordinator, &export(&mut w.nurlan), false).unwrap();
    assert!(
        matches!(done, Imported::Merged { ref notes, .. } if notes.set_aside == 0),
        "{done:?}"
    );
    // The case goes back to Dana; Нурлан, not knowing yet, edits again.
    devices::grant(&mut w.coordinator, w.danas, w.nurlan_keys.device, false).unwrap();
    edit(&mut w.nurlan, w.danas, "patronymic", json!("Ахмедовна"));
    let done = import(&mut w.coordinator, &export(&mut w.nurlan), false).unwrap();
    let Imported::Merged { notes, .. } = done else {
        panic!("{done:?}")
    };
    assert_eq!(notes.set_aside, 1);
    let aside = w.coordinator.set_aside().unwrap();
    let kept = aside
        .iter()
        .find(|a| a.op.field.as_str() == "patronymic")
        .unwrap();
    assert_eq!(
        (kept.op.record, kept.op.value.clone()),
        (w.danas, json!("Ахмедовна"))
    );
    assert_eq!(
        w.coordinator
            .record(w.danas)
            .unwrap()
            .unwrap()
            .value("patronymic"),
        None
    );
    // Given back to Нурлан, the case takes the edit kept aside.
    let merged = devices::grant(&mut w.coordinator, w.danas, w.nurlan_keys.device, true).unwrap();
    assert_eq!(merged, 1);
    assert!(w.coordinator.set_aside().unwrap().is_empty());
    assert_eq!(
        w.coordinator
            .record(w.danas)
            .unwrap()
            .unwrap()
            .value("patronymic"),
        Some(&json!("Ахмедовна"))
    );
}

#[test]
fn a_receipt_must_name_the_laptops_own_chain() {
    let mut w = world();
    edit(&mut w.nurlan, w.nurlans, "given_name", json!("Айгуль"));
    let back = export_for(&mut w.coordinator, w.nurlan_keys.device);
    let Parts { mut header, items } = forge::open(&back, &w.nurlan_keys.identity);
    // Even signed by the real coordinator, a receipt of a chain Нурлан never
    // signed (or of numbers he never reached) is refused.
    for (upto, chain) in [(2, Hash32([4; 32])), (1_000_000, Hash32([4; 32]))] {
        header.bundle_id = uuid::Uuid::now_v7().to_string();
        header.receipt = Some(bundle::Receipt {
            device: w.nurlan_keys.device,
            upto,
            chain,
        });
        let bundle = forge::forge(
            &header,
            &w.coordinator_keys.signing(),
            &items,
            &to(&w.nurlan_keys),
        );
        let said = refused(&mut w.nurlan, &bundle, |e| {
            matches!(e, SyncError::ForgedReceipt(_))
        });
        assert!(said.contains("never sent"), "{said}");
    }
    let next = sync::export(&mut w.nurlan, Vec::new(), false).unwrap();
    assert_eq!(next.header.ops, 1, "his unsent edit still leaves");
}

#[test]
fn a_forked_laptop_is_refused_and_flagged_until_its_key_is_revoked() {
    let dir = tempfile::TempDir::new().unwrap();
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let keys = Keys::new();
    let path = dir.path().join("nurlan.db");
    let mut nurlan = keys.store_at(&path, "Нурлан", Role::Field, Some(&coordinator_keys));
    let id = person(&mut nurlan, "Дуйсенова");
    import(&mut coordinator, &export(&mut nurlan), true).unwrap();
    // The laptop's disk is copied; both copies go on working.
    drop(nurlan);
    std::fs::copy(&path, dir.path().join("copy.db")).unwrap();
    let open =
        |p: &std::path::Path| Store::open(p, &secrecy::SecretString::from(common::PASS.to_owned())).unwrap();
    let mut nurlan = open(&path);
    let mut copy = open(&dir.path().join("copy.db"));
    edit(&mut nurlan, id, "given_name", json!("Айгуль"));
    edit(&mut copy, id, "given_name", json!("Гульнара"));
    let first = export(&mut nurlan);
    let second = export(&mut copy);
    assert!(matches!(
        import(&mut coordinator, &first, false).unwrap(),
        Imported::Merged { .. }
    ));
    let before = coordinator.full_dump().unwrap();
    let err = import(&mut coordinator, &second, false).unwrap_err();
    assert!(matches!(err.error, SyncError::Fork(..)), "{err}");
    assert!(err.render(Texts::get(Lang::En)).contains("copied"), "{err}");
    assert_eq!(
        people(&coordinator),
        people_of(&before),
        "nothing of the copy merged"
    );
    let peer = coordinator.peer(keys.device).unwrap().unwrap();
    assert!(peer.cloned.is_some());
    let warnings = intake::sync::summary::peer_warnings(Texts::get(Lang::En), &peer);
    assert!(
        warnings.iter().any(|l| l.contains("COPIED LAPTOP")),
        "{warnings:?}"
    );
    // One dot with two contents under the same bundle number too: the
    // copy's next bundle claims the number the other already used.
    edit(&mut copy, id, "patronymic", json!("Ахмедовна"));
    edit(&mut nurlan, id, "patronymic", json!("Бековна"));
    let third = export(&mut nurlan);
    let done = import(&mut coordinator, &third, false).unwrap();
    let Imported::Merged { notes, .. } = done else {
        panic!("{done:?}")
    };
    assert!(notes.cloned.is_some(), "the warning goes on while not revoked");
    // Revoked: the warning gives way to the revocation.
    devices::revoke(&mut coordinator, keys.device, "copied laptop").unwrap();
    let peer = coordinator.peer(keys.device).unwrap().unwrap();
    assert_eq!(peer.trust, Trust::Revoked);
    let warnings = intake::sync::summary::peer_warnings(Texts::get(Lang::En), &peer);
    assert!(
        !warnings.iter().any(|l| l.contains("COPIED"))
            && warnings.iter().any(|l| l.contains("copied laptop")),
        "{warnings:?}"
    );
}

fn people(store: &Store) -> String {
    people_of(&store.canonical_dump().unwrap())
}

fn people_of(dump: &str) -> String {
    dump.lines()
        .filter(|l| (l.starts_with("op ") || l.starts_with("record ")) && !l.contains(&REGISTRY.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ops_made_after_a_revocation_are_refused_everywhere() {
    let mut w = world();
    // A shared case, so that Нурлан's ops reach Dana through the coordinator.
    devices::grant(&mut w.coordinator, w.nurlans, w.dana_keys.device, true).unwrap();
    devices::revoke(&mut w.coordinator, w.nurlan_keys.device, "laptop stolen").unwrap();
    let point = w
        .coordinator
        .peer(w.nurlan_keys.device)
        .unwrap()
        .unwrap()
        .revoked_after()
        .unwrap();
    // The thief's next bundle is refused at the coordinator.
    edit(&mut w.nurlan, w.nurlans, "given_name", json!("Вор"));
    let stolen = export(&mut w.nurlan);
    let said = refused(&mut w.coordinator, &stolen, |e| matches!(e, SyncError::Revoked));
    assert!(said.contains("revoked"), "{said}");
    // The revocation travels: Dana's return bundle carries it…
    let back = export_for(&mut w.coordinator, w.dana_keys.device);
    import(&mut w.dana, &back, false).unwrap();
    let peer = w.dana.peer(w.nurlan_keys.device).unwrap().unwrap();
    assert_eq!(peer.trust, Trust::Revoked);
    let r = peer.revoked.clone().unwrap();
    assert_eq!(
        (r.by.as_str(), r.revocation.reason.as_str(), r.revocation.after),
        ("Aigerim", "laptop stolen", point)
    );
    let shown = intake::sync::summary::describe_peer(Texts::get(Lang::En), &peer).join("\n");
    assert!(
        shown.contains("revoked by Aigerim") && shown.contains("laptop stolen"),
        "{shown}"
    );
    // …and an op Нурлан made after it, relayed to her, is not believed
    // (the relay here holds the coordinator's key).
    let Parts { header, items } = forge::open(&back, &w.dana_keys.identity);
    let late = ops_of(
        w.nurlan_keys.device,
        point + 1,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Вор"))],
    );
    let prev = w
        .dana
        .statements(w.nurlan_keys.device, 1, point)
        .unwrap()
        .into_iter()
        .find(|s| s.last == point)
        .map(|s| s.hash());
    let mut relayed = items.clone();
    relayed.extend(forge::run(&w.nurlan_keys.signing(), &late, prev));
    let mut header = header;
    header.bundle_id = uuid::Uuid::now_v7().to_string();
    header.sequence += 100;
    header.receipt = None;
    let bundle = forge::forge(
        &header,
        &w.coordinator_keys.signing(),
        &relayed,
        &to(&w.dana_keys),
    );
    let done = import(&mut w.dana, &bundle, false).unwrap();
    let Imported::Merged { notes, .. } = done else {
        panic!("{done:?}")
    };
    assert_eq!(notes.after_revocation, 1);
    assert_eq!(
        w.dana.record(w.nurlans).unwrap().unwrap().value("given_name"),
        None
    );
}

#[test]
fn a_number_sent_far_ahead_before_the_theft_keeps_no_numbers_open() {
    let mut w = world();
    devices::grant(&mut w.coordinator, w.nurlans, w.dana_keys.device, true).unwrap();
    // Before the theft is known, the thief sends one op numbered far ahead
    // (its run claims a history the coordinator never saw).
    let header = template(&mut w.nurlan, &w.coordinator_keys.identity);
    let seq = next_seq(&w.nurlan, w.nurlan_keys.device);
    let far = ops_of(
        w.nurlan_keys.device,
        seq + 1000,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Вор"))],
    );
    let bundle = forge::forge(
        &header,
        &w.nurlan_keys.signing(),
        &forge::run(&w.nurlan_keys.signing(), &far, Some(Hash32([9; 32]))),
        &to(&w.coordinator_keys),
    );
    import(&mut w.coordinator, &bundle, false).unwrap();
    // The revocation stops where the unbroken run held ends, not at the far number.
    devices::revoke(&mut w.coordinator, w.nurlan_keys.device, "laptop stolen").unwrap();
    let point = w
        .coordinator
        .peer(w.nurlan_keys.device)
        .unwrap()
        .unwrap()
        .revoked_after()
        .unwrap();
    assert_eq!(point, seq - 1);
    // An op in the skipped numbers, relayed to Dana later, is not believed.
    let back = export_for(&mut w.coordinator, w.dana_keys.device);
    import(&mut w.dana, &back, false).unwrap();
    let Parts { mut header, items } = forge::open(&back, &w.dana_keys.identity);
    let skipped = ops_of(
        w.nurlan_keys.device,
        seq + 500,
        w.nurlans,
        "Нурлан",
        &[("given_name", json!("Вор"))],
    );
    // The relay's runs with Нурлан's replaced by the skipped op's, in the
    // order a reader expects (the sender's first, then by device).
    let mut runs: Vec<(DeviceId, Vec<Item>)> = Vec::new();
    for item in items {
        match &item {
            Item::Statement(st) => runs.push((st.device, vec![item])),
            _ => runs.last_mut().unwrap().1.push(item),
        }
    }
    runs.retain(|(d, _)| *d != w.nurlan_keys.device);
    runs.push((
        w.nurlan_keys.device,
        forge::run(&w.nurlan_keys.signing(), &skipped, Some(Hash32([8; 32]))),
    ));
    let coordinator = w.coordinator_keys.device;
    runs.sort_by_key(|(d, _)| (*d != coordinator, *d));
    let relayed: Vec<Item> = runs.into_iter().flat_map(|(_, items)| items).collect();
    header.bundle_id = uuid::Uuid::now_v7().to_string();
    header.sequence += 100;
    header.receipt = None;
    let bundle = forge::forge(
        &header,
        &w.coordinator_keys.signing(),
        &relayed,
        &to(&w.dana_keys),
    );
    let done = import(&mut w.dana, &bundle, false).unwrap();
    let Imported::Merged { notes, .. } = done else {
        panic!("{done:?}")
    };
    assert_eq!(notes.after_revocation, 1);
    assert!(
        w.dana
            .ops()
            .unwrap()
            .iter()
            .all(|o| o.dot != Dot::new(w.nurlan_keys.device, seq + 500))
    );
}

#[test]
fn names_from_bundles_cannot_drive_the_terminal() {
    let coordinator_keys = Keys::new();
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let keys = Keys::new();
    let evil = "Нурлан\u{1b}[2J\u{1b}]0;pwned\u{7} key 0000 0000\u{202e}";
    let mut laptop = keys.store(evil, Role::Field, Some(&coordinator_keys));
    let id = person(&mut laptop, "Дуйсенова\u{1b}[31m");
    import(&mut coordinator, &export(&mut laptop), true).unwrap();
    let peer = coordinator.peer(keys.device).unwrap().unwrap();
    for lang in Lang::ALL {
        let lines = intake::sync::summary::describe_peer(Texts::get(lang), &peer).join("\n");
        assert!(
            !lines
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{lines:?}"
        );
        assert!(
            lines.contains("\\u{1b}[2J") && lines.contains("\\u{202e}"),
            "{lines}"
        );
    }
    let history = coordinator.history(id).unwrap();
    let shown = intake::domain::visible::visible(&history[0].author);
    assert!(!shown.contains('\u{1b}'));
}

/// Keys as `tests/bad_bundles/keys.txt` keeps them.
fn read_keys(name: &str) -> Keys {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_bundles");
    let text = std::fs::read_to_string(dir.join("keys.txt")).unwrap();
    let line = text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap();
    let parts: Vec<&str> = line.split(' ').collect();
    Keys {
        device: parts[1].parse().unwrap(),
        seed: hex::decode(parts[2]).unwrap().try_into().unwrap(),
        identity: parts[3].to_owned(),
    }
}

/// `intake` under a 1.5 GiB address-space limit.
fn limited(data: &std::path::Path) -> std::process::Command {
    limited_to(data, 1536 << 20)
}

/// `intake` on `data` under a memory limit of `bytes` (of address space).
fn limited_to(data: &std::path::Path, bytes: u64) -> std::process::Command {
    let mut cmd = std::process::Command::new("prlimit");
    cmd.arg(format!("--as={bytes}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_intake"))
        .arg("--data-dir")
        .arg(data)
        .env("INTAKE_PASSPHRASE", common::PASS)
        .env_remove("INTAKE_LANG");
    cmd
}

#[test]
fn a_strangers_bomb_is_kept_unopened_and_refused_when_trusted_under_a_memory_limit() {
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: prlimit (util-linux) is not installed");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_bundles");
    let path = dir.join("strangers-3-gib-line.bundle");
    let coordinator_keys = read_keys("coordinator");
    if std::env::var_os("INTAKE_WRITE_BAD_BUNDLES").is_some() {
        // One line of 3 GiB, compressed as it streams (about 100 KB).
        let stranger = Keys::new();
        let mut encoder = zstd::Encoder::new(Vec::new(), 19).unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..3 * 1024 {
            std::io::Write::write_all(&mut encoder, &chunk).unwrap();
        }
        let section = encoder.finish().unwrap();
        let mut h = forge::header(
            Kind::Device,
            stranger.device,
            "Stranger",
            &stranger.age_key(),
            &[&coordinator_keys.age_key()],
        );
        h.sections = vec![bundle::Section {
            name: "ops".into(),
            bytes: section.len() as u64,
            sha256: bundle::hex(&<sha2::Sha256 as sha2::Digest>::digest(&section)),
            plain_bytes: 1,
        }];
        h.signing_key = bundle::hex(stranger.signing().verifying_key().as_bytes());
        h.key_fingerprint = keys::fingerprint(&stranger.signing().verifying_key());
        let inner = bundle::assemble(
            bundle::FORMAT,
            &serde_json::to_vec(&h).unwrap(),
            &stranger.signing(),
            &[&section],
        );
        std::fs::write(&path, bundle::seal(&inner, &to(&coordinator_keys)).unwrap()).unwrap();
    }
    let bomb = std::fs::read(&path).unwrap();
    assert!(bomb.len() < 400_000, "{} bytes", bomb.len());
    let data = tempfile::TempDir::new().unwrap();
    drop(coordinator_keys.store_at(&data.path().join("intake.db"), "Aigerim", Role::Coordinator, None));
    let dump = |dir: &std::path::Path| {
        Store::open(
            &dir.join("intake.db"),
            &secrecy::SecretString::from(common::PASS.to_owned()),
        )
        .unwrap()
        .full_dump()
        .unwrap()
    };
    // A stranger's bundle is kept as it came, unopened.
    let out = limited(data.path()).arg("import").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not trusted yet"));
    let store = Store::open(
        &data.path().join("intake.db"),
        &secrecy::SecretString::from(common::PASS.to_owned()),
    )
    .unwrap();
    let stranger = store.peers().unwrap()[0].device;
    drop(store);
    // Trusted, it is unpacked — and refused at its first line, in bounded memory.
    let out = limited(data.path())
        .args(["devices", "trust", &stranger.to_string()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("more than Intake accepts"), "{said}");
    let after = dump(data.path());
    assert!(!after.contains("xxxxxxxx"));
    let store = Store::open(
        &data.path().join("intake.db"),
        &secrecy::SecretString::from(common::PASS.to_owned()),
    )
    .unwrap();
    assert!(
        store.quarantined(stranger).unwrap().is_empty(),
        "refused, it leaves quarantine"
    );
    drop(store);
    // On a first import with --trust-new-devices: refused, nothing written.
    let fresh = tempfile::TempDir::new().unwrap();
    drop(coordinator_keys.store_at(
        &fresh.path().join("intake.db"),
        "Aigerim",
        Role::Coordinator,
        None,
    ));
    let before = dump(fresh.path());
    let out = limited(fresh.path())
        .args(["import", "--trust-new-devices"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("more than Intake accepts") && said.contains("Stranger"),
        "{said}"
    );
    assert_eq!(dump(fresh.path()), before);
}

/// The trusted laptop's next op `i` of the memory attack: first values of
/// almost a line each that no field takes (arrays of a million bytes,
/// sixteen times larger once parsed), then a long run of edits to one record.
fn heavy_op(device: DeviceId, first: u64, record: RecordId, i: u64) -> Op {
    const HUGE: u64 = 64;
    let (value, parents) = if i < HUGE {
        (serde_json::Value::Array(vec![json!(0); 500_000]), vec![])
    } else if i == HUGE {
        (json!("ж".repeat(200)), vec![])
    } else {
        (json!("ж".repeat(200)), vec![Dot::new(device, first + i - 1)])
    };
    let mut salt = [0u8; 16];
    salt[..8].copy_from_slice(&i.to_be_bytes());
    Op {
        dot: Dot::new(device, first + i),
        record,
        field: FieldPath::parse("district").unwrap(),
        value,
        seal: Seal::Salt(intake::domain::Salt(salt)),
        parents,
        hlc: Hlc::from_millis(1_764_547_200_000 + i),
        author: "Нурлан".to_owned(),
    }
}

#[test]
fn a_trusted_laptops_heavy_bundle_is_merged_in_bounded_memory() {
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("prlimit is not installed: the memory limit cannot be set; skipped");
        return;
    }
    const OPS: u64 = 64 + 9_000;
    let data = tempfile::TempDir::new().unwrap();
    let coordinator_keys = Keys::new();
    let mut coordinator =
        coordinator_keys.store_at(&data.path().join("intake.db"), "Aigerim", Role::Coordinator, None);
    let keys = Keys::new();
    let mut laptop = keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    person(&mut laptop, "Дуйсенова");
    let first_bundle = export(&mut laptop);
    import(&mut coordinator, &first_bundle, true).unwrap();
    drop(coordinator);
    // Written as the stolen laptop would, streamed (it unpacks to 160 MB).
    let identity: age::x25519::Identity = coordinator_keys.identity.parse().unwrap();
    let previous = bundle::open(&first_bundle[..], &identity).unwrap().hash;
    let device = keys.device;
    let first = next_seq(&laptop, device);
    let record = RecordId::made_on(device, Hlc::from_millis(1_764_547_200_000));
    let mut tree = intake::domain::proof::RootBuilder::new(first, first + OPS - 1);
    for i in 0..OPS {
        tree.leaf(first + i, heavy_op(device, first, record, i).leaf().unwrap())
            .unwrap();
    }
    let prev = laptop.last_statement(device).unwrap().map(|s| s.hash());
    let statement = intake::sync::provenance::sign(
        &keys.signing(),
        device,
        first,
        first + OPS - 1,
        tree.root().unwrap(),
        prev,
    );
    let mut header = forge::header(
        Kind::Device,
        device,
        "Нурлан",
        &keys.age_key(),
        &[&coordinator_keys.age_key()],
    );
    header.signing_key = bundle::hex(keys.signing().verifying_key().as_bytes());
    header.key_fingerprint = keys::fingerprint(&keys.signing().verifying_key());
    header.sequence = 2;
    header.previous = Some(previous);
    let mut each =
        |emit: &mut dyn FnMut(bundle::ItemRef<'_>) -> std::io::Result<()>| -> Result<(), SyncError> {
            emit(bundle::ItemRef::Statement(&statement))?;
            for i in 0..OPS {
                emit(bundle::ItemRef::Op(&heavy_op(device, first, record, i)))?;
            }
            Ok(())
        };
    let path = data.path().join("heavy.bundle");
    let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    bundle::write(
        file,
        header,
        &keys.signing(),
        &to(&coordinator_keys),
        &mut each,
        None,
    )
    .unwrap();
    // Imported as its own process under a 768 MiB limit (one batch of
    // parsed values alone would take a gigabyte).
    let out = limited_to(data.path(), 768 << 20)
        .arg("import")
        .arg(&path)
        .env("INTAKE_LANG", "en")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(
        &data.path().join("intake.db"),
        &secrecy::SecretString::from(common::PASS.to_owned()),
    )
    .unwrap();
    let mut reasons = std::collections::BTreeMap::<String, u64>::new();
    store
        .each_set_aside(|a| {
            *reasons.entry(a.reason).or_default() += 1;
            Ok(())
        })
        .unwrap();
    // The values no field takes are kept aside, as their text; the record
    // took edits until it weighed 4 MB, the rest is kept aside too.
    assert_eq!(reasons.get("aside-value"), Some(&64), "{reasons:?}");
    let full = reasons.get("aside-record-full").copied().unwrap_or(0);
    assert!((500..1_500).contains(&full), "{reasons:?}");
    let kept = store.record(record).unwrap().unwrap();
    assert_eq!(kept.value("district"), Some(&json!("ж".repeat(200))));
    assert!(said.contains("set aside"), "{said}");
}

/// A stranger's bundle carrying changes to `record` (its given name), as
/// the stranger's next bundle after what `stranger` exported so far.
fn strangers_changes_to(
    w: &World,
    stranger: &mut Store,
    keys: &Keys,
    record: RecordId,
    name: &str,
) -> Vec<u8> {
    let header = template(stranger, &w.coordinator_keys.identity);
    let device = keys.device;
    let ops = ops_of(
        device,
        next_seq(stranger, device),
        record,
        "Чужой",
        &[("given_name", json!(name))],
    );
    let prev = stranger.last_statement(device).unwrap().map(|s| s.hash());
    forge::forge(
        &header,
        &keys.signing(),
        &forge::run(&keys.signing(), &ops, prev),
        &to(&w.coordinator_keys),
    )
}

/// An erasure reaches what waits in quarantine: a bundle of a laptop not
/// trusted yet that holds changes to the erased person is dropped, one that
/// arrives after is not kept, one that never touched the person waits on;
/// a person confirmed on two records but erased by the laptop on its own
/// one only is named to the coordinator.
#[test]
fn an_erasure_reaches_bundles_waiting_in_quarantine() {
    let mut w = world();
    let stranger_keys = Keys::new();
    let mut stranger = stranger_keys.store("Чужой", Role::Field, Some(&w.coordinator_keys));
    person(&mut stranger, "Иванов");
    let own = export(&mut stranger);
    let done = import(&mut w.coordinator, &own, false).unwrap();
    assert!(matches!(done, Imported::Quarantined { .. }), "{done:?}");
    let holding = strangers_changes_to(&w, &mut stranger, &stranger_keys, w.nurlans, "Секретная");
    let done = import(&mut w.coordinator, &holding, false).unwrap();
    assert!(matches!(done, Imported::Quarantined { .. }), "{done:?}");
    let waiting = w.coordinator.quarantined(stranger_keys.device).unwrap();
    assert_eq!(waiting.len(), 2);

    // The coordinator confirms Нурлан's and Dana's people as one.
    intake::dedup::judge(
        &mut w.coordinator,
        w.nurlans,
        w.danas,
        Some(intake::dedup::Verdict::Same),
    )
    .unwrap();
    // Нурлан erases his record (consent withdrawn) and sends it.
    let today = chrono::Local::now().date_naive();
    let mut wr = w.nurlan.writer().unwrap();
    intake::erasure::erase(&mut wr, w.nurlans, "consent withdrawn", today).unwrap();
    wr.commit().unwrap();
    let done = import(&mut w.coordinator, &export(&mut w.nurlan), false).unwrap();
    let Imported::Merged { notes, .. } = done else {
        panic!("not merged: {done:?}");
    };
    assert_eq!(notes.erasure.map(|e| e.dropped), Some(1));
    assert_eq!(
        w.coordinator.bundle_status(&waiting[1]).unwrap().as_deref(),
        Some("refused"),
        "noted refused, its parts gone"
    );
    let mut left = Vec::new();
    w.coordinator.copy_quarantined(&waiting[1], &mut left).unwrap();
    assert!(left.is_empty());
    assert_eq!(
        notes.unfinished,
        vec![intake::dedup::person::Unfinished {
            erased: vec![w.nurlans],
            held: vec![w.danas],
        }]
    );
    for lang in Lang::ALL {
        let lines = sync::summary::note_lines(Texts::get(lang), "Нурлан", &notes);
        assert!(
            lines.iter().any(|l| l.contains(&w.danas.to_string())),
            "{lang:?}: {lines:?}"
        );
    }
    // Only the stranger's bundle of its own person waits on.
    assert_eq!(
        w.coordinator.quarantined(stranger_keys.device).unwrap(),
        waiting[..1].to_vec()
    );
    assert!(
        w.coordinator
            .audit_entries(None)
            .unwrap()
            .iter()
            .any(|e| e.action == "quarantine dropped"),
        "the drop is in the audit trail"
    );

    // Changes to the erased person arriving now are not kept, even sealed.
    let later = strangers_changes_to(&w, &mut stranger, &stranger_keys, w.nurlans, "Секретная");
    let before = w.coordinator.full_dump().unwrap();
    let err = import(&mut w.coordinator, &later, false).unwrap_err();
    assert!(matches!(err.error, SyncError::HoldsErased), "{err}");
    // Only noted refused (so that its laptop can be trusted): no byte kept.
    let after = w.coordinator.full_dump().unwrap();
    let added: Vec<&str> = after.lines().filter(|l| !before.contains(l)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(
        added[0].starts_with("bundles ") && added[0].contains(" refused "),
        "{added:?}"
    );
    assert!(before.lines().all(|l| after.contains(l)), "nothing else changed");
    for lang in Lang::ALL {
        assert!(!err.render(Texts::get(lang)).contains('\n'));
    }

    // A line that cannot be read hides nothing: one before the op still
    // counts as holding it.
    let Parts { header, mut items } = forge::open(&later, &w.coordinator_keys.identity);
    let mut garbled = header.clone();
    garbled.bundle_id = uuid::Uuid::now_v7().to_string();
    items.insert(0, items[0].clone());
    let doubled = forge::forge(
        &garbled,
        &stranger_keys.signing(),
        &items,
        &to(&w.coordinator_keys),
    );
    let err = import(&mut w.coordinator, &doubled, false).unwrap_err();
    assert!(matches!(err.error, SyncError::HoldsErased), "{err}");

    // Trusted at last: what waited merges; the dropped one is noted refused.
    let trusted = devices::trust(
        &mut w.coordinator,
        stranger_keys.device,
        &sync::Options::default(),
    )
    .unwrap();
    assert_eq!(trusted.bundles.len(), 1);
    assert!(matches!(trusted.bundles[0], Ok(Imported::Merged { .. })));
}

/// A laptop met first with a bundle holding changes to an erased person is
/// still noted, so that it can be trusted; its bundle then merges erased.
#[test]
fn a_first_bundle_with_changes_to_an_erased_person_leaves_its_laptop_trustable() {
    let mut w = world();
    let today = chrono::Local::now().date_naive();
    let mut wr = w.coordinator.writer().unwrap();
    intake::erasure::erase(&mut wr, w.nurlans, "consent withdrawn", today).unwrap();
    wr.commit().unwrap();
    let stranger_keys = Keys::new();
    let mut stranger = stranger_keys.store("Чужой", Role::Field, Some(&w.coordinator_keys));
    let holding = strangers_changes_to(&w, &mut stranger, &stranger_keys, w.nurlans, "Секретная");
    let err = import(&mut w.coordinator, &holding, false).unwrap_err();
    assert!(matches!(err.error, SyncError::HoldsErased), "{err}");
    assert!(
        w.coordinator.peer(stranger_keys.device).unwrap().is_some(),
        "its laptop is known"
    );
    assert!(
        w.coordinator
            .quarantined(stranger_keys.device)
            .unwrap()
            .is_empty()
    );
    devices::trust(
        &mut w.coordinator,
        stranger_keys.device,
        &sync::Options::default(),
    )
    .unwrap();
    // Its change to the erased record never reaches the record.
    let _ = import(&mut w.coordinator, &holding, false);
    let state = w.coordinator.record(w.nurlans).unwrap().unwrap();
    assert!(state.erased);
    assert_eq!(state.text("given_name"), None);
}
