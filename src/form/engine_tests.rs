//! The engine against the built-in campaign form.

use super::*;
use crate::form::{FieldError, builtin};
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn form() -> &'static Form {
    builtin().unwrap_or_else(|e| panic!("{e:?}"))
}

fn values(pairs: &[(&str, Value)]) -> Values {
    let mut v = Values::default();
    for (k, val) in pairs {
        v.fields.insert((*k).to_owned(), val.clone());
    }
    v
}

fn entry(id: &str, pairs: &[(&str, Value)]) -> EntryValues {
    EntryValues {
        id: id.to_owned(),
        values: pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
    }
}

fn paths(issues: &[Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.path.clone(), i.message.key.to_string()))
        .collect()
}

fn has(issues: &[Issue], path: &str, key: &str) -> bool {
    issues.iter().any(|i| i.path == path && i.message.key == key)
}

/// A complete adult record that passes every check.
fn complete_adult() -> Values {
    let mut v = values(&[
        ("organisation", json!("Sana Sezim")),
        ("interviewer", json!("A. Worker")),
        ("interview_date", json!("2026-11-20")),
        ("oblast", json!("KZ-75")),
        ("interview_mode", json!("office")),
        ("interview_language", json!("ru")),
        ("consent_obtained", json!(true)),
        ("consent_given_by", json!("person")),
        ("consent_method", json!("signature")),
        ("consent_legal_assistance", json!(true)),
        ("consent_share_authority", json!(false)),
        ("consent_share_unhcr", json!(true)),
        ("consent_follow_up", json!(false)),
        ("consent_statistics", json!(true)),
        ("surname", json!("Дуйсенова")),
        ("given_name", json!("Айгуль")),
        ("sex", json!("female")),
        ("birth_date", json!("1985-03-09")),
        ("category", json!("undetermined")),
        ("profile", json!("ussr_passport")),
        ("status", json!("intake_done")),
        ("next_action_date", json!("2026-12-01")),
    ]);
    v.groups.insert(
        "residence".into(),
        vec![entry(
            "r1",
            &[("from_date", json!("1985")), ("country", json!("KZ"))],
        )],
    );
    v.groups.insert(
        "claims".into(),
        vec![entry(
            "c1",
            &[("country", json!("KZ")), ("basis", json!(["birth"]))],
        )],
    );
    v
}

#[test]
fn a_complete_record_passes() {
    let issues = form().validate(&complete_adult(), Mode::Complete, today());
    assert!(issues.is_empty(), "{:?}", paths(&issues));
}

#[test]
fn drafts_may_be_incomplete_but_intake_done_needs_every_required_field() {
    let draft = values(&[("surname", json!("Ли")), ("consent_obtained", json!(true))]);
    assert_eq!(Mode::for_values(&draft), Mode::Draft);
    assert!(form().validate(&draft, Mode::Draft, today()).is_empty());
    let mut done = complete_adult();
    done.fields.remove("sex");
    done.groups.remove("residence");
    assert_eq!(Mode::for_values(&done), Mode::Complete);
    let issues = form().validate(&done, Mode::Complete, today());
    assert_eq!(
        paths(&issues),
        [
            ("sex".into(), "err-required".into()),
            ("residence".into(), "err-entries-min".into())
        ]
    );
}

#[test]
fn identifying_fields_are_hidden_until_consent_and_only_a_tally_is_kept_on_refusal() {
    let refused = values(&[
        ("consent_obtained", json!(false)),
        ("surname", json!("Иванов")),
        ("status", json!("intake_done")),
    ]);
    let relevance = form().relevance(&refused, today());
    for hidden in [
        "surname",
        "birth_date",
        "iin",
        "phone",
        "residence",
        "documents",
        "consent_method",
    ] {
        assert!(!relevance.shows(hidden), "{hidden} shown without consent");
    }
    for shown in [
        "anon_sex",
        "anon_age_band",
        "anon_category",
        "oblast",
        "interview_date",
        "status",
    ] {
        assert!(relevance.shows(shown), "{shown} hidden");
    }
    // Only the tally: no claim, no profile, no case work for a person who refused.
    for hidden in [
        "category",
        "profile",
        "claims",
        "specific_needs",
        "household_id",
        "next_action_date",
    ] {
        assert!(!relevance.shows(hidden), "{hidden} shown after a refusal");
    }
    let exported = form().relevant_values(&refused, today());
    assert!(
        !exported.fields.contains_key("surname"),
        "a hidden field is never exported"
    );
    let issues = form().validate(&refused, Mode::Complete, today());
    assert!(has(&issues, "anon_sex", "err-required"));
    assert!(
        !issues.iter().any(|i| i.path == "sex" || i.path == "surname"),
        "hidden fields are not required"
    );
}

