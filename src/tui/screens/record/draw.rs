//! The record view: who the person is, the case status and where it can
//! move next (keys 1–3), the next action, fields in conflict with every
//! candidate value, and the audit trail, newest first.

use super::RecordView;
use crate::domain::visible::visible;
use crate::form::Form;
use crate::i18n::Texts;
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::Value;

/// A value of the field at `path` as the form shows it (a choice or a
/// region by its name in the interface language), `∅` for none.
fn shown(form: &Form, t: &Texts, path: &str, v: &Value) -> String {
    let text = form.display(t, form.field_at(path), Some(v));
    let text = match v {
        Value::Null => "∅".to_owned(),
        _ if !text.is_empty() => text,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // Values and names may have come from other laptops.
    visible(&text).into_owned()
}

/// Draws the record view.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, view: &RecordView) {
    let t = ctx.texts;
    let form = &ctx.form;
    let value = |id: &str| visible(&form.display(t, form.field(id), view.values.get(id))).into_owned();
    let name = ["surname", "given_name", "patronymic"]
        .iter()
        .map(|f| value(f))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let status = form.text(t, &Form::choice_label("status", view.status.as_str()));
    let mut lines = vec![Line::styled(
        format!("Intake — {name} · {status}"),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    let facts: Vec<String> = ["reference", "birth_date", "sex", "oblast", "category"]
        .iter()
        .filter_map(|id| {
            let v = value(id);
            let field = form.field(id)?;
            (!v.is_empty()).then(|| format!("{}: {v}", form.text(t, &field.label)))
        })
        .collect();
    lines.push(Line::from(facts.join("  ")));
    if let Some((who, day)) = &view.assigned {
        lines.push(Line::from(t.text(
            "tui-record-assigned",
            &[
                ("who", crate::domain::visible::visible(who).into_owned().into()),
                ("day", day.as_str().into()),
            ],
        )));
    }
    let next_action = [value("next_action_date"), value("next_action")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    if !next_action.is_empty() {
        lines.push(Line::from(format!(
            "{}: {next_action}",
            t.text("tui-record-next", &[])
        )));
    }
    let status_name = |s: crate::domain::Status| form.text(t, &Form::choice_label("status", s.as_str()));
    let mut moves: Vec<String> = view
        .moves()
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, status_name(*s)))
        .collect();
    if view.status != crate::domain::Status::Closed {
        moves.push(format!("0 {}", status_name(crate::domain::Status::Closed)));
    }
    if let Some((from, _)) = view.last_move() {
        moves.push(t.text("tui-record-undo", &[("status", status_name(from).into())]));
    }
    if !moves.is_empty() {
        lines.push(Line::from(format!(
            "{}: {}",
            t.text("tui-record-move", &[]),
            moves.join("  ")
        )));
    }
    if let Some(at) = view.closing {
        lines.push(Line::styled(
            t.text("tui-record-closing", &[]),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        for (i, reason) in super::closing_reasons(form).iter().enumerate() {
            let label = form.text(t, &Form::choice_label("closed_reason", reason));
            let style = if i == at {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::styled(format!("  {label}"), style));
        }
    }
    if view.errors > 0 {
        lines.push(Line::from(format!(
            "✗ {}",
            t.text("tui-record-problems", &[("count", view.errors.into())])
        )));
    }
    for a in view.attachments.iter().take(4) {
        let when = chrono::DateTime::from_timestamp_millis(i64::try_from(a.millis).unwrap_or(0))
            .map(|d| d.with_timezone(&chrono::Local).format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        let mut line = format!(
            "📎 {} · {} · {} {when}",
            visible(&a.attachment.name),
            crate::attach::describe(t, &a.attachment),
            visible(&a.author)
        );
        if let Some(d) = &a.document {
            line.push_str(&format!(" · {}", visible(d)));
        }
        lines.push(Line::from(line));
    }
    if view.attachments.len() > 4 {
        lines.push(Line::from(t.text(
            "tui-record-more-attachments",
            &[("count", (view.attachments.len() - 4).into())],
        )));
    }
    for (path, candidates) in &view.conflicts {
        let label = form.place(t, path, |_, _| None);
        let values: Vec<String> = candidates.iter().map(|v| shown(form, t, path, v)).collect();
        lines.push(Line::from(format!(
            "⚠ {}: {label}: {}",
            t.text("tui-record-conflict", &[]),
            values.join(" | ")
        )));
    }
    lines.push(Line::styled(
        t.text("tui-record-history", &[("count", view.history.len().into())]),
        Style::default().add_modifier(Modifier::UNDERLINED),
    ));
    // Nothing is cut: long lines wrap (the facts, a conflict's values).
    let width = usize::from(area.width);
    let lines = crate::tui::widgets::lines::wrap_lines(lines, width, "  ");
    let [top, history] = Layout::vertical([
        Constraint::Length(u16::try_from(lines.len()).unwrap_or(8)),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines), top);
    let rows: Vec<Line<'_>> = view
        .history
        .iter()
        .skip(view.scroll)
        .map(|e| {
            let when = e.hlc.to_utc().format("%Y-%m-%d %H:%M");
            if crate::attach::is_file_field(&e.field) {
                // An attachment: its name, never the entry's internal path.
                let name = crate::attach::Attachment::from_value(&e.new)
                    .map_or_else(|| "∅".to_owned(), |a| visible(&a.name).into_owned());
                return Line::from(format!(
                    "{when} {:<12} 📎 {}: {name}",
                    visible(&e.author),
                    t.text("tui-record-attachment", &[])
                ));
            }
            let d = crate::form::describe::change(form, t, &e.field, &e.old, &e.new, |_, _| None);
            Line::from(format!("{when} {:<12} {}: {}", visible(&e.author), d.what, d.how))
        })
        .collect();
    // A change whose values are long takes more than one line.
    let rows = crate::tui::widgets::lines::wrap_lines(rows, width, &" ".repeat(30.min(width / 2)));
    frame.render_widget(Paragraph::new(rows), history);
}
