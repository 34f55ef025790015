//! `export-table`: one row per record with its current values, and one
//! sheet (or CSV file) per repeat group linked by record id — written while
//! the records are read, so memory does not grow with the database.

use super::kanon::Level;
use super::{ReportError, check_folder, folder_of};
use crate::form::{Field, Form, Kind, PreciseDate};
use crate::i18n::Texts;
use crate::safe_csv::SafeCsv;
use crate::store::{Purpose, Store};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Rows handed to the writing thread at a time.
const BATCH: usize = 2048;

/// Rows on their way to the writer: (sheet, cells).
type Batch = Vec<(usize, Vec<String>)>;

/// What the reading thread sends the writing thread.
enum Piece {
    /// More rows.
    Rows(Batch),
    /// Every record was read: the files may take their names.
    End,
}

/// The most data rows a worksheet holds (one row is the header).
const XLSX_ROWS: u32 = 1_048_575;

/// The two table formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// A folder with `records.csv` and one `<group>.csv` per repeat group.
    Csv,
    /// One workbook with a `records` sheet and one sheet per repeat group.
    Xlsx,
}

/// What `export-table` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableExport {
    /// Records written (one row each).
    pub records: u64,
    /// Repeat-group entries written.
    pub entries: u64,
    /// The sheets (or files without `.csv`), in order.
    pub sheets: Vec<String>,
    /// Records left out of a de-identified export: the person did not
    /// consent to anonymous statistics.
    pub left_out: u64,
    /// Records left out because no consent is recorded (a referral list)
    /// or it was refused: only internal exports hold them.
    pub no_consent: u64,
    /// Records left out because the person did not agree to this purpose
    /// (sharing with an authority, with UNHCR, legal assistance).
    pub declined: u64,
    /// In an export to an authority: the authorities the people in it
    /// agreed to, as they named them, with how many named each (for the
    /// coordinator to compare with the recipient).
    pub authorities: BTreeMap<String, u64>,
    /// In a de-identified export: what k-anonymity did.
    pub anonymity: super::kanon::Applied,
}

/// For whom an export is made: the purpose decides whose records are in
/// it; a recipient's key, that it is encrypted.
pub struct Audience {
    /// Why they receive it.
    pub purpose: Purpose,
    /// The recipient's name and key (`None`: plaintext, for the
    /// coordinator's own use).
    pub sealed_to: Option<(String, age::x25519::Recipient)>,
    /// In a de-identified export, how many people must share each
    /// combination of the quasi-identifiers kept.
    pub k: u64,
}

impl Audience {
    /// The coordinator's own plaintext copy: everyone.
    pub fn own() -> Self {
        Audience {
            purpose: Purpose::Internal,
            sealed_to: None,
            k: super::kanon::DEFAULT_K,
        }
    }
}

/// Why a record is not in an export, if it is not.
enum Out {
    /// No consent recorded, or refused (and the export is not internal).
    NoConsent,
    /// Not to this purpose.
    Declined,
    /// De-identified, and no consent to anonymous statistics.
    NoStatistics,
}

fn left_out_for(purpose: Purpose, deidentified: bool, values: &Map<String, Value>) -> Option<Out> {
    let yes = |f: &str| values.get(f) == Some(&Value::Bool(true));
    if !purpose.agreed(&yes) {
        return Some(if yes("consent_obtained") {
            Out::Declined
        } else {
            Out::NoConsent
        });
    }
    (deidentified && values.get("consent_statistics") == Some(&Value::Bool(false)))
        .then_some(Out::NoStatistics)
}

/// What happens to a field's values in the export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    Value,
    /// Only the year of a date.
    Year,
    Drop,
}

/// The fields marked identifying that a de-identified export keeps (the
/// birth date as its year only): what the statistics are broken down by.
const KEPT_IDENTIFYING: [&str; 3] = ["sex", "birth_date", "birth_country"];

/// The columns of a de-identified records sheet.
const DEIDENTIFIED_COLUMNS: [&str; 6] = [
    "sex",
    "birth_date",
    "birth_country",
    "oblast",
    "category",
    "status",
];

