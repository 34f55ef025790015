//! A notice in the status bar's place, said in the interface language
//! until the next key: something that went wrong (✗), or, for a message
//! key starting `tui-done-`, a long piece of work that ended well (✓).

use crate::i18n::Texts;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// Draws the notice `key` into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, texts: &Texts, key: &str) {
    let mark = if key.starts_with("tui-done-") {
        "✓"
    } else {
        "✗"
    };
    frame.render_widget(Line::from(format!("{mark} {}", texts.text(key, &[]))), area);
}
