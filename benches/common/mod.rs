//! Shared pieces of the budget benchmarks: a tiny Rust GenServer loaded as
//! the native module `Bench.Worker`, and helpers to run code inside a node.
//!
//! `Bench.Worker.start_link(arg)` starts a server whose state is an `i64`.
//! When `arg` is a PID, `init` sends `{:up, self()}` to it (so a bench can
//! see a restarted child come back). Calls: `:ping` answers `:pong`, anything
//! else answers the counter after incrementing it. The cast `:crash` raises.
//!
//! Each bench binary uses only part of this module.
#![allow(dead_code)]

use riex::otp::child_spec::default_child_spec;
use riex::otp::dynamic_supervisor;
use riex::otp::gen_server::{self, Action, CallStep, Cb, From, GenServer, Init, StartOpts, Step};
use riex::otp::native::NativeModule;
use riex::runtime::{self, Ctx, Mode, Node};
use riex::term::build::keyword;
use riex::term::fun::CallFuture;
use riex::term::{atom, Atom, Exception, Pid, Term};
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The worker's behaviour.
pub struct Worker;

/// The module name, `Elixir.Bench.Worker`.
pub fn worker_module() -> Atom {
    atoms().module
}

/// The atoms the worker uses, interned once (interning takes the atom table's lock).
struct Atoms {
    module: Atom,
    up: Atom,
    ping: Atom,
    pong: Atom,
    crash: Atom,
}

fn atoms() -> &'static Atoms {
    static A: OnceLock<Atoms> = OnceLock::new();
    A.get_or_init(|| Atoms {
        module: Atom::module("Bench.Worker"),
        up: Atom::new("up"),
        ping: Atom::new("ping"),
        pong: Atom::new("pong"),
        crash: Atom::new("crash"),
    })
}

fn up() -> Atom {
    atoms().up
}

fn ping() -> Atom {
    atoms().ping
}

fn pong() -> Atom {
    atoms().pong
}

impl GenServer for Worker {
    type State = i64;

    fn module(&self) -> Atom {
        worker_module()
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<i64>> {
        Box::pin(async move {
            if let Term::Pid(notify) = arg {
                cx.send(
                    notify,
                    Term::tuple([Term::atom(up()), Term::Pid(cx.self_pid())]),
                );
            }
            Ok(Init::Ok(0, Action::None))
        })
    }

    fn handle_call<'a>(
        &'a self,
        _cx: &'a mut Ctx,
        req: Term,
        _from: From,
        n: &'a mut i64,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move {
            if req.is_atom(ping()) {
                return Ok(CallStep::Reply(Term::atom(pong()), Action::None));
            }
            *n += 1;
            Ok(CallStep::Reply(Term::int(*n), Action::None))
        })
    }

    /// `:crash` raises (a real callback crash, with its crash report).
    fn handle_cast<'a>(&'a self, _cx: &'a mut Ctx, req: Term, _n: &'a mut i64) -> Cb<'a, Step> {
        Box::pin(async move {
            if req.is_atom(atoms().crash) {
                return Err(Exception::runtime_error("boom"));
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn report_state(&self, n: &i64) -> Term {
        Term::int(*n)
    }
}

fn worker() -> Arc<Worker> {
    static W: OnceLock<Arc<Worker>> = OnceLock::new();
    W.get_or_init(|| Arc::new(Worker)).clone()
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let arg = args.into_iter().next().unwrap_or(Term::Nil);
        let started = gen_server::start_link(cx, worker(), arg, StartOpts::default()).await?;
        Ok(started.to_term())
    })
}

fn child_spec_fn<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        Ok(default_child_spec(
            worker_module(),
            args[0].clone(),
            &Term::Nil,
        ))
    })
}

/// Loads `Bench.Worker` (with `start_link/1` and `child_spec/1`) into `node`.
pub fn load_worker(node: &Node) {
    let m = NativeModule::new(worker_module())
        .export("start_link", 1, start_link_fn)
        .export("child_spec", 1, child_spec_fn);
    node.load_module(Arc::new(m));
}

/// Runs `body` as a process of a fresh realtime node with `Bench.Worker`
/// loaded, and returns its result.
pub fn in_node<F, Fut, T>(body: F) -> T
where
    F: FnOnce(Ctx) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    runtime::block_on(Mode::Realtime, move |node| async move {
        load_worker(&node);
        node.run(body).await
    })
}

