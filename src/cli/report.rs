//! `intake report` (the campaign statistics) and `intake export-table` (the
//! records as CSV files or a workbook).

use super::Context;
use crate::i18n::Arg;
use crate::report::{self, Factsheet, ReportFormat, Scope, TableFormat};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `intake report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The date of the stocks (default: --to, or today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// First day of the period of the flows (default: 1 January of the report year)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: the report date)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Kind::Text)]
    pub format: Kind,
    /// Write to this file instead of the standard output (needed for xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Hide every count under N (for reports shared outside the organisation)
    #[arg(long, value_name = "N", value_parser = parse_limit)]
    pub suppress_below: Option<u64>,
}

/// `--format` of `intake report`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Kind {
    /// A factsheet to read
    Text,
    /// One line per cell
    Csv,
    /// Tables with codes and labels
    Json,
    /// A workbook: a summary sheet and one sheet per table
    Xlsx,
    /// One self-contained page with bar charts, readable offline and printable
    Html,
}

/// Arguments of `intake export-table`.
#[derive(Debug, clap::Args)]
pub struct ExportTableArgs {
    /// csv: a folder of CSV files; xlsx: one workbook
    #[arg(long, value_enum)]
    pub format: TableKind,
    /// The folder (csv) or file (xlsx) to write
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Leave out names, IIN, document numbers, phone, links and free text;
    /// dates keep only their year (the age band stays)
    #[arg(long)]
    pub deidentified: bool,
    /// De-identified: each combination of sex, birth year, country of birth, oblast and category is shared by at least K people (rarer ones generalised, then suppressed)
    #[arg(long, value_name = "K", default_value_t = report::kanon::DEFAULT_K, requires = "deidentified", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub k: u64,
    /// For this recipient (intake recipients list): only the people who agreed to their purpose, encrypted to their key
    #[arg(
        long,
        value_name = "RECIPIENT",
        required_unless_present = "plaintext",
        conflicts_with = "plaintext"
    )]
    pub to: Option<String>,
    /// Unencrypted, every record: for the coordinator's own use only (said, and audited)
    #[arg(long)]
    pub plaintext: bool,
}

/// `--format` of `intake export-table`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum TableKind {
    /// `records.csv` and one `<group>.csv` per repeat group, in a folder
    Csv,
    /// One workbook with a sheet per group
    Xlsx,
}

fn parse_limit(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        // 1 would hide nothing while the report says it hides small counts.
        Ok(n) if n >= 2 => Ok(n),
        _ => Err(super::said::early_texts().text("cli-want-count", &[])),
    }
}

pub(super) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| super::said::early_texts().text("cli-want-date", &[]))
}

/// The report's dates from the options (see [`Scope::of`]).
pub fn scope(
    as_of: Option<NaiveDate>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    suppress_below: Option<u64>,
    today: NaiveDate,
) -> anyhow::Result<Scope> {
    match Scope::of(as_of, from, to, suppress_below, today) {
        Some(scope) => Ok(scope),
        None => anyhow::bail!(
            "the period starts ({}) after it ends ({})",
            from.map_or_else(String::new, |d| d.to_string()),
            to.or(as_of).unwrap_or(today)
        ),
    }
}

/// Prints or writes the report.
pub fn run(ctx: &Context, args: ReportArgs) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let scope = scope(args.as_of, args.from, args.to, args.suppress_below, today)?;
    let format = match args.format {
        Kind::Text => ReportFormat::Text,
        Kind::Csv => ReportFormat::Csv,
        Kind::Json => ReportFormat::Json,
        Kind::Xlsx => ReportFormat::Xlsx,
        Kind::Html => ReportFormat::Html,
    };
    if format == ReportFormat::Xlsx && args.out.is_none() {
        anyhow::bail!(ctx.texts.text("report-err-xlsx-terminal", &[]));
    }
    let form = ctx.form()?;
    let store = ctx.open()?;
    let stats = report::compute(&store, &form, scope)?;
    let sheet = Factsheet::new(stats, &form, ctx.texts);
    match &args.out {
        Some(path) => {
            report::write_report(&store, &sheet, format, path)?;
            outln!(
                "{}",
                ctx.texts
                    .text("report-written", &[("path", path.display().to_string().into())])
            );
        }
        None => {
            let bytes = report::render(&sheet, format)?;
            report::audit_report(&store, &sheet, format, None)?;
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(e.into());
            }
        }
    }
    Ok(())
}

/// Writes the records table.
pub fn export_table(ctx: &Context, args: ExportTableArgs) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let format = match args.format {
        TableKind::Csv => TableFormat::Csv,
        TableKind::Xlsx => TableFormat::Xlsx,
    };
    let texts = ctx.texts;
    let path = || Arg::from(args.out.display().to_string());
    if format == TableFormat::Csv && args.to.is_none() && args.out.is_file() {
        anyhow::bail!(texts.text("export-table-err-file", &[("path", path())]));
    }
    if args.to.is_some() && format == TableFormat::Xlsx {
        anyhow::bail!(texts.text("export-table-err-sealed-xlsx", &[]));
    }
    if args.to.is_some() && args.out.is_dir() {
        anyhow::bail!(texts.text("export-table-err-folder", &[("path", path())]));
    }
    let form = ctx.form()?;
    let store = ctx.open()?;
    let audience = match &args.to {
        None => {
            eprintln!("{}", texts.text("export-table-plaintext", &[]));
            report::Audience {
                k: args.k,
                ..report::Audience::own()
            }
        }
        Some(name) => {
            let (recipient, key) = super::recipients::find(&store, texts, name)?;
            report::Audience {
                purpose: recipient.purpose,
                sealed_to: Some((recipient.name, key)),
                k: args.k,
            }
        }
    };
    let done = report::export_table_for(
        &store,
        &form,
        ctx.texts,
        format,
        &args.out,
        args.deidentified,
        today,
        &audience,
    )?;
    outln!(
        "{}",
        ctx.texts.text(
            "export-table-written",
            &[
                ("records", done.records.into()),
                ("entries", done.entries.into()),
                ("sheets", done.sheets.len().into()),
                ("path", args.out.display().to_string().into()),
            ]
        )
    );
    if done.left_out > 0 {
        outln!(
            "{}",
            ctx.texts
                .text("export-table-left-out", &[("count", done.left_out.into())])
        );
    }
    if args.deidentified {
        outln!(
            "{}",
            texts.text(
                "export-table-kanon",
                &[
                    ("k", args.k.into()),
                    ("generalised", done.anonymity.generalised.into()),
                    ("suppressed", done.anonymity.suppressed.into())
                ]
            )
        );
    }
    if let Some((name, _)) = &audience.sealed_to {
        outln!(
            "{}",
            texts.text("export-table-sealed", &[("name", Arg::from(name.as_str()))])
        );
    }
    if done.no_consent > 0 {
        outln!(
            "{}",
            texts.text("export-table-no-consent", &[("count", done.no_consent.into())])
        );
    }
    if done.declined > 0 {
        let purpose = texts.text(&super::recipients::purpose_key(audience.purpose), &[]);
        outln!(
            "{}",
            texts.text(
                "export-table-declined",
                &[("count", done.declined.into()), ("purpose", Arg::from(purpose))]
            )
        );
    }
    for (authority, count) in &done.authorities {
        let named = if authority.is_empty() {
            texts.text("export-table-authority-unnamed", &[])
        } else {
            authority.clone()
        };
        outln!(
            "{}",
            texts.text(
                "export-table-authority",
                &[("authority", Arg::from(named)), ("count", (*count).into())]
            )
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn scope_defaults_to_the_year_up_to_the_report_date() {
        let s = scope(None, None, None, None, day("2026-11-22")).unwrap();
        assert_eq!(
            (s.as_of, s.from, s.to),
            (day("2026-11-22"), day("2026-01-01"), day("2026-11-22"))
        );
        let s = scope(
            None,
            Some(day("2025-01-01")),
            Some(day("2025-12-31")),
            Some(5),
            day("2026-11-22"),
        )
        .unwrap();
        assert_eq!(
            (s.as_of, s.from, s.to),
            (day("2025-12-31"), day("2025-01-01"), day("2025-12-31"))
        );
        assert!(
            scope(
                None,
                Some(day("2026-02-01")),
                Some(day("2026-01-01")),
                None,
                day("2026-11-22")
            )
            .is_err()
        );
        assert!(parse_date("31.12.2025").is_err());
    }
}
