//! Reports and exports on a small hand-built campaign whose counts are known:
//! age bands on birthdays and with a year only, duplicates counted once,
//! flows and medians, suppression; the XLSX read back, the HTML checked.

use calamine::{Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use intake::dedup::{self, Verdict};
use intake::domain::{FieldPath, RecordId};
use intake::form::Form;
use intake::i18n::{Lang, Texts};
use intake::report::{self, Factsheet, ReportFormat, Scope, Statistics, TableFormat};
use intake::store::Store;
use intake::testing::with_profile;
use serde_json::{Value, json};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn add(store: &mut Store, values: &[(&str, Value)]) -> RecordId {
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    for (f, v) in values {
        w.set(id, &FieldPath::parse(f).unwrap(), v.clone()).unwrap();
    }
    w.commit().unwrap();
    id
}

fn person(
    surname: &str,
    sex: &str,
    born: &str,
    category: &str,
    interviewed: &str,
) -> Vec<(&'static str, Value)> {
    vec![
        ("consent_obtained", json!(true)),
        ("consent_statistics", json!(true)),
        ("surname", json!(surname)),
        ("sex", json!(sex)),
        ("birth_date", json!(born)),
        ("category", json!(category)),
        ("interview_date", json!(interviewed)),
        ("oblast", json!("KZ-71")),
    ]
}

fn with(mut v: Vec<(&'static str, Value)>, more: &[(&'static str, Value)]) -> Vec<(&'static str, Value)> {
    v.extend(more.iter().cloned());
    v
}

struct Campaign {
    store: Store,
    ids: Vec<RecordId>,
}

/// Nine records, six people on 2026-06-30 (see each line).
fn campaign() -> Campaign {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "Aigerim");
    let mut ids = Vec::new();
    // A: five on the report date itself → 5–11.
    ids.push(add(
        &mut store,
        &with(
            person("Абаева", "female", "2021-06-30", "stateless", "2026-02-01"),
            &[
                ("status", json!("identified")),
                ("next_action_date", json!("2026-07-15")),
            ],
        ),
    ));
    // C: year only: 2008 means at most 17 on 2026-06-30 → 12–17; refugee status recognised.
    ids.push(add(
        &mut store,
        &with(
            person("Ахмади", "female", "2008", "asylum_seeker", "2026-03-01"),
            &[
                ("status", json!("decision")),
                ("decision_outcome", json!("refugee_recognised")),
                ("decision_date", json!("2026-05-01")),
                ("claims/01a00000-0000-7000-8000-000000000001/country", json!("AF")),
                ("claims/01a00000-0000-7000-8000-000000000002/country", json!("UZ")),
                (
                    "claims/01a00000-0000-7000-8000-000000000002/_deleted",
                    json!(true),
                ),
            ],
        ),
    ));
    // D: an estimated age (~1960) → 66 → 60+; citizenship confirmed 81 days after identification.
    ids.push(add(
        &mut store,
        &with(
            person("Ким", "male", "~1960", "stateless", "2026-01-10"),
            &[
                ("status", json!("documented")),
                ("filed_date", json!("2026-03-01")),
                ("decision_outcome", json!("kz_citizenship_confirmed")),
                ("decision_date", json!("2026-04-01")),
                ("specific_needs", json!(["older_person_at_risk", "disability"])),
            ],
        ),
    ));
    // E and F: one person recorded twice, confirmed as a duplicate; E went further.
    let e = add(
        &mut store,
        &with(
            person("Дүйсенова", "female", "1990-01-01", "undetermined", "2026-03-20"),
            &[("status", json!("filed")), ("filed_date", json!("2026-04-15"))],
        ),
    );
    let f = add(
        &mut store,
        &with(
            person("Duisenova", "female", "1990-01-01", "undetermined", "2026-02-15"),
            &[("status", json!("identified"))],
        ),
    );
    dedup::judge(&mut store, e, f, Some(Verdict::Same)).unwrap();
    ids.extend([e, f]);
    // G: no consent to statistics: left out.
    ids.push(add(
        &mut store,
        &with(
            person("Отказова", "female", "1980", "stateless", "2026-02-02"),
            &[("consent_statistics", json!(false))],
        ),
    ));
    // H: identified after the report date.
    ids.push(add(
        &mut store,
        &person("Поздний", "male", "1970", "stateless", "2026-08-01"),
    ));
    // I: refused consent: only the anonymous tally.
    ids.push(add(
        &mut store,
        &[
            ("consent_obtained", json!(false)),
            ("anon_sex", json!("female")),
            ("anon_age_band", json!("age_18_59")),
            ("anon_category", json!("undetermined")),
            ("oblast", json!("KZ-75")),
            ("interview_date", json!("2026-05-05")),
        ],
    ));
    // B, recorded by another worker: turns five the day after the report → 0–4;
    // identified more than six months before it; next action overdue.
    let mut dana = Store::open_in_memory().unwrap();
    with_profile(&mut dana, "Dana");
    let b = add(
        &mut dana,
        &with(
            person("Бекова", "male", "2021-07-01", "undetermined", "2025-10-01"),
            &[
                ("status", json!("assessed")),
                ("next_action_date", json!("2026-06-01")),
            ],
        ),
    );
    store.apply(&dana.ops().unwrap()).unwrap();
    ids.push(b);
    Campaign { store, ids }
}

