//! Draws the paperwork screen: what it does, the folder (typed), the
//! scans in it or the attachments or the templates, and what was done,
//! wrapped.

use super::{PaperScreen, Task};
use crate::documents::Format;
use crate::tui::transition::View;
use crate::tui::widgets::lines::{highlighted, title};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Draws the paperwork screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, screen: &PaperScreen) {
    let t = ctx.texts;
    let (heading, intro) = match screen.task {
        Task::Attach => ("tui-attach-title", "tui-attach-intro"),
        Task::Copies => ("tui-copies-title", "tui-copies-intro"),
        Task::Letter => ("tui-letter-title", "tui-letter-intro"),
    };
    // The intro wraps to at most five lines at 80 columns (Russian is the longest).
    let [head, intro_area, folder_area, list_area, said_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Fill(2),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(title(t.text(heading, &[])), head);
    frame.render_widget(Paragraph::new(t.text(intro, &[])).wrap(Wrap { trim: true }), intro_area);
    let label = t.text("tui-backup-folder", &[]);
    let field = match screen.task {
        Task::Attach => &screen.chooser.folder,
        _ => &screen.folder,
    };
    let shown = field.value().to_owned();
    frame.render_widget(Line::from(format!("{label} {shown}")), folder_area);
    let rows: Vec<Line<'static>> = match screen.task {
        Task::Attach if screen.chooser.files.is_empty() => vec![Line::from(t.text("tui-attach-empty", &[]))],
        Task::Attach => {
            let height = usize::from(list_area.height.max(1));
            let first = screen.chooser.selected.saturating_sub(height.saturating_sub(1));
            screen
                .chooser
                .files
                .iter()
                .enumerate()
                .skip(first)
                .take(height)
                .map(|(i, (path, chosen))| {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    let mark = if *chosen { "[x]" } else { "[ ]" };
                    highlighted(format!("{mark} {}", crate::domain::visible::visible(&name)), i == screen.chooser.selected)
                })
                .collect()
        }
        Task::Copies if screen.attachments.is_empty() => vec![Line::from(t.text("tui-copies-empty", &[]))],
        Task::Copies => screen
            .attachments
            .iter()
            .map(|a| Line::from(format!("📎 {}", crate::domain::visible::visible(a))))
            .collect(),
        Task::Letter => {
            let format = match screen.format {
                Format::Docx => "DOCX",
                Format::Pdf => "PDF",
            };
            let mut rows = vec![Line::from(t.text("tui-letter-format", &[("format", format.into())]))];
            rows.extend(
                screen
                    .templates
                    .iter()
                    .enumerate()
                    .map(|(i, (_, title))| highlighted(title.clone(), i == screen.selected)),
            );
            rows
        }
    };
    frame.render_widget(Paragraph::new(rows).wrap(Wrap { trim: false }), list_area);
    let said: Vec<Line<'static>> = screen.said.iter().map(|m| Line::from(t.render(m))).collect();
    frame.render_widget(Paragraph::new(said).wrap(Wrap { trim: true }), said_area);
    // The real cursor at the insertion point of the folder.
    let column = u16::try_from(label.width() + 1).unwrap_or(0) + field.cursor_column();
    frame.set_cursor_position(Position::new(
        folder_area.x + column.min(folder_area.width.saturating_sub(1)),
        folder_area.y,
    ));
}
