//! The parser's input: a cursor over a token slice, usable as a nom
//! [`Input`](nom::Input), with the nesting depth it has reached; and the
//! parser's nom error and result types.

use super::error;
use super::token::{Tok, Token};
use crate::lang::ast::{ParseError, Span};
use nom::IResult;

/// How deeply expressions may nest before the parser gives up with a
/// syntax error (instead of overflowing the stack).
pub const MAX_DEPTH: u32 = 500;

/// A position in a token slice. The slice always ends with [`Tok::Eof`],
/// which the cursor never moves past.
#[derive(Clone, Copy, Debug)]
pub struct Toks<'a> {
    all: &'a [Token],
    pos: usize,
    /// How many nested expressions enclose this point.
    pub depth: u32,
    /// Whether the tokens are an interpolation's (its end is not the end
    /// of the input, so running into it is an error, not incompleteness).
    pub interp: bool,
}

/// The parser's nom error: the [`ParseError`] to report.
#[derive(Debug, Clone, PartialEq)]
pub struct PErr(pub ParseError);

impl<'a> nom::error::ParseError<Toks<'a>> for PErr {
    fn from_error_kind(input: Toks<'a>, _kind: nom::error::ErrorKind) -> Self {
        input.error_here()
    }

    fn append(_: Toks<'a>, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// What the parser's functions return.
pub type PResult<'a, T> = IResult<Toks<'a>, T, PErr>;

impl<'a> Toks<'a> {
    /// A cursor at the start of `all` (which ends with `Eof`).
    pub fn new(all: &'a [Token], depth: u32, interp: bool) -> Self {
        Toks {
            all,
            pos: 0,
            depth,
            interp,
        }
    }

    /// The current token.
    pub fn peek(&self) -> &'a Token {
        &self.all[self.pos.min(self.all.len() - 1)]
    }

    /// The token `n` places after the current one (or `Eof`).
    pub fn peek_at(&self, n: usize) -> &'a Token {
        &self.all[(self.pos + n).min(self.all.len() - 1)]
    }

    /// The current token's kind.
    pub fn tok(&self) -> &'a Tok {
        &self.peek().tok
    }

    /// Where the current token is.
    pub fn span(&self) -> Span {
        self.peek().span
    }

    /// The cursor after the current token.
    pub fn next(self) -> Self {
        let pos = if self.pos + 1 < self.all.len() {
            self.pos + 1
        } else {
            self.pos
        };
        Toks { pos, ..self }
    }

    /// The cursor after any newlines.
    pub fn skip_eol(mut self) -> Self {
        while *self.tok() == Tok::Eol {
            self = self.next();
        }
        self
    }

    /// The cursor after any newlines and semicolons.
    pub fn skip_eoe(mut self) -> Self {
        while self.tok().is_eoe() {
            self = self.next();
        }
        self
    }

    /// Whether the current token is the operator or punctuation `op`.
    pub fn at_op(&self, op: &str) -> bool {
        self.tok().is_op(op)
    }

    /// Whether the current token is the reserved word `word`.
    pub fn at_reserved(&self, word: &str) -> bool {
        self.tok().is_reserved(word)
    }

    /// The cursor one level deeper, or an error past [`MAX_DEPTH`].
    pub fn deeper(self) -> Result<Self, nom::Err<PErr>> {
        if self.depth >= MAX_DEPTH {
            return Err(nom::Err::Failure(PErr(error::syntax(
                self.span(),
                error::TOO_DEEP.to_owned(),
            ))));
        }
        Ok(Toks {
            depth: self.depth + 1,
            ..self
        })
    }

    /// This cursor's position with `depth`.
    pub fn at_depth(self, depth: u32) -> Self {
        Toks { depth, ..self }
    }

    /// The error for the current token being unexpected.
    pub fn error_here(&self) -> PErr {
        let last = self.pos.checked_sub(1).map(|p| &self.all[p]);
        PErr(error::before(self.peek(), last, self.interp))
    }

    /// Fails with [`Self::error_here`].
    pub fn fail<T>(&self) -> PResult<'a, T> {
        Err(nom::Err::Failure(self.error_here()))
    }

    /// Fails with `message` at `span`.
    pub fn fail_with<T>(&self, span: Span, message: String) -> PResult<'a, T> {
        Err(failure(span, message))
    }

    /// Consumes the operator `op`, or fails.
    pub fn expect_op(self, op: &str) -> PResult<'a, Span> {
        if self.at_op(op) {
            Ok((self.next(), self.span()))
        } else {
            self.fail()
        }
    }

    /// Consumes the reserved word `word`, or fails.
    pub fn expect_reserved(self, word: &str) -> PResult<'a, Span> {
        if self.at_reserved(word) {
            Ok((self.next(), self.span()))
        } else {
            self.fail()
        }
    }
}