/// `DynamicSupervisor.start_link(strategy: :one_for_one, max_restarts: big)`.
pub async fn start_sup(cx: &mut Ctx) -> Term {
    let opts = keyword(vec![
        ("strategy", Term::atom(atom::ONE_FOR_ONE)),
        ("max_restarts", Term::int(1_000_000_000)),
    ]);
    let started = dynamic_supervisor::start_link(cx, &opts)
        .await
        .expect("a supervisor");
    Term::Pid(started.pid().expect("the supervisor started"))
}

/// The `{Bench.Worker, arg}` child.
pub fn worker_child(arg: Term) -> Term {
    Term::tuple([Term::Atom(worker_module()), arg])
}

/// `DynamicSupervisor.start_child(sup, {Bench.Worker, arg})`, expecting `{:ok, pid}`.
pub async fn start_worker(cx: &mut Ctx, sup: &Term, child: &Term) -> Pid {
    let r = dynamic_supervisor::start_child(cx, sup, child)
        .await
        .expect("start_child");
    match r.as_tuple() {
        Some([_, Term::Pid(p)]) => *p,
        _ => panic!("start_child gave {r}"),
    }
}

/// Starts `n` `{Bench.Worker, nil}` children under `sup`.
pub async fn start_workers(cx: &mut Ctx, sup: &Term, n: usize) {
    let child = worker_child(Term::Nil);
    for _ in 0..n {
        start_worker(cx, sup, &child).await;
    }
}

/// `Supervisor.stop(sup)` (reason `:normal`, so the linked caller lives on).
pub async fn stop_sup(cx: &mut Ctx, sup: &Term) {
    gen_server::stop(cx, sup, Term::atom(atom::NORMAL), None)
        .await
        .expect("the supervisor stopped");
}

/// Unlinks the caller from `sup`, so that the caller's end does not stop
/// the supervisor: it is dropped, children and all, with the node's runtime.
/// (Untimed teardown that stops 100,000 children costs as much as the bench.)
pub fn forget_sup(cx: &mut Ctx, sup: &Term) {
    if let Term::Pid(p) = sup {
        cx.unlink(*p);
    }
}

/// `GenServer.cast(server, :crash)`: the worker raises.
pub async fn crash_cast(cx: &mut Ctx, server: &Term) {
    gen_server::cast(cx, server, Term::atom(atoms().crash)).await;
}

/// Waits for a worker's `{:up, pid}` and gives the PID.
pub async fn receive_up(cx: &mut Ctx) -> Pid {
    let up = up();
    cx.receive(
        |m| match m.as_tuple() {
            Some([t, Term::Pid(p)]) if t.is_atom(up) => Some(*p),
            _ => None,
        },
        None,
    )
    .await
    .expect("no timeout")
}

/// Sends the node's console output (crash reports) nowhere; the reports are
/// still formatted.
pub fn silence_console(node: &Node) {
    riex::otp::logger::Console::of(node).set_sink(Arc::new(|_: &str| {}));
}

/// `GenServer.call(server, :ping)` with the default 5 s timeout.
pub async fn ping_call(cx: &mut Ctx, server: &Term) -> Term {
    gen_server::call(cx, server, Term::atom(ping()), gen_server::DEFAULT_TIMEOUT)
        .await
        .expect("a reply")
}

/// `GenServer.call(server, :ping, :infinity)`.
pub async fn ping_call_infinity(cx: &mut Ctx, server: &Term) -> Term {
    gen_server::call(cx, server, Term::atom(ping()), None)
        .await
        .expect("a reply")
}

/// The number of children the large benches use; `RIEX_BENCH_N` overrides it
/// (for quick trials), the budgets are stated for 100,000.
pub fn children_n() -> usize {
    std::env::var("RIEX_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

/// The number of processes the spawn bench uses; `RIEX_BENCH_SPAWN_N` overrides it.
pub fn spawn_n() -> usize {
    std::env::var("RIEX_BENCH_SPAWN_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// Criterion settings for the benches that take a good fraction of a second
/// per iteration: ten flat samples of one iteration each, one warm-up run.
pub fn large(
    c: &mut criterion::Criterion,
) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group("budget");
    g.sample_size(10)
        .sampling_mode(criterion::SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(5));
    g
}

/// Criterion settings for the micro benches (a few µs or less per iteration).
pub fn small(
    c: &mut criterion::Criterion,
) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group("budget");
    g.sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    g
}
