//! `Stream`: lazy enumerables, as Elixir 1.14's.
//!
//! Each function here only builds a description of the work (see
//! [`value`]) and checks its arguments as Elixir's guards do; the work runs
//! when something enumerates the stream (`Enum.to_list/1`, `Enum.take/2`,
//! `Stream.run/1`), one element at a time through [`pull::Pull`].

pub mod pull;
pub mod value;

use super::errors::{argument_error, function_clause, Def};
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, TMap, Term};
use pull::{stream_frame, Pull};
use std::collections::VecDeque;
use value::{
    is_open_stream, source_fun, stage_fun, stream_struct, ChunkEvery, Every, Source, Stage,
    Transform, TransformStart,
};

type R = Result<Term, Exception>;

/// A function that builds a stream: it never waits.
type Builder = fn(&mut Ctx, Vec<Term>) -> R;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Stream",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/stream.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    MAP,
    "map",
    2,
    611,
    ["map(enum, fun) when is_function(fun, 1)"]
);
def!(
    FILTER,
    "filter",
    2,
    521,
    ["filter(enum, fun) when is_function(fun, 1)"]
);
def!(
    REJECT,
    "reject",
    2,
    664,
    ["reject(enum, fun) when is_function(fun, 1)"]
);
def!(
    EACH,
    "each",
    2,
    478,
    ["each(enum, fun) when is_function(fun, 1)"]
);
def!(
    FLAT_MAP,
    "flat_map",
    2,
    505,
    ["flat_map(enum, mapper) when is_function(mapper, 1)"]
);
def!(
    TAKE,
    "take",
    2,
    754,
    ["take(enum, count) when is_integer(count)"]
);
def!(
    DROP,
    "drop",
    2,
    346,
    [
        "drop(enum, n) when is_integer(n) and n >= 0",
        "drop(enum, n) when is_integer(n) and n < 0",
    ]
);
def!(
    TAKE_WHILE,
    "take_while",
    2,
    817,
    ["take_while(enum, fun) when is_function(fun, 1)"]
);
def!(
    DROP_WHILE,
    "drop_while",
    2,
    419,
    ["drop_while(enum, fun) when is_function(fun, 1)"]
);
def!(
    WITH_INDEX,
    "with_index",
    2,
    1157,
    ["with_index(enum, offset) when is_integer(offset)"]
);
def!(CHUNK_EVERY, "chunk_every", 4, 196, [
    "chunk_every(enum, count, step, leftover) when is_integer(count) and count > 0 and is_integer(step) and step > 0",
]);
def!(
    CHUNK_BY,
    "chunk_by",
    2,
    214,
    ["chunk_by(enum, fun) when is_function(fun, 1)"]
);
def!(
    ITERATE,
    "iterate",
    2,
    1521,
    ["iterate(start_value, next_fun) when is_function(next_fun, 1)"]
);
def!(
    UNFOLD,
    "unfold",
    2,
    1727,
    ["unfold(next_acc, next_fun) when is_function(next_fun, 1)"]
);
def!(
    REPEATEDLY,
    "repeatedly",
    1,
    1544,
    ["repeatedly(generator_fun) when is_function(generator_fun, 0)"]
);
def!(
    MAP_EVERY,
    "map_every",
    3,
    640,
    ["map_every(enum, nth, fun) when is_integer(nth) and nth >= 0 and is_function(fun, 1)",]
);
def!(
    SCAN2,
    "scan",
    2,
    707,
    ["scan(enum, fun) when is_function(fun, 2)"]
);
def!(
    SCAN3,
    "scan",
    3,
    724,
    ["scan(enum, acc, fun) when is_function(fun, 2)"]
);
def!(
    TAKE_EVERY,
    "take_every",
    2,
    793,
    ["take_every(enum, nth) when is_integer(nth) and nth >= 0"]
);
def!(
    DROP_EVERY,
    "drop_every",
    2,
    400,
    [
        "drop_every(enum, 0)",
        "drop_every([], _nth)",
        "drop_every(enum, nth) when is_integer(nth) and nth > 0",
    ]
);
def!(
    DEDUP_BY,
    "dedup_by",
    2,
    322,
    ["dedup_by(enum, fun) when is_function(fun, 1)"]
);
def!(
    UNIQ_BY,
    "uniq_by",
    2,
    1135,
    ["uniq_by(enum, fun) when is_function(fun, 1)"]
);
def!(
    TRANSFORM,
    "transform",
    3,
    871,
    ["transform(enum, acc, reducer) when is_function(reducer, 2)"]
);
def!(
    INTERVAL,
    "interval",
    1,
    550,
    ["interval(n) when is_integer(n) and n >= 0 when n == :infinity"]
);
def!(
    TIMER,
    "timer",
    1,
    834,
    ["timer(n) when is_integer(n) and n >= 0 when n == :infinity"]
);
def!(
    DUPLICATE,
    "duplicate",
    2,
    450,
    ["duplicate(value, n) when is_integer(n) and n >= 0"]
);
def!(ZIP_WITH, "zip_with", 3, 1254, [
    "zip_with(enumerable1, enumerable2, zip_fun) when is_list(enumerable1) and is_list(enumerable2) and is_function(zip_fun, 2)",
    "zip_with(enumerable1, enumerable2, zip_fun) when is_function(zip_fun, 2)",
]);
def!(RESOURCE, "resource", 3, 1607, [
    "resource(start_fun, next_fun, after_fun) when is_function(start_fun, 0) and is_function(next_fun, 1) and is_function(after_fun, 1)",
]);

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &MAP,
    &FILTER,
    &REJECT,
    &EACH,
    &FLAT_MAP,
    &TAKE,
    &DROP,
    &TAKE_WHILE,
    &DROP_WHILE,
    &WITH_INDEX,
    &CHUNK_EVERY,
    &CHUNK_BY,
    &ITERATE,
    &UNFOLD,
    &REPEATEDLY,
    &MAP_EVERY,
    &SCAN2,
    &SCAN3,
    &TAKE_EVERY,
    &DROP_EVERY,
    &DEDUP_BY,
    &UNIQ_BY,
    &TRANSFORM,
    &INTERVAL,
    &TIMER,
    &DUPLICATE,
    &ZIP_WITH,
    &RESOURCE,
];

