//! A factsheet as plain text (to read in a terminal or paste in an e-mail),
//! as CSV (one cell per line, for spreadsheets and scripts) and as JSON.

use super::factsheet::{Factsheet, Shown, share};
use serde_json::{Value, json};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The widest a label column gets in the text form.
const LABEL_WIDTH: usize = 44;

/// The text form: title, headline figures, then one table after another.
pub fn text(sheet: &Factsheet) -> String {
    let mut out = String::new();
    out.push_str(&sheet.title);
    out.push('\n');
    out.push_str(&"═".repeat(sheet.title.width().min(78)));
    out.push('\n');
    for line in &sheet.subtitle {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    let width = sheet
        .headline
        .iter()
        .map(|f| f.label.width() + 2 * usize::from(f.depth))
        .max()
        .unwrap_or(0)
        .min(60);
    for f in &sheet.headline {
        let label = format!("{}{}", "  ".repeat(usize::from(f.depth)), f.label);
        out.push_str(&format!("{}  {}\n", pad(&label, width), sheet.value(f)));
    }
    for table in &sheet.tables {
        out.push('\n');
        table_text(sheet, table, &mut out);
    }
    out
}

fn table_text(sheet: &Factsheet, table: &Shown, out: &mut String) {
    out.push_str(&table.title);
    out.push('\n');
    out.push_str(&"─".repeat(table.title.width().min(78)));
    out.push('\n');
    let one_column = table.columns.len() == 1;
    let mut header: Vec<String> = table.columns.clone();
    if one_column && table.total.is_some() {
        header.push(sheet.share_label.clone());
    }
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    let grand = table.total.as_ref().and_then(|t| t.first().copied().flatten());
    for (_, label, cells) in &table.rows {
        lines.push((label.clone(), cells_text(sheet, table, cells, grand)));
    }
    if let Some(total) = &table.total {
        lines.push((sheet.total_label.clone(), cells_text(sheet, table, total, grand)));
    }
    let label_width = lines
        .iter()
        .map(|(l, _)| l.width())
        .chain([table.row_header.width()])
        .max()
        .unwrap_or(0)
        .min(LABEL_WIDTH);
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            lines
                .iter()
                .filter_map(|(_, cells)| cells.get(c))
                .map(|s| s.width())
                .chain([header[c].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let row = |label: &str, cells: &[String]| {
        let mut line = pad(label, label_width);
        for (c, cell) in cells.iter().enumerate() {
            line.push_str("  ");
            line.push_str(&" ".repeat(widths[c].saturating_sub(cell.width())));
            line.push_str(cell);
        }
        line.trim_end().to_owned() + "\n"
    };
    out.push_str(&row(&table.row_header, &header));
    for (label, cells) in &lines {
        out.push_str(&row(label, cells));
    }
}

/// The cells of a row, with its share of the total in a one-column table.
fn cells_text(sheet: &Factsheet, table: &Shown, cells: &[Option<u64>], grand: Option<u64>) -> Vec<String> {
    let mut out: Vec<String> = cells.iter().map(|n| sheet.cell(*n)).collect();
    if table.total.is_some() && cells.len() == 1 {
        out.push(share(cells[0], grand).map_or_else(String::new, |p| format!("{p:.1}%")));
    }
    out
}

/// `text` cut or padded to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width {
            if let Some(last) = out.pop() {
                used -= unicode_width::UnicodeWidthChar::width(last).unwrap_or(0);
            }
            out.push('…');
            used += 1;
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// The CSV form: a header, then one line per cell: table, row code, row
/// label, column code, column label, value (the hidden mark when hidden).
pub fn csv(sheet: &Factsheet, out: impl Write) -> Result<(), csv::Error> {
    let mut w = crate::safe_csv::SafeCsv::new(out);
    w.row(["table", "row", "row_label", "column", "column_label", "value"])?;
    for f in &sheet.headline {
        w.row(["headline", f.code, &f.label, "value", "", &sheet.value(f)])?;
    }
    for t in &sheet.tables {
        let mut rows: Vec<(&str, &str, &Vec<Option<u64>>)> = t
            .rows
            .iter()
            .map(|(code, label, cells)| (code.as_str(), label.as_str(), cells))
            .collect();
        if let Some(total) = &t.total {
            rows.push(("total", &sheet.total_label, total));
        }
        for (code, label, cells) in rows {
            for (c, n) in cells.iter().enumerate() {
                w.row([
                    t.id,
                    code,
                    label,
                    &t.column_codes[c],
                    &t.columns[c],
                    &sheet.cell(*n),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The JSON form: the scope, the headline and the tables, with codes and
/// labels; a hidden cell is `null`.
pub fn json(sheet: &Factsheet) -> Value {
    let tables: Vec<Value> = sheet
        .tables
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "columns": t.column_codes.iter().zip(&t.columns)
                    .map(|(code, label)| json!({"code": code, "label": label}))
                    .collect::<Vec<_>>(),
                "rows": t.rows.iter()
                    .map(|(code, label, cells)| json!({"code": code, "label": label, "cells": cells}))
                    .collect::<Vec<_>>(),
                "total": t.total,
            })
        })
        .collect();
    json!({
        "title": sheet.title,
        "language": sheet.lang,
        "as_of": sheet.stats.scope.as_of.to_string(),
        "from": sheet.stats.scope.from.to_string(),
        "to": sheet.stats.scope.to.to_string(),
        "suppress_below": sheet.stats.scope.suppress_below,
        "headline": sheet.headline.iter()
            .filter(|f| !f.code.starts_with("days_"))
            .map(|f| {
                let value = f.value.as_deref().map(|v| v.parse::<u64>().map_or_else(|_| json!(v), |n| json!(n)));
                json!({"code": f.code, "label": f.label, "value": value})
            })
            .collect::<Vec<_>>(),
        "medians": sheet.stats.medians.iter()
            .map(|m| {
                let shown = sheet.stats.shown(m.cases).is_some();
                json!({
                    "code": m.id,
                    "days": m.days.filter(|_| shown),
                    "cases": sheet.stats.shown(m.cases),
                })
            })
            .collect::<Vec<_>>(),
        "tables": tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_cuts_by_display_width() {
        assert_eq!(pad("Казахстан", 5), "Каза…");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}
