//! `intake history RECORD_ID`: the audit trail of one record.

use super::Context;
use serde_json::Value;

/// Arguments of `intake history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "∅".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Prints every op of the record, oldest first.
pub fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let entries = store.history(id)?;
    outln!("Record {id}: {} change(s)", entries.len());
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let old = match e.old.as_slice() {
                [] => "∅".to_owned(),
                [one] => show(one),
                many => many.iter().map(show).collect::<Vec<_>>().join(" | "),
            };
            vec![
                e.hlc.to_string(),
                e.author.clone(),
                format!("{}:{}", e.dot.device.short(), e.dot.seq),
                e.field.clone(),
                format!("{old} → {}", show(&e.new)),
            ]
        })
        .collect();
    super::table::print(
        &["time (UTC)", "author", "device:op", "field", "old → new"],
        &rows,
    );
    Ok(())
}
