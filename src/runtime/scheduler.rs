//! The scheduler: one tokio task per node that runs the node's processes,
//! one at a time, in the order they became runnable.
//!
//! A process is a future (its body) kept in its own record. It is in one of
//! three places: parked (waiting for a message, a timer or a signal), queued
//! in the run queue, or running. Sending it a message or a signal moves it
//! from parked to queued; the scheduler pops it, polls its body once, and
//! parks it again unless something woke it while it ran.
//!
//! Why not a tokio task per process: a process's wake-ups are almost all
//! other processes' sends, made on this same thread. Here such a wake-up is
//! a push onto a queue, and a spawn is one allocation for the body. A tokio
//! task costs a task cell, a waker reference count per wake and a few atomic
//! state transitions per poll: about an eighth of what starting a supervised
//! child cost. Timers and other tokio resources still wake processes through
//! an ordinary [`Waker`](std::task::Waker), built from the process record.
//!
//! The scheduler task is spawned on the node's first spawn. When the tokio
//! runtime shuts down it drops the task, and the task drops every body still
//! parked (bodies own contexts that own the node: without this, a node would
//! keep itself alive).

use super::driver::Body;
use super::node::Node;
use super::process::{Proc, Sched, Wake};
use super::SpinLock;
use futures::task::{waker_ref, ArcWake, AtomicWaker};
use std::cell::{Cell, UnsafeCell};
use std::collections::VecDeque;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// How many processes run before the scheduler lets tokio look at its
/// timers and I/O (and at the futures that wait outside any process).
const BATCH: usize = 256;

/// How many spent time slices end the scheduler's turn early: a process
/// yields only after thousands of reductions, so a few of them are as much
/// work as a whole batch of processes that wait at once, and tokio's
/// timers and the shell's own futures must not wait behind 256 of them.
const SLICES_PER_BATCH: u32 = 8;

/// How long a turn of busy processes may last before tokio gets its turn
/// back (checked where a time slice ends: a slice of natives doing large
/// work may take long).
const BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(5);

/// How deep children run at once inside their spawners' steps.
const MAX_EAGER_DEPTH: usize = 16;

/// A node's run queue.
///
/// It comes in two parts. Processes woken by the thread that runs them,
/// while it runs them (nearly every wake-up: one process sending to
/// another), go in a local queue that only that thread touches, without a
/// lock. Everything else (tokio's timers, code outside the node's processes,
/// other threads) goes through a locked queue, which the scheduler moves
/// into the local one at every turn and whenever the local one runs dry.
#[derive(Default)]
pub(crate) struct Scheduler {
    /// Touched only by the thread polling the scheduler task, during a poll
    /// (see [`RUNNING`]).
    local: UnsafeCell<VecDeque<Queued>>,
    /// The local queue's length, for the other threads (single writer).
    local_len: AtomicUsize,
    foreign: SpinLock<RunQueue>,
    /// The scheduler task's waker, for wake-ups that find it idle.
    task: AtomicWaker,
    /// Whether the scheduler task exists.
    spawned: AtomicBool,
    /// How many processes are being polled (more than one when a spawner
    /// runs its child at once). Only the thread that runs processes writes
    /// it, with a plain load and store: a locked read-modify-write would
    /// wait for every store before it to reach memory.
    running: AtomicIsize,
    /// How many processes run at once inside their spawners' steps right
    /// now (same single writer).
    eager_depth: AtomicUsize,
    /// How many times a process has spent its time slice (same single
    /// writer): see [`SLICES_PER_BATCH`].
    slices_spent: AtomicU32,
    /// In deterministic mode, the clock that busy turns move on.
    pub(crate) clock: super::clock::BusyClock,
}

// SAFETY: `local` is only touched by the thread that is polling the
// scheduler task (checked through `RUNNING` on every push); the rest is `Sync`.
unsafe impl Sync for Scheduler {}

thread_local! {
    /// The scheduler whose task this thread is polling right now, if any.
    static RUNNING: Cell<*const Scheduler> = const { Cell::new(std::ptr::null()) };
}

#[derive(Default)]
struct RunQueue {
    ready: VecDeque<Queued>,
    /// Set when the task found both queues empty and went to sleep.
    idle: bool,
}

