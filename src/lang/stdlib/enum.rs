//! `Enum`: eager functions over any enumerable (lists, ranges, maps,
//! MapSets, streams; see the `enumerable` module).
//!
//! Functions that can stop early (`find`, `take_while`, `any?`, `at` ...)
//! walk ranges lazily, so `Enum.take(1..100_000_000, 3)` is instant; `count`,
//! `member?`, `sum` and `at` on ranges are computed. Functions given by the
//! user are applied in the calling process, in order, once per element, as
//! Elixir does (sorting excepted: the comparisons are a merge sort's).

use super::enumerable::{self, as_range, collect_into, Walk};
use super::errors::{
    add_frame, argument_error, elixir_frame, empty_error, function_clause, function_clause_error,
    location, out_of_bounds, Def,
};
use super::num;
use super::text;
use crate::lang::run::Applier;
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, TMap, Term};
use std::cmp::Ordering;

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Enum",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/enum.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    AT,
    "at",
    3,
    467,
    ["at(enumerable, index, default) when is_integer(index)"]
);
def!(
    FETCH,
    "fetch",
    2,
    1043,
    ["fetch(enumerable, index) when is_integer(index)"]
);
def!(
    FETCH_BANG,
    "fetch!",
    2,
    1069,
    ["fetch!(enumerable, index) when is_integer(index)"]
);
def!(
    TAKE,
    "take",
    2,
    3439,
    [
        "take(_enumerable, 0)",
        "take(enumerable, amount) when is_list(enumerable) and is_integer(amount) and amount > 0",
        "take(enumerable, amount) when is_integer(amount) and amount > 0",
        "take(enumerable, amount) when is_integer(amount) and amount < 0",
    ]
);
def!(
    DROP,
    "drop",
    2,
    882,
    [
        "drop(enumerable, amount) when is_list(enumerable) and is_integer(amount) and amount >= 0",
        "drop(enumerable, 0)",
        "drop(enumerable, amount) when is_integer(amount) and amount > 0",
        "drop(enumerable, amount) when is_integer(amount) and amount < 0",
    ]
);
def!(
    SPLIT,
    "split",
    2,
    3299,
    [
        "split(enumerable, count) when is_list(enumerable) and is_integer(count) and count >= 0",
        "split(enumerable, count) when is_integer(count) and count >= 0",
        "split(enumerable, count) when is_integer(count) and count < 0",
    ]
);
def!(
    JOIN,
    "join",
    2,
    1615,
    [
        "join(enumerable, \"\")",
        "join(enumerable, joiner) when is_list(enumerable) and is_binary(joiner)",
        "join(enumerable, joiner) when is_binary(joiner)",
    ]
);
def!(
    MAP_JOIN,
    "map_join",
    3,
    1753,
    ["map_join(enumerable, joiner, mapper) when is_binary(joiner)"]
);
def!(
    WITH_INDEX,
    "with_index",
    2,
    3773,
    [
        "with_index(enumerable, offset) when is_list(enumerable) and is_integer(offset)",
        "with_index(enumerable, fun) when is_list(enumerable) and is_function(fun, 2)",
        "with_index(enumerable, offset) when is_integer(offset)",
        "with_index(enumerable, fun) when is_function(fun, 2)",
    ]
);
def!(CHUNK_EVERY, "chunk_every", 4, 538, [
    "chunk_every(enumerable, count, step, leftover) when is_integer(count) and count > 0 and is_integer(step) and step > 0",
]);
def!(
    SLICE2,
    "slice",
    2,
    2919,
    [
        "slice(enumerable, first..last//step = index_range)",
        "slice(enumerable, %{__struct__: Range, first: first, last: last} = index_range)",
    ]
);
def!(SLICE3, "slice", 3, 3007, [
    "slice(_enumerable, start_index, 0) when is_integer(start_index)",
    "slice(enumerable, start_index, amount) when is_integer(start_index) and start_index < 0 and is_integer(amount) and amount >= 0",
    "slice(enumerable, start_index, amount) when is_integer(start_index) and is_integer(amount) and amount >= 0",
]);
def!(
    TAKE_EVERY,
    "take_every",
    2,
    3488,
    [
        "take_every(_enumerable, 0)",
        "take_every(enumerable, 1)",
        "take_every(list, nth) when is_list(list) and is_integer(nth) and nth > 1",
        "take_every(enumerable, nth) when is_integer(nth) and nth > 1",
    ]
);
def!(
    DROP_EVERY,
    "drop_every",
    2,
    931,
    [
        "drop_every(_enumerable, 1)",
        "drop_every(enumerable, 0)",
        "drop_every([], nth) when is_integer(nth)",
        "drop_every(enumerable, nth) when is_integer(nth) and nth > 1",
    ]
);
def!(
    MAP_EVERY,
    "map_every",
    3,
    1696,
    [
        "map_every(enumerable, 1, fun)",
        "map_every(enumerable, 0, _fun)",
        "map_every([], nth, _fun) when is_integer(nth) and nth > 1",
        "map_every(enumerable, nth, fun) when is_integer(nth) and nth > 1",
    ]
);
def!(TAKE_RANDOM, "take_random", 2, 3520, [
    "take_random(_enumerable, 0)",
    "take_random([], _)",
    "take_random([h | t], 1)",
    "take_random(enumerable, 1)",
    "take_random(enumerable, count) when is_integer(count) and is_integer(count) and count >= 0 and count <= 128",
    "take_random(enumerable, count) when is_integer(count) and count >= 0",
]);
def!(REVERSE_SLICE, "reverse_slice", 3, 2594, [
    "reverse_slice(enumerable, start_index, count) when is_integer(start_index) and start_index >= 0 and is_integer(count) and count >= 0",
]);
def!(
    COUNT_UNTIL,
    "count_until",
    2,
    746,
    ["count_until(enumerable, limit) when is_integer(limit) and limit > 0"]
);
def!(ZIP_WITH, "zip_with", 3, 3881, [
    "zip_with(enumerable1, enumerable2, zip_fun) when is_list(enumerable1) and is_list(enumerable2) and is_function(zip_fun, 2)",
    "zip_with(enumerable1, enumerable2, zip_fun) when is_function(zip_fun, 2)",
]);

const LIST_REDUCE: Def = Def {
    module: "Enumerable.List",
    name: "reduce",
    arity: 3,
    kind: "def",
    file: "lib/enum.ex",
    line: 4748,
    clauses: &[
        "reduce(_list, {:halt, acc}, _fun)",
        "reduce(list, {:suspend, acc}, fun)",
        "reduce([], {:cont, acc}, _fun)",
        "reduce([head | tail], {:cont, acc}, fun)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &AT,
    &FETCH,
    &FETCH_BANG,
    &TAKE,
    &DROP,
    &SPLIT,
    &JOIN,
    &MAP_JOIN,
    &WITH_INDEX,
    &CHUNK_EVERY,
    &SLICE2,
    &SLICE3,
    &TAKE_EVERY,
    &DROP_EVERY,
    &MAP_EVERY,
    &TAKE_RANDOM,
    &REVERSE_SLICE,
    &COUNT_UNTIL,
    &ZIP_WITH,
    &LIST_REDUCE,
];

/// A frame of an anonymous function inside `Enum.fun/arity` (as `-max/1-fun-0-`).
fn anon_frame(fun: &str, arity: usize, line: i64) -> Term {
    elixir_frame(
        "Enum",
        &format!("-{fun}/{arity}-fun-0-"),
        Term::int(0),
        "lib/enum.ex",
        line,
    )
}

fn enum_frame(fun: &str, arity: i64, line: i64) -> Term {
    elixir_frame("Enum", fun, Term::int(arity), "lib/enum.ex", line)
}

async fn elems(cx: &mut Ctx, t: &Term) -> Result<Vec<Term>, Exception> {
    enumerable::to_vec(cx, t).await
}

async fn walk(cx: &mut Ctx, t: &Term) -> Result<Walk, Exception> {
    enumerable::walk(cx, t).await
}

/// Walks `t` as `Enum.reduce/3` does, for the functions Elixir builds on
/// it: a map of more than 32 keys in `:maps.fold/3` order, the reverse of
/// the order `walk` (`Enumerable.reduce/3`, `Map.to_list/1`) gives.
async fn walk_reduced(cx: &mut Ctx, t: &Term) -> Result<Walk, Exception> {
    enumerable::walk_reduced(cx, t).await
}

/// The elements of `t` in the order of [`walk_reduced`].
async fn elems_reduced(cx: &mut Ctx, t: &Term) -> Result<Vec<Term>, Exception> {
    match t {
        Term::Map(_) => walk_reduced(cx, t).await?.rest(cx).await,
        _ => elems(cx, t).await,
    }
}

async fn call(cx: &mut Ctx, f: &Term, args: Vec<Term>) -> R {
    apply_fun(cx, f, args).await
}

// ---------------------------------------------------------------- mapping

async fn map(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut out = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        out.push(ap.apply(cx, &a[1], [x]).await?);
    }
    Ok(Term::list(out))
}

