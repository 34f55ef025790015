//! Generated documents: every template as DOCX and PDF for a demo person,
//! read back by tools this program did not write (LibreOffice converts the
//! DOCX, `pdftotext` reads both PDFs); a coordinator's own template; the
//! consular request refused for a person who fled; a request that becomes
//! part of the case.

mod common;

use common::Keys;
use intake::documents::{self, DocumentError, Format};
use intake::domain::{FieldPath, RecordId};
use intake::i18n::Lang;
use intake::store::{Role, Store};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn set(store: &mut Store, id: RecordId, values: &[(&str, Value)]) {
    let mut w = store.writer().unwrap();
    for (f, v) in values {
        w.set(id, &FieldPath::parse(f).unwrap(), v.clone()).unwrap();
    }
    w.commit().unwrap();
}

/// A demo person (with consent), whose name has Kazakh letters.
fn demo_person(store: &mut Store) -> RecordId {
    intake::demo::fill(store, 3, 7, &mut |_| {}).unwrap();
    let id = store.records(&Default::default()).unwrap()[0].id;
    set(
        store,
        id,
        &[
            ("consent_obtained", json!(true)),
            ("surname", json!("Өмірзақова")),
            ("given_name", json!("Әйгерім")),
            ("patronymic", json!("Нұрланқызы")),
            ("birth_date", json!("1986-03-09")),
            ("category", json!("undetermined")),
        ],
    );
    id
}

