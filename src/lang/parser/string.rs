//! Lexers for everything quoted: strings, charlists, heredocs (with
//! Elixir's indentation stripping), quoted atoms and keyword keys, and
//! sigils; their escapes (`\n \t \e \" \\ \#{ \x41 \u00e9 \u{1F600}`) and
//! interpolations (`#{...}`, lexed recursively into tokens).

use super::error;
use super::lexer::{fail, LResult, Lexer};
use super::token::{TPart, Tok};
use crate::lang::ast::{ParseError, Span};
use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while_m_n};
use nom::character::complete::{anychar, char};
use nom::sequence::delimited;
use nom::Parser;

/// Which escapes a literal understands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Esc {
    /// Strings, charlists, atoms, lowercase sigils: every Elixir escape.
    Full,
    /// `~r`: only the control characters; other escapes stay for the regex.
    Regex,
    /// Uppercase sigils: none, except an escaped closing delimiter.
    Raw,
}

/// How a literal's body is read.
#[derive(Clone, Copy)]
struct Mode {
    esc: Esc,
    interp: bool,
}

const FULL: Mode = Mode {
    esc: Esc::Full,
    interp: true,
};
const REGEX: Mode = Mode {
    esc: Esc::Regex,
    interp: true,
};
const RAW: Mode = Mode {
    esc: Esc::Raw,
    interp: false,
};

/// Where a body ends.
#[derive(Clone, Copy)]
enum End {
    /// At this (unescaped) character.
    Char(char),
    /// At the line starting at byte `close_at`, whose indentation is removed
    /// from every line.
    Heredoc {
        close_at: usize,
        indent: usize,
        delim: &'static str,
    },
}

/// What is being read, for `missing terminator` messages.
struct What {
    closer: String,
    name: String,
    start: Span,
}

impl What {
    /// The error for the end of the input inside the literal.
    fn missing(&self, at: Span) -> ParseError {
        error::incomplete(
            at,
            error::missing(&self.closer, &self.name, self.start.line),
        )
    }

    /// Where Elixir reports a bad escape: just inside the opening quote,
    /// or at a heredoc's opening quotes.
    fn escape_error_at(&self) -> Span {
        match self.name.as_str() {
            "heredoc" => self.start,
            _ => Span {
                line: self.start.line,
                col: self.start.col + 1,
            },
        }
    }

    /// Whether this is a sigil (whose escapes Elixir checks only when the
    /// sigil runs: a bad one is kept as written).
    fn is_sigil(&self) -> bool {
        self.name.starts_with("sigil")
    }
}

/// Decodes the escape after a backslash: the character, or `None` for a
/// backslash-newline (which Elixir drops).
pub fn decode_escape(i: &str) -> LResult<'_, Option<char>> {
    let (rest, c) = anychar(i)?;
    let simple = match c {
        'x' => return hex_escape(rest),
        'u' => return unicode_escape(rest),
        '\n' => return Ok((rest, None)),
        '\r' if rest.starts_with('\n') => return Ok((&rest[1..], None)),
        'a' => '\x07',
        'b' => '\x08',
        'd' => '\x7f',
        'e' => '\x1b',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        's' => ' ',
        't' => '\t',
        'v' => '\x0b',
        '0' => '\0',
        other => other,
    };
    Ok((rest, Some(simple)))
}

/// Between `min` and `max` hexadecimal digits.
fn hex(min: usize, max: usize) -> impl Fn(&str) -> LResult<'_, &str> {
    move |i| take_while_m_n(min, max, |c: char| c.is_ascii_hexdigit()).parse(i)
}

/// `{1F600}`: up to six hexadecimal digits in braces.
fn braced_hex(i: &str) -> LResult<'_, &str> {
    delimited(char('{'), hex(1, 6), char('}')).parse(i)
}