async fn each(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        ap.apply(cx, &a[1], [x]).await?;
    }
    Ok(Term::ok())
}

async fn filter_by(cx: &mut Ctx, a: &[Term], keep: bool) -> Result<Vec<Term>, Exception> {
    let mut ap = Applier::default();
    let mut out = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if ap.apply(cx, &a[1], [x.clone()]).await?.is_truthy() == keep {
            out.push(x);
        }
    }
    Ok(out)
}

async fn filter(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::list(filter_by(cx, &a, true).await?))
}

async fn reject(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::list(filter_by(cx, &a, false).await?))
}

async fn split_with(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if ap.apply(cx, &a[1], [x.clone()]).await?.is_truthy() {
            yes.push(x);
        } else {
            no.push(x);
        }
    }
    Ok(Term::tuple([Term::list(yes), Term::list(no)]))
}

async fn flat_map(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut out = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let produced = ap.apply(cx, &a[1], [x]).await?;
        out.extend(elems(cx, &produced).await?);
    }
    Ok(Term::list(out))
}

async fn map_every(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let nth = match &a[1] {
        Term::Int(n) if *n >= 0 => *n as usize,
        _ => return Err(function_clause(&MAP_EVERY, a)),
    };
    let items = elems_reduced(cx, &a[0]).await?;
    if nth == 0 {
        return Ok(Term::list(items));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, x) in items.into_iter().enumerate() {
        out.push(if i % nth == 0 {
            ap.apply(cx, &a[2], [x]).await?
        } else {
            x
        });
    }
    Ok(Term::list(out))
}

async fn with_index(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let with = a.get(1).cloned().unwrap_or(Term::int(0));
    let items = elems_reduced(cx, &a[0]).await?;
    match &with {
        Term::Int(offset) => Ok(Term::list(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| {
                    let index = num::add(&Term::int(*offset), &Term::int(i as i64));
                    Term::tuple([x, index.unwrap_or_else(|_| Term::int(0))])
                })
                .collect(),
        )),
        Term::Fun(f) if f.arity() == 2 => {
            let mut out = Vec::new();
            for (i, x) in items.into_iter().enumerate() {
                out.push(ap.apply(cx, &with, [x, Term::int(i as i64)]).await?);
            }
            Ok(Term::list(out))
        }
        _ => Err(function_clause(&WITH_INDEX, a)),
    }
}

async fn intersperse(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = elems_reduced(cx, &a[0]).await?;
    let mut out = Vec::with_capacity(items.len() * 2);
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(a[1].clone());
        }
        out.push(x);
    }
    Ok(Term::list(out))
}

async fn map_intersperse(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let items = elems_reduced(cx, &a[0]).await?;
    let mut out = Vec::with_capacity(items.len() * 2);
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(a[1].clone());
        }
        out.push(ap.apply(cx, &a[2], [x]).await?);
    }
    Ok(Term::list(out))
}

// --------------------------------------------------------------- reducing

async fn reduce(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    // `Enum.reduce/3` folds a map (`:maps.fold/3`); `reduce/2` takes its
    // first element through `Enumerable`, as the other functions do.
    let mut it = if a.len() == 3 {
        walk_reduced(cx, &a[0]).await?
    } else {
        walk(cx, &a[0]).await?
    };
    let (mut acc, f) = match a.as_slice() {
        [_, f] => match it.next(cx).await? {
            Some(first) => (first, f.clone()),
            None => return Err(empty_error(enum_frame("reduce", 2, 2414))),
        },
        [_, acc, f] => (acc.clone(), f.clone()),
        _ => unreachable!("reduce/2,3"),
    };
    while let Some(x) = it.next(cx).await? {
        acc = ap.apply(cx, &f, [x, acc]).await?;
    }
    Ok(acc)
}

fn cont_or_halt(t: &Term) -> Option<(bool, Term)> {
    match t.as_tuple() {
        Some([tag, acc]) if tag.is_atom(Atom::new("cont")) => Some((true, acc.clone())),
        Some([tag, acc]) if tag.is_atom(Atom::new("halt")) => Some((false, acc.clone())),
        _ => None,
    }
}

async fn reduce_while(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = walk(cx, &a[0]).await?;
    let mut acc = a[1].clone();
    while let Some(x) = items.next(cx).await? {
        let r = ap.apply(cx, &a[2], [x, acc.clone()]).await?;
        match cont_or_halt(&r) {
            Some((true, next)) => acc = next,
            Some((false, last)) => {
                items.stop(cx).await?;
                return Ok(last);
            }
            None => {
                let rest = Term::list(items.rest(cx).await?);
                return Err(function_clause(&LIST_REDUCE, vec![rest, r, a[2].clone()]));
            }
        }
    }
    Ok(acc)
}

fn pair_of(t: &Term, fun: &str) -> Result<(Term, Term), Exception> {
    enumerable::pair(t).ok_or_else(|| {
        Exception::error(exception_struct(
            Atom::module("MatchError"),
            vec![("term", t.clone())],
        ))
        .with_stack(Term::list(vec![enum_frame(fun, 3, 0)]))
    })
}

async fn map_reduce(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut acc = a[1].clone();
    let mut out = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let r = ap.apply(cx, &a[2], [x, acc]).await?;
        let (mapped, next) = pair_of(&r, "map_reduce")?;
        out.push(mapped);
        acc = next;
    }
    Ok(Term::tuple([Term::list(out), acc]))
}

async fn flat_map_reduce(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut acc = a[1].clone();
    let mut out = Vec::new();
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let r = ap.apply(cx, &a[2], [x, acc.clone()]).await?;
        if let Some([tag, last]) = r.as_tuple() {
            if tag.is_atom(Atom::new("halt")) {
                return Ok(Term::tuple([Term::list(out), last.clone()]));
            }
        }
        let (produced, next) = pair_of(&r, "flat_map_reduce")?;
        out.extend(elems(cx, &produced).await?);
        acc = next;
    }
    Ok(Term::tuple([Term::list(out), acc]))
}

async fn scan(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut it = walk_reduced(cx, &a[0]).await?;
    let (mut acc, f) = match a.as_slice() {
        [_, f] => match it.next(cx).await? {
            Some(first) => (first, f.clone()),
            None => return Ok(Term::Nil),
        },
        [_, acc, f] => (acc.clone(), f.clone()),
        _ => unreachable!("scan/2,3"),
    };
    let mut out = if a.len() == 2 {
        vec![acc.clone()]
    } else {
        vec![]
    };
    while let Some(x) = it.next(cx).await? {
        acc = ap.apply(cx, &f, [x, acc]).await?;
        out.push(acc.clone());
    }
    Ok(Term::list(out))
}

fn range_sum(r: enumerable::Range) -> Term {
    let n = num_bigint::BigInt::from(r.size());
    if r.size() == 0 {
        return Term::int(0);
    }
    let first = num_bigint::BigInt::from(r.first);
    let last = num_bigint::BigInt::from(r.nth(r.size() - 1).unwrap_or(r.first));
    Term::big((first + last) * n / 2)
}

async fn sum(cx: &mut Ctx, a: Vec<Term>) -> R {
    if let Some(r) = as_range(&a[0]) {
        return Ok(range_sum(r));
    }
    let mut acc = Term::int(0);
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        acc = num::add(&x, &acc)?;
    }
    Ok(acc)
}

async fn product(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut acc = Term::int(1);
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        acc = num::mul(&x, &acc)?;
        cx.tick().await;
    }
    Ok(acc)
}

async fn count(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    if a.len() == 1 {
        if let Some(r) = as_range(&a[0]) {
            return Ok(Term::int(r.size() as i64));
        }
        if let Term::Map(m) = &a[0] {
            if a[0].struct_name().is_none() {
                return Ok(Term::int(m.len() as i64));
            }
        }
        let n = walk(cx, &a[0]).await.map_err(|e| {
            if a[0].is_list() {
                add_frame(e, enum_frame("count", 1, 686))
            } else {
                e
            }
        })?;
        return Ok(Term::int(n.rest(cx).await?.len() as i64));
    }
    let mut n = 0;
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if ap.apply(cx, &a[1], [x]).await?.is_truthy() {
            n += 1;
        }
    }
    Ok(Term::int(n))
}

