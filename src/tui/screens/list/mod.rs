//! The case list (home): its state, the window of records on screen with
//! search-as-you-type, filters and orders, and its actions.

pub mod draw;

use crate::domain::workflow::Status;
use crate::store::{ListOrder, RecordQuery, RecordRow, StoreError};
use crate::tui::action::{Action, Edit};
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Target, Transition, today};
use crate::tui::widgets::text_field::TextField;
use ratatui::crossterm::event::KeyCode;

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 24] = [
    bind(&[(KeyCode::Char('n'), NONE)], "n", Action::NewRecord, "tui-key-new", true),
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::Open, "tui-key-open", true),
    bind(&[(KeyCode::Char('e'), NONE)], "e", Action::EditRecord, "tui-key-edit", false),
    bind(&[(KeyCode::Char('/'), NONE)], "/", Action::Search, "tui-key-search", true),
    bind(&[(KeyCode::Char('m'), NONE)], "m", Action::ToggleMine, "tui-key-mine", false),
    bind(&[(KeyCode::Char('d'), NONE)], "d", Action::ToggleOverdue, "tui-key-overdue", false),
    bind(&[(KeyCode::Char('s'), NONE)], "s", Action::NextStatusFilter, "tui-key-status-filter", false),
    bind(&[(KeyCode::Char('S'), SHIFT)], "S", Action::PrevStatusFilter, "tui-key-status-filter-back", false),
    bind(&[(KeyCode::Char('o'), NONE)], "o", Action::NextOrder, "tui-key-order", false),
    bind(&[(KeyCode::Char('i'), NONE)], "i", Action::OpenImport, "tui-key-import", false),
    bind(&[(KeyCode::Char('c'), NONE)], "c", Action::OpenConflicts, "tui-key-conflicts", false),
    bind(&[(KeyCode::Char('D'), SHIFT)], "D", Action::OpenDevices, "tui-key-devices", false),
    bind(&[(KeyCode::Char('p'), NONE)], "p", Action::OpenDuplicates, "tui-key-duplicates", false),
    bind(&[(KeyCode::Char('r'), NONE)], "r", Action::OpenReports, "tui-key-reports", false),
    bind(&[(KeyCode::Char('b'), NONE)], "b", Action::OpenBackup, "tui-key-backup", false),
    bind(&[(KeyCode::Char('P'), SHIFT)], "P", Action::OpenPassphrase, "tui-key-passphrase", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::PageUp, NONE)], "PgUp", Action::PageUp, "tui-key-page-up", false),
    bind(&[(KeyCode::PageDown, NONE)], "PgDn", Action::PageDown, "tui-key-page-down", false),
    bind(&[(KeyCode::Home, NONE), (KeyCode::Char('g'), NONE)], "Home g", Action::Top, "tui-key-top", false),
    bind(&[(KeyCode::End, NONE), (KeyCode::Char('G'), SHIFT)], "End G", Action::Bottom, "tui-key-bottom", false),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", true),
    bind(&[(KeyCode::Char('q'), NONE)], "q", Action::Quit, "tui-key-quit", true),
];

/// The keys while a search is typed.
#[rustfmt::skip]
pub const SEARCH_BINDINGS: [Binding; 4] = [
    bind(&[(KeyCode::Enter, NONE)], "Enter", Action::KeepSearch, "tui-key-keep-search", true),
    bind(&[(KeyCode::Esc, NONE)], "Esc", Action::ClearSearch, "tui-key-clear-search", true),
    bind(&[(KeyCode::Up, NONE)], "↑", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Down, NONE)], "↓", Action::Down, "tui-key-down", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "list",
    bindings: &BINDINGS,
    types_text: false,
};

/// The keys while a search is typed.
pub const SEARCH_MODE: Mode = Mode {
    name: "search",
    bindings: &SEARCH_BINDINGS,
    types_text: true,
};

/// Every mode of the screen.
pub const MODES: [Mode; 2] = [MODE, SEARCH_MODE];

/// The keys that apply now: the search's while it is typed.
pub fn mode(list: &CaseList) -> Mode {
    if list.searching { SEARCH_MODE } else { MODE }
}

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
    /// The search changed and the rows are not read yet (see [`CaseList::settle`]).
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

/// Rows of records the list shows at a terminal size (columns, rows).
pub fn visible_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(LIST_CHROME_ROWS)).max(1)
}

