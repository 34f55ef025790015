//! The case list (home): its state, the window of records on screen with
//! search-as-you-type, filters and orders, and its actions.

use super::action::{Action, Edit};
use super::app::{App, Screen, Unlock, today};
use super::duplicates_view::DuplicatesView;
use super::reports_view::ReportsView;
use super::sync_view::{ConflictsView, DevicesView, ImportScreen};
use super::widgets::text_field::TextField;
use crate::domain::workflow::Status;
use crate::store::{ListOrder, RecordQuery, RecordRow, StoreError};

/// Rows the list screen uses for other things than records: title, search
/// line, table header, status bar.
pub const LIST_CHROME_ROWS: u16 = 4;

/// A search counts its matches up to this many ("1000+").
pub const SEARCH_COUNT_CAP: usize = 1000;

/// The case list.
#[derive(Debug, Default)]
pub struct CaseList {
    /// The search text.
    pub search: TextField,
    /// Keys go to the search field.
    pub searching: bool,
    /// The rows on screen: `offset .. offset + rows.len()` of the result.
    pub rows: Vec<RecordRow>,
    /// Records matching the search (at most [`SEARCH_COUNT_CAP`] for a search).
    pub total: usize,
    /// There are more matches than `total`.
    pub capped: bool,
    /// Index of the first row on screen.
    pub offset: usize,
    /// Index of the selected record in the whole result.
    pub selected: usize,
    /// Message key of a problem reading the list.
    pub error: Option<&'static str>,
    /// The search changed and the rows are not read yet (see [`App::settle`]).
    pub stale: bool,
    /// Only the people this worker recorded.
    pub mine: bool,
    /// Only open cases with an overdue next action.
    pub overdue: bool,
    /// Only this status.
    pub status: Option<Status>,
    /// The order of the rows.
    pub order: ListOrder,
}

impl CaseList {
    /// Whether any filter is on (an empty list then says "no match", not "no records").
    pub fn filtered(&self) -> bool {
        self.mine || self.overdue || self.status.is_some() || !self.search.value().trim().is_empty()
    }
}

impl App {
    /// Rows of records the list shows at the current size.
    pub fn visible_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(LIST_CHROME_ROWS)).max(1)
    }

    /// The case list, read from the top.
    pub fn list(&self) -> CaseList {
        let mut list = CaseList::default();
        self.refresh(&mut list, true);
        list
    }

    /// Reads the window of the list that is on screen (and the count, when
    /// the search changed).
    pub(super) fn refresh(&self, list: &mut CaseList, count: bool) {
        let Some(store) = &self.store else { return };
        let search = Some(list.search.value().to_owned()).filter(|s| !s.trim().is_empty());
        let query = RecordQuery {
            search,
            limit: Some(self.visible_rows()),
            offset: Some(list.offset),
            status: list.status.map(|s| s.as_str().to_owned()),
            due_before: list.overdue.then(|| today().format("%Y-%m-%d").to_string()),
            recorded_by: if list.mine { self.worker.clone() } else { None },
            order: list.order,
        };
        let read = (|| {
            if count {
                // A search is counted to a cap; the list exactly (an index count).
                let cap = query.search.as_ref().map(|_| SEARCH_COUNT_CAP + 1);
                let n = store.count_records(&query, cap)?;
                list.capped = cap.is_some() && n > SEARCH_COUNT_CAP;
                list.total = if list.capped { SEARCH_COUNT_CAP } else { n };
            }
            list.rows = store.records(&query)?;
            Ok::<_, StoreError>(())
        })();
        list.error = read.err().map(|_| "tui-error-read");
    }

    /// Reads what the applied actions made stale (the search results): called
    /// once after a batch of keys, so fast typing costs one query, not one a key.
    pub fn settle(&mut self) {
        self.with_list(|app, list| {
            if list.stale {
                list.stale = false;
                app.refresh(list, true);
            }
        });
    }

    /// Runs `f` on the case list, if that is the screen (the app and the
    /// list are borrowed apart).
    pub(super) fn with_list(&mut self, f: impl FnOnce(&App, &mut CaseList)) {
        if !matches!(self.screen, Screen::List(_)) {
            return;
        }
        let mut screen = std::mem::replace(&mut self.screen, Screen::Unlock(Unlock::default()));
        if let Screen::List(list) = &mut screen {
            f(self, list);
        }
        self.screen = screen;
    }

    /// Moves the selection to `index` (clamped), scrolling the window if needed.
    pub(super) fn select(&self, list: &mut CaseList, index: usize) {
        let last = list.total.saturating_sub(1);
        list.selected = index.min(last);
        let visible = self.visible_rows();
        let offset = if list.selected < list.offset {
            list.selected
        } else if list.selected >= list.offset + visible {
            list.selected + 1 - visible
        } else {
            list.offset
        };
        if offset != list.offset {
            list.offset = offset;
            self.refresh(list, false);
        }
    }
}

