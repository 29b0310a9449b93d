//! `Code`: whether modules are loaded. riex loads a module as it is
//! defined, so "loaded" and "compiled" are the same question.

use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

fn loaded(cx: &Ctx, t: &Term) -> Option<Atom> {
    t.as_atom().filter(|m| cx.node().module(*m).is_some())
}

fn ensure_loaded_p(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::bool(loaded(cx, &a[0]).is_some()))
}

fn ensure_loaded(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(match loaded(cx, &a[0]) {
        Some(m) => Term::tuple([Term::atom_named("module"), Term::Atom(m)]),
        None => Term::tuple([Term::atom_named("error"), Term::atom_named("nofile")]),
    })
}

fn ensure_loaded_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    loaded(cx, &a[0]).map(Term::Atom).ok_or_else(|| {
        Exception::argument_error(&format!(
            "could not load module {} due to reason :nofile",
            crate::term::inspect::inspect(&a[0])
        ))
    })
}

fn ensure_compiled_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    loaded(cx, &a[0]).map(Term::Atom).ok_or_else(|| {
        Exception::argument_error(&format!(
            "could not load module {} due to reason :nofile",
            crate::term::inspect::inspect(&a[0])
        ))
    })
}

/// The `Code` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Code"))
        .export_native("ensure_loaded?", 1, with_cx!(ensure_loaded_p))
        .export_native("ensure_loaded", 1, with_cx!(ensure_loaded))
        .export_native("ensure_loaded!", 1, with_cx!(ensure_loaded_bang))
        .export_native("ensure_compiled", 1, with_cx!(ensure_loaded))
        .export_native("ensure_compiled!", 1, with_cx!(ensure_compiled_bang))
}
