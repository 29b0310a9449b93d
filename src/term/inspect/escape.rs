//! Escaping quoted text, and which strings and charlists count as printable.
//!
//! `Code.Identifier.escape/3` (for strings, charlists and quoted atoms),
//! `String.printable?/2` and `List.ascii_printable?/2` of Elixir 1.14.

use crate::term::List;

/// `Code.Identifier.escape(bytes, quote, limit)`: the escaped text, and
/// whether input was left over after `limit` characters.
pub fn escape(bytes: &[u8], quote: u8, limit: Option<usize>) -> (String, bool) {
    let mut out = String::with_capacity(bytes.len() + 2);
    let mut rest = bytes;
    let mut count = limit;
    while !rest.is_empty() {
        if count == Some(0) {
            return (out, true);
        }
        rest = escape_one(rest, quote, &mut out);
        count = count.map(|c| c - 1);
    }
    (out, false)
}

/// Escapes the first character (or stray byte) of `bytes`; returns the rest.
fn escape_one<'a>(bytes: &'a [u8], quote: u8, out: &mut String) -> &'a [u8] {
    if bytes[0] == quote {
        out.push('\\');
        out.push(quote as char);
        return &bytes[1..];
    }
    if bytes.starts_with(b"#{") {
        out.push_str("\\#{");
        return &bytes[2..];
    }
    match first_char(bytes) {
        Some((c, len)) => {
            escape_char(c, out);
            &bytes[len..]
        }
        None => {
            out.push_str(&format!("\\x{:02X}", bytes[0]));
            &bytes[1..]
        }
    }
}

/// The UTF-8 character at the start of `bytes`, with its length.
pub fn first_char(bytes: &[u8]) -> Option<(char, usize)> {
    let len = match bytes[0] {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(..len)?).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// `escape_map/1`, then `escape_char/1`.
fn escape_char(c: char, out: &mut String) {
    let code = c as u32;
    let mapped = match c {
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\x7F' => "\\d",
        '\x1B' => "\\e",
        '\x0C' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\x0B' => "\\v",
        '\\' => "\\\\",
        '\0' => "\\0",
        '\u{FEFF}' => "\\uFEFF",
        _ if is_printable_char(code) => {
            out.push(c);
            return;
        }
        _ if code < 0x100 => return out.push_str(&format!("\\x{code:02X}")),
        _ if code < 0x10000 => return out.push_str(&format!("\\x{{{code:04X}}}")),
        _ => return out.push_str(&format!("\\x{{{code:06X}}}")),
    };
    out.push_str(mapped);
}

/// The code points that `escape_char/1` writes as themselves.
fn is_printable_char(code: u32) -> bool {
    matches!(code, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// `String.printable?(bytes, limit)`: valid UTF-8 of printable characters,
/// looking at no more than `limit` characters.
pub fn is_printable_string(bytes: &[u8], limit: Option<usize>) -> bool {
    let mut rest = bytes;
    let mut count = limit;
    while !rest.is_empty() && count != Some(0) {
        let Some((c, len)) = first_char(rest) else {
            return false;
        };
        if !is_printable_in_string(c as u32) {
            return false;
        }
        rest = &rest[len..];
        count = count.map(|n| n - 1);
    }
    true
}

fn is_printable_in_string(code: u32) -> bool {
    matches!(code, 7..=13 | 27 | 32..=127 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// `List.ascii_printable?(list, limit)`: code points 7..=13, 27 and
/// 32..=126, looking at no more than `limit` elements.
pub fn is_ascii_printable_list(l: &List, limit: Option<usize>) -> bool {
    let mut count = limit;
    let mut it = l.iter();
    for c in it.by_ref() {
        if count == Some(0) {
            return true;
        }
        match c.as_int() {
            Some(7..=13 | 27 | 32..=126) => count = count.map(|n| n - 1),
            _ => return false,
        }
    }
    count == Some(0) || it.rest().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Term;

    fn esc(s: &str, quote: u8) -> String {
        escape(s.as_bytes(), quote, None).0
    }

    #[test]
    fn control_characters_use_their_escape_letters() {
        assert_eq!(
            esc("tab\there\nnewline\x7f\x1b\0", b'"'),
            "tab\\there\\nnewline\\d\\e\\0"
        );
    }

    #[test]
    fn the_quote_and_interpolation_are_escaped() {
        assert_eq!(esc("a\"b#{c}#d", b'"'), "a\\\"b\\#{c}#d");
        assert_eq!(esc("it's", b'\''), "it\\'s");
    }

    #[test]
    fn other_unprintable_characters_are_hex_escaped() {
        assert_eq!(
            esc("\x01\u{85}\u{FFFF}\u{FEFF}é", b'"'),
            "\\x01\\x85\\x{FFFF}\\uFEFFé"
        );
        assert_eq!(escape(&[0xFF, b'a'], b'"', None).0, "\\xFFa");
    }

    #[test]
    fn the_limit_counts_characters() {
        assert_eq!(escape(b"abcdef", b'"', Some(3)), ("abc".to_owned(), true));
        assert_eq!(escape(b"abc", b'"', Some(3)), ("abc".to_owned(), false));
    }

    #[test]
    fn printable_strings_exclude_nul_and_invalid_utf8() {
        assert!(is_printable_string("héllo\n\x7f".as_bytes(), None));
        assert!(!is_printable_string(b"a\0b", None));
        assert!(!is_printable_string(&[0xFF], None));
        assert!(is_printable_string(b"ab\0", Some(2)));
    }

    #[test]
    fn printable_charlists_are_ascii_only() {
        let list = |v: &[i64]| match Term::list(v.iter().map(|c| Term::int(*c)).collect()) {
            Term::List(l) => is_ascii_printable_list(&l, Some(4096)),
            _ => unreachable!(),
        };
        assert!(list(&[104, 105, 10]));
        assert!(!list(&[97, 0]));
        assert!(!list(&[233]));
    }
}
