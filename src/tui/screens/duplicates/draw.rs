//! The duplicates review: one pair at a time, the two records side by side,
//! each field marked `=` (alike) or `≠` (different), the score and reasons,
//! the verdict given, and the records of the cluster the pair is in.

use super::DuplicatesView;
use crate::dedup::Verdict;
use crate::domain::visible::visible;
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

/// A value as the form shows it (sex in the interface language).
fn shown(ctx: &View<'_>, label: &str, value: &str) -> String {
    if label == "tui-dup-sex" && !value.is_empty() {
        ctx.form
            .text(ctx.texts, &crate::form::Form::choice_label("sex", value))
    } else {
        // Names and values may have come from other laptops' bundles.
        visible(value).into_owned()
    }
}

/// Draws the duplicates screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, view: &DuplicatesView) {
    let t = ctx.texts;
    let [head, summary, table, reasons] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Fill(1),
    ])
    .areas(area);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    if view.searching {
        frame.render_widget(
            Line::styled(format!("Intake — {}", t.text("tui-dup-searching", &[])), bold),
            head,
        );
        return;
    }
    let Some(pair) = view.pairs.get(view.selected) else {
        frame.render_widget(
            Line::styled(
                format!(
                    "Intake — {}",
                    t.text("tui-dup-title", &[("n", 0usize.into()), ("count", 0usize.into())])
                ),
                bold,
            ),
            head,
        );
        frame.render_widget(
            Paragraph::new(format!("\n  {}", t.text("tui-dup-none", &[]))),
            table,
        );
        return;
    };
    let title = t.text(
        "tui-dup-title",
        &[
            ("n", (view.selected + 1).into()),
            ("count", view.pairs.len().into()),
        ],
    );
    frame.render_widget(Line::styled(format!("Intake — {title}"), bold), head);
    let verdict = match pair.verdict {
        Some(Verdict::Same) => format!(" · ✓ {}", t.text("tui-dup-same", &[])),
        Some(Verdict::Different) => format!(" · ✗ {}", t.text("tui-dup-different", &[])),
        None => String::new(),
    };
    frame.render_widget(
        Line::from(format!(
            "{} {:.2}{verdict}",
            t.text("tui-dup-score", &[]),
            pair.score
        )),
        summary,
    );
    let rows = pair.rows.iter().map(|r| {
        Row::new(vec![
            Cell::from(t.text(r.label, &[])),
            Cell::from(shown(ctx, r.label, &r.a)),
            Cell::from(r.mark),
            Cell::from(shown(ctx, r.label, &r.b)),
        ])
    });
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from("A"),
        Cell::from(""),
        Cell::from("B"),
    ])
    .style(Style::default().add_modifier(Modifier::UNDERLINED));
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Length(1),
                Constraint::Fill(1),
            ],
        )
        .header(header)
        .column_spacing(1),
        table,
    );
    let group = if pair.cluster.is_empty() {
        t.text("tui-dup-apart", &[])
    } else {
        let names: Vec<String> = pair.cluster.iter().map(|m| visible(m).into_owned()).collect();
        t.text(
            "tui-dup-cluster",
            &[("count", pair.cluster.len().into()), ("names", names.join("; ").into())],
        )
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "{}: {}",
                t.text("tui-dup-reasons", &[]),
                pair.reasons
                    .iter()
                    .map(|r| t.text(&r.message_key(), &[]))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            Line::from(group),
        ])
        .wrap(Wrap { trim: true }),
        reasons,
    );
}
