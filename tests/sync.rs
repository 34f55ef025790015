//! Sync bundles between laptops: export and import, idempotence and order
//! independence, quarantine and trust, and a battery of bad bundles that
//! must each be refused with the database unchanged.

mod common;

use common::Keys;
use ed25519_dalek::SigningKey;
use intake::domain::{FieldPath, Op, RecordId};
use intake::store::{Role, Store, StoreError, Trust};
use intake::sync::bundle::{self, BundleError, Header};
use intake::sync::exchange::{self, Imported, SyncError};
use intake::sync::keys;
use serde_json::json;
use std::str::FromStr;

fn field(name: &str) -> FieldPath {
    FieldPath::parse(name).unwrap()
}

fn add_person(store: &mut Store, surname: &str) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    w.set(id, &field("surname"), json!(surname)).unwrap();
    w.set(id, &field("status"), json!("identified")).unwrap();
    w.commit().unwrap();
    id
}

fn edit(store: &mut Store, id: RecordId, name: &str, value: serde_json::Value) {
    let mut w = store.writer().unwrap();
    w.set(id, &field(name), value).unwrap();
    w.commit().unwrap();
}

fn export(store: &mut Store) -> Vec<u8> {
    let mut out = Vec::new();
    exchange::export(store, &mut out, false).unwrap();
    out
}

fn import(store: &mut Store, bundle: &[u8]) -> Result<Imported, SyncError> {
    exchange::import(store, bundle, false)
}

/// A coordinator and one field laptop that trusts it, with two people recorded.
struct Campaign {
    coordinator_keys: Keys,
    coordinator: Store,
    laptop_keys: Keys,
    laptop: Store,
}

fn campaign() -> Campaign {
    let coordinator_keys = Keys::new();
    let coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    let laptop_keys = Keys::new();
    let mut laptop = laptop_keys.store("Нурлан", Role::Field, Some(&coordinator_keys));
    add_person(&mut laptop, "Дуйсенова");
    add_person(&mut laptop, "Ертаев");
    Campaign {
        coordinator_keys,
        coordinator,
        laptop_keys,
        laptop,
    }
}

#[test]
fn a_bundle_from_a_trusted_laptop_is_merged_once() {
    let mut c = campaign();
    let bundle = export(&mut c.laptop);
    let first = exchange::import(&mut c.coordinator, &bundle[..], true).unwrap();
    let Imported::Merged {
        summary,
        newly_trusted,
        ..
    } = first
    else {
        panic!("{first:?}")
    };
    assert!(newly_trusted);
    assert_eq!(summary.new_records, 2);
    assert_eq!(summary.new_ops, 4);
    assert_eq!(
        c.coordinator.canonical_dump().unwrap(),
        c.laptop.canonical_dump().unwrap()
    );
    let dump = c.coordinator.canonical_dump().unwrap();
    assert_eq!(
        import(&mut c.coordinator, &bundle).unwrap(),
        Imported::AlreadyImported
    );
    assert_eq!(c.coordinator.canonical_dump().unwrap(), dump, "twice is once");
    // The export is in the laptop's audit trail.
    let trail = c.laptop.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, who, what, _)| who == "Нурлан" && what == "export")
    );
}

#[test]
fn an_unknown_device_is_quarantined_until_trusted() {
    let mut c = campaign();
    let bundle = export(&mut c.laptop);
    let before = c.coordinator.canonical_dump().unwrap();
    let got = import(&mut c.coordinator, &bundle).unwrap();
    let expected = keys::fingerprint(&c.laptop_keys.signing().verifying_key());
    assert_eq!(
        got,
        Imported::Quarantined {
            device: c.laptop_keys.device,
            fingerprint: expected
        }
    );
    assert_eq!(c.coordinator.canonical_dump().unwrap(), before, "nothing merged");
    let peers = c.coordinator.peers().unwrap();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].trust, Trust::Unknown);
    let merged = exchange::trust(&mut c.coordinator, c.laptop_keys.device).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(
        c.coordinator.canonical_dump().unwrap(),
        c.laptop.canonical_dump().unwrap()
    );
    assert_eq!(
        import(&mut c.coordinator, &bundle).unwrap(),
        Imported::AlreadyImported
    );
}

