//! `intake form check [FILE]`: checks a form definition and lists what is wrong.

use super::Context;
use crate::form::{self, DefinitionError, Form, Kind};
use crate::i18n::{Arg, Texts};
use std::path::PathBuf;

/// What to do with a form.
#[derive(Debug, clap::Subcommand)]
pub enum FormCommand {
    /// Check a form definition (default: the form in use) and print every problem with its line
    Check {
        /// The form file to check [default: <config dir>/form.toml if present, else the built-in form]
        file: Option<PathBuf>,
    },
}

/// Runs a form subcommand.
pub fn run(ctx: &Context, cmd: FormCommand) -> anyhow::Result<()> {
    let FormCommand::Check { file } = cmd;
    let loaded = match &file {
        Some(path) => form::load_file(path).map(|f| summary(ctx.texts, &f)),
        None => ctx.config.form().map(|f| summary(ctx.texts, &f)),
    };
    match loaded {
        Ok(line) => {
            outln!("{line}");
            Ok(())
        }
        Err(errors) => Err(refusal(ctx.texts, &errors)),
    }
}

fn summary(texts: &Texts, form: &Form) -> String {
    let groups = form.fields().filter(|f| f.kind == Kind::Repeat).count();
    let fields: usize = form.fields().map(|f| f.fields.len().max(1)).sum();
    texts.text(
        "form-check-ok",
        &[
            ("file", Arg::from(form.file.as_str())),
            ("id", Arg::from(form.id.as_str())),
            ("version", Arg::from(form.version)),
            ("sections", Arg::from(form.sections.len())),
            ("fields", Arg::from(fields)),
            ("groups", Arg::from(groups)),
            ("rules", Arg::from(form.rules.len())),
        ],
    )
}

/// Prints every problem on stderr and returns the one-sentence error.
pub fn refusal(texts: &Texts, errors: &[DefinitionError]) -> anyhow::Error {
    for e in errors {
        eprintln!("{}", e.render(texts));
    }
    let file = errors.first().map_or_else(String::new, |e| e.file.clone());
    anyhow::anyhow!(texts.text(
        "form-check-failed",
        &[("count", Arg::from(errors.len())), ("file", Arg::from(file))]
    ))
}
