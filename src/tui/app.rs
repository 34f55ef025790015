//! The state of the terminal UI and `update`, the only place it changes:
//! which screen is shown, unlocking, the form's and the record view's
//! actions, the help overlay, the language switch, quitting and the idle
//! lock (the case list's own part is in `case_list`).

use super::action::{Action, Edit};
use super::case_list::update_list;
pub use super::case_list::{CaseList, LIST_CHROME_ROWS, SEARCH_COUNT_CAP};
use super::duplicates_view::{DuplicatesView, update_duplicates};
use super::first_run::update_setup;
pub use super::first_run::{Setup, SetupField};
use super::intake_form::FormScreen;
use super::keymap::Mode;
use super::record_view::RecordView;
use super::reports_view::{ReportsView, update_reports};
use super::screens::form::Target;
use super::sync_view::{
    ConflictsView, DevicesView, ImportScreen, Work, update_conflicts, update_devices, update_import,
};
use super::widgets::text_field::TextField;
use crate::config::ActiveForm;
use crate::i18n::{Lang, Texts};
use crate::store::{Store, StoreError};
use secrecy::SecretString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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

/// Which screen is shown.
#[derive(Debug)]
pub enum Screen {
    /// First run: no database yet.
    Setup(Setup),
    /// Asking for the passphrase.
    Unlock(Unlock),
    /// The case list (home).
    List(CaseList),
    /// A record's intake form.
    Form(Box<FormScreen>),
    /// One record: values, status, conflicts, history.
    Record(Box<RecordView>),
    /// Importing bundles.
    Import(Box<ImportScreen>),
    /// Fields in conflict.
    Conflicts(ConflictsView),
    /// Devices that sent bundles.
    Devices(DevicesView),
    /// Pairs that look like one person.
    Duplicates(DuplicatesView),
    /// The campaign statistics.
    Reports(ReportsView),
}

/// Everything the UI shows, and the unlocked database.
pub struct App {
    /// Messages in the chosen language.
    pub texts: &'static Texts,
    /// The screen.
    pub screen: Screen,
    /// The help overlay is open.
    pub help: bool,
    /// Lines of the help overlay scrolled past (a long list on a small terminal).
    pub help_scroll: usize,
    /// The database, while unlocked.
    pub store: Option<Store>,
    /// The intake form in use.
    pub form: ActiveForm,
    /// Message key of something that went wrong, shown until the next key.
    pub notice: Option<&'static str>,
    /// Where the database is.
    pub db_path: PathBuf,
    /// Lock after this long without a key.
    pub lock_after: Duration,
    /// The last key or click.
    pub last_input: Instant,
    /// Leave the event loop.
    pub quit: bool,
    /// Clear and redraw everything next frame.
    pub redraw_all: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The worker's name as written in the ops (read when unlocked): "my cases".
    pub worker: Option<String>,
    /// `q` was pressed once with typed text not stored yet: the next `q` quits.
    pub quit_asked: bool,
    /// An import running on a worker thread (it holds the database meanwhile).
    pub work: Option<std::sync::mpsc::Receiver<Work>>,
}

impl App {
    /// A locked app for the database at `db_path`.
    pub fn new(
        db_path: PathBuf,
        form: ActiveForm,
        lang: Lang,
        lock_after: Duration,
        size: (u16, u16),
        now: Instant,
    ) -> App {
        let screen = if db_path.exists() {
            Screen::Unlock(Unlock::default())
        } else {
            Screen::Setup(Setup::default())
        };
        App {
            texts: Texts::get(lang),
            screen,
            help: false,
            help_scroll: 0,
            store: None,
            form,
            notice: None,
            db_path,
            lock_after,
            last_input: now,
            quit: false,
            redraw_all: false,
            size,
            worker: None,
            quit_asked: false,
            work: None,
        }
    }

    /// Which key bindings apply now.
    pub fn mode(&self) -> Mode {
        if self.help { Mode::Help } else { self.screen_mode() }
    }

