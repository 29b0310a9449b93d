//! No input makes the parser or the evaluator panic: random text made of
//! Elixir's words and punctuation is parsed, checked and evaluated in a shell
//! process; whatever happens must be a value or an Elixir exception.
//!
//! `PROPTEST_CASES` raises the number of cases for a long run.

use proptest::prelude::*;
use riex::lang::eval::{check, eval_input, Env, Scope};
use riex::runtime::{block_on, Mode};
use riex::term::Atom;
use std::time::Duration;

const WORDS: &[&str] = &[
    "fn",
    "->",
    "end",
    "do",
    "case",
    "cond",
    "if",
    "else",
    "receive",
    "after",
    "try",
    "rescue",
    "catch",
    "with",
    "for",
    "<-",
    "x",
    "y",
    "_",
    "^x",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "<>",
    "++",
    "--",
    "..",
    "|>",
    "&",
    "&1",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "%{",
    "|",
    ",",
    ":",
    ":ok",
    ":error",
    "1",
    "0",
    "-1",
    "2.5",
    "\"s\"",
    "'c'",
    "nil",
    "true",
    "self()",
    "Enum.map",
    "Enum.reduce",
    "Map.get",
    "String.upcase",
    "send",
    "spawn",
    "raise",
    "throw",
    "exit",
    "hd",
    "tl",
    "length",
    "elem",
    "Process.sleep(1)",
    "1..3",
    "\n",
    ";",
    " ",
    "when",
    "in",
    "not",
    "and",
    "or",
    "Kernel.",
    "@",
    "?a",
];

fn program() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 1..24)
        .prop_map(|words| words.join(" "))
}

/// Parses, checks and evaluates `src`; a panic anywhere fails the test
/// (`Node::run` panics when the process died of one).
fn run(src: String) {
    block_on(Mode::Realtime, move |node| async move {
        riex::shell::boot(&node);
        riex::otp::logger::Console::of(&node).set_sink(std::sync::Arc::new(|_: &str| {}));
        let n = node.clone();
        node.run(move |mut cx| async move {
            let Ok(ast) = riex::lang::parser::parse(&src, 1) else {
                return;
            };
            let scope = Scope::new("iex", None);
            let mut env = Env::new();
            let known = |name: &str, arity: usize| {
                n.module(Atom::module("Kernel"))
                    .is_some_and(|m| m.exports_fun(Atom::new(name), arity))
            };
            if check(&ast, &scope, &env, &known).error.is_some() {
                return;
            }
            let _ = tokio::time::timeout(
                Duration::from_millis(200),
                eval_input(&mut cx, &scope, &mut env, &ast),
            )
            .await;
        })
        .await
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_program_makes_the_evaluator_panic(src in program()) {
        run(src);
    }

    #[test]
    fn no_byte_string_makes_the_pipeline_panic(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
        run(String::from_utf8_lossy(&bytes).into_owned());
    }
}