impl CaseList {
    /// The case list, read from the top.
    pub fn open(ctx: &Context<'_>) -> CaseList {
        let mut list = CaseList::default();
        list.refresh(ctx, true);
        list
    }

    /// Reads the window of the list that is on screen (and the count, when
    /// the search changed).
    pub fn refresh(&mut self, ctx: &Context<'_>, count: bool) {
        let Some(store) = ctx.store.as_deref() else { return };
        let search = Some(self.search.value().to_owned()).filter(|s| !s.trim().is_empty());
        let query = RecordQuery {
            search,
            limit: Some(visible_rows(ctx.size)),
            offset: Some(self.offset),
            status: self.status.map(|s| s.as_str().to_owned()),
            due_before: self.overdue.then(|| today().format("%Y-%m-%d").to_string()),
            recorded_by: if self.mine {
                ctx.worker.map(str::to_owned)
            } else {
                None
            },
            assigned_here: self.mine,
            order: self.order,
        };
        let read = (|| {
            if count {
                // A search is counted to a cap; the list exactly (an index count).
                let cap = query.search.as_ref().map(|_| SEARCH_COUNT_CAP + 1);
                let n = store.count_records(&query, cap)?;
                self.capped = cap.is_some() && n > SEARCH_COUNT_CAP;
                self.total = if self.capped { SEARCH_COUNT_CAP } else { n };
            }
            self.rows = store.records(&query)?;
            Ok::<_, StoreError>(())
        })();
        self.error = read.err().map(|_| "tui-error-read");
    }

    /// Reads what the applied actions made stale (the search results): called
    /// once after a batch of keys, so fast typing costs one query, not one a key.
    pub fn settle(&mut self, ctx: &Context<'_>) {
        if self.stale {
            self.stale = false;
            self.refresh(ctx, true);
        }
    }

    /// The terminal changed size: the window is read again around the selection.
    pub fn resized(&mut self, ctx: &Context<'_>) {
        self.refresh(ctx, false);
        let selected = self.selected;
        self.select(ctx, selected);
    }

    /// Moves the selection to `index` (clamped), scrolling the window if needed.
    pub fn select(&mut self, ctx: &Context<'_>, index: usize) {
        let last = self.total.saturating_sub(1);
        self.selected = index.min(last);
        let visible = visible_rows(ctx.size);
        let offset = if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + visible {
            self.selected + 1 - visible
        } else {
            self.offset
        };
        if offset != self.offset {
            self.offset = offset;
            self.refresh(ctx, false);
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
pub fn update(list: &mut CaseList, ctx: &mut Context<'_>, action: Action) -> Transition {
    let page = visible_rows(ctx.size);
    match action {
        Action::NewRecord => return Transition::Open(Target::NewRecord),
        Action::Open | Action::EditRecord => {
            let row = list
                .selected
                .checked_sub(list.offset)
                .and_then(|i| list.rows.get(i));
            if let Some(row) = row {
                return Transition::Open(if action == Action::Open {
                    Target::Record(row.id)
                } else {
                    Target::Form(row.id)
                });
            }
        }
        Action::Search => list.searching = true,
        Action::OpenImport => return Transition::Open(Target::Import),
        Action::OpenDuplicates => return Transition::Open(Target::Duplicates),
        Action::OpenReports => return Transition::Open(Target::Reports),
        Action::OpenConflicts => return Transition::Open(Target::Conflicts),
        Action::OpenDevices => return Transition::Open(Target::Devices),
        Action::OpenPassphrase => return Transition::Open(Target::Passphrase),
        Action::OpenBackup => return Transition::Open(Target::Backup),
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
            list.refresh(ctx, true);
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
        Action::Up | Action::ScrollUp => list.select(ctx, list.selected.saturating_sub(1)),
        Action::Down | Action::ScrollDown => list.select(ctx, list.selected + 1),
        Action::PageUp => list.select(ctx, list.selected.saturating_sub(page)),
        Action::PageDown => list.select(ctx, list.selected + page),
        Action::Top => list.select(ctx, 0),
        Action::Bottom => list.select(ctx, list.total),
        Action::Click { row, .. } => {
            // Records start below the title, search line and table header.
            if let Some(i) = usize::from(row).checked_sub(3)
                && i < list.rows.len()
            {
                list.select(ctx, list.offset + i);
            }
        }
        _ => {}
    }
    Transition::Stay
}