/// A queued process, without a reference count: queueing and running a
/// process then costs no locked instruction for it.
///
/// Sound because a queued process has not ended, and the process table
/// holds the record of every process until it ends; only the process's own
/// step ends it (`Node::terminate`), and that step popped it first. A
/// process is queued at most once at a time (only a move from parked to
/// queued, or a step that is not over, queues it), and an ended one never.
/// At shutdown the queues are emptied before the bodies are dropped.
struct Queued(NonNull<Proc>);

// SAFETY: `Proc` is `Send + Sync`; the pointer is only an `Arc` without its count.
unsafe impl Send for Queued {}

impl Queued {
    fn new(proc: &Arc<Proc>) -> Queued {
        Queued(NonNull::from(&**proc))
    }

    fn proc(&self) -> &Proc {
        // SAFETY: alive while queued or running (see the type's doc).
        unsafe { self.0.as_ref() }
    }

    /// The process as an `Arc` that must not be dropped (it owns no count).
    fn as_arc(&self) -> ManuallyDrop<Arc<Proc>> {
        // SAFETY: the pointer came from an `Arc` whose count the process
        // table holds (see the type's doc); `ManuallyDrop` never releases it.
        ManuallyDrop::new(unsafe { Arc::from_raw(self.0.as_ptr()) })
    }
}

impl Scheduler {
    /// How many processes are queued or running.
    pub fn runnable(&self) -> isize {
        let queued = self.foreign.lock().ready.len() + self.local_len.load(Ordering::Acquire);
        queued as isize + self.running.load(Ordering::Acquire)
    }

    /// Queues a process that just became runnable (spawned, or woken from
    /// parked). The caller holds its `Arc`, and its body is alive.
    pub fn enqueue(&self, proc: &Arc<Proc>) {
        self.push(Queued::new(proc));
    }

    /// Runs a process that was just spawned at once, inside the caller's
    /// poll, until it first waits: for a spawner that would only wait for it
    /// (a `start_link` waiting for `init`), this saves two trips through the
    /// queue. The process is marked running already, its body in hand.
    ///
    /// Only a process this scheduler is running gets this, and only so many
    /// levels deep (a chain of `init`s each starting the next would
    /// otherwise nest one poll in another without bound); any other start
    /// goes through the queue.
    pub fn run_now(&self, node: &Arc<Node>, proc: &Arc<Proc>, body: Body) {
        let depth = self.eager_depth.load(Ordering::Relaxed);
        if !std::ptr::eq(RUNNING.get(), self) || depth >= MAX_EAGER_DEPTH {
            {
                let mut st = proc.state.lock();
                st.body = Some(body);
                st.sched = Sched::Queued;
            }
            return self.enqueue(proc);
        }
        self.eager_depth.store(depth + 1, Ordering::Relaxed);
        let queued = Queued::new(proc);
        counted(node, proc.pid, || poll_and_settle(node, queued, body));
        self.eager_depth.store(depth, Ordering::Relaxed);
    }

    /// Makes sure the node's scheduler task runs (the first spawn starts it).
    pub fn ensure_task(&self, node: &Arc<Node>) {
        // A plain load first: a swap is a locked instruction, which waits
        // for the stores to the new process's fresh memory to complete.
        if !self.spawned.load(Ordering::Acquire) && !self.spawned.swap(true, Ordering::AcqRel) {
            let task = SchedulerTask { node: node.clone() };
            // Processes poll tokio resources (timers) many times in one of
            // our polls: tokio's per-task budget must not throttle them.
            tokio::spawn(tokio::task::unconstrained(task));
            if node.mode() == super::Mode::Deterministic {
                tokio::spawn(super::clock::run(node.clone()));
            }
        }
    }

    fn push(&self, proc: Queued) {
        if std::ptr::eq(RUNNING.get(), self) {
            return self.with_local(|local| local.push_back(proc));
        }
        let was_idle = {
            let mut q = self.foreign.lock();
            q.ready.push_back(proc);
            std::mem::replace(&mut q.idle, false)
        };
        if was_idle {
            self.task.wake();
        }
    }