fn scope(suppress: Option<u64>) -> Scope {
    Scope {
        as_of: day("2026-06-30"),
        from: day("2026-01-01"),
        to: day("2026-06-30"),
        suppress_below: suppress,
    }
}

fn form() -> &'static Form {
    intake::form::builtin().unwrap()
}

fn stats(c: &Campaign, suppress: Option<u64>) -> Statistics {
    report::compute(&c.store, form(), scope(suppress)).unwrap()
}

fn cells(s: &Statistics, table: &str, row: &str) -> Vec<u64> {
    s.table(table)
        .and_then(|t| t.rows.iter().find(|r| r.code == row))
        .map(|r| r.cells.clone())
        .unwrap_or_else(|| panic!("{table}/{row} missing"))
}

#[test]
fn counts_people_once_on_the_report_date() {
    let c = campaign();
    let s = stats(&c, None);
    assert_eq!(s.records, 9);
    assert_eq!(s.people, 6, "A B C D E(=F) I");
    assert_eq!(s.duplicates_merged, 1);
    assert_eq!(s.statistics_refused, 1);
    assert_eq!(s.identified_later, 1);
    assert_eq!(s.of_concern, 5);
    for (row, n) in [
        ("stateless", 1),
        ("undetermined", 3),
        ("asylum_seeker", 0),
        ("refugee", 1),
        ("nationality_confirmed", 1),
        ("unknown", 0),
    ] {
        assert_eq!(s.count("by_category", row), n, "category {row}");
    }
    for (row, n) in [
        ("citizenship_confirmed", 1),
        ("refugee_recognised", 1),
        ("pending_over_6_months", 1),
        ("pending", 2),
        ("consent_refused", 1),
        ("rejected_or_appeal", 0),
    ] {
        assert_eq!(s.count("by_outcome", row), n, "outcome {row}");
    }
    assert_eq!(s.count("by_oblast", "KZ-71"), 5);
    assert_eq!(s.count("by_oblast", "KZ-75"), 1);
    assert_eq!(s.count("by_status", "filed"), 1, "E speaks for E and F");
    assert_eq!(s.count("by_status", "identified"), 1, "only A");
    assert_eq!(
        s.count("by_status", "no_case"),
        1,
        "I refused consent: a tally, not a case"
    );
    assert_eq!(s.count("by_claimed_nationality", "AF"), 1);
    assert_eq!(
        s.count("by_claimed_nationality", "UZ"),
        0,
        "a removed claim is not counted"
    );
    assert_eq!(s.count("by_specific_needs", "disability"), 1);
    assert_eq!(s.overdue, 1, "B's next action was due on 2026-06-01");
    assert_eq!(
        cells(&s, "by_worker", "Aigerim"),
        vec![5, 4, 0],
        "I is no open case"
    );
    assert_eq!(cells(&s, "by_worker", "Dana"), vec![1, 1, 1]);
}

