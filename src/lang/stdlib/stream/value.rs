//! What a stream is as a term, as Elixir 1.14 builds it.
//!
//! A pipeline of stages over an enumerable is a `%Stream{enum:, funs:,
//! accs:, done:}` struct whose `funs` are [`StageFun`]s (newest first, as
//! Elixir keeps them), so it prints as `#Stream<[enum: 1..3, funs:
//! [#Function<... in Stream.map/2>]]>`. A stream that produces its own
//! elements (`iterate`, `unfold`, `resource`, `zip`, `flat_map` ...) is a
//! function of arity 2, a [`SourceFun`], printed as `#Function<... in
//! Stream.unfold/2>`. Both carry a description of the work ([`Stage`],
//! [`Source`]), which the pull engine (`super::pull`) reads back when the
//! stream is enumerated; nothing runs before that.

use super::pull::Pull;
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::fun::{CallFuture, Callable};
use crate::term::{Atom, Exception, TMap, Term};
use std::any::Any;
use std::sync::Arc;

/// One step of a pipeline, in the state it starts each enumeration with.
#[derive(Clone)]
pub enum Stage {
    /// `map/2`.
    Map(Term),
    /// `filter/2` (`true`) and `reject/2` (`false`): keep elements whose test is `keep`.
    Filter(Term, bool),
    /// `each/2`: applies the function, passes the element on.
    Each(Term),
    /// `take/2` with a positive count: elements still to let through.
    Take(i64),
    /// `take_while/2`.
    TakeWhile(Term),
    /// `drop/2` with a positive count: elements still to drop.
    Drop(i64),
    /// `drop/2` with a negative count: the last `.0` elements are held back.
    DropLast(usize, std::collections::VecDeque<Term>),
    /// `drop_while/2`, and whether it still drops.
    DropWhile(Term, bool),
    /// `with_index/2`: an integer offset or a function of the element and index, and the next index.
    WithIndex(Term, i64),
    /// `flat_map/2` (a function giving an enumerable), or `concat` (`None`:
    /// each element is an enumerable).
    FlatMap(Option<Term>),
    /// `map_every/3`, `take_every/2` (no function, keep), `drop_every/2`:
    /// every `nth` element from the first; the position in the cycle.
    Every(Every, u64, u64),
    /// `dedup/1`, `dedup_by/2`: the key function and the last key.
    DedupBy(Option<Term>, Option<Term>),
    /// `uniq/1`, `uniq_by/2`: the key function and the keys seen.
    UniqBy(Option<Term>, TMap),
    /// `scan/2,3`: the function and the accumulator (none yet for `scan/2`).
    Scan(Term, Option<Term>),
    /// `chunk_every/4`: count, step, padding (`None`: `:discard`) and the chunk being built.
    ChunkEvery(ChunkEvery),
    /// `chunk_by/2`: the key function, the current key and chunk.
    ChunkBy(Term, Option<Term>, Vec<Term>),
    /// `chunk_while/4`: accumulator, chunk function, after function.
    ChunkWhile(Term, Term, Term),
    /// `transform/3,4,5`.
    Transform(Transform),
    /// `intersperse/2`: the separator, and whether an element went by.
    Intersperse(Term, bool),
}

/// What `Stage::Every` does with every `nth` element.
#[derive(Clone)]
pub enum Every {
    /// `map_every/3`: applies the function to it.
    Map(Term),
    /// `take_every/2`: keeps only it.
    Take,
    /// `drop_every/2`: drops it.
    Drop,
}

/// `chunk_every/4`'s parameters and the chunk being built.
#[derive(Clone)]
pub struct ChunkEvery {
    /// Elements per chunk.
    pub count: usize,
    /// Elements between the starts of two chunks.
    pub step: usize,
    /// What pads the last chunk (`None`: `:discard`, an incomplete last chunk is dropped).
    pub leftover: Option<Term>,
    /// The elements seen and not yet behind the next chunk's start.
    pub buffer: std::collections::VecDeque<Term>,
}

