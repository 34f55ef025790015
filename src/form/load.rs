//! Reading a form definition from TOML: every key is read with its position,
//! so that each problem can be reported with the file, the line and a
//! reason. The checks themselves are in [`super::check`].

use super::check;
use super::dates::Precision;
use super::definition::{
    Constraint, Field, Form, Kind, Labels, Level, MAX_TEXT_LENGTH, Requirement, Rule, Section,
};
use super::expr::Expr;
use super::problems::{DefinitionError, Reader};
use crate::i18n::{Arg, Lang, Message};
use fluent_bundle::FluentResource;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use toml::Spanned;

const BUILTIN: &str = include_str!("../../assets/forms/intake.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    form: RawMeta,
    #[serde(default)]
    lists: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    id: String,
    version: u32,
    title: Option<Spanned<String>>,
    consent: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    label: Option<Spanned<String>>,
    relevant: Option<Spanned<String>>,
    #[serde(default)]
    field: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawRequired {
    Flag(bool),
    When(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstraint {
    check: String,
    message: String,
    #[serde(default)]
    level: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawField {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    label: Option<Spanned<String>>,
    help: Option<Spanned<String>>,
    required: Option<Spanned<RawRequired>>,
    relevant: Option<Spanned<String>>,
    identifying: Option<bool>,
    #[serde(default)]
    constraints: Vec<Spanned<RawConstraint>>,
    default: Option<Spanned<toml::Value>>,
    list: Option<Spanned<String>>,
    multiple: Option<Spanned<bool>>,
    precision: Option<Spanned<Vec<String>>>,
    future: Option<Spanned<bool>>,
    max_years_ago: Option<Spanned<u32>>,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    max_length: Option<Spanned<usize>>,
    script: Option<Spanned<String>>,
    suggest_from: Option<Spanned<String>>,
    calculate: Option<Spanned<String>>,
    min_entries: Option<Spanned<usize>>,
    max_entries: Option<Spanned<usize>>,
    #[serde(default)]
    field: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    check: Spanned<String>,
    message: Spanned<String>,
    field: Spanned<String>,
    #[serde(default)]
    level: Option<String>,
}

impl Reader<'_> {
    fn expr(&mut self, source: &Spanned<String>) -> Option<(Expr, usize)> {
        let line = self.line_of(source.span().start);
        match Expr::compile(source.get_ref()) {
            Ok(e) => Some((e, line)),
            Err(why) => {
                self.error(
                    line,
                    "form-err-expression",
                    vec![
                        ("expr", Arg::from(source.get_ref().as_str())),
                        ("reason", Arg::from(why)),
                    ],
                );
                None
            }
        }
    }
}

fn level(name: Option<&str>) -> Option<Level> {
    match name {
        None | Some("error") => Some(Level::Error),
        Some("warning") => Some(Level::Warning),
        Some(_) => None,
    }
}

/// Reads and checks a form definition; every problem found is returned.
pub fn load(source: &str, file: &str, extra: &[(Lang, String)]) -> Result<Form, Vec<DefinitionError>> {
    let mut reader = Reader::new(source, file);
    let raw: RawForm = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map_or(1, |s| reader.line_of(s.start));
            let reason = e.message().trim().to_owned();
            reader.error(line, "form-err-toml", vec![("reason", Arg::from(reason))]);
            return Err(reader.errors);
        }
    };
    let mut labels = Labels::default();
    for (lang, text) in extra {
        match FluentResource::try_new(text.clone()) {
            Ok(resource) => labels.add(*lang, resource),
            Err((_, errors)) => {
                let why = errors.first().map(|e| format!("{e:?}")).unwrap_or_default();
                reader.errors.push(DefinitionError {
                    file: format!("{} ({})", file, lang.tag()),
                    line: 1,
                    reason: Message::new("form-err-messages", vec![("reason", Arg::from(why))]),
                });
            }
        }
    }
    let consent = raw
        .form
        .consent
        .as_ref()
        .and_then(|c| reader.expr(c))
        .map(|(e, _)| e);
    let mut lists = BTreeMap::new();
    let mut list_lines = BTreeMap::new();
    for (id, values) in &raw.lists {
        list_lines.insert(id.clone(), reader.line_of(values.span().start));
        lists.insert(
            id.clone(),
            values
                .get_ref()
                .iter()
                .map(|v| v.get_ref().clone())
                .collect::<Vec<_>>(),
        );
    }
    let sections: Vec<Section> = raw
        .section
        .iter()
        .map(|s| {
            let s = s.get_ref();
            let relevant = s.relevant.as_ref().and_then(|r| reader.expr(r)).map(|(e, _)| e);
            let fields = s.field.iter().map(|f| field(&mut reader, f, None)).collect();
            let label = s
                .label
                .as_ref()
                .map_or_else(|| format!("section-{}", s.id.get_ref()), |l| l.get_ref().clone());
            Section {
                id: s.id.get_ref().clone(),
                label,
                relevant,
                fields,
            }
        })
        .collect();
    let mut rule_lines = Vec::new();
    let rules: Vec<Rule> = raw
        .rule
        .iter()
        .filter_map(|r| {
            let line = reader.line_of(r.span().start);
            let r = r.get_ref();
            let Some(lvl) = level(r.level.as_deref()) else {
                reader.error(
                    line,
                    "form-err-level",
                    vec![("value", Arg::from(r.level.clone().unwrap_or_default()))],
                );
                return None;
            };
            let (check, _) = reader.expr(&r.check)?;
            rule_lines.push(line);
            Some(Rule {
                id: r.id.clone(),
                check,
                message: r.message.get_ref().clone(),
                level: lvl,
                field: r.field.get_ref().clone(),
            })
        })
        .collect();
    let title = raw
        .form
        .title
        .as_ref()
        .map_or_else(|| "form-title".to_owned(), |t| t.get_ref().clone());
    let form = Form {
        id: raw.form.id.clone(),
        version: raw.form.version,
        title,
        consent,
        sections,
        lists,
        rules,
        labels,
        file: file.to_owned(),
        choice_names: std::sync::OnceLock::new(),
    };
    let section_lines: Vec<usize> = raw
        .section
        .iter()
        .map(|s| reader.line_of(s.span().start))
        .collect();
    check::check(&mut reader, &form, &section_lines, &list_lines, &rule_lines);
    if reader.errors.is_empty() {
        Ok(form)
    } else {
        reader.errors.sort_by_key(|e| e.line);
        Err(reader.errors)
    }
}

fn field(reader: &mut Reader<'_>, raw: &Spanned<RawField>, group: Option<&str>) -> Field {
    let line = reader.line_of(raw.span().start);
    let r = raw.get_ref();
    let id = r.id.get_ref().clone();
    let kind = Kind::from_name(r.kind.get_ref()).unwrap_or_else(|| {
        let l = reader.line_of(r.kind.span().start);
        reader.error(
            l,
            "form-err-type",
            vec![
                ("value", Arg::from(r.kind.get_ref().as_str())),
                ("types", Arg::from(Kind::NAMES.map(|(n, _)| n).join(", "))),
            ],
        );
        Kind::Text
    });
    let label = r.label.as_ref().map_or_else(
        || match group {
            Some(g) => format!("field-{g}-{id}"),
            None => format!("field-{id}"),
        },
        |l| l.get_ref().clone(),
    );
    let mut f = Field::new(id.clone(), kind, label, line);
    f.help = r.help.as_ref().map(|h| h.get_ref().clone());
    f.required = match r.required.as_ref() {
        None => Requirement::Optional,
        Some(s) => match s.get_ref() {
            RawRequired::Flag(true) => Requirement::Always,
            RawRequired::Flag(false) => Requirement::Optional,
            RawRequired::When(text) => {
                let spanned = Spanned::new(s.span(), text.clone());
                reader
                    .expr(&spanned)
                    .map_or(Requirement::Optional, |(e, _)| Requirement::When(e))
            }
        },
    };
    f.relevant = r.relevant.as_ref().and_then(|e| reader.expr(e)).map(|(e, _)| e);
    f.calculate = r.calculate.as_ref().and_then(|e| reader.expr(e)).map(|(e, _)| e);
    f.identifying = r.identifying.unwrap_or(false);
    for c in &r.constraints {
        let cl = reader.line_of(c.span().start);
        let raw_c = c.get_ref();
        let Some(lvl) = level(raw_c.level.as_deref()) else {
            reader.error(
                cl,
                "form-err-level",
                vec![("value", Arg::from(raw_c.level.clone().unwrap_or_default()))],
            );
            continue;
        };
        if let Some((check, _)) = reader.expr(&Spanned::new(c.span(), raw_c.check.clone())) {
            f.constraints.push(Constraint {
                check,
                message: raw_c.message.clone(),
                level: lvl,
            });
        }
    }
    f.default = r
        .default
        .as_ref()
        .and_then(|d| serde_json::to_value(d.get_ref()).ok());
    f.list = r.list.as_ref().map(|l| l.get_ref().clone());
    f.multiple = r.multiple.as_ref().is_some_and(|m| *m.get_ref());
    if let Some(p) = &r.precision {
        let mut precisions = Vec::new();
        for name in p.get_ref() {
            match Precision::from_name(name) {
                Some(pr) => precisions.push(pr),
                None => {
                    let l = reader.line_of(p.span().start);
                    reader.error(l, "form-err-precision", vec![("value", Arg::from(name.as_str()))]);
                }
            }
        }
        f.precision = precisions;
    }
    f.allow_future = r.future.as_ref().is_some_and(|b| *b.get_ref());
    f.max_years_ago = r.max_years_ago.as_ref().map(|v| *v.get_ref());
    f.min = r.min.as_ref().map(|v| *v.get_ref());
    f.max = r.max.as_ref().map(|v| *v.get_ref());
    if let Some(m) = &r.max_length {
        f.max_length = *m.get_ref();
        if f.max_length > MAX_TEXT_LENGTH {
            let l = reader.line_of(m.span().start);
            reader.error(
                l,
                "form-err-max-length",
                vec![
                    ("id", Arg::from(f.id.as_str())),
                    ("max", Arg::from(MAX_TEXT_LENGTH)),
                ],
            );
        }
    }
    f.latin = match r.script.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("any") => false,
        Some("latin") => true,
        Some(other) => {
            let l = reader.line_of(r.script.as_ref().map_or(0, |s| s.span().start));
            reader.error(l, "form-err-script", vec![("value", Arg::from(other))]);
            false
        }
    };
    f.suggest_from = r.suggest_from.as_ref().map(|s| s.get_ref().clone());
    if let Some(m) = &r.min_entries {
        f.min_entries = *m.get_ref();
    }
    f.max_entries = r.max_entries.as_ref().map(|m| *m.get_ref());
    // Options that only some kinds take: naming one elsewhere is a mistake.
    let options: [(&str, bool, &[Kind]); 12] = [
        ("list", r.list.is_some(), &[Kind::Choice, Kind::MultiChoice]),
        ("multiple", r.multiple.is_some(), &[Kind::Country, Kind::Language]),
        ("precision", r.precision.is_some(), &[Kind::Date]),
        ("future", r.future.is_some(), &[Kind::Date]),
        ("max-years-ago", r.max_years_ago.is_some(), &[Kind::Date]),
        ("min", r.min.is_some(), &[Kind::Integer]),
        ("max", r.max.is_some(), &[Kind::Integer]),
        ("max-length", r.max_length.is_some(), &[Kind::Text, Kind::Name]),
        ("script", r.script.is_some(), &[Kind::Name]),
        ("suggest-from", r.suggest_from.is_some(), &[Kind::Name]),
        ("min-entries", r.min_entries.is_some(), &[Kind::Repeat]),
        ("max-entries", r.max_entries.is_some(), &[Kind::Repeat]),
    ];
    for (option, given, kinds) in options {
        if given && !kinds.contains(&kind) {
            reader.error(
                line,
                "form-err-option",
                vec![
                    ("option", Arg::from(option)),
                    ("id", Arg::from(id.as_str())),
                    ("type", Arg::from(kind.name())),
                ],
            );
        }
    }
    if group.is_some() && f.calculate.is_some() {
        reader.error(
            line,
            "form-err-calculate-in-group",
            vec![("id", Arg::from(id.as_str()))],
        );
    }
    if kind == Kind::Repeat {
        if group.is_some() {
            reader.error(
                line,
                "form-err-nested-repeat",
                vec![("id", Arg::from(id.as_str()))],
            );
        }
        f.fields = r.field.iter().map(|sub| field(reader, sub, Some(&id))).collect();
    } else if !r.field.is_empty() {
        reader.error(
            line,
            "form-err-fields-in-field",
            vec![("id", Arg::from(id.as_str()))],
        );
    }
    f
}

/// Reads a form file and the messages next to it (`<stem>.en.ftl`,
/// `<stem>.ru.ftl`, `<stem>.kk.ftl`, when present).
pub fn load_file(path: &Path) -> Result<Form, Vec<DefinitionError>> {
    let file = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| {
        vec![DefinitionError {
            file: file.clone(),
            line: 0,
            reason: Message::new("form-err-read", vec![("reason", Arg::from(e.to_string()))]),
        }]
    })?;
    let mut extra = Vec::new();
    for lang in Lang::ALL {
        let ftl = path.with_extension(format!("{}.ftl", lang.tag()));
        if let Ok(text) = std::fs::read_to_string(&ftl) {
            extra.push((lang, text));
        }
    }
    load(&source, &file, &extra)
}

/// The campaign form compiled into the program.
pub fn builtin() -> Result<&'static Form, &'static [DefinitionError]> {
    static FORM: OnceLock<Result<Form, Vec<DefinitionError>>> = OnceLock::new();
    FORM.get_or_init(|| load(BUILTIN, "assets/forms/intake.toml", &[]))
        .as_ref()
        .map_err(Vec::as_slice)
}