/// What a field becomes: de-identified exports drop names, IIN, phone,
/// links and free text (which can hold any of them) and every other field
/// the form marks identifying, and keep only the year of a date.
fn keep(field: &Field, top_level: bool, deidentified: bool) -> Keep {
    if !deidentified {
        return Keep::Value;
    }
    // De-identified: only the quasi-identifiers k-anonymity covers, and
    // the case's status. Any other column (a rare language, a need, a
    // year of a decision) or a group's rows (how many children, which
    // documents) could single a person out inside their class.
    if !top_level || !DEIDENTIFIED_COLUMNS.contains(&field.id.as_str()) {
        return Keep::Drop;
    }
    if top_level && field.identifying && !KEPT_IDENTIFYING.contains(&field.id.as_str()) {
        return Keep::Drop;
    }

    match field.kind {
        Kind::Name | Kind::Iin | Kind::Phone | Kind::RecordLink | Kind::Text | Kind::Repeat => Keep::Drop,
        Kind::Date => Keep::Year,
        Kind::Integer
        | Kind::Choice
        | Kind::MultiChoice
        | Kind::YesNo
        | Kind::Region
        | Kind::Country
        | Kind::Language => Keep::Value,
    }
}

/// One output sheet: its name and its columns.
struct Sheet<'f> {
    name: String,
    /// (field, what to keep) of the value columns.
    columns: Vec<(&'f Field, Keep)>,
}

/// The sheets of the export: `records`, then every repeat group (in a
/// de-identified export a group may keep only its record and entry numbers).
fn sheets(form: &Form, deidentified: bool) -> (Sheet<'_>, Vec<Sheet<'_>>) {
    fn kept<'f>(
        fields: impl Iterator<Item = &'f Field>,
        top: bool,
        deidentified: bool,
    ) -> Vec<(&'f Field, Keep)> {
        fields
            .map(|f| (f, keep(f, top, deidentified)))
            .filter(|(_, k)| *k != Keep::Drop)
            .collect()
    }
    let records = Sheet {
        name: "records".to_owned(),
        columns: kept(
            form.fields().filter(|f| f.kind != Kind::Repeat),
            true,
            deidentified,
        ),
    };
    // A de-identified export has the records sheet only.
    let groups = form
        .fields()
        .filter(|f| f.kind == Kind::Repeat && !deidentified)
        .map(|g| Sheet {
            name: g.id.clone(),
            columns: kept(g.fields.iter(), false, deidentified),
        })
        .collect();
    (records, groups)
}

use super::rows::Rows;

/// One CSV file per sheet in a folder, each written to a temporary file
/// beside it and renamed at the end, so a failed export leaves no half file.
struct CsvFolder {
    files: Vec<(SafeCsv<BufWriter<NamedTempFile>>, PathBuf)>,
}

impl Rows for CsvFolder {
    fn row(&mut self, sheet: usize, cells: &[String]) -> Result<(), ReportError> {
        let (w, path) = &mut self.files[sheet];
        w.row(cells).map_err(|e| ReportError::csv(path, e))
    }

    fn finish(self: Box<Self>) -> Result<(), ReportError> {
        // Everything is flushed before any file gets its name, so a failure
        // leaves the folder as it was.
        let mut flushed = Vec::new();
        for (w, path) in self.files {
            let file = w.into_inner().map_err(|e| ReportError::write(&path, e))?;
            flushed.push((file, path));
        }
        for (file, path) in flushed {
            persist(file, &path)?;
        }
        Ok(())
    }
}

/// Flushes a temporary file and gives it its final name.
fn persist(file: BufWriter<NamedTempFile>, path: &Path) -> Result<(), ReportError> {
    let file = file
        .into_inner()
        .map_err(|e| ReportError::write(path, e.into_error()))?;
    file.persist(path)
        .map_err(|e| ReportError::write(path, e.error))?;
    Ok(())
}

/// A workbook whose sheets keep only the row being written in memory
/// (rust_xlsxwriter's constant-memory mode). Its temporary files are made in
/// the output's folder, unnamed, and gone when the export ends: personal
/// data goes nowhere the user did not choose.
struct XlsxFile {
    book: Workbook,
    next: Vec<u32>,
    names: Vec<String>,
    path: PathBuf,
}

