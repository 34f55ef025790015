//! The passphrase change: what it does, three masked fields, why the last
//! try was refused, and a line while the database is re-encrypted.

use super::{FIELDS, PassphraseScreen};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Labels of the fields, top to bottom.
const LABELS: [&str; FIELDS] = [
    "tui-passphrase-current",
    "tui-passphrase-new",
    "tui-passphrase-again",
];

/// Draws the passphrase screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, screen: &PassphraseScreen) {
    let t = ctx.texts;
    let block = Block::bordered().title(format!(" Intake — {} ", t.text("tui-passphrase-title", &[])));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro_area, fields_area, said_area] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let intro = t.text("tui-passphrase-intro", &[]);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: true }), intro_area);
    let labels: Vec<String> = LABELS.iter().map(|key| t.text(key, &[])).collect();
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let rows = Layout::vertical([Constraint::Length(1); FIELDS]).split(fields_area);
    for (i, label) in labels.iter().enumerate() {
        let marker = if i == screen.focus && !screen.working { "▸" } else { " " };
        let pad = " ".repeat(width - label.width());
        let line = format!("{marker} {label}{pad}  {}", screen.fields[i].masked());
        let style = if i == screen.focus {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        frame.render_widget(Line::styled(line, style), rows[i]);
    }
    let said = if screen.working {
        Some(t.text("tui-passphrase-working", &[]))
    } else {
        screen.error.as_ref().map(|m| format!("✗ {}", t.render(m)))
    };
    if let Some(said) = said {
        let line = Line::styled(said, Style::default().add_modifier(Modifier::BOLD));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), said_area);
    }
    if !screen.working {
        // The real cursor at the insertion point, for input methods and magnifiers.
        let row = rows[screen.focus];
        let column = u16::try_from(width + 4).unwrap_or(0) + screen.fields[screen.focus].cursor_column();
        frame.set_cursor_position(Position::new(row.x + column.min(row.width.saturating_sub(1)), row.y));
    }
}
