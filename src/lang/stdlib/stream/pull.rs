//! Running a stream: a pull engine that gives one element at a time.
//!
//! A [`Pull`] holds what produces the elements (its feed) and the stages
//! they go through, flattened: `Stream.map(Stream.filter(1..3, f), g)` is
//! one feed (the range) and two stages. An element goes through the whole
//! pipeline before the next one is produced, depth first, as Elixir's
//! reducers push it: a stage that gives several elements (`flat_map`,
//! `chunk_every` at the end) hands them on one by one, and what it still
//! owes waits on a stack of pending work. So side effects interleave as in
//! Elixir, and the consumer (`Enum.take/2`) stops asking when it has
//! enough, which is what makes infinite streams usable.
//!
//! A stage that halts (`take/2` reaching its count, `take_while/2`) stops
//! everything before it: pending work of earlier stages is dropped, the
//! feed is closed (a `resource/3`'s `after` function runs), and the stages
//! after it still get their end (`chunk_every/2` emits its last chunk).
//! Functions are applied in the enumerating process (a compiled `fn` on
//! the stream's [`Applier`], anything else with `apply_fun`), so a
//! `receive` inside one parks only that process.

use super::value::{
    as_source, as_stage, as_stream, ChunkEvery, Every, Source, Stage, Transform, TransformStart,
};
use crate::lang::run::{Applier, Lambda, Ran, Started};
use crate::lang::stdlib::enumerable::{self, Iter};
use crate::lang::stdlib::errors::elixir_frame;
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::{atom, Atom, Exception, Term};
use futures::future::BoxFuture;
use std::time::Duration;

type Step = Result<Option<Term>, Exception>;

/// A running stream.
pub struct Pull {
    feed: Feed,
    stages: Vec<Stage>,
    /// Elements (or enumerables to walk) waiting to enter stage `.0`; the
    /// top is the next one, which keeps the order depth first.
    work: Vec<(usize, Work)>,
    feed_done: bool,
    /// Stages before this index have had their end.
    ended: usize,
    /// The machine the stages' functions run on.
    applier: Applier,
}

/// How far [`Pull::through_now`] took an element.
enum Now {
    /// Through every stage: what came out (`None`: a filter dropped it).
    Through(Step),
    /// Stage `.0`'s function waits (`.1`: the element a filter tests).
    Waiting(usize, Option<Term>, Ran),
    /// Stage `.0` takes the element `.1` on the general path.
    Rest(usize, Term),
}

enum Work {
    Elem(Term),
    Inner(Box<Pull>),
}

enum Feed {
    /// Not looked at yet: opened at the first element.
    Unstarted(Source),
    Iter(Iter),
    Unfold(Term, Term),
    /// The value to give next (the first one), the last given, the function.
    Iterate(Option<Term>, Term, Term),
    Repeatedly(Term),
    /// The enumerable, the current round, whether any round gave an element.
    Cycle(Term, Box<Pull>, bool),
    Resource(Resource),
    Interval(Option<u64>, i64),
    Zip(Vec<Pull>, Option<Term>),
    Done,
}

struct Resource {
    next: Term,
    after: Term,
    acc: Term,
    items: Option<Box<Pull>>,
    open: bool,
}

impl Pull {
    /// A stream over any enumerable (a `%Stream{}`, a stream function, a list...).
    pub fn new(enumerable: Term) -> Pull {
        Pull::from_source(Source::Enum(enumerable))
    }

    /// A stream from a description of where its elements come from.
    pub fn from_source(source: Source) -> Pull {
        Pull {
            feed: Feed::Unstarted(source),
            stages: Vec::new(),
            work: Vec::new(),
            feed_done: false,
            ended: 0,
            applier: Applier::default(),
        }
    }

    /// The next element, `None` at the end. After an error the stream is
    /// closed (a resource's `after` has run), as Elixir's `try ... after`.
    pub async fn next(&mut self, cx: &mut Ctx) -> Step {
        match self.advance(cx).await {
            Err(e) => {
                // The first error is the one to report.
                let _ = self.close(cx).await;
                Err(e)
            }
            ok => ok,
        }
    }

