//! The client side: call, cast, reply, stop, whereis.

use super::From;
use crate::otp::name::ServerRef;
use crate::runtime::Ctx;
use crate::term::{atom, Exception, Pid, Ref, Term};
use std::time::Duration;

/// `GenServer.call/2`'s default timeout: 5000 ms.
pub const DEFAULT_TIMEOUT: Option<Duration> = Some(Duration::from_millis(5000));

fn timeout_term(t: Option<Duration>) -> Term {
    match t {
        Some(d) => Term::int(d.as_millis() as i64),
        None => Term::atom(atom::INFINITY),
    }
}

/// `{reason, {GenServer, fun, args}}`: the exit a failed client call raises.
fn call_exit(reason: Term, fun: &str, args: Vec<Term>) -> Exception {
    let mfa = Term::tuple([
        Term::atom(atom::GEN_SERVER),
        Term::atom_named(fun),
        Term::list(args),
    ]);
    Exception::exit(Term::tuple([reason, mfa]))
}

/// `GenServer.whereis/1`.
pub async fn whereis(cx: &mut Ctx, server: &Term) -> Result<Option<Pid>, Exception> {
    match ServerRef::from_term(server) {
        Some(r) => r.whereis(cx).await,
        None => Ok(None),
    }
}

/// `GenServer.call/3`: sends `request` and waits for the reply. Exits with
/// `{:noproc, ...}`, `{:timeout, ...}` or the server's own exit reason.
pub async fn call(
    cx: &mut Ctx,
    server: &Term,
    request: Term,
    timeout: Option<Duration>,
) -> Result<Term, Exception> {
    let args = || vec![server.clone(), request.clone(), timeout_term(timeout)];
    let Some(pid) = whereis(cx, server).await? else {
        return Err(call_exit(Term::atom(atom::NOPROC), "call", args()));
    };
    if pid == cx.self_pid() {
        return Err(call_exit(Term::atom(atom::CALLING_SELF), "call", args()));
    }
    let me = cx.self_pid();
    let tag = cx.monitor_alias_send(pid, |tag| {
        let from = From { pid: me, tag };
        Term::tuple([Term::atom(atom::GEN_CALL), from.to_term(), request.clone()])
    });
    let answer = receive_reply(cx, tag, timeout).await;
    // After a :DOWN the monitor is gone already; undoing it is then harmless.
    cx.demonitor_unalias(tag, true);
    match answer {
        Some(Ok(reply)) => Ok(reply),
        Some(Err(reason)) => Err(call_exit(reason, "call", args())),
        None => Err(call_exit(Term::atom(atom::TIMEOUT), "call", args())),
    }
}

/// Waits for the answer tagged `tag`: `Ok(reply)` for `{tag, reply}`,
/// `Err(reason)` for the `{:DOWN, tag, _, _, reason}` of the monitor with
/// that reference (a call's reply, a start's acknowledgement); `None` after
/// `timeout`. The message is taken whole, so its parts move out of it.
pub(super) async fn receive_reply(
    cx: &mut Ctx,
    tag: Ref,
    timeout: Option<Duration>,
) -> Option<Result<Term, Term>> {
    let m = cx
        .receive_message(|m| is_reply_or_down(m, tag), timeout)
        .await?;
    Some(match m.as_tuple().map(<[Term]>::len) {
        Some(2) => Ok(m.take_element(1).expect("{tag, reply}")),
        _ => Err(m
            .take_element(4)
            .expect("{:DOWN, tag, :process, pid, reason}")),
    })
}

/// A reply `{tag, reply}`, or the `:DOWN` of the monitor `tag`.
fn is_reply_or_down(m: &Term, tag: Ref) -> bool {
    match m.as_tuple() {
        Some([Term::Ref(r), _]) => *r == tag,
        Some([d, Term::Ref(r), _, _, _]) => d.is_atom(atom::DOWN) && *r == tag,
        _ => false,
    }
}

/// `GenServer.cast/2`: always `:ok`, even when nobody has the name.
pub async fn cast(cx: &mut Ctx, server: &Term, request: Term) -> Term {
    if let Err(request) = cast_now(cx, server, request) {
        // As Elixir does: the via module's `send/2` delivers it, and
        // whatever it raises is ignored.
        if let Some(ServerRef::Via(module, name)) = ServerRef::from_term(server) {
            let msg = Term::tuple([Term::atom(atom::GEN_CAST), request]);
            let _ = cx
                .apply(module, crate::atom!("send"), vec![name, msg])
                .await;
        }
    }
    Term::ok()
}

/// `GenServer.cast/2` to a server found without waiting (a PID, a local or
/// global name, or nothing); a via name gives the request back, for
/// [`cast`] to ask its module.
pub fn cast_now(cx: &Ctx, server: &Term, request: Term) -> Result<(), Term> {
    let found = match server {
        // The common case, without building a `ServerRef`.
        Term::Pid(p) => Some(*p),
        _ => match ServerRef::from_term(server) {
            Some(r) => match r.whereis_now(cx) {
                Some(found) => found,
                None => return Err(request),
            },
            None => None,
        },
    };
    if let Some(pid) = found {
        send_cast(cx, pid, request);
    }
    Ok(())
}

fn send_cast(cx: &Ctx, pid: Pid, request: Term) {
    cx.send(pid, Term::tuple([Term::atom(atom::GEN_CAST), request]));
}

/// `GenServer.reply/2`: answers a call; a caller that gave up gets nothing.
pub fn reply(cx: &Ctx, to: From, reply: Term) {
    let msg = Term::tuple([Term::Ref(to.tag), reply]);
    cx.node()
        .send_alias_from(Some(cx.self_pid()), to.pid, to.tag, msg);
}

/// `GenServer.stop/3`: asks the server to run `terminate` and exit with
/// `reason`, and waits until it has.
pub async fn stop(
    cx: &mut Ctx,
    server: &Term,
    reason: Term,
    timeout: Option<Duration>,
) -> Result<Term, Exception> {
    let args = || vec![server.clone(), reason.clone(), timeout_term(timeout)];
    let Some(pid) = whereis(cx, server).await? else {
        return Err(call_exit(Term::atom(atom::NOPROC), "stop", args()));
    };
    if pid == cx.self_pid() {
        return Err(call_exit(Term::atom(atom::CALLING_SELF), "stop", args()));
    }
    let m = cx.monitor(pid);
    let request = Term::tuple([Term::Atom(crate::atom!("terminate")), reason.clone()]);
    cx.send(
        pid,
        Term::tuple([
            Term::Atom(crate::atom!("system")),
            Term::Pid(cx.self_pid()),
            request,
        ]),
    );
    let down = cx
        .receive(
            |msg| match msg.as_tuple() {
                Some([d, Term::Ref(r), _, _, why]) if d.is_atom(atom::DOWN) && *r == m => {
                    Some(why.clone())
                }
                _ => None,
            },
            timeout,
        )
        .await;
    match down {
        Some(why) if why == reason => Ok(Term::ok()),
        Some(why) if why.is_atom(atom::NOPROC) => Err(call_exit(why, "stop", args())),
        Some(why) => Err(Exception::exit(why)),
        None => {
            cx.demonitor(m, true);
            Err(call_exit(Term::atom(atom::TIMEOUT), "stop", args()))
        }
    }
}
