//! GenServer: a process that keeps state and answers calls, casts and messages.
//!
//! A server's behaviour is a [`GenServer`] implementation: `init` makes the
//! state, `handle_call` answers [`call`]s, `handle_cast` takes [`cast`]s,
//! `handle_info` takes every other message, `terminate` runs on the way out.
//! Callbacks are asynchronous: a callback may itself call another server,
//! receive or sleep without holding up anyone else.
//!
//! ```
//! use riex::otp::gen_server::{self, Cb, CallStep, From, GenServer, Init, Action};
//! use riex::runtime::{self, Ctx, Mode};
//! use riex::term::{Atom, Term};
//! use std::sync::Arc;
//!
//! struct Counter;
//!
//! impl GenServer for Counter {
//!     type State = i64;
//!     fn module(&self) -> Atom { Atom::module("Counter") }
//!     fn init<'a>(&'a self, _cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<i64>> {
//!         Box::pin(async move { Ok(Init::Ok(arg.as_int().unwrap_or(0), Action::None)) })
//!     }
//!     fn handle_call<'a>(&'a self, _cx: &'a mut Ctx, _req: Term, _from: From, n: &'a mut i64) -> Cb<'a, CallStep> {
//!         Box::pin(async move { *n += 1; Ok(CallStep::Reply(Term::int(*n), Action::None)) })
//!     }
//!     fn report_state(&self, n: &i64) -> Term { Term::int(*n) }
//! }
//!
//! let n = runtime::block_on(Mode::Deterministic, |node| async move {
//!     node.run(|mut cx| async move {
//!         let pid = gen_server::start_link(&mut cx, Arc::new(Counter), Term::int(41), Default::default())
//!             .await.unwrap().pid().unwrap();
//!         gen_server::call(&mut cx, &Term::Pid(pid), Term::nil(), gen_server::DEFAULT_TIMEOUT).await.unwrap()
//!     }).await
//! });
//! assert_eq!(n, Term::int(42));
//! ```
//!
//! Everything observable follows OTP's gen_server: start results
//! (`{:ok, pid}`, `:ignore`, `{:error, reason}`), call exits (`noproc`,
//! `timeout`, the server's own reason), the crash report, and `terminate`
//! being called on stop, on callback crashes, and on exit signals from the
//! parent when the server traps exits.

mod client;
pub mod module;
mod module_server;
pub(crate) mod report;
mod server;
pub mod sys;

pub use client::{call, cast, reply, stop, whereis, DEFAULT_TIMEOUT};
pub use module_server::{ModuleServer, ModuleState};
pub use server::{start, start_link, StartOpts, Started};

use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Pid, Ref, Term};
use futures::future::BoxFuture;
use std::time::Duration;

/// What a callback returns: a future of its result, which may be an exception.
pub type Cb<'a, T> = BoxFuture<'a, Result<T, Exception>>;

/// A callback run at once: `Ok` with its result when it did not wait,
/// `Err` with the rest of it as a future when it did.
pub type Now<'a, T> = Result<Result<T, Exception>, Cb<'a, T>>;

/// What the server does after a callback, besides waiting for the next message.
#[derive(Clone, Debug)]
pub enum Action {
    /// Nothing special.
    None,
    /// `handle_info(:timeout, state)` if no message comes within this time.
    Timeout(Duration),
    /// Hibernate (riex keeps no separate heap: same as `None`).
    Hibernate,
    /// `handle_continue(term, state)` before the next message.
    Continue(Term),
}

/// The result of `init/1`.
pub enum Init<S> {
    /// `{:ok, state}` with an action.
    Ok(S, Action),
    /// `:ignore`.
    Ignore,
    /// `{:stop, reason}`.
    Stop(Term),
}

/// The result of `handle_cast`, `handle_info` and `handle_continue`.
pub enum Step {
    /// `{:noreply, state}` (the state was updated in place).
    Continue(Action),
    /// `{:stop, reason, state}`.
    Stop(Term),
}