    /// The next process to run; `None` (and the task marked idle) when
    /// both queues are empty. Only while polling the task.
    fn pop(&self) -> Option<Queued> {
        if let Some(next) = self.with_local(VecDeque::pop_front) {
            return Some(next);
        }
        let mut q = self.foreign.lock();
        let next = q.ready.pop_front();
        q.idle = next.is_none();
        next
    }

    /// Moves what other threads queued behind the local queue. Only while
    /// polling the task.
    fn take_foreign(&self) {
        let mut q = self.foreign.lock();
        if !q.ready.is_empty() {
            self.with_local(|local| local.extend(q.ready.drain(..)));
        }
    }

    fn with_local<R>(&self, f: impl FnOnce(&mut VecDeque<Queued>) -> R) -> R {
        debug_assert!(std::ptr::eq(RUNNING.get(), self));
        // SAFETY: this thread is polling the scheduler task (the callers
        // check `RUNNING`), so no other thread touches `local`; `f` runs no
        // code that could reach `local` again.
        let local = unsafe { &mut *self.local.get() };
        let r = f(local);
        self.local_len.store(local.len(), Ordering::Release);
        r
    }

    /// Counts a process in or out of running (the single writer's plain update).
    fn running_add(&self, delta: isize) {
        let n = self.running.load(Ordering::Relaxed);
        self.running.store(n + delta, Ordering::Release);
    }
}

/// Wakes a process from outside the runtime's own sends: tokio's timers and
/// any other future a body awaits.
impl ArcWake for Proc {
    fn wake_by_ref(proc: &Arc<Self>) {
        let mut st = proc.state.lock();
        proc.wake(&mut st, Wake::Other);
    }
}

/// The tokio task that runs a node's processes.
struct SchedulerTask {
    node: Arc<Node>,
}

