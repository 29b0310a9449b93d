//! A GenServer whose callbacks are functions of a loaded module: how
//! `GenServer.start_link(Stack, arg)` runs a module written in Elixir (or
//! any module in the code table).
//!
//! Callback results are read as gen_server reads them: `{:reply, r, s}`,
//! `{:noreply, s}`, `{:stop, reason, s}` and their forms with a timeout,
//! `:hibernate` or `{:continue, arg}`; anything else stops the server with
//! `{:bad_return_value, value}`. A `throw` from a callback is its return
//! value, as in OTP. A callback the module does not define behaves as
//! `use GenServer`'s default.

use super::{Action, CallStep, Cb, From, GenServer, Init, Now, Step};
use crate::runtime::code::{Applied, Kept, Prepared};
use crate::runtime::{undefined_function, Ctx, Module};
use crate::term::{atom, Atom, Exception, Kind, Term};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

/// The behaviour of a module-defined server.
pub struct ModuleServer {
    module: Atom,
}

/// A module-defined server's state: the term its callbacks keep, and the
/// module as it was last looked up, so that a message costs no lookup in
/// the code table while no code is loaded.
pub struct ModuleState {
    term: Term,
    /// Boxed: one word in a server that has not handled a message yet.
    code: Option<Box<Resolved>>,
    /// The machine the last callback ran on, while the server has more
    /// messages to handle (see [`GenServer::rest`]).
    kept: Kept,
}

/// The module found in the code table at `version`, which of the
/// callbacks it defines, and the message callbacks it can start without
/// finding them again (`handle_call`, `handle_cast`, `handle_info`: the
/// others run once in a while).
struct Resolved {
    version: u64,
    module: Arc<dyn Module>,
    defined: [bool; Callback::ALL.len()],
    prepared: [Option<Arc<dyn Prepared>>; Callback::MESSAGES.len()],
}

/// The callbacks a message may run.
#[derive(Clone, Copy)]
enum Callback {
    HandleCall,
    HandleCast,
    HandleInfo,
    HandleContinue,
    Terminate,
}

impl Callback {
    /// The callbacks a message runs, first in [`Callback::ALL`]: a
    /// callback's number is its index in both (checked below).
    const MESSAGES: [Callback; 3] = [
        Callback::HandleCall,
        Callback::HandleCast,
        Callback::HandleInfo,
    ];

    const ALL: [Callback; 5] = [
        Callback::HandleCall,
        Callback::HandleCast,
        Callback::HandleInfo,
        Callback::HandleContinue,
        Callback::Terminate,
    ];

    fn name(self) -> Atom {
        match self {
            Callback::HandleCall => crate::atom!("handle_call"),
            Callback::HandleCast => crate::atom!("handle_cast"),
            Callback::HandleInfo => crate::atom!("handle_info"),
            Callback::HandleContinue => crate::atom!("handle_continue"),
            Callback::Terminate => crate::atom!("terminate"),
        }
    }

    fn arity(self) -> usize {
        match self {
            Callback::HandleCall => 3,
            _ => 2,
        }
    }
}

const _: () = {
    let mut i = 0;
    while i < Callback::MESSAGES.len() {
        assert!(Callback::MESSAGES[i] as usize == i);
        i += 1;
    }
};

impl Resolved {
    fn new(version: u64, module: Arc<dyn Module>) -> Resolved {
        let defined = Callback::ALL.map(|cb| module.exports_fun(cb.name(), cb.arity()));
        let prepared = Callback::MESSAGES.map(|cb| module.prepared(cb.name(), cb.arity()));
        Resolved {
            version,
            module,
            defined,
            prepared,
        }
    }
}

impl ModuleState {
    /// The module as loaded now: looked up again only after code was loaded
    /// (a redefined module reaches its running servers, as on the BEAM).
    fn resolve(&mut self, cx: &Ctx, name: Atom) -> Option<&Resolved> {
        let version = cx.node().code_version();
        if self.code.as_ref().is_none_or(|r| r.version != version) {
            self.code = cx
                .node()
                .module(name)
                .map(|m| Box::new(Resolved::new(version, m)));
        }
        self.code.as_deref()
    }

