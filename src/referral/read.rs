//! Reading a referral list one row at a time: whatever the file's size,
//! only one row (and a fixed-size key for each reference seen) is held.

use super::{COLUMNS, FileError, NAME_COLUMNS, ReferralRow, RowError};
use crate::form::{Checker, Form, Level, Values};
use crate::i18n::{Arg, Message};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// How much of the file is read at a time (the header line must fit).
const BUFFER: usize = 64 << 10;

/// A fixed-size key for a text (a reference, a person's names and birth
/// date): sets of them stay small however long the texts are.
pub(super) type TextKey = [u8; 16];

pub(super) fn text_key(text: &str) -> TextKey {
    let digest = Sha256::digest(text.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// One data row of the list, checked.
#[derive(Debug)]
pub enum Row {
    /// Every value passed.
    Good(ReferralRow),
    /// Every problem the row has.
    Bad(Vec<RowError>),
}

/// The rows of a referral list, each checked as it is read.
pub struct Rows<'f, R: Read> {
    reader: csv::Reader<BufReader<R>>,
    record: csv::StringRecord,
    columns: Vec<&'static str>,
    /// Each reference seen so far and its line (a reference used twice in
    /// one file is an error on the second line).
    references: HashMap<TextKey, u64>,
    form: &'f Form,
    checker: Checker<'f>,
    today: NaiveDate,
}

impl<'f> Rows<'f, File> {
    /// Opens a referral list and reads its header.
    pub fn open(path: &Path, form: &'f Form, today: NaiveDate) -> Result<Self, FileError> {
        let file = File::open(path).map_err(|source| FileError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::new(file, form, today).map_err(|e| match e {
            FileError::Read { source, .. } => FileError::Read {
                path: path.display().to_string(),
                source,
            },
            other => other,
        })
    }
}

impl<'f, R: Read> Rows<'f, R> {
    /// Reads the header of a list from any reader.
    pub fn new(input: R, form: &'f Form, today: NaiveDate) -> Result<Self, FileError> {
        let mut input = BufReader::with_capacity(BUFFER, input);
        let read_error = |source| FileError::Read {
            path: String::new(),
            source,
        };
        // Excel writes a byte-order mark, and in Russian locales ';' between cells.
        let head = input.fill_buf().map_err(read_error)?;
        let bom = head.starts_with("\u{feff}".as_bytes());
        let head = if bom { &head[3..] } else { head };
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let count = |c: u8| first_line.iter().filter(|&&b| b == c).count();
        let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
        if bom {
            input.consume(3);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(BUFFER)
            .from_reader(input);
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
        Ok(Self {
            reader,
            record: csv::StringRecord::new(),
            columns,
            references: HashMap::new(),
            form,
            checker: form.checker(today),
            today,
        })
    }

    /// The next data row, checked (`None` at the end of the file); blank
    /// rows, as spreadsheets leave at the end, are passed over.
    pub fn next_row(&mut self) -> Option<Result<Row, FileError>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => return Some(Err(csv_error(&e))),
            }
            if !self.record.iter().all(|c| c.trim().is_empty()) {
                return Some(Ok(self.check()));
            }
        }
    }

    fn check(&mut self) -> Row {
        let record = &self.record;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != self.columns.len() {
            return Row::Bad(vec![RowError {
                line,
                field: "row".into(),
                reason: Message::new(
                    "err-row-cells",
                    vec![
                        ("cells", Arg::from(record.len())),
                        ("columns", Arg::from(self.columns.len())),
                    ],
                ),
            }]);
        }
        let cells: Vec<(&'static str, &str)> = self.columns.iter().copied().zip(record.iter()).collect();
        match check_row(line, &cells, self.form, &self.checker, self.today) {
            Ok(row) => {
                if let Some(reference) = row.get("reference") {
                    let first = *self.references.entry(text_key(reference)).or_insert(line);
                    if first != line {
                        return Row::Bad(vec![RowError {
                            line,
                            field: "reference".into(),
                            reason: Message::new(
                                "err-reference-repeat",
                                vec![("value", Arg::from(reference)), ("line", Arg::from(first))],
                            ),
                        }]);
                    }
                }
                Row::Good(row)
            }
            Err(errors) => Row::Bad(errors),
        }
    }
}

/// What checking a whole list found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Data rows in the file.
    pub total: u64,
    /// Rows with at least one problem.
    pub bad: u64,
}

impl Checked {
    /// Counts one row.
    pub fn count(&mut self, row: &Row) {
        self.total += 1;
        if matches!(row, Row::Bad(_)) {
            self.bad += 1;
        }
    }
}

/// Checks every row of a list, handing each problem to `problem` as it is
/// found (nothing is kept).
pub fn check<R: Read>(
    mut rows: Rows<'_, R>,
    mut problem: impl FnMut(&RowError),
) -> Result<Checked, FileError> {
    let mut checked = Checked::default();
    while let Some(row) = rows.next_row() {
        let row = row?;
        checked.count(&row);
        if let Row::Bad(errors) = &row {
            errors.iter().for_each(&mut problem);
        }
    }
    Ok(checked)
}

fn csv_error(e: &csv::Error) -> FileError {
    let line = e.position().map_or(0, |p| p.line());
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => FileError::NotUtf8(line),
        csv::ErrorKind::Io(io) => FileError::Read {
            path: String::new(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        _ => FileError::Malformed(line),
    }
}

/// Checks every cell of one row with the form's engine (each value by its
/// field's type, then the fields' constraints, such as the IIN agreeing
/// with the birth date); all problems are reported, not just the first.
fn check_row(
    line: u64,
    cells: &[(&'static str, &str)],
    form: &Form,
    checker: &Checker<'_>,
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
    for issue in checker.check_values(&checked) {
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
