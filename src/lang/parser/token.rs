//! The tokens the lexer hands to the parser, and how Elixir's parser names
//! each one in `syntax error before: ...` messages.

use crate::lang::ast::Span;
use num_bigint::BigInt;

/// One token with its position and the spacing around it, which Elixir's
/// grammar looks at (`foo [1]` is a call, `foo[1]` an access).
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What the token is.
    pub tok: Tok,
    /// Where it starts.
    pub span: Span,
    /// Whether horizontal space (or a comment) comes right before it.
    pub space_before: bool,
}

/// An integer literal's value: small or big.
#[derive(Clone, Debug, PartialEq)]
pub enum IntVal {
    /// Fits in 64 bits.
    Small(i64),
    /// Does not.
    Big(BigInt),
}

/// A piece of a string-like token: text with escapes applied, or the tokens
/// of one `#{...}` (ending with an [`Tok::Eof`] placed on the `}`).
#[derive(Clone, Debug, PartialEq)]
pub enum TPart {
    /// Literal text.
    Text(String),
    /// The tokens of an interpolation.
    Interp(Vec<Token>),
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// `42`, `0x1F`, `1_000`, with its source text for messages.
    Int(IntVal, String),
    /// `1.5e3`, with its source text.
    Float(f64, String),
    /// `?a`: the code point and the source text.
    Char(u32, String),
    /// `:ok`, `:"quoted"`, `:+`.
    Atom(String),
    /// `:"a#{b}"`.
    AtomInterp(Vec<TPart>),
    /// `"..."` or a `"""` heredoc.
    Str(Vec<TPart>),
    /// `'...'` or a `'''` heredoc.
    Charlist(Vec<TPart>),
    /// `~s(...)mods`: letter, parts, modifiers.
    Sigil(char, Vec<TPart>, String),
    /// A keyword key: `a:` or `"a b":`.
    KwKey(String),
    /// A keyword key with interpolation: `"a#{b}":`.
    KwKeyInterp(Vec<TPart>),
    /// `foo`, `_x`, `valid?`, `__MODULE__`.
    Ident(String),
    /// `Foo`.
    Alias(String),
    /// `&1`.
    CaptureInt(u32),
    /// An operator or punctuation, words included (`and`, `when`, `in`).
    Op(&'static str),
    /// `true false nil fn do end else after catch rescue`.
    Reserved(&'static str),
    /// A newline (several in a row make one).
    Eol,
    /// `;`.
    Semi,
    /// The end of the tokens (of the input, or of an interpolation).
    Eof,
}

impl Tok {
    /// True for the operator or punctuation `op`.
    pub fn is_op(&self, op: &str) -> bool {
        matches!(self, Tok::Op(o) if *o == op)
    }

    /// True for the reserved word `word`.
    pub fn is_reserved(&self, word: &str) -> bool {
        matches!(self, Tok::Reserved(w) if *w == word)
    }

    /// True for a newline or `;`.
    pub fn is_eoe(&self) -> bool {
        matches!(self, Tok::Eol | Tok::Semi)
    }
}

/// What `syntax error before: ` says about a token, and whether iex shows
/// the code snippet after it (it does not for strings, chars, sigils and
/// reserved words).
pub fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Int(_, text) | Tok::Float(_, text) => format!("\"{text}\""),
        Tok::Char(_, text) => text.clone(),
        Tok::Atom(name) | Tok::Ident(name) => erlang_atom(name),
        Tok::Alias(name) => format!("'{name}'"),
        Tok::KwKey(name) => format!("'{name}:'"),
        Tok::Str(parts)
        | Tok::Charlist(parts)
        | Tok::AtomInterp(parts)
        | Tok::KwKeyInterp(parts) => match parts.first() {
            Some(TPart::Text(t)) => format!("\"{t}\""),
            _ => "\"".to_owned(),
        },
        Tok::Sigil(letter, parts, _) => {
            let content = match parts.first() {
                Some(TPart::Text(t)) => t.as_str(),
                _ => "",
            };
            format!("sigil ~{letter} starting with content '{content}'")
        }
        Tok::CaptureInt(_) => "'&'".to_owned(),
        Tok::Op("%{") => "'%{}'".to_owned(),
        Tok::Op(op) => erlang_atom(op),
        Tok::Reserved(word) => erlang_atom(word),
        Tok::Eol => "eol".to_owned(),
        Tok::Semi => "';'".to_owned(),
        Tok::Eof => String::new(),
    }
}

/// Erlang's writing of an atom: bare when it is a plain lowercase name and
/// not an Erlang keyword, in single quotes otherwise.
pub fn erlang_atom(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
        "catch", "cond", "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or",
        "orelse", "receive", "rem", "try", "when", "xor",
    ];
    let mut chars = name.chars();
    let plain = matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
    if plain && !KEYWORDS.contains(&name) {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_atoms_are_quoted_like_erlang() {
        assert_eq!(erlang_atom("foo"), "foo");
        assert_eq!(erlang_atom("foo?"), "'foo?'");
        assert_eq!(erlang_atom("_x"), "'_x'");
        assert_eq!(erlang_atom("end"), "'end'");
        assert_eq!(erlang_atom("+"), "'+'");
        assert_eq!(erlang_atom("a b"), "'a b'");
    }

    #[test]
    fn tokens_are_described_as_elixir_does() {
        assert_eq!(describe(&Tok::Int(IntVal::Small(2), "2".into())), "\"2\"");
        assert_eq!(describe(&Tok::Alias("Foo".into())), "'Foo'");
        assert_eq!(describe(&Tok::KwKey("a".into())), "'a:'");
        assert_eq!(describe(&Tok::Op("}")), "'}'");
        assert_eq!(describe(&Tok::Op("%{")), "'%{}'");
        assert_eq!(describe(&Tok::Str(vec![TPart::Text("d".into())])), "\"d\"");
        assert_eq!(describe(&Tok::Char(97, "?a".into())), "?a");
        assert_eq!(describe(&Tok::Reserved("fn")), "fn");
    }
}
