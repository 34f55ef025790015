//! `intake import-csv` of a large referral list, as a user runs it, in its
//! own process: wall time and peak memory (`/usr/bin/time -v`). The list
//! is made from the development set's people (independent name pools,
//! several spellings per person), 200,000 rows unless
//! `INTAKE_BENCH_RECORDS` says otherwise; it is imported into a new
//! database, then imported again (every row is then skipped as imported
//! before), then imported without its reference column into another new
//! database (people are then told apart by names and birth date).
//! `INTAKE_BENCH_DIR=DIR` (empty) keeps the lists and databases there.
//! Figures go in the README.

use intake::dedup::devset;
use std::path::Path;
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;
use common::{init, intake, peak_rss};

/// Runs `intake import-csv FILE --skip-invalid` under `/usr/bin/time -v`.
fn import(dir: &Path, file: &Path, what: &str) {
    let started = Instant::now();
    let out = intake(dir, true)
        .arg("import-csv")
        .arg(file)
        .arg("--skip-invalid")
        .output()
        .expect("run intake import-csv");
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "import-csv failed: {stderr}");
    let refused = stderr.lines().filter(|l| l.starts_with("line ")).count();
    let said = String::from_utf8_lossy(&out.stdout);
    let said: Vec<&str> = said
        .lines()
        .map(|l| l.split(": lines").next().unwrap_or(l))
        .collect();
    println!(
        "| {what} | {secs:.1} s | {} | {refused} | {} |",
        peak_rss(&stderr),
        said.join(" ")
    );
}

fn write_csv(path: &Path, set: &devset::DevSet, with_reference: bool) {
    let mut w = csv::Writer::from_path(path).expect("create csv");
    let mut header = vec![
        "surname",
        "given_name",
        "patronymic",
        "sex",
        "birth_date",
        "birth_place",
    ];
    if with_reference {
        header.insert(0, "reference");
    }
    w.write_record(&header).expect("header");
    for p in &set.people {
        let mut row: Vec<&str> = [
            &p.surname,
            &p.given_name,
            &p.patronymic,
            &p.sex,
            &p.birth_date,
            &p.birth_place,
        ]
        .iter()
        .map(|v| v.as_deref().unwrap_or(""))
        .collect();
        if with_reference {
            row.insert(0, p.reference.as_deref().unwrap_or(""));
        }
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
}

fn main() {
    let n: usize = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let pools = devset::Pools::read(Path::new(devset::POOLS_PATH)).expect("pools");
    let set = devset::generate(&pools.half(devset::Half::Report), n, 2);
    let temp = tempfile::TempDir::new().expect("temp dir");
    // INTAKE_BENCH_DIR keeps the lists and databases there (to profile them).
    let kept = std::env::var_os("INTAKE_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    let with = dir.join("list.csv");
    let without = dir.join("list-without-reference.csv");
    write_csv(&with, &set, true);
    write_csv(&without, &set, false);
    drop(set);
    let size = std::fs::metadata(&with).map(|m| m.len()).unwrap_or(0);
    println!(
        "## `intake import-csv` of {n} rows ({:.1} MB)\n",
        size as f64 / 1e6
    );
    println!("| run | wall | peak RSS | rows refused | what it said |");
    println!("|---|---|---|---|---|");
    let first = dir.join("first");
    init(&first);
    import(&first, &with, "new database");
    import(&first, &with, "the same list again");
    let second = dir.join("second");
    init(&second);
    import(&second, &without, "no reference column, new database");
}