#[test]
fn later_bundles_carry_only_new_ops_and_any_order_gives_the_same_database() {
    let mut c = campaign();
    let first = export(&mut c.laptop);
    let id = add_person(&mut c.laptop, "Ким");
    edit(&mut c.laptop, id, "given_name", json!("Анна"));
    let second = export(&mut c.laptop);
    // A second laptop edits too.
    let other_keys = Keys::new();
    let mut other = other_keys.store("Dana", Role::Field, Some(&c.coordinator_keys));
    add_person(&mut other, "Zarghuna");
    let third = export(&mut other);
    let orders: [[&Vec<u8>; 3]; 3] = [
        [&first, &second, &third],
        [&third, &second, &first],
        [&second, &third, &first],
    ];
    let mut dumps = Vec::new();
    for order in orders {
        let mut coordinator = c.coordinator_keys.store("Aigerim", Role::Coordinator, None);
        for bundle in order {
            exchange::import(&mut coordinator, &bundle[..], true).unwrap();
        }
        // Again, all of them: nothing changes.
        let dump = coordinator.canonical_dump().unwrap();
        for bundle in order {
            assert_eq!(
                import(&mut coordinator, bundle).unwrap(),
                Imported::AlreadyImported
            );
        }
        assert_eq!(coordinator.canonical_dump().unwrap(), dump);
        dumps.push(dump);
    }
    assert!(dumps.windows(2).all(|w| w[0] == w[1]));
    // The gap: the second bundle of the laptop without its first.
    let mut coordinator = c.coordinator_keys.store("Aigerim", Role::Coordinator, None);
    exchange::import(&mut coordinator, &second[..], true).unwrap();
    let peer = coordinator.peer(c.laptop_keys.device).unwrap().unwrap();
    assert_eq!(peer.sequences, [2]);
    assert_eq!(peer.missing(), [1]);
}

#[test]
fn exporting_without_a_coordinator_key_says_how_to_add_one() {
    let keys = Keys::new();
    let mut laptop = keys.store("Нурлан", Role::Field, None);
    let err = exchange::export(&mut laptop, Vec::new(), false).unwrap_err();
    assert!(matches!(err, SyncError::NoCoordinatorKey));
    assert!(err.to_string().contains("intake keys set-coordinator"));
}

/// The parts of a good bundle, to forge bad ones from.
struct Parts {
    inner: Vec<u8>,
    header: Header,
}

fn parts(c: &Campaign, bundle: &[u8]) -> Parts {
    let identity = age::x25519::Identity::from_str(&c.coordinator_keys.identity).unwrap();
    let inner = bundle::decrypt(bundle, &identity, bundle::Limits::default()).unwrap();
    let verified = bundle::verify(&inner, bundle::Limits::default()).unwrap();
    Parts {
        inner,
        header: verified.header,
    }
}

fn recipient(keys: &Keys) -> age::x25519::Recipient {
    keys::parse_recipient(&keys.age_key()).unwrap()
}

/// A bundle from a header and payload, signed by `signer`, sealed to the coordinator.
fn forge(c: &Campaign, format: &str, header: &Header, signer: &SigningKey, payload: &[u8]) -> Vec<u8> {
    let header = serde_json::to_vec(header).unwrap();
    let inner = bundle::assemble(format, &header, signer, payload);
    bundle::seal(&inner, &[recipient(&c.coordinator_keys)]).unwrap()
}

fn payload(p: &Parts) -> Vec<u8> {
    p.inner[bundle::payload_offset(&p.inner).unwrap()..].to_vec()
}

/// A payload of JSON lines, compressed, with its header fields set.
fn with_ops(header: &Header, ops: &[Op]) -> (Header, Vec<u8>) {
    let mut plain = Vec::new();
    for op in ops {
        plain.extend(serde_json::to_vec(op).unwrap());
        plain.push(b'\n');
    }
    let compressed = zstd::encode_all(&plain[..], 3).unwrap();
    let mut h = header.clone();
    h.payload_sha256 = bundle::hex(&<sha2::Sha256 as sha2::Digest>::digest(&compressed));
    h.payload_bytes = compressed.len() as u64;
    h.plain_bytes = plain.len() as u64;
    h.ops = ops.len() as u64;
    (h, compressed)
}

/// Whether a refusal is the one expected.
type Expected = fn(&SyncError) -> bool;

