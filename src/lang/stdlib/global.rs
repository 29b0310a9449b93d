//! `:global`: names shared by every node of a cluster; riex has one node,
//! so these are the node's global names (`{:global, name}` uses them too).

use super::errors::function_clause_error;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::{atom, Exception, Term};

type R = Result<Term, Exception>;

fn whereis_name(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(cx
        .node()
        .global_whereis(&a[0])
        .map(Term::Pid)
        .unwrap_or(Term::atom(atom::UNDEFINED)))
}

fn register_name(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(pid) = a[1]
        .as_pid()
        .filter(|_| a.len() == 2 || matches!(a[2], Term::Fun(_)))
    else {
        let frame = Term::tuple([
            Term::atom(atom::GLOBAL),
            Term::atom_named("register_name"),
            Term::list(a.clone()),
            super::errors::location("global.erl", 277),
        ]);
        return Err(function_clause_error(
            atom::GLOBAL,
            "register_name",
            a.len(),
            frame,
        ));
    };
    let ok = cx.node().global_register(a[0].clone(), pid).is_ok();
    Ok(Term::atom_named(if ok { "yes" } else { "no" }))
}

fn unregister_name(cx: &mut Ctx, a: Vec<Term>) -> R {
    cx.node().global_unregister(&a[0]);
    Ok(Term::ok())
}

fn registered_names(cx: &mut Ctx, _a: Vec<Term>) -> R {
    let names: Vec<Term> = cx.node().globals.lock().keys().cloned().collect();
    Ok(Term::list(names))
}

fn send(cx: &mut Ctx, a: Vec<Term>) -> R {
    match cx.node().global_whereis(&a[0]) {
        Some(pid) => {
            cx.send(pid, a[1].clone());
            Ok(Term::Pid(pid))
        }
        None => Err(Exception::exit(Term::tuple([
            Term::atom(atom::BADARG),
            Term::tuple([a[0].clone(), a[1].clone()]),
        ]))),
    }
}

/// The `:global` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::GLOBAL)
        .export_native("whereis_name", 1, with_cx!(whereis_name))
        .export_native("register_name", 2, with_cx!(register_name))
        .export_native("register_name", 3, with_cx!(register_name))
        .export_native("unregister_name", 1, with_cx!(unregister_name))
        .export_native("registered_names", 0, with_cx!(registered_names))
        .export_native("send", 2, with_cx!(send))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::inspect::inspect;
    use crate::term::{Atom, Term};

    #[test]
    fn names_register_once() {
        let text = run(|mut cx| async move {
            let me = Term::Pid(cx.self_pid());
            let g = Atom::new("global");
            let mut out = Vec::new();
            for (f, args) in [
                ("register_name", vec![atom("g"), me.clone()]),
                ("register_name", vec![atom("g"), me.clone()]),
                ("whereis_name", vec![atom("g")]),
                ("unregister_name", vec![atom("g")]),
                ("whereis_name", vec![atom("g")]),
            ] {
                let r = cx.apply(g, Atom::new(f), args).await.unwrap();
                out.push(if r == me {
                    "me".to_owned()
                } else {
                    inspect(&r)
                });
            }
            out.join(" ")
        });
        assert_eq!(text, ":yes :no me :ok :undefined");
    }
}