fn is_fun(t: &Term, arity: usize) -> bool {
    matches!(t, Term::Fun(f) if f.arity() == arity)
}

/// The function argument `a[i]` of the given arity, or Elixir's clause error.
fn fun_arg(def: &Def, a: &[Term], i: usize, arity: usize) -> Result<Term, Exception> {
    if is_fun(&a[i], arity) {
        Ok(a[i].clone())
    } else {
        Err(function_clause(def, a.to_vec()))
    }
}

/// Adds a stage to a stream: to the same `%Stream{}` when it is open, as
/// Elixir's `lazy/2` does, else around the enumerable.
fn lazy(enumerable: &Term, name: &'static str, stage: Stage) -> Term {
    let fun = stage_fun(name, stage);
    match value::as_stream(enumerable) {
        Some((inner, mut funs)) if is_open_stream(enumerable) => {
            funs.insert(0, fun);
            stream_struct(inner, funs)
        }
        _ => stream_struct(enumerable.clone(), vec![fun]),
    }
}

/// A stage that holds elements back until the end (the chunk functions):
/// Elixir marks the stream `done`, so a stage added later wraps it.
fn lazy_with_end(enumerable: &Term, stage: Stage) -> Term {
    let t = lazy(enumerable, "Stream.chunk_while/4", stage);
    let Term::Map(m) = &t else { return t };
    let end = stage_fun("Stream.after_chunk_while/2", Stage::Each(Term::nil()));
    Term::Map(m.put(Term::atom_named("done"), end))
}

/// `%Stream{enum: enum, funs: []}`.
fn plain(enumerable: Term) -> Term {
    stream_struct(enumerable, vec![])
}

fn map(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&MAP, &a, 1, 1)?;
    Ok(lazy(&a[0], "Stream.map/2", Stage::Map(f)))
}

fn filter(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&FILTER, &a, 1, 1)?;
    Ok(lazy(&a[0], "Stream.filter/2", Stage::Filter(f, true)))
}

fn reject(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&REJECT, &a, 1, 1)?;
    Ok(lazy(&a[0], "Stream.reject/2", Stage::Filter(f, false)))
}

fn each(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&EACH, &a, 1, 1)?;
    Ok(lazy(&a[0], "Stream.each/2", Stage::Each(f)))
}

fn take(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(0) => Ok(plain(Term::Nil)),
        Term::Int(n) if *n > 0 => Ok(lazy(&a[0], "Stream.take_after_guards/2", Stage::Take(*n))),
        Term::Int(n) => {
            let count = usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX);
            let source = Source::TakeLast(a[0].clone(), count);
            Ok(source_fun("Stream.take_after_guards/2", source))
        }
        _ => Err(function_clause(&TAKE, a)),
    }
}

fn drop(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let stage = match &a[1] {
        Term::Int(n) if *n >= 0 => Stage::Drop(*n),
        Term::Int(n) => {
            let count = usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX);
            Stage::DropLast(count, VecDeque::new())
        }
        _ => return Err(function_clause(&DROP, a)),
    };
    Ok(lazy(&a[0], "Stream.drop/2", stage))
}

