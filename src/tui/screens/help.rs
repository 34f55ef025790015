//! The help overlay: every binding of the screen underneath, with its
//! description in the interface language.

use crate::tui::app::App;
use crate::tui::keymap::bindings;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

/// Draws the overlay over `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let t = app.texts;
    let list = bindings(app.screen_mode());
    let lines: Vec<Line<'_>> = list
        .iter()
        .map(|b| Line::from(format!(" {:<8} {}", b.label, t.text(b.help, &[]))))
        .collect();
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, boxed, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Max(76), Constraint::Fill(1)]).areas(middle);
    frame.render_widget(Clear, boxed);
    let block = Block::bordered().title(format!(" {} ", t.text("tui-help-title", &[])));
    frame.render_widget(Paragraph::new(lines).block(block), boxed);
}
