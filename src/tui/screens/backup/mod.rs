//! The backup screen: the folder to write to (typed, like the import
//! screen's; a USB stick), the passphrase in use, then the backup made on
//! a worker thread (`crate::backup::write`) and what it wrote.

pub mod draw;

use crate::i18n::Message;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 4] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Down, NONE)], "Tab ↓", Action::NextField, "tui-key-next-field", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Up, NONE)], "S-Tab ↑", Action::PrevField, "tui-key-prev-field", false),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-next-or-backup", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back", true),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "backup",
    bindings: &BINDINGS,
    types_text: true,
};

/// While the backup is written: no key does anything.
pub const WORKING_MODE: Mode = Mode {
    name: "backing up",
    bindings: &[],
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 2] = [MODE, WORKING_MODE];

/// The keys that apply now.
pub fn mode(screen: &BackupScreen) -> Mode {
    if screen.working { WORKING_MODE } else { MODE }
}

/// What the last backup did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Written: where, how many bytes, and whether the recovery key can open it.
    Written(PathBuf, u64, bool),
    /// Refused, and why.
    Refused(Message),
}

/// The backup screen.
#[derive(Debug)]
pub struct BackupScreen {
    /// The folder the backup goes to.
    pub folder: TextField,
    /// The passphrase in use (wiped when dropped).
    pub passphrase: TextField,
    /// 0: the folder, 1: the passphrase.
    pub focus: usize,
    /// The backup is being written.
    pub working: bool,
    /// What the last try did.
    pub outcome: Option<Outcome>,
}

impl BackupScreen {
    /// The screen on a folder.
    pub fn new(folder: &Path) -> BackupScreen {
        BackupScreen {
            folder: TextField::from_text(&folder.display().to_string()),
            passphrase: TextField::default(),
            focus: 0,
            working: false,
            outcome: None,
        }
    }

    /// The worker is done.
    pub fn finished(&mut self, outcome: Outcome) {
        self.working = false;
        self.outcome = Some(outcome);
    }
}

/// The backup's file name in `folder` on `day`: `intake-backup-DAY.backup`,
/// or with `-2`, `-3` … when one of that name is there already.
pub fn file_for(folder: &Path, day: chrono::NaiveDate) -> PathBuf {
    let first = folder.join(format!("intake-backup-{day}.backup"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("intake-backup-{day}-{n}.backup")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The screen's actions; Enter on the passphrase starts the backup.
pub fn update(screen: &mut BackupScreen, ctx: &mut Context<'_>, action: Action) -> Transition {
    if screen.working {
        return Transition::Stay;
    }
    match action {
        Action::Edit(edit) => {
            let field = if screen.focus == 0 { &mut screen.folder } else { &mut screen.passphrase };
            field.apply(edit);
            screen.outcome = None;
        }
        Action::NextField | Action::PrevField => screen.focus = 1 - screen.focus,
        Action::Back => return Transition::Back,
        Action::Submit if screen.focus == 0 => screen.focus = 1,
        Action::Submit => return submit(screen, ctx),
        _ => {}
    }
    Transition::Stay
}

fn submit(screen: &mut BackupScreen, ctx: &mut Context<'_>) -> Transition {
    let folder = PathBuf::from(screen.folder.value().trim());
    let passphrase = SecretString::from(screen.passphrase.value().to_owned());
    screen.passphrase.apply(crate::tui::action::Edit::Clear);
    if !folder.is_dir() {
        screen.outcome = Some(Outcome::Refused(Message::new(
            "tui-backup-no-folder",
            vec![("path", folder.display().to_string().into())],
        )));
        screen.focus = 0;
        return Transition::Stay;
    }
    if passphrase.expose_secret().is_empty() || Store::open(ctx.db_path, &passphrase).is_err() {
        screen.outcome = Some(Outcome::Refused(Message::new("tui-wrong-passphrase", Vec::new())));
        return Transition::Stay;
    }
    let out = file_for(&folder, chrono::Local::now().date_naive());
    screen.working = true;
    screen.outcome = None;
    Transition::Backup { out, passphrase }
}
