//! Form definitions: the built-in form and the minimal one are accepted;
//! every file in `tests/forms/bad/` is refused with the line and reason its
//! first line names (`# expect line N: reason`), and with nothing else.

use intake::form::{self, Kind};
use intake::i18n::{Lang, Texts};
use std::path::Path;

#[test]
fn the_builtin_form_and_the_minimal_form_are_accepted() {
    let builtin = form::builtin().unwrap_or_else(|errors| panic!("{errors:?}"));
    assert_eq!(builtin.sections.len(), 11);
    let groups: Vec<&str> = builtin
        .fields()
        .filter(|f| f.kind == Kind::Repeat)
        .map(|f| f.id.as_str())
        .collect();
    for group in [
        "aliases",
        "parents",
        "household_members",
        "residence",
        "documents",
        "claims",
        "requests",
    ] {
        assert!(groups.contains(&group), "{group} missing");
    }
    let minimal = form::load_file(Path::new("tests/forms/minimal.toml"));
    assert!(minimal.is_ok(), "{:?}", minimal.err());
}

#[test]
fn every_bad_form_is_refused_with_its_line_and_reason() {
    let mut checked = 0;
    let mut files: Vec<_> = std::fs::read_dir("tests/forms/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        let (line, reason) = first
            .strip_prefix("# expect line ")
            .and_then(|rest| rest.split_once(": "))
            .unwrap_or_else(|| panic!("{}: first line must be `# expect line N: reason`", path.display()));
        let line: usize = line.parse().unwrap();
        let errors = match form::load_file(&path) {
            Ok(_) => panic!("{} was accepted", path.display()),
            Err(errors) => errors,
        };
        let en = Texts::get(Lang::En);
        for e in &errors {
            let shown = e.render(en);
            assert!(
                shown.contains(reason) && e.line == line,
                "{}: expected line {line}: {reason}\n got: {shown}",
                path.display()
            );
            assert!(
                shown.starts_with(&format!("{}:{line}: ", path.display())),
                "{shown}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} bad forms");
}

#[test]
fn a_replaced_form_may_bring_its_own_messages() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = std::fs::read_to_string("tests/forms/minimal.toml").unwrap();
    let with_new_field = minimal.replace(
        "  { id = \"status\"",
        "  { id = \"shoe_size\", type = \"integer\", min = 10, max = 60 },\n  { id = \"status\"",
    );
    let path = dir.path().join("form.toml");
    std::fs::write(&path, &with_new_field).unwrap();
    let errors = form::load_file(&path).unwrap_err();
    assert_eq!(errors.len(), 3, "missing in en, ru and kk: {errors:?}");
    for (lang, label) in [
        ("en", "Shoe size"),
        ("ru", "Размер обуви"),
        ("kk", "Аяқ киім өлшемі"),
    ] {
        std::fs::write(
            dir.path().join(format!("form.{lang}.ftl")),
            format!("field-shoe_size = {label}\n"),
        )
        .unwrap();
    }
    let form = form::load_file(&path).unwrap();
    let field = form.field("shoe_size").unwrap();
    assert_eq!(form.text(Texts::get(Lang::Ru), &field.label), "Размер обуви");
    assert_eq!(form.text(Texts::get(Lang::En), "field-surname"), "Surname");
}
