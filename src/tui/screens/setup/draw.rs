//! First run: no database yet, so a newcomer sets the laptop up here —
//! role, name, organisation, campaign, the coordinator's key (may come
//! later) and the passphrase twice — what `intake init` does.

use super::{Setup, SetupField};
use crate::tui::transition::View;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Draws the first-run screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, ctx: &View<'_>, setup: &Setup) {
    let t = ctx.texts;
    let width = area.width.min(78);
    let [_, boxed, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(area);
    let block = Block::bordered().title(format!(" Intake — {} ", t.text("tui-setup-title", &[])));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let [intro, fields, error] =
        Layout::vertical([Constraint::Length(4), Constraint::Length(8), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(t.text(
            "tui-setup-intro",
            &[("path", ctx.db_path.display().to_string().into())],
        ))
        .wrap(Wrap { trim: true }),
        intro,
    );
    let labels: Vec<String> = SetupField::ALL.iter().map(|f| t.text(f.label(), &[])).collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for (field, label) in SetupField::ALL.iter().zip(&labels) {
        let focused = *field == setup.focus;
        let value = match field {
            SetupField::Role => {
                let mark = |on: bool| if on { "(•)" } else { "( )" };
                format!(
                    "{} {}  {} {}",
                    mark(!setup.coordinator),
                    t.text("tui-setup-role-field", &[]),
                    mark(setup.coordinator),
                    t.text("tui-setup-role-coordinator", &[])
                )
            }
            SetupField::Passphrase | SetupField::Again => setup.field(*field).masked(),
            _ => setup.field(*field).value().to_owned(),
        };
        let hint = match field {
            SetupField::Campaign | SetupField::CoordinatorKey if value.is_empty() && !focused => {
                t.text("tui-setup-optional", &[])
            }
            _ => String::new(),
        };
        let marker = if focused { "›" } else { " " };
        let text = format!(
            "{marker}{label:<label_width$}{value}{hint}",
            label = format!("{label}:")
        );
        let style = if focused {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    frame.render_widget(Paragraph::new(lines), fields);
    if let Some(message) = &setup.error {
        frame.render_widget(
            Paragraph::new(format!("✗ {}", t.render(message))).wrap(Wrap { trim: true }),
            error,
        );
    }
    if setup.focus != SetupField::Role {
        let row = SetupField::ALL
            .iter()
            .position(|f| *f == setup.focus)
            .unwrap_or(0);
        let column = u16::try_from(1 + label_width).unwrap_or(0) + setup.field(setup.focus).cursor_column();
        frame.set_cursor_position(Position::new(
            fields.x + column,
            fields.y + u16::try_from(row).unwrap_or(0),
        ));
    }
}