fn take_while(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&TAKE_WHILE, &a, 1, 1)?;
    Ok(lazy(&a[0], "Stream.take_while/2", Stage::TakeWhile(f)))
}

fn drop_while(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&DROP_WHILE, &a, 1, 1)?;
    Ok(lazy(
        &a[0],
        "Stream.drop_while/2",
        Stage::DropWhile(f, true),
    ))
}

fn with_index(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let offset = a.get(1).cloned().unwrap_or(Term::int(0));
    let Some(start) = offset.as_int().filter(|_| matches!(offset, Term::Int(_))) else {
        return Err(function_clause(&WITH_INDEX, a));
    };
    Ok(lazy(
        &a[0],
        "Stream.with_index/2",
        Stage::WithIndex(offset, start),
    ))
}

fn flat_map(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&FLAT_MAP, &a, 1, 1)?;
    let source = Source::Piped(a[0].clone(), vec![Stage::FlatMap(Some(f))]);
    Ok(source_fun("Stream.transform/3", source))
}

fn concat(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let enumerables = match a.as_slice() {
        [one] => one.clone(),
        [first, second] => Term::list(vec![first.clone(), second.clone()]),
        _ => unreachable!("concat/1,2"),
    };
    let source = Source::Piped(enumerables, vec![Stage::FlatMap(None)]);
    Ok(source_fun("Stream.transform/3", source))
}

fn intersperse(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let source = Source::Piped(a[0].clone(), vec![Stage::Intersperse(a[1].clone(), false)]);
    Ok(source_fun("Stream.transform/3", source))
}

fn map_every(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let (Term::Int(nth), true) = (&a[1], is_fun(&a[2], 1)) else {
        return Err(function_clause(&MAP_EVERY, a));
    };
    match *nth {
        n if n < 0 => Err(function_clause(&MAP_EVERY, a)),
        0 => Ok(plain(a[0].clone())),
        1 => Ok(lazy(&a[0], "Stream.map/2", Stage::Map(a[2].clone()))),
        n => {
            let stage = Stage::Every(Every::Map(a[2].clone()), n as u64, 0);
            Ok(lazy(&a[0], "Stream.map_every_after_guards/3", stage))
        }
    }
}

fn take_every(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(0) => Ok(plain(Term::Nil)),
        Term::Int(n) if *n > 0 => {
            let stage = Stage::Every(Every::Take, *n as u64, 0);
            Ok(lazy(&a[0], "Stream.take_every_after_guards/2", stage))
        }
        _ => Err(function_clause(&TAKE_EVERY, a)),
    }
}

fn drop_every(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(0) => Ok(plain(a[0].clone())),
        _ if matches!(a[0], Term::Nil) => Ok(plain(Term::Nil)),
        Term::Int(n) if *n > 0 => {
            let stage = Stage::Every(Every::Drop, *n as u64, 0);
            Ok(lazy(&a[0], "Stream.drop_every/2", stage))
        }
        _ => Err(function_clause(&DROP_EVERY, a)),
    }
}

fn dedup(_cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(lazy(&a[0], "Stream.dedup_by/2", Stage::DedupBy(None, None)))
}

fn dedup_by(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&DEDUP_BY, &a, 1, 1)?;
    Ok(lazy(
        &a[0],
        "Stream.dedup_by/2",
        Stage::DedupBy(Some(f), None),
    ))
}

fn uniq(_cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(lazy(
        &a[0],
        "Stream.uniq_by/2",
        Stage::UniqBy(None, TMap::new()),
    ))
}

fn uniq_by(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&UNIQ_BY, &a, 1, 1)?;
    Ok(lazy(
        &a[0],
        "Stream.uniq_by/2",
        Stage::UniqBy(Some(f), TMap::new()),
    ))
}

fn scan(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match a.as_slice() {
        [e, f] if is_fun(f, 2) => Ok(lazy(e, "Stream.scan/2", Stage::Scan(f.clone(), None))),
        [_, _] => Err(function_clause(&SCAN2, a)),
        [e, acc, f] if is_fun(f, 2) => Ok(lazy(
            e,
            "Stream.scan/3",
            Stage::Scan(f.clone(), Some(acc.clone())),
        )),
        _ => Err(function_clause(&SCAN3, a)),
    }
}

