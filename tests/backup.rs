//! Backups and restores as a coordinator and a field worker make them: a
//! backup taken while another connection writes is one consistent
//! snapshot (whole transactions only) and, restored, holds exactly the
//! ops and records of the database it was made from; a restored laptop is
//! a new device that never reuses the old one's op numbers; the recovery
//! key opens a backup whose passphrase is forgotten; bad files, a wrong
//! passphrase or identity, an existing database and a coordinator's
//! backup are refused with one sentence and nothing written.

#[path = "common/cli.rs"]
mod cli;
use cli::{PASS, initialised, intake};

use intake::backup::{self, BackupError, Unlock};
use intake::domain::FieldPath;
use intake::store::{Role, Store};
use predicates::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use tempfile::TempDir;

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

/// A field laptop's database with `people` records at `dir/intake.db`.
fn laptop(dir: &Path, people: usize) -> Store {
    let path = dir.join("intake.db");
    let mut store = Store::create(&path, &secret(PASS)).unwrap();
    intake::testing::with_role(&mut store, "Нурлан", Role::Field);
    add_people(&mut store, people, "Первая");
    store
}

fn add_people(store: &mut Store, people: usize, surname: &str) {
    let mut w = store.writer().unwrap();
    for i in 0..people {
        let id = w.create_record().unwrap();
        w.set(
            id,
            &FieldPath::parse("surname").unwrap(),
            json!(format!("{surname} {i}")),
        )
        .unwrap();
        w.set(id, &FieldPath::parse("sex").unwrap(), json!("female"))
            .unwrap();
    }
    w.commit().unwrap();
}

/// Every op as (device, seq, record, field, value), sorted: what the log
/// holds, whatever the device this database is now.
fn ops(store: &Store) -> Vec<(String, u64, String, String, String)> {
    let mut all = Vec::new();
    store
        .each_op(&mut |op| {
            all.push((
                op.dot.device.to_string(),
                op.dot.seq,
                op.record.to_string(),
                op.field.to_string(),
                op.value.to_string(),
            ));
            Ok(())
        })
        .unwrap();
    all.sort();
    all
}

fn records(store: &Store) -> usize {
    store
        .count_records(&intake::store::RecordQuery::default(), None)
        .unwrap()
}