async fn count_until(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let limit = match a.last() {
        Some(Term::Int(n)) if *n > 0 => *n,
        _ => return Err(function_clause(&COUNT_UNTIL, a)),
    };
    let mut n = 0;
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let counts = match a.len() {
            3 => ap.apply(cx, &a[1], [x]).await?.is_truthy(),
            _ => true,
        };
        if counts {
            n += 1;
            if n == limit {
                items.stop(cx).await?;
                break;
            }
        }
    }
    Ok(Term::int(n))
}

// -------------------------------------------------------------- searching

async fn find(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let (default, f) = match a.as_slice() {
        [_, f] => (Term::nil(), f.clone()),
        [_, d, f] => (d.clone(), f.clone()),
        _ => unreachable!("find/2,3"),
    };
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if ap.apply(cx, &f, [x.clone()]).await?.is_truthy() {
            items.stop(cx).await?;
            return Ok(x);
        }
    }
    Ok(default)
}

async fn find_index(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = walk(cx, &a[0]).await?;
    let mut i = 0;
    while let Some(x) = items.next(cx).await? {
        if ap.apply(cx, &a[1], [x]).await?.is_truthy() {
            items.stop(cx).await?;
            return Ok(Term::int(i));
        }
        i += 1;
    }
    Ok(Term::nil())
}

async fn find_value(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let (default, f) = match a.as_slice() {
        [_, f] => (Term::nil(), f.clone()),
        [_, d, f] => (d.clone(), f.clone()),
        _ => unreachable!("find_value/2,3"),
    };
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let v = ap.apply(cx, &f, [x]).await?;
        if v.is_truthy() {
            items.stop(cx).await?;
            return Ok(v);
        }
    }
    Ok(default)
}

async fn any(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let yes = match a.get(1) {
            Some(f) => ap.apply(cx, f, [x]).await?.is_truthy(),
            None => x.is_truthy(),
        };
        if yes {
            items.stop(cx).await?;
            return Ok(Term::bool(true));
        }
    }
    Ok(Term::bool(false))
}

async fn all(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let yes = match a.get(1) {
            Some(f) => ap.apply(cx, f, [x]).await?.is_truthy(),
            None => x.is_truthy(),
        };
        if !yes {
            items.stop(cx).await?;
            return Ok(Term::bool(false));
        }
    }
    Ok(Term::bool(true))
}

async fn member(cx: &mut Ctx, a: Vec<Term>) -> R {
    if let Some(r) = as_range(&a[0]) {
        return Ok(Term::bool(matches!(a[1], Term::Int(n) if r.contains(n))));
    }
    if let Some(m) = enumerable::as_map_set(&a[0]) {
        return Ok(Term::bool(m.get(&a[1]).is_some()));
    }
    if let (Term::Map(m), Some((k, v))) = (&a[0], enumerable::pair(&a[1])) {
        if a[0].struct_name().is_none() {
            return Ok(Term::bool(m.get(&k) == Some(&v)));
        }
    }
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if x == a[1] {
            items.stop(cx).await?;
            return Ok(Term::bool(true));
        }
    }
    Ok(Term::bool(false))
}

async fn is_empty(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut items = walk(cx, &a[0]).await?;
    let first = items.next(cx).await?;
    items.stop(cx).await?;
    Ok(Term::bool(first.is_none()))
}

/// The element at `index` (negative from the end), if there is one.
async fn nth(cx: &mut Ctx, t: &Term, index: i64) -> Result<Option<Term>, Exception> {
    if let Some(r) = as_range(t) {
        let size = r.size() as i64;
        let i = if index < 0 { size + index } else { index };
        return Ok(if i < 0 {
            None
        } else {
            r.nth(i as u64).map(Term::int)
        });
    }
    if index >= 0 {
        return walk(cx, t).await?.nth(cx, index as usize).await;
    }
    let items = elems(cx, t).await?;
    let i = items.len() as i64 + index;
    Ok((i >= 0).then(|| items[i as usize].clone()))
}

async fn at(cx: &mut Ctx, a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let Term::Int(i) = a[1] else {
        return Err(function_clause(
            &AT,
            vec![a[0].clone(), a[1].clone(), default],
        ));
    };
    Ok(nth(cx, &a[0], i).await?.unwrap_or(default))
}

async fn fetch(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Term::Int(i) = a[1] else {
        return Err(function_clause(&FETCH, a));
    };
    Ok(match nth(cx, &a[0], i).await? {
        Some(x) => Term::ok_tuple(x),
        None => Term::atom(atom::ERROR),
    })
}

async fn fetch_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Term::Int(i) = a[1] else {
        return Err(function_clause(&FETCH_BANG, a));
    };
    nth(cx, &a[0], i)
        .await?
        .ok_or_else(|| out_of_bounds(enum_frame("fetch!", 2, 1072)))
}

// ------------------------------------------------------------- take, drop

async fn take(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[1] {
        Term::Int(n) if n >= 0 => Ok(Term::list(
            walk(cx, &a[0]).await?.take(cx, n as usize).await?,
        )),
        Term::Int(n) => {
            let items = elems(cx, &a[0]).await?;
            let skip = items.len().saturating_sub(n.unsigned_abs() as usize);
            Ok(Term::list(items[skip..].to_vec()))
        }
        _ => Err(function_clause(&TAKE, a)),
    }
}

async fn drop(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[1] {
        Term::Int(n) if n >= 0 => Ok(Term::list(
            walk_reduced(cx, &a[0])
                .await?
                .rest(cx)
                .await?
                .into_iter()
                .skip(n as usize)
                .collect(),
        )),
        Term::Int(n) => {
            let mut items = elems(cx, &a[0]).await?;
            items.truncate(items.len().saturating_sub(n.unsigned_abs() as usize));
            Ok(Term::list(items))
        }
        _ => Err(function_clause(&DROP, a)),
    }
}

async fn split(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Term::Int(n) = a[1] else {
        return Err(function_clause(&SPLIT, a));
    };
    let mut items = elems_reduced(cx, &a[0]).await?;
    let at = if n >= 0 {
        (n as usize).min(items.len())
    } else {
        items.len().saturating_sub(n.unsigned_abs() as usize)
    };
    let rest = items.split_off(at);
    Ok(Term::tuple([Term::list(items), Term::list(rest)]))
}

async fn take_while(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut out = Vec::new();
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        if !ap.apply(cx, &a[1], [x.clone()]).await?.is_truthy() {
            items.stop(cx).await?;
            break;
        }
        out.push(x);
    }
    Ok(Term::list(out))
}

async fn split_while_parts(cx: &mut Ctx, a: &[Term]) -> Result<(Vec<Term>, Vec<Term>), Exception> {
    let mut ap = Applier::default();
    let mut items = walk_reduced(cx, &a[0]).await?;
    let mut taken = Vec::new();
    while let Some(x) = items.next(cx).await? {
        if !ap.apply(cx, &a[1], [x.clone()]).await?.is_truthy() {
            let mut rest = vec![x];
            rest.extend(items.rest(cx).await?);
            return Ok((taken, rest));
        }
        taken.push(x);
    }
    Ok((taken, Vec::new()))
}

async fn drop_while(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::list(split_while_parts(cx, &a).await?.1))
}

async fn split_while(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (taken, rest) = split_while_parts(cx, &a).await?;
    Ok(Term::tuple([Term::list(taken), Term::list(rest)]))
}

async fn take_every(cx: &mut Ctx, a: Vec<Term>) -> R {
    let nth = match a[1] {
        Term::Int(n) if n >= 0 => n as usize,
        _ => return Err(function_clause(&TAKE_EVERY, a)),
    };
    if nth == 0 {
        return Ok(Term::Nil);
    }
    Ok(Term::list(
        walk_reduced(cx, &a[0])
            .await?
            .rest(cx)
            .await?
            .into_iter()
            .step_by(nth)
            .collect(),
    ))
}

async fn drop_every(cx: &mut Ctx, a: Vec<Term>) -> R {
    let nth = match a[1] {
        Term::Int(n) if n >= 0 => n as usize,
        _ => return Err(function_clause(&DROP_EVERY, a)),
    };
    let items = elems_reduced(cx, &a[0]).await?;
    if nth == 0 {
        return Ok(Term::list(items));
    }
    Ok(Term::list(
        items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % nth != 0)
            .map(|(_, x)| x)
            .collect(),
    ))
}

// ---------------------------------------------------------------- slicing

