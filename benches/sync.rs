//! Sync benchmarks: a field laptop's encrypted database filled with
//! `intake demo` people (30,000 unless `INTAKE_BENCH_RECORDS` says
//! otherwise) exports one bundle; a coordinator imports it (decrypt,
//! verify every op against the laptop's signed statement, check scope and
//! values, merge in one transaction), then imports it again; the same op
//! rows are inserted plainly into an encrypted table with the same columns,
//! in one transaction, in the same run; and `intake import` runs as its own
//! process under `/usr/bin/time -v` into a second coordinator, for its
//! wall time and peak memory. Figures go in the README.

use intake::demo;
use intake::store::{Coordinator, DeviceSecrets, Profile, Role, Store};
use intake::sync::{self, keys};
use rusqlite::Connection;
use secrecy::{ExposeSecret, SecretString};
use std::time::Instant;

const PASS: &str = "benchmark passphrase";

// As in the binary: the op log makes many small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let people: u64 = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000);
    let dir = tempfile::TempDir::new().expect("temp dir");
    let pass = SecretString::from(PASS.to_owned());
    println!("## intake sync benchmarks ({people} people, encrypted databases)\n");

    let coordinator_secrets = keys::generate().expect("keys");
    let coordinator_profile = profile(Role::Coordinator, None);
    let pin = Coordinator {
        device: coordinator_profile.device_id,
        signing_key: *keys::verifying_key(&coordinator_secrets).as_bytes(),
        age_key: keys::age_public_key(&coordinator_secrets).expect("age key"),
    };
    let mut coordinator = Store::create(&dir.path().join("coordinator/intake.db"), &pass).expect("create");
    coordinator
        .create_profile(&coordinator_profile, &coordinator_secrets)
        .expect("profile");
    // A second coordinator database with the same keys, for the command.
    let mut second = Store::create(&dir.path().join("command/intake.db"), &pass).expect("create");
    second
        .create_profile(&coordinator_profile, &copy(&coordinator_secrets))
        .expect("profile");
    drop(second);
    let mut laptop = Store::create(&dir.path().join("laptop/intake.db"), &pass).expect("create");
    laptop
        .create_profile(&profile(Role::Field, Some(pin)), &keys::generate().expect("keys"))
        .expect("profile");
    let started = Instant::now();
    let summary = demo::fill(&mut laptop, people, 1, &mut |_| {}).expect("demo");
    println!(
        "laptop: {} people, {} ops (made in {:.1} s)",
        summary.people,
        summary.ops,
        started.elapsed().as_secs_f64()
    );

    let path = dir.path().join("laptop.bundle");
    let started = Instant::now();
    let file = std::io::BufWriter::new(std::fs::File::create(&path).expect("bundle file"));
    let exported = sync::export(&mut laptop, file, false).expect("export");
    let export_secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let plain = exported.header.sections.first().map_or(0, |s| s.plain_bytes);
    println!(
        "export (sign a statement over every op, three passes over the log, compress, encrypt): {} ops in {:.2} s = {:.0} ops/s; bundle {:.1} MB ({:.1} MB of JSON lines before zstd)",
        exported.header.ops,
        export_secs,
        exported.header.ops as f64 / export_secs,
        size as f64 / 1e6,
        plain as f64 / 1e6
    );

    let form = intake::form::builtin().expect("form");
    let options = sync::Options {
        trust_new: true,
        form: Some(form),
        ..Default::default()
    };
    let started = Instant::now();
    let imported = sync::import(&mut coordinator, &sync::Source::Path(&path), &options).expect("import");
    let import_secs = started.elapsed().as_secs_f64();
    let sync::Imported::Merged { summary, notes, .. } = imported else {
        panic!("not merged: {imported:?}")
    };
    assert_eq!(summary.new_ops, exported.header.ops, "every op merged");
    assert_eq!(notes.set_aside, 0, "honest demo data is never set aside");
    println!(
        "import (decrypt, verify each op against the signed statement, check scope and values, merge in one transaction): {:.2} s = {:.0} ops/s",
        import_secs,
        exported.header.ops as f64 / import_secs
    );

    let started = Instant::now();
    sync::import(&mut coordinator, &sync::Source::Path(&path), &options).expect("re-import");
    let again_secs = started.elapsed().as_secs_f64();
    println!(
        "re-import of the same bundle: {:.3} s = {:.1}% of the first import",
        again_secs,
        100.0 * again_secs / import_secs
    );

    let rows = laptop.ops().expect("ops");
    drop(laptop);
    drop(coordinator);
    let plain_secs = plain_insert(&dir.path().join("plain.db"), &rows);
    println!(
        "plain encrypted SQLite insert of the same {} op rows (device, seq, record, field, value, seal, parents, hlc, author) in one transaction: {:.2} s = {:.0} rows/s; import takes {:.2}× that",
        rows.len(),
        plain_secs,
        rows.len() as f64 / plain_secs,
        import_secs / plain_secs
    );
    drop(rows);
    command(dir.path(), &path);
}

