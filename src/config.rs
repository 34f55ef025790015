//! The configuration directory (`--config-dir`, `INTAKE_CONFIG_DIR`, else
//! the system's, e.g. `~/.config/intake`): `config.toml` with the language,
//! the idle-lock time and escrow keys, and optionally `form.toml` replacing the
//! built-in intake form (with `form.<lang>.ftl` messages next to it).

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
    /// Age public keys every bundle from this laptop is also encrypted to
    /// (an organisation's escrow, so that a lost coordinator key loses nothing).
    #[serde(default)]
    pub escrow_keys: Vec<String>,
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
            Some(path) => form::load_file(&path).map(|f| ActiveForm::Replaced(Box::new(f))),
            None => form::builtin().map(ActiveForm::Builtin).map_err(<[_]>::to_vec),
        }
    }
}

fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let config: Config = parse_toml(text, path)?;
    for key in &config.escrow_keys {
        if crate::sync::keys::parse_recipient(key).is_err() {
            let line = text
                .lines()
                .position(|l| l.contains(key.as_str()))
                .map_or(1, |i| i + 1);
            return Err(ConfigError {
                file: path.display().to_string(),
                line,
                reason: format!("“{key}” in escrow-keys is not an age public key (it starts with age1)"),
            });
        }
    }
    Ok(config)
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
        }
    })
}

/// The form in use: built in, or replaced by a coordinator.
#[derive(Debug)]
pub enum ActiveForm {
    /// The compiled-in campaign form.
    Builtin(&'static Form),
    /// A form from the configuration directory.
    Replaced(Box<Form>),
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
    fn an_escrow_key_that_is_not_an_age_key_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "lang = \"ru\"\nescrow-keys = [\n  \"age1nonsense\",\n]\n",
        )
        .unwrap();
        let err = ConfigDir::read(dir.path().to_owned()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("age1nonsense"));
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
