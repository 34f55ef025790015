//! Draws the whole UI from the app's state (pure: reads, changes nothing):
//! the screen, the status bar or a notice in its place, the help overlay.

use super::{App, Screen, keys};
use crate::tui::screens::{
    conflicts, devices, duplicates, form, import, list, record, reports, setup, unlock,
};
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
    let v = &view;
    match &app.screen {
        Screen::Setup(s) => setup::draw::draw(frame, body, v, s),
        Screen::Unlock(s) => unlock::draw::draw(frame, body, v, s),
        Screen::List(s) => list::draw::draw(frame, body, v, s),
        Screen::Form(s) => form::draw::draw(frame, body, v, s),
        Screen::Record(s) => record::draw::draw(frame, body, v, s),
        Screen::Import(s) => import::draw::draw(frame, body, v, s),
        Screen::Conflicts(s) => conflicts::draw::draw(frame, body, v, s),
        Screen::Devices(s) => devices::draw::draw(frame, body, v, s),
        Screen::Duplicates(s) => duplicates::draw::draw(frame, body, v, s),
        Screen::Reports(s) => reports::draw::draw(frame, body, v, s),
    }
    match app.notice {
        Some(key) => toast::draw(frame, bar, app.texts, key),
        None => status_bar::draw(frame, bar, &keys::bindings(app.mode()), app.texts),
    }
    if app.help {
        let list = keys::bindings(app.screen_mode());
        help::draw(frame, frame.area(), app.texts, &list, app.help_scroll);
    }
}
