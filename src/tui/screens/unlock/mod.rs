//! The passphrase screen: what is typed (wiped when dropped) and why the
//! last try failed; the database it opens goes to the app.

pub mod draw;

use crate::store::{Store, StoreError};
use crate::tui::action::{Action, Edit};
use crate::tui::keymap::{Binding, Mode, NONE, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;
use secrecy::SecretString;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 2] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-unlock", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Quit, "tui-key-quit", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "unlock",
    bindings: &BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &Unlock) -> Mode {
    MODE
}

/// The passphrase screen.
#[derive(Debug, Default)]
pub struct Unlock {
    /// What has been typed (wiped when dropped).
    pub passphrase: TextField,
    /// Message key of the last failure.
    pub error: Option<&'static str>,
    /// The app locked itself after being idle.
    pub locked: bool,
}

/// The unlock screen's actions; the right passphrase opens the database.
pub fn update(unlock: &mut Unlock, ctx: &mut Context<'_>, action: Action) -> Transition {
    match action {
        Action::Edit(edit) => {
            unlock.passphrase.apply(edit);
            unlock.error = None;
        }
        Action::Submit => {
            let passphrase = SecretString::from(unlock.passphrase.value().to_owned());
            unlock.passphrase.apply(Edit::Clear);
            match Store::open(ctx.db_path, &passphrase) {
                Ok(store) => return Transition::Unlocked(Box::new(store)),
                Err(StoreError::WrongPassphrase(_)) => unlock.error = Some("tui-wrong-passphrase"),
                Err(_) => unlock.error = Some("tui-error-open"),
            }
        }
        _ => {}
    }
    Transition::Stay
}
