//! `intake assign --to DEVICE (RECORD… | --search TEXT | --oblast CODE |
//! --status STATUS | --file REFERRAL.csv)`: the coordinator gives records
//! to a field laptop, or imports a referral list straight into its caseload.

use super::Context;
use crate::domain::RecordId;
use crate::i18n::Arg;
use crate::store::RecordQuery;
use crate::sync::assign;

/// Arguments of `intake assign`.
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// The field laptop (its device id, or the first or last 8+ characters of it)
    #[arg(long, value_name = "DEVICE")]
    pub to: String,
    /// Records by id (or their first 8+ characters)
    #[arg(value_name = "RECORD", required_unless_present_any = ["search", "oblast", "status", "file"])]
    pub records: Vec<String>,
    /// Every record a search finds (names in any script, a reference)
    #[arg(long, value_name = "TEXT", conflicts_with = "records")]
    pub search: Option<String>,
    /// Every record of an oblast (ISO 3166-2:KZ code, e.g. KZ-75)
    #[arg(long, value_name = "CODE", conflicts_with = "records")]
    pub oblast: Option<String>,
    /// Every record with this case status
    #[arg(long, value_name = "STATUS", conflicts_with = "records")]
    pub status: Option<String>,
    /// Import this referral list (as `intake import-csv`, all rows or none)
    /// straight into the laptop's caseload
    #[arg(long, value_name = "FILE", conflicts_with_all = ["records", "search", "oblast", "status"])]
    pub file: Option<std::path::PathBuf>,
}

/// Runs `intake assign`.
pub fn run(ctx: &Context, args: AssignArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    let refused = |e: assign::AssignError| anyhow::anyhow!(t.render(&e.message()));
    // A referral list is checked before the database is unlocked.
    let list = match &args.file {
        Some(file) => Some((file, super::import_csv::check(ctx, file, false)?)),
        None => None,
    };
    let mut store = ctx.open()?;
    let device = super::sync::find_device(&store, t, &args.to)?;
    // Who it is for is checked before the list is imported: all or nothing.
    assign::check_target(&store, device).map_err(refused)?;
    let records: Vec<RecordId> = if let Some((file, (form, checked))) = list {
        super::import_csv::write(ctx, &mut store, file, &form, checked)?.created
    } else if args.records.is_empty() {
        let query = RecordQuery {
            search: args.search.clone(),
            status: args.status.clone(),
            limit: None,
            offset: None,
            ..RecordQuery::default()
        };
        store
            .records(&query)?
            .into_iter()
            .filter(|r| {
                args.oblast
                    .as_deref()
                    .is_none_or(|o| r.oblast.as_deref() == Some(o.trim()))
            })
            .map(|r| r.id)
            .collect()
    } else {
        args.records
            .iter()
            .map(|r| store.find_record(r))
            .collect::<Result<_, _>>()?
    };
    let done = assign::assign(&mut store, &records, device).map_err(refused)?;
    outln!(
        "{}",
        t.text(
            "assign-done",
            &[
                ("given", Arg::from(done.given)),
                ("already", Arg::from(done.already)),
                ("merged", Arg::from(done.merged)),
                ("device", Arg::from(device.short())),
            ]
        )
    );
    Ok(())
}

/// Arguments of `intake handover`.
#[derive(Debug, clap::Args)]
pub struct HandoverArgs {
    /// The laptop whose caseload moves (lost, broken, or its worker left)
    #[arg(long, value_name = "DEVICE")]
    pub from: String,
    /// The laptop that takes it over (trusted here)
    #[arg(long, value_name = "DEVICE")]
    pub to: String,
}

/// Runs `intake handover`.
pub fn handover(ctx: &Context, args: HandoverArgs) -> anyhow::Result<()> {
    let t = ctx.texts;
    let mut store = ctx.open()?;
    let from = super::sync::find_device(&store, t, &args.from)?;
    let to = super::sync::find_device(&store, t, &args.to)?;
    let done = assign::handover(&mut store, from, to).map_err(|e| anyhow::anyhow!(t.render(&e.message())))?;
    outln!(
        "{}",
        t.text(
            "handover-done",
            &[
                ("count", Arg::from(done.given + done.already)),
                ("given", Arg::from(done.given)),
                ("from", Arg::from(from.short())),
                ("to", Arg::from(to.short())),
            ]
        )
    );
    Ok(())
}
