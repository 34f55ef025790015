//! The script-folded search key: one Latin form for a name however it was
//! written, so that "Дуйсенова", "Duysenova" and "Duisenova" find each other.
//!
//! Steps: Unicode lower case (Rust's `to_lowercase`, not SQLite's ASCII one),
//! Cyrillic → Latin by the ICAO table in `assets/translit.toml`, then the
//! Latin of every other system read by the tables of `assets/folding.toml`
//! (ISO 9 / GOST 7.79 A and B, scientific, UNGEGN, ALA-LC, BS 2979,
//! BGN/PCGN, Kazakh Latin 2017/2018/2021, Uzbek, Turkmen, Azerbaijani),
//! diacritics and apostrophes removed, and the spellings systems disagree
//! on made one (zh/j/ž, kh/h/x, ts/c, y/j/i, shch/shh/ŝ …). False matches
//! are acceptable here (a search shows a few more rows); missed ones are not.

use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const TABLE_SOURCE: &str = include_str!("../../assets/translit.toml");

#[derive(serde::Deserialize)]
struct TableFile {
    icao: HashMap<String, String>,
    #[serde(default)]
    arabic: HashMap<String, String>,
}

fn icao_table() -> &'static foldhash::HashMap<char, &'static str> {
    static TABLE: OnceLock<foldhash::HashMap<char, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The table is compiled in and checked by a unit test, so a broken
        // file cannot reach a user; still, degrade to "no transliteration"
        // rather than panic.
        let file: TableFile = toml::from_str(TABLE_SOURCE).unwrap_or(TableFile {
            icao: HashMap::new(),
            arabic: HashMap::new(),
        });
        file.icao
            .into_iter()
            .chain(file.arabic)
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
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            out.push(c); // the table holds Cyrillic and Arabic-script letters only
            continue;
        }
        // Arabic script: a heh ending a word is the vowel a (زرغونه
        // Zarghuna); marks and the zero-width non-joiner are not letters.
        if c == 'ه' && chars.peek().is_none_or(|n| !n.is_alphabetic()) {
            out.push('a');
            continue;
        }
        if c == '\u{200C}' || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' {
            continue;
        }
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

const FOLDING_SOURCE: &str = include_str!("../../assets/folding.toml");

#[derive(serde::Deserialize, Default)]
struct FoldingFile {
    letters: HashMap<String, String>,
    pairs: HashMap<String, String>,
    second: HashMap<String, String>,
    folds: Vec<(String, String)>,
    #[serde(default)]
    marked: Marked,
}

/// Letters read otherwise in a word holding one of the markers.
#[derive(serde::Deserialize, Default)]
struct Marked {
    #[serde(default)]
    markers: String,
    #[serde(flatten)]
    letters: HashMap<String, String>,
}

/// The folding tables, ready: letters by char, pairs, second readings and
/// folds in their order.
#[derive(Default)]
struct Folding {
    letters: foldhash::HashMap<char, String>,
    pairs: Vec<(String, String)>,
    second: Vec<(String, String)>,
    folds: Vec<(String, String)>,
    /// The marker letters and, in a word with one, each letter's reading.
    markers: Vec<char>,
    marked: HashMap<char, String>,
}

fn folding() -> &'static Folding {
    static F: OnceLock<Folding> = OnceLock::new();
    F.get_or_init(|| {
        // Compiled in and checked by a unit test; no folding is the harmless fallback.
        let file: FoldingFile = toml::from_str(FOLDING_SOURCE).unwrap_or_default();
        let first_char = |k: &str| {
            let mut chars = k.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        Folding {
            letters: file
                .letters
                .into_iter()
                .filter_map(|(k, v)| Some((first_char(&k)?, v)))
                .collect(),
            pairs: file.pairs.into_iter().collect(),
            second: file.second.into_iter().collect(),
            folds: file.folds,
            markers: file.marked.markers.chars().collect(),
            marked: file
                .marked
                .letters
                .into_iter()
                .filter_map(|(k, v)| Some((first_char(&k)?, v)))
                .collect(),
        }
    })
}

/// The search key of a text: lower-case folded Latin words separated by one space.
pub fn search_key(text: &str) -> String {
    fold_with(text, false)
}

/// The search key and, when some of the text reads two ways (у or ы in
/// `y'`, у or й in `ý`), the key of the second reading.
pub fn search_readings(text: &str) -> (String, Option<String>) {
    let first = fold_with(text, false);
    let ambiguous = {
        let lower = text.to_lowercase();
        folding()
            .second
            .iter()
            .any(|(from, _)| lower.contains(from.as_str()))
    };
    let second = ambiguous.then(|| fold_with(text, true)).filter(|k| *k != first);
    (first, second)
}

