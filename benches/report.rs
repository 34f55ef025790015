//! Report and export benchmarks over `intake demo` people (100,000 unless
//! `INTAKE_BENCH_RECORDS` says otherwise) in an encrypted database, with
//! one record in 100 confirmed as a duplicate of another: the statistics
//! (reading every record and counting), each report format, and
//! `export-table` as CSV, de-identified CSV and XLSX. Figures go in the README.

use intake::dedup::{self, Verdict};
use intake::i18n::{Lang, Texts};
use intake::report::{self, Factsheet, ReportFormat, Scope, TableFormat};
use intake::store::Store;
use intake::testing::with_profile;
use secrecy::SecretString;
use std::time::Instant;

// The allocator the binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let people: u64 = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::TempDir::new().expect("temp dir");
    let pass = SecretString::from("benchmark passphrase".to_owned());
    println!("## intake report benchmarks ({people} people, encrypted database)\n");
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &pass).expect("create");
    with_profile(&mut store, "coordinator");
    let started = Instant::now();
    let summary = intake::demo::fill(&mut store, people, 1, &mut |_| {}).expect("demo");
    println!(
        "demo: {} people, {} ops in {:.1} s",
        summary.people,
        summary.ops,
        started.elapsed().as_secs_f64()
    );
    let ids: Vec<_> = dedup::load(&store)
        .expect("records")
        .iter()
        .map(|p| p.id)
        .collect();
    for pair in ids.chunks(200).filter_map(|c| Some((*c.first()?, *c.get(1)?))) {
        dedup::judge(&mut store, pair.0, pair.1, Some(Verdict::Same)).expect("verdict");
    }
    drop(store);

    // Every measurement opens the database as the command does (the key
    // derivation, ~0.15 s, is part of it).
    let form = intake::form::builtin().expect("form");
    let texts = Texts::get(Lang::En);
    let today = chrono::Local::now().date_naive();
    let scope = Scope {
        suppress_below: Some(5),
        ..Scope::today(today)
    };
    println!("\n| work | time |\n|---|---|");
    let started = Instant::now();
    let store = Store::open(&path, &pass).expect("open");
    let stats = report::compute(&store, form, scope).expect("statistics");
    let compute_secs = started.elapsed().as_secs_f64();
    println!(
        "| statistics: open, read {} records, count {} people ({} merged duplicates) | {compute_secs:.2} s |",
        stats.records, stats.people, stats.duplicates_merged
    );
    let sheet = Factsheet::new(stats, form, texts);
    for format in [
        ReportFormat::Text,
        ReportFormat::Csv,
        ReportFormat::Json,
        ReportFormat::Html,
        ReportFormat::Xlsx,
    ] {
        let started = Instant::now();
        let out = dir.path().join(format!("report.{}", format.extension()));
        report::write_report(&store, &sheet, format, &out).expect("report");
        let secs = started.elapsed().as_secs_f64();
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        println!(
            "| report as {}: statistics + writing ({:.0} KB) | {:.2} s |",
            format.extension(),
            size as f64 / 1e3,
            compute_secs + secs
        );
    }
    drop(store);
    for (format, deidentified, name) in [
        (TableFormat::Csv, false, "export-table csv"),
        (TableFormat::Csv, true, "export-table csv --deidentified"),
        (TableFormat::Xlsx, false, "export-table xlsx"),
    ] {
        let out = dir.path().join(match format {
            TableFormat::Csv => format!("table-{deidentified}"),
            TableFormat::Xlsx => "table.xlsx".to_owned(),
        });
        let started = Instant::now();
        let store = Store::open(&path, &pass).expect("open");
        let done =
            report::export_table(&store, form, texts, format, &out, deidentified, today).expect("export");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "| {name}: open, {} records + {} entries, {:.0} MB | {secs:.2} s |",
            done.records,
            done.entries,
            size_of(&out) as f64 / 1e6
        );
    }
}

fn size_of(path: &std::path::Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path)
            .map(|d| d.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0)
    } else {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }
}
