//! The `intake` command line as a user runs it: init, keys, refusals,
//! referral-list import (all or nothing), listing, search, history, demo,
//! form checks and the configuration directory.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use tempfile::TempDir;

const PASS: &str = "a passphrase for tests";

fn intake(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("intake").unwrap();
    cmd.env("INTAKE_DATA_DIR", dir)
        .env("INTAKE_CONFIG_DIR", dir.join("config"))
        .env("INTAKE_PASSPHRASE", PASS)
        .env_remove("INTAKE_LOG")
        .env("INTAKE_LANG", "en");
    cmd
}

fn field_laptop() -> TempDir {
    let dir = TempDir::new().unwrap();
    intake(dir.path())
        .args([
            "init",
            "--role",
            "field",
            "--worker",
            "Нурлан",
            "--org",
            "Legal Aid",
        ])
        .assert()
        .success();
    dir
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

const HEADER: &str =
    "reference,surname,given_name,patronymic,sex,birth_date,birth_place,mother_name,father_name,oblast\n";

fn write_csv(dir: &Path, name: &str, rows: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    path
}

#[test]
fn bare_intake_prints_help() {
    let dir = TempDir::new().unwrap();
    intake(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("import-csv").and(predicate::str::contains("records")));
}

#[test]
fn init_creates_keys_and_refuses_to_overwrite() {
    let coord = TempDir::new().unwrap();
    let out = stdout(intake(coord.path()).args([
        "init",
        "--role",
        "coordinator",
        "--worker",
        "Aigerim",
        "--org",
        "NGO",
        "--campaign",
        "kz-2026",
    ]));
    assert!(out.contains("device "));
    let age = out
        .lines()
        .find(|l| l.starts_with("age1"))
        .expect("an age1 line")
        .to_owned();
    let key = out
        .lines()
        .find(|l| l.starts_with("intake-coordinator1"))
        .expect("the coordinator's enrolment string on a line of its own")
        .to_owned();

    let keys = stdout(intake(coord.path()).arg("keys"));
    assert!(keys.lines().any(|l| l == key));
    assert!(keys.contains("signing key"));

    let field = TempDir::new().unwrap();
    // An age key alone cannot pin the coordinator: the sentence says what to paste.
    intake(field.path())
        .args([
            "init",
            "--role",
            "field",
            "--worker",
            "N",
            "--org",
            "NGO",
            "--coordinator-key",
            &age,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("intake-coordinator1"));
    assert!(!field.path().join("intake.db").exists());
    let out = stdout(intake(field.path()).args([
        "init",
        "--role",
        "field",
        "--worker",
        "N",
        "--org",
        "NGO",
        "--coordinator-key",
        &key,
    ]));
    let device = keys
        .lines()
        .find(|l| l.starts_with("device"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(out.contains(&format!("coordinator     {device} (")), "{out}");

    let db = coord.path().join("intake.db");
    let before = std::fs::read(&db).unwrap();
    intake(coord.path())
        .args(["init", "--role", "coordinator", "--worker", "X", "--org", "Y"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn init_refuses_a_bad_coordinator_key_and_a_short_passphrase() {
    let dir = TempDir::new().unwrap();
    intake(dir.path())
        .args([
            "init",
            "--role",
            "field",
            "--worker",
            "N",
            "--org",
            "O",
            "--coordinator-key",
            "intake-coordinator1qqqqqqqq",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a character of it is wrong"));
    intake(dir.path())
        .env("INTAKE_PASSPHRASE", "short")
        .args(["init", "--role", "field", "--worker", "N", "--org", "O"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("easy to guess"));
    assert!(!dir.path().join("intake.db").exists());
}

#[test]
fn a_wrong_passphrase_exits_2_with_one_sentence() {
    let dir = field_laptop();
    let out = intake(dir.path())
        .env("INTAKE_PASSPHRASE", "not the passphrase")
        .arg("records")
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.trim(),
        format!(
            "intake: Wrong passphrase for {}.",
            dir.path().join("intake.db").display()
        )
    );
}

#[test]
fn the_passphrase_can_come_from_a_file() {
    let dir = field_laptop();
    let file = dir.path().join("pass.txt");
    std::fs::write(&file, format!("{PASS}\n")).unwrap();
    Command::cargo_bin("intake")
        .unwrap()
        .env_remove("INTAKE_PASSPHRASE")
        .env("INTAKE_DATA_DIR", dir.path())
        .env("INTAKE_CONFIG_DIR", dir.path().join("config"))
        .arg("--passphrase-file")
        .arg(&file)
        .arg("keys")
        .assert()
        .success();
}

#[test]
fn without_a_database_commands_say_how_to_make_one() {
    let dir = TempDir::new().unwrap();
    intake(&dir.path().join("nowhere"))
        .arg("records")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("intake init"));
    assert!(!dir.path().join("nowhere").exists());
}

#[test]
fn a_file_with_a_bad_row_imports_nothing_and_lists_every_bad_row() {
    let dir = field_laptop();
    let csv = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,Сериковна,female,1985-03-09,Алма-Ата,,,Алматы\n\
         R2,Иванов,Иван,,X,1990,,,,\n\
         R3,Петров,,,male,2999-01-01,,,,\n\
         R4,Ким,,,male,1990-1-1,,,,\n\
         R5,Ли,,,male,1990,,,,Атлантида\n\
         R6,,,,female,1990,,,,\n\
         R7,,Zarghuna,,female,2012,,,,KZ-19\n",
    );
    let out = intake(dir.path()).arg("import-csv").arg(&csv).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for expected in [
        "line 3: sex:",
        "line 4: birth_date:",
        "line 5: birth_date:",
        "line 6: oblast:",
        "line 7: name:",
    ] {
        assert!(stderr.contains(expected), "{expected} missing in {stderr}");
    }
    assert!(!stderr.contains("line 2:") && !stderr.contains("line 8:"));
    assert!(stderr.contains("nothing was imported"));
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 1, "only the header: {listed}");

    let out = stdout(
        intake(dir.path())
            .arg("import-csv")
            .arg(&csv)
            .arg("--skip-invalid"),
    );
    assert!(out.contains("Imported 2 records"), "{out}");
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 3);
    assert!(listed.contains("Zarghuna") && listed.contains("Дуйсенова"));
    assert!(
        listed.contains(",KZ-75,identified,"),
        "oblast stored as its code: {listed}"
    );
}

#[test]
fn importing_the_same_list_twice_adds_nobody_twice() {
    let dir = field_laptop();
    let csv = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,,female,1985,,,,\n,Ахмедов,Рустам,,male,1979,,,,\n",
    );
    let first = stdout(intake(dir.path()).arg("import-csv").arg(&csv));
    assert!(first.contains("Imported 2 records"));
    let second = stdout(intake(dir.path()).arg("import-csv").arg(&csv));
    assert!(
        second.contains("Imported 0 records") && second.contains("lines 2, 3"),
        "{second}"
    );
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 3);
}

#[test]
fn a_long_list_imported_again_names_the_first_lines_and_counts_the_rest() {
    let dir = field_laptop();
    let rows: String = (1..=30)
        .map(|i| format!("R{i},Дуйсенова,Айгуль,,female,1985,,,,\n"))
        .collect();
    let csv = write_csv(dir.path(), "list.csv", &rows);
    assert!(stdout(intake(dir.path()).arg("import-csv").arg(&csv)).contains("Imported 30 records"));
    let again = stdout(intake(dir.path()).arg("import-csv").arg(&csv));
    assert!(again.contains("lines 2, 3, 4,"), "{again}");
    assert!(again.contains(", 21 and 10 more"), "{again}");
    let ru = stdout(intake(dir.path()).args(["--lang", "ru", "import-csv"]).arg(&csv));
    assert!(ru.contains("21 и ещё 10"), "{ru}");
}

#[test]
fn a_file_that_cannot_be_a_list_is_refused_in_the_users_language() {
    let dir = field_laptop();
    let refused = |lang: &str, file: &Path| {
        let out = intake(dir.path())
            .args(["--lang", lang, "import-csv"])
            .arg(file)
            .assert()
            .code(1);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    let colour = dir.path().join("colour.csv");
    std::fs::write(&colour, "surname,colour\nИванов,red\n").unwrap();
    assert!(refused("ru", &colour).contains("неизвестный столбец «colour»"));
    assert!(refused("kk", &colour).contains("белгісіз баған «colour»"));
    assert!(refused("en", &colour).contains("unknown column “colour”"));
    let missing = dir.path().join("missing.csv");
    assert!(refused("ru", &missing).contains("такого файла нет"));
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"surname\nM\xfcller\n").unwrap();
    assert!(refused("ru", &latin1).contains("строка 2 — не текст UTF-8"));
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 1, "nothing imported: {listed}");
}

#[test]
fn search_works_across_scripts_and_formats() {
    let dir = field_laptop();
    let csv = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,,female,1985,,,,\nR2,Duysenova,Aigul,,female,1985,,,,\nR3,Иванов,Иван,,male,1990,,,,\n",
    );
    intake(dir.path()).arg("import-csv").arg(&csv).assert().success();
    for query in ["Duisenova", "Дуйсенова", "duysenova"] {
        let out = stdout(intake(dir.path()).args(["records", "--search", query, "--format", "json"]));
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        let refs: Vec<&str> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["reference"].as_str().unwrap())
            .collect();
        assert_eq!(refs.len(), 2, "{query}: {refs:?}");
        assert!(refs.contains(&"R1") && refs.contains(&"R2"));
        assert!(rows[0]["updated"].as_str().unwrap().ends_with('Z'));
    }
    let table = stdout(intake(dir.path()).args(["records", "--search", "ivanov"]));
    assert!(table.starts_with("id "));
    assert!(table.contains("Иванов Иван") && !table.contains("Дуйсенова"));
}

