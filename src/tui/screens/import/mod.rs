//! The import screen: bundles chosen in a folder, a progress bar while a
//! worker thread imports them (the app runs it), a line for each bundle.

pub mod draw;

use crate::sync::import::Imported;
use crate::sync::refusal::Refusal;
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, bind};
use crate::tui::transition::{Context, Transition};
use crate::tui::widgets::chooser::FileChooser;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 6] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Submit, "tui-key-import-start", true),
    bind(&[(KeyCode::Tab, NONE)], "Tab", Action::NextField, "tui-key-import-choose", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::F(1), NONE)], "F1", Action::Help, "tui-key-help", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "import",
    bindings: &BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &ImportScreen) -> Mode {
    MODE
}

/// What importing one file did, put into words when drawn (so a
/// language switch changes them too).
#[derive(Debug)]
pub struct Said {
    /// The file's name.
    pub file: String,
    /// Merged, quarantined or imported before; or refused, and why.
    pub outcome: Result<Imported, Box<Refusal>>,
}

/// Where an import is.
#[derive(Debug)]
pub enum Phase {
    /// Choosing the files.
    Choosing,
    /// The worker is importing: how many are done of how many.
    Running {
        /// Bundles done.
        done: usize,
        /// Bundles in all.
        total: usize,
    },
    /// Finished.
    Done,
}

/// The import screen.
#[derive(Debug)]
pub struct ImportScreen {
    /// The folder and the `.bundle` files in it, with whether each is chosen.
    pub chooser: FileChooser,
    /// Choosing, running or done.
    pub phase: Phase,
    /// One line per bundle imported.
    pub summary: Vec<Box<Said>>,
}

impl ImportScreen {
    /// The screen on a folder.
    pub fn new(folder: &Path) -> ImportScreen {
        ImportScreen {
            chooser: FileChooser::new(folder, "bundle"),
            phase: Phase::Choosing,
            summary: Vec::new(),
        }
    }

    /// The import of `total` bundles started.
    pub fn started(&mut self, total: usize) {
        self.phase = Phase::Running { done: 0, total };
    }

    /// One more bundle is done.
    pub fn progress(&mut self, line: Box<Said>) {
        if let Phase::Running { done, .. } = &mut self.phase {
            *done += 1;
        }
        self.summary.push(line);
    }

    /// Every bundle is done.
    pub fn finished(&mut self) {
        self.phase = Phase::Done;
    }
}

/// What importing one file did.
pub fn said(file: &Path, outcome: Result<Imported, Box<Refusal>>) -> Box<Said> {
    let file = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Box::new(Said { file, outcome })
}

/// The import screen's actions.
pub fn update(import: &mut ImportScreen, _ctx: &mut Context<'_>, action: Action) -> Transition {
    if !matches!(import.phase, Phase::Choosing) {
        // While running nothing but the language and redraw apply; once
        // done, any key goes back to the list.
        return match (&import.phase, action) {
            (Phase::Done, Action::Back | Action::Submit) => Transition::Back,
            _ => Transition::Stay,
        };
    }
    match action {
        Action::Back => return Transition::Back,
        Action::Edit(edit) => import.chooser.edit_folder(edit),
        Action::Up => import.chooser.step(false),
        Action::Down => import.chooser.step(true),
        Action::NextField => import.chooser.toggle(),
        Action::Submit => {
            let files = import.chooser.chosen();
            if files.is_empty() {
                return Transition::Notice("tui-import-none");
            }
            return Transition::Import(files);
        }
        _ => {}
    }
    Transition::Stay
}
