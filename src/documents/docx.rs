//! A filled document as DOCX (docx-rs): editable, since a lawyer adjusts
//! a letter before signing it. A4, DejaVu Sans (every Kazakh letter),
//! and no author or company in its properties.

use super::fill::{Document, Filled};
use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Table, TableCell, TableRow,
    WidthType,
};

/// The font named in the file (the one the PDF embeds).
const FONT: &str = "DejaVu Sans";

fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

/// Lines as one paragraph with line breaks between them.
fn lines(lines: &[String], bold: bool, size: Option<usize>) -> Paragraph {
    let mut p = Paragraph::new();
    for (i, line) in lines.iter().enumerate() {
        let mut r = run(line);
        if i + 1 < lines.len() {
            r = r.add_break(BreakType::TextWrapping);
        }
        if bold {
            r = r.bold();
        }
        if let Some(s) = size {
            r = r.size(s);
        }
        p = p.add_run(r);
    }
    p
}

/// The DOCX bytes of `doc`.
pub fn write(doc: &Document) -> Result<Vec<u8>, String> {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let mut docx = Docx::new()
        .default_fonts(fonts)
        .default_size(22)
        // A4, margins of 2 cm (in twentieths of a point).
        .page_size(11906, 16838)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1418).right(850))
        .created_at("2000-01-01T00:00:00Z")
        .updated_at("2000-01-01T00:00:00Z");
    for block in &doc.blocks {
        match block {
            Filled::Addressee(l) => {
                docx = docx.add_paragraph(lines(l, false, None).align(AlignmentType::Right))
            }
            Filled::Heading(l) => {
                docx = docx.add_paragraph(lines(l, true, Some(24)).align(AlignmentType::Center))
            }
            Filled::Paragraph(l) => {
                for line in l {
                    docx = docx.add_paragraph(Paragraph::new().add_run(run(line)).align(AlignmentType::Both));
                }
            }
            Filled::Fields(rows) => {
                let rows = rows
                    .iter()
                    .map(|(label, value)| {
                        TableRow::new(vec![
                            TableCell::new()
                                .width(3400, WidthType::Dxa)
                                .add_paragraph(Paragraph::new().add_run(run(label))),
                            TableCell::new()
                                .width(6200, WidthType::Dxa)
                                .add_paragraph(Paragraph::new().add_run(run(value).bold())),
                        ])
                    })
                    .collect();
                docx = docx.add_table(Table::new(rows).set_grid(vec![3400, 6200]));
            }
            Filled::List(items) => {
                for item in items {
                    docx = docx.add_paragraph(Paragraph::new().add_run(run(&format!("• {item}"))));
                }
            }
            Filled::Signature(l) => {
                docx = docx.add_paragraph(Paragraph::new());
                docx = docx.add_paragraph(lines(l, false, None));
            }
            Filled::Note(l) => docx = docx.add_paragraph(lines(l, false, Some(16))),
        }
    }
    docx = docx.add_paragraph(Paragraph::new());
    docx = docx.add_paragraph(lines(
        &[format!("{}: {}", doc.basis_label, doc.basis)],
        false,
        Some(16),
    ));
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
