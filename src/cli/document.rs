//! `intake document` and `intake request-sent`: letters and applications
//! made from a record, and a request marked sent.

use super::Context;
use crate::documents::{self, DocumentError, Format, Template};
use std::path::PathBuf;

/// What a document is written as.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum DocFormat {
    /// Word, to adjust before signing
    Docx,
    /// PDF, for printing and the archive
    Pdf,
}

/// Arguments of `intake document`.
#[derive(Debug, clap::Args)]
pub struct DocumentArgs {
    /// List the templates (built-in and the config folder's templates/) with their titles
    #[arg(long)]
    pub list: bool,
    /// The record's id (or its first 8 or more characters)
    #[arg(required_unless_present = "list")]
    pub record_id: Option<String>,
    /// The template's id (`intake document --list`)
    #[arg(required_unless_present = "list")]
    pub template: Option<String>,
    /// The file to write (a new file; readable by you only)
    #[arg(long, value_name = "FILE", required_unless_present = "list")]
    pub out: Option<PathBuf>,
    /// docx or pdf [default: from the file name, else docx]; the document's language is --lang
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
}

/// Arguments of `intake request-sent`.
#[derive(Debug, clap::Args)]
pub struct RequestSentArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// The request (the id `intake document` printed, or its first or last characters)
    pub request: String,
    /// The day it was sent, as 02.12.2026 or 2026-12-02 [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

/// The templates in use; a broken one stops the command with every problem listed.
pub fn templates(ctx: &Context, form: &crate::form::Form) -> anyhow::Result<Vec<Template>> {
    documents::load(Some(&ctx.config.dir.join("templates")), form).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.render(ctx.texts)).collect();
        anyhow::anyhow!(
            "{}\n{}",
            ctx.texts
                .text("template-err-refused", &[("count", errors.len().into())]),
            lines.join("\n")
        )
    })
}

fn refusal(ctx: &Context, record: crate::domain::RecordId, e: DocumentError) -> anyhow::Error {
    match e.message(record) {
        Some(m) => anyhow::anyhow!(ctx.texts.render(&m)),
        None => anyhow::Error::from(e),
    }
}

/// `intake document`.
pub fn run(ctx: &Context, args: DocumentArgs) -> anyhow::Result<()> {
    let form = ctx.form()?;
    let all = templates(ctx, &form)?;
    let lang = ctx.texts.lang();
    if args.list {
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|t| vec![t.id.clone(), t.title.get(lang).to_owned()])
            .collect();
        let header = [
            ctx.texts.text("document-col-id", &[]),
            ctx.texts.text("document-col-title", &[]),
        ];
        super::table::print(&[&header[0], &header[1]], &rows);
        return Ok(());
    }
    let (Some(record), Some(template), Some(out)) = (args.record_id, args.template, args.out) else {
        return Ok(());
    };
    let mut store = ctx.open()?;
    let id = store.find_record(&record)?;
    let format = match args.format {
        Some(DocFormat::Docx) => Format::Docx,
        Some(DocFormat::Pdf) => Format::Pdf,
        None => Format::of_path(&out),
    };
    let today = chrono::Local::now().date_naive();
    let made = documents::generate(&mut store, &form, &all, id, &template, lang, format, &out, today)
        .map_err(|e| refusal(ctx, id, e))?;
    outln!(
        "{}",
        ctx.texts.text(
            "document-done",
            &[("file", made.path.display().to_string().into())]
        )
    );
    if let Some(entry) = made.request {
        outln!(
            "{}",
            ctx.texts.text(
                "document-request-added",
                &[
                    ("record", id.to_string().into()),
                    ("entry", entry.to_string().into())
                ]
            )
        );
    }
    Ok(())
}

/// `intake request-sent`.
pub fn sent(ctx: &Context, args: RequestSentArgs) -> anyhow::Result<()> {
    let form = ctx.form()?;
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let today = chrono::Local::now().date_naive();
    let day = match &args.date {
        None => today,
        Some(text) => {
            let field = form
                .field_at("requests/x/sent_date")
                .ok_or_else(|| anyhow::anyhow!("requests/sent_date"))?;
            let value = form
                .parse_input(field, text, today)
                .map_err(|e| anyhow::anyhow!("{}: {}", text, ctx.texts.render(&e.message())))?;
            value
                .as_ref()
                .and_then(|v| v.as_str())
                .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .unwrap_or(today)
        }
    };
    let next = |to: &str| documents::reply_awaited(&form, ctx.texts, to);
    let entry =
        documents::mark_sent(&mut store, id, &args.request, day, &next).map_err(|e| refusal(ctx, id, e))?;
    outln!(
        "{}",
        ctx.texts.text(
            "document-sent",
            &[
                ("entry", entry.into()),
                ("date", day.format("%d.%m.%Y").to_string().into())
            ]
        )
    );
    Ok(())
}