#[test]
fn a_backup_taken_while_another_window_writes_is_one_snapshot_and_restores_exactly() {
    let dir = TempDir::new().unwrap();
    let mut store = laptop(dir.path(), 200);
    let db = dir.path().join("intake.db");
    // Another window writes batches of 10 people (20 ops) all the time.
    let stop = Arc::new(AtomicBool::new(false));
    let started = Arc::new(Barrier::new(2));
    let writer = {
        let (db, stop, started) = (db.clone(), stop.clone(), started.clone());
        std::thread::spawn(move || {
            let mut other = Store::open(&db, &secret(PASS)).unwrap();
            let mut batches = 0;
            started.wait();
            while !stop.load(Ordering::Relaxed) || batches < 3 {
                add_people(&mut other, 10, "Другая");
                batches += 1;
                // A window writes as fast as a person types, not in a tight
                // loop that never lets another writer in within its
                // 5-second wait (seen on a loaded CI machine).
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            batches
        })
    };
    started.wait();
    let out = dir.path().join("while-writing.backup");
    let written = backup::write(&mut store, &db, &secret(PASS), &out).unwrap();
    stop.store(true, Ordering::Relaxed);
    let batches = writer.join().unwrap();
    assert!(!written.recoverable);
    // Restored elsewhere: the writer's batches are in it whole or not at all.
    let elsewhere = TempDir::new().unwrap();
    let restored_db = elsewhere.path().join("intake.db");
    backup::restore(&out, &restored_db, &Unlock::Passphrase(secret(PASS))).unwrap();
    let restored = Store::open(&restored_db, &secret(PASS)).unwrap();
    let in_backup = ops(&restored);
    let now = ops(&store);
    assert!(
        in_backup.iter().all(|op| now.binary_search(op).is_ok()),
        "nothing made up"
    );
    assert_eq!(
        (in_backup.len() - 400) % 20,
        0,
        "whole transactions only: {}",
        in_backup.len()
    );
    assert_eq!(records(&restored), in_backup.len() / 2);
    assert!(batches >= 3);
    // Once the writer has stopped, a backup holds exactly what the database does.
    let out = dir.path().join("after.backup");
    backup::write(&mut store, &db, &secret(PASS), &out).unwrap();
    let again = TempDir::new().unwrap();
    let again_db = again.path().join("intake.db");
    backup::restore(&out, &again_db, &Unlock::Passphrase(secret(PASS))).unwrap();
    let restored = Store::open(&again_db, &secret(PASS)).unwrap();
    assert_eq!(ops(&restored), ops(&store));
    assert_eq!(records(&restored), records(&store));
    let last = store.setting(intake::store::LAST_BACKUP_SETTING).unwrap();
    assert!(last.is_some(), "the backup is noted for the reminder");
    assert!(
        store
            .audit_trail()
            .unwrap()
            .iter()
            .filter(|t| t.2 == "backup")
            .count()
            == 2,
        "both backups audited"
    );
}

#[test]
fn a_restored_laptop_is_a_new_device_and_never_reuses_the_old_ones_op_numbers() {
    let dir = TempDir::new().unwrap();
    let mut store = laptop(dir.path(), 5);
    let db = dir.path().join("intake.db");
    let old = store.profile().unwrap().device_id;
    let out = dir.path().join("laptop.backup");
    backup::write(&mut store, &db, &secret(PASS), &out).unwrap();
    // The old laptop goes on working after the backup…
    add_people(&mut store, 3, "После");
    let elsewhere = TempDir::new().unwrap();
    let new_db = elsewhere.path().join("intake.db");
    let restored = backup::restore(&out, &new_db, &Unlock::Passphrase(secret(PASS))).unwrap();
    assert_eq!(restored.replaced, old);
    let mut new = Store::open(&new_db, &secret(PASS)).unwrap();
    let profile = new.profile().unwrap();
    assert_eq!(profile.device_id, restored.device);
    assert_ne!(profile.device_id, old);
    assert_eq!(profile.worker, "Нурлан");
    assert_eq!(new.predecessors().unwrap()[0].0, old);
    // …and the new one writes under its own number, from 1.
    add_people(&mut new, 2, "Новая");
    let mine: Vec<_> = ops(&new)
        .into_iter()
        .filter(|o| o.0 == restored.device.to_string())
        .map(|o| o.1)
        .collect();
    assert_eq!(mine, [1, 2, 3, 4]);
    let old_dots: std::collections::BTreeSet<_> = ops(&store).into_iter().map(|o| (o.0, o.1)).collect();
    assert!(
        ops(&new)
            .iter()
            .all(|o| o.0 != old.to_string() || old_dots.contains(&(o.0.clone(), o.1))),
        "no op of the old device was made after the restore"
    );
    let keys_old = store.device_secrets().unwrap();
    let keys_new = new.device_secrets().unwrap();
    assert_ne!(&keys_old.signing_key[..], &keys_new.signing_key[..]);
}

#[test]
fn the_recovery_key_opens_a_backup_whose_passphrase_is_forgotten() {
    let dir = TempDir::new().unwrap();
    let mut store = laptop(dir.path(), 3);
    let db = dir.path().join("intake.db");
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    backup::set_recovery_key(&mut store, Some(&public)).unwrap();
    assert!(matches!(
        backup::set_recovery_key(&mut store, Some("age1notakey")),
        Err(BackupError::NotAgeKey)
    ));
    let out = dir.path().join("recoverable.backup");
    assert!(
        backup::write(&mut store, &db, &secret(PASS), &out)
            .unwrap()
            .recoverable
    );
    // The slip is encrypted: the passphrase is nowhere in the file.
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.windows(PASS.len()).any(|w| w == PASS.as_bytes()));
    let elsewhere = TempDir::new().unwrap();
    let new_db = elsewhere.path().join("intake.db");
    let wrong = age::x25519::Identity::generate();
    let said = backup::restore(
        &out,
        &new_db,
        &Unlock::Recovery {
            identity: secret(wrong.to_string().expose_secret()),
            new: secret("granite kettle 42 meadow"),
        },
    );
    assert!(matches!(said, Err(BackupError::WrongIdentity)), "{said:?}");
    assert!(!new_db.exists());
    let restored = backup::restore(
        &out,
        &new_db,
        &Unlock::Recovery {
            identity: secret(identity.to_string().expose_secret()),
            new: secret("granite kettle 42 meadow"),
        },
    )
    .unwrap();
    assert!(restored.rekeyed);
    assert!(
        Store::open(&new_db, &secret(PASS)).is_err(),
        "the forgotten one no longer opens it"
    );
    let new = Store::open(&new_db, &secret("granite kettle 42 meadow")).unwrap();
    assert_eq!(records(&new), 3);
}

