//! The script-folded search key: one Latin form for a name however it was
//! written, so that "Дуйсенова", "Duysenova" and "Duisenova" find each other.
//!
//! Steps: Unicode lower case (Rust's `to_lowercase`, not SQLite's ASCII one),
//! Cyrillic → Latin by the ICAO table in `assets/translit.toml`, diacritics
//! removed (Kazakh and Turkic Latin letters too), then the spellings that
//! transliterations disagree on are made one: y/i, zh/j, kh/h, q/k, w/v,
//! shch/sh, ye/e, iy/i. False matches are acceptable here (a search shows
//! a few more rows); missed ones are not.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const TABLE_SOURCE: &str = include_str!("../../assets/translit.toml");

#[derive(serde::Deserialize)]
struct TableFile {
    icao: HashMap<String, String>,
}

fn icao_table() -> &'static HashMap<char, &'static str> {
    static TABLE: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The table is compiled in and checked by a unit test, so a broken
        // file cannot reach a user; still, degrade to "no transliteration"
        // rather than panic.
        let file: TableFile = toml::from_str(TABLE_SOURCE).unwrap_or(TableFile { icao: HashMap::new() });
        file.icao
            .into_iter()
            .filter_map(|(k, v)| {
                let mut chars = k.chars();
                let c = chars.next()?;
                chars
                    .next()
                    .is_none()
                    .then(|| (c, &*Box::leak(v.into_boxed_str())))
            })
            .collect()
    })
}

/// Cyrillic letters → ICAO Latin, keeping case of the first letter of each
/// transliterated letter; other characters are kept.
pub fn to_latin(text: &str) -> String {
    let table = icao_table();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match table.get(&lower) {
            Some(latin) if lower != c => {
                let mut it = latin.chars();
                if let Some(first) = it.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(it.as_str());
                }
            }
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
    }
    out
}

/// The search key of a text: lower-case folded Latin words separated by one space.
pub fn search_key(text: &str) -> String {
    let lower = text.to_lowercase();
    let latin = to_latin(&lower);
    let mut plain = String::with_capacity(latin.len());
    for c in latin.nfd() {
        match c {
            'ı' => plain.push('i'),
            'ş' => plain.push_str("sh"),
            'ç' => plain.push_str("ch"),
            'ß' => plain.push_str("ss"),
            'ø' => plain.push('o'),
            'æ' => plain.push_str("ae"),
            'ł' => plain.push('l'),
            'đ' => plain.push('d'),
            // Apostrophes and primes mark softness, hardness or a glottal
            // stop (o'g'li, Ma'ruf, Olʹga, Obʺedkov, Gʻulom): spellings
            // differ on them, so they vanish.
            '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʽ' | 'ʹ' | 'ʺ' | '″' | '`' | '´' | '·' => {}
            c if unicode_normalization::char::is_combining_mark(c) => {
                // ş and ç decompose to s/c + cedilla: handled as sh/ch.
                if c == '\u{327}' {
                    match plain.pop() {
                        Some('s') => plain.push_str("sh"),
                        Some('c') => plain.push_str("ch"),
                        Some(other) => plain.push(other),
                        None => {}
                    }
                }
            }
            c if c.is_alphanumeric() => plain.push(c),
            _ => plain.push(' '),
        }
    }
    let folded = plain
        .replace("shch", "sh")
        .replace("sch", "sh")
        .replace("dzh", "j")
        .replace("zh", "j")
        .replace("kh", "h")
        .replace('q', "k")
        .replace('w', "v")
        .replace('y', "i")
        // "Yertayev"/"Ертаев", "Aliyev"/"Алиев", "Mariya"/"Мария" (ICAO "Mariia").
        .replace("ii", "i")
        .replace("ie", "e");
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_every_russian_and_kazakh_letter() {
        let letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі";
        for c in letters.chars() {
            assert!(icao_table().contains_key(&c), "{c} missing");
        }
    }

    #[test]
    fn cyrillic_and_latin_spellings_of_one_name_fold_together() {
        let groups: &[&[&str]] = &[
            &["Дуйсенова", "Duysenova", "Duisenova", "DUISENOVA"],
            &["Жумабаев", "Zhumabaev", "Jumabaev", "Zhumabayev"],
            &["Ахмедов", "Akhmedov", "Ahmedov"],
            &["Юсупова", "Yusupova", "Iusupova"],
            &["Қасымов", "Qasymov", "Kasymov"],
            &["Әлиев", "Äliev", "Aliyev"],
            &["Шәріпова", "Şäripova", "Sharipova"],
            &["Вагнер", "Wagner"],
            &["Ёлкин", "Елкин", "Elkin"],
            &["Ертаев", "Ertayev", "Yertayev", "Ertaev"],
            &["Мария", "Mariya", "Mariia", "Maria"],
        ];
        for group in groups {
            let keys: Vec<String> = group.iter().map(|n| search_key(n)).collect();
            assert!(keys.windows(2).all(|w| w[0] == w[1]), "{group:?} → {keys:?}");
        }
    }

    #[test]
    fn primes_and_apostrophes_vanish() {
        for (a, b) in [
            ("Olʹga", "Olga"),
            ("Obʺedkov", "Obedkov"),
            ("Gʻulom", "Gulom"),
            ("O‘g‘li", "Ogli"),
            ("Bau·yrzhan", "Bauyrzhan"),
        ] {
            assert_eq!(search_key(a), search_key(b), "{a}");
        }
    }

    #[test]
    fn different_names_stay_different() {
        assert_ne!(search_key("Иванов"), search_key("Петров"));
        assert_ne!(search_key("Ким"), search_key("Кан"));
    }

    #[test]
    fn punctuation_and_spacing_are_normalised() {
        assert_eq!(search_key("  Ахмед-Шах  "), "ahmed shah");
        assert_eq!(search_key("O'g'li"), "ogli");
    }

    #[test]
    fn to_latin_keeps_initial_capitals() {
        assert_eq!(to_latin("Дуйсенова Әйгерім"), "Duisenova Aigerim");
        assert_eq!(to_latin("Жанна"), "Zhanna");
    }
}
