//! `intake records` and `intake demo`.

use super::{Context, DemoArgs, Format};
use crate::domain::Status;
use crate::i18n::Arg;
use crate::store::{ListOrder, RecordQuery, RecordRow};
use std::io::{IsTerminal, Write};
use std::time::Instant;

/// Arguments of `intake records`.
#[derive(Debug, clap::Args)]
pub struct RecordsArgs {
    /// Find names or references in any script ("Дуйсенова" finds "Duisenova")
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show at most N records
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only cases with this status (identified, intake_done, assessed, …, closed)
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Option<Status>,
    /// Only open cases whose next action was due before today
    #[arg(long)]
    pub overdue: bool,
    /// Only the people recorded by this worker (their name as in `intake init --worker`)
    #[arg(long, value_name = "NAME")]
    pub recorded_by: Option<String>,
    /// Only this laptop's cases: those its worker recorded and those the
    /// coordinator gave it (the list's `m`)
    #[arg(long, conflicts_with = "recorded_by")]
    pub mine: bool,
    /// The records this laptop handed over (taken back by the coordinator,
    /// or all once its key was revoked): when, and what is left of them
    #[arg(long, conflicts_with_all = ["search", "mine", "recorded_by", "status", "overdue"])]
    pub handed_back: bool,
    /// Order of the rows
    #[arg(long, value_enum, default_value_t = Order::Updated)]
    pub sort: Order,
}

/// `--sort`: the orders of the case list.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Order {
    /// Newest change first (with --search: newest record first)
    Updated,
    /// Soonest next action first
    NextAction,
    /// By surname (or single name) as written
    Name,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            super::said::early_texts().text("cli-want-status", &[("all", all.join(", ").into())])
        })
}

const HEADER: [&str; 6] = ["id", "reference", "name", "birth_date", "status", "updated"];

fn cells(r: &RecordRow) -> Vec<String> {
    let mut name = r.full_name();
    let latin: Vec<&str> = [&r.surname_latin, &r.given_name_latin]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !latin.is_empty() {
        name = format!("{name} ({})", latin.join(" "));
    }
    if r.conflicts > 0 {
        name.push_str(&format!(" [{} conflict(s)]", r.conflicts));
    }
    vec![
        r.id.to_string(),
        r.reference.clone().unwrap_or_default(),
        name,
        r.birth_date.clone().unwrap_or_default(),
        r.status.clone().unwrap_or_default(),
        r.updated.to_string(),
    ]
}

/// Lists records.
pub fn run(ctx: &Context, args: RecordsArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    if args.handed_back {
        return handed_back(ctx, &store);
    }
    let query = RecordQuery {
        search: args.search,
        limit: args.limit,
        offset: None,
        status: args.status.map(|s| s.as_str().to_owned()),
        due_before: args
            .overdue
            .then(|| chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()),
        recorded_by: match args.mine {
            true => Some(store.profile()?.worker),
            false => args.recorded_by,
        },
        assigned_here: args.mine,
        order: match args.sort {
            Order::Updated => ListOrder::Updated,
            Order::NextAction => ListOrder::NextAction,
            Order::Name => ListOrder::Name,
        },
    };
    let rows = store.records(&query)?;
    // A listing for a file or a script leaves the laptop's screen: audited.
    if !matches!(args.format, Format::Table) {
        store.audit(
            "records listed",
            &format!("{} as {:?}", rows.len(), args.format).to_lowercase(),
        )?;
    }
    let stdout = std::io::stdout();
    match args.format {
        Format::Table => {
            let table: Vec<Vec<String>> = rows.iter().map(cells).collect();
            super::table::print(&HEADER, &table);
            eprintln!(
                "{}",
                ctx.texts
                    .text("records-count", &[("count", Arg::from(rows.len()))])
            );
        }
        Format::Csv => {
            let mut w = crate::safe_csv::SafeCsv::new(stdout.lock());
            w.row([
                "id",
                "reference",
                "surname",
                "given_name",
                "patronymic",
                "surname_latin",
                "given_name_latin",
                "birth_date",
                "sex",
                "oblast",
                "status",
                "updated",
                "conflicts",
            ])?;
            for r in &rows {
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                w.row([
                    r.id.to_string(),
                    opt(&r.reference),
                    opt(&r.surname),
                    opt(&r.given_name),
                    opt(&r.patronymic),
                    opt(&r.surname_latin),
                    opt(&r.given_name_latin),
                    opt(&r.birth_date),
                    opt(&r.sex),
                    opt(&r.oblast),
                    opt(&r.status),
                    r.updated
                        .to_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    r.conflicts.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Json => {
            let mut out = stdout.lock();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// `intake records --handed-back`: one line a record handed over.
fn handed_back(ctx: &Context, store: &crate::store::Store) -> anyhow::Result<()> {
    let t = ctx.texts;
    let list = store.handed_back_list()?;
    for (id, at, values) in &list {
        let when = chrono::DateTime::from_timestamp_millis(*at)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let value = |field: &str| {
            values
                .get(field)
                .and_then(|v| v.as_str())
                .unwrap_or("—")
                .to_owned()
        };
        outln!(
            "{}",
            t.text(
                "records-handed-back-line",
                &[
                    ("id", id.to_string().into()),
                    ("when", when.into()),
                    ("oblast", value("oblast").into()),
                    ("sex", value("sex").into()),
                    ("status", value("status").into()),
                ]
            )
        );
    }
    eprintln!(
        "{}",
        t.text("records-handed-back-count", &[("count", list.len().into())])
    );
    Ok(())
}

/// Adds synthetic people and reports the write rate.
pub fn demo(ctx: &Context, args: DemoArgs) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let started = Instant::now();
    let mut last_report = Instant::now();
    let on_terminal = std::io::stderr().is_terminal();
    let summary = crate::demo::fill(&mut store, args.records, args.seed, &mut |done| {
        if on_terminal && last_report.elapsed().as_secs() >= 1 {
            eprint!(
                "\r{}",
                ctx.texts.text(
                    "demo-progress",
                    &[("done", done.into()), ("total", args.records.into())]
                )
            );
            last_report = Instant::now();
        }
    })
    .map_err(|e| anyhow::anyhow!(super::said::store(ctx.texts, &e)))?;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if on_terminal {
        eprint!("\r\x1b[K");
    }
    outln!(
        "{}",
        ctx.texts.text(
            "demo-added",
            &[
                ("people", summary.people.into()),
                ("ops", summary.ops.into()),
                ("secs", format!("{secs:.2}").into()),
                ("rate", format!("{:.0}", summary.people as f64 / secs).into()),
                ("op_rate", format!("{:.0}", summary.ops as f64 / secs).into()),
            ]
        )
    );
    Ok(())
}
