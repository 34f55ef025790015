//! Referral lists: UTF-8 CSV files from schools, hospitals, akimats and
//! partners, one person per row, a header row of field ids. Every row is
//! checked ([`check`]) before anything is written; [`import`] reads the
//! file again and writes its good rows as `identified` records. Both read
//! one row at a time, so memory does not grow with the file.

mod import;
mod read;

pub use import::{ImportError, ImportReport, import};
pub use read::{Checked, Row, Rows, check};

use crate::domain::fold::search_key;
use crate::i18n::{Arg, Lang, Message, Texts};
use serde_json::Value;
use std::fmt;

/// The columns a referral list may have (field ids of the intake form).
pub const COLUMNS: [&str; 15] = [
    "reference",
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
    "sex",
    "birth_date",
    "birth_place",
    "iin",
    "mother_name",
    "father_name",
    "oblast",
    "district",
    "settlement",
];

const NAME_COLUMNS: [&str; 5] = [
    "surname",
    "given_name",
    "patronymic",
    "surname_latin",
    "given_name_latin",
];

/// The `source` of records made from a referral list.
pub const SOURCE: &str = "referral_list";

/// A problem with the file as a whole: nothing in it can be imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Cannot read the file.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Not UTF-8.
    #[error("line {0} is not UTF-8 text; save the list as \"CSV UTF-8\" and try again")]
    NotUtf8(u64),
    /// No header row.
    #[error("the file is empty; the first row must name the columns (reference, surname, …)")]
    Empty,
    /// An unknown column.
    #[error("unknown column `{0}`; the columns can be: {cols}", cols = COLUMNS.join(", "))]
    UnknownColumn(String),
    /// A column named twice.
    #[error("column `{0}` appears twice in the header")]
    DuplicateColumn(String),
    /// A phone column (needs consent).
    #[error(
        "column `phone` cannot be imported: a phone number is kept only with the person's consent to follow-up contact, given at the interview"
    )]
    Phone,
    /// No name column at all.
    #[error(
        "the header has no name column (surname, given_name, patronymic, surname_latin or given_name_latin)"
    )]
    NoNameColumn,
    /// Broken CSV (quotes).
    #[error("line {0}: the CSV is malformed (check quotes)")]
    Malformed(u64),
    /// The file read differently the second time (it changed while it was
    /// imported): nothing was written.
    #[error("the file changed while it was being imported, so nothing was imported; try again")]
    Changed,
}

impl FileError {
    /// The sentence in the given language.
    pub fn render(&self, texts: &Texts) -> String {
        let (key, args): (&str, Vec<(&'static str, Arg)>) = match self {
            Self::Read { path, source } => (
                "csv-read",
                vec![
                    ("file", Arg::from(path.as_str())),
                    ("reason", Arg::from(io_reason(texts, source))),
                ],
            ),
            Self::NotUtf8(line) => ("csv-not-utf8", vec![("line", Arg::from(*line))]),
            Self::Empty => ("csv-empty", Vec::new()),
            Self::UnknownColumn(c) => (
                "csv-unknown-column",
                vec![
                    ("column", Arg::from(c.as_str())),
                    ("columns", Arg::from(COLUMNS.join(", "))),
                ],
            ),
            Self::DuplicateColumn(c) => ("csv-duplicate-column", vec![("column", Arg::from(c.as_str()))]),
            Self::Phone => ("csv-phone", Vec::new()),
            Self::NoNameColumn => ("csv-no-name-column", Vec::new()),
            Self::Malformed(line) => ("csv-malformed", vec![("line", Arg::from(*line))]),
            Self::Changed => ("csv-changed", Vec::new()),
        };
        texts.text(key, &args)
    }
}

/// Why a file could not be read, in words the user knows.
fn io_reason(texts: &Texts, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => texts.text("io-not-found", &[]),
        std::io::ErrorKind::PermissionDenied => texts.text("io-permission", &[]),
        std::io::ErrorKind::IsADirectory => texts.text("io-directory", &[]),
        _ => texts.text("io-other", &[]),
    }
}

/// One bad value in one row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    /// The line of the file.
    pub line: u64,
    /// The column (or `name`, `row`).
    pub field: String,
    /// Why.
    pub reason: Message,
}

impl RowError {
    /// `line N: field: reason` in the given language.
    pub fn render(&self, texts: &Texts) -> String {
        texts.text(
            "row-error",
            &[
                ("line", Arg::from(self.line)),
                ("field", Arg::from(self.field.as_str())),
                ("reason", Arg::from(texts.render(&self.reason))),
            ],
        )
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Texts::get(Lang::En)))
    }
}

/// A row that passed every check, with its values normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralRow {
    /// The line of the file.
    pub line: u64,
    /// Column → value as stored, only the non-empty ones.
    pub values: Vec<(&'static str, Value)>,
}

