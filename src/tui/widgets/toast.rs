//! A notice in the status bar's place: something that went wrong, said
//! in the interface language until the next key.

use crate::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// Draws the notice `key` into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, texts: &Texts, key: &str) {
    frame.render_widget(Line::from(format!("✗ {}", texts.text(key, &[]))), area);
}
