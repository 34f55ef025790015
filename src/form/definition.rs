//! A loaded form definition: sections, fields, repeat groups, choice lists
//! and record rules, as read from TOML (see `assets/forms/README.md`) and
//! checked by [`super::load`].

use super::dates::Precision;
use super::expr::Expr;
use crate::i18n::{Arg, Lang, Texts};
use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
use serde_json::Value;
use std::collections::BTreeMap;

/// The longest text a form may let a field take, in characters: written
/// as JSON (each character at most six bytes) it stays under the largest
/// value a bundle carries (`sync::bundle::MAX_VALUE`).
pub const MAX_TEXT_LENGTH: usize = 10_000;

/// What kind of value a field holds (the `type` of a field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A person's name (Cyrillic, Kazakh or Latin letters).
    Name,
    /// A date with its precision.
    Date,
    /// A whole number.
    Integer,
    /// One value of a choice list.
    Choice,
    /// Several values of a choice list.
    MultiChoice,
    /// Yes or no.
    YesNo,
    /// Kazakhstan's individual identification number.
    Iin,
    /// A phone number.
    Phone,
    /// An oblast or city of Kazakhstan.
    Region,
    /// A country (ISO 3166-1 alpha-2).
    Country,
    /// A language (ISO 639).
    Language,
    /// Another record (its id).
    RecordLink,
    /// A repeat group of entries.
    Repeat,
}

impl Kind {
    /// Every kind with its name in form files.
    pub const NAMES: [(&'static str, Kind); 14] = [
        ("text", Kind::Text),
        ("name", Kind::Name),
        ("date", Kind::Date),
        ("integer", Kind::Integer),
        ("choice", Kind::Choice),
        ("multi-choice", Kind::MultiChoice),
        ("yes-no", Kind::YesNo),
        ("iin", Kind::Iin),
        ("phone", Kind::Phone),
        ("region", Kind::Region),
        ("country", Kind::Country),
        ("language", Kind::Language),
        ("record-link", Kind::RecordLink),
        ("repeat", Kind::Repeat),
    ];

    /// The name used in form files.
    pub fn name(self) -> &'static str {
        Kind::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("text", |(n, _)| n)
    }

    /// Whether values are picked from a list of options.
    pub fn offers_options(self) -> bool {
        matches!(
            self,
            Kind::Choice | Kind::MultiChoice | Kind::YesNo | Kind::Region | Kind::Country | Kind::Language
        )
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }
}

/// Whether a problem blocks or only warns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Shown, never blocks.
    Warning,
    /// Must be corrected (for drafts: before the intake is marked done).
    Error,
}

/// When a field must have a value.
#[derive(Debug)]
pub enum Requirement {
    /// Never required.
    Optional,
    /// Always required (when relevant).
    Always,
    /// Required when the expression holds.
    When(Expr),
}

/// A check on a field's value, with the message shown when it fails.
#[derive(Debug)]
pub struct Constraint {
    /// Must be true for the value to pass.
    pub check: Expr,
    /// Message key.
    pub message: String,
    /// Error or warning.
    pub level: Level,
}

/// One question of the form, or a repeat group of questions.
#[derive(Debug)]
pub struct Field {
    /// The id (a field path segment).
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Label message key.
    pub label: String,
    /// Help message key.
    pub help: Option<String>,
    /// When a value is required.
    pub required: Requirement,
    /// Shown only when this holds.
    pub relevant: Option<Expr>,
    /// Identifies the person: shown only after consent, erased on withdrawal.
    pub identifying: bool,
    /// Checks on the value.
    pub constraints: Vec<Constraint>,
    /// Value of a new record.
    pub default: Option<Value>,
    /// Choice list id (choice, multi-choice).
    pub list: Option<String>,
    /// Several values (country, language).
    pub multiple: bool,
    /// Allowed date precisions.
    pub precision: Vec<Precision>,
    /// A date may be after today.
    pub allow_future: bool,
    /// A date may be at most this many years ago.
    pub max_years_ago: Option<u32>,
    /// Integer bounds.
    pub min: Option<i64>,
    /// Integer bounds.
    pub max: Option<i64>,
    /// Text length limit in characters (at most [`MAX_TEXT_LENGTH`]).
    pub max_length: usize,
    /// A name that must be written in Latin letters.
    pub latin: bool,
    /// For a Latin name: the Cyrillic field its suggestion is made from.
    pub suggest_from: Option<String>,
    /// Read-only value computed from others.
    pub calculate: Option<Expr>,
    /// A repeat group's fields.
    pub fields: Vec<Field>,
    /// A required repeat group needs at least this many entries.
    pub min_entries: usize,
    /// A repeat group may have at most this many entries.
    pub max_entries: Option<usize>,
    /// The line of the definition.
    pub line: usize,
}

