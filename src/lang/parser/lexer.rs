//! The lexer: source text to [`Token`]s, as Elixir's tokenizer does it.
//!
//! It also matches the terminators (`( [ { << do fn` against `) ] } >> end`)
//! as Elixir's tokenizer does, so that an unclosed one makes the input
//! [`ParseError::Incomplete`] (iex's continuation prompt) and a stray or
//! mismatched one a [`ParseError::Syntax`] before any parsing. Each literal
//! is lexed by a nom parser of [`literal`](super::literal) or
//! [`string`](super::string); interpolations are lexed recursively.

use super::error;
use super::literal;
use super::operator;
use super::token::{Tok, Token};
use crate::lang::ast::{ParseError, Span};
use nom::IResult;

/// How deeply strings may nest inside interpolations.
const MAX_STRING_DEPTH: u32 = 100;

/// The nom error of the lexers: for a definite error (as opposed to "this
/// lexer does not apply"), the error to report.
#[derive(Debug)]
pub struct LexError<'s> {
    /// The error to report, when the input is definitely wrong.
    pub fatal: Option<ParseError>,
    /// The input the lexer was given.
    input: std::marker::PhantomData<&'s str>,
}

impl<'s> nom::error::ParseError<&'s str> for LexError<'s> {
    fn from_error_kind(_: &'s str, _kind: nom::error::ErrorKind) -> Self {
        LexError {
            fatal: None,
            input: std::marker::PhantomData,
        }
    }

    fn append(_: &'s str, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// What the lexers return.
pub type LResult<'s, T> = IResult<&'s str, T, LexError<'s>>;

/// A definite lexing error with `message` as a nom failure; the caller,
/// which knows where the token starts, places it.
pub fn fail<'s, T>(message: String) -> LResult<'s, T> {
    let err = error::syntax(Span::default(), message);
    Err(nom::Err::Failure(LexError {
        fatal: Some(err),
        input: std::marker::PhantomData,
    }))
}

/// The error a nom lexer's failure stands for (`what` when it has none).
pub fn fatal_or(err: nom::Err<LexError<'_>>, what: impl FnOnce() -> ParseError) -> ParseError {
    match err {
        nom::Err::Error(e) | nom::Err::Failure(e) => e.fatal.unwrap_or_else(what),
        nom::Err::Incomplete(_) => what(),
    }
}

/// The source with a line index, to turn positions into [`Span`]s.
pub struct Lexer<'s> {
    text: &'s str,
    line_starts: Vec<usize>,
    first_line: u32,
    /// The last position computed (byte offset, line index, column), from
    /// which the next one is counted: lexing moves forward, so computing
    /// every token's column costs linear time in all.
    last: std::cell::Cell<(usize, usize, usize)>,
}

/// An open terminator: what opened it, what closes it, where.
struct Open {
    opener: &'static str,
    closer: &'static str,
    span: Span,
}

/// Where an interpolation's `#{` is, and the line its string starts on.
#[derive(Clone, Copy)]
pub struct Interp {
    /// The `#` of `#{`.
    pub hash: Span,
    /// The line of the string's opening quote.
    pub start_line: u32,
}

/// The tokens of `text`, whose first line is numbered `first_line`.
pub fn tokenize(text: &str, first_line: u32) -> Result<Vec<Token>, ParseError> {
    let lexer = Lexer::new(text, first_line);
    lexer.stream(text, None, 0).map(|(tokens, _)| tokens)
}