/// The result of `handle_call`.
pub enum CallStep {
    /// `{:reply, reply, state}`.
    Reply(Term, Action),
    /// `{:noreply, state}`: someone replies later with [`reply`].
    NoReply(Action),
    /// `{:stop, reason, reply, state}` or `{:stop, reason, state}`.
    Stop(Term, Option<Term>),
}

/// Who made a call: where [`reply`] sends the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct From {
    /// The caller.
    pub pid: Pid,
    /// The call's reference.
    pub tag: Ref,
}

impl From {
    /// `{pid, [:alias | ref]}`, as OTP 25 shows a caller.
    pub fn to_term(&self) -> Term {
        Term::tuple([
            Term::Pid(self.pid),
            Term::cons(Term::Atom(crate::atom!("alias")), Term::Ref(self.tag)),
        ])
    }

    /// Reads a `from` term back.
    pub fn from_term(t: &Term) -> Option<From> {
        let [Term::Pid(pid), tag] = t.as_tuple()? else {
            return None;
        };
        let tag = match tag {
            Term::Ref(r) => *r,
            Term::List(l) => match l.tail() {
                Term::Ref(r) => *r,
                _ => return None,
            },
            _ => return None,
        };
        Some(From { pid: *pid, tag })
    }
}

/// A server's behaviour: its callbacks.
pub trait GenServer: Send + Sync + 'static {
    /// The server's state.
    type State: Send + 'static;

    /// The callback module's name (`Stack`), for reports and `which_children`.
    fn module(&self) -> Atom;

    /// The server is done with its batch of messages (its mailbox is
    /// empty, or a callback asked for a timeout, hibernation, a continue
    /// or a stop): what it kept only to handle the next message faster
    /// goes. The default keeps nothing.
    fn rest(&self, _state: &mut Self::State) {}

    /// Makes the initial state from the start argument.
    fn init<'a>(&'a self, cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<Self::State>>;

    /// Answers a call. The default raises, as `use GenServer`'s does.
    fn handle_call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        _request: Term,
        _from: From,
        _state: &'a mut Self::State,
    ) -> Cb<'a, CallStep> {
        let e = missing(cx, "call", "handle_call/3");
        Box::pin(async move { Err(e) })
    }

    /// [`GenServer::handle_call`] given also the `from` term as the client
    /// sent it: a behaviour that hands `from` on as a term takes it from
    /// here instead of building it again.
    fn handle_call_from<'a>(
        &'a self,
        cx: &'a mut Ctx,
        request: Term,
        from: From,
        _sent: Term,
        state: &'a mut Self::State,
    ) -> Cb<'a, CallStep> {
        self.handle_call(cx, request, from, state)
    }

    /// Takes a cast. The default raises.
    fn handle_cast<'a>(
        &'a self,
        cx: &'a mut Ctx,
        _request: Term,
        _state: &'a mut Self::State,
    ) -> Cb<'a, Step> {
        let e = missing(cx, "cast", "handle_cast/2");
        Box::pin(async move { Err(e) })
    }

    /// [`GenServer::handle_call_from`] done at once when the callback does
    /// not wait: `Ok` with its step, or `Err` with the rest of it as a
    /// future. A server whose calls make a future anyway need not override
    /// it.
    fn handle_call_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        request: Term,
        from: From,
        sent: Term,
        state: &'a mut Self::State,
    ) -> Now<'a, CallStep> {
        Err(self.handle_call_from(cx, request, from, sent, state))
    }

    /// [`GenServer::handle_cast`] done at once when the callback does not
    /// wait: `Ok` with its step, or `Err` with the rest of it as a future.
    /// A server whose casts make a future anyway need not override it.
    fn handle_cast_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        request: &Term,
        state: &'a mut Self::State,
    ) -> Now<'a, Step> {
        Err(self.handle_cast(cx, request.clone(), state))
    }

    /// [`GenServer::handle_info`] done at once when the callback does not
    /// wait, as [`GenServer::handle_cast_now`].
    fn handle_info_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        msg: &Term,
        state: &'a mut Self::State,
    ) -> Now<'a, Step> {
        Err(self.handle_info(cx, msg.clone(), state))
    }

    /// Takes any other message. The default logs it and goes on.
    fn handle_info<'a>(
        &'a self,
        cx: &'a mut Ctx,
        msg: Term,
        _state: &'a mut Self::State,
    ) -> Cb<'a, Step> {
        let text = format!(
            "{} {} received unexpected message in handle_info/2: {}",
            crate::term::inspect::inspect(&Term::Atom(self.module())),
            crate::term::inspect::inspect(&self_name(cx)),
            crate::term::inspect::inspect(&msg)
        );
        crate::otp::logger::log(cx.node(), crate::otp::logger::Level::Error, &text);
        Box::pin(async { Ok(Step::Continue(Action::None)) })
    }

    /// Continues after `{:continue, arg}`. The default raises.
    fn handle_continue<'a>(
        &'a self,
        cx: &'a mut Ctx,
        _arg: Term,
        _state: &'a mut Self::State,
    ) -> Cb<'a, Step> {
        let e = missing(cx, "continue", "handle_continue/2");
        Box::pin(async move { Err(e) })
    }

    /// Runs before the server exits. The default does nothing.
    fn terminate<'a>(
        &'a self,
        _cx: &'a mut Ctx,
        _reason: Term,
        _state: &'a mut Self::State,
    ) -> Cb<'a, ()> {
        Box::pin(async { Ok(()) })
    }

    /// The state as crash reports show it.
    fn report_state(&self, state: &Self::State) -> Term;

    /// `:sys.replace_state/2`: makes `new` the state, when the server's
    /// state is a term (a server written in Elixir); false otherwise.
    fn replace_state(&self, _state: &mut Self::State, _new: Term) -> bool {
        false
    }

    /// What a supervisor lists for this server in `which_children`: `[Module]`.
    fn modules(&self) -> Term {
        Term::list(vec![Term::Atom(self.module())])
    }
}

