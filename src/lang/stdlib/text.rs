//! Text: `String.Chars` (`to_string/1`), chardata and iodata, graphemes,
//! and `String.jaro_distance/2` (which "Did you mean" hints rely on).

use super::errors::{elixir_frame, protocol_undefined};
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Term};

/// What went wrong turning a list into text.
pub enum Bad {
    /// An element that is not text (nor a list of text).
    Element,
    /// An integer that is not a Unicode code point.
    CodePoint(i64, Vec<u8>),
}

/// Appends chardata (binaries, code points, nested lists, a binary tail) to `out`.
pub fn chardata(t: &Term, out: &mut Vec<u8>) -> Result<(), Bad> {
    match t {
        Term::Binary(b) => out.extend_from_slice(b),
        Term::Nil => {}
        Term::List(l) => {
            let mut it = l.iter();
            for item in it.by_ref() {
                match item {
                    Term::Int(c) => push_code_point(*c, out)?,
                    Term::Binary(_) | Term::Nil | Term::List(_) => chardata(item, out)?,
                    _ => return Err(Bad::Element),
                }
            }
            match it.rest() {
                None => {}
                Some(Term::Binary(b)) => out.extend_from_slice(b),
                Some(_) => return Err(Bad::Element),
            }
        }
        _ => return Err(Bad::Element),
    }
    Ok(())
}

fn push_code_point(c: i64, out: &mut Vec<u8>) -> Result<(), Bad> {
    let ch = u32::try_from(c)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| Bad::CodePoint(c, out.clone()))?;
    let mut buf = [0u8; 4];
    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    Ok(())
}

/// Appends iodata (binaries, bytes, nested lists, a binary tail) to `out`.
pub fn iodata(t: &Term, out: &mut Vec<u8>) -> bool {
    match t {
        Term::Binary(b) => out.extend_from_slice(b),
        Term::Nil => {}
        Term::List(l) => {
            let mut it = l.iter();
            for item in it.by_ref() {
                match item {
                    Term::Int(c) if (0..=255).contains(c) => out.push(*c as u8),
                    Term::Binary(_) | Term::Nil | Term::List(_) => {
                        if !iodata(item, out) {
                            return false;
                        }
                    }
                    _ => return false,
                }
            }
            match it.rest() {
                None => {}
                Some(Term::Binary(b)) => out.extend_from_slice(b),
                Some(_) => return false,
            }
        }
        _ => return false,
    }
    true
}

/// `List.to_string/1`.
pub fn list_to_string(list: &Term) -> Result<Vec<u8>, Exception> {
    let mut out = Vec::new();
    match chardata(list, &mut out) {
        Ok(()) => Ok(out),
        Err(Bad::CodePoint(c, prefix)) => Err(Exception::error(exception_struct(
            Atom::module("UnicodeConversionError"),
            vec![
                ("encoded", Term::binary(&prefix)),
                ("message", Term::string(&format!("invalid code point {c}"))),
            ],
        ))),
        Err(Bad::Element) => {
            let message = format!(
                "cannot convert the given list to a string.\n\n\
                 To be converted to a string, a list must either be empty or only\n\
                 contain the following elements:\n\n  \
                 * strings\n  \
                 * integers representing Unicode code points\n  \
                 * a list containing one of these three elements\n\n\
                 Please check the given list or call inspect/1 to get the list representation, got:\n\n{}\n",
                inspect(list)
            );
            let frame = elixir_frame("List", "to_string", Term::int(1), "lib/list.ex", 1084);
            Err(super::errors::argument_error(&message, vec![frame]))
        }
    }
}

/// `String.Chars.to_string/1`: the text of a binary, atom, number or chardata list.
pub fn to_string(t: &Term) -> Result<Vec<u8>, Exception> {
    match t {
        Term::Binary(b) => Ok(b.to_vec()),
        Term::Atom(a) if *a == atom::NIL => Ok(Vec::new()),
        Term::Atom(a) => Ok(a.name().as_bytes().to_vec()),
        Term::Int(_) | Term::Big(_) => Ok(inspect(t).into_bytes()),
        Term::Float(f) => Ok(float_short(*f).into_bytes()),
        Term::Nil | Term::List(_) => list_to_string(t),
        _ => Err(protocol_undefined("String.Chars", t, "")),
    }
}

/// [`to_string`] as a binary term.
pub fn to_string_term(t: &Term) -> Result<Term, Exception> {
    match t {
        Term::Binary(_) => Ok(t.clone()),
        _ => Ok(Term::binary(&to_string(t)?)),
    }
}

