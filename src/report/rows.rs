//! Where an export's rows go: a folder of CSV files, a workbook, or the
//! zip encrypted to a recipient.

use super::ReportError;

/// Where the rows go.
pub(super) trait Rows: Send {
    /// One row of sheet number `sheet`.
    fn row(&mut self, sheet: usize, cells: &[String]) -> Result<(), ReportError>;
    /// Every row was given: the output takes its name.
    fn finish(self: Box<Self>) -> Result<(), ReportError>;
}
