//! `seq_trace`: the messages among processes while a function runs, as a
//! Mermaid sequence diagram.
//!
//! ```text
//! iex> seq_trace fn -> GenServer.call(MyStack, :pop) end   # or :start ... :stop
//! sequenceDiagram
//!   participant P1 as iex
//!   participant P2 as MyStack
//!   P1->>P2: call :pop
//!   P2-->>P1: reply :a
//! ```
//!
//! Participants are named (the shell is `iex`, a registered process by its
//! name, others by PID) and listed in the order they first take part;
//! calls come with their replies, casts, plain messages, spawns, `EXIT`
//! and `DOWN` messages with their reasons, and each process's end.

use super::trace::{meaning, Meaning};
use crate::otp::logger::Console;
use crate::otp::native::apply_fun;
use crate::runtime::{Ctx, Node, TraceEvent};
use crate::term::build::{is_keyword, keyword_get};
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Pid, Term};
use parking_lot::Mutex;
use std::fmt::Write as _;
use std::sync::Arc;

/// `seq_trace fun` or `seq_trace fun, file: "calls.mmd"`; or
/// `seq_trace :start`, inputs, then `seq_trace :stop` (with `file:`).
pub async fn seq_trace(cx: &mut Ctx, args: &[Term]) -> Result<Term, Exception> {
    let (what, opts) = match args {
        [w] => (w, Term::Nil),
        [w, opts] if is_keyword(opts) => (w, opts.clone()),
        _ => return Err(usage()),
    };
    let file = keyword_get(&opts, Atom::new("file"));
    let console = Console::of(cx.node());
    match what {
        Term::Fun(_) => {
            let recording = start(cx);
            let result = apply_fun(cx, what, Vec::new()).await;
            let events = stop(cx, recording).await;
            result?;
            draw(cx, &events, file.as_ref())?;
        }
        w if w.is_atom(Atom::new("start")) => {
            let recording = start(cx);
            cx.node().extension::<Open>().0.lock().replace(recording);
            console.write(
                "Recording every message for a sequence diagram; seq_trace :stop draws it.\n",
            );
        }
        w if w.is_atom(Atom::new("stop")) => {
            let Some(recording) = cx.node().extension::<Open>().0.lock().take() else {
                return Err(Exception::argument_error(
                    "no sequence diagram is being recorded: seq_trace :start begins one",
                ));
            };
            let events = stop(cx, recording).await;
            draw(cx, &events, file.as_ref())?;
        }
        _ => return Err(usage()),
    }
    Ok(Term::Atom(crate::shell::helpers::dont_display()))
}

fn usage() -> Exception {
    Exception::argument_error(
        "seq_trace takes a function of no arguments, or :start and later :stop, and file: \"name.mmd\"",
    )
}

/// A recording under way: its events, and the trace hook it stands in front of.
struct Recorder {
    events: Arc<Mutex<Recording>>,
    previous: Option<crate::runtime::TraceHook>,
}

/// The recording `seq_trace :start` began, until `seq_trace :stop`.
#[derive(Default)]
struct Open(Mutex<Option<Recorder>>);

/// Starts tracing every process into a recording; a `trace` already on
/// still prints.
fn start(cx: &Ctx) -> Recorder {
    let events = Arc::new(Mutex::new(Recording::default()));
    let node = cx.node().clone();
    let previous = node.trace_hook();
    let collected = events.clone();
    let forward = previous.clone();
    let weak = Arc::downgrade(&node);
    node.set_trace_hook(Some(Arc::new(move |e: &TraceEvent| {
        if let Some(node) = weak.upgrade() {
            collected.lock().record(&node, e);
        }
        if let Some(f) = &forward {
            f(e);
        }
    })));
    node.trace_every_process(true);
    Recorder { events, previous }
}

/// Once the processes are quiet: stops the recording, and gives it.
async fn stop(cx: &mut Ctx, r: Recorder) -> Recording {
    cx.until_others_quiet().await;
    let node = cx.node();
    node.trace_every_process(false);
    node.set_trace_hook(r.previous);
    let recording = std::mem::take(&mut *r.events.lock());
    recording
}

/// Prints the diagram, or writes it to `file`.
fn draw(cx: &Ctx, recording: &Recording, file: Option<&Term>) -> Result<(), Exception> {
    let diagram = mermaid(&recording.names, cx.self_pid(), &recording.events);
    let console = Console::of(cx.node());
    match file.and_then(Term::as_str) {
        Some(path) => {
            std::fs::write(path, &diagram)
                .map_err(|e| Exception::argument_error(&format!("could not write {path}: {e}")))?;
            console.write(&format!("Wrote the sequence diagram to {path}\n"));
        }
        None => console.write(&diagram),
    }
    Ok(())
}

/// The events of a run, and the registered names of the processes in them
/// as they were then (a process that ended has lost its name since).
#[derive(Default)]
struct Recording {
    events: Vec<TraceEvent>,
    names: Vec<(Pid, Atom)>,
}

impl Recording {
    fn record(&mut self, node: &Node, e: &TraceEvent) {
        for pid in pids_of(e) {
            if self.names.iter().any(|(p, _)| *p == pid) {
                continue;
            }
            if let Some(n) = node.info(pid, None).and_then(|i| i.registered_name) {
                self.names.push((pid, n));
            }
        }
        self.events.push(e.clone());
    }
}

fn pids_of(e: &TraceEvent) -> Vec<Pid> {
    match e {
        TraceEvent::Received { pid, from, .. } => std::iter::once(*pid).chain(*from).collect(),
        TraceEvent::Sent { pid, to, .. } => vec![*pid, *to],
        TraceEvent::Spawned { pid, child } => vec![*pid, *child],
        TraceEvent::Exited { pid, .. } => vec![*pid],
    }
}