/// A definite syntax error with `message` at `span`.
pub fn failure(span: Span, message: String) -> nom::Err<PErr> {
    nom::Err::Failure(PErr(error::syntax(span, message)))
}

/// Tokens as a nom input: elements are tokens, indices are positions.
impl<'a> nom::Input for Toks<'a> {
    type Item = &'a Token;
    type Iter = std::slice::Iter<'a, Token>;
    type IterIndices = std::iter::Enumerate<std::slice::Iter<'a, Token>>;

    fn input_len(&self) -> usize {
        self.all.len() - 1 - self.pos.min(self.all.len() - 1)
    }

    fn take(&self, index: usize) -> Self {
        let end = (self.pos + index).min(self.all.len() - 1);
        Toks {
            all: &self.all[..=end],
            ..*self
        }
    }

    fn take_from(&self, index: usize) -> Self {
        Toks {
            pos: (self.pos + index).min(self.all.len() - 1),
            ..*self
        }
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.iter_elements().position(predicate)
    }

    fn iter_elements(&self) -> Self::Iter {
        self.all[self.pos.min(self.all.len() - 1)..self.all.len() - 1].iter()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, nom::Needed> {
        if count <= self.input_len() {
            Ok(count)
        } else {
            Err(nom::Needed::new(count - self.input_len()))
        }
    }
}

/// A parser that consumes one token satisfying `pred`, as nom's `satisfy`
/// does for characters.
pub fn token<'a>(pred: impl Fn(&Tok) -> bool) -> impl Fn(Toks<'a>) -> PResult<'a, &'a Token> {
    move |i: Toks<'a>| {
        if pred(i.tok()) && *i.tok() != Tok::Eof {
            Ok((i.next(), i.peek()))
        } else {
            Err(nom::Err::Error(i.error_here()))
        }
    }
}

/// A parser for the operator or punctuation `op`.
pub fn op<'a>(op: &'static str) -> impl Fn(Toks<'a>) -> PResult<'a, &'a Token> {
    token(move |t| t.is_op(op))
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;
    use nom::multi::separated_list1;
    use nom::Parser;

    #[test]
    fn nom_combinators_work_on_tokens() {
        let tokens = tokenize("a, b, c;", 1).unwrap();
        let input = Toks::new(&tokens, 0, false);
        let ident = token(|t| matches!(t, Tok::Ident(_)));
        let (rest, items) = separated_list1(op(","), ident).parse(input).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(*rest.tok(), Tok::Semi);
    }

    #[test]
    fn the_cursor_stops_at_eof() {
        let tokens = tokenize("a", 1).unwrap();
        let input = Toks::new(&tokens, 0, false).next().next().next();
        assert_eq!(*input.tok(), Tok::Eof);
        assert!(matches!(
            input.error_here().0,
            ParseError::Incomplete { .. }
        ));
    }

    #[test]
    fn depth_is_limited() {
        let tokens = tokenize("a", 1).unwrap();
        let deep = Toks::new(&tokens, MAX_DEPTH, false);
        assert!(deep.deeper().is_err());
    }
}
