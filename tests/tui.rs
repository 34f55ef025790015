//! The terminal UI without a terminal: screens drawn on a `TestBackend` and
//! compared with snapshots (80×24, the list also at 120×40, in English and
//! Russian), and `update` fed with actions, asserting the state.

use intake::config::ActiveForm;
use intake::domain::FieldPath;
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
use std::time::{Duration, Instant};
use tempfile::TempDir;

const PASS: &str = "a passphrase for tests";

/// A database with a few people; next actions far in the past or future so
/// the overdue marks do not depend on the day the tests run.
fn database() -> (TempDir, std::path::PathBuf) {
    database_as(intake::store::Role::Field)
}

/// [`database`] on a coordinator's computer (or a field laptop's).
fn database_as(role: intake::store::Role) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &SecretString::from(PASS.to_owned())).unwrap();
    intake::testing::with_role(&mut store, "Нурлан", role);
    let people = [
        (
            "Дуйсенова",
            "Айгуль",
            Some(("Duisenova", "Aigul")),
            "1985-03-09",
            "KZ-75",
            "intake_done",
            "2099-01-10",
        ),
        (
            "Ертаев",
            "Ерлан",
            None,
            "1979-12",
            "KZ-79",
            "awaiting_foreign_reply",
            "2020-02-01",
        ),
        (
            "Ким",
            "Анна",
            Some(("Kim", "Anna")),
            "~1981",
            "KZ-71",
            "identified",
            "",
        ),
        ("Zarghuna", "", None, "2010", "KZ-19", "assessed", "2099-03-01"),
        (
            "Әбдіқадыров",
            "Нұрлан",
            None,
            "1950",
            "KZ-10",
            "closed",
            "2020-01-01",
        ),
    ];
    let mut w = store.writer().unwrap();
    for (surname, given, latin, born, oblast, status, next) in people {
        let id = w.create_record().unwrap();
        let mut set = |f: &str, v: &str| {
            if !v.is_empty() {
                w.set(id, &FieldPath::parse(f).unwrap(), json!(v)).unwrap();
            }
        };
        set("surname", surname);
        set("given_name", given);
        if let Some((s, g)) = latin {
            set("surname_latin", s);
            set("given_name_latin", g);
        }
        set("birth_date", born);
        set("oblast", oblast);
        set("status", status);
        set("next_action_date", next);
    }
    w.commit().unwrap();
    (dir, path)
}

fn builtin() -> ActiveForm {
    ActiveForm::Builtin(intake::form::builtin().unwrap())
}

fn app(path: &std::path::Path, lang: Lang, size: (u16, u16)) -> App {
    App::new(
        path.to_owned(),
        builtin(),
        lang,
        Duration::from_secs(600),
        size,
        Instant::now(),
    )
}

fn unlocked(path: &std::path::Path, lang: Lang, size: (u16, u16)) -> App {
    let mut app = app(path, lang, size);
    app.screen = app.open(&SecretString::from(PASS.to_owned())).unwrap();
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Edit(Edit::Insert(c)));
    }
    app.settle();
}

fn screen(app: &App) -> String {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| draw(f, app)).unwrap();
    // Today's date (a new record's interview date) the same every day.
    let today = chrono::Local::now().date_naive();
    format!("{}", terminal.backend())
        .replace(&today.format("%Y-%m-%d").to_string(), "YYYY-MM-DD")
        .replace(&today.format("%d.%m.%Y").to_string(), "DD.MM.YYYY")
}

#[test]
fn unlock_screen_in_english_and_russian() {
    let (_dir, path) = database();
    let mut en = app(&path, Lang::En, (80, 24));
    en.db_path = "/home/worker/.local/share/intake/intake.db".into();
    insta::assert_snapshot!("unlock_en", screen(&en));
    let mut ru = app(&path, Lang::Ru, (80, 24));
    ru.db_path = en.db_path.clone();
    type_text(&mut ru, "секрет");
    insta::assert_snapshot!("unlock_ru_typing", screen(&ru));
}

#[test]
fn a_wrong_passphrase_says_so_and_lets_you_retry() {
    let (_dir, path) = database();
    let mut app = app(&path, Lang::En, (80, 24));
    type_text(&mut app, "not it");
    update(&mut app, Action::Submit);
    let Screen::Unlock(unlock) = &app.screen else {
        panic!("still locked")
    };
    assert_eq!(unlock.error, Some("tui-wrong-passphrase"));
    assert_eq!(
        unlock.passphrase.value(),
        "",
        "the field is emptied for the retry"
    );
    assert!(screen(&app).contains("Wrong passphrase. Try again."));
    type_text(&mut app, PASS);
    update(&mut app, Action::Submit);
    assert!(matches!(app.screen, Screen::List(_)));
    assert!(app.store.is_some());
}

#[test]
fn case_list_in_english_and_russian_at_80x24_and_120x40() {
    let (_dir, path) = database();
    insta::assert_snapshot!("list_en_80x24", screen(&unlocked(&path, Lang::En, (80, 24))));
    insta::assert_snapshot!("list_ru_80x24", screen(&unlocked(&path, Lang::Ru, (80, 24))));
    insta::assert_snapshot!("list_en_120x40", screen(&unlocked(&path, Lang::En, (120, 40))));
}

#[test]
fn search_as_you_type_finds_across_scripts() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::Search);
    type_text(&mut app, "duisen");
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!(list.total, 1);
    assert_eq!(list.rows[0].surname.as_deref(), Some("Дуйсенова"));
    insta::assert_snapshot!("list_search_en", screen(&app));
    update(&mut app, Action::ClearSearch);
    app.settle();
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!(list.total, 5);
    assert!(!list.searching);
}

#[test]
fn the_help_overlay_lists_the_screens_keys() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::Help);
    insta::assert_snapshot!("help_en", screen(&app));
    // More keys than rows: the rest comes into view with ↓.
    assert!(!screen(&app).contains("Ctrl-L"));
    for _ in 0..5 {
        update(&mut app, Action::Down);
    }
    assert!(
        screen(&app).contains("Ctrl-L   redraw the screen"),
        "{}",
        screen(&app)
    );
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!(list.selected, 0, "the list underneath did not move");
    update(&mut app, Action::Close);
    assert!(!app.help);
    // Over the form, in Russian: the form's own keys.
    update(&mut app, Action::NewRecord);
    update(&mut app, Action::NextLanguage);
    update(&mut app, Action::Help);
    insta::assert_snapshot!("help_form_ru", screen(&app));
}

#[test]
fn f2_switches_the_language_at_once() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NextLanguage);
    assert_eq!(app.texts.lang(), Lang::Ru);
    assert!(screen(&app).contains("Статус"));
    update(&mut app, Action::NextLanguage);
    assert_eq!(app.texts.lang(), Lang::Kk);
    update(&mut app, Action::NextLanguage);
    assert_eq!(app.texts.lang(), Lang::En);
}

#[test]
fn the_app_locks_itself_when_idle_and_shows_nothing_from_the_records() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    let start = app.last_input;
    update(&mut app, Action::Tick(start + Duration::from_secs(599)));
    assert!(app.store.is_some(), "not yet");
    update(&mut app, Action::Tick(start + Duration::from_secs(601)));
    assert!(app.store.is_none());
    let Screen::Unlock(unlock) = &app.screen else {
        panic!("locked")
    };
    assert!(unlock.locked);
    let shown = screen(&app);
    assert!(
        !shown.contains("Дуйсенова") && shown.contains("Locked after a while"),
        "{shown}"
    );
}

