//! The intake form: the sections down the left with their marks (✓ all
//! required answered, · some missing, ✗ errors, – nothing shown), the
//! current section's fields on the right with each one's messages under it.

use super::picker::PICKER_ROWS;
use super::{FormScreen, display};
use crate::form::{Kind, Level};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

/// What a click on a line of the form reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spot {
    /// A section in the side list.
    Section(usize),
    /// A field (its path).
    Field(String),
    /// The n-th option shown under the focused field.
    Option(usize),
}

/// The lines of the fields column, what each leads to, and where the focus is.
#[derive(Default)]
struct Page<'a> {
    lines: Vec<Line<'a>>,
    targets: Vec<Option<Spot>>,
    cursor: Option<Focus>,
    /// The column's width: messages wrap within it.
    width: usize,
}

impl<'a> Page<'a> {
    fn push(&mut self, line: impl Into<Line<'a>>, target: Option<Spot>) {
        self.lines.push(line.into());
        self.targets.push(target);
    }

    /// A message, wrapped within the column: `first` before its first
    /// line, `rest` (spaces) before the others.
    fn say(&mut self, text: &str, first: &str, rest: &str, style: Style) {
        for line in crate::tui::widgets::lines::wrapped(text, self.width, first, rest) {
            self.push(Line::styled(line, style), None);
        }
    }
}

/// The screen's parts: title, section list, and the fields column inside its border.
fn areas(area: Rect) -> (Rect, Rect, Rect) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let [sections, fields] = Layout::horizontal([Constraint::Length(22), Constraint::Fill(1)]).areas(body);
    let inner = Rect {
        x: fields.x + 1,
        width: fields.width.saturating_sub(1),
        ..fields
    };
    (title, sections, inner)
}

/// The first line of the page on screen: the focused field, its messages
/// and its options stay visible.
fn first_shown(page: &Page<'_>, height: usize) -> usize {
    page.cursor
        .map_or(0, |c| (c.end + 2).saturating_sub(height).min(c.row))
}

/// What a click at (column, row) of the form drawn in `area` reaches.
pub fn spot_at(ctx: &View<'_>, screen: &FormScreen, area: Rect, column: u16, row: u16) -> Option<Spot> {
    let (_, sections, inner) = areas(area);
    let at = Position::new(column, row);
    if sections.contains(at) {
        let rows = section_rows(ctx, screen, sections);
        return rows
            .get(usize::from(row - sections.y))
            .map(|(index, _)| Spot::Section(*index));
    }
    if !inner.contains(at) {
        return None;
    }
    let page = page(ctx, screen, inner);
    let top = first_shown(&page, usize::from(inner.height));
    page.targets
        .get(top + usize::from(row - inner.y))
        .cloned()
        .flatten()
}

/// The side list's rows: each section's mark and label, a long label
/// wrapped onto the rows under it, with the section each row shows.
fn section_rows(ctx: &View<'_>, screen: &FormScreen, area: Rect) -> Vec<(usize, Line<'static>)> {
    let (form, t) = (&ctx.form, ctx.texts);
    // The right border takes a column.
    let width = usize::from(area.width.saturating_sub(1));
    let mut rows = Vec::new();
    for (i, s) in form.sections.iter().enumerate() {
        let here = i == screen.section;
        let mark = screen.section_mark(form, i);
        let first = format!("{}{mark} ", if here { "›" } else { " " });
        let style = if here {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        for line in crate::tui::widgets::lines::wrapped(&form.text(t, &s.label), width, &first, "   ") {
            rows.push((i, Line::styled(line, style)));
        }
    }
    rows
}

/// Draws the form screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, screen: &FormScreen) {
    let t = ctx.texts;
    let (title, sections, inner) = areas(area);
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
    let section_lines: Vec<Line<'_>> = section_rows(ctx, screen, sections)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    frame.render_widget(
        Paragraph::new(section_lines).block(Block::default().borders(Borders::RIGHT)),
        sections,
    );
    let page = page(ctx, screen, inner);
    let height = usize::from(inner.height);
    let top = first_shown(&page, height);
    let cursor = page.cursor;
    let visible: Vec<Line<'_>> = page.lines.into_iter().skip(top).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
    if let Some(Focus { row, column, shift, .. }) = cursor {
        let x = inner.x + u16::try_from(column).unwrap_or(0) + screen.input.cursor_column().saturating_sub(shift);
        let y = inner.y + u16::try_from(row - top).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
}