/// `transform/3,4,5`'s functions and accumulator.
#[derive(Clone)]
pub struct Transform {
    /// `transform/3`'s accumulator, or `transform/4,5`'s start function (applied once).
    pub start: TransformStart,
    /// The reducer: `(element, acc) -> {enumerable, acc} | {:halt, acc}`.
    pub reducer: Term,
    /// `transform/5`'s `last_fun`: `acc -> {enumerable, acc}`.
    pub last: Option<Term>,
    /// `transform/4,5`'s `after_fun`.
    pub after: Option<Term>,
}

/// Where a transform's accumulator comes from.
#[derive(Clone)]
pub enum TransformStart {
    /// The accumulator itself (started, or `transform/3`'s).
    Acc(Term),
    /// A function that gives it, not applied yet.
    Fun(Term),
}

/// What produces a stream's elements.
#[derive(Clone)]
pub enum Source {
    /// Any enumerable, walked when the stream runs.
    Enum(Term),
    /// `unfold/2`: the accumulator and the function.
    Unfold(Term, Term),
    /// `iterate/2`: the first value and the function giving each next one.
    Iterate(Term, Term),
    /// `repeatedly/1`.
    Repeatedly(Term),
    /// `cycle/1` of an enumerable.
    Cycle(Term),
    /// `resource/3`: start, next and after functions.
    Resource(Term, Term, Term),
    /// `interval/1`: milliseconds between elements (`None`: `:infinity`).
    Interval(Option<u64>),
    /// `zip/1,2`, `zip_with/2,3`: the enumerables and the function given
    /// each row as a list (`None`: a tuple of the row).
    Zip(Vec<Term>, Option<Term>),
    /// `take/2` with a negative count: the last elements of the enumerable.
    TakeLast(Term, usize),
    /// An enumerable through stages: what `flat_map`, `concat`,
    /// `transform`, `intersperse` and `into` give, functions in Elixir.
    Piped(Term, Vec<Stage>),
}

/// A stage of a `%Stream{}`: prints as `#Function<... in Stream.map/2>`.
pub struct StageFun {
    /// The function Elixir's closure is from: `Stream.map/2`.
    pub name: &'static str,
    /// The stage, in its starting state.
    pub stage: Stage,
}

impl Callable for StageFun {
    fn arity(&self) -> usize {
        1
    }