/// The text `pdftotext` reads from a PDF; `None` where the tool is missing.
fn pdftotext(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Whether a tool is installed (`pdftotext -v`, `soffice --version`).
fn has(tool: &str) -> bool {
    let flag = if tool == "pdftotext" { "-v" } else { "--version" };
    Command::new(tool)
        .arg(flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_template_makes_a_docx_and_a_pdf_that_other_tools_read() {
    let keys = Keys::new();
    let mut store = keys.store("Айгуль", Role::Field, None);
    let id = demo_person(&mut store);
    let form = intake::form::builtin().unwrap();
    let templates = documents::load(None, form).unwrap();
    assert_eq!(templates.len(), 7);
    let dir = tempfile::tempdir().unwrap();
    let mut docx_files = Vec::new();
    for t in &templates {
        for lang in [Lang::Ru, Lang::Kk] {
            for format in [Format::Docx, Format::Pdf] {
                let ext = if format == Format::Pdf { "pdf" } else { "docx" };
                let out = dir.path().join(format!("{}-{}.{ext}", t.id, lang.tag()));
                documents::generate(
                    &mut store,
                    form,
                    &templates,
                    id,
                    &t.id,
                    lang,
                    format,
                    &out,
                    today(),
                )
                .unwrap_or_else(|e| panic!("{} {}: {e}", t.id, lang.tag()));
                let bytes = std::fs::read(&out).unwrap();
                assert!(bytes.len() > 1000, "{} is {} bytes", out.display(), bytes.len());
                if format == Format::Docx {
                    assert_eq!(&bytes[..2], b"PK", "a DOCX is a zip");
                    docx_files.push(out);
                } else {
                    assert_eq!(&bytes[..5], b"%PDF-");
                    // Nothing about who made it or when.
                    let text = String::from_utf8_lossy(&bytes);
                    assert!(
                        !text.contains("/Author") && !text.contains("/Creator (Typst"),
                        "metadata in {}",
                        out.display()
                    );
                }
            }
        }
    }
    // Each generated document is recorded.
    let audited = store
        .audit_trail()
        .unwrap()
        .iter()
        .filter(|(_, _, a, _)| a == "document generated")
        .count();
    assert_eq!(audited, templates.len() * 4);
    if !has("pdftotext") {
        eprintln!("pdftotext (poppler-utils) is not installed: the PDFs were not read back");
        return;
    }
    for t in &templates {
        for lang in ["ru", "kk"] {
            let text = pdftotext(&dir.path().join(format!("{}-{lang}.pdf", t.id))).unwrap();
            assert!(
                text.contains("Өмірзақова"),
                "{}-{lang}.pdf lacks the name:\n{text}",
                t.id
            );
            assert!(text.contains("Әйгерім"), "{}-{lang}.pdf", t.id);
            if lang == "kk" {
                assert!(
                    text.contains("Құқықтық негіз"),
                    "{}-kk.pdf lost its Kazakh letters",
                    t.id
                );
            }
        }
        let summary = pdftotext(&dir.path().join("case-summary-ru.pdf")).unwrap();
        assert!(summary.contains("09.03.1986"), "dates as DD.MM.YYYY:\n{summary}");
    }
    if !has("soffice") {
        eprintln!("LibreOffice is not installed: the DOCX files were not converted");
        return;
    }
    let converted = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(converted.path())
        .args(&docx_files)
        .env("HOME", converted.path())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for docx in &docx_files {
        let name = docx.file_stem().unwrap().to_string_lossy().into_owned();
        let text = pdftotext(&converted.path().join(format!("{name}.pdf"))).unwrap();
        assert!(
            text.contains("Өмірзақова"),
            "LibreOffice's {name}.pdf lacks the name:\n{text}"
        );
        if name.ends_with("-kk") {
            assert!(text.contains("Құқықтық негіз"), "{name}: Kazakh letters");
        }
    }
}

#[test]
fn the_consular_request_is_refused_for_a_person_who_fled() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = demo_person(&mut store);
    let form = intake::form::builtin().unwrap();
    let templates = documents::load(None, form).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("consulate.docx");
    for category in ["refugee", "asylum_seeker"] {
        set(&mut store, id, &[("category", json!(category))]);
        let refused = documents::generate(
            &mut store,
            form,
            &templates,
            id,
            "consulate-request",
            Lang::Ru,
            Format::Docx,
            &out,
            today(),
        );
        assert!(
            matches!(refused, Err(DocumentError::Fled)),
            "{category}: {refused:?}"
        );
        assert!(!out.exists());
    }
    // Not a refugee, but a claim says the person fears that state.
    set(&mut store, id, &[("category", json!("undetermined"))]);
    let mut w = store.writer().unwrap();
    w.add_entry(
        id,
        "claims",
        &[("country", json!("AF")), ("fears_persecution", json!(true))],
    )
    .unwrap();
    w.commit().unwrap();
    let refused = documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "consulate-request",
        Lang::Ru,
        Format::Pdf,
        &out,
        today(),
    );
    assert!(matches!(refused, Err(DocumentError::Fled)));
    let requests = store.record(id).unwrap().unwrap().entries("requests").len();
    assert_eq!(requests, 0, "a refused letter adds no request");
    // The same person's other documents are made.
    documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "case-summary",
        Lang::Ru,
        Format::Docx,
        &out,
        today(),
    )
    .unwrap();
}

#[test]
fn a_request_becomes_part_of_the_case_and_its_wait_starts_when_sent() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = demo_person(&mut store);
    let form = intake::form::builtin().unwrap();
    let templates = documents::load(None, form).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let made = documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "consulate-request",
        Lang::Ru,
        Format::Docx,
        &dir.path().join("c.docx"),
        today(),
    )
    .unwrap();
    let entry = made.request.expect("a draft request").to_string();
    let state = store.record(id).unwrap().unwrap();
    assert_eq!(
        state.value(&format!("requests/{entry}/to")),
        Some(&json!("consulate"))
    );
    assert_eq!(
        state.value(&format!("requests/{entry}/sent_date")),
        None,
        "a draft until sent"
    );
    let sent = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    documents::mark_sent(&mut store, id, &entry[entry.len() - 8..], sent, &|to| {
        format!("reply from {to}")
    })
    .unwrap();
    let state = store.record(id).unwrap().unwrap();
    assert_eq!(
        state.value(&format!("requests/{entry}/sent_date")),
        Some(&json!("2026-12-03"))
    );
    assert_eq!(
        state.value("foreign_enquiry_date"),
        Some(&json!("2026-12-03")),
        "the six months start"
    );
    assert_eq!(state.value("next_action_date"), Some(&json!("2027-06-03")));
    assert_eq!(state.value("next_action"), Some(&json!("reply from consulate")));
}