    fn next_boxed<'a>(&'a mut self, cx: &'a mut Ctx) -> BoxFuture<'a, Step> {
        Box::pin(self.next(cx))
    }

    /// Every element left.
    pub async fn collect(mut self, cx: &mut Ctx) -> Result<Vec<Term>, Exception> {
        let mut out = Vec::new();
        while let Some(x) = self.next(cx).await? {
            out.push(x);
        }
        Ok(out)
    }

    /// Stops the stream before its end: resources and transforms run
    /// their `after` functions.
    pub async fn close(&mut self, cx: &mut Ctx) -> Result<(), Exception> {
        self.feed_done = true;
        self.ended = self.stages.len();
        for (_, work) in std::mem::take(&mut self.work) {
            if let Work::Inner(mut inner) = work {
                inner.close_boxed(cx).await?;
            }
        }
        self.close_feed(cx).await?;
        for i in 0..self.stages.len() {
            self.run_after(cx, i).await?;
        }
        Ok(())
    }

    fn close_boxed<'a>(&'a mut self, cx: &'a mut Ctx) -> BoxFuture<'a, Result<(), Exception>> {
        Box::pin(self.close(cx))
    }

    async fn close_feed(&mut self, cx: &mut Ctx) -> Result<(), Exception> {
        match std::mem::replace(&mut self.feed, Feed::Done) {
            Feed::Resource(mut r) => {
                if let Some(mut items) = r.items.take() {
                    items.close_boxed(cx).await?;
                }
                if r.open {
                    apply_fun(cx, &r.after, vec![r.acc]).await?;
                }
            }
            Feed::Zip(mut pulls, _) => {
                for p in &mut pulls {
                    p.close_boxed(cx).await?;
                }
            }
            Feed::Cycle(_, mut round, _) => round.close_boxed(cx).await?,
            _ => {}
        }
        Ok(())
    }

    async fn advance(&mut self, cx: &mut Ctx) -> Step {
        if matches!(self.feed, Feed::Unstarted(_)) {
            self.start(cx).await?;
        }
        loop {
            if let Some((i, work)) = self.work.pop() {
                let x = match work {
                    Work::Elem(x) => x,
                    Work::Inner(mut inner) => match inner.next_boxed(cx).await? {
                        Some(x) => {
                            self.work.push((i, Work::Inner(inner)));
                            x
                        }
                        None => continue,
                    },
                };
                if let Some(out) = self.through(cx, i, x).await? {
                    return Ok(Some(out));
                }
            } else if !self.feed_done {
                // An endless stream of native work still lets the others
                // run (and an exit signal or Ctrl-C in).
                cx.tick().await;
                let next = match &mut self.feed {
                    Feed::Iter(it) => it.next(),
                    _ => self.feed_next(cx).await?,
                };
                let Some(x) = next else {
                    self.feed_done = true;
                    continue;
                };
                let (i, x) = match self.through_now(cx, x) {
                    Now::Through(step) => match step? {
                        Some(out) => return Ok(Some(out)),
                        None => continue,
                    },
                    Now::Waiting(i, tested, waiting) => {
                        let value = match waiting.started(cx) {
                            Started::Done(r) => r?,
                            Started::Waiting(rest) => rest.await?,
                        };
                        match self.after_wait(i, tested, value) {
                            Some(x) => (i + 1, x),
                            None => continue,
                        }
                    }
                    Now::Rest(i, x) => (i, x),
                };
                if let Some(out) = self.through(cx, i, x).await? {
                    return Ok(Some(out));
                }
            } else if self.ended < self.stages.len() {
                self.ended += 1;
                self.end_stage(cx, self.ended - 1).await?;
            } else {
                return Ok(None);
            }
        }
    }

