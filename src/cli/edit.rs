//! `intake set`, `intake conflicts` and `intake resolve`: editing records
//! from the command line, validated like the form, and reviewing fields
//! that laptops edited differently.

use super::{Context, Format};
use crate::domain::{FieldPath, RecordId};
use crate::form::Form;
use crate::store::{Store, StoreError};
use anyhow::Context as _;
use serde_json::Value;
use std::io::IsTerminal as _;

/// Arguments of `intake set`.
#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// FIELD=VALUE, typed as in the form (`status=assessed`, `oblast=Алматы`,
    /// `documents/ENTRY/number=123`); an empty value clears the field
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub values: Vec<String>,
}

/// Arguments of `intake conflicts`.
#[derive(Debug, clap::Args)]
pub struct ConflictsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Arguments of `intake resolve`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// The field in conflict (as `intake conflicts` lists it)
    pub field: String,
    /// The value that settles it, as JSON (`"Дуйсенова"`, `true`, `null`; for
    /// `_deleted`: `true` deletes after all, `false` keeps the record)
    #[arg(long, value_name = "JSON")]
    pub value: String,
}

/// Reads `FIELD=VALUE` with the form's field: the value to store.
fn parse_assignment(
    form: &Form,
    texts: &crate::i18n::Texts,
    text: &str,
) -> anyhow::Result<(FieldPath, Value)> {
    let visible = |s: &str| crate::domain::visible::visible(s).into_owned();
    let (path, raw) = text.split_once('=').ok_or_else(|| {
        anyhow::anyhow!(texts.text("edit-err-assignment", &[("text", visible(text).into())]))
    })?;
    let not_a_field =
        || anyhow::anyhow!(texts.text("edit-err-field", &[("field", visible(path.trim()).into())]));
    let path = FieldPath::parse(path.trim()).map_err(|_| not_a_field())?;
    let field = form.field_at(path.as_str()).ok_or_else(not_a_field)?;
    let today = chrono::Local::now().date_naive();
    let value = form.parse_input(field, raw, today).map_err(|e| {
        let m = e.message();
        anyhow::anyhow!(
            "{}: {}",
            form.place(texts, path.as_str(), |_, _| None),
            form.labels.text(texts, &m.key, &m.args)
        )
    })?;
    Ok((path, value.unwrap_or(Value::Null)))
}

/// Writes ops as the local worker; every value is checked first, and
/// nothing is written if one is refused.
pub fn set(ctx: &Context, args: SetArgs) -> anyhow::Result<()> {
    let form = ctx.form()?;
    let changes = args
        .values
        .iter()
        .map(|v| parse_assignment(&form, ctx.texts, v))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let written = write(&mut store, id, &changes)?;
    outln!(
        "{}",
        ctx.texts.text(
            "edit-set",
            &[("record", id.to_string().into()), ("count", written.into())]
        )
    );
    Ok(())
}

fn write(store: &mut Store, id: RecordId, changes: &[(FieldPath, Value)]) -> anyhow::Result<usize> {
    let mut w = store.writer()?;
    let mut written = 0;
    for (path, value) in changes {
        if w.set(id, path, value.clone())?.is_some() {
            written += 1;
        }
    }
    w.commit()?;
    Ok(written)
}

/// Lists every field with several different current values, and every
/// field whose value came from a clock more than a day ahead (it waits for
/// someone to decide; its time is marked ⚠).
pub fn conflicts(ctx: &Context, args: ConflictsArgs) -> anyhow::Result<()> {
    let store = ctx.open()?;
    let states = store.conflicted()?;
    let believable = crate::domain::Hlc::believable_at(crate::domain::Hlc::now_millis());
    let mut rows = Vec::new();
    let mut json = Vec::new();
    for state in &states {
        for d in state.disagreements_at(believable) {
            let candidates: Vec<Value> = d
                .candidates
                .iter()
                .map(|(field, h)| {
                    serde_json::json!({
                        "field": field.to_string(),
                        "value": h.value,
                        "author": h.author,
                        "device": h.dot.device.to_string(),
                        "op": h.dot.seq,
                        "time": h.hlc.to_string(),
                        "clock_ahead": h.hlc > believable,
                    })
                })
                .collect();
            for c in &candidates {
                let value = if c["field"] == d.field.as_str() {
                    c["value"].to_string()
                } else {
                    // A deletion's other candidates are the edits it missed.
                    format!("{} = {}", c["field"].as_str().unwrap_or_default(), c["value"])
                };
                rows.push(vec![
                    state.id.to_string(),
                    d.field.to_string(),
                    value,
                    c["author"].as_str().unwrap_or_default().to_owned(),
                    format!(
                        "{}:{}",
                        c["device"]
                            .as_str()
                            .and_then(|d| d.parse::<crate::domain::DeviceId>().ok())
                            .map(|d| d.short())
                            .unwrap_or_default(),
                        c["op"]
                    ),
                    match c["clock_ahead"].as_bool() {
                        Some(true) => format!("{} ⚠", c["time"].as_str().unwrap_or_default()),
                        _ => c["time"].as_str().unwrap_or_default().to_owned(),
                    },
                ]);
            }
            json.push(serde_json::json!({
                "record": state.id.to_string(),
                "field": d.field.to_string(),
                "candidates": candidates,
            }));
        }
    }
    match args.format {
        Format::Json => outln!("{}", serde_json::to_string_pretty(&json)?),
        _ => {
            super::table::print(
                &[
                    "record",
                    "field",
                    "candidate value",
                    "author",
                    "device:op",
                    "time (UTC)",
                ],
                &rows,
            );
            eprintln!(
                "{}",
                ctx.texts
                    .text("tui-conflicts-title", &[("count", json.len().into())])
            );
        }
    }
    Ok(())
}