#[test]
fn a_coordinators_own_template_is_checked_and_used() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = demo_person(&mut store);
    let form = intake::form::builtin().unwrap();
    let config = tempfile::tempdir().unwrap();
    let own = "id = \"akimat-letter\"\nversion = 1\n\n[title]\nru = \"Письмо в акимат\"\nkk = \"Әкімдікке хат\"\n\n\
               [basis]\nru = \"Закон № 1\"\nkk = \"№ 1 Заң\"\n\n[[block]]\nstyle = \"paragraph\"\n\
               ru = \"Просим помочь: {full_name}, {birth_date}.\"\nkk = \"Көмектесуіңізді сұраймыз: {full_name}.\"\n";
    std::fs::write(config.path().join("akimat-letter.toml"), own).unwrap();
    let templates = documents::load(Some(config.path()), form).unwrap();
    assert_eq!(templates.len(), 8);
    let out = config.path().join("letter.pdf");
    documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "akimat-letter",
        Lang::Ru,
        Format::Pdf,
        &out,
        today(),
    )
    .unwrap();
    if let Some(text) = pdftotext(&out).filter(|_| has("pdftotext")) {
        assert!(
            text.contains("Просим помочь: Өмірзақова Әйгерім Нұрланқызы, 09.03.1986."),
            "{text}"
        );
    }
    // A template that names a field the form does not have: refused, with its line.
    let broken = own.replace("{birth_date}", "{shoe_size}");
    std::fs::write(config.path().join("akimat-letter.toml"), broken).unwrap();
    let errors = documents::load(Some(config.path()), form).unwrap_err();
    let texts = intake::i18n::Texts::get(Lang::En);
    let said = errors[0].render(texts);
    assert!(
        said.ends_with("akimat-letter.toml:14: “shoe_size” is not a field of the form"),
        "{said}"
    );
}

#[test]
fn a_coordinators_own_consular_letter_is_refused_for_a_refugee_all_the_same() {
    let keys = Keys::new();
    let mut store = keys.store("w", Role::Field, None);
    let id = demo_person(&mut store);
    let form = intake::form::builtin().unwrap();
    let config = tempfile::tempdir().unwrap();
    // No refusal rule in the file, but a request to a consulate.
    let own = "id = \"embassy\"\nversion = 1\nrequest = \"consulate\"\n\n[title]\nru = \"Письмо\"\nkk = \"Хат\"\n\n\
               [basis]\nru = \"Закон\"\nkk = \"Заң\"\n\n[[block]]\nstyle = \"paragraph\"\nru = \"{full_name}\"\nkk = \"{full_name}\"\n";
    std::fs::write(config.path().join("embassy.toml"), own).unwrap();
    let templates = documents::load(Some(config.path()), form).unwrap();
    let out = config.path().join("e.docx");
    // A refugee by profile only, and a refugee's certificate on another laptop's candidate.
    set(&mut store, id, &[("profile", json!("refugee"))]);
    let refused = documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "embassy",
        Lang::Ru,
        Format::Docx,
        &out,
        today(),
    );
    assert!(matches!(refused, Err(DocumentError::Fled)), "{refused:?}");
    set(&mut store, id, &[("profile", json!("ussr_passport"))]);
    let mut w = store.writer().unwrap();
    w.add_entry(id, "documents", &[("doc_type", json!("refugee_certificate"))])
        .unwrap();
    w.commit().unwrap();
    let refused = documents::generate(
        &mut store,
        form,
        &templates,
        id,
        "embassy",
        Lang::Ru,
        Format::Docx,
        &out,
        today(),
    );
    assert!(matches!(refused, Err(DocumentError::Fled)), "{refused:?}");
    assert!(!out.exists());
}
