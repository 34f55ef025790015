//! Templates as data: one TOML file a document (`assets/templates/`, and a
//! coordinator's own in the config folder's `templates/`), checked in full
//! at load like the form — every placeholder names a field of the form —
//! and refused with `file:line: reason`.

use crate::form::{DefinitionError, Form, Kind};
use crate::i18n::{Arg, Lang, Message};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The built-in templates, compiled into the program.
pub const BUILTIN: [(&str, &str); 7] = [
    (
        "interview-record",
        include_str!("../../assets/templates/interview-record.toml"),
    ),
    (
        "consent-form",
        include_str!("../../assets/templates/consent-form.toml"),
    ),
    (
        "stateless-application",
        include_str!("../../assets/templates/stateless-application.toml"),
    ),
    (
        "registry-request",
        include_str!("../../assets/templates/registry-request.toml"),
    ),
    (
        "consulate-request",
        include_str!("../../assets/templates/consulate-request.toml"),
    ),
    (
        "court-application",
        include_str!("../../assets/templates/court-application.toml"),
    ),
    (
        "case-summary",
        include_str!("../../assets/templates/case-summary.toml"),
    ),
];

/// Placeholders that are not fields of the form but made from them.
pub const DERIVED: [&str; 5] = ["full_name", "full_name_latin", "today", "age", "record"];

/// The largest template file read.
const MAX_FILE: u64 = 256 << 10;

/// How a block is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Right-aligned lines at the top (to whom, from whom).
    Addressee,
    /// Centred, bold lines.
    Heading,
    /// A paragraph (its lines kept).
    Paragraph,
    /// A table of fields: label and value.
    Fields,
    /// One line per entry of a repeat group.
    List,
    /// Lines for signatures.
    Signature,
    /// Small print.
    Note,
}

impl Style {
    fn from_name(name: &str) -> Option<Style> {
        Some(match name {
            "addressee" => Style::Addressee,
            "heading" => Style::Heading,
            "paragraph" => Style::Paragraph,
            "fields" => Style::Fields,
            "list" => Style::List,
            "signature" => Style::Signature,
            "note" => Style::Note,
            _ => return None,
        })
    }
}

/// Text in each language a template is written in.
#[derive(Clone, Debug, Default)]
pub struct Localised {
    /// Russian.
    pub ru: String,
    /// Kazakh.
    pub kk: String,
    /// English (falls back to Russian).
    pub en: Option<String>,
}

impl Localised {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
            Lang::En => self.en.as_deref().unwrap_or(&self.ru),
        }
    }
}

/// One block of a template.
#[derive(Clone, Debug)]
pub struct Block {
    /// Its layout.
    pub style: Style,
    /// Its text (none for a table of fields).
    pub text: Localised,
    /// A table's fields.
    pub fields: Vec<String>,
    /// A list's repeat group.
    pub group: Option<String>,
}

/// A checked template.
#[derive(Clone, Debug)]
pub struct Template {
    /// Its id (the file's name).
    pub id: String,
    /// Its title.
    pub title: Localised,
    /// The acts and articles it relies on.
    pub basis: Localised,
    /// Generating it adds a draft request to this addressee (a value of the form's `request_to` list).
    pub request: Option<String>,
    /// Refused for a person who fled the state it would be sent to.
    pub refuse_fled: bool,
    /// Its blocks in order.
    pub blocks: Vec<Block>,
    /// Where it came from (`built-in` or its file).
    pub file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocalised {
    ru: Spanned<String>,
    kk: Spanned<String>,
    en: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    style: Spanned<String>,
    ru: Option<Spanned<String>>,
    kk: Option<Spanned<String>>,
    en: Option<Spanned<String>>,
    fields: Option<Vec<Spanned<String>>>,
    group: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: Spanned<String>,
    version: u32,
    request: Option<Spanned<String>>,
    refuse: Option<Spanned<String>>,
    title: Spanned<RawLocalised>,
    basis: Spanned<RawLocalised>,
    block: Vec<Spanned<RawBlock>>,
}

/// Collects the problems of one file.
struct Check<'a> {
    file: &'a str,
    text: &'a str,
    errors: Vec<DefinitionError>,
}

