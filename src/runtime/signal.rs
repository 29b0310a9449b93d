//! Links, monitors and exit signals, with OTP's rules.
//!
//! | signal reason | target traps exits | target does not trap |
//! |---|---|---|
//! | `:kill` sent by `Process.exit/2` | dies with `:killed` | dies with `:killed` |
//! | `:normal` | gets `{:EXIT, from, :normal}` | ignored (unless sent to itself) |
//! | anything else | gets `{:EXIT, from, reason}` | dies with `reason` |
//!
//! A `:kill` that arrives through a link (a linked process exited with reason
//! `:kill`) is an ordinary reason and can be trapped.

use super::node::Node;
use super::process::{Sched, Wake};
use crate::term::{atom, Pid, Ref, Term};
use std::sync::Arc;

/// Whether a monitor's reference is also the watcher's alias (OTP's
/// `monitor(process, pid, [{alias, demonitor}])`, what a call uses): both
/// are made, and undone, in one step.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alias {
    Yes,
    No,
}

/// Where an exit signal comes from: an explicit `Process.exit/2` or a link.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Explicit,
    Link,
}

impl Node {
    /// Sends the exit signal `reason` from `from` to `to` (`Process.exit/2`).
    pub fn exit_signal(&self, from: Pid, to: Pid, reason: Term) {
        self.deliver_exit(from, to, reason, Origin::Explicit);
    }

    pub(crate) fn deliver_exit(&self, from: Pid, to: Pid, reason: Term, origin: Origin) {
        // A process trapping exits gets the signal as a message: a trace
        // shows it (told before the process's record is locked, as the
        // trace's hook reads records).
        if self.tracing.on() && self.tracing.is_traced(to) {
            self.trace_exit_signal(from, to, &reason, origin);
        }
        self.with_proc(to, |proc| {
            self.exit_signal_to(proc, from, to, reason, origin)
        });
    }

    /// Tells a trace of an exit signal to `to`: as the `EXIT` message a
    /// process trapping exits gets, or as the signal that ends it.
    fn trace_exit_signal(&self, from: Pid, to: Pid, reason: &Term, origin: Origin) {
        let Some(info) = self.info(to, None) else {
            return;
        };
        let is_kill = reason.is_atom(atom::KILL) && origin == Origin::Explicit;
        if info.trap_exit && !is_kill {
            self.tracing
                .message(Some(from), to, &exit_message(from, reason.clone()));
        } else if !reason.is_atom(atom::NORMAL) || from == to {
            self.tracing.exit_signal(to, from, reason);
        }
    }

    fn exit_signal_to(
        &self,
        proc: &Arc<super::process::Proc>,
        from: Pid,
        to: Pid,
        reason: Term,
        origin: Origin,
    ) {
        let mut st = proc.state.lock();
        if !st.alive || st.exiting.is_some() {
            return;
        }
        let is_kill = reason.is_atom(atom::KILL) && origin == Origin::Explicit;
        if is_kill {
            st.exiting = Some(Term::atom(atom::KILLED));
        } else if st.trap_exit {
            st.inbox.push_back(exit_message(from, reason));
            return proc.wake(&mut st, Wake::Mail);
        } else if reason.is_atom(atom::NORMAL) {
            if from != to {
                return;
            }
            st.exiting = Some(reason);
        } else {
            st.exiting = Some(reason);
        }
        proc.wake(&mut st, Wake::Other);
    }

    /// Links `a` and `b`. When `b` is already dead, `a` receives a `:noproc`
    /// exit signal from it, as `link/1` does.
    pub fn link(&self, a: Pid, b: Pid) {
        if a == b {
            return;
        }
        let linked = self
            .with_proc(b, |pb| {
                let mut st = pb.state.lock();
                let live = st.alive && st.exiting.is_none();
                if live {
                    st.links.insert(a);
                }
                live
            })
            .unwrap_or(false);
        if !linked {
            self.deliver_exit(b, a, Term::atom(atom::NOPROC), Origin::Link);
            return;
        }
        self.with_proc(a, |pa| pa.state.lock().links.insert(b));
        if self.tracing.on() {
            self.tracing.linked(a, b);
        }
    }

    /// The other half of linking a new process `child` to `parent` (the
    /// spawner, running right now), whose own half was set when `child` was made.
    pub(crate) fn link_back(&self, parent: Pid, child: Pid) {
        self.with_proc(parent, |p| p.state.lock().links.insert(child));
    }

    /// Removes the link between `a` and `b`, if any.
    pub fn unlink(&self, a: Pid, b: Pid) {
        for (x, y) in [(a, b), (b, a)] {
            if let Some(p) = self.proc(x) {
                p.state.lock().links.remove(y);
            }
        }
    }

    /// `watcher` starts monitoring `target`; a dead target gives an immediate
    /// `{:DOWN, ref, :process, target, :noproc}`.
    pub fn monitor(&self, watcher: Pid, target: Pid) -> Ref {
        let r = self.make_ref();
        self.monitor_with_ref(watcher, target, r)
    }

    /// As [`Node::monitor`], with a reference made beforehand (a task's
    /// monitor is also the alias its reply comes on).
    pub fn monitor_with_ref(&self, watcher: Pid, target: Pid, r: Ref) -> Ref {
        let watcher_proc = self.proc(watcher);
        self.monitor_by(watcher, watcher_proc.as_ref(), target, r, Alias::No, None)
    }

