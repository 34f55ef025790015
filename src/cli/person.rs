//! `intake person-report RECORD --out FILE (--to RECIPIENT | --plaintext)`:
//! everything held about one person, for their access request, in their
//! language; encrypted to a recipient (who must be one the person agreed
//! to), or in plaintext for the person in front of you; audited.

use super::Context;
use crate::i18n::{Arg, Texts};
use std::io::Write as _;
use std::path::PathBuf;

/// Arguments of `intake person-report`.
#[derive(Debug, clap::Args)]
pub struct PersonReportArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// The file to write (a new one)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Encrypted to this recipient (intake recipients list), who must be one the person agreed to
    #[arg(
        long,
        value_name = "RECIPIENT",
        required_unless_present = "plaintext",
        conflicts_with = "plaintext"
    )]
    pub to: Option<String>,
    /// Unencrypted, to print or hand to the person (said, and audited)
    #[arg(long)]
    pub plaintext: bool,
}

/// Writes the report.
pub fn run(ctx: &Context, args: PersonReportArgs) -> anyhow::Result<()> {
    let texts = ctx.texts;
    let form = ctx.form()?;
    let store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let path = || Arg::from(args.out.display().to_string());
    let recipient = match &args.to {
        None => None,
        Some(name) => {
            let (r, key) = super::recipients::find(&store, texts, name)?;
            let state = store
                .record(id)?
                .ok_or_else(|| crate::store::StoreError::NoRecord(id.to_string()))?;
            if !r
                .purpose
                .agreed(&|f| state.value(f) == Some(&serde_json::Value::Bool(true)))
            {
                let purpose = texts.text(&super::recipients::purpose_key(r.purpose), &[]);
                anyhow::bail!(texts.text(
                    "person-report-not-agreed",
                    &[
                        ("name", Arg::from(r.name.as_str())),
                        ("purpose", Arg::from(purpose))
                    ]
                ));
            }
            Some((r.name, key))
        }
    };
    let lang = crate::report::person::language_of(&store, id, texts.lang())?;
    let text = crate::report::person::person_report(&store, &form, Texts::get(lang), id)?;
    let write = || -> std::io::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&args.out)?;
        let mut out = std::io::BufWriter::new(file);
        match &recipient {
            None => out.write_all(text.as_bytes())?,
            Some((_, key)) => {
                let encryptor = age::Encryptor::with_recipients(std::iter::once(key as &dyn age::Recipient))
                    .map_err(std::io::Error::other)?;
                let mut sealed = encryptor.wrap_output(&mut out)?;
                sealed.write_all(text.as_bytes())?;
                sealed.finish()?;
            }
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    };
    if let Err(e) = write() {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            let _ = std::fs::remove_file(&args.out);
        }
        anyhow::bail!(texts.text(
            "person-report-err-write",
            &[("path", path()), ("reason", Arg::from(e.to_string()))]
        ));
    }
    let to = match &recipient {
        Some((name, key)) => format!("to {name} ({key}), encrypted"),
        None => "plaintext".to_owned(),
    };
    let folder = args
        .out
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    store.audit_export(
        "person-report",
        &format!("record {id} {to}, into the folder {folder}"),
        recipient.as_ref().map(|(name, _)| name.as_str()),
        &[id],
    )?;
    if recipient.is_none() {
        eprintln!("{}", texts.text("person-report-plaintext", &[]));
    }
    outln!("{}", texts.text("person-report-written", &[("path", path())]));
    Ok(())
}
