//! Atoms as Elixir writes them: `Macro.inspect_atom/2` of Elixir 1.14.
//!
//! `:ok`, `:"foo bar"`, `Foo.Bar` (an alias), `:+` (operators are bare),
//! `:"$gen_cast"`, and as keyword keys `ok:` or `"foo bar":`. Identifier
//! rules follow `String.Tokenizer` for ASCII; for other characters Unicode
//! letters, digits and combining marks stand in for the
//! `XID_Start`/`XID_Continue` tables, NFC is checked as [`super::nfc`] can,
//! and scripts are not checked for mixing.

use super::escape::escape;
use crate::term::atom::{self, Atom};

/// How `Macro.classify_atom/1` sees an atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// `Elixir.Foo`: written `Foo`.
    Alias,
    /// `foo`, `foo?`: written bare.
    Identifier,
    /// Operators and other atoms that need no quotes (`+`, `Foo`, `a@b`).
    Unquoted,
    /// Anything else: `:"..."`.
    Quoted,
}

/// `inner_classify/1`'s finer answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inner {
    NotCallable,
    QuotedOperator,
    UnquotedOperator,
    Alias,
    Identifier,
    Other,
}

const NOT_CALLABLE: &[&str] = &["%", "%{}", "{}", "<<>>", "...", "..", ".", "..//", "->"];
const QUOTED_OPERATORS: &[&str] = &["::", "^^^", "~~~", "<|>"];
const UNARY_OPERATORS: &[&str] = &["&", "!", "^", "not", "+", "-", "~~~", "@"];
const BINARY_OPERATORS: &[&str] = &[
    "<-", "\\\\", "when", "::", "|", "=", "||", "|||", "or", "&&", "&&&", "and", "==", "!=", "=~",
    "===", "!==", "<", "<=", ">=", ">", "|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>",
    "in", "^^^", "++", "--", "..", "<>", "+++", "---", "+", "-", "*", "/", "**", ".",
];

/// `Macro.inspect_atom(:literal, atom)`: `:ok`, `Foo.Bar`, `:"foo bar"`, `nil`.
pub fn atom_text(a: Atom) -> String {
    if a == atom::NIL || a.is_boolean() {
        return a.name().to_owned();
    }
    let name = a.name();
    match classify(name) {
        Class::Alias => alias_text(name).to_owned(),
        Class::Quoted => format!(":\"{}\"", escape(name.as_bytes(), b'"', None).0),
        Class::Identifier | Class::Unquoted => format!(":{name}"),
    }
}

fn alias_text(name: &str) -> &str {
    if name == "Elixir" || name == "Elixir.Elixir" || name.starts_with("Elixir.Elixir.") {
        return name;
    }
    name.strip_prefix("Elixir.").unwrap_or(name)
}

/// `Macro.inspect_atom(:key, atom)`: `ok:`, `"foo bar":`, `"Elixir.Foo":`.
pub fn key_text(a: Atom) -> String {
    let name = a.name();
    match classify(name) {
        Class::Alias => format!("\"{name}\":"),
        Class::Quoted => format!("\"{}\":", escape(name.as_bytes(), b'"', None).0),
        Class::Identifier | Class::Unquoted => format!("{name}:"),
    }
}

/// `Macro.inspect_atom(:remote_call, atom)`: a function name after `Mod.`.
pub fn remote_call_text(a: Atom) -> String {
    let name = a.name();
    match inner_classify(name) {
        Inner::Identifier | Inner::UnquotedOperator | Inner::QuotedOperator => name.to_owned(),
        Inner::NotCallable | Inner::Alias => format!("\"{name}\""),
        Inner::Other => format!("\"{}\"", escape(name.as_bytes(), b'"', None).0),
    }
}

/// `Macro.classify_atom/1`.
fn classify(name: &str) -> Class {
    match inner_classify(name) {
        Inner::Alias => Class::Alias,
        Inner::Identifier => Class::Identifier,
        Inner::UnquotedOperator | Inner::NotCallable => Class::Unquoted,
        Inner::QuotedOperator | Inner::Other => Class::Quoted,
    }
}

fn inner_classify(name: &str) -> Inner {
    if NOT_CALLABLE.contains(&name) {
        Inner::NotCallable
    } else if QUOTED_OPERATORS.contains(&name) {
        Inner::QuotedOperator
    } else if UNARY_OPERATORS.contains(&name) || BINARY_OPERATORS.contains(&name) {
        Inner::UnquotedOperator
    } else if is_valid_alias(name) {
        Inner::Alias
    } else {
        match tokenize(name) {
            Some(
                Token {
                    kind: Kind::Upper, ..
                }
                | Token { at: true, .. },
            ) => Inner::NotCallable,
            Some(_) if super::nfc::changes_under_nfc(name) => Inner::Other,
            Some(_) => Inner::Identifier,
            None => Inner::Other,
        }
    }
}

/// `Elixir` followed by any number of `.Upper[A-Za-z0-9_]*` pieces.
fn is_valid_alias(name: &str) -> bool {
    let Some(mut rest) = name.strip_prefix("Elixir") else {
        return false;
    };
    while !rest.is_empty() {
        let mut chars = rest.chars();
        if chars.next() != Some('.') || !chars.next().is_some_and(|c| c.is_ascii_uppercase()) {
            return false;
        }
        rest = chars
            .as_str()
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    }
    true
}