/// The words a record is indexed under: the key and the words its second
/// reading spells differently.
pub fn search_index_text(text: &str) -> String {
    match search_readings(text) {
        (first, None) => first,
        (first, Some(second)) => {
            let extra: Vec<&str> = second
                .split(' ')
                .zip(first.split(' '))
                .filter(|(b, a)| a != b)
                .map(|(b, _)| b)
                .collect();
            format!("{first} {}", extra.join(" "))
        }
    }
}

/// `from` replaced by `to` where a letter follows it: "s'" is ш inside
/// "S'ymkent" (Kazakh Latin 2017) but a soft sign at the end of "Zaiets'".
fn replace_inside_words(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let after = &rest[at + from.len()..];
        out.push_str(&rest[..at]);
        if after.chars().next().is_some_and(char::is_alphabetic) {
            out.push_str(to);
        } else {
            out.push_str(from);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Each word holding a marker letter with its marked letters read as the
/// marker's alphabet reads them (see `[marked]` in assets/folding.toml).
fn read_marked(tables: &Folding, lower: String) -> String {
    if !lower.chars().any(|c| tables.markers.contains(&c)) {
        return lower;
    }
    let mut out = String::with_capacity(lower.len() + 8);
    for (i, word) in lower.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !word.chars().any(|c| tables.markers.contains(&c)) {
            out.push_str(word);
            continue;
        }
        for c in word.chars() {
            match tables.marked.get(&c) {
                Some(r) => out.push_str(r),
                None => out.push(c),
            }
        }
    }
    out
}

fn fold_with(text: &str, second: bool) -> String {
    let tables = folding();
    let lower = read_marked(tables, text.to_lowercase());
    let mut latin = to_latin(&lower);
    if second {
        for (from, to) in &tables.second {
            latin = latin.replace(from.as_str(), to);
        }
    }
    for (from, to) in &tables.pairs {
        if latin.contains(from.as_str()) {
            latin = replace_inside_words(&latin, from, to);
        }
    }
    // Every table letter, diacritic and mark is beyond ASCII: plain ASCII
    // (most Latin spellings, and Cyrillic once transliterated) skips the
    // normalisations.
    let plain = if latin.is_ascii() {
        let mut plain = String::with_capacity(latin.len());
        for c in latin.chars() {
            match c {
                '\'' | '`' | '"' => {}
                c if c.is_ascii_alphanumeric() => plain.push(c),
                _ => plain.push(' '),
            }
        }
        plain
    } else {
        let mut lettered = String::with_capacity(latin.len());
        for c in latin.nfc() {
            match tables.letters.get(&c) {
                Some(r) => lettered.push_str(r),
                None => lettered.push(c),
            }
        }
        let mut plain = String::with_capacity(lettered.len());
        for c in lettered.nfd() {
            match c {
                // Apostrophes and primes mark softness, hardness or a glottal
                // stop (o'g'li, Ma'ruf, Olʹga, Obʺedkov, Gʻulom): spellings
                // differ on them, so they vanish.
                '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʽ' | 'ʹ' | 'ʺ' | '″' | '`' | '´' | '·' | '"' => {
                }
                c if unicode_normalization::char::is_combining_mark(c) => {
                    // ş and ç typed as s/c + cedilla: sh and ch, as the letters.
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
        plain
    };
    let mut folded = plain;
    // "Mariia", "Mariya", "Marija": one i — after every fold that changed
    // something (a fold can make "ii" that the next one would read).
    let one_i = |mut text: String| {
        while text.contains("ii") {
            text = text.replace("ii", "i");
        }
        text
    };
    folded = one_i(folded);
    for (from, to) in &tables.folds {
        if folded.contains(from.as_str()) {
            folded = one_i(folded.replace(from.as_str(), to));
        }
    }
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
    fn azerbaijani_c_is_dzh_in_a_word_of_that_alphabet() {
        assert_eq!(search_key("Cəfərov Cavid"), search_key("Джафаров Цавид"));
        assert_eq!(search_key("Cəfərov"), search_key("Джафаров"));
        assert_eq!(search_key("Çingiz Cavid"), search_key("Чингиз Цавид"));
        assert_eq!(search_key("Əliyev Cəmil"), search_key("Алиев Джамиль"));
    }

    #[test]
    fn the_folding_tables_are_read() {
        let f = folding();
        assert!(f.letters.len() > 20 && f.pairs.len() >= 3 && f.second.len() >= 2 && f.folds.len() > 15);
        assert!(f.markers.contains(&'ə') && f.marked.get(&'c').is_some_and(|r| r == "dzh"));
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