impl Rows for XlsxFile {
    fn row(&mut self, sheet: usize, cells: &[String]) -> Result<(), ReportError> {
        let row = self.next[sheet];
        if row > XLSX_ROWS {
            return Err(ReportError::TooManyRows(self.names[sheet].clone()));
        }
        self.next[sheet] += 1;
        let ws: &mut Worksheet = self
            .book
            .worksheet_from_index(sheet)
            .map_err(|e| ReportError::xlsx(&self.path, e))?;
        for (c, cell) in cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string(row, c, cell)
                .map_err(|e| ReportError::xlsx(&self.path, e))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ReportError> {
        let path = self.path.clone();
        let file = NamedTempFile::new_in(folder_of(&path)).map_err(|e| ReportError::write(&path, e))?;
        let mut out = BufWriter::new(file);
        self.book
            .save_to_writer(&mut out)
            .map_err(|e| ReportError::xlsx(&path, e))?;
        persist(out, &path)
    }
}

/// The files the rows go to, as temporary files until the end.
fn open_rows(
    format: TableFormat,
    out: &Path,
    all: &[&Sheet],
    sealed_to: Option<&age::x25519::Recipient>,
) -> Result<Box<dyn Rows>, ReportError> {
    Ok(match format {
        // The workbook's library keeps its rows in plaintext temporary
        // files while it writes: never for a recipient.
        TableFormat::Xlsx if sealed_to.is_some() => return Err(ReportError::SealedWorkbook),
        TableFormat::Csv if let Some(to) = sealed_to => {
            let names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
            Box::new(super::sealed::SealedCsv::open(out, &names, to.clone())?)
        }
        TableFormat::Csv => {
            crate::store::create_private_dir(out).map_err(|e| ReportError::write(out, e))?;
            let mut files = Vec::new();
            for sheet in all {
                let path = out.join(format!("{}.csv", sheet.name));
                let file = NamedTempFile::new_in(out).map_err(|e| ReportError::write(&path, e))?;
                files.push((SafeCsv::new(BufWriter::new(file)), path));
            }
            Box::new(CsvFolder { files })
        }
        TableFormat::Xlsx => {
            let mut book = Workbook::new();
            // The fastest deflate: at 100,000 records the export took 5.1 s
            // instead of 6.0 s, for a file of 42 MB instead of 26 MB.
            book.set_zip_compression_level(1);
            book.set_tempdir(folder_of(out))
                .map_err(|e| ReportError::xlsx(out, e))?;
            for sheet in all {
                book.add_worksheet_with_constant_memory()
                    .and_then(|ws| ws.set_name(&sheet.name).map(drop))
                    .map_err(|e| ReportError::xlsx(out, e))?;
            }
            Box::new(XlsxFile {
                book,
                next: vec![0; all.len()],
                names: all.iter().map(|s| s.name.clone()).collect(),
                path: out.to_owned(),
            })
        }
    })
}

/// Writes every record (not deleted) and every live repeat-group entry;
/// choices by their labels in `texts`' language. Recorded in the audit
/// trail. The coordinator's own plaintext copy (see [`export_table_for`]).
pub fn export_table(
    store: &Store,
    form: &Form,
    texts: &Texts,
    format: TableFormat,
    out: &Path,
    deidentified: bool,
    today: NaiveDate,
) -> Result<TableExport, ReportError> {
    export_table_for(
        store,
        form,
        texts,
        format,
        out,
        deidentified,
        today,
        &Audience::own(),
    )
}

/// [`export_table`] for `audience`: only the records of people who agreed
/// to its purpose (in every sheet: a group's entries go with their
/// record), encrypted to its recipient when it has one: CSV files as one
/// zip, in one age file at `out`.
#[allow(clippy::too_many_arguments)]
pub fn export_table_for(
    store: &Store,
    form: &Form,
    texts: &Texts,
    format: TableFormat,
    out: &Path,
    deidentified: bool,
    today: NaiveDate,
    audience: &Audience,
) -> Result<TableExport, ReportError> {
    let (records, groups) = sheets(form, deidentified);
    let plan = Plan {
        form,
        texts,
        today,
        deidentified,
        records,
        groups,
    };
    // Attachments are listed (name, type, size, hash), never their
    // content; a de-identified export has none.
    let attachments = Sheet {
        name: ATTACHMENTS_SHEET.to_owned(),
        columns: Vec::new(),
    };
    let mut all: Vec<&Sheet> = std::iter::once(&plan.records).chain(&plan.groups).collect();
    if !deidentified {
        all.push(&attachments);
    }
    let headers: Vec<Vec<String>> = all
        .iter()
        .enumerate()
        .map(|(i, sheet)| match sheet.name.as_str() {
            ATTACHMENTS_SHEET if i > plan.groups.len() => plan.attachment_header(),
            _ => plan.header(sheet, i == 0),
        })
        .collect();
    check_folder(out)?;
    let mut rows = open_rows(format, out, &all, audience.sealed_to.as_ref().map(|(_, k)| k))?;
    let mut done = TableExport {
        records: 0,
        entries: 0,
        sheets: all.iter().map(|s| s.name.clone()).collect(),
        left_out: 0,
        no_consent: 0,
        declined: 0,
        authorities: BTreeMap::new(),
        anonymity: Default::default(),
    };
    // Who is in it (not a de-identified one: no person's data is): noted
    // with its audit entry, for the people's own reports.
    let mut held: Vec<crate::domain::RecordId> = Vec::new();
    let mut rule = super::kanon::Rule::new(audience.k);
    // Both passes read one snapshot: a record written meanwhile by another
    // window can neither be missing from the counts nor added unchecked.
    store.snapshot(|store| -> Result<(), ReportError> {
        // A de-identified export counts the combinations first.
        if deidentified {
            store.each_current_by(&mut |_, _, values| {
                if left_out_for(audience.purpose, true, values).is_none() {
                    rule.count(super::kanon::Quasi::of(values, today));
                }
            })?;
            rule.decide();
        }
        // Reading and formatting on this thread, writing on another: the two
        // halves take about as long. The channel is bounded, so memory stays flat.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Piece>(8);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> Result<(), ReportError> {
                for piece in receiver {
                    match piece {
                        Piece::Rows(batch) => {
                            for (sheet, cells) in batch {
                                rows.row(sheet, &cells)?;
                            }
                        }
                        // Only a complete read is written out; otherwise the
                        // temporary files are dropped, and with them the rows.
                        Piece::End => return rows.finish(),
                    }
                }
                Ok(())
            });
            let mut batch: Batch = headers.into_iter().enumerate().collect();
            let mut stopped = false;
            let mut deid: Vec<Vec<String>> = Vec::new();
            let read = store.each_current_by(&mut |id, worker, values| {
                if stopped {
                    return;
                }
                match left_out_for(audience.purpose, deidentified, values) {
                    Some(Out::NoConsent) => {
                        done.no_consent += 1;
                        return;
                    }
                    Some(Out::Declined) => {
                        done.declined += 1;
                        return;
                    }
                    Some(Out::NoStatistics) => {
                        done.left_out += 1;
                        return;
                    }
                    None => {}
                }
                let level = match deidentified {
                    false => None,
                    true => {
                        let level = rule.level(&super::kanon::Quasi::of(values, today));
                        super::kanon::Rule::tally(&mut done.anonymity, level);
                        // Rarer than k even generalised: suppressed, with its entries.
                        let Some(level) = level else { return };
                        Some(level)
                    }
                };
                if audience.purpose == Purpose::Authority {
                    let named = values
                        .get("consent_authority_name")
                        .and_then(Value::as_str)
                        .map_or_else(String::new, |n| n.trim().to_owned());
                    *done.authorities.entry(named).or_default() += 1;
                }
                done.records += 1;
                if !deidentified {
                    held.push(id);
                }
                if deidentified {
                    // Held back, to be written sorted: in the order records
                    // came (by laptop, by day) a row's neighbours would tell
                    // what its generalised cells hide.
                    let mut one = Batch::new();
                    plan.write_record(&mut one, "", worker, values, level);
                    deid.extend(one.into_iter().map(|(_, row)| row));
                    return;
                }
                done.entries += plan.write_record(&mut batch, &id.to_string(), worker, values, level);
                if batch.len() >= BATCH {
                    // A refused send means the writer stopped on an error, which `join` returns.
                    stopped = sender.send(Piece::Rows(std::mem::take(&mut batch))).is_err();
                }
            });
            // The de-identified rows, sorted by their cells, then numbered.
            deid.sort_by(|a, b| a[1..].cmp(&b[1..]));
            for (n, mut row) in deid.drain(..).enumerate() {
                if stopped || read.is_err() {
                    break;
                }
                row[0] = (n + 1).to_string();
                batch.push((0, row));
                if batch.len() >= BATCH {
                    stopped = sender.send(Piece::Rows(std::mem::take(&mut batch))).is_err();
                }
            }
            if !stopped && read.is_ok() {
                // As above: an error of the writer comes from `join`.
                let _ = sender.send(Piece::Rows(batch));
                let _ = sender.send(Piece::End);
            }
            drop(sender);
            let wrote = writer.join().unwrap_or_else(|_| Err(ReportError::WriterStopped));
            read.map_err(ReportError::from).and(wrote)
        })
    })?;
    let to = match &audience.sealed_to {
        Some((name, key)) => format!("to {name} ({}, {key}), encrypted", audience.purpose.as_str()),
        None => "plaintext, own use".to_owned(),
    };
    store.audit_export(
        "export-table",
        &format!(
            "{} {}{} {to}: {} records, {} entries, {} left out (no consent {}, declined {}, no statistics {}, suppressed {}), {} cells generalised",
            match format {
                TableFormat::Csv => "csv",
                TableFormat::Xlsx => "xlsx",
            },
            // The folder only: a file's name could name someone.
            match (format, &audience.sealed_to) {
                (TableFormat::Csv, None) => out.display(),
                _ => folder_of(out).display(),
            },
            if deidentified {
                format!(" (de-identified, k = {})", audience.k)
            } else {
                String::new()
            },
            done.records,
            done.entries,
            done.left_out + done.no_consent + done.declined + done.anonymity.suppressed,
            done.no_consent,
            done.declined,
            done.left_out,
            done.anonymity.suppressed,
            done.anonymity.generalised,
        ),
        audience.sealed_to.as_ref().map(|(name, _)| name.as_str()),
        &held,
    )?;
    Ok(done)
}