/// A refusal's kind, as `tests/bad_bundles/refusals.txt` names it.
fn kind(e: &SyncError) -> &'static str {
    match e {
        SyncError::Bundle(b) => match b {
            BundleError::NotABundle => "not-a-bundle",
            BundleError::WrongRecipient => "wrong-recipient",
            BundleError::Damaged => "damaged",
            BundleError::UnknownFormat(_) => "unknown-format",
            BundleError::TooLarge(_) => "too-large",
            BundleError::BadHeader(_) => "bad-header",
            BundleError::BadSignature => "bad-signature",
            BundleError::PayloadHash => "payload-hash",
            BundleError::Bomb => "bomb",
            BundleError::BadOps(_) => "bad-ops",
            _ => "other",
        },
        SyncError::Store(StoreError::Equivocation(_)) => "equivocation",
        SyncError::KeyMismatch(_) => "key-mismatch",
        SyncError::Revoked(_) => "revoked",
        _ => "other",
    }
}

/// Keys as `tests/bad_bundles/keys.txt` keeps them.
fn read_keys(text: &str, name: &str) -> Keys {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in keys.txt"));
    let parts: Vec<&str> = line.split(' ').collect();
    let seed: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&parts[2][2 * i..2 * i + 2], 16).unwrap())
        .collect();
    Keys {
        device: parts[1].parse().unwrap(),
        seed: seed.try_into().unwrap(),
        identity: parts[3].to_owned(),
    }
}

#[test]
fn the_bad_bundles_folder_is_refused_file_by_file() {
    // tests/bad_bundles/: the refusals of the test below, kept as files
    // (regenerate with INTAKE_WRITE_BAD_BUNDLES=1 cargo test --test sync).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_bundles");
    let keys = std::fs::read_to_string(dir.join("keys.txt")).unwrap();
    let coordinator_keys = read_keys(&keys, "coordinator");
    let mut coordinator = coordinator_keys.store("Aigerim", Role::Coordinator, None);
    for setup in ["setup-1.ok", "setup-2.ok"] {
        let bytes = std::fs::read(dir.join(setup)).unwrap();
        let done = exchange::import(&mut coordinator, &bytes[..], true).unwrap();
        assert!(matches!(done, Imported::Merged { .. }), "{setup}: {done:?}");
    }
    let before = coordinator.canonical_dump().unwrap();
    let listed = std::fs::read_to_string(dir.join("refusals.txt")).unwrap();
    assert!(listed.lines().count() >= 20);
    for line in listed.lines() {
        let (file, expected) = line.split_once(' ').unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let err = match exchange::import(&mut coordinator, &bytes[..], false) {
            Err(e) => e,
            Ok(done) => panic!("{file}: accepted as {done:?}"),
        };
        assert_eq!(kind(&err), expected, "{file}: {err}");
        assert_eq!(
            coordinator.canonical_dump().unwrap(),
            before,
            "{file} changed the database"
        );
    }
    // The laptop's good bundle goes in; revoked, it would not have.
    let laptop = read_keys(&keys, "laptop");
    let fresh = std::fs::read(dir.join("fresh.ok")).unwrap();
    coordinator.set_trust(laptop.device, Trust::Revoked).unwrap();
    let err = exchange::import(&mut coordinator, &fresh[..], false).unwrap_err();
    assert_eq!(kind(&err), "revoked");
    assert_eq!(coordinator.canonical_dump().unwrap(), before);
    coordinator.set_trust(laptop.device, Trust::Trusted).unwrap();
    let done = exchange::import(&mut coordinator, &fresh[..], false).unwrap();
    assert!(matches!(done, Imported::Merged { .. }));
}