/// `\x41` or `\x{41}`.
fn hex_escape(i: &str) -> LResult<'_, Option<char>> {
    match alt((braced_hex, hex(1, 2))).parse(i) {
        Ok((rest, digits)) => code_point(rest, digits),
        Err(_) => fail(error::BAD_HEX_ESCAPE.to_owned()),
    }
}

/// `\u00e9` or `\u{1F600}`.
fn unicode_escape(i: &str) -> LResult<'_, Option<char>> {
    match alt((braced_hex, hex(4, 4))).parse(i) {
        Ok((rest, digits)) => code_point(rest, digits),
        Err(_) => fail(error::BAD_UNICODE_ESCAPE.to_owned()),
    }
}

/// The character of hexadecimal code point `hex`.
fn code_point<'s>(rest: &'s str, hex: &str) -> LResult<'s, Option<char>> {
    match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
        Some(c) => Ok((rest, Some(c))),
        None => fail(format!(
            "invalid or reserved Unicode code point \\u{{{hex}}}"
        )),
    }
}

/// The token for a keyword key written as a string: `"a b": 1`.
fn kw_key(parts: Vec<TPart>) -> Tok {
    match plain_text(&parts) {
        Some(text) => Tok::KwKey(text),
        None => Tok::KwKeyInterp(parts),
    }
}

/// The whole text of `parts` when none is an interpolation.
pub fn plain_text(parts: &[TPart]) -> Option<String> {
    let mut text = String::new();
    for part in parts {
        match part {
            TPart::Text(t) => text.push_str(t),
            TPart::Interp(_) => return None,
        }
    }
    Some(text)
}

/// Removes up to `indent` spaces or tabs from the start of `i`.
fn dedent(i: &str, indent: usize) -> &str {
    let blanks = i
        .bytes()
        .take(indent)
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    &i[blanks..]
}

impl<'s> Lexer<'s> {
    /// `"..."`, a `"""` heredoc, or a quoted keyword key `"a b":`.
    pub(super) fn double_quoted(
        &self,
        i: &'s str,
        depth: u32,
    ) -> Result<(&'s str, Tok), ParseError> {
        if i.starts_with("\"\"\"") {
            let (rest, parts) = self.heredoc(i, "\"\"\"", FULL, depth)?;
            return Ok((rest, Tok::Str(parts)));
        }
        let what = What {
            closer: "\"".into(),
            name: "string".into(),
            start: self.span(i),
        };
        let (rest, parts) = self.body(&i[1..], End::Char('"'), FULL, &what, depth)?;
        if let Some(after) = rest
            .strip_prefix(':')
            .filter(|a| a.starts_with(char::is_whitespace))
        {
            return Ok((after, kw_key(parts)));
        }
        Ok((rest, Tok::Str(parts)))
    }

    /// `'...'` or a `'''` heredoc.
    pub(super) fn single_quoted(
        &self,
        i: &'s str,
        depth: u32,
    ) -> Result<(&'s str, Tok), ParseError> {
        if i.starts_with("'''") {
            let (rest, parts) = self.heredoc(i, "'''", FULL, depth)?;
            return Ok((rest, Tok::Charlist(parts)));
        }
        let what = What {
            closer: "'".into(),
            name: "string".into(),
            start: self.span(i),
        };
        let (rest, parts) = self.body(&i[1..], End::Char('\''), FULL, &what, depth)?;
        Ok((rest, Tok::Charlist(parts)))
    }

    /// `:"quoted atom"`, `:'x'`, `:"a#{b}"` (`i` is at the colon).
    pub(super) fn quoted_atom(&self, i: &'s str, depth: u32) -> Result<(&'s str, Tok), ParseError> {
        let quote = if i[1..].starts_with('"') { '"' } else { '\'' };
        let what = What {
            closer: quote.to_string(),
            name: "atom".into(),
            start: self.span(i),
        };
        let (rest, parts) = self.body(&i[2..], End::Char(quote), FULL, &what, depth)?;
        let tok = match plain_text(&parts) {
            Some(name) => Tok::Atom(name),
            None => Tok::AtomInterp(parts),
        };
        Ok((rest, tok))
    }

