//! The `GenServer` module as the language calls it.

use super::{ModuleServer, StartOpts, DEFAULT_TIMEOUT};
use crate::otp::child_spec::option;
use crate::otp::name::ServerRef;
use crate::otp::native::{timeout_arg, Native, NativeModule};
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{atom, Exception, Term};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

async fn start(cx: &mut Ctx, args: Vec<Term>, link: bool) -> Result<Term, Exception> {
    let Some(module) = args[0].as_atom() else {
        return Err(Exception::argument_error(
            "GenServer.start_link/3 expects a module as its first argument",
        ));
    };
    let opts = args.get(2).cloned().unwrap_or(Term::Nil);
    let name = match option(&opts, "name") {
        Some(n) => ServerRef::from_name_option(&n)?,
        None => None,
    };
    let start_opts = StartOpts {
        name,
        initial_call: None,
    };
    let server = Arc::new(ModuleServer::new(module));
    let started = if link {
        super::start_link(cx, server, args[1].clone(), start_opts).await?
    } else {
        super::start(cx, server, args[1].clone(), start_opts).await?
    };
    Ok(started.to_term())
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(start(cx, args, true))
}

fn start_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(start(cx, args, false))
}

fn call_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        super::call(
            cx,
            &args[0],
            args[1].clone(),
            timeout_arg(args.get(2), DEFAULT_TIMEOUT),
        )
        .await
    })
}

/// `GenServer.cast/2` without waiting: sent at once, unless a via name's
/// module must be asked (then the arguments stay for [`cast_fn`]).
fn cast_now_fn(cx: &mut Ctx, args: &mut [Term]) -> Option<Result<Term, Exception>> {
    let [server, request] = args else {
        unreachable!("cast/2")
    };
    let taken = std::mem::replace(request, Term::Nil);
    match super::client::cast_now(cx, server, taken) {
        Ok(()) => Some(Ok(Term::ok())),
        Err(taken) => {
            *request = taken;
            None
        }
    }
}

/// `GenServer.cast/2`: sent at once unless a via name's module must be
/// asked, and then answered by a future that allocates nothing.
fn cast_fn<'a>(cx: &'a mut Ctx, mut args: Vec<Term>) -> CallFuture<'a> {
    let request = args.pop().expect("cast/2");
    match super::client::cast_now(cx, &args[0], request) {
        Ok(()) => Box::pin(ReadyOk),
        Err(request) => Box::pin(async move { Ok(super::cast(cx, &args[0], request).await) }),
    }
}

/// A future ready with `:ok`. Zero-sized, so boxing it allocates nothing.
struct ReadyOk;

impl Future for ReadyOk {
    type Output = Result<Term, Exception>;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(Ok(Term::ok()))
    }
}

/// `stop(server, reason \\ :normal, timeout \\ :infinity)`, shared by every server module.
pub(crate) fn stop_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let reason = args.get(1).cloned().unwrap_or(Term::atom(atom::NORMAL));
        super::stop(cx, &args[0], reason, timeout_arg(args.get(2), None)).await
    })
}

fn whereis_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        Ok(super::whereis(cx, &args[0])
            .await?
            .map(Term::Pid)
            .unwrap_or(Term::nil()))
    })
}

fn reply_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        match super::From::from_term(&args[0]) {
            Some(from) => {
                super::reply(cx, from, args[1].clone());
                Ok(Term::ok())
            }
            None => Err(Exception::argument_error(
                "GenServer.reply/2 expects a from tuple",
            )),
        }
    })
}

/// The `GenServer` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::GEN_SERVER)
        .export("start_link", 2, start_link_fn)
        .export("start_link", 3, start_link_fn)
        .export("start", 2, start_fn)
        .export("start", 3, start_fn)
        .export("call", 2, call_fn)
        .export("call", 3, call_fn)
        .export_native("cast", 2, Native::Now(cast_now_fn, cast_fn))
        .export("stop", 1, stop_fn)
        .export("stop", 2, stop_fn)
        .export("stop", 3, stop_fn)
        .export("whereis", 1, whereis_fn)
        .export("reply", 2, reply_fn)
}