fn slice_indices(count: i64, first: i64, last: i64, step: i64) -> Vec<usize> {
    let first = if first < 0 {
        (count + first).max(0)
    } else {
        first
    };
    let last = if last < 0 { count + last } else { last };
    if first > last || first >= count {
        return Vec::new();
    }
    let last = last.min(count - 1);
    (first..=last)
        .step_by(step as usize)
        .map(|i| i as usize)
        .collect()
}

async fn slice(cx: &mut Ctx, a: Vec<Term>) -> R {
    if a.len() == 3 {
        return slice_amount(cx, a).await;
    }
    let Some(r) = as_range(&a[1]) else {
        return Err(function_clause(&SLICE2, a));
    };
    let step = match r.step {
        -1 if r.first > r.last => 1,
        s if s > 0 => s,
        _ => {
            return Err(argument_error(
                &format!(
                    "Enum.slice/2 does not accept ranges with negative steps, got: {}",
                    inspect(&a[1])
                ),
                vec![enum_frame("slice", 2, 2930)],
            ))
        }
    };
    let items = elems(cx, &a[0]).await?;
    let picked = slice_indices(items.len() as i64, r.first, r.last, step)
        .into_iter()
        .map(|i| items[i].clone())
        .collect();
    Ok(Term::list(picked))
}

async fn slice_amount(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (Term::Int(start), Term::Int(amount)) = (&a[1], &a[2]) else {
        return Err(function_clause(&SLICE3, a));
    };
    if *amount < 0 {
        return Err(function_clause(&SLICE3, a));
    }
    if *amount == 0 {
        return Ok(Term::Nil);
    }
    let items = elems(cx, &a[0]).await?;
    let count = items.len() as i64;
    let start = if *start < 0 {
        (count + start).max(0)
    } else {
        *start
    };
    if start >= count {
        return Ok(Term::Nil);
    }
    let end = start.saturating_add(*amount).min(count);
    Ok(Term::list(items[start as usize..end as usize].to_vec()))
}

async fn reverse_slice(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (Term::Int(start), Term::Int(n)) = (&a[1], &a[2]) else {
        return Err(function_clause(&REVERSE_SLICE, a));
    };
    if *start < 0 || *n < 0 {
        return Err(function_clause(&REVERSE_SLICE, a));
    }
    let mut items = elems_reduced(cx, &a[0]).await?;
    let from = (*start as usize).min(items.len());
    let to = from.saturating_add(*n as usize).min(items.len());
    items[from..to].reverse();
    Ok(Term::list(items))
}

// --------------------------------------------------------------- chunking

async fn chunk_every(cx: &mut Ctx, a: Vec<Term>) -> R {
    let count = &a[1];
    let step = a.get(2).cloned().unwrap_or_else(|| count.clone());
    let leftover = a.get(3).cloned().unwrap_or(Term::Nil);
    let (Term::Int(count), Term::Int(step)) = (count, &step) else {
        return Err(function_clause(
            &CHUNK_EVERY,
            vec![a[0].clone(), a[1].clone(), step, leftover],
        ));
    };
    if *count <= 0 || *step <= 0 {
        let args = vec![a[0].clone(), a[1].clone(), Term::int(*step), leftover];
        return Err(function_clause(&CHUNK_EVERY, args));
    }
    let (count, step) = (*count as usize, *step as usize);
    let limit = count.max(step);
    let mut chunks = Vec::new();
    let mut buffer: Vec<Term> = Vec::new();
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        buffer.push(x);
        if buffer.len() == count {
            chunks.push(Term::list(buffer.clone()));
        }
        if buffer.len() >= limit {
            buffer.drain(..step);
        }
    }
    let discard = leftover.is_atom(Atom::new("discard"));
    if !discard && !buffer.is_empty() && buffer.len() < count {
        let pad = elems(cx, &leftover).await?;
        let need = count - buffer.len();
        buffer.extend(pad.into_iter().take(need));
        chunks.push(Term::list(buffer));
    }
    Ok(Term::list(chunks))
}

async fn chunk_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut chunks: Vec<Term> = Vec::new();
    let mut current: Vec<Term> = Vec::new();
    let mut key: Option<Term> = None;
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let k = ap.apply(cx, &a[1], [x.clone()]).await?;
        if key.as_ref().is_some_and(|prev| *prev != k) {
            chunks.push(Term::list(std::mem::take(&mut current)));
        }
        key = Some(k);
        current.push(x);
    }
    if !current.is_empty() {
        chunks.push(Term::list(current));
    }
    Ok(Term::list(chunks))
}

async fn chunk_while(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut acc = a[1].clone();
    let mut chunks = Vec::new();
    let bad = |t: &Term| {
        Exception::error(exception_struct(
            Atom::module("CaseClauseError"),
            vec![("term", t.clone())],
        ))
    };
    let mut items = walk(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let r = ap.apply(cx, &a[2], [x, acc.clone()]).await?;
        match r.as_tuple() {
            Some([tag, chunk, next]) if tag.is_atom(Atom::new("cont")) => {
                chunks.push(chunk.clone());
                acc = next.clone();
            }
            Some([tag, next]) if tag.is_atom(Atom::new("cont")) => acc = next.clone(),
            Some([tag, next]) if tag.is_atom(Atom::new("halt")) => {
                acc = next.clone();
                break;
            }
            _ => return Err(bad(&r)),
        }
    }
    let r = ap.apply(cx, &a[3], [acc]).await?;
    match r.as_tuple() {
        Some([_, chunk, _]) => chunks.push(chunk.clone()),
        Some([_, _]) => {}
        _ => return Err(bad(&r)),
    }
    Ok(Term::list(chunks))
}

// ------------------------------------------------------------ uniq, dedup

async fn uniq_by_key(cx: &mut Ctx, t: &Term, f: Option<&Term>) -> Result<Vec<Term>, Exception> {
    let mut ap = Applier::default();
    let mut seen = TMap::new();
    let mut out = Vec::new();
    let mut items = walk_reduced(cx, t).await?;
    while let Some(x) = items.next(cx).await? {
        let k = match f {
            Some(f) => ap.apply(cx, f, [x.clone()]).await?,
            None => x.clone(),
        };
        if seen.get(&k).is_none() {
            seen.insert(k, Term::Nil);
            out.push(x);
        }
    }
    Ok(out)
}

async fn uniq(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::list(uniq_by_key(cx, &a[0], a.get(1)).await?))
}

async fn dedup(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut out: Vec<Term> = Vec::new();
    let mut last: Option<Term> = None;
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let k = match a.get(1) {
            Some(f) => ap.apply(cx, f, [x.clone()]).await?,
            None => x.clone(),
        };
        if last.as_ref() != Some(&k) {
            out.push(x);
        }
        last = Some(k);
    }
    Ok(Term::list(out))
}

async fn frequencies(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut m = TMap::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let k = match a.get(1) {
            Some(f) => ap.apply(cx, f, [x]).await?,
            None => x,
        };
        let n = m.get(&k).and_then(Term::as_int).unwrap_or(0);
        m.insert(k, Term::int(n + 1));
    }
    Ok(Term::Map(m))
}

async fn group_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    // As Elixir's: `reduce(reverse(enumerable), ...)`, consing each value
    // onto its group. The functions see the elements last first; each group
    // lists its values in order.
    let mut groups: Vec<(Term, Vec<Term>)> = Vec::new();
    let mut index = TMap::new();
    let mut items = elems_reduced(cx, &a[0]).await?;
    items.reverse();
    for x in items {
        let k = ap.apply(cx, &a[1], [x.clone()]).await?;
        let v = match a.get(2) {
            Some(f) => ap.apply(cx, f, [x]).await?,
            None => x,
        };
        match index.get(&k).and_then(Term::as_int) {
            Some(i) => groups[i as usize].1.push(v),
            None => {
                index.insert(k.clone(), Term::int(groups.len() as i64));
                groups.push((k, vec![v]));
            }
        }
    }
    let pairs = groups
        .into_iter()
        .map(|(k, vs)| (k, Term::list_from(vs.into_iter().rev())))
        .collect();
    Ok(Term::Map(TMap::from_pairs(pairs)))
}

// ---------------------------------------------------------------- sorting

/// How two elements are ordered: `sort/2`'s second argument.
#[derive(Clone)]
enum Sorter {
    Asc,
    Desc,
    Fun(Term),
    Module(Atom, bool),
}

