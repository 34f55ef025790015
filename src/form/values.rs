//! Parsing and checking single values: names, sex, birth dates with their
//! precision, IINs, regions and free text. Each refusal is a [`FieldError`]
//! that reads as one clear sentence.

use super::Regions;
use crate::i18n::{Arg, Message};
use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// Why a value is refused; shown in the person's language through [`FieldError::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// Sex must be one of the listed values.
    Sex(String),
    /// Not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date.
    Date(String),
    /// A date after today.
    Future(String),
    /// Older than anyone alive.
    TooOld(String),
    /// A name with characters no name has.
    Name(String),
    /// A Latin-form name with non-Latin letters.
    LatinName(String),
    /// No region by that name or code.
    Region(String),
    /// IIN format or checksum.
    Iin(String),
    /// IIN does not match the birth date or sex.
    IinMismatch {
        /// The IIN.
        iin: String,
        /// `birth date` or `sex`.
        what: &'static str,
    },
    /// Text too long or with control characters.
    Text(usize),
}

impl FieldError {
    /// The message to show, in any language.
    pub fn message(&self) -> Message {
        let value = |key, v: &str| Message::new(key, vec![("value", Arg::from(v))]);
        match self {
            FieldError::Sex(v) => value("err-sex", v),
            FieldError::Date(v) => value("err-date", v),
            FieldError::Future(v) => value("err-future", v),
            FieldError::TooOld(v) => value("err-too-old", v),
            FieldError::Name(v) => value("err-name", v),
            FieldError::LatinName(v) => value("err-latin-name", v),
            FieldError::Region(v) => value("err-region", v),
            FieldError::Iin(v) => value("err-iin", v),
            FieldError::IinMismatch { iin, what: "sex" } => value("err-iin-sex", iin),
            FieldError::IinMismatch { iin, .. } => value("err-iin-birth", iin),
            FieldError::Text(max) => Message::new("err-text", vec![("max", Arg::from(*max))]),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for FieldError {}

/// The person's sex as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

impl Sex {
    /// The stored id.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }
}

impl FromStr for Sex {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        match s.trim().to_lowercase().as_str() {
            "female" => Ok(Sex::Female),
            "male" => Ok(Sex::Male),
            _ => Err(FieldError::Sex(s.to_owned())),
        }
    }
}

/// A birth date known to the day, the month or the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BirthDate {
    /// Year.
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u32>,
    /// Day, if known (then `month` is known too).
    pub day: Option<u32>,
}

impl BirthDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates after `today`
    /// and ages over 110.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, FieldError> {
        let t = text.trim();
        let bad = || FieldError::Date(text.to_owned());
        let parts: Vec<&str> = t.split('-').collect();
        let widths_ok = matches!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>().as_slice(),
            [4] | [4, 2] | [4, 2, 2]
        ) && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !widths_ok {
            return Err(bad());
        }
        let num = |i: usize| parts.get(i).map(|p| p.parse::<u32>().map_err(|_| bad()));
        let year = i32::try_from(num(0).ok_or_else(bad)??).map_err(|_| bad())?;
        let month = num(1).transpose()?;
        let day = num(2).transpose()?;
        // The earliest day the date can mean decides "in the future"; the
        // latest decides the age, so an imprecise date gets the benefit of the doubt.
        let earliest = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1)).ok_or_else(bad)?;
        let latest = match (month, day) {
            (_, Some(_)) => earliest,
            (Some(m), None) => last_day_of_month(year, m).ok_or_else(bad)?,
            (None, _) => NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(bad)?,
        };
        if earliest > today {
            return Err(FieldError::Future(t.to_owned()));
        }
        if today.years_since(latest).unwrap_or(0) > 110 {
            return Err(FieldError::TooOld(t.to_owned()));
        }
        let date = Self { year, month, day };
        Ok(date)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (c.is_alphabetic() && matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF))
}

fn is_cyrillic_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(c as u32, 0x400..=0x52F)
}

fn name_shape_ok(name: &str, letter: fn(char) -> bool) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().count() <= 100
        && name.chars().any(letter)
        && name
            .chars()
            .all(|c| letter(c) || matches!(c, ' ' | '-' | '\'' | '’' | 'ʼ' | '.'))
}

