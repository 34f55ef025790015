//! Store benchmarks (run with `cargo bench`): `intake demo` write rate into
//! the encrypted log, cross-script search latency over the result, checking
//! records against the intake form, and a plain SQLCipher insert of small
//! rows on the same machine for scale.
//!
//! `INTAKE_BENCH_RECORDS` sets the number of people (default 100,000).

use intake::demo;
use intake::form::{Mode, Values};
use intake::store::{ListOrder, RecordQuery, Store};
use intake::testing::with_profile;
use rusqlite::Connection;
use secrecy::SecretString;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let people: u64 = std::env::var("INTAKE_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::TempDir::new().expect("temp dir");
    let pass = SecretString::from("benchmark passphrase".to_owned());

    println!("## intake store benchmarks ({people} people, encrypted database)\n");
    let baseline = plain_insert(&dir.path().join("plain.db"), 1_000_000);
    println!("plain SQLCipher insert, 1,000,000 small rows in one transaction: {baseline:.0} rows/s");

    let path = dir.path().join("intake.db");
    let mut store = Store::create(&path, &pass).expect("create store");
    with_profile(&mut store, "bench");
    let started = Instant::now();
    let summary = demo::fill(&mut store, people, 1, &mut |_| {}).expect("demo fill");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "intake demo: {} people, {} ops in {:.2} s = {:.0} people/s, {:.0} ops/s",
        summary.people,
        summary.ops,
        secs,
        summary.people as f64 / secs,
        summary.ops as f64 / secs
    );
    drop(store);
    let size: u64 = std::fs::read_dir(dir.path())
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("intake.db"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    println!("database size: {:.1} MB", size as f64 / 1e6);

    // The terminal UI first, on a cold start: unlock to first frame.
    terminal_frames(&path, &pass);

    let started = Instant::now();
    let store = Store::open(&path, &pass).expect("reopen");
    println!(
        "open + key derivation: {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    // Warm the page cache once, as a running app would have it.
    let _ = store.records(&RecordQuery {
        search: Some("warm".into()),
        limit: None,
        offset: None,
        ..RecordQuery::default()
    });

    println!("\n| search | hits | median | max (of 21) |\n|---|---|---|---|");
    for query in [
        "Дуйсенова",
        "Duisenova",
        "Duysenova",
        "Жумабаева Айгуль",
        "Zhumabayev",
        "Zarghuna",
        "ким",
        "DEMO-1-004242",
        "nobody-like-this",
    ] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..21 {
            let t = Instant::now();
            hits = store
                .records(&RecordQuery {
                    search: Some(query.into()),
                    limit: None,
                    offset: None,
                    ..RecordQuery::default()
                })
                .expect("search")
                .len();
            times.push(t.elapsed());
        }
        times.sort();
        println!("| `{query}` | {hits} | {} | {} |", ms(times[10]), ms(times[20]));
    }
    list_windows(&store);
    validation(&store);
}

/// The terminal UI on this database, drawn on an 80×24 `TestBackend`: from
/// the passphrase to the first frame of the case list, with the key
/// derivation (opening the store alone) measured apart and taken off; then a
/// search typed key by key, each key applied, read and drawn.
fn terminal_frames(path: &std::path::Path, pass: &SecretString) {
    use intake::tui::action::{Action, Edit};
    use intake::tui::app::{App, update};
    use ratatui::{Terminal, backend::TestBackend};
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    let started = Instant::now();
    drop(Store::open(path, pass).expect("open"));
    let key_derivation = started.elapsed();
    let form = intake::config::ActiveForm::Builtin(intake::form::builtin().expect("built-in form"));
    let started = Instant::now();
    let mut app = App::new(
        path.to_owned(),
        form,
        intake::i18n::Lang::En,
        Duration::from_secs(600),
        (80, 24),
        Instant::now(),
    );
    app.screen = app.open(pass).expect("unlock");
    terminal
        .draw(|f| intake::tui::app::draw::draw(f, &app))
        .expect("draw");
    let first_frame = started.elapsed();
    println!(
        "\nterminal UI: passphrase to first list frame {} (of which opening the store {}): {} without the key derivation",
        ms(first_frame),
        ms(key_derivation),
        ms(first_frame.saturating_sub(key_derivation))
    );
    update(&mut app, Action::Search);
    let mut keys = Vec::new();
    for c in "дуйсенова айгуль".chars() {
        let t = Instant::now();
        update(&mut app, Action::Edit(Edit::Insert(c)));
        app.settle();
        terminal
            .draw(|f| intake::tui::app::draw::draw(f, &app))
            .expect("draw");
        keys.push(t.elapsed());
    }
    keys.sort();
    println!(
        "terminal UI: search key to drawn frame, {} keys: median {}, max {}",
        keys.len(),
        ms(keys[keys.len() / 2]),
        ms(keys[keys.len() - 1])
    );
    update(&mut app, Action::ClearSearch);
    app.settle();
    let mut filters = Vec::new();
    for action in [
        Action::ToggleOverdue,
        Action::NextStatusFilter,
        Action::NextStatusFilter,
        Action::ToggleOverdue,
        Action::ToggleMine,
        Action::NextOrder,
        Action::NextOrder,
        Action::NextOrder,
        Action::PageDown,
        Action::Bottom,
    ] {
        let t = Instant::now();
        update(&mut app, action);
        terminal
            .draw(|f| intake::tui::app::draw::draw(f, &app))
            .expect("draw");
        filters.push((action, t.elapsed()));
    }
    let shown: Vec<String> = filters.iter().map(|(a, t)| format!("{a:?} {}", ms(*t))).collect();
    println!(
        "terminal UI: filter, order and move keys to drawn frame: {}",
        shown.join(", ")
    );
}

