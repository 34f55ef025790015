//! The backup screen: what a backup is, the folder and the masked
//! passphrase, and what the last backup wrote or why it did not.

use super::{BackupScreen, Outcome};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Draws the backup screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, screen: &BackupScreen) {
    let t = ctx.texts;
    let block = Block::bordered().title(format!(" Intake — {} ", t.text("tui-backup-title", &[])));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [intro_area, fields_area, said_area] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(t.text("tui-backup-intro", &[])).wrap(Wrap { trim: true }),
        intro_area,
    );
    let labels = [t.text("tui-backup-folder", &[]), t.text("tui-passphrase", &[])];
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let values = [screen.folder.value().to_owned(), screen.passphrase.masked()];
    let rows = Layout::vertical([Constraint::Length(1); 2]).split(fields_area);
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let marker = if i == screen.focus && !screen.working { "▸" } else { " " };
        let pad = " ".repeat(width - label.width());
        let style = if i == screen.focus {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        frame.render_widget(Line::styled(format!("{marker} {label}{pad}  {value}"), style), rows[i]);
    }
    let said: Vec<String> = if screen.working {
        vec![t.text("tui-backup-working", &[])]
    } else {
        match &screen.outcome {
            Some(Outcome::Written(path, bytes, recoverable)) => vec![
                format!(
                    "✓ {}",
                    t.text(
                        "backup-written",
                        &[
                            ("path", path.display().to_string().into()),
                            ("mb", format!("{:.1}", *bytes as f64 / 1e6).into()),
                        ]
                    )
                ),
                t.text(
                    if *recoverable { "backup-recoverable" } else { "backup-not-recoverable" },
                    &[],
                ),
            ],
            Some(Outcome::Refused(m)) => vec![format!("✗ {}", t.render(m))],
            None => Vec::new(),
        }
    };
    let text: Vec<Line> = said.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), said_area);
    if !screen.working {
        // The real cursor at the insertion point, for input methods and magnifiers.
        let field = if screen.focus == 0 { &screen.folder } else { &screen.passphrase };
        let row = rows[screen.focus];
        let column = u16::try_from(width + 4).unwrap_or(0) + field.cursor_column();
        frame.set_cursor_position(Position::new(row.x + column.min(row.width.saturating_sub(1)), row.y));
    }
}
