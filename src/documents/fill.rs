//! A template filled from a record: every placeholder replaced by the
//! value as the document's language says it (choices by their label,
//! dates as `02.12.2026`, the Cyrillic name in a Russian or Kazakh letter,
//! the Latin one in English or where asked), an empty value left as a line
//! to fill in by hand.

use super::template::{Style, Template};
use crate::domain::RecordState;
use crate::form::{Form, Kind, PreciseDate, Values};
use crate::i18n::{Lang, Texts};
use chrono::NaiveDate;

/// What an empty value is printed as: a line to write on.
pub const BLANK: &str = "________";

/// One laid-out block of a filled document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filled {
    /// Right-aligned lines.
    Addressee(Vec<String>),
    /// Centred bold lines.
    Heading(Vec<String>),
    /// A paragraph's lines.
    Paragraph(Vec<String>),
    /// Label and value rows.
    Fields(Vec<(String, String)>),
    /// One line an entry.
    List(Vec<String>),
    /// Signature lines.
    Signature(Vec<String>),
    /// Small print.
    Note(Vec<String>),
}

/// A document ready to be written as DOCX or PDF.
#[derive(Clone, Debug)]
pub struct Document {
    /// Its language.
    pub lang: Lang,
    /// Its title (for the list; the heading block says it on the page).
    pub title: String,
    /// The legal basis, printed at its foot.
    pub basis: String,
    /// The words before the basis ("Legal basis").
    pub basis_label: String,
    /// Its blocks.
    pub blocks: Vec<Filled>,
}

/// A date as a letter writes it: `02.12.2026`, `12.2026`, `2026`, `~1950`.
pub fn letter_date(stored: &str) -> String {
    let parts: Vec<&str> = stored.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}.{m}.{y}"),
        [y, m] => format!("{m}.{y}"),
        _ => stored.to_owned(),
    }
}

/// The values a placeholder is filled from.
struct Source<'a> {
    form: &'a Form,
    texts: &'a Texts,
    values: &'a Values,
    record: &'a RecordState,
    today: NaiveDate,
}

impl Source<'_> {
    fn show(&self, field: Option<&crate::form::Field>, value: Option<&serde_json::Value>) -> String {
        let shown = match (field, value.and_then(|v| v.as_str())) {
            (Some(f), Some(s)) if f.kind == Kind::Date => letter_date(s),
            _ => self.form.display(self.texts, field, value),
        };
        if shown.trim().is_empty() {
            BLANK.to_owned()
        } else {
            shown
        }
    }

    fn name(&self, fields: [&str; 3]) -> Option<String> {
        let parts: Vec<&str> = fields
            .iter()
            .filter_map(|f| self.values.fields.get(*f).and_then(|v| v.as_str()))
            .filter(|s| !s.trim().is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    fn derived(&self, name: &str) -> Option<String> {
        let cyrillic = || self.name(["surname", "given_name", "patronymic"]);
        let latin = || self.name(["surname_latin", "given_name_latin", ""]);
        Some(match name {
            // An English letter writes the Latin form where there is one.
            "full_name" if self.texts.lang() == Lang::En => latin().or_else(cyrillic)?,
            "full_name" => cyrillic().or_else(latin)?,
            "full_name_latin" => latin()?,
            "today" => self.today.format("%d.%m.%Y").to_string(),
            "age" => {
                let born = self.values.fields.get("birth_date")?.as_str()?;
                PreciseDate::parse_stored(born, self.today)?
                    .age_on(self.today)?
                    .to_string()
            }
            "record" => self.record.id.to_string(),
            _ => return None,
        })
    }

    fn top(&self, name: &str) -> String {
        if let Some(d) = self.derived(name) {
            return d;
        }
        if super::template::DERIVED.contains(&name) {
            return BLANK.to_owned();
        }
        self.show(self.form.field(name), self.values.fields.get(name))
    }

    /// `text` with its placeholders filled; `entry` for `{group.field}`.
    fn fill(&self, text: &str, entry: Option<(&str, &crate::form::EntryValues)>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let name = &rest[open + 1..open + close];
            let value = match (name.split_once('.'), entry) {
                (Some((g, f)), Some((group, values))) if g == group => {
                    let field = self.form.field(g).and_then(|gf| gf.field(f));
                    self.show(field, values.values.get(f))
                }
                (Some(_), _) => BLANK.to_owned(),
                (None, _) => self.top(name),
            };
            out.push_str(&value);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The label of `section.title` words ("Legal basis") in `lang`.
fn basis_label(texts: &Texts) -> String {
    texts.text("document-basis", &[])
}

/// Fills `template` from `record` in `lang`.
pub fn fill(
    form: &Form,
    template: &Template,
    record: &RecordState,
    lang: Lang,
    today: NaiveDate,
) -> Document {
    let texts = Texts::get(lang);
    let values = Values::from_record(record);
    let source = Source {
        form,
        texts,
        values: &values,
        record,
        today,
    };
    let lines = |text: &str| -> Vec<String> { source.fill(text, None).lines().map(str::to_owned).collect() };
    let mut blocks = Vec::new();
    for block in &template.blocks {
        let text = block.text.get(lang);
        blocks.push(match block.style {
            Style::Addressee => Filled::Addressee(lines(text)),
            Style::Heading => Filled::Heading(lines(text)),
            Style::Paragraph => Filled::Paragraph(lines(text)),
            Style::Signature => Filled::Signature(lines(text)),
            Style::Note => Filled::Note(lines(text)),
            Style::Fields => Filled::Fields(
                block
                    .fields
                    .iter()
                    .map(|f| {
                        let label = form
                            .field(f)
                            .map_or_else(|| f.clone(), |field| form.text(texts, &field.label));
                        (label, source.top(f))
                    })
                    .collect(),
            ),
            Style::List => {
                let group = block.group.as_deref().unwrap_or_default();
                let entries = values.groups.get(group).map(Vec::as_slice).unwrap_or_default();
                let rows: Vec<String> = entries
                    .iter()
                    .map(|e| source.fill(text, Some((group, e))).replace('\n', " "))
                    .collect();
                // A group with no entry says nothing (its heading, if any,
                // is the paragraph before, which says what to look for).
                if rows.is_empty() {
                    continue;
                }
                Filled::List(rows)
            }
        });
    }
    Document {
        lang,
        title: source.fill(template.title.get(lang), None),
        basis: template.basis.get(lang).to_owned(),
        basis_label: basis_label(texts),
        blocks,
    }
}
