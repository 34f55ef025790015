//! The help overlay: every binding of the screen underneath, with its
//! description in the interface language.

use crate::i18n::Texts;
use crate::tui::keymap::Binding;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

/// Draws the overlay of these bindings over `area`, `scroll` lines down.
pub fn draw(frame: &mut Frame<'_>, area: Rect, t: &Texts, list: &[Binding], scroll: usize) {
    let mut lines: Vec<Line<'_>> = list
        .iter()
        .map(|b| Line::from(format!(" {:<8} {}", b.label, t.text(b.help, &[]))))
        .collect();
    // Longer than the screen: scrolled with ↑ ↓, the rest announced.
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    if lines.len() > room {
        let top = scroll.min(lines.len() - room + 1);
        let more = lines.len() - top - (room - 1);
        lines = lines.into_iter().skip(top).take(room - 1).collect();
        if more > 0 {
            lines.push(Line::from(format!(
                " {}",
                t.text("tui-help-more", &[("count", more.into())])
            )));
        } else {
            lines.push(Line::from(""));
        }
    }
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
