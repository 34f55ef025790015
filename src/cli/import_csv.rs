//! `intake import-csv FILE [--skip-invalid]`.

use super::Context;
use crate::form::referral;
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
    let list = referral::read(&args.file, today)?;
    for e in &list.errors {
        eprintln!("{e}");
    }
    let bad_lines = {
        let mut lines: Vec<u64> = list.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    };
    if bad_lines > 0 && !args.skip_invalid {
        bail!(
            "{bad_lines} of {} rows are invalid, so nothing was imported; correct them, or add --skip-invalid to import the other rows",
            list.total
        );
    }
    let mut store = ctx.open()?;
    let report = referral::import(&mut store, &list.rows)?;
    println!(
        "Imported {} record(s) as {} ops from {}.",
        report.imported,
        report.ops,
        args.file.display()
    );
    if !report.already_imported.is_empty() {
        println!(
            "Skipped {} row(s) imported before (same reference, or same names and birth date): lines {}.",
            report.already_imported.len(),
            report
                .already_imported
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if bad_lines > 0 {
        println!("Skipped {bad_lines} invalid row(s), listed above.");
    }
    Ok(())
}
