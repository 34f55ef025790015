//! The app's work on worker threads, each through the one
//! [`Job`](crate::tui::widgets::work::Job) pattern: importing bundles,
//! looking for duplicate pairs, reading the records for the reports. The
//! worker holds the database; what it reports goes to the screen that
//! asked for it.

use super::{App, Screen};
use crate::report::Facts;
use crate::sync::import::{Options, Source};
use crate::tui::screens::duplicates::{PairView, undecided_pairs};
use crate::tui::screens::import::{Said, said};
use crate::tui::transition::Transition;
use crate::tui::widgets::work::{Job, Report};
use secrecy::SecretString;
use std::path::PathBuf;

/// Work running on a worker thread.
pub enum Running {
    /// Bundles importing, one line each.
    Import(Job<Box<Said>, ()>),
    /// Duplicate pairs looked for (`None`: they could not be read).
    Duplicates(Job<(), Option<Vec<PairView>>>),
    /// The records read for the reports (`None`: they could not be read).
    Reports(Job<(), Option<Vec<Facts>>>),
    /// A backup written (or why not).
    Backup(Job<(), crate::tui::screens::backup::Outcome>),
    /// A caseload handed over (how many records, or why not).
    HandOver(Job<(), Result<crate::sync::assign::Assigned, &'static str>>),
    /// The database re-encrypted under a new passphrase (`Some`: why not).
    Rekey(Job<(), Option<&'static str>>),
}

impl App {
    /// Starts importing `files`; the screen shows progress meanwhile.
    pub(super) fn start_import(&mut self, files: Vec<PathBuf>) -> Option<Running> {
        let store = self.store.take()?;
        let form = self.form.clone();
        Some(Running::Import(Job::start(store, move |store, progress| {
            let options = Options {
                form: Some(&form),
                ..Options::default()
            };
            for file in files {
                let result = crate::sync::import(store, &Source::Path(&file), &options);
                if !progress.step(said(&file, result)) {
                    break;
                }
            }
        })))
    }

    /// Starts looking for duplicate pairs.
    pub(super) fn start_duplicates(&mut self) -> Option<Running> {
        let store = self.store.take()?;
        // A failed read is said, not shown as "no pair left".
        Some(Running::Duplicates(Job::start(store, |store, _| {
            undecided_pairs(store).ok()
        })))
    }

    /// Starts writing a backup to `out`.
    pub(super) fn start_backup(&mut self, out: PathBuf, passphrase: SecretString) -> Option<Running> {
        use crate::tui::screens::backup::Outcome;
        let store = self.store.take()?;
        let db = self.db_path.clone();
        Some(Running::Backup(Job::start(
            store,
            move |store, _| match crate::backup::write(store, &db, &passphrase, &out) {
                Ok(w) => Outcome::Written(out, w.bytes, w.recoverable),
                Err(e) => Outcome::Refused(crate::i18n::Message::new(
                    e.message_key(),
                    vec![("path", out.display().to_string().into())],
                )),
            },
        )))
    }

    /// Starts handing the caseload of `from` over to `to`.
    pub(super) fn start_handover(
        &mut self,
        from: crate::domain::DeviceId,
        to: crate::domain::DeviceId,
    ) -> Option<Running> {
        use crate::sync::assign::{AssignError, handover};
        let store = self.store.take()?;
        Some(Running::HandOver(Job::start(store, move |store, _| {
            handover(store, from, to).map_err(|e| match e {
                AssignError::NoRecords => "tui-handover-none",
                _ => "tui-error-save",
            })
        })))
    }

    /// Starts re-encrypting the database under `new`.
    pub(super) fn start_rekey(&mut self, current: SecretString, new: SecretString) -> Option<Running> {
        let store = self.store.take()?;
        let path = self.db_path.clone();
        Some(Running::Rekey(Job::start(store, move |store, _| {
            store
                .change_passphrase(&path, &current, &new)
                .err()
                .map(|e| e.message_key())
        })))
    }

    /// Starts reading the records for the reports.
    pub(super) fn start_reports(&mut self) -> Option<Running> {
        let store = self.store.take()?;
        Some(Running::Reports(Job::start(store, |store, _| {
            crate::report::read_facts(store).ok()
        })))
    }

    /// A worker is done and hands the database back: it stays open, unless
    /// the app locked itself meanwhile (then it is closed). True when open.
    fn database_back(&mut self, store: Box<crate::store::Store>) -> bool {
        if matches!(self.screen, Screen::Unlock(_)) {
            drop(store);
            return false;
        }
        self.store = Some(*store);
        true
    }

    /// Takes what the worker reported; true when something changed.
    pub fn poll_work(&mut self) -> bool {
        // Taken while its reports are read; put back until it is done.
        let Some(work) = self.work.take() else {
            return false;
        };
        let mut done = false;
        let mut changed = false;
        let mut then = Transition::Stay;
        match &work {
            Running::Import(job) => {
                for report in job.poll() {
                    changed = true;
                    match report {
                        Report::Progress(line) => {
                            if let Screen::Import(import) = &mut self.screen {
                                import.progress(line);
                            }
                        }
                        Report::Done(store, ()) => {
                            done = true;
                            if self.database_back(store)
                                && let Screen::Import(import) = &mut self.screen
                            {
                                import.finished();
                            }
                        }
                    }
                }
            }
            Running::Duplicates(job) => {
                for report in job.poll() {
                    changed = true;
                    done |= matches!(report, Report::Done(..));
                    if let Report::Done(store, pairs) = report
                        && self.database_back(store)
                        && let Screen::Duplicates(view) = &mut self.screen
                    {
                        then = view.found(pairs);
                    }
                }
            }
            Running::Reports(job) => {
                for report in job.poll() {
                    changed = true;
                    done |= matches!(report, Report::Done(..));
                    if let Report::Done(store, facts) = report
                        && self.database_back(store)
                        && let Screen::Reports(view) = &mut self.screen
                    {
                        then = view.read(facts, &self.form);
                    }
                }
            }
            Running::Backup(job) => {
                for report in job.poll() {
                    changed = true;
                    done |= matches!(report, Report::Done(..));
                    if let Report::Done(store, outcome) = report
                        && self.database_back(store)
                        && let Screen::Backup(screen) = &mut self.screen
                    {
                        screen.finished(outcome);
                    }
                }
            }
            Running::HandOver(job) => {
                for report in job.poll() {
                    changed = true;
                    done |= matches!(report, Report::Done(..));
                    if let Report::Done(store, outcome) = report
                        && self.database_back(store)
                        && let (Screen::Devices(view), Some(store)) = (&mut self.screen, self.store.as_ref())
                    {
                        then = view.handed_over(store, outcome);
                    }
                }
            }
            Running::Rekey(job) => {
                for report in job.poll() {
                    changed = true;
                    done |= matches!(report, Report::Done(..));
                    if let Report::Done(store, refused) = report {
                        if refused == Some("passphrase-err-reopen") {
                            // The file was not opened again: the database
                            // handed back is closed; ask for the passphrase.
                            drop(store);
                            self.lock();
                            if let Screen::Unlock(unlock) = &mut self.screen {
                                unlock.error = refused;
                            }
                            continue;
                        }
                        if !self.database_back(store) {
                            continue;
                        }
                        let Screen::Passphrase(screen) = &mut self.screen else {
                            continue;
                        };
                        then = screen.finished(refused);
                        if refused.is_none() {
                            self.notice = Some("tui-done-passphrase");
                        }
                    }
                }
            }
        }
        if !done {
            self.work = Some(work);
        }
        self.apply(then);
        changed
    }
}
