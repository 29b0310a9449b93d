//! `Range`: `first..last//step` as the struct `%Range{first:, last:, step:}`.
//!
//! As in Elixir 1.14, `Range.new(10, 1)` (and so `10..1`) counts down with
//! step `-1`; with an explicit step, a range whose step points away from
//! `last` is empty (`1..10//-1`).

use super::enumerable::{as_range, Range};
use super::errors::{argument_error, elixir_frame, function_clause, Def};
use crate::term::inspect::inspect;
use crate::term::{Exception, Term};

const SIZE: Def = Def {
    module: "Range",
    name: "size",
    arity: 1,
    kind: "def",
    file: "lib/range.ex",
    line: 248,
    clauses: &[
        "size(first..last//step) when step > 0 and first > last",
        "size(first..last//step) when step < 0 and first < last",
        "size(first..last//step)",
        "size(%{__struct__: Range, first: first, last: last} = range)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&SIZE];

/// `Range.new(first, last)`: step 1, or -1 when counting down.
pub fn new2(first: &Term, last: &Term) -> Result<Term, Exception> {
    match (first, last) {
        (Term::Int(f), Term::Int(l)) => Ok(Range {
            first: *f,
            last: *l,
            step: if f <= l { 1 } else { -1 },
        }
        .to_term()),
        _ => Err(argument_error(
            &format!(
                "ranges (first..last) expect both sides to be integers, got: {}..{}",
                inspect(first),
                inspect(last)
            ),
            vec![elixir_frame(
                "Range",
                "new",
                Term::int(2),
                "lib/range.ex",
                193,
            )],
        )),
    }
}

/// `Range.new(first, last, step)`.
pub fn new3(first: &Term, last: &Term, step: &Term) -> Result<Term, Exception> {
    match (first, last, step) {
        (Term::Int(f), Term::Int(l), Term::Int(s)) if *s != 0 => Ok(Range {
            first: *f,
            last: *l,
            step: *s,
        }
        .to_term()),
        _ => Err(argument_error(
            &format!(
                "ranges (first..last//step) expect both sides to be integers and the step to be a non-zero integer, got: {}..{}//{}",
                inspect(first),
                inspect(last),
                inspect(step)
            ),
            vec![elixir_frame("Range", "new", Term::int(3), "lib/range.ex", 215)],
        )),
    }
}

fn new(args: Vec<Term>) -> Result<Term, Exception> {
    match args.as_slice() {
        [f, l] => new2(f, l),
        [f, l, s] => new3(f, l, s),
        _ => unreachable!("exported as new/2 and new/3"),
    }
}

fn size(args: Vec<Term>) -> Result<Term, Exception> {
    match as_range(&args[0]) {
        Some(r) => Ok(Term::int(r.size() as i64)),
        None => Err(function_clause(&SIZE, args)),
    }
}

fn is_range(args: Vec<Term>) -> Result<Term, Exception> {
    Ok(Term::bool(as_range(&args[0]).is_some()))
}

fn struct_fn(a: Vec<Term>) -> Result<Term, Exception> {
    let nil = || Term::nil();
    let mut m = crate::term::build::structure(
        crate::term::Atom::module("Range"),
        vec![("first", nil()), ("last", nil()), ("step", nil())],
    );
    if let (Some(kw), Term::Map(map)) = (a.first(), &mut m) {
        for (k, v) in kw
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(super::enumerable::pair)
        {
            map.insert(k, v);
        }
    }
    Ok(m)
}

/// The `Range` module.
pub fn module() -> crate::otp::native::NativeModule {
    crate::otp::native::NativeModule::new(crate::term::Atom::module("Range"))
        .export_native("new", 2, pure!(new))
        .export_native("new", 3, pure!(new))
        .export_native("size", 1, pure!(size))
        .export_native("range?", 1, pure!(is_range))
        .export_native("__struct__", 0, pure!(struct_fn))
        .export_native("__struct__", 1, pure!(struct_fn))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn new_counts_down_when_last_is_smaller() {
        assert_eq!(show("Range", "new", vec![int(1), int(10)]), "1..10");
        assert_eq!(show("Range", "new", vec![int(10), int(1)]), "10..1//-1");
        assert_eq!(
            show("Range", "new", vec![int(1), int(10), int(3)]),
            "1..10//3"
        );
    }

    #[test]
    fn bad_bounds_are_argument_errors() {
        assert_eq!(
            show("Range", "new", vec![int(1), atom("a")]),
            "** (ArgumentError) ranges (first..last) expect both sides to be integers, got: 1..:a"
        );
        assert_eq!(
            show("Range", "new", vec![int(1), int(2), int(0)]),
            "** (ArgumentError) ranges (first..last//step) expect both sides to be integers and the step to be a non-zero integer, got: 1..2//0"
        );
    }

    #[test]
    fn size_counts_the_values() {
        assert_eq!(show("Range", "size", vec![range(1, 10, 3)]), "4");
        assert_eq!(show("Range", "size", vec![range(10, 1, 3)]), "0");
        assert!(show("Range", "size", vec![int(1)])
            .starts_with("** (FunctionClauseError) no function clause matching in Range.size/1"));
    }
}
