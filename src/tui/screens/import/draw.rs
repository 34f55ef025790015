//! Draws the import screen: folder, files with checkboxes, a progress
//! bar, the summary.

use super::{ImportScreen, Phase, Said};
use crate::sync::import::Imported;
use crate::tui::transition::View;
use crate::tui::widgets::lines::{highlighted, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph, Wrap};

/// The lines of one imported file, in the interface language.
fn words(ctx: &View<'_>, said: &Said) -> Vec<Line<'static>> {
    let t = ctx.texts;
    let file = || crate::i18n::Arg::from(said.file.as_str());
    let lines = match &said.outcome {
        Ok(Imported::Merged {
            sender,
            summary,
            notes,
            ..
        }) => {
            let mut lines = vec![t.text(
                "tui-import-merged",
                &[
                    ("file", file()),
                    ("ops", summary.new_ops.into()),
                    ("records", summary.new_records.into()),
                    ("conflicts", summary.new_conflicts.into()),
                ],
            )];
            lines.extend(crate::sync::summary::note_lines(t, &sender.describe(t), notes));
            lines
        }
        Ok(Imported::AlreadyImported { .. }) => vec![t.text("tui-import-already", &[("file", file())])],
        Ok(Imported::Quarantined { sender }) => {
            let mut lines = vec![
            t.text(
                "tui-import-quarantined",
                &[
                    ("file", file()),
                    ("device", sender.device.short().into()),
                    (
                        "who",
                        crate::domain::visible::visible(&sender.worker)
                            .into_owned()
                            .into(),
                    ),
                    ("key", sender.fingerprint.as_str().into()),
                ],
            ),
        ];
            if let Some((old, made)) = &sender.replaces {
                lines.push(t.text(
                    "sync-quarantined-successor",
                    &[("old", old.short().into()), ("made", made.clone().unwrap_or_default().into())],
                ));
            }
            lines
        }
        Err(refusal) => vec![t.text(
            "tui-import-refused",
            &[("file", file()), ("reason", refusal.render(t).into())],
        )],
    };
    lines.into_iter().map(Line::from).collect()
}

/// Draws the import screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, import: &ImportScreen) {
    let t = ctx.texts;
    let [head, folder, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    frame.render_widget(title(t.text("tui-import-title", &[])), head);
    let label = t.text("tui-import-folder", &[]);
    frame.render_widget(
        Line::from(format!("{label}: {}", import.chooser.folder.value())),
        folder,
    );
    match import.phase {
        Phase::Choosing => {
            let width = u16::try_from(unicode_width::UnicodeWidthStr::width(label.as_str())).unwrap_or(0);
            frame.set_cursor_position(Position::new(
                folder.x + width + 2 + import.chooser.folder.cursor_column(),
                folder.y,
            ));
            let mut lines = vec![Line::from(t.text(
                "tui-import-files",
                &[("count", import.chooser.files.len().into())],
            ))];
            let visible = usize::from(body.height.saturating_sub(1)).max(1);
            let start = (import.chooser.selected + 1).saturating_sub(visible);
            for (i, (path, chosen)) in import.chooser.files.iter().enumerate().skip(start).take(visible) {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let mark = if *chosen { "[✓]" } else { "[ ]" };
                lines.push(highlighted(
                    format!("{mark} {name}"),
                    i == import.chooser.selected,
                ));
            }
            frame.render_widget(Paragraph::new(lines), body);
        }
        Phase::Running { done, total } => {
            let [gauge, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
            let ratio = if total == 0 {
                1.0
            } else {
                done as f64 / total as f64
            };
            frame.render_widget(
                Gauge::default().ratio(ratio.clamp(0.0, 1.0)).label(t.text(
                    "tui-import-progress",
                    &[("done", done.into()), ("total", total.into())],
                )),
                gauge,
            );
            let lines: Vec<Line<'_>> = import.summary.iter().flat_map(|s| words(ctx, s)).collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
        }
        Phase::Done => {
            let mut lines = vec![Line::styled(
                t.text("tui-import-done", &[("count", import.summary.len().into())]),
                Style::default().add_modifier(Modifier::BOLD),
            )];
            lines.extend(import.summary.iter().flat_map(|s| words(ctx, s)));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
    }
}