#[test]
fn age_bands_follow_birthdays_and_date_precision() {
    let c = campaign();
    let s = stats(&c, None);
    // Columns: female, male, unknown.
    assert_eq!(
        cells(&s, "by_sex_and_age", "age_0_4"),
        vec![0, 1, 0],
        "B is five tomorrow"
    );
    assert_eq!(
        cells(&s, "by_sex_and_age", "age_5_11"),
        vec![1, 0, 0],
        "A is five today"
    );
    assert_eq!(
        cells(&s, "by_sex_and_age", "age_12_17"),
        vec![1, 0, 0],
        "born in 2008: maybe not 18 yet"
    );
    assert_eq!(
        cells(&s, "by_sex_and_age", "age_18_59"),
        vec![2, 0, 0],
        "E, and I's tally"
    );
    assert_eq!(cells(&s, "by_sex_and_age", "age_60_plus"), vec![0, 1, 0], "~1960");
    // A day later A is still five, B turns five.
    let later = report::compute(
        &c.store,
        form(),
        Scope {
            as_of: day("2026-07-01"),
            ..scope(None)
        },
    )
    .unwrap();
    assert_eq!(cells(&later, "by_sex_and_age", "age_0_4"), vec![0, 0, 0]);
    assert_eq!(cells(&later, "by_sex_and_age", "age_5_11"), vec![1, 1, 0]);
    // On 2027-01-01 the one born in 2008 is surely 18.
    let next_year = report::compute(
        &c.store,
        form(),
        Scope {
            as_of: day("2027-01-01"),
            ..scope(None)
        },
    )
    .unwrap();
    assert_eq!(cells(&next_year, "by_sex_and_age", "age_12_17"), vec![0, 0, 0]);
}

#[test]
fn flows_and_medians_of_the_period() {
    let c = campaign();
    let s = stats(&c, None);
    // Resolved: a nationality confirmed or acquired (D), not C's refugee status.
    for (row, n) in [("identified", 5), ("filed", 2), ("decided", 2), ("resolved", 1)] {
        assert_eq!(s.count("flows", row), n, "flow {row}");
    }
    assert_eq!(s.count("decisions_by_outcome", "refugee_recognised"), 1);
    let median = |id: &str| s.medians.iter().find(|m| m.id == id).unwrap().clone();
    // D: 01-10 → 03-01 = 50 days; E(+F), identified 02-15 → 04-15 = 59 days.
    assert_eq!(median("days_to_filing").days, Some(54.5));
    // C: 03-01 → 05-01 = 61; D: 01-10 → 04-01 = 81.
    assert_eq!(median("days_to_decision").days, Some(71.0));
    // Before the decisions, nobody was decided yet and the stocks say so.
    let before = report::compute(
        &c.store,
        form(),
        Scope {
            as_of: day("2026-03-31"),
            ..scope(None)
        },
    )
    .unwrap();
    assert_eq!(before.count("by_outcome", "refugee_recognised"), 0);
    assert_eq!(before.count("by_category", "asylum_seeker"), 1);
}

#[test]
fn undoing_a_duplicate_counts_both_records_again() {
    let mut c = campaign();
    let (e, f) = (c.ids[3], c.ids[4]);
    dedup::judge(&mut c.store, e, f, None).unwrap();
    let s = stats(&c, None);
    assert_eq!((s.people, s.duplicates_merged), (7, 0));
}

#[test]
fn small_cells_are_hidden_and_the_report_says_so() {
    let c = campaign();
    let texts = Texts::get(Lang::En);
    let sheet = Factsheet::new(stats(&c, Some(5)), form(), texts);
    let text = String::from_utf8(report::render(&sheet, ReportFormat::Text).unwrap()).unwrap();
    assert!(text.contains("Counts under 5 are hidden"), "{text}");
    let line = |label: &str| {
        let label = format!("{label}  ");
        text.lines()
            .find(|l| l.starts_with(&label))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("People identified").ends_with(" 6"), "{text}");
    assert!(line("Stateless").contains("<5"), "{text}");
    let asylum = line("Asylum-seeker");
    assert_eq!(
        asylum.split_whitespace().nth(1),
        Some("0"),
        "nobody is not hidden: {text}"
    );
    // Of concern (5) would give away "nationality confirmed" (1) by subtraction.
    assert!(
        line("  Of concern (nationality not confirmed)").ends_with("<5"),
        "{text}"
    );
    let json: Value = serde_json::from_slice(&report::render(&sheet, ReportFormat::Json).unwrap()).unwrap();
    assert_eq!(json["suppress_below"], 5);
    let category = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "by_category")
        .unwrap();
    let undetermined = category["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "undetermined")
        .unwrap();
    assert_eq!(undetermined["cells"], json!([null]));
    let csv = String::from_utf8(report::render(&sheet, ReportFormat::Csv).unwrap()).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("by_category,refugee,Refugee,people,People,<5")),
        "{csv}"
    );
    // Without suppression the same cell is a number.
    let open = Factsheet::new(stats(&c, None), form(), texts);
    let text = String::from_utf8(report::render(&open, ReportFormat::Text).unwrap()).unwrap();
    assert!(!text.contains("<5") && !text.contains("hidden"), "{text}");
}

