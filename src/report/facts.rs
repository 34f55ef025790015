//! What the statistics need to know about one record, read from its current
//! values, and the rules that turn it into a category, an outcome and an age
//! band at a date.

use crate::domain::{RecordId, Status};
use crate::form::PreciseDate;
use chrono::{DateTime, Months, NaiveDate};
use serde_json::{Map, Value};

/// A case counts as long-pending when it was identified more than this long
/// before the report date without an outcome.
pub const PENDING_MONTHS: u32 = 6;

/// The outcome rows of the reports, in the order they are shown. One per
/// person, the first that applies (see [`Facts::outcome_on`]).
pub const OUTCOMES: [&str; 9] = [
    "citizenship_confirmed",
    "citizenship_acquired",
    "other_nationality_confirmed",
    "documented_stateless",
    "refugee_recognised",
    "births_registered",
    "rejected_or_appeal",
    "pending_over_6_months",
    "pending",
];
/// The outcome of a case closed without a decision (moved, lost contact…).
pub const CLOSED_WITHOUT_OUTCOME: &str = "closed_without_outcome";
/// The "outcome" of a refusal of consent: no case, only the anonymous tally.
pub const CONSENT_REFUSED: &str = "consent_refused";
/// The outcome of a record erased when consent was withdrawn: its case
/// fields are gone.
pub const CONSENT_WITHDRAWN: &str = "consent_withdrawn";

/// Outcomes that settle the person's nationality: they leave the population
/// of concern.
pub const NATIONALITY_CONFIRMED: [&str; 3] = [
    "citizenship_confirmed",
    "citizenship_acquired",
    "other_nationality_confirmed",
];

/// The category rows: the form's categories, then people whose nationality
/// was confirmed, then those with no category yet.
pub const CATEGORIES: [&str; 6] = [
    "stateless",
    "undetermined",
    "asylum_seeker",
    "refugee",
    "nationality_confirmed",
    "unknown",
];

/// What the reports read from one record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The record.
    pub id: Option<RecordId>,
    /// Who recorded it (the author of its first change).
    pub worker: Option<String>,
    /// When the person was identified: the interview date, or else the day
    /// the record was made.
    pub identified: Option<NaiveDate>,
    /// The preliminary category (or the anonymous tally's, after a refusal).
    pub category: Option<String>,
    /// The case status.
    pub status: Option<String>,
    /// The case pathway.
    pub pathway: Option<String>,
    /// The decision's outcome (the form's `outcome` list).
    pub decision: Option<String>,
    /// When the decision was taken.
    pub decided: Option<NaiveDate>,
    /// When the case was filed.
    pub filed: Option<NaiveDate>,
    /// When the next action is due.
    pub next_action: Option<NaiveDate>,
    /// Oblast or city (ISO 3166-2:KZ).
    pub oblast: Option<String>,
    /// `female`, `male` (the person's or the anonymous tally's).
    pub sex: Option<String>,
    /// The birth date with its precision.
    pub birth: Option<PreciseDate>,
    /// The anonymous tally's age band, when there is no birth date.
    pub age_band: Option<String>,
    /// Country of birth.
    pub birth_country: Option<String>,
    /// The states the person claims a link to, each once.
    pub claims: Vec<String>,
    /// The profile.
    pub profile: Option<String>,
    /// Specific needs.
    pub needs: Vec<String>,
    /// Records confirmed to be the same person.
    pub same_as: Vec<RecordId>,
    /// The person said no to the use of their data in anonymous statistics.
    pub statistics_refused: bool,
    /// Consent was refused: the record is an anonymous tally, not a case.
    pub consent_refused: bool,
    /// Consent was withdrawn and the record erased: only the anonymous
    /// counts and the status are left.
    pub erased: bool,
    /// Why a closed case was closed.
    pub closed_reason: Option<String>,
}

