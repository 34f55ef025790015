//! The state of the terminal UI and `update`, the only place it changes:
//! which screen is shown (screens answer with a [`Transition`], carried
//! out here, and only here are screens built), unlocking, the help
//! overlay, the language switch, quitting, the idle lock and the work on
//! worker threads.

pub mod draw;
pub mod work;

use work::Running;

use super::action::Action;
use super::keymap::{HELP_MODE, Mode};
use super::screens::Screen;
use super::screens::conflicts::ConflictsView;
use super::screens::devices::DevicesView;
use super::screens::duplicates::DuplicatesView;
use super::screens::form::FormScreen;
use super::screens::import::ImportScreen;
use super::screens::list::CaseList;
use super::screens::record::RecordView;
use super::screens::reports::ReportsView;
use super::screens::setup::Setup;
use super::screens::unlock::Unlock;
use super::transition::{Context, Target, Transition, today};
use crate::config::ActiveForm;
use crate::i18n::{Lang, Texts};
use crate::store::{Store, StoreError};
use secrecy::SecretString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    /// A yes/no question over the screen, and what yes does.
    pub asking: Option<(crate::tui::widgets::confirm::Confirm, Action)>,
    /// Work running on a worker thread (it holds the database meanwhile).
    pub work: Option<Running>,
    /// Where a coordinator's own templates are (none: the built-in ones only).
    pub templates_dir: Option<PathBuf>,
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
            asking: None,
            work: None,
            templates_dir: None,
        }
    }

    /// Which key bindings apply now.
    pub fn mode(&self) -> Mode {
        if self.asking.is_some() {
            crate::tui::widgets::confirm::MODE
        } else if self.help {
            HELP_MODE
        } else {
            self.screen_mode()
        }
    }

    /// The bindings of the screen (under the help overlay, if it is open).
    pub fn screen_mode(&self) -> Mode {
        self.screen.mode()
    }

    /// What a screen's `update` is given.
    fn context(&mut self) -> Context<'_> {
        Context {
            texts: self.texts,
            form: &self.form,
            store: self.store.as_mut(),
            db_path: &self.db_path,
            size: self.size,
            worker: self.worker.as_deref(),
            notice: None,
            confirmed: false,
        }
    }

    /// Opens the database with `passphrase`: the form that was being typed
    /// into when the program stopped, if any, else the case list.
    pub fn open(&mut self, passphrase: &SecretString) -> Result<Screen, StoreError> {
        let store = Store::open(&self.db_path, passphrase)?;
        self.unlocked(store)
    }

    /// The database is open: the form that was being typed into when the
    /// program stopped, if any, else the case list.
    fn unlocked(&mut self, store: Store) -> Result<Screen, StoreError> {
        let draft = match store.latest_draft() {
            Ok(draft) => draft,
            // A database made a moment ago by the first run has no draft
            // to come back to: its case list opens whatever this says.
            Err(_) if matches!(self.screen, Screen::Setup(_)) => None,
            Err(e) => return Err(e),
        };
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
        Ok(Screen::List(CaseList::open(&self.context())))
    }

    /// Drops the database and everything read from it, and asks for the passphrase.
    fn lock(&mut self) {
        self.store = None;
        self.worker = None;
        self.help = false;
        self.asking = None;
        self.screen = Screen::Unlock(Unlock {
            locked: true,
            ..Unlock::default()
        });
        self.redraw_all = true;
    }

    /// Runs `f` on the case list, if that is the screen (the app and the
    /// list are borrowed apart).
    fn with_list(&mut self, f: impl FnOnce(&mut CaseList, &Context<'_>)) {
        let mut screen = std::mem::replace(&mut self.screen, Screen::Unlock(Unlock::default()));
        if let Screen::List(list) = &mut screen {
            f(list, &self.context());
        }
        self.screen = screen;
    }

    /// Reads what the applied actions made stale (the search results): called
    /// once after a batch of keys, so fast typing costs one query, not one a key.
    pub fn settle(&mut self) {
        self.with_list(|list, ctx| list.settle(ctx));
    }

    /// Builds the screen a transition names; `None` (with a notice) when
    /// it cannot be read.
    fn build(&mut self, target: Target) -> Option<Screen> {
        let read = |app: &mut App, screen: Result<Screen, StoreError>| match screen {
            Ok(screen) => Some(screen),
            Err(_) => {
                app.notice = Some("tui-error-read");
                None
            }
        };
        match target {
            Target::List => Some(Screen::List(CaseList::open(&self.context()))),
            Target::Record(id) => {
                let store = self.store.as_ref()?;
                let view = RecordView::open(store, &self.form, id, today());
                read(self, view.map(|v| Screen::Record(Box::new(v))))
            }
            Target::Form(id) => {
                let store = self.store.as_ref()?;
                let form = FormScreen::open(store, &self.form, self.texts, id, today());
                read(self, form.map(|f| Screen::Form(Box::new(f))))
            }
            Target::NewRecord => {
                let store = self.store.as_mut()?;
                match FormScreen::new_record(store, &self.form, self.texts, today()) {
                    Ok(f) => Some(Screen::Form(Box::new(f))),
                    Err(_) => {
                        self.notice = Some("tui-error-save");
                        None
                    }
                }
            }
            Target::Import => {
                let folder = std::env::current_dir().unwrap_or_default();
                Some(Screen::Import(Box::new(ImportScreen::new(&folder))))
            }
            Target::Conflicts => {
                let Some(store) = self.store.as_ref() else {
                    self.notice = Some("tui-error-read");
                    return None;
                };
                let view = ConflictsView::open(store);
                read(self, view.map(Screen::Conflicts))
            }
            Target::Devices => {
                let Some(store) = self.store.as_ref() else {
                    self.notice = Some("tui-error-read");
                    return None;
                };
                let view = DevicesView::open(store);
                read(self, view.map(Screen::Devices))
            }
            Target::Duplicates => {
                self.work = self.start_duplicates();
                self.work.is_some().then(|| {
                    Screen::Duplicates(DuplicatesView {
                        searching: true,
                        ..DuplicatesView::default()
                    })
                })
            }
            Target::Passphrase => Some(Screen::Passphrase(Default::default())),
            Target::Backup => {
                let folder = std::env::current_dir().unwrap_or_default();
                Some(Screen::Backup(crate::tui::screens::backup::BackupScreen::new(
                    &folder,
                )))
            }
            Target::Paper(record, task) => {
                use crate::tui::screens::paper::{PaperScreen, Task};
                let folder = std::env::current_dir().unwrap_or_default();
                let mut screen = PaperScreen::new(record, task, &folder);
                if task == Task::Letter {
                    match crate::documents::load(self.templates_dir.as_deref(), &self.form) {
                        Ok(all) => screen = screen.with_templates(all, self.texts.lang()),
                        Err(_) => {
                            self.notice = Some("tui-templates-broken");
                            return None;
                        }
                    }
                }
                if task == Task::Copies {
                    let store = self.store.as_ref()?;
                    let listed = crate::attach::choose(store, record, None).unwrap_or_default();
                    screen.attachments = listed
                        .iter()
                        .map(|l| {
                            format!(
                                "{} — {}",
                                l.attachment.name,
                                crate::attach::describe(self.texts, &l.attachment)
                            )
                        })
                        .collect();
                }
                Some(Screen::Paper(Box::new(screen)))
            }
            Target::Reports => {
                self.work = self.start_reports();
                self.work.is_some().then(|| {
                    Screen::Reports(ReportsView {
                        reading: true,
                        folder: std::env::current_dir().unwrap_or_default(),
                        ..ReportsView::default()
                    })
                })
            }
        }
    }

    /// Carries out what a screen answered.
    fn apply(&mut self, transition: Transition) {
        match transition {
            Transition::Stay => {}
            Transition::Notice(key) => self.notice = Some(key),
            Transition::Ask { question, then } => {
                self.asking = Some((crate::tui::widgets::confirm::Confirm { question }, then));
            }
            Transition::Quit => self.quit = true,
            Transition::Back => {
                if let Some(screen) = self.build(Target::List) {
                    self.screen = screen;
                }
            }
            Transition::Open(target) => {
                if let Some(screen) = self.build(target) {
                    self.screen = screen;
                }
            }
            Transition::Unlocked(store) => match self.unlocked(*store) {
                Ok(screen) => self.screen = screen,
                Err(_) => {
                    self.store = None;
                    if let Screen::Unlock(unlock) = &mut self.screen {
                        unlock.error = Some("tui-error-open");
                    }
                }
            },
            Transition::Backup { out, passphrase } => {
                self.work = self.start_backup(out, passphrase);
                if self.work.is_none()
                    && let Screen::Backup(screen) = &mut self.screen
                {
                    let refused = crate::i18n::Message::new("tui-error-read", Vec::new());
                    screen.finished(crate::tui::screens::backup::Outcome::Refused(refused));
                }
            }
            Transition::HandOver { from, to } => {
                self.work = self.start_handover(from, to);
                if self.work.is_none() {
                    self.notice = Some("tui-error-save");
                }
            }
            Transition::ChangePassphrase { current, new } => {
                self.work = self.start_rekey(current, new);
                if self.work.is_none()
                    && let Screen::Passphrase(screen) = &mut self.screen
                {
                    screen.finished(Some("passphrase-err-failed"));
                }
            }
            Transition::Import(files) => {
                let total = files.len();
                self.work = self.start_import(files);
                if self.work.is_some()
                    && let Screen::Import(import) = &mut self.screen
                {
                    import.started(total);
                }
            }
        }
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
            app.with_list(|list, ctx| list.resized(ctx));
            return;
        }
        _ => {
            app.last_input = Instant::now();
            app.notice = None;
        }
    }
    // A question asked: only its answer counts (yes does what was asked).
    if let Some((_, then)) = &app.asking {
        let then = *then;
        match crate::tui::widgets::confirm::Confirm::answer(action) {
            Some(true) => {
                app.asking = None;
                dispatch(app, then, true);
            }
            Some(false) => app.asking = None,
            None => {}
        }
        return;
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
            // A laptop is lost with everything on it since the last backup.
            let stale = matches!(app.screen, Screen::List(_))
                && app
                    .store
                    .as_ref()
                    .is_some_and(|s| crate::backup::reminder_due(s, chrono::Utc::now()).unwrap_or(false));
            if (unsaved || stale) && !asked {
                app.quit_asked = true;
                app.notice = Some(if unsaved {
                    "tui-quit-unsaved"
                } else {
                    "tui-quit-backup"
                });
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
        _ => dispatch(app, action, false),
    }
}