impl Check<'_> {
    fn line(&self, at: usize) -> usize {
        self.text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1
    }

    fn fail(&mut self, at: usize, key: &'static str, args: Vec<(&'static str, Arg)>) {
        self.errors.push(DefinitionError {
            file: self.file.to_owned(),
            line: self.line(at),
            reason: Message::new(key, args),
        });
    }

    /// Checks the placeholders of `text` (read at `at` in the file):
    /// fields of the form, derived values, and in a list its group's fields.
    fn placeholders(&mut self, form: &Form, text: &Spanned<String>, group: Option<&str>) {
        let value = text.get_ref();
        let start = text.span().start;
        // A multi-line string's first newline is not part of its value.
        let first = start
            + if self.text[start..].starts_with("\"\"\"\n") {
                4
            } else {
                1
            };
        let mut rest = value.as_str();
        let mut offset = 0;
        loop {
            let open = rest.find('{');
            let close = rest.find('}');
            match (open, close) {
                (None, None) => break,
                (Some(o), Some(c)) if o < c => {
                    let name = &rest[o + 1..c];
                    let at_line = value[..offset + o].matches('\n').count();
                    let at = self.offset_of_line(first, at_line);
                    if name.contains('{') {
                        self.fail(at, "template-err-brace", vec![]);
                    } else if let Err(key) = placeholder_ok(form, name, group) {
                        self.fail(at, key, vec![("name", Arg::from(name))]);
                    }
                    offset += c + 1;
                    rest = &rest[c + 1..];
                }
                (o, c) => {
                    let i = o.or(c).unwrap_or(0);
                    let at_line = value[..offset + i].matches('\n').count();
                    let at = self.offset_of_line(first, at_line);
                    self.fail(at, "template-err-brace", vec![]);
                    break;
                }
            }
        }
    }

    /// The byte offset of the `n`-th line after `from`.
    fn offset_of_line(&self, from: usize, n: usize) -> usize {
        let mut at = from.min(self.text.len());
        for _ in 0..n {
            match self.text[at..].find('\n') {
                Some(i) => at += i + 1,
                None => break,
            }
        }
        at
    }
}

/// Whether `name` may be a placeholder in a block of `group` (none: not a list).
fn placeholder_ok(form: &Form, name: &str, group: Option<&str>) -> Result<(), &'static str> {
    if DERIVED.contains(&name) {
        return Ok(());
    }
    match name.split_once('.') {
        Some((g, f)) => match (group, form.field(g)) {
            (Some(in_group), Some(field)) if in_group == g && field.kind == Kind::Repeat => {
                field.field(f).map(drop).ok_or("template-err-field")
            }
            (_, Some(field)) if field.kind == Kind::Repeat => Err("template-err-group-outside"),
            _ => Err("template-err-field"),
        },
        None => match form.field(name) {
            Some(f) if f.kind != Kind::Repeat => Ok(()),
            Some(_) => Err("template-err-group-outside"),
            None => Err("template-err-field"),
        },
    }
}

fn localised(check: &mut Check<'_>, form: &Form, raw: &Spanned<RawLocalised>) -> Localised {
    let r = raw.get_ref();
    for t in [Some(&r.ru), Some(&r.kk), r.en.as_ref()].into_iter().flatten() {
        if t.get_ref().trim().is_empty() {
            check.fail(t.span().start, "template-err-empty", vec![]);
        }
        check.placeholders(form, t, None);
    }
    Localised {
        ru: r.ru.get_ref().clone(),
        kk: r.kk.get_ref().clone(),
        en: r.en.as_ref().map(|e| e.get_ref().clone()),
    }
}