impl Facts {
    /// Reads a record's current values.
    pub fn read(id: RecordId, worker: Option<&str>, values: &Map<String, Value>) -> Facts {
        let text = |f: &str| values.get(f).and_then(Value::as_str).map(str::to_owned);
        let date = |f: &str| {
            values
                .get(f)
                .and_then(Value::as_str)
                .and_then(|s| PreciseDate::parse_stored(s, NaiveDate::MIN))
                // An imprecise date counts from its last possible day: the
                // event has surely happened by then.
                .map(|d| d.latest())
        };
        let mut claims = Vec::new();
        let mut same_as = Vec::new();
        let mut removed = Vec::new();
        for (path, value) in values {
            let mut parts = path.split('/');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("claims"), Some(entry), Some("country")) => {
                    if let Some(c) = value.as_str() {
                        claims.push((entry, c.to_owned()));
                    }
                }
                (Some("claims"), Some(entry), Some("_deleted")) if value == &Value::Bool(true) => {
                    removed.push(entry);
                }
                (Some(crate::domain::FieldPath::LINKS), Some(other), Some("verdict")) => {
                    if value.as_str() == Some(crate::dedup::Verdict::Same.as_str())
                        && let Ok(other) = other.parse()
                    {
                        same_as.push(other);
                    }
                }
                _ => {}
            }
        }
        let mut claims: Vec<String> = claims
            .into_iter()
            .filter(|(entry, _)| !removed.contains(entry))
            .map(|(_, c)| c)
            .collect();
        claims.sort();
        claims.dedup();
        let needs = values
            .get("specific_needs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        Facts {
            id: Some(id),
            worker: worker.map(str::to_owned),
            identified: date("interview_date").or_else(|| created_on(id)),
            category: text("category").or_else(|| text("anon_category")),
            status: text("status"),
            pathway: text("pathway"),
            decision: text("decision_outcome"),
            decided: date("decision_date"),
            filed: date("filed_date"),
            next_action: date("next_action_date"),
            oblast: text("oblast"),
            sex: text("sex").or_else(|| text("anon_sex")),
            birth: text("birth_date").and_then(|s| PreciseDate::parse_stored(&s, NaiveDate::MIN)),
            age_band: text("anon_age_band"),
            birth_country: text("birth_country"),
            claims,
            profile: text("profile"),
            needs,
            same_as,
            statistics_refused: values.get("consent_statistics") == Some(&Value::Bool(false)),
            consent_refused: values.get("consent_obtained") == Some(&Value::Bool(false)),
            erased: values.get(crate::domain::FieldPath::ERASED) == Some(&Value::Bool(true)),
            closed_reason: text("closed_reason"),
        }
    }

    /// Reads a record's current values from their stored JSON, parsing only
    /// the fields the statistics read (the names, documents and the rest
    /// are skipped, which makes reading every record about a third faster).
    pub fn from_json(id: RecordId, worker: Option<&str>, json: &str) -> Result<Facts, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let wanted = serde::de::Deserializer::deserialize_map(&mut de, Wanted)?;
        de.end()?;
        Ok(Facts::read(id, worker, &wanted))
    }

    /// Whether the person was identified on or before `day`.
    pub fn identified_by(&self, day: NaiveDate) -> bool {
        self.identified.is_some_and(|d| d <= day)
    }

    /// The age band on `day` (an id of the form's `age_band` list): from
    /// the birth date with its precision, else the anonymous tally's.
    pub fn age_band_on(&self, day: NaiveDate) -> String {
        match &self.birth {
            Some(birth) => birth.age_band_on(day).to_owned(),
            None => self.age_band.clone().unwrap_or_else(|| "unknown".to_owned()),
        }
    }

    fn status_is(&self, status: &str) -> bool {
        self.status.as_deref() == Some(status)
    }

    /// Whether the case is still open: not closed, and a case at all (a
    /// refusal of consent is a tally; an erased record has no case left).
    pub fn is_open(&self) -> bool {
        !self.status_is("closed") && !self.consent_refused && !self.erased
    }

    /// The case's outcome on `day`: one of [`OUTCOMES`], or
    /// [`CLOSED_WITHOUT_OUTCOME`], [`CONSENT_REFUSED`], [`CONSENT_WITHDRAWN`].
    /// A decision counts from its date (an undated decision counts at once);
    /// a birth registration is a case on the birth-registration pathway that
    /// reached `documented` (or was closed as resolved after it).
    pub fn outcome_on(&self, day: NaiveDate) -> &'static str {
        if self.erased {
            return CONSENT_WITHDRAWN;
        }
        if self.consent_refused {
            return CONSENT_REFUSED;
        }
        let decided = self.decided.is_none_or(|d| d <= day);
        let documented = self.status_is("documented")
            || self.status_is("follow_up")
            || (self.status_is("closed") && self.closed_reason.as_deref() == Some("resolved"));
        if decided && self.pathway.as_deref() == Some("birth_registration") && documented {
            return "births_registered";
        }
        let decision = if decided { self.decision.as_deref() } else { None };
        match decision {
            Some("kz_citizenship_confirmed") => return "citizenship_confirmed",
            Some("citizenship_acquired") => return "citizenship_acquired",
            Some("other_nationality_confirmed") => return "other_nationality_confirmed",
            Some("stateless_recognised") => return "documented_stateless",
            Some("refugee_recognised") => return "refugee_recognised",
            Some("rejected") => return "rejected_or_appeal",
            _ => {}
        }
        if self.status_is("appeal") {
            return "rejected_or_appeal";
        }
        if !self.is_open() {
            return CLOSED_WITHOUT_OUTCOME;
        }
        // More than six months: identified before the day six months back.
        let long_ago = day.checked_sub_months(Months::new(PENDING_MONTHS));
        match (self.identified, long_ago) {
            (Some(identified), Some(limit)) if identified < limit => "pending_over_6_months",
            _ => "pending",
        }
    }

    /// The category on `day` (one of [`CATEGORIES`]): a recognised status
    /// replaces the preliminary category, a confirmed nationality ends it.
    pub fn category_on(&self, day: NaiveDate) -> &'static str {
        match self.outcome_on(day) {
            o if NATIONALITY_CONFIRMED.contains(&o) => "nationality_confirmed",
            "documented_stateless" => "stateless",
            "refugee_recognised" => "refugee",
            _ => CATEGORIES
                .iter()
                .find(|c| self.category.as_deref() == Some(**c))
                .copied()
                .unwrap_or("unknown"),
        }
    }

    /// How far the case went, to choose which of a person's records speaks
    /// for them: the status's place in the workflow.
    pub fn progress(&self) -> usize {
        let place = self
            .status
            .as_deref()
            .and_then(|s| Status::ALL.iter().position(|o| o.as_str() == s))
            .map_or(0, |p| p + 1);
        place + usize::from(self.decision.is_some()) * Status::ALL.len()
    }
}