#[test]
fn every_bad_bundle_is_refused_with_the_database_unchanged() {
    let mut c = campaign();
    let good = export(&mut c.laptop);
    // The coordinator knows this laptop and a second one.
    exchange::import(&mut c.coordinator, &good[..], true).unwrap();
    let other_keys = Keys::new();
    let mut other = other_keys.store("Dana", Role::Field, Some(&c.coordinator_keys));
    add_person(&mut other, "Zarghuna");
    let other_bundle = export(&mut other);
    exchange::import(&mut c.coordinator, &other_bundle[..], true).unwrap();
    // A new bundle of the laptop, not imported yet, to damage.
    let id = add_person(&mut c.laptop, "Ким");
    edit(&mut c.laptop, id, "given_name", json!("Анна"));
    let fresh = export(&mut c.laptop);
    let p = parts(&c, &fresh);
    let signer = c.laptop_keys.signing();

    let mut bad: Vec<(String, Vec<u8>, Expected)> = Vec::new();
    bad.push(("not a bundle".into(), b"surname,given_name\n".to_vec(), |e| {
        matches!(e, SyncError::Bundle(BundleError::NotABundle))
    }));
    bad.push(("empty".into(), Vec::new(), |e| {
        matches!(e, SyncError::Bundle(BundleError::NotABundle))
    }));
    for cut in [1, 10, 50, 200, fresh.len() / 2, fresh.len() - 17, fresh.len() - 1] {
        bad.push((format!("truncated at {cut}"), fresh[..cut].to_vec(), |e| {
            matches!(
                e,
                SyncError::Bundle(BundleError::NotABundle | BundleError::Damaged)
            )
        }));
    }
    for at in [
        0,
        30,
        100,
        fresh.len() / 3,
        fresh.len() / 2,
        fresh.len() - 20,
        fresh.len() - 1,
    ] {
        let mut flipped = fresh.clone();
        flipped[at] ^= 0x04;
        bad.push((format!("bit flipped at {at}"), flipped, |e| {
            matches!(
                e,
                SyncError::Bundle(
                    BundleError::NotABundle | BundleError::Damaged | BundleError::WrongRecipient
                )
            )
        }));
    }
    let stranger = Keys::new();
    bad.push((
        "encrypted to another coordinator".into(),
        bundle::seal(&p.inner, &[recipient(&stranger)]).unwrap(),
        |e| matches!(e, SyncError::Bundle(BundleError::WrongRecipient)),
    ));
    let mut stripped = p.inner.clone();
    let sig_at = bundle::payload_offset(&p.inner).unwrap() - 64;
    stripped[sig_at..sig_at + 64].fill(0);
    bad.push((
        "signature stripped".into(),
        bundle::seal(&stripped, &[recipient(&c.coordinator_keys)]).unwrap(),
        |e| matches!(e, SyncError::Bundle(BundleError::BadSignature)),
    ));
    let mut changed = p.header.clone();
    changed.worker = "Someone Else".into();
    let mut resigned = bundle::assemble(
        bundle::FORMAT,
        &serde_json::to_vec(&changed).unwrap(),
        &signer,
        &payload(&p),
    );
    // Keep the original signature over the changed header.
    let orig_sig = &p.inner[sig_at..sig_at + 64];
    let new_sig_at = bundle::payload_offset(&resigned).unwrap() - 64;
    resigned[new_sig_at..new_sig_at + 64].copy_from_slice(orig_sig);
    bad.push((
        "header changed after signing".into(),
        bundle::seal(&resigned, &[recipient(&c.coordinator_keys)]).unwrap(),
        |e| matches!(e, SyncError::Bundle(BundleError::BadSignature)),
    ));
    // The laptop's device id, signed by the other enrolled laptop's key.
    let mut impostor = p.header.clone();
    impostor.signing_key = bundle::hex(other_keys.signing().verifying_key().as_bytes());
    impostor.key_fingerprint = keys::fingerprint(&other_keys.signing().verifying_key());
    bad.push((
        "signed with another enrolled device's key".into(),
        forge(&c, bundle::FORMAT, &impostor, &other_keys.signing(), &payload(&p)),
        |e| matches!(e, SyncError::KeyMismatch(_)),
    ));
    let mut tampered = payload(&p);
    let last = tampered.len() - 3;
    tampered[last] ^= 0x01;
    bad.push((
        "payload changed".into(),
        forge(&c, bundle::FORMAT, &p.header, &signer, &tampered),
        |e| matches!(e, SyncError::Bundle(BundleError::PayloadHash)),
    ));
    let mut future = p.header.clone();
    future.format = "intake-bundle/2".into();
    bad.push((
        "unknown major format version".into(),
        forge(&c, "intake-bundle/2", &future, &signer, &payload(&p)),
        |e| matches!(e, SyncError::Bundle(BundleError::UnknownFormat(_))),
    ));
    // Equivocation: an op the coordinator has, same dot, other content.
    let known = c.coordinator.ops().unwrap();
    let mut twisted = known
        .iter()
        .find(|o| o.dot.device == c.laptop_keys.device)
        .unwrap()
        .clone();
    twisted.value = json!("Другая");
    let mut eq_header = p.header.clone();
    eq_header.bundle_id = uuid::Uuid::now_v7().to_string();
    eq_header.ranges = vec![bundle::Range {
        device: twisted.dot.device,
        first: twisted.dot.seq,
        last: twisted.dot.seq,
        count: 1,
    }];
    let (eq_header, eq_payload) = with_ops(&eq_header, &[twisted]);
    bad.push((
        "the same dot with different content".into(),
        forge(&c, bundle::FORMAT, &eq_header, &signer, &eq_payload),
        |e| matches!(e, SyncError::Store(StoreError::Equivocation(_))),
    ));
    // A bomb: 64 MB of newlines declared as 10 bytes.
    let zeros = zstd::encode_all(&vec![b'\n'; 64 << 20][..], 19).unwrap();
    let mut bomb = p.header.clone();
    bomb.payload_sha256 = bundle::hex(&<sha2::Sha256 as sha2::Digest>::digest(&zeros));
    bomb.payload_bytes = zeros.len() as u64;
    bomb.plain_bytes = 10;
    bad.push((
        "decompression bomb".into(),
        forge(&c, bundle::FORMAT, &bomb, &signer, &zeros),
        |e| matches!(e, SyncError::Bundle(BundleError::Bomb)),
    ));
    let mut absurd = p.header.clone();
    absurd.plain_bytes = u64::MAX / 2;
    bad.push((
        "absurd declared size".into(),
        forge(&c, bundle::FORMAT, &absurd, &signer, &payload(&p)),
        |e| matches!(e, SyncError::Bundle(BundleError::TooLarge(_))),
    ));

    // Written to a folder, as they would arrive on a USB stick.
    let folder = tempfile::TempDir::new().unwrap();
    let before = c.coordinator.canonical_dump().unwrap();
    let mut kinds = Vec::new();
    for (name, bytes, expected) in &bad {
        let path = folder.path().join(format!("{}.bundle", name.replace(' ', "-")));
        std::fs::write(&path, bytes).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let err = match exchange::import(&mut c.coordinator, file, false) {
            Err(e) => e,
            Ok(done) => panic!("{name}: accepted as {done:?}"),
        };
        assert!(expected(&err), "{name}: refused for the wrong reason: {err}");
        kinds.push(kind(&err));
        let sentence = err.to_string();
        assert!(
            !sentence.is_empty() && !sentence.contains('\n'),
            "{name}: {sentence}"
        );
        assert_eq!(
            c.coordinator.canonical_dump().unwrap(),
            before,
            "{name} changed the database"
        );
    }
    // INTAKE_WRITE_BAD_BUNDLES=1 keeps them in tests/bad_bundles/, with
    // the (test-only) keys that read them; the next test checks that folder.
    if std::env::var_os("INTAKE_WRITE_BAD_BUNDLES").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_bundles");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let keys: String = [
            ("coordinator", &c.coordinator_keys),
            ("laptop", &c.laptop_keys),
            ("other", &other_keys),
        ]
        .iter()
        .map(|(name, k)| format!("{name} {} {} {}\n", k.device, bundle::hex(&k.seed), k.identity))
        .collect();
        std::fs::write(dir.join("keys.txt"), keys).unwrap();
        std::fs::write(dir.join("setup-1.ok"), &good).unwrap();
        std::fs::write(dir.join("setup-2.ok"), &other_bundle).unwrap();
        std::fs::write(dir.join("fresh.ok"), &fresh).unwrap();
        let mut listed = String::new();
        for ((name, bytes, _), kind) in bad.iter().zip(&kinds) {
            let file = format!("{}.bundle", name.replace(' ', "-").replace('\'', ""));
            std::fs::write(dir.join(&file), bytes).unwrap();
            listed.push_str(&format!("{file} {kind}\n"));
        }
        std::fs::write(dir.join("refusals.txt"), listed).unwrap();
    }
    // A revoked device's good bundle.
    c.coordinator
        .set_trust(c.laptop_keys.device, Trust::Revoked)
        .unwrap();
    let err = import(&mut c.coordinator, &fresh).unwrap_err();
    assert!(matches!(err, SyncError::Revoked(_)), "{err}");
    assert_eq!(c.coordinator.canonical_dump().unwrap(), before);
    // Trusted again, the same good bundle goes in.
    c.coordinator
        .set_trust(c.laptop_keys.device, Trust::Trusted)
        .unwrap();
    assert!(matches!(
        import(&mut c.coordinator, &fresh).unwrap(),
        Imported::Merged { .. }
    ));
}

