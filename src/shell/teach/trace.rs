//! `trace`: what a process receives and sends, printed above the prompt as
//! it happens, each message named by what it is in OTP terms.
//!
//! ```text
//! iex> trace KV.Registry
//! 21:14:03.120 KV.Registry call {:lookup, "shopping"} from #PID<0.110.0>
//! 21:14:03.120 KV.Registry reply :error to #PID<0.110.0>
//! 21:14:04.002 KV.Registry cast {:create, "shopping"}
//! 21:14:04.002 KV.Registry spawn #PID<0.131.0>
//! ```
//!
//! Links, the exit signal that ends the process, its exit and, for a
//! supervisor, each restart have lines too. `untrace KV.Registry` (or
//! `untrace` for every process) stops it; a traced process that ends prints
//! its exit reason, and when its supervisor restarts it, the new process is
//! traced in its place.

use crate::otp::logger::Console;
use crate::runtime::{Node, TraceEvent};
use crate::term::inspect::inspect;
use crate::term::{atom, Pid, Term};
use std::sync::{Arc, Weak};

/// Starts tracing `pid`, sending its events to the node's console.
pub fn start(node: &Arc<Node>, pid: Pid) {
    let console = Console::of(node);
    let weak: Weak<Node> = Arc::downgrade(node);
    node.set_trace_hook(Some(Arc::new(move |e: &TraceEvent| {
        let Some(node) = weak.upgrade() else {
            return;
        };
        console.write(&format!("{} {}\n", timestamp(), line(&node, e)));
    })));
    node.trace(pid, true);
}

/// One event as a learner reads it: who, what, with whom.
pub fn line(node: &Node, e: &TraceEvent) -> String {
    let who = |p: Pid| name(node, p);
    match e {
        TraceEvent::Received { pid, from, msg } => {
            format!("{} {}", who(*pid), received(node, *from, msg))
        }
        TraceEvent::Sent { pid, to, msg } => format!("{} {}", who(*pid), sent(node, *to, msg)),
        TraceEvent::Spawned { pid, child } => {
            format!("{} spawn {}", who(*pid), inspect(&Term::Pid(*child)))
        }
        TraceEvent::Exited { pid, reason } => format!("{} exit {}", who(*pid), inspect(reason)),
        TraceEvent::Linked { pid, other } => format!("{} link {}", who(*pid), who(*other)),
        TraceEvent::ExitSignal { pid, from, reason } => {
            format!(
                "{} exit signal from {} {}",
                who(*pid),
                who(*from),
                inspect(reason)
            )
        }
        TraceEvent::Restarted { pid, old, new } => {
            let was = old.map(|o| format!(" in place of {}", inspect(&Term::Pid(o))));
            format!(
                "{} restart {}{}",
                who(*pid),
                inspect(&Term::Pid(*new)),
                was.unwrap_or_default()
            )
        }
    }
}

/// What a message is in OTP's terms: how a trace line and a sequence
/// diagram name it.
pub enum Meaning<'m> {
    /// A GenServer call, with its caller when the message names one.
    Call {
        caller: Option<Pid>,
        request: &'m Term,
    },
    Cast(&'m Term),
    /// `{ref, reply}`: a call's answer.
    Reply(&'m Term),
    /// `{:system, from, request}` (`from` when it is a bare PID).
    System {
        from: Option<Pid>,
        request: &'m Term,
    },
    Exit {
        from: Pid,
        reason: &'m Term,
    },
    Down {
        about: Pid,
        reason: &'m Term,
    },
    /// A plain message.
    Other,
}

/// The meaning of `msg`.
pub fn meaning(msg: &Term) -> Meaning<'_> {
    match msg.as_tuple() {
        Some([tag, caller, request]) if tag.is_atom(atom::GEN_CALL) => Meaning::Call {
            caller: caller.as_tuple().and_then(|t| t.first()?.as_pid()),
            request,
        },
        Some([tag, request]) if tag.is_atom(atom::GEN_CAST) => Meaning::Cast(request),
        Some([tag, from, request]) if tag.is_atom(crate::atom!("system")) => Meaning::System {
            from: from.as_pid(),
            request,
        },
        Some([tag, Term::Pid(from), reason]) if tag.is_atom(atom::EXIT) => Meaning::Exit {
            from: *from,
            reason,
        },
        Some([tag, _, _, Term::Pid(about), reason]) if tag.is_atom(atom::DOWN) => Meaning::Down {
            about: *about,
            reason,
        },
        Some([Term::Ref(_), reply]) => Meaning::Reply(reply),
        _ => Meaning::Other,
    }
}