fn sorter_of(t: Option<&Term>) -> Sorter {
    match t {
        None => Sorter::Asc,
        Some(t) if t.is_atom(Atom::new("asc")) => Sorter::Asc,
        Some(t) if t.is_atom(Atom::new("desc")) => Sorter::Desc,
        Some(f @ Term::Fun(_)) => Sorter::Fun(f.clone()),
        Some(Term::Atom(m)) => Sorter::Module(*m, false),
        Some(t) => match t.as_tuple() {
            Some([dir, Term::Atom(m)]) => Sorter::Module(*m, dir.is_atom(Atom::new("desc"))),
            _ => Sorter::Fun(t.clone()),
        },
    }
}

/// Whether `a` may come before `b` (`a <= b` for an ascending sort).
async fn before(cx: &mut Ctx, sorter: &Sorter, a: &Term, b: &Term) -> Result<bool, Exception> {
    let mut ap = Applier::default();
    match sorter {
        Sorter::Asc => Ok(a.compare(b) != Ordering::Greater),
        Sorter::Desc => Ok(a.compare(b) != Ordering::Less),
        Sorter::Fun(f) => {
            let r = ap.apply(cx, f, [a.clone(), b.clone()]).await?;
            match r.as_atom() {
                Some(x) if x.is_boolean() => Ok(x == atom::TRUE),
                _ => Err(Exception::error(exception_struct(
                    Atom::module("CaseClauseError"),
                    vec![("term", r)],
                ))
                .with_stack(Term::list(vec![Term::tuple([
                    Term::atom_named("lists"),
                    Term::atom_named("sort"),
                    Term::int(2),
                    location("lists.erl", 1022),
                ])]))),
            }
        }
        Sorter::Module(m, desc) => {
            let r = cx
                .apply(*m, Atom::new("compare"), vec![a.clone(), b.clone()])
                .await?;
            let order = if *desc { "lt" } else { "gt" };
            Ok(!r.is_atom(Atom::new(order)))
        }
    }
}

/// A stable merge sort of `(key, item)` pairs by key with `sorter`.
async fn sort_pairs(
    cx: &mut Ctx,
    mut items: Vec<(Term, Term)>,
    sorter: &Sorter,
) -> Result<Vec<(Term, Term)>, Exception> {
    match sorter {
        Sorter::Asc => {
            items.sort_by(|x, y| x.0.compare(&y.0));
            return Ok(items);
        }
        Sorter::Desc => {
            items.sort_by(|x, y| y.0.compare(&x.0));
            return Ok(items);
        }
        _ => {}
    }
    let mut width = 1;
    while width < items.len() {
        let mut merged = Vec::with_capacity(items.len());
        let mut rest = items.into_iter().peekable();
        while rest.peek().is_some() {
            let left: Vec<_> = rest.by_ref().take(width).collect();
            let right: Vec<_> = rest.by_ref().take(width).collect();
            merged.extend(merge(cx, left, right, sorter).await?);
        }
        items = merged;
        width *= 2;
    }
    Ok(items)
}

async fn merge(
    cx: &mut Ctx,
    left: Vec<(Term, Term)>,
    right: Vec<(Term, Term)>,
    sorter: &Sorter,
) -> Result<Vec<(Term, Term)>, Exception> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(x), Some(y)) = (l.peek(), r.peek()) {
        let take_left = before(cx, sorter, &x.0, &y.0).await?;
        out.push(if take_left { l.next() } else { r.next() }.expect("peeked"));
    }
    out.extend(l);
    out.extend(r);
    Ok(out)
}

async fn sort(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = elems_reduced(cx, &a[0]).await?;
    let pairs = items.into_iter().map(|x| (x.clone(), x)).collect();
    let sorted = sort_pairs(cx, pairs, &sorter_of(a.get(1))).await?;
    Ok(Term::list(sorted.into_iter().map(|(_, x)| x).collect()))
}

async fn sort_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut pairs = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        pairs.push((ap.apply(cx, &a[1], [x.clone()]).await?, x));
    }
    let sorted = sort_pairs(cx, pairs, &sorter_of(a.get(2))).await?;
    Ok(Term::list(sorted.into_iter().map(|(_, x)| x).collect()))
}

// ------------------------------------------------------------ min and max

/// What `min`/`max` take after the enumerable: a sorter and a fallback.
fn extremum_args(rest: &[Term], default: Sorter) -> (Sorter, Option<Term>) {
    let mut sorter = default;
    let mut fallback = None;
    for t in rest {
        match t {
            Term::Fun(f) if f.arity() == 0 => fallback = Some(t.clone()),
            other => sorter = sorter_of(Some(other)),
        }
    }
    (sorter, fallback)
}

/// The first element whose key wins against every later one under `sorter`.
async fn extremum(
    cx: &mut Ctx,
    pairs: Vec<(Term, Term)>,
    sorter: &Sorter,
) -> Result<Option<(Term, Term)>, Exception> {
    let mut best: Option<(Term, Term)> = None;
    for (k, x) in pairs {
        best = match best {
            None => Some((k, x)),
            Some((bk, bx)) => {
                if before(cx, sorter, &bk, &k).await? {
                    Some((bk, bx))
                } else {
                    Some((k, x))
                }
            }
        };
    }
    Ok(best)
}

async fn keyed(cx: &mut Ctx, t: &Term, f: Option<&Term>) -> Result<Vec<(Term, Term)>, Exception> {
    let mut ap = Applier::default();
    let mut pairs = Vec::new();
    let mut items = walk_reduced(cx, t).await?;
    while let Some(x) = items.next(cx).await? {
        let k = match f {
            Some(f) => ap.apply(cx, f, [x.clone()]).await?,
            None => x.clone(),
        };
        pairs.push((k, x));
    }
    Ok(pairs)
}

async fn pick(cx: &mut Ctx, a: &[Term], by: bool, max: bool, name: &str, line: i64) -> R {
    let mut ap = Applier::default();
    let default = if max { Sorter::Desc } else { Sorter::Asc };
    let rest = if by { &a[2..] } else { &a[1..] };
    let (sorter, fallback) = extremum_args(rest, default);
    let pairs = keyed(cx, &a[0], by.then(|| &a[1])).await?;
    match extremum(cx, pairs, &sorter).await? {
        Some((_, x)) => Ok(x),
        None => match fallback {
            Some(f) => ap.apply(cx, &f, []).await,
            None => Err(empty_error(anon_frame(name, if by { 2 } else { 1 }, line))),
        },
    }
}

async fn max(cx: &mut Ctx, a: Vec<Term>) -> R {
    pick(cx, &a, false, true, "max", 1855).await
}

async fn min(cx: &mut Ctx, a: Vec<Term>) -> R {
    pick(cx, &a, false, false, "min", 2035).await
}

async fn max_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    pick(cx, &a, true, true, "max_by", 1925).await
}

async fn min_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    pick(cx, &a, true, false, "min_by", 2105).await
}

async fn min_max_of(cx: &mut Ctx, a: &[Term], by: bool) -> R {
    let mut ap = Applier::default();
    let f = by.then(|| &a[1]);
    let fallback = a[if by { 2 } else { 1 }..]
        .iter()
        .find(|t| matches!(t, Term::Fun(f) if f.arity() == 0));
    let pairs = keyed(cx, &a[0], f).await?;
    if pairs.is_empty() {
        return match fallback {
            Some(f) => ap.apply(cx, f, []).await,
            None if by => Err(empty_error(anon_frame("min_max_by", 2, 2223))),
            None => Err(empty_error(anon_frame("min_max", 1, 2131))),
        };
    }
    let low = extremum(cx, pairs.clone(), &Sorter::Asc).await?;
    let high = extremum(cx, pairs, &Sorter::Desc).await?;
    let (Some((_, lo)), Some((_, hi))) = (low, high) else {
        return Ok(Term::nil());
    };
    Ok(Term::tuple([lo, hi]))
}

async fn min_max(cx: &mut Ctx, a: Vec<Term>) -> R {
    min_max_of(cx, &a, false).await
}

async fn min_max_by(cx: &mut Ctx, a: Vec<Term>) -> R {
    min_max_of(cx, &a, true).await
}

// ------------------------------------------------------------ conversions

async fn to_list(cx: &mut Ctx, a: Vec<Term>) -> R {
    if a[0].is_list() {
        return Ok(a[0].clone());
    }
    Ok(Term::list(elems(cx, &a[0]).await?))
}

async fn reverse(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut items = elems_reduced(cx, &a[0]).await?;
    items.reverse();
    match a.get(1) {
        None => Ok(Term::list(items)),
        Some(tail) => {
            items.extend(elems(cx, tail).await?);
            Ok(Term::list(items))
        }
    }
}

