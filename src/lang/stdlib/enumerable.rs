//! The `Enumerable` and `Collectable` protocols for the types riex has.
//!
//! Enumerable: proper lists; maps (as `{key, value}` pairs, in the order
//! `Map.to_list/1` gives, or for `Enum.reduce/3` and what is built on it,
//! the order `:maps.fold/3` visits: see [`iter_reduced`]);
//! ranges `%Range{first:, last:, step:}` (walked lazily, so `1..1_000_000_000`
//! costs nothing until taken from); MapSets `%MapSet{map: %{elem => []}}`;
//! and streams: riex's own (`%Stream{}` and the functions `Stream` gives),
//! walked one element at a time by [`Pull`] so that a consumer can stop
//! early ([`walk`]), and any other function of arity 2, run through the
//! reducer protocol (`fun.({:cont, acc}, reducer)`) into a list. Anything
//! else raises `Protocol.UndefinedError` as Elixir does.
//!
//! Collectable ([`collect_into`]): lists, maps, MapSets and binaries.

use super::errors::{badarg, protocol_undefined, stdlib_frame};
use super::stream::pull::Pull;
use super::stream::value::{as_source, as_stream};
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::fun::{CallFuture, RustFun};
use crate::term::{Atom, Exception, TMap, Term};

/// A range's bounds and step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// The first value.
    pub first: i64,
    /// The last value (reached only if the step lands on it).
    pub last: i64,
    /// The step, never zero.
    pub step: i64,
}

impl Range {
    /// How many values the range walks through.
    pub fn size(&self) -> u64 {
        let (f, l, s) = (
            i128::from(self.first),
            i128::from(self.last),
            i128::from(self.step),
        );
        if (s > 0 && f > l) || (s < 0 && f < l) {
            return 0;
        }
        ((l - f) / s + 1) as u64
    }

    /// The `i`th value (0-based), if the range has it.
    pub fn nth(&self, i: u64) -> Option<i64> {
        if i >= self.size() {
            return None;
        }
        Some((i128::from(self.first) + i128::from(i) * i128::from(self.step)) as i64)
    }

    /// True when `n` is one of the values.
    pub fn contains(&self, n: i64) -> bool {
        let (f, l, s) = (self.first, self.last, self.step);
        let inside = if s > 0 {
            f <= n && n <= l
        } else {
            l <= n && n <= f
        };
        inside && (i128::from(n) - i128::from(f)) % i128::from(s) == 0
    }

    /// The `%Range{}` struct.
    pub fn to_term(&self) -> Term {
        crate::term::build::structure(
            crate::atom!("Elixir.Range"),
            vec![
                ("first", Term::int(self.first)),
                ("last", Term::int(self.last)),
                ("step", Term::int(self.step)),
            ],
        )
    }
}

/// The range, if `t` is a `%Range{}` with integer fields.
pub fn as_range(t: &Term) -> Option<Range> {
    let m = t.as_map()?;
    if m.get_atom(crate::term::atom::STRUCT)?.as_atom()? != crate::atom!("Elixir.Range") {
        return None;
    }
    let get = |k: Atom| m.get_atom(k).and_then(Term::as_int);
    let (first, last) = (get(crate::atom!("first"))?, get(crate::atom!("last"))?);
    let step = match m.get_atom(crate::atom!("step")) {
        Some(s) => s.as_int().filter(|s| *s != 0)?,
        None if first <= last => 1,
        None => -1,
    };
    Some(Range { first, last, step })
}

/// The elements map of a `%MapSet{}`.
pub fn as_map_set(t: &Term) -> Option<&TMap> {
    let m = t.as_map()?;
    if m.get_atom(crate::term::atom::STRUCT)?.as_atom()? != crate::atom!("Elixir.MapSet") {
        return None;
    }
    m.get_atom(crate::atom!("map"))?.as_map()
}

/// A MapSet of `elements`.
pub fn map_set(elements: TMap) -> Term {
    crate::term::build::structure(
        crate::atom!("Elixir.MapSet"),
        vec![("map", Term::Map(elements)), ("version", Term::int(2))],
    )
}

/// An owned, lazy walk over an enumerable's elements.
pub enum Iter {
    /// The rest of a proper list.
    List(Term),
    /// The values of a range still to come: the next one, the step, and
    /// how many are left.
    Range(i64, i64, u64),
    /// Elements computed beforehand.
    Vec(std::vec::IntoIter<Term>),
}

impl Iterator for Iter {
    type Item = Term;

