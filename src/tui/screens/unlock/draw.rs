//! The passphrase prompt: masked input, a retry after a wrong passphrase,
//! and, after the idle lock, nothing from the records on screen.

use super::Unlock;
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Draws the unlock screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, unlock: &Unlock) {
    let t = ctx.texts;
    let [_, middle, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(9), Constraint::Fill(1)]).areas(area);
    let [_, boxed, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(60), Constraint::Fill(1)]).areas(middle);
    let block = Block::bordered().title(format!(" Intake — {} ", t.text("tui-unlock-title", &[])));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let path = ctx.db_path.display().to_string();
    let intro = if unlock.locked {
        t.text("tui-locked", &[])
    } else {
        t.text("tui-unlock-intro", &[("path", path.into())])
    };
    let label = t.text("tui-passphrase", &[]);
    let field = format!("{label}: {}", unlock.passphrase.masked());
    let error = unlock.error.map(|key| format!("✗ {}", t.text(key, &[])));
    let [intro_area, field_area, error_area] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(2),
        Constraint::Length(2),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: true }), intro_area);
    frame.render_widget(Line::from(field), field_area);
    let error = Line::styled(
        error.unwrap_or_default(),
        Style::default().add_modifier(Modifier::BOLD),
    );
    frame.render_widget(Paragraph::new(error).wrap(Wrap { trim: true }), error_area);
    // The real cursor at the insertion point, for input methods and magnifiers.
    let label_width = u16::try_from(unicode_width::UnicodeWidthStr::width(label.as_str())).unwrap_or(0);
    frame.set_cursor_position(Position::new(
        field_area.x + label_width + 2 + unlock.passphrase.cursor_column(),
        field_area.y,
    ));
}
