//! The reports screen: the headline figures, then one bar chart at a time
//! (by oblast, by age band and sex, by outcome); a hidden count is drawn as
//! an empty bar marked `<5`.

use super::{CHARTS, ReportsView};
use crate::report::{Factsheet, Shown};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

/// Draws the reports screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, view: &ReportsView) {
    let t = ctx.texts;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let [head, dates, figures, tabs, chart, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut title = vec![Span::styled(
        format!("Intake — {}", t.text("report-title", &[])),
        bold,
    )];
    if view.hide_small {
        // Said in words, not by colour: the figures below are not the whole truth.
        title.push(Span::raw(format!(
            "  [{}]",
            t.text("tui-rep-hidden", &[("limit", super::SHARED_LIMIT.into())])
        )));
    }
    frame.render_widget(Line::from(title), head);
    if view.reading {
        frame.render_widget(Line::from(t.text("tui-rep-reading", &[])), dates);
        return;
    }
    let Some(sheet) = view.factsheet(ctx.form, ctx.texts) else {
        frame.render_widget(Line::from(t.text("tui-error-read", &[])), dates);
        return;
    };
    frame.render_widget(Line::from(sheet.subtitle[..2].join(" · ")), dates);
    let shown: Vec<&crate::report::Figure> = ["people", "of_concern", "nationality_confirmed", "overdue"]
        .iter()
        .filter_map(|code| sheet.headline.iter().find(|f| f.code == *code))
        .collect();
    let width = shown
        .iter()
        .map(|f| f.label.chars().count() + 2 * usize::from(f.depth))
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = shown
        .iter()
        .map(|f| {
            let label = format!("{}{}", "  ".repeat(usize::from(f.depth)), f.label);
            Line::from(vec![
                Span::raw(format!("{label:<width$}  ")),
                Span::styled(sheet.value(f), bold),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), figures);
    let mut spans = Vec::new();
    for (i, (_, key)) in CHARTS.iter().enumerate() {
        let title = t.text(key, &[]);
        if i == view.chart {
            spans.push(Span::styled(
                format!("▶ {title} "),
                bold.add_modifier(Modifier::REVERSED),
            ));
        } else {
            spans.push(Span::raw(format!("  {title} ")));
        }
    }
    frame.render_widget(Line::from(spans), tabs);
    let (id, _) = CHARTS[view.chart % CHARTS.len()];
    if let Some(table) = sheet.tables.iter().find(|t| t.id == id) {
        match id {
            "by_sex_and_age" => sex_and_age(frame, chart, &sheet, table),
            _ => horizontal(frame, chart, &sheet, table, view.scroll, id == "by_oblast"),
        }
    }
    if let Some(written) = &view.written {
        frame.render_widget(Line::from(written.as_str()), foot);
    }
}

/// A bar: its length (0 when hidden) and the count or the hidden mark.
fn bar<'a>(sheet: &Factsheet, label: String, n: Option<u64>) -> Bar<'a> {
    Bar::default()
        .value(n.unwrap_or(0))
        .label(Line::from(label))
        .text_value(sheet.cell(n))
}

/// One bar a row, largest first when `by_size`; scrolled when they do not fit.
fn horizontal(
    frame: &mut Frame<'_>,
    area: Rect,
    sheet: &Factsheet,
    table: &Shown,
    scroll: usize,
    by_size: bool,
) {
    let mut rows: Vec<(&str, Option<u64>)> = table
        .rows
        .iter()
        .map(|(_, label, cells)| (label.as_str(), cells.first().copied().flatten()))
        .filter(|(_, n)| *n != Some(0))
        .collect();
    if by_size {
        rows.sort_by_key(|(_, n)| std::cmp::Reverse(n.unwrap_or(0)));
    }
    let room = usize::from(area.height.saturating_sub(2));
    let start = scroll.min(rows.len().saturating_sub(room));
    let rest = rows.len().saturating_sub(start + room);
    let max = rows.iter().filter_map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let bars: Vec<Bar> = rows
        .iter()
        .skip(start)
        .take(room)
        .map(|(label, n)| bar(sheet, (*label).to_owned(), *n))
        .collect();
    let mut block = Block::bordered().title(table.title.as_str());
    if rest > 0 || start > 0 {
        block = block.title_bottom(format!(
            " ↑↓ {}–{} / {} ",
            start + 1,
            start + bars.len(),
            rows.len()
        ));
    }
    frame.render_widget(
        BarChart::horizontal(bars)
            .block(block)
            .max(max)
            .bar_width(1)
            .bar_gap(0)
            .value_style(Style::default().add_modifier(Modifier::BOLD)),
        area,
    );
}

/// Age bands as groups of two bars, women then men, each bar named by the
/// first letter of its sex (the legend says which).
fn sex_and_age(frame: &mut Frame<'_>, area: Rect, sheet: &Factsheet, table: &Shown) {
    let initial = |c: usize| {
        table
            .columns
            .get(c)
            .and_then(|s| s.chars().next())
            .map(|ch| ch.to_uppercase().to_string())
            .unwrap_or_default()
    };
    // People whose sex is not recorded have no bar: the legend counts them.
    let unknown = table.total.as_ref().and_then(|t| t.get(2).copied());
    let legend = format!(
        "{} ({}) · {} ({}) · {}: {}",
        table.columns.first().map_or("", String::as_str),
        initial(0),
        table.columns.get(1).map_or("", String::as_str),
        initial(1),
        table.columns.get(2).map_or("", String::as_str),
        unknown.map_or_else(|| sheet.hidden.clone(), |n| sheet.cell(n))
    );
    let max = table
        .rows
        .iter()
        .flat_map(|(_, _, cells)| cells.iter().take(2).filter_map(|n| *n))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut chart = BarChart::default()
        .block(Block::bordered().title(table.title.as_str()).title_bottom(legend))
        .direction(Direction::Vertical)
        .max(max)
        .bar_width(5)
        .bar_gap(1)
        .group_gap(1);
    for (_, label, cells) in &table.rows {
        let bars: Vec<Bar> = (0..2)
            .map(|c| {
                let n = cells.get(c).copied().flatten();
                // A bar of no height shows no value: a hidden count is said under it.
                let label = if n.is_none() {
                    format!("{}{}", initial(c), sheet.hidden)
                } else {
                    initial(c)
                };
                bar(sheet, label, n)
            })
            .collect();
        chart = chart.data(BarGroup::default().label(Line::from(label.as_str())).bars(&bars));
    }
    frame.render_widget(chart, area);
}