/// The events as a Mermaid sequence diagram; `shell` is drawn as `iex`,
/// a process in `names` by its registered name.
pub fn mermaid(names: &[(Pid, Atom)], shell: Pid, events: &[TraceEvent]) -> String {
    let mut d = Diagram {
        names,
        shell,
        participants: Vec::new(),
        lines: Vec::new(),
    };
    for e in events {
        d.event(e);
    }
    let mut out = String::from("sequenceDiagram\n");
    for (i, (_, label)) in d.participants.iter().enumerate() {
        let _ = writeln!(out, "  participant P{} as {}", i + 1, escape(label));
    }
    for line in &d.lines {
        let _ = writeln!(out, "  {line}");
    }
    out
}

struct Diagram<'a> {
    names: &'a [(Pid, Atom)],
    shell: Pid,
    /// Each process and its label, in order of first appearance.
    participants: Vec<(Pid, String)>,
    lines: Vec<String>,
}

impl Diagram<'_> {
    fn event(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::Received {
                pid,
                from: Some(from),
                msg,
            } => self.message(*from, *pid, msg),
            TraceEvent::Received {
                pid,
                from: None,
                msg,
            } => {
                // A `:DOWN` comes from the runtime: drawn from the process
                // it tells about.
                if let Meaning::Down { about, reason } = meaning(msg) {
                    let (a, b) = (self.who(about), self.who(*pid));
                    let text = format!("DOWN {}", short(reason));
                    self.lines.push(format!("{a}->>{b}: {}", escape(&text)));
                }
            }
            // Every process is traced: a message is drawn once, received.
            TraceEvent::Sent { .. } => {}
            TraceEvent::Spawned { pid, child } => {
                let (a, b) = (self.who(*pid), self.who(*child));
                self.lines.push(format!("{a}->>{b}: spawn"));
            }
            TraceEvent::Exited { pid, reason } => {
                let a = self.who(*pid);
                let text = format!("exit {}", short(reason));
                self.lines.push(format!("Note over {a}: {}", escape(&text)));
            }
        }
    }

    fn message(&mut self, from: Pid, to: Pid, msg: &Term) {
        let (a, b) = (self.who(from), self.who(to));
        let (arrow, text) = match meaning(msg) {
            Meaning::Call { request, .. } => ("->>", format!("call {}", inspect(request))),
            Meaning::Cast(request) => ("-)", format!("cast {}", inspect(request))),
            Meaning::Reply(reply) => ("-->>", format!("reply {}", inspect(reply))),
            Meaning::Exit { reason, .. } => ("-x", format!("EXIT {}", short(reason))),
            Meaning::System { request, .. } => ("->>", format!("system {}", inspect(request))),
            Meaning::Down { .. } | Meaning::Other => ("->>", inspect(msg)),
        };
        self.lines.push(format!("{a}{arrow}{b}: {}", escape(&text)));
    }

    /// The participant id of `pid`, added at its first appearance.
    fn who(&mut self, pid: Pid) -> String {
        let at = match self.participants.iter().position(|(p, _)| *p == pid) {
            Some(i) => i,
            None => {
                let label = if pid == self.shell {
                    "iex".to_string()
                } else {
                    match self.names.iter().find(|(p, _)| *p == pid) {
                        Some((_, n)) => inspect(&Term::Atom(*n)),
                        None => inspect(&Term::Pid(pid)),
                    }
                };
                self.participants.push((pid, label));
                self.participants.len() - 1
            }
        };
        format!("P{}", at + 1)
    }
}

/// An exit reason for a diagram: a crash's exception without its
/// stacktrace (`{%RuntimeError{...}, [frames]}` reads as the exception).
fn short(reason: &Term) -> String {
    match reason.as_tuple() {
        Some([e, frames])
            if frames
                .list_to_vec()
                .is_some_and(|f| f.iter().all(|x| x.as_tuple().is_some()))
                && !matches!(frames, Term::Nil) =>
        {
            inspect(e)
        }
        _ => inspect(reason),
    }
}

/// Mermaid's entity codes for what a label cannot hold as is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::{atom, Ref};

    #[test]
    fn a_call_its_reply_a_cast_and_an_exit_in_order_of_appearance() {
        let (shell, server, worker) = (Pid(100), Pid(110), Pid(111));
        let events = vec![
            TraceEvent::Received {
                pid: server,
                from: Some(shell),
                msg: Term::tuple([
                    Term::atom(atom::GEN_CALL),
                    Term::tuple([Term::Pid(shell), Term::Ref(Ref(1))]),
                    Term::atom_named("pop"),
                ]),
            },
            TraceEvent::Sent {
                pid: server,
                to: shell,
                msg: Term::atom_named("ignored"),
            },
            TraceEvent::Received {
                pid: shell,
                from: Some(server),
                msg: Term::tuple([Term::Ref(Ref(1)), Term::atom_named("a")]),
            },
            TraceEvent::Received {
                pid: server,
                from: Some(shell),
                msg: Term::tuple([Term::atom(atom::GEN_CAST), Term::int(1)]),
            },
            TraceEvent::Spawned {
                pid: server,
                child: worker,
            },
            TraceEvent::Exited {
                pid: worker,
                reason: Term::atom(atom::NORMAL),
            },
        ];
        let names = [(server, Atom::module("MyStack"))];
        let text = mermaid(&names, shell, &events);
        insta::assert_snapshot!(text);
    }
}
