//! Draws the whole UI from the app's state (pure: reads, changes nothing):
//! the screen, the status bar or a notice in its place, the help overlay.

use super::App;
use crate::tui::transition::View;
use crate::tui::widgets::{help, status_bar, toast};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// Draws the whole UI.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let [body, bar] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    let view = View {
        texts: app.texts,
        form: &app.form,
        db_path: &app.db_path,
    };
    app.screen.draw(frame, body, &view);
    match app.notice {
        Some(key) => toast::draw(frame, bar, app.texts, key),
        None => status_bar::draw(frame, bar, &app.mode().all(), app.texts),
    }
    if app.help {
        let list = app.screen_mode().all();
        help::draw(frame, frame.area(), app.texts, &list, app.help_scroll);
    }
    if let Some((question, _)) = &app.asking {
        question.draw(frame, body, app.texts);
    }
}
