//! `intake retention`: how many closed cases the retention rule would
//! erase now (or on a day), erasing them with `--apply`, and the period.

use super::Context;
use crate::erasure::{self, ErasureError};
use crate::i18n::Arg;
use chrono::NaiveDate;

/// Arguments of `intake retention`.
#[derive(Debug, clap::Args)]
pub struct RetentionArgs {
    /// Change the rule instead
    #[command(subcommand)]
    pub action: Option<RetentionCommand>,
    /// Erase them: identifying data removed, anonymous counts kept (the erasure travels in bundles)
    #[arg(long, conflicts_with = "as_of")]
    pub apply: bool,
    /// Count as on this day instead of today (YYYY-MM-DD; to plan, never with --apply)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

/// `intake retention set …`.
#[derive(Debug, clap::Subcommand)]
pub enum RetentionCommand {
    /// Set how long a closed case keeps its identifying data (kept in the database, audited)
    Set {
        /// Months after closing (1 to 1200; default 24)
        #[arg(long, value_name = "N")]
        closed_months: u32,
    },
}

/// Runs `intake retention`.
pub fn run(ctx: &Context, args: RetentionArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    let mut store = ctx.open()?;
    if let Some(RetentionCommand::Set { closed_months }) = args.action {
        erasure::set_closed_months(&mut store, closed_months).map_err(|e| refusal(ctx, &e))?;
        outln!(
            "{}",
            t.text("retention-set", &[("months", Arg::from(closed_months))])
        );
        return Ok(());
    }
    let months = erasure::closed_months(&store)?;
    let today = chrono::Utc::now().date_naive();
    let day = args.as_of.unwrap_or(today);
    let due = erasure::due(&store, months, day)?;
    let oldest = due.oldest().map(|d| d.to_string()).unwrap_or_default();
    let counts = [
        ("count", Arg::from(due.cases.len())),
        ("kept", Arg::from(due.kept)),
        ("months", Arg::from(months)),
        ("oldest", Arg::from(oldest)),
        ("day", Arg::from(day.to_string())),
    ];
    if !args.apply || due.cases.is_empty() {
        outln!("{}", t.text("retention-due", &counts));
        if !args.apply && !due.cases.is_empty() {
            outln!("{}", t.text("retention-how", &[]));
        }
        return Ok(());
    }
    let applied = erasure::apply(&mut store, &due, months, today).map_err(|e| refusal(ctx, &e))?;
    super::edit::say_finished(ctx, &applied.after);
    let erased = applied.erased;
    outln!(
        "{}",
        t.text(
            "retention-applied",
            &[("count", Arg::from(erased)), ("months", Arg::from(months))]
        )
    );
    Ok(())
}

fn refusal(ctx: &Context, e: &ErasureError) -> anyhow::Error {
    match e {
        ErasureError::Months => anyhow::anyhow!(ctx.texts.text(
            "retention-err-months",
            &[("max", Arg::from(erasure::MAX_CLOSED_MONTHS))]
        )),
        ErasureError::Store(e) if e.is_disk_full() => {
            anyhow::anyhow!(ctx.texts.text("retention-err-disk-full", &[]))
        }
        _ => anyhow::anyhow!(ctx.texts.text("retention-err-store", &[])),
    }
}
