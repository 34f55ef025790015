//! `intake import-csv FILE [--skip-invalid]`.

use super::Context;
use crate::i18n::Arg;
use crate::referral;
use anyhow::bail;
use std::path::{Path, PathBuf};

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
    // The file is checked before the database is unlocked: a bad file costs no passphrase.
    let (form, checked) = check(ctx, &args.file, args.skip_invalid)?;
    let mut store = ctx.open()?;
    write(ctx, &mut store, &args.file, &form, checked).map(|_| ())
}

/// Checks every row of the list (each bad one said on stderr); refuses
/// the whole list when one is bad, unless `skip_invalid`.
pub(super) fn check(
    ctx: &Context,
    path: &Path,
    skip_invalid: bool,
) -> anyhow::Result<(crate::config::ActiveForm, referral::Checked)> {
    let today = chrono::Local::now().date_naive();
    let texts = ctx.texts;
    let refuse = |e: &referral::FileError| anyhow::anyhow!(e.render(texts));
    let form = ctx.form()?;
    let rows = referral::Rows::open(path, &form, today).map_err(|e| refuse(&e))?;
    let checked = referral::check(rows, |e| eprintln!("{}", e.render(texts))).map_err(|e| refuse(&e))?;
    if checked.bad > 0 && !skip_invalid {
        bail!(texts.text(
            "import-refused",
            &[
                ("bad", Arg::from(checked.bad)),
                ("total", Arg::from(checked.total))
            ]
        ));
    }
    Ok((form, checked))
}

/// Imports a checked list into `store` and says what it did.
pub(super) fn write(
    ctx: &Context,
    store: &mut crate::store::Store,
    path: &Path,
    form: &crate::config::ActiveForm,
    checked: referral::Checked,
) -> anyhow::Result<referral::ImportReport> {
    let today = chrono::Local::now().date_naive();
    let texts = ctx.texts;
    let refuse = |e: &referral::FileError| anyhow::anyhow!(e.render(texts));
    let file = std::fs::File::open(path).map_err(|source| {
        refuse(&referral::FileError::Read {
            path: path.display().to_string(),
            source,
        })
    })?;
    let bad = checked.bad;
    let report = match referral::import(store, file, form, today, checked) {
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
                ("file", Arg::from(path.display().to_string())),
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
    if bad > 0 {
        outln!(
            "{}",
            texts.text("import-skipped-invalid", &[("count", Arg::from(bad))])
        );
    }
    Ok(report)
}
