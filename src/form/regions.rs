//! Kazakhstan's regions (ISO 3166-2:KZ) and the names they go by, from
//! `assets/regions.toml`.

use crate::domain::fold::search_key;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../assets/regions.toml");

/// An oblast or a city of republican significance.
#[derive(Clone, Debug, Deserialize)]
pub struct Region {
    /// ISO 3166-2:KZ code, e.g. `KZ-75`.
    pub code: String,
    /// `oblast` or `city`.
    pub kind: String,
    /// English name.
    pub en: String,
    /// Russian name.
    pub ru: String,
    /// Kazakh name.
    pub kk: String,
    /// Other and historical names.
    #[serde(default)]
    pub also: Vec<String>,
    /// Short names for a narrow column (en, ru, kk), where the usual
    /// abbreviation is shorter than the name.
    #[serde(default)]
    pub short: Vec<String>,
}

impl Region {
    /// The name a narrow column shows: the abbreviation people use (ЗКО),
    /// or the name without "Region"/"область"/"облысы".
    pub fn short_name(&self, lang: crate::i18n::Lang) -> String {
        let at = match lang {
            crate::i18n::Lang::En => 0,
            crate::i18n::Lang::Ru => 1,
            crate::i18n::Lang::Kk => 2,
        };
        match self.short.get(at) {
            Some(short) => short.clone(),
            None => {
                let name = self.name(lang);
                [" Region", " область", " облысы"]
                    .iter()
                    .find_map(|suffix| name.strip_suffix(suffix))
                    .unwrap_or(name)
                    .to_owned()
            }
        }
    }

    /// The name in `lang`.
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.en,
            crate::i18n::Lang::Ru => &self.ru,
            crate::i18n::Lang::Kk => &self.kk,
        }
    }
}

#[derive(Deserialize)]
struct RegionsFile {
    region: Vec<Region>,
}

/// The region list with a lookup by any of its names.
pub struct Regions {
    list: Vec<Region>,
    by_key: HashMap<String, usize>,
}

impl Regions {
    /// The built-in list (parsed once).
    pub fn builtin() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(|| {
            // Compiled in and covered by a unit test; an empty list is the
            // harmless fallback (every oblast would be refused as unknown).
            let list = toml::from_str::<RegionsFile>(SOURCE)
                .map(|f| f.region)
                .unwrap_or_default();
            Regions::new(list)
        })
    }

    fn new(list: Vec<Region>) -> Self {
        let mut by_key = HashMap::new();
        // Current names first so they win over a historical name that
        // another region used to have.
        for (i, r) in list.iter().enumerate() {
            for name in [&r.code, &r.en, &r.ru, &r.kk] {
                by_key.entry(search_key(name)).or_insert(i);
            }
            let short = r.code.trim_start_matches("KZ-");
            by_key.entry(short.to_owned()).or_insert(i);
        }
        for (i, r) in list.iter().enumerate() {
            for name in &r.also {
                by_key.entry(search_key(name)).or_insert(i);
            }
        }
        Self { list, by_key }
    }

    /// Every region in code order.
    pub fn all(&self) -> &[Region] {
        &self.list
    }

    /// The region a name, code or historical name refers to.
    pub fn find(&self, name: &str) -> Option<&Region> {
        self.by_key.get(&search_key(name)).map(|&i| &self.list[i])
    }

    /// The region with this exact ISO code.
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        self.list.iter().find(|r| r.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_twenty_regions_are_loaded() {
        let regions = Regions::builtin();
        assert_eq!(regions.all().len(), 20);
        assert_eq!(regions.all().iter().filter(|r| r.kind == "city").count(), 3);
    }

    #[test]
    fn codes_names_and_historical_names_resolve() {
        let r = Regions::builtin();
        let code = |n: &str| r.find(n).map(|x| x.code.as_str());
        assert_eq!(code("KZ-75"), Some("KZ-75"));
        assert_eq!(code("75"), Some("KZ-75"));
        assert_eq!(code("Алма-Ата"), Some("KZ-75"));
        assert_eq!(code("almaty region"), Some("KZ-19"));
        assert_eq!(code("Целиноград"), Some("KZ-71"));
        assert_eq!(code("Nur-Sultan"), Some("KZ-71"));
        assert_eq!(code("Akmola"), Some("KZ-11"));
        assert_eq!(code("Шымкент"), Some("KZ-79"));
        assert_eq!(code("Chimkent"), Some("KZ-79"));
        assert_eq!(code("Семипалатинск"), Some("KZ-10"));
        assert_eq!(code("Түркістан облысы"), Some("KZ-61"));
        assert_eq!(code("Atlantis"), None);
    }
}
