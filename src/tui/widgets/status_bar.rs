//! The bottom line: the current mode's bindings marked for the bar, as
//! "key description" pairs, from the same list the help overlay shows.

use crate::i18n::Texts;
use crate::tui::keymap::Binding;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Draws the bar of these bindings into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, bindings: &[Binding], texts: &Texts) {
    let mut spans = Vec::new();
    for b in bindings.iter().filter(|b| b.bar) {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            b.label,
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!(" {}", texts.text(b.help, &[]))));
    }
    frame.render_widget(Line::from(spans), area);
}