/// Settles a conflict: a new op whose parents are all the field's heads.
pub fn resolve(ctx: &Context, args: ResolveArgs) -> anyhow::Result<()> {
    let value: Value = serde_json::from_str(&args.value).with_context(|| {
        format!(
            "“{}” is not a JSON value (a text needs quotes: '\"Дуйсенова\"')",
            args.value
        )
    })?;
    let form = ctx.form()?;
    let path = FieldPath::parse(&args.field)?;
    if let (Some(field), false) = (form.field_at(path.as_str()), value.is_null()) {
        let today = chrono::Local::now().date_naive();
        form.check_stored(field, &value, today).map_err(|e| {
            let m = e.message();
            anyhow::anyhow!(
                "{}: {}",
                form.place(ctx.texts, path.as_str(), |_, _| None),
                form.labels.text(ctx.texts, &m.key, &m.args)
            )
        })?;
    }
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let state = store
        .record(id)?
        .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
    let believable = crate::domain::Hlc::believable_at(crate::domain::Hlc::now_millis());
    if !state
        .disagreements_at(believable)
        .iter()
        .any(|d| d.field == &path)
    {
        anyhow::bail!(ctx.texts.text(
            "edit-err-not-in-conflict",
            &[
                ("field", form.place(ctx.texts, path.as_str(), |_, _| None).into()),
                ("record", id.to_string().into())
            ]
        ));
    }
    if path.as_str() == FieldPath::DELETED && crate::domain::is_deletion(&value) {
        // Deleted after all: a deletion that has seen every edit.
        let mut w = store.writer()?;
        w.delete_record(id)?;
        w.commit()?;
    } else {
        write(&mut store, id, &[(path.clone(), value)])?;
    }
    store.audit("resolve", &format!("{id} {path}"))?;
    outln!(
        "{}",
        ctx.texts.text(
            "edit-resolved",
            &[
                ("record", id.to_string().into()),
                ("field", path.to_string().into())
            ]
        )
    );
    Ok(())
}

/// Arguments of `intake erase`.
#[derive(Debug, clap::Args)]
pub struct EraseArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
    /// Why (e.g. "consent withdrawn on 2026-11-20"); kept with the record
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Erase too, without asking, every record confirmed as the same person
    #[arg(long)]
    pub all_linked: bool,
}

/// Erases a record's identifying data (consent withdrawn): the anonymous
/// counts are written first (sex, age band, category), then the erasure,
/// which every laptop applies to the log when it arrives.
pub fn erase(ctx: &Context, args: EraseArgs) -> anyhow::Result<()> {
    if args.reason.trim().is_empty() {
        anyhow::bail!(ctx.texts.text("erase-err-reason", &[]));
    }
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let state = store
        .record(id)?
        .ok_or_else(|| StoreError::NoRecord(id.to_string()))?;
    if state.erased {
        anyhow::bail!(
            ctx.texts
                .text("erase-err-erased", &[("record", id.to_string().into())])
        );
    }
    // The person's consent is withdrawn: every record of them goes.
    let linked = crate::erasure::linked(&store, id)?;
    if !linked.is_empty() && !args.all_linked {
        let texts = ctx.texts;
        let others = linked
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!(
            "{}",
            texts.text(
                "erase-linked",
                &[("record", id.to_string().into()), ("others", others.into())]
            )
        );
        let yes = std::io::stdin().is_terminal() && {
            eprint!("{}", texts.text("erase-linked-ask", &[]));
            let mut answer = String::new();
            std::io::stdin().read_line(&mut answer).is_ok() && super::is_yes(&answer)
        };
        if !yes {
            anyhow::bail!(texts.text("erase-linked-refused", &[]));
        }
    }
    let today = chrono::Local::now().date_naive();
    let mut w = store.writer()?;
    for record in std::iter::once(id).chain(linked.iter().copied()) {
        crate::erasure::erase(&mut w, record, args.reason.trim(), today)?;
    }
    w.commit()?;
    for record in std::iter::once(id).chain(linked.iter().copied()) {
        store.audit("erase", &record.to_string())?;
        outln!(
            "{}",
            ctx.texts
                .text("edit-erased", &[("record", record.to_string().into())])
        );
    }
    // What it overwrote is left in no quarantined bundle, free page, index
    // segment or WAL frame.
    let after = crate::sync::withheld::finish_erasure(&mut store);
    say_finished(ctx, &after);
    Ok(())
}

/// Says what finishing an erasure did beyond the records: quarantined
/// bundles dropped (stdout), what could not be done (stderr).
pub(super) fn say_finished(ctx: &Context, after: &crate::sync::withheld::Finished) {
    // The drop, when there was one, comes first.
    for (i, line) in crate::sync::summary::erasure_lines(ctx.texts, after)
        .into_iter()
        .enumerate()
    {
        if i == 0 && after.dropped > 0 {
            outln!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// Arguments of `intake delete`.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    /// The record's id (or its first 8 or more characters)
    pub record_id: String,
}

/// Deletes a record (a person recorded by mistake, or twice); its history
/// stays. An edit made elsewhere meanwhile shows as a conflict.
pub fn delete(ctx: &Context, args: DeleteArgs) -> anyhow::Result<()> {
    let mut store = ctx.open()?;
    let id = store.find_record(&args.record_id)?;
    let mut w = store.writer()?;
    w.delete_record(id)?;
    w.commit()?;
    store.audit("delete", &id.to_string())?;
    outln!(
        "{}",
        ctx.texts
            .text("edit-deleted", &[("record", id.to_string().into())])
    );
    Ok(())
}