async fn concat(cx: &mut Ctx, a: Vec<Term>) -> R {
    let parts = match a.as_slice() {
        [all] => elems(cx, all).await?,
        [x, y] => vec![x.clone(), y.clone()],
        _ => unreachable!("concat/1,2"),
    };
    let mut out = Vec::new();
    for p in parts {
        out.extend(elems_reduced(cx, &p).await?);
    }
    Ok(Term::list(out))
}

async fn into(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let mut items = match a.get(2) {
        Some(_) => elems_reduced(cx, &a[0]).await?,
        None => elems(cx, &a[0]).await?,
    };
    if let Some(f) = a.get(2) {
        let mut mapped = Vec::with_capacity(items.len());
        for x in items {
            mapped.push(ap.apply(cx, f, [x]).await?);
        }
        items = mapped;
    }
    collect_into(&a[1], items)
}

fn joiner_of(a: &[Term], def: &Def) -> Result<Vec<u8>, Exception> {
    match a.get(1) {
        None => Ok(Vec::new()),
        Some(Term::Binary(b)) => Ok(b.to_vec()),
        Some(_) => Err(function_clause(def, a.to_vec())),
    }
}

fn join_texts(parts: Vec<Term>, joiner: &[u8]) -> R {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(joiner);
        }
        out.extend(text::to_string(p)?);
    }
    Ok(Term::binary(&out))
}

async fn join(cx: &mut Ctx, a: Vec<Term>) -> R {
    let joiner = joiner_of(&a, &JOIN)?;
    let parts = elems(cx, &a[0]).await?;
    join_texts(parts, &joiner)
}

async fn map_join(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut ap = Applier::default();
    let (joiner, f) = match a.as_slice() {
        [_, f] => (Vec::new(), f.clone()),
        [_, _, f] => (joiner_of(&a, &MAP_JOIN)?, f.clone()),
        _ => unreachable!("map_join/2,3"),
    };
    let mut parts = Vec::new();
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        parts.push(ap.apply(cx, &f, [x]).await?);
    }
    join_texts(parts, &joiner)
}

// ------------------------------------------------------------------ zips

/// The rows of the enumerables walked side by side, up to the shortest
/// (so an infinite stream may be one of them).
async fn zip_lists(cx: &mut Ctx, enums: Vec<Term>) -> Result<Vec<Vec<Term>>, Exception> {
    let mut walks = Vec::with_capacity(enums.len());
    for e in &enums {
        walks.push(walk(cx, e).await?);
    }
    let mut rows = Vec::new();
    if walks.is_empty() {
        return Ok(rows);
    }
    loop {
        let mut row = Vec::with_capacity(walks.len());
        for w in &mut walks {
            match w.next(cx).await? {
                Some(x) => row.push(x),
                None => break,
            }
        }
        if row.len() < walks.len() {
            for w in &mut walks {
                w.stop(cx).await?;
            }
            return Ok(rows);
        }
        rows.push(row);
    }
}

async fn zip(cx: &mut Ctx, a: Vec<Term>) -> R {
    let enums = match a.as_slice() {
        [all] => elems(cx, all).await?,
        [x, y] => vec![x.clone(), y.clone()],
        _ => unreachable!("zip/1,2"),
    };
    let rows = zip_lists(cx, enums).await?;
    Ok(Term::list(rows.into_iter().map(Term::tuple).collect()))
}

async fn zip_with(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (rows, f, spread) = match a.as_slice() {
        [all, f] => {
            let enums = elems(cx, all).await?;
            (zip_lists(cx, enums).await?, f.clone(), false)
        }
        [x, y, f] => {
            if !matches!(f, Term::Fun(fun) if fun.arity() == 2) {
                return Err(function_clause(&ZIP_WITH, a.clone()));
            }
            let rows = zip_lists(cx, vec![x.clone(), y.clone()]).await?;
            (rows, f.clone(), true)
        }
        _ => unreachable!("zip_with/2,3"),
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let args = if spread { row } else { vec![Term::list(row)] };
        out.push(call(cx, &f, args).await?);
    }
    Ok(Term::list(out))
}

async fn zip_reduce(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (rows, mut acc, f, spread) = match a.as_slice() {
        [all, acc, f] => {
            let enums = elems(cx, all).await?;
            (zip_lists(cx, enums).await?, acc.clone(), f.clone(), false)
        }
        [x, y, acc, f] => {
            let rows = zip_lists(cx, vec![x.clone(), y.clone()]).await?;
            (rows, acc.clone(), f.clone(), true)
        }
        _ => unreachable!("zip_reduce/3,4"),
    };
    for row in rows {
        let mut args = if spread { row } else { vec![Term::list(row)] };
        args.push(acc);
        acc = call(cx, &f, args).await?;
    }
    Ok(acc)
}

async fn unzip(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let mut items = walk_reduced(cx, &a[0]).await?;
    while let Some(x) = items.next(cx).await? {
        let (l, r) = enumerable::pair(&x).ok_or_else(|| {
            function_clause_error(
                Atom::module("Enum"),
                "-unzip/1-fun-0-",
                2,
                elixir_frame(
                    "Enum",
                    "-unzip/1-fun-0-",
                    Term::list(vec![x.clone(), Term::Nil]),
                    "lib/enum.ex",
                    3687,
                ),
            )
        })?;
        left.push(l);
        right.push(r);
    }
    Ok(Term::tuple([Term::list(left), Term::list(right)]))
}

// ------------------------------------------------------------- randomness

#[derive(Default)]
struct Rng {
    state: parking_lot::Mutex<u64>,
}

/// A deterministic pseudo-random number below `n` (splitmix64 per node).
fn random_below(cx: &Ctx, n: u64) -> u64 {
    let rng = cx.node().extension::<Rng>();
    let mut s = rng.state.lock();
    *s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *s;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    z % n.max(1)
}

async fn random(cx: &mut Ctx, a: Vec<Term>) -> R {
    if let Some(r) = as_range(&a[0]) {
        if r.size() > 0 {
            let i = random_below(cx, r.size());
            return Ok(r.nth(i).map(Term::int).unwrap_or_else(Term::nil));
        }
    }
    let items = elems(cx, &a[0]).await?;
    if items.is_empty() {
        return Err(empty_error(enum_frame("random", 1, 2375)));
    }
    let i = random_below(cx, items.len() as u64) as usize;
    Ok(items[i].clone())
}

fn shuffled(cx: &Ctx, mut items: Vec<Term>) -> Vec<Term> {
    for i in (1..items.len()).rev() {
        let j = random_below(cx, i as u64 + 1) as usize;
        items.swap(i, j);
    }
    items
}

async fn shuffle(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = elems(cx, &a[0]).await?;
    Ok(Term::list(shuffled(cx, items)))
}

async fn take_random(cx: &mut Ctx, a: Vec<Term>) -> R {
    let n = match a[1] {
        Term::Int(n) if n >= 0 => n as usize,
        _ => return Err(function_clause(&TAKE_RANDOM, a)),
    };
    let items = elems(cx, &a[0]).await?;
    let mut picked = shuffled(cx, items);
    picked.truncate(n);
    Ok(Term::list(picked))
}

/// The `Enum` module.
pub fn module() -> NativeModule {
    let m = NativeModule::new(Atom::module("Enum"));
    let m = exports_a(m);
    let m = exports_b(m);
    exports_c(m)
}

fn exports_a(m: NativeModule) -> NativeModule {
    m.export("map", 2, suspending!(map))
        .export("each", 2, suspending!(each))
        .export("filter", 2, suspending!(filter))
        .export("reject", 2, suspending!(reject))
        .export("split_with", 2, suspending!(split_with))
        .export("flat_map", 2, suspending!(flat_map))
        .export("map_every", 3, suspending!(map_every))
        .export("with_index", 1, suspending!(with_index))
        .export("with_index", 2, suspending!(with_index))
        .export("intersperse", 2, suspending!(intersperse))
        .export("map_intersperse", 3, suspending!(map_intersperse))
        .export("reduce", 2, suspending!(reduce))
        .export("reduce", 3, suspending!(reduce))
        .export("reduce_while", 3, suspending!(reduce_while))
        .export("map_reduce", 3, suspending!(map_reduce))
        .export("flat_map_reduce", 3, suspending!(flat_map_reduce))
        .export("scan", 2, suspending!(scan))
        .export("scan", 3, suspending!(scan))
        .export("sum", 1, suspending!(sum))
        .export("product", 1, suspending!(product))
        .export("count", 1, suspending!(count))
        .export("count", 2, suspending!(count))
        .export("count_until", 2, suspending!(count_until))
        .export("count_until", 3, suspending!(count_until))
        .export("find", 2, suspending!(find))
        .export("find", 3, suspending!(find))
        .export("find_index", 2, suspending!(find_index))
        .export("find_value", 2, suspending!(find_value))
        .export("find_value", 3, suspending!(find_value))
        .export("any?", 1, suspending!(any))
        .export("any?", 2, suspending!(any))
        .export("all?", 1, suspending!(all))
        .export("all?", 2, suspending!(all))
        .export("member?", 2, suspending!(member))
        .export("empty?", 1, suspending!(is_empty))
}

