//! Message tracing: what a traced process receives and sends, whom it
//! spawns, how it ends, reported to a hook as it happens.
//!
//! The runtime only reports; what an event means (a GenServer call, its
//! reply, a cast) is for the hook to read from the message. Tracing costs
//! nothing when off: every send checks one flag, set while any process is
//! traced.

use crate::term::{Pid, Term};
use parking_lot::{Mutex, RwLock};
use rustc_hash::FxHashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Something a traced process did, or that happened to it.
#[derive(Clone, Debug)]
pub enum TraceEvent {
    /// `pid` got `msg` (from `from`, when the runtime knows the sender).
    Received {
        pid: Pid,
        from: Option<Pid>,
        msg: Term,
    },
    /// `pid` sent `msg` to `to`.
    Sent { pid: Pid, to: Pid, msg: Term },
    /// `pid` spawned `child`, linked to it.
    Spawned { pid: Pid, child: Pid },
    /// `pid` ended with `reason`.
    Exited { pid: Pid, reason: Term },
    /// `pid` and `other` were linked (by `link`, not at a spawn).
    Linked { pid: Pid, other: Pid },
    /// An exit signal from `from` reached `pid`, which does not trap it:
    /// it ends `pid` (unless it is a `:normal` one, which is not told).
    ExitSignal { pid: Pid, from: Pid, reason: Term },
    /// The supervisor `pid` started `new` in place of its child `old`
    /// (`None` when the old one was not a process any more), told by the
    /// supervisor itself.
    Restarted {
        pid: Pid,
        old: Option<Pid>,
        new: Pid,
    },
}

/// What is called with each event.
pub type TraceHook = Arc<dyn Fn(&TraceEvent) + Send + Sync>;

/// The traced processes of a node and the hook their events go to.
#[derive(Default)]
pub(crate) struct Tracing {
    on: AtomicBool,
    /// Every process traced (a sequence diagram's recording).
    all: AtomicBool,
    traced: RwLock<FxHashSet<Pid>>,
    hook: RwLock<Option<TraceHook>>,
    /// The latest traced processes that ended, for a restart to follow.
    ended: Mutex<Vec<Pid>>,
}

/// How many ended traced processes a restart may still follow.
const ENDED_KEPT: usize = 64;

impl Tracing {
    /// True while any process is traced: the one check a send pays.
    #[inline(always)]
    pub fn on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
    }

    pub fn set_hook(&self, hook: Option<TraceHook>) {
        *self.hook.write() = hook;
    }

    pub fn hook(&self) -> Option<TraceHook> {
        self.hook.read().clone()
    }

    /// Traces every process, or stops tracing those not traced one by one.
    pub fn trace_all(&self, on: bool) {
        self.all.store(on, Ordering::Relaxed);
        self.refresh(&self.traced.read());
    }

    /// Starts or stops tracing `pid`.
    pub fn trace(&self, pid: Pid, on: bool) {
        let mut traced = self.traced.write();
        if on {
            traced.insert(pid);
        } else {
            traced.remove(&pid);
        }
        self.refresh(&traced);
    }

    /// Stops tracing every process.
    pub fn clear(&self) {
        let mut traced = self.traced.write();
        traced.clear();
        self.ended.lock().clear();
        self.refresh(&traced);
    }

    /// Events are reported while a process is traced, and while a traced
    /// process that ended may yet be restarted.
    fn refresh(&self, traced: &FxHashSet<Pid>) {
        let any =
            !traced.is_empty() || self.all.load(Ordering::Relaxed) || !self.ended.lock().is_empty();
        self.on.store(any, Ordering::Relaxed);
    }

    pub fn is_traced(&self, pid: Pid) -> bool {
        self.all.load(Ordering::Relaxed) || self.traced.read().contains(&pid)
    }

    /// Reports a message from `from` (if known) to `to`.
    pub fn message(&self, from: Option<Pid>, to: Pid, msg: &Term) {
        if let Some(f) = from.filter(|f| self.is_traced(*f)) {
            self.emit(TraceEvent::Sent {
                pid: f,
                to,
                msg: msg.clone(),
            });
        }
        if self.is_traced(to) {
            self.emit(TraceEvent::Received {
                pid: to,
                from,
                msg: msg.clone(),
            });
        }
    }

    /// Reports a spawn by `parent`.
    pub fn spawned(&self, parent: Pid, child: Pid) {
        if self.is_traced(parent) {
            self.emit(TraceEvent::Spawned { pid: parent, child });
        }
    }

    /// Reports the end of `pid`, which is traced no more.
    pub fn exited(&self, pid: Pid, reason: &Term) {
        if self.is_traced(pid) {
            self.emit(TraceEvent::Exited {
                pid,
                reason: reason.clone(),
            });
            if !self.all.load(Ordering::Relaxed) {
                let mut ended = self.ended.lock();
                if ended.len() == ENDED_KEPT {
                    ended.remove(0);
                }
                ended.push(pid);
            }
            self.trace(pid, false);
        }
    }

    /// Reports a link between `a` and `b`.
    pub fn linked(&self, a: Pid, b: Pid) {
        for (pid, other) in [(a, b), (b, a)] {
            if self.is_traced(pid) {
                self.emit(TraceEvent::Linked { pid, other });
            }
        }
    }

    /// Reports an exit signal that ends the traced `pid`.
    pub fn exit_signal(&self, pid: Pid, from: Pid, reason: &Term) {
        if self.is_traced(pid) {
            self.emit(TraceEvent::ExitSignal {
                pid,
                from,
                reason: reason.clone(),
            });
        }
    }

    /// Reports a supervisor's restart of a child. A traced child that ended
    /// is followed: its replacement is traced in its place.
    pub fn restarted(&self, supervisor: Pid, old: Option<Pid>, new: Pid) {
        let follow = old.is_some_and(|o| {
            let mut ended = self.ended.lock();
            let found = ended.iter().position(|p| *p == o);
            found.map(|i| ended.remove(i)).is_some()
        });
        if follow {
            self.trace(new, true);
        }
        if follow || self.is_traced(supervisor) {
            self.emit(TraceEvent::Restarted {
                pid: supervisor,
                old,
                new,
            });
        }
    }

    fn emit(&self, e: TraceEvent) {
        let hook = self.hook.read().clone();
        if let Some(h) = hook {
            h(&e);
        }
    }
}
