//! Text that came from elsewhere (a worker name in a bundle, a value typed
//! on another laptop) made safe to show: control characters, escape
//! sequences and the invisible characters that reorder or hide text
//! (bidirectional overrides, zero-width marks) become visible `\u{…}`
//! escapes, so that such text can neither drive the terminal nor pass for
//! something else, such as a key fingerprint.

use std::borrow::Cow;

/// Whether a character must not reach the screen as it is.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}'              // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}'              // zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        )
}

/// `text` with every hidden character written as `\u{hex}` (and the
/// backslash of a literal `\u{` doubled, so that no escape can be faked).
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| hidden(c) || c == '\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_reordering_characters_become_visible() {
        assert_eq!(visible("Нурлан Б."), "Нурлан Б.");
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("x\ry"), "x\\u{d}y");
        assert_eq!(visible("\u{202E}fed"), "\\u{202e}fed");
        assert_eq!(visible("zero\u{200B}width"), "zero\\u{200b}width");
        assert_eq!(visible("\u{9b}31m"), "\\u{9b}31m", "the 8-bit CSI too");
        // A name cannot fake an escape to look like one that was made visible.
        assert_eq!(visible("\\u{1b}"), "\\\\u{1b}");
        assert!(!visible("a\u{7}\u{85}\u{2066}b").chars().any(hidden));
    }
}
