//! Property tests of supervision: random sequences of crashes (with every
//! kind of exit reason), dynamic starts and terminations on a two-level tree,
//! checked against a model after every step.
//!
//! The tree: a Registry outside the tree; a root Supervisor (random strategy
//! and `max_restarts`) over N permanent workers and, last, a DynamicSupervisor
//! of transient workers. Every worker registers in the Registry and logs its
//! `init` to a shared journal.
//!
//! After each step, once the node is quiet, it checks:
//! - every child a live supervisor lists is alive;
//! - no process outlives its supervisor (once the root is gone, every worker is);
//! - the Registry holds no dead PID;
//! - the workers (re)started in this step are exactly those the strategy
//!   names, in start order;
//! - the root dies exactly when its restarts exceed `max_restarts`, and the
//!   dynamic supervisor's restart limit escalates to the root as OTP's does.

use parking_lot::Mutex;
use proptest::prelude::*;
use riex::otp::boot::boot;
use riex::otp::gen_server::{self, Action, Cb, GenServer, Init, StartOpts, Step};
use riex::otp::name::ServerRef;
use riex::otp::native::NativeModule;
use riex::otp::{dynamic_supervisor, registry, supervisor};
use riex::runtime::{block_on, Ctx, Mode, Node};
use riex::term::build::keyword;
use riex::term::fun::CallFuture;
use riex::term::{atom, Atom, Pid, Term};
use std::sync::Arc;

/// The order workers ran `init` in, by id.
#[derive(Default)]
struct Journal(Mutex<Vec<Term>>);

struct Worker;

impl GenServer for Worker {
    type State = Term;
    fn module(&self) -> Atom {
        Atom::module("PWorker")
    }
    fn init<'a>(&'a self, cx: &'a mut Ctx, id: Term) -> Cb<'a, Init<Term>> {
        cx.node().extension::<Journal>().0.lock().push(id.clone());
        Box::pin(async move { Ok(Init::Ok(id, Action::None)) })
    }
    fn handle_cast<'a>(&'a self, _cx: &'a mut Ctx, req: Term, _s: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move { Ok(Step::Stop(req)) })
    }
    fn report_state(&self, s: &Term) -> Term {
        s.clone()
    }
}

fn reg() -> Term {
    Term::atom_named("Elixir.PReg")
}

fn worker_start<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let via = ServerRef::Via(atom::REGISTRY, Term::tuple([reg(), args[0].clone()]));
        let opts = StartOpts {
            name: Some(via),
            ..Default::default()
        };
        Ok(
            gen_server::start_link(cx, Arc::new(Worker), args[0].clone(), opts)
                .await?
                .to_term(),
        )
    })
}

