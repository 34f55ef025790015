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

/// Checks the whole file first, then imports it (or its good rows).
pub fn run(ctx: &Context, args: ImportCsvArgs) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    // The file is checked before the database is unlocked: a bad file costs no passphrase.
    let form = ctx.form()?;
    let list = referral::read(&args.file, &form, today)?;
    let texts = ctx.texts;
    for e in &list.errors {
        eprintln!("{}", e.render(texts));
    }
    let bad_lines = {
        let mut lines: Vec<u64> = list.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    };
    if bad_lines > 0 && !args.skip_invalid {
        bail!(texts.text(
            "import-refused",
            &[("bad", Arg::from(bad_lines)), ("total", Arg::from(list.total))]
        ));
    }
    let mut store = ctx.open()?;
    let report = referral::import(&mut store, &list.rows)?;
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
    if !report.already_imported.is_empty() {
        let lines = report
            .already_imported
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        outln!(
            "{}",
            texts.text(
                "import-skipped-known",
                &[
                    ("count", Arg::from(report.already_imported.len())),
                    ("lines", Arg::from(lines))
                ],
            )
        );
    }
    if bad_lines > 0 {
        outln!(
            "{}",
            texts.text("import-skipped-invalid", &[("count", Arg::from(bad_lines))])
        );
    }
    Ok(())
}