impl<'s> Lexer<'s> {
    /// A lexer over `text`.
    pub fn new(text: &'s str, first_line: u32) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lexer {
            text,
            line_starts,
            first_line,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// The position of the start of `rest`, a suffix of the source.
    ///
    /// The lexer asks for positions in order, a token's after the one
    /// before: from the last one it counts only the characters (and line
    /// ends) in between, and looks the line up only for a position behind.
    pub fn span(&self, rest: &str) -> Span {
        let offset = self.text.len() - rest.len();
        let (last_offset, last_line, last_col) = self.last.get();
        let (line, col) = if last_offset <= offset {
            let gap = &self.text.as_bytes()[last_offset..offset];
            match gap.iter().rposition(|b| *b == b'\n') {
                None => (last_line, last_col + chars_in(gap)),
                Some(nl) => {
                    let lines = gap.iter().filter(|b| **b == b'\n').count();
                    (last_line + lines, chars_in(&gap[nl + 1..]) + 1)
                }
            }
        } else {
            let line = self.line_starts.partition_point(|start| *start <= offset) - 1;
            (
                line,
                self.text[self.line_starts[line]..offset].chars().count() + 1,
            )
        };
        self.last.set((offset, line, col));
        Span {
            line: self.first_line + line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of `rest` in the source.
    pub fn offset(&self, rest: &str) -> usize {
        self.text.len() - rest.len()
    }

    /// Tokens from `i` to the end of the input, or, inside an
    /// interpolation, to its closing `}` (returning what follows it).
    pub fn stream(
        &self,
        mut i: &'s str,
        interp: Option<Interp>,
        depth: u32,
    ) -> Result<(Vec<Token>, &'s str), ParseError> {
        if depth > MAX_STRING_DEPTH {
            return Err(error::syntax(self.span(i), error::TOO_DEEP.to_owned()));
        }
        // Code makes about a token for every three bytes: room for them
        // all at once, rather than copying them at each doubling.
        let expected = if interp.is_none() { i.len() / 2 + 8 } else { 8 };
        let mut out: Vec<Token> = Vec::with_capacity(expected);
        let mut open: Vec<Open> = Vec::new();
        loop {
            let (rest, space) = skip_blank(i);
            i = rest;
            let span = self.span(i);
            let Some(c) = i.chars().next() else {
                return self
                    .at_end(out, &open, interp, span)
                    .map(|tokens| (tokens, i));
            };
            if c == '\n' {
                if !matches!(out.last(), Some(Token { tok: Tok::Eol, .. })) {
                    out.push(Token {
                        tok: Tok::Eol,
                        span,
                        space_before: space,
                    });
                }
                i = &i[1..];
                continue;
            }
            if c == '}' && interp.is_some() && open.is_empty() {
                out.push(Token {
                    tok: Tok::Eof,
                    span,
                    space_before: space,
                });
                return Ok((out, &i[1..]));
            }
            let (rest, tok) = self.token(i, depth)?;
            let tok = after_dot(&out, tok);
            self.check_sequence(&out, &tok, span)?;
            track(&mut open, &tok, span)?;
            out.push(Token {
                tok,
                span,
                space_before: space,
            });
            i = rest;
        }
    }

    /// The end of the text: fine when nothing is open, else incomplete.
    fn at_end(
        &self,
        mut out: Vec<Token>,
        open: &[Open],
        interp: Option<Interp>,
        span: Span,
    ) -> Result<Vec<Token>, ParseError> {
        if let Some(interp) = interp {
            return Err(error::incomplete(
                interp.hash,
                error::missing_interpolation(interp.start_line),
            ));
        }
        if let Some(top) = open.last() {
            return Err(error::incomplete(
                span,
                error::missing_terminator(top.closer, top.opener, top.span.line),
            ));
        }
        out.push(Token {
            tok: Tok::Eof,
            span,
            space_before: false,
        });
        Ok(out)
    }

    /// Tokens Elixir's tokenizer refuses after the one before: `;` after
    /// `;`, and `do` after `,`, `;` or `fn`.
    fn check_sequence(&self, out: &[Token], tok: &Tok, span: Span) -> Result<(), ParseError> {
        let prev = out
            .iter()
            .rev()
            .find(|t| !matches!(t.tok, Tok::Eol))
            .map(|t| &t.tok);
        match (prev, tok) {
            (Some(Tok::Semi), Tok::Semi)
                if matches!(out.last(), Some(Token { tok: Tok::Semi, .. })) =>
            {
                Err(error::syntax(span, error::unexpected_char(';', span.col)))
            }
            (Some(Tok::Op(",") | Tok::Semi), Tok::Reserved("do")) => {
                Err(error::syntax(span, error::DO_AFTER_COMMA.to_owned()))
            }
            (Some(Tok::Reserved("fn")), Tok::Reserved("do")) => {
                Err(error::syntax(span, error::DO_AFTER_FN.to_owned()))
            }
            _ => Ok(()),
        }
    }

    /// One token at the start of `i` (not a blank, not a newline).
    fn token(&self, i: &'s str, depth: u32) -> Result<(&'s str, Tok), ParseError> {
        let mut chars = i.chars();
        let c = chars.next().unwrap_or(' ');
        let next = chars.next();
        match c {
            '0'..='9' => self.number(i),
            '?' => self.char_literal(i),
            '"' => self.double_quoted(i, depth),
            '\'' => self.single_quoted(i, depth),
            '~' if next.is_some_and(|n| n.is_ascii_alphabetic()) => self.sigil(i, depth),
            ':' if next != Some(':') => self.atom(i, depth),
            '&' if next.is_some_and(|n| n.is_ascii_digit()) => self.capture_int(i),
            ';' => Ok((&i[1..], Tok::Semi)),
            _ if literal::is_word_start(c) => self.word(i),
            _ => match operator::symbol(i) {
                Ok((rest, op)) => Ok(operator_kw_key(i, rest).unwrap_or((rest, Tok::Op(op)))),
                Err(_) => Err(self.unexpected_char(i)),
            },
        }
    }

    /// A number, which must not run into a letter or underscore.
    fn number(&self, i: &'s str) -> Result<(&'s str, Tok), ParseError> {
        let (rest, tok) = literal::number(i).map_err(|e| self.unexpected(i, e))?;
        if let Some(c) = rest.chars().next().filter(|c| literal::is_word_char(*c)) {
            let text = match &tok {
                Tok::Int(_, text) | Tok::Float(_, text) => text.clone(),
                _ => String::new(),
            };
            return Err(error::syntax(
                self.span(i),
                error::invalid_after_number(c, &text),
            ));
        }
        Ok((rest, tok))
    }

    /// `&1`, whose number must not run into a letter either.
    fn capture_int(&self, i: &'s str) -> Result<(&'s str, Tok), ParseError> {
        let (rest, n) = literal::capture_int(i).map_err(|e| self.unexpected(i, e))?;
        if let Some(c) = rest.chars().next().filter(|c| literal::is_word_char(*c)) {
            let digits = &i[1..i.len() - rest.len()];
            return Err(error::syntax(
                self.span(&i[1..]),
                error::invalid_after_number(c, digits),
            ));
        }
        Ok((rest, Tok::CaptureInt(n)))
    }

    /// `?a`.
    fn char_literal(&self, i: &'s str) -> Result<(&'s str, Tok), ParseError> {
        let (rest, code) = literal::char_literal(i).map_err(|e| self.unexpected(i, e))?;
        let text = &i[..i.len() - rest.len()];
        Ok((rest, Tok::Char(code, text.to_owned())))
    }

    /// `:ok`, `:+`, `:"quoted"`.
    fn atom(&self, i: &'s str, depth: u32) -> Result<(&'s str, Tok), ParseError> {
        let after = &i[1..];
        if after.starts_with('"') || after.starts_with('\'') {
            return self.quoted_atom(i, depth);
        }
        match literal::bare_atom(after) {
            Ok((rest, name)) => Ok((rest, Tok::Atom(name))),
            Err(_) => Err(self.unexpected_char(i)),
        }
    }

    /// An identifier, alias, reserved word, word operator or keyword key.
    fn word(&self, i: &'s str) -> Result<(&'s str, Tok), ParseError> {
        let (rest, word) = literal::word(i).map_err(|e| self.unexpected(i, e))?;
        if word.starts_with(|c: char| c.is_uppercase() && !c.is_ascii_uppercase()) {
            return Err(self.unexpected_char(i));
        }
        self.check_word(i, word, rest)?;
        if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            if let Some(inside) = rest.trim_start_matches([' ', '\t']).strip_prefix('(') {
                return Err(error::syntax(
                    self.span(inside),
                    error::paren_after_alias(word),
                ));
            }
        }
        if let Some(after) = rest
            .strip_prefix(':')
            .filter(|a| !a.is_empty() && !a.starts_with(':'))
        {
            if after.starts_with(char::is_whitespace) {
                return Ok((after, Tok::KwKey(word.to_owned())));
            }
            return Err(error::syntax(self.span(i), error::kw_needs_space(word)));
        }
        Ok((rest, literal::classify_word(word)))
    }

    /// Aliases are ASCII without `?` or `!`; identifiers do not run into
    /// an `@` (`foo@bar`), as Elixir's tokenizer requires.
    fn check_word(&self, i: &str, word: &str, rest: &str) -> Result<(), ParseError> {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) {
            if let Some(bad) = word
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
            {
                return Err(error::syntax(
                    self.span(i),
                    error::invalid_in_word(bad, "alias", word),
                ));
            }
        } else if rest.starts_with('@') {
            let tail = rest
                .find(|c: char| !(literal::is_word_char(c) || c == '@'))
                .unwrap_or(rest.len());
            let whole = &i[..word.len() + tail];
            return Err(error::syntax(
                self.span(i),
                error::invalid_in_word('@', "identifier", whole),
            ));
        }
        Ok(())
    }

    /// The error for a lexer that failed on the token at `i`.
    fn unexpected(&self, i: &str, err: nom::Err<LexError<'_>>) -> ParseError {
        error::respan(fatal_or(err, || self.unexpected_char(i)), self.span(i))
    }

    /// `unexpected token: "$" (column 3, code point U+0024)`.
    pub fn unexpected_char(&self, i: &str) -> ParseError {
        let span = self.span(i);
        let c = i.chars().next().unwrap_or(' ');
        error::syntax(span, error::unexpected_char(c, span.col))
    }
}

/// A reserved word, word operator or bracket-like operator right after a
/// `.` is a function name (`x.end`, `Kernel.in`, `Kernel.<<`), not a
/// keyword or terminator.
fn after_dot(out: &[Token], tok: Tok) -> Tok {
    let prev = out.iter().rev().find(|t| !matches!(t.tok, Tok::Eol));
    if !prev.is_some_and(|t| t.tok.is_op(".")) {
        return tok;
    }
    match tok {
        Tok::Reserved(word) => Tok::Ident(word.to_owned()),
        Tok::Op(op @ ("and" | "or" | "not" | "in" | "when" | "<<" | ">>")) => {
            Tok::Ident(op.to_owned())
        }
        other => other,
    }
}

/// The characters in `bytes`, a slice of UTF-8 text between two
/// characters: every byte but a continuation byte starts one.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b as i8) >= -0x40).count()
}

