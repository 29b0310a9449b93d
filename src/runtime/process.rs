//! A process's shared record: its mailbox and everything other processes may
//! change or read (links, monitors, flags, name).
//!
//! Senders take the lock briefly to enqueue; the process itself takes it to
//! receive. One lock per process, never two at once, so no lock order exists
//! to get wrong.
//!
//! The lock is a [`SpinLock`](super::SpinLock).

use super::pid_set::{PidSet, RefMap};
use super::SpinLock as Mutex;
use crate::term::{Atom, Pid, Ref, Term};
use std::collections::VecDeque;
use std::sync::Arc;
use std::task::Waker;

/// The shared part of a process.
pub(crate) struct Proc {
    pub pid: Pid,
    pub state: Mutex<ProcState>,
    /// Set once the process has ended: read without the lock.
    pub ended: std::sync::atomic::AtomicBool,
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
    /// The task's waker, refreshed on every poll.
    pub waker: Option<Waker>,
    /// Counted in the node's runnable total while true.
    pub runnable: bool,
    /// References whose replies may still be delivered (OTP's aliases):
    /// a reply to a call that already timed out is dropped.
    pub aliases: Vec<Ref>,
    /// Set by a body that yields to the scheduler: it parks but stays runnable.
    pub yielded: bool,
    /// How it was started and what it runs, shared by processes of one kind.
    pub identity: Option<Arc<Identity>>,
}

impl Proc {
    pub fn new(pid: Pid) -> Proc {
        Proc {
            pid,
            ended: std::sync::atomic::AtomicBool::new(false),
            state: Mutex::new(ProcState {
                alive: true,
                runnable: true,
                ..ProcState::default()
            }),
        }
    }
}

impl ProcState {
    /// Wakes the task if it was parked; returns true when it became runnable.
    pub fn wake(&mut self) -> bool {
        if let Some(w) = &self.waker {
            w.wake_by_ref();
        }
        if self.runnable {
            false
        } else {
            self.runnable = true;
            true
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