    /// Opens the source: a stream's own stages come before those already here.
    async fn start(&mut self, cx: &mut Ctx) -> Result<(), Exception> {
        let Feed::Unstarted(mut source) = std::mem::replace(&mut self.feed, Feed::Done) else {
            return Ok(());
        };
        let mut before: Vec<Stage> = Vec::new();
        loop {
            match source {
                Source::Enum(t) => {
                    if let Some((inner, funs)) = as_stream(&t) {
                        let stages = funs.iter().rev().filter_map(as_stage).cloned();
                        before.splice(0..0, stages);
                        source = Source::Enum(inner);
                    } else if let Some(s) = as_source(&t) {
                        source = s.clone();
                    } else {
                        self.feed = Feed::Iter(enumerable::iter_foreign(cx, &t).await?);
                        break;
                    }
                }
                Source::Piped(t, stages) => {
                    before.splice(0..0, stages);
                    source = Source::Enum(t);
                }
                other => {
                    self.feed = open_feed(cx, other).await?;
                    break;
                }
            }
        }
        before.append(&mut self.stages);
        self.stages = before;
        self.start_transforms(cx).await
    }

    /// `transform/4,5` apply their start function when the stream starts.
    async fn start_transforms(&mut self, cx: &mut Ctx) -> Result<(), Exception> {
        for stage in &mut self.stages {
            if let Stage::Transform(Transform {
                start: start @ TransformStart::Fun(_),
                ..
            }) = stage
            {
                if let TransformStart::Fun(f) = start {
                    let acc = apply_fun(cx, f, vec![]).await?;
                    *start = TransformStart::Acc(acc);
                }
            }
        }
        Ok(())
    }

    async fn feed_next(&mut self, cx: &mut Ctx) -> Step {
        match &mut self.feed {
            Feed::Iter(it) => Ok(it.next()),
            Feed::Unfold(acc, f) => {
                let r = apply_fun(cx, f, vec![acc.clone()]).await?;
                if r.is_atom(atom::NIL) {
                    return Ok(None);
                }
                match r.as_tuple() {
                    Some([x, next]) => {
                        *acc = next.clone();
                        Ok(Some(x.clone()))
                    }
                    _ => Err(case_clause(r, "do_unfold", 4, 1740)),
                }
            }
            Feed::Iterate(first, last, f) => {
                let x = match first.take() {
                    Some(x) => x,
                    None => apply_fun(cx, f, vec![last.clone()]).await?,
                };
                *last = x.clone();
                Ok(Some(x))
            }
            Feed::Repeatedly(f) => Ok(Some(apply_fun(cx, f, vec![]).await?)),
            Feed::Cycle(t, round, any) => loop {
                if let Some(x) = round.next_boxed(cx).await? {
                    *any = true;
                    return Ok(Some(x));
                }
                if !*any {
                    return Ok(None);
                }
                **round = Pull::new(t.clone());
            },
            Feed::Resource(r) => resource_next(cx, r).await,
            Feed::Interval(ms, n) => {
                cx.sleep(ms.map(Duration::from_millis)).await;
                *n += 1;
                Ok(Some(Term::int(*n - 1)))
            }
            Feed::Zip(pulls, with) => {
                let mut row = Vec::with_capacity(pulls.len());
                for p in pulls.iter_mut() {
                    match p.next_boxed(cx).await? {
                        Some(x) => row.push(x),
                        None => {
                            for p in pulls.iter_mut() {
                                p.close_boxed(cx).await?;
                            }
                            return Ok(None);
                        }
                    }
                }
                match with {
                    Some(f) => Ok(Some(apply_fun(cx, f, vec![Term::list(row)]).await?)),
                    None => Ok(Some(Term::tuple(row))),
                }
            }
            Feed::Unstarted(_) | Feed::Done => Ok(None),
        }
    }