    /// `~s(...)`, `~r/.../i`, `~w[a b]a`, `~S"""..."""` (`i` is at the `~`).
    pub(super) fn sigil(&self, i: &'s str, depth: u32) -> Result<(&'s str, Tok), ParseError> {
        let letter = i[1..].chars().next().unwrap_or('s');
        let after = &i[2..];
        let mode = match letter {
            'r' => REGEX,
            l if l.is_ascii_lowercase() => FULL,
            _ => RAW,
        };
        let (rest, parts) =
            if let Some(delim) = ["\"\"\"", "'''"].into_iter().find(|d| after.starts_with(d)) {
                self.heredoc(after, delim, mode, depth)?
            } else {
                let Some(open) = after.chars().next() else {
                    return Err(self.unexpected_char(i));
                };
                let close = match open {
                    '(' => ')',
                    '[' => ']',
                    '{' => '}',
                    '<' => '>',
                    '/' | '|' | '"' | '\'' => open,
                    _ => {
                        return Err(error::syntax(
                            self.span(i),
                            error::bad_sigil_delimiter(open, self.span(after).col),
                        ))
                    }
                };
                let what = What {
                    closer: close.to_string(),
                    name: format!("sigil ~{letter}{open}"),
                    start: self.span(i),
                };
                self.body(
                    &after[open.len_utf8()..],
                    End::Char(close),
                    mode,
                    &what,
                    depth,
                )?
            };
        let (rest, modifiers) = take_while::<_, _, ()>(|c: char| c.is_ascii_alphanumeric())
            .parse(rest)
            .unwrap_or((rest, ""));
        Ok((rest, Tok::Sigil(letter, parts, modifiers.to_owned())))
    }

    /// A heredoc starting at its delimiter `i`: the rest of the opening
    /// line must be blank; the closing delimiter's indentation is stripped
    /// from every line.
    fn heredoc(
        &self,
        i: &'s str,
        delim: &'static str,
        mode: Mode,
        depth: u32,
    ) -> Result<(&'s str, Vec<TPart>), ParseError> {
        let what = What {
            closer: delim.into(),
            name: "heredoc".into(),
            start: self.span(i),
        };
        let after = i[delim.len()..].trim_start_matches([' ', '\t', '\r']);
        let body = match after.strip_prefix('\n') {
            Some(body) => body,
            None if after.is_empty() => return Err(what.missing(self.span(after))),
            None => return Err(error::syntax(what.start, error::heredoc_start(delim))),
        };
        let Some((close_at, indent)) = self.heredoc_end(body, delim) else {
            return Err(what.missing(self.span(&body[body.len()..])));
        };
        self.body(
            body,
            End::Heredoc {
                close_at,
                indent,
                delim,
            },
            mode,
            &what,
            depth,
        )
    }

