//! The reports screen: the campaign's headline figures and bar charts (by
//! oblast, by age band and sex, by outcome), read on a worker thread; small
//! counts can be hidden for sharing, and the report written as XLSX or HTML.

use super::action::Action;
use super::app::{App, Screen};
use super::sync_view::Work;
use crate::i18n::Arg;
use crate::report::{self, Factsheet, ReportFormat, Statistics};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// Counts under this are hidden when hiding is on (DOMAIN.md: reports shared
/// outside the organisation hide cells smaller than 5).
pub const SHARED_LIMIT: u64 = 5;

/// The charts, in the order `Tab` shows them: (table id, title key).
pub const CHARTS: [(&str, &str); 3] = [
    ("by_oblast", "report-table-by_oblast"),
    ("by_sex_and_age", "report-table-by_sex_and_age"),
    ("by_outcome", "report-table-by_outcome"),
];

/// The reports screen.
#[derive(Debug, Default)]
pub struct ReportsView {
    /// Still reading (the worker holds the database).
    pub reading: bool,
    /// The statistics, with nothing hidden.
    pub stats: Option<Statistics>,
    /// Small counts are hidden.
    pub hide_small: bool,
    /// Which of [`CHARTS`] is shown.
    pub chart: usize,
    /// Bars scrolled past (a long chart on a small terminal).
    pub scroll: usize,
    /// What happened to the last file written.
    pub written: Option<String>,
    /// Where files are written: the folder Intake was started in.
    pub folder: PathBuf,
}

impl ReportsView {
    /// The report as shown: with small counts hidden when asked.
    pub fn factsheet(&self, app: &App) -> Option<Factsheet> {
        let mut stats = self.stats.clone()?;
        stats.scope.suppress_below = self.hide_small.then_some(SHARED_LIMIT);
        Some(Factsheet::new(stats, &app.form, app.texts))
    }
}

impl App {
    /// Starts reading the records for the reports on a worker thread, which
    /// holds the database until it is done.
    pub(super) fn start_reports(&mut self) -> Option<Receiver<Work>> {
        let store = self.store.take()?;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let facts = report::read_facts(&store).ok();
            let _ = tx.send(Work::Facts(Box::new(store), facts));
        });
        Some(rx)
    }
}

/// Where the reports screen writes a file: the folder Intake was started
/// in, named by the report date.
pub fn report_path(folder: &Path, as_of: NaiveDate, format: ReportFormat) -> PathBuf {
    folder.join(format!("intake-report-{as_of}.{}", format.extension()))
}

/// The reports screen's actions.
pub fn update_reports(app: &mut App, view: &mut ReportsView, action: Action) -> Option<Screen> {
    if view.reading {
        return None;
    }
    match action {
        Action::Back => return Some(Screen::List(app.list())),
        Action::NextField => {
            view.chart = (view.chart + 1) % CHARTS.len();
            view.scroll = 0;
        }
        Action::PrevField => {
            view.chart = (view.chart + CHARTS.len() - 1) % CHARTS.len();
            view.scroll = 0;
        }
        Action::Down | Action::ScrollDown => {
            // At most to the last bar (the chart shows as many as fit).
            let (id, _) = CHARTS[view.chart % CHARTS.len()];
            let bars = view
                .stats
                .as_ref()
                .and_then(|s| s.table(id))
                .map_or(0, |t| t.rows.len());
            view.scroll = (view.scroll + 1).min(bars.saturating_sub(1));
        }
        Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
        Action::ToggleHideSmall => view.hide_small = !view.hide_small,
        Action::WriteXlsx | Action::WriteHtml => {
            let format = if action == Action::WriteXlsx {
                ReportFormat::Xlsx
            } else {
                ReportFormat::Html
            };
            let sheet = view.factsheet(app)?;
            let path = report_path(&view.folder, sheet.stats.scope.as_of, format);
            let store = app.store.as_ref()?;
            view.written = Some(match report::write_report(store, &sheet, format, &path) {
                Ok(()) => format!(
                    "✓ {}",
                    app.texts.text(
                        "report-written",
                        &[("path", Arg::from(path.display().to_string()))]
                    )
                ),
                Err(e) => format!("✗ {}: {e}", app.texts.text("tui-rep-not-written", &[])),
            });
        }
        _ => {}
    }
    None
}
