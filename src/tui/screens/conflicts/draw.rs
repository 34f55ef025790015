//! Draws the conflicts screen: each field with its candidates side by
//! side (value, author, device, time).

use super::ConflictsView;
use crate::tui::transition::View;
use crate::tui::widgets::lines::{highlighted, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the conflicts screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, view: &ConflictsView) {
    let t = ctx.texts;
    let form = &ctx.form;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        title(t.text("tui-conflicts-title", &[("count", view.entries.len().into())])),
        head,
    );
    if view.entries.is_empty() {
        frame.render_widget(
            Paragraph::new(format!("\n  {}", t.text("tui-conflicts-none", &[]))),
            body,
        );
        return;
    }
    let mut lines = Vec::new();
    let mut focus_line = 0;
    for (i, entry) in view.entries.iter().enumerate() {
        let here = i == view.selected;
        if here {
            focus_line = lines.len();
        }
        let mut place = if entry.field == crate::domain::FieldPath::DELETED {
            t.text("tui-conflict-deletion", &[])
        } else {
            form.place(t, &entry.field, |_, _| None)
        };
        if entry.ahead {
            place.push_str(&format!(" · {}", t.text("tui-conflict-ahead", &[])));
        }
        let name = if entry.name.is_empty() {
            entry.record.to_string().chars().take(8).collect()
        } else {
            entry.name.clone()
        };
        lines.push(highlighted(format!("{name} · {place}"), here));
        for (n, c) in entry.candidates.iter().enumerate() {
            let (author, device, time) = (crate::domain::visible::visible(&c.author), &c.device, &c.time);
            let shown = if entry.field == c.field && crate::domain::is_deletion(&c.value) {
                t.text("tui-conflict-deleted", &[])
            } else if entry.field != c.field {
                // An edit the deletion missed: keeping it keeps the record.
                let place = form.place(t, &c.field, |_, _| None);
                let value = crate::domain::visible::visible(&form.display(
                    t,
                    form.field_at(&c.field),
                    Some(&c.value),
                ))
                .into_owned();
                t.text(
                    "tui-conflict-kept",
                    &[("field", place.into()), ("value", value.into())],
                )
            } else {
                match form.display(t, form.field_at(&c.field), Some(&c.value)) {
                    s if s.is_empty() => "∅".to_owned(),
                    s => crate::domain::visible::visible(&s).into_owned(),
                }
            };
            let chosen = here && n == view.candidate;
            let text = format!(
                "   {} {}  — {author}, {} {time}",
                if chosen { "▸" } else { " " },
                shown,
                device.short()
            );
            lines.push(if chosen {
                Line::styled(text, Style::default().add_modifier(Modifier::REVERSED))
            } else {
                Line::from(text)
            });
        }
    }
    let height = usize::from(body.height);
    let top = (focus_line + 4).saturating_sub(height);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(top).collect::<Vec<_>>()),
        body,
    );
}
