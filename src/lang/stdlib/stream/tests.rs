use super::super::test_util::*;
use crate::term::inspect::inspect;
use crate::term::{Exception, Term};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `Stream.fun(args)` piped into `Enum.to_list/1` (or another consumer), shown.
fn consumed(stream_fun: &str, args: Vec<Term>, consumer: &str, extra: Vec<Term>) -> String {
    let (f, c) = (stream_fun.to_owned(), consumer.to_owned());
    let out = run(move |mut cx| async move {
        let s = cx
            .apply(module("Stream"), crate::term::Atom::new(&f), args)
            .await?;
        let mut all = vec![s];
        all.extend(extra);
        cx.apply(module("Enum"), crate::term::Atom::new(&c), all)
            .await
    });
    match out {
        Ok(t) => inspect(&t),
        Err(e) => describe(&e),
    }
}

fn to_list(stream_fun: &str, args: Vec<Term>) -> String {
    consumed(stream_fun, args, "to_list", vec![])
}

fn succ() -> Term {
    fun1(|x| super::super::num::add(x, &int(1)))
}

#[test]
fn a_stream_prints_as_iex_prints_it() {
    assert_eq!(
        show("Stream", "map", vec![range(1, 3, 1), double()]),
        "#Stream<[enum: 1..3, funs: [#Function<48.103858489/1 in Stream.map/2>]]>"
    );
    assert_eq!(
        show("Stream", "iterate", vec![int(0), succ()]),
        "#Function<63.103858489/2 in Stream.unfold/2>"
    );
    assert_eq!(
        show("Stream", "take", vec![range(1, 3, 1), int(0)]),
        "#Stream<[enum: [], funs: []]>"
    );
}

#[test]
fn infinite_streams_stop_when_the_consumer_has_enough() {
    assert_eq!(
        consumed("iterate", vec![int(0), succ()], "take", vec![int(4)]),
        "[0, 1, 2, 3]"
    );
    assert_eq!(
        consumed("cycle", vec![ints(&[1, 2])], "at", vec![int(5)]),
        "2"
    );
    assert_eq!(
        consumed(
            "iterate",
            vec![int(1), double()],
            "find",
            vec![fun1(|x| { Ok(Term::bool(x.as_int().unwrap_or(0) > 100)) })]
        ),
        "128"
    );
    assert_eq!(
        consumed("cycle", vec![ints(&[7])], "zip", vec![ints(&[1, 2])]),
        "[{7, 1}, {7, 2}]"
    );
}

static APPLIED: AtomicUsize = AtomicUsize::new(0);

fn counted() -> Term {
    fun1(|x| {
        APPLIED.fetch_add(1, Ordering::SeqCst);
        Ok(x.clone())
    })
}

#[test]
fn take_halts_the_stages_before_it() {
    APPLIED.store(0, Ordering::SeqCst);
    let out = run(|mut cx| async move {
        let s = cx
            .apply(
                module("Stream"),
                crate::term::Atom::new("map"),
                vec![range(1, 1000, 1), counted()],
            )
            .await?;
        let s = cx
            .apply(
                module("Stream"),
                crate::term::Atom::new("take"),
                vec![s, int(3)],
            )
            .await?;
        cx.apply(module("Enum"), crate::term::Atom::new("to_list"), vec![s])
            .await
    });
    assert_eq!(inspect(&out.unwrap()), "[1, 2, 3]");
    assert_eq!(APPLIED.load(Ordering::SeqCst), 3);
}

static CLOSED: AtomicUsize = AtomicUsize::new(0);

#[test]
fn a_resource_is_closed_when_the_consumer_stops_early() {
    CLOSED.store(0, Ordering::SeqCst);
    let start = crate::term::fun::pure("start", 0, |_| Ok(int(0)));
    let next = fun1(|n| {
        Ok(Term::tuple([
            Term::list(vec![n.clone()]),
            super::super::num::add(n, &int(1))?,
        ]))
    });
    let after = fun1(|n| {
        CLOSED.store(n.as_int().unwrap_or(0) as usize, Ordering::SeqCst);
        Ok(Term::ok())
    });
    assert_eq!(
        consumed("resource", vec![start, next, after], "take", vec![int(3)]),
        "[0, 1, 2]"
    );
    assert_eq!(CLOSED.load(Ordering::SeqCst), 3);
}

#[test]
fn chunks_as_elixir_cuts_them() {
    let chunk = |args: Vec<Term>| to_list("chunk_every", args);
    assert_eq!(chunk(vec![range(1, 5, 1), int(2)]), "[[1, 2], [3, 4], [5]]");
    assert_eq!(
        chunk(vec![range(1, 5, 1), int(2), int(1)]),
        "[[1, 2], [2, 3], [3, 4], [4, 5], [5]]"
    );
    assert_eq!(
        chunk(vec![range(1, 6, 1), int(3), int(2), atom("discard")]),
        "[[1, 2, 3], [3, 4, 5]]"
    );
    assert_eq!(
        chunk(vec![range(1, 7, 1), int(2), int(3)]),
        "[[1, 2], [4, 5], '\\a']"
    );
    assert_eq!(
        chunk(vec![ints(&[1, 2, 3, 4]), int(3), int(3), ints(&[0, 0])]),
        "[[1, 2, 3], [4, 0, 0]]"
    );
}

#[test]
fn the_other_stages() {
    assert_eq!(to_list("drop", vec![range(1, 5, 1), int(-2)]), "[1, 2, 3]");
    assert_eq!(to_list("take", vec![range(1, 5, 1), int(-2)]), "[4, 5]");
    assert_eq!(
        to_list("with_index", vec![ints(&[5, 6]), int(1)]),
        "[{5, 1}, {6, 2}]"
    );
    assert_eq!(to_list("dedup", vec![ints(&[1, 1, 2, 1])]), "[1, 2, 1]");
    assert_eq!(to_list("uniq", vec![ints(&[1, 2, 1, 3])]), "[1, 2, 3]");
    assert_eq!(
        to_list("scan", vec![range(1, 4, 1), plus()]),
        "[1, 3, 6, 10]"
    );
    assert_eq!(
        to_list("intersperse", vec![ints(&[1, 2]), int(0)]),
        "[1, 0, 2]"
    );
    assert_eq!(
        to_list("concat", vec![ints(&[1]), range(2, 3, 1)]),
        "[1, 2, 3]"
    );
    assert_eq!(
        to_list("map_every", vec![range(1, 4, 1), int(2), double()]),
        "[2, 2, 6, 4]"
    );
    assert_eq!(
        to_list("take_every", vec![range(1, 5, 1), int(2)]),
        "[1, 3, 5]"
    );
}

#[test]
fn bad_arguments_raise_elixirs_errors() {
    let e: Result<Term, Exception> = call("Stream", "map", vec![range(1, 3, 1), int(5)]);
    let text = describe(&e.unwrap_err());
    assert!(
        text.starts_with("** (FunctionClauseError) no function clause matching in Stream.map/2\n")
    );
    assert!(text.contains("def map(enum, fun) when is_function(fun, 1)"));
    assert_eq!(
        show("Stream", "cycle", vec![Term::Nil]),
        "** (ArgumentError) cannot cycle over an empty enumerable"
    );
    assert_eq!(
        to_list("map", vec![int(5), double()]),
        "** (Protocol.UndefinedError) protocol Enumerable not implemented for 5 of type Integer"
    );
}
