//! A yes/no question over the screen, in the user's language (a status
//! move, a removal, a revocation): `y` or Enter says yes, `n` or Esc no;
//! on a Russian or Kazakh layout the same keys (н, т) work.

use crate::i18n::{Message, Texts};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, bind};
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The question's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 2] = [
    bind(&[(KeyCode::Char('y'), NONE), (KeyCode::Enter, NONE)], "y", Action::Yes, "tui-key-yes", true),
    bind(&[(KeyCode::Char('n'), NONE), (KeyCode::Esc, NONE)], "n", Action::No, "tui-key-no", true),
];

/// The keys while a question is asked.
pub const MODE: Mode = Mode {
    name: "confirm",
    bindings: &BINDINGS,
    types_text: false,
};

/// A question waiting for yes or no.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// What is asked.
    pub question: Message,
}

impl Confirm {
    /// The answer an action gives: `Some(true)` yes, `Some(false)` no,
    /// `None` not an answer (the question stays).
    pub fn answer(action: Action) -> Option<bool> {
        match action {
            Action::Yes => Some(true),
            Action::No => Some(false),
            _ => None,
        }
    }

    /// Draws the question in a box in the middle of `area`; long
    /// questions wrap.
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, texts: &Texts) {
        let text = texts.render(&self.question);
        let width = area.width.min(60);
        let inner = usize::from(width.saturating_sub(2)).max(1);
        let lines = u16::try_from(text.chars().count().div_ceil(inner)).unwrap_or(u16::MAX);
        let [_, middle, _] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(lines.saturating_add(2)),
            Constraint::Fill(1),
        ])
        .areas(area);
        let [_, boxed, _] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(width),
            Constraint::Fill(1),
        ])
        .areas(middle);
        frame.render_widget(Clear, boxed);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            boxed,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::tui::keymap::key_action;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

    fn press(c: char) -> Option<Action> {
        key_action(MODE, &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn yes_and_no_work_on_the_latin_and_the_russian_layout() {
        assert_eq!(press('y').and_then(Confirm::answer), Some(true));
        assert_eq!(press('n').and_then(Confirm::answer), Some(false));
        // The same keys on ЙЦУКЕН: н is on Y, т on N.
        assert_eq!(press('н').and_then(Confirm::answer), Some(true));
        assert_eq!(press('т').and_then(Confirm::answer), Some(false));
        assert_eq!(press('x'), None);
    }

    #[test]
    fn the_question_is_asked_in_the_users_language_and_wraps() {
        let confirm = Confirm {
            question: Message::new("tui-quit-unsaved", vec![]),
        };
        for lang in Lang::ALL {
            let texts = Texts::get(lang);
            let backend = ratatui::backend::TestBackend::new(30, 7);
            let mut terminal = ratatui::Terminal::new(backend).unwrap();
            terminal.draw(|f| confirm.draw(f, f.area(), texts)).unwrap();
            let screen: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            let question = texts.text("tui-quit-unsaved", &[]);
            let first = question.split_whitespace().next().unwrap();
            assert!(screen.contains(first), "{lang:?}: {screen}");
            assert!(question.chars().count() > 28, "long enough to wrap in 30 columns");
        }
    }
}
