//! Every CSV the program writes, as a user makes it from the command line
//! (`records`, `duplicates`, `export-table`, `report`): a cell someone typed
//! that a spreadsheet would run as a formula is prefixed, and a phone number
//! or a negative number is written as it is.

#[path = "common/cli.rs"]
mod cli;
use assert_cmd::Command;
use cli::{PASS, initialised, intake};
use intake::domain::FieldPath;
use intake::store::Store;
use secrecy::SecretString;
use serde_json::json;
use tempfile::TempDir;

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// A laptop whose worker's name and two people's values were typed to
/// run as formulas (values set below the form's checks, as a forged
/// bundle could), the same person twice so that `duplicates` lists them.
fn laptop() -> TempDir {
    let dir = initialised("field", "=cmd|' /C calc'!A0");
    let mut store = Store::open(
        &dir.path().join("intake.db"),
        &SecretString::from(PASS.to_owned()),
    )
    .unwrap();
    let mut w = store.writer().unwrap();
    for _ in 0..2 {
        let id = w.create_record().unwrap();
        for (f, v) in [
            ("consent_obtained", json!(true)),
            ("reference", json!("-2+3+cmd|' /C calc'!A0")),
            ("surname", json!("=HYPERLINK(\"http://x\")")),
            ("given_name", json!("+Айгуль")),
            ("birth_date", json!("1985-03-09")),
            ("sex", json!("female")),
            ("phone", json!("+77011234567")),
            ("status", json!("identified")),
        ] {
            w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
        }
    }
    w.commit().unwrap();
    dir
}

/// Every cell of every line of `csv`.
fn cells(csv: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// No cell starts a formula; the typed ones are there, marked.
fn check(what: &str, csv: &str, expect: &[&str]) {
    for cell in cells(csv) {
        let first = cell.chars().next();
        assert!(
            !matches!(first, Some('=' | '@' | '\t' | '\r')),
            "{what}: {cell:?} would run"
        );
        if matches!(first, Some('+' | '-')) {
            assert!(
                cell == "+77011234567" || cell.parse::<f64>().is_ok(),
                "{what}: {cell:?} would run"
            );
        }
    }
    for e in expect {
        assert!(csv.contains(e), "{what}: {e} missing in\n{csv}");
    }
}

#[test]
fn no_csv_the_program_writes_runs_a_formula_and_phone_numbers_stay() {
    let dir = laptop();
    let records = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    check("records", &records, &["'=HYPERLINK", "'-2+3+cmd", "'+Айгуль"]);

    let duplicates = stdout(intake(dir.path()).args(["duplicates", "--format", "csv"]));
    check("duplicates", &duplicates, &["'-2+3+cmd"]);

    let table = dir.path().join("table");
    intake(dir.path())
        .args(["export-table", "--plaintext", "--format", "csv", "--out"])
        .arg(&table)
        .assert()
        .success();
    let mut exported = 0;
    for file in std::fs::read_dir(&table).unwrap().flatten() {
        let csv = std::fs::read_to_string(file.path()).unwrap();
        check(&file.file_name().to_string_lossy(), &csv, &[]);
        exported += 1;
    }
    let people = std::fs::read_to_string(table.join("records.csv")).unwrap();
    check(
        "records.csv",
        &people,
        &["'=HYPERLINK", "'=cmd", ",+77011234567", "'+Айгуль"],
    );
    assert!(!people.contains("'+77011234567"), "{people}");
    assert!(exported > 1);

    let report = dir.path().join("report.csv");
    intake(dir.path())
        .args(["report", "--format", "csv", "--out"])
        .arg(&report)
        .assert()
        .success();
    check("report", &std::fs::read_to_string(&report).unwrap(), &["'=cmd"]);
}
