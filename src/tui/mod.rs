//! The terminal UI (ratatui + crossterm; nothing outside this module knows
//! them). Elm architecture: a terminal event becomes an [`action::Action`]
//! through the bindings of the screen shown ([`keymap`]), the screen's
//! `update` answers with a [`transition::Transition`] that [`app::update`]
//! carries out, and [`app::draw::draw`] draws the state. Pending events
//! are drained before one redraw, and nothing is drawn when nothing
//! changed. `README.md` here says how a screen is built.

pub mod action;
pub mod app;
pub mod keymap;
#[macro_use]
mod screen_list;
pub mod screens;
pub mod transition;
pub mod widgets;

use action::Action;
use app::{App, update};
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use secrecy::SecretString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What the UI starts with.
pub struct Start {
    /// The database file.
    pub db_path: PathBuf,
    /// Interface language.
    pub lang: crate::i18n::Lang,
    /// Lock after this long without a key.
    pub lock_after: Duration,
    /// A passphrase given in the environment (skips the prompt once).
    pub passphrase: Option<SecretString>,
    /// The intake form in use.
    pub form: crate::config::ActiveForm,
    /// Where a crash report goes.
    pub log_dir: Option<PathBuf>,
    /// Where a coordinator's own document templates are.
    pub templates_dir: Option<PathBuf>,
}

/// Puts the terminal back as it was (mouse capture off, the screen the
/// shell had): on the way out, and before a crash's one sentence.
fn restore_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Restores the terminal when dropped, however the loop ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Runs the UI until the user quits.
pub fn run(start: Start) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    // A panic: the terminal restored, one sentence, a report without its message.
    crate::hygiene::on_panic(
        crate::i18n::Texts::get(start.lang),
        start.log_dir.clone(),
        restore_terminal,
    );
    let _guard = TerminalGuard;
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let size = terminal.size()?;
    let mut app = App::new(
        start.db_path,
        start.form,
        start.lang,
        start.lock_after,
        (size.width, size.height),
        Instant::now(),
    );
    app.templates_dir = start.templates_dir;
    if let Some(passphrase) = &start.passphrase
        && let Ok(screen) = app.open(passphrase)
    {
        app.screen = screen;
    }
    let mut dirty = true;
    while !app.quit {
        if dirty {
            if app.redraw_all {
                terminal.clear()?;
                app.redraw_all = false;
            }
            terminal.draw(|frame| app::draw::draw(frame, &app))?;
            dirty = false;
        }
        // While an import runs, look for its progress often.
        let wait = if app.work.is_some() { 100 } else { 500 };
        if event::poll(Duration::from_millis(wait))? {
            // Drain everything pending, then draw once.
            loop {
                let ev = event::read()?;
                if let Some(action) = keymap::event_action(app.mode(), &ev) {
                    update(&mut app, action);
                    dirty = true;
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            app.settle();
        } else {
            let locked_before = app.store.is_none();
            update(&mut app, Action::Tick(Instant::now()));
            dirty |= app.store.is_none() != locked_before;
        }
        dirty |= app.poll_work();
    }
    Ok(())
}
