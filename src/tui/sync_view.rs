//! The coordinator's screens: importing bundles (choose files in a folder,
//! a progress bar while a worker thread imports them, a summary), the
//! fields in conflict (pick a candidate), and the devices (trust, revoke).

use super::action::Action;
use super::app::{App, Screen};
use super::widgets::text_field::TextField;
use crate::domain::{DeviceId, FieldPath, RecordId};
use crate::store::{Peer, Store};
use crate::sync::devices;
use crate::sync::import::{Imported, Options, Source};
use crate::sync::refusal::Refusal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

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
    /// The folder the bundles are in (typed).
    pub folder: TextField,
    /// The `.bundle` files in it, with whether each is chosen.
    pub files: Vec<(PathBuf, bool)>,
    /// The highlighted file.
    pub selected: usize,
    /// Choosing, running or done.
    pub phase: Phase,
    /// One line per bundle imported.
    pub summary: Vec<Box<Said>>,
}

/// What the import worker reports.
pub enum Work {
    /// One more bundle is done.
    Progress(Box<Said>),
    /// All done: the database comes back.
    Finished(Box<Store>),
    /// The duplicate pairs were looked for: the database comes back with
    /// them (`None`: they could not be read).
    Pairs(Box<Store>, Option<Vec<super::duplicates_view::PairView>>),
    /// The records were read for the reports: the database comes back with
    /// what the statistics need (`None`: they could not be read).
    Facts(Box<Store>, Option<Vec<crate::report::Facts>>),
}

/// The bundle files in a folder, by name.
fn bundles_in(folder: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "bundle"))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p, false)).collect()
}

impl ImportScreen {
    /// The screen on a folder.
    pub fn new(folder: &Path) -> ImportScreen {
        ImportScreen {
            folder: TextField::from_text(&folder.display().to_string()),
            files: bundles_in(folder),
            selected: 0,
            phase: Phase::Choosing,
            summary: Vec::new(),
        }
    }

    /// The files to import: those chosen, or all when none is.
    fn chosen(&self) -> Vec<PathBuf> {
        let chosen: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(_, c)| *c)
            .map(|(p, _)| p.clone())
            .collect();
        if chosen.is_empty() {
            self.files.iter().map(|(p, _)| p.clone()).collect()
        } else {
            chosen
        }
    }
}

/// What importing one file did.
fn said(file: &Path, outcome: Result<Imported, Box<Refusal>>) -> Box<Said> {
    let file = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Box::new(Said { file, outcome })
}

/// A device as the screens show it (see [`DeviceId::short`]).
pub fn short(device: DeviceId) -> String {
    device.short()
}

impl App {
    /// Starts importing `files` on a worker thread, which holds the database
    /// until it is done (the screen shows progress meanwhile).
    fn start_import(&mut self, files: Vec<PathBuf>) -> Option<Receiver<Work>> {
        let mut store = self.store.take()?;
        let form = self.form.clone();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let options = Options {
                form: Some(&form),
                ..Options::default()
            };
            for file in files {
                let result = crate::sync::import(&mut store, &Source::Path(&file), &options);
                if tx.send(Work::Progress(said(&file, result))).is_err() {
                    break;
                }
            }
            let _ = tx.send(Work::Finished(Box::new(store)));
        });
        Some(rx)
    }

    /// A worker is done and hands the database back: it stays open, unless
    /// the app locked itself meanwhile (then it is closed). True when open.
    fn database_back(&mut self, store: Box<Store>) -> bool {
        self.work = None;
        if matches!(self.screen, Screen::Unlock(_)) {
            drop(store);
            return false;
        }
        self.store = Some(*store);
        true
    }

    /// Takes what the import worker reported; true when something changed.
    pub fn poll_work(&mut self) -> bool {
        let Some(rx) = &self.work else { return false };
        let mut changed = false;
        while let Ok(message) = rx.try_recv() {
            changed = true;
            match message {
                Work::Progress(line) => {
                    if let Screen::Import(import) = &mut self.screen {
                        if let Phase::Running { done, .. } = &mut import.phase {
                            *done += 1;
                        }
                        import.summary.push(line);
                    }
                }
                Work::Pairs(store, pairs) => {
                    if self.database_back(store)
                        && let Screen::Duplicates(view) = &mut self.screen
                    {
                        view.searching = false;
                        match pairs {
                            Some(pairs) => view.pairs = pairs,
                            None => self.notice = Some("tui-error-read"),
                        }
                    }
                    return true;
                }
                Work::Facts(store, facts) => {
                    if self.database_back(store)
                        && let Screen::Reports(view) = &mut self.screen
                    {
                        view.reading = false;
                        let scope = crate::report::Scope::today(super::app::today());
                        match facts {
                            Some(facts) => {
                                view.stats = Some(crate::report::statistics(facts, &self.form, scope))
                            }
                            None => self.notice = Some("tui-error-read"),
                        }
                    }
                    return true;
                }
                Work::Finished(store) => {
                    if self.database_back(store)
                        && let Screen::Import(import) = &mut self.screen
                    {
                        import.phase = Phase::Done;
                    }
                    return true;
                }
            }
        }
        changed
    }
}

