//! Syntax colours: `Inspect.Algebra.color/3` with IEx's default palette.
//!
//! IEx inspects results with `IO.ANSI.syntax_colors()` (atoms cyan, strings
//! green, numbers and charlists yellow, booleans and `nil` magenta,
//! punctuation of lists, maps, tuples and binaries in the default colour) and
//! `reset: [:reset, :yellow]`, since the whole result is written in yellow
//! (`:eval_result`). A coloured piece is followed by the reset, so the text
//! between pieces (PIDs, references, functions, `..`) stays yellow.

use super::algebra::{colored, concat, empty, Doc};

/// The syntax element a piece of text belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Atoms other than booleans and `nil`, and keyword keys.
    Atom,
    /// `<<` and `>>` of a non-printable binary.
    Binary,
    /// `true` and `false`.
    Boolean,
    /// A printable charlist.
    Charlist,
    /// List punctuation.
    List,
    /// Map and struct punctuation.
    Map,
    /// `nil`.
    Nil,
    /// Integers and floats.
    Number,
    /// A printable string.
    String,
    /// Tuple punctuation.
    Tuple,
}

/// The ANSI escape IEx writes before a piece of this kind.
fn ansi(key: Key) -> &'static str {
    match key {
        Key::Atom => "\x1b[36m",
        Key::Boolean | Key::Nil => "\x1b[35m",
        Key::Charlist | Key::Number => "\x1b[33m",
        Key::String => "\x1b[32m",
        Key::Binary | Key::List | Key::Map | Key::Tuple => "\x1b[39m",
    }
}

/// What IEx writes after each coloured piece: reset, then the result colour.
const RESET: &str = "\x1b[0m\x1b[33m";

/// What IEx writes around a whole result (`:eval_result`, yellow).
pub(super) const RESULT_START: &str = "\x1b[33m";
pub(super) const RESULT_END: &str = "\x1b[0m";

/// `color(doc, key, opts)`: `doc` itself when colours are off.
pub fn color(doc: Doc, key: Key, enabled: bool) -> Doc {
    if !enabled {
        return doc;
    }
    concat(colored(doc, ansi(key)), colored(empty(), RESET))
}

#[cfg(test)]
mod tests {
    use super::super::algebra::text;
    use super::super::format::format;
    use super::*;

    #[test]
    fn a_coloured_piece_is_followed_by_the_result_colour() {
        let d = color(text(":ok"), Key::Atom, true);
        assert_eq!(format(&d, Some(80)), "\x1b[36m:ok\x1b[0m\x1b[33m");
    }

    #[test]
    fn without_colours_the_document_is_unchanged() {
        assert_eq!(color(text(":ok"), Key::Atom, false), text(":ok"));
    }
}
