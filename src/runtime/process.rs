//! A process's shared record: its mailbox and everything other processes may
//! change or read (links, monitors, flags, name).
//!
//! Senders take the lock briefly to enqueue; the process itself takes it to
//! receive. One lock per process, never two at once, so no lock order exists
//! to get wrong.
//!
//! The lock is a [`SpinLock`](super::SpinLock).

use super::driver::Body;
use super::pid_set::{PidSet, RefMap};
use super::scheduler::Scheduler;
use super::SpinLock as Mutex;
use crate::term::{Atom, Pid, Term};
use std::collections::VecDeque;
use std::sync::Arc;

/// The shared part of a process.
pub(crate) struct Proc {
    pub pid: Pid,
    pub state: Mutex<ProcState>,
    /// Set once the process has ended: read without the lock.
    pub ended: std::sync::atomic::AtomicBool,
    /// The node's scheduler, which a waker queues the process on.
    pub scheduler: Arc<Scheduler>,
}

/// A handle on a process that tells, without any lock, whether it still runs
/// (what a registry entry keeps to filter out owners that just died).
#[derive(Clone)]
pub struct ProcHandle(pub(crate) Arc<Proc>);

impl ProcHandle {
    /// True until the process ends.
    pub fn is_alive(&self) -> bool {
        !self.0.ended.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The process's PID.
    pub fn pid(&self) -> Pid {
        self.0.pid
    }
}

#[derive(Default)]
pub(crate) struct ProcState {
    /// False once the process has ended; nothing is delivered after that.
    pub alive: bool,
    /// Messages in arrival order.
    pub inbox: VecDeque<Term>,
    /// A reason the process must die with at its next scheduling point.
    pub exiting: Option<Term>,
    pub trap_exit: bool,
    pub links: PidSet,
    /// Monitors this process holds on others.
    pub monitors: RefMap,
    /// Monitors others hold on this process.
    pub monitored_by: RefMap,
    pub name: Option<Atom>,
    /// Global names held (rare: boxed so that processes without pay one word).
    #[allow(clippy::box_collection)] // the point: one word when absent
    pub global_names: Option<Box<Vec<Term>>>,
    /// Where the scheduler has the process.
    pub sched: Sched,
    /// The body, while the process is parked or queued (the scheduler holds
    /// it while it runs).
    pub body: Option<Body>,
    /// References whose replies may still be delivered (OTP's aliases):
    /// a reply to a call that already timed out is dropped.
    pub aliases: super::aliases::Aliases,
    /// How it was started and what it runs, shared by processes of one kind.
    pub identity: Option<Arc<Identity>>,
}

/// Where the scheduler has a process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Sched {
    /// In the run queue.
    #[default]
    Queued,
    /// Being polled. Something woke it meanwhile: a message (`mail`), or
    /// anything else (`woken`: a timer, a yield). Either sends it back to the
    /// queue instead of parking, except that a receive which scans the whole
    /// mailbox afterwards clears `mail` (it has seen that message).
    Running { woken: bool, mail: bool },
    /// Waiting for a message, a timer or a signal.
    Parked,
    /// Ended: nothing wakes it any more.
    Ended,
}

/// What woke a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wake {
    /// A message arrived.
    Mail,
    /// Anything else: a signal, a timer, a yield.
    Other,
}

impl Sched {
    /// Being polled, nothing woke it yet.
    pub fn running() -> Sched {
        Sched::Running {
            woken: false,
            mail: false,
        }
    }

    /// Notes a wake-up; true when the process must be queued (it was parked).
    pub fn wake(&mut self, why: Wake) -> bool {
        match self {
            Sched::Parked => {
                *self = Sched::Queued;
                true
            }
            Sched::Running { woken, mail } => {
                match why {
                    Wake::Mail => *mail = true,
                    Wake::Other => *woken = true,
                }
                false
            }
            Sched::Queued | Sched::Ended => false,
        }
    }

    /// A running process's receive has looked at every message there is.
    pub fn mail_seen(&mut self) {
        if let Sched::Running { mail, .. } = self {
            *mail = false;
        }
    }

    /// A running process must go back to the queue rather than park.
    pub fn woken_while_running(self) -> bool {
        matches!(
            self,
            Sched::Running { woken: true, .. } | Sched::Running { mail: true, .. }
        )
    }

    /// Queued or running.
    pub fn is_runnable(self) -> bool {
        matches!(self, Sched::Queued | Sched::Running { .. })
    }
}

impl Proc {
    /// A fresh record with nothing in it (tests build tables of these).
    #[cfg(test)]
    pub fn new(pid: Pid, scheduler: Arc<Scheduler>) -> Proc {
        let state = ProcState {
            alive: true,
            ..ProcState::default()
        };
        Proc::with_state(pid, scheduler, state)
    }

    /// A process record starting from `state`.
    pub fn with_state(pid: Pid, scheduler: Arc<Scheduler>, state: ProcState) -> Proc {
        Proc {
            pid,
            ended: std::sync::atomic::AtomicBool::new(false),
            scheduler,
            state: Mutex::new(state),
        }
    }

    /// Wakes the process, whose state the caller holds locked: a parked
    /// process goes in the run queue.
    pub fn wake(self: &Arc<Self>, st: &mut ProcState, why: Wake) {
        if st.sched.wake(why) {
            self.scheduler.enqueue(self);
        }
    }
}

/// What a process runs: shown by `Process.info` and by supervisors. Processes
/// of one kind share one (a supervisor's 100,000 workers hold one pointer each).
#[derive(Debug, Default)]
pub struct Identity {
    /// `{module, function, arity}` the process was started with.
    pub initial_call: Option<Term>,
    /// What a supervisor shows for it in `which_children` (`[Agent]`).
    pub modules: Option<Term>,
}

impl Identity {
    /// A shareable identity.
    pub fn new(initial_call: Term, modules: Option<Term>) -> Option<Arc<Identity>> {
        Some(Arc::new(Identity {
            initial_call: Some(initial_call),
            modules,
        }))
    }
}

/// What `Process.info/1` reports.
#[derive(Clone, Debug)]
pub struct ProcessInfo {
    /// The registered name, if any.
    pub registered_name: Option<Atom>,
    /// running, runnable or waiting.
    pub status: Status,
    /// Messages waiting in the mailbox.
    pub message_queue_len: usize,
    /// Linked processes.
    pub links: Vec<Pid>,
    /// Processes this one monitors.
    pub monitors: Vec<Pid>,
    /// Processes monitoring this one.
    pub monitored_by: Vec<Pid>,
    /// Whether exit signals arrive as messages.
    pub trap_exit: bool,
    /// `{module, function, arity}` it started with.
    pub initial_call: Option<Term>,
    /// The modules a supervisor reports for it.
    pub modules: Option<Term>,
}

/// A process's scheduling state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The process asking is this one.
    Running,
    /// Ready to run.
    Runnable,
    /// Parked in a receive or a sleep.
    Waiting,
}

impl Status {
    /// The atom `Process.info` shows.
    pub fn name(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Runnable => "runnable",
            Status::Waiting => "waiting",
        }
    }
}
