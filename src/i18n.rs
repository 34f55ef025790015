//! Languages: English, Russian and Kazakh messages from the Fluent files in
//! `assets/i18n/`, with CLDR plural rules (Russian one/few/many), and the
//! choice of language (`--lang` or `INTAKE_LANG`, then the configuration
//! file, then the system locale, then English).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Русский.
    Ru,
    /// Қазақша.
    Kk,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// The language of a tag such as `ru`, `ru_RU.UTF-8` or `kk-KZ`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language to use: the explicit choice (`--lang` or `INTAKE_LANG`),
    /// else the configured one, else the system locale, else English.
    pub fn choose(explicit: Option<&str>, configured: Option<&str>) -> Lang {
        explicit
            .and_then(Lang::from_tag)
            .or_else(|| configured.and_then(Lang::from_tag))
            .or_else(|| sys_locale::get_locale().as_deref().and_then(Lang::from_tag))
            .unwrap_or(Lang::En)
    }

    /// The message files: the program's, then the built-in form's.
    fn sources(self) -> [&'static str; 2] {
        match self {
            Lang::En => [
                include_str!("../assets/i18n/en/intake.ftl"),
                include_str!("../assets/i18n/en/form.ftl"),
            ],
            Lang::Ru => [
                include_str!("../assets/i18n/ru/intake.ftl"),
                include_str!("../assets/i18n/ru/form.ftl"),
            ],
            Lang::Kk => [
                include_str!("../assets/i18n/kk/intake.ftl"),
                include_str!("../assets/i18n/kk/form.ftl"),
            ],
        }
    }
}

/// A value in a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text, shown as it is.
    Text(String),
    /// A number (chooses the plural form).
    Number(i64),
    /// Another message, said in the same language (a reason inside a refusal).
    Message(Message),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A message to show a person: its key and values, rendered in any language.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The Fluent message id.
    pub key: Cow<'static, str>,
    /// Named values.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// A message with values.
    pub fn new(key: impl Into<Cow<'static, str>>, args: Vec<(&'static str, Arg)>) -> Self {
        Self {
            key: key.into(),
            args,
        }
    }
}

impl std::fmt::Display for Message {
    /// English, for logs of the library and tests; people see [`Texts::render`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Texts::get(Lang::En).render(self))
    }
}

/// The messages of one language.
pub struct Texts {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl Texts {
    /// The messages of `lang` (parsed once).
    pub fn get(lang: Lang) -> &'static Texts {
        static ALL: OnceLock<Vec<Texts>> = OnceLock::new();
        let all = ALL.get_or_init(|| Lang::ALL.into_iter().map(Texts::load).collect());
        &all[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
    }

