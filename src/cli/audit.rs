//! `intake audit`: the audit trail (what was done, by whom, when; every
//! export with its recipient and counts), and `intake audit verify`, which
//! checks that no entry was changed or removed.

use super::Context;
use crate::i18n::Arg;
use crate::store::AuditCheck;
use chrono::NaiveDate;

/// Arguments of `intake audit`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    /// Check instead that no entry was changed or removed
    #[command(subcommand)]
    pub action: Option<AuditAction>,
    /// Only the entries from this day on (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = super::report::parse_date)]
    pub since: Option<NaiveDate>,
    /// How to print them
    #[arg(long, value_enum, default_value_t = super::Format::Table)]
    pub format: super::Format,
    /// The coordinator: the laptops' trails, as their bundles carried them
    #[arg(long)]
    pub laptops: bool,
}

/// What `intake audit` can do besides listing.
#[derive(Debug, clap::Subcommand)]
pub enum AuditAction {
    /// Check every entry's hash: a changed or removed entry is found
    Verify,
}

/// Lists the trail, or checks it.
pub fn run(ctx: &Context, args: AuditArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    if let Some(AuditAction::Verify) = args.action {
        return match store.verify_audit()? {
            AuditCheck::Intact { entries } => {
                outln!(
                    "{}",
                    ctx.texts.text("audit-intact", &[("entries", Arg::from(entries))])
                );
                Ok(())
            }
            AuditCheck::Broken { number, time } => Err(anyhow::anyhow!(ctx.texts.text(
                "audit-broken",
                &[("number", Arg::from(number)), ("time", Arg::from(time))]
            ))),
        };
    }
    let since = args.since.map(|d| d.format("%Y-%m-%d").to_string());
    let entries = match args.laptops {
        false => store.audit_entries(since.as_deref())?,
        // Each laptop's entries, the device named with the action.
        true => store
            .peer_audit()?
            .into_iter()
            .filter(|(_, e)| since.as_deref().is_none_or(|s| e.time.as_str() >= s))
            .map(|(device, e)| crate::store::AuditEntry {
                action: format!("{} · {}", e.action, &device[device.len().saturating_sub(8)..]),
                ..e
            })
            .collect(),
    };
    let header = [
        "audit-col-time",
        "audit-col-worker",
        "audit-col-action",
        "audit-col-detail",
    ]
    .map(|k| ctx.texts.text(k, &[]));
    let rows: Vec<[String; 4]> = entries
        .into_iter()
        .map(|e| [e.time, e.author, e.action, e.detail])
        .collect();
    match args.format {
        super::Format::Table => {
            let table: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
            let titles: Vec<&str> = header.iter().map(String::as_str).collect();
            super::table::print(&titles, &table);
        }
        super::Format::Csv => {
            let mut w = crate::safe_csv::SafeCsv::new(std::io::stdout().lock());
            w.row(["time", "worker", "action", "detail"])?;
            for r in &rows {
                w.row(r)?;
            }
            w.flush()?;
        }
        super::Format::Json => {
            let json: Vec<serde_json::Value> = rows
                .iter()
                .map(|[time, worker, action, detail]| {
                    serde_json::json!({"time": time, "worker": worker, "action": action, "detail": detail})
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    Ok(())
}
