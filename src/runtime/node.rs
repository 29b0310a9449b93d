//! The node: the table of live processes, names, identifiers, the code
//! table, and the scheduler that runs the processes (`scheduler.rs`).

use super::ctx::{Ctx, SpawnOpts};
use super::driver::Body;
use super::proc_table::ProcTable;
use super::process::{Proc, ProcState, ProcessInfo, Sched, Status, Wake};
use super::scheduler::Scheduler;
use super::SpinLock;
use crate::term::{atom, Atom, Exception, Pid, Ref, Term};
use parking_lot::{Mutex, RwLock};
use rustc_hash::FxHashMap;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How the scheduler runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// One thread, virtual time: the clock jumps to the next timer when every
    /// process waits, and moves on with the work while some never do
    /// (`clock.rs`), so the same inputs give the same events in the same
    /// order on every run.
    Deterministic,
    /// One thread, wall-clock time: for interactive use.
    Realtime,
}

/// What the node calls when a process dies of a panic or an uncaught error
/// nobody else reported: the OTP layer installs the logger here.
pub type CrashHook = Arc<dyn Fn(&Arc<Node>, Pid, &Exception) + Send + Sync>;

/// A runtime instance: every process, name and counter lives here.
pub struct Node {
    /// This node's serial number (per-thread caches tell nodes apart by it).
    serial: u64,
    /// Every live process by PID.
    pub(crate) procs: SpinLock<ProcTable>,
    pub(crate) names: Mutex<FxHashMap<Atom, Pid>>,
    pub(crate) globals: Mutex<HashMap<Term, Pid>>,
    next_pid: AtomicU64,
    next_ref: AtomicU64,
    pub(crate) scheduler: Arc<Scheduler>,
    mode: Mode,
    crash_hook: RwLock<Option<CrashHook>>,
    extensions: RwLock<FxHashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    pub(crate) code: RwLock<FxHashMap<Atom, Arc<dyn super::code::Module>>>,
    /// Bumped whenever a module is loaded: per-thread caches of the code
    /// table check it.
    pub(crate) code_version: AtomicU64,
    /// Processes whose exit reason code outside the runtime waits for
    /// ([`Node::run_watched`]); the flag spares every other exit a lock.
    exit_watchers: Mutex<Vec<(Pid, tokio::sync::oneshot::Sender<Term>)>>,
    watching_exits: std::sync::atomic::AtomicBool,
    /// Traced processes and where their events go.
    pub(crate) tracing: super::trace::Tracing,
}

/// The first PID handed out: iex's shell is usually `#PID<0.108.0>`.
const FIRST_PID: u64 = 100;

