//! The parser never panics, whatever it is given, and stays fast and
//! within its stack on deeply nested input.

use super::parse;
use crate::lang::ast::ParseError;
use proptest::prelude::*;

/// Characters rich in Elixir punctuation.
const ALPHABET: &[char] = &[
    '(', ')', '[', ']', '{', '}', '<', '>', '%', '"', '\'', '#', '{', '\\', ':', ';', ',', '.',
    '|', '&', '@', '^', '~', '!', '=', '+', '-', '*', '/', '?', ' ', '\n', 'a', 'x', 'F', '_', '1',
    '0', 'e', 'd', 'o', 'n', 's', 'r', 'w', 'é', '\t',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_punctuation(chars in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..64)) {
        let src: String = chars.into_iter().collect();
        let _ = parse(&src, 1);
    }

    #[test]
    fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = parse(&String::from_utf8_lossy(&bytes), 1);
    }

    #[test]
    fn never_panics_on_any_string(src in ".{0,64}") {
        let _ = parse(&src, 1);
    }

    #[test]
    fn never_panics_on_keyword_soup(words in proptest::collection::vec(proptest::sample::select(&[
        "fn", "do", "end", "->", "when", "else", "after", "case", "x", "1", ",", "(", ")", "[", "]", "%{", "}",
        "\"a#{", "\n", ":a", "a:", "|", "=>", "not", "in", "&", "&1", "@a", ".", "~s(", "<<", ">>", "\"\"\"\n",
    ][..]), 0..24)) {
        let _ = parse(&words.join(" "), 1);
    }
}

#[test]
fn nested_brackets_are_linear() {
    for open in [
        "[", "(", "{", "%{a: ", "<<", "fn -> ", "[[", "-", "!", "&", "@",
    ] {
        let src = open.repeat(200);
        let start = std::time::Instant::now();
        let result = parse(&src, 1);
        assert!(start.elapsed().as_secs_f64() < 2.0, "{open}: too slow");
        assert!(result.is_err(), "{open}");
    }
    let backtracking = [
        ("fn (", "1", ") end"),
        ("fn (x) -> (", "1", ") end"),
        ("[fn (", "1", ") end]"),
        ("(fn (", "1", ") end)"),
        ("fn (", "1 2", ") -> end"),
    ];
    for (open, inner, close) in backtracking {
        let src = format!("{}{inner}{}", open.repeat(200), close.repeat(200));
        let start = std::time::Instant::now();
        let _ = parse(&src, 1);
        assert!(start.elapsed().as_secs_f64() < 2.0, "{open}: too slow");
    }
}

#[test]
fn nesting_within_the_limit_parses() {
    let src = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    assert!(parse(&src, 1).is_ok());
    let src = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    assert!(parse(&src, 1).is_ok());
}

#[test]
fn nesting_past_the_limit_is_a_syntax_error() {
    for (open, close) in [
        ("[", "]"),
        ("(", ")"),
        ("{", "}"),
        ("-", ""),
        ("\"#{", "}\""),
    ] {
        let src = format!("{}1{}", open.repeat(5000), close.repeat(5000));
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&src, 1))
            .unwrap()
            .join()
            .expect("parser overflowed a 2 MiB stack");
        assert!(
            matches!(result, Err(ParseError::Syntax { .. })),
            "{open}: {result:?}"
        );
    }
}

#[test]
fn long_lines_are_linear() {
    let src = format!("[{}]", "\"é\", ".repeat(50_000));
    let start = std::time::Instant::now();
    assert!(parse(&src, 1).is_ok());
    assert!(start.elapsed().as_secs_f64() < 5.0, "too slow");
}
