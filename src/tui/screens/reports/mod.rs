//! The reports screen: the campaign's headline figures and bar charts (by
//! oblast, by age band and sex, by outcome), read on a worker thread; small
//! counts can be hidden for sharing, and the report written as XLSX or HTML.

pub mod draw;

use crate::config::ActiveForm;
use crate::i18n::{Arg, Texts};
use crate::report::{self, Factsheet, ReportFormat, Statistics};
use crate::tui::action::Action;
use crate::tui::keymap::{Binding, Mode, NONE, SHIFT, bind};
use crate::tui::transition::{Context, Transition, today};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

/// The screen's keys.
#[rustfmt::skip]
pub const BINDINGS: [Binding; 9] = [
    bind(&[(KeyCode::Tab, NONE), (KeyCode::Right, NONE)], "Tab →", Action::NextField, "tui-key-chart-next", true),
    bind(&[(KeyCode::BackTab, SHIFT), (KeyCode::Left, NONE)], "←", Action::PrevField, "tui-key-chart-prev", false),
    bind(&[(KeyCode::Char('s'), NONE)], "s", Action::ToggleHideSmall, "tui-key-hide-small", true),
    bind(&[(KeyCode::Char('x'), NONE)], "x", Action::WriteXlsx, "tui-key-write-xlsx", true),
    bind(&[(KeyCode::Char('h'), NONE)], "h", Action::WriteHtml, "tui-key-write-html", true),
    bind(&[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)], "↓ j", Action::Down, "tui-key-down", false),
    bind(&[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)], "↑ k", Action::Up, "tui-key-up", false),
    bind(&[(KeyCode::Esc, NONE), (KeyCode::Char('q'), NONE)], "Esc", Action::Back, "tui-key-back", true),
    bind(&[(KeyCode::Char('?'), SHIFT), (KeyCode::Char('?'), NONE)], "?", Action::Help, "tui-key-help", false),
];

/// The screen's keys.
pub const MODE: Mode = Mode {
    name: "reports",
    bindings: &BINDINGS,
    types_text: false,
};

/// Every mode of the screen.
pub const MODES: [Mode; 1] = [MODE];

/// The keys that apply now.
pub fn mode(_: &ReportsView) -> Mode {
    MODE
}

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
    pub fn factsheet(&self, form: &ActiveForm, texts: &'static Texts) -> Option<Factsheet> {
        let mut stats = self.stats.clone()?;
        stats.scope.suppress_below = self.hide_small.then_some(SHARED_LIMIT);
        Some(Factsheet::new(stats, form, texts))
    }

    /// The records were read (`None`: they could not be).
    pub fn read(&mut self, facts: Option<Vec<report::Facts>>, form: &ActiveForm) -> Transition {
        self.reading = false;
        let scope = report::Scope::today(today());
        match facts {
            Some(facts) => {
                self.stats = Some(report::statistics(facts, form, scope));
                Transition::Stay
            }
            None => Transition::Notice("tui-error-read"),
        }
    }
}

/// Where the reports screen writes a file: the folder Intake was started
/// in, named by the report date — the shareable one (small counts
/// hidden) apart from the internal one — and never over a file there
/// (`-2`, `-3`, … after the date).
pub fn report_path(folder: &Path, as_of: NaiveDate, format: ReportFormat, shareable: bool) -> PathBuf {
    let kind = if shareable { "-shareable" } else { "" };
    let name = |n: u32| {
        let again = if n > 1 { format!("-{n}") } else { String::new() };
        folder.join(format!("intake-report-{as_of}{kind}{again}.{}", format.extension()))
    };
    (1..1000)
        .map(name)
        .find(|p| !p.exists())
        .unwrap_or_else(|| name(1000))
}

/// The reports screen's actions.
pub fn update(view: &mut ReportsView, ctx: &mut Context<'_>, action: Action) -> Transition {
    if view.reading {
        return Transition::Stay;
    }
    match action {
        Action::Back => return Transition::Back,
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
            let (Some(sheet), Some(store)) = (view.factsheet(ctx.form, ctx.texts), ctx.store.as_deref())
            else {
                return Transition::Stay;
            };
            let path = report_path(&view.folder, sheet.stats.scope.as_of, format, view.hide_small);
            view.written = Some(match report::write_report(store, &sheet, format, &path) {
                Ok(()) => format!(
                    "✓ {}",
                    ctx.texts.text(
                        "report-written",
                        &[("path", Arg::from(path.display().to_string()))]
                    )
                ),
                Err(e) => format!("✗ {}: {e}", ctx.texts.text("tui-rep-not-written", &[])),
            });
        }
        _ => {}
    }
    Transition::Stay
}