#[test]
fn history_shows_who_changed_what_from_what() {
    let dir = field_laptop();
    let csv = write_csv(dir.path(), "list.csv", "R1,Дуйсенова,Айгуль,,female,1985,,,,\n");
    intake(dir.path()).arg("import-csv").arg(&csv).assert().success();
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    let id = listed
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let out = stdout(intake(dir.path()).args(["history", &id[..13]]));
    assert!(out.contains("Нурлан"));
    // Fields by their labels, values as the form shows them.
    assert!(out.contains("Surname") && out.contains("∅ → Дуйсенова"), "{out}");
    assert!(out.contains("Status") && out.contains("∅ → identified"), "{out}");
    assert!(
        out.contains("Source") && out.contains("∅ → a referral list"),
        "{out}"
    );
    let ru = stdout(intake(dir.path()).args(["--lang", "ru", "history", &id[..13]]));
    assert!(ru.contains("Фамилия") && ru.contains("∅ → выявлено"), "{ru}");
    assert!(
        ru.contains("было → стало") && !ru.contains("referral_list"),
        "{ru}"
    );
    intake(dir.path())
        .args(["history", "00000000-0000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no record"));
}

#[test]
fn demo_adds_realistic_people_and_reports_rates() {
    let dir = field_laptop();
    let out = stdout(intake(dir.path()).args(["demo", "--records", "300", "--seed", "42"]));
    assert!(
        out.contains("Added 300 people") && out.contains("changes/s"),
        "{out}"
    );
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 301);
    let cyrillic = listed.chars().any(|c| ('а'..='я').contains(&c));
    assert!(cyrillic, "names in Cyrillic");
    assert!(listed.contains("DEMO-42-000300"));
}

