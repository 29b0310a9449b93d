//! Agent: a process that holds a value, read and changed through functions.
//!
//! ```text
//! {:ok, agent} = Agent.start_link(fn -> [] end)
//! Agent.update(agent, fn list -> ["eggs" | list] end)
//! Agent.get(agent, fn list -> list end)     #=> ["eggs"]
//! ```
//!
//! An Agent is a GenServer whose state is the value: `get`, `update` and
//! `get_and_update` are calls carrying the function, `cast` a cast, so the
//! crash report of a failing function is the GenServer one.

use crate::otp::child_spec::{default_child_spec, option};
use crate::otp::gen_server::module::stop_fn;
use crate::otp::gen_server::{self, Action, CallStep, Cb, From, GenServer, Init, StartOpts, Step};
use crate::otp::name::ServerRef;
use crate::otp::native::{apply_fun, function_clause, timeout_arg, NativeModule};
use crate::runtime::Ctx;
use crate::term::build::is_keyword;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, Term};
use std::sync::Arc;

/// The Agent's server behaviour.
pub struct AgentServer;

impl GenServer for AgentServer {
    type State = Term;

    fn module(&self) -> Atom {
        Atom::module("Agent.Server")
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, fun: Term) -> Cb<'a, Init<Term>> {
        Box::pin(async move { Ok(Init::Ok(apply_fun(cx, &fun, vec![]).await?, Action::None)) })
    }

    fn handle_call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        _from: From,
        state: &'a mut Term,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move {
            let Some([tag, fun]) = req.as_tuple() else {
                return Err(Exception::runtime_error("unexpected Agent call"));
            };
            match tag.as_atom().map(|a| a.name()).unwrap_or("") {
                "get" => {
                    let v = apply_fun(cx, fun, vec![state.clone()]).await?;
                    Ok(CallStep::Reply(v, Action::None))
                }
                "update" => {
                    *state = apply_fun(cx, fun, vec![state.clone()]).await?;
                    Ok(CallStep::Reply(Term::ok(), Action::None))
                }
                "get_and_update" => {
                    let pair = apply_fun(cx, fun, vec![state.clone()]).await?;
                    match pair.as_tuple() {
                        Some([reply, new]) => {
                            let reply = reply.clone();
                            *state = new.clone();
                            Ok(CallStep::Reply(reply, Action::None))
                        }
                        _ => Err(Exception::exit(Term::tuple([
                            Term::atom(atom::BAD_RETURN_VALUE),
                            pair,
                        ]))),
                    }
                }
                _ => Err(Exception::runtime_error("unexpected Agent call")),
            }
        })
    }

    fn handle_cast<'a>(&'a self, cx: &'a mut Ctx, req: Term, state: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            if let Some([tag, fun]) = req.as_tuple() {
                if tag.is_atom(crate::atom!("cast")) {
                    *state = apply_fun(cx, fun, vec![state.clone()]).await?;
                }
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn report_state(&self, state: &Term) -> Term {
        state.clone()
    }

    fn modules(&self) -> Term {
        Term::list(vec![Term::atom(atom::AGENT)])
    }
}

/// `Agent.start_link(fun, opts)` / `Agent.start(fun, opts)`.
pub async fn start(cx: &mut Ctx, fun: Term, opts: &Term, link: bool) -> Result<Term, Exception> {
    let name = match option(opts, "name") {
        Some(n) => ServerRef::from_name_option(&n)?,
        None => None,
    };
    let start_opts = StartOpts {
        name,
        initial_call: Some(Term::tuple([
            Term::atom(atom::AGENT),
            Term::atom(atom::INIT),
            Term::int(1),
        ])),
    };
    let started = if link {
        gen_server::start_link(cx, Arc::new(AgentServer), fun, start_opts).await?
    } else {
        gen_server::start(cx, Arc::new(AgentServer), fun, start_opts).await?
    };
    Ok(started.to_term())
}

/// `(agent, module, fun, args, ...)` as `(agent, {module, fun, args}, ...)`:
/// the function applied to the state is `apply(module, fun, [state | args])`.
fn with_mfa(mut args: Vec<Term>, first: usize) -> Vec<Term> {
    if args.len() >= first + 3 {
        let mfa: Vec<Term> = args.drain(first..first + 3).collect();
        args.insert(first, Term::tuple(mfa));
    }
    args
}

async fn call_with(cx: &mut Ctx, args: Vec<Term>, tag: &str) -> Result<Term, Exception> {
    let args = with_mfa(args, 1);
    let req = Term::tuple([Term::atom_named(tag), args[1].clone()]);
    gen_server::call(
        cx,
        &args[0],
        req,
        timeout_arg(args.get(2), gen_server::DEFAULT_TIMEOUT),
    )
    .await
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { start_checked(cx, args, true, "start_link", 270).await })
}

fn start_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { start_checked(cx, args, false, "start", 288).await })
}

async fn start_checked(
    cx: &mut Ctx,
    args: Vec<Term>,
    link: bool,
    name: &str,
    line: i64,
) -> Result<Term, Exception> {
    let args = with_mfa(args, 0);
    let opts = args.get(1).cloned().unwrap_or(Term::Nil);
    let fun_ok = matches!(&args[0], Term::Fun(f) if f.arity() == 0)
        || matches!(args[0].as_tuple(), Some([Term::Atom(_), Term::Atom(_), a]) if a.is_list());
    if !fun_ok || !is_keyword(&opts) {
        return Err(function_clause(
            atom::AGENT,
            name,
            &args,
            "lib/agent.ex",
            line,
        ));
    }
    start(cx, args[0].clone(), &opts, link).await
}

fn get_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(call_with(cx, args, "get"))
}

fn update_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(call_with(cx, args, "update"))
}

fn get_and_update_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(call_with(cx, args, "get_and_update"))
}

fn cast_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let args = with_mfa(args, 1);
        let req = Term::tuple([Term::Atom(crate::atom!("cast")), args[1].clone()]);
        Ok(gen_server::cast(cx, &args[0], req).await)
    })
}

fn child_spec_fn<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(default_child_spec(atom::AGENT, args[0].clone(), &Term::Nil)) })
}

/// The `Agent` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::AGENT)
        .export("start_link", 1, start_link_fn)
        .export("start_link", 2, start_link_fn)
        .export("start", 1, start_fn)
        .export("start", 2, start_fn)
        .export("get", 2, get_fn)
        .export("get", 3, get_fn)
        .export("update", 2, update_fn)
        .export("update", 3, update_fn)
        .export("get_and_update", 2, get_and_update_fn)
        .export("get_and_update", 3, get_and_update_fn)
        .export("cast", 2, cast_fn)
        .export("cast", 4, cast_fn)
        .export("get", 4, get_fn)
        .export("get", 5, get_fn)
        .export("update", 4, update_fn)
        .export("update", 5, update_fn)
        .export("get_and_update", 4, get_and_update_fn)
        .export("get_and_update", 5, get_and_update_fn)
        .export("start_link", 3, start_link_fn)
        .export("start_link", 4, start_link_fn)
        .export("start", 3, start_fn)
        .export("start", 4, start_fn)
        .export("stop", 1, stop_fn)
        .export("stop", 2, stop_fn)
        .export("stop", 3, stop_fn)
        .export("child_spec", 1, child_spec_fn)
}
