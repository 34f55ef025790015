//! How alike two records are: names on their folded keys (either order),
//! birth date with its usual mistakes, sex, patronymic, birth place,
//! parents, IIN and document numbers — a score in [0, 1] and the reasons.

use super::normalize::{name_key, patronymic_key, place_key};
use crate::domain::RecordId;
use strsim::jaro_winkler;

/// What duplicate detection reads of a record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    /// The record.
    pub id: RecordId,
    /// Its reference, for people to find it.
    pub reference: Option<String>,
    /// Surname as written.
    pub surname: Option<String>,
    /// Given name as written.
    pub given_name: Option<String>,
    /// Patronymic.
    pub patronymic: Option<String>,
    /// Latin surname.
    pub surname_latin: Option<String>,
    /// Latin given name.
    pub given_name_latin: Option<String>,
    /// YYYY, YYYY-MM, YYYY-MM-DD or ~YYYY.
    pub birth_date: Option<String>,
    /// female / male.
    pub sex: Option<String>,
    /// Place of birth.
    pub birth_place: Option<String>,
    /// IIN.
    pub iin: Option<String>,
    /// Parents' names.
    pub parents: Vec<String>,
    /// Document numbers.
    pub documents: Vec<String>,
    /// Verdicts this record holds on others (see [`super::judge`]).
    pub links: Vec<(RecordId, super::Verdict)>,
}

impl Person {
    /// A record's top-level fields, read by their form ids through `text`.
    pub fn from_fields(id: RecordId, text: impl Fn(&str) -> Option<String>) -> Person {
        Person {
            id,
            reference: text("reference"),
            surname: text("surname"),
            given_name: text("given_name"),
            patronymic: text("patronymic"),
            surname_latin: text("surname_latin"),
            given_name_latin: text("given_name_latin"),
            birth_date: text("birth_date"),
            sex: text("sex"),
            birth_place: text("birth_place"),
            iin: text("iin"),
            ..Person::default()
        }
    }
}

/// A record ready to compare: every key computed once.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// Surname keys (as written and in Latin).
    pub surnames: Vec<String>,
    /// Given-name keys.
    pub givens: Vec<String>,
    /// Father's-name key from the patronymic.
    pub patronymic: Option<String>,
    /// Year, month, day as known.
    pub birth: Option<(i32, Option<u32>, Option<u32>)>,
    /// Sex.
    pub sex: Option<String>,
    /// Birth place key.
    pub place: Option<String>,
    /// IIN digits.
    pub iin: Option<String>,
    /// Parents' name keys.
    pub parents: Vec<String>,
    /// Document numbers, letters and digits only.
    pub documents: Vec<String>,
}

fn keys(values: [&Option<String>; 2]) -> Vec<String> {
    let mut keys: Vec<String> = values
        .into_iter()
        .flatten()
        .map(|v| name_key(v))
        .filter(|k| !k.is_empty())
        .collect();
    keys.dedup();
    keys
}

fn parse_birth(text: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let t = text.trim().trim_start_matches('~');
    let mut parts = t.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next().and_then(|m| m.parse().ok());
    let day = parts.next().and_then(|d| d.parse().ok());
    Some((year, month, day))
}

impl Prepared {
    /// The keys of a record.
    pub fn of(p: &Person) -> Prepared {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_uppercase()
        };
        Prepared {
            surnames: keys([&p.surname, &p.surname_latin]),
            givens: keys([&p.given_name, &p.given_name_latin]),
            patronymic: p
                .patronymic
                .as_deref()
                .map(patronymic_key)
                .filter(|k| !k.is_empty()),
            birth: p.birth_date.as_deref().and_then(parse_birth),
            sex: p.sex.clone(),
            place: p.birth_place.as_deref().map(place_key).filter(|k| !k.is_empty()),
            iin: p.iin.as_deref().map(plain).filter(|k| k.len() == 12),
            parents: p
                .parents
                .iter()
                .map(|n| name_key(n))
                .filter(|k| !k.is_empty())
                .collect(),
            documents: p
                .documents
                .iter()
                .map(|d| plain(d))
                .filter(|d| d.len() >= 5)
                .collect(),
        }
    }

    /// Every name key, surname and given alike.
    pub fn all_names(&self) -> impl Iterator<Item = &String> {
        self.surnames.iter().chain(self.givens.iter())
    }
}

