//! `intake passphrase change` as a user runs it: the new passphrase opens
//! the database and the old one no longer does, refusals in the user's
//! language with nothing changed, and `kill -9` at random moments of the
//! change, from a database in WAL mode with committed changes still in
//! its log, always leaves a database that opens with the old or the new
//! passphrase and holds everything it held.

use intake::store::{RecordQuery, Store};
use predicates::prelude::*;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tempfile::TempDir;

#[path = "common/cli.rs"]
mod cli;
use cli::{PASS as OLD, initialised, intake};

const NEW: &str = "granite kettle 42 meadow";

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

/// A field laptop with `people` demo records.
fn laptop(people: u32) -> TempDir {
    let dir = initialised("field", "Нурлан");
    if people > 0 {
        intake(dir.path())
            .args(["demo", "--records", &people.to_string()])
            .assert()
            .success();
    }
    dir
}

fn new_passphrase_file(dir: &Path, text: &str) -> PathBuf {
    let file = dir.join("new-passphrase.txt");
    std::fs::write(&file, format!("{text}\n")).unwrap();
    file
}

fn records(store: &Store) -> usize {
    store.count_records(&RecordQuery::default(), None).unwrap()
}

#[test]
fn the_new_passphrase_opens_the_database_and_the_old_one_no_longer_does() {
    let dir = laptop(20);
    let db = dir.path().join("intake.db");
    let file = new_passphrase_file(dir.path(), NEW);
    intake(dir.path())
        .args(["passphrase", "change", "--new-passphrase-file"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("now opens with the new passphrase only"));
    intake(dir.path())
        .arg("records")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Wrong passphrase"));
    let listed = intake(dir.path())
        .env("INTAKE_PASSPHRASE", NEW)
        .args(["records", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(listed).unwrap().lines().count(),
        21,
        "header and 20 people"
    );
    let store = Store::open(&db, &secret(NEW)).unwrap();
    let trail = store.audit_trail().unwrap();
    // The change, then the listing just made (a CSV listing is audited).
    let actions: Vec<&str> = trail.iter().rev().take(2).map(|e| e.2.as_str()).collect();
    assert_eq!(actions, ["records listed", "passphrase changed"]);
    assert_eq!(trail[trail.len() - 2].1, "Нурлан");
    // The re-encrypted copy's trail is still one unbroken chain.
    assert!(matches!(
        store.verify_audit().unwrap(),
        intake::store::AuditCheck::Intact { .. }
    ));
    assert!(!intake::store::copy_path(&db).exists(), "no copy left beside it");
}

#[test]
fn a_weak_same_or_missing_new_passphrase_is_refused_in_the_users_language_and_nothing_changes() {
    let dir = laptop(3);
    let db = dir.path().join("intake.db");
    let before = std::fs::read(&db).unwrap();
    let cases = [
        ("qwertyuiop", "ru", "самых распространённых паролей"),
        ("Нурлан 1985", "kk", "табу"),
        (OLD, "en", "the new passphrase is the one in use"),
        ("password1", "en", "most common passwords"),
    ];
    for (new, lang, said) in cases {
        let file = new_passphrase_file(dir.path(), new);
        intake(dir.path())
            .env("INTAKE_LANG", lang)
            .args(["passphrase", "change", "--new-passphrase-file"])
            .arg(&file)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(said));
    }
    // Not a terminal and no file: nothing to read the new passphrase from.
    intake(dir.path())
        .env("INTAKE_LANG", "ru")
        .args(["passphrase", "change"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("нет новой парольной фразы"));
    // A wrong passphrase in use stops it before anything is asked.
    let file = new_passphrase_file(dir.path(), NEW);
    intake(dir.path())
        .env("INTAKE_PASSPHRASE", "not the passphrase")
        .args(["passphrase", "change", "--new-passphrase-file"])
        .arg(&file)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is as it was");
    assert!(Store::open(&db, &secret(OLD)).is_ok());
}

#[test]
fn an_intake_window_open_on_the_database_stops_the_change() {
    let dir = laptop(3);
    let db = dir.path().join("intake.db");
    let window = Store::open(&db, &secret(OLD)).unwrap();
    let file = new_passphrase_file(dir.path(), NEW);
    intake(dir.path())
        .env("INTAKE_LANG", "ru")
        .args(["passphrase", "change", "--new-passphrase-file"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("закройте её и повторите"));
    window.audit("test", "the window goes on").unwrap();
    drop(window);
    assert!(Store::open(&db, &secret(OLD)).is_ok());
    assert!(!intake::store::copy_path(&db).exists());
}

/// The files a `kill -9` of a writer leaves: the database and its log with
/// a committed change not yet folded into the file.
fn crashed_writer(template: &Path, into: &Path) {
    for name in ["intake.db", "intake.db-wal"] {
        let from = template.join(name);
        if from.exists() {
            std::fs::copy(&from, into.join(name)).unwrap();
        }
    }
}

#[test]
fn kill_9_at_any_moment_of_a_change_leaves_a_database_that_opens_with_the_old_or_the_new_passphrase() {
    let made = laptop(1500);
    let db = made.path().join("intake.db");
    // A committed change that lives only in the log: copied while the
    // writer is still open, as a crash would leave it.
    let template = TempDir::new().unwrap();
    let people = {
        let writer = Store::open(&db, &secret(OLD)).unwrap();
        writer.audit("test", "only in the log").unwrap();
        assert!(made.path().join("intake.db-wal").metadata().unwrap().len() > 0);
        crashed_writer(made.path(), template.path());
        records(&writer)
    };
    let work = TempDir::new().unwrap();
    let file = new_passphrase_file(work.path(), NEW);
    let run = |dir: &Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("intake"))
            .env("INTAKE_DATA_DIR", dir)
            .env("INTAKE_CONFIG_DIR", dir.join("config"))
            .env("INTAKE_PASSPHRASE", OLD)
            .env("INTAKE_LANG", "en")
            .args(["passphrase", "change", "--new-passphrase-file"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole change takes here: the kills fall inside it.
    let whole = {
        let dir = TempDir::new().unwrap();
        crashed_writer(template.path(), dir.path());
        let started = Instant::now();
        assert!(run(dir.path()).wait().unwrap().success());
        started.elapsed()
    };
    // Kill points spread over the whole change and a little past it, the
    // same on every run (a fixed-seed xorshift).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next_fraction = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 * 1.1
    };
    let (mut old, mut new) = (0, 0);
    for _ in 0..16 {
        let dir = TempDir::new().unwrap();
        crashed_writer(template.path(), dir.path());
        let at = whole.mul_f64(next_fraction());
        let mut child = run(dir.path());
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let path = dir.path().join("intake.db");
        let opened = match (Store::open(&path, &secret(OLD)), Store::open(&path, &secret(NEW))) {
            (Ok(store), Err(_)) => {
                old += 1;
                store
            }
            (Err(_), Ok(store)) => {
                new += 1;
                store
            }
            (Ok(_), Ok(_)) => panic!("both passphrases open it (killed at {at:?})"),
            (Err(a), Err(b)) => panic!("neither passphrase opens it (killed at {at:?}): {a}; {b}"),
        };
        assert_eq!(records(&opened), people, "killed at {at:?}");
        let trail = opened.audit_trail().unwrap();
        assert!(
            trail.iter().any(|t| t.3 == "only in the log"),
            "the change in the log survived (killed at {at:?})"
        );
        drop(opened);
        // And the change can be made afterwards, whatever was left.
        let now = if Store::open(&path, &secret(OLD)).is_ok() {
            OLD
        } else {
            NEW
        };
        let again = new_passphrase_file(dir.path(), "another tundra lamp 7");
        intake(dir.path())
            .env("INTAKE_PASSPHRASE", now)
            .args(["passphrase", "change", "--new-passphrase-file"])
            .arg(&again)
            .assert()
            .success();
        assert!(Store::open(&path, &secret("another tundra lamp 7")).is_ok());
    }
    eprintln!(
        "a whole change took {whole:?}; after the kills {old} opened with the old passphrase, {new} with the new"
    );
}