#[test]
fn spouse_fields_appear_only_for_married_people() {
    let mut v = complete_adult();
    v.fields.insert("spouse_name".into(), json!("Серик"));
    v.fields.insert("marital_status".into(), json!("single"));
    assert!(!form().relevance(&v, today()).shows("spouse_name"));
    assert!(
        !form()
            .relevant_values(&v, today())
            .fields
            .contains_key("spouse_name")
    );
    v.fields.insert("marital_status".into(), json!("married"));
    assert!(form().relevance(&v, today()).shows("spouse_name"));
    assert_eq!(
        form().relevant_values(&v, today()).fields.get("spouse_name"),
        Some(&json!("Серик"))
    );
}

#[test]
fn parents_are_required_for_children_only() {
    let mut child = complete_adult();
    child.fields.insert("birth_date".into(), json!("2015-06-07"));
    let issues = form().validate(&child, Mode::Complete, today());
    assert!(has(&issues, "parents", "err-entries-min"), "{:?}", paths(&issues));
    child.groups.insert(
        "parents".into(),
        vec![entry(
            "p1",
            &[
                ("relation", json!("mother")),
                ("name", json!("Айгуль")),
                ("citizenship", json!("other_state")),
            ],
        )],
    );
    let issues = form().validate(&child, Mode::Complete, today());
    assert_eq!(
        paths(&issues),
        [("parents/p1/citizenship_country".into(), "err-required".into())]
    );
    // An estimated age counts too; an unknown age does not make parents required.
    let mut estimated = complete_adult();
    estimated.fields.insert("birth_date".into(), json!("~2016"));
    assert!(has(
        &form().validate(&estimated, Mode::Complete, today()),
        "parents",
        "err-entries-min"
    ));
    assert!(!has(
        &form().validate(&complete_adult(), Mode::Complete, today()),
        "parents",
        "err-entries-min"
    ));
}

#[test]
fn repeat_entries_are_checked_with_their_own_paths() {
    let mut v = complete_adult();
    v.groups.insert(
        "documents".into(),
        vec![
            entry(
                "d1",
                &[
                    ("doc_type", json!("kz_id_card")),
                    ("number", json!("12345")),
                    ("issue_date", json!("2015-05-10")),
                    ("expiry_date", json!("2015-04-01")),
                    ("doc_status", json!("copy")),
                ],
            ),
            entry(
                "d2",
                &[
                    ("doc_type", json!("foreign_passport")),
                    ("doc_status", json!("lost")),
                ],
            ),
        ],
    );
    v.groups.insert(
        "residence".into(),
        vec![entry(
            "r1",
            &[
                ("from_date", json!("2001-05")),
                ("to_date", json!("2000")),
                ("country", json!("KZ")),
            ],
        )],
    );
    let issues = form().validate(&v, Mode::Complete, today());
    assert_eq!(
        paths(&issues),
        [
            ("residence/r1/to_date".into(), "err-period-order".into()),
            ("documents/d1/number".into(), "err-number-id-card".into()),
            (
                "documents/d1/expiry_date".into(),
                "err-expiry-before-issue".into()
            ),
            ("documents/d2/doc_country".into(), "err-required".into()),
        ]
    );
    // In the same month an expiry cannot be told to be earlier: benefit of the doubt.
    v.groups.get_mut("documents").unwrap()[0]
        .values
        .insert("expiry_date".into(), json!("2015-05"));
    assert!(!has(
        &form().validate(&v, Mode::Complete, today()),
        "documents/d1/expiry_date",
        "err-expiry-before-issue"
    ));
}

#[test]
fn a_ussr_passport_as_the_only_identity_document_warns_without_blocking() {
    let mut v = complete_adult();
    let passport = entry(
        "d1",
        &[
            ("doc_type", json!("ussr_passport_1974")),
            ("number", json!("IV-ЖЕ 123456")),
            ("doc_status", json!("original_seen")),
        ],
    );
    v.groups.insert("documents".into(), vec![passport.clone()]);
    let issues = form().validate(&v, Mode::Complete, today());
    assert_eq!(
        paths(&issues),
        [("documents".into(), "warn-ussr-passport-only".into())]
    );
    assert_eq!(issues[0].level, Level::Warning);
    let id_card = entry(
        "d2",
        &[
            ("doc_type", json!("kz_id_card")),
            ("number", json!("012345678")),
            ("doc_status", json!("copy")),
        ],
    );
    v.groups.insert("documents".into(), vec![passport, id_card]);
    assert!(form().validate(&v, Mode::Complete, today()).is_empty());
}