/// One thing the two records agree or disagree on, for people reviewing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Surname and given name alike.
    Names,
    /// Alike with surname and given name swapped.
    NamesSwapped,
    /// Only one name each, alike.
    SingleName,
    /// The same birth date.
    BirthDate,
    /// The same year, one side knowing only the year (or month).
    BirthYear,
    /// Day and month swapped.
    DayMonthSwapped,
    /// A year apart, same day and month.
    YearOff,
    /// Different birth dates.
    DifferentBirth,
    /// The same sex.
    Sex,
    /// Different sex.
    DifferentSex,
    /// The same father's name in the patronymic.
    Patronymic,
    /// Different patronymics.
    DifferentPatronymic,
    /// The same birth place (old names count).
    BirthPlace,
    /// Different birth places.
    DifferentBirthPlace,
    /// A parent's name in common.
    Parent,
    /// The same IIN.
    Iin,
    /// Different IINs.
    DifferentIin,
    /// A document number in common.
    Document,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 18] = [
        Reason::Names,
        Reason::NamesSwapped,
        Reason::SingleName,
        Reason::BirthDate,
        Reason::BirthYear,
        Reason::DayMonthSwapped,
        Reason::YearOff,
        Reason::DifferentBirth,
        Reason::Sex,
        Reason::DifferentSex,
        Reason::Patronymic,
        Reason::DifferentPatronymic,
        Reason::BirthPlace,
        Reason::DifferentBirthPlace,
        Reason::Parent,
        Reason::Iin,
        Reason::DifferentIin,
        Reason::Document,
    ];

    /// The message key of the reason in the interface language.
    pub fn message_key(self) -> String {
        let word = self.as_str().replace('≠', "not").replace(['/', '±', ' '], "-");
        format!(
            "dedup-reason-{}",
            word.trim_matches('-').replace("--", "-").to_lowercase()
        )
    }

    /// A short word for the reason (`≠` marks a disagreement).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Names => "names",
            Reason::NamesSwapped => "names swapped",
            Reason::SingleName => "single name",
            Reason::BirthDate => "birth date",
            Reason::BirthYear => "birth year",
            Reason::DayMonthSwapped => "day/month swapped",
            Reason::YearOff => "year ±1",
            Reason::DifferentBirth => "≠ birth date",
            Reason::Sex => "sex",
            Reason::DifferentSex => "≠ sex",
            Reason::Patronymic => "patronymic",
            Reason::DifferentPatronymic => "≠ patronymic",
            Reason::BirthPlace => "birth place",
            Reason::DifferentBirthPlace => "≠ birth place",
            Reason::Parent => "parent",
            Reason::Iin => "IIN",
            Reason::DifferentIin => "≠ IIN",
            Reason::Document => "document",
        }
    }
}

fn best(a: &[String], b: &[String]) -> f64 {
    let mut best: f64 = 0.0;
    for x in a {
        for y in b {
            best = best.max(jaro_winkler(x, y));
        }
    }
    best
}

/// The names' likeness (either order) and how they matched.
fn names(a: &Prepared, b: &Prepared) -> Option<(f64, Reason)> {
    let both = |x: &[String], y: &[String]| !x.is_empty() && !y.is_empty();
    let straight = (both(&a.surnames, &b.surnames) && both(&a.givens, &b.givens))
        .then(|| (best(&a.surnames, &b.surnames) + best(&a.givens, &b.givens)) / 2.0);
    let swapped = (both(&a.surnames, &b.givens) && both(&a.givens, &b.surnames))
        .then(|| (best(&a.surnames, &b.givens) + best(&a.givens, &b.surnames)) / 2.0);
    match (straight, swapped) {
        (Some(s), Some(w)) if w > s + 0.02 => Some((w, Reason::NamesSwapped)),
        (Some(s), _) => Some((s, Reason::Names)),
        (None, Some(w)) => Some((w, Reason::NamesSwapped)),
        (None, None) => {
            // One name only on a side (many Afghans): the best of all names.
            let a_all: Vec<String> = a.all_names().cloned().collect();
            let b_all: Vec<String> = b.all_names().cloned().collect();
            both(&a_all, &b_all).then(|| (best(&a_all, &b_all) - 0.03, Reason::SingleName))
        }
    }
}

