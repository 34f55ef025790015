//! `intake history RECORD_ID`: the audit trail of one record.

use super::Context;

/// Arguments of `intake history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
}

/// Prints every op of the record, oldest first.
pub fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let entries = store.history(id)?;
    let t = ctx.texts;
    outln!(
        "{}",
        t.text(
            "history-title",
            &[("record", id.to_string().into()), ("count", entries.len().into())]
        )
    );
    let form = ctx.form()?;
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let d = crate::form::describe::change(&form, ctx.texts, &e.field, &e.old, &e.new, |_, _| None);
            vec![
                e.hlc.to_string(),
                crate::domain::visible::visible(&e.author).into_owned(),
                format!("{}:{}", e.dot.device.short(), e.dot.seq),
                d.what,
                d.how,
            ]
        })
        .collect();
    let header: Vec<String> = [
        "history-col-time",
        "history-col-author",
        "history-col-op",
        "history-col-what",
        "history-col-how",
    ]
    .iter()
    .map(|k| t.text(k, &[]))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    super::table::print(&header, &rows);
    Ok(())
}