#[test]
fn the_iin_must_agree_with_birth_date_and_sex() {
    let mut v = complete_adult();
    // 850309 4 0001 2: female born in the 1900s; 8·1+5·2+3·4+9·6+4·7+1·11 = 123, 123 mod 11 = 2.
    let iin = "850309400012";
    assert!(values::check_iin(iin).is_ok(), "test IIN must be valid");
    v.fields.insert("iin".into(), json!(iin));
    assert!(form().validate(&v, Mode::Complete, today()).is_empty());
    v.fields.insert("sex".into(), json!("male"));
    v.fields.insert("birth_date".into(), json!("1985-03-10"));
    let issues = form().validate(&v, Mode::Complete, today());
    assert_eq!(
        paths(&issues),
        [
            ("iin".into(), "err-iin-birth".into()),
            ("iin".into(), "err-iin-sex".into())
        ]
    );
    v.fields.insert("iin".into(), json!("850309400013"));
    assert_eq!(
        paths(&form().validate(&v, Mode::Complete, today())),
        [("iin".into(), "err-iin".into())]
    );
}

#[test]
fn the_phone_is_kept_only_with_consent_to_follow_up() {
    let mut v = complete_adult();
    v.fields.insert("phone".into(), json!("+77012345678"));
    assert!(!form().relevance(&v, today()).shows("phone"));
    v.fields.insert("consent_follow_up".into(), json!(true));
    assert!(form().relevance(&v, today()).shows("phone"));
    v.fields.insert("phone".into(), json!("12345"));
    assert!(has(
        &form().validate(&v, Mode::Draft, today()),
        "phone",
        "err-phone"
    ));
}

#[test]
fn residence_on_1_march_1992_is_worked_out_from_the_history() {
    let shown = |rows: Vec<EntryValues>| {
        let mut v = complete_adult();
        v.groups.insert("residence".into(), rows);
        let scope = form().scope(&v, today());
        form()
            .field("resident_1992")
            .unwrap()
            .calculate
            .as_ref()
            .unwrap()
            .value(&scope)
    };
    let kz = |from: &str, to: Option<&str>| {
        let mut pairs = vec![("from_date", json!(from)), ("country", json!("KZ"))];
        if let Some(t) = to {
            pairs.push(("to_date", json!(t)));
        }
        entry("r", &pairs)
    };
    assert_eq!(shown(vec![kz("1980", None)]), Some(json!(true)));
    assert_eq!(shown(vec![kz("1980", Some("1991-12"))]), Some(json!(false)));
    assert_eq!(shown(vec![kz("1993", None)]), Some(json!(false)));
    assert_eq!(
        shown(vec![kz("1992", None)]),
        Some(json!(false)),
        "a year-only 1992 may be after March: not certain, so not yes"
    );
    assert_eq!(shown(vec![kz("1992-02", None)]), Some(json!(true)));
    assert_eq!(
        shown(vec![kz("1975", Some("1992"))]),
        Some(json!(false)),
        "may have left before March"
    );
}

#[test]
fn foreign_reply_warnings_come_at_month_five_and_six() {
    let mut v = complete_adult();
    for (k, val) in [
        ("status", json!("awaiting_foreign_reply")),
        ("pathway", json!("confirm_foreign_nationality")),
        ("filed_authority", json!("Consulate of Uzbekistan")),
        ("filed_date", json!("2026-05-01")),
    ] {
        v.fields.insert(k.into(), val);
    }
    let warnings = |sent: &str| {
        let mut v = v.clone();
        v.fields.insert("foreign_enquiry_date".into(), json!(sent));
        paths(&form().validate(&v, Mode::Complete, today()))
    };
    assert!(warnings("2026-08-01").is_empty());
    assert_eq!(
        warnings("2026-06-10"),
        [("foreign_enquiry_date".into(), "warn-foreign-reply-5".into())]
    );
    assert_eq!(
        warnings("2026-05-10"),
        [("foreign_enquiry_date".into(), "warn-foreign-reply-6".into())]
    );
}

