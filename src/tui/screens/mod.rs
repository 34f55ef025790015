//! One module a screen; each draws from the app state and nothing else.

pub mod duplicates;
pub mod form;
pub mod help;
pub mod list;
pub mod record;
pub mod reports;
pub mod setup;
pub mod sync;
pub mod unlock;

use super::app::{App, Screen};
use super::widgets::status_bar;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// Draws the whole UI (pure: reads the state, changes nothing).
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let [body, bar] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    match &app.screen {
        Screen::Setup(s) => setup::draw(frame, body, app, s),
        Screen::Unlock(unlock) => unlock::draw(frame, body, app, unlock),
        Screen::List(list) => list::draw(frame, body, app, list),
        Screen::Form(f) => form::draw(frame, body, app, f),
        Screen::Record(r) => record::draw(frame, body, app, r),
        Screen::Import(i) => sync::draw_import(frame, body, app, i),
        Screen::Conflicts(c) => sync::draw_conflicts(frame, body, app, c),
        Screen::Devices(d) => sync::draw_devices(frame, body, app, d),
        Screen::Duplicates(d) => duplicates::draw(frame, body, app, d),
        Screen::Reports(r) => reports::draw(frame, body, app, r),
    }
    match app.notice {
        Some(key) => frame.render_widget(
            ratatui::text::Line::from(format!("✗ {}", app.texts.text(key, &[]))),
            bar,
        ),
        None => status_bar::draw(frame, bar, app.mode(), app.texts),
    }
    if app.help {
        help::draw(frame, frame.area(), app);
    }
}