/// Reads and checks one template's text; `stem` is the id its file name says.
pub fn parse(text: &str, file: &str, stem: &str, form: &Form) -> Result<Template, Vec<DefinitionError>> {
    let mut check = Check {
        file,
        text,
        errors: Vec::new(),
    };
    let raw: RawTemplate = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let reason = e.message().lines().next().unwrap_or("").to_owned();
            check.fail(at, "template-err-toml", vec![("reason", Arg::from(reason))]);
            return Err(check.errors);
        }
    };
    let id = raw.id.get_ref();
    let good_id = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !good_id || id != stem {
        check.fail(
            raw.id.span().start,
            "template-err-id",
            vec![("id", Arg::from(id.as_str())), ("file", Arg::from(stem))],
        );
    }
    if raw.version != 1 {
        check.fail(0, "template-err-version", vec![]);
    }
    let request = raw.request.as_ref().map(|r| {
        let known = form
            .lists
            .get("request_to")
            .is_some_and(|l| l.iter().any(|v| v == r.get_ref()));
        if !known {
            check.fail(
                r.span().start,
                "template-err-request",
                vec![("value", Arg::from(r.get_ref().as_str()))],
            );
        }
        r.get_ref().clone()
    });
    let refuse_fled = match &raw.refuse {
        Some(r) if r.get_ref() == "fled-state" => true,
        Some(r) => {
            check.fail(
                r.span().start,
                "template-err-refuse",
                vec![("value", Arg::from(r.get_ref().as_str()))],
            );
            false
        }
        None => false,
    };
    let title = localised(&mut check, form, &raw.title);
    let basis = localised(&mut check, form, &raw.basis);
    let mut blocks = Vec::new();
    if raw.block.is_empty() {
        check.fail(0, "template-err-no-blocks", vec![]);
    }
    for spanned in &raw.block {
        let b = spanned.get_ref();
        let at = spanned.span().start;
        let Some(style) = Style::from_name(b.style.get_ref()) else {
            check.fail(
                b.style.span().start,
                "template-err-style",
                vec![("style", Arg::from(b.style.get_ref().as_str()))],
            );
            continue;
        };
        let mut fields = Vec::new();
        let mut group = None;
        match style {
            Style::Fields => {
                let listed = b.fields.as_deref().unwrap_or_default();
                if listed.is_empty() {
                    check.fail(at, "template-err-fields", vec![]);
                }
                for f in listed {
                    if placeholder_ok(form, f.get_ref(), None).is_err()
                        || DERIVED.contains(&f.get_ref().as_str())
                    {
                        check.fail(
                            f.span().start,
                            "template-err-field",
                            vec![("name", Arg::from(f.get_ref().as_str()))],
                        );
                    }
                    fields.push(f.get_ref().clone());
                }
            }
            Style::List => match &b.group {
                Some(g) if form.field(g.get_ref()).is_some_and(|f| f.kind == Kind::Repeat) => {
                    group = Some(g.get_ref().clone());
                }
                Some(g) => check.fail(
                    g.span().start,
                    "template-err-group",
                    vec![("name", Arg::from(g.get_ref().as_str()))],
                ),
                None => check.fail(at, "template-err-group", vec![("name", Arg::from(""))]),
            },
            _ => {}
        }
        if style != Style::Fields && (b.fields.is_some() || (style != Style::List && b.group.is_some())) {
            check.fail(at, "template-err-option", vec![]);
        }
        let text = match (style, &b.ru, &b.kk) {
            (Style::Fields, None, None) => Localised::default(),
            (Style::Fields, _, _) => {
                check.fail(at, "template-err-option", vec![]);
                Localised::default()
            }
            (_, Some(ru), Some(kk)) => {
                for t in [Some(ru), Some(kk), b.en.as_ref()].into_iter().flatten() {
                    check.placeholders(form, t, group.as_deref());
                }
                Localised {
                    ru: ru.get_ref().clone(),
                    kk: kk.get_ref().clone(),
                    en: b.en.as_ref().map(|e| e.get_ref().clone()),
                }
            }
            _ => {
                check.fail(at, "template-err-language", vec![]);
                Localised::default()
            }
        };
        blocks.push(Block {
            style,
            text,
            fields,
            group,
        });
    }
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    Ok(Template {
        id: id.clone(),
        title,
        basis,
        request,
        refuse_fled,
        blocks,
        file: file.to_owned(),
    })
}

