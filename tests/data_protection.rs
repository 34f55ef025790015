//! Data protection where data leaves: an export for a recipient holds
//! exactly the people who agreed to its purpose (an oracle from the
//! records decides who), in every sheet; it is one file encrypted to the
//! recipient that the reference `age` tool opens, and its content equals
//! the same export made in plaintext.

use intake::domain::{FieldPath, RecordId};
use intake::i18n::{Lang, Texts};
use intake::report::{self, Audience, TableFormat};
use intake::store::{Purpose, Store};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::Path;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// People with every kind of consent, each with a document and a claim.
fn store() -> (Store, Vec<RecordId>) {
    let mut store = Store::open_in_memory().unwrap();
    intake::testing::with_role(&mut store, "Aigerim", intake::store::Role::Coordinator);
    let consents: [&[(&str, Value)]; 6] = [
        // A referral list: nothing recorded.
        &[],
        // Refused.
        &[("consent_obtained", json!(false))],
        &[
            ("consent_obtained", json!(true)),
            ("consent_legal_assistance", json!(true)),
            ("consent_share_authority", json!(true)),
            ("consent_authority_name", json!("Миграционная полиция Алматы")),
            ("consent_share_unhcr", json!(false)),
        ],
        &[
            ("consent_obtained", json!(true)),
            ("consent_legal_assistance", json!(true)),
            ("consent_share_authority", json!(false)),
            ("consent_share_unhcr", json!(true)),
        ],
        &[
            ("consent_obtained", json!(true)),
            ("consent_legal_assistance", json!(true)),
            ("consent_share_authority", json!(true)),
            ("consent_authority_name", json!("ЦОН")),
            ("consent_share_unhcr", json!(true)),
        ],
        &[
            ("consent_obtained", json!(true)),
            ("consent_legal_assistance", json!(false)),
        ],
    ];
    let surnames = ["Ахмедов", "Дуйсенова", "Ким", "Петренко", "Нурланова", "Исаев"];
    let mut ids = Vec::new();
    let mut w = store.writer().unwrap();
    for (n, consent) in consents.iter().enumerate() {
        let id = w.create_record().unwrap();
        let mut set = |f: &str, v: Value| w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
        set("surname", json!(surnames[n]));
        set("given_name", json!("Айгуль"));
        set("sex", json!("female"));
        set("birth_date", json!(format!("19{}-03-09", 70 + n)));
        for (f, v) in consent.iter() {
            set(f, v.clone());
        }
        set(&format!("documents/d{n}/doc_type"), json!("ussr_passport"));
        set(&format!("claims/c{n}/country"), json!("UZ"));
        ids.push(id);
    }
    w.commit().unwrap();
    (store, ids)
}

/// Who an export for `purpose` must hold, decided from the records' own values.
fn oracle(store: &Store, ids: &[RecordId], purpose: Purpose) -> BTreeSet<String> {
    ids.iter()
        .filter(|id| {
            let state = store.record(**id).unwrap().unwrap();
            let yes = |f: &str| state.value(f) == Some(&json!(true));
            match purpose {
                Purpose::Internal => true,
                Purpose::Authority => yes("consent_obtained") && yes("consent_share_authority"),
                Purpose::Unhcr => yes("consent_obtained") && yes("consent_share_unhcr"),
                Purpose::Partner => yes("consent_obtained") && yes("consent_legal_assistance"),
            }
        })
        .map(ToString::to_string)
        .collect()
}

/// The record ids in the first column of a CSV file (header skipped).
fn record_ids(csv: &str) -> BTreeSet<String> {
    csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect()
}

