//! What the benchmarks that run `intake` as its own process share: the
//! command with a bench data directory, under `/usr/bin/time -v` when
//! timed, and the peak memory it reports.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The passphrase of the benchmarks' databases.
pub const PASS: &str = "benchmark passphrase";

/// `intake` with the settings and data of `dir` (`dir/data`), under
/// `/usr/bin/time -v` when `timed` and that is installed.
pub fn intake(dir: &Path, timed: bool) -> Command {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if timed && time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(env!("CARGO_BIN_EXE_intake"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_intake"))
    };
    cmd.arg("--data-dir")
        .arg(dir.join("data"))
        .env("INTAKE_CONFIG_DIR", dir.join("config"))
        .env("INTAKE_PASSPHRASE", PASS)
        .env("INTAKE_LANG", "en")
        .env_remove("INTAKE_LOG");
    cmd
}

/// Peak memory in MB from what `/usr/bin/time -v` wrote, as a cell.
pub fn peak_rss(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|k| k.trim().parse::<u64>().ok())
        .map_or("(no /usr/bin/time)".to_owned(), |k| {
            format!("{:.0} MB", k as f64 / 1024.0)
        })
}

/// `intake init` of a field laptop in `dir`.
pub fn init(dir: &Path) {
    let out = intake(dir, false)
        .args([
            "init",
            "--role",
            "field",
            "--worker",
            "Bench",
            "--org",
            "Bench NGO",
        ])
        .output()
        .expect("run intake init");
    assert!(
        out.status.success(),
        "init: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
