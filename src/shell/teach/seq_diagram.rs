//! A sequence diagram as the teaching tools see it, made from trace
//! events: its participants, in the order they first take part, and its
//! steps, each a message between two of them or a note over one. The
//! Mermaid text and the SVG picture are both drawn from it.
//!
//! ```text
//! participants: ["iex", "MyStack"]
//! steps:        [Message 0 -> 1 "call :pop" Send, Message 1 -> 0 "reply :a" Reply]
//! ```

use super::trace::{meaning, Meaning};
use crate::runtime::TraceEvent;
use crate::term::inspect::inspect;
use crate::term::{Atom, Pid, Term};

/// The participants (by label) and the steps of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// Each process's label (`iex`, a registered name, a PID), in order
    /// of first appearance.
    pub participants: Vec<String>,
    pub steps: Vec<Step>,
}

/// One step of a diagram; participants are indexes into its list.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A message from one participant to another (or to itself).
    Message {
        from: usize,
        to: usize,
        label: String,
        arrow: Arrow,
    },
    /// A note over a participant: how it ended.
    Note { over: usize, text: String },
}

/// What kind of arrow a message is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrow {
    /// A call, a plain message, a spawn, a `DOWN`: a solid line.
    Send,
    /// A call's reply: a dashed line.
    Reply,
    /// A cast, which nobody waits for: an open arrowhead.
    Cast,
    /// An `EXIT` signal: a cross at the receiving end.
    Exit,
}

impl Diagram {
    /// The diagram of `events`; `shell` is labelled `iex`, a process in
    /// `names` by its registered name, any other by its PID.
    pub fn of(names: &[(Pid, Atom)], shell: Pid, events: &[TraceEvent]) -> Diagram {
        let mut b = Builder {
            names,
            shell,
            pids: Vec::new(),
            diagram: Diagram::default(),
        };
        for e in events {
            b.event(e);
        }
        b.diagram
    }
}

struct Builder<'a> {
    names: &'a [(Pid, Atom)],
    shell: Pid,
    /// The process of each participant.
    pids: Vec<Pid>,
    diagram: Diagram,
}

impl Builder<'_> {
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
                    let label = format!("DOWN {}", short(reason));
                    self.step(about, *pid, label, Arrow::Send);
                }
            }
            // Every process is traced: a message is drawn once, received.
            TraceEvent::Sent { .. } => {}
            TraceEvent::Spawned { pid, child } => {
                self.step(*pid, *child, "spawn".to_string(), Arrow::Send)
            }
            TraceEvent::Exited { pid, reason } => {
                let over = self.who(*pid);
                let text = format!("exit {}", short(reason));
                self.diagram.steps.push(Step::Note { over, text });
            }
            // Every process is traced: a link, told by both ends, is drawn
            // once, from the lower PID.
            TraceEvent::Linked { pid, other } if pid < other => {
                self.step(*pid, *other, "link".to_string(), Arrow::Send)
            }
            TraceEvent::Linked { .. } => {}
            TraceEvent::ExitSignal { pid, from, reason } => {
                let label = format!("EXIT {}", short(reason));
                self.step(*from, *pid, label, Arrow::Exit)
            }
            TraceEvent::Restarted { pid, old, .. } => {
                let over = self.who(*pid);
                let text = match old {
                    Some(o) => format!("restart {}", inspect(&Term::Pid(*o))),
                    None => "restart".to_string(),
                };
                self.diagram.steps.push(Step::Note { over, text });
            }
        }
    }

    fn message(&mut self, from: Pid, to: Pid, msg: &Term) {
        let (arrow, label) = match meaning(msg) {
            Meaning::Call { request, .. } => (Arrow::Send, format!("call {}", inspect(request))),
            Meaning::Cast(request) => (Arrow::Cast, format!("cast {}", inspect(request))),
            Meaning::Reply(reply) => (Arrow::Reply, format!("reply {}", inspect(reply))),
            Meaning::Exit { reason, .. } => (Arrow::Exit, format!("EXIT {}", short(reason))),
            Meaning::System { request, .. } => {
                (Arrow::Send, format!("system {}", inspect(request)))
            }
            Meaning::Down { .. } | Meaning::Other => (Arrow::Send, inspect(msg)),
        };
        self.step(from, to, label, arrow);
    }

    /// A message step; the sender takes part before the receiver.
    fn step(&mut self, from: Pid, to: Pid, label: String, arrow: Arrow) {
        let (from, to) = (self.who(from), self.who(to));
        self.diagram.steps.push(Step::Message {
            from,
            to,
            label,
            arrow,
        });
    }

    /// The participant of `pid`, added at its first appearance.
    fn who(&mut self, pid: Pid) -> usize {
        if let Some(i) = self.pids.iter().position(|p| *p == pid) {
            return i;
        }
        let label = if pid == self.shell {
            "iex".to_string()
        } else {
            match self.names.iter().find(|(p, _)| *p == pid) {
                Some((_, n)) => inspect(&Term::Atom(*n)),
                None => inspect(&Term::Pid(pid)),
            }
        };
        self.pids.push(pid);
        self.diagram.participants.push(label);
        self.pids.len() - 1
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::teach::fixtures::stack_session;

    #[test]
    fn participants_come_in_order_of_first_appearance_and_sends_are_not_drawn_twice() {
        let (names, shell, events) = stack_session();
        let d = Diagram::of(&names, shell, &events);
        assert_eq!(d.participants, ["iex", "MyStack", "#PID<0.111.0>"]);
        assert_eq!(d.steps.len(), 5);
        assert_eq!(
            d.steps[1],
            Step::Message {
                from: 1,
                to: 0,
                label: "reply :a".to_string(),
                arrow: Arrow::Reply
            }
        );
        assert_eq!(
            d.steps[4],
            Step::Note {
                over: 2,
                text: "exit :normal".to_string()
            }
        );
    }
}