fn folder(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_export_holds_exactly_the_people_who_agreed_to_its_purpose_in_every_sheet() {
    let (store, ids) = store();
    let form = intake::form::builtin().unwrap();
    let texts = Texts::get(Lang::En);
    for purpose in [
        Purpose::Authority,
        Purpose::Unhcr,
        Purpose::Partner,
        Purpose::Internal,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plain");
        let audience = Audience {
            purpose,
            sealed_to: None,
            k: 5,
        };
        let done = report::export_table_for(
            &store,
            form,
            texts,
            TableFormat::Csv,
            &out,
            false,
            day("2026-12-02"),
            &audience,
        )
        .unwrap();
        let expected = oracle(&store, &ids, purpose);
        let files = folder(&out);
        assert_eq!(record_ids(&files["records.csv"]), expected, "{purpose:?}");
        for group in ["documents.csv", "claims.csv"] {
            assert_eq!(record_ids(&files[group]), expected, "{purpose:?} {group}");
        }
        for (name, csv) in &files {
            assert!(record_ids(csv).is_subset(&expected), "{purpose:?} {name}");
        }
        assert_eq!(done.records as usize, expected.len());
        assert_eq!(
            (done.records + done.no_consent + done.declined) as usize,
            ids.len(),
            "{purpose:?}: every record counted once"
        );
        if purpose == Purpose::Authority {
            let named: Vec<&str> = done.authorities.keys().map(String::as_str).collect();
            assert_eq!(named, ["Миграционная полиция Алматы", "ЦОН"]);
            assert_eq!(done.no_consent, 2, "the referral list and the refusal");
        }
    }
}

/// Decrypts `file` with the reference `age` tool (which `.ci/run` installs).
fn age_decrypt(identity: &age::x25519::Identity, file: &Path, dir: &Path) -> Option<Vec<u8>> {
    use age::secrecy::ExposeSecret as _;
    let key = dir.join("key.txt");
    std::fs::write(&key, format!("{}\n", identity.to_string().expose_secret())).unwrap();
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg(file)
        .output()
        .ok()?;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(out.stdout)
}

#[test]
fn an_export_for_a_recipient_opens_with_age_and_equals_the_plaintext_one() {
    let (store, _) = store();
    let form = intake::form::builtin().unwrap();
    let texts = Texts::get(Lang::Ru);
    let identity = age::x25519::Identity::generate();
    let dir = tempfile::tempdir().unwrap();
    let export = |format, out: &Path, sealed: bool| {
        let audience = Audience {
            purpose: Purpose::Unhcr,
            sealed_to: sealed.then(|| ("UNHCR Almaty".to_owned(), identity.to_public())),
            k: 5,
        };
        report::export_table_for(
            &store,
            form,
            texts,
            format,
            out,
            false,
            day("2026-12-02"),
            &audience,
        )
        .unwrap()
    };
    // CSV: one zip of the files.
    let sealed = dir.path().join("for-unhcr.age");
    export(TableFormat::Csv, &sealed, true);
    let plain = dir.path().join("plain");
    export(TableFormat::Csv, &plain, false);
    let raw = std::fs::read(&sealed).unwrap();
    assert!(raw.starts_with(b"age-encryption.org/v1"));
    assert!(!raw.windows("Петренко".len()).any(|w| w == "Петренко".as_bytes()));
    let Some(zipped) = age_decrypt(&identity, &sealed, dir.path()) else {
        eprintln!("the age tool is not installed: the decryption by it is not checked");
        return;
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    let mut unzipped = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        unzipped.insert(file.name().unwrap().to_string(), text);
    }
    assert_eq!(unzipped, folder(&plain));
    // Who agreed to UNHCR is in it; who did not, not.
    assert!(unzipped["records.csv"].contains("Петренко"));
    assert!(!unzipped["records.csv"].contains("Ким"));
    // Never a workbook: its library would keep the rows in plaintext files.
    let workbook = dir.path().join("for-unhcr.xlsx.age");
    let audience = Audience {
        purpose: Purpose::Unhcr,
        sealed_to: Some(("UNHCR Almaty".to_owned(), identity.to_public())),
        k: 5,
    };
    let refused = report::export_table_for(
        &store,
        form,
        texts,
        TableFormat::Xlsx,
        &workbook,
        false,
        day("2026-12-02"),
        &audience,
    );
    assert!(
        matches!(refused, Err(report::ReportError::SealedWorkbook)),
        "{refused:?}"
    );
    // Nothing else was left in the folder: no plaintext scratch file.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["for-unhcr.age", "key.txt", "plain"]);
}

/// `--deidentified` is k-anonymous: every combination of the
/// quasi-identifiers written (sex, birth year or band, country of birth,
/// region, category, age band) is shared by at least k people; there is no
/// other sheet to join, and no other column but the status.
#[test]
fn a_deidentified_export_leaves_no_combination_rarer_than_k() {
    let mut store = Store::open_in_memory().unwrap();
    intake::testing::with_profile(&mut store, "Нурлан");
    intake::demo::fill(&mut store, 600, 7, &mut |_| {}).unwrap();
    let form = intake::form::builtin().unwrap();
    let texts = Texts::get(Lang::En);
    for k in [2u64, 5, 10] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deid");
        let audience = Audience { k, ..Audience::own() };
        let done = report::export_table_for(
            &store,
            form,
            texts,
            TableFormat::Csv,
            &out,
            true,
            day("2026-12-02"),
            &audience,
        )
        .unwrap();
        let files = folder(&out);
        let mut reader = csv::Reader::from_reader(files["records.csv"].as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let label = |id: &str| form.text(texts, &form.field(id).unwrap().label);
        let mut columns: Vec<usize> = intake::report::kanon::QUASI
            .iter()
            .map(|id| header.iter().position(|h| *h == label(id)).unwrap())
            .collect();
        let band = header.iter().position(|h| h == "Age band today").unwrap();
        columns.push(band);
        let mut classes: BTreeMap<Vec<String>, u64> = BTreeMap::new();
        let mut person: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in reader.records() {
            let row = row.unwrap();
            let key: Vec<String> = columns.iter().map(|c| row[*c].to_owned()).collect();
            *classes.entry(key.clone()).or_default() += 1;
            person.insert(row[0].to_owned(), key);
        }
        assert_eq!(person.len() as u64, done.records);
        assert!(done.records > 0, "k = {k}: someone is left");
        for (class, n) in &classes {
            assert!(*n >= k, "k = {k}: {class:?} is shared by {n}");
        }
        // No other sheet: a group's rows (how many children, which
        // documents) would single people out in a join.
        assert_eq!(files.keys().collect::<Vec<_>>(), ["records.csv"]);
        // Rows are not in the order records came in: sorted by their cells.
        let rows: Vec<Vec<String>> = csv::Reader::from_reader(files["records.csv"].as_bytes())
            .records()
            .map(|r| r.unwrap().iter().skip(1).map(str::to_owned).collect())
            .collect();
        assert!(rows.windows(2).all(|w| w[0] <= w[1]));
        eprintln!(
            "k = {k}: {} of 600 written, {} cells generalised, {} suppressed",
            done.records, done.anonymity.generalised, done.anonymity.suppressed
        );
        assert_eq!(
            done.records + done.anonymity.suppressed + done.left_out,
            600,
            "every person is written, suppressed or without consent to statistics"
        );
    }
}