    /// The monitor, with the watcher's record already in hand (a process
    /// monitoring from its own context need not look itself up). With
    /// `request`, the message goes to the target in the same visit to its
    /// record (a call's request); a dead target gets nothing.
    ///
    /// The watcher's side is written first: a reply must find the alias
    /// in place however soon the target answers.
    pub(crate) fn monitor_by(
        &self,
        watcher: Pid,
        watcher_proc: Option<&Arc<super::process::Proc>>,
        target: Pid,
        r: Ref,
        alias: Alias,
        request: Option<Term>,
    ) -> Ref {
        if let Some(p) = watcher_proc {
            let mut st = p.state.lock();
            st.monitors.insert(r, target);
            if alias == Alias::Yes {
                st.aliases.insert(r);
            }
        }
        let alive = self
            .with_proc(target, |p| {
                let mut st = p.state.lock();
                if st.alive {
                    st.monitored_by.insert(r, watcher);
                    if let Some(msg) = request {
                        st.inbox.push_back(msg);
                        p.wake(&mut st, Wake::Mail);
                    }
                }
                st.alive
            })
            .unwrap_or(false);
        if !alive {
            if let Some(p) = watcher_proc {
                p.state.lock().monitors.remove(r);
            }
            self.send(watcher, down_message(r, target, Term::atom(atom::NOPROC)));
        }
        r
    }

    /// Removes the monitor `r` held by `watcher`; with `flush`, also drops a
    /// `:DOWN` message for it already in the mailbox. Returns true if it was active.
    pub fn demonitor(&self, watcher: Pid, r: Ref, flush: bool) -> bool {
        let watcher_proc = self.proc(watcher);
        self.demonitor_by(watcher_proc.as_ref(), r, flush, Alias::No)
    }

    /// The demonitor, with the watcher's record already in hand.
    pub(crate) fn demonitor_by(
        &self,
        watcher_proc: Option<&Arc<super::process::Proc>>,
        r: Ref,
        flush: bool,
        alias: Alias,
    ) -> bool {
        let mut target = None;
        if let Some(p) = watcher_proc {
            let mut st = p.state.lock();
            target = st.monitors.remove(r);
            if alias == Alias::Yes {
                st.aliases.remove(r);
            }
            if flush {
                // A monitor sends at most one `:DOWN`: the scan stops there,
                // which is at once for `Task.await` of tasks in order.
                if let Some(at) = st.inbox.iter().position(|m| is_down_for(m, r)) {
                    st.inbox.remove(at);
                }
            }
        }
        if let Some(t) = target {
            self.with_proc(t, |t| t.state.lock().monitored_by.remove(r));
        }
        target.is_some()
    }

    /// Ends `pid` with `reason`: frees its names, signals its links and monitors.
    pub(crate) fn terminate(self: &Arc<Self>, pid: Pid, reason: Term) {
        let Some(proc) = self.procs.lock().remove(&pid) else {
            return;
        };
        proc.ended.store(true, std::sync::atomic::Ordering::Release);
        let (links, monitors, monitored_by, name, globals) = {
            let mut st = proc.state.lock();
            st.alive = false;
            st.sched = Sched::Ended;
            st.inbox.clear();
            (
                st.links.take(),
                st.monitors.take(),
                st.monitored_by.take(),
                st.name.take(),
                st.global_names.take().map(|b| *b).unwrap_or_default(),
            )
        };
        tracing::debug!(target: "riex::runtime", "exit {pid} {}", crate::term::inspect::inspect(&reason));
        self.notify_exit(pid, &reason);
        if self.tracing.on() {
            self.tracing.exited(pid, &reason);
        }
        if let Some(n) = name {
            self.names.lock().remove(&n);
        }
        if !globals.is_empty() {
            let mut g = self.globals.lock();
            for k in globals {
                g.remove(&k);
            }
        }
        for (r, target) in monitors {
            if let Some(t) = self.proc(target) {
                t.state.lock().monitored_by.remove(r);
            }
        }
        for l in links {
            if let Some(p) = self.proc(l) {
                p.state.lock().links.remove(pid);
            }
            self.deliver_exit(pid, l, reason.clone(), Origin::Link);
        }
        for (r, watcher) in monitored_by {
            if let Some(p) = self.proc(watcher) {
                p.state.lock().monitors.remove(r);
            }
            self.send(watcher, down_message(r, pid, reason.clone()));
        }
    }
}

/// `{:EXIT, from, reason}`.
pub(crate) fn exit_message(from: Pid, reason: Term) -> Term {
    Term::tuple([Term::atom(atom::EXIT), Term::Pid(from), reason])
}

/// `{:DOWN, ref, :process, pid, reason}`.
pub(crate) fn down_message(r: Ref, pid: Pid, reason: Term) -> Term {
    Term::tuple([
        Term::atom(atom::DOWN),
        Term::Ref(r),
        Term::atom(atom::PROCESS),
        Term::Pid(pid),
        reason,
    ])
}

fn is_down_for(m: &Term, r: Ref) -> bool {
    matches!(m.as_tuple(), Some([d, Term::Ref(x), ..]) if d.is_atom(atom::DOWN) && *x == r)
}