    /// The byte offset and indentation of a heredoc's closing line.
    fn heredoc_end(&self, body: &str, delim: &str) -> Option<(usize, usize)> {
        let mut offset = self.offset(body);
        for line in body.split_inclusive('\n') {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.starts_with(delim) {
                return Some((offset, line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        None
    }

    /// A literal's body up to its end, in parts.
    fn body(
        &self,
        mut i: &'s str,
        end: End,
        mode: Mode,
        what: &What,
        depth: u32,
    ) -> Result<(&'s str, Vec<TPart>), ParseError> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let heredoc = matches!(end, End::Heredoc { .. });
        let mut line_start = heredoc;
        loop {
            if let (
                true,
                End::Heredoc {
                    close_at,
                    indent,
                    delim,
                },
            ) = (line_start, end)
            {
                if self.offset(i) == close_at {
                    flush(&mut text, &mut parts);
                    let rest = i.trim_start_matches([' ', '\t']);
                    return Ok((&rest[delim.len()..], parts));
                }
                i = dedent(i, indent);
                line_start = false;
            }
            let Some(c) = i.chars().next() else {
                return Err(what.missing(self.span(i)));
            };
            if c == '\\' {
                i = self.escape(i, end, mode, &mut text, what)?;
            } else if c == '#' && mode.interp && i[1..].starts_with('{') {
                flush(&mut text, &mut parts);
                let interp = super::lexer::Interp {
                    hash: self.span(i),
                    start_line: what.start.line,
                };
                let (tokens, rest) = self.stream(&i[2..], Some(interp), depth + 1)?;
                parts.push(TPart::Interp(tokens));
                i = rest;
            } else if matches!(end, End::Char(close) if close == c) {
                flush(&mut text, &mut parts);
                return Ok((&i[c.len_utf8()..], parts));
            } else if heredoc && i.starts_with("\r\n") {
                i = &i[1..];
            } else {
                text.push(c);
                line_start = heredoc && c == '\n';
                i = &i[c.len_utf8()..];
            }
        }
    }

    /// The escape at `i` (a backslash), added to `text` as `mode` says.
    fn escape(
        &self,
        i: &'s str,
        end: End,
        mode: Mode,
        text: &mut String,
        what: &What,
    ) -> Result<&'s str, ParseError> {
        let after = &i[1..];
        let Some(c) = after.chars().next() else {
            return Err(what.missing(self.span(after)));
        };
        let close = match end {
            End::Char(close) => Some(close),
            End::Heredoc { .. } => None,
        };
        let next = &after[c.len_utf8()..];
        match mode.esc {
            Esc::Full => match decode_escape(after) {
                Ok((rest, decoded)) => {
                    text.extend(decoded);
                    Ok(rest)
                }
                Err(_) if what.is_sigil() => {
                    text.push('\\');
                    text.push(c);
                    Ok(next)
                }
                Err(e) => Err(error::respan(
                    super::lexer::fatal_or(e, || what.missing(self.span(after))),
                    what.escape_error_at(),
                )),
            },
            _ if Some(c) == close => {
                text.push(c);
                Ok(next)
            }
            Esc::Regex if c == '\n' => Ok(next),
            Esc::Regex if "fnrtva".contains(c) => {
                text.extend(decode_escape(after).ok().and_then(|(_, d)| d));
                Ok(next)
            }
            _ => {
                text.push('\\');
                text.push(c);
                Ok(next)
            }
        }
    }
}

/// Moves the pending text into the parts.
fn flush(text: &mut String, parts: &mut Vec<TPart>) {
    if !text.is_empty() {
        parts.push(TPart::Text(std::mem::take(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn first(s: &str) -> Tok {
        tokenize(s, 1).unwrap().remove(0).tok
    }

    fn text(s: &str) -> Tok {
        Tok::Str(vec![TPart::Text(s.into())])
    }

    #[test]
    fn escapes() {
        assert_eq!(first(r#""a\tb\n\e\"\\\#{x}""#), text("a\tb\n\x1b\"\\#{x}"));
        assert_eq!(first(r#""\x41\u00e9\u{1F600}\s\z""#), text("Aé😀 z"));
        assert_eq!(first("\"a\\\nb\""), text("ab"));
        assert_eq!(first("\"\""), Tok::Str(vec![]));
    }

    #[test]
    fn bad_escapes_are_errors() {
        let err = tokenize(r#"x = "abc\ndef\x""#, 1).unwrap_err();
        assert_eq!(
            err,
            error::syntax(Span { line: 1, col: 6 }, error::BAD_HEX_ESCAPE.into())
        );
        let err = tokenize("\"\"\"\n  ab\\x\n  \"\"\"", 1).unwrap_err();
        assert_eq!(
            err,
            error::syntax(Span { line: 1, col: 1 }, error::BAD_HEX_ESCAPE.into())
        );
        assert_eq!(
            first(r"~s(ab\x)"),
            Tok::Sigil('s', vec![TPart::Text("ab\\x".into())], "".into())
        );
    }

    #[test]
    fn interpolation_is_lexed_into_tokens() {
        let Tok::Str(parts) = first(r#""a #{b + "c#{d}"} e""#) else {
            panic!()
        };
        assert_eq!(parts.len(), 3);
        let TPart::Interp(tokens) = &parts[1] else {
            panic!()
        };
        assert_eq!(tokens[0].tok, Tok::Ident("b".into()));
        assert!(matches!(tokens[2].tok, Tok::Str(_)));
        assert_eq!(tokens.last().unwrap().tok, Tok::Eof);
    }

    #[test]
    fn heredocs_strip_the_closing_indentation() {
        assert_eq!(first("\"\"\"\n  a\n    b\n  \"\"\""), text("a\n  b\n"));
        let Tok::Str(parts) = first("  \"\"\"\n  x #{1}\n  \"\"\"") else {
            panic!()
        };
        assert_eq!(
            (&parts[0], &parts[2]),
            (&TPart::Text("x ".into()), &TPart::Text("\n".into()))
        );
        assert_eq!(
            first("'''\n ab\n '''"),
            Tok::Charlist(vec![TPart::Text("ab\n".into())])
        );
    }

    #[test]
    fn heredoc_errors() {
        assert!(matches!(
            tokenize("\"\"\"\nabc", 1),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            tokenize("\"\"\"abc\n\"\"\"", 1),
            Err(ParseError::Syntax { .. })
        ));
    }

    #[test]
    fn sigils() {
        let plain = |s: &str| vec![TPart::Text(s.into())];
        assert_eq!(
            first("~w(a b c)a"),
            Tok::Sigil('w', plain("a b c"), "a".into())
        );
        assert_eq!(
            first(r"~r/a\/b\d\n/i"),
            Tok::Sigil('r', plain("a/b\\d\n"), "i".into())
        );
        assert_eq!(
            first(r"~S(a\)b\n)"),
            Tok::Sigil('S', plain("a)b\\n"), "".into())
        );
        assert_eq!(
            first(r"~s{a\tb}"),
            Tok::Sigil('s', plain("a\tb"), "".into())
        );
        assert_eq!(first("~c<x>"), Tok::Sigil('c', plain("x"), "".into()));
        assert!(
            matches!(first("~s|#{x}|"), Tok::Sigil('s', ref p, _) if matches!(p[0], TPart::Interp(_)))
        );
        assert!(matches!(
            tokenize("~s(abc", 1),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(tokenize("~sx", 1), Err(ParseError::Syntax { .. })));
    }

    #[test]
    fn quoted_atoms_and_keys() {
        assert_eq!(first(r#":"quoted atom""#), Tok::Atom("quoted atom".into()));
        assert_eq!(first(r#":"$gen_cast""#), Tok::Atom("$gen_cast".into()));
        assert!(matches!(first(r#":"a#{b}""#), Tok::AtomInterp(_)));
        assert_eq!(first(r#""b c": 2"#), Tok::KwKey("b c".into()));
        assert_eq!(first(r#""b c" :: 2"#), text("b c"));
    }

    #[test]
    fn unterminated_strings_are_incomplete() {
        let err = tokenize("\"abc", 1).unwrap_err();
        let ParseError::Incomplete { span, message } = err else {
            panic!()
        };
        assert_eq!(span, Span { line: 1, col: 5 });
        assert_eq!(
            message,
            "missing terminator: \" (for string starting at line 1)"
        );
        assert!(matches!(
            tokenize("\"a #{b", 1),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            tokenize("'abc", 1),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            tokenize(":\"abc", 1),
            Err(ParseError::Incomplete { .. })
        ));
    }
}