    /// The bindings of the screen (under the help overlay, if it is open).
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Setup(_) => Mode::Setup,
            Screen::Unlock(_) => Mode::Unlock,
            Screen::List(list) if list.searching => Mode::Search,
            Screen::Form(form) if form.picker.is_some() => Mode::Picker,
            Screen::Form(_) => Mode::Form,
            Screen::Record(_) => Mode::Record,
            Screen::List(_) => Mode::List,
            Screen::Import(_) => Mode::Import,
            Screen::Conflicts(_) => Mode::Conflicts,
            Screen::Devices(view) if view.reason.is_some() => Mode::Reason,
            Screen::Devices(_) => Mode::Devices,
            Screen::Duplicates(_) => Mode::Duplicates,
            Screen::Reports(_) => Mode::Reports,
        }
    }

    /// Opens the database with `passphrase`: the form that was being typed
    /// into when the program stopped, if any, else the case list.
    pub fn open(&mut self, passphrase: &SecretString) -> Result<Screen, StoreError> {
        let store = Store::open(&self.db_path, passphrase)?;
        let draft = store.latest_draft()?;
        self.worker = store.profile().ok().map(|p| p.worker);
        // A clock set back would date new work in the past: say so at once.
        if store.clock_behind().ok().flatten().is_some() {
            self.notice = Some("tui-clock-behind");
        }
        self.store = Some(store);
        if let Some(draft) = draft
            && let Some(store) = &self.store
            && let Ok(form) = FormScreen::open(store, &self.form, self.texts, draft.record, today())
        {
            return Ok(Screen::Form(Box::new(form)));
        }
        Ok(Screen::List(self.list()))
    }

    /// Drops the database and everything read from it, and asks for the passphrase.
    fn lock(&mut self) {
        self.store = None;
        self.worker = None;
        self.help = false;
        self.screen = Screen::Unlock(Unlock {
            locked: true,
            ..Unlock::default()
        });
        self.redraw_all = true;
    }
}

/// Applies an action to the state.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Tick(now) => {
            if app.store.is_some() && now.duration_since(app.last_input) >= app.lock_after {
                app.lock();
            }
            return;
        }
        Action::Resize { width, height } => {
            app.size = (width, height);
            app.with_list(|app, list| {
                app.refresh(list, false);
                let selected = list.selected;
                app.select(list, selected);
            });
            return;
        }
        _ => {
            app.last_input = Instant::now();
            app.notice = None;
        }
    }
    let asked = std::mem::take(&mut app.quit_asked);
    match action {
        Action::Quit => {
            // Text a form could not store yet is kept as a draft and comes
            // back at the next unlock; still, say so before leaving.
            let unsaved = matches!(app.screen, Screen::List(_))
                && app
                    .store
                    .as_ref()
                    .is_some_and(|s| matches!(s.latest_draft(), Ok(Some(_))));
            if unsaved && !asked {
                app.quit_asked = true;
                app.notice = Some("tui-quit-unsaved");
            } else {
                app.quit = true;
            }
        }
        Action::Help => {
            app.help = true;
            app.help_scroll = 0;
        }
        Action::Close => app.help = false,
        Action::Up if app.help => app.help_scroll = app.help_scroll.saturating_sub(1),
        Action::Down if app.help => app.help_scroll += 1,
        Action::Redraw => app.redraw_all = true,
        Action::NextLanguage => {
            let langs = Lang::ALL;
            let next = langs
                .iter()
                .position(|l| *l == app.texts.lang())
                .map_or(Lang::En, |i| langs[(i + 1) % langs.len()]);
            app.texts = Texts::get(next);
        }
        _ => {
            // The screen's own actions need the screen and the app apart.
            let mut screen = std::mem::replace(&mut app.screen, Screen::Unlock(Unlock::default()));
            let next = match &mut screen {
                Screen::Setup(setup) => update_setup(app, setup, action),
                Screen::Unlock(unlock) => update_unlock(app, unlock, action),
                Screen::List(list) => update_list(app, list, action),
                Screen::Form(form) => update_form(app, form, action),
                Screen::Record(view) => update_record(app, view, action),
                Screen::Import(import) => update_import(app, import, action),
                Screen::Conflicts(view) => update_conflicts(app, view, action),
                Screen::Devices(view) => update_devices(app, view, action),
                Screen::Duplicates(view) => update_duplicates(app, view, action),
                Screen::Reports(view) => update_reports(app, view, action),
            };
            app.screen = next.unwrap_or(screen);
        }
    }
}