    /// Stage `i` stops everything before it: earlier work is dropped, the
    /// feed closed; stage `i` and those after it still get their end.
    async fn halt_before(&mut self, cx: &mut Ctx, i: usize) -> Result<(), Exception> {
        let mut kept = Vec::with_capacity(self.work.len());
        for (j, work) in std::mem::take(&mut self.work) {
            match work {
                Work::Inner(mut inner) if j <= i => inner.close_boxed(cx).await?,
                w if j > i => kept.push((j, w)),
                _ => {}
            }
        }
        self.work = kept;
        self.feed_done = true;
        self.close_feed(cx).await?;
        for j in self.ended..i {
            self.run_after(cx, j).await?;
        }
        self.ended = self.ended.max(i);
        Ok(())
    }

    fn emit(&mut self, i: usize, x: Term) {
        self.work.push((i + 1, Work::Elem(x)));
    }

    /// Hands the elements of `e` to the stage after `i`, a list at once,
    /// anything else (a range, a stream) one element at a time.
    fn emit_all(&mut self, i: usize, e: Term) {
        match e.list_to_vec() {
            Some(items) => {
                for x in items.into_iter().rev() {
                    self.emit(i, x);
                }
            }
            None => self.work.push((i + 1, Work::Inner(Box::new(Pull::new(e))))),
        }
    }

    /// Takes `x` through the leading `map` and `filter` stages whose
    /// functions are compiled `fn`s, without a future per stage: how far
    /// it got before a function waited or a stage needs the general path.
    fn through_now(&mut self, cx: &mut Ctx, mut x: Term) -> Now {
        for (i, stage) in self.stages.iter().enumerate() {
            let (f, keep) = match stage {
                Stage::Map(f) => (f, None),
                Stage::Filter(f, keep) => (f, Some(*keep)),
                _ => return Now::Rest(i, x),
            };
            let Some(l) = Lambda::of_arity(f, 1) else {
                return Now::Rest(i, x);
            };
            let tested = keep.map(|_| x.clone());
            let value = match self.applier.run(cx, &l.unit, l.code, [x], &l.captures) {
                Ran::Done(Ok(value)) => value,
                Ran::Done(Err(e)) => return Now::Through(Err(e)),
                waiting => return Now::Waiting(i, tested, waiting),
            };
            x = match (tested, keep) {
                (Some(tested), Some(keep)) if value.is_truthy() == keep => tested,
                (Some(_), _) => return Now::Through(Ok(None)),
                (None, _) => value,
            };
        }
        Now::Through(Ok(Some(x)))
    }

    /// Stage `i`'s function, which waited, gave `value`: what goes on to
    /// the next stage (`None` when a filter drops `tested`).
    fn after_wait(&self, i: usize, tested: Option<Term>, value: Term) -> Option<Term> {
        match (&self.stages[i], tested) {
            (Stage::Filter(_, keep), Some(x)) => (value.is_truthy() == *keep).then_some(x),
            _ => Some(value),
        }
    }

    /// Takes `x` from stage `i` on down the pipeline while each stage gives
    /// one element: the element out of the last stage, or `None` when a
    /// stage kept it or left its outputs on the work stack.
    async fn through(&mut self, cx: &mut Ctx, mut i: usize, mut x: Term) -> Step {
        while i < self.stages.len() {
            // `map` and `filter`, the usual stages, without `step`'s dispatch.
            match &self.stages[i] {
                Stage::Map(f) => x = self.applier.apply(cx, f, [x]).await?,
                Stage::Filter(f, keep) => {
                    if self.applier.apply(cx, f, [x.clone()]).await?.is_truthy() != *keep {
                        return Ok(None);
                    }
                }
                _ => match self.step(cx, i, x).await? {
                    Some(y) => x = y,
                    None => return Ok(None),
                },
            }
            i += 1;
        }
        Ok(Some(x))
    }