    /// True if the module defines the callback.
    fn defines(&mut self, cx: &Ctx, name: Atom, cb: Callback) -> bool {
        self.resolve(cx, name)
            .is_some_and(|r| r.defined[cb as usize])
    }

    /// Runs a callback the module defines ([`ModuleState::defines`]) on
    /// `first` (a request, a message, a reason), the `from` of a call, and
    /// the state; a throw is a return value.
    async fn run(
        &mut self,
        cx: &mut Ctx,
        name: Atom,
        cb: Callback,
        first: Term,
        from: Option<Term>,
    ) -> Result<Term, Exception> {
        self.resolve(cx, name);
        let args = callback_args(first, from, &self.term, cb);
        match start_callback(&self.code, cx, name, cb, args) {
            Applied::Done(r) => thrown_is_returned(r),
            Applied::Waiting(rest) => thrown_is_returned(rest.await),
        }
    }
}

/// A callback's arguments: `first`, the `from` of a call, the state.
fn callback_args(first: Term, from: Option<Term>, state: &Term, cb: Callback) -> Vec<Term> {
    let mut args = Vec::with_capacity(cb.arity());
    args.push(first);
    args.extend(from);
    args.push(state.clone());
    args
}

/// Starts callback `cb` of the module as resolved, without a future unless
/// it waits.
fn start_callback<'a>(
    code: &'a Option<Box<Resolved>>,
    cx: &'a mut Ctx,
    name: Atom,
    cb: Callback,
    args: Vec<Term>,
) -> Applied<'a> {
    let Some(code) = code else {
        return Applied::Done(Err(undefined_function(name, cb.name(), &args, false)));
    };
    match code.module.apply_now(cx, cb.name(), args) {
        Ok(started) => started,
        Err(args) => Applied::Done(Err(undefined_function(name, cb.name(), &args, true))),
    }
}

/// A callback's result, where a throw is a return value, as in OTP.
fn thrown_is_returned(r: Result<Term, Exception>) -> Result<Term, Exception> {
    match r {
        Err(e) if e.kind == Kind::Throw => Ok(e.reason),
        other => other,
    }
}

impl ModuleServer {
    /// A server running `module`'s callbacks.
    pub fn new(module: Atom) -> ModuleServer {
        ModuleServer { module }
    }

    /// Runs callback `cb` (defined) on `first` and a call's `from`, without
    /// a future unless it waits; `read` makes its result the step, the new
    /// state going to the state's term.
    fn run_now<'a, T: 'a>(
        &'a self,
        cx: &'a mut Ctx,
        cb: Callback,
        (first, from): (Cow<'_, Term>, Option<Term>),
        state: &'a mut ModuleState,
        read: fn(&mut Term, &mut Term) -> T,
    ) -> Now<'a, T> {
        // The state's parts apart: the running callback may borrow the
        // module, and its result then replaces the term.
        let ModuleState { term, code, kept } = state;
        let prepared = code
            .as_ref()
            .and_then(|c| c.prepared.get(cb as usize)?.as_ref());
        let started = match prepared {
            Some(prepared) => {
                let state = term.clone();
                let in_place = match from {
                    Some(from) => {
                        prepared.start_in_place(cx, &mut [first.into_owned(), from, state], kept)
                    }
                    None => prepared.start_in_place(cx, &mut [first.into_owned(), state], kept),
                };
                match in_place {
                    // Read where the callback left it; what is left of it
                    // goes now, as if it had been handed back.
                    Ok(r) => {
                        let step = read(r, term);
                        *r = Term::Nil;
                        return Ok(Ok(step));
                    }
                    Err(started) => started,
                }
            }
            None => {
                let args = callback_args(first.into_owned(), from, term, cb);
                start_callback(code, cx, self.module, cb, args)
            }
        };
        match started {
            // A callback run by the evaluator, or one that threw.
            Applied::Done(Ok(mut r)) => Ok(Ok(read(&mut r, term))),
            Applied::Done(r) => Ok(thrown_is_returned(r).map(|mut r| read(&mut r, term))),
            Applied::Waiting(rest) => Err(Box::pin(async move {
                let mut r = thrown_is_returned(rest.await)?;
                Ok(read(&mut r, term))
            })),
        }
    }

