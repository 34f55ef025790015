//! A filled document as PDF, typeset by Typst as a library: A4, justified,
//! hyphenated, DejaVu Sans embedded (every Kazakh letter), and no title,
//! author, creator or date in its metadata. The record's values enter the
//! Typst source only as string literals, so no value can be read as markup
//! or code; the source sees no file and no package.

use super::fill::{Document, Filled};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World};
use typst_layout::PagedDocument;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A string literal of Typst code holding `text` as it is.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lines joined by hard line breaks, each a string literal.
fn joined(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("#{}", literal(l)))
        .collect::<Vec<_>>()
        .join(" \\\n")
}

/// The Typst source of `doc`.
fn source(doc: &Document) -> String {
    let mut s = String::new();
    s.push_str("#set document(title: none, author: (), keywords: (), date: none)\n");
    s.push_str("#set page(paper: \"a4\", margin: (top: 2cm, bottom: 2cm, left: 2.5cm, right: 1.5cm))\n");
    s.push_str(&format!(
        "#set text(font: \"DejaVu Sans\", size: 10.5pt, lang: \"{}\")\n",
        doc.lang.tag()
    ));
    s.push_str("#set par(justify: true, leading: 0.6em, spacing: 0.9em)\n");
    for block in &doc.blocks {
        match block {
            Filled::Addressee(l) => s.push_str(&format!("#align(right)[{}]\n\n", joined(l))),
            Filled::Heading(l) => s.push_str(&format!(
                "#v(0.6em)\n#align(center)[#text(weight: \"bold\", size: 11.5pt)[{}]]\n#v(0.4em)\n\n",
                joined(l)
            )),
            Filled::Paragraph(l) => {
                for line in l {
                    s.push_str(&format!("#{}\n\n", literal(line)));
                }
            }
            Filled::Fields(rows) => {
                s.push_str("#table(columns: (35%, 65%), stroke: 0.4pt + gray, inset: 5pt,\n");
                for (label, value) in rows {
                    s.push_str(&format!(
                        "  [#{}], [#text(weight: \"bold\")[#{}]],\n",
                        literal(label),
                        literal(value)
                    ));
                }
                s.push_str(")\n\n");
            }
            Filled::List(items) => {
                for item in items {
                    s.push_str(&format!("- #{}\n", literal(item)));
                }
                s.push('\n');
            }
            Filled::Signature(l) => s.push_str(&format!("#v(1.2em)\n{}\n\n", joined(l))),
            Filled::Note(l) => s.push_str(&format!("#text(size: 8.5pt)[{}]\n\n", joined(l))),
        }
    }
    s.push_str(&format!(
        "#v(1fr)\n#line(length: 100%, stroke: 0.4pt + gray)\n#text(size: 8pt)[#{}]\n",
        literal(&format!("{}: {}", doc.basis_label, doc.basis))
    ));
    s
}

/// What Typst may see: the one source and the two fonts; no files, no
/// packages, no clock beyond the day given.
struct Letter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    today: chrono::NaiveDate,
}

impl World for Letter {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        use chrono::Datelike as _;
        Datetime::from_ymd(
            self.today.year(),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}

/// The fonts, read once.
fn fonts() -> &'static (Vec<Font>, LazyHash<FontBook>) {
    static FONTS: std::sync::OnceLock<(Vec<Font>, LazyHash<FontBook>)> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = [REGULAR, BOLD]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        (fonts, book)
    })
}

/// The PDF bytes of `doc`.
pub fn write(doc: &Document, today: chrono::NaiveDate) -> Result<Vec<u8>, String> {
    let (fonts, book) = fonts();
    let world = Letter {
        library: LazyHash::new(Library::default()),
        book: book.clone(),
        fonts: fonts.clone(),
        main: Source::detached(source(doc)),
        today,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(None),
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_never_read_as_markup() {
        assert_eq!(
            literal("#import \"x\" \\ [*bold*]"),
            "\"#import \\\"x\\\" \\\\ [*bold*]\""
        );
    }
}