#[test]
fn the_report_speaks_russian_and_kazakh() {
    let c = campaign();
    for (lang, people) in [(Lang::Ru, "Выявлено людей"), (Lang::Kk, "Анықталған адамдар")]
    {
        let sheet = Factsheet::new(stats(&c, None), form(), Texts::get(lang));
        let text = String::from_utf8(report::render(&sheet, ReportFormat::Text).unwrap()).unwrap();
        assert!(text.contains(people), "{text}");
    }
}

#[test]
fn the_html_report_is_valid_and_self_contained() {
    let c = campaign();
    let sheet = Factsheet::new(stats(&c, Some(5)), form(), Texts::get(Lang::Ru));
    let html = String::from_utf8(report::render(&sheet, ReportFormat::Html).unwrap()).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"ru\">"));
    for outside in ["://", "src=", "href=", "<link", "<script", "@import", "url("] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    let selector = scraper::Selector::parse("section h2").unwrap();
    let titles: Vec<String> = doc.select(&selector).map(|h| h.text().collect()).collect();
    assert!(
        titles.iter().any(|t| t == "Люди по областям и городам"),
        "{titles:?}"
    );
    let bars = scraper::Selector::parse("span.bar").unwrap();
    assert!(doc.select(&bars).count() > 10, "bar charts are drawn");
    // A name stays text, never markup.
    assert_eq!(report::escape("<b>&\""), "&lt;b&gt;&amp;&quot;");
}

#[test]
fn the_report_workbook_reads_back() {
    let c = campaign();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    let sheet = Factsheet::new(stats(&c, None), form(), Texts::get(Lang::En));
    report::write_report(&c.store, &sheet, ReportFormat::Xlsx, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "summary");
    assert!(names.iter().any(|n| n == "by_sex_and_age"), "{names:?}");
    let ages = book.worksheet_range("by_sex_and_age").unwrap();
    assert_eq!(
        ages.get_value((0, 0)).unwrap().to_string(),
        "People by age band and sex"
    );
    let header: Vec<String> = (0..5)
        .map(|c| ages.get_value((2, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, ["Age band", "Female", "Male", "Not recorded", "Total"]);
    // Six bands and the total row, each with its numbers.
    assert_eq!(ages.get_value((9, 0)).unwrap().to_string(), "Total");
    assert_eq!(ages.get_value((9, 4)).unwrap().to_string(), "6");
    let trail = c.store.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, _, action, detail)| action == "report" && detail.contains("xlsx"))
    );
}

/// The export of the hand-built set, in a temporary folder.
fn export(c: &Campaign, format: TableFormat, deidentified: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(match format {
        TableFormat::Csv => "table",
        TableFormat::Xlsx => "table.xlsx",
    });
    // Nine people are too few for k = 5: what is kept and dropped is
    // checked here with k = 1, k-anonymity in tests/data_protection.rs.
    let everyone = report::Audience {
        k: 1,
        ..report::Audience::own()
    };
    let done = report::export_table_for(
        &c.store,
        form(),
        Texts::get(Lang::En),
        format,
        &out,
        deidentified,
        day("2026-06-30"),
        &everyone,
    )
    .unwrap();
    // A de-identified export has no group sheets: entries would single people out.
    let entries = if deidentified { 0 } else { 1 };
    assert_eq!(done.entries, entries, "the removed claim is not an entry");
    // De-identified data is for statistics: G did not consent to them.
    let expected = if deidentified { (8, 1) } else { (9, 0) };
    assert_eq!((done.records, done.left_out), expected);
    (dir, out)
}