#[test]
fn moving_past_the_window_scrolls_it_and_reads_only_the_visible_rows() {
    let (_dir, path) = database();
    // 24 rows - 4 of chrome - 1 status... a 7-row terminal shows 3 records.
    let mut app = unlocked(&path, Lang::En, (80, 7));
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.total, list.rows.len()), (5, 3));
    for _ in 0..3 {
        update(&mut app, Action::Down);
    }
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.selected, list.offset, list.rows.len()), (3, 1, 3));
    update(&mut app, Action::Bottom);
    update(&mut app, Action::Down);
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.selected, list.offset), (4, 2));
    update(&mut app, Action::Top);
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.selected, list.offset), (0, 0));
}

#[test]
fn resizing_the_unlock_screen_keeps_what_was_typed() {
    let (_dir, path) = database();
    let mut app = app(&path, Lang::En, (80, 24));
    type_text(&mut app, "half typed");
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    let Screen::Unlock(unlock) = &app.screen else {
        panic!()
    };
    assert_eq!(unlock.passphrase.value(), "half typed");
}

#[test]
fn only_a_search_is_counted_to_a_cap() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &SecretString::from(PASS.to_owned())).unwrap();
    intake::testing::with_profile(&mut store, "w");
    intake::demo::fill(&mut store, 1_100, 1, &mut |_| {}).unwrap();
    drop(store);
    let mut app = unlocked(&path, Lang::En, (80, 24));
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.total, list.capped), (1_100, false));
    assert!(screen(&app).contains("1100 records"));
    update(&mut app, Action::Search);
    type_text(&mut app, "demo");
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!((list.total, list.capped), (1_000, true));
    assert!(screen(&app).contains("more than 1000 records"));
}

fn first_run(lang: Lang) -> (TempDir, App) {
    let dir = TempDir::new().unwrap();
    let app = App::new(
        dir.path().join("intake.db"),
        builtin(),
        lang,
        Duration::from_secs(600),
        (80, 24),
        Instant::now(),
    );
    (dir, app)
}

fn fill_setup(app: &mut App, name: &str, org: &str, pass: &str, again: &str) {
    update(app, Action::NextField);
    type_text(app, name);
    update(app, Action::NextField);
    type_text(app, org);
    update(app, Action::NextField);
    update(app, Action::NextField);
    update(app, Action::NextField);
    type_text(app, pass);
    update(app, Action::Submit);
    type_text(app, again);
}

#[test]
fn first_run_walks_a_newcomer_to_an_empty_case_list() {
    let (_dir, mut app) = first_run(Lang::En);
    assert!(matches!(app.screen, Screen::Setup(_)));
    fill_setup(
        &mut app,
        "Нурлан Б.",
        "Legal Aid",
        "tundra lamp 7 orbit",
        "tundra lamp 7 orbit",
    );
    update(&mut app, Action::Submit);
    assert!(matches!(app.screen, Screen::List(_)), "{:?}", app.screen);
    let profile = app.store.as_ref().unwrap().profile().unwrap();
    assert_eq!(
        (profile.worker.as_str(), profile.org.as_str()),
        ("Нурлан Б.", "Legal Aid")
    );
    assert!(screen(&app).contains("No records yet."));
    assert!(app.db_path.exists());
}

#[test]
fn first_run_refuses_a_short_or_mistyped_passphrase_and_says_where() {
    let (_dir, mut app) = first_run(Lang::Ru);
    fill_setup(
        &mut app,
        "Нурлан",
        "Legal Aid",
        "tundra lamp 7 orbit",
        "tundra lamp 7 orbiT",
    );
    update(&mut app, Action::Save);
    let Screen::Setup(setup) = &app.screen else {
        panic!()
    };
    assert_eq!(setup.focus, intake::tui::screens::setup::SetupField::Passphrase);
    assert_eq!(
        setup
            .field(intake::tui::screens::setup::SetupField::Passphrase)
            .value(),
        "",
        "both emptied"
    );
    assert!(screen(&app).contains("не совпадают"));
    assert!(!app.db_path.exists(), "nothing written");
    type_text(&mut app, "short");
    update(&mut app, Action::Save);
    assert!(screen(&app).contains("легко угадать"), "{}", screen(&app));
}

#[test]
fn first_run_screen_in_english_and_russian() {
    for (lang, name) in [(Lang::En, "setup_en"), (Lang::Ru, "setup_ru")] {
        let (_dir, mut app) = first_run(lang);
        update(&mut app, Action::NextField);
        type_text(&mut app, "Айгерим С.");
        update(&mut app, Action::NextField);
        app.db_path = "/home/worker/.local/share/intake/intake.db".into();
        insta::assert_snapshot!(name, screen(&app));
    }
}

fn form(app: &App) -> &intake::tui::screens::form::FormScreen {
    match &app.screen {
        Screen::Form(f) => f,
        other => panic!("not the form: {other:?}"),
    }
}

/// Moves to the section with this id.
fn go_to_section(app: &mut App, id: &str) {
    for _ in 0..12 {
        let index = form(app).section;
        if app.form.sections[index].id == id {
            return;
        }
        update(app, Action::NextSection);
    }
    panic!("no section {id}");
}

/// Moves the focus to a field of the current section.
fn go_to_field(app: &mut App, id: &str) {
    for _ in 0..40 {
        if form(app).focus.as_deref() == Some(id) {
            return;
        }
        update(app, Action::NextField);
    }
    panic!("no field {id}");
}

/// Starts a new record and records the person's consent.
fn new_record_with_consent(app: &mut App) {
    update(app, Action::NewRecord);
    go_to_section(app, "consent");
    type_text(app, "yes");
    update(app, Action::Save);
    assert_eq!(form(app).values.get("consent_obtained"), Some(&json!(true)));
}

#[test]
fn a_new_record_opens_the_form_with_consent_before_identity() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    assert_eq!(form(&app).values.get("status"), Some(&json!("identified")));
    insta::assert_snapshot!("form_new_en", screen(&app));
    go_to_section(&mut app, "identity");
    assert!(
        form(&app).focusable(&app.form).is_empty(),
        "identity is locked until consent"
    );
    go_to_section(&mut app, "consent");
    go_to_field(&mut app, "consent_obtained");
    type_text(&mut app, "yes");
    update(&mut app, Action::Save);
    assert_eq!(form(&app).values.get("consent_obtained"), Some(&json!(true)));
    go_to_section(&mut app, "identity");
    assert_eq!(form(&app).focus.as_deref(), Some("surname"));
    type_text(&mut app, "Дуйсенова");
    update(&mut app, Action::NextField);
    let f = form(&app);
    assert_eq!(f.values.get("surname"), Some(&json!("Дуйсенова")));
    assert_eq!(
        f.values.get("surname_latin"),
        Some(&json!("Duisenova")),
        "suggested from Cyrillic"
    );
    insta::assert_snapshot!("form_identity_ru", {
        update(&mut app, Action::NextLanguage);
        screen(&app)
    });
}

#[test]
fn a_value_the_field_cannot_take_is_refused_next_to_it_and_kept() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "interview_date");
    type_text(&mut app, "2099-01-01");
    update(&mut app, Action::NextField);
    let f = form(&app);
    assert_eq!(f.focus.as_deref(), Some("interview_date"), "the focus stays");
    assert_eq!(f.input.value(), "2099-01-01");
    assert!(screen(&app).contains("2099-01-01 is in the future"));
    assert!(
        app.store.as_ref().unwrap().record(f.record).unwrap().is_none(),
        "nothing stored: the record does not exist yet"
    );
}

#[test]
fn what_was_being_typed_reopens_after_a_crash() {
    let (_dir, path) = database();
    {
        let mut app = unlocked(&path, Lang::En, (80, 24));
        update(&mut app, Action::NewRecord);
        go_to_field(&mut app, "organisation");
        type_text(&mut app, "Sana Se");
        // The process dies here: no commit, no goodbye.
    }
    let app = unlocked(&path, Lang::En, (80, 24));
    let f = form(&app);
    assert_eq!(f.focus.as_deref(), Some("organisation"));
    assert_eq!(f.input.value(), "Sana Se");
}