/// Every template: the built-in ones, then those in `dir` (a coordinator's
/// own; one with a built-in's id replaces it). Every problem of every file
/// is returned; a broken file is never used.
pub fn load(dir: Option<&Path>, form: &Form) -> Result<Vec<Template>, Vec<DefinitionError>> {
    let mut errors = Vec::new();
    let mut all: Vec<Template> = Vec::new();
    for (id, text) in BUILTIN {
        match parse(text, &format!("built-in {id}.toml"), id, form) {
            Ok(t) => all.push(t),
            Err(e) => errors.extend(e),
        }
    }
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
        files.sort();
        for path in files {
            let name = path.display().to_string();
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let io = |e: std::io::Error| {
                Message::new("template-err-read", vec![("reason", Arg::from(e.to_string()))])
            };
            let read = std::fs::metadata(&path).map_err(io).and_then(|m| {
                if m.len() > MAX_FILE {
                    Err(Message::new(
                        "template-err-large",
                        vec![("kb", Arg::from(MAX_FILE >> 10))],
                    ))
                } else {
                    std::fs::read_to_string(&path).map_err(io)
                }
            });
            match read {
                Ok(text) => match parse(&text, &name, &stem, form) {
                    Ok(t) => {
                        all.retain(|x| x.id != t.id);
                        all.push(t);
                    }
                    Err(e) => errors.extend(e),
                },
                Err(reason) => errors.push(DefinitionError {
                    file: name,
                    line: 0,
                    reason,
                }),
            }
        }
    }
    if errors.is_empty() { Ok(all) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_loads() {
        let form = crate::form::builtin().unwrap();
        let all = load(None, form).unwrap_or_else(|e| {
            let texts = crate::i18n::Texts::get(Lang::En);
            panic!(
                "{}",
                e.iter().map(|e| e.render(texts)).collect::<Vec<_>>().join("\n")
            )
        });
        assert_eq!(all.len(), 7);
        assert!(all.iter().any(|t| t.id == "case-summary"));
        assert!(
            all.iter()
                .find(|t| t.id == "consulate-request")
                .unwrap()
                .refuse_fled
        );
    }

    #[test]
    fn an_unknown_field_is_refused_with_its_line() {
        let form = crate::form::builtin().unwrap();
        let text = "id = \"x\"\nversion = 1\n[title]\nru = \"a\"\nkk = \"b\"\n[basis]\nru = \"a\"\nkk = \"b\"\n\
                    [[block]]\nstyle = \"paragraph\"\nru = \"\"\"\nпервая\n{shoe_size}\"\"\"\nkk = \"{surname}\"\n";
        let errors = parse(text, "x.toml", "x", form).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 13, "{:?}", errors[0]);
        assert_eq!(errors[0].reason.key, "template-err-field");
        let bad_group = text.replace("{shoe_size}", "{documents.number}");
        let errors = parse(&bad_group, "x.toml", "x", form).unwrap_err();
        assert_eq!(errors[0].reason.key, "template-err-group-outside");
        let unbalanced = text.replace("{shoe_size}", "{surname");
        assert_eq!(
            parse(&unbalanced, "x.toml", "x", form).unwrap_err()[0].reason.key,
            "template-err-brace"
        );
        let unknown_key = text.replace("version = 1", "version = 1\ncolour = \"red\"");
        let errors = parse(&unknown_key, "x.toml", "x", form).unwrap_err();
        assert_eq!(
            (errors[0].line, errors[0].reason.key.as_ref()),
            (3, "template-err-toml")
        );
    }
}