/// The day a record was made, from its time-ordered (UUIDv7) id.
fn created_on(id: RecordId) -> Option<NaiveDate> {
    let (secs, _) = id.0.get_timestamp()?.to_unix();
    DateTime::from_timestamp(i64::try_from(secs).ok()?, 0).map(|t| t.date_naive())
}

/// The fields [`Facts::read`] looks at.
const READ: [&str; 20] = [
    "interview_date",
    "category",
    "anon_category",
    "status",
    "pathway",
    "decision_outcome",
    "decision_date",
    "filed_date",
    "next_action_date",
    "oblast",
    "sex",
    "anon_sex",
    "birth_date",
    "anon_age_band",
    "birth_country",
    "profile",
    "specific_needs",
    "consent_obtained",
    "consent_statistics",
    "closed_reason",
];

/// Keeps the values [`Facts::read`] needs from a JSON object of current
/// values and skips the others without building them.
struct Wanted;

impl<'de> serde::de::Visitor<'de> for Wanted {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record's current values")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kept = Map::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let wanted = READ.contains(&key.as_ref())
                || key == crate::domain::FieldPath::ERASED
                || key.starts_with("claims/")
                || key.starts_with(crate::domain::FieldPath::LINKS);
            if wanted {
                kept.insert(key.into_owned(), map.next_value::<Value>()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_only_the_wanted_fields_gives_the_same_facts() {
        let json = r#"{
            "surname": "Дуйсенова", "documents/01a0/number": "N 123", "documents/01a0/_deleted": true,
            "sex": "female", "birth_date": "1985-03", "interview_date": "2026-02-01",
            "category": "stateless", "status": "filed", "filed_date": "2026-04-15",
            "specific_needs": ["disability"], "consent_obtained": true, "consent_statistics": true,
            "claims/01a1/country": "UZ", "claims/01a2/country": "AF", "claims/01a2/_deleted": true,
            "_links/01a204bf-f75b-77d2-a89e-87405c590c96/verdict": "same", "_erased": false
        }"#;
        let id = RecordId::new();
        let all: Map<String, Value> = serde_json::from_str(json).unwrap();
        let fast = Facts::from_json(id, Some("Aigerim"), json).unwrap();
        assert_eq!(fast, Facts::read(id, Some("Aigerim"), &all));
        assert_eq!(fast.claims, ["UZ"]);
        assert_eq!(fast.same_as.len(), 1);
        assert!(Facts::from_json(id, None, "[1, 2]").is_err());
        assert!(Facts::from_json(id, None, "{\"sex\": \"female\"} trailing").is_err());
    }
}
