//! `Tuple`: conversions and positional edits, on top of the `:erlang` BIFs
//! (whose errors it raises, under its own frame, as Elixir does).

use super::errors::{add_frame, elixir_frame, function_clause, Def};
use super::{erlang, num};
use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

const DUPLICATE: Def = Def {
    module: "Tuple",
    name: "duplicate",
    arity: 2,
    kind: "def",
    file: "lib/tuple.ex",
    line: 63,
    clauses: &["duplicate(data, size) when is_integer(size) and size >= 0"],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&DUPLICATE];

fn under(r: R, fun: &str, arity: i64, line: i64) -> R {
    r.map_err(|e| {
        add_frame(
            e,
            elixir_frame("Tuple", fun, Term::int(arity), "lib/tuple.ex", line),
        )
    })
}

fn to_list(a: Vec<Term>) -> R {
    under(erlang::tuple_to_list(a), "to_list", 1, 185)
}

fn append(a: Vec<Term>) -> R {
    under(erlang::append_element(a), "append", 2, 107)
}

fn insert_at(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    let r = erlang::insert_element(vec![index, a[0].clone(), a[2].clone()]);
    under(r, "insert_at", 3, 87)
}

fn delete_at(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    under(
        erlang::delete_element(vec![index, a[0].clone()]),
        "delete_at",
        2,
        128,
    )
}

fn duplicate(a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(n) if *n >= 0 => erlang::make_tuple(vec![a[1].clone(), a[0].clone()]),
        _ => Err(function_clause(&DUPLICATE, a)),
    }
}

fn fold(a: Vec<Term>, start: i64, op: fn(&Term, &Term) -> R) -> R {
    let items = erlang::tuple_to_list(a)?.list_to_vec().unwrap_or_default();
    items.iter().try_fold(Term::int(start), |acc, x| op(&acc, x))
}

fn sum(a: Vec<Term>) -> R {
    fold(a, 0, num::add)
}

fn product(a: Vec<Term>) -> R {
    fold(a, 1, num::mul)
}

/// The `Tuple` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Tuple"))
        .export("to_list", 1, pure!(to_list))
        .export("append", 2, pure!(append))
        .export("insert_at", 3, pure!(insert_at))
        .export("delete_at", 2, pure!(delete_at))
        .export("duplicate", 2, pure!(duplicate))
        .export("sum", 1, pure!(sum))
        .export("product", 1, pure!(product))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    #[test]
    fn positional_edits() {
        let t = Term::tuple(vec![int(1), int(2)]);
        assert_eq!(show("Tuple", "to_list", vec![t.clone()]), "[1, 2]");
        assert_eq!(show("Tuple", "append", vec![t.clone(), int(3)]), "{1, 2, 3}");
        assert_eq!(show("Tuple", "insert_at", vec![t.clone(), int(0), int(0)]), "{0, 1, 2}");
        assert_eq!(show("Tuple", "delete_at", vec![t.clone(), int(0)]), "{2}");
        assert_eq!(show("Tuple", "duplicate", vec![atom("a"), int(2)]), "{:a, :a}");
        assert_eq!(show("Tuple", "sum", vec![t]), "3");
    }

    #[test]
    fn errors_are_the_bifs() {
        assert_eq!(
            show("Tuple", "delete_at", vec![Term::tuple(vec![]), int(1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"
        );
        assert!(show("Tuple", "duplicate", vec![int(1), int(-1)])
            .starts_with("** (FunctionClauseError) no function clause matching in Tuple.duplicate/2"));
    }
}
