//! `intake import-csv FILE [--skip-invalid]`.

use super::Context;
use crate::i18n::Arg;
use crate::referral;
use anyhow::bail;
use std::path::PathBuf;

/// Arguments of `intake import-csv`.
#[derive(Debug, clap::Args)]
pub struct ImportCsvArgs {
    /// The referral list: UTF-8 CSV whose header row names the field ids
    pub file: PathBuf,
    /// Import the good rows even if some rows are invalid (the bad ones are listed)
    #[arg(long)]
    pub skip_invalid: bool,
}

/// Checks the whole file first, then reads it again to import it (or its
/// good rows); one row is held at a time.
pub fn run(ctx: &Context, args: ImportCsvArgs) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let texts = ctx.texts;
    let refuse = |e: &referral::FileError| anyhow::anyhow!(e.render(texts));
    // The file is checked before the database is unlocked: a bad file costs no passphrase.
    let form = ctx.form()?;
    let rows = referral::Rows::open(&args.file, &form, today).map_err(|e| refuse(&e))?;
    let checked = referral::check(rows, |e| eprintln!("{}", e.render(texts))).map_err(|e| refuse(&e))?;
    if checked.bad > 0 && !args.skip_invalid {
        bail!(texts.text(
            "import-refused",
            &[
                ("bad", Arg::from(checked.bad)),
                ("total", Arg::from(checked.total))
            ]
        ));
    }
    let mut store = ctx.open()?;
    let file = std::fs::File::open(&args.file).map_err(|source| {
        refuse(&referral::FileError::Read {
            path: args.file.display().to_string(),
            source,
        })
    })?;
    let report = match referral::import(&mut store, file, &form, today, checked) {
        Ok(report) => report,
        Err(referral::ImportError::File(e)) => return Err(refuse(&e)),
        Err(referral::ImportError::Store(e)) => return Err(e.into()),
    };
    outln!(
        "{}",
        texts.text(
            "import-done",
            &[
                ("count", Arg::from(report.imported)),
                ("ops", Arg::from(report.ops)),
                ("file", Arg::from(args.file.display().to_string())),
            ],
        )
    );
    if report.already_imported > 0 {
        let mut lines = report
            .already_lines
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let more = report.already_imported - report.already_lines.len() as u64;
        if more > 0 {
            lines = texts.text(
                "import-lines-more",
                &[("lines", Arg::from(lines)), ("more", Arg::from(more))],
            );
        }
        outln!(
            "{}",
            texts.text(
                "import-skipped-known",
                &[
                    ("count", Arg::from(report.already_imported)),
                    ("lines", Arg::from(lines))
                ],
            )
        );
    }
    if checked.bad > 0 {
        outln!(
            "{}",
            texts.text("import-skipped-invalid", &[("count", Arg::from(checked.bad))])
        );
    }
    Ok(())
}
