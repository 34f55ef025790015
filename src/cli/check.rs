//! `intake check [RECORD_ID…] [--all]`: records checked against the form,
//! every problem named by its place in the form, in the chosen language.

use super::Context;
use crate::form::{Level, Mode, Values};
use crate::i18n::Arg;
use crate::store::RecordQuery;

/// Arguments of `intake check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Records to check: ids or their first 8 or more characters
    #[arg(required_unless_present = "all")]
    pub record_ids: Vec<String>,
    /// Check every record and list those with problems
    #[arg(long, conflicts_with = "record_ids")]
    pub all: bool,
}

/// Validates records and prints their problems.
pub fn run(ctx: &Context, args: CheckArgs) -> anyhow::Result<()> {
    let form = ctx.form()?;
    let store = ctx.open()?;
    let texts = ctx.texts;
    let today = chrono::Local::now().date_naive();
    let ids = if args.all {
        store
            .records(&RecordQuery::default())?
            .into_iter()
            .map(|r| r.id)
            .collect()
    } else {
        args.record_ids
            .iter()
            .map(|text| store.find_record(text))
            .collect::<Result<Vec<_>, _>>()?
    };
    let (mut with_errors, mut with_warnings) = (0usize, 0usize);
    for id in &ids {
        let Some(state) = store.record(*id)? else { continue };
        let values = Values::from_record(&state);
        let mode = Mode::for_values(&values);
        let issues = form.validate(&values, mode, today);
        if issues.iter().any(|i| i.level == Level::Error) {
            with_errors += 1;
        } else if !issues.is_empty() {
            with_warnings += 1;
        }
        if args.all && issues.is_empty() {
            continue;
        }
        let name = ["surname", "given_name", "patronymic"]
            .iter()
            .filter_map(|f| state.text(f))
            .collect::<Vec<_>>()
            .join(" ");
        let status = values
            .get("status")
            .and_then(|s| s.as_str())
            .unwrap_or("identified");
        let mut status = form.text(texts, &crate::form::Form::choice_label("status", status));
        if mode == Mode::Draft {
            status = format!("{status} ({})", texts.text("check-draft", &[]));
        }
        outln!(
            "{}",
            texts.text(
                "check-record",
                &[
                    ("id", Arg::from(id.to_string())),
                    ("name", Arg::from(name)),
                    ("status", Arg::from(status)),
                    ("count", Arg::from(issues.len())),
                ],
            )
        );
        let index = |group: &str, entry: &str| values.groups.get(group)?.iter().position(|e| e.id == entry);
        for issue in &issues {
            let key = if issue.level == Level::Error {
                "check-error"
            } else {
                "check-warning"
            };
            outln!(
                "{}",
                texts.text(
                    key,
                    &[
                        ("place", Arg::from(form.place(texts, &issue.path, index))),
                        (
                            "message",
                            Arg::from(form.labels.text(texts, &issue.message.key, &issue.message.args))
                        ),
                    ],
                )
            );
        }
    }
    outln!(
        "{}",
        texts.text(
            "check-summary",
            &[
                ("count", Arg::from(ids.len())),
                ("errors", Arg::from(with_errors)),
                ("warnings", Arg::from(with_warnings)),
            ],
        )
    );
    Ok(())
}
