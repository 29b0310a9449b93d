//! Test helpers: call a standard library function in a fresh node and show
//! its result or error as iex would.

use super::errors::blame;
use crate::runtime::{block_on, Ctx, Mode};
use crate::term::fun::pure;
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Kind, Term};
use std::future::Future;

/// Runs `body` as a process of a fresh deterministic node with the stdlib loaded.
pub fn run<F, Fut, T>(body: F) -> T
where
    F: FnOnce(Ctx) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    block_on(Mode::Deterministic, move |node| async move {
        super::load(&node);
        node.run(body).await
    })
}

/// `Enum` for Elixir modules, `:erlang` for Erlang ones.
pub fn module(name: &str) -> Atom {
    match name.strip_prefix(':') {
        Some(erl) => Atom::new(erl),
        None => Atom::module(name),
    }
}

/// `Module.fun(args...)` in a fresh node.
pub fn call(m: &str, f: &str, args: Vec<Term>) -> Result<Term, Exception> {
    let (m, f) = (module(m), Atom::new(f));
    run(move |mut cx| async move { cx.apply(m, f, args).await })
}

/// The result inspected, or the error's banner as iex prints it.
pub fn show(m: &str, f: &str, args: Vec<Term>) -> String {
    match call(m, f, args) {
        Ok(t) => inspect(&t),
        Err(e) => describe(&e),
    }
}

/// `** (Name) message` after blame, as iex prints an error.
pub fn describe(e: &Exception) -> String {
    match e.kind {
        Kind::Error => {
            let (reason, _) = blame(&e.reason, &e.stack);
            let name = reason
                .struct_name()
                .map(|a| a.module_display())
                .unwrap_or_default();
            let message = super::errors::message(&reason)
                .unwrap_or_else(|| crate::term::exception::message(&reason));
            format!("** ({name}) {message}")
        }
        _ => e.banner(),
    }
}

/// The first frame of the error's stack, inspected.
pub fn top_frame(e: &Exception) -> String {
    e.stack
        .list_to_vec()
        .and_then(|f| f.first().cloned())
        .map(|f| inspect(&f))
        .unwrap_or_default()
}

/// An integer.
pub fn int(i: i64) -> Term {
    Term::int(i)
}

/// A list of integers.
pub fn ints(items: &[i64]) -> Term {
    Term::list(items.iter().map(|i| Term::int(*i)).collect())
}

/// An atom.
pub fn atom(name: &str) -> Term {
    Term::atom_named(name)
}

/// A string.
pub fn s(text: &str) -> Term {
    Term::string(text)
}

/// A `first..last//step` range.
pub fn range(first: i64, last: i64, step: i64) -> Term {
    super::enumerable::Range { first, last, step }.to_term()
}

/// A function of one argument.
pub fn fun1(f: fn(&Term) -> Result<Term, Exception>) -> Term {
    pure("test/1", 1, move |args: Vec<Term>| f(&args[0]))
}

/// A function of two arguments.
pub fn fun2(f: fn(&Term, &Term) -> Result<Term, Exception>) -> Term {
    pure("test/2", 2, move |args: Vec<Term>| f(&args[0], &args[1]))
}

/// `fn x -> x * 2 end`.
pub fn double() -> Term {
    fun1(|x| super::num::mul(x, &Term::int(2)))
}

/// `fn x -> rem(x, 2) == 0 end`.
pub fn even() -> Term {
    fun1(|x| {
        Ok(Term::bool(matches!(
            super::num::rem(x, &Term::int(2))?,
            Term::Int(0)
        )))
    })
}

/// `&+/2`.
pub fn plus() -> Term {
    fun2(super::num::add)
}
