//! `seq_trace`: the messages among processes while a function runs, as a
//! Mermaid sequence diagram (and, written to a file, as an SVG picture).
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

use super::seq_diagram::Diagram;
use super::tree_command::file_error;
use super::{seq_mermaid, svg};
use crate::otp::logger::Console;
use crate::otp::native::apply_fun;
use crate::runtime::{Ctx, Node, TraceEvent};
use crate::term::build::{is_keyword, keyword_get};
use crate::term::{Atom, Exception, Pid, Term};
use parking_lot::Mutex;
use std::path::Path;
use std::sync::Arc;

/// `seq_trace fun` or `seq_trace fun, file: "calls.mmd"` (which writes
/// `calls.svg` too); or
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
    // A process busy forever stops the recording no later than it stops
    // the shell's wait for its next prompt.
    cx.until_others_quiet_or_busy(crate::shell::session::SETTLE_SLICES)
        .await;
    let node = cx.node();
    node.trace_every_process(false);
    node.set_trace_hook(r.previous);
    let recording = std::mem::take(&mut *r.events.lock());
    recording
}

/// Prints the diagram as Mermaid, or writes it to `file` with its SVG
/// picture beside it (`calls.mmd` and `calls.svg`; only the picture for
/// a `.svg` file).
fn draw(cx: &Ctx, recording: &Recording, file: Option<&Term>) -> Result<(), Exception> {
    let diagram = Diagram::of(&recording.names, cx.self_pid(), &recording.events);
    let console = Console::of(cx.node());
    let Some(path) = file.and_then(Term::as_str) else {
        console.write(&seq_mermaid::mermaid(&diagram));
        return Ok(());
    };
    if svg::is_svg_path(path) {
        write(path, &svg::seq::svg(&diagram))?;
        console.write(&format!("Wrote the sequence diagram to {path}\n"));
        return Ok(());
    }
    let picture = Path::new(path).with_extension("svg");
    let picture = picture.to_string_lossy();
    write(path, &seq_mermaid::mermaid(&diagram))?;
    write(&picture, &svg::seq::svg(&diagram))?;
    console.write(&format!(
        "Wrote the sequence diagram to {path} and its picture to {picture}\n"
    ));
    Ok(())
}

fn write(path: &str, contents: &str) -> Result<(), Exception> {
    std::fs::write(path, contents).map_err(|e| file_error(path, &e))
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
        TraceEvent::Linked { pid, other } => vec![*pid, *other],
        TraceEvent::ExitSignal { pid, from, .. } => vec![*from, *pid],
        TraceEvent::Restarted { pid, new, .. } => vec![*pid, *new],
    }
}

/// The events as a Mermaid sequence diagram; `shell` is drawn as `iex`,
/// a process in `names` by its registered name.
pub fn mermaid(names: &[(Pid, Atom)], shell: Pid, events: &[TraceEvent]) -> String {
    seq_mermaid::mermaid(&Diagram::of(names, shell, events))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::teach::fixtures::stack_session;

    #[test]
    fn a_call_its_reply_a_cast_and_an_exit_in_order_of_appearance() {
        let (names, shell, events) = stack_session();
        let text = mermaid(&names, shell, &events);
        insta::assert_snapshot!(text);
    }
}
