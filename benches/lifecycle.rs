//! A campaign's database over the years, as a user runs it, each command
//! in its own process with wall time and peak memory (`/usr/bin/time -v`):
//! `intake backup` of a database of 100,000 demo people
//! (`INTAKE_BENCH_RECORDS` says otherwise) and `intake restore` of it on a
//! new data directory, three times each, then `intake passphrase change`
//! four times, the passphrase going back and forth; then a hand-over: a
//! laptop with 10,000 people (`INTAKE_BENCH_CASELOAD`), its caseload handed
//! to a new laptop, the return bundle that carries it written on the
//! coordinator and imported on the new laptop, three times; and the old
//! laptop, found again, importing the bundle that tells it it is revoked
//! (it hands every record back), three times. `INTAKE_BENCH_DIR=DIR` (empty) keeps the
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
    handover(&dir.join("handover"));
}

/// The hand-over of a 10,000-record caseload: `intake export --for` on the
/// coordinator and `intake import` on the new laptop, timed.
fn handover(dir: &Path) {
    let people: u64 = std::env::var("INTAKE_BENCH_CASELOAD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let _ = std::fs::remove_dir_all(dir);
    let (coordinator, old, new) = (dir.join("coordinator"), dir.join("old"), dir.join("new"));
    let run = |d: &Path, args: &[&str]| -> String {
        let out = intake(d, false).args(args).output().expect("run intake");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        &coordinator,
        &[
            "init",
            "--role",
            "coordinator",
            "--worker",
            "Bench",
            "--org",
            "Bench NGO",
        ],
    );
    let keys = run(&coordinator, &["keys"]);
    let enrolment = keys
        .lines()
        .find(|l| l.starts_with("intake-coordinator1"))
        .expect("enrolment string")
        .to_owned();
    let device_of = |d: &Path| -> String {
        run(d, &["keys"])
            .lines()
            .find_map(|l| l.strip_prefix("device").map(|v| v.trim().to_owned()))
            .expect("device id")
    };
    for (laptop, worker) in [(&old, "Old"), (&new, "New")] {
        run(
            laptop,
            &[
                "init",
                "--role",
                "field",
                "--worker",
                worker,
                "--org",
                "Bench NGO",
                "--coordinator-key",
                &enrolment,
            ],
        );
    }
    run(&old, &["demo", "--records", &people.to_string()]);
    for laptop in [&old, &new] {
        let bundle = laptop.join("first.bundle");
        run(laptop, &["export", "--out", &bundle.display().to_string()]);
        run(
            &coordinator,
            &["import", "--trust-new-devices", &bundle.display().to_string()],
        );
    }
    let (old_id, new_id) = (device_of(&old), device_of(&new));
    run(&coordinator, &["devices", "revoke", &old_id, "--reason", "lost"]);
    run(&coordinator, &["handover", "--from", &old_id, "--to", &new_id]);
    println!("\n| hand-over of {people} records | wall | peak RSS | bundle |\n|---|---|---|---|");
    for attempt in 1..=3 {
        let bundle = dir.join(format!("return-{attempt}.bundle"));
        let (secs, rss) = timed(
            intake(&coordinator, true)
                .args(["export", "--for", &new_id, "--out"])
                .arg(&bundle),
            "export --for",
        );
        let mb = std::fs::metadata(&bundle).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!("| `intake export --for` on the coordinator | {secs:.1} s | {rss} | {mb:.1} MB |");
        let into = dir.join(format!("new-{attempt}"));
        let _ = std::fs::remove_dir_all(&into);
        copy_dir(&new.join("data"), &into.join("data"));
        let (secs, rss) = timed(intake(&into, true).arg("import").arg(&bundle), "import");
        println!("| `intake import` on the new laptop | {secs:.1} s | {rss} | |");
        let _ = std::fs::remove_dir_all(&into);
    }
    // The lost laptop is found and imports again: told it is revoked, it
    // hands every record back (their identifying values leave its log).
    let back = dir.join("return-old.bundle");
    run(
        &coordinator,
        &["export", "--for", &old_id, "--out", &back.display().to_string()],
    );
    for attempt in 1..=3 {
        let into = dir.join(format!("old-{attempt}"));
        let _ = std::fs::remove_dir_all(&into);
        copy_dir(&old.join("data"), &into.join("data"));
        let (secs, rss) = timed(intake(&into, true).arg("import").arg(&back), "import");
        println!(
            "| `intake import` on the revoked laptop (hands {people} records back) | {secs:.1} s | {rss} | |"
        );
        let _ = std::fs::remove_dir_all(&into);
    }
}

/// A copy of a data directory (the new laptop as it was before the import).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
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