#[test]
fn leaving_the_form_commits_the_field_and_shows_the_record_in_the_list() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "organisation");
    type_text(&mut app, "Sana Sezim");
    update(&mut app, Action::Back);
    // Back from the form shows the record, back again the list.
    assert!(matches!(app.screen, Screen::Record(_)));
    update(&mut app, Action::Back);
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!(list.total, 6);
    assert!(app.store.as_ref().unwrap().latest_draft().unwrap().is_none());
    update(&mut app, Action::EditRecord);
    assert_eq!(form(&app).values.get("organisation"), Some(&json!("Sana Sezim")));
}

#[test]
fn the_same_person_recorded_before_is_pointed_out_and_can_be_opened() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    new_record_with_consent(&mut app);
    go_to_section(&mut app, "identity");
    // Typed in Latin letters; the earlier record is in Cyrillic.
    type_text(&mut app, "Duisenova");
    update(&mut app, Action::NextField);
    type_text(&mut app, "Aigul");
    update(&mut app, Action::Save);
    assert!(form(&app).similar.is_empty(), "no birth year yet");
    go_to_field(&mut app, "birth_date");
    type_text(&mut app, "1985");
    update(&mut app, Action::Save);
    let similar = &form(&app).similar;
    assert_eq!(similar.len(), 1);
    assert_eq!(similar[0].surname.as_deref(), Some("Дуйсенова"));
    assert!(screen(&app).contains("Already recorded? Дуйсенова Айгуль, born 1985-03-09"));
    let other = similar[0].id;
    update(&mut app, Action::OpenSimilar);
    assert_eq!(form(&app).record, other);
}

/// The screen with the change times of the history (today's) masked, so
/// the snapshot stays the same tomorrow.
fn masked_times(app: &App) -> String {
    let masked: Vec<String> = screen(app)
        .lines()
        .map(|l| match l.get(1..17) {
            Some(t)
                if (t.starts_with("20") || t.starts_with("YYYY")) && t.as_bytes().get(10) == Some(&b' ') =>
            {
                format!("\"YYYY-MM-DD hh:mm{}", &l[17..])
            }
            _ => l.to_owned(),
        })
        .collect();
    masked.join("\n")
}

#[test]
fn the_record_view_shows_the_case_moves_it_on_and_lists_every_change() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    // The newest record is Әбдіқадыров (closed); move to Дуйсенова (intake done), the oldest.
    update(&mut app, Action::Bottom);
    update(&mut app, Action::Open);
    let Screen::Record(view) = &app.screen else {
        panic!("{:?}", app.screen)
    };
    assert_eq!(view.status, intake::domain::Status::IntakeDone);
    assert!(view.history.len() >= 8);
    insta::assert_snapshot!("record_en", masked_times(&app));
    update(&mut app, Action::NextLanguage);
    insta::assert_snapshot!("record_ru", masked_times(&app));
    update(&mut app, Action::NextLanguage);
    update(&mut app, Action::NextLanguage);
    let status = |app: &App| match &app.screen {
        Screen::Record(view) => view.status,
        other => panic!("{other:?}"),
    };
    // Asked first; no (or any other key) changes nothing.
    update(&mut app, Action::SetStatus(1));
    assert!(screen(&app).contains("Move the case from “intake done” to “assessed”?"));
    update(&mut app, Action::EditRecord);
    assert!(app.asking.is_some(), "only an answer counts");
    update(&mut app, Action::No);
    assert_eq!(status(&app), intake::domain::Status::IntakeDone);
    update(&mut app, Action::SetStatus(1));
    update(&mut app, Action::Yes);
    assert_eq!(status(&app), intake::domain::Status::Assessed);
    let Screen::Record(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.history[0].field, "status", "the move is the newest change");
    // Keys stay: 1 and 2 the moves forward, 0 closing, whatever the status.
    assert!(screen(&app).contains("1 gathering documents  2 filed  0 closed  u back to “intake done”"));
    // Undone, after asking.
    update(&mut app, Action::UndoStatus);
    update(&mut app, Action::Yes);
    assert_eq!(status(&app), intake::domain::Status::IntakeDone);
    // Closing asks why; Esc leaves it open, Enter closes it for that reason.
    update(&mut app, Action::CloseCase);
    assert!(screen(&app).contains("Why is the case closed?"));
    update(&mut app, Action::CancelPick);
    assert_eq!(status(&app), intake::domain::Status::IntakeDone);
    update(&mut app, Action::CloseCase);
    update(&mut app, Action::Down);
    update(&mut app, Action::Pick);
    assert_eq!(status(&app), intake::domain::Status::Closed);
    let id = match &app.screen {
        Screen::Record(view) => view.record,
        _ => unreachable!(),
    };
    let state = app.store.as_ref().unwrap().record(id).unwrap().unwrap();
    assert_eq!(state.text("closed_reason"), Some("moved"));
    // Reopened by undoing the move: the reason goes with it.
    update(&mut app, Action::UndoStatus);
    update(&mut app, Action::Yes);
    assert_eq!(status(&app), intake::domain::Status::IntakeDone);
    let state = app.store.as_ref().unwrap().record(id).unwrap().unwrap();
    assert_eq!(state.text("closed_reason"), None);
    // Closing again is 0, with its reason: undoing the reopening is not offered.
    update(&mut app, Action::UndoStatus);
    assert!(app.asking.is_none());
    assert_eq!(status(&app), intake::domain::Status::IntakeDone);
    update(&mut app, Action::EditRecord);
    assert!(matches!(app.screen, Screen::Form(_)));
}

#[test]
fn a_record_is_deleted_from_its_view_after_asking() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    update(&mut app, Action::Open);
    let id = match &app.screen {
        Screen::Record(view) => view.record,
        other => panic!("{other:?}"),
    };
    update(&mut app, Action::DeleteRecord);
    assert!(screen(&app).contains("Удалить эту запись"), "{}", screen(&app));
    update(&mut app, Action::No);
    assert!(matches!(app.screen, Screen::Record(_)));
    update(&mut app, Action::DeleteRecord);
    update(&mut app, Action::Yes);
    let Screen::List(list) = &app.screen else {
        panic!("{:?}", app.screen)
    };
    assert_eq!(list.total, 4);
    assert!(list.rows.iter().all(|r| r.id != id));
}

#[test]
fn conflicting_edits_are_shown_with_every_candidate() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::Bottom);
    let Screen::List(list) = &app.screen else { panic!() };
    let id = list.rows.last().unwrap().id;
    // Two laptops changed the surname without seeing each other's edit.
    {
        let store = app.store.as_mut().unwrap();
        let state = store.record(id).unwrap().unwrap();
        let heads = state.heads("surname").unwrap().dots();
        let other = intake::domain::Op {
            dot: intake::domain::Dot::new(intake::domain::DeviceId::new(), 1),
            record: id,
            field: FieldPath::parse("surname").unwrap(),
            value: json!("Дюсенова"),
            seal: intake::domain::Seal::Salt(intake::domain::Salt::random()),
            parents: heads,
            hlc: intake::domain::Hlc::from_millis(1),
            author: "Айгерим".into(),
        };
        let mut w = store.writer().unwrap();
        w.set(id, &FieldPath::parse("surname").unwrap(), json!("Дуйсенова-Ким"))
            .unwrap();
        w.commit().unwrap();
        store.apply(&[other]).unwrap();
    }
    update(&mut app, Action::Open);
    let Screen::Record(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.conflicts.len(), 1);
    let shown = screen(&app);
    assert!(shown.contains("⚠ conflicting edits: Surname:"), "{shown}");
    assert!(
        shown.contains("Дюсенова") && shown.contains("Дуйсенова-Ким"),
        "{shown}"
    );
}

