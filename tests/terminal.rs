//! The real binary in a real terminal (tmux): unlock, create a record with
//! Cyrillic names, `kill -9` while a name is half typed, start again and find
//! the typed text restored, then find the record by a Latin search.
//!
//! Needs tmux. `.ci/run` installs it; elsewhere, without tmux, the test says
//! so and passes (under `CI=true` it fails instead).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const PASS: &str = "a passphrase for tests";

/// A tmux server of the test's own (its own socket, so a developer's tmux
/// is not touched) with one session, killed when dropped.
struct Tmux {
    name: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.name])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend(keys);
        self.cmd(&args);
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", &self.name])
    }

    /// Waits until the screen shows `text` (up to 15 s).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn pane_pid(&self) -> String {
        self.cmd(&["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .trim()
            .to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.name, "kill-server"])
            .output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn intake_command(data: &Path) -> String {
    format!(
        "env -u INTAKE_PASSPHRASE INTAKE_DATA_DIR={} INTAKE_CONFIG_DIR={} INTAKE_LANG=en {}",
        data.display(),
        data.join("config").display(),
        env!("CARGO_BIN_EXE_intake")
    )
}

#[test]
fn a_record_typed_in_the_terminal_survives_kill_9_and_is_found_by_a_latin_search() {
    if !tmux_available() {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs tmux for this test (.ci/run installs it)"
        );
        eprintln!("tmux is not installed: the terminal test is skipped");
        return;
    }
    let dir = TempDir::new().unwrap();
    let init = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args([
            "init",
            "--role",
            "field",
            "--worker",
            "Нурлан",
            "--org",
            "Legal Aid",
        ])
        .env("INTAKE_DATA_DIR", dir.path())
        .env("INTAKE_CONFIG_DIR", dir.path().join("config"))
        .env("INTAKE_PASSPHRASE", PASS)
        .output()
        .unwrap();
    assert!(init.status.success());

    let tmux = Tmux {
        name: format!("intake-test-{}", std::process::id()),
    };
    let program = intake_command(dir.path());
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        &tmux.name,
        "-x",
        "80",
        "-y",
        "24",
        &program,
    ]);
    tmux.cmd(&["set-option", "-t", &tmux.name, "remain-on-exit", "on"]);
    tmux.cmd(&["set-option", "-g", "escape-time", "0"]);

    tmux.wait_for("Passphrase:");
    tmux.keys(&[PASS, "Enter"]);
    tmux.wait_for("No records yet.");
    tmux.keys(&["n"]);
    tmux.wait_for("new record");
    tmux.keys(&["PageDown"]);
    tmux.wait_for("Consent given:");
    tmux.keys(&["yes", "Tab"]);
    tmux.wait_for("Consent given by:");
    tmux.keys(&["PageDown"]);
    tmux.wait_for("Surname:");
    tmux.keys(&["Дуйсенова", "Tab", "Айгуль", "Tab"]);
    tmux.wait_for("Duisenova");
    tmux.keys(&["Серик"]);
    tmux.wait_for("Серик");

    // kill -9 in the middle of typing the patronymic.
    let pid = tmux.pane_pid();
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    while tmux
        .cmd(&["display-message", "-p", "-t", &tmux.name, "#{pane_dead}"])
        .trim()
        != "1"
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the process did not die"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.cmd(&["respawn-pane", "-t", &tmux.name, &program]);

    tmux.wait_for("Passphrase:");
    tmux.keys(&[PASS, "Enter"]);
    let screen = tmux.wait_for("Intake — Дуйсенова Айгуль");
    let patronymic = screen
        .lines()
        .find(|l| l.contains("Patronymic:"))
        .unwrap_or_default();
    assert!(
        patronymic.contains("›") && patronymic.contains("Серик"),
        "{screen}"
    );

    // Esc stores the field and shows the record, Esc again the list.
    tmux.keys(&["Escape"]);
    tmux.wait_for("History, newest first");
    tmux.keys(&["Escape"]);
    tmux.wait_for("1 record");
    tmux.keys(&["/", "aigul"]);
    let screen = tmux.wait_for("Дуйсенова Айгуль Серик");
    assert!(screen.contains("1 record"), "{screen}");
    tmux.keys(&["Enter", "q"]);
}