fn chunk_every(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let count = a[1].clone();
    let step = a.get(2).cloned().unwrap_or_else(|| count.clone());
    let leftover = a.get(3).cloned().unwrap_or(Term::Nil);
    let all = vec![a[0].clone(), count.clone(), step.clone(), leftover.clone()];
    let (Some(count), Some(step)) = (positive(&count), positive(&step)) else {
        return Err(function_clause(&CHUNK_EVERY, all));
    };
    let leftover = (!leftover.is_atom(Atom::new("discard"))).then_some(leftover);
    let stage = Stage::ChunkEvery(ChunkEvery {
        count,
        step,
        leftover,
        buffer: VecDeque::new(),
    });
    Ok(lazy_with_end(&a[0], stage))
}

fn positive(t: &Term) -> Option<usize> {
    match t {
        Term::Int(n) if *n > 0 => usize::try_from(*n).ok(),
        _ => None,
    }
}

fn chunk_by(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&CHUNK_BY, &a, 1, 1)?;
    Ok(lazy_with_end(&a[0], Stage::ChunkBy(f, None, Vec::new())))
}

fn chunk_while(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let stage = Stage::ChunkWhile(a[1].clone(), a[2].clone(), a[3].clone());
    Ok(lazy_with_end(&a[0], stage))
}

fn transform(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let (name, start, reducer, last, after) = match a.as_slice() {
        [_, acc, f] if is_fun(f, 2) => (
            "Stream.transform/3",
            TransformStart::Acc(acc.clone()),
            f,
            None,
            None,
        ),
        [_, _, _] => return Err(function_clause(&TRANSFORM, a)),
        [_, start, f, after] => (
            "Stream.transform/4",
            TransformStart::Fun(start.clone()),
            f,
            None,
            Some(after.clone()),
        ),
        [_, start, f, last, after] => (
            "Stream.transform/5",
            TransformStart::Fun(start.clone()),
            f,
            Some(last.clone()),
            Some(after.clone()),
        ),
        _ => unreachable!("transform/3,4,5"),
    };
    let stage = Stage::Transform(Transform {
        start,
        reducer: reducer.clone(),
        last,
        after,
    });
    Ok(source_fun(name, Source::Piped(a[0].clone(), vec![stage])))
}

fn into(_cx: &mut Ctx, a: Vec<Term>) -> R {
    // The collectable sees the elements as they go by; riex's collectables
    // (lists, maps, MapSets, binaries) are values, so only the elements matter.
    let stages = match a.get(2) {
        Some(f) => vec![Stage::Each(f.clone())],
        None => vec![],
    };
    Ok(source_fun(
        "Stream.into/3",
        Source::Piped(a[0].clone(), stages),
    ))
}

fn iterate(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&ITERATE, &a, 1, 1)?;
    Ok(source_fun(
        "Stream.unfold/2",
        Source::Iterate(a[0].clone(), f),
    ))
}

fn unfold(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&UNFOLD, &a, 1, 1)?;
    Ok(source_fun(
        "Stream.unfold/2",
        Source::Unfold(a[0].clone(), f),
    ))
}

fn repeatedly(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let f = fun_arg(&REPEATEDLY, &a, 0, 0)?;
    Ok(source_fun("Stream.repeatedly/1", Source::Repeatedly(f)))
}

fn cycle(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[0] {
        Term::Nil => Err(argument_error(
            "cannot cycle over an empty enumerable",
            vec![stream_frame("cycle", 1, 1453)],
        )),
        Term::List(_) => Ok(source_fun("Stream.unfold/2", Source::Cycle(a[0].clone()))),
        other => Ok(source_fun("Stream.cycle/1", Source::Cycle(other.clone()))),
    }
}

fn duplicate(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(n) if *n >= 0 => {
            let copies = vec![a[0].clone(); usize::try_from(*n).unwrap_or(0)];
            Ok(source_fun(
                "Stream.unfold/2",
                Source::Enum(Term::list(copies)),
            ))
        }
        _ => Err(function_clause(&DUPLICATE, a)),
    }
}

fn resource(_cx: &mut Ctx, a: Vec<Term>) -> R {
    if !(is_fun(&a[0], 0) && is_fun(&a[1], 1) && is_fun(&a[2], 1)) {
        return Err(function_clause(&RESOURCE, a));
    }
    let source = Source::Resource(a[0].clone(), a[1].clone(), a[2].clone());
    Ok(source_fun("Stream.resource/3", source))
}

/// Milliseconds, or `None` for `:infinity`.
fn millis(t: &Term) -> Option<Option<u64>> {
    match t {
        Term::Int(n) if *n >= 0 => Some(Some(*n as u64)),
        t if t.is_atom(atom::INFINITY) => Some(None),
        _ => None,
    }
}

