//! The intake form: the sections down the left with their marks (✓ all
//! required answered, · some missing, ✗ errors, – nothing shown), the
//! current section's fields on the right with each one's messages under it.

use crate::form::{Kind, Level};
use crate::tui::app::App;
use crate::tui::intake_form::{FormScreen, display};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Draws the form screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, screen: &FormScreen) {
    let t = app.texts;
    let form = &app.form;
    let today = chrono::Local::now().date_naive();
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let name = ["surname", "given_name", "patronymic"]
        .iter()
        .filter_map(|f| screen.values.get(f).and_then(|v| v.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let name = if name.is_empty() {
        t.text("tui-form-unnamed", &[])
    } else {
        name
    };
    frame.render_widget(
        Line::styled(
            format!("Intake — {name}"),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        title,
    );
    let [sections, fields] = Layout::horizontal([Constraint::Length(22), Constraint::Fill(1)]).areas(body);
    let section_lines: Vec<Line<'_>> = form
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = screen.section_mark(form, i, today);
            let text = format!("{mark} {}", form.text(t, &s.label));
            if i == screen.section {
                Line::styled(
                    format!("›{text}"),
                    Style::default().add_modifier(Modifier::REVERSED),
                )
            } else {
                Line::from(format!(" {text}"))
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(section_lines).block(Block::default().borders(Borders::RIGHT)),
        sections,
    );
    let Some(section) = form.sections.get(screen.section) else {
        return;
    };
    let inner = Rect {
        x: fields.x + 1,
        width: fields.width.saturating_sub(1),
        ..fields
    };
    let shown: Vec<_> = section
        .fields
        .iter()
        .filter(|f| screen.relevance.shows(&f.id))
        .collect();
    let label_width = shown
        .iter()
        .map(|f| form.text(t, &f.label).width())
        .max()
        .unwrap_or(0)
        .min(usize::from(inner.width / 2))
        + 2;
    let mut lines: Vec<Line<'_>> = Vec::new();
    for r in &screen.similar {
        let text = t.text(
            "tui-form-similar",
            &[
                ("name", r.full_name().into()),
                ("born", r.birth_date.clone().unwrap_or_default().into()),
                ("id", r.id.to_string().chars().take(8).collect::<String>().into()),
            ],
        );
        lines.push(Line::styled(
            format!("≈ {text}"),
            Style::default().add_modifier(Modifier::BOLD),
        ));
    }
    let mut cursor = None;
    for field in shown {
        let focused = screen.focus.as_deref() == Some(field.id.as_str());
        let label = format!("{}:", form.text(t, &field.label));
        let value = if focused {
            screen.input.value().to_owned()
        } else if field.kind == Kind::Repeat {
            let n = screen.values.groups.get(&field.id).map_or(0, Vec::len);
            t.text("tui-form-entries", &[("count", n.into())])
        } else {
            display(form, t, &field.id, screen.values.get(&field.id))
        };
        let required = matches!(field.required, crate::form::definition::Requirement::Always);
        let marker = match (focused, required) {
            (true, _) => "›",
            (false, true) => "*",
            (false, false) => " ",
        };
        let padded = format!("{marker}{label:<label_width$}");
        if focused {
            cursor = Some((lines.len(), padded.width()));
        }
        let style = if focused {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!("{padded}{value}"), style));
        if focused && let Some(message) = &screen.error {
            lines.push(Line::from(format!(
                "   ✗ {}",
                form.labels.text(t, &message.key, &message.args)
            )));
        }
        for issue in screen.issues_of(&field.id) {
            let mark = if issue.level == Level::Error { "✗" } else { "!" };
            let text = form.labels.text(t, &issue.message.key, &issue.message.args);
            lines.push(Line::from(format!("   {mark} {text}")));
        }
        if let Some(help) = field.help.as_ref().filter(|_| focused) {
            lines.push(Line::styled(
                format!("   {}", form.text(t, help)),
                Style::default().add_modifier(Modifier::ITALIC),
            ));
        }
    }
    // Keep the focused field on screen.
    let height = usize::from(inner.height);
    let top = cursor.map_or(0, |(row, _)| (row + 3).saturating_sub(height));
    let visible: Vec<Line<'_>> = lines.into_iter().skip(top).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    if let Some((row, column)) = cursor {
        let x = inner.x + u16::try_from(column).unwrap_or(0) + screen.input.cursor_column();
        let y = inner.y + u16::try_from(row - top).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}
