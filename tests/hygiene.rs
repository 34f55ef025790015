//! The process itself leaks nothing: core dumps are off once the program
//! starts, and a panic leaves a report without its message (which could
//! quote a person's data). Its own test binary: the panic hook is the
//! process's.

use intake::i18n::{Lang, Texts};

#[test]
fn a_panic_leaves_a_report_without_its_message_and_core_dumps_are_off() {
    intake::hygiene::no_core_dumps();
    assert!(intake::hygiene::core_dumps_off());
    let dir = tempfile::tempdir().unwrap();
    intake::hygiene::on_panic(Texts::get(Lang::Ru), Some(dir.path().to_owned()), || {});
    // A panic the program catches (a decoder's, on a hostile image) is no crash.
    let expected = intake::hygiene::catching(|| panic!("a hostile image"));
    assert!(expected.is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let caught = std::panic::catch_unwind(|| {
        let name = "Дуйсенова Айгуль, 09.03.1985";
        panic!("cannot parse {name}");
    });
    assert!(caught.is_err());
    let _ = std::panic::take_hook();
    let reports: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(reports.len(), 1);
    let report = std::fs::read_to_string(reports[0].path()).unwrap();
    assert!(report.contains("crashed at tests/hygiene.rs:"), "{report}");
    assert!(
        !report.contains("Дуйсенова") && !report.contains("1985"),
        "{report}"
    );
}

/// The binary itself: a command runs with core dumps off.
#[cfg(target_os = "linux")]
#[test]
fn the_program_runs_with_core_dumps_off() {
    let dir = tempfile::tempdir().unwrap();
    // `intake init` waits on its passphrase file, a pipe nobody writes to
    // yet: seen from outside, in /proc, while it waits.
    let fifo = dir.path().join("passphrase");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--passphrase-file")
        .arg(&fifo)
        .args(["init", "--role", "field", "--worker", "A", "--org", "B"])
        .env_remove("INTAKE_PASSPHRASE")
        .env("INTAKE_LANG", "en")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let limits = format!("/proc/{}/limits", child.id());
    let mut seen = String::new();
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        seen = std::fs::read_to_string(&limits).unwrap_or_default();
        if seen
            .lines()
            .any(|l| l.starts_with("Max core file size") && l.contains(" 0 "))
        {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let core = seen
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>();
    assert_eq!(core.get(4..6), Some(&["0", "0"][..]), "{seen}");
}