    fn next(&mut self) -> Option<Term> {
        match self {
            Iter::List(rest) => match std::mem::replace(rest, Term::Nil) {
                Term::List(l) => {
                    *rest = l.tail().clone();
                    Some(l.head().clone())
                }
                _ => None,
            },
            Iter::Range(next, step, left) => {
                if *left == 0 {
                    return None;
                }
                let n = *next;
                *left -= 1;
                // Past the last value the sum may overflow; it is never read.
                *next = n.wrapping_add(*step);
                Some(Term::int(n))
            }
            Iter::Vec(v) => v.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len_hint();
        (n, Some(n))
    }
}

impl Iter {
    fn len_hint(&self) -> usize {
        match self {
            Iter::List(_) => 0,
            Iter::Range(_, _, left) => usize::try_from(*left).unwrap_or(usize::MAX),
            Iter::Vec(v) => v.len(),
        }
    }
}

/// Whether a proper list, checked without copying it.
fn is_proper(t: &Term) -> bool {
    match t {
        Term::Nil => true,
        Term::List(l) => {
            let mut it = l.iter();
            it.by_ref().for_each(drop);
            it.rest().is_none()
        }
        _ => false,
    }
}

/// Walks `t` without running any code: everything but streams.
pub fn iter_plain(t: &Term) -> Result<Option<Iter>, Exception> {
    if is_riex_stream(t) {
        return Ok(None);
    }
    if let Some(r) = as_range(t) {
        return Ok(Some(Iter::Range(r.first, r.step, r.size())));
    }
    if let Some(m) = as_map_set(t) {
        let keys: Vec<Term> = m.keys().cloned().collect();
        return Ok(Some(Iter::Vec(keys.into_iter())));
    }
    match t {
        Term::Nil | Term::List(_) if is_proper(t) => Ok(Some(Iter::List(t.clone()))),
        Term::List(_) => Err(badarg("length", vec![t.clone()], &[(1, "not a list")])),
        Term::Map(m) if t.struct_name().is_none() => {
            let pairs: Vec<Term> = m
                .iter()
                .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
                .collect();
            Ok(Some(Iter::Vec(pairs.into_iter())))
        }
        Term::Fun(f) if f.arity() == 2 => Ok(None),
        Term::Fun(_) => Err(protocol_undefined(
            "Enumerable",
            t,
            "only anonymous functions of arity 2 are enumerable",
        )),
        _ => Err(protocol_undefined("Enumerable", t, "")),
    }
}

/// A `%Stream{}` or a function `Stream` made: what [`Pull`] runs itself.
pub fn is_riex_stream(t: &Term) -> bool {
    as_stream(t).is_some() || as_source(t).is_some()
}

/// Walks any enumerable; a stream is run to its end first.
pub async fn iter(cx: &mut Ctx, t: &Term) -> Result<Iter, Exception> {
    match iter_plain(t)? {
        Some(it) => Ok(it),
        None if is_riex_stream(t) => {
            let items = Pull::new(t.clone()).collect(cx).await?;
            Ok(Iter::Vec(items.into_iter()))
        }
        None => iter_foreign(cx, t).await,
    }
}

/// Walks anything but riex's own streams (a function of arity 2 through
/// the reducer protocol): what a [`Pull`] finds at the bottom of a stream.
pub async fn iter_foreign(cx: &mut Ctx, t: &Term) -> Result<Iter, Exception> {
    match iter_plain(t)? {
        Some(it) => Ok(it),
        None => Ok(Iter::Vec(run_stream(cx, t).await?.into_iter())),
    }
}

/// A walk over an enumerable that a consumer may stop before the end:
/// riex's streams give their elements one at a time, as asked.
pub enum Walk {
    /// Anything that is not a stream of riex's.
    Plain(Iter),
    /// A running stream.
    Lazy(Box<Pull>),
}

impl Walk {
    /// The next element.
    pub async fn next(&mut self, cx: &mut Ctx) -> Result<Option<Term>, Exception> {
        match self {
            Walk::Plain(it) => Ok(it.next()),
            Walk::Lazy(pull) => pull.next(cx).await,
        }
    }

    /// Stops before the end: a stream's resources are released (its
    /// `after` functions run), as Elixir's `{:halt, acc}` does.
    pub async fn stop(&mut self, cx: &mut Ctx) -> Result<(), Exception> {
        match self {
            Walk::Plain(_) => Ok(()),
            Walk::Lazy(pull) => pull.close(cx).await,
        }
    }

