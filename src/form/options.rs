//! The options a field offers (choices, yes/no, regions, countries,
//! languages) and finding them by what is being typed, in any language or
//! script and by historical names: what a picker lists while the worker types.

use super::definition::{Field, Form, Kind};
use super::{Catalog, Regions};
use crate::domain::fold::search_key;
use crate::i18n::{Lang, Texts};

/// One option of a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Offered {
    /// The label in the interface language; typing it selects the option.
    pub label: String,
    /// Every name the option goes by: the label first, then the other
    /// languages, codes and historical names.
    names: Vec<String>,
    /// The same names in lower case.
    lower: Vec<String>,
    /// The same names folded across scripts.
    keys: Vec<String>,
}

/// An option that matches what was typed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found<'o> {
    /// The option.
    pub option: &'o Offered,
    /// The other name it was found by, when not its label ("Tselinograd").
    pub via: Option<&'o str>,
}

impl Offered {
    fn new(label: String, others: impl IntoIterator<Item = String>) -> Offered {
        let names: Vec<String> = std::iter::once(label.clone()).chain(others).collect();
        let lower = names.iter().map(|n| n.to_lowercase()).collect();
        let keys = names.iter().map(|n| search_key(n)).collect();
        Offered {
            label,
            names,
            lower,
            keys,
        }
    }

    /// Whether `text` is one of the option's names, exactly (case and script aside).
    pub fn is_named(&self, text: &str) -> bool {
        let key = search_key(text);
        !key.is_empty() && self.keys.contains(&key)
    }

    /// The first name (label first) with a word that starts with `typed`
    /// as written, else the first that does once both are folded across scripts.
    fn matching_name(&self, lower: &str, key: &str) -> Option<usize> {
        let word_starts = |name: &str, prefix: &str| {
            !prefix.is_empty()
                && name
                    .char_indices()
                    .filter(|(i, _)| *i == 0 || name[..*i].ends_with(|c: char| !c.is_alphanumeric()))
                    .any(|(i, _)| name[i..].starts_with(prefix))
        };
        let as_written = (0..self.lower.len()).find(|&i| word_starts(&self.lower[i], lower));
        let folded = || (0..self.keys.len()).find(|&i| word_starts(&self.keys[i], key));
        match (as_written, folded()) {
            (Some(0), _) | (_, Some(0)) => Some(0),
            (Some(i), _) | (None, Some(i)) => Some(i),
            (None, None) => None,
        }
    }
}

impl Form {
    /// The options of a field in the order they are offered, labelled in
    /// `texts`' language; empty for fields that take free input.
    pub fn options(&self, field: &Field, texts: &Texts) -> Vec<Offered> {
        let lang = texts.lang();
        let in_every_language = |f: &dyn Fn(&Texts) -> String| -> Vec<String> {
            Lang::ALL.iter().map(|l| f(Texts::get(*l))).collect()
        };
        match field.kind {
            Kind::Choice | Kind::MultiChoice => {
                let Some((list, values)) = field.list.as_ref().and_then(|l| Some((l, self.lists.get(l)?)))
                else {
                    return Vec::new();
                };
                values
                    .iter()
                    .map(|v| {
                        let key = Form::choice_label(list, v);
                        let mut names = in_every_language(&|t| self.labels.text(t, &key, &[]));
                        names.push(v.clone());
                        Offered::new(self.labels.text(texts, &key, &[]), names)
                    })
                    .collect()
            }
            Kind::YesNo => ["tui-yes", "tui-no"]
                .iter()
                .map(|key| Offered::new(texts.text(key, &[]), in_every_language(&|t| t.text(key, &[]))))
                .collect(),
            Kind::Region => Regions::builtin()
                .all()
                .iter()
                .map(|r| {
                    let names = [&r.en, &r.ru, &r.kk, &r.code].into_iter().chain(&r.also).cloned();
                    Offered::new(r.name(lang).to_owned(), names)
                })
                .collect(),
            Kind::Country | Kind::Language => {
                let catalog = if field.kind == Kind::Country {
                    Catalog::countries()
                } else {
                    Catalog::languages()
                };
                let mut entries: Vec<_> = catalog.all().iter().collect();
                // Alphabetical in the interface language, as people look for them.
                entries.sort_by_key(|e| e.name(lang).to_lowercase());
                entries
                    .into_iter()
                    .map(|e| {
                        let names = [&e.en, &e.ru, &e.kk, &e.code]
                            .into_iter()
                            .chain(&e.historical)
                            .cloned();
                        Offered::new(e.name(lang).to_owned(), names)
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The text a stored value is shown (and edited, and exported) as, in
    /// `texts`' language: a choice, region, country or language by its name.
    pub fn display(&self, texts: &Texts, field: Option<&Field>, value: Option<&serde_json::Value>) -> String {
        use serde_json::Value;
        let form = self;
        let Some(field) = field else {
            return String::new();
        };
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return String::new();
        };
        let choice = |v: &str| match &field.list {
            Some(list) => form.text(texts, &Form::choice_label(list, v)),
            None => v.to_owned(),
        };
        let named = |code: &str| match field.kind {
            Kind::Region => Regions::builtin()
                .by_code(code)
                .map_or_else(|| code.to_owned(), |r| r.name(texts.lang()).to_owned()),
            Kind::Country => Catalog::countries()
                .by_code(code)
                .map_or_else(|| code.to_owned(), |e| e.name(texts.lang()).to_owned()),
            Kind::Language => Catalog::languages()
                .by_code(code)
                .map_or_else(|| code.to_owned(), |e| e.name(texts.lang()).to_owned()),
            _ => choice(code),
        };
        match value {
            Value::Bool(b) => texts.text(if *b { "tui-yes" } else { "tui-no" }, &[]),
            Value::String(s) => named(s),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), named))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }

    /// Whether a field takes several options, separated by commas.
    pub fn takes_several(field: &Field) -> bool {
        field.kind == Kind::MultiChoice
            || (field.multiple && matches!(field.kind, Kind::Country | Kind::Language))
    }
}

/// The options with a name that has a word starting with `typed`: those
/// found by their label first, then those found by another name; all of
/// them when nothing is typed.
pub fn filter<'o>(options: &'o [Offered], typed: &str) -> Vec<Found<'o>> {
    let lower = typed.trim().to_lowercase();
    if lower.is_empty() {
        return options.iter().map(|option| Found { option, via: None }).collect();
    }
    let key = search_key(&lower);
    let mut by_label = Vec::new();
    let mut by_other = Vec::new();
    for option in options {
        match option.matching_name(&lower, &key) {
            Some(0) => by_label.push(Found { option, via: None }),
            Some(i) => by_other.push(Found {
                option,
                via: Some(option.names[i].as_str()),
            }),
            None => {}
        }
    }
    by_label.extend(by_other);
    by_label
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::Value;