#[test]
fn the_table_export_workbook_reads_back_with_every_group() {
    let c = campaign();
    let (_dir, path) = export(&c, TableFormat::Xlsx, false);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let groups: Vec<String> = form()
        .fields()
        .filter(|f| f.kind == intake::form::Kind::Repeat)
        .map(|f| f.id.clone())
        .collect();
    assert_eq!(names[0], "records");
    assert_eq!(
        names[1..=groups.len()],
        groups[..],
        "one sheet per repeat group, none dropped"
    );
    // Then the list of attachments (names, types, sizes, hashes; never their content).
    assert_eq!(names[groups.len() + 1..], ["attachments"]);
    let records = book.worksheet_range("records").unwrap();
    assert_eq!(records.height(), 10, "header and nine records");
    assert_eq!(records.get_value((0, 0)).unwrap().to_string(), "Record");
    let header: Vec<String> = (0..records.width() as u32)
        .map(|c| records.get_value((0, c)).unwrap().to_string())
        .collect();
    let column = |label: &str| {
        header
            .iter()
            .position(|h| h == label)
            .unwrap_or_else(|| panic!("{label}: {header:?}"))
    };
    let row_of = |id: RecordId| {
        (1..records.height())
            .find(|&r| records.get_value((r as u32, 0)).unwrap().to_string() == id.to_string())
            .unwrap() as u32
    };
    let a = row_of(c.ids[0]);
    assert_eq!(
        records
            .get_value((a, column("Surname") as u32))
            .unwrap()
            .to_string(),
        "Абаева"
    );
    assert_eq!(
        records
            .get_value((a, column("Preliminary category") as u32))
            .unwrap()
            .to_string(),
        "stateless"
    );
    assert_eq!(
        records
            .get_value((a, column("Oblast or city") as u32))
            .unwrap()
            .to_string(),
        "Astana"
    );
    let claims = book.worksheet_range("claims").unwrap();
    assert_eq!(claims.height(), 2);
    assert_eq!(
        claims.get_value((1, 0)).unwrap().to_string(),
        c.ids[1].to_string()
    );
    let trail = c.store.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, _, action, detail)| action == "export-table" && detail.contains("9 records"))
    );
}