    /// Stage `i` takes `x`: the one element it gives, or `None` when it
    /// gives none or pushed several onto the work stack.
    async fn step(&mut self, cx: &mut Ctx, i: usize, x: Term) -> Step {
        match &mut self.stages[i] {
            Stage::Map(f) => return Ok(Some(self.applier.apply(cx, f, [x]).await?)),
            Stage::Filter(f, keep) => {
                let keep = *keep;
                if self.applier.apply(cx, f, [x.clone()]).await?.is_truthy() == keep {
                    return Ok(Some(x));
                }
            }
            Stage::Each(f) => {
                self.applier.apply(cx, f, [x.clone()]).await?;
                return Ok(Some(x));
            }
            Stage::Take(left) => {
                *left -= 1;
                if *left <= 0 {
                    self.halt_before(cx, i).await?;
                }
                return Ok(Some(x));
            }
            Stage::TakeWhile(f) => {
                if self.applier.apply(cx, f, [x.clone()]).await?.is_truthy() {
                    return Ok(Some(x));
                }
                self.halt_before(cx, i).await?;
            }
            Stage::Drop(left) if *left > 0 => *left -= 1,
            Stage::Drop(_) => return Ok(Some(x)),
            Stage::DropLast(n, held) => {
                held.push_back(x);
                if held.len() > *n {
                    let y = held.pop_front().expect("more than n held");
                    return Ok(Some(y));
                }
            }
            Stage::DropWhile(f, dropping) => {
                if *dropping && self.applier.apply(cx, f, [x.clone()]).await?.is_truthy() {
                    return Ok(None);
                }
                if let Stage::DropWhile(_, dropping) = &mut self.stages[i] {
                    *dropping = false;
                }
                return Ok(Some(x));
            }
            Stage::WithIndex(with, index) => {
                let at = Term::int(*index);
                *index += 1;
                let y = match with {
                    Term::Int(_) => Term::tuple([x, at]),
                    f => self.applier.apply(cx, f, [x, at]).await?,
                };
                return Ok(Some(y));
            }
            Stage::FlatMap(f) => {
                let e = match f {
                    Some(f) => self.applier.apply(cx, f, [x]).await?,
                    None => x,
                };
                self.emit_all(i, e);
            }
            Stage::Every(kind, nth, pos) => {
                let hit = *pos % *nth == 0;
                *pos += 1;
                match (kind, hit) {
                    (Every::Map(f), true) => {
                        let y = self.applier.apply(cx, f, [x]).await?;
                        return Ok(Some(y));
                    }
                    (Every::Take, false) | (Every::Drop, true) => {}
                    _ => return Ok(Some(x)),
                }
            }
            Stage::DedupBy(f, last) => {
                let key = match f {
                    Some(f) => self.applier.apply(cx, f, [x.clone()]).await?,
                    None => x.clone(),
                };
                if last.as_ref() != Some(&key) {
                    *last = Some(key);
                    return Ok(Some(x));
                }
            }
            Stage::UniqBy(f, seen) => {
                let key = match f {
                    Some(f) => self.applier.apply(cx, f, [x.clone()]).await?,
                    None => x.clone(),
                };
                if seen.get(&key).is_none() {
                    seen.insert(key, Term::Nil);
                    return Ok(Some(x));
                }
            }
            Stage::Scan(f, acc) => {
                let next = match acc.take() {
                    Some(a) => self.applier.apply(cx, f, [x, a]).await?,
                    None => x,
                };
                if let Stage::Scan(_, acc) = &mut self.stages[i] {
                    *acc = Some(next.clone());
                }
                return Ok(Some(next));
            }
            Stage::ChunkEvery(c) => {
                if let Some(chunk) = c.push(x) {
                    self.emit(i, chunk);
                }
            }
            Stage::ChunkBy(f, key, chunk) => {
                let k = apply_fun(cx, f, vec![x.clone()]).await?;
                let done = match key {
                    Some(prev) if *prev != k => Some(std::mem::take(chunk)),
                    _ => None,
                };
                *key = Some(k);
                chunk.push(x);
                if let Some(done) = done {
                    self.emit(i, Term::list(done));
                }
            }
            Stage::ChunkWhile(acc, f, _) => {
                let r = apply_fun(cx, f, vec![x, acc.clone()]).await?;
                let (chunk, next, halt) = chunk_while_result(&r)?;
                *acc = next;
                if let Some(chunk) = chunk {
                    self.emit(i, chunk);
                }
                if halt {
                    self.halt_before(cx, i).await?;
                }
            }
            Stage::Transform(t) => {
                let TransformStart::Acc(acc) = &t.start else {
                    return Ok(None);
                };
                let r = apply_fun(cx, &t.reducer, vec![x, acc.clone()]).await?;
                match r.as_tuple() {
                    Some([tag, acc]) if tag.is_atom(Atom::new("halt")) => {
                        t.start = TransformStart::Acc(acc.clone());
                        self.halt_before(cx, i).await?;
                        self.run_after(cx, i).await?;
                    }
                    Some([items, acc]) => {
                        t.start = TransformStart::Acc(acc.clone());
                        let items = items.clone();
                        self.emit_all(i, items);
                    }
                    _ => return Err(case_clause(r, "do_transform_result", 6, 1003)),
                }
            }
            Stage::Intersperse(sep, seen) => {
                let sep = seen.then(|| sep.clone());
                *seen = true;
                self.emit(i, x);
                if let Some(sep) = sep {
                    self.emit(i, sep);
                }
            }
        }
        Ok(None)
    }

