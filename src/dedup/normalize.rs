//! Keys that make spellings of one name equal: Kazakh letters written the
//! Russian way, every common Latin transliteration, doubled letters,
//! patronymic endings (-ович, -ұлы, -qyzy …) and the old names of places.
//! The tables are data in `assets/dedup.toml`.

use crate::domain::fold::search_key;
use crate::form::Regions;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../../assets/dedup.toml");

#[derive(Deserialize, Default)]
struct Tables {
    russified: BTreeMap<String, String>,
    latin: BTreeMap<String, String>,
    patronymic_suffixes: Vec<String>,
    #[serde(default)]
    aliases: Aliases,
}

/// Spellings of one name that no letter rule joins (see `[aliases]`).
#[derive(Deserialize, Default)]
struct Aliases {
    groups: Vec<Vec<String>>,
}

/// The tables ready to use: letters by char, Latin rules and patronymic
/// endings longest first (so "ts" is not taken for a later "t").
#[derive(Default)]
struct Rules {
    russified: std::collections::HashMap<char, String>,
    latin: Vec<(String, String)>,
    suffixes: Vec<String>,
    /// A word's key → the key of the first spelling of its group.
    aliases: std::collections::HashMap<String, String>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    // Compiled in and covered by the unit tests; empty tables are the harmless fallback.
    T.get_or_init(|| toml::from_str(SOURCE).unwrap_or_default())
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let t = tables();
        let mut latin: Vec<(String, String)> = t.latin.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
        latin.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        let russified = t
            .russified
            .iter()
            .filter_map(|(k, v)| Some((k.chars().next()?, v.clone())))
            .collect();
        let mut rules = Rules {
            russified,
            latin,
            suffixes: Vec::new(),
            aliases: std::collections::HashMap::new(),
        };
        let mut suffixes: Vec<String> = t.patronymic_suffixes.iter().map(|s| fold(&rules, s)).collect();
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        suffixes.dedup();
        rules.suffixes = suffixes;
        for group in &t.aliases.groups {
            let keys: Vec<String> = group.iter().map(|spelling| fold(&rules, spelling)).collect();
            if let Some((first, rest)) = keys.split_first() {
                for key in rest.iter().filter(|k| *k != first) {
                    rules.aliases.insert(key.clone(), first.clone());
                }
            }
        }
        rules
    })
}

