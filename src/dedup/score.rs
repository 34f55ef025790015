//! How alike two records are: names on their folded keys (either order),
//! birth date with its usual mistakes, sex, patronymic, birth place,
//! parents, IIN and document numbers — a score in [0, 1] and the reasons.

use super::normalize::{name_key, patronymic_key, place_key, surname_root};
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
    /// Other names of the person (maiden name, other spellings).
    pub aliases: Vec<String>,
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
            surnames: {
                let mut k = keys([&p.surname, &p.surname_latin]);
                for alias in p.aliases.iter().map(|a| name_key(a)) {
                    if !alias.is_empty() && !k.contains(&alias) {
                        k.push(alias);
                    }
                }
                k
            },
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
    /// A few days apart, same month and year.
    DaysOff,
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
    /// One record's surname is the other's father's name.
    FatherAsSurname,
}

impl Reason {
    /// Every reason.
    pub const ALL: [Reason; 20] = [
        Reason::Names,
        Reason::NamesSwapped,
        Reason::SingleName,
        Reason::BirthDate,
        Reason::BirthYear,
        Reason::DayMonthSwapped,
        Reason::YearOff,
        Reason::DaysOff,
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
        Reason::FatherAsSurname,
    ];

    /// The message key of the reason in the interface language.
    pub fn message_key(self) -> String {
        let word = self
            .as_str()
            .replace('≠', "not")
            .replace('\'', "")
            .replace(['/', '±', ' '], "-");
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
            Reason::DaysOff => "days apart",
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
            Reason::FatherAsSurname => "father's name as surname",
        }
    }
}

fn best(a: &[String], b: &[String]) -> (f64, Option<usize>) {
    let mut best: (f64, Option<usize>) = (0.0, None);
    for x in a {
        for (j, y) in b.iter().enumerate() {
            let s = if x == y { 1.0 } else { jaro_winkler(x, y) };
            if s > best.0 {
                best = (s, Some(j));
            }
        }
    }
    best
}

/// The fields compared, each with its levels of agreement (level 0 is the
/// strongest; a field missing on either side has no level).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// exact key, root (-ов = -ұлы) or Jaro–Winkler ≥ 0.94, ≥ 0.86, different.
    Surname,
    /// exact, ≥ 0.94, ≥ 0.86, different.
    Given,
    /// exact, one side year (or month) only, day/month swapped, a year
    /// off, a few days off, within a year, different.
    Birth,
    /// same, different.
    Sex,
    /// same father's name, different.
    Patronymic,
    /// same place, different.
    Place,
    /// a parent's name shared, none shared.
    Parent,
    /// same IIN, different.
    Iin,
    /// a document number shared, none shared.
    Document,
}

impl Field {
    /// Every field, in the order of a [`Comparison`]'s levels.
    pub const ALL: [Field; 9] = [
        Field::Surname,
        Field::Given,
        Field::Birth,
        Field::Sex,
        Field::Patronymic,
        Field::Place,
        Field::Parent,
        Field::Iin,
        Field::Document,
    ];

    /// How many levels the field has.
    pub fn levels(self) -> usize {
        match self {
            Field::Surname | Field::Given => 4,
            Field::Birth => 7,
            _ => 2,
        }
    }
}

/// How two records compare, field by field, and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// For each of [`Field::ALL`], the level of agreement (None: not known on both).
    pub levels: [Option<u8>; 9],
    /// The surname key both share exactly (for term frequencies).
    pub same_surname: Option<String>,
    /// The given-name key both share exactly.
    pub same_given: Option<String>,
    /// What agreed and disagreed, for people.
    pub reasons: Vec<Reason>,
}

impl Comparison {
    /// The levels packed in one number (3 bits a field, 0 for unknown).
    pub fn pattern(&self) -> u32 {
        self.levels
            .iter()
            .enumerate()
            .map(|(i, l)| l.map_or(0, |l| u32::from(l) + 1) << (3 * i))
            .sum()
    }

    /// The levels of a packed pattern.
    pub fn levels_of(pattern: u32) -> [Option<u8>; 9] {
        let mut out = [None; 9];
        for (i, slot) in out.iter_mut().enumerate() {
            let v = (pattern >> (3 * i)) & 7;
            *slot = v.checked_sub(1).and_then(|l| u8::try_from(l).ok());
        }
        out
    }
}

fn name_level(sim: f64, same_root: bool) -> u8 {
    if sim >= 1.0 {
        0
    } else if same_root || sim >= 0.94 {
        1
    } else if sim >= 0.86 {
        2
    } else {
        3
    }
}

/// The level of two name lists and the exact key they share.
fn names_level(a: &[String], b: &[String], roots: bool) -> (u8, Option<String>) {
    let (sim, j) = best(a, b);
    let same_root = roots
        && a.iter().any(|x| {
            let rx = surname_root(x);
            rx.len() >= 3 && b.iter().any(|y| surname_root(y) == rx)
        });
    let level = name_level(sim, same_root);
    (level, (level == 0).then(|| j.map(|j| b[j].clone())).flatten())
}