    /// The input of stage `i` has ended: what it holds back comes out.
    async fn end_stage(&mut self, cx: &mut Ctx, i: usize) -> Result<(), Exception> {
        match &mut self.stages[i] {
            Stage::ChunkEvery(c) => {
                if let Some(chunk) = c.leftover_chunk(cx).await? {
                    self.emit(i, chunk);
                }
            }
            Stage::ChunkBy(_, _, chunk) if !chunk.is_empty() => {
                let chunk = Term::list(std::mem::take(chunk));
                self.emit(i, chunk);
            }
            Stage::ChunkWhile(acc, _, after) => {
                let r = apply_fun(cx, after, vec![acc.clone()]).await?;
                if let (Some(chunk), _, _) = chunk_while_result(&r)? {
                    self.emit(i, chunk);
                }
            }
            Stage::Transform(t) => {
                if let (Some(last), TransformStart::Acc(acc)) = (t.last.take(), &t.start) {
                    let r = apply_fun(cx, &last, vec![acc.clone()]).await?;
                    match r.as_tuple() {
                        Some([items, acc]) => {
                            t.start = TransformStart::Acc(acc.clone());
                            let items = items.clone();
                            self.emit_all(i, items);
                        }
                        _ => return Err(case_clause(r, "do_transform_last", 4, 1030)),
                    }
                }
                self.run_after(cx, i).await?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A transform's `after` function, once.
    async fn run_after(&mut self, cx: &mut Ctx, i: usize) -> Result<(), Exception> {
        if let Stage::Transform(t) = &mut self.stages[i] {
            if let (Some(after), TransformStart::Acc(acc)) = (t.after.take(), &t.start) {
                apply_fun(cx, &after, vec![acc.clone()]).await?;
            }
        }
        Ok(())
    }
}

async fn open_feed(cx: &mut Ctx, source: Source) -> Result<Feed, Exception> {
    Ok(match source {
        Source::Unfold(acc, f) => Feed::Unfold(acc, f),
        Source::Iterate(start, f) => Feed::Iterate(Some(start.clone()), start, f),
        Source::Repeatedly(f) => Feed::Repeatedly(f),
        Source::Cycle(t) => Feed::Cycle(t.clone(), Box::new(Pull::new(t)), false),
        Source::Resource(start, next, after) => {
            let acc = apply_fun(cx, &start, vec![]).await?;
            Feed::Resource(Resource {
                next,
                after,
                acc,
                items: None,
                open: true,
            })
        }
        Source::Interval(ms) => Feed::Interval(ms, 0),
        Source::Zip(enums, with) => Feed::Zip(enums.into_iter().map(Pull::new).collect(), with),
        Source::TakeLast(t, n) => {
            let mut whole = Pull::new(t);
            let mut all = Vec::new();
            while let Some(x) = whole.next_boxed(cx).await? {
                all.push(x);
            }
            let skip = all.len().saturating_sub(n);
            all.drain(..skip);
            Feed::Iter(Iter::Vec(all.into_iter()))
        }
        Source::Enum(_) | Source::Piped(..) => unreachable!("opened by Pull::start"),
    })
}

async fn resource_next(cx: &mut Ctx, r: &mut Resource) -> Step {
    loop {
        if let Some(items) = &mut r.items {
            if let Some(x) = items.next_boxed(cx).await? {
                return Ok(Some(x));
            }
            r.items = None;
        }
        if !r.open {
            return Ok(None);
        }
        let answer = apply_fun(cx, &r.next, vec![r.acc.clone()]).await?;
        match answer.as_tuple() {
            Some([tag, acc]) if tag.is_atom(Atom::new("halt")) => {
                r.acc = acc.clone();
                r.open = false;
                apply_fun(cx, &r.after, vec![r.acc.clone()]).await?;
                return Ok(None);
            }
            Some([items, acc]) => {
                r.acc = acc.clone();
                r.items = Some(Box::new(Pull::new(items.clone())));
            }
            _ => {
                let e = Exception::error(exception_struct(
                    Atom::module("TryClauseError"),
                    vec![("term", answer)],
                ))
                .with_stack(Term::list(vec![stream_frame(
                    "do_resource",
                    5,
                    1622,
                )]));
                return Err(e);
            }
        }
    }
}

/// `{:cont, chunk, acc}`, `{:cont, acc}` or `{:halt, acc}`: the chunk to
/// emit, the accumulator, whether to halt.
fn chunk_while_result(r: &Term) -> Result<(Option<Term>, Term, bool), Exception> {
    match r.as_tuple() {
        Some([tag, chunk, acc]) if tag.is_atom(Atom::new("cont")) => {
            Ok((Some(chunk.clone()), acc.clone(), false))
        }
        Some([tag, acc]) if tag.is_atom(Atom::new("cont")) => Ok((None, acc.clone(), false)),
        Some([tag, acc]) if tag.is_atom(Atom::new("halt")) => Ok((None, acc.clone(), true)),
        _ => Err(case_clause(r.clone(), "chunk_while_fun", 4, 260)),
    }
}

impl ChunkEvery {
    /// Adds an element; the chunk it completes, if it does.
    fn push(&mut self, x: Term) -> Option<Term> {
        self.buffer.push_back(x);
        let limit = self.count.max(self.step);
        let chunk = (self.buffer.len() == self.count)
            .then(|| Term::list(self.buffer.iter().cloned().collect()));
        if self.buffer.len() >= limit {
            let remaining = self.buffer.len() - self.step;
            let drop = self.buffer.len() - remaining;
            self.buffer.drain(..drop);
        }
        chunk
    }

    /// The incomplete last chunk, padded from `leftover`.
    async fn leftover_chunk(&mut self, cx: &mut Ctx) -> Result<Option<Term>, Exception> {
        let held = self.buffer.len();
        let Some(leftover) = &self.leftover else {
            return Ok(None);
        };
        if held == 0 || held >= self.count {
            return Ok(None);
        }
        let mut chunk: Vec<Term> = self.buffer.drain(..).collect();
        let mut pad = Pull::new(leftover.clone());
        while chunk.len() < self.count {
            match pad.next_boxed(cx).await? {
                Some(x) => chunk.push(x),
                None => break,
            }
        }
        pad.close_boxed(cx).await?;
        Ok(Some(Term::list(chunk)))
    }
}

/// A frame of Elixir's `lib/stream.ex`.
pub fn stream_frame(fun: &str, arity: i64, line: i64) -> Term {
    elixir_frame("Stream", fun, Term::int(arity), "lib/stream.ex", line)
}

fn case_clause(term: Term, fun: &str, arity: i64, line: i64) -> Exception {
    Exception::error(exception_struct(
        Atom::module("CaseClauseError"),
        vec![("term", term)],
    ))
    .with_stack(Term::list(vec![stream_frame(fun, arity, line)]))
}