impl Future for SchedulerTask {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let sched = &self.node.scheduler;
        sched.task.register(cx.waker());
        let _running = Running::enter(sched);
        sched.take_foreign();
        let slices_before = sched.slices_spent.load(Ordering::Relaxed);
        let mut slices_seen = slices_before;
        let mut started = None;
        for _ in 0..BATCH {
            match sched.pop() {
                Some(proc) => run_once(&self.node, proc),
                None => return Poll::Pending,
            }
            let slices = sched.slices_spent.load(Ordering::Relaxed);
            if slices == slices_seen {
                continue;
            }
            slices_seen = slices;
            // Read the clock only where a slice was spent: rarely.
            let started = *started.get_or_insert_with(std::time::Instant::now);
            if slices.wrapping_sub(slices_before) >= SLICES_PER_BATCH
                || started.elapsed() >= BATCH_TIME
            {
                if self.node.mode() == super::Mode::Deterministic {
                    sched.clock.busy_turn();
                }
                break;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Marks this thread as polling a scheduler's task, until dropped.
struct Running(*const Scheduler);

impl Running {
    fn enter(sched: &Scheduler) -> Running {
        Running(RUNNING.replace(sched))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.set(self.0);
    }
}

impl Drop for SchedulerTask {
    fn drop(&mut self) {
        let sched = &self.node.scheduler;
        // First forget the queued processes: their bodies are about to go.
        sched.foreign.lock().ready.clear();
        {
            let _running = Running::enter(sched);
            sched.with_local(VecDeque::clear);
        }
        sched.spawned.store(false, Ordering::Release);
        let bodies: Vec<_> = self
            .node
            .processes_records()
            .iter()
            .filter_map(|p| p.state.lock().body.take())
            .collect();
        drop(bodies);
    }
}

/// Polls a process's body once, then parks it, queues it again, or ends it.
fn run_once(node: &Arc<Node>, queued: Queued) {
    let pid = queued.proc().pid;
    counted(node, pid, || step(node, queued));
}

/// Runs a step of process `pid`, counted as running. A panic outside the
/// body's own poll (in a crash report, in a body's drop, in the exit
/// itself) ends that process, not the scheduler and every process with it.
fn counted(node: &Arc<Node>, pid: crate::term::Pid, f: impl FnOnce()) {
    node.scheduler.running_add(1);
    let outcome = catch_unwind(AssertUnwindSafe(f));
    node.scheduler.running_add(-1);
    if let Err(payload) = outcome {
        let e = super::driver::panic_exception(payload.as_ref());
        let reason = e.exit_reason();
        let _ = catch_unwind(AssertUnwindSafe(|| node.terminate(pid, reason)));
    }
}

fn step(node: &Arc<Node>, queued: Queued) {
    let proc = queued.as_arc();
    let (body, exiting) = {
        let mut st = proc.state.lock();
        st.sched = Sched::running();
        (st.body.take(), st.exiting.take())
    };
    let Some(body) = body else {
        return;
    };
    if let Some(reason) = exiting {
        let pid = proc.pid;
        drop(body);
        return node.terminate(pid, reason);
    }
    poll_and_settle(node, queued, body);
}

/// Polls the body of a process marked running, then parks it, queues it
/// again, or ends it.
fn poll_and_settle(node: &Arc<Node>, queued: Queued, mut body: Body) {
    let proc = queued.as_arc();
    let pid = proc.pid;
    let waker = waker_ref(&proc);
    let mut cx = Context::from_waker(&waker);
    match super::driver::poll_body(node, pid, &mut body, &mut cx) {
        Poll::Ready(reason) => {
            drop(body);
            node.terminate(pid, reason)
        }
        Poll::Pending => park(node, queued, body),
    }
}

/// After a poll that did not end the body: parked, unless it was woken or
/// signalled while it ran.
fn park(node: &Node, queued: Queued, body: Body) {
    let again = {
        let mut st = queued.proc().state.lock();
        st.body = Some(body);
        let again = st.sched.woken_while_running() || st.exiting.is_some();
        st.sched = if again { Sched::Queued } else { Sched::Parked };
        again
    };
    if again {
        node.scheduler.push(queued);
    }
}

impl Scheduler {
    /// How many time slices the processes have spent so far (wrapping).
    pub(crate) fn slices(&self) -> u32 {
        self.slices_spent.load(Ordering::Relaxed)
    }

    /// Notes that the running process spent its time slice.
    pub(crate) fn slice_spent(&self) {
        // A plain load and store: only the thread running processes writes.
        let n = self.slices_spent.load(Ordering::Relaxed);
        self.slices_spent
            .store(n.wrapping_add(1), Ordering::Relaxed);
    }
}

/// Returns `Pending` once, after waking the caller: a process goes to the
/// back of the run queue, behind every process already in it.
pub(crate) fn yield_once() -> impl Future<Output = ()> {
    let mut yielded = false;
    std::future::poll_fn(move |cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
}

#[cfg(test)]
mod tests {
    use super::super::{block_on, Ctx, Mode, Node, SpawnOpts};
    use crate::term::{atom, Pid, Term};
    use std::sync::{Arc, Weak};
    use std::time::Duration;

    /// A node's bodies own contexts that own the node: the scheduler must
    /// drop the parked ones at shutdown, or every node would leak.
    #[test]
    fn a_node_with_parked_processes_is_freed_with_its_runtime() {
        let weak: Weak<Node> = block_on(Mode::Deterministic, |node| async move {
            for _ in 0..3 {
                node.spawn(SpawnOpts::default(), |mut cx| async move {
                    cx.receive_any().await
                });
            }
            node.until_quiet().await;
            assert_eq!(node.process_count(), 3, "three processes parked");
            Arc::downgrade(&node)
        });
        assert!(weak.upgrade().is_none(), "the node was freed");
    }

    /// A process started with a start acknowledgement runs at once, inside
    /// its spawner's step: its first message is there when `spawn` returns.
    #[test]
    fn a_child_awaited_by_its_spawner_runs_before_spawn_returns() {
        let got = block_on(Mode::Deterministic, |node| async move {
            node.run(|cx| async move {
                let me = cx.self_pid();
                let r = cx.node().make_ref();
                let opts = SpawnOpts {
                    start_ack: Some((me, r)),
                    ..SpawnOpts::default()
                };
                cx.spawn_opts(opts, move |mut child| async move {
                    child.ack_start((me, r), Term::int(1));
                    child.receive_any().await
                });
                cx.message_queue_len()
            })
            .await
        });
        assert_eq!(got, 1);
    }

    /// A message that arrives while the process runs, after its receive
    /// looked through the mailbox, still wakes it: the process goes back to
    /// the queue instead of parking (lost, the process would wait forever).
    #[test]
    fn a_message_after_the_last_look_queues_the_process_again() {
        let got = block_on(Mode::Deterministic, |node| async move {
            let run = node.run(|mut cx| async move {
                let me = cx.self_pid();
                let node = cx.node().clone();
                let (got, ()) =
                    futures::join!(cx.receive_any(), async { node.send(me, Term::int(7)) });
                got
            });
            tokio::time::timeout(Duration::from_secs(60), run).await
        });
        assert_eq!(got, Ok(Term::int(7)));
    }

    /// A chain of starts, each child starting the next from its `init`,
    /// runs children at once only so many levels deep: past that a child
    /// goes through the queue (and its own children run at once again).
    #[test]
    fn children_run_at_once_only_so_many_levels_deep() {
        fn level(
            mut cx: Ctx,
            depth: usize,
            root: Pid,
        ) -> futures::future::BoxFuture<'static, Term> {
            Box::pin(async move {
                if depth == 40 {
                    return Term::atom(atom::NORMAL);
                }
                let me = cx.self_pid();
                let r = cx.node().make_ref();
                let opts = SpawnOpts {
                    start_ack: Some((me, r)),
                    ..SpawnOpts::default()
                };
                cx.spawn_opts(opts, move |child| async move {
                    child.ack_start((me, r), Term::Nil);
                    level(child, depth + 1, root).await
                });
                let ran_at_once = cx.message_queue_len() == 1;
                cx.send(
                    root,
                    Term::tuple([Term::int(depth as i64), Term::bool(ran_at_once)]),
                );
                cx.receive_any().await
            })
        }
        let got = block_on(Mode::Deterministic, |node| async move {
            node.run(|mut cx| async move {
                let root = cx.self_pid();
                cx.spawn(move |child| level(child, 0, root));
                let mut seen = Vec::new();
                while seen.len() < 40 {
                    let m = cx.receive_any().await;
                    if let Some([Term::Int(d), Term::Atom(a)]) = m.as_tuple() {
                        seen.push((*d as usize, *a == atom::TRUE));
                    }
                }
                seen.sort();
                seen
            })
            .await
        });
        let queued: Vec<usize> = got
            .iter()
            .filter(|(_, now)| !now)
            .map(|(d, _)| *d)
            .collect();
        assert_eq!(
            queued,
            vec![16, 33],
            "levels whose child went through the queue"
        );
    }

    /// A panic outside the body's poll (here in the drop of a body killed
    /// while it waited) ends that process, and the node goes on: its
    /// monitor still hears of it.
    #[test]
    fn a_panic_in_a_bodys_drop_ends_that_process_only() {
        struct Bomb;
        impl Drop for Bomb {
            fn drop(&mut self) {
                panic!("boom");
            }
        }
        let got = block_on(Mode::Deterministic, |node| async move {
            node.run(|mut cx| async move {
                let (pid, r) = cx.spawn_opts(
                    SpawnOpts {
                        monitor: Some(cx.self_pid()),
                        ..SpawnOpts::default()
                    },
                    |mut cx| {
                        let bomb = Bomb;
                        async move {
                            let _keep = &bomb;
                            cx.receive_any().await
                        }
                    },
                );
                cx.until_others_quiet().await;
                cx.node()
                    .exit_signal(cx.self_pid(), pid, Term::atom(atom::KILL));
                let down = cx.receive_any().await;
                (pid, r, down)
            })
            .await
        });
        let (pid, r, down) = got;
        match down.as_tuple() {
            Some([_, Term::Ref(x), _, Term::Pid(p), _]) => assert_eq!((Some(*x), *p), (r, pid)),
            _ => panic!("not a DOWN: {down}"),
        }
    }

    /// The timer of a receive with `after` wakes a parked process.
    #[test]
    fn a_timer_wakes_a_parked_process() {
        let got = block_on(Mode::Deterministic, |node| async move {
            node.run(|mut cx| async move {
                cx.receive(|m| Some(m.clone()), Some(Duration::from_millis(50)))
                    .await
                    .unwrap_or(Term::atom(atom::TIMEOUT))
            })
            .await
        });
        assert_eq!(got, Term::atom(atom::TIMEOUT));
    }
}