/// The key of one name (a surname, a given name): equal for the spellings
/// of one name in any script. Several words stay several words.
pub fn name_key(text: &str) -> String {
    let rules = rules();
    let key = fold(rules, text);
    if rules.aliases.is_empty() || !key.split(' ').any(|w| rules.aliases.contains_key(w)) {
        return key;
    }
    key.split(' ')
        .map(|w| rules.aliases.get(w).map_or(w, String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

fn fold(rules: &Rules, text: &str) -> String {
    let lower = text.to_lowercase();
    let mut russified = String::with_capacity(lower.len());
    for c in lower.chars() {
        match rules.russified.get(&c) {
            Some(r) => russified.push_str(r),
            None => russified.push(c),
        }
    }
    let mut key = search_key(&russified);
    for (from, to) in &rules.latin {
        if key.contains(from.as_str()) {
            key = key.replace(from.as_str(), to);
        }
    }
    // Doubled letters (Асель/Ассель), and "j" for й after a vowel before
    // a consonant or at a word's end (Dujsenova, Sergej), where it is not
    // the zh/dzh of "Janna".
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiou".contains(c));
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len());
    for (i, &c) in chars.iter().enumerate() {
        let c = if c == 'j' && vowel(i.checked_sub(1).map(|p| chars[p])) && !vowel(chars.get(i + 1).copied())
        {
            'i'
        } else {
            c
        };
        if !out.ends_with(c) || c == ' ' {
            out.push(c);
        }
    }
    out
}

/// The father's name inside a patronymic: "Маратович", "Maratovich",
/// "Маратұлы" and "Marat uly" all give the key of "Марат".
pub fn patronymic_key(text: &str) -> String {
    let key = name_key(text).replace(' ', "");
    for suffix in &rules().suffixes {
        if let Some(stem) = key.strip_suffix(suffix.as_str()).filter(|s| s.len() >= 3) {
            return stem.to_owned();
        }
    }
    key
}

/// The family name inside a surname: "Ахметов", "Ахметова", "Ахметұлы"
/// and "Akhmetkyzy" share "ahmet" (the Kazakh custom and the Russian one).
pub fn surname_root(key: &str) -> &str {
    for suffix in [
        "kizi", "kyzy", "kizy", "kyzi", "uli", "uly", "ova", "eva", "ov", "ev", "ina", "in",
    ] {
        if let Some(stem) = key.strip_suffix(suffix).filter(|s| s.chars().count() >= 3) {
            return stem;
        }
    }
    key
}

/// A place: the ISO code of the region it names or once named (Alma-Ata,
/// Tselinograd, Semipalatinsk …), else its name key.
pub fn place_key(text: &str) -> String {
    let regions = Regions::builtin();
    if let Some(r) = regions.find(text) {
        return r.code.clone();
    }
    // "Алма-Ата, Казахская ССР": the first part that is a place we know.
    for part in text.split([',', ';', '(', ')']) {
        if let Some(r) = regions.find(part.trim()) {
            return r.code.clone();
        }
    }
    name_key(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(name_key(a), name_key(b), "{a} / {b}");
    }

    #[test]
    fn the_tables_are_read() {
        let t = tables();
        assert!(t.russified.len() > 10 && t.latin.len() > 5 && t.patronymic_suffixes.len() > 10);
    }

    #[test]
    fn native_korean_and_german_spellings_are_the_russian_name() {
        for (russian, native) in [
            ("Пак", "Park"),
            ("Ли", "Lee"),
            ("Цой", "Choi"),
            ("Тен", "Jeong"),
            ("Тян", "Chang"),
            ("Кан", "Kang"),
            ("Хван", "Hwang"),
            ("Мюллер", "Müller"),
            ("Мюллер", "Mueller"),
            ("Шрёдер", "Schroeder"),
            ("Шнайдер", "Schneider"),
            ("Гофман", "Hoffmann"),
            ("Генрих", "Heinrich"),
        ] {
            same(russian, native);
        }
        same("Пак Виктор", "Park Viktor");
        assert_ne!(name_key("Пак"), name_key("Ли"));
        assert_ne!(name_key("Park"), name_key("Parker"));
    }

    #[test]
    fn an_alias_reads_one_way_and_never_as_another_name() {
        let rules = rules();
        let groups = &tables().aliases.groups;
        let firsts: Vec<String> = groups.iter().map(|g| fold(rules, &g[0])).collect();
        let mut reads: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        for (group, first) in groups.iter().zip(&firsts) {
            assert!(group.len() >= 2, "{group:?} has one spelling");
            for spelling in &group[1..] {
                let key = fold(rules, spelling);
                if key == *first {
                    continue;
                }
                assert!(
                    !firsts.contains(&key),
                    "“{spelling}” ({key}) is another group's name"
                );
                let was = *reads.entry(key.clone()).or_insert(first);
                assert_eq!(was, first, "“{spelling}” ({key}) reads two ways");
            }
        }
    }

    #[test]
    fn the_spellings_of_one_name_fold_together() {
        for variant in ["Duysenova", "Duisenova", "Дүйсенова", "DUISENOVA", "Dujsenova"] {
            same("Дуйсенова", variant);
        }
        for variant in ["Ertayev", "Yertayev", "Ertaev", "Yertaev"] {
            same("Ертаев", variant);
        }
        same("Дюсенова", "Diusenova");
        same("Асель", "Assel");
        same("Жанна", "Zhanna");
        same("Жанна", "Janna");
        same("Хасанов", "Hasanov");
        same("Цой", "Tsoi");
        same("Юлия", "Yuliya");
        same("Нұрсұлтан", "Nursultan");
        same("Қайрат", "Kairat");
        same("Шохрух", "Shokhrukh");
        same("Ғалым", "Galym");
        same("Ғалым", "Ghalym");
        // The examples.
        same("Дүйсенова", "Дюйсенова");
        same("Ертаев", "Yertayev");
        // Uzbek Latin, Ukrainian letters, Kazakh Latin 2021.
        same("Хасанов", "Xasanov");
        same("Шохрух", "Shohruh");
        same("Ганна", "Ґанна");
        same("Әйгерім", "Äigerım");
        same("Қайрат", "Qairat");
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Дуйсенова", "Дуйсенов"),
            ("Ертаев", "Ерланов"),
            ("Айгуль", "Айжан"),
            ("Ким", "Кан"),
            ("Сейітов", "Сейтказиев"),
        ] {
            assert_ne!(name_key(a), name_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn patronymics_fold_to_the_fathers_name() {
        let marat = patronymic_key("Маратович");
        for p in ["Maratovich", "Маратұлы", "Маратулы", "Marat uly", "Maratuly"] {
            assert_eq!(patronymic_key(p), marat, "{p}");
        }
        assert_eq!(patronymic_key("Маратовна"), marat);
        assert_eq!(patronymic_key("Маратқызы"), marat);
        assert_ne!(patronymic_key("Серикович"), marat);
    }

    #[test]
    fn places_fold_through_their_old_names() {
        assert_eq!(place_key("Алма-Ата"), place_key("Almaty"));
        assert_eq!(place_key("Tselinograd"), place_key("Астана"));
        assert_eq!(place_key("Семипалатинск, Казахская ССР"), place_key("Семей"));
        assert_eq!(place_key("Kabul"), place_key("Кабул"));
    }
}
