//! Elixir's operators: how they are spelled (longest match first), their
//! precedence and associativity (Elixir's own table), which of them may
//! start a line and still continue the expression before it, and which of
//! them make iex apply a line to the previous result.

use super::lexer::LResult;
use std::sync::OnceLock;

/// Operators and punctuation made of symbols, longest first so that a
/// plain prefix search finds the longest match.
pub const SYMBOLS: &[&str] = &[
    "===", "!==", "<<<", ">>>", "&&&", "|||", "^^^", "~~~", "<<~", "~>>", "<~>", "<|>", "+++",
    "---", "\\\\", "==", "!=", "<=", ">=", "=~", "&&", "||", "<>", "++", "--", "..", "|>", "<~",
    "~>", "->", "=>", "<-", "::", "**", "//", "<<", ">>", "%{", "+", "-", "*", "/", "=", "<", ">",
    "!", "^", "&", "|", "@", ".", ",", "(", ")", "[", "]", "{", "}", "%",
];

/// Operators spelled as words.
pub const WORD_OPS: &[&str] = &["and", "or", "not", "in", "when"];

/// Operators that can be written as atoms (`:+`, `:->`), plus the special
/// forms' names, longest first.
const ATOM_SYMBOLS: &[&str] = &[
    "..//", "<<>>", "%{}", "...", "===", "!==", "<<<", ">>>", "&&&", "|||", "^^^", "~~~", "<<~",
    "~>>", "<~>", "<|>", "+++", "---", "\\\\", "==", "!=", "<=", ">=", "=~", "&&", "||", "<>",
    "++", "--", "..", "|>", "<~", "~>", "->", "<-", "**", "//", "{}", "+", "-", "*", "/", "=", "<",
    ">", "!", "^", "&", "|", "@", ".", "%",
];

/// How an operator groups with its own kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assoc {
    /// `a - b - c` is `(a - b) - c`.
    Left,
    /// `a = b = c` is `a = (b = c)`.
    Right,
}

/// The longest operator or punctuation at the start of `i`.
pub fn symbol(i: &str) -> LResult<'_, &'static str> {
    static INDEX: OnceLock<ByFirstByte> = OnceLock::new();
    longest(INDEX.get_or_init(|| ByFirstByte::of(SYMBOLS)), i)
}

/// The operator name of an atom such as `:+` or `:%{}` (after the `:`).
pub fn atom_symbol(i: &str) -> LResult<'_, &str> {
    static INDEX: OnceLock<ByFirstByte> = OnceLock::new();
    longest(INDEX.get_or_init(|| ByFirstByte::of(ATOM_SYMBOLS)), i)
}