#[test]
fn a_return_bundle_brings_the_coordinators_changes_and_a_receipt() {
    let mut c = campaign();
    let first = export(&mut c.laptop);
    exchange::import(&mut c.coordinator, &first[..], true).unwrap();
    // The coordinator moves one of the laptop's cases on.
    let record = c.laptop.ops().unwrap()[0].record;
    edit(&mut c.coordinator, record, "status", json!("assessed"));
    let mut back = Vec::new();
    let sent = exchange::export_for(&mut c.coordinator, &mut back, c.laptop_keys.device).unwrap();
    assert_eq!(sent.header.ops, 1, "only what the laptop does not have");
    assert!(!sent.header.receipt.is_empty());
    // On the laptop: the coordinator is new there, trusted on the way.
    let got = exchange::import(&mut c.laptop, &back[..], true).unwrap();
    assert!(matches!(got, Imported::Merged { .. }), "{got:?}");
    let state = c.laptop.record(record).unwrap().unwrap();
    assert_eq!(state.value("status"), Some(&json!("assessed")));
    assert_eq!(
        c.laptop.canonical_dump().unwrap(),
        c.coordinator.canonical_dump().unwrap()
    );
    // Everything is acknowledged: the next bundle carries only what is new.
    let empty = exchange::export(&mut c.laptop, Vec::new(), false).unwrap();
    assert_eq!(empty.header.ops, 0);
    edit(&mut c.laptop, record, "given_name", json!("Айгуль"));
    let next = exchange::export(&mut c.laptop, Vec::new(), false).unwrap();
    assert_eq!(next.header.ops, 1);
    assert_eq!(
        exchange::export(&mut c.laptop, Vec::new(), true)
            .unwrap()
            .header
            .ops,
        6
    );
    // A return bundle for another laptop is refused here.
    let other_keys = Keys::new();
    let mut other = other_keys.store("Dana", Role::Field, Some(&c.coordinator_keys));
    add_person(&mut other, "Zarghuna");
    exchange::import(&mut c.coordinator, &export(&mut other)[..], true).unwrap();
    let mut for_other = Vec::new();
    exchange::export_for(&mut c.coordinator, &mut for_other, other_keys.device).unwrap();
    let inner = bundle::decrypt(
        &for_other[..],
        &age::x25519::Identity::from_str(&other_keys.identity).unwrap(),
        bundle::Limits::default(),
    )
    .unwrap();
    let resealed = bundle::seal(&inner, &[recipient(&c.laptop_keys)]).unwrap();
    let err = import(&mut c.laptop, &resealed).unwrap_err();
    assert!(
        matches!(err, SyncError::ForAnotherDevice(_) | SyncError::NotForUs),
        "{err}"
    );
}