    /// The next `n` elements (fewer at the end); the walk stops there.
    pub async fn take(mut self, cx: &mut Ctx, n: usize) -> Result<Vec<Term>, Exception> {
        let mut out = Vec::new();
        while out.len() < n {
            match self.next(cx).await? {
                Some(x) => out.push(x),
                None => return Ok(out),
            }
        }
        self.stop(cx).await?;
        Ok(out)
    }

    /// The element `i` places further on; the walk stops there.
    pub async fn nth(mut self, cx: &mut Ctx, i: usize) -> Result<Option<Term>, Exception> {
        for _ in 0..i {
            if self.next(cx).await?.is_none() {
                return Ok(None);
            }
        }
        let x = self.next(cx).await?;
        self.stop(cx).await?;
        Ok(x)
    }

    /// Every element left.
    pub async fn rest(self, cx: &mut Ctx) -> Result<Vec<Term>, Exception> {
        match self {
            Walk::Plain(it) => Ok(it.collect()),
            Walk::Lazy(pull) => pull.collect(cx).await,
        }
    }
}

/// Walks any enumerable, a stream lazily.
pub async fn walk(cx: &mut Ctx, t: &Term) -> Result<Walk, Exception> {
    match iter_plain(t)? {
        Some(it) => Ok(Walk::Plain(it)),
        None if is_riex_stream(t) => Ok(Walk::Lazy(Box::new(Pull::new(t.clone())))),
        None => Ok(Walk::Plain(iter_foreign(cx, t).await?)),
    }
}

/// Walks any enumerable as [`iter_reduced`] orders it, a stream lazily.
pub async fn walk_reduced(cx: &mut Ctx, t: &Term) -> Result<Walk, Exception> {
    match t {
        Term::Map(_) if t.struct_name().is_none() => Ok(Walk::Plain(iter_reduced(cx, t).await?)),
        _ => walk(cx, t).await,
    }
}

/// Walks any enumerable as `Enum.reduce/3` does: a plain map of more than
/// 32 keys in the order `:maps.fold/3` visits it (the reverse of
/// `Map.to_list/1`), as the `Enum` functions built on `Enum.reduce/3`
/// (`map`, `each`, `filter`, `for`...) see it in Elixir 1.14; anything else
/// as [`iter`] walks it.
pub async fn iter_reduced(cx: &mut Ctx, t: &Term) -> Result<Iter, Exception> {
    match t {
        Term::Map(m) if t.struct_name().is_none() => Ok(Iter::Vec(
            m.fold_order()
                .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
                .collect::<Vec<_>>()
                .into_iter(),
        )),
        _ => iter(cx, t).await,
    }
}

/// The elements of any enumerable, in order.
pub async fn to_vec(cx: &mut Ctx, t: &Term) -> Result<Vec<Term>, Exception> {
    match t {
        Term::Nil => Ok(Vec::new()),
        Term::List(l) => l
            .to_vec_proper()
            .ok_or_else(|| badarg("length", vec![t.clone()], &[(1, "not a list")])),
        _ => Ok(iter(cx, t).await?.collect()),
    }
}

fn collect_reducer(elem_acc: Vec<Term>) -> Result<Term, Exception> {
    let [elem, acc]: [Term; 2] = elem_acc.try_into().map_err(|_| {
        Exception::argument_error("the stream reducer takes an element and an accumulator")
    })?;
    Ok(Term::tuple([
        Term::atom_named("cont"),
        Term::cons(elem, acc),
    ]))
}

fn reducer<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(std::future::ready(collect_reducer(args)))
}

/// Runs a stream (a function of arity 2) through the reducer protocol.
async fn run_stream(cx: &mut Ctx, stream: &Term) -> Result<Vec<Term>, Exception> {
    let reducer = RustFun::term("Enum.to_list/1", 2, reducer);
    let start = Term::tuple([Term::atom_named("cont"), Term::Nil]);
    let result = apply_fun(cx, stream, vec![start, reducer]).await?;
    let acc = match result.as_tuple() {
        Some([_, acc]) => acc.clone(),
        _ => Term::Nil,
    };
    let mut items = acc.list_to_vec().unwrap_or_default();
    items.reverse();
    Ok(items)
}