    fn form() -> &'static Form {
        crate::form::builtin().unwrap_or_else(|e| panic!("built-in form: {e:?}"))
    }

    fn labels(found: &[Found<'_>]) -> Vec<String> {
        found.iter().map(|f| f.option.label.clone()).collect()
    }

    #[test]
    fn regions_are_found_by_the_start_of_any_word_of_any_name() {
        let form = form();
        let Some(field) = form.field("oblast").filter(|f| f.kind == Kind::Region) else {
            panic!("no region field");
        };
        let ru = Texts::get(Lang::Ru);
        let options = form.options(field, ru);
        assert_eq!(options.len(), 20);
        // Historical names: Tselinograd is Astana today (and its oblast was
        // Tselinograd oblast, Akmola today).
        let found = filter(&options, "целин");
        let astana = found.iter().find(|f| f.option.label == "Астана");
        assert_eq!(astana.and_then(|f| f.via), Some("Целиноград"));
        assert_eq!(found.len(), 2);
        // Latin typing finds the Russian label across scripts.
        assert!(labels(&filter(&options, "karag")).contains(&"Карагандинская область".to_owned()));
        // A later word of the name.
        assert!(labels(&filter(&options, "облас")).len() > 10);
        assert!(filter(&options, "atlantis").is_empty());
    }

    #[test]
    fn label_matches_come_before_matches_by_another_name() {
        let form = form();
        let field = form
            .fields()
            .flat_map(|f| std::iter::once(f).chain(f.fields.iter()))
            .find(|f| f.kind == Kind::Country && !f.multiple);
        let Some(field) = field else {
            panic!("no country field")
        };
        let en = Texts::get(Lang::En);
        let options = form.options(field, en);
        let found = filter(&options, "uz");
        assert_eq!(found[0].option.label, "Uzbekistan");
        assert_eq!(found[0].via, None);
        let soviet = filter(&options, "uzbek ssr");
        assert_eq!(labels(&soviet), ["Uzbekistan"]);
        assert!(soviet[0].via.is_some());
    }

    #[test]
    fn every_option_label_reads_back_as_its_option() {
        // A picker fills in the label and the field parses it: each label
        // must lead back to the option it names, in every language.
        let form = form();
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let fields = form
            .fields()
            .flat_map(|f| std::iter::once(f).chain(f.fields.iter()))
            .filter(|f| f.kind != Kind::Repeat);
        for field in fields {
            for lang in Lang::ALL {
                let texts = Texts::get(lang);
                let options = form.options(field, texts);
                let mut seen = Vec::new();
                for option in &options {
                    let value = form.parse_input(field, &option.label, today);
                    let Ok(Some(value)) = value else {
                        panic!("{} in {}: “{}” is not read", field.id, lang.tag(), option.label);
                    };
                    let value = match value {
                        Value::Array(mut v) if v.len() == 1 => v.remove(0),
                        other => other,
                    };
                    assert!(
                        !seen.contains(&value),
                        "{} in {}: “{}” reads as another option",
                        field.id,
                        lang.tag(),
                        option.label
                    );
                    seen.push(value);
                }
            }
        }
    }

    #[test]
    fn nothing_typed_lists_every_option_and_exact_names_are_recognised() {
        let form = form();
        let Some(sex) = form.field("sex") else {
            panic!("no sex field")
        };
        let kk = Texts::get(Lang::Kk);
        let options = form.options(sex, kk);
        assert_eq!(filter(&options, "  ").len(), options.len());
        assert!(options.iter().any(|o| o.is_named("female")));
        assert!(options.iter().any(|o| o.is_named("женский")));
        assert!(!options.iter().any(|o| o.is_named("жен")));
    }
}
