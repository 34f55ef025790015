//! Problems found in a form definition, each with its file and line, and
//! the [`Reader`] that gathers them while the definition is loaded
//! (`load`) and checked (`check`).

use crate::i18n::{Arg, Lang, Message, Texts};
use std::fmt;

/// One problem in a form definition.
#[derive(Clone, Debug, PartialEq)]
pub struct DefinitionError {
    /// The file.
    pub file: String,
    /// The line (1-based; 0 when the file could not be read).
    pub line: usize,
    /// What is wrong.
    pub reason: Message,
}

impl DefinitionError {
    /// `file:line: reason` in `texts`' language.
    pub fn render(&self, texts: &Texts) -> String {
        format!("{}:{}: {}", self.file, self.line, texts.render(&self.reason))
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Texts::get(Lang::En)))
    }
}

/// Turns byte positions into line numbers and gathers problems.
pub(super) struct Reader<'a> {
    source: &'a str,
    pub(super) file: String,
    pub(super) errors: Vec<DefinitionError>,
}

impl<'a> Reader<'a> {
    /// A reader of `source`, the text of `file`.
    pub(super) fn new(source: &'a str, file: &str) -> Self {
        Reader {
            source,
            file: file.to_owned(),
            errors: Vec::new(),
        }
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.source.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    pub(super) fn error(&mut self, line: usize, key: &'static str, args: Vec<(&'static str, Arg)>) {
        self.errors.push(DefinitionError {
            file: self.file.clone(),
            line,
            reason: Message::new(key, args),
        });
    }
}