/// `:erlang.float_to_binary(f, [:short])`, which `to_string/1` uses: like
/// `inspect/1`, except that integral floats may print in scientific
/// notation (`1.0e10`, `1.5e3`) when that is shorter.
pub fn float_short(f: f64) -> String {
    crate::term::inspect::float_short(f)
}

fn is_extend(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C | 0x200D | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

fn is_regional(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// The extended grapheme clusters of `s` (combining marks, emoji modifiers
/// and ZWJ sequences, flags and `\r\n` stay together).
pub fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut regional_run = 0;
    for (i, c) in s.char_indices() {
        let joins = match prev {
            None => false,
            Some('\r') => c == '\n',
            Some('\u{200D}') => true,
            Some(p) if is_regional(p) && is_regional(c) => regional_run % 2 == 1,
            Some(_) => is_extend(c),
        };
        if !joins && prev.is_some() {
            out.push(&s[start..i]);
            start = i;
        }
        regional_run = if is_regional(c) { regional_run + 1 } else { 0 };
        prev = Some(c);
    }
    if prev.is_some() {
        out.push(&s[start..]);
    }
    out
}

/// `String.jaro_distance/2`, as Elixir computes it (on graphemes).
pub fn jaro_distance(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (ga, gb) = (graphemes(a), graphemes(b));
    let (comm, trans) = if ga.len() < gb.len() {
        jaro_match(&ga, &gb, (gb.len() / 2) as i64 - 1)
    } else {
        jaro_match(&gb, &ga, (ga.len() / 2) as i64 - 1)
    };
    if comm == 0 {
        return 0.0;
    }
    let (comm, trans) = (comm as f64, trans as f64);
    (comm / ga.len() as f64 + comm / gb.len() as f64 + (comm - trans) / comm) / 3.0
}

fn jaro_match(chars1: &[&str], chars2: &[&str], lim: i64) -> (usize, usize) {
    let mut window: Vec<Option<&str>> = chars2.iter().map(|c| Some(*c)).collect();
    let mut offset = 0usize;
    let (mut pre, mut comm, mut trans, mut former) = (0i64, 0usize, 0usize, -1i64);
    for (idx, ch) in chars1.iter().enumerate() {
        let count = pre + 1 + lim;
        if count != 0 {
            let found = window[offset.min(window.len())..]
                .iter()
                .take(if count < 0 {
                    usize::MAX
                } else {
                    count as usize
                })
                .position(|c| *c == Some(*ch));
            if let Some(sub) = found {
                window[offset + sub] = None;
                let current = idx as i64 - pre + sub as i64;
                comm += 1;
                if current < former {
                    trans += 1;
                }
                former = current;
            }
        }
        if pre == lim {
            offset += 1;
        } else {
            pre += 1;
        }
    }
    (comm, trans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_distance_matches_elixir() {
        assert_eq!(jaro_distance("Dwayne", "Duane"), 0.8222222222222223);
        assert_eq!(jaro_distance("martha", "marhta"), 0.9444444444444445);
        assert_eq!(jaro_distance("upcase", "upcasee"), 0.9523809523809524);
        assert_eq!(jaro_distance("abc", "xyz"), 0.0);
        assert_eq!(jaro_distance("ab", "ba"), 0.0);
    }

    #[test]
    fn graphemes_keep_clusters_together() {
        let s = "e\u{301}x🇺🇸\r\n👨\u{200D}👩\u{200D}👧";
        assert_eq!(
            graphemes(s),
            vec!["e\u{301}", "x", "🇺🇸", "\r\n", "👨\u{200D}👩\u{200D}👧"]
        );
    }

    #[test]
    fn to_string_follows_string_chars() {
        let s = |t: Term| String::from_utf8(to_string(&t).unwrap()).unwrap();
        assert_eq!(s(Term::Float(1.0e10)), "1.0e10");
        assert_eq!(s(Term::Float(1500.0)), "1.5e3");
        assert_eq!(s(Term::Float(123456789.0)), "123456789.0");
        assert_eq!(s(Term::Float(1.0e15)), "1.0e15");
        assert_eq!(s(Term::Float(-1.0e8)), "-1.0e8");
        assert_eq!(s(Term::Float(0.001)), "0.001");
        assert_eq!(s(Term::nil()), "");
        assert_eq!(s(Term::Atom(Atom::module("Foo"))), "Elixir.Foo");
        let l = Term::list(vec![Term::string("a"), Term::int(233), Term::int(300)]);
        assert_eq!(s(l), "aéĬ");
        assert!(to_string(&Term::tuple([])).is_err());
    }
}
