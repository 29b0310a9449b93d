//! A process's own handle on the runtime: what `self()`, `send`, `spawn`,
//! `Process.link` and friends do, seen from inside the process.

use super::names::NameError;
use super::node::Node;
use super::process::{Identity, Proc};
use super::signal::Alias;
use crate::term::{Atom, Pid, Ref, Term};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How a process is started.
#[derive(Clone, Default)]
pub struct SpawnOpts {
    /// Link the new process to this one before it runs.
    pub link: Option<Pid>,
    /// Monitor the new process from this one before it runs.
    pub monitor: Option<Pid>,
    /// Start with exits trapped.
    pub trap_exit: bool,
    /// What the process runs (`Process.info`'s initial call, a supervisor's modules list).
    pub identity: Option<Arc<Identity>>,
    /// `(spawner, ref)`: the spawner waits for the process to acknowledge
    /// its start (with [`Ctx::ack_start`]). Until it does, the process is
    /// monitored with `ref`, so dying first reaches the spawner as
    /// `{:DOWN, ref, :process, pid, reason}`; the spawner holds no monitor
    /// record and has nothing to undo (`proc_lib`'s start handshake, in one
    /// step). Since the spawner would only wait, the process runs at once,
    /// inside the spawner's step, until it first waits.
    pub start_ack: Option<(Pid, Ref)>,
}

/// How many function calls a process makes before it lets others run.
const REDUCTIONS: u32 = 2000;

