//! `intake assign` as a coordinator runs it: a referral list imported on
//! the coordinator's computer, part of it assigned to one field laptop by
//! a search, the return bundle carrying those records to that laptop and
//! to no other, and refusals in the user's language with nothing written.

#[path = "common/cli.rs"]
mod cli;
use cli::{initialised, intake};

use predicates::prelude::*;
use std::path::Path;

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// The line of `intake keys` that starts with `what`, its value.
fn key_line(dir: &Path, starts: &str) -> String {
    let keys = stdout(intake(dir).arg("keys"));
    keys.lines()
        .map(str::trim)
        .find(|l| l.starts_with(starts))
        .map(|l| l.split_whitespace().last().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no {starts} in {keys}"))
}

/// A field laptop pinned to `coordinator`, its first bundle merged there.
fn enrolled_laptop(coordinator: &Path, worker: &str) -> (tempfile::TempDir, String) {
    let laptop = initialised("field", worker);
    let enrolment = key_line(coordinator, "intake-coordinator1");
    intake(laptop.path())
        .args(["keys", "set-coordinator", &enrolment])
        .assert()
        .success();
    let bundle = laptop.path().join("first.bundle");
    intake(laptop.path())
        .args(["export", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    intake(coordinator)
        .args(["import", "--trust-new-devices"])
        .arg(&bundle)
        .assert()
        .success();
    let device = key_line(laptop.path(), "device");
    (laptop, device)
}

#[test]
fn a_referral_list_assigned_by_search_reaches_that_laptop_only() {
    let coordinator = initialised("coordinator", "Айгерим");
    let (nurlan, nurlan_id) = enrolled_laptop(coordinator.path(), "Нурлан");
    let (dana, dana_id) = enrolled_laptop(coordinator.path(), "Dana");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/referral-list.csv");
    intake(coordinator.path())
        .arg("import-csv")
        .arg(&list)
        .assert()
        .success();
    let said = stdout(intake(coordinator.path()).env("INTAKE_LANG", "ru").args([
        "assign",
        "--to",
        &nurlan_id[nurlan_id.len() - 8..],
        "--search",
        "Дуйсенова",
    ]));
    assert!(
        said.contains("Передано устройству") && said.contains(": 1;"),
        "{said}"
    );
    for (laptop, id, expected) in [(&nurlan, &nurlan_id, 1), (&dana, &dana_id, 0)] {
        let back = laptop.path().join("back.bundle");
        intake(coordinator.path())
            .args(["export", "--for", id, "--out"])
            .arg(&back)
            .assert()
            .success();
        intake(laptop.path()).arg("import").arg(&back).assert().success();
        let found =
            stdout(intake(laptop.path()).args(["records", "--search", "Duisenova", "--format", "csv"]));
        assert_eq!(found.lines().count() - 1, expected, "{found}");
    }
    // A list straight into Dana's caseload.
    let header = "reference,surname,given_name,sex,birth_date\n";
    let for_dana = coordinator.path().join("for-dana.csv");
    std::fs::write(
        &for_dana,
        format!("{header}HOT-1,Аманова,Гульнара,female,1990\nHOT-2,Rahimi,Nasrin,female,1987-05\n"),
    )
    .unwrap();
    let said = stdout(
        intake(coordinator.path())
            .args(["assign", "--to", &dana_id, "--file"])
            .arg(&for_dana),
    );
    assert!(said.contains("2 records assigned"), "{said}");
    let back = dana.path().join("back2.bundle");
    intake(coordinator.path())
        .args(["export", "--for", &dana_id, "--out"])
        .arg(&back)
        .assert()
        .success();
    intake(dana.path()).arg("import").arg(&back).assert().success();
    let found = stdout(intake(dana.path()).args(["records", "--format", "csv"]));
    assert_eq!(found.lines().count() - 1, 2, "{found}");
    assert!(found.contains("Rahimi"), "{found}");
    // Refused: nothing matches; an unknown device; on a field laptop.
    intake(coordinator.path())
        .env("INTAKE_LANG", "kk")
        .args([
            "assign",
            "--to",
            &nurlan_id[nurlan_id.len() - 8..],
            "--search",
            "nobody-like-this",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("бірде-бір жазба сәйкес келмейді"));
    intake(coordinator.path())
        .args(["assign", "--to", "ffffffff", "--status", "identified"])
        .assert()
        .code(1);
    intake(nurlan.path())
        .env("INTAKE_LANG", "ru")
        .args([
            "assign",
            "--to",
            &dana_id[dana_id.len() - 8..],
            "--status",
            "identified",
        ])
        .assert()
        .code(1);
    intake(coordinator.path())
        .args(["devices", "revoke", &dana_id, "--reason", "lost"])
        .assert()
        .success();
    intake(coordinator.path())
        .env("INTAKE_LANG", "ru")
        .args(["assign", "--to", &dana_id, "--oblast", "KZ-75"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("отозвано"));
    // A list for a revoked laptop is not imported either.
    let before = stdout(intake(coordinator.path()).args(["records", "--format", "csv"]));
    let late = coordinator.path().join("late.csv");
    std::fs::write(&late, format!("{header}HOT-3,Садыкова,Мадина,female,1999\n")).unwrap();
    intake(coordinator.path())
        .args(["assign", "--to", &dana_id, "--file"])
        .arg(&late)
        .assert()
        .code(1);
    assert_eq!(
        stdout(intake(coordinator.path()).args(["records", "--format", "csv"])),
        before
    );
}
