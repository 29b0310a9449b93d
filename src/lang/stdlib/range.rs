//! `Range`: `first..last//step` as the struct `%Range{first:, last:, step:}`.
//!
//! As in Elixir 1.14, `Range.new(10, 1)` (and so `10..1`) counts down with
//! step `-1`; with an explicit step, a range whose step points away from
//! `last` is empty (`1..10//-1`).

use super::enumerable::{as_range, Range};
use super::errors::{argument_error, elixir_frame, function_clause, Def};
use crate::term::inspect::inspect;
use crate::term::{Exception, Term};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

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

const SHIFT: Def = Def {
    module: "Range",
    name: "shift",
    arity: 2,
    kind: "def",
    file: "lib/range.ex",
    line: 272,
    clauses: &["shift(first..last//step, steps_to_shift) when is_integer(first) and is_integer(last) and is_integer(step) and is_integer(steps_to_shift)"],
};

const DISJOINT: Def = Def {
    module: "Range",
    name: "disjoint?",
    arity: 2,
    kind: "def",
    file: "lib/range.ex",
    line: 318,
    clauses: &["disjoint?(first1..last1//step1 = range1, first2..last2//step2 = range2)"],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&SIZE, &SHIFT, &DISJOINT];

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

/// `Range.shift(range, steps)`: the range moved by `steps` of its step.
fn shift(args: Vec<Term>) -> Result<Term, Exception> {
    let (Some(r), Term::Int(steps)) = (as_range(&args[0]), &args[1]) else {
        return Err(function_clause(&SHIFT, args));
    };
    let by = BigInt::from(*steps) * r.step;
    Ok(crate::term::build::structure(
        crate::atom!("Elixir.Range"),
        vec![
            ("first", Term::big(BigInt::from(r.first) + &by)),
            ("last", Term::big(BigInt::from(r.last) + &by)),
            ("step", Term::int(r.step)),
        ],
    ))
}

/// `Range.disjoint?(range1, range2)`.
fn is_disjoint(args: Vec<Term>) -> Result<Term, Exception> {
    match (as_range(&args[0]), as_range(&args[1])) {
        (Some(a), Some(b)) => Ok(Term::bool(disjoint(&a, &b))),
        _ => Err(function_clause(&DISJOINT, args)),
    }
}

/// Whether two ranges share no value, as Elixir 1.14 decides it: each
/// range is turned to count up by swapping its ends (not by finding its
/// smallest value), and two stepped ranges meet where the first common
/// value of the two progressions, found with the extended GCD, lies in
/// both. Same answers as Elixir, including where swapping the ends of an
/// unaligned descending range makes it wrong.
fn disjoint(a: &Range, b: &Range) -> bool {
    if a.size() == 0 || b.size() == 0 {
        return true;
    }
    let upward = |r: &Range| {
        let (f, l, s) = (
            BigInt::from(r.first),
            BigInt::from(r.last),
            BigInt::from(r.step),
        );
        if r.first > r.last {
            (l, f, -s)
        } else {
            (f, l, s)
        }
    };
    let ((f1, l1, s1), (f2, l2, s2)) = (upward(a), upward(b));
    if l2 < f1 || l1 < f2 {
        return true;
    }
    let one = BigInt::from(1);
    if s1.abs() == one && s2.abs() == one {
        return false;
    }
    let (gcd, u, v) = super::integer::gcd_with_coefficients(&-&s1, &s2);
    let c = &f1 - &f2 + &s2 - &s1;
    // Elixir's `/` is a float division, and `floor/1` of it an integer.
    let float = |n: &BigInt| n.to_f64().unwrap_or(f64::NAN);
    let t1 = -float(&c) / float(&s1) * float(&u);
    let t2 = -float(&c) / float(&s2) * float(&v);
    let floor_plus_one = |x: f64| -> BigInt { BigInt::from(x.floor() as i128) + 1 };
    let t = floor_plus_one(t1).max(floor_plus_one(t2));
    // `div/2` truncates.
    let x: BigInt = (&c * &u + &t * &s2) / &gcd - 1;
    let y: BigInt = (&c * &v + &t * &s1) / &gcd - 1;
    x.is_negative() || f1 + x * s1 > l1 || y.is_negative() || f2 + y * s2 > l2
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
        .export_native("shift", 2, pure!(shift))
        .export_native("disjoint?", 2, pure!(is_disjoint))
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
