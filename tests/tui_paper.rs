//! The paperwork in the terminal UI: the record view lists attachments,
//! `a` attaches scans from a folder, `c` writes copies where the user
//! says, `d` makes a letter — drawn on a `TestBackend` at 80×24 and fed
//! with actions.

use intake::config::ActiveForm;
use intake::domain::{FieldPath, RecordId};
use intake::i18n::Lang;
use intake::store::Store;
use intake::tui::action::{Action, Edit};
use intake::tui::app::draw::draw;
use intake::tui::app::{App, update};
use intake::tui::screens::Screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const PASS: &str = "a passphrase for tests";

fn fixtures() -> &'static str {
    "tests/fixtures/attach"
}

/// A database with one person who consented, and a scan of her passport.
fn database() -> (TempDir, std::path::PathBuf, RecordId) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &SecretString::from(PASS.to_owned())).unwrap();
    intake::testing::with_profile(&mut store, "Нурлан");
    let mut w = store.writer().unwrap();
    let id = w.create_record().unwrap();
    for (f, v) in [
        ("consent_obtained", json!(true)),
        ("surname", json!("Дуйсенова")),
        ("given_name", json!("Айгуль")),
        ("birth_date", json!("1985-03-09")),
        ("sex", json!("female")),
        ("oblast", json!("KZ-75")),
        ("status", json!("gathering_documents")),
    ] {
        w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
    }
    w.commit().unwrap();
    let form = intake::form::builtin().unwrap();
    let file = Path::new(fixtures()).join("scan.pdf");
    let raw = std::fs::read(&file).unwrap();
    let today = chrono::Local::now().date_naive();
    intake::attach::attach(&mut store, form, id, &file, &raw, &Default::default(), today).unwrap();
    (dir, path, id)
}

fn unlocked(path: &Path, lang: Lang) -> App {
    let mut app = App::new(
        path.to_owned(),
        ActiveForm::Builtin(intake::form::builtin().unwrap()),
        lang,
        Duration::from_secs(600),
        (80, 24),
        Instant::now(),
    );
    app.screen = app.open(&SecretString::from(PASS.to_owned())).unwrap();
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    // The day an attachment was added is today's.
    let local = chrono::Local::now().date_naive().format("%d.%m.%Y").to_string();
    let utc = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let text = format!("{}", terminal.backend()).replace(&local, "DD.MM.YYYY");
    // The history's times (UTC, to the minute) too.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&utc) {
        out.push_str(&rest[..at]);
        out.push_str("YYYY-MM-DD");
        rest = &rest[at + utc.len()..];
        if rest.len() >= 6 && rest.as_bytes()[0] == b' ' && rest.as_bytes()[3] == b':' {
            out.push_str(" HH:MM");
            rest = &rest[6..];
        }
    }
    out.push_str(rest);
    out
}

fn type_folder(app: &mut App, folder: &str) {
    update(app, Action::Edit(Edit::Clear));
    for c in folder.chars() {
        update(app, Action::Edit(Edit::Insert(c)));
    }
}

#[test]
fn the_record_view_lists_attachments_and_the_letter_screen_writes_where_it_says() {
    let (dir, path, id) = database();
    let mut app = unlocked(&path, Lang::Ru);
    update(&mut app, Action::Open);
    assert!(matches!(app.screen, Screen::Record(_)));
    insta::assert_snapshot!("record_with_attachment_ru", screen(&app));
    update(&mut app, Action::OpenLetter);
    assert!(matches!(app.screen, Screen::Paper(_)));
    type_folder(&mut app, "target");
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    insta::assert_snapshot!("letter_ru", screen(&app));
    // The third template, as PDF, into a folder of the test's own.
    update(&mut app, Action::NextField);
    let out = dir.path().join("letters");
    std::fs::create_dir(&out).unwrap();
    type_folder(&mut app, &out.display().to_string());
    update(&mut app, Action::Submit);
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0].to_string_lossy().into_owned();
    assert!(
        name.starts_with("stateless-application-") && name.ends_with(".pdf"),
        "{name}"
    );
    let Screen::Paper(paper) = &app.screen else {
        panic!()
    };
    let said: Vec<String> = paper.said.iter().map(|m| m.key.to_string()).collect();
    assert_eq!(said, ["document-done"]);
    // Esc goes back to the record.
    update(&mut app, Action::Back);
    assert!(matches!(&app.screen, Screen::Record(r) if r.record == id));
}