#[test]
fn repeat_group_entries_are_added_filled_checked_and_removed() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 40));
    new_record_with_consent(&mut app);
    go_to_section(&mut app, "documents");
    update(&mut app, Action::AddEntry);
    let focus = form(&app).focus.clone().unwrap();
    assert!(
        focus.starts_with("documents/") && focus.ends_with("/doc_type"),
        "{focus}"
    );
    type_text(&mut app, "Kazakh passport");
    update(&mut app, Action::NextField);
    type_text(&mut app, "12345678");
    update(&mut app, Action::NextField);
    let f = form(&app);
    let entries = &f.values.groups["documents"];
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].values.get("doc_type"), Some(&json!("kz_passport")));
    let shown = screen(&app);
    assert!(shown.contains("Documents 1"), "{shown}");
    assert!(
        shown.contains("a Kazakh passport number is N and 8 digits"),
        "{shown}"
    );
    // A stored entry goes only after asking.
    update(&mut app, Action::RemoveEntry);
    assert!(
        screen(&app).contains("Remove “Documents 1” and what it holds?"),
        "{}",
        screen(&app)
    );
    update(&mut app, Action::No);
    assert_eq!(form(&app).values.groups["documents"].len(), 1);
    update(&mut app, Action::RemoveEntry);
    update(&mut app, Action::Yes);
    assert!(
        form(&app)
            .values
            .groups
            .get("documents")
            .is_none_or(Vec::is_empty)
    );
}

#[test]
fn typing_into_a_region_field_lists_the_matching_regions_and_enter_takes_one() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "oblast");
    assert!(form(&app).picker.is_none(), "the list opens on typing");
    // An old name from a Soviet document: both places once called Tselinograd.
    type_text(&mut app, "Целин");
    assert_eq!(app.mode(), intake::tui::screens::form::PICKER_MODE);
    insta::assert_snapshot!("form_picker_ru", screen(&app));
    update(&mut app, Action::Down);
    update(&mut app, Action::Pick);
    let f = form(&app);
    assert_eq!(f.values.get("oblast"), Some(&json!("KZ-71")), "Astana");
    assert_eq!(f.focus.as_deref(), Some("district"), "on to the next field");
    assert!(f.picker.is_none());
}

#[test]
fn enter_lists_every_option_and_esc_puts_back_the_stored_value() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "interview_mode");
    update(&mut app, Action::Submit);
    let shown = screen(&app);
    assert!(shown.contains("▸mobile visit"), "{shown}");
    assert!(shown.contains("referred by a school"), "{shown}");
    update(&mut app, Action::Pick);
    assert_eq!(
        form(&app).values.get("interview_mode"),
        Some(&json!("mobile_visit"))
    );
    update(&mut app, Action::PrevField);
    type_text(&mut app, "hot");
    assert_eq!(form(&app).input.value(), "hot");
    update(&mut app, Action::CancelPick);
    let f = form(&app);
    assert_eq!(f.input.value(), "mobile visit", "the stored value is back");
    assert!(f.picker.is_none() && !f.dirty);
    assert!(app.store.as_ref().unwrap().latest_draft().unwrap().is_none());
    // Enter on a field without options goes on to the next field.
    update(&mut app, Action::PrevField);
    let before = form(&app).focus.clone();
    update(&mut app, Action::Submit);
    assert_ne!(form(&app).focus, before);
}

#[test]
fn a_field_taking_several_options_collects_them_with_enter() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    new_record_with_consent(&mut app);
    go_to_section(&mut app, "needs");
    go_to_field(&mut app, "specific_needs");
    type_text(&mut app, "dis");
    update(&mut app, Action::Pick);
    type_text(&mut app, "old");
    update(&mut app, Action::Pick);
    assert!(form(&app).picker.is_some(), "the list stays open for more");
    let shown = screen(&app);
    assert!(shown.contains("[✓]"), "taken options are marked: {shown}");
    update(&mut app, Action::NextField);
    let needs = form(&app).values.get("specific_needs").cloned();
    assert_eq!(needs, Some(json!(["disability", "older_person_at_risk"])));
    // Typing again adds to what was chosen, never replaces it.
    update(&mut app, Action::PrevField);
    type_text(&mut app, "single");
    update(&mut app, Action::Pick);
    update(&mut app, Action::NextField);
    let needs = form(&app).values.get("specific_needs").cloned();
    assert_eq!(
        needs,
        Some(json!(["disability", "older_person_at_risk", "single_parent"]))
    );
}

fn list(app: &App) -> &intake::tui::screens::list::CaseList {
    match &app.screen {
        Screen::List(l) => l,
        other => panic!("not the list: {other:?}"),
    }
}

#[test]
fn the_list_filters_my_cases_overdue_ones_and_a_status_and_sorts() {
    let (_dir, path) = database();
    {
        // A person recorded by another worker on another laptop, merged here.
        let mut other = Store::open_in_memory().unwrap();
        intake::testing::with_profile(&mut other, "Aigerim");
        let mut w = other.writer().unwrap();
        let id = w.create_record().unwrap();
        w.set(id, &FieldPath::parse("surname").unwrap(), json!("Сейітов"))
            .unwrap();
        w.commit().unwrap();
        let ops = other.ops().unwrap();
        let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
        store.apply(&ops).unwrap();
    }
    let mut app = unlocked(&path, Lang::En, (80, 24));
    assert_eq!(list(&app).total, 6);
    update(&mut app, Action::ToggleMine);
    assert_eq!(list(&app).total, 5, "Сейітов was recorded by Aigerim");
    update(&mut app, Action::ToggleMine);
    update(&mut app, Action::ToggleOverdue);
    // Ертаев's next action was due in 2020; Әбдіқадыров's too, but his case is closed.
    let l = list(&app);
    assert_eq!(l.total, 1);
    assert_eq!(l.rows[0].surname.as_deref(), Some("Ертаев"));
    insta::assert_snapshot!("list_overdue_en", screen(&app));
    update(&mut app, Action::ToggleOverdue);
    update(&mut app, Action::NextStatusFilter);
    assert_eq!(list(&app).total, 1, "identified: Ким");
    update(&mut app, Action::PrevStatusFilter);
    update(&mut app, Action::PrevStatusFilter);
    let l = list(&app);
    assert_eq!(l.total, 1, "closed: Әбдіқадыров");
    assert_eq!(l.rows[0].surname.as_deref(), Some("Әбдіқадыров"));
    update(&mut app, Action::NextStatusFilter);
    assert_eq!(list(&app).total, 6, "after the last status: every status");
    update(&mut app, Action::NextOrder);
    let due: Vec<_> = list(&app)
        .rows
        .iter()
        .map(|r| r.next_action.clone().unwrap_or_default())
        .collect();
    assert_eq!(due[..4], ["2020-01-01", "2020-02-01", "2099-01-10", "2099-03-01"]);
    update(&mut app, Action::NextOrder);
    let first = list(&app).rows[0].surname.clone();
    assert_eq!(first.as_deref(), Some("Zarghuna"), "by name, as written");
    update(&mut app, Action::NextLanguage);
    insta::assert_snapshot!("list_by_name_ru", screen(&app));
}

/// The screen row where `text` is shown, and its column (in cells).
fn find_on_screen(app: &App, text: &str) -> (u16, u16) {
    for (row, line) in screen(app).lines().enumerate() {
        // TestBackend lines are quoted.
        let line = line.trim_start_matches('"');
        if let Some(at) = line.find(text) {
            let column = unicode_width::UnicodeWidthStr::width(&line[..at]);
            return (column as u16, row as u16);
        }
    }
    panic!("“{text}” is not on the screen:\n{}", screen(app));
}