fn interval(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(ms) = millis(&a[0]) else {
        return Err(function_clause(&INTERVAL, a));
    };
    Ok(source_fun("Stream.unfold/2", Source::Interval(ms)))
}

fn timer(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(ms) = millis(&a[0]) else {
        return Err(function_clause(&TIMER, a));
    };
    let ticks = source_fun("Stream.unfold/2", Source::Interval(ms));
    Ok(lazy(&ticks, "Stream.take_after_guards/2", Stage::Take(1)))
}

fn zip(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let enumerables = match a.as_slice() {
        [one] => one.list_to_vec().unwrap_or_else(|| vec![one.clone()]),
        [first, second] => vec![first.clone(), second.clone()],
        _ => unreachable!("zip/1,2"),
    };
    Ok(source_fun(
        "Stream.zip_with/2",
        Source::Zip(enumerables, None),
    ))
}

fn zip_with(_cx: &mut Ctx, a: Vec<Term>) -> R {
    match a.as_slice() {
        [enums, f] => {
            let enumerables = enums.list_to_vec().unwrap_or_else(|| vec![enums.clone()]);
            let source = Source::Zip(enumerables, Some(f.clone()));
            Ok(source_fun("Stream.zip_with/2", source))
        }
        [first, second, f] if is_fun(f, 2) => {
            // zip_with/3's function takes the two elements, not a list.
            let pair_fun = crate::term::fun::RustFun::term("Stream.zip_with/3", 1, {
                let f = f.clone();
                move |cx, args| {
                    let f = f.clone();
                    Box::pin(async move {
                        let row = args[0].list_to_vec().unwrap_or_default();
                        crate::otp::native::apply_fun(cx, &f, row).await
                    })
                }
            });
            let source = Source::Zip(vec![first.clone(), second.clone()], Some(pair_fun));
            Ok(source_fun("Stream.zip_with/2", source))
        }
        _ => Err(function_clause(&ZIP_WITH, a)),
    }
}

/// `%Stream{}`: `enum: nil, funs: [], accs: [], done: nil`.
fn struct_fn(_cx: &mut Ctx, _a: Vec<Term>) -> R {
    Ok(stream_struct(Term::nil(), vec![]))
}

/// `Stream.run/1`: runs the stream for its side effects.
async fn run(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut pull = Pull::new(a[0].clone());
    while pull.next(cx).await?.is_some() {}
    Ok(Term::ok())
}

/// The `Stream` module.
pub fn module() -> NativeModule {
    let mut m = NativeModule::new(Atom::module("Stream"));
    let lazy_fns: &[(&str, usize, Builder)] = &[
        ("map", 2, map),
        ("filter", 2, filter),
        ("reject", 2, reject),
        ("each", 2, each),
        ("take", 2, take),
        ("drop", 2, drop),
        ("take_while", 2, take_while),
        ("drop_while", 2, drop_while),
        ("with_index", 1, with_index),
        ("with_index", 2, with_index),
        ("flat_map", 2, flat_map),
        ("concat", 1, concat),
        ("concat", 2, concat),
        ("intersperse", 2, intersperse),
        ("map_every", 3, map_every),
        ("take_every", 2, take_every),
        ("drop_every", 2, drop_every),
        ("dedup", 1, dedup),
        ("dedup_by", 2, dedup_by),
        ("uniq", 1, uniq),
        ("uniq_by", 2, uniq_by),
        ("scan", 2, scan),
        ("scan", 3, scan),
        ("chunk_every", 2, chunk_every),
        ("chunk_every", 3, chunk_every),
        ("chunk_every", 4, chunk_every),
        ("chunk_by", 2, chunk_by),
        ("chunk_while", 4, chunk_while),
        ("transform", 3, transform),
        ("transform", 4, transform),
        ("transform", 5, transform),
        ("into", 2, into),
        ("into", 3, into),
        ("iterate", 2, iterate),
        ("unfold", 2, unfold),
        ("repeatedly", 1, repeatedly),
        ("cycle", 1, cycle),
        ("duplicate", 2, duplicate),
        ("resource", 3, resource),
        ("interval", 1, interval),
        ("timer", 1, timer),
        ("zip", 1, zip),
        ("zip", 2, zip),
        ("zip_with", 2, zip_with),
        ("zip_with", 3, zip_with),
        ("__struct__", 0, struct_fn),
        ("__struct__", 1, struct_fn),
    ];
    for (name, arity, f) in lazy_fns {
        m = m.export_native(name, *arity, crate::otp::native::Native::Sync(*f));
    }
    m.export("run", 1, suspending!(run))
}

#[cfg(test)]
mod tests;