    /// Calls `init/1`; a throw is a return value.
    async fn init_callback(&self, cx: &mut Ctx, arg: Term) -> Result<Term, Exception> {
        match cx.apply(self.module, atom::INIT, vec![arg]).await {
            Err(e) if e.kind == Kind::Throw => Ok(e.reason),
            other => other,
        }
    }
}

fn bad_return(v: Term) -> Term {
    Term::tuple([Term::atom(atom::BAD_RETURN_VALUE), v])
}

/// The action part of a callback result (`timeout`, `:hibernate`, `{:continue, x}`).
fn action(t: &Term) -> Option<Action> {
    match t {
        Term::Int(ms) if *ms >= 0 => Some(Action::Timeout(Duration::from_millis(*ms as u64))),
        Term::Atom(a) if *a == atom::INFINITY => Some(Action::None),
        Term::Atom(a) if *a == atom::HIBERNATE => Some(Action::Hibernate),
        _ => match t.as_tuple() {
            Some([c, arg]) if c.is_atom(atom::CONTINUE) => Some(Action::Continue(arg.clone())),
            _ => None,
        },
    }
}

/// Reads `{:noreply, s}`, `{:noreply, s, action}` or `{:stop, reason, s}`,
/// where the callback left it (a result moved out first would be copied
/// once more for every message).
fn read_step(r: &mut Term, state: &mut Term) -> Step {
    match r.as_tuple() {
        // The commonest: the new state moved out, not copied.
        Some([t, _]) if t.is_atom(atom::NOREPLY) => {
            r.move_element_into(1, state);
            Step::Continue(Action::None)
        }
        Some([t, s, a]) if t.is_atom(atom::NOREPLY) => match action(a) {
            Some(a) => {
                *state = s.clone();
                Step::Continue(a)
            }
            None => Step::Stop(bad_return(r.clone())),
        },
        Some([t, reason, s]) if t.is_atom(atom::STOP) => {
            *state = s.clone();
            Step::Stop(reason.clone())
        }
        _ => Step::Stop(bad_return(std::mem::replace(r, Term::Nil))),
    }
}

/// The result of a callback run at once, or of the rest of it. Awaited
/// inside the callback's own future, so that the callback starts when
/// that future is first polled (inside `guard`, which catches a panic),
/// not when it is made.
async fn finish<T>(now: Now<'_, T>) -> Result<T, Exception> {
    match now {
        Ok(r) => r,
        Err(rest) => rest.await,
    }
}

/// Reads a `handle_call/3` result: `{:reply, r, s}` (with an action or
/// not), `{:stop, reason, reply, s}`, or what a cast may return.
fn read_call_step(r: &mut Term, state: &mut Term) -> CallStep {
    match r.as_tuple() {
        // The commonest: the reply and the new state moved out, not copied.
        Some([t, _, _]) if t.is_atom(atom::REPLY) => {
            let mut reply = Term::Nil;
            r.move_element_into(1, &mut reply);
            r.move_element_into(2, state);
            CallStep::Reply(reply, Action::None)
        }
        Some([t, reply, s, a]) if t.is_atom(atom::REPLY) => match action(a) {
            Some(a) => {
                *state = s.clone();
                CallStep::Reply(reply.clone(), a)
            }
            None => CallStep::Stop(bad_return(r.clone()), None),
        },
        Some([t, reason, reply, s]) if t.is_atom(atom::STOP) => {
            *state = s.clone();
            CallStep::Stop(reason.clone(), Some(reply.clone()))
        }
        _ => match read_step(r, state) {
            Step::Continue(a) => CallStep::NoReply(a),
            Step::Stop(reason) => CallStep::Stop(reason, None),
        },
    }
}

impl GenServer for ModuleServer {
    type State = ModuleState;

    fn module(&self) -> Atom {
        self.module
    }

