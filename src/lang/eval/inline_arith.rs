//! Arithmetic that the BEAM compiles inline in a module's code, and the
//! bare error it fails with.
//!
//! At iex's prompt, `:b - 1` runs in `:erl_eval`, which calls
//! `:erlang.-/2`: the error names its operands and that call is the first
//! frame. Inside a module, OTP 25's JIT compiles some operations inline
//! and, when one fails, raises a bare `badarith` from the function itself:
//!
//! ```text
//! iex> defmodule T do
//! ...>   def f(x), do: x - 1
//! ...> end
//! iex> T.f(:b)
//! ** (ArithmeticError) bad argument in arithmetic expression
//!     iex:2: T.f/1
//! ```
//!
//! Which operations those are was read off OTP 25 (by trying each form):
//! `/` always; `+` with an integer literal (small enough for the BEAM's
//! immediate integers) or a float literal on either side; `-` with a
//! non-negative such integer literal on the right, or a float literal on
//! either side; `*` with a float literal. Any other form (`x * 2`, `1 - x`,
//! `x - -3`, `x + y`, `div`, `rem`) calls the `:erlang` function, whose
//! frame the error keeps. The compiler puts a literal operand of `+` and
//! `*` second: `2 * x` fails as `:erlang.*(x, 2)`.

use crate::lang::ast::{Ast, Node};
use crate::term::{atom, Exception, Term};

/// The BEAM's small integers, on a 64-bit machine: 60 bits and a sign.
const SMALL: std::ops::Range<i64> = -(1 << 59)..(1 << 59);

/// True when `l op r`, in a module's code, fails with a bare `badarith`.
pub fn fails_bare(op: &str, l: &Ast, r: &Ast) -> bool {
    let float = |a: &Ast| matches!(a.kind, Node::Float(_));
    let small = |a: &Ast| matches!(a.kind, Node::Int(k) if SMALL.contains(&k));
    match op {
        "/" => true,
        "+" => small(l) || small(r) || float(l) || float(r),
        "-" => {
            matches!(r.kind, Node::Int(k) if (0..SMALL.end).contains(&k)) || float(l) || float(r)
        }
        "*" => float(l) || float(r),
        _ => false,
    }
}

/// True when the BEAM's compiler swaps the operands of `l op r` in a
/// module's code: a number literal first, for `+` or `*`, goes second.
pub fn swaps(op: &str, l: &Ast, r: &Ast) -> bool {
    let number = |a: &Ast| matches!(a.kind, Node::Int(_) | Node::BigInt(_) | Node::Float(_));
    matches!(op, "+" | "*") && number(l) && !number(r)
}

/// `e` as the bare error of inline arithmetic: an `ArithmeticError`
/// loses the `:erlang` call it came from (and with it the operands its
/// message shows); any other error stays as it is.
pub fn bare(mut e: Exception) -> Exception {
    if e.reason.struct_name() == Some(atom::ARITHMETIC_ERROR) {
        if let Some(frames) = e.stack.list_to_vec() {
            let from_erlang =
                |f: &Term| f.as_tuple().and_then(|t| t.first()?.as_atom()) == Some(atom::ERLANG);
            e.stack = Term::list(frames.into_iter().filter(|f| !from_erlang(f)).collect());
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::fails_bare;
    use crate::lang::parser::parse;

    /// Whether `source` (one binary operation) fails bare in a module.
    fn bare(source: &str) -> bool {
        let ast = parse(source, 1).expect("parses");
        let call = ast.as_call().expect("an operator call");
        let name = ast.local_name().expect("a local operator");
        fails_bare(name, &call.args[0], &call.args[1])
    }

    #[test]
    fn inline_forms_fail_bare_as_on_otp_25() {
        for form in [
            "x - 1",
            "x - 0",
            "x + 1",
            "x + -3",
            "-3 + x",
            "5 + x",
            "x + 576460752303423487",
            "x - 576460752303423487",
            "x + 1.5",
            "1.5 + x",
            "x - 1.5",
            "2.5 - x",
            "x * 1.5",
            "x / y",
            "1 / x",
            "2.0 / x",
        ] {
            assert!(bare(form), "{form}");
        }
    }

    #[test]
    fn a_literal_first_goes_second_for_plus_and_times_only() {
        let swapped = |source: &str| {
            let ast = parse(source, 1).expect("parses");
            let call = ast.as_call().expect("an operator call");
            super::swaps(
                ast.local_name().expect("local"),
                &call.args[0],
                &call.args[1],
            )
        };
        assert!(swapped("2 * x") && swapped("5 + x") && swapped("1.5 * x"));
        assert!(!swapped("x * 2") && !swapped("1 - x") && !swapped("2 * 3") && !swapped("x * y"));
    }

    #[test]
    fn calls_of_erlang_functions_keep_their_frame_as_on_otp_25() {
        for form in [
            "x * 2",
            "2 * x",
            "1 - x",
            "x - -3",
            "x + y",
            "x - y",
            "x + 576460752303423488",
            "x - 576460752303423488",
            "div(x, 2)",
            "rem(x, 2)",
        ] {
            assert!(!bare(form), "{form}");
        }
    }
}
