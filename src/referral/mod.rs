//! Referral lists: UTF-8 CSV files from schools, hospitals, akimats and
//! partners, one person per row, a header row of field ids. Every row is
//! checked here before anything is written; [`import`] writes the rows as
//! `identified` records.

mod import;

pub use import::{ImportReport, import};

use crate::domain::fold::search_key;
use crate::form::{Form, Level, Values};
use crate::i18n::{Arg, Lang, Message, Texts};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

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
    /// Broken CSV.
    #[error("line {line}: {message}")]
    Csv {
        /// Where.
        line: u64,
        /// What the CSV reader said.
        message: String,
    },
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

/// A parsed list: good rows and every bad value found.
#[derive(Debug, Default)]
pub struct ReferralList {
    /// Rows that passed.
    pub rows: Vec<ReferralRow>,
    /// Every problem, in line order.
    pub errors: Vec<RowError>,
    /// Data rows in the file.
    pub total: usize,
}

/// Reads and checks a referral list file.
pub fn read(path: &Path, form: &Form, today: NaiveDate) -> Result<ReferralList, FileError> {
    let bytes = std::fs::read(path).map_err(|source| FileError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&bytes, form, today)
}

/// Checks a referral list held in memory.
pub fn parse(bytes: &[u8], form: &Form, today: NaiveDate) -> Result<ReferralList, FileError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(FileError::NotUtf8(line));
        }
    };
    // Excel writes a byte-order mark, and in Russian locales ';' between cells.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| csv_error(&e))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(FileError::Empty);
    }
    let mut columns: Vec<&'static str> = Vec::new();
    for h in &header {
        let id = h.trim().to_lowercase();
        if id == "phone" {
            return Err(FileError::Phone);
        }
        let col = COLUMNS
            .iter()
            .find(|c| **c == id)
            .ok_or_else(|| FileError::UnknownColumn(h.to_owned()))?;
        if columns.contains(col) {
            return Err(FileError::DuplicateColumn(id));
        }
        columns.push(col);
    }
    if !columns.iter().any(|c| NAME_COLUMNS.contains(c)) {
        return Err(FileError::NoNameColumn);
    }
    let mut list = ReferralList::default();
    let mut references: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines at the end of spreadsheets
        }
        list.total += 1;
        if record.len() != columns.len() {
            list.errors.push(RowError {
                line,
                field: "row".into(),
                reason: Message::new(
                    "err-row-cells",
                    vec![
                        ("cells", Arg::from(record.len())),
                        ("columns", Arg::from(columns.len())),
                    ],
                ),
            });
            continue;
        }
        let cells: Vec<(&'static str, &str)> = columns.iter().copied().zip(record.iter()).collect();
        match check_row(line, &cells, form, today) {
            Ok(row) => {
                if let Some(reference) = row.get("reference") {
                    if let Some(first) = references.get(reference) {
                        list.errors.push(RowError {
                            line,
                            field: "reference".into(),
                            reason: Message::new(
                                "err-reference-repeat",
                                vec![("value", Arg::from(reference)), ("line", Arg::from(*first))],
                            ),
                        });
                        continue;
                    }
                    references.insert(reference.to_owned(), line);
                }
                list.rows.push(row);
            }
            Err(errors) => list.errors.extend(errors),
        }
    }
    Ok(list)
}

fn csv_error(e: &csv::Error) -> FileError {
    FileError::Csv {
        line: e.position().map_or(0, |p| p.line()),
        message: match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
            _ => "the CSV is malformed (check quotes)".to_owned(),
        },
    }
}

/// Checks every cell of one row with the form's engine (each value by its
/// field's type, then the fields' constraints, such as the IIN agreeing
/// with the birth date); all problems are reported, not just the first.
fn check_row(
    line: u64,
    cells: &[(&'static str, &str)],
    form: &Form,
    today: NaiveDate,
) -> Result<ReferralRow, Vec<RowError>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    let mut checked = Values::default();
    for &(column, raw) in cells {
        let Some(field) = form.field(column) else {
            continue; // every column is a field the form must have (see form::check)
        };
        match form.parse_input(field, raw, today) {
            Ok(Some(v)) => {
                checked.fields.insert(column.to_owned(), v.clone());
                values.push((column, v));
            }
            Ok(None) => {}
            Err(e) => errors.push(RowError {
                line,
                field: column.to_owned(),
                reason: e.message(),
            }),
        }
    }
    for issue in form.check_values(&checked, today) {
        if issue.level == Level::Error {
            errors.push(RowError {
                line,
                field: issue.path,
                reason: issue.message,
            });
        }
    }
    let has_name = cells
        .iter()
        .any(|(c, v)| NAME_COLUMNS.contains(c) && !v.trim().is_empty());
    if !has_name {
        errors.push(RowError {
            line,
            field: "name".into(),
            reason: Message::new("err-no-name", Vec::new()),
        });
    }
    if errors.is_empty() {
        Ok(ReferralRow { line, values })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
