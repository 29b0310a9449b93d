//! OTP's `sys` for GenServers: reading and replacing a server's state,
//! its status, suspending and resuming it, and the `*DBG*` trace.
//!
//! ```text
//! :sys.get_state(pid)                    # the state
//! :sys.replace_state(pid, fn s -> s end) # the new state
//! :sys.suspend(pid); :sys.resume(pid)    # only system messages meanwhile
//! :sys.trace(pid, true)
//! *DBG* 'Elixir.MyStack' got call pop from <0.96.0>
//! *DBG* 'Elixir.MyStack' sent a to <0.96.0>, new state []
//! ```
//!
//! A request is a call tagged `:system` (`{:system, {pid, tag}, request}`),
//! as OTP's `sys` sends it; a server that is never asked keeps no state
//! for it.

use super::client::receive_reply;
use super::From;
use crate::otp::logger::Console;
use crate::runtime::Ctx;
use crate::term::erlang_format::erlang;
use crate::term::{atom, Exception, Pid, Term};
use std::collections::VecDeque;
use std::time::Duration;

/// What `sys` asked of a server: kept only once something was asked.
#[derive(Default)]
pub(crate) struct Sys {
    /// Suspended: messages other than system ones wait in `deferred`.
    pub suspended: bool,
    pub deferred: VecDeque<Term>,
    /// Printing `*DBG*` lines.
    pub trace: bool,
}

/// A system request: `{:system, from, request}` with a call's `from`.
pub(crate) fn system_request(msg: &Term) -> Option<(From, &Term)> {
    let [tag, from, req] = msg.as_tuple()? else {
        return None;
    };
    if !tag.is_atom(crate::atom!("system")) {
        return None;
    }
    Some((From::from_term(from)?, req))
}

/// True for any `{:system, _, _}` message (a suspended server takes these).
pub(crate) fn is_system(msg: &Term) -> bool {
    matches!(msg.as_tuple(), Some([tag, _, _]) if tag.is_atom(crate::atom!("system")))
}

/// The `*DBG*` line of a message the server got.
pub(crate) fn print_in(cx: &Ctx, name: &Term, msg: &Term) {
    let line = match msg.as_tuple() {
        Some([tag, from, call]) if tag.is_atom(atom::GEN_CALL) => {
            let from = From::from_term(from)
                .map(|f| Term::Pid(f.pid))
                .unwrap_or(from.clone());
            format!("got call {} from {}", erlang(call), erlang(&from))
        }
        Some([tag, cast]) if tag.is_atom(atom::GEN_CAST) => format!("got cast {}", erlang(cast)),
        _ => format!("got {}", erlang(msg)),
    };
    dbg(cx, name, &line);
}

/// The `*DBG*` line of a reply.
pub(crate) fn print_reply(cx: &Ctx, name: &Term, reply: &Term, to: Pid, state: &Term) {
    let line = format!(
        "sent {} to {}, new state {}",
        erlang(reply),
        erlang(&Term::Pid(to)),
        erlang(state)
    );
    dbg(cx, name, &line);
}

/// The `*DBG*` line of a message handled without a reply.
pub(crate) fn print_noreply(cx: &Ctx, name: &Term, state: &Term) {
    dbg(cx, name, &format!("new state {}", erlang(state)));
}

fn dbg(cx: &Ctx, name: &Term, line: &str) {
    Console::of(cx.node()).write(&format!("*DBG* {} {line}\n", erlang(name)));
}

/// `:sys.get_status/1`'s answer for a GenServer, as OTP 25 gives it.
pub(crate) fn status(cx: &Ctx, parent: Pid, suspended: bool, module: Term, state: Term) -> Term {
    let me = cx.self_pid();
    let status = Term::atom_named(if suspended { "suspended" } else { "running" });
    let charlist = |s: &str| Term::list(s.bytes().map(|b| Term::int(b as i64)).collect());
    let pdict = Term::list(vec![
        Term::tuple([
            Term::atom_named("$initial_call"),
            Term::tuple([module, Term::atom(atom::INIT), Term::int(1)]),
        ]),
        Term::tuple([
            Term::atom_named("$ancestors"),
            Term::list(vec![Term::Pid(parent)]),
        ]),
    ]);
    // OTP names the server by its registered name, unquoted, or its PID.
    let server = match cx.node().info(me, None).and_then(|i| i.registered_name) {
        Some(n) => n.name().to_string(),
        None => erlang(&Term::Pid(me)),
    };
    let header = charlist(&format!("Status for generic server {server}"));
    let data = Term::list(vec![
        Term::tuple([charlist("Status"), status.clone()]),
        Term::tuple([charlist("Parent"), Term::Pid(parent)]),
        Term::tuple([charlist("Logged events"), Term::Nil]),
    ]);
    let misc = Term::list(vec![
        Term::tuple([Term::atom_named("header"), header]),
        Term::tuple([Term::atom_named("data"), data]),
        Term::tuple([
            Term::atom_named("data"),
            Term::list(vec![Term::tuple([charlist("State"), state])]),
        ]),
    ]);
    Term::tuple([
        Term::atom_named("status"),
        Term::Pid(me),
        Term::tuple([Term::atom_named("module"), Term::atom_named("gen_server")]),
        Term::list(vec![pdict, status, Term::Pid(parent), Term::Nil, misc]),
    ])
}

/// Sends a system request to `server` and waits for its answer, as
/// `sys:send_system_msg/2` does; exits as OTP's `sys` does when the server
/// is gone or does not answer.
pub async fn request(
    cx: &mut Ctx,
    server: &Term,
    req: Term,
    fun: &str,
    args: Vec<Term>,
    timeout: Option<Duration>,
) -> Result<Term, Exception> {
    let exit = |reason: Term| {
        Exception::exit(Term::tuple([
            reason,
            Term::tuple([
                Term::atom_named("sys"),
                Term::atom_named(fun),
                Term::list(args.clone()),
            ]),
        ]))
    };
    let Some(pid) = super::whereis(cx, server).await? else {
        return Err(exit(Term::atom(atom::NOPROC)));
    };
    let me = cx.self_pid();
    let tag = cx.monitor_alias_send(pid, |tag| {
        let from = From { pid: me, tag };
        Term::tuple([Term::atom_named("system"), from.to_term(), req])
    });
    let answer = receive_reply(cx, tag, timeout.or(Some(Duration::from_secs(5)))).await;
    cx.demonitor_unalias(tag, true);
    match answer {
        Some(Ok(reply)) => Ok(reply),
        Some(Err(reason)) => Err(exit(reason)),
        None => Err(exit(Term::atom(atom::TIMEOUT))),
    }
}