#[test]
fn an_erasure_redacts_the_log_everywhere_and_every_later_op() {
    let mut c = campaign();
    let record = c.laptop.ops().unwrap()[0].record;
    edit(&mut c.laptop, record, "oblast", json!("KZ-75"));
    edit(&mut c.laptop, record, "sex", json!("female"));
    edit(&mut c.laptop, record, "birth_date", json!("1985-03-09"));
    exchange::import(&mut c.coordinator, &export(&mut c.laptop)[..], true).unwrap();
    // Consent withdrawn: the coordinator erases; meanwhile the laptop adds a name.
    edit(&mut c.coordinator, record, "_erased", json!("consent withdrawn"));
    edit(&mut c.laptop, record, "given_name", json!("Айгуль"));
    exchange::import(&mut c.coordinator, &export(&mut c.laptop)[..], true).unwrap();
    let mut back = Vec::new();
    exchange::export_for(&mut c.coordinator, &mut back, c.laptop_keys.device).unwrap();
    exchange::import(&mut c.laptop, &back[..], true).unwrap();
    for store in [&c.coordinator, &c.laptop] {
        let state = store.record(record).unwrap().unwrap();
        assert!(state.erased);
        assert_eq!(state.value("surname"), None);
        assert_eq!(state.value("given_name"), None, "the later op is redacted too");
        assert_eq!(state.value("birth_date"), None);
        assert_eq!(state.value("oblast"), Some(&json!("KZ-75")));
        assert_eq!(state.value("sex"), Some(&json!("female")));
        let dump = store.canonical_dump().unwrap();
        assert!(!dump.contains("Дуйсенова") && !dump.contains("Айгуль") && !dump.contains("1985-03-09"));
        let found = store
            .records(&intake::store::RecordQuery {
                search: Some("Дуйсенова".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(found.is_empty());
    }
    assert_eq!(
        c.laptop.canonical_dump().unwrap(),
        c.coordinator.canonical_dump().unwrap()
    );
}

#[test]
fn the_reference_age_tool_opens_a_bundle_with_the_coordinators_identity() {
    // Interoperability: the envelope is plain age, so a coordinator can
    // open a bundle without Intake (`age -d -i identity.txt file.bundle`).
    if std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs the age tool for this test (.ci/run installs it)"
        );
        eprintln!("skipped: the age command-line tool is not installed");
        return;
    }
    let mut c = campaign();
    let dir = tempfile::TempDir::new().unwrap();
    let bundle = dir.path().join("laptop.bundle");
    std::fs::write(&bundle, export(&mut c.laptop)).unwrap();
    let identity = dir.path().join("identity.txt");
    std::fs::write(&identity, format!("{}\n", c.coordinator_keys.identity)).unwrap();
    let out = std::process::Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity)
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(b"intake-bundle/1\n"));
    let verified = bundle::verify(&out.stdout, bundle::Limits::default()).unwrap();
    assert_eq!(verified.ops, c.laptop.ops().unwrap());
}