#[test]
fn row_errors_and_summaries_speak_the_chosen_language() {
    let dir = field_laptop();
    let csv = write_csv(
        dir.path(),
        "list.csv",
        "R1,Иванов,Иван,,X,1990,,,,\nR2,Петров,Пётр,,male,1990,,,,\n",
    );
    let out = intake(dir.path())
        .args(["--lang", "ru", "import-csv"])
        .arg(&csv)
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("строка 2: sex: «X» — нет среди вариантов"),
        "{stderr}"
    );
    assert!(stderr.contains("ничего не импортировано"), "{stderr}");
    let out = stdout(
        intake(dir.path())
            .env("INTAKE_LANG", "kk")
            .arg("import-csv")
            .arg(&csv)
            .arg("--skip-invalid"),
    );
    assert!(out.contains("1 жазба импортталды"), "{out}");
}

#[test]
fn form_check_passes_the_builtin_form_and_names_the_line_of_a_broken_one() {
    let dir = TempDir::new().unwrap();
    let out = stdout(intake(dir.path()).args(["form", "check"]));
    assert!(
        out.contains("form “intake” version 1: 11 sections") && out.contains("no problems found"),
        "{out}"
    );
    let bad = "tests/forms/bad/unknown-field-in-expression.toml";
    let out = intake(dir.path()).args(["form", "check", bad]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr,
        format!(
            "{bad}:28: “agee” in “agee < 18” is not a field of this form\n\
             intake: 1 problem in {bad}; the form was not used.\n"
        )
    );
    let out = intake(dir.path())
        .args([
            "--lang",
            "ru",
            "form",
            "check",
            "tests/forms/bad/duplicate-id.toml",
        ])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("duplicate-id.toml:30: "), "{stderr}");
    assert!(!stderr.contains("defined twice"), "in Russian: {stderr}");
}

#[test]
fn a_broken_replacement_form_stops_imports_and_changes_nothing() {
    let dir = field_laptop();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::copy("tests/forms/bad/status-list.toml", config.join("form.toml")).unwrap();
    let csv = write_csv(dir.path(), "list.csv", "R1,Иванов,Иван,,male,1990,,,,\n");
    intake(dir.path())
        .arg("import-csv")
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the status field's choice list must be the case workflow",
        ));
    assert_eq!(
        stdout(intake(dir.path()).args(["records", "--format", "csv"]))
            .lines()
            .count(),
        1
    );
    // The same checks pass a good replacement, which is then used.
    std::fs::copy("tests/forms/minimal.toml", config.join("form.toml")).unwrap();
    let out = stdout(intake(dir.path()).args(["form", "check"]));
    assert!(out.contains("form “minimal”"), "{out}");
    stdout(intake(dir.path()).arg("import-csv").arg(&csv));
    assert_eq!(
        stdout(intake(dir.path()).args(["records", "--format", "csv"]))
            .lines()
            .count(),
        2
    );
}

#[test]
fn the_language_comes_from_the_config_file_unless_given() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "lang = \"kk\"\n").unwrap();
    let out = stdout(
        intake(dir.path())
            .env_remove("INTAKE_LANG")
            .args(["form", "check"]),
    );
    assert!(
        out.contains("ақау табылмады") || out.contains("қате табылмады"),
        "{out}"
    );
    let out = stdout(intake(dir.path()).args(["form", "check"]));
    assert!(out.contains("no problems found"), "INTAKE_LANG wins: {out}");
    std::fs::write(config.join("config.toml"), "lang = \"kk\"\nlanguage = 1\n").unwrap();
    intake(dir.path())
        .args(["form", "check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("config.toml:2:").and(predicate::str::contains("language")));
}

#[test]
fn check_lists_each_records_problems_by_their_place_in_the_form() {
    let dir = field_laptop();
    stdout(intake(dir.path()).args(["demo", "--records", "300", "--seed", "3"]));
    let out = stdout(intake(dir.path()).args(["check", "--all"]));
    // Warnings depend on today's date (months without a foreign reply); errors must not appear.
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("Checked 300 records: 0 with errors, "),
        "{summary}"
    );
    assert!(
        out.contains("! Documents: a USSR passport is the only identity document"),
        "{out}"
    );
    let csv = write_csv(dir.path(), "list.csv", "R1,Иванов,Иван,,male,1990,,,,\n");
    stdout(intake(dir.path()).arg("import-csv").arg(&csv));
    let listed = stdout(intake(dir.path()).args(["records", "--search", "Иванов Иван", "--format", "csv"]));
    let id = listed
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let out = stdout(intake(dir.path()).args(["--lang", "ru", "check", &id[..13]]));
    assert!(
        out.starts_with(&format!("{id} Иванов Иван — выявлено (черновик")),
        "{out}"
    );
    intake(dir.path())
        .args(["check", "not-an-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not-an-id"));
}