/// A name as written in a document: Cyrillic (Kazakh letters included) or Latin.
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let letter = |c: char| is_latin_letter(c) || is_cyrillic_letter(c);
    if name_shape_ok(name, letter) {
        Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(FieldError::Name(name.to_owned()))
    }
}

/// A name's Latin form.
pub fn check_latin_name(name: &str) -> Result<String, FieldError> {
    check_name(name)?;
    if name_shape_ok(name, is_latin_letter) {
        Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(FieldError::LatinName(name.to_owned()))
    }
}

/// Free text such as a place of birth or a settlement.
pub fn check_text(text: &str, max: usize) -> Result<String, FieldError> {
    let t = text.trim();
    if t.chars().count() > max || t.chars().any(char::is_control) {
        return Err(FieldError::Text(max));
    }
    Ok(t.to_owned())
}

/// An oblast or city by name, code or historical name → its ISO code.
pub fn check_region(text: &str) -> Result<String, FieldError> {
    Regions::builtin()
        .find(text)
        .map(|r| r.code.clone())
        .ok_or_else(|| FieldError::Region(text.to_owned()))
}

/// The IIN check digit of the first 11 digits, `None` when the published
/// algorithm gives no digit (such numbers are never issued).
pub fn iin_check_digit(digits: &[u32; 11]) -> Option<u32> {
    let weighted = |weights: [u32; 11]| digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11;
    let first = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    let check = if first == 10 {
        weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])
    } else {
        first
    };
    (check != 10).then_some(check)
}

/// An IIN (Kazakhstan's individual identification number): 12 digits, a
/// valid date in the first six, a century/sex digit 1–6, and a correct check
/// digit. Returns the birth date and sex it encodes.
pub fn check_iin(text: &str) -> Result<(NaiveDate, Sex), FieldError> {
    let t = text.trim();
    let bad = || FieldError::Iin(text.to_owned());
    let digits: Vec<u32> = t
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    let digits: [u32; 12] = digits.try_into().map_err(|_| bad())?;
    let first11: [u32; 11] = digits[..11].try_into().map_err(|_| bad())?;
    if iin_check_digit(&first11) != Some(digits[11]) {
        return Err(bad());
    }
    let century_sex = digits[6];
    if !(1..=6).contains(&century_sex) {
        return Err(bad());
    }
    let century = 1800 + ((century_sex as i32 - 1) / 2) * 100;
    let year = century + (digits[0] * 10 + digits[1]) as i32;
    let date = NaiveDate::from_ymd_opt(year, digits[2] * 10 + digits[3], digits[4] * 10 + digits[5])
        .ok_or_else(bad)?;
    let sex = if century_sex % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok((date, sex))
}