fn received(node: &Node, from: Option<Pid>, msg: &Term) -> String {
    let from_text = |p: Option<Pid>| {
        p.map(|p| format!(" from {}", name(node, p)))
            .unwrap_or_default()
    };
    match meaning(msg) {
        Meaning::Call { caller, request } => {
            format!("call {}{}", inspect(request), from_text(caller.or(from)))
        }
        Meaning::Cast(request) => format!("cast {}", inspect(request)),
        Meaning::System {
            from: Some(p),
            request,
        } => format!("system {} from {}", inspect(request), name(node, p)),
        Meaning::Exit { from: p, reason } => {
            format!("EXIT from {} {}", name(node, p), inspect(reason))
        }
        Meaning::Down { about, reason } => {
            format!("DOWN {} {}", name(node, about), inspect(reason))
        }
        Meaning::Reply(reply) => format!("got reply {}{}", inspect(reply), from_text(from)),
        Meaning::System { from: None, .. } | Meaning::Other => {
            format!("info {}{}", inspect(msg), from_text(from))
        }
    }
}

fn sent(node: &Node, to: Pid, msg: &Term) -> String {
    let to_text = name(node, to);
    match meaning(msg) {
        Meaning::Reply(reply) => format!("reply {} to {to_text}", inspect(reply)),
        Meaning::Call { request, .. } => format!("call {} to {to_text}", inspect(request)),
        Meaning::Cast(request) => format!("cast {} to {to_text}", inspect(request)),
        _ => format!("send {} to {to_text}", inspect(msg)),
    }
}

/// A process by its registered name, or its PID.
fn name(node: &Node, p: Pid) -> String {
    match node.info(p, None).and_then(|i| i.registered_name) {
        Some(n) => inspect(&Term::Atom(n)),
        None => inspect(&Term::Pid(p)),
    }
}

fn timestamp() -> String {
    chrono::Local::now().format("%H:%M:%S%.3f").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{block_on, Mode};
    use crate::term::Ref;

    fn lines(events: Vec<TraceEvent>) -> Vec<String> {
        block_on(Mode::Deterministic, move |node| async move {
            events.iter().map(|e| line(&node, e)).collect()
        })
    }

    #[test]
    fn messages_are_named_by_what_they_are_in_otp() {
        let (server, client) = (Pid(120), Pid(110));
        let call = Term::tuple([
            Term::atom(atom::GEN_CALL),
            Term::tuple([Term::Pid(client), Term::Ref(Ref(7))]),
            Term::atom_named("pop"),
        ]);
        let got = lines(vec![
            TraceEvent::Received {
                pid: server,
                from: Some(client),
                msg: call,
            },
            TraceEvent::Sent {
                pid: server,
                to: client,
                msg: Term::tuple([Term::Ref(Ref(7)), Term::int(1)]),
            },
            TraceEvent::Received {
                pid: server,
                from: None,
                msg: Term::tuple([
                    Term::atom(atom::GEN_CAST),
                    Term::tuple([Term::atom_named("push"), Term::int(1)]),
                ]),
            },
            TraceEvent::Received {
                pid: server,
                from: Some(client),
                msg: Term::tuple([
                    Term::atom(atom::EXIT),
                    Term::Pid(client),
                    Term::atom(atom::KILLED),
                ]),
            },
            TraceEvent::Received {
                pid: server,
                from: Some(client),
                msg: Term::atom_named("tick"),
            },
            TraceEvent::Spawned {
                pid: server,
                child: Pid(130),
            },
            TraceEvent::Exited {
                pid: server,
                reason: Term::atom(atom::SHUTDOWN),
            },
        ]);
        assert_eq!(
            got,
            [
                "#PID<0.120.0> call :pop from #PID<0.110.0>",
                "#PID<0.120.0> reply 1 to #PID<0.110.0>",
                "#PID<0.120.0> cast {:push, 1}",
                "#PID<0.120.0> EXIT from #PID<0.110.0> :killed",
                "#PID<0.120.0> info :tick from #PID<0.110.0>",
                "#PID<0.120.0> spawn #PID<0.130.0>",
                "#PID<0.120.0> exit :shutdown",
            ]
        );
    }

    #[test]
    fn links_killing_signals_and_restarts_have_lines_of_their_own() {
        let (sup, old, new) = (Pid(100), Pid(101), Pid(102));
        let got = lines(vec![
            TraceEvent::Linked {
                pid: old,
                other: sup,
            },
            TraceEvent::ExitSignal {
                pid: old,
                from: Pid(90),
                reason: Term::atom(atom::KILL),
            },
            TraceEvent::Restarted {
                pid: sup,
                old: Some(old),
                new,
            },
        ]);
        assert_eq!(
            got,
            [
                "#PID<0.101.0> link #PID<0.100.0>",
                "#PID<0.101.0> exit signal from #PID<0.90.0> :kill",
                "#PID<0.100.0> restart #PID<0.102.0> in place of #PID<0.101.0>",
            ]
        );
    }
}