/// Skips blanks, comments and backslash-newline continuations; says
/// whether there were any.
fn skip_blank(mut i: &str) -> (&str, bool) {
    let start = i.len();
    loop {
        if let Some(rest) = i.strip_prefix([' ', '\t', '\r']) {
            i = rest;
        } else if i.starts_with('#') {
            i = &i[i.find('\n').unwrap_or(i.len())..];
        } else if let Some(rest) = i.strip_prefix("\\\n").or_else(|| i.strip_prefix("\\\r\n")) {
            i = rest;
        } else {
            return (i, i.len() != start);
        }
    }
}

/// Keeps the stack of open terminators, failing on a stray or mismatched
/// closing one as Elixir's tokenizer does.
fn track(open: &mut Vec<Open>, tok: &Tok, span: Span) -> Result<(), ParseError> {
    let pair = match tok {
        Tok::Op("(") => Some(("(", ")")),
        Tok::Op("[") => Some(("[", "]")),
        Tok::Op("{") | Tok::Op("%{") => Some(("{", "}")),
        Tok::Op("<<") => Some(("<<", ">>")),
        Tok::Reserved("fn") => Some(("fn", "end")),
        Tok::Reserved("do") => Some(("do", "end")),
        _ => None,
    };
    if let Some((opener, closer)) = pair {
        open.push(Open {
            opener,
            closer,
            span,
        });
        return Ok(());
    }
    let closer = match tok {
        Tok::Op(op @ (")" | "]" | "}" | ">>")) => *op,
        Tok::Reserved("end") => "end",
        _ => return Ok(()),
    };
    match open.pop() {
        Some(top) if top.closer == closer => Ok(()),
        Some(top) => Err(error::syntax(
            span,
            error::mismatched(closer, top.opener, top.closer, top.span.line),
        )),
        None => Err(error::syntax(span, error::stray(closer))),
    }
}

