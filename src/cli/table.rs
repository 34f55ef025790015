//! Aligned text columns for the terminal, measured in display cells so that
//! Cyrillic and wide characters line up. Every cell is shown through
//! `domain::visible`: names and values that came from other laptops cannot
//! drive the terminal.

use crate::domain::visible::visible;
use unicode_width::UnicodeWidthStr;

/// Prints `header` and `rows` as left-aligned columns two spaces apart.
pub fn print(header: &[&str], rows: &[Vec<String>]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| visible(c).into_owned()).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i + 1 < widths.len() {
                out.push_str(cell);
                out.push_str(&" ".repeat(w - cell.width() + 2));
            } else {
                out.push_str(cell);
            }
        }
        outln!("{}", out.trim_end());
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
}
