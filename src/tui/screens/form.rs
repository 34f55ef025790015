//! The intake form: the sections down the left with their marks (✓ all
//! required answered, · some missing, ✗ errors, – nothing shown), the
//! current section's fields on the right with each one's messages under it.

use crate::form::{Kind, Level};
use crate::tui::app::App;
use crate::tui::intake_form::{FormScreen, display};
use crate::tui::picker::PICKER_ROWS;
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
            let mark = screen.section_mark(form, i);
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
    // Entry fields are indented by 3: their labels count 3 wider.
    let label_width = shown
        .iter()
        .flat_map(|f| {
            std::iter::once(form.text(t, &f.label).width())
                .chain(f.fields.iter().map(|sub| form.text(t, &sub.label).width() + 3))
        })
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
        if field.kind == Kind::Repeat {
            // The group's line, its own messages, then each entry's fields indented.
            let entries = screen.entries(&field.id);
            let count = t.text("tui-form-entries", &[("count", entries.len().into())]);
            let label = form.text(t, &field.label);
            lines.push(Line::from(format!(
                " {label}: {count} — {}",
                t.text("tui-form-add-entry", &[])
            )));
            push_issues(
                &mut lines,
                app,
                screen.issues.iter().filter(|i| i.path == field.id),
                "   ",
            );
            for (n, entry) in entries.iter().enumerate() {
                lines.push(Line::styled(
                    format!("   {label} {}", n + 1),
                    Style::default().add_modifier(Modifier::UNDERLINED),
                ));
                for sub in &field.fields {
                    let path = format!("{}/{entry}/{}", field.id, sub.id);
                    if !screen.relevance.shows(&path) {
                        continue;
                    }
                    push_field(
                        &mut lines,
                        &mut cursor,
                        app,
                        screen,
                        sub,
                        &path,
                        "   ",
                        label_width,
                    );
                }
            }
            continue;
        }
        push_field(
            &mut lines,
            &mut cursor,
            app,
            screen,
            field,
            &field.id,
            "",
            label_width,
        );
    }
    // Keep the focused field, its messages and its option list on screen.
    let height = usize::from(inner.height);
    let top = cursor.map_or(0, |c| (c.end + 2).saturating_sub(height).min(c.row));
    let visible: Vec<Line<'_>> = lines.into_iter().skip(top).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    if let Some(Focus { row, column, .. }) = cursor {
        let x = inner.x + u16::try_from(column).unwrap_or(0) + screen.input.cursor_column();
        let y = inner.y + u16::try_from(row - top).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}

/// Where the focused field is among the lines.
#[derive(Clone, Copy)]
struct Focus {
    /// Its line.
    row: usize,
    /// The column its input starts at.
    column: usize,
    /// The last line of its messages and options.
    end: usize,
}

fn push_issues<'a>(
    lines: &mut Vec<Line<'_>>,
    app: &App,
    issues: impl Iterator<Item = &'a crate::form::Issue>,
    indent: &str,
) {
    for issue in issues {
        let mark = if issue.level == Level::Error { "✗" } else { "!" };
        let text = app
            .form
            .labels
            .text(app.texts, &issue.message.key, &issue.message.args);
        lines.push(Line::from(format!("{indent}{mark} {text}")));
    }
}

/// One field's line (label, value or what is typed), then its messages.
#[allow(clippy::too_many_arguments)]
fn push_field(
    lines: &mut Vec<Line<'_>>,
    cursor: &mut Option<Focus>,
    app: &App,
    screen: &FormScreen,
    field: &crate::form::Field,
    path: &str,
    indent: &str,
    label_width: usize,
) {
    let (form, t) = (&app.form, app.texts);
    let focused = screen.focus.as_deref() == Some(path);
    let label = format!("{}:", form.text(t, &field.label));
    let value = if focused {
        screen.input.value().to_owned()
    } else {
        display(form, t, Some(field), screen.value_at(path))
    };
    let required = matches!(field.required, crate::form::definition::Requirement::Always);
    let marker = match (focused, required) {
        (true, _) => "›",
        (false, true) => "*",
        (false, false) => " ",
    };
    let width = label_width.saturating_sub(indent.width());
    let padded = format!("{indent}{marker}{label:<width$}");
    let row = lines.len();
    let style = if focused {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    lines.push(Line::styled(format!("{padded}{value}"), style));
    let more = format!("{indent}   ");
    if focused && let Some(message) = &screen.error {
        lines.push(Line::from(format!(
            "{more}✗ {}",
            form.labels.text(t, &message.key, &message.args)
        )));
    }
    push_issues(lines, app, screen.issues.iter().filter(|i| i.path == path), &more);
    if let Some(help) = field.help.as_ref().filter(|_| focused) {
        lines.push(Line::styled(
            format!("{more}{}", form.text(t, help)),
            Style::default().add_modifier(Modifier::ITALIC),
        ));
    }
    if focused {
        push_options(lines, app, screen, field, padded.width());
        *cursor = Some(Focus {
            row,
            column: padded.width(),
            end: lines.len().saturating_sub(1),
        });
    }
}

/// The option list under the focused field (when open), or a hint that
/// there is one.
fn push_options(
    lines: &mut Vec<Line<'_>>,
    app: &App,
    screen: &FormScreen,
    field: &crate::form::Field,
    column: usize,
) {
    let (form, t) = (&app.form, app.texts);
    if !field.kind.offers_options() {
        return;
    }
    let indent = " ".repeat(column);
    let offered = form.options(field, t);
    let Some(shown) = screen.shown(form, &offered) else {
        lines.push(Line::styled(
            format!("{indent}{}", t.text("tui-picker-hint", &[])),
            Style::default().add_modifier(Modifier::DIM),
        ));
        return;
    };
    if shown.found.is_empty() {
        let typed = screen
            .input
            .value()
            .rsplit([',', ';'])
            .next()
            .unwrap_or_default()
            .trim();
        lines.push(Line::from(format!(
            "{indent}{}",
            t.text("tui-picker-none", &[("typed", typed.to_owned().into())])
        )));
        return;
    }
    let several = crate::form::Form::takes_several(field);
    let start = (shown.highlighted + 1).saturating_sub(PICKER_ROWS);
    for (i, found) in shown.found.iter().enumerate().skip(start).take(PICKER_ROWS) {
        let here = i == shown.highlighted;
        let check = match (several, shown.chosen.get(i)) {
            (true, Some(true)) => "[✓] ",
            (true, _) => "[ ] ",
            (false, _) => "",
        };
        let via = found.via.map(|v| format!(" ({v})")).unwrap_or_default();
        let text = format!(
            "{indent}{}{check}{}{via}",
            if here { "▸" } else { " " },
            found.option.label
        );
        let style = if here {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let after = shown.found.len().saturating_sub(start + PICKER_ROWS);
    if after > 0 {
        lines.push(Line::styled(
            format!(
                "{indent} {}",
                t.text("tui-picker-more", &[("count", after.into())])
            ),
            Style::default().add_modifier(Modifier::DIM),
        ));
    }
}
