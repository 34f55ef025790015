//! The `intake` command as a user runs it in the tests that drive the
//! command line: a data directory of its own, English unless told, the
//! tests' passphrase, and a field laptop made with `intake init`.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

/// The passphrase of the command-line tests' databases.
pub const PASS: &str = "a passphrase for tests";

/// `intake` on the data directory `dir`, unlocked with [`PASS`].
pub fn intake(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("intake").unwrap();
    cmd.env("INTAKE_DATA_DIR", dir)
        .env("INTAKE_CONFIG_DIR", dir.join("config"))
        .env("INTAKE_PASSPHRASE", PASS)
        .env_remove("INTAKE_LOG")
        .env("INTAKE_LANG", "en");
    cmd
}

/// A new database in a new directory, made by `intake init` in `role`.
pub fn initialised(role: &str, worker: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    intake(dir.path())
        .args(["init", "--role", role, "--worker", worker, "--org", "Legal Aid"])
        .assert()
        .success();
    dir
}