    fn call<'a>(&'a self, _cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
        // Only Elixir's own stream code applies these; riex runs them itself.
        Box::pin(std::future::ready(Err(Exception::argument_error(
            "a stream stage is run by enumerating its stream",
        ))))
    }

    fn inspect(&self) -> String {
        closure_text(self.name, 1)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A stream that is a function of arity 2 (`Stream.iterate/2` ...): it
/// answers the reducer protocol (`fun.({:cont, acc}, reducer)`) itself.
pub struct SourceFun {
    /// The function Elixir's closure is from: `Stream.unfold/2`.
    pub name: &'static str,
    /// What produces the elements.
    pub source: Source,
}

impl Callable for SourceFun {
    fn arity(&self) -> usize {
        2
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(reduce(cx, Pull::from_source(self.source.clone()), args))
    }

    fn inspect(&self) -> String {
        closure_text(self.name, 2)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `#Function<48.103858489/1 in Stream.map/2>`: the closure's index and
/// module hash as Elixir 1.14.0's compiled `Stream` has them, so that a
/// stream prints as wide as in iex (and lays out on the same lines).
fn closure_text(name: &str, arity: usize) -> String {
    let index = match (name, arity) {
        ("Stream.chunk_while/4", _) => 3,
        ("Stream.cycle/1", _) => 9,
        ("Stream.dedup_by/2", _) => 11,
        ("Stream.drop/2", _) => 34,
        ("Stream.drop_every/2", _) => 36,
        ("Stream.drop_while/2", _) => 37,
        ("Stream.each/2", _) => 39,
        ("Stream.filter/2", _) => 40,
        ("Stream.into/3", _) => 46,
        ("Stream.map/2", _) => 48,
        ("Stream.map_every_after_guards/3", _) => 49,
        ("Stream.reject/2", _) => 50,
        ("Stream.repeatedly/1", _) => 51,
        ("Stream.resource/3", _) => 52,
        ("Stream.scan/2", _) => 54,
        ("Stream.scan/3", _) => 55,
        ("Stream.take_after_guards/2", 1) => 56,
        ("Stream.take_after_guards/2", _) => 57,
        ("Stream.take_every_after_guards/2", _) => 58,
        ("Stream.take_while/2", _) => 59,
        ("Stream.transform/3", _) => 60,
        ("Stream.transform/4", _) => 61,
        ("Stream.transform/5", _) => 62,
        ("Stream.unfold/2", _) => 63,
        ("Stream.uniq_by/2", _) => 65,
        ("Stream.with_index/2", _) => 66,
        ("Stream.zip_with/2", _) => 73,
        _ => 0,
    };
    format!("#Function<{index}.103858489/{arity} in {name}>")
}

/// `Enumerable.reduce/3` for a stream: `{:cont, acc}` feeds elements to the
/// reducer until it answers `{:halt, acc}` (`{:halted, acc}`) or the
/// elements end (`{:done, acc}`).
async fn reduce(cx: &mut Ctx, mut pull: Pull, args: Vec<Term>) -> Result<Term, Exception> {
    let [command, reducer]: [Term; 2] = args
        .try_into()
        .map_err(|_| Exception::argument_error("a stream takes a command and a reducer"))?;
    let (mut tag, mut acc) = command_parts(&command)?;
    loop {
        if tag == "halt" {
            pull.close(cx).await?;
            return Ok(Term::tuple([Term::atom_named("halted"), acc]));
        }
        let Some(x) = pull.next(cx).await? else {
            return Ok(Term::tuple([Term::atom_named("done"), acc]));
        };
        (tag, acc) = command_parts(&apply_fun(cx, &reducer, vec![x, acc]).await?)?;
    }
}

fn command_parts(t: &Term) -> Result<(&'static str, Term), Exception> {
    match t.as_tuple() {
        Some([tag, acc]) if tag.is_atom(Atom::new("cont")) => Ok(("cont", acc.clone())),
        Some([tag, acc]) if tag.is_atom(Atom::new("halt")) => Ok(("halt", acc.clone())),
        _ => Err(Exception::argument_error(
            "riex's streams take the :cont and :halt commands only",
        )),
    }
}

/// `%Stream{enum: enum, funs: funs, accs: [], done: nil}`.
pub fn stream_struct(enumerable: Term, funs: Vec<Term>) -> Term {
    crate::term::build::structure(
        crate::atom!("Elixir.Stream"),
        vec![
            ("enum", enumerable),
            ("funs", Term::list(funs)),
            ("accs", Term::Nil),
            ("done", Term::nil()),
        ],
    )
}

/// A stage function term.
pub fn stage_fun(name: &'static str, stage: Stage) -> Term {
    Term::Fun(Arc::new(StageFun { name, stage }))
}

/// A stream function term.
pub fn source_fun(name: &'static str, source: Source) -> Term {
    Term::Fun(Arc::new(SourceFun { name, source }))
}

/// The `enum` and `funs` of a `%Stream{}`.
pub fn as_stream(t: &Term) -> Option<(Term, Vec<Term>)> {
    if t.struct_name()? != crate::atom!("Elixir.Stream") {
        return None;
    }
    let m = t.as_map()?;
    let enumerable = m.get_atom(Atom::new("enum"))?.clone();
    let funs = m.get_atom(Atom::new("funs"))?.list_to_vec()?;
    Some((enumerable, funs))
}

/// The stage of a stage function.
pub fn as_stage(t: &Term) -> Option<&Stage> {
    match t {
        Term::Fun(f) => f.as_any().downcast_ref::<StageFun>().map(|s| &s.stage),
        _ => None,
    }
}

/// The source of a stream function.
pub fn as_source(t: &Term) -> Option<&Source> {
    match t {
        Term::Fun(f) => f.as_any().downcast_ref::<SourceFun>().map(|s| &s.source),
        _ => None,
    }
}

/// Whether stages can be added to `t` itself: a `%Stream{}` whose last
/// stage does not hold elements back for the end (Elixir's `done: nil`).
pub fn is_open_stream(t: &Term) -> bool {
    t.struct_name() == Some(crate::atom!("Elixir.Stream"))
        && t.as_map()
            .and_then(|m| m.get_atom(Atom::new("done")))
            .is_some_and(|d| d.is_atom(crate::term::atom::NIL))
}