/// The import screen's actions.
pub fn update_import(app: &mut App, import: &mut ImportScreen, action: Action) -> Option<Screen> {
    if !matches!(import.phase, Phase::Choosing) {
        // While running nothing but the language and redraw apply; once
        // done, any key goes back to the list.
        return match (&import.phase, action) {
            (Phase::Done, Action::Back | Action::Submit) => Some(Screen::List(app.list())),
            _ => None,
        };
    }
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::Edit(edit) if import.folder.apply(edit) => {
            import.files = bundles_in(Path::new(import.folder.value().trim()));
            import.selected = 0;
        }
        Action::Up => import.selected = import.selected.saturating_sub(1),
        Action::Down => import.selected = (import.selected + 1).min(import.files.len().saturating_sub(1)),
        Action::NextField => {
            if let Some((_, chosen)) = import.files.get_mut(import.selected) {
                *chosen = !*chosen;
            }
        }
        Action::Submit => {
            let files = import.chosen();
            if files.is_empty() {
                app.notice = Some("tui-import-none");
                return None;
            }
            let total = files.len();
            app.work = app.start_import(files);
            if app.work.is_some() {
                import.phase = Phase::Running { done: 0, total };
            }
        }
        _ => {}
    }
    None
}

/// One field in conflict.
#[derive(Clone, Debug)]
pub struct ConflictEntry {
    /// The record.
    pub record: RecordId,
    /// Its name, for people.
    pub name: String,
    /// The field.
    pub field: String,
    /// A candidate came from a clock far ahead (it would win by its clock alone).
    pub ahead: bool,
    /// Each candidate.
    pub candidates: Vec<Candidate>,
}

/// One candidate value of a field in conflict.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The field it was written to (for a deletion that missed edits, an
    /// edit's own field).
    pub field: String,
    /// The value.
    pub value: Value,
    /// Who wrote it.
    pub author: String,
    /// On which device.
    pub device: DeviceId,
    /// When (UTC).
    pub time: String,
}

/// The conflicts screen.
#[derive(Debug, Default)]
pub struct ConflictsView {
    /// Every field in conflict.
    pub entries: Vec<ConflictEntry>,
    /// The highlighted entry.
    pub selected: usize,
    /// The highlighted candidate of it.
    pub candidate: usize,
}

impl ConflictsView {
    /// Reads every field in conflict.
    pub fn open(store: &Store) -> Result<ConflictsView, crate::store::StoreError> {
        let mut entries = Vec::new();
        for state in store.conflicted()? {
            let name = ["surname", "given_name", "patronymic"]
                .iter()
                .filter_map(|f| state.text(f))
                .collect::<Vec<_>>()
                .join(" ");
            let believable = crate::domain::Hlc::believable_at(crate::domain::Hlc::now_millis());
            for d in state.disagreements_at(believable) {
                entries.push(ConflictEntry {
                    record: state.id,
                    name: crate::domain::visible::visible(&name).into_owned(),
                    field: d.field.to_string(),
                    ahead: d.ahead,
                    candidates: d
                        .candidates
                        .iter()
                        .map(|(field, h)| Candidate {
                            field: field.to_string(),
                            value: h.value.clone(),
                            author: h.author.clone(),
                            device: h.dot.device,
                            time: h.hlc.to_utc().format("%Y-%m-%d %H:%M").to_string(),
                        })
                        .collect(),
                });
            }
        }
        Ok(ConflictsView {
            entries,
            selected: 0,
            candidate: 0,
        })
    }
}