/// What the case list does on a search keystroke: count the matches and
/// read the 20 rows on screen.
fn list_windows(store: &Store) {
    println!(
        "\n| list query | matches | count median | window median | window max (of 21) |\n|---|---|---|---|---|"
    );
    let search = |text: &str, offset: usize| RecordQuery {
        search: Some(text.to_owned()).filter(|s| !s.is_empty()),
        limit: Some(20),
        offset: Some(offset),
        ..RecordQuery::default()
    };
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let mut queries: Vec<(String, RecordQuery)> = [
        ("", 0),
        ("", 50_000),
        ("d", 0),
        ("du", 0),
        ("dui", 0),
        ("duisen", 0),
        ("ж", 0),
        ("zhumab", 0),
    ]
    .into_iter()
    .map(|(text, offset)| (format!("`{text}` @{offset}"), search(text, offset)))
    .collect();
    let filtered = |label: &str, q: RecordQuery| (label.to_owned(), q);
    queries.extend([
        filtered(
            "status assessed",
            RecordQuery {
                status: Some("assessed".into()),
                ..search("", 0)
            },
        ),
        filtered(
            "overdue",
            RecordQuery {
                due_before: Some(today.clone()),
                ..search("", 0)
            },
        ),
        filtered(
            "mine",
            RecordQuery {
                recorded_by: Some("bench".into()),
                ..search("", 0)
            },
        ),
        // What `m` asks: recorded here or given to this laptop.
        filtered(
            "mine or assigned",
            RecordQuery {
                recorded_by: Some("bench".into()),
                assigned_here: true,
                ..search("", 0)
            },
        ),
        filtered(
            "by next action",
            RecordQuery {
                order: ListOrder::NextAction,
                ..search("", 0)
            },
        ),
        filtered(
            "by name @50000",
            RecordQuery {
                order: ListOrder::Name,
                ..search("", 50_000)
            },
        ),
        filtered(
            "overdue, status filed, by name",
            RecordQuery {
                due_before: Some(today.clone()),
                status: Some("filed".into()),
                order: ListOrder::Name,
                ..search("", 0)
            },
        ),
        filtered(
            "`d` overdue by next action",
            RecordQuery {
                due_before: Some(today.clone()),
                order: ListOrder::NextAction,
                ..search("d", 0)
            },
        ),
    ]);
    for (label, query) in queries {
        let (mut counts, mut windows) = (Vec::new(), Vec::new());
        let mut total = 0;
        for _ in 0..21 {
            let t = Instant::now();
            // As the list counts: a search to a cap, the rest exactly.
            let cap = query.search.as_ref().map(|_| 1001);
            total = store.count_records(&query, cap).expect("count");
            counts.push(t.elapsed());
            let t = Instant::now();
            let _ = store.records(&query).expect("window");
            windows.push(t.elapsed());
        }
        counts.sort();
        windows.sort();
        println!(
            "| {label} | {total} | {} | {} | {} |",
            ms(counts[10]),
            ms(windows[10]),
            ms(windows[20])
        );
    }
}

/// Loading records and checking them against the built-in form: what the
/// form screen does on every change, and what `intake check --all` does.
fn validation(store: &Store) {
    let form = intake::form::builtin().expect("built-in form");
    let rows = store
        .records(&RecordQuery {
            search: None,
            limit: Some(2_000),
            offset: None,
            ..RecordQuery::default()
        })
        .expect("records");
    let started = Instant::now();
    let values: Vec<Values> = rows
        .iter()
        .map(|r| Values::from_record(&store.record(r.id).expect("record").expect("exists")))
        .collect();
    let load = started.elapsed().as_secs_f64() / values.len() as f64;
    let today = chrono::Local::now().date_naive();
    let mut times = Vec::new();
    let mut issues = 0;
    for v in &values {
        let t = Instant::now();
        issues += form.validate(v, Mode::for_values(v), today).len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "\nvalidation of {} records: load {:.2} ms/record, validate median {:.3} ms, max {:.3} ms ({issues} issues)",
        values.len(),
        load * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
    );
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// Rows per second for a plain insert of small rows into an encrypted table.
fn plain_insert(path: &std::path::Path, rows: u64) -> f64 {
    let mut conn = Connection::open(path).expect("open plain");
    conn.execute_batch(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = 'benchmark passphrase'; PRAGMA journal_mode = WAL;",
    )
    .expect("key");
    conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER, c TEXT)")
        .expect("table");
    let started = Instant::now();
    let tx = conn.transaction().expect("tx");
    {
        let mut stmt = tx.prepare("INSERT INTO t (b, c) VALUES (?1, ?2)").expect("stmt");
        for i in 0..rows {
            stmt.execute(rusqlite::params![i as i64, "\"value\""])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    rows as f64 / started.elapsed().as_secs_f64()
}
