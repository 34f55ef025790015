//! The case list (home): a title with the count, the search line, and the
//! window of records on screen — names in Cyrillic and Latin, birth date,
//! oblast, status and next action, overdue ones marked with `!`.

use super::CaseList;
use crate::domain::visible::visible;
use crate::form::{Form, Regions};
use crate::i18n::{Arg, Lang};
use crate::store::{ListOrder, RecordRow};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

/// A region's short name for a column ("Almaty", "Алматинская", "ЗКО").
fn region_name(code: &str, lang: Lang) -> String {
    Regions::builtin()
        .by_code(code)
        .map_or_else(|| code.to_owned(), |r| r.short_name(lang))
}

/// A status's short name for a column (`status-short-…`).
fn status_name(t: &crate::i18n::Texts, status: &str) -> String {
    let key = format!("status-short-{status}");
    if t.has(&key) {
        t.text(&key, &[])
    } else {
        t.text(&Form::choice_label("status", status), &[])
    }
}

/// Terminals at least this wide show the Latin names in their own column.
const WIDE: u16 = 100;

/// Whether the next action is due before today on an open case.
pub fn overdue(row: &RecordRow, today: &str) -> bool {
    row.status.as_deref() != Some("closed") && row.next_action.as_deref().is_some_and(|d| d < today)
}

fn latin(row: &RecordRow) -> String {
    [&row.surname_latin, &row.given_name_latin]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Draws the list screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, list: &CaseList) {
    let t = ctx.texts;
    let count = if list.capped {
        t.text("tui-records-more", &[("count", Arg::from(list.total))])
    } else {
        t.text("records-count", &[("count", Arg::from(list.total))])
    };
    // The filters and the order in words, so the count is never misread.
    let mut shown = vec![t.text("tui-list-title", &[]), count];
    if list.mine {
        shown.push(t.text("tui-filter-mine", &[]));
    }
    if list.overdue {
        shown.push(format!("! {}", t.text("tui-filter-overdue", &[])));
    }
    if let Some(status) = list.status {
        shown.push(t.text(&Form::choice_label("status", status.as_str()), &[]));
    }
    match list.order {
        ListOrder::Updated => {}
        ListOrder::NextAction => shown.push(t.text("tui-order-next-action", &[])),
        ListOrder::Name => shown.push(t.text("tui-order-name", &[])),
    }
    // With every filter on, the title wraps rather than lose the order.
    let heading = crate::tui::widgets::lines::wrapped(
        &format!("Intake — {}", shown.join(" · ")),
        usize::from(area.width),
        "",
        "  ",
    );
    let [title, search, table] = Layout::vertical([
        Constraint::Length(u16::try_from(heading.len()).unwrap_or(1)),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(
            heading
                .into_iter()
                .map(|l| Line::styled(l, Style::default().add_modifier(Modifier::BOLD)))
                .collect::<Vec<_>>(),
        ),
        title,
    );
    let label = t.text("tui-search", &[]);
    let hint = if list.search.value().is_empty() && !list.searching {
        t.text("tui-search-hint", &[])
    } else {
        list.search.value().to_owned()
    };
    frame.render_widget(Paragraph::new(format!("/ {label}: {hint}")), search);
    if list.searching {
        let width = u16::try_from(unicode_width::UnicodeWidthStr::width(label.as_str())).unwrap_or(0);
        frame.set_cursor_position(Position::new(
            search.x + 4 + width + list.search.cursor_column(),
            search.y,
        ));
    }
    if let Some(key) = list.error {
        frame.render_widget(Paragraph::new(format!("✗ {}", t.text(key, &[]))), table);
        return;
    }
    if list.total == 0 {
        let key = if !list.filtered() {
            "tui-list-empty"
        } else {
            "tui-list-no-match"
        };
        frame.render_widget(Paragraph::new(format!("\n  {}", t.text(key, &[]))), table);
        return;
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let wide = area.width >= WIDE;
    let mut columns = vec!["", "tui-col-name"];
    if wide {
        columns.push("tui-col-latin");
    }
    columns.extend(["tui-col-born", "tui-col-oblast", "tui-col-status", "tui-col-next"]);
    let header = Row::new(columns.iter().map(|k| {
        if k.is_empty() {
            String::new()
        } else {
            t.text(k, &[])
        }
    }))
    .style(Style::default().add_modifier(Modifier::UNDERLINED));
    // A title on two lines takes a row of the window: the selection stays shown.
    let room = usize::from(table.height.saturating_sub(1)).max(1);
    let skip = (list.selected.saturating_sub(list.offset) + 1).saturating_sub(room);
    let rows = list.rows.iter().enumerate().skip(skip).map(|(i, r)| {
        let selected = list.offset + i == list.selected;
        let marker = match (selected, overdue(r, &today)) {
            (true, true) => "›!",
            (true, false) => "› ",
            (false, true) => " !",
            (false, false) => "  ",
        };
        let status = r.status.as_deref().map(|s| status_name(t, s)).unwrap_or_default();
        let latin = latin(r);
        let mut cells = vec![Cell::from(marker)];
        if wide {
            cells.push(Cell::from(visible(&r.full_name()).into_owned()));
            cells.push(Cell::from(latin));
        } else if latin.is_empty() || r.full_name() == latin {
            cells.push(Cell::from(visible(&r.full_name()).into_owned()));
        } else {
            // Narrow: the Latin surname after the name as written.
            let latin_surname = r.surname_latin.clone().unwrap_or(latin);
            cells.push(Cell::from(
                visible(&format!("{} ({latin_surname})", r.full_name())).into_owned(),
            ));
        }
        cells.extend([
            Cell::from(r.birth_date.clone().unwrap_or_default()),
            Cell::from(
                r.oblast
                    .as_deref()
                    .map(|c| region_name(c, t.lang()))
                    .unwrap_or_default(),
            ),
            Cell::from(status),
            Cell::from(r.next_action.clone().unwrap_or_default()),
        ]);
        let row = Row::new(cells);
        if selected {
            row.style(Style::default().add_modifier(Modifier::REVERSED))
        } else {
            row
        }
    });
    // Fixed columns as wide as their longest short text; every spare
    // column goes to the names.
    let longest = |texts: &mut dyn Iterator<Item = String>, header: &str| {
        let width = texts
            .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
            .chain(std::iter::once(unicode_width::UnicodeWidthStr::width(
                t.text(header, &[]).as_str(),
            )))
            .max()
            .unwrap_or(0);
        u16::try_from(width).unwrap_or(u16::MAX)
    };
    let oblast_width = longest(
        &mut Regions::builtin().all().iter().map(|r| r.short_name(t.lang())),
        "tui-col-oblast",
    );
    let status_width = longest(
        &mut crate::domain::Status::ALL.iter().map(|s| status_name(t, s.as_str())),
        "tui-col-status",
    );
    let mut widths = vec![Constraint::Length(2), Constraint::Fill(3)];
    if wide {
        widths.push(Constraint::Fill(2));
    }
    widths.extend([
        Constraint::Length(10),
        Constraint::Length(oblast_width),
        Constraint::Length(status_width),
        Constraint::Length(10),
    ]);
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), table);
}