fn birth_level(x: (i32, Option<u32>, Option<u32>), y: (i32, Option<u32>, Option<u32>)) -> (u8, Reason) {
    match (x, y) {
        _ if x == y && x.1.is_some() && x.2.is_some() => (0, Reason::BirthDate),
        ((ya, ma, da), (yb, mb, db))
            if ya == yb
                && (ma.is_none() || mb.is_none() || da.is_none() || db.is_none())
                && (ma == mb || ma.is_none() || mb.is_none()) =>
        {
            (1, Reason::BirthYear)
        }
        ((ya, Some(ma), Some(da)), (yb, Some(mb), Some(db))) if ya == yb && ma == db && da == mb => {
            (2, Reason::DayMonthSwapped)
        }
        ((ya, ma, da), (yb, mb, db)) if (ya - yb).abs() == 1 && ma == mb && da == db => (3, Reason::YearOff),
        ((ya, Some(ma), Some(da)), (yb, Some(mb), Some(db)))
            if ya == yb && ma == mb && da.abs_diff(db) <= 3 =>
        {
            (4, Reason::DaysOff)
        }
        ((ya, ..), (yb, ..)) if (ya - yb).abs() <= 1 => (5, Reason::DifferentBirth),
        _ => (6, Reason::DifferentBirth),
    }
}

/// Compares two records field by field. Names are compared in the order
/// that fits best (surname and given name are often swapped); a record
/// with one name only is compared on that name against either of the
/// other's; a surname that is the other record's father's name (the
/// custom of Afghan records) is not held against the pair.
pub fn compare(a: &Prepared, b: &Prepared) -> Option<Comparison> {
    let mut c = Comparison::default();
    let both = |x: &[String], y: &[String]| !x.is_empty() && !y.is_empty();
    let full = |p: &Prepared| !p.surnames.is_empty() && !p.givens.is_empty();
    if full(a) && full(b) {
        let straight = best(&a.surnames, &b.surnames).0 + best(&a.givens, &b.givens).0;
        let swapped = best(&a.surnames, &b.givens).0 + best(&a.givens, &b.surnames).0;
        let (bs, bg, how) = if swapped > straight + 0.04 {
            (&b.givens, &b.surnames, Reason::NamesSwapped)
        } else {
            (&b.surnames, &b.givens, Reason::Names)
        };
        c.reasons.push(how);
        let (ls, same_s) = names_level(&a.surnames, bs, true);
        let (lg, same_g) = names_level(&a.givens, bg, false);
        let father = |p: &Prepared, surnames: &[String]| {
            p.patronymic
                .as_ref()
                .is_some_and(|f| surnames.iter().any(|s| jaro_winkler(s, f) >= 0.92))
        };
        if ls == 3 && lg <= 1 && (father(b, &a.surnames) || father(a, bs)) {
            c.reasons.push(Reason::FatherAsSurname);
        } else {
            c.levels[0] = Some(ls);
            c.same_surname = same_s;
        }
        c.levels[1] = Some(lg);
        c.same_given = same_g;
    } else {
        // One name only on a side (many Afghans): the given name against
        // every name of the other.
        let lone_a: Vec<String> = if full(a) {
            a.all_names().cloned().collect()
        } else {
            a.givens.iter().chain(&a.surnames).cloned().collect()
        };
        let lone_b: Vec<String> = if full(b) {
            b.all_names().cloned().collect()
        } else {
            b.givens.iter().chain(&b.surnames).cloned().collect()
        };
        if !both(&lone_a, &lone_b) {
            return None;
        }
        let (lg, same_g) = names_level(&lone_a, &lone_b, false);
        c.reasons.push(Reason::SingleName);
        c.levels[1] = Some(lg);
        c.same_given = same_g;
    }
    if let (Some(x), Some(y)) = (a.birth, b.birth) {
        let (level, reason) = birth_level(x, y);
        c.levels[2] = Some(level);
        c.reasons.push(reason);
    }
    if let (Some(x), Some(y)) = (&a.sex, &b.sex) {
        let same = x == y;
        c.levels[3] = Some(u8::from(!same));
        c.reasons
            .push(if same { Reason::Sex } else { Reason::DifferentSex });
    }
    if let (Some(x), Some(y)) = (&a.patronymic, &b.patronymic) {
        let same = jaro_winkler(x, y) >= 0.9;
        c.levels[4] = Some(u8::from(!same));
        c.reasons.push(if same {
            Reason::Patronymic
        } else {
            Reason::DifferentPatronymic
        });
    }
    if let (Some(x), Some(y)) = (&a.place, &b.place) {
        let same = x == y || jaro_winkler(x, y) >= 0.92;
        c.levels[5] = Some(u8::from(!same));
        c.reasons.push(if same {
            Reason::BirthPlace
        } else {
            Reason::DifferentBirthPlace
        });
    }
    if !a.parents.is_empty() && !b.parents.is_empty() {
        let shared = a
            .parents
            .iter()
            .any(|p| b.parents.iter().any(|q| jaro_winkler(p, q) >= 0.92));
        c.levels[6] = Some(u8::from(!shared));
        if shared {
            c.reasons.push(Reason::Parent);
        }
    }
    if let (Some(x), Some(y)) = (&a.iin, &b.iin) {
        let same = x == y;
        c.levels[7] = Some(u8::from(!same));
        c.reasons
            .push(if same { Reason::Iin } else { Reason::DifferentIin });
    }
    if !a.documents.is_empty() && !b.documents.is_empty() {
        let shared = a.documents.iter().any(|d| b.documents.contains(d));
        c.levels[8] = Some(u8::from(!shared));
        if shared {
            c.reasons.push(Reason::Document);
        }
    }
    Some(c)
}