/// Builds a single-threaded tokio runtime in `mode`, creates a node, and runs
/// `f` to completion on a thread with a deep stack (interpreted code recurses).
pub fn block_on<F, Fut>(mode: Mode, f: F) -> Fut::Output
where
    F: FnOnce(Arc<Node>) -> Fut + Send + 'static,
    Fut: Future + 'static,
    Fut::Output: Send + 'static,
{
    std::thread::Builder::new()
        .name("riex-runtime".into())
        .stack_size(1 << 30)
        .spawn(move || {
            let mut builder = tokio::runtime::Builder::new_current_thread();
            builder.enable_time();
            // tokio looks at its timers, I/O and the future driving the
            // node (the shell) every 2 polls of the scheduler task rather
            // than 61: a turn of busy processes can last milliseconds.
            builder.event_interval(2);
            match mode {
                Mode::Deterministic => {
                    builder.start_paused(true);
                }
                // Real time also serves signals (Ctrl-C during an evaluation).
                Mode::Realtime => {
                    builder.enable_io();
                }
            }
            let rt = builder.build().expect("a tokio runtime");
            let node = Node::new(mode);
            rt.block_on(f(node))
        })
        .expect("a runtime thread")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

impl Node {
    /// A new node. Processes can be spawned only from inside a tokio runtime.
    pub fn new(mode: Mode) -> Arc<Node> {
        static SERIAL: AtomicU64 = AtomicU64::new(1);
        Arc::new(Node {
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            procs: SpinLock::new(ProcTable::default()),
            names: Mutex::new(FxHashMap::default()),
            globals: Mutex::new(HashMap::new()),
            next_pid: AtomicU64::new(FIRST_PID),
            next_ref: AtomicU64::new(130_753),
            scheduler: Arc::default(),
            mode,
            crash_hook: RwLock::new(None),
            extensions: RwLock::new(FxHashMap::default()),
            code_version: AtomicU64::new(0),
            code: RwLock::new(FxHashMap::default()),
            exit_watchers: Mutex::new(Vec::new()),
            watching_exits: std::sync::atomic::AtomicBool::new(false),
            tracing: super::trace::Tracing::default(),
        })
    }

    /// The scheduling mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Spawns a process running `body`; the body's result is its exit reason.
    ///
    /// `body` is called before the process is registered and linked: it
    /// should only build the future, and everything it does with the
    /// context belongs inside that future.
    pub fn spawn<F, Fut>(self: &Arc<Self>, opts: SpawnOpts, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = Term> + Send + 'static,
    {
        let pid = Pid(self.next_pid.fetch_add(1, Ordering::Relaxed));
        let SpawnOpts {
            link,
            trap_exit,
            identity,
            start_ack,
            ..
        } = opts;
        let parent = link.or(start_ack.map(|(spawner, _)| spawner));
        // The state is complete before anything can see the process.
        let mut st = ProcState {
            alive: true,
            trap_exit,
            identity,
            ..ProcState::default()
        };
        if let Some((spawner, r)) = start_ack {
            st.monitored_by.insert(r, spawner);
            // It runs at once (see below): it is running already.
            st.sched = Sched::running();
        }
        if let Some(parent) = link {
            st.links.insert(parent);
        }
        let proc = Arc::new(Proc::with_state(pid, self.scheduler.clone(), st));
        let mut body: Option<Body> = Some(Box::pin(body(Ctx::new(self.clone(), proc.clone()))));
        if start_ack.is_none() {
            proc.state.lock().body = body.take();
        }
        self.procs.lock().insert(pid, proc.clone());
        if let Some(parent) = link {
            self.link_back(parent, pid);
        }
        tracing::debug!(target: "riex::runtime", "spawn {pid}");
        if let Some(parent) = parent.filter(|_| self.tracing.on()) {
            self.tracing.spawned(parent, pid);
        }
        self.scheduler.ensure_task(self);
        match body {
            Some(body) => self.scheduler.run_now(self, &proc, body),
            None => self.scheduler.enqueue(&proc),
        }
        pid
    }

    /// Runs `body` as a fresh process and returns its result: the way code
    /// outside the runtime (tests, the shell's driver) gets work done inside it.
    pub async fn run<F, Fut, T>(self: &Arc<Self>, body: F) -> T
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        match self.run_watched(body).await {
            Ok(v) => v,
            Err((pid, reason)) => panic!(
                "the process {pid} did not run to completion: {}",
                crate::term::inspect::inspect(&reason)
            ),
        }
    }

    /// Runs `body` as [`Node::run`] does, but tells when the process died
    /// before finishing, killed by an exit signal (a linked process that
    /// crashed): then its PID and exit reason, as `elixir` reports a
    /// script's death.
    pub async fn run_watched<F, Fut, T>(self: &Arc<Self>, body: F) -> Result<T, (Pid, Term)>
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let pid = self.spawn(SpawnOpts::default(), move |cx| {
            let fut = body(cx);
            async move {
                let _ = tx.send(fut.await);
                Term::atom(atom::NORMAL)
            }
        });
        // The runtime is single-threaded: the process has not run yet.
        let (exit_tx, exit_rx) = tokio::sync::oneshot::channel();
        self.exit_watchers.lock().push((pid, exit_tx));
        self.watching_exits.store(true, Ordering::Release);
        match rx.await {
            Ok(v) => Ok(v),
            Err(_) => Err((pid, exit_rx.await.unwrap_or(Term::atom(atom::KILLED)))),
        }
    }

    /// Tells a watcher of `pid`, if it has one, the reason it exited with.
    pub(crate) fn notify_exit(&self, pid: Pid, reason: &Term) {
        if !self.watching_exits.load(Ordering::Acquire) {
            return;
        }
        let mut watchers = self.exit_watchers.lock();
        if let Some(at) = watchers.iter().position(|(p, _)| *p == pid) {
            let (_, tx) = watchers.swap_remove(at);
            let _ = tx.send(reason.clone());
        }
        if watchers.is_empty() {
            self.watching_exits.store(false, Ordering::Release);
        }
    }

    /// Waits until no process is runnable: every one is parked in a receive,
    /// a sleep, or has ended. Timers still pending do not count as work.
    pub async fn until_quiet(&self) {
        self.until_runnable_at_most(0).await
    }

    /// Waits until at most `n` processes are runnable (a process waiting for
    /// the others to settle counts itself). tokio's yield, not the
    /// scheduler's: a process waiting here parks until the scheduler has
    /// nothing left to run and tokio's other tasks (timers such as
    /// `send_after`) have had their turn.
    pub(crate) async fn until_runnable_at_most(&self, n: isize) {
        self.until_runnable_within(n, None, None).await;
    }

    /// As [`Node::until_quiet`], but gives up once the processes still
    /// running have spent `slices` time slices meanwhile, and in real time
    /// also after `time`: a process busy forever must not hold up the
    /// shell's next prompt, nor the end of a script. Counted in work, the
    /// limit falls at the same point of a replayed session on any machine;
    /// the time (a slice of natives doing large work, such as sorting long
    /// lists, can take long) counts only in real time. Returns whether the
    /// node went quiet.
    pub async fn until_quiet_or_busy_for(&self, slices: u32, time: Duration) -> bool {
        let deadline = (self.mode == Mode::Realtime).then(|| std::time::Instant::now() + time);
        self.until_runnable_within(0, Some(slices), deadline).await
    }

    /// Waits until at most `n` processes are runnable, or until the others
    /// have spent `slices` time slices, or until `deadline`.
    pub(crate) async fn until_runnable_within(
        &self,
        n: isize,
        slices: Option<u32>,
        deadline: Option<std::time::Instant>,
    ) -> bool {
        let start = self.scheduler.slices();
        let mut calm = 0;
        loop {
            if slices.is_some_and(|n| self.scheduler.slices().wrapping_sub(start) >= n)
                || deadline.is_some_and(|d| std::time::Instant::now() >= d)
            {
                return false;
            }
            tokio::task::yield_now().await;
            if self.scheduler.runnable() <= n {
                calm += 1;
                if calm >= 2 {
                    return true;
                }
            } else {
                calm = 0;
            }
        }
    }

    /// How many processes are runnable right now.
    pub fn runnable_count(&self) -> isize {
        self.scheduler.runnable()
    }

    /// Every live process's record (the scheduler drops their bodies at shutdown).
    pub(crate) fn processes_records(&self) -> Vec<Arc<Proc>> {
        self.procs.lock().values().cloned().collect()
    }

    /// A new unique reference.
    pub fn make_ref(&self) -> Ref {
        Ref(self.next_ref.fetch_add(1, Ordering::Relaxed))
    }

    /// True while `pid` runs.
    pub fn is_alive(&self, pid: Pid) -> bool {
        self.procs.lock().contains_key(&pid)
    }

    /// Every live PID, in creation order.
    pub fn processes(&self) -> Vec<Pid> {
        self.procs.lock().keys().collect()
    }

    /// The number of live processes.
    pub fn process_count(&self) -> usize {
        self.procs.lock().len()
    }

    /// A lock-free liveness handle on `pid`, if it runs.
    pub fn handle(&self, pid: Pid) -> Option<super::process::ProcHandle> {
        self.proc(pid).map(super::process::ProcHandle)
    }

    /// This node's serial number, unique in the OS process: what per-thread
    /// caches key a node by (its address may be reused by a later node).
    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    pub(crate) fn proc(&self, pid: Pid) -> Option<Arc<Proc>> {
        self.with_proc(pid, Arc::clone)
    }

    /// Runs `f` on the record of `pid`, if it runs; most often found in the
    /// thread's cache of recent processes, without a lock.
    pub(crate) fn with_proc<R>(&self, pid: Pid, f: impl FnOnce(&Arc<Proc>) -> R) -> Option<R> {
        let mut f = Some(f);
        if let Some(r) = super::recent::with(self.serial, pid, |p| (f.take().expect("once"))(p)) {
            return Some(r);
        }
        let proc = self.procs.lock().get(&pid).cloned()?;
        super::recent::remember(self.serial, &proc);
        Some((f.take().expect("not run on a miss"))(&proc))
    }

    /// The messages waiting in `pid`'s mailbox, oldest first; `None` when
    /// it is not alive.
    pub fn mailbox(&self, pid: Pid) -> Option<Vec<Term>> {
        let proc = self.proc(pid)?;
        let st = proc.state.lock();
        st.alive.then(|| st.inbox.iter().cloned().collect())
    }

    /// What `Process.info/1` shows; `None` for a dead process.
    pub fn info(&self, pid: Pid, asking: Option<Pid>) -> Option<ProcessInfo> {
        let proc = self.proc(pid)?;
        let st = proc.state.lock();
        if !st.alive {
            return None;
        }
        let status = if asking == Some(pid) {
            Status::Running
        } else if st.sched.is_runnable() {
            Status::Runnable
        } else {
            Status::Waiting
        };
        Some(ProcessInfo {
            registered_name: st.name,
            status,
            message_queue_len: st.inbox.len(),
            links: st.links.to_vec(),
            monitors: st.monitors.to_vec().into_iter().map(|(_, p)| p).collect(),
            monitored_by: st
                .monitored_by
                .to_vec()
                .into_iter()
                .map(|(_, p)| p)
                .collect(),
            trap_exit: st.trap_exit,
            initial_call: st.identity.as_ref().and_then(|i| i.initial_call.clone()),
            modules: st.identity.as_ref().and_then(|i| i.modules.clone()),
        })
    }

    /// Sends `msg` to `to`; a message to a dead process is dropped, as on the BEAM.
    pub fn send(&self, to: Pid, msg: Term) {
        self.send_from(None, to, msg)
    }

    /// [`Node::send`] by a known sender, as a trace tells it.
    pub fn send_from(&self, from: Option<Pid>, to: Pid, msg: Term) {
        if self.tracing.on() {
            self.tracing.message(from, to, &msg);
        }
        // The message is moved once, from the caller into the mailbox: a
        // closure owning it would take a copy of its own first.
        let mut msg = std::mem::ManuallyDrop::new(msg);
        let delivered = self.with_proc(to, |proc| {
            let mut st = proc.state.lock();
            let alive = st.alive;
            if alive {
                // SAFETY: taken once, here; not dropped below then.
                st.inbox
                    .push_back(unsafe { std::mem::ManuallyDrop::take(&mut msg) });
                proc.wake(&mut st, Wake::Mail);
            }
            alive
        });
        if delivered != Some(true) {
            // SAFETY: not taken: the process is gone.
            unsafe { std::mem::ManuallyDrop::drop(&mut msg) }
        }
    }

    /// Sends `msg` to `to` only if `to` still accepts replies tagged `alias`.
    pub fn send_alias(&self, to: Pid, alias: Ref, msg: Term) {
        self.send_alias_from(None, to, alias, msg)
    }

    /// [`Node::send_alias`] by a known sender, as a trace tells it.
    pub fn send_alias_from(&self, from: Option<Pid>, to: Pid, alias: Ref, msg: Term) {
        if self.tracing.on() {
            self.tracing.message(from, to, &msg);
        }
        self.with_proc(to, |proc| {
            let mut st = proc.state.lock();
            if st.alive && st.aliases.contains(&alias) {
                st.inbox.push_back(msg);
                proc.wake(&mut st, Wake::Mail);
            }
        });
    }

    /// Sets where trace events go (`None`: nowhere).
    pub fn set_trace_hook(&self, hook: Option<super::trace::TraceHook>) {
        self.tracing.set_hook(hook);
    }

    /// Starts or stops tracing `pid`'s messages, spawns and exit.
    pub fn trace(&self, pid: Pid, on: bool) {
        self.tracing.trace(pid, on);
    }

    /// Where trace events go now.
    pub fn trace_hook(&self) -> Option<super::trace::TraceHook> {
        self.tracing.hook()
    }

    /// Traces every process (`true`) until called with `false`.
    pub fn trace_every_process(&self, on: bool) {
        self.tracing.trace_all(on);
    }

    /// A supervisor tells that it started `new` in place of `old`: traced
    /// when the supervisor is, and a traced child's replacement is traced.
    pub fn trace_restart(&self, supervisor: Pid, old: Option<Pid>, new: Pid) {
        if self.tracing.on() {
            self.tracing.restarted(supervisor, old, new);
        }
    }

    /// Stops tracing every process.
    pub fn untrace_all(&self) {
        self.tracing.clear();
    }

    /// True when `pid` is traced.
    pub fn is_traced(&self, pid: Pid) -> bool {
        self.tracing.on() && self.tracing.is_traced(pid)
    }

    /// Installs what is called when a process dies of a panic.
    pub fn set_crash_hook(&self, hook: CrashHook) {
        *self.crash_hook.write() = Some(hook);
    }

    pub(crate) fn report_crash(self: &Arc<Self>, pid: Pid, e: &Exception) {
        let hook = self.crash_hook.read().clone();
        match hook {
            Some(h) => h(self, pid, e),
            None => eprintln!("process {pid} crashed: {}", e.banner()),
        }
    }

    /// Per-node state of a higher layer (the OTP registries, the logger), created on first use.
    pub fn extension<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        if let Some(e) = self.extensions.read().get(&TypeId::of::<T>()) {
            return e
                .clone()
                .downcast::<T>()
                .expect("extension of its own type");
        }
        let mut ext = self.extensions.write();
        let entry = ext
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn Any + Send + Sync>);
        entry
            .clone()
            .downcast::<T>()
            .expect("extension of its own type")
    }
}
