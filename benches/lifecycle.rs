//! A campaign's database over the years, as a user runs it, each command
//! in its own process with wall time and peak memory (`/usr/bin/time -v`):
//! `intake backup` of a database of 100,000 demo people
//! (`INTAKE_BENCH_RECORDS` says otherwise) and `intake restore` of it on a
//! new data directory, three times each, then `intake passphrase change`
//! four times, the passphrase going back and forth. `INTAKE_BENCH_DIR=DIR` (empty) keeps the
//! database there. Figures go in the README.

#[path = "common/mod.rs"]
mod common;
use common::{PASS, init, intake, peak_rss};
use std::path::Path;
use std::time::Instant;

fn main() {
    let people: u64 = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let kept = std::env::var_os("INTAKE_BENCH_DIR").map(std::path::PathBuf::from);
    let temp = tempfile::TempDir::new().expect("temp dir");
    let dir = kept.as_deref().unwrap_or(temp.path());
    let db = dir.join("data/intake.db");
    if !db.exists() {
        init(dir);
        let started = Instant::now();
        let out = intake(dir, false)
            .args(["demo", "--records", &people.to_string()])
            .output()
            .expect("run intake demo");
        assert!(
            out.status.success(),
            "demo: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "intake demo --records {people}: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "## intake lifecycle benchmarks ({people} people, database {:.0} MB)\n",
        size as f64 / 1e6
    );
    println!("| command | wall | peak RSS |\n|---|---|---|");
    for run in 1..=3 {
        let out = dir.join(format!("bench-{run}.backup"));
        let _ = std::fs::remove_file(&out);
        let (secs, rss) = timed(intake(dir, true).arg("backup").arg("--out").arg(&out), "backup");
        let mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!("| `intake backup` ({mb:.0} MB file) | {secs:.1} s | {rss} |");
        let elsewhere = dir.join(format!("restored-{run}"));
        let _ = std::fs::remove_dir_all(&elsewhere);
        let (secs, rss) = timed(intake(&elsewhere, true).arg("restore").arg(&out), "restore");
        println!("| `intake restore` | {secs:.1} s | {rss} |");
        let _ = std::fs::remove_dir_all(&elsewhere);
        let _ = std::fs::remove_file(&out);
    }
    let other = "a second benchmark passphrase";
    let files = [(PASS, other), (other, PASS), (PASS, other), (other, PASS)];
    for (from, to) in files {
        let file = dir.join("new-passphrase.txt");
        std::fs::write(&file, format!("{to}\n")).expect("write passphrase file");
        let started = Instant::now();
        let out = intake(dir, true)
            .env("INTAKE_PASSPHRASE", from)
            .args(["passphrase", "change", "--new-passphrase-file"])
            .arg(&file)
            .output()
            .expect("run intake passphrase change");
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "passphrase change: {stderr}");
        println!(
            "| `intake passphrase change` | {secs:.1} s | {} |",
            peak_rss(&stderr)
        );
    }
    report_size(&db);
}

/// Runs a command to its end: wall seconds and peak memory.
fn timed(cmd: &mut std::process::Command, what: &str) -> (f64, String) {
    let started = Instant::now();
    let out = cmd.output().expect("run intake");
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: {stderr}");
    (secs, peak_rss(&stderr))
}

fn report_size(db: &Path) {
    let size = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    println!("\ndatabase after the changes: {:.0} MB", size as f64 / 1e6);
}
