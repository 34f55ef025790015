//! Countries (ISO 3166-1 alpha-2, with Soviet-era names) and languages
//! (ISO 639) offered by `country` and `language` fields, from
//! `assets/countries.toml` and `assets/languages.toml`.

use crate::domain::fold::search_key;
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A country or a language with its names.
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    /// The code stored in records.
    pub code: String,
    /// English name.
    pub en: String,
    /// Russian name.
    pub ru: String,
    /// Kazakh name.
    pub kk: String,
    /// Older names that mean the same entry today ("Uzbek SSR").
    #[serde(default)]
    pub historical: Vec<String>,
}

impl Entry {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }
}

/// A list with lookup by code or by any name, in any script.
pub struct Catalog {
    list: Vec<Entry>,
    by_key: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct CountriesFile {
    country: Vec<Entry>,
}

#[derive(Deserialize)]
struct LanguagesFile {
    language: Vec<Entry>,
}

impl Catalog {
    fn new(list: Vec<Entry>) -> Catalog {
        let mut by_key = HashMap::new();
        for (i, e) in list.iter().enumerate() {
            for name in [&e.code, &e.en, &e.ru, &e.kk] {
                by_key.entry(search_key(name)).or_insert(i);
            }
        }
        for (i, e) in list.iter().enumerate() {
            for name in &e.historical {
                by_key.entry(search_key(name)).or_insert(i);
            }
        }
        Catalog { list, by_key }
    }

    /// The built-in countries (parsed once; covered by a unit test, an empty
    /// list is the harmless fallback).
    pub fn countries() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            let file = include_str!("../../assets/countries.toml");
            Catalog::new(toml::from_str::<CountriesFile>(file).map_or_else(|_| Vec::new(), |f| f.country))
        })
    }

    /// The built-in languages.
    pub fn languages() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            let file = include_str!("../../assets/languages.toml");
            Catalog::new(toml::from_str::<LanguagesFile>(file).map_or_else(|_| Vec::new(), |f| f.language))
        })
    }

    /// Every entry in order.
    pub fn all(&self) -> &[Entry] {
        &self.list
    }

    /// The entry with this code, name or historical name.
    pub fn find(&self, text: &str) -> Option<&Entry> {
        self.by_key.get(&search_key(text.trim())).map(|&i| &self.list[i])
    }

    /// The entry with exactly this code.
    pub fn by_code(&self, code: &str) -> Option<&Entry> {
        self.list.iter().find(|e| e.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_found_by_code_name_and_soviet_name() {
        let c = Catalog::countries();
        assert!(c.all().len() > 40);
        assert_eq!(c.find("kz").map(|e| e.code.as_str()), Some("KZ"));
        assert_eq!(c.find("Ауғанстан").map(|e| e.code.as_str()), Some("AF"));
        assert_eq!(c.find("Узбекская ССР").map(|e| e.code.as_str()), Some("UZ"));
        assert_eq!(c.find("СССР").map(|e| e.code.as_str()), Some("SU"));
        assert!(c.find("Atlantis").is_none());
        let mut codes: Vec<&str> = c.all().iter().map(|e| e.code.as_str()).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a country code repeats");
    }

    #[test]
    fn languages_are_found_by_code_and_name() {
        let l = Catalog::languages();
        assert!(l.all().len() > 20);
        assert_eq!(l.find("ru").map(|e| e.code.as_str()), Some("ru"));
        assert_eq!(l.find("казахский").map(|e| e.code.as_str()), Some("kk"));
        assert_eq!(l.find("Dari").map(|e| e.code.as_str()), Some("prs"));
        assert_eq!(l.by_code("kk").map(|e| e.name(Lang::Kk)), Some("қазақ тілі"));
    }
}