    fn rest(&self, state: &mut ModuleState) {
        state.kept.clear();
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<ModuleState>> {
        Box::pin(async move {
            let r = self.init_callback(cx, arg).await?;
            if r.is_atom(atom::IGNORE) {
                return Ok(Init::Ignore);
            }
            let state = |s: &Term| ModuleState {
                term: s.clone(),
                code: None,
                kept: Kept::default(),
            };
            Ok(match r.as_tuple() {
                Some([ok, s]) if ok.is_atom(atom::OK) => Init::Ok(state(s), Action::None),
                Some([ok, s, a]) if ok.is_atom(atom::OK) => match action(a) {
                    Some(a) => Init::Ok(state(s), a),
                    None => Init::Stop(bad_return(r.clone())),
                },
                Some([stop, reason]) if stop.is_atom(atom::STOP) => Init::Stop(reason.clone()),
                _ => Init::Stop(bad_return(r)),
            })
        })
    }

    fn handle_call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        from: From,
        state: &'a mut ModuleState,
    ) -> Cb<'a, CallStep> {
        self.handle_call_from(cx, req, from, from.to_term(), state)
    }

    fn handle_call_from<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        from: From,
        sent: Term,
        state: &'a mut ModuleState,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move { finish(self.handle_call_now(cx, req, from, sent, state)).await })
    }

    fn handle_call_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        _from: From,
        sent: Term,
        state: &'a mut ModuleState,
    ) -> Now<'a, CallStep> {
        let cb = Callback::HandleCall;
        if !state.defines(cx, self.module, cb) {
            return Ok(Err(super::missing(cx, "call", "handle_call/3")));
        }
        self.run_now(cx, cb, (Cow::Owned(req), Some(sent)), state, read_call_step)
    }

    fn handle_cast<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        state: &'a mut ModuleState,
    ) -> Cb<'a, Step> {
        Box::pin(async move { finish(self.handle_cast_now(cx, &req, state)).await })
    }

    fn handle_cast_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: &Term,
        state: &'a mut ModuleState,
    ) -> Now<'a, Step> {
        let cb = Callback::HandleCast;
        if !state.defines(cx, self.module, cb) {
            return Ok(Err(super::missing(cx, "cast", "handle_cast/2")));
        }
        self.run_now(cx, cb, (Cow::Borrowed(req), None), state, read_step)
    }

    fn handle_info_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        msg: &Term,
        state: &'a mut ModuleState,
    ) -> Now<'a, Step> {
        let cb = Callback::HandleInfo;
        if !state.defines(cx, self.module, cb) {
            super::log_unexpected(cx, self.module, msg);
            return Ok(Ok(Step::Continue(Action::None)));
        }
        self.run_now(cx, cb, (Cow::Borrowed(msg), None), state, read_step)
    }

    fn handle_info<'a>(
        &'a self,
        cx: &'a mut Ctx,
        msg: Term,
        state: &'a mut ModuleState,
    ) -> Cb<'a, Step> {
        Box::pin(async move { finish(self.handle_info_now(cx, &msg, state)).await })
    }

    fn handle_continue<'a>(
        &'a self,
        cx: &'a mut Ctx,
        arg: Term,
        state: &'a mut ModuleState,
    ) -> Cb<'a, Step> {
        Box::pin(async move {
            let cb = Callback::HandleContinue;
            if !state.defines(cx, self.module, cb) {
                return Err(super::missing(cx, "continue", "handle_continue/2"));
            }
            let mut r = state.run(cx, self.module, cb, arg, None).await?;
            Ok(read_step(&mut r, &mut state.term))
        })
    }

    fn terminate<'a>(
        &'a self,
        cx: &'a mut Ctx,
        reason: Term,
        state: &'a mut ModuleState,
    ) -> Cb<'a, ()> {
        Box::pin(async move {
            let cb = Callback::Terminate;
            if state.defines(cx, self.module, cb) {
                state.run(cx, self.module, cb, reason, None).await?;
            }
            Ok(())
        })
    }

    fn report_state(&self, state: &ModuleState) -> Term {
        state.term.clone()
    }

    fn replace_state(&self, state: &mut ModuleState, new: Term) -> bool {
        state.term = new;
        true
    }
}
