//! Lines the screens share: a screen's title, a highlighted row.

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

/// A screen's title line.
pub fn title(text: String) -> Line<'static> {
    Line::styled(
        format!("Intake — {text}"),
        Style::default().add_modifier(Modifier::BOLD),
    )
}

/// A row, marked and reversed when it is the highlighted one.
pub fn highlighted(text: String, here: bool) -> Line<'static> {
    if here {
        Line::styled(
            format!("›{text}"),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    } else {
        Line::from(format!(" {text}"))
    }
}
