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

use super::{Action, CallStep, Cb, From, GenServer, Init, Step};
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Kind, Term};
use std::time::Duration;

/// The behaviour of a module-defined server.
pub struct ModuleServer {
    module: Atom,
}

impl ModuleServer {
    /// A server running `module`'s callbacks.
    pub fn new(module: Atom) -> ModuleServer {
        ModuleServer { module }
    }

    fn defines(&self, cx: &Ctx, fun: &str, arity: usize) -> bool {
        cx.node()
            .module(self.module)
            .is_some_and(|m| m.exports_fun(Atom::new(fun), arity))
    }

    /// Calls a callback; a throw is a return value.
    async fn callback(&self, cx: &mut Ctx, fun: Atom, args: Vec<Term>) -> Result<Term, Exception> {
        match cx.apply(self.module, fun, args).await {
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

/// Reads `{:noreply, s}`, `{:noreply, s, action}` or `{:stop, reason, s}`.
fn read_step(r: Term, state: &mut Term) -> Step {
    match r.as_tuple() {
        Some([t, s]) if t.is_atom(atom::NOREPLY) => {
            *state = s.clone();
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
        _ => Step::Stop(bad_return(r)),
    }
}

impl GenServer for ModuleServer {
    type State = Term;

    fn module(&self) -> Atom {
        self.module
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<Term>> {
        Box::pin(async move {
            let r = self.callback(cx, crate::atom!("init"), vec![arg]).await?;
            if r.is_atom(atom::IGNORE) {
                return Ok(Init::Ignore);
            }
            Ok(match r.as_tuple() {
                Some([ok, s]) if ok.is_atom(atom::OK) => Init::Ok(s.clone(), Action::None),
                Some([ok, s, a]) if ok.is_atom(atom::OK) => match action(a) {
                    Some(a) => Init::Ok(s.clone(), a),
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
        state: &'a mut Term,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move {
            if !self.defines(cx, "handle_call", 3) {
                return Err(super::missing(cx, "call", "handle_call/3"));
            }
            let r = self
                .callback(
                    cx,
                    crate::atom!("handle_call"),
                    vec![req, from.to_term(), state.clone()],
                )
                .await?;
            Ok(match r.as_tuple() {
                Some([t, reply, s]) if t.is_atom(atom::REPLY) => {
                    *state = s.clone();
                    CallStep::Reply(reply.clone(), Action::None)
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
            })
        })
    }

    fn handle_cast<'a>(&'a self, cx: &'a mut Ctx, req: Term, state: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            if !self.defines(cx, "handle_cast", 2) {
                return Err(super::missing(cx, "cast", "handle_cast/2"));
            }
            let r = self
                .callback(cx, crate::atom!("handle_cast"), vec![req, state.clone()])
                .await?;
            Ok(read_step(r, state))
        })
    }

    fn handle_info<'a>(&'a self, cx: &'a mut Ctx, msg: Term, state: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            if !self.defines(cx, "handle_info", 2) {
                super::log_unexpected(cx, self.module, &msg);
                return Ok(Step::Continue(Action::None));
            }
            let r = self
                .callback(cx, crate::atom!("handle_info"), vec![msg, state.clone()])
                .await?;
            Ok(read_step(r, state))
        })
    }

    fn handle_continue<'a>(
        &'a self,
        cx: &'a mut Ctx,
        arg: Term,
        state: &'a mut Term,
    ) -> Cb<'a, Step> {
        Box::pin(async move {
            if !self.defines(cx, "handle_continue", 2) {
                return Err(super::missing(cx, "continue", "handle_continue/2"));
            }
            let r = self
                .callback(
                    cx,
                    crate::atom!("handle_continue"),
                    vec![arg, state.clone()],
                )
                .await?;
            Ok(read_step(r, state))
        })
    }

    fn terminate<'a>(&'a self, cx: &'a mut Ctx, reason: Term, state: &'a mut Term) -> Cb<'a, ()> {
        Box::pin(async move {
            if self.defines(cx, "terminate", 2) {
                self.callback(cx, crate::atom!("terminate"), vec![reason, state.clone()])
                    .await?;
            }
            Ok(())
        })
    }

    fn report_state(&self, state: &Term) -> Term {
        state.clone()
    }
}
