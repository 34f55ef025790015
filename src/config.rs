//! The configuration directory (`--config-dir`, `INTAKE_CONFIG_DIR`, else
//! the system's, e.g. `~/.config/intake`): `config.toml` with preferences
//! only (the language, the idle-lock time), and optionally `form.toml`
//! replacing the built-in intake form (with `form.<lang>.ftl` messages next
//! to it). What decides who can read the data (escrow keys) lives inside
//! the encrypted database, never here.

use crate::form::{self, DefinitionError, Form};
use serde::Deserialize;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// Settings from `config.toml`; every key is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Language of the interface: en, ru or kk.
    pub lang: Option<String>,
    /// Minutes without a key press before the TUI locks itself (default 10).
    pub lock_after_minutes: Option<u32>,
    /// Escrow keys were kept here before; they moved into the database
    /// (`intake keys escrow add`), and a file that still has them is refused.
    #[serde(default, rename = "escrow-keys", deserialize_with = "present")]
    escrow_keys: bool,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct ConfigError {
    /// The file.
    pub file: String,
    /// The line (1-based).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
    /// The message key of the reason, when it is one of Intake's own
    /// sentences (else `reason` quotes the parser).
    pub key: Option<&'static str>,
}

/// The configuration directory and what it holds.
#[derive(Debug)]
pub struct ConfigDir {
    /// The directory (it need not exist).
    pub dir: PathBuf,
    /// The settings read from it.
    pub config: Config,
}

impl ConfigDir {
    /// The directory to use: the explicit one, else the system's.
    pub fn locate(explicit: Option<PathBuf>) -> Option<PathBuf> {
        explicit
            .or_else(|| directories::ProjectDirs::from("", "", "intake").map(|d| d.config_dir().to_owned()))
    }

    /// Reads `config.toml` in `dir`; a missing file means every default.
    pub fn read(dir: PathBuf) -> Result<ConfigDir, ConfigError> {
        let path = dir.join("config.toml");
        let config = match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text, &path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => {
                return Err(ConfigError {
                    file: path.display().to_string(),
                    line: 0,
                    reason: e.to_string(),
                    key: None,
                });
            }
        };
        Ok(ConfigDir { dir, config })
    }

    /// The replacement form file, if the directory has one.
    pub fn form_file(&self) -> Option<PathBuf> {
        let path = self.dir.join("form.toml");
        path.is_file().then_some(path)
    }

    /// The form to use: `form.toml` here if present (checked like the
    /// built-in one), else the built-in form.
    pub fn form(&self) -> Result<ActiveForm, Vec<DefinitionError>> {
        match self.form_file() {
            Some(path) => form::load_file(&path).map(|f| ActiveForm::Replaced(std::sync::Arc::new(f))),
            None => form::builtin().map(ActiveForm::Builtin).map_err(<[_]>::to_vec),
        }
    }
}

fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let config: Config = parse_toml(text, path)?;
    if config.escrow_keys {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("escrow-keys"))
            .map_or(1, |i| i + 1);
        return Err(ConfigError {
            file: path.display().to_string(),
            line,
            reason: "escrow-keys moved into the encrypted database: add each key with `intake keys escrow add KEY`, then delete this line".into(),
            key: Some("config-err-escrow-moved"),
        });
    }
    Ok(config)
}

/// A key that is there, whatever its value.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(d).map(|_| true)
}

fn parse_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text.as_bytes()[..s.start.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        ConfigError {
            file: path.display().to_string(),
            line,
            reason: e.message().trim().to_owned(),
            key: None,
        }
    })
}

/// The form in use: built in, or replaced by a coordinator (shared with
/// the worker threads that check imported values against it).
#[derive(Clone, Debug)]
pub enum ActiveForm {
    /// The compiled-in campaign form.
    Builtin(&'static Form),
    /// A form from the configuration directory.
    Replaced(std::sync::Arc<Form>),
}

impl Deref for ActiveForm {
    type Target = Form;
    fn deref(&self) -> &Form {
        match self {
            ActiveForm::Builtin(f) => f,
            ActiveForm::Replaced(f) => f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_config_means_defaults_and_the_builtin_form() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = ConfigDir::read(dir.path().join("nowhere")).unwrap();
        assert_eq!(cfg.config, Config::default());
        assert!(matches!(cfg.form().unwrap(), ActiveForm::Builtin(_)));
    }

    #[test]
    fn escrow_keys_in_the_file_are_refused_with_where_they_moved() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "lang = \"ru\"\nescrow-keys = [\n  \"age1nonsense\",\n]\n",
        )
        .unwrap();
        let err = ConfigDir::read(dir.path().to_owned()).unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.key, Some("config-err-escrow-moved"));
        assert!(err.reason.contains("intake keys escrow add"));
    }

    #[test]
    fn settings_are_read_and_mistakes_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "lang = \"kk\"\nlock-after-minutes = 5\n",
        )
        .unwrap();
        let cfg = ConfigDir::read(dir.path().to_owned()).unwrap();
        assert_eq!(cfg.config.lang.as_deref(), Some("kk"));
        assert_eq!(cfg.config.lock_after_minutes, Some(5));
        std::fs::write(dir.path().join("config.toml"), "lang = \"kk\"\ncolour = 1\n").unwrap();
        let err = ConfigDir::read(dir.path().to_owned()).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("colour"), "{}", err.reason);
    }

    #[test]
    fn a_form_in_the_config_directory_replaces_the_builtin_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("form.toml"), "[form]\nid = \"x\"\n").unwrap();
        let cfg = ConfigDir::read(dir.path().to_owned()).unwrap();
        let errors = cfg.form().unwrap_err();
        assert!(errors[0].file.ends_with("form.toml"));
        let builtin =
            include_str!("../assets/forms/intake.toml").replace("id = \"intake\"", "id = \"local\"");
        std::fs::write(dir.path().join("form.toml"), builtin).unwrap();
        let form = cfg.form().unwrap();
        assert_eq!(form.id, "local");
    }
}