/// Gives the screen its own action (`confirmed`: after a yes).
fn dispatch(app: &mut App, action: Action, confirmed: bool) {
    // The screen's own actions need the screen and the app apart.
    let mut screen = std::mem::replace(&mut app.screen, Screen::Unlock(Unlock::default()));
    let mut ctx = app.context();
    ctx.confirmed = confirmed;
    let next = screen.update(&mut ctx, action);
    let notice = ctx.notice;
    app.screen = screen;
    if notice.is_some() {
        app.notice = notice;
    }
    app.apply(next);
}

#[cfg(test)]
mod tests {
    use crate::tui::action::{Action, Edit};
    use crate::tui::keymap::{HELP_MODE, NONE, SHIFT, key_action};
    use crate::tui::screens::{all_modes, list};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shortcuts_work_on_the_russian_layout_outside_text_fields() {
        let q = press(KeyCode::Char('й'), NONE);
        assert_eq!(key_action(list::MODE, &q), Some(Action::Quit));
        let slash = press(KeyCode::Char('.'), NONE);
        assert_eq!(key_action(list::MODE, &slash), Some(Action::Search));
        let question = press(KeyCode::Char(','), SHIFT);
        assert_eq!(key_action(list::MODE, &question), Some(Action::Help));
        // In a text field the Cyrillic letter is text.
        assert_eq!(
            key_action(list::SEARCH_MODE, &q),
            Some(Action::Edit(Edit::Insert('й')))
        );
    }

    #[test]
    fn only_key_presses_count() {
        let mut release = press(KeyCode::Char('q'), NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_action(list::MODE, &release), None);
    }

    #[test]
    fn every_binding_has_a_description_in_every_language() {
        let mut modes = all_modes();
        modes.push(HELP_MODE);
        modes.push(crate::tui::widgets::confirm::MODE);
        assert!(modes.len() >= 15, "every screen's modes are listed");
        for mode in modes {
            for b in mode.all() {
                for lang in crate::i18n::Lang::ALL {
                    assert!(
                        crate::i18n::Texts::get(lang).has(b.help),
                        "{} in {}",
                        b.help,
                        lang.tag()
                    );
                }
            }
        }
    }
}