impl ReferralRow {
    /// The value of a column, if the row has one.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, v)| v.as_str())
    }

    /// A key for rows without a reference: folded names and birth date.
    pub(super) fn identity_key(&self) -> String {
        identity_key(
            ["surname", "given_name", "patronymic"].map(|c| self.get(c)),
            self.get("birth_date"),
        )
    }
}

pub(super) fn identity_key(names: [Option<&str>; 3], birth: Option<&str>) -> String {
    let names: Vec<String> = names.iter().map(|n| search_key(n.unwrap_or(""))).collect();
    format!("{}|{}", names.join("|"), birth.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;
    use chrono::NaiveDate;

    /// A whole list read into memory, as the tests look at it.
    #[derive(Debug)]
    struct List {
        rows: Vec<ReferralRow>,
        errors: Vec<RowError>,
        total: usize,
    }

    fn parse(bytes: &[u8], form: &Form, today: NaiveDate) -> Result<List, FileError> {
        let mut rows = Rows::new(bytes, form, today)?;
        let mut list = List {
            rows: Vec::new(),
            errors: Vec::new(),
            total: 0,
        };
        while let Some(row) = rows.next_row() {
            list.total += 1;
            match row? {
                Row::Good(r) => list.rows.push(r),
                Row::Bad(e) => list.errors.extend(e),
            }
        }
        Ok(list)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn form() -> &'static Form {
        crate::form::builtin().unwrap()
    }

    const HEADER: &str =
        "reference,surname,given_name,patronymic,sex,birth_date,birth_place,mother_name,father_name,oblast\n";

    #[test]
    fn good_rows_pass_with_values_normalised() {
        let csv = format!(
            "{HEADER}R1,Дуйсенова,Айгуль,Сериковна,female,1985-03-09,Алма-Ата,,,Алматы\n\
             R2,,Zarghuna,,Female,2010,,,,almaty region\n"
        );
        let list = parse(csv.as_bytes(), form(), today()).unwrap();
        assert!(list.errors.is_empty(), "{:?}", list.errors);
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[0].get("oblast"), Some("KZ-75"));
        assert_eq!(list.rows[1].get("sex"), Some("female"));
        assert_eq!(list.rows[1].get("oblast"), Some("KZ-19"));
    }

    #[test]
    fn each_bad_value_is_reported_with_line_and_field() {
        let csv = format!(
            "{HEADER}R1,Иванов,Иван,,X,1990,,,,\n\
             R2,Петров,,,male,2099-01-01,,,,\n\
             R3,Ким,,,male,12/05/1990,,,,\n\
             R4,Ли,,,male,1990,,,,Atlantis\n\
             R5,,,,female,1990,,,,\n\
             R6,,Ахмад,,male,1990,,,,\n"
        );
        let list = parse(csv.as_bytes(), form(), today()).unwrap();
        let shown: Vec<String> = list
            .errors
            .iter()
            .map(|e| format!("{}:{}", e.line, e.field))
            .collect();
        assert_eq!(
            shown,
            ["2:sex", "3:birth_date", "4:birth_date", "5:oblast", "6:name"]
        );
        assert!(list.errors[1].to_string().contains("future"));
        let ru = list.errors[0].render(Texts::get(Lang::Ru));
        assert_eq!(ru, "строка 2: sex: «X» — нет среди вариантов");
        assert_eq!(list.rows.len(), 1, "only the given-name-only row passes");
        assert_eq!(list.total, 6);
    }

    #[test]
    fn file_level_problems_refuse_the_whole_file() {
        assert!(matches!(parse(b"", form(), today()), Err(FileError::Empty)));
        assert!(
            matches!(parse(b"surname,colour\nA,b\n", form(), today()), Err(FileError::UnknownColumn(c)) if c == "colour")
        );
        assert!(matches!(
            parse(b"surname,phone\nA,1\n", form(), today()),
            Err(FileError::Phone)
        ));
        assert!(matches!(
            parse(b"reference,sex\nR,male\n", form(), today()),
            Err(FileError::NoNameColumn)
        ));
        assert!(matches!(
            parse(b"surname,surname\nA,B\n", form(), today()),
            Err(FileError::DuplicateColumn(_))
        ));
        assert!(matches!(
            parse(b"surname\n\xff\xfe\n", form(), today()),
            Err(FileError::NotUtf8(2))
        ));
    }

    #[test]
    fn excel_style_bom_and_semicolons_are_read() {
        let csv = "\u{feff}surname;given_name\nАхмедов;Рустам\n";
        let list = parse(csv.as_bytes(), form(), today()).unwrap();
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].get("surname"), Some("Ахмедов"));
    }

    #[test]
    fn a_repeated_reference_in_one_file_is_an_error() {
        let csv = "reference,surname\nR1,A\nR1,B\n";
        let list = parse(csv.as_bytes(), form(), today()).unwrap();
        assert_eq!(list.errors.len(), 1);
        assert_eq!(
            list.errors[0].to_string(),
            "line 3: reference: “R1” is already used on line 2"
        );
    }
}