#[test]
fn a_click_focuses_a_field_shows_a_section_or_takes_an_option() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    let (column, row) = find_on_screen(&app, "How the person was met");
    update(&mut app, Action::Click { column, row });
    assert_eq!(form(&app).focus.as_deref(), Some("interview_mode"));
    update(&mut app, Action::Submit);
    let (column, row) = find_on_screen(&app, "hotline");
    update(&mut app, Action::Click { column, row });
    assert_eq!(form(&app).values.get("interview_mode"), Some(&json!("hotline")));
    let (column, row) = find_on_screen(&app, "Consent");
    update(&mut app, Action::Click { column, row });
    let f = form(&app);
    assert_eq!(app.form.sections[f.section].id, "consent");
    assert_eq!(f.focus.as_deref(), Some("consent_obtained"));
    // The wheel moves from field to field.
    update(&mut app, Action::ScrollDown);
    assert_ne!(form(&app).focus.as_deref(), Some("consent_obtained"));
}

#[test]
fn quitting_with_text_a_form_could_not_store_asks_first() {
    let (_dir, path) = database();
    // A backup was made today: only the draft makes q ask.
    Store::open(&path, &SecretString::from(PASS.to_owned()))
        .unwrap()
        .note_backup("a stick")
        .unwrap();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::Quit);
    assert!(app.quit, "nothing unsaved: q quits at once");
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "interview_date");
    type_text(&mut app, "31.02.2026");
    update(&mut app, Action::Back);
    update(&mut app, Action::Back);
    update(&mut app, Action::Quit);
    assert!(!app.quit);
    assert!(screen(&app).contains("not stored yet"), "{}", screen(&app));
    update(&mut app, Action::Down);
    update(&mut app, Action::Quit);
    assert!(!app.quit, "another key in between: ask again");
    update(&mut app, Action::Quit);
    assert!(app.quit);
}

/// A laptop whose bundles are encrypted to the database at `path`, with one person.
fn laptop_for(path: &std::path::Path) -> Store {
    laptop_named(path, "Dana")
}

/// [`laptop_for`], with the worker's name.
/// Laptops of `workers` pinned to the coordinator at `path`, each trusted
/// there with its first bundle; their device ids.
fn enrolled(path: &std::path::Path, workers: &[&str]) -> Vec<intake::domain::DeviceId> {
    let mut store = Store::open(path, &SecretString::from(PASS.to_owned())).unwrap();
    let mut devices = Vec::new();
    for worker in workers {
        let mut laptop = laptop_named(path, worker);
        devices.push(laptop.profile().unwrap().device_id);
        let mut bundle = Vec::new();
        intake::sync::export(&mut laptop, &mut bundle, false).unwrap();
        let options = intake::sync::Options {
            trust_new: true,
            ..Default::default()
        };
        intake::sync::import(&mut store, &intake::sync::Source::Bytes(&bundle), &options).unwrap();
    }
    devices
}

fn laptop_named(path: &std::path::Path, worker: &str) -> Store {
    let store = Store::open(path, &SecretString::from(PASS.to_owned())).unwrap();
    let secrets = store.device_secrets().unwrap();
    let pin = intake::store::Coordinator {
        device: store.profile().unwrap().device_id,
        signing_key: *intake::sync::keys::verifying_key(&secrets).as_bytes(),
        age_key: intake::sync::keys::age_public_key(&secrets).unwrap(),
    };
    drop(store);
    let mut laptop = Store::open_in_memory().unwrap();
    let profile = intake::testing::with_profile(&mut laptop, worker);
    drop(profile);
    laptop.set_coordinator(&pin).unwrap();
    let mut w = laptop.writer().unwrap();
    let id = w.create_record().unwrap();
    w.set(id, &FieldPath::parse("surname").unwrap(), json!("Сейітов"))
        .unwrap();
    w.commit().unwrap();
    laptop
}

