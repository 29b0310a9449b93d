//! `Tuple`: conversions and positional edits. The compiler inlines these
//! into `:erlang` BIFs, so their errors are the BIFs' (`Tuple.delete_at({}, 1)`
//! reports `:erlang.delete_element(2, {})`), as in iex.

use super::errors::Def;
use super::{erlang, num};
use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[];

fn to_list(a: Vec<Term>) -> R {
    erlang::tuple_to_list(a)
}

fn append(a: Vec<Term>) -> R {
    erlang::append_element(a)
}

fn insert_at(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    erlang::insert_element(vec![index, a[0].clone(), a[2].clone()])
}

fn delete_at(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    erlang::delete_element(vec![index, a[0].clone()])
}

fn duplicate(a: Vec<Term>) -> R {
    erlang::make_tuple(vec![a[1].clone(), a[0].clone()])
}

fn fold(a: Vec<Term>, start: i64, op: fn(&Term, &Term) -> R) -> R {
    let items = erlang::tuple_to_list(a)?.list_to_vec().unwrap_or_default();
    items
        .iter()
        .try_fold(Term::int(start), |acc, x| op(&acc, x))
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
        .export_native("to_list", 1, pure!(to_list))
        .export_native("append", 2, pure!(append))
        .export_native("insert_at", 3, pure!(insert_at))
        .export_native("delete_at", 2, pure!(delete_at))
        .export_native("duplicate", 2, pure!(duplicate))
        .export_native("sum", 1, pure!(sum))
        .export_native("product", 1, pure!(product))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    #[test]
    fn positional_edits() {
        let t = Term::tuple([int(1), int(2)]);
        assert_eq!(show("Tuple", "to_list", vec![t.clone()]), "[1, 2]");
        assert_eq!(
            show("Tuple", "append", vec![t.clone(), int(3)]),
            "{1, 2, 3}"
        );
        assert_eq!(
            show("Tuple", "insert_at", vec![t.clone(), int(0), int(0)]),
            "{0, 1, 2}"
        );
        assert_eq!(show("Tuple", "delete_at", vec![t.clone(), int(0)]), "{2}");
        assert_eq!(
            show("Tuple", "duplicate", vec![atom("a"), int(2)]),
            "{:a, :a}"
        );
        assert_eq!(show("Tuple", "sum", vec![t]), "3");
    }

    #[test]
    fn errors_are_the_bifs() {
        assert_eq!(
            show("Tuple", "delete_at", vec![Term::tuple([]), int(1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"
        );
        assert_eq!(
            show("Tuple", "duplicate", vec![int(1), int(-1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"
        );
    }
}
