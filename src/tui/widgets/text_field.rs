//! A one-line text field: Unicode-correct editing (the cursor moves by
//! characters, is placed by display width) over a buffer that is wiped from
//! memory when dropped, so a typed passphrase does not linger.

use crate::tui::action::Edit;
use unicode_width::UnicodeWidthStr;
use zeroize::Zeroizing;

/// The text and the cursor (a character index).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextField {
    text: Zeroizing<String>,
    cursor: usize,
}

impl TextField {
    /// A field holding `text`, the cursor at its end.
    pub fn from_text(text: &str) -> TextField {
        TextField {
            text: Zeroizing::new(text.to_owned()),
            cursor: text.chars().count(),
        }
    }

    /// The text.
    pub fn value(&self) -> &str {
        &self.text
    }

    /// Byte offset of a character index.
    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an edit; returns whether the text changed.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let len = self.text.chars().count();
        match edit {
            Edit::Insert(c) if !c.is_control() => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                true
            }
            Edit::Insert(_) => false,
            Edit::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                true
            }
            Edit::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                true
            }
            Edit::Backspace | Edit::Delete => false,
            Edit::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Edit::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            Edit::Home => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = len;
                false
            }
            Edit::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
                let changed = from != to;
                self.text.replace_range(from..to, "");
                self.cursor = start;
                changed
            }
            Edit::Clear => {
                let changed = !self.text.is_empty();
                *self = TextField::default();
                changed
            }
        }
    }

    /// Display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self) -> u16 {
        let before = &self.text[..self.byte_at(self.cursor)];
        u16::try_from(before.width()).unwrap_or(u16::MAX)
    }

    /// As many bullets as characters, for a passphrase.
    pub fn masked(&self) -> String {
        "•".repeat(self.text.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextField {
        let mut f = TextField::default();
        for c in s.chars() {
            f.apply(Edit::Insert(c));
        }
        f
    }

    #[test]
    fn editing_moves_by_characters_not_bytes() {
        let mut f = typed("Әлім");
        assert_eq!(f.cursor_column(), 4);
        f.apply(Edit::Left);
        f.apply(Edit::Backspace);
        assert_eq!(f.value(), "Әлм");
        f.apply(Edit::Insert('і'));
        assert_eq!(f.value(), "Әлім");
        f.apply(Edit::Home);
        f.apply(Edit::Delete);
        assert_eq!(f.value(), "лім");
    }

    #[test]
    fn wide_characters_place_the_cursor_by_display_width() {
        let f = typed("李明");
        assert_eq!(f.cursor_column(), 4);
        assert_eq!(typed("abc").masked(), "•••");
    }

    #[test]
    fn a_word_is_deleted_back_to_the_previous_space() {
        let mut f = typed("Айгуль Дуйсенова ");
        f.apply(Edit::DeleteWord);
        assert_eq!(f.value(), "Айгуль ");
        f.apply(Edit::Clear);
        assert_eq!(f.value(), "");
    }
}
