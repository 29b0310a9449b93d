//! Function values.
//!
//! A function term is anything that can be applied to arguments inside a
//! process: a Rust closure given to `Agent.start_link`, or (in the language
//! layer) an interpreted `fn`. Applying one may suspend (the body may receive,
//! sleep or call a server), so application is asynchronous and runs with the
//! calling process's context.

use super::{Atom, Exception, Term};
use crate::runtime::Ctx;
use futures::future::BoxFuture;
use std::any::{Any, TypeId};
use std::sync::Arc;

/// What applying a function gives back.
pub type CallFuture<'a> = BoxFuture<'a, Result<Term, Exception>>;

/// A function that a process can apply.
pub trait Callable: ConcreteType + Send + Sync + 'static {
    /// How many arguments it takes.
    fn arity(&self) -> usize;

    /// Applies the function in the process whose context is `cx`.
    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a>;

    /// How `inspect` shows it: `#Function<...>` or `&Mod.fun/arity`.
    fn inspect(&self) -> String;

    /// For the language layer to recognise its own closures.
    fn as_any(&self) -> &dyn Any;

    /// The module, name and arity of an external fun (`&Mod.fun/arity`),
    /// which is equal to every other fun of the same three, as on the
    /// BEAM; `None` for a closure, equal only to itself.
    fn external(&self) -> Option<(Atom, Atom, usize)> {
        None
    }
}

/// The type of a value behind a `dyn` pointer, for [`downcast`]. Every
/// sized type has it, and no type can have it otherwise.
pub trait ConcreteType {
    /// The value's own type, as the two words of its `TypeId`: returned in
    /// two machine registers, where a `TypeId` returned through memory and
    /// read back as one wide load would stall the check on every
    /// application of a `fn`.
    fn concrete_type(&self) -> (u64, u64);
}

impl<T: 'static> ConcreteType for T {
    fn concrete_type(&self) -> (u64, u64) {
        type_words::<T>()
    }
}

/// The words of `T`'s `TypeId`, equal exactly when the types are.
#[inline(always)]
fn type_words<T: 'static>() -> (u64, u64) {
    // SAFETY: a `TypeId` is plain data of two words (`transmute` checks
    // the size), compared for equality as those words.
    let [a, b] = unsafe { std::mem::transmute::<TypeId, [u64; 2]>(TypeId::of::<T>()) };
    (a, b)
}

/// The function `f` as its implementing type `T`, if it is one: with one
/// dynamic call, where `as_any` then `downcast_ref` make two (which a call
/// of a `fn` in the machine's inner loop would pay on every application).
#[inline(always)]
pub fn downcast<T: Callable>(f: &dyn Callable) -> Option<&T> {
    if f.concrete_type() == type_words::<T>() {
        // SAFETY: `concrete_type` (which only the blanket implementation
        // can give) says the value behind the pointer is a `T`.
        Some(unsafe { &*(f as *const dyn Callable as *const T) })
    } else {
        None
    }
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

#[cfg(test)]
mod tests {

    /// The words of two types' `TypeId`s are equal exactly when the types are.
    #[test]
    fn type_words_tell_types_apart_as_type_ids_do() {
        assert_eq!(type_words::<Constant>(), type_words::<Constant>());
        assert_ne!(type_words::<Constant>(), type_words::<u64>());
        assert_ne!(type_words::<u64>(), type_words::<i64>());
        assert_ne!(type_words::<Vec<u8>>(), type_words::<Vec<i8>>());
    }
    use super::*;

    /// A second kind of function, to tell apart from `RustFun`.
    struct Constant(Term);

    impl Callable for Constant {
        fn arity(&self) -> usize {
            0
        }

        fn call<'a>(&'a self, _cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
            Box::pin(async move { Ok(self.0.clone()) })
        }

        fn inspect(&self) -> String {
            "#Function<constant>".into()
        }

        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    #[test]
    fn a_function_downcasts_to_its_own_type_only() {
        let constant: Arc<dyn Callable> = Arc::new(Constant(Term::int(7)));
        let Term::Fun(rust) = pure("id", 1, |mut args| Ok(args.remove(0))) else {
            unreachable!("pure makes a function")
        };
        let found = downcast::<Constant>(&*constant).expect("a Constant");
        assert_eq!(found.0, Term::int(7));
        assert!(downcast::<Constant>(&*rust).is_none());
        // The same answers as `as_any`, which it stands in for.
        assert!(constant.as_any().is::<Constant>());
        assert!(!rust.as_any().is::<Constant>());
    }
}