/// The sheet (or file) listing attachments.
const ATTACHMENTS_SHEET: &str = "attachments";

/// What is exported, and how.
struct Plan<'a> {
    form: &'a Form,
    texts: &'a Texts,
    today: NaiveDate,
    deidentified: bool,
    records: Sheet<'a>,
    groups: Vec<Sheet<'a>>,
}

impl Plan<'_> {
    /// The header row: the id columns (and who recorded the person, unless
    /// de-identified: a worker's name narrows down where and when), then
    /// each field's label.
    fn header(&self, sheet: &Sheet, top: bool) -> Vec<String> {
        let mut cells = vec![self.texts.text("export-col-record", &[])];
        if !top {
            cells.push(self.texts.text("export-col-entry", &[]));
        } else if !self.deidentified {
            cells.push(self.texts.text("export-col-recorded-by", &[]));
        }
        for (field, _) in &sheet.columns {
            cells.push(self.form.text(self.texts, &field.label));
            if top && field.id == "birth_date" {
                cells.push(self.texts.text("export-col-age-band", &[]));
            }
        }
        cells
    }

    /// The attachments sheet's header.
    fn attachment_header(&self) -> Vec<String> {
        [
            "export-col-record",
            "export-col-entry",
            "export-col-file",
            "export-col-type",
            "export-col-bytes",
            "export-col-sha256",
            "export-col-document",
        ]
        .iter()
        .map(|k| self.texts.text(k, &[]))
        .collect()
    }

    /// A value as the export writes it.
    fn cell(&self, field: &Field, keep: Keep, value: Option<&Value>) -> String {
        let date = || {
            value
                .and_then(Value::as_str)
                .and_then(|s| PreciseDate::parse_stored(s, self.today))
        };
        match (keep, value) {
            (Keep::Year, _) => date().map(|d| d.year.to_string()).unwrap_or_default(),
            (_, Some(Value::String(s))) if field.kind == Kind::Date => s.clone(),
            _ => self.form.display(self.texts, Some(field), value),
        }
    }

    /// Writes one record's row and its entries' rows; returns the entries written.
    fn write_record(
        &self,
        rows: &mut Batch,
        key: &str,
        worker: Option<&str>,
        values: &Map<String, Value>,
        level: Option<Level>,
    ) -> u64 {
        let mut row = vec![key.to_owned()];
        if !self.deidentified {
            row.push(worker.unwrap_or_default().to_owned());
        }
        let at_least = |l: Level| level.is_some_and(|at| at >= l);
        for (field, keep) in &self.records.columns {
            let value = values.get(&field.id);
            row.push(match field.id.as_str() {
                "birth_date" if at_least(Level::Band) => {
                    let year = value
                        .and_then(Value::as_str)
                        .and_then(|s| PreciseDate::parse_stored(s, self.today))
                        .map(|d| super::kanon::band(d.year));
                    year.map_or_else(String::new, |b| format!("{b}–{}", b + 4))
                }
                "oblast" if at_least(Level::Oblast) => self.texts.text("export-other-oblast", &[]),
                "birth_country" if at_least(Level::Country) => self.texts.text("export-other-country", &[]),
                _ => self.cell(field, *keep, value),
            });
            // A generalised birth year says no age band (it could split its group).
            if field.id == "birth_date" && at_least(Level::Band) {
                row.push(String::new());
            } else if field.id == "birth_date" {
                let band = values
                    .get("birth_date")
                    .and_then(Value::as_str)
                    .and_then(|s| PreciseDate::parse_stored(s, self.today))
                    .map(|d| d.age_band_on(self.today));
                row.push(band.map_or_else(String::new, |b| {
                    self.form.text(self.texts, &Form::choice_label("age_band", b))
                }));
            }
        }
        rows.push((0, row));
        // The entries of each group: entry id → field → value.
        let mut entries: BTreeMap<&str, BTreeMap<&str, BTreeMap<&str, &Value>>> = BTreeMap::new();
        for (path, value) in values {
            let mut parts = path.splitn(3, '/');
            if let (Some(group), Some(entry), Some(field)) = (parts.next(), parts.next(), parts.next()) {
                entries
                    .entry(group)
                    .or_default()
                    .entry(entry)
                    .or_default()
                    .insert(field, value);
            }
        }
        let mut written = 0;
        for (s, sheet) in self.groups.iter().enumerate() {
            let Some(group) = entries.get(sheet.name.as_str()) else {
                continue;
            };
            let live = group
                .iter()
                .filter(|(_, f)| f.get("_deleted").copied() != Some(&Value::Bool(true)));
            for (n, (entry, fields)) in live.enumerate() {
                // Entry ids are time-ordered: a de-identified export numbers them instead.
                let entry_key = if self.deidentified {
                    (n + 1).to_string()
                } else {
                    (*entry).to_owned()
                };
                let mut row = vec![key.to_owned(), entry_key];
                for (field, keep) in &sheet.columns {
                    row.push(self.cell(field, *keep, fields.get(field.id.as_str()).copied()));
                }
                rows.push((s + 1, row));
                written += 1;
            }
        }
        if !self.deidentified
            && let Some(group) = entries.get(crate::attach::GROUP)
        {
            let sheet = self.groups.len() + 1;
            for (entry, fields) in group {
                let Some(a) = fields
                    .get(crate::attach::FILE)
                    .and_then(|v| crate::attach::Attachment::from_value(v))
                else {
                    continue;
                };
                if fields.get("_deleted").copied() == Some(&Value::Bool(true)) {
                    continue;
                }
                rows.push((
                    sheet,
                    vec![
                        key.to_owned(),
                        (*entry).to_owned(),
                        a.name,
                        a.kind.mime().to_owned(),
                        a.size.to_string(),
                        a.sha256,
                        a.document.unwrap_or_default(),
                    ],
                ));
                written += 1;
            }
        }
        written
    }
}
