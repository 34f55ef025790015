//! Changing the passphrase: the one in use, the new one twice, checked
//! here (`crate::setup`'s strength rule); the re-encryption itself runs on
//! a worker thread (`Store::change_passphrase`) while this screen waits.

pub mod draw;

use crate::i18n::Message;
use crate::store::Store;
use crate::tui::action::{Action, Edit};
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;
use secrecy::{ExposeSecret, SecretString};

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 4] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-next-or-change", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "passphrase",
    bindings: &BINDINGS,
    types_text: true,
};

/// While the database is re-encrypted: no key does anything.
pub const WORKING_MODE: Mode = Mode {
    name: "rekeying",
    bindings: &[],
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 2] = [MODE, WORKING_MODE];

/// The keys that apply now.
pub fn mode(screen: &PassphraseScreen) -> Mode {
    if screen.working { WORKING_MODE } else { MODE }
}

/// The three fields, top to bottom.
pub const FIELDS: usize = 3;

/// The passphrase screen: what is typed (wiped when dropped).
#[derive(Debug, Default)]
pub struct PassphraseScreen {
    /// The passphrase in use, the new one, the new one again.
    pub fields: [TextField; FIELDS],
    /// Which field is typed into.
    pub focus: usize,
    /// Why the last try was refused.
    pub error: Option<Message>,
    /// The database is being re-encrypted.
    pub working: bool,
}

impl PassphraseScreen {
    /// The re-encryption ended: `None` when it worked (back to the list),
    /// else why not (said here, with nothing changed).
    pub fn finished(&mut self, refused: Option<&'static str>) -> Transition {
        self.working = false;
        match refused {
            None => Transition::Back,
            Some(key) => {
                self.error = Some(Message::new(key, Vec::new()));
                Transition::Stay
            }
        }
    }

    fn clear(&mut self, from: usize) {
        for field in &mut self.fields[from..] {
            field.apply(Edit::Clear);
        }
        self.focus = from;
    }
}

/// The screen's actions; Enter on the last field checks what was typed
/// and asks the app to re-encrypt.
pub fn update(screen: &mut PassphraseScreen, ctx: &mut Context<'_>, action: Action) -> Transition {
    if screen.working {
        return Transition::Stay;
    }
    match action {
        Action::Edit(edit) => {
            screen.fields[screen.focus].apply(edit);
            screen.error = None;
        }
        Action::NextField => screen.focus = (screen.focus + 1) % FIELDS,
        Action::PrevField => screen.focus = (screen.focus + FIELDS - 1) % FIELDS,
        Action::Back => return Transition::Back,
        Action::Submit if screen.focus + 1 < FIELDS => screen.focus += 1,
        Action::Submit => return submit(screen, ctx),
        _ => {}
    }
    Transition::Stay
}

/// Checks the three fields; the first that is wrong is emptied and focused.
fn submit(screen: &mut PassphraseScreen, ctx: &mut Context<'_>) -> Transition {
    let [current, new, again] = &screen.fields;
    let current = SecretString::from(current.value().to_owned());
    let new = SecretString::from(new.value().to_owned());
    let same_twice = again.value() == new.expose_secret();
    // The one in use is asked again: an unlocked laptop left alone must not
    // be enough to lock its owner out.
    if current.expose_secret().is_empty() || Store::open(ctx.db_path, &current).is_err() {
        screen.error = Some(Message::new("tui-wrong-passphrase", Vec::new()));
        screen.clear(0);
        return Transition::Stay;
    }
    if !same_twice {
        screen.error = Some(Message::new("setup-err-mismatch", Vec::new()));
        screen.clear(1);
        return Transition::Stay;
    }
    if new.expose_secret() == current.expose_secret() {
        screen.error = Some(Message::new("passphrase-err-same", Vec::new()));
        screen.clear(1);
        return Transition::Stay;
    }
    let profile = ctx.store.as_deref().and_then(|s| s.profile().ok());
    let known: Vec<&str> = profile
        .as_ref()
        .map(|p| vec![p.worker.as_str(), p.org.as_str()])
        .unwrap_or_default();
    if let Err(weak) = crate::setup::check_strength(&new, &known) {
        screen.error = Some(weak.message());
        screen.clear(1);
        return Transition::Stay;
    }
    screen.clear(0);
    screen.error = None;
    screen.working = true;
    Transition::ChangePassphrase { current, new }
}