fn exports_b(m: NativeModule) -> NativeModule {
    m.export("at", 2, suspending!(at))
        .export("at", 3, suspending!(at))
        .export("fetch", 2, suspending!(fetch))
        .export("fetch!", 2, suspending!(fetch_bang))
        .export("take", 2, suspending!(take))
        .export("drop", 2, suspending!(drop))
        .export("split", 2, suspending!(split))
        .export("take_while", 2, suspending!(take_while))
        .export("drop_while", 2, suspending!(drop_while))
        .export("split_while", 2, suspending!(split_while))
        .export("take_every", 2, suspending!(take_every))
        .export("drop_every", 2, suspending!(drop_every))
        .export("slice", 2, suspending!(slice))
        .export("slice", 3, suspending!(slice))
        .export("reverse_slice", 3, suspending!(reverse_slice))
        .export("chunk_every", 2, suspending!(chunk_every))
        .export("chunk_every", 3, suspending!(chunk_every))
        .export("chunk_every", 4, suspending!(chunk_every))
        .export("chunk_by", 2, suspending!(chunk_by))
        .export("chunk_while", 4, suspending!(chunk_while))
        .export("uniq", 1, suspending!(uniq))
        .export("uniq", 2, suspending!(uniq))
        .export("uniq_by", 2, suspending!(uniq))
        .export("dedup", 1, suspending!(dedup))
        .export("dedup_by", 2, suspending!(dedup))
        .export("frequencies", 1, suspending!(frequencies))
        .export("frequencies_by", 2, suspending!(frequencies))
        .export("group_by", 2, suspending!(group_by))
        .export("group_by", 3, suspending!(group_by))
}