#[test]
fn records_are_filtered_by_status_overdue_and_worker_and_sorted() {
    let dir = field_laptop();
    intake(dir.path())
        .args(["demo", "--records", "300", "--seed", "3"])
        .assert()
        .success();
    let count = |args: &[&str]| {
        let out = stdout(intake(dir.path()).args(["records", "--format", "csv"]).args(args));
        out.lines().count() - 1
    };
    let all = count(&[]);
    assert_eq!(all, 300);
    let closed = count(&["--status", "closed"]);
    let assessed = count(&["--status", "assessed"]);
    assert!(closed > 0 && assessed > 0 && closed + assessed < all);
    let overdue = count(&["--overdue"]);
    assert!(overdue > 0 && overdue < all, "{overdue}");
    assert_eq!(
        count(&["--recorded-by", "Нурлан"]),
        all,
        "demo people are recorded here"
    );
    assert_eq!(count(&["--recorded-by", "Aigerim"]), 0);
    let by_name =
        stdout(intake(dir.path()).args(["records", "--format", "json", "--sort", "name", "--limit", "50"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&by_name).unwrap();
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            r["surname"]
                .as_str()
                .or(r["given_name"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    intake(dir.path())
        .args(["records", "--status", "done"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("It takes a case status"));
}

/// A coordinator's data directory and its age public key.
fn coordinator() -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    intake(dir.path())
        .args([
            "init",
            "--role",
            "coordinator",
            "--worker",
            "Aigerim",
            "--org",
            "Legal Aid",
        ])
        .assert()
        .success();
    let keys = stdout(intake(dir.path()).arg("keys"));
    let key = keys
        .lines()
        .find(|l| l.starts_with("intake-coordinator1"))
        .unwrap()
        .to_owned();
    (dir, key)
}

#[test]
fn bundles_go_from_a_field_laptop_to_the_coordinator_on_the_command_line() {
    let (coordinator, coordinator_key) = coordinator();
    let laptop = field_laptop();
    intake(laptop.path())
        .args(["demo", "--records", "40", "--seed", "2"])
        .assert()
        .success();
    let bundle = laptop.path().join("nurlan-1.bundle");
    intake(laptop.path())
        .arg("export")
        .arg("--out")
        .arg(&bundle)
        .assert()
        .failure()
        .stderr(predicate::str::contains("intake keys set-coordinator"));
    assert!(!bundle.exists(), "no half-written file is left");
    intake(laptop.path())
        .args(["keys", "set-coordinator", &coordinator_key])
        .assert()
        .success();
    let out = stdout(intake(laptop.path()).arg("export").arg("--out").arg(&bundle));
    assert!(out.contains("bundle 1 of this laptop"), "{out}");
    let out = stdout(intake(coordinator.path()).arg("import").arg(&bundle));
    assert!(out.contains("not trusted yet"), "{out}");
    // The coordinator's identity opens the bundle with the reference age tool.
    let identity = coordinator.path().join("identity.txt");
    intake(coordinator.path())
        .args(["keys", "export-identity", "--out"])
        .arg(&identity)
        .assert()
        .success();
    intake(coordinator.path())
        .args(["keys", "export-identity", "--out"])
        .arg(&identity)
        .assert()
        .failure()
        .stderr(predicate::str::contains("must not exist yet"));
    if let Ok(out) = std::process::Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity)
        .arg(&bundle)
        .output()
    {
        assert!(
            out.stdout.starts_with(b"intake-bundle/2\n"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        stdout(intake(coordinator.path()).args(["records", "--format", "csv"]))
            .lines()
            .count(),
        1,
        "quarantined, not merged"
    );
    let devices = stdout(intake(coordinator.path()).args(["devices", "list"]));
    assert!(
        devices.contains("not trusted") && devices.contains("Нурлан"),
        "{devices}"
    );
    let device = devices.split_whitespace().next().unwrap().to_owned();
    let out = stdout(intake(coordinator.path()).args(["devices", "trust", &device[..8]]));
    assert!(out.contains("1 waiting bundle merged"), "{out}");
    let listed = stdout(intake(coordinator.path()).args(["records", "--format", "csv"]));
    assert_eq!(listed.lines().count(), 41);
    let out = stdout(intake(coordinator.path()).arg("import").arg(&bundle));
    assert!(out.contains("imported before; nothing changed"), "{out}");
    let junk = laptop.path().join("junk.bundle");
    std::fs::write(&junk, "not a bundle at all").unwrap();
    intake(coordinator.path())
        .arg("import")
        .arg(&junk)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not an Intake bundle"));
    intake(coordinator.path())
        .args(["devices", "revoke", &device])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--reason"));
    // The reason is one of three, so that every laptop says it in its language.
    intake(coordinator.path())
        .args(["devices", "revoke", &device, "--reason", "laptop stolen"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("lost"));
    intake(coordinator.path())
        .args([
            "devices",
            "revoke",
            &device,
            "--reason",
            "lost",
            "--note",
            "on the bus to Taraz",
        ])
        .assert()
        .success();
    let listed = stdout(intake(coordinator.path()).args(["devices", "list"]));
    assert!(
        listed.contains("revoked by Aigerim") && listed.contains("lost or stolen: on the bus to Taraz"),
        "{listed}"
    );
    let russian = stdout(intake(coordinator.path()).args(["--lang", "ru", "devices", "list"]));
    assert!(
        russian.contains("утерян или украден: on the bus to Taraz"),
        "{russian}"
    );
}

#[test]
fn a_field_edited_on_two_laptops_is_listed_as_a_conflict_and_resolved() {
    let (coordinator, key) = coordinator();
    let laptop = field_laptop();
    intake(laptop.path())
        .args(["keys", "set-coordinator", &key])
        .assert()
        .success();
    intake(laptop.path())
        .args(["demo", "--records", "1", "--seed", "4"])
        .assert()
        .success();
    let csv = stdout(intake(laptop.path()).args(["records", "--format", "csv"]));
    let id = csv.lines().nth(1).unwrap().split(',').next().unwrap().to_owned();
    let send = |n: u32| {
        let bundle = laptop.path().join(format!("b{n}.bundle"));
        intake(laptop.path())
            .arg("export")
            .arg("--out")
            .arg(&bundle)
            .assert()
            .success();
        stdout(
            intake(coordinator.path())
                .arg("import")
                .arg("--trust-new-devices")
                .arg(&bundle),
        )
    };
    let first = send(1);
    assert!(first.contains("TRUSTED NEW DEVICE"), "{first}");
    // The same field changed on both sides before they meet again.
    intake(coordinator.path())
        .args(["set", &id, "surname=Дуйсенова", "status=assessed"])
        .assert()
        .success();
    intake(laptop.path())
        .args(["set", &id, "surname=Дюсенова"])
        .assert()
        .success();
    intake(laptop.path())
        .args(["set", &id, "sex=x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Sex"));
    let second = send(2);
    assert!(second.contains("1 new conflict,"), "{second}");
    let listed = stdout(intake(coordinator.path()).args(["conflicts", "--format", "json"]));
    let conflicts: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(conflicts.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(conflicts[0]["field"], "surname");
    let values: Vec<&str> = conflicts[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(
        values.contains(&"Дуйсенова") && values.contains(&"Дюсенова"),
        "{values:?}"
    );
    intake(coordinator.path())
        .args(["resolve", &id, "status", "--value", "\"closed\""])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not in conflict"));
    intake(coordinator.path())
        .args(["resolve", &id, "surname", "--value", "\"Дуйсенова\""])
        .assert()
        .success();
    let after = stdout(intake(coordinator.path()).args(["conflicts", "--format", "json"]));
    assert_eq!(after.trim(), "[]");
    // Deleted on the laptop while the coordinator edits: a conflict too.
    intake(laptop.path()).args(["delete", &id]).assert().success();
    intake(coordinator.path())
        .args(["set", &id, "given_name=Айгуль"])
        .assert()
        .success();
    let third = send(3);
    assert!(third.contains("1 new conflict,"), "{third}");
    let listed = stdout(intake(coordinator.path()).args(["conflicts", "--format", "json"]));
    assert!(
        listed.contains("\"_deleted\"") && listed.contains("given_name"),
        "{listed}"
    );
    intake(coordinator.path())
        .args(["resolve", &id, "_deleted", "--value", "true"])
        .assert()
        .success();
    let after = stdout(intake(coordinator.path()).args(["conflicts", "--format", "json"]));
    assert_eq!(after.trim(), "[]");
    let csv = stdout(intake(coordinator.path()).args(["records", "--format", "csv"]));
    assert!(!csv.contains(&id), "deleted after all");
}

#[test]
fn erasing_a_record_keeps_only_the_anonymous_counts() {
    let laptop = field_laptop();
    intake(laptop.path())
        .args(["demo", "--records", "3", "--seed", "8"])
        .assert()
        .success();
    let csv = stdout(intake(laptop.path()).args(["records", "--format", "csv"]));
    let row = csv.lines().nth(1).unwrap().to_owned();
    let id = row.split(',').next().unwrap().to_owned();
    let surname = row.split(',').nth(2).unwrap().to_owned();
    intake(laptop.path())
        .args(["erase", &id, "--reason", " "])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--reason"));
    let out = stdout(intake(laptop.path()).args(["erase", &id, "--reason", "consent withdrawn"]));
    assert!(out.contains("erased"), "{out}");
    let history = stdout(intake(laptop.path()).args(["history", &id]));
    assert!(!surname.is_empty() && !history.contains(&surname), "{history}");
    let after = stdout(intake(laptop.path()).args(["records", "--format", "csv"]));
    assert!(!after.contains(&surname));
    intake(laptop.path())
        .args(["erase", &id, "--reason", "again"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("erased before"));
}

#[test]
fn the_same_person_in_two_scripts_is_listed_as_a_duplicate() {
    let dir = field_laptop();
    let csv = write_csv(
        dir.path(),
        "list.csv",
        "S-1,Дуйсенова,Айгуль,Сериковна,female,1985-03-09,,,,Алматы\n\
         S-2,Duysenova,Aigul,,female,1985,,,,Alma-Ata\n\
         S-3,Ким,Анна,,female,1981-02-02,,,,Астана\n",
    );
    intake(dir.path()).arg("import-csv").arg(&csv).assert().success();
    let out = stdout(intake(dir.path()).args(["duplicates", "--format", "csv"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "cluster,a_id,b_id,a_reference,b_reference,score,reasons"
    );
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[1].contains("S-1") && lines[1].contains("S-2"), "{out}");
    assert!(
        lines[1].contains("names") && lines[1].contains("birth year"),
        "{out}"
    );
    let (a, b) = {
        let cells: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(cells[0], "1", "{out}");
        (cells[1].to_owned(), cells[2].to_owned())
    };
    intake(dir.path())
        .args(["duplicates", "confirm", &a, &b])
        .assert()
        .success();
    let after = stdout(intake(dir.path()).args(["duplicates", "--format", "csv"]));
    assert_eq!(
        after.lines().count(),
        1,
        "decided pairs are not proposed again: {after}"
    );
    let all = stdout(intake(dir.path()).args(["duplicates", "--all", "--format", "csv"]));
    assert!(all.contains("CONFIRMED"), "{all}");
    intake(dir.path())
        .args(["duplicates", "undo", &a, &b])
        .assert()
        .success();
    let again = stdout(intake(dir.path()).args(["duplicates", "--format", "csv"]));
    assert_eq!(again.lines().count(), 2, "{again}");
    intake(dir.path())
        .args(["duplicates", "reject", &b, &a])
        .assert()
        .success();
    let rejected = stdout(intake(dir.path()).args(["duplicates", "--all", "--format", "csv"]));
    assert!(
        rejected.contains("REJECTED") && rejected.contains("kept apart: rejected"),
        "{rejected}"
    );
    intake(dir.path())
        .args(["duplicates", "--min-score", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("a score from 0 to 1"));
    intake(dir.path())
        .args(["--lang", "ru", "duplicates", "--min-score", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Нужна оценка от 0 до 1"));
}

#[test]
fn report_and_export_table_write_what_was_asked_and_refuse_bad_requests() {
    let dir = field_laptop();
    intake(dir.path())
        .args(["demo", "--records", "40", "--seed", "2"])
        .assert()
        .success();
    let text = stdout(intake(dir.path()).args(["report", "--as-of", "2099-12-31", "--suppress-below", "5"]));
    assert!(
        text.contains("People identified") && text.contains("40"),
        "{text}"
    );
    assert!(text.contains("Counts under 5 are hidden"), "{text}");
    let ru = stdout(intake(dir.path()).args(["--lang", "ru", "report", "--format", "csv"]));
    assert!(
        ru.starts_with("table,row,row_label,column,column_label,value\n"),
        "{ru}"
    );
    assert!(ru.contains("Выявлено людей"), "{ru}");
    let page = dir.path().join("report.html");
    intake(dir.path())
        .args(["report", "--format", "html", "--out"])
        .arg(&page)
        .assert()
        .success()
        .stdout(predicate::str::contains("Report written to"));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let table = dir.path().join("table");
    intake(dir.path())
        .args([
            "export-table",
            "--plaintext",
            "--format",
            "csv",
            "--deidentified",
            // Forty demo people are too few for k = 5 (the test of that is tests/data_protection.rs).
            "--k",
            "1",
            "--out",
        ])
        .arg(&table)
        .assert()
        .success()
        .stdout(predicate::str::contains("40 records"));
    let records = std::fs::read_to_string(table.join("records.csv")).unwrap();
    assert_eq!(records.lines().count(), 41, "a header and 40 records");
    // Refusals: one sentence each, nothing written.
    for (args, says) in [
        (vec!["report", "--format", "xlsx"], "give --out FILE.xlsx"),
        (
            vec!["report", "--from", "2026-02-01", "--to", "2026-01-01"],
            "starts (2026-02-01) after it ends",
        ),
        (vec!["report", "--as-of", "31.12.2025"], "a date as YYYY-MM-DD"),
        (vec!["report", "--suppress-below", "0"], "a count of 2 or more"),
        (
            vec![
                "export-table",
                "--plaintext",
                "--format",
                "xlsx",
                "--out",
                "/nonexistent/x.xlsx",
            ],
            "its folder does not exist",
        ),
    ] {
        intake(dir.path())
            .args(&args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(says));
    }
    intake(dir.path())
        .args(["export-table", "--plaintext", "--format", "csv", "--out"])
        .arg(table.join("records.csv"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a file"));
}

/// The audit trail lists what left the laptop and who did it; `verify`
/// finds an entry changed by someone who dropped its guard.
#[test]
fn the_audit_trail_lists_listings_and_finds_a_changed_entry() {
    let dir = field_laptop();
    let list = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,,female,1985-03-09,,,,KZ-75\n",
    );
    intake(dir.path()).arg("import-csv").arg(&list).assert().success();
    stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    let trail = stdout(intake(dir.path()).args(["audit", "--format", "csv"]));
    assert!(trail.contains("records listed,1 as csv"), "{trail}");
    let since = stdout(intake(dir.path()).args(["audit", "--since", "2999-01-01", "--format", "csv"]));
    assert_eq!(since.lines().count(), 1, "{since}");
    intake(dir.path())
        .args(["--lang", "ru", "audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("не нарушен"));
    // Changing it by SQL is refused; with the triggers dropped, it is found.
    let conn = rusqlite::Connection::open(dir.path().join("intake.db")).unwrap();
    conn.pragma_update(None, "key", PASS).unwrap();
    let refused = conn.execute("UPDATE audit SET detail = 'nothing'", []);
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    assert!(conn.execute("DELETE FROM audit", []).is_err());
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    conn.execute(
        "UPDATE audit SET detail = '0 as csv' WHERE action = 'records listed'",
        [],
    )
    .unwrap();
    drop(conn);
    intake(dir.path())
        .args(["audit", "verify"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("tampered with"));
}

/// An export leaves only to a named recipient, encrypted to their key;
/// a bad key or an unknown name is one sentence in the user's language.
#[test]
fn exports_go_to_named_recipients_only() {
    let dir = field_laptop();
    let list = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,,female,1985-03-09,,,,KZ-75\n",
    );
    intake(dir.path()).arg("import-csv").arg(&list).assert().success();
    let out = dir.path().join("out.age");
    // Neither --to nor --plaintext: refused by the parser.
    intake(dir.path())
        .args(["export-table", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .failure();
    intake(dir.path())
        .args([
            "--lang",
            "ru",
            "recipients",
            "add",
            "УВКБ",
            "age1nonsense",
            "--purpose",
            "unhcr",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("не открытый ключ age"));
    intake(dir.path())
        .args([
            "--lang",
            "kk",
            "export-table",
            "--format",
            "csv",
            "--to",
            "УВКБ",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("атты алушы жоқ"));
    let key = age::x25519::Identity::generate().to_public().to_string();
    intake(dir.path())
        .args(["recipients", "add", "UNHCR Almaty", &key, "--purpose", "unhcr"])
        .assert()
        .success();
    let listed = stdout(intake(dir.path()).args(["recipients", "list"]));
    assert!(
        listed.contains("UNHCR Almaty") && listed.contains(&key),
        "{listed}"
    );
    // The referral list's person never agreed to anything: left out, and said so.
    let said = stdout(
        intake(dir.path())
            .args(["export-table", "--format", "csv", "--to", "UNHCR Almaty", "--out"])
            .arg(&out),
    );
    assert!(
        said.contains("0 records") && said.contains("no consent is recorded"),
        "{said}"
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"age-encryption.org/v1"));
    let plain = intake(dir.path())
        .args(["export-table", "--plaintext", "--format", "csv", "--out"])
        .arg(dir.path().join("own"))
        .assert()
        .success();
    let warned = String::from_utf8(plain.get_output().stderr.clone()).unwrap();
    assert!(warned.contains("for your own use only"), "{warned}");
    let trail = stdout(intake(dir.path()).args(["audit", "--format", "csv"]));
    let sent = format!("to UNHCR Almaty (unhcr, {key}), encrypted: 0 records");
    assert!(trail.contains(&sent), "{trail}");
    assert!(trail.contains("plaintext, own use: 1 records"), "{trail}");
}

/// A person's own report: every field (a correction shows in the
/// history), in their language, and to whom their data was exported;
/// encrypted only to a recipient they agreed to.
#[test]
fn a_person_report_says_everything_held_and_where_it_went() {
    let dir = field_laptop();
    let list = write_csv(
        dir.path(),
        "list.csv",
        "R1,Дуйсенова,Айгуль,,female,1985-03-09,,,,KZ-75\n",
    );
    intake(dir.path()).arg("import-csv").arg(&list).assert().success();
    let csv = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    let id = csv.lines().nth(1).unwrap().split(',').next().unwrap().to_owned();
    for set in [
        "consent_obtained=yes",
        "consent_given_by=person",
        "consent_method=signature",
        "consent_legal_assistance=yes",
        "consent_share_authority=no",
        "consent_share_unhcr=yes",
        "consent_follow_up=no",
        "consent_statistics=yes",
        "preferred_language=kk",
        "given_name=Айгүл",
    ] {
        intake(dir.path()).args(["set", &id, set]).assert().success();
    }
    let key = age::x25519::Identity::generate().to_public().to_string();
    for (name, purpose) in [("UNHCR Almaty", "unhcr"), ("Migration police", "authority")] {
        intake(dir.path())
            .args(["recipients", "add", name, &key, "--purpose", purpose])
            .assert()
            .success();
    }
    intake(dir.path())
        .args(["export-table", "--format", "csv", "--to", "UNHCR Almaty", "--out"])
        .arg(dir.path().join("unhcr.age"))
        .assert()
        .success();
    let out = dir.path().join("report.txt");
    intake(dir.path())
        .args(["person-report", &id, "--plaintext", "--out"])
        .arg(&out)
        .assert()
        .success();
    let report = std::fs::read_to_string(&out).unwrap();
    // In Kazakh, her preferred language; the correction of her name shows.
    assert!(
        report.contains("Intake сақтайтын адам туралы барлық деректер"),
        "{report}"
    );
    assert!(report.contains("Айгуль → Айгүл"), "{report}");
    // The export, said in her language: what, to whom, encrypted.
    assert!(
        report.contains("жазбалар кестесі · UNHCR Almaty үшін, алушыға шифрланған"),
        "{report}"
    );
    // Not to an authority she did not agree to; not over a file.
    intake(dir.path())
        .args([
            "--lang",
            "ru",
            "person-report",
            &id,
            "--to",
            "Migration police",
            "--out",
        ])
        .arg(dir.path().join("police.age"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("не согласился"));
    assert!(!dir.path().join("police.age").exists());
    intake(dir.path())
        .args(["person-report", &id, "--plaintext", "--out"])
        .arg(&out)
        .assert()
        .failure();
    let sealed = dir.path().join("for-unhcr.age");
    intake(dir.path())
        .args(["person-report", &id, "--to", "UNHCR Almaty", "--out"])
        .arg(&sealed)
        .assert()
        .success();
    assert!(
        std::fs::read(&sealed)
            .unwrap()
            .starts_with(b"age-encryption.org/v1")
    );
}

/// Whether a line reads as English only: two or more words of three or
/// more Latin letters and no Cyrillic letter, once what is never
/// translated is taken out (paths, `commands`, --flags, keys, ids, the
/// program's name, values typed by the user).
fn english_only(line: &str, typed: &[&str]) -> bool {
    if line.chars().any(|c| matches!(c, '\u{400}'..='\u{4FF}')) {
        return false;
    }
    let mut text = line.to_owned();
    for t in typed {
        text = text.replace(t, " ");
    }
    let words = text
        .split(|c: char| c.is_whitespace() || "“”«»(),.:;!?[]{}'\"".contains(c))
        .filter(|w| !w.is_empty())
        .filter(|w| !w.starts_with('/') && !w.starts_with("--") && !w.starts_with('`') && !w.ends_with('`'))
        .filter(|w| !w.starts_with("age1") && !w.starts_with("intake"))
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| {
            ![
                "UTC",
                "Intake",
                "SQLCipher",
                "age",
                "csv",
                "xlsx",
                "json",
                "html",
                "docx",
                "pdf",
            ]
            .contains(w)
        })
        .count();
    words >= 2
}

/// Every refusal and the everyday commands say their sentences in Russian
/// and Kazakh: no line of what they print is English only.
#[test]
fn refusals_and_commands_speak_the_users_language() {
    let dir = field_laptop();
    let csv = write_csv(dir.path(), "list.csv", "R1,Дуйсенова,Айгуль,,female,1985,,,,\n");
    intake(dir.path()).arg("import-csv").arg(&csv).assert().success();
    let listed = stdout(intake(dir.path()).args(["records", "--format", "csv"]));
    let id = listed
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let not_bundle = dir.path().join("not.bundle");
    std::fs::write(&not_bundle, "hello").unwrap();
    let path = |p: &Path| p.display().to_string();
    let runs: Vec<(Vec<String>, Option<&str>)> = vec![
        (
            vec![
                "init".into(),
                "--role".into(),
                "field".into(),
                "--worker".into(),
                "X".into(),
                "--org".into(),
                "Y".into(),
            ],
            None,
        ),
        (vec!["records".into()], Some("not the passphrase")),
        (
            vec!["import".into(), path(&dir.path().join("missing.bundle"))],
            None,
        ),
        (vec!["import".into(), path(&not_bundle)], None),
        (vec!["set".into(), id.clone(), "sex=x".into()], None),
        (vec!["set".into(), id.clone(), "nonsense=1".into()], None),
        (vec!["set".into(), id.clone(), "surname".into()], None),
        (
            vec!["set".into(), "00000000-0000".into(), "surname=X".into()],
            None,
        ),
        (vec!["history".into(), "00000000-0000".into()], None),
        (vec!["history".into(), id.clone()], None),
        (
            vec![
                "resolve".into(),
                id.clone(),
                "surname".into(),
                "--value".into(),
                "\"X\"".into(),
            ],
            None,
        ),
        (
            vec!["resolve".into(), id.clone(), "--field".into(), "surname".into()],
            None,
        ),
        (vec!["frobnicate".into()], None),
        (
            vec!["erase".into(), id.clone(), "--reason".into(), " ".into()],
            None,
        ),
        (
            vec!["duplicates".into(), "confirm".into(), id.clone(), id.clone()],
            None,
        ),
        (vec!["report".into(), "--format".into(), "xlsx".into()], None),
        (vec!["demo".into(), "--records".into(), "3".into()], None),
        (vec!["keys".into()], None),
    ];
    for lang in ["ru", "kk"] {
        for (args, passphrase) in &runs {
            let mut cmd = intake(dir.path());
            cmd.arg("--lang").arg(lang).args(args);
            if let Some(p) = passphrase {
                cmd.env("INTAKE_PASSPHRASE", p);
            }
            let out = cmd.output().unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!said.trim().is_empty(), "{lang} {args:?}: says nothing");
            let typed: Vec<&str> = args.iter().map(String::as_str).collect();
            for line in said.lines() {
                assert!(
                    !english_only(line, &typed),
                    "{lang} {args:?}: English only: {line}"
                );
            }
        }
    }
}