#[test]
fn scans_are_attached_from_a_folder_and_copies_written_where_the_user_confirms() {
    let (dir, path, id) = database();
    let mut app = unlocked(&path, Lang::En);
    update(&mut app, Action::Open);
    update(&mut app, Action::OpenAttach);
    type_folder(&mut app, fixtures());
    let Screen::Paper(paper) = &app.screen else {
        panic!()
    };
    // Listed by content: the JPEG, the PDF and the TIFF, not this test's files.
    assert_eq!(paper.chooser.files.len(), 3);
    insta::assert_snapshot!("attach_en", screen(&app));
    update(&mut app, Action::Down);
    update(&mut app, Action::NextField);
    update(&mut app, Action::Submit);
    let Screen::Paper(paper) = &app.screen else {
        panic!()
    };
    let said: Vec<String> = paper.said.iter().map(|m| m.key.to_string()).collect();
    assert_eq!(said, ["tui-attach-done"], "the chosen file only");
    update(&mut app, Action::Back);
    let Screen::Record(view) = &app.screen else {
        panic!()
    };
    // The PDF attached again is the same file: listed twice, kept once.
    assert_eq!(view.attachments.len(), 2);
    update(&mut app, Action::OpenCopies);
    let copies = dir.path().join("copies");
    type_folder(&mut app, &copies.display().to_string());
    update(&mut app, Action::Submit);
    let written: Vec<_> = std::fs::read_dir(&copies).unwrap().flatten().collect();
    assert_eq!(written.len(), 1, "one copy of the one file");
    let Screen::Paper(paper) = &app.screen else {
        panic!()
    };
    assert_eq!(paper.said[0].key, "attach-exported");
    let _ = id;
}

/// Typing a request's sent date in the form starts the wait for its reply,
/// as `intake request-sent` does; a consular request of a refugee is
/// refused there too and nothing is stored.
#[test]
fn typing_a_sent_date_in_the_form_starts_the_wait_and_a_refugee_is_never_written_to_their_state() {
    use intake::tui::screens::form::FormScreen;
    let (_dir, path, id) = database();
    let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
    let form = intake::form::builtin().unwrap();
    let texts = intake::i18n::Texts::get(Lang::Ru);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let mut w = store.writer().unwrap();
    for (f, v) in [
        ("requests/r1consul/to", json!("consulate")),
        (
            "requests/r1consul/body",
            json!("Посольство Республики Узбекистан"),
        ),
    ] {
        w.set(id, &FieldPath::parse(f).unwrap(), v).unwrap();
    }
    w.commit().unwrap();
    let typed = |store: &mut Store| {
        store
            .save_draft(id, "requests/r1consul/sent_date", "01.12.2026")
            .unwrap();
        let mut screen = FormScreen::open(store, form, texts, id, today).unwrap();
        let stored = screen.commit(store, form, texts, today).unwrap();
        (stored, screen.error.map(|m| m.key.to_string()))
    };
    assert_eq!(typed(&mut store), (true, None));
    let state = store.record(id).unwrap().unwrap();
    assert_eq!(
        state.value("requests/r1consul/sent_date"),
        Some(&json!("2026-12-01"))
    );
    assert_eq!(state.value("foreign_enquiry_date"), Some(&json!("2026-12-01")));
    assert_eq!(state.value("next_action_date"), Some(&json!("2027-06-01")));
    let next = state
        .value("next_action")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    assert!(
        next.contains("консульств") || next.contains("Консульств"),
        "{next}"
    );

    // The same letter for a person who fears persecution by that state.
    let mut w = store.writer().unwrap();
    w.set(
        id,
        &FieldPath::parse("requests/r1consul/sent_date").unwrap(),
        serde_json::Value::Null,
    )
    .unwrap();
    w.set(
        id,
        &FieldPath::parse("claims/c1/fears_persecution").unwrap(),
        json!(true),
    )
    .unwrap();
    w.commit().unwrap();
    let before = store.record(id).unwrap().unwrap();
    assert_eq!(typed(&mut store), (false, Some("document-err-fled".to_owned())));
    let after = store.record(id).unwrap().unwrap();
    assert_eq!(
        before.value("requests/r1consul/sent_date"),
        after.value("requests/r1consul/sent_date")
    );
    assert_eq!(before.value("next_action"), after.value("next_action"));
}