/// An operator written as a keyword key (`[+: 1, <>: 2]`): the operator,
/// then `:` and a space, as Elixir's tokenizer takes it. The operators that
/// shape the code around them (`|`, `=>`, `::`, `->`...) are never keys.
fn operator_kw_key<'s>(i: &'s str, rest: &'s str) -> Option<(&'s str, Tok)> {
    const STRUCTURAL: &[&str] = &["::", ".", "|", "=>", "\\\\", "->", "<-", "=", "&", "@"];
    let text = &i[..i.len() - rest.len()];
    let after = rest.strip_prefix(':')?;
    let spaced = after.starts_with(char::is_whitespace);
    (spaced && !STRUCTURAL.contains(&text)).then(|| (after, Tok::KwKey(text.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::ParseError;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s, 1).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn err(s: &str) -> ParseError {
        tokenize(s, 1).unwrap_err()
    }

    #[test]
    fn simple_tokens() {
        assert_eq!(
            toks("foo(1, :a) # comment\n"),
            vec![
                Tok::Ident("foo".into()),
                Tok::Op("("),
                Tok::Int(super::super::token::IntVal::Small(1), "1".into()),
                Tok::Op(","),
                Tok::Atom("a".into()),
                Tok::Op(")"),
                Tok::Eol,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn keyword_keys_and_words() {
        assert_eq!(toks("do: x")[0], Tok::KwKey("do".into()));
        assert_eq!(toks("x::y")[1], Tok::Op("::"));
        assert_eq!(toks("a when b")[1], Tok::Op("when"));
        assert_eq!(toks("&1")[0], Tok::CaptureInt(1));
        assert_eq!(toks("a && b")[1], Tok::Op("&&"));
    }

    /// An operator then `:` and a space is a keyword key; one that runs
    /// into an atom is still the operator (`a +:b` adds `:b`).
    #[test]
    fn operators_as_keyword_keys() {
        assert_eq!(toks("[+: 1]")[1], Tok::KwKey("+".into()));
        assert_eq!(toks("[<>: 1]")[1], Tok::KwKey("<>".into()));
        assert_eq!(toks("[++: 1]")[1], Tok::KwKey("++".into()));
        assert_eq!(toks("a +:b")[1], Tok::Op("+"));
    }

    #[test]
    fn spacing_is_recorded() {
        let t = tokenize("foo [1] foo[1]", 1).unwrap();
        assert!(t[1].space_before);
        assert!(!t[5].space_before);
    }

    #[test]
    fn positions_count_characters() {
        let t = tokenize("\"é\" x\n  y", 3).unwrap();
        assert_eq!(t[1].span, Span { line: 3, col: 5 });
        assert_eq!(t[3].span, Span { line: 4, col: 3 });
    }

    #[test]
    fn a_position_is_the_same_whatever_was_asked_before() {
        let text = "a = \"é\"\n\n  bé + ü\r\n    :ok # ç\nend";
        let naive = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() as u32;
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            Span {
                line: 5 + line,
                col: text[line_start..offset].chars().count() as u32 + 1,
            }
        };
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|o| text.is_char_boundary(*o))
            .collect();
        let lexer = Lexer::new(text, 5);
        // In order, backwards, and jumping about.
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(
            offsets
                .iter()
                .step_by(3)
                .chain(offsets.iter().step_by(2).rev()),
        );
        for o in order {
            assert_eq!(lexer.span(&text[o..]), naive(o), "at {o}");
        }
    }

    #[test]
    fn unclosed_terminators_are_incomplete() {
        for s in [
            "[1, 2",
            "foo(",
            "fn x -> x",
            "if x do",
            "<<1",
            "%{a: 1,",
            "{",
        ] {
            assert!(matches!(err(s), ParseError::Incomplete { .. }), "{s}");
        }
        let ParseError::Incomplete { span, message } = err("[1, 2") else {
            panic!()
        };
        assert_eq!(span, Span { line: 1, col: 6 });
        assert_eq!(
            message,
            "missing terminator: ] (for \"[\" starting at line 1)"
        );
    }

    #[test]
    fn stray_terminators_are_errors() {
        assert_eq!(
            err("1 )"),
            error::syntax(Span { line: 1, col: 3 }, "unexpected token: )".into())
        );
        assert_eq!(
            err("end"),
            error::syntax(
                Span { line: 1, col: 1 },
                "unexpected reserved word: end".into()
            )
        );
        let ParseError::Syntax { message, .. } = err("(1]") else {
            panic!()
        };
        assert_eq!(
            message,
            "unexpected token: ]. The \"(\" at line 1 is missing terminator \")\""
        );
    }

    #[test]
    fn bad_characters() {
        let ParseError::Syntax { message, .. } = err("a $ b") else {
            panic!()
        };
        assert_eq!(
            message,
            "unexpected token: \"$\" (column 3, code point U+0024)"
        );
        let ParseError::Syntax { message, .. } = err("0x") else {
            panic!()
        };
        assert!(message.starts_with("invalid character \"x\" after number 0. If you intended"));
        assert!(message.ends_with("Unexpected token: x"));
        let ParseError::Syntax { message, .. } = err("[a:1]") else {
            panic!()
        };
        assert_eq!(
            message,
            "keyword argument must be followed by space after: a:"
        );
        assert!(matches!(err("1 ; ; 2"), ParseError::Syntax { .. }));
    }
}
