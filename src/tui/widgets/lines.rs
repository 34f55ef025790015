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

/// Lines broken to `width` columns, each keeping its style (its first
/// span's); continuation lines indented by `rest`.
pub fn wrap_lines(lines: Vec<Line<'_>>, width: usize, rest: &str) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let style = line
                .spans
                .first()
                .map_or(line.style, |s| line.style.patch(s.style));
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            if text.is_empty() {
                return vec![Line::styled(String::new(), style)];
            }
            wrapped(&text, width, "", rest)
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect()
        })
        .collect()
}

/// `text` broken into lines of at most `width` columns (counting wide
/// characters twice), at spaces where it can, within a word where one is
/// longer than a line; the first line starts with `first`, the others
/// with `rest` (an indent). Nothing is cut.
pub fn wrapped(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapped_text_keeps_every_word_within_the_width() {
        let text = "✗ «32.13.2026» — не дата (формат ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД, можно ~ для примерной)";
        let lines = wrapped(text, 30, "   ", "     ");
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:?}");
        let joined: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(joined, text.split_whitespace().collect::<Vec<_>>());
        // A word longer than a line is broken, not cut.
        let long = wrapped(&"ж".repeat(50), 20, "", "");
        assert_eq!(long.concat(), "ж".repeat(50));
    }
}