/// Checks that an IIN agrees with the birth date (as far as it is known) and sex.
pub fn check_iin_agrees(iin: &str, birth: Option<&BirthDate>, sex: Option<Sex>) -> Result<(), FieldError> {
    let (date, iin_sex) = check_iin(iin)?;
    let mismatch = |what| FieldError::IinMismatch {
        iin: iin.trim().to_owned(),
        what,
    };
    if let Some(b) = birth {
        let agrees = b.year == date.year()
            && b.month.is_none_or(|m| m == date.month())
            && b.day.is_none_or(|d| d == date.day());
        if !agrees {
            return Err(mismatch("birth date"));
        }
    }
    if sex.is_some_and(|s| s != iin_sex) {
        return Err(mismatch("sex"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    /// An IIN for a date and century/sex digit, with serial 0001 and its
    /// computed check digit (serials that give no check digit are skipped).
    fn make_iin(yymmdd: &str, century_sex: u32) -> String {
        for serial in 1..100 {
            let body = format!("{yymmdd}{century_sex}{serial:04}");
            let digits: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
            if let Some(check) = iin_check_digit(&digits.try_into().unwrap()) {
                return format!("{body}{check}");
            }
        }
        unreachable!()
    }

    #[test]
    fn birth_dates_with_every_precision_parse() {
        assert_eq!(BirthDate::parse("1985", today()).unwrap().to_string(), "1985");
        assert_eq!(
            BirthDate::parse("1985-03", today()).unwrap().to_string(),
            "1985-03"
        );
        assert_eq!(
            BirthDate::parse(" 1985-03-09 ", today()).unwrap().to_string(),
            "1985-03-09"
        );
    }

    #[test]
    fn malformed_future_and_too_old_dates_are_refused() {
        for bad in [
            "85",
            "1985-3-9",
            "1985/03/09",
            "1985-13",
            "1985-02-30",
            "abcd",
            "",
            "09.03.1985",
        ] {
            assert!(
                matches!(BirthDate::parse(bad, today()), Err(FieldError::Date(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            BirthDate::parse("2026-11-23", today()),
            Err(FieldError::Future(_))
        ));
        assert!(matches!(
            BirthDate::parse("2027", today()),
            Err(FieldError::Future(_))
        ));
        assert!(BirthDate::parse("2026-11", today()).is_ok());
        // Born in 1915: 110 until the last possible birthday, so allowed.
        assert!(BirthDate::parse("1915", today()).is_ok());
        assert!(matches!(
            BirthDate::parse("1914", today()),
            Err(FieldError::TooOld(_))
        ));
        assert!(matches!(
            BirthDate::parse("1915-11-21", today()),
            Err(FieldError::TooOld(_))
        ));
        assert!(BirthDate::parse("1915-11-23", today()).is_ok());
        assert!(matches!(
            BirthDate::parse("1915-10", today()),
            Err(FieldError::TooOld(_))
        ));
    }

    #[test]
    fn sex_accepts_female_and_male_only() {
        assert_eq!("Female".parse::<Sex>(), Ok(Sex::Female));
        assert_eq!(" male".parse::<Sex>(), Ok(Sex::Male));
        assert!("X".parse::<Sex>().is_err());
        assert!("".parse::<Sex>().is_err());
    }

    #[test]
    fn names_in_cyrillic_kazakh_and_latin_letters_pass() {
        for ok in [
            "Дуйсенова",
            "Әлімжан",
            "Ұлжан Қайратқызы",
            "O'Neil",
            "Ahmad Shah",
            "Müller-Wagner",
            "Ли",
        ] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "   ", "Иван0в", "<script>", "Anna_1", "-"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert!(check_latin_name("Duisenova").is_ok());
        assert!(matches!(
            check_latin_name("Дуйсенова"),
            Err(FieldError::LatinName(_))
        ));
    }

    #[test]
    fn iin_checksum_is_computed_and_checked() {
        // 900101 3 0001 → weights 1..11: 9+0+0+4+0+6+21+0+0+0+11 = 51, 51 % 11 = 7.
        assert_eq!(iin_check_digit(&[9, 0, 0, 1, 0, 1, 3, 0, 0, 0, 1]), Some(7));
        let good = "900101300017";
        assert_eq!(
            check_iin(good).unwrap(),
            (NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), Sex::Male)
        );
        assert!(check_iin("900101300018").is_err(), "wrong check digit");
        assert!(check_iin("90010130001").is_err(), "11 digits");
        assert!(check_iin("901301300017").is_err(), "month 13");
        let girl = make_iin("150607", 6);
        assert_eq!(
            check_iin(&girl).unwrap(),
            (NaiveDate::from_ymd_opt(2015, 6, 7).unwrap(), Sex::Female)
        );
    }

    #[test]
    fn iin_must_agree_with_birth_date_and_sex() {
        let iin = make_iin("850309", 4); // female, 1900s
        let exact = BirthDate::parse("1985-03-09", today()).unwrap();
        let year = BirthDate::parse("1985", today()).unwrap();
        let other = BirthDate::parse("1985-03-10", today()).unwrap();
        assert!(check_iin_agrees(&iin, Some(&exact), Some(Sex::Female)).is_ok());
        assert!(check_iin_agrees(&iin, Some(&year), None).is_ok());
        assert!(matches!(
            check_iin_agrees(&iin, Some(&other), None),
            Err(FieldError::IinMismatch {
                what: "birth date",
                ..
            })
        ));
        assert!(matches!(
            check_iin_agrees(&iin, None, Some(Sex::Male)),
            Err(FieldError::IinMismatch { what: "sex", .. })
        ));
    }
}
