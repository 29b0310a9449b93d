//! Compiled anonymous functions as function terms: a lambda's code in its
//! unit and the values it captured where `fn` was evaluated.

use crate::lang::compile::Unit;
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::fun::{CallFuture, Callable};
use crate::term::{Exception, Term};
use std::any::Any;
use std::sync::Arc;

/// A compiled `fn`.
pub struct Lambda {
    /// The unit holding its code.
    pub unit: Arc<Unit>,
    /// Its code's index in the unit: always one of the unit's codes
    /// ([`Lambda::term`] indexes them with it), which the machine relies on.
    pub code: u32,
    /// The captured values, for the code's capture registers.
    pub captures: Box<[Term]>,
    arity: usize,
    id: u64,
}

impl Lambda {
    /// The function term for the lambda `code` of `unit` with `captures`.
    pub fn term(unit: Arc<Unit>, code: u32, captures: Box<[Term]>) -> Term {
        let arity = unit.codes[code as usize].arity as usize;
        Term::Fun(Arc::new(Lambda {
            unit,
            code,
            captures,
            arity,
            id: crate::lang::eval::closure::next_id(),
        }))
    }
}

impl Lambda {
    /// The compiled `fn` of `arity` that `f` is, if it is one.
    pub fn of_arity(f: &Term, arity: usize) -> Option<&Lambda> {
        match f {
            Term::Fun(fun) if fun.arity() == arity => fun.as_any().downcast_ref::<Lambda>(),
            _ => None,
        }
    }
}

impl Callable for Lambda {
    fn arity(&self) -> usize {
        self.arity
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        super::call(cx, &self.unit, self.code, args, &self.captures)
    }

    fn inspect(&self) -> String {
        crate::lang::eval::closure::shown(self.id, self.arity)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl super::Applier {
    /// Applies the function term `f` to `args`: a compiled `fn` of that
    /// arity runs on the applier's machine; any other function as
    /// [`apply_fun`] applies it (with its errors).
    pub async fn apply<const N: usize>(
        &mut self,
        cx: &mut Ctx,
        f: &Term,
        args: [Term; N],
    ) -> Result<Term, Exception> {
        if let Some(l) = Lambda::of_arity(f, N) {
            return match self.start(cx, &l.unit, l.code, args, &l.captures) {
                super::Started::Done(r) => r,
                super::Started::Waiting(rest) => rest.await,
            };
        }
        apply_fun(cx, f, args.into()).await
    }
}
