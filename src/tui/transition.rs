//! What a screen is given and what it answers: the [`Context`] its
//! `update` works with, the [`View`] its `draw` reads, and the
//! [`Transition`] it returns, which `app.rs` carries out. A screen never
//! sees the App, and never builds another screen: it names a [`Target`].

use crate::config::ActiveForm;
use crate::domain::RecordId;
use crate::i18n::Texts;
use crate::store::Store;
use crate::tui::action::Action;
use std::path::{Path, PathBuf};

/// What should happen after an action.
pub enum Transition {
    /// The screen stays (it may have changed itself).
    Stay,
    /// Open another screen.
    Open(Target),
    /// Back to the case list.
    Back,
    /// Leave the program.
    Quit,
    /// Stay, and say this (a message key) in the status bar.
    Notice(&'static str),
    /// Ask this yes/no question over the screen; on yes, the screen is
    /// given `then` again with [`Context::confirmed`] set.
    Ask {
        /// What is asked.
        question: crate::i18n::Message,
        /// What yes does.
        then: Action,
    },
    /// The database was opened or created (first run, unlock).
    Unlocked(Box<Store>),
    /// Start bundles importing on a worker thread.
    Import(Vec<PathBuf>),
    /// Write a backup to `out` on a worker thread.
    Backup {
        /// The new backup file.
        out: PathBuf,
        /// The passphrase in use, checked already.
        passphrase: secrecy::SecretString,
    },
    /// Hand the caseload of `from` over to `to` on a worker thread.
    HandOver {
        /// The laptop whose cases move.
        from: crate::domain::DeviceId,
        /// The laptop that takes them.
        to: crate::domain::DeviceId,
    },
    /// Re-encrypt the database under `new` on a worker thread.
    ChangePassphrase {
        /// The passphrase in use (to reopen if the change fails).
        current: secrecy::SecretString,
        /// The new one, checked already.
        new: secrecy::SecretString,
    },
}

/// A screen to open, and for what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The case list, read from the top.
    List,
    /// One record.
    Record(RecordId),
    /// A record's intake form.
    Form(RecordId),
    /// A new record with the form's defaults, in its form.
    NewRecord,
    /// Choosing bundles to import, in the folder Intake was started in.
    Import,
    /// The fields in conflict.
    Conflicts,
    /// The devices that sent bundles.
    Devices,
    /// Pairs that look like one person (looked for on a worker thread).
    Duplicates,
    /// The campaign statistics (read on a worker thread).
    Reports,
    /// Changing the passphrase.
    Passphrase,
    /// Writing a backup, to a folder typed like the import screen's.
    Backup,
    /// A record's paperwork: attach scans, write copies, make a letter.
    Paper(RecordId, PaperTask),
}

/// What a record's paperwork screen is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperTask {
    /// Attaching scans from a folder.
    Attach,
    /// Writing copies of the attachments to a folder.
    Copies,
    /// Making a letter from a template.
    Letter,
}

/// What a screen's `update` may use.
pub struct Context<'a> {
    /// Messages in the chosen language.
    pub texts: &'static Texts,
    /// The intake form in use.
    pub form: &'a ActiveForm,
    /// The database, while unlocked and not held by a worker.
    pub store: Option<&'a mut Store>,
    /// Where the database is (first run, unlock).
    pub db_path: &'a Path,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The worker's name as written in the ops ("my cases").
    pub worker: Option<&'a str>,
    /// Something to say in the status bar besides what the screen answers.
    pub notice: Option<&'static str>,
    /// The action comes after its question was answered yes
    /// ([`Transition::Ask`]): do it.
    pub confirmed: bool,
}

impl Context<'_> {
    /// What drawing would read now (a click is found where it was drawn).
    pub fn view(&self) -> View<'_> {
        View {
            texts: self.texts,
            form: self.form,
            db_path: self.db_path,
        }
    }
}

/// What a screen's `draw` may read.
pub struct View<'a> {
    /// Messages in the chosen language.
    pub texts: &'static Texts,
    /// The intake form in use.
    pub form: &'a ActiveForm,
    /// Where the database is.
    pub db_path: &'a Path,
}

/// Today in the laptop's time zone.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