#[test]
fn typed_values_are_read_by_id_or_label_in_any_language() {
    let f = form();
    let field = |id| f.field(id).unwrap();
    let read = |id, s: &str| f.parse_input(field(id), s, today());
    assert_eq!(read("sex", "Female"), Ok(Some(json!("female"))));
    assert_eq!(read("sex", "женский"), Ok(Some(json!("female"))));
    assert_eq!(read("interpreter_used", "да"), Ok(Some(json!(true))));
    assert_eq!(read("interpreter_used", "Yes"), Ok(Some(json!(true))));
    assert_eq!(read("interpreter_used", "no"), Ok(Some(json!(false))));
    assert_eq!(read("interpreter_used", "Нет"), Ok(Some(json!(false))));
    assert_eq!(read("interpreter_used", "жоқ"), Ok(Some(json!(false))));
    assert_eq!(read("interpreter_used", "иә"), Ok(Some(json!(true))));
    assert_eq!(
        read("languages_spoken", "казахский, ru"),
        Ok(Some(json!(["kk", "ru"])))
    );
    assert_eq!(read("birth_country", "Узбекская ССР"), Ok(Some(json!("UZ"))));
    assert_eq!(read("oblast", "Целиноград"), Ok(Some(json!("KZ-71"))));
    assert_eq!(read("birth_date", "~40"), Ok(Some(json!("~1986"))));
    assert_eq!(
        read("interview_date", "2026-11"),
        Err(FieldError::Precision("2026-11".into()))
    );
    assert_eq!(
        read("specific_needs", "disability; single_parent"),
        Ok(Some(json!(["disability", "single_parent"])))
    );
    assert!(matches!(read("sex", "x"), Err(FieldError::Choice(_))));
    // The start of exactly one label is enough; of several, it is not.
    let doc = f.field("documents").unwrap().field("doc_type").unwrap();
    assert_eq!(
        f.parse_input(doc, "паспорт СССР", today()),
        Ok(Some(json!("ussr_passport_1974")))
    );
    assert!(matches!(
        f.parse_input(doc, "паспорт", today()),
        Err(FieldError::Choice(_))
    ));
    assert_eq!(read("surname", "  "), Ok(None));
}

#[test]
fn latin_names_are_suggested_from_cyrillic() {
    assert_eq!(suggest_latin("Дуйсенова"), "Duisenova");
    assert_eq!(suggest_latin("ЖҰМАБАЕВ"), "Zhumabaev");
    assert_eq!(suggest_latin("Әлімжан-Ұлы"), "Alimzhan-Uly");
    let mut v = values(&[
        ("surname", json!("Қасымов")),
        ("given_name", json!("Ерлан")),
        ("given_name_latin", json!("Yerlan")),
    ]);
    assert!(
        form().latin_suggestions(&v, today()).is_empty(),
        "no suggestion before consent"
    );
    v.fields.insert("consent_obtained".into(), json!(true));
    assert_eq!(
        form().latin_suggestions(&v, today()),
        [("surname_latin".to_owned(), "Kasymov".to_owned())]
    );
}

#[test]
fn stored_values_from_elsewhere_are_checked_by_kind() {
    let mut v = complete_adult();
    v.fields.insert("sex".into(), json!("unknown"));
    v.fields.insert("oblast".into(), json!("Almaty"));
    v.fields.insert("interpreter_used".into(), json!("yes"));
    let issues = form().validate(&v, Mode::Draft, today());
    assert_eq!(
        paths(&issues),
        [
            ("oblast".into(), "err-region".into()),
            ("interpreter_used".into(), "err-yes-no".into()),
            ("sex".into(), "err-choice".into()),
        ]
    );
}

#[test]
fn hidden_entry_fields_are_empty_for_later_rules() {
    let mut v = complete_adult();
    // A child's birth-certificate answer left on a member later recorded as a spouse.
    v.groups.insert(
        "household_members".into(),
        vec![entry(
            "m1",
            &[
                ("name", json!("Серик")),
                ("relationship", json!("spouse")),
                ("birth_certificate", json!(false)),
            ],
        )],
    );
    let issues = form().validate(&v, Mode::Complete, today());
    assert!(
        !has(&issues, "household_members", "warn-child-no-birth-certificate"),
        "{:?}",
        paths(&issues)
    );
    v.groups.get_mut("household_members").unwrap()[0]
        .values
        .insert("relationship".into(), json!("child"));
    let issues = form().validate(&v, Mode::Complete, today());
    assert!(
        has(&issues, "household_members", "warn-child-no-birth-certificate"),
        "{:?}",
        paths(&issues)
    );
}