#[test]
fn a_bundle_cut_at_any_byte_or_with_any_byte_flipped_is_refused() {
    let mut c = campaign();
    exchange::import(&mut c.coordinator, &export(&mut c.laptop)[..], true).unwrap();
    add_person(&mut c.laptop, "Ким");
    let fresh = export(&mut c.laptop);
    let before = c.coordinator.canonical_dump().unwrap();
    for cut in 0..fresh.len() {
        assert!(
            import(&mut c.coordinator, &fresh[..cut]).is_err(),
            "cut at {cut} accepted"
        );
    }
    for at in 0..fresh.len() {
        let mut flipped = fresh.clone();
        flipped[at] ^= 1 << (at % 8);
        assert!(
            import(&mut c.coordinator, &flipped).is_err(),
            "flip at {at} accepted"
        );
    }
    assert_eq!(c.coordinator.canonical_dump().unwrap(), before);
    assert!(matches!(
        import(&mut c.coordinator, &fresh).unwrap(),
        Imported::Merged { .. }
    ));
}

#[test]
fn a_deletion_that_missed_an_edit_is_a_conflict_until_settled() {
    let mut c = campaign();
    let record = c.laptop.ops().unwrap()[0].record;
    exchange::import(&mut c.coordinator, &export(&mut c.laptop)[..], true).unwrap();
    // The laptop deletes the record while the coordinator edits it.
    let mut w = c.laptop.writer().unwrap();
    w.delete_record(record).unwrap();
    w.commit().unwrap();
    edit(&mut c.coordinator, record, "given_name", json!("Айгуль"));
    exchange::import(&mut c.coordinator, &export(&mut c.laptop)[..], true).unwrap();
    let state = c.coordinator.record(record).unwrap().unwrap();
    assert!(state.is_deleted());
    let d = state.disagreements();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].field.as_str(), "_deleted");
    assert_eq!(d[0].candidates.len(), 2, "the deletion and the edit it missed");
    assert_eq!(c.coordinator.conflicted().unwrap().len(), 1);
    // Kept after all: the record is back.
    edit(&mut c.coordinator, record, "_deleted", json!(false));
    let state = c.coordinator.record(record).unwrap().unwrap();
    assert!(!state.is_deleted() && state.disagreements().is_empty());
    assert!(c.coordinator.conflicted().unwrap().is_empty());
}

#[test]
fn an_escrow_key_can_open_every_bundle_too() {
    let mut c = campaign();
    let escrow = Keys::new();
    let mut out = Vec::new();
    let sent = exchange::export_with_escrow(&mut c.laptop, &mut out, false, &[escrow.age_key()]).unwrap();
    assert_eq!(sent.header.recipients.len(), 2);
    let identity = age::x25519::Identity::from_str(&escrow.identity).unwrap();
    let inner = bundle::decrypt(&out[..], &identity, bundle::Limits::default()).unwrap();
    assert_eq!(
        bundle::verify(&inner, bundle::Limits::default())
            .unwrap()
            .ops
            .len(),
        4
    );
    // The coordinator still opens it.
    assert!(matches!(
        exchange::import(&mut c.coordinator, &out[..], true).unwrap(),
        Imported::Merged { .. }
    ));
}
