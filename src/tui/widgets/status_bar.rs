//! The bottom line: the current mode's bindings marked for the bar, as
//! "key description" pairs, from the same list the help overlay shows.
//! What does not fit is left out whole, never cut, and the key that opens
//! the help (which lists them all) always stays.

use crate::i18n::Texts;
use crate::tui::action::Action;
use crate::tui::keymap::Binding;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The pairs shown in `width` columns, in order: as many of the bar's
/// bindings as fit whole, the help's last.
pub fn fitting<'b>(bindings: &'b [Binding], texts: &Texts, width: usize) -> Vec<(&'b str, String)> {
    let pair = |b: &'b Binding| (b.label, texts.text(b.help, &[]));
    let size = |(label, help): &(&str, String)| label.width() + 1 + help.width();
    let help: Vec<(&str, String)> = bindings
        .iter()
        .filter(|b| b.bar && b.action == Action::Help)
        .map(pair)
        .collect();
    let mut used: usize = help.iter().map(|p| size(p) + 2).sum();
    let mut shown = Vec::new();
    for b in bindings.iter().filter(|b| b.bar && b.action != Action::Help) {
        let p = pair(b);
        let needed = size(&p) + 2;
        if used + needed > width + 2 {
            continue;
        }
        used += needed;
        shown.push(p);
    }
    shown.extend(help);
    shown
}

/// Draws the bar of these bindings into `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, bindings: &[Binding], texts: &Texts) {
    let mut spans = Vec::new();
    for (label, help) in fitting(bindings, texts, usize::from(area.width)) {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(
            label,
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!(" {help}")));
    }
    frame.render_widget(Line::from(spans), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn what_does_not_fit_is_left_out_whole_and_help_stays() {
        for mode in crate::tui::screens::all_modes() {
            for lang in Lang::ALL {
                let texts = Texts::get(lang);
                for width in [40usize, 60, 80, 120] {
                    let pairs = fitting(mode.bindings, texts, width);
                    let total: usize = pairs
                        .iter()
                        .map(|(l, h)| l.width() + 1 + h.width())
                        .sum::<usize>()
                        + 2 * pairs.len().saturating_sub(1);
                    let has_help = mode.bindings.iter().any(|b| b.bar && b.action == Action::Help);
                    // Only the help itself may not fit a very narrow bar.
                    if pairs.len() > usize::from(has_help) {
                        assert!(total <= width, "{} {lang:?} {width}: {pairs:?}", mode.name);
                    }
                    if has_help {
                        assert!(
                            pairs.last().is_some_and(|(l, _)| mode
                                .bindings
                                .iter()
                                .any(|b| b.label == *l && b.action == Action::Help)),
                            "{} {lang:?} {width}: the help key stays",
                            mode.name
                        );
                    }
                }
            }
        }
    }
}