fn exports_c(m: NativeModule) -> NativeModule {
    m.export("sort", 1, suspending!(sort))
        .export("sort", 2, suspending!(sort))
        .export("sort_by", 2, suspending!(sort_by))
        .export("sort_by", 3, suspending!(sort_by))
        .export("max", 1, suspending!(max))
        .export("max", 2, suspending!(max))
        .export("max", 3, suspending!(max))
        .export("min", 1, suspending!(min))
        .export("min", 2, suspending!(min))
        .export("min", 3, suspending!(min))
        .export("max_by", 2, suspending!(max_by))
        .export("max_by", 3, suspending!(max_by))
        .export("max_by", 4, suspending!(max_by))
        .export("min_by", 2, suspending!(min_by))
        .export("min_by", 3, suspending!(min_by))
        .export("min_by", 4, suspending!(min_by))
        .export("min_max", 1, suspending!(min_max))
        .export("min_max", 2, suspending!(min_max))
        .export("min_max_by", 2, suspending!(min_max_by))
        .export("min_max_by", 3, suspending!(min_max_by))
        .export("min_max_by", 4, suspending!(min_max_by))
        .export("to_list", 1, suspending!(to_list))
        .export("reverse", 1, suspending!(reverse))
        .export("reverse", 2, suspending!(reverse))
        .export("concat", 1, suspending!(concat))
        .export("concat", 2, suspending!(concat))
        .export("into", 2, suspending!(into))
        .export("into", 3, suspending!(into))
        .export("join", 1, suspending!(join))
        .export("join", 2, suspending!(join))
        .export("map_join", 2, suspending!(map_join))
        .export("map_join", 3, suspending!(map_join))
        .export("zip", 1, suspending!(zip))
        .export("zip", 2, suspending!(zip))
        .export("zip_with", 2, suspending!(zip_with))
        .export("zip_with", 3, suspending!(zip_with))
        .export("zip_reduce", 3, suspending!(zip_reduce))
        .export("zip_reduce", 4, suspending!(zip_reduce))
        .export("unzip", 1, suspending!(unzip))
        .export("random", 1, suspending!(random))
        .export("shuffle", 1, suspending!(shuffle))
        .export("take_random", 2, suspending!(take_random))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::build::keyword;
    use crate::term::{TMap, Term};

    fn e(f: &str, args: Vec<Term>) -> String {
        show("Enum", f, args)
    }

    #[test]
    fn map_filter_reduce_as_in_the_transcript() {
        assert_eq!(e("map", vec![ints(&[1, 2, 3]), double()]), "[2, 4, 6]");
        assert_eq!(e("reduce", vec![range(1, 10, 1), int(0), plus()]), "55");
        assert_eq!(
            e("filter", vec![range(1, 10, 1), even()]),
            "[2, 4, 6, 8, 10]"
        );
        assert_eq!(e("sum", vec![range(1, 10, 1)]), "55");
        assert_eq!(e("sum", vec![range(1, 100_000_000, 1)]), "5000000050000000");
        assert_eq!(e("reject", vec![range(1, 5, 1), even()]), "[1, 3, 5]");
        assert_eq!(e("each", vec![ints(&[1]), double()]), ":ok");
    }

    #[test]
    fn chunk_every_matches_elixir() {
        assert_eq!(
            e("chunk_every", vec![range(1, 10, 1), int(3)]),
            "[[1, 2, 3], [4, 5, 6], '\\a\\b\\t', '\\n']"
        );
        assert_eq!(
            e("chunk_every", vec![ints(&[1, 2, 3, 4]), int(3), int(1)]),
            "[[1, 2, 3], [2, 3, 4], [3, 4]]"
        );
        assert_eq!(
            e(
                "chunk_every",
                vec![range(1, 10, 1), int(3), int(2), atom("discard")]
            ),
            "[[1, 2, 3], [3, 4, 5], [5, 6, 7], '\\a\\b\\t']"
        );
        assert_eq!(
            e(
                "chunk_every",
                vec![
                    range(1, 10, 1),
                    int(3),
                    int(3),
                    Term::list(vec![atom("a"), atom("b")])
                ]
            ),
            "[[1, 2, 3], [4, 5, 6], '\\a\\b\\t', [10, :a, :b]]"
        );
        assert_eq!(
            e("chunk_every", vec![ints(&[1, 2, 3, 4]), int(2), int(3)]),
            "[[1, 2], [4]]"
        );
        assert!(e("chunk_every", vec![ints(&[1]), int(0)]).starts_with(
            "** (FunctionClauseError) no function clause matching in Enum.chunk_every/4"
        ));
    }

    #[test]
    fn ranges_count_down_and_step() {
        assert_eq!(
            e("to_list", vec![range(10, 1, -1)]),
            "[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]"
        );
        assert_eq!(e("to_list", vec![range(1, 10, -1)]), "[]");
        assert_eq!(e("to_list", vec![range(1, 10, 3)]), "[1, 4, 7, 10]");
        assert_eq!(e("count", vec![range(1, 10, 3)]), "4");
        assert_eq!(e("member?", vec![range(1, 10, 2), int(3)]), "true");
        assert_eq!(
            e("member?", vec![range(1, 3, 1), Term::Float(2.0)]),
            "false"
        );
        assert_eq!(
            e("take", vec![range(1, 100_000_000, 1), int(3)]),
            "[1, 2, 3]"
        );
        assert_eq!(e("at", vec![range(1, 10, 2), int(2)]), "5");
        assert_eq!(e("sum", vec![range(10, 1, -3)]), "22");
    }

    #[test]
    fn fetch_bang_raises_out_of_bounds() {
        assert_eq!(
            e("fetch!", vec![ints(&[1]), int(5)]),
            "** (Enum.OutOfBoundsError) out of bounds error"
        );
        let err = call("Enum", "fetch!", vec![ints(&[1]), int(5)]).unwrap_err();
        assert_eq!(
            top_frame(&err),
            "{Enum, :fetch!, 2, [file: 'lib/enum.ex', line: 1072]}"
        );
        assert_eq!(e("fetch", vec![range(1, 3, 1), int(-4)]), ":error");
        assert_eq!(e("at", vec![ints(&[1, 2, 3]), int(-1)]), "3");
        assert_eq!(
            e("at", vec![ints(&[1, 2, 3]), int(10), atom("none")]),
            ":none"
        );
    }

    #[test]
    fn non_enumerables_raise_protocol_errors() {
        assert_eq!(
            e("map", vec![int(1), double()]),
            "** (Protocol.UndefinedError) protocol Enumerable not implemented for 1 of type Integer"
        );
        assert_eq!(e("map", vec![Term::Nil, int(1)]), "[]");
        assert_eq!(
            e("map", vec![ints(&[1]), int(1)]),
            "** (BadFunctionError) expected a function, got: 1"
        );
    }

    #[test]
    fn sorting() {
        assert_eq!(e("sort", vec![ints(&[3, 1, 2])]), "[1, 2, 3]");
        assert_eq!(e("sort", vec![ints(&[3, 1, 2]), atom("desc")]), "[3, 2, 1]");
        let ge = fun2(|a, b| Ok(Term::bool(a.compare(b) != std::cmp::Ordering::Less)));
        assert_eq!(
            e("sort", vec![ints(&[3, 1, 2, 5, 4]), ge]),
            "[5, 4, 3, 2, 1]"
        );
        let words = Term::list(vec![s("bb"), s("a"), s("ccc")]);
        let len = fun1(|x| Ok(Term::int(x.as_binary().map_or(0, |b| b.len()) as i64)));
        assert_eq!(
            e("sort_by", vec![words.clone(), len.clone()]),
            "[\"a\", \"bb\", \"ccc\"]"
        );
        assert_eq!(
            e("sort_by", vec![words.clone(), len.clone(), atom("desc")]),
            "[\"ccc\", \"bb\", \"a\"]"
        );
        assert_eq!(e("max_by", vec![words.clone(), len.clone()]), "\"ccc\"");
        assert_eq!(e("min_max", vec![ints(&[3, 1, 2])]), "{1, 3}");
        assert_eq!(
            e(
                "max",
                vec![Term::list(vec![int(1), Term::Float(3.0), int(3)])]
            ),
            "3.0"
        );
        assert_eq!(
            e(
                "min",
                vec![Term::list(vec![int(3), Term::Float(1.0), int(1)])]
            ),
            "1.0"
        );
        assert_eq!(
            e("max", vec![Term::Nil]),
            "** (Enum.EmptyError) empty error"
        );
    }

    #[test]
    fn slicing() {
        assert_eq!(
            e("slice", vec![range(1, 10, 1), range(2, 4, 1)]),
            "[3, 4, 5]"
        );
        assert_eq!(
            e("slice", vec![range(1, 10, 1), range(-3, -1, 1)]),
            "'\\b\\t\\n'"
        );
        assert_eq!(
            e("slice", vec![range(1, 10, 1), range(2, -2, -1)]),
            "[3, 4, 5, 6, 7, 8, 9]"
        );
        assert_eq!(
            e("slice", vec![range(1, 10, 1), range(2, -2, 2)]),
            "[3, 5, 7, 9]"
        );
        assert_eq!(e("slice", vec![range(1, 10, 1), range(3, 1, -1)]), "[]");
        assert_eq!(
            e("slice", vec![range(1, 10, 1), int(2), int(3)]),
            "[3, 4, 5]"
        );
        assert_eq!(
            e("slice", vec![range(1, 10, 1), int(-3), int(2)]),
            "'\\b\\t'"
        );
        assert_eq!(
            e("split", vec![ints(&[1, 2, 3, 4]), int(-1)]),
            "{[1, 2, 3], [4]}"
        );
        assert_eq!(e("take", vec![ints(&[1, 2, 3]), int(-2)]), "[2, 3]");
        assert_eq!(e("drop", vec![ints(&[1, 2, 3]), int(-2)]), "[1]");
    }

    #[test]
    fn grouping_and_counting() {
        let words = Term::list(vec![s("ant"), s("bee"), s("cat"), s("ape")]);
        let first = fun1(|x| Ok(Term::binary(&x.as_binary().unwrap_or_default()[..1])));
        assert_eq!(
            e("group_by", vec![words.clone(), first]),
            "%{\"a\" => [\"ant\", \"ape\"], \"b\" => [\"bee\"], \"c\" => [\"cat\"]}"
        );
        let letters = Term::list(vec![s("a"), s("b"), s("a")]);
        assert_eq!(e("frequencies", vec![letters]), "%{\"a\" => 2, \"b\" => 1}");
        assert_eq!(e("uniq", vec![ints(&[1, 2, 1, 3, 2])]), "[1, 2, 3]");
        assert_eq!(
            e(
                "dedup",
                vec![Term::list(vec![
                    int(1),
                    int(1),
                    int(2),
                    int(1),
                    Term::Float(1.0)
                ])]
            ),
            "[1, 2, 1, 1.0]"
        );
        assert_eq!(e("count", vec![ints(&[1, 2, 3]), even()]), "1");
    }

    #[test]
    fn joining_zipping_indexing() {
        let mixed = Term::list(vec![int(1), atom("a"), s("b"), ints(&[99])]);
        assert_eq!(e("join", vec![mixed, s("-")]), "\"1-a-b-c\"");
        assert_eq!(
            e("map_join", vec![ints(&[1, 2]), s(", "), double()]),
            "\"2, 4\""
        );
        assert!(e("join", vec![ints(&[1]), int(1)])
            .starts_with("** (FunctionClauseError) no function clause matching in Enum.join/2"));
        assert_eq!(
            e(
                "zip",
                vec![ints(&[1, 2, 3]), Term::list(vec![atom("a"), atom("b")])]
            ),
            "[{1, :a}, {2, :b}]"
        );
        assert_eq!(
            e(
                "with_index",
                vec![Term::list(vec![atom("a"), atom("b")]), int(1)]
            ),
            "[a: 1, b: 2]"
        );
        assert_eq!(
            e("unzip", vec![keyword(vec![("a", int(1)), ("b", int(2))])]),
            "{[:a, :b], [1, 2]}"
        );
        assert_eq!(
            e("zip_with", vec![ints(&[1, 2]), ints(&[3, 4]), plus()]),
            "[4, 6]"
        );
        assert_eq!(
            e("intersperse", vec![ints(&[1, 2, 3]), int(0)]),
            "[1, 0, 2, 0, 3]"
        );
        assert_eq!(e("scan", vec![range(1, 5, 1), plus()]), "[1, 3, 6, 10, 15]");
    }

    #[test]
    fn into_collectables() {
        let pairs = Term::list(vec![Term::tuple([int(1), int(2)])]);
        assert_eq!(e("into", vec![pairs, Term::Map(TMap::new())]), "%{1 => 2}");
        let m = TMap::from_pairs(vec![(atom("a"), int(1))]);
        assert_eq!(e("into", vec![Term::Map(m), Term::Nil]), "[a: 1]");
        assert_eq!(
            e("into", vec![ints(&[1, 2]), Term::Nil, double()]),
            "[2, 4]"
        );
        assert_eq!(
            e(
                "to_list",
                vec![Term::Map(TMap::from_pairs(vec![
                    (atom("b"), int(1)),
                    (atom("a"), int(2))
                ]))]
            ),
            "[a: 2, b: 1]"
        );
    }

    #[test]
    fn reduce_while_and_friends() {
        let f = fun2(|x, acc| {
            let tag = if x.as_int().unwrap_or(0) < 4 {
                "cont"
            } else {
                "halt"
            };
            let next = if tag == "cont" {
                super::num::add(x, acc)?
            } else {
                acc.clone()
            };
            Ok(Term::tuple([atom(tag), next]))
        });
        assert_eq!(e("reduce_while", vec![range(1, 10, 1), int(0), f]), "6");
        let g = fun2(|x, acc| {
            Ok(Term::tuple([
                super::num::mul(x, &int(2))?,
                super::num::add(x, acc)?,
            ]))
        });
        assert_eq!(
            e("map_reduce", vec![ints(&[1, 2, 3]), int(0), g]),
            "{[2, 4, 6], 6}"
        );
        assert_eq!(
            e("reduce", vec![Term::Nil, plus()]),
            "** (Enum.EmptyError) empty error"
        );
        assert_eq!(e("find", vec![ints(&[1, 2, 3]), even()]), "2");
        assert_eq!(e("find_index", vec![ints(&[1, 2, 3]), even()]), "1");
        assert_eq!(
            e(
                "any?",
                vec![Term::list(vec![Term::bool(false), Term::nil()])]
            ),
            "false"
        );
        assert_eq!(e("all?", vec![Term::Nil]), "true");
        assert_eq!(e("take_while", vec![ints(&[2, 4, 5, 6]), even()]), "[2, 4]");
        assert_eq!(e("drop_while", vec![ints(&[2, 4, 5, 6]), even()]), "[5, 6]");
    }
}
