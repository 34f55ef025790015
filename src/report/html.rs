//! A factsheet as one self-contained HTML file: styles inline, bars drawn
//! with CSS, no script, no font or image from anywhere — it opens offline
//! and prints on A4.

use super::factsheet::{Factsheet, Shown, share};

/// The whole page.
pub fn html(sheet: &Factsheet) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{}\">\n<head>\n", sheet.lang));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&sheet.title)));
    out.push_str(STYLE);
    out.push_str("</head>\n<body>\n<main>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(&sheet.title)));
    for line in &sheet.subtitle {
        out.push_str(&format!("<p class=\"sub\">{}</p>\n", escape(line)));
    }
    out.push_str("<table class=\"headline\">\n<tbody>\n");
    for f in &sheet.headline {
        out.push_str(&format!(
            "<tr class=\"depth{}\"><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            f.depth,
            escape(&f.label),
            escape(&sheet.value(f))
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    for table in &sheet.tables {
        section(sheet, table, &mut out);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn section(sheet: &Factsheet, table: &Shown, out: &mut String) {
    out.push_str(&format!(
        "<section id=\"{}\">\n<h2>{}</h2>\n",
        table.id,
        escape(&table.title)
    ));
    out.push_str("<table>\n<thead>\n<tr>");
    out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&table.row_header)));
    for c in &table.columns {
        out.push_str(&format!("<th scope=\"col\" class=\"n\">{}</th>", escape(c)));
    }
    let bars = table.columns.len() == 1;
    if bars {
        out.push_str(&format!(
            "<th scope=\"col\" class=\"bar\">{}</th>",
            escape(&sheet.share_label)
        ));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    // Bars are scaled to the largest shown row, so a long table stays readable.
    let largest = table
        .rows
        .iter()
        .filter_map(|(_, _, cells)| cells.first().copied().flatten())
        .max()
        .unwrap_or(0);
    let grand = table.total.as_ref().and_then(|t| t.first().copied().flatten());
    for (_, label, cells) in &table.rows {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(label)));
        for n in cells {
            out.push_str(&format!("<td class=\"n\">{}</td>", escape(&sheet.cell(*n))));
        }
        if bars {
            let n = cells.first().copied().flatten();
            let width = share(n, Some(largest)).unwrap_or(0.0);
            let note = share(n, grand).map_or_else(String::new, |p| format!("{p:.1}%"));
            out.push_str(&format!(
                "<td class=\"bar\"><span class=\"bar\" style=\"width:{width:.1}%\"></span> {note}</td>"
            ));
        }
        out.push_str("</tr>\n");
    }
    if let Some(total) = &table.total {
        out.push_str(&format!(
            "<tr class=\"total\"><th scope=\"row\">{}</th>",
            escape(&sheet.total_label)
        ));
        for n in total {
            out.push_str(&format!("<td class=\"n\">{}</td>", escape(&sheet.cell(*n))));
        }
        if bars {
            out.push_str("<td></td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Text safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "<style>
body { font-family: system-ui, sans-serif; color: #111; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .5rem; border-bottom: 2px solid #0072bc; }
p.sub { margin: .1rem 0; color: #444; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: middle; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #888; }
table.headline { margin: 1rem 0; width: auto; }
table.headline td { font-size: 1.2rem; font-weight: bold; text-align: right; }
table.headline tr.depth1 th { padding-left: 1.8rem; font-weight: normal; }
td.bar { width: 45%; white-space: nowrap; }
span.bar { display: inline-block; height: .8rem; background: #0072bc; vertical-align: middle;
  print-color-adjust: exact; -webkit-print-color-adjust: exact; }
@media print { main { max-width: none; padding: 0; } section { break-inside: avoid; } }
</style>
";
