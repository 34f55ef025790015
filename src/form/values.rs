//! Parsing and checking single values: names, sex, birth dates with their
//! precision, IINs, regions and free text. Each refusal is a [`FieldError`]
//! that reads as one clear sentence.

use super::Regions;
use super::dates::{PreciseDate, Precision};
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
    /// A date less precise than the field allows.
    Precision(String),
    /// Not a phone number.
    Phone(String),
    /// Not a whole number.
    Integer(String),
    /// A number outside the field's bounds.
    Range {
        /// What was given.
        value: String,
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// Not one of the field's choices.
    Choice(String),
    /// Not a known country.
    Country(String),
    /// Not a known language.
    Language(String),
    /// Not a yes or no.
    YesNo(String),
    /// Not a record id.
    Link(String),
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
            FieldError::Precision(v) => value("err-precision", v),
            FieldError::Phone(v) => value("err-phone", v),
            FieldError::Integer(v) => value("err-integer", v),
            FieldError::Range { value: v, min, max } => Message::new(
                "err-range",
                vec![
                    ("value", Arg::from(v.as_str())),
                    ("min", Arg::from(*min)),
                    ("max", Arg::from(*max)),
                ],
            ),
            FieldError::Choice(v) => value("err-choice", v),
            FieldError::Country(v) => value("err-country", v),
            FieldError::Language(v) => value("err-language", v),
            FieldError::YesNo(v) => value("err-yes-no", v),
            FieldError::Link(v) => value("err-link", v),
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

/// Checks a typed date: a real date of an allowed precision, not after
/// `today` unless `allow_future`, and at most `max_years_ago` years back.
pub fn check_date(
    text: &str,
    today: NaiveDate,
    allowed: &[Precision],
    allow_future: bool,
    max_years_ago: Option<u32>,
) -> Result<PreciseDate, FieldError> {
    let t = text.trim();
    let date = PreciseDate::parse_input(t, today).ok_or_else(|| FieldError::Date(t.to_owned()))?;
    if !allowed.contains(&date.precision()) {
        return Err(FieldError::Precision(t.to_owned()));
    }
    // The earliest day the date can mean decides "in the future"; the latest
    // decides the age, so an imprecise date gets the benefit of the doubt.
    if !allow_future && date.earliest() > today {
        return Err(FieldError::Future(t.to_owned()));
    }
    if max_years_ago.is_some_and(|max| date.age_on(today).unwrap_or(0) > max) {
        return Err(FieldError::TooOld(t.to_owned()));
    }
    Ok(date)
}

fn is_latin_letter(c: char) -> bool {
    // Latin-1 to Latin Extended-B, the schwa of Azerbaijani (ə), Latin
    // Extended Additional (ṇ ḥ of ISO 9's Kazakh): every character of these
    // ranges is a letter but × and ÷ (a test holds this to Unicode's own
    // table, which is slow to consult a character at a time).
    c.is_ascii_alphabetic()
        || matches!(c, 'À'..='ɏ' | 'ə' | '\u{1E00}'..='\u{1EFF}') && !matches!(c, '×' | '÷')
}

/// A letter of the Arabic script as Dari, Pashto, Uyghur and Arabic write
/// names: the Arabic block, its Supplement and Extended-A, less digits,
/// punctuation and signs (not alphabetic), and less the presentation forms
/// (compatibility shapes a keyboard does not type).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
        && c.is_alphabetic()
        && !unicode_normalization::char::is_combining_mark(c)
}

fn is_cyrillic_letter(c: char) -> bool {
    // Cyrillic and its supplement, less the thousands sign and the
    // combining marks (U+0482–U+0489).
    matches!(c, '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}')
}

/// Apostrophes and primes as the transliteration systems write them: the
/// ASCII and typographic apostrophes, the modifier letters of Uzbek Latin
/// (ʻ ʼ), ISO 9 / GOST 7.79 A's soft and hard signs (ʹ ʺ), GOST 7.79 B's
/// backtick and double quote (Nu`rlan, Ra"no), the double prime, and
/// BGN/PCGN's middle dot between letters that would read as one (Bau·yrzhan).
const NAME_MARKS: &[char] = &[
    '\'', '’', '‘', 'ʼ', 'ʻ', 'ʽ', 'ʹ', 'ʺ', '`', '´', '″', '"', '·', '\u{200C}',
];

