//! The coordinator's reports and data exports: the campaign statistics
//! (stocks on a date, flows in a period, operations) as text, CSV, JSON,
//! XLSX or one HTML page, and `export-table`, the records as spreadsheets.
//! Every file written is recorded in the audit trail.

mod export;
mod facts;
mod factsheet;
mod html;
pub mod kanon;
pub mod person;
mod render;
mod rows;
mod scope;
mod sealed;
mod stats;
mod xlsx;

pub use export::{Audience, TableExport, TableFormat, export_table, export_table_for};
pub use facts::{CATEGORIES, Facts, OUTCOMES};
pub use factsheet::{Factsheet, Figure, Names, Shown};
pub use html::{escape, html};
pub use scope::Scope;
pub use stats::{Dim, Median, Row, Statistics, Table, compute, read_facts, statistics};

use crate::store::StoreError;
use std::path::{Path, PathBuf};

/// The formats of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// A factsheet to read.
    Text,
    /// One line per cell.
    Csv,
    /// The tables with codes and labels.
    Json,
    /// A workbook (needs a file).
    Xlsx,
    /// One self-contained page.
    Html,
}

impl ReportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Html => "html",
        }
    }
}

/// Why a report or an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be written.
    #[error("cannot write {path}: {}", reason(source))]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The folder to write in does not exist.
    #[error("cannot write {0}: its folder does not exist")]
    NoFolder(PathBuf),
    /// The spreadsheet could not be made.
    #[error("cannot write the spreadsheet {path}: {reason}")]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The writing thread stopped without saying why.
    #[error("the export stopped unexpectedly; nothing was written")]
    WriterStopped,
    /// A workbook for a recipient: its library would keep its rows in
    /// plaintext files while it writes.
    #[error("an export for a recipient is a zip of CSV files; give --format csv")]
    SealedWorkbook,
    /// A sheet would pass the spreadsheet row limit.
    #[error("“{0}” has more entries than a spreadsheet sheet holds (1,048,575); export with --format csv")]
    TooManyRows(String),
}

/// Why a write failed, in words, without the temporary file's name that
/// some errors carry.
fn reason(e: &std::io::Error) -> String {
    std::io::Error::from(e.kind()).to_string()
}

/// Refuses a path whose folder is missing, before anything is written.
fn check_folder(path: &Path) -> Result<(), ReportError> {
    if folder_of(path).is_dir() {
        Ok(())
    } else {
        Err(ReportError::NoFolder(path.to_owned()))
    }
}

impl ReportError {
    fn write(path: &Path, source: std::io::Error) -> Self {
        ReportError::Write {
            path: path.to_owned(),
            source,
        }
    }

    fn csv(path: &Path, e: csv::Error) -> Self {
        ReportError::write(path, e.into())
    }

    fn xlsx(path: &Path, e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Xlsx {
            path: path.to_owned(),
            reason: e.to_string(),
        }
    }
}

/// The report in a format, as bytes.
pub fn render(sheet: &Factsheet, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
    let here = Path::new("report");
    Ok(match format {
        ReportFormat::Text => render::text(sheet).into_bytes(),
        ReportFormat::Html => html(sheet).into_bytes(),
        ReportFormat::Json => {
            let mut out = serde_json::to_vec_pretty(&render::json(sheet))
                .map_err(|e| ReportError::write(here, e.into()))?;
            out.push(b'\n');
            out
        }
        ReportFormat::Csv => {
            let mut out = Vec::new();
            render::csv(sheet, &mut out).map_err(|e| ReportError::csv(here, e))?;
            out
        }
        ReportFormat::Xlsx => xlsx::workbook(sheet)
            .and_then(|mut book| book.save_to_buffer())
            .map_err(|e| ReportError::xlsx(here, e))?,
    })
}

/// Writes the report to a file (through a temporary file beside it, so a
/// failure leaves no half file) and records it in the audit trail.
pub fn write_report(
    store: &crate::store::Store,
    sheet: &Factsheet,
    format: ReportFormat,
    path: &Path,
) -> Result<(), ReportError> {
    use std::io::Write as _;
    check_folder(path)?;
    let bytes = render(sheet, format)?;
    let mut file =
        tempfile::NamedTempFile::new_in(folder_of(path)).map_err(|e| ReportError::write(path, e))?;
    file.write_all(&bytes).map_err(|e| ReportError::write(path, e))?;
    file.persist(path)
        .map_err(|e| ReportError::write(path, e.error))?;
    audit_report(store, sheet, format, Some(path))
}

/// Records a report in the audit trail: its format, where it went, its
/// scope.
pub fn audit_report(
    store: &crate::store::Store,
    sheet: &Factsheet,
    format: ReportFormat,
    path: Option<&Path>,
) -> Result<(), ReportError> {
    let scope = sheet.stats.scope;
    let place = path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let suppressed = scope
        .suppress_below
        .map_or_else(String::new, |n| format!(", cells under {n} hidden"));
    store.audit(
        "report",
        &format!(
            "{} to {place}: as of {}, period {} to {}{suppressed}",
            format.extension(),
            scope.as_of,
            scope.from,
            scope.to
        ),
    )?;
    Ok(())
}

/// The folder a file is written in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
