//! The `Supervisor` module as the language and child specs call it.

use crate::otp::child_spec::child_spec;
use crate::otp::gen_server::module::stop_fn;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{atom, Term};

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let started = match (&args[0], args.len()) {
            (Term::Atom(m), _) if !args[0].is_list() => {
                let opts = args.get(2).cloned().unwrap_or(Term::Nil);
                super::start_link_module(cx, *m, args[1].clone(), &opts).await?
            }
            _ => super::start_link(cx, &args[0], &args[1]).await?,
        };
        Ok(started.to_term())
    })
}

fn init_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::init(cx, &args[0], &args[1]).await })
}

fn child_spec_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { child_spec(cx, &args[0], &args[1]).await })
}

fn which_children_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::which_children(cx, &args[0]).await })
}

fn count_children_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::count_children(cx, &args[0]).await })
}

fn terminate_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::terminate_child(cx, &args[0], args[1].clone()).await })
}

fn restart_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::restart_child(cx, &args[0], args[1].clone()).await })
}

fn delete_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::delete_child(cx, &args[0], args[1].clone()).await })
}

fn start_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { super::start_child(cx, &args[0], &args[1]).await })
}

/// The `Supervisor` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::SUPERVISOR_MOD)
        .export("start_link", 2, start_link_fn)
        .export("start_link", 3, start_link_fn)
        .export("init", 2, init_fn)
        .export("child_spec", 2, child_spec_fn)
        .export("which_children", 1, which_children_fn)
        .export("count_children", 1, count_children_fn)
        .export("terminate_child", 2, terminate_child_fn)
        .export("restart_child", 2, restart_child_fn)
        .export("delete_child", 2, delete_child_fn)
        .export("start_child", 2, start_child_fn)
        .export("stop", 1, stop_fn)
        .export("stop", 2, stop_fn)
        .export("stop", 3, stop_fn)
}
