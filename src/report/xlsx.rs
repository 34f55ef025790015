//! A factsheet as a workbook: a summary sheet with the headline figures,
//! then one sheet per table (named by the table's id, titled in the
//! report's language).

use super::factsheet::Factsheet;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The workbook, in memory (a report is small).
pub fn workbook(sheet: &Factsheet) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let summary = book.add_worksheet().set_name("summary")?;
    summary.write_with_format(0, 0, &sheet.title, &title)?;
    let mut row = 1;
    for line in &sheet.subtitle {
        summary.write(row, 0, line)?;
        row += 1;
    }
    row += 1;
    for f in &sheet.headline {
        let label = format!("{}{}", "    ".repeat(usize::from(f.depth)), f.label);
        summary.write(row, 0, label)?;
        match f.value.as_deref().map(str::parse::<f64>) {
            Some(Ok(n)) => summary.write_number_with_format(row, 1, n, &bold)?,
            _ => summary.write_with_format(row, 1, sheet.value(f), &bold)?,
        };
        row += 1;
    }
    summary.set_column_width(0, 60)?;
    for t in &sheet.tables {
        let ws = book.add_worksheet().set_name(t.id)?;
        ws.write_with_format(0, 0, &t.title, &title)?;
        ws.write_with_format(2, 0, &t.row_header, &bold)?;
        for (c, label) in t.columns.iter().enumerate() {
            ws.write_with_format(2, col(c + 1), label, &bold)?;
        }
        let mut rows: Vec<(&str, &Vec<Option<u64>>)> =
            t.rows.iter().map(|(_, l, cells)| (l.as_str(), cells)).collect();
        if let Some(total) = &t.total {
            rows.push((&sheet.total_label, total));
        }
        for (r, (label, cells)) in (3..).zip(rows) {
            ws.write(r, 0, label)?;
            for (c, n) in cells.iter().enumerate() {
                match n {
                    Some(n) => ws.write_number(r, col(c + 1), *n as f64)?,
                    None => ws.write(r, col(c + 1), &sheet.hidden)?,
                };
            }
        }
        ws.set_column_width(0, 44)?;
    }
    Ok(book)
}

/// A column number; a report never has 65,536 columns.
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