/// The status filter one step on (or back): every status, then each in
/// workflow order, then every status again.
fn step_status(current: Option<Status>, forward: bool) -> Option<Status> {
    let all = Status::ALL;
    let at = current.and_then(|s| all.iter().position(|x| *x == s));
    let n = all.len() + 1;
    // Position 0 is "every status", 1..=n-1 the statuses.
    let pos = at.map_or(0, |i| i + 1);
    let next = if forward { (pos + 1) % n } else { (pos + n - 1) % n };
    next.checked_sub(1).map(|i| all[i])
}

/// The list's actions.
pub(super) fn update_list(app: &mut App, list: &mut CaseList, action: Action) -> Option<Screen> {
    let page = app.visible_rows();
    match action {
        Action::NewRecord => return app.new_record(),
        Action::Open | Action::EditRecord => {
            let row = list
                .selected
                .checked_sub(list.offset)
                .and_then(|i| list.rows.get(i))?;
            return if action == Action::Open {
                app.open_record(row.id)
            } else {
                app.open_form(row.id)
            };
        }
        Action::Search => list.searching = true,
        Action::OpenImport => {
            let folder = std::env::current_dir().unwrap_or_default();
            return Some(Screen::Import(Box::new(ImportScreen::new(&folder))));
        }
        Action::OpenDuplicates => {
            app.work = app.start_duplicates();
            if app.work.is_some() {
                return Some(Screen::Duplicates(DuplicatesView {
                    searching: true,
                    ..DuplicatesView::default()
                }));
            }
        }
        Action::OpenReports => {
            app.work = app.start_reports();
            if app.work.is_some() {
                return Some(Screen::Reports(ReportsView {
                    reading: true,
                    folder: std::env::current_dir().unwrap_or_default(),
                    ..ReportsView::default()
                }));
            }
        }
        Action::OpenConflicts => match app.store.as_ref().map(ConflictsView::open) {
            Some(Ok(view)) => return Some(Screen::Conflicts(view)),
            _ => app.notice = Some("tui-error-read"),
        },
        Action::OpenDevices => match app.store.as_ref().map(DevicesView::open) {
            Some(Ok(view)) => return Some(Screen::Devices(view)),
            _ => app.notice = Some("tui-error-read"),
        },
        Action::ToggleMine
        | Action::ToggleOverdue
        | Action::NextStatusFilter
        | Action::PrevStatusFilter
        | Action::NextOrder => {
            match action {
                Action::ToggleMine => list.mine = !list.mine,
                Action::ToggleOverdue => list.overdue = !list.overdue,
                Action::NextOrder => {
                    let at = ListOrder::ALL.iter().position(|o| *o == list.order).unwrap_or(0);
                    list.order = ListOrder::ALL[(at + 1) % ListOrder::ALL.len()];
                }
                _ => list.status = step_status(list.status, action == Action::NextStatusFilter),
            }
            list.offset = 0;
            list.selected = 0;
            app.refresh(list, true);
        }
        Action::KeepSearch => list.searching = false,
        Action::ClearSearch | Action::Edit(_) => {
            let edit = match action {
                Action::Edit(edit) => edit,
                _ => {
                    list.searching = false;
                    Edit::Clear
                }
            };
            // A changed search is read once the pending keys are all applied.
            if list.search.apply(edit) {
                list.offset = 0;
                list.selected = 0;
                list.stale = true;
            }
        }
        Action::Up | Action::ScrollUp => app.select(list, list.selected.saturating_sub(1)),
        Action::Down | Action::ScrollDown => app.select(list, list.selected + 1),
        Action::PageUp => app.select(list, list.selected.saturating_sub(page)),
        Action::PageDown => app.select(list, list.selected + page),
        Action::Top => app.select(list, 0),
        Action::Bottom => app.select(list, list.total),
        Action::Click { row, .. } => {
            // Records start below the title, search line and table header.
            if let Some(i) = usize::from(row).checked_sub(3)
                && i < list.rows.len()
            {
                app.select(list, list.offset + i);
            }
        }
        _ => {}
    }
    None
}