fn name_shape_ok(name: &str, letter: fn(char) -> bool) -> bool {
    let name = name.trim();
    let mut after_letter = false;
    !name.is_empty()
        && name.chars().count() <= 100
        && name.chars().any(letter)
        && name.chars().all(|c| {
            // A combining mark NFC could not join to its letter (ALA-LC's
            // tie in i͡a) belongs to the letter before it.
            let ok = if unicode_normalization::char::is_combining_mark(c) {
                after_letter
            } else {
                letter(c) || matches!(c, ' ' | '-' | '.') || NAME_MARKS.contains(&c)
            };
            after_letter = letter(c) || (after_letter && unicode_normalization::char::is_combining_mark(c));
            ok
        })
}

/// A name in Unicode's composed form (NFC), its words one space apart.
fn composed(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfc: String = name.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as written in a document: Cyrillic (Kazakh letters included),
/// Arabic script (Dari, Pashto, Uyghur; the zero-width non-joiner of
/// Persian names between letters) or Latin in any transliteration
/// (letters with diacritics, apostrophes and primes of every kind), stored
/// composed (NFC).
pub fn check_name(name: &str) -> Result<String, FieldError> {
    let letter = |c: char| is_latin_letter(c) || is_cyrillic_letter(c) || is_arabic_letter(c);
    let name = composed(name);
    if name_shape_ok(&name, letter) {
        Ok(name)
    } else {
        Err(FieldError::Name(name))
    }
}

/// A name's Latin form.
pub fn check_latin_name(name: &str) -> Result<String, FieldError> {
    let name = check_name(name)?;
    if name_shape_ok(&name, is_latin_letter) {
        Ok(name)
    } else {
        Err(FieldError::LatinName(name))
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

/// Whether an IIN's date agrees with a date known to some precision (an
/// estimated year agrees with any year: it is a guess).
pub fn iin_agrees_with_date(iin: &str, birth: &PreciseDate) -> bool {
    let Ok((date, _)) = check_iin(iin) else {
        return true; // a malformed IIN is reported by its own check
    };
    birth.estimated
        || (birth.year == date.year()
            && birth.month.is_none_or(|m| m == date.month())
            && birth.day.is_none_or(|d| d == date.day()))
}

/// Whether an IIN's century/sex digit agrees with the sex.
pub fn iin_agrees_with_sex(iin: &str, sex: Sex) -> bool {
    check_iin(iin).map_or(true, |(_, iin_sex)| iin_sex == sex)
}

/// A phone number in E.164 (`+7 701 234 5678`) or the local Kazakh form
/// (`8 701 234 56 78`), stored as E.164.
pub fn check_phone(text: &str) -> Result<String, FieldError> {
    let t = text.trim();
    let bad = || FieldError::Phone(t.to_owned());
    if !t.chars().all(|c| c.is_ascii_digit() || " -()+".contains(c)) || t.rfind('+').is_some_and(|i| i > 0) {
        return Err(bad());
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if t.starts_with('+') {
        // E.164: a country code and at most 15 digits in all.
        if (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
            return Ok(format!("+{digits}"));
        }
        return Err(bad());
    }
    match digits.strip_prefix('8') {
        Some(national) if national.len() == 10 && national.starts_with('7') => Ok(format!("+7{national}")),
        _ => Err(bad()),
    }
}

/// A whole number within the field's bounds.
pub fn check_integer(text: &str, min: Option<i64>, max: Option<i64>) -> Result<i64, FieldError> {
    let t = text.trim();
    let n: i64 = t.parse().map_err(|_| FieldError::Integer(t.to_owned()))?;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Err(FieldError::Range {
            value: t.to_owned(),
            min: min.unwrap_or(i64::MIN),
            max: max.unwrap_or(i64::MAX),
        });
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn the_letter_ranges_agree_with_unicode() {
        for c in (0..0x2000u32).filter_map(char::from_u32) {
            let latin = c.is_ascii_alphabetic()
                || (c.is_alphabetic() && matches!(c as u32, 0xC0..=0x24F | 0x259 | 0x1E00..=0x1EFF));
            assert_eq!(is_latin_letter(c), latin, "{c} U+{:04X}", c as u32);
            let cyrillic = c.is_alphabetic() && matches!(c as u32, 0x400..=0x52F);
            assert_eq!(is_cyrillic_letter(c), cyrillic, "{c} U+{:04X}", c as u32);
        }
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

    const ALL: &[Precision] = &Precision::ALL;

    #[test]
    fn future_and_too_old_dates_are_refused() {
        let birth = |s: &str| check_date(s, today(), ALL, false, Some(110));
        assert_eq!(birth("1985-03-09").unwrap().to_string(), "1985-03-09");
        assert!(matches!(birth("1985-02-30"), Err(FieldError::Date(_))));
        assert!(matches!(birth("2026-11-23"), Err(FieldError::Future(_))));
        assert!(matches!(birth("2027"), Err(FieldError::Future(_))));
        assert!(birth("2026-11").is_ok());
        // Born in 1915: 110 until the last possible birthday, so allowed.
        assert!(birth("1915").is_ok());
        assert!(matches!(birth("1914"), Err(FieldError::TooOld(_))));
        assert!(matches!(birth("1915-11-21"), Err(FieldError::TooOld(_))));
        assert!(birth("1915-11-23").is_ok());
        assert!(matches!(birth("1915-10"), Err(FieldError::TooOld(_))));
        assert!(matches!(birth("~111"), Err(FieldError::TooOld(_))));
        assert!(birth("~110").is_ok());
        // A next-action date may be in the future.
        assert!(check_date("2027-01-10", today(), ALL, true, None).is_ok());
    }

    #[test]
    fn a_date_less_precise_than_the_field_allows_is_refused() {
        let exact = [Precision::Day];
        assert!(check_date("2026-11-20", today(), &exact, false, None).is_ok());
        assert!(matches!(
            check_date("2026-11", today(), &exact, false, None),
            Err(FieldError::Precision(_))
        ));
        let no_estimate = [Precision::Day, Precision::Month, Precision::Year];
        assert!(matches!(
            check_date("~40", today(), &no_estimate, false, None),
            Err(FieldError::Precision(_))
        ));
    }

    #[test]
    fn phones_in_e164_and_local_form_are_stored_as_e164() {
        assert_eq!(check_phone("+7 701 234 5678").unwrap(), "+77012345678");
        assert_eq!(check_phone("8 (701) 234-56-78").unwrap(), "+77012345678");
        assert_eq!(check_phone("+93 70 123 4567").unwrap(), "+93701234567");
        for bad in [
            "12345",
            "8 701 234 56",
            "+7 701 abc",
            "7012345678",
            "+0123456789",
            "8-800+1",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_respect_their_bounds() {
        assert_eq!(check_integer(" 4 ", Some(0), Some(30)), Ok(4));
        assert!(matches!(
            check_integer("31", Some(0), Some(30)),
            Err(FieldError::Range { .. })
        ));
        assert!(matches!(
            check_integer("four", None, None),
            Err(FieldError::Integer(_))
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
    fn names_in_arabic_script_pass_with_their_latin_form_suggested() {
        // Pashto, Dari (with the zero-width non-joiner), Uyghur, Arabic.
        for name in ["زرغونه", "نجیب\u{200C}الله", "ئابدۇرېھىم", "محمد", "غلام حیدر"]
        {
            assert_eq!(check_name(name).as_deref(), Ok(name), "{name}");
        }
        // Vowel marks belong to their letters.
        assert!(check_name("مُحَمَّد").is_ok());
        assert_eq!(crate::form::suggest_latin("زرغونه"), "Zrghuna");
        assert_eq!(crate::form::suggest_latin("ئابدۇرېھىم"), "Abdurehim");
        assert_eq!(crate::form::suggest_latin("غلام حیدر"), "Ghlam Hidr");
        assert!(check_latin_name(&crate::form::suggest_latin("نجیب\u{200C}الله")).is_ok());
        // Digits, punctuation and the Arabic comma are not letters.
        for bad in ["١٢٣", "محمد، علی", "؟"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
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
    fn every_transliteration_system_writes_a_name() {
        // Щукина Юлия Вячеславовна, Ёлкин, Цой, Бауыржан, Нұрлан, Раъно as
        // the systems write them (the Russian ones as the iuliia library's
        // schemas give them), and the Latin alphabets of the region.
        for (system, name) in [
            ("ISO 9 / GOST 7.79 A", "Ŝukina Ûliâ Vâčeslavovna"),
            ("GOST 7.79 B", "Shhukina Yuliya Czoj Bauy`rzhan"),
            ("GOST 7.79 B, Kazakh", "Nu`rlan Bauy'rzhanu`ly'"),
            ("GOST 7.79 B, hard sign", "Ra\"no"),
            (
                "ISO 9 (1968), scientific, UNGEGN 1987",
                "Ščukina Julija Vjačeslavovna Ëlkin Coj",
            ),
            ("scientific", "Xasanov Bauyržan"),
            ("ALA-LC (tie marks)", "I͡ulii͡a Vi͡acheslavovna T͡soĭ"),
            ("BGN/PCGN", "Yёlkin Bau·yrzhan"),
            ("BS 2979", "Tsoĭ Bauȳrzhan"),
            ("ISO 9, soft and hard signs", "Olʹga Obʺedkov"),
            ("MVD 310 (French)", "Chtchoukina Iouliia Baouyrjan"),
            ("Kazakh Latin 2017", "Nu'rlan Ba'ke'r"),
            ("Kazakh Latin 2018", "Ǵalym Nurlan Áıgerim"),
            ("Kazakh Latin 2021", "Ğalym Äigerım Şynar Ūlan"),
            ("Uzbek Latin", "Gʻulom Oʻgʻli Shohruh"),
            ("Uzbek Latin, ASCII", "G'ulom O‘g‘li"),
            ("Turkmen Latin", "Ýusup Söýünow Çary"),
            ("Azerbaijani Latin", "Həsən Əliyev Şükür"),
            ("decomposed input (NFD)", "A\u{301}igerim S\u{30c}arip"),
        ] {
            assert!(check_name(name).is_ok(), "{system}: {name}");
            let latin = name.replace('ё', "e");
            assert!(check_latin_name(&latin).is_ok(), "{system}: {latin}");
        }
        // Stored composed: what was typed decomposed equals its NFC form.
        assert_eq!(check_name("S\u{30c}arip").unwrap(), "Šarip");
        // A mark with no letter before it is not a name.
        assert!(check_name("\u{301}Anna").is_err());
        assert!(check_name("Anna \u{301}").is_err());
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
        let date = |s| check_date(s, today(), ALL, false, None).unwrap();
        assert!(iin_agrees_with_date(&iin, &date("1985-03-09")));
        assert!(iin_agrees_with_date(&iin, &date("1985")));
        assert!(
            iin_agrees_with_date(&iin, &date("~1984")),
            "an estimate never contradicts"
        );
        assert!(!iin_agrees_with_date(&iin, &date("1985-03-10")));
        assert!(!iin_agrees_with_date(&iin, &date("1986")));
        assert!(iin_agrees_with_sex(&iin, Sex::Female));
        assert!(!iin_agrees_with_sex(&iin, Sex::Male));
        // A born-2000s boy has century digit 5.
        let boy = make_iin("150607", 5);
        assert!(iin_agrees_with_date(&boy, &date("2015-06-07")));
        assert!(!iin_agrees_with_date(&boy, &date("1915-06-07")));
        assert!(iin_agrees_with_sex(&boy, Sex::Male));
    }
}
