//! Function values.
//!
//! A function term is anything that can be applied to arguments inside a
//! process: a Rust closure given to `Agent.start_link`, or (in the language
//! layer) an interpreted `fn`. Applying one may suspend (the body may receive,
//! sleep or call a server), so application is asynchronous and runs with the
//! calling process's context.

use super::{Exception, Term};
use crate::runtime::Ctx;
use futures::future::BoxFuture;
use std::any::Any;
use std::sync::Arc;

/// What applying a function gives back.
pub type CallFuture<'a> = BoxFuture<'a, Result<Term, Exception>>;

/// A function that a process can apply.
pub trait Callable: Send + Sync + 'static {
    /// How many arguments it takes.
    fn arity(&self) -> usize;

    /// Applies the function in the process whose context is `cx`.
    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a>;

    /// How `inspect` shows it: `#Function<...>` or `&Mod.fun/arity`.
    fn inspect(&self) -> String;

    /// For the language layer to recognise its own closures.
    fn as_any(&self) -> &dyn Any;
}

/// A function written in Rust, for the runtime's own users and tests.
pub struct RustFun<F> {
    arity: usize,
    name: String,
    f: F,
}

impl<F> RustFun<F>
where
    F: for<'a> Fn(&'a mut Ctx, Vec<Term>) -> CallFuture<'a> + Send + Sync + 'static,
{
    /// A function term of `arity` arguments; `name` shows in `inspect`.
    pub fn term(name: &str, arity: usize, f: F) -> Term {
        Term::Fun(Arc::new(RustFun {
            arity,
            name: name.to_owned(),
            f,
        }))
    }
}

impl<F> Callable for RustFun<F>
where
    F: for<'a> Fn(&'a mut Ctx, Vec<Term>) -> CallFuture<'a> + Send + Sync + 'static,
{
    fn arity(&self) -> usize {
        self.arity
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        (self.f)(cx, args)
    }

    fn inspect(&self) -> String {
        format!("#Function<0.0/{} in {}>", self.arity, self.name)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A pure Rust function of its arguments, without access to the process.
pub fn pure<F>(name: &str, arity: usize, f: F) -> Term
where
    F: Fn(Vec<Term>) -> Result<Term, Exception> + Send + Sync + 'static,
{
    RustFun::term(name, arity, move |_cx, args| {
        let r = f(args);
        Box::pin(async move { r })
    })
}