/// A table of symbols grouped by their first byte, each group longest
/// first: the lexer compares the input with the few symbols that start
/// as it does, not with the whole table, at every operator and bracket.
struct ByFirstByte([Vec<&'static str>; 128]);

impl ByFirstByte {
    fn of(table: &[&'static str]) -> ByFirstByte {
        let mut groups: [Vec<&'static str>; 128] = std::array::from_fn(|_| Vec::new());
        for symbol in table {
            // Every symbol is ASCII; the table is longest first already.
            groups[symbol.as_bytes()[0] as usize].push(symbol);
        }
        ByFirstByte(groups)
    }
}

/// The longest symbol of `index` that `i` starts with, as a nom parser would.
fn longest<'s>(index: &ByFirstByte, i: &'s str) -> LResult<'s, &'static str> {
    let group = match i.as_bytes().first() {
        Some(&b) if b < 128 => &index.0[b as usize][..],
        _ => &[],
    };
    match group.iter().find(|s| i.starts_with(**s)) {
        Some(s) => Ok((&i[s.len()..], *s)),
        None => Err(nom::Err::Error(nom::error::ParseError::from_error_kind(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// Precedence and associativity of a binary operator (`"not in"` included),
/// from Elixir's parser. `None` for anything that is not binary there.
pub fn binary(op: &str) -> Option<(u32, Assoc)> {
    use Assoc::*;
    let info = match op {
        "<-" | "\\\\" => (40, Left),
        "when" => (50, Right),
        "::" => (60, Right),
        "|" => (70, Right),
        "=>" => (80, Right),
        "=" => (100, Right),
        "||" | "|||" | "or" => (120, Left),
        "&&" | "&&&" | "and" => (130, Left),
        "==" | "!=" | "=~" | "===" | "!==" => (140, Left),
        "<" | ">" | "<=" | ">=" => (150, Left),
        "|>" | "<<<" | ">>>" | "<<~" | "~>>" | "<~" | "~>" | "<~>" | "<|>" => (160, Left),
        "in" | "not in" => (170, Left),
        "^^^" => (180, Left),
        "//" => (190, Right),
        "++" | "--" | "+++" | "---" | "<>" | ".." => (200, Right),
        "+" | "-" => (210, Left),
        "*" | "/" => (220, Left),
        "**" => (230, Left),
        _ => return None,
    };
    Some(info)
}

/// Precedence of the capture operator `&` (it takes everything that binds
/// tighter: `&foo/1`, `& &1 + 1`).
pub const CAPTURE_PREC: u32 = 90;

/// Whether `op` is a prefix operator of precedence 300 (`-x`, `!x`, `^x`).
pub fn is_unary(op: &str) -> bool {
    matches!(op, "+" | "-" | "!" | "^" | "not" | "~~~")
}

/// Whether a binary operator at the start of a line continues the line
/// before (`x\n|> f()` is one expression). `+` and `-` do not: on a line
/// of their own they are unary.
pub fn joins_after_newline(op: &str) -> bool {
    op != "+" && op != "-" && binary(op).is_some()
}

/// Whether iex applies a line starting with `op` to the previous result
/// (`|> Enum.map(...)`): the operator classes of IEx's `adjust_operator`.
pub fn continues_previous_result(op: &str) -> bool {
    matches!(
        op,
        "||" | "|||"
            | "or"
            | "&&"
            | "&&&"
            | "and"
            | "=="
            | "!="
            | "=~"
            | "==="
            | "!=="
            | "<"
            | ">"
            | "<="
            | ">="
            | "|>"
            | "<<<"
            | ">>>"
            | "<<~"
            | "~>>"
            | "<~"
            | "~>"
            | "<~>"
            | "<|>"
            | "in"
            | "not in"
            | "^^^"
            | "++"
            | "--"
            | "+++"
            | "---"
            | "<>"
            | "*"
            | "/"
    )
}

/// The operator a line starts with, if any (after leading blanks): a
/// symbol, or a word operator standing alone (`and x`, `not in y`).
pub fn leading_operator(line: &str) -> Option<&'static str> {
    let rest = line.trim_start_matches([' ', '\t']);
    if let Ok((_, op)) = symbol(rest) {
        return Some(op);
    }
    let word_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (word, after) = rest.split_at(word_end);
    let op = WORD_OPS.iter().find(|w| **w == word)?;
    if *op == "not" {
        let next = after.trim_start_matches([' ', '\t']);
        let is_in = next.starts_with("in")
            && !next[2..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
        return is_in.then_some("not in");
    }
    Some(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_symbol_wins() {
        assert_eq!(symbol("===x").unwrap(), ("x", "==="));
        assert_eq!(symbol("<<<1").unwrap(), ("1", "<<<"));
        assert_eq!(symbol("<<1").unwrap(), ("1", "<<"));
        assert_eq!(symbol("\\\\ 1").unwrap(), (" 1", "\\\\"));
        assert_eq!(symbol("|> f").unwrap(), (" f", "|>"));
        assert!(symbol("$").is_err());
    }

    #[test]
    fn precedence_follows_elixir() {
        let prec = |op| binary(op).unwrap().0;
        assert!(prec("*") > prec("+"));
        assert!(prec("+") > prec("++"));
        assert!(prec("++") > prec("in"));
        assert!(prec("in") > prec("|>"));
        assert!(prec("|>") > prec("<"));
        assert!(prec("<") > prec("=="));
        assert!(prec("==") > prec("&&"));
        assert!(prec("&&") > prec("||"));
        assert!(prec("||") > prec("="));
        assert!(prec("=") > CAPTURE_PREC);
        assert!(CAPTURE_PREC > prec("|"));
        assert!(prec("|") > prec("::"));
        assert!(prec("::") > prec("when"));
        assert!(prec("when") > prec("<-"));
        assert_eq!(binary("++").unwrap().1, Assoc::Right);
        assert_eq!(binary("**").unwrap().1, Assoc::Left);
        assert!(binary("->").is_none());
    }

    #[test]
    fn lines_that_continue_the_previous_result() {
        assert_eq!(leading_operator("  |> Enum.map(& &1)"), Some("|>"));
        assert_eq!(leading_operator("and x"), Some("and"));
        assert_eq!(leading_operator("andy"), None);
        assert_eq!(leading_operator("not in [1]"), Some("not in"));
        assert_eq!(leading_operator("not x"), None);
        assert!(continues_previous_result("|>"));
        assert!(!continues_previous_result("-"));
        assert!(!continues_previous_result("="));
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn every_symbol_is_found_whole_at_the_start_of_itself() {
        type Finder = fn(&str) -> LResult<'_, &str>;
        let tables: [(&[&str], Finder); 2] = [(SYMBOLS, symbol), (ATOM_SYMBOLS, atom_symbol)];
        for (table, find) in tables {
            for s in table {
                assert!(s.is_ascii());
                assert_eq!(find(s).ok(), Some(("", *s)));
            }
        }
        assert_eq!(symbol("|>x").ok(), Some(("x", "|>")));
        assert!(symbol("é").is_err() && symbol("").is_err() && symbol("#").is_err());
    }
}