impl Field {
    /// A field of `kind` with every option at its default (used by the loader).
    pub(super) fn new(id: String, kind: Kind, label: String, line: usize) -> Field {
        Field {
            id,
            kind,
            label,
            help: None,
            required: Requirement::Optional,
            relevant: None,
            identifying: false,
            constraints: Vec::new(),
            default: None,
            list: None,
            multiple: false,
            precision: vec![Precision::Day],
            allow_future: false,
            max_years_ago: None,
            min: None,
            max: None,
            max_length: 200,
            latin: false,
            suggest_from: None,
            calculate: None,
            fields: Vec::new(),
            min_entries: 1,
            max_entries: None,
            line,
        }
    }

    /// A repeat group's field by id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }
}

/// A part of the form shown together (a tab).
#[derive(Debug)]
pub struct Section {
    /// The id.
    pub id: String,
    /// Label message key.
    pub label: String,
    /// Shown only when this holds.
    pub relevant: Option<Expr>,
    /// Its fields and repeat groups, in order.
    pub fields: Vec<Field>,
}

/// A check across fields of a record.
#[derive(Debug)]
pub struct Rule {
    /// The id.
    pub id: String,
    /// Must be true.
    pub check: Expr,
    /// Message key.
    pub message: String,
    /// Error or warning.
    pub level: Level,
    /// The top-level field or group the message is shown at.
    pub field: String,
}

/// Messages a replaced form brings with it (`<form>.<lang>.ftl`), looked up
/// before the built-in ones.
#[derive(Default)]
pub struct Labels {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Labels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Labels({} languages)", self.bundles.len())
    }
}

impl Labels {
    /// Adds a language's extra messages.
    pub(super) fn add(&mut self, lang: Lang, resource: FluentResource) {
        let id = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        // Later definitions of a key win, so a form may override a built-in label.
        bundle.add_resource_overriding(resource);
        self.bundles.push((lang, bundle));
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }

    /// Whether `key` exists in `lang`, here or built in.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(key)) || Texts::get(lang).has(key)
    }

    /// The message `key` in `texts`' language.
    pub fn text(&self, texts: &Texts, key: &str, args: &[(&str, Arg)]) -> String {
        self.bundle(texts.lang())
            .and_then(|b| crate::i18n::format(b, key, args))
            .unwrap_or_else(|| texts.text(key, args))
    }
}

/// Each list's choices, each with the folded names it may be typed as.
pub(super) type ChoiceNames = BTreeMap<String, Vec<(String, Vec<String>)>>;

/// A whole form.
#[derive(Debug)]
pub struct Form {
    /// The form's id.
    pub id: String,
    /// Its version.
    pub version: u32,
    /// Title message key.
    pub title: String,
    /// While this does not hold, identifying fields are hidden.
    pub consent: Option<Expr>,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Choice lists: id → values in order.
    pub lists: BTreeMap<String, Vec<String>>,
    /// Record rules.
    pub rules: Vec<Rule>,
    /// Messages the form brings along.
    pub labels: Labels,
    /// The file it was read from (`built-in` for the compiled-in form).
    pub file: String,
    /// Each list's choices with the folded names a person may type for
    /// them (the id and the label in every language), made on first use.
    pub(super) choice_names: std::sync::OnceLock<ChoiceNames>,
}

impl Form {
    /// Every top-level field and group, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// A top-level field or group by id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }

    /// The field behind a field path: `id` or `group/entry/field`.
    pub fn field_at(&self, path: &str) -> Option<&Field> {
        match path.split('/').collect::<Vec<_>>().as_slice() {
            [id] => self.field(id),
            [group, _, field] => self.field(group)?.field(field),
            _ => None,
        }
    }

    /// The section holding a top-level field.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.fields.iter().any(|f| f.id == id))
    }

    /// The message key of a choice's label.
    pub fn choice_label(list: &str, value: &str) -> String {
        format!("choice-{list}-{value}")
    }

    /// A label or message in `texts`' language.
    pub fn text(&self, texts: &Texts, key: &str) -> String {
        self.labels.text(texts, key, &[])
    }

    /// Where a field path is, for people: "Documents 2 › Expiry date".
    /// `entries` gives the entry ids of each group in order, to number them.
    pub fn place(
        &self,
        texts: &Texts,
        path: &str,
        entry_index: impl Fn(&str, &str) -> Option<usize>,
    ) -> String {
        let mut parts = path.splitn(3, '/');
        let (Some(first), second, third) = (parts.next(), parts.next(), parts.next()) else {
            return path.to_owned();
        };
        let Some(field) = self.field(first) else {
            return path.to_owned();
        };
        let label = self.text(texts, &field.label);
        match (second, third.and_then(|f| field.field(f))) {
            (Some(entry), Some(sub)) => {
                let n = entry_index(first, entry).map_or_else(String::new, |i| format!(" {}", i + 1));
                format!("{label}{n} › {}", self.text(texts, &sub.label))
            }
            _ => label,
        }
    }
}