/// The conflicts screen's actions: the chosen candidate settles the field.
pub fn update_conflicts(app: &mut App, view: &mut ConflictsView, action: Action) -> Option<Screen> {
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::Up => {
            view.selected = view.selected.saturating_sub(1);
            view.candidate = 0;
        }
        Action::Down => {
            view.selected = (view.selected + 1).min(view.entries.len().saturating_sub(1));
            view.candidate = 0;
        }
        Action::PrevField | Action::NextField => {
            let n = view
                .entries
                .get(view.selected)
                .map_or(1, |e| e.candidates.len().max(1));
            view.candidate = if action == Action::NextField {
                (view.candidate + 1) % n
            } else {
                (view.candidate + n - 1) % n
            };
        }
        Action::EditRecord => {
            let record = view.entries.get(view.selected)?.record;
            return app.open_form(record);
        }
        Action::Submit => {
            let entry = view.entries.get(view.selected)?;
            let candidate = entry.candidates.get(view.candidate)?.clone();
            let store = app.store.as_mut()?;
            let written = (|| {
                let path = FieldPath::parse(&entry.field)
                    .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
                let mut w = store.writer()?;
                if entry.field != FieldPath::DELETED {
                    w.set(entry.record, &path, candidate.value)?;
                } else if candidate.field == FieldPath::DELETED {
                    // The deletion wins: deleted again, having seen every edit.
                    w.delete_record(entry.record)?;
                } else {
                    // An edit wins: the record is kept.
                    w.set(entry.record, &path, Value::Bool(false))?;
                }
                w.commit()?;
                store.audit("resolve", &format!("{} {}", entry.record, entry.field))?;
                ConflictsView::open(store)
            })();
            match written {
                Ok(mut fresh) => {
                    fresh.selected = view.selected.min(fresh.entries.len().saturating_sub(1));
                    *view = fresh;
                }
                Err(_) => app.notice = Some("tui-error-save"),
            }
        }
        _ => {}
    }
    None
}

/// The devices screen.
#[derive(Debug, Default)]
pub struct DevicesView {
    /// Every device met.
    pub peers: Vec<Peer>,
    /// The highlighted one.
    pub selected: usize,
    /// A message key and count after trusting (bundles merged).
    pub merged: Option<usize>,
    /// The reason being typed for revoking the highlighted device.
    pub reason: Option<TextField>,
    /// How many changes of each device were set aside.
    pub set_aside: Vec<(DeviceId, usize)>,
}

impl DevicesView {
    /// Reads every device and what was set aside of each.
    pub fn open(store: &Store) -> Result<DevicesView, crate::store::StoreError> {
        let peers = store.peers()?;
        let aside = store.set_aside_counts()?;
        let set_aside = peers
            .iter()
            .map(|p| {
                let n = aside.iter().find(|(d, _)| *d == p.device).map_or(0, |(_, n)| *n);
                (p.device, usize::try_from(n).unwrap_or(usize::MAX))
            })
            .collect();
        Ok(DevicesView {
            peers,
            set_aside,
            ..DevicesView::default()
        })
    }
}

/// The devices screen's actions: trust (merging what waited) or revoke
/// (after a reason is typed).
pub fn update_devices(app: &mut App, view: &mut DevicesView, action: Action) -> Option<Screen> {
    if let Some(reason) = &mut view.reason {
        match action {
            Action::Back => view.reason = None,
            Action::Edit(edit) => {
                reason.apply(edit);
            }
            Action::Submit if !reason.value().trim().is_empty() => {
                let why = reason.value().to_owned();
                view.reason = None;
                let device = view.peers.get(view.selected)?.device;
                let store = app.store.as_mut()?;
                let done = devices::revoke(store, device, &why)
                    .ok()
                    .and_then(|_| DevicesView::open(store).ok());
                match done {
                    Some(fresh) => {
                        *view = DevicesView {
                            selected: view.selected,
                            ..fresh
                        }
                    }
                    None => app.notice = Some("tui-error-save"),
                }
            }
            _ => {}
        }
        return None;
    }
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::Down => view.selected = (view.selected + 1).min(view.peers.len().saturating_sub(1)),
        Action::RevokeDevice if !view.peers.is_empty() => view.reason = Some(TextField::default()),
        Action::TrustDevice => {
            let device = view.peers.get(view.selected)?.device;
            let form = app.form.clone();
            let store = app.store.as_mut()?;
            let options = Options {
                form: Some(&form),
                ..Options::default()
            };
            let done = devices::trust(store, device, &options);
            match done.ok().and_then(|t| Some((t, DevicesView::open(store).ok()?))) {
                Some((trusted, fresh)) => {
                    let merged = trusted
                        .bundles
                        .iter()
                        .filter(|b| matches!(b, Ok(Imported::Merged { .. })))
                        .count();
                    *view = DevicesView {
                        selected: view.selected,
                        merged: Some(merged),
                        ..fresh
                    };
                }
                None => app.notice = Some("tui-error-save"),
            }
        }
        _ => {}
    }
    None
}