/// The score of a pair in [0, 1] and the reasons, strongest first.
/// `commonness` is how many other records would share these names by
/// chance (see [`super::NameFrequencies`]): a common name is weaker evidence.
pub fn score(a: &Prepared, b: &Prepared, commonness: f64) -> (f64, Vec<Reason>) {
    let Some((name, how)) = names(a, b) else {
        return (0.0, Vec::new());
    };
    let mut reasons = vec![how];
    // Log-odds: names carry most, each other field moves it up or down.
    let mut logit = 14.0 * (name - 0.88) - (1.0 + commonness).ln();
    if let (Some(x), Some(y)) = (a.birth, b.birth) {
        let (add, reason) = match (x, y) {
            _ if x == y && x.1.is_some() => (3.0, Reason::BirthDate),
            ((ya, ma, da), (yb, mb, db))
                if ya == yb
                    && (ma.is_none() || mb.is_none() || da.is_none() || db.is_none())
                    && (ma == mb || ma.is_none() || mb.is_none()) =>
            {
                (1.5, Reason::BirthYear)
            }
            ((ya, Some(ma), Some(da)), (yb, Some(mb), Some(db))) if ya == yb && ma == db && da == mb => {
                (2.0, Reason::DayMonthSwapped)
            }
            ((ya, ma, da), (yb, mb, db)) if (ya - yb).abs() == 1 && ma == mb && da == db => {
                (1.0, Reason::YearOff)
            }
            ((ya, ..), (yb, ..)) if (ya - yb).abs() <= 1 => (-1.0, Reason::DifferentBirth),
            _ => (-4.0, Reason::DifferentBirth),
        };
        logit += add;
        reasons.push(reason);
    }
    match (&a.sex, &b.sex) {
        (Some(x), Some(y)) if x == y => {
            logit += 0.5;
            reasons.push(Reason::Sex);
        }
        (Some(_), Some(_)) => {
            logit -= 4.0;
            reasons.push(Reason::DifferentSex);
        }
        _ => {}
    }
    if let (Some(x), Some(y)) = (&a.patronymic, &b.patronymic) {
        if jaro_winkler(x, y) >= 0.9 {
            logit += 1.5;
            reasons.push(Reason::Patronymic);
        } else {
            logit -= 1.5;
            reasons.push(Reason::DifferentPatronymic);
        }
    }
    if let (Some(x), Some(y)) = (&a.place, &b.place) {
        if x == y || jaro_winkler(x, y) >= 0.92 {
            logit += 0.7;
            reasons.push(Reason::BirthPlace);
        } else {
            logit -= 1.2;
            reasons.push(Reason::DifferentBirthPlace);
        }
    }
    if a.parents
        .iter()
        .any(|p| b.parents.iter().any(|q| jaro_winkler(p, q) >= 0.92))
    {
        logit += 1.0;
        reasons.push(Reason::Parent);
    }
    match (&a.iin, &b.iin) {
        (Some(x), Some(y)) if x == y => {
            logit += 8.0;
            reasons.push(Reason::Iin);
        }
        (Some(_), Some(_)) => {
            logit -= 6.0;
            reasons.push(Reason::DifferentIin);
        }
        _ => {}
    }
    if a.documents.iter().any(|d| b.documents.contains(d)) {
        logit += 5.0;
        reasons.push(Reason::Document);
    }
    (1.0 / (1.0 + (-logit).exp()), reasons)
}