/// `Collectable.into`: `items` added to `target` (a list, map, MapSet or binary).
pub fn collect_into(target: &Term, items: Vec<Term>) -> Result<Term, Exception> {
    if let Some(m) = as_map_set(target) {
        let mut m = m.clone();
        for item in items {
            m.insert(item, Term::Nil);
        }
        return Ok(map_set(m));
    }
    match target {
        Term::Nil | Term::List(_) => {
            let mut all = target
                .list_to_vec()
                .ok_or_else(|| protocol_undefined("Collectable", target, ""))?;
            all.extend(items);
            Ok(Term::list(all))
        }
        Term::Map(m) if target.struct_name().is_none() => into_map(m, items),
        Term::Binary(b) => {
            let mut out = Vec::new();
            for item in &items {
                match item {
                    Term::Binary(x) => out.extend_from_slice(x),
                    _ => return Err(bitstring_into_clause(target, item)),
                }
            }
            Ok(Term::Binary(b.append(&out)))
        }
        _ => Err(protocol_undefined("Collectable", target, "")),
    }
}

fn into_map(m: &TMap, items: Vec<Term>) -> Result<Term, Exception> {
    let mut m = m.clone();
    for item in &items {
        match item.as_tuple() {
            Some([k, v]) => m.insert(k.clone(), v.clone()),
            _ => {
                let frame = stdlib_frame("maps", "from_list", vec![Term::list(items.clone())]);
                return Err(super::errors::argument_error("argument error", vec![frame]));
            }
        }
    }
    Ok(Term::Map(m))
}

fn bitstring_into_clause(target: &Term, item: &Term) -> Exception {
    let frame = Term::tuple([
        Term::Atom(Atom::module("Collectable.BitString")),
        Term::atom_named("-into/1-fun-0-"),
        Term::list(vec![
            Term::list(vec![target.clone()]),
            Term::tuple([Term::atom_named("cont"), item.clone()]),
        ]),
        Term::Nil,
    ]);
    super::errors::function_clause_error(
        Atom::module("Collectable.BitString"),
        "-into/1-fun-0-",
        2,
        frame,
    )
}

/// A `{key, value}` pair's parts, for functions that take pairs.
pub fn pair(t: &Term) -> Option<(Term, Term)> {
    match t.as_tuple() {
        Some([k, v]) => Some((k.clone(), v.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::inspect::inspect;

    fn range(first: i64, last: i64, step: i64) -> Range {
        Range { first, last, step }
    }

    #[test]
    fn ranges_walk_with_their_step() {
        let items: Vec<Term> = iter_plain(&range(1, 10, 3).to_term())
            .unwrap()
            .unwrap()
            .collect();
        assert_eq!(inspect(&Term::list(items)), "[1, 4, 7, 10]");
        let items: Vec<Term> = iter_plain(&range(10, 1, -1).to_term())
            .unwrap()
            .unwrap()
            .collect();
        assert_eq!(items.len(), 10);
        assert_eq!(range(1, 10, -1).size(), 0);
        assert_eq!(range(10, 1, 2).size(), 0);
        assert!(range(1, 10, 3).contains(7));
        assert!(!range(1, 10, 3).contains(8));
    }

    #[test]
    fn maps_enumerate_as_pairs_and_map_sets_as_elements() {
        let m = TMap::from_pairs(vec![
            (Term::atom_named("b"), Term::int(1)),
            (Term::atom_named("a"), Term::int(2)),
        ]);
        let items: Vec<Term> = iter_plain(&Term::Map(m.clone()))
            .unwrap()
            .unwrap()
            .collect();
        assert_eq!(inspect(&Term::list(items)), "[a: 2, b: 1]");
        let items: Vec<Term> = iter_plain(&map_set(m)).unwrap().unwrap().collect();
        assert_eq!(inspect(&Term::list(items)), "[:a, :b]");
    }

    #[test]
    fn non_enumerables_raise_protocol_errors() {
        let e = iter_plain(&Term::int(1)).err().unwrap();
        assert_eq!(
            super::super::errors::message(&e.reason).unwrap(),
            "protocol Enumerable not implemented for 1 of type Integer"
        );
        let e = iter_plain(&Term::string("s")).err().unwrap();
        assert_eq!(
            super::super::errors::message(&e.reason).unwrap(),
            "protocol Enumerable not implemented for \"s\" of type BitString"
        );
    }

    #[test]
    fn collecting_into_each_collectable() {
        let items = || vec![Term::tuple([Term::int(1), Term::int(2)])];
        let r = collect_into(&Term::Map(TMap::new()), items()).unwrap();
        assert_eq!(inspect(&r), "%{1 => 2}");
        let r = collect_into(&Term::list(vec![Term::int(0)]), items()).unwrap();
        assert_eq!(inspect(&r), "[0, {1, 2}]");
        let r = collect_into(&Term::string("x"), vec![Term::string("ab")]).unwrap();
        assert_eq!(inspect(&r), "\"xab\"");
        assert!(collect_into(&Term::int(1), items()).is_err());
    }
}