#[test]
fn bundles_are_imported_from_a_folder_with_progress_and_a_summary() {
    let (dir, path) = database_as(intake::store::Role::Coordinator);
    let mut laptop = laptop_for(&path);
    let folder = dir.path().join("usb");
    std::fs::create_dir(&folder).unwrap();
    let mut bundle = Vec::new();
    intake::sync::export(&mut laptop, &mut bundle, false).unwrap();
    std::fs::write(folder.join("a-dana.bundle"), &bundle).unwrap();
    std::fs::write(folder.join("b-junk.bundle"), b"not a bundle").unwrap();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::OpenImport);
    update(&mut app, Action::Edit(Edit::Clear));
    type_text(&mut app, &folder.display().to_string());
    let Screen::Import(import) = &app.screen else {
        panic!()
    };
    assert_eq!(import.chooser.files.len(), 2);
    assert!(screen(&app).contains("[ ] a-dana.bundle"));
    update(&mut app, Action::Submit);
    assert!(app.store.is_none(), "the worker holds the database");
    let started = Instant::now();
    while app.work.is_some() && started.elapsed() < Duration::from_secs(20) {
        app.poll_work();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(app.store.is_some(), "the database is back");
    let shown = screen(&app);
    assert!(shown.contains("Done: 2 bundles"), "{shown}");
    assert!(
        shown.contains("a-dana.bundle: Dana's device"),
        "quarantined: {shown}"
    );
    assert!(shown.contains("b-junk.bundle: refused"), "{shown}");
    // The devices screen: trust Dana's laptop, her bundle is merged.
    update(&mut app, Action::Back);
    update(&mut app, Action::OpenDevices);
    insta::assert_snapshot!(
        "devices_en",
        screen(&app)
            .lines()
            .map(|l| l
                .replace(&short_ids(&app)[0], "DEVICE01")
                .replace(&short_ids(&app)[1], "KEY1"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    update(&mut app, Action::TrustDevice);
    assert!(screen(&app).contains("1 waiting bundle merged"));
    update(&mut app, Action::Back);
    let Screen::List(list) = &app.screen else { panic!() };
    assert_eq!(list.total, 6);
}

/// The device id prefix and key fingerprint shown on the devices screen.
fn short_ids(app: &App) -> [String; 2] {
    let Screen::Devices(view) = &app.screen else {
        panic!()
    };
    let p = &view.peers[0];
    let key = ed25519_dalek::VerifyingKey::from_bytes(&p.signing_key).unwrap();
    [p.device.short(), intake::sync::keys::fingerprint(&key)]
}

#[test]
fn a_conflict_is_settled_by_picking_a_candidate() {
    let (_dir, path) = database();
    {
        // Another laptop changed Дуйсенова's status concurrently.
        let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
        let ops = store.ops().unwrap();
        let mut other = Store::open_in_memory().unwrap();
        intake::testing::with_profile(&mut other, "Dana");
        other.apply(&ops).unwrap();
        let record = ops.iter().find(|o| o.value == json!("Дуйсенова")).unwrap().record;
        let mut w = other.writer().unwrap();
        w.set(record, &FieldPath::parse("status").unwrap(), json!("closed"))
            .unwrap();
        w.commit().unwrap();
        let mut w = store.writer().unwrap();
        w.set(record, &FieldPath::parse("status").unwrap(), json!("assessed"))
            .unwrap();
        w.commit().unwrap();
        store.apply(&other.ops().unwrap()).unwrap();
    }
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::OpenConflicts);
    let masked: String = masked_times(&app)
        .lines()
        .map(|l| {
            // Device ids differ each run.
            match l.find(", ") {
                Some(at) if l.contains('—') => format!("{}, DEVICE", &l[..at]),
                _ => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("conflicts_en", masked);
    update(&mut app, Action::NextField);
    let Screen::Conflicts(view) = &app.screen else {
        panic!()
    };
    let chosen = view.entries[0].candidates[1].value.clone();
    // Settled after asking: no leaves it in conflict.
    update(&mut app, Action::Submit);
    assert!(
        screen(&app).contains("Settle “Status” with “closed” (Dana)?"),
        "{}",
        screen(&app)
    );
    update(&mut app, Action::No);
    let Screen::Conflicts(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.entries.len(), 1);
    update(&mut app, Action::Submit);
    update(&mut app, Action::Yes);
    let Screen::Conflicts(view) = &app.screen else {
        panic!()
    };
    assert!(view.entries.is_empty());
    assert!(screen(&app).contains("No field is in conflict."));
    let store = app.store.as_ref().unwrap();
    let row = store
        .records(&intake::store::RecordQuery {
            search: Some("Дуйсенова".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(row[0].status.as_ref().map(|s| json!(s)), Some(chosen));
}

#[test]
fn the_duplicate_hint_sees_swapped_names_and_kazakh_letters() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    new_record_with_consent(&mut app);
    go_to_section(&mut app, "identity");
    // Given name typed as the surname, Kazakh letters, only the year.
    type_text(&mut app, "Айгүл");
    update(&mut app, Action::NextField);
    type_text(&mut app, "Дүйсенова");
    update(&mut app, Action::Save);
    go_to_field(&mut app, "birth_date");
    type_text(&mut app, "1985");
    update(&mut app, Action::Save);
    let similar = &form(&app).similar;
    assert_eq!(similar.len(), 1, "{similar:?}");
    assert_eq!(similar[0].surname.as_deref(), Some("Дуйсенова"));
}

#[test]
fn pairs_that_look_like_one_person_are_reviewed_side_by_side() {
    let (_dir, path) = database();
    {
        let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
        let mut w = store.writer().unwrap();
        let id = w.create_record().unwrap();
        for (f, v) in [
            ("surname", "Duysenova"),
            ("given_name", "Aigul"),
            ("birth_date", "1985"),
            ("oblast", "KZ-75"),
        ] {
            w.set(id, &FieldPath::parse(f).unwrap(), json!(v)).unwrap();
        }
        w.commit().unwrap();
    }
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::OpenDuplicates);
    assert!(screen(&app).contains("looking for records"));
    let started = Instant::now();
    while app.work.is_some() && started.elapsed() < Duration::from_secs(20) {
        app.poll_work();
        std::thread::sleep(Duration::from_millis(10));
    }
    insta::assert_snapshot!("duplicates_en", screen(&app));
    update(&mut app, Action::ConfirmSame);
    let Screen::Duplicates(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.pairs[0].verdict, Some(intake::dedup::Verdict::Same));
    let (a, b) = view.pairs[0].ids;
    let store = app.store.as_ref().unwrap();
    let verdicts = intake::dedup::verdicts(&intake::dedup::load(store).unwrap());
    assert_eq!(
        verdicts.get(&(a.min(b), a.max(b))),
        Some(&intake::dedup::Verdict::Same)
    );
    update(&mut app, Action::UndoVerdict);
    let Screen::Duplicates(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.pairs[0].verdict, None);
}

/// The reports of the test database on a fixed date far ahead, so the
/// figures (ages, the period) do not depend on the day the tests run.
fn fixed_reports(app: &mut App) {
    let scope = intake::report::Scope {
        as_of: chrono::NaiveDate::from_ymd_opt(2099, 12, 31).unwrap(),
        from: chrono::NaiveDate::from_ymd_opt(2099, 1, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2099, 12, 31).unwrap(),
        suppress_below: None,
    };
    let stats = intake::report::compute(app.store.as_ref().unwrap(), &app.form, scope).unwrap();
    let Screen::Reports(view) = &mut app.screen else {
        panic!("not the reports screen")
    };
    view.stats = Some(stats);
}

#[test]
fn the_reports_screen_charts_the_campaign_and_writes_the_report() {
    let (dir, path) = database();
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::OpenReports);
    assert!(screen(&app).contains("Reading the records"));
    let started = Instant::now();
    while app.work.is_some() && started.elapsed() < Duration::from_secs(20) {
        app.poll_work();
        std::thread::sleep(Duration::from_millis(10));
    }
    let Screen::Reports(view) = &mut app.screen else {
        panic!("not the reports screen")
    };
    assert_eq!(
        view.stats.as_ref().map(|s| s.people),
        Some(5),
        "read on the worker thread"
    );
    view.folder = dir.path().to_owned();
    fixed_reports(&mut app);
    insta::assert_snapshot!("reports_oblast_en", screen(&app));
    update(&mut app, Action::NextField);
    update(&mut app, Action::ToggleHideSmall);
    insta::assert_snapshot!("reports_sex_age_hidden_en", screen(&app));
    update(&mut app, Action::NextField);
    update(&mut app, Action::NextLanguage);
    insta::assert_snapshot!("reports_outcomes_ru", screen(&app));
    update(&mut app, Action::WriteHtml);
    update(&mut app, Action::WriteXlsx);
    // Small counts hidden: the shareable file, named apart.
    let written = dir.path().join("intake-report-2099-12-31-shareable.xlsx");
    let html = dir.path().join("intake-report-2099-12-31-shareable.html");
    assert!(written.is_file() && html.is_file());
    assert!(
        screen(&app).contains("intake-report-2099-12-31-shareable.xlsx"),
        "{}",
        screen(&app)
    );
    // The file follows the screen: small counts hidden.
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("&lt;5"), "hidden cells in the written report");
    // Written again: beside the first, never over it.
    update(&mut app, Action::WriteXlsx);
    assert!(
        dir.path()
            .join("intake-report-2099-12-31-shareable-2.xlsx")
            .is_file()
    );
    let trail = app.store.as_ref().unwrap().audit_trail().unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|(_, _, action, _)| action == "report")
            .count(),
        3
    );
    update(&mut app, Action::Back);
    assert!(matches!(app.screen, Screen::List(_)));
}

#[test]
fn the_devices_screen_says_who_revoked_whom_and_why_and_shows_names_from_bundles_escaped() {
    let (_dir, path) = database_as(intake::store::Role::Coordinator);
    // Two laptops enrol with their first bundles; one worker's name is
    // written to clear the screen and fake a fingerprint.
    let evil = "Dana\u{1b}[2J key 0000 0000\u{202e}";
    let devices = enrolled(&path, &["Нурлан", evil]);
    {
        let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
        intake::sync::devices::revoke(&mut store, devices[0], "laptop stolen in Taraz").unwrap();
    }
    let mut app = unlocked(&path, Lang::En, (80, 24));
    update(&mut app, Action::OpenDevices);
    let Screen::Devices(view) = &app.screen else {
        panic!()
    };
    let mut shown = masked_times(&app);
    for p in &view.peers {
        let key = ed25519_dalek::VerifyingKey::from_bytes(&p.signing_key).unwrap();
        shown = shown
            .replace(
                &p.device.short(),
                if p.device == devices[0] {
                    "DEVICE01"
                } else {
                    "DEVICE02"
                },
            )
            .replace(&intake::sync::keys::fingerprint(&key), "KEY");
    }
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let shown = shown.replace(&today, "YYYY-MM-DD");
    let shown: String = shown
        .lines()
        .map(|l| match l.find("YYYY-MM-DD ") {
            Some(at) => format!("{}YYYY-MM-DD hh:mm{}", &l[..at], &l[at + 16..]),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
        "{shown}"
    );
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
    insta::assert_snapshot!("devices_revoked_en", shown);
    // Revoking the other one asks why first.
    update(&mut app, Action::Down);
    update(&mut app, Action::RevokeDevice);
    assert_eq!(app.screen_mode(), intake::tui::screens::devices::REASON_MODE);
    // One of three reasons, chosen with the arrows; Esc would revoke nothing.
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    let shown = screen(&app);
    assert!(shown.contains("[its worker left]"), "{shown}");
    // Then asked, naming the worker, the key and the reason.
    update(&mut app, Action::Submit);
    let shown = screen(&app);
    assert!(shown.contains("Revoke the key of"), "{shown}");
    assert!(app.asking.is_some());
    update(&mut app, Action::Yes);
    let Screen::Devices(view) = &app.screen else {
        panic!()
    };
    assert!(
        view.peers
            .iter()
            .all(|p| p.trust == intake::store::Trust::Revoked)
    );
    let shown = screen(&app);
    assert!(shown.contains("its worker left"), "{shown}");
}

fn wait_for_work(app: &mut App) {
    let started = Instant::now();
    while app.work.is_some() && started.elapsed() < Duration::from_secs(30) {
        app.poll_work();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(app.work.is_none(), "the work ended");
}

fn fill_passphrase(app: &mut App, current: &str, new: &str, again: &str) {
    for (i, text) in [current, new, again].into_iter().enumerate() {
        type_text(app, text);
        if i < 2 {
            update(app, Action::Submit);
        }
    }
}

#[test]
fn the_passphrase_is_changed_from_the_list_after_the_one_in_use_is_typed_again() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    assert!(
        intake::tui::screens::list::BINDINGS
            .iter()
            .any(|b| b.action == Action::OpenPassphrase && b.label == "P"),
        "P on the list"
    );
    update(&mut app, Action::OpenPassphrase);
    assert!(matches!(app.screen, Screen::Passphrase(_)));
    app.db_path = path.clone();
    // A wrong passphrase in use: said, and nothing starts.
    fill_passphrase(
        &mut app,
        "not it",
        "granite kettle 42 meadow",
        "granite kettle 42 meadow",
    );
    update(&mut app, Action::Submit);
    assert!(app.work.is_none());
    assert!(
        screen(&app).contains("Неверная парольная фраза"),
        "{}",
        screen(&app)
    );
    // A weak new one: the reason, in Russian, wrapped inside the screen.
    update(&mut app, Action::Edit(Edit::Clear));
    fill_passphrase(&mut app, PASS, "qwerty123", "qwerty123");
    update(&mut app, Action::Submit);
    assert!(app.work.is_none());
    insta::assert_snapshot!("passphrase_weak_ru", screen(&app));
    let Screen::Passphrase(screen_state) = &app.screen else {
        panic!()
    };
    assert_eq!(screen_state.focus, 1, "back on the new passphrase");
    assert_eq!(screen_state.fields[0].value(), PASS, "the one in use is kept");
    // Two different new ones.
    type_text(&mut app, "granite kettle 42 meadow");
    update(&mut app, Action::Submit);
    type_text(&mut app, "granite kettle 42 meadoW");
    update(&mut app, Action::Submit);
    assert!(screen(&app).contains("не совпадают"));
    // Right: re-encrypted on the worker, back to the list with a notice.
    type_text(&mut app, "granite kettle 42 meadow");
    update(&mut app, Action::Submit);
    type_text(&mut app, "granite kettle 42 meadow");
    update(&mut app, Action::Submit);
    assert!(app.store.is_none(), "the worker holds the database");
    wait_for_work(&mut app);
    assert!(matches!(app.screen, Screen::List(_)), "{:?}", app.screen);
    assert!(
        screen(&app).contains("Парольная фраза изменена"),
        "{}",
        screen(&app)
    );
    assert_eq!(
        app.store
            .as_ref()
            .unwrap()
            .audit_trail()
            .unwrap()
            .last()
            .unwrap()
            .2,
        "passphrase changed"
    );
    drop(app);
    assert!(Store::open(&path, &SecretString::from(PASS.to_owned())).is_err());
    assert!(Store::open(&path, &SecretString::from("granite kettle 42 meadow".to_owned())).is_ok());
}

#[test]
fn the_passphrase_screen_in_english_and_kazakh() {
    for (lang, name) in [(Lang::En, "passphrase_en"), (Lang::Kk, "passphrase_kk")] {
        let (_dir, path) = database();
        let mut app = unlocked(&path, lang, (80, 24));
        update(&mut app, Action::OpenPassphrase);
        type_text(&mut app, "typed");
        insta::assert_snapshot!(name, screen(&app));
        update(&mut app, Action::Back);
        assert!(matches!(app.screen, Screen::List(_)));
    }
}

#[test]
fn a_backup_is_written_from_the_list_to_a_folder_and_quitting_reminds_until_there_is_one() {
    let (dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    app.db_path = path.clone();
    // No backup yet: the first q reminds, the second quits.
    update(&mut app, Action::Quit);
    assert!(!app.quit);
    assert!(
        screen(&app).contains("Резервной копии давно нет"),
        "{}",
        screen(&app)
    );
    let stick = TempDir::new().unwrap();
    update(&mut app, Action::OpenBackup);
    assert!(matches!(app.screen, Screen::Backup(_)));
    update(&mut app, Action::Edit(Edit::Clear));
    type_text(&mut app, &stick.path().display().to_string());
    update(&mut app, Action::Submit);
    type_text(&mut app, "not it");
    update(&mut app, Action::Submit);
    assert!(app.work.is_none());
    assert!(screen(&app).contains("Неверная парольная фраза"));
    type_text(&mut app, PASS);
    update(&mut app, Action::Submit);
    wait_for_work(&mut app);
    let written: Vec<_> = std::fs::read_dir(stick.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("intake-backup-") && name.ends_with(".backup"),
        "{name}"
    );
    let shown = screen(&app);
    assert!(shown.contains("✓ Резервная копия записана"), "{shown}");
    assert!(shown.contains("Ключ восстановления не задан"), "{shown}");
    // It restores, elsewhere, with the same passphrase.
    let elsewhere = TempDir::new().unwrap();
    intake::backup::restore(
        &written[0],
        &elsewhere.path().join("intake.db"),
        &intake::backup::Unlock::Passphrase(SecretString::from(PASS.to_owned())),
    )
    .unwrap();
    // With a backup made, q quits at once.
    update(&mut app, Action::Back);
    update(&mut app, Action::Quit);
    assert!(app.quit);
    drop(dir);
}

#[test]
fn the_backup_screen_in_russian() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    update(&mut app, Action::OpenBackup);
    update(&mut app, Action::Edit(Edit::Clear));
    type_text(&mut app, "/media/worker/USB");
    update(&mut app, Action::Submit);
    type_text(&mut app, "typed");
    insta::assert_snapshot!("backup_ru", screen(&app));
}

#[test]
fn a_lost_laptops_cases_are_handed_over_from_the_devices_screen_after_choosing_who() {
    let (_dir, path) = database_as(intake::store::Role::Coordinator);
    let devices = enrolled(&path, &["Нурлан", "Dana"]);
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    update(&mut app, Action::OpenDevices);
    let Screen::Devices(view) = &app.screen else {
        panic!()
    };
    let from = view.peers.iter().position(|p| p.device == devices[0]).unwrap();
    for _ in 0..from {
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::HandOver);
    let shown = screen(&app);
    assert!(
        shown.contains("Передать дела") && shown.contains("(Dana)?"),
        "{shown}"
    );
    // Esc: nothing happens.
    update(&mut app, Action::Back);
    let Screen::Devices(view) = &app.screen else {
        panic!()
    };
    assert!(view.handover.is_none() && view.handed.is_none());
    update(&mut app, Action::HandOver);
    update(&mut app, Action::Submit);
    // On a worker thread, said meanwhile.
    assert!(app.work.is_some() || screen(&app).contains("Записей: 1"));
    wait_for_work(&mut app);
    let shown = screen(&app);
    assert!(shown.contains("Записей: 1"), "{shown}");
    let store = app.store.as_ref().unwrap();
    assert!(
        store.caseload(devices[1]).unwrap().len() >= 2,
        "Dana's own and Нурлан's"
    );
}

#[test]
fn the_record_view_says_who_assigned_a_record_to_this_laptop() {
    let (_dir, path) = database();
    let id = {
        let mut store = Store::open(&path, &SecretString::from(PASS.to_owned())).unwrap();
        let own = store.profile().unwrap().device_id;
        let id = store.records(&intake::store::RecordQuery::default()).unwrap()[0].id;
        let mut m = store.merge().unwrap();
        m.set(id, &FieldPath::grant(own), json!(true)).unwrap();
        m.commit().unwrap();
        id
    };
    let mut app = unlocked(&path, Lang::En, (80, 24));
    // Just changed, it is the list's first row.
    update(&mut app, Action::Open);
    let Screen::Record(view) = &app.screen else {
        panic!("{:?}", app.screen)
    };
    assert_eq!(view.record, id);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let shown = screen(&app);
    assert!(
        shown.contains(&format!("Assigned to this laptop by Нурлан on {today}"))
            || shown.contains("Assigned to this laptop by Нурлан on YYYY-MM-DD"),
        "{}",
        screen(&app)
    );
}

/// `n` then `Esc` leaves nothing: the record exists from its first stored
/// value, which brings the values the form filled in (the profile's
/// interviewer and organisation, today, the last record's oblast) with it.
#[test]
fn a_new_record_exists_from_its_first_value_with_what_the_form_filled_in() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    let count = |app: &App| {
        app.store
            .as_ref()
            .unwrap()
            .records(&Default::default())
            .unwrap()
            .len()
    };
    assert_eq!(count(&app), 5);
    update(&mut app, Action::NewRecord);
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let f = form(&app);
    assert_eq!(f.values.get("interviewer"), Some(&json!("Нурлан")));
    assert_eq!(f.values.get("interview_date"), Some(&json!(today)));
    assert_eq!(f.values.get("oblast"), Some(&json!("KZ-10")), "the last record's");
    update(&mut app, Action::Back);
    assert!(matches!(app.screen, Screen::List(_)), "{:?}", app.screen);
    assert_eq!(count(&app), 5, "no empty record");
    assert!(app.store.as_ref().unwrap().latest_draft().unwrap().is_none());

    // Typed over, the prefilled oblast is replaced, not appended to.
    update(&mut app, Action::NewRecord);
    let id = form(&app).record;
    go_to_field(&mut app, "organisation");
    type_text(&mut app, "Sana Sezim");
    update(&mut app, Action::NextField);
    assert_eq!(count(&app), 6);
    let state = app.store.as_ref().unwrap().record(id).unwrap().unwrap();
    assert_eq!(state.text("organisation"), Some("Sana Sezim"));
    assert_eq!(state.text("interviewer"), Some("Нурлан"));
    assert_eq!(state.text("interview_date"), Some(today.as_str()));
    assert_eq!(state.text("oblast"), Some("KZ-10"));
    assert_eq!(state.text("status"), Some("identified"), "the form's default");
}

/// Every word of `message` is on the screen, in order (a message that
/// wraps is whole; one cut at the edge is not).
fn shows_whole(shown: &str, message: &str) -> bool {
    let words: Vec<&str> = shown
        .lines()
        // The fields column only (the section list is left of the bar).
        .map(|l| l.trim_matches('"').rsplit('│').next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .collect();
    let wanted: Vec<&str> = message.split_whitespace().collect();
    words.windows(wanted.len()).any(|w| w == wanted.as_slice()) || {
        // A word broken over two lines (longer than the column).
        let joined = words.concat();
        joined.contains(&wanted.concat())
    }
}

/// A message longer than the column wraps under its field, whole; a text
/// typed past the edge scrolls and the cursor stays on screen.
#[test]
fn a_long_error_wraps_whole_and_long_typing_scrolls() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    update(&mut app, Action::NewRecord);
    go_to_field(&mut app, "organisation");
    let long = "Общественное объединение «Правовая помощь беженцам и лицам без гражданства»";
    type_text(&mut app, long);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| draw(f, &app)).unwrap();
    let cursor = terminal.get_cursor_position().unwrap();
    // Just after the last character typed, which is on screen.
    let before = terminal.backend().buffer()[(cursor.x - 1, cursor.y)]
        .symbol()
        .to_owned();
    assert_eq!(before, "»", "{cursor:?}\n{}", screen(&app));
    let shown = screen(&app);
    assert!(
        shown.contains("гражданства»"),
        "the end of what is typed shows: {shown}"
    );

    go_to_field(&mut app, "interview_date");
    type_text(&mut app, "32.13.2026");
    update(&mut app, Action::NextField);
    let error = form(&app).error.clone().expect("refused");
    let text = app.form.labels.text(app.texts, &error.key, &error.args);
    let shown = screen(&app);
    assert!(shows_whole(&shown, &text), "{text}\n{shown}");
    assert!(
        shown.lines().any(|l| l.contains("ГГГГ-ММ-ДД)")),
        "wrapped onto the next line: {shown}"
    );
}

/// With every filter on, the list's title wraps and still says the order;
/// the status and oblast columns use short names, whole.
#[test]
fn the_list_title_wraps_with_every_filter_and_columns_are_never_cut() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    for action in [
        Action::ToggleMine,
        Action::ToggleOverdue,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::NextOrder,
    ] {
        update(&mut app, action);
    }
    let shown = screen(&app);
    let order = app.texts.text("tui-order-next-action", &[]);
    let words: Vec<&str> = shown
        .lines()
        .take(3)
        .flat_map(|l| l.trim_matches('"').split_whitespace())
        .collect();
    let wanted: Vec<&str> = order.split_whitespace().collect();
    assert!(
        words.windows(wanted.len()).any(|w| w == wanted.as_slice()),
        "{order}\n{shown}"
    );

    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    let shown = screen(&app);
    for status in ["выявлено", "оценка", "закрыто", "анкета", "ждём ответа"]
    {
        assert!(shown.contains(status), "{status}\n{shown}");
    }
    assert!(shown.contains("Алматинская "), "{shown}");
    update(&mut app, Action::NextLanguage);
    let shown = screen(&app);
    assert!(shown.contains("жабық") && shown.contains("Абай "), "{shown}");
}