    fn load(lang: Lang) -> Texts {
        let id: LanguageIdentifier = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Terminals show the bidi isolation marks Fluent adds by default.
        bundle.set_use_isolating(false);
        // The files are compiled in and checked by tests; whatever parses is used.
        for source in lang.sources() {
            let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
        }
        Texts { lang, bundle }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the message exists in this language.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// A message with its values; falls back to English, then to the key.
    pub fn render(&self, message: &Message) -> String {
        self.text(&message.key, &message.args)
    }

    /// A message by key with its values.
    pub fn text(&self, key: &str, args: &[(&str, Arg)]) -> String {
        if !self.has(key) && self.lang != Lang::En {
            return Texts::get(Lang::En).text(key, args);
        }
        format(&self.bundle, key, args).unwrap_or_else(|| key.to_owned())
    }
}

/// Formats message `key` of `bundle` with its values; `None` when the bundle
/// does not have it.
pub fn format(bundle: &FluentBundle<FluentResource>, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            Arg::Message(m) => {
                let text = format(bundle, &m.key, &m.args).unwrap_or_else(|| m.key.to_string());
                fluent_args.set(*name, FluentValue::from(text));
            }
        }
    }
    // Formatting errors (a missing value) leave a visible placeholder, never a panic.
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_woman_is_spoken_of_as_a_woman() {
        let ru = Texts::get(Lang::Ru);
        let args = |sex: &str| -> Vec<(&'static str, Arg)> {
            vec![
                ("name", "А".into()),
                ("born", "1990".into()),
                ("id", "x".into()),
                ("sex", sex.to_owned().into()),
            ]
        };
        assert!(
            ru.text("tui-form-similar", &args("female"))
                .starts_with("Уже записана?")
        );
        assert!(
            ru.text("tui-form-similar", &args("male"))
                .starts_with("Уже записан?")
        );
    }

    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for source in lang.sources() {
            let resource = FluentResource::try_new(source.to_owned())
                .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", lang.tag()));
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    assert!(
                        keys.insert(m.id.name.to_owned()),
                        "{} defined twice in {}",
                        m.id.name,
                        lang.tag()
                    );
                }
            }
        }
        keys
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let en = keys(Lang::En);
        assert!(en.len() > 10);
        for lang in [Lang::Ru, Lang::Kk] {
            assert_eq!(keys(lang), en, "{} differs from en", lang.tag());
        }
    }

    /// Every message key the code names (a string literal such as
    /// `"err-phone"`) exists; with the test above, in every language.
    #[test]
    fn every_message_key_the_code_uses_exists() {
        const PREFIXES: [&str; 35] = [
            "err-",
            "warn-",
            "form-",
            "import-",
            "config-",
            "row-",
            "records-",
            "help-",
            "check-",
            "tui-",
            "setup-",
            "sync-",
            "aside-",
            "devices-",
            "keys-",
            "init-",
            "duration-",
            "passphrase-",
            "retention-",
            "backup-",
            "restore-",
            "recovery-",
            "setup-",
            "revoke-",
            "assign-",
            "handover-",
            "attach-",
            "document-",
            "template-",
            "crash-",
            "audit-",
            "recipients-",
            "export-",
            "erase-",
            "person-report-",
        ];
        // A command name; the prefix of good news in the toast; the names
        // of settings kept in the database.
        const NOT_KEYS: [&str; 8] = [
            "import-csv",
            "person-report",
            "export-table",
            "tui-done-",
            "retention-closed-months",
            "recovery-keys",
            "backup-reminder-days",
            "backup-made",
        ];
        let en = keys(Lang::En);
        let mut used = 0;
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for literal in text.split('"').skip(1).step_by(2) {
                    let is_key = PREFIXES
                        .iter()
                        .any(|p| literal.starts_with(p) && literal.len() > p.len())
                        && !NOT_KEYS.contains(&literal)
                        && literal
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if is_key {
                        used += 1;
                        assert!(
                            en.contains(literal),
                            "{} uses `{literal}`, which no message file has",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(used > 40, "only {used} keys found in the code");
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let ru = Texts::get(Lang::Ru);
        let count = |n: i64| ru.text("records-count", &[("count", Arg::Number(n))]);
        assert_eq!(count(1), "1 запись");
        assert_eq!(count(2), "2 записи");
        assert_eq!(count(5), "5 записей");
        assert_eq!(count(21), "21 запись");
        assert_eq!(count(112), "112 записей");
        let en = Texts::get(Lang::En);
        assert_eq!(en.text("records-count", &[("count", Arg::Number(1))]), "1 record");
        assert_eq!(
            en.text("records-count", &[("count", Arg::Number(3))]),
            "3 records"
        );
        assert_eq!(
            Texts::get(Lang::Kk).text("records-count", &[("count", Arg::Number(5))]),
            "5 жазба"
        );
        let entries = |n: i64| ru.text("err-entries-min", &[("min", Arg::Number(n))]);
        assert!(entries(1).contains("1 запись"), "{}", entries(1));
        assert!(entries(2).contains("2 записи"), "{}", entries(2));
        assert!(entries(5).contains("5 записей"), "{}", entries(5));
    }

    #[test]
    fn language_tags_and_locales_are_recognised() {
        assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("kk-KZ"), Some(Lang::Kk));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de_DE"), None);
        assert_eq!(Lang::choose(Some("kk"), Some("ru")), Lang::Kk);
        assert_eq!(Lang::choose(None, Some("ru")), Lang::Ru);
        assert_eq!(Lang::choose(Some("de"), Some("kk")), Lang::Kk);
    }

    #[test]
    fn unknown_keys_never_panic() {
        assert_eq!(Texts::get(Lang::Ru).text("no-such-key", &[]), "no-such-key");
    }
}