#[test]
fn bad_backups_and_restores_are_refused_in_the_users_language_and_nothing_is_written() {
    let laptop_dir = initialised("field", "Нурлан");
    intake(laptop_dir.path())
        .args(["demo", "--records", "5"])
        .assert()
        .success();
    let out = laptop_dir.path().join("laptop.backup");
    intake(laptop_dir.path())
        .args(["backup", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("No recovery key is set"));
    intake(laptop_dir.path())
        .env("INTAKE_LANG", "ru")
        .args(["backup", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("уже есть; ничего не перезаписано"));
    let fresh = TempDir::new().unwrap();
    let junk = fresh.path().join("junk.backup");
    std::fs::write(&junk, b"not a backup at all").unwrap();
    let mut truncated = std::fs::read(&out).unwrap();
    truncated.truncate(truncated.len() / 2);
    let cut = fresh.path().join("cut.backup");
    std::fs::write(&cut, &truncated).unwrap();
    let target = fresh.path().join("data");
    for (file, pass, lang, said) in [
        (&junk, PASS, "en", "is not an Intake backup"),
        (&cut, PASS, "kk", "сақтық көшірмесі бүлінген"),
        (
            &out,
            "not the passphrase",
            "ru",
            "копия открывается той фразой, с которой была сделана",
        ),
    ] {
        intake(&target)
            .env("INTAKE_LANG", lang)
            .env("INTAKE_PASSPHRASE", pass)
            .arg("restore")
            .arg(file)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(said));
        let left: Vec<_> = std::fs::read_dir(&target)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name())
                    .filter(|n| n != "logs")
                    .collect()
            })
            .unwrap_or_default();
        assert!(left.is_empty(), "nothing left behind: {left:?}");
    }
    // Over an existing database: never.
    intake(laptop_dir.path())
        .arg("restore")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists already"));
    // A coordinator's backup goes on as a new incarnation, with its keys.
    let coordinator = initialised("coordinator", "Айгерим");
    let theirs = coordinator.path().join("coordinator.backup");
    intake(coordinator.path())
        .args(["backup", "--out"])
        .arg(&theirs)
        .assert()
        .success();
    let elsewhere = tempfile::TempDir::new().unwrap();
    let key = |dir: &std::path::Path| {
        let out = intake(dir).arg("keys").output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("intake-coordinator1"))
            .map(str::to_owned)
    };
    intake(elsewhere.path())
        .arg("restore")
        .arg(&theirs)
        .assert()
        .success()
        .stdout(predicate::str::contains("with the same keys"));
    assert!(key(elsewhere.path()).is_some());
    assert_ne!(
        key(elsewhere.path()),
        key(coordinator.path()),
        "the enrolment string names the new incarnation"
    );
    assert!(!target.join("intake.db").exists());
    // A backup of another campaign than the one named: one sentence, nothing restored.
    intake(&target)
        .arg("restore")
        .arg(&out)
        .args(["--campaign", "kz-2026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not “kz-2026”"));
    intake(&target)
        .args(["--lang", "ru", "restore"])
        .arg(&out)
        .args(["--campaign", "kz-2026"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("а не «kz-2026»"));
    assert!(!target.join("intake.db").exists());
    // And the good one, through the command line.
    intake(&target)
        .arg("restore")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("This laptop is now device"));
}

#[test]
fn a_forgotten_passphrase_is_recovered_from_the_command_line_with_an_age_keygen_identity_file() {
    let laptop = initialised("field", "Нурлан");
    intake(laptop.path())
        .args(["demo", "--records", "4"])
        .assert()
        .success();
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    intake(laptop.path())
        .args(["keys", "recovery", "set", &public])
        .assert()
        .success()
        .stdout(predicate::str::contains(&public));
    let out = laptop.path().join("laptop.backup");
    intake(laptop.path())
        .args(["backup", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("a forgotten passphrase loses nothing"));
    // As age-keygen writes it, comments first.
    let key_file = laptop.path().join("recovery.key");
    std::fs::write(
        &key_file,
        format!(
            "# created: 2026-11-20T10:00:00+05:00\n# public key: {public}\n{}\n",
            identity.to_string().expose_secret()
        ),
    )
    .unwrap();
    let new_pass = laptop.path().join("new.txt");
    std::fs::write(&new_pass, "granite kettle 42 meadow\n").unwrap();
    let fresh = TempDir::new().unwrap();
    intake(fresh.path())
        .env("INTAKE_PASSPHRASE", "forgotten, whatever it was")
        .arg("restore")
        .arg(&out)
        .arg("--recovery-identity")
        .arg(&key_file)
        .arg("--new-passphrase-file")
        .arg(&new_pass)
        .assert()
        .success()
        .stdout(predicate::str::contains("now opens with the new passphrase"));
    let listed = intake(fresh.path())
        .env("INTAKE_PASSPHRASE", "granite kettle 42 meadow")
        .args(["records", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(listed).unwrap().lines().count(), 5);
}