/// What `String.Tokenizer.tokenize/1` makes of a whole atom name.
struct Token {
    kind: Kind,
    /// The name contains `@`.
    at: bool,
}

#[derive(PartialEq)]
enum Kind {
    Identifier,
    /// Starts with an upper-case letter (`:alias` or `:atom` in the tokenizer).
    Upper,
}

/// The token if the whole name is one identifier-like token.
fn tokenize(name: &str) -> Option<Token> {
    let mut chars = name.chars();
    let first = chars.next()?;
    let kind = if first.is_uppercase() {
        Kind::Upper
    } else if first.is_lowercase() || first == '_' || (!first.is_ascii() && first.is_alphabetic()) {
        Kind::Identifier
    } else {
        return None;
    };
    let mut at = false;
    let rest = chars.as_str();
    for (i, c) in rest.char_indices() {
        match c {
            '!' | '?' => return (i + 1 == rest.len()).then_some(Token { kind, at }),
            '@' => at = true,
            c if c.is_ascii_alphanumeric() || c == '_' => {}
            c if !c.is_ascii() && c.is_alphanumeric() => {}
            c if is_combining_mark(c) => {}
            _ => return None,
        }
    }
    Some(Token { kind, at })
}

/// Combining diacritical marks (which continue identifiers).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(name: &str) -> String {
        atom_text(Atom::new(name))
    }

    fn key(name: &str) -> String {
        key_text(Atom::new(name))
    }

    #[test]
    fn identifiers_aliases_and_operators_print_bare() {
        // Golden: IO.inspect of these atoms in Elixir 1.14.
        let cases = [
            ("ok", ":ok"),
            ("foo?", ":foo?"),
            ("foo!", ":foo!"),
            ("_", ":_"),
            ("Elixir.Foo.Bar", "Foo.Bar"),
            ("Elixir.Foo1_x.B", "Foo1_x.B"),
            ("Elixir", "Elixir"),
            ("Elixir.Elixir", "Elixir.Elixir"),
            ("Elixir.Elixir.Foo", "Elixir.Elixir.Foo"),
            ("Foo", ":Foo"),
            ("Nil", ":Nil"),
            ("foo@bar", ":foo@bar"),
            ("a@", ":a@"),
            ("+", ":+"),
            ("\\\\", ":\\\\"),
            ("..//", ":..//"),
            ("...", ":..."),
            ("%{}", ":%{}"),
            ("<<>>", ":<<>>"),
            ("->", ":->"),
            ("|>", ":|>"),
            ("when", ":when"),
            ("héllo", ":héllo"),
            ("Ólá", ":Ólá"),
            ("ÿ", ":ÿ"),
            ("日本", ":日本"),
            ("x\u{301}", ":x\u{301}"),
            ("A\u{301}", ":A\u{301}"),
            ("nil", "nil"),
            ("true", "true"),
        ];
        for (name, printed) in cases {
            assert_eq!(lit(name), printed, "atom {name:?}");
        }
    }

    #[test]
    fn other_atoms_are_quoted_and_escaped() {
        let cases = [
            ("foo bar", ":\"foo bar\""),
            ("$gen_cast", ":\"$gen_cast\""),
            ("Elixir.foo", ":\"Elixir.foo\""),
            ("Elixir.Foo.bar", ":\"Elixir.Foo.bar\""),
            ("Elixir.Foo-Bar", ":\"Elixir.Foo-Bar\""),
            ("1a", ":\"1a\""),
            ("", ":\"\""),
            ("ok\n", ":\"ok\\n\""),
            ("a\"b", ":\"a\\\"b\""),
            ("foo?bar", ":\"foo?bar\""),
            ("foo!!", ":\"foo!!\""),
            ("@foo", ":\"@foo\""),
            ("a.b", ":\"a.b\""),
            ("//", ":\"//\""),
            ("not in", ":\"not in\""),
            ("::", ":\"::\""),
            ("~~~", ":\"~~~\""),
            ("<|>", ":\"<|>\""),
            ("…", ":\"…\""),
            ("z\u{301}", ":\"z\u{301}\""),
        ];
        for (name, printed) in cases {
            assert_eq!(lit(name), printed, "atom {name:?}");
        }
    }

    #[test]
    fn keys_quote_aliases_and_odd_names() {
        assert_eq!(key("ok"), "ok:");
        assert_eq!(key("my key"), "\"my key\":");
        assert_eq!(key("Elixir.Foo"), "\"Elixir.Foo\":");
        assert_eq!(key("Foo"), "Foo:");
        assert_eq!(key("+"), "+:");
        assert_eq!(key("nil"), "nil:");
        assert_eq!(key("$gen_cast"), "\"$gen_cast\":");
    }

    #[test]
    fn remote_calls_quote_what_cannot_follow_a_dot() {
        assert_eq!(remote_call_text(Atom::new("map")), "map");
        assert_eq!(remote_call_text(Atom::new("+")), "+");
        assert_eq!(
            remote_call_text(Atom::new("-start_children/2-fun-0-")),
            "\"-start_children/2-fun-0-\""
        );
    }
}