#[test]
fn the_deidentified_csv_export_leaves_out_what_identifies() {
    let c = campaign();
    let (_dir, folder) = export(&c, TableFormat::Csv, true);
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["records.csv"], "the records sheet only");
    assert!(
        names.iter().all(|n| n.ends_with(".csv")),
        "no temporary file left: {names:?}"
    );
    let records = std::fs::read_to_string(folder.join("records.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(records.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    for gone in [
        "Surname",
        "IIN",
        "Phone",
        "Place of birth",
        "Interviewer",
        "Recorded by",
        "Ethnicity",
    ] {
        assert!(!header.contains(&gone.to_owned()), "{gone} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 8, "G, who refused statistics, is left out");
    let born = header.iter().position(|h| h == "Date of birth").unwrap();
    let band = header.iter().position(|h| h == "Age band today").unwrap();
    let mut numbers: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        ["1", "2", "3", "4", "5", "6", "7", "8"],
        "records are numbered"
    );
    let mut born_2021: Vec<&str> = rows
        .iter()
        .filter(|r| &r[born] == "2021")
        .map(|r| &r[band])
        .collect();
    born_2021.sort();
    assert_eq!(
        born_2021,
        ["0–4", "5–11"],
        "year only, with the age band on the day"
    );
    for id in &c.ids {
        assert!(!records.contains(&id.to_string()));
    }
    for name in ["Абаева", "Дүйсенова", "Duisenova", "Aigerim"] {
        assert!(!records.contains(name), "{name} exported");
    }
    // Only the quasi-identifiers and the status: no other column.
    let kept = [
        "Record",
        "Sex",
        "Date of birth",
        "Age band today",
        "Country of birth",
        "Oblast or city",
        "Preliminary category",
        "Status",
    ];
    for h in &header {
        assert!(kept.contains(&h.as_str()), "{h} in a de-identified export");
    }
}

#[test]
fn a_full_csv_export_keeps_names_and_exact_dates() {
    let c = campaign();
    let (_dir, folder) = export(&c, TableFormat::Csv, false);
    let records = std::fs::read_to_string(folder.join("records.csv")).unwrap();
    assert!(records.contains("Абаева") && records.contains("2021-06-30"));
    assert!(records.contains(&c.ids[0].to_string()));
}

#[test]
fn refusing_statistics_on_one_record_leaves_the_whole_person_out() {
    let mut c = campaign();
    let f = c.ids[4];
    let mut w = c.store.writer().unwrap();
    w.set(f, &FieldPath::parse("consent_statistics").unwrap(), json!(false))
        .unwrap();
    w.commit().unwrap();
    let s = stats(&c, None);
    assert_eq!(s.statistics_refused, 2, "G, and E+F");
    assert_eq!(s.people, 5);
    assert_eq!(
        s.count("by_status", "filed"),
        0,
        "E is not counted through its duplicate"
    );
}

#[test]
fn the_headline_hides_what_the_category_table_hides() {
    let identified = day("2026-01-15");
    let person = |category: &str, decision: Option<&str>| report::Facts {
        category: Some(category.to_owned()),
        identified: Some(identified),
        decision: decision.map(str::to_owned),
        decided: decision.map(|_| day("2026-05-01")),
        ..report::Facts::default()
    };
    let mut records = Vec::new();
    for (category, decision, n) in [
        ("stateless", None, 20),
        ("undetermined", None, 3),
        ("undetermined", Some("kz_citizenship_confirmed"), 6),
        ("refugee", None, 10),
    ] {
        records.extend((0..n).map(|_| person(category, decision)));
    }
    let sheet = Factsheet::new(
        report::statistics(records, form(), scope(Some(5))),
        form(),
        Texts::get(Lang::En),
    );
    let table = sheet.tables.iter().find(|t| t.id == "by_category").unwrap();
    let row = |code: &str| table.rows.iter().find(|(c, _, _)| c == code).unwrap().2[0];
    assert_eq!(row("undetermined"), None, "3 is hidden");
    assert_eq!(
        row("nationality_confirmed"),
        None,
        "and 6 with it, or 39 − 20 − 10 − 6 gives the 3"
    );
    let figure = |code: &str| {
        sheet
            .headline
            .iter()
            .find(|f| f.code == code)
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(figure("nationality_confirmed"), None);
    assert_eq!(figure("of_concern"), None);
    assert_eq!(figure("people"), Some("39".to_owned()));
}

#[test]
fn a_csv_cell_never_becomes_a_spreadsheet_formula() {
    let mut store = Store::open_in_memory().unwrap();
    with_profile(&mut store, "=cmd|' /C calc'!A0");
    add(
        &mut store,
        &[
            ("consent_obtained", json!(true)),
            ("surname", json!("=HYPERLINK(\"http://x\")")),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table");
    report::export_table(
        &store,
        form(),
        Texts::get(Lang::En),
        TableFormat::Csv,
        &out,
        false,
        day("2026-06-30"),
    )
    .unwrap();
    let records = std::fs::read_to_string(out.join("records.csv")).unwrap();
    assert!(records.contains("'=HYPERLINK"), "{records}");
    assert!(records.contains("'=cmd"), "{records}");
    // Made today: a report on a date far ahead counts it.
    let later = Scope {
        as_of: day("2099-12-31"),
        ..scope(None)
    };
    let sheet = Factsheet::new(
        report::compute(&store, form(), later).unwrap(),
        form(),
        Texts::get(Lang::En),
    );
    let csv = String::from_utf8(report::render(&sheet, ReportFormat::Csv).unwrap()).unwrap();
    assert!(csv.contains(",'=cmd"), "{csv}");
}

/// The workbook opens in LibreOffice (Debian's `libreoffice-calc-nogui`,
/// which `.ci/run` installs): converted to CSV headless, it gives the
/// records sheet back.
#[test]
fn libreoffice_opens_the_exported_workbook() {
    let Ok(soffice) = which("soffice") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs LibreOffice for this test (.ci/run installs it)"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let c = campaign();
    let (dir, path) = export(&c, TableFormat::Xlsx, false);
    let profile = dir.path().join("lo-profile");
    let out = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = std::fs::read_to_string(dir.path().join("table.csv")).unwrap();
    assert_eq!(csv.lines().count(), 10, "{csv}");
    assert!(csv.starts_with("Record,Recorded by,"), "{csv}");
    assert!(csv.contains("Абаева"));
}

fn which(tool: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .ok_or(())
}