/// The running process's context.
pub struct Ctx {
    pub(crate) node: Arc<Node>,
    pub(crate) proc: Arc<Proc>,
    reductions: u32,
    depth: u32,
    line: u32,
    /// The timer of the receive waiting with a timeout, kept armed after it
    /// (see [`Ctx::poll_receive`]).
    pub(crate) timer: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl Ctx {
    pub(crate) fn new(node: Arc<Node>, proc: Arc<Proc>) -> Ctx {
        Ctx {
            node,
            proc,
            reductions: 0,
            depth: 0,
            line: 0,
            timer: None,
        }
    }

    /// `self()`.
    pub fn self_pid(&self) -> Pid {
        self.proc.pid
    }

    /// The node this process runs on.
    pub fn node(&self) -> &Arc<Node> {
        &self.node
    }

    /// `send(pid, msg)`.
    pub fn send(&self, to: Pid, msg: Term) {
        self.node.send_from(Some(self.proc.pid), to, msg);
    }

    /// Spawns an unlinked process.
    pub fn spawn<F, Fut>(&self, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Term> + Send + 'static,
    {
        let pid = self.node.spawn(SpawnOpts::default(), body);
        self.trace_spawn(pid);
        pid
    }

    /// Tells a trace that this process spawned `pid` without a link (a
    /// linked spawn is told by the node, which knows the parent then).
    fn trace_spawn(&self, pid: Pid) {
        if self.node.tracing.on() {
            self.node.tracing.spawned(self.proc.pid, pid);
        }
    }

    /// Spawns a process linked to this one.
    pub fn spawn_link<F, Fut>(&self, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Term> + Send + 'static,
    {
        let opts = SpawnOpts {
            link: Some(self.self_pid()),
            ..SpawnOpts::default()
        };
        self.node.spawn(opts, body)
    }

    /// Spawns a process monitored by this one.
    pub fn spawn_monitor<F, Fut>(&self, body: F) -> (Pid, Ref)
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Term> + Send + 'static,
    {
        let pid = self.node.spawn(SpawnOpts::default(), body);
        let r = self.node.monitor(self.self_pid(), pid);
        (pid, r)
    }

    /// Spawns with explicit options (`link`/`monitor` refer to this process
    /// when set to its PID). Returns the monitor reference when one was asked for.
    pub fn spawn_opts<F, Fut>(&self, opts: SpawnOpts, body: F) -> (Pid, Option<Ref>)
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Term> + Send + 'static,
    {
        let watcher = opts.monitor;
        let unlinked = opts.link.is_none() && opts.start_ack.is_none();
        let pid = self.node.spawn(opts, body);
        if unlinked {
            self.trace_spawn(pid);
        }
        let r = watcher.map(|w| self.node.monitor(w, pid));
        (pid, r)
    }

    /// Acknowledges this process's start to its spawner (see
    /// [`SpawnOpts::start_ack`]): ends the start monitor, then sends `msg`.
    pub fn ack_start(&self, (spawner, r): (Pid, Ref), msg: Term) {
        self.proc.state.lock().monitored_by.remove(r);
        self.node.send(spawner, msg);
    }

    /// `Process.link/1`.
    pub fn link(&self, pid: Pid) {
        self.node.link(self.self_pid(), pid);
    }

    /// `Process.unlink/1`.
    pub fn unlink(&self, pid: Pid) {
        self.node.unlink(self.self_pid(), pid);
    }

    /// `Process.monitor/1`.
    pub fn monitor(&self, pid: Pid) -> Ref {
        let r = self.node.make_ref();
        self.node
            .monitor_by(self.self_pid(), Some(&self.proc), pid, r, Alias::No, None)
    }

    /// `Process.demonitor/2`; `flush` also drops a `:DOWN` already received.
    pub fn demonitor(&self, r: Ref, flush: bool) -> bool {
        self.node
            .demonitor_by(Some(&self.proc), r, flush, Alias::No)
    }

    /// A call's request: a monitor of `pid` whose reference is also an
    /// alias of this process (replies tagged with it are accepted, OTP's
    /// `[{alias, demonitor}]`), and the message `request` builds from that
    /// reference, sent in the same visit to `pid`'s record. A dead `pid`
    /// gets nothing; this process gets a `:DOWN` with `:noproc`.
    pub fn monitor_alias_send(&self, pid: Pid, request: impl FnOnce(Ref) -> Term) -> Ref {
        let r = self.node.make_ref();
        let msg = request(r);
        if self.node.tracing.on() {
            self.node.tracing.message(Some(self.proc.pid), pid, &msg);
        }
        self.node.monitor_by(
            self.self_pid(),
            Some(&self.proc),
            pid,
            r,
            Alias::Yes,
            Some(msg),
        )
    }

    /// Ends both the monitor and the alias [`Ctx::monitor_alias_send`] made;
    /// `flush` also drops a `:DOWN` already received.
    pub fn demonitor_unalias(&self, r: Ref, flush: bool) {
        self.node
            .demonitor_by(Some(&self.proc), r, flush, Alias::Yes);
    }

    /// Accepts replies tagged `r` (see [`Node::send_alias`]).
    pub fn alias(&self, r: Ref) {
        self.proc.state.lock().aliases.insert(r);
    }

    /// Stops accepting replies tagged `r`.
    pub fn unalias(&self, r: Ref) {
        // The list keeps its capacity: a process that calls once calls
        // again, and only callers ever hold one.
        self.proc.state.lock().aliases.remove(r);
    }

    /// `Process.flag(:trap_exit, on)`; returns the previous value.
    pub fn trap_exit(&self, on: bool) -> bool {
        std::mem::replace(&mut self.proc.state.lock().trap_exit, on)
    }

    /// Whether exits are trapped.
    pub fn is_trapping_exits(&self) -> bool {
        self.proc.state.lock().trap_exit
    }

    /// `Process.exit(pid, reason)`.
    pub fn exit_signal(&self, to: Pid, reason: Term) {
        self.node.exit_signal(self.self_pid(), to, reason);
    }

    /// `Process.register(self(), name)`.
    pub fn register(&self, name: Atom) -> Result<(), NameError> {
        self.node.register(name, self.self_pid())
    }

    /// Records what `Process.info` and supervisors report for this process.
    pub fn set_identity(&self, identity: Arc<Identity>) {
        self.proc.state.lock().identity = Some(identity);
    }

    /// Messages waiting in this process's mailbox.
    pub fn message_queue_len(&self) -> usize {
        self.proc.state.lock().inbox.len()
    }

    /// `Process.sleep/1`; `None` sleeps forever (until killed).
    pub async fn sleep(&mut self, d: Option<Duration>) {
        match d {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending::<()>().await,
        }
    }

    /// Lets every other runnable process run before this one continues.
    pub async fn yield_now(&mut self) {
        self.reductions = 0;
        self.node.scheduler.slice_spent();
        super::scheduler::yield_once().await;
    }

    /// Counts one reduction; every few thousand, yields, so a process in an
    /// endless loop cannot starve the others (or miss an exit signal).
    pub async fn tick(&mut self) {
        if self.slice_spent() {
            self.yield_now().await;
        }
    }

    /// Counts one reduction: true when the time slice is spent and the
    /// process should yield (`yield_now`). For a loop that would rather not
    /// make a future per turn.
    #[inline(always)]
    pub fn slice_spent(&mut self) -> bool {
        self.reductions += 1;
        self.reductions >= REDUCTIONS
    }

    /// Waits until every other process is parked or gone.
    pub async fn until_others_quiet(&mut self) {
        self.node.until_runnable_at_most(1).await
    }

    /// As [`Ctx::until_others_quiet`], but gives up once the others have
    /// spent `slices` time slices (one of them may be busy forever).
    pub async fn until_others_quiet_or_busy(&mut self, slices: u32) -> bool {
        self.node.until_runnable_within(1, Some(slices), None).await
    }

    /// Enters one more level of nested calls; returns the new depth. An
    /// interpreter uses it to stop a runaway recursion before the thread's
    /// stack runs out.
    pub fn enter(&mut self) -> u32 {
        self.depth += 1;
        self.depth
    }

    /// The source line the process is running, as the BEAM keeps one per
    /// instruction: the language sets it before each call so that a stack
    /// frame can say where an exception left a function.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Records the source line about to run.
    pub fn set_line(&mut self, line: u32) {
        self.line = line;
    }

    /// Leaves a level of nested calls.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// True when an exit signal is waiting to end this process: long Rust
    /// computations can poll this and stop early.
    pub fn exit_pending(&self) -> bool {
        self.proc.state.lock().exiting.is_some()
    }
}
