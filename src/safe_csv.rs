//! The one CSV writer: every CSV file the program writes (`records`,
//! `duplicates`, `export-table`, `report`) goes through it, so that no
//! cell a person typed runs as a formula when a spreadsheet opens it,
//! and phone numbers and negative numbers stay what they are.

use std::borrow::Cow;
use std::io::Write;

/// A CSV writer whose every cell is [`cell`]-safe.
pub struct SafeCsv<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> SafeCsv<W> {
    /// Writes CSV to `out`.
    pub fn new(out: W) -> Self {
        SafeCsv {
            inner: csv::Writer::from_writer(out),
        }
    }

    /// Writes one row.
    pub fn row<I, S>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for c in cells {
            self.inner.write_field(cell(c.as_ref()).as_bytes())?;
        }
        // An empty record ends the one written field by field.
        self.inner.write_record(std::iter::empty::<&[u8]>())
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// The output, everything written to it.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(csv::IntoInnerError::into_error)
    }
}

/// `text` as a cell a spreadsheet shows as text: one starting with `=`,
/// `@`, a tab or a carriage return, or with `+` or `-` and not a number
/// or a phone number, gets a leading `'`.
pub fn cell(text: &str) -> Cow<'_, str> {
    // Judged by the first character a spreadsheet may read past spaces
    // and controls for, full-width signs taken for the signs they look like.
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let risky = match text.chars().next().map(ascii_sign) {
        Some('=' | '@' | '\t' | '\r' | '\n') => true,
        Some('+' | '-') => !is_number(text) && !is_phone(text),
        _ => matches!(start.chars().next().map(ascii_sign), Some('=' | '@' | '+' | '-')),
    };
    if risky {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The ASCII sign a full-width one stands for (＝ ＋ － ＠).
fn ascii_sign(c: char) -> char {
    match c {
        '\u{FF1D}' => '=',
        '\u{FF0B}' => '+',
        '\u{FF0D}' => '-',
        '\u{FF20}' => '@',
        other => other,
    }
}

/// A signed decimal number: `-12`, `+3.5`, `-0,25` (no exponent, no
/// `inf`, nothing after the digits).
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut parts = digits.splitn(2, ['.', ',']);
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// An international phone number: `+` and 7 to 15 digits, which may be
/// grouped by spaces, hyphens or one pair of brackets
/// (`+77011234567`, `+7 (701) 123-45-67`).
fn is_phone(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    let opened = rest.bytes().filter(|b| *b == b'(').count();
    let closed = rest.bytes().filter(|b| *b == b')').count();
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.ends_with(|c: char| c.is_ascii_digit())
        && (7..=15).contains(&digits)
        && opened == closed
        && opened <= 1
        && rest.bytes().all(|b| b.is_ascii_digit() || b" -()".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_text_and_numbers_and_phones_stay() {
        for risky in [
            "=HYPERLINK(\"http://x\")",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1",
            "\r=1",
            "-",
            "+",
            "-inf",
            "+7 701 =1",
            "-1e5",
            "+7 ((701)) 1234567",
            " =1+1",
            "\n=1",
            "\u{a0}@SUM(A1)",
            "\u{FF1D}1+1",
            "\u{FF0B}cmd",
            "  -5",
        ] {
            assert_eq!(cell(risky), format!("'{risky}"), "{risky:?}");
        }
        for kept in [
            "+77011234567",
            "+7 701 123 45 67",
            "+7 (701) 123-45-67",
            "-12",
            "-3.5",
            "-0,25",
            "+5",
            "Дуйсенова",
            "1985-03-09",
            "",
        ] {
            assert_eq!(cell(kept), kept, "{kept:?}");
        }
    }

    #[test]
    fn rows_are_written_safe() {
        let mut w = SafeCsv::new(Vec::new());
        w.row(["=1+1", "+77011234567", "a,b"]).unwrap();
        w.row(["-5", "@x", ""]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(out, "'=1+1,+77011234567,\"a,b\"\n-5,'@x,\n");
    }

    proptest! {
        /// Whatever is typed, a spreadsheet never sees a cell start with a
        /// formula sign unless it is a number or a phone number, and the
        /// text is kept whole after the mark.
        #[test]
        fn no_cell_starts_a_formula(text in "[=+@\\t\\r-]?[0-9a-zA-Zа-я ()=+.,|!-]{0,20}") {
            let safe = cell(&text);
            prop_assert!(safe.ends_with(text.as_str()));
            if let Some(first) = safe.chars().next() {
                let numeric = is_number(&safe) || is_phone(&safe);
                prop_assert!(!"=@\t\r".contains(first));
                prop_assert!(!"+-".contains(first) || numeric);
            }
        }
    }
}
