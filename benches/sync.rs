//! Sync benchmarks: export and import of a bundle of `intake demo` people
//! (10,000 unless `INTAKE_BENCH_RECORDS` says otherwise) between encrypted
//! databases, import throughput against a plain insert of the same rows,
//! and re-importing a bundle already imported. Figures go in the README.

use intake::demo;
use intake::store::{Profile, Role, Store};
use intake::sync::exchange;
use intake::sync::keys;
use rusqlite::Connection;
use secrecy::SecretString;
use std::time::Instant;

fn main() {
    let people: u64 = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::TempDir::new().expect("temp dir");
    let pass = SecretString::from("benchmark passphrase".to_owned());
    println!("## intake sync benchmarks ({people} people, encrypted databases)\n");

    let coordinator_secrets = keys::generate().expect("keys");
    let coordinator_key = keys::age_public_key(&coordinator_secrets).expect("age key");
    let mut coordinator = Store::create(&dir.path().join("coordinator.db"), &pass).expect("create");
    coordinator
        .create_profile(&profile(Role::Coordinator, None), &coordinator_secrets)
        .expect("profile");
    let mut laptop = Store::create(&dir.path().join("laptop.db"), &pass).expect("create");
    laptop
        .create_profile(
            &profile(Role::Field, Some(coordinator_key)),
            &keys::generate().expect("keys"),
        )
        .expect("profile");
    let summary = demo::fill(&mut laptop, people, 1, &mut |_| {}).expect("demo");
    println!("laptop: {} people, {} ops", summary.people, summary.ops);

    let path = dir.path().join("laptop.bundle");
    let started = Instant::now();
    let file = std::io::BufWriter::new(std::fs::File::create(&path).expect("bundle file"));
    let exported = exchange::export(&mut laptop, file, false).expect("export");
    let export_secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "export: {} ops in {:.2} s = {:.0} ops/s; bundle {:.1} MB ({:.1} MB of JSON lines before zstd)",
        exported.header.ops,
        export_secs,
        exported.header.ops as f64 / export_secs,
        size as f64 / 1e6,
        exported.header.plain_bytes as f64 / 1e6
    );

    let started = Instant::now();
    let file = std::io::BufReader::new(std::fs::File::open(&path).expect("bundle"));
    let imported = exchange::import(&mut coordinator, file, true).expect("import");
    let import_secs = started.elapsed().as_secs_f64();
    println!(
        "import (decrypt, verify, merge in one transaction): {:.2} s = {:.0} ops/s ({imported:?})",
        import_secs,
        exported.header.ops as f64 / import_secs
    );

    let started = Instant::now();
    let file = std::io::BufReader::new(std::fs::File::open(&path).expect("bundle"));
    exchange::import(&mut coordinator, file, true).expect("re-import");
    let again_secs = started.elapsed().as_secs_f64();
    println!(
        "re-import of the same bundle: {:.3} s = {:.1}% of the first import",
        again_secs,
        100.0 * again_secs / import_secs
    );

    let rows = laptop.ops().expect("ops");
    let plain_secs = plain_insert(&dir.path().join("plain.db"), &rows);
    println!(
        "plain encrypted SQLite insert of the same {} op rows in one transaction: {:.2} s = {:.0} rows/s; import takes {:.1}× that",
        rows.len(),
        plain_secs,
        rows.len() as f64 / plain_secs,
        import_secs / plain_secs
    );
}

fn profile(role: Role, coordinator_key: Option<String>) -> Profile {
    Profile {
        device_id: intake::domain::DeviceId::new(),
        role,
        worker: "bench".to_owned(),
        org: "Bench NGO".to_owned(),
        campaign: Some("bench".to_owned()),
        coordinator_key,
        created: "2026-01-01T00:00:00Z".to_owned(),
    }
}

/// The ops as rows of a table shaped like the log, in one transaction.
fn plain_insert(path: &std::path::Path, ops: &[intake::domain::Op]) -> f64 {
    let mut conn = Connection::open(path).expect("open plain");
    conn.execute_batch(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = 'benchmark passphrase'; PRAGMA journal_mode = WAL;
         CREATE TABLE ops (device TEXT, seq INTEGER, record TEXT, field TEXT, value TEXT, parents TEXT,
                           hlc INTEGER, author TEXT, PRIMARY KEY (device, seq)) WITHOUT ROWID;",
    )
    .expect("table");
    let started = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx
            .prepare("INSERT INTO ops VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .expect("stmt");
        for op in ops {
            stmt.execute(rusqlite::params![
                op.dot.device.to_string(),
                op.dot.seq as i64,
                op.record.to_string(),
                op.field.as_str(),
                op.value.to_string(),
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
