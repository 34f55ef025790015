//! The interview and case file of a demo person: who interviewed them and
//! how, the consent, where they lived, the nationality claim and the
//! workflow fields their status calls for, so that demo records look like
//! real ones and pass the form's checks. Dates count back from a fixed day
//! so that the same seed always gives the same people.

use super::set;
use crate::domain::{RecordId, Status};
use crate::store::{StoreError, Writer};
use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, RngCore};
use serde_json::json;

/// What the case file needs to know about the person.
pub(super) struct Person<'a> {
    pub id: RecordId,
    /// The name group (`kazakh`, `afghan`, …).
    pub group: &'a str,
    pub age: i32,
    pub birth_year: i32,
    pub oblast: Option<&'a str>,
    pub status: Status,
    /// A name for the mother (for minors).
    pub mother: &'a str,
}

const ORGANISATIONS: [&str; 3] = [
    "Sana Sezim",
    "Kazakhstan International Bureau for Human Rights",
    "Legal Aid Kazakhstan",
];
const INTERVIEWERS: [&str; 5] = ["Айгерим С.", "Нурлан Б.", "Елена К.", "Daniyar T.", "Гульнара М."];

fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default()
}

fn day(d: NaiveDate) -> serde_json::Value {
    json!(d.format("%Y-%m-%d").to_string())
}

/// A day `from` plus between `min` and `max` days, never after the reference day.
fn later(rng: &mut dyn RngCore, from: NaiveDate, min: i64, max: i64) -> NaiveDate {
    (from + Duration::days(rng.random_range(min..=max))).min(reference_day())
}

/// Writes the case file of a person whose status is past `identified`.
pub(super) fn write(w: &mut Writer<'_>, rng: &mut dyn RngCore, p: &Person<'_>) -> Result<(), StoreError> {
    let id = p.id;
    let (language, home) = match p.group {
        "kazakh" => ("kk", "KZ"),
        "uzbek" => ("uz", "UZ"),
        "tajik" => ("tg", "TJ"),
        "kyrgyz" => ("ky", "KG"),
        "uyghur" => ("ug", "KZ"),
        "afghan" => ("prs", "AF"),
        _ => ("ru", "KZ"),
    };
    let interviewed = later(rng, reference_day(), -700, -20);
    set(
        w,
        id,
        "organisation",
        json!(*ORGANISATIONS.choose(rng).unwrap_or(&ORGANISATIONS[0])),
    )?;
    set(
        w,
        id,
        "interviewer",
        json!(*INTERVIEWERS.choose(rng).unwrap_or(&INTERVIEWERS[0])),
    )?;
    set(w, id, "interview_date", day(interviewed))?;
    let modes = [
        "mobile_visit",
        "office",
        "referral_school",
        "referral_akimat",
        "hotline",
    ];
    set(
        w,
        id,
        "interview_mode",
        json!(*modes.choose(rng).unwrap_or(&modes[0])),
    )?;
    set(
        w,
        id,
        "interview_language",
        json!(if rng.random_bool(0.6) { "ru" } else { language }),
    )?;

    // Born in 2008 may still be 17: treat 18-year-olds as minors too.
    let minor = p.age <= 18;
    set(w, id, "consent_obtained", json!(true))?;
    set(
        w,
        id,
        "consent_given_by",
        json!(if minor { "parent" } else { "person" }),
    )?;
    if minor {
        set(w, id, "representative_name", json!(p.mother))?;
    }
    set(w, id, "consent_method", json!("signature"))?;
    for (purpose, yes) in [
        ("consent_legal_assistance", true),
        ("consent_share_authority", false),
        ("consent_share_unhcr", true),
        ("consent_follow_up", false),
        ("consent_statistics", true),
    ] {
        set(w, id, purpose, json!(yes))?;
    }
    if minor {
        w.add_entry(
            id,
            "parents",
            &[
                ("relation", json!("mother")),
                ("name", json!(p.mother)),
                (
                    "citizenship",
                    json!(if home == "KZ" { "unknown" } else { "other_state" }),
                ),
                ("citizenship_country", json!(home)),
            ],
        )?;
    }
    // Where they lived: since birth in Kazakhstan, or arrived later.
    let arrived = if home == "KZ" {
        p.birth_year
    } else {
        let earliest = p.birth_year.max(1992);
        rng.random_range(earliest..=earliest.max(2024))
    };
    let mut residence = vec![
        ("from_date", json!(arrived.to_string())),
        ("country", json!("KZ")),
        ("registered", json!(rng.random_bool(0.3))),
    ];
    if let Some(oblast) = p.oblast {
        residence.push(("oblast", json!(oblast)));
    }
    w.add_entry(id, "residence", &residence)?;
    w.add_entry(
        id,
        "claims",
        &[
            ("country", json!(home)),
            ("basis", json!([if home == "KZ" { "birth" } else { "descent" }])),
        ],
    )?;

    let after = |s: Status| p.status >= s && p.status != Status::Closed;
    if p.status != Status::Closed {
        // Some overdue, most due in the next two months.
        let due = reference_day() + Duration::days(rng.random_range(-30..=60));
        set(w, id, "next_action_date", day(due))?;
    }
    if after(Status::Assessed) {
        let pathway = match home {
            "KZ" => "confirm_kz_citizenship",
            "AF" => "asylum_referral",
            _ => "confirm_foreign_nationality",
        };
        set(w, id, "pathway", json!(pathway))?;
    }
    let filed = later(rng, interviewed, 30, 150);
    if after(Status::Filed) {
        set(w, id, "filed_authority", json!("Migration Service"))?;
        set(w, id, "filed_date", day(filed))?;
    }
    if after(Status::AwaitingForeignReply) {
        set(w, id, "foreign_enquiry_date", day(later(rng, filed, 0, 30)))?;
    }
    if after(Status::Decision) {
        let outcomes = [
            "kz_citizenship_confirmed",
            "stateless_recognised",
            "other_nationality_confirmed",
            "rejected",
        ];
        let outcome = *outcomes.choose(rng).unwrap_or(&outcomes[0]);
        set(w, id, "decision_outcome", json!(outcome))?;
        set(w, id, "decision_date", day(later(rng, filed, 30, 200)))?;
        if outcome == "rejected" {
            set(
                w,
                id,
                "appeal_deadline",
                day(reference_day() + Duration::days(rng.random_range(5..40))),
            )?;
        }
    }
    if matches!(p.status, Status::Documented | Status::FollowUp) {
        set(
            w,
            id,
            "documented_number",
            json!(format!("{:09}", rng.random_range(0..1_000_000_000))),
        )?;
    }
    if p.status == Status::Closed {
        let reasons = ["resolved", "moved", "lost_contact", "referred"];
        set(
            w,
            id,
            "closed_reason",
            json!(*reasons.choose(rng).unwrap_or(&reasons[0])),
        )?;
    }
    Ok(())
}