/// The form's actions; going back returns the case list.
fn update_form(app: &mut App, form: &mut FormScreen, action: Action) -> Option<Screen> {
    let texts = app.texts;
    let today = today();
    // A click reaches what the screen shows there (the status bar aside).
    let clicked = match action {
        Action::Click { column, row } => {
            let (width, height) = app.size;
            let area = ratatui::layout::Rect::new(0, 0, width, height.saturating_sub(1));
            super::screens::form::target_at(app, form, area, column, row)
        }
        _ => None,
    };
    let store = app.store.as_mut()?;
    let done = match action {
        Action::Edit(edit) => form.edit(store, &app.form, edit),
        Action::Submit if form.open_picker(&app.form) => Ok(()),
        Action::Submit => form.move_focus(store, &app.form, texts, 1, today),
        Action::Up | Action::Down => {
            form.move_highlight(&app.form, texts, if action == Action::Up { -1 } else { 1 });
            Ok(())
        }
        Action::Pick => match form.pick(store, &app.form, texts, today) {
            Ok(true) => form.move_focus(store, &app.form, texts, 1, today),
            other => other.map(drop),
        },
        Action::CancelPick => form.cancel_picker(store, &app.form, texts),
        Action::ScrollUp | Action::ScrollDown => {
            let step = if action == Action::ScrollUp { -1 } else { 1 };
            if form.picker.is_some() {
                form.move_highlight(&app.form, texts, step);
                Ok(())
            } else {
                form.move_focus(store, &app.form, texts, step, today)
            }
        }
        Action::Click { .. } => match clicked {
            Some(Target::Section(index)) => form.show_section(store, &app.form, texts, index, today),
            Some(Target::Field(path)) => form.focus_field(store, &app.form, texts, path, today),
            Some(Target::Option(index)) => {
                form.picker = Some(index);
                match form.pick(store, &app.form, texts, today) {
                    Ok(true) => form.move_focus(store, &app.form, texts, 1, today),
                    other => other.map(drop),
                }
            }
            None => Ok(()),
        },
        Action::NextField => form.move_focus(store, &app.form, texts, 1, today),
        Action::PrevField => form.move_focus(store, &app.form, texts, -1, today),
        Action::NextSection => form.move_section(store, &app.form, texts, 1, today),
        Action::PrevSection => form.move_section(store, &app.form, texts, -1, today),
        Action::Save => form.commit(store, &app.form, texts, today).map(drop),
        Action::AddEntry => form.add_entry(store, &app.form, texts, today),
        Action::RemoveEntry => form.remove_entry(store, &app.form, texts, today),
        Action::OpenSimilar => {
            let other = form.similar.first().map(|r| r.id)?;
            if !matches!(form.commit(store, &app.form, texts, today), Ok(true)) {
                return None;
            }
            return app.open_form(other);
        }
        Action::Back => {
            // What cannot be stored yet stays a draft: nothing typed is lost.
            if let Err(_e) = form.commit(store, &app.form, texts, today) {
                app.notice = Some("tui-error-save");
            }
            let record = form.record;
            return app.open_record(record).or_else(|| Some(Screen::List(app.list())));
        }
        _ => Ok(()),
    };
    if done.is_err() {
        app.notice = Some("tui-error-save");
    }
    None
}

/// The record view's actions.
fn update_record(app: &mut App, view: &mut RecordView, action: Action) -> Option<Screen> {
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::EditRecord => return app.open_form(view.record),
        Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => {
            view.scroll = (view.scroll + 1).min(view.history.len().saturating_sub(1))
        }
        Action::SetStatus(n) => {
            let next = view.status.next().get(usize::from(n).checked_sub(1)?).copied()?;
            let store = app.store.as_mut()?;
            if view.set_status(store, next).is_err() {
                app.notice = Some("tui-error-save");
                return None;
            }
            return app.open_record(view.record);
        }
        _ => {}
    }
    None
}

/// Today in the laptop's time zone.
pub(super) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

impl App {
    /// Creates a record with the form's defaults and opens its form.
    pub(super) fn new_record(&mut self) -> Option<Screen> {
        let store = self.store.as_mut()?;
        let made = (|| {
            let mut writer = store.writer()?;
            let id = writer.create_record()?;
            for (field, value) in self.form.new_record_values().fields {
                let path = crate::domain::FieldPath::parse(&field)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                writer.set(id, &path, value)?;
            }
            writer.commit()?;
            Ok::<_, StoreError>(id)
        })();
        match made {
            Ok(id) => self.open_form(id),
            Err(_) => {
                self.notice = Some("tui-error-save");
                None
            }
        }
    }

    /// Opens the record view.
    pub(super) fn open_record(&mut self, id: crate::domain::RecordId) -> Option<Screen> {
        let store = self.store.as_ref()?;
        match RecordView::open(store, &self.form, id, today()) {
            Ok(view) => Some(Screen::Record(Box::new(view))),
            Err(_) => {
                self.notice = Some("tui-error-read");
                None
            }
        }
    }

    /// Opens a record's form.
    pub(super) fn open_form(&mut self, id: crate::domain::RecordId) -> Option<Screen> {
        let store = self.store.as_ref()?;
        match FormScreen::open(store, &self.form, self.texts, id, today()) {
            Ok(form) => Some(Screen::Form(Box::new(form))),
            Err(_) => {
                self.notice = Some("tui-error-read");
                None
            }
        }
    }
}

/// The unlock screen's actions; a successful unlock returns the case list.
fn update_unlock(app: &mut App, unlock: &mut Unlock, action: Action) -> Option<Screen> {
    match action {
        Action::Edit(edit) => {
            unlock.passphrase.apply(edit);
            unlock.error = None;
        }
        Action::Submit => {
            let passphrase = SecretString::from(unlock.passphrase.value().to_owned());
            unlock.passphrase.apply(Edit::Clear);
            match app.open(&passphrase) {
                Ok(screen) => return Some(screen),
                Err(StoreError::WrongPassphrase(_)) => unlock.error = Some("tui-wrong-passphrase"),
                Err(_) => unlock.error = Some("tui-error-open"),
            }
        }
        _ => {}
    }
    None
}