/// The server's registered name, or its PID.
fn self_name(cx: &Ctx) -> Term {
    match cx
        .node()
        .info(cx.self_pid(), None)
        .and_then(|i| i.registered_name)
    {
        Some(name) => Term::Atom(name),
        None => Term::Pid(cx.self_pid()),
    }
}

/// What `use GenServer`'s default `handle_info/2` logs.
pub(crate) fn log_unexpected(cx: &Ctx, module: Atom, msg: &Term) {
    let text = format!(
        "{} {} received unexpected message in handle_info/2: {}",
        crate::term::inspect::inspect(&Term::Atom(module)),
        crate::term::inspect::inspect(&self_name(cx)),
        crate::term::inspect::inspect(msg)
    );
    crate::otp::logger::log(cx.node(), crate::otp::logger::Level::Error, &text);
}

/// The error `use GenServer`'s default callbacks raise.
pub(crate) fn missing(cx: &Ctx, what: &str, callback: &str) -> Exception {
    let name = crate::term::inspect::inspect(&self_name(cx));
    let msg = if what == "continue" {
        format!("attempted to call {callback} on GenServer {name} but no such clause was provided")
    } else {
        format!("attempted to {what} GenServer {name} but no {callback} clause was provided")
    };
    Exception::runtime_error(&msg)
}

/// True for the exit reasons that end a process quietly: `:normal`,
/// `:shutdown` and `{:shutdown, _}`.
pub fn is_quiet_exit(reason: &Term) -> bool {
    reason.is_atom(atom::NORMAL)
        || reason.is_atom(atom::SHUTDOWN)
        || matches!(reason.as_tuple(), Some([s, _]) if s.is_atom(atom::SHUTDOWN))
}

#[cfg(test)]
mod tests;