/// Choices are never lost: `Esc` in a list taking several keeps those
/// chosen, Tab takes the single option what was typed matches, and a
/// stored value removed by leaving its field empty is said.
#[test]
fn choices_are_kept_a_single_match_is_taken_and_an_emptied_value_is_said() {
    let (_dir, path) = database();
    let mut app = unlocked(&path, Lang::Ru, (80, 24));
    new_record_with_consent(&mut app);
    go_to_section(&mut app, "languages");
    go_to_field(&mut app, "languages_spoken");
    type_text(&mut app, "русс");
    update(&mut app, Action::Pick);
    type_text(&mut app, "узбе");
    update(&mut app, Action::Pick);
    type_text(&mut app, "тадж");
    update(&mut app, Action::CancelPick);
    let f = form(&app);
    assert!(f.picker.is_none());
    let spoken = f.values.get("languages_spoken").cloned().unwrap_or_default();
    assert_eq!(spoken.as_array().map(Vec::len), Some(2), "{spoken}");

    // "каз" and Tab: казахский, the only language starting so.
    go_to_field(&mut app, "preferred_language");
    type_text(&mut app, "каз");
    update(&mut app, Action::NextField);
    let f = form(&app);
    assert_eq!(
        f.values.get("preferred_language"),
        Some(&json!("kk")),
        "{:?}",
        f.error
    );
    assert_ne!(f.focus.as_deref(), Some("preferred_language"), "moved on");

    // Emptied: the value goes, and the form says which and what it was.
    update(&mut app, Action::PrevField);
    assert_eq!(form(&app).focus.as_deref(), Some("preferred_language"));
    update(&mut app, Action::Edit(intake::tui::action::Edit::Clear));
    update(&mut app, Action::NextField);
    assert_eq!(form(&app).values.get("preferred_language"), None);
    let shown = screen(&app);
    assert!(shown.contains("оставлено пустым"), "{shown}");
}