#[test]
fn residence_on_1_march_1992_is_shown_only_with_a_history() {
    let mut v = complete_adult();
    assert!(form().relevance(&v, today()).shows("resident_1992"));
    v.fields.insert("consent_obtained".into(), json!(false));
    assert!(
        !form().relevance(&v, today()).shows("resident_1992"),
        "no history without consent"
    );
}

#[test]
fn a_refusal_is_complete_with_the_interview_and_the_anonymous_tally() {
    let refused = values(&[
        ("organisation", json!("Sana Sezim")),
        ("interviewer", json!("A. Worker")),
        ("interview_date", json!("2026-11-20")),
        ("oblast", json!("KZ-75")),
        ("interview_mode", json!("office")),
        ("interview_language", json!("ru")),
        ("consent_obtained", json!(false)),
        ("anon_sex", json!("female")),
        ("anon_age_band", json!("age_18_59")),
        ("anon_category", json!("undetermined")),
        ("status", json!("closed")),
    ]);
    let issues = form().validate(&refused, Mode::Complete, today());
    assert!(issues.is_empty(), "{:?}", paths(&issues));
}

#[test]
fn calculated_values_are_exported_when_shown() {
    let mut v = complete_adult();
    v.groups.insert(
        "residence".into(),
        vec![entry(
            "r1",
            &[("from_date", json!("1980")), ("country", json!("KZ"))],
        )],
    );
    let exported = form().relevant_values(&v, today());
    assert_eq!(exported.fields.get("resident_1992"), Some(&json!(true)));
}

#[test]
fn identifying_fields_inside_a_group_wait_for_consent_too() {
    let minimal = include_str!("../../tests/forms/minimal.toml");
    let source = minimal
        .replace(
            "version = 1\n",
            "version = 1\nconsent = \"consent_obtained == true\"\n",
        )
        .replace(
            "  { id = \"status\"",
            "  { id = \"consent_obtained\", type = \"yes-no\", label = \"field-consent_obtained\" },\n  \
         { id = \"documents\", type = \"repeat\", label = \"field-documents\", field = [\n    \
         { id = \"number\", type = \"text\", identifying = true, label = \"field-documents-number\" },\n    \
         { id = \"issuer\", type = \"text\", label = \"field-documents-issuer\" }] },\n  { id = \"status\"",
        );
    let form = crate::form::load(&source, "test", &[]).unwrap_or_else(|e| panic!("{e:?}"));
    let mut v = values(&[("consent_obtained", json!(false))]);
    v.groups.insert(
        "documents".into(),
        vec![entry("d1", &[("number", json!("N1")), ("issuer", json!("МВД"))])],
    );
    let relevance = form.relevance(&v, today());
    assert!(!relevance.shows("documents/d1/number"));
    assert!(relevance.shows("documents/d1/issuer"));
    let exported = form.relevant_values(&v, today());
    assert_eq!(exported.groups["documents"][0].values.len(), 1);
}

#[test]
fn defaults_start_a_new_record_and_names_respect_their_length() {
    assert_eq!(
        form().new_record_values().fields.get("status"),
        Some(&json!("identified"))
    );
    let surname = form().field("surname").unwrap();
    let long = "А".repeat(201);
    assert_eq!(
        form().parse_input(surname, &long, today()),
        Err(FieldError::Text(200))
    );
}

#[test]
fn document_numbers_are_accepted_as_people_type_them() {
    let docs = |doc_type: &str, number: &str| {
        let mut v = complete_adult();
        v.groups.insert(
            "documents".into(),
            vec![
                entry(
                    "d1",
                    &[
                        ("doc_type", json!(doc_type)),
                        ("number", json!(number)),
                        ("doc_status", json!("copy")),
                    ],
                ),
                entry(
                    "d2",
                    &[
                        ("doc_type", json!("kz_id_card")),
                        ("number", json!("012345678")),
                        ("doc_status", json!("copy")),
                    ],
                ),
            ],
        );
        paths(&form().validate(&v, Mode::Complete, today()))
    };
    for number in ["N12345678", "Н12345678", "n 12345678"] {
        assert!(docs("kz_passport", number).is_empty(), "{number}");
    }
    assert_eq!(
        docs("kz_passport", "12345678"),
        [("documents/d1/number".into(), "err-number-passport".into())]
    );
    for number in ["IV-ЖЕ 123456", "ХІ-АБ № 123456", "iv же 123456"] {
        assert!(docs("ussr_passport_1974", number).is_empty(), "{number}");
    }
}