/// `intake import` as a user runs it, in its own process: wall time and
/// peak memory from `/usr/bin/time -v`.
fn command(dir: &std::path::Path, bundle: &std::path::Path) {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        println!("intake import as a command: /usr/bin/time is not installed (apt-get install time)");
        return;
    }
    let started = Instant::now();
    let out = std::process::Command::new(time)
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_intake"))
        .arg("--data-dir")
        .arg(dir.join("command"))
        .args(["import", "--trust-new-devices"])
        .arg(bundle)
        .env("INTAKE_PASSPHRASE", PASS)
        .output()
        .expect("run intake import");
    let secs = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&out.stderr);
    let rss = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|k| k.trim().parse::<u64>().ok())
        .unwrap_or(0);
    assert!(out.status.success(), "intake import failed: {report}");
    println!(
        "`intake import --trust-new-devices` as its own process: {secs:.2} s wall, peak RSS {:.0} MB",
        rss as f64 / 1024.0
    );
}

fn copy(s: &DeviceSecrets) -> DeviceSecrets {
    DeviceSecrets {
        signing_key: s.signing_key.clone(),
        age_identity: SecretString::from(s.age_identity.expose_secret().to_owned()),
    }
}

fn profile(role: Role, coordinator: Option<Coordinator>) -> Profile {
    Profile {
        device_id: intake::domain::DeviceId::new(),
        role,
        worker: "bench".to_owned(),
        org: "Bench NGO".to_owned(),
        campaign: Some("bench".to_owned()),
        coordinator,
        created: "2026-01-01T00:00:00Z".to_owned(),
    }
}

/// The ops as rows of a table shaped like the log, in one transaction.
fn plain_insert(path: &std::path::Path, ops: &[intake::domain::Op]) -> f64 {
    let mut conn = Connection::open(path).expect("open plain");
    conn.execute_batch(&format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = '{PASS}'; PRAGMA journal_mode = WAL;
         CREATE TABLE ops (device TEXT, seq INTEGER, record TEXT, field TEXT, value TEXT, seal BLOB,
                           parents TEXT, hlc INTEGER, author TEXT, PRIMARY KEY (device, seq)) WITHOUT ROWID;"
    ))
    .expect("table");
    let started = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare("INSERT INTO ops VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            .expect("stmt");
        for op in ops {
            let seal: &[u8] = match &op.seal {
                intake::domain::Seal::Salt(s) => &s.0,
                intake::domain::Seal::Redacted(c) => &c.0,
                intake::domain::Seal::Legacy => &[],
            };
            stmt.execute(rusqlite::params![
                op.dot.device.to_string(),
                op.dot.seq as i64,
                op.record.to_string(),
                op.field.as_str(),
                op.value.to_string(),
                seal,
                serde_json::to_string(&op.parents).unwrap_or_default(),
                op.hlc.0 as i64,
                op.author
            ])
            .expect("insert");
        }
    }
    tx.commit().expect("commit");
    started.elapsed().as_secs_f64()
}
