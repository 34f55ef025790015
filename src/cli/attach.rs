//! `intake attach` and `intake attachment …`: document scans and photos
//! kept encrypted with a record, listed, and copied out on purpose.

use super::Context;
use crate::attach::{self, AddError, Listed};
use crate::i18n::{Arg, Texts};
use std::path::PathBuf;

/// Arguments of `intake attach`.
#[derive(Debug, clap::Args)]
pub struct AttachArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// JPEG, PNG, TIFF or PDF files (told by content, not by name)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The document entry these are copies of (its id or first characters, as `intake attachment list` shows)
    #[arg(long, value_name = "ENTRY_ID")]
    pub document: Option<String>,
    /// A note kept with each file
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Keep photos as they are (not shrunk to 2,400 px); location and device data are removed all the same
    #[arg(long)]
    pub original: bool,
}

/// `intake attachment …`.
#[derive(Debug, clap::Subcommand)]
pub enum AttachmentCommand {
    /// The attachments of a record: type, pixels or pages, size, who added it when, which document
    List {
        /// The record's id (or its first 8 or more characters)
        record_id: String,
    },
    /// Write copies of a record's attachments (all, or one) into a folder; recorded in the audit trail
    Export {
        /// The record's id (or its first 8 or more characters)
        record_id: String,
        /// One attachment (the first characters of its id as `intake attachment list` shows them); all when left out
        attachment: Option<String>,
        /// The folder the copies go to (made if missing; no file is overwritten)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Show or set the largest file accepted, in MB (the database's setting attachment-max-mb)
    Limit {
        /// The new limit (1 to 4096)
        mb: Option<u64>,
    },
}

/// Says an attachment error in the user's language.
fn refusal(texts: &Texts, e: AddError) -> anyhow::Error {
    match e.message() {
        Some(m) => anyhow::anyhow!(texts.render(&m)),
        None => anyhow::Error::from(e),
    }
}

use crate::attach::describe;

/// Attaches every file, each in its own transaction; stops at the first refused.
pub fn attach_files(ctx: &Context, args: AttachArgs) -> anyhow::Result<()> {
    let form = ctx.form()?;
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let max_mb = attach::max_mb(&store)?;
    let today = chrono::Local::now().date_naive();
    let options = attach::Options {
        document: args.document,
        note: args.note,
        original: args.original,
    };
    for path in &args.files {
        let raw = attach::read_file(path, max_mb).map_err(|e| refusal(ctx.texts, e))?;
        let added = attach::attach(&mut store, &form, id, path, &raw, &options, today)
            .map_err(|e| refusal(ctx.texts, e))?;
        let key = if added.known {
            "attach-done-known"
        } else {
            "attach-done"
        };
        outln!(
            "{}",
            ctx.texts.text(
                key,
                &[
                    ("file", Arg::from(added.attachment.name.as_str())),
                    ("record", Arg::from(id.to_string())),
                    ("entry", Arg::from(added.entry.to_string())),
                    ("what", Arg::from(describe(ctx.texts, &added.attachment))),
                ]
            )
        );
    }
    Ok(())
}

/// `intake attachment …`.
pub fn run(ctx: &Context, cmd: AttachmentCommand) -> anyhow::Result<()> {
    match cmd {
        AttachmentCommand::List { record_id } => {
            let store = ctx.open()?;
            let id = store.find_record(&record_id)?;
            let listed = attach::choose(&store, id, None).map_err(|e| refusal(ctx.texts, e))?;
            if listed.is_empty() {
                outln!(
                    "{}",
                    ctx.texts
                        .text("attach-list-none", &[("record", id.to_string().into())])
                );
                return Ok(());
            }
            let rows: Vec<Vec<String>> = listed.iter().map(|l| row(ctx.texts, l)).collect();
            let header: Vec<String> = ["id", "name", "what", "document", "added"]
                .iter()
                .map(|c| ctx.texts.text(&format!("attach-col-{c}"), &[]))
                .collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            super::table::print(&header, &rows);
            Ok(())
        }
        AttachmentCommand::Export {
            record_id,
            attachment,
            out,
        } => {
            let store = ctx.open()?;
            let id = store.find_record(&record_id)?;
            let chosen =
                attach::choose(&store, id, attachment.as_deref()).map_err(|e| refusal(ctx.texts, e))?;
            if chosen.is_empty() {
                outln!(
                    "{}",
                    ctx.texts
                        .text("attach-list-none", &[("record", id.to_string().into())])
                );
                return Ok(());
            }
            let written = attach::export(&store, id, &chosen, &out).map_err(|e| refusal(ctx.texts, e))?;
            outln!(
                "{}",
                ctx.texts.text(
                    "attach-exported",
                    &[
                        ("count", written.len().into()),
                        ("dir", out.display().to_string().into())
                    ]
                )
            );
            for path in written {
                outln!("  {}", path.display());
            }
            Ok(())
        }
        AttachmentCommand::Limit { mb: None } => {
            let store = ctx.open()?;
            let mb = attach::max_mb(&store)?;
            outln!("{}", ctx.texts.text("attach-limit", &[("mb", mb.into())]));
            Ok(())
        }
        AttachmentCommand::Limit { mb: Some(mb) } => {
            let mut store = ctx.open()?;
            attach::set_max_mb(&mut store, mb).map_err(|e| refusal(ctx.texts, e))?;
            outln!("{}", ctx.texts.text("attach-limit", &[("mb", mb.into())]));
            Ok(())
        }
    }
}

fn row(texts: &Texts, l: &Listed) -> Vec<String> {
    let when = chrono::DateTime::from_timestamp_millis(i64::try_from(l.millis).unwrap_or(0))
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%d.%m.%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    let mut name = l.attachment.name.clone();
    if let Some(note) = &l.attachment.note {
        name = format!("{name} — {note}");
    }
    vec![
        l.attachment.sha256.chars().take(10).collect(),
        name,
        describe(texts, &l.attachment),
        l.document.clone().unwrap_or_default(),
        format!("{} {when}", l.author),
    ]
}