/// The fields of the current section as lines for a column of `inner`'s width.
fn page<'a>(ctx: &'a View<'a>, screen: &'a FormScreen, inner: Rect) -> Page<'a> {
    let (form, t) = (&ctx.form, ctx.texts);
    let mut page = Page {
        width: usize::from(inner.width),
        ..Page::default()
    };
    let Some(section) = form.sections.get(screen.section) else {
        return page;
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
    if let Some(said) = &screen.emptied {
        page.say(&t.render(said), "! ", "  ", Style::default().add_modifier(Modifier::BOLD));
    }
    for r in &screen.similar {
        let text = t.text(
            "tui-form-similar",
            &[
                ("name", r.full_name().into()),
                ("born", r.birth_date.clone().unwrap_or_default().into()),
                ("id", r.id.to_string().chars().take(8).collect::<String>().into()),
                ("sex", r.sex.clone().unwrap_or_default().into()),
            ],
        );
        page.say(&text, "≈ ", "  ", Style::default().add_modifier(Modifier::BOLD));
    }
    for field in shown {
        if field.kind == Kind::Repeat {
            // The group's line, its own messages, then each entry's fields indented.
            let entries = screen.entries(&field.id);
            let count = t.text("tui-form-entries", &[("count", entries.len().into())]);
            let label = form.text(t, &field.label);
            page.say(
                &format!("{label}: {count} — {}", t.text("tui-form-add-entry", &[])),
                " ",
                "   ",
                Style::default(),
            );
            push_issues(
                &mut page,
                ctx,
                screen.issues.iter().filter(|i| i.path == field.id),
                "   ",
            );
            for (n, entry) in entries.iter().enumerate() {
                page.push(
                    Line::styled(
                        format!("   {label} {}", n + 1),
                        Style::default().add_modifier(Modifier::UNDERLINED),
                    ),
                    None,
                );
                for sub in &field.fields {
                    let path = format!("{}/{entry}/{}", field.id, sub.id);
                    if screen.relevance.shows(&path) {
                        push_field(&mut page, ctx, screen, sub, &path, "   ", label_width);
                    }
                }
            }
            continue;
        }
        push_field(&mut page, ctx, screen, field, &field.id, "", label_width);
    }
    page
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
    /// Columns of what is typed scrolled out to the left (the cursor stays
    /// on screen however long the text).
    shift: u16,
}

fn push_issues<'a>(
    page: &mut Page<'_>,
    ctx: &View<'_>,
    issues: impl Iterator<Item = &'a crate::form::Issue>,
    indent: &str,
) {
    for issue in issues {
        let mark = if issue.level == Level::Error { "✗ " } else { "! " };
        let text = ctx
            .form
            .labels
            .text(ctx.texts, &issue.message.key, &issue.message.args);
        page.say(&text, &format!("{indent}{mark}"), &format!("{indent}  "), Style::default());
    }
}

/// One field's line (label, value or what is typed), then its messages.
fn push_field(
    page: &mut Page<'_>,
    ctx: &View<'_>,
    screen: &FormScreen,
    field: &crate::form::Field,
    path: &str,
    indent: &str,
    label_width: usize,
) {
    let (form, t) = (&ctx.form, ctx.texts);
    let focused = screen.focus.as_deref() == Some(path);
    let label = format!("{}:", form.text(t, &field.label));
    let mut shift = 0u16;
    let value = if focused {
        // What is typed scrolls left once the cursor would pass the edge.
        let room = page
            .width
            .saturating_sub(label_width.max(indent.width() + 1 + label.width()) + 1)
            .max(1);
        let cursor = usize::from(screen.input.cursor_column());
        let text = screen.input.value();
        if cursor >= room {
            let skip = cursor + 1 - room;
            let mut skipped = 0usize;
            let tail: String = text
                .chars()
                .skip_while(|c| {
                    let go = skipped < skip;
                    if go {
                        skipped += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                    }
                    go
                })
                .collect();
            shift = u16::try_from(skipped).unwrap_or(u16::MAX);
            tail
        } else {
            text.to_owned()
        }
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
    let row = page.lines.len();
    let style = if focused {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    page.push(
        Line::styled(format!("{padded}{value}"), style),
        Some(Spot::Field(path.to_owned())),
    );
    let more = format!("{indent}   ");
    if focused && let Some(message) = &screen.error {
        let text = form.labels.text(t, &message.key, &message.args);
        page.say(&text, &format!("{more}✗ "), &format!("{more}  "), Style::default());
    }
    push_issues(page, ctx, screen.issues.iter().filter(|i| i.path == path), &more);
    if let Some(help) = field.help.as_ref().filter(|_| focused) {
        page.say(
            &form.text(t, help),
            &more,
            &more,
            Style::default().add_modifier(Modifier::ITALIC),
        );
    }
    if focused {
        push_options(page, ctx, screen, field, padded.width());
        page.cursor = Some(Focus {
            row,
            column: padded.width(),
            end: page.lines.len().saturating_sub(1),
            shift,
        });
    }
}

/// The option list under the focused field (when open), or a hint that
/// there is one.
fn push_options(
    page: &mut Page<'_>,
    ctx: &View<'_>,
    screen: &FormScreen,
    field: &crate::form::Field,
    column: usize,
) {
    let (form, t) = (&ctx.form, ctx.texts);
    if !field.kind.offers_options() {
        return;
    }
    let indent = " ".repeat(column);
    let offered = form.options(field, t);
    let Some(shown) = screen.shown(form, &offered) else {
        page.say(
            &t.text("tui-picker-hint", &[]),
            &indent,
            &indent,
            Style::default().add_modifier(Modifier::DIM),
        );
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
        page.say(
            &t.text("tui-picker-none", &[("typed", typed.to_owned().into())]),
            &indent,
            &indent,
            Style::default(),
        );
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
        page.push(Line::styled(text, style), Some(Spot::Option(i)));
    }
    let after = shown.found.len().saturating_sub(start + PICKER_ROWS);
    if after > 0 {
        page.push(
            Line::styled(
                format!(
                    "{indent} {}",
                    t.text("tui-picker-more", &[("count", after.into())])
                ),
                Style::default().add_modifier(Modifier::DIM),
            ),
            None,
        );
    }
}