fn spec(id: Term, restart: &str) -> Term {
    let mfa = Term::tuple([
        Term::atom_named("Elixir.PWorker"),
        Term::atom(atom::START_LINK),
        Term::list(vec![id.clone()]),
    ]);
    Term::Map(riex::term::TMap::from_pairs(vec![
        (Term::atom(atom::ID), id),
        (Term::atom(atom::START), mfa),
        (Term::atom(atom::RESTART), Term::atom_named(restart)),
    ]))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strat {
    OneForOne,
    OneForAll,
    RestForOne,
}

#[derive(Clone, Debug)]
enum Reason {
    Normal,
    Shutdown,
    ShutdownTuple,
    Custom,
    Kill,
}

impl Reason {
    fn abnormal(&self) -> bool {
        matches!(self, Reason::Custom | Reason::Kill)
    }
    fn term(&self) -> Term {
        match self {
            Reason::Normal => Term::atom(atom::NORMAL),
            Reason::Shutdown => Term::atom(atom::SHUTDOWN),
            Reason::ShutdownTuple => {
                Term::tuple([Term::atom(atom::SHUTDOWN), Term::atom_named("x")])
            }
            Reason::Custom => Term::atom_named("boom"),
            Reason::Kill => Term::atom(atom::KILL),
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    CrashStatic(usize, Reason),
    StartDynamic,
    CrashDynamic(usize, Reason),
    TerminateDynamic(usize),
}

fn reason() -> impl proptest::strategy::Strategy<Value = Reason> {
    prop_oneof![
        Just(Reason::Normal),
        Just(Reason::Shutdown),
        Just(Reason::ShutdownTuple),
        Just(Reason::Custom),
        Just(Reason::Kill)
    ]
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    prop_oneof![
        (0usize..8, reason()).prop_map(|(i, r)| Op::CrashStatic(i, r)),
        Just(Op::StartDynamic),
        Just(Op::StartDynamic),
        (0usize..8, reason()).prop_map(|(i, r)| Op::CrashDynamic(i, r)),
        (0usize..8).prop_map(Op::TerminateDynamic),
    ]
}

/// What the tree should look like.
struct Model {
    strategy: Strat,
    max_restarts: u32,
    workers: usize,
    root_restarts: u32,
    dyn_restarts: u32,
    root_alive: bool,
    dynamic: usize,
    next_dyn_id: i64,
}

impl Model {
    /// Children (by index, the dynamic supervisor last) restarted when child `i` dies.
    fn group(&self, i: usize) -> Vec<usize> {
        let n = self.workers + 1;
        match self.strategy {
            Strat::OneForOne => vec![i],
            Strat::OneForAll => (0..n).collect(),
            Strat::RestForOne => (i..n).collect(),
        }
    }

    /// The root restarts child `i`: returns the static ids expected to re-init, in order.
    fn root_restart(&mut self, i: usize) -> Vec<Term> {
        self.root_restarts += 1;
        if self.root_restarts > self.max_restarts {
            self.root_alive = false;
            self.dynamic = 0;
            return vec![];
        }
        let group = self.group(i);
        if group.contains(&self.workers) {
            self.dynamic = 0;
            self.dyn_restarts = 0;
        }
        group
            .into_iter()
            .filter(|&j| j < self.workers)
            .map(static_id)
            .collect()
    }
}

fn static_id(i: usize) -> Term {
    Term::atom_named(&format!("w{i}"))
}

async fn children(cx: &mut Ctx, sup: &Term) -> Vec<Term> {
    supervisor::which_children(cx, sup)
        .await
        .unwrap()
        .list_to_vec()
        .unwrap()
}

fn pid_in(child: &Term) -> Option<Pid> {
    child.as_tuple().unwrap()[1].as_pid()
}

fn run_case(
    strategy: Strat,
    max_restarts: u32,
    workers: usize,
    ops: Vec<Op>,
) -> Result<(), String> {
    block_on(Mode::Deterministic, move |node| async move {
        boot(&node);
        riex::otp::logger::Console::of(&node).set_sink(Arc::new(|_: &str| {}));
        node.load_module(Arc::new(NativeModule::new(Atom::module("PWorker")).export(
            "start_link",
            1,
            worker_start,
        )));
        let n = node.clone();
        node.run(move |mut cx| async move {
            drive(&mut cx, &n, strategy, max_restarts, workers, ops).await
        })
        .await
    })
}

async fn drive(
    cx: &mut Ctx,
    node: &Arc<Node>,
    strategy: Strat,
    max_restarts: u32,
    workers: usize,
    ops: Vec<Op>,
) -> Result<(), String> {
    cx.trap_exit(true);
    let journal = node.extension::<Journal>();
    registry::start_link(
        cx,
        &keyword(vec![("keys", Term::atom(atom::UNIQUE)), ("name", reg())]),
    )
    .await
    .unwrap();
    let dyn_name = Term::atom_named("Elixir.PDyn");
    let dyn_spec = Term::tuple([
        Term::atom(atom::DYNAMIC_SUPERVISOR),
        keyword(vec![
            ("name", dyn_name.clone()),
            ("strategy", Term::atom(atom::ONE_FOR_ONE)),
        ]),
    ]);
    let mut specs: Vec<Term> = (0..workers)
        .map(|i| spec(static_id(i), "permanent"))
        .collect();
    specs.push(dyn_spec);
    let strategy_atom = match strategy {
        Strat::OneForOne => "one_for_one",
        Strat::OneForAll => "one_for_all",
        Strat::RestForOne => "rest_for_one",
    };
    let opts = keyword(vec![
        ("strategy", Term::atom_named(strategy_atom)),
        ("max_restarts", Term::int(max_restarts as i64)),
    ]);
    let root = supervisor::start_link(cx, &Term::list(specs), &opts)
        .await
        .unwrap()
        .pid()
        .unwrap();
    let root_t = Term::Pid(root);
    let mut model = Model {
        strategy,
        max_restarts,
        workers,
        root_restarts: 0,
        dyn_restarts: 0,
        root_alive: true,
        dynamic: 0,
        next_dyn_id: 0,
    };
    let mut seen: Vec<Pid> = vec![];
    journal.0.lock().clear();
    for (step, op) in ops.into_iter().enumerate() {
        if !model.root_alive {
            break;
        }
        let mut expected_static: Vec<Term> = vec![];
        let mut expect_dyn_start = false;
        match &op {
            Op::CrashStatic(i, r) => {
                let i = i % workers;
                let table = registry::table(cx, &reg()).unwrap();
                let Some(&(pid, _)) = table.lookup(node, &static_id(i)).first() else {
                    return Err(format!("step {step}: w{i} not registered"));
                };
                crash(cx, pid, r).await;
                expected_static = model.root_restart(i);
            }
            Op::StartDynamic => {
                let id = Term::tuple([Term::atom_named("d"), Term::int(model.next_dyn_id)]);
                model.next_dyn_id += 1;
                let r = dynamic_supervisor::start_child(cx, &dyn_name, &spec(id, "transient"))
                    .await
                    .unwrap();
                if !r.to_string().starts_with("{:ok,") {
                    return Err(format!("step {step}: start_child gave {r}"));
                }
                model.dynamic += 1;
                expect_dyn_start = true;
            }
            Op::CrashDynamic(j, r) if model.dynamic > 0 => {
                let pid = dynamic_child(cx, &dyn_name, *j).await;
                crash(cx, pid, r).await;
                if r.abnormal() {
                    model.dyn_restarts += 1;
                    if model.dyn_restarts > 3 {
                        model.dynamic = 0;
                        let last = model.workers;
                        expected_static = model.root_restart(last);
                    } else {
                        expect_dyn_start = true;
                    }
                } else {
                    model.dynamic -= 1;
                }
            }
            Op::TerminateDynamic(j) if model.dynamic > 0 => {
                let pid = dynamic_child(cx, &dyn_name, *j).await;
                dynamic_supervisor::terminate_child(cx, &dyn_name, Term::Pid(pid))
                    .await
                    .unwrap();
                model.dynamic -= 1;
            }
            _ => continue,
        }
        cx.until_others_quiet().await;
        let started: Vec<Term> = std::mem::take(&mut *journal.0.lock());
        let started_static: Vec<Term> = started
            .iter()
            .filter(|t| t.as_atom().is_some())
            .cloned()
            .collect();
        let started_dyn = started.len() - started_static.len();
        if started_static != expected_static {
            return Err(format!(
                "step {step} {op:?}: restarted {started_static:?}, expected {expected_static:?}"
            ));
        }
        if expect_dyn_start && started_dyn != 1 {
            return Err(format!(
                "step {step} {op:?}: {started_dyn} dynamic inits, expected 1"
            ));
        }
        if node.is_alive(root) != model.root_alive {
            return Err(format!(
                "step {step} {op:?}: root alive = {}, model says {}",
                node.is_alive(root),
                model.root_alive
            ));
        }
        if model.root_alive {
            for child in children(cx, &root_t).await {
                if let Some(pid) = pid_in(&child) {
                    seen.push(pid);
                    if !node.is_alive(pid) {
                        return Err(format!("step {step}: root lists dead child {child}"));
                    }
                }
            }
            let kids = dynamic_supervisor::which_children(cx, &dyn_name)
                .await
                .unwrap()
                .list_to_vec()
                .unwrap();
            if kids.len() != model.dynamic {
                return Err(format!(
                    "step {step} {op:?}: {} dynamic children, model says {}",
                    kids.len(),
                    model.dynamic
                ));
            }
            for k in kids {
                let pid = pid_in(&k).unwrap();
                seen.push(pid);
                if !node.is_alive(pid) {
                    return Err(format!(
                        "step {step}: dynamic supervisor lists dead child {k}"
                    ));
                }
            }
        } else if let Some(p) = seen.iter().find(|p| node.is_alive(**p)) {
            return Err(format!("step {step}: {p} outlived its stopped supervisor"));
        }
        let table = registry::table(cx, &reg()).unwrap();
        if let Some((k, p, _)) = table.all().into_iter().find(|(_, p, _)| !node.is_alive(*p)) {
            return Err(format!("step {step}: registry holds dead {p} under {k}"));
        }
    }
    Ok(())
}

async fn dynamic_child(cx: &mut Ctx, sup: &Term, j: usize) -> Pid {
    let kids = dynamic_supervisor::which_children(cx, sup)
        .await
        .unwrap()
        .list_to_vec()
        .unwrap();
    pid_in(&kids[j % kids.len()]).unwrap()
}

async fn crash(cx: &mut Ctx, pid: Pid, r: &Reason) {
    match r {
        Reason::Kill => cx.exit_signal(pid, Term::atom(atom::KILL)),
        Reason::Custom => cx.exit_signal(pid, r.term()),
        _ => {
            gen_server::cast(cx, &Term::Pid(pid), r.term()).await;
        }
    }
}

fn strategy() -> impl proptest::strategy::Strategy<Value = Strat> {
    prop_oneof![
        Just(Strat::OneForOne),
        Just(Strat::OneForAll),
        Just(Strat::RestForOne)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn supervision_trees_keep_their_invariants(
        strategy in strategy(),
        max_restarts in 1u32..5,
        workers in 2usize..5,
        ops in proptest::collection::vec(op(), 1..25),
    ) {
        let r = run_case(strategy, max_restarts, workers, ops);
        prop_assert!(r.is_ok(), "{}", r.unwrap_err());
    }
}
