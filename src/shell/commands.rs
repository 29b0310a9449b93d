//! The one-word supervision commands: `start_child "worker_1"`,
//! `which_children`, `crash "worker_1"`, `stop "worker_1"`, `kill "worker_1"`,
//! `lookup "worker_1"`, `count`, and `tree` (see [`super::teach`]).
//!
//! Given `sup:` or `registry:` after their argument they act on any tree
//! (`which_children sup: KV.BucketSupervisor`, `count registry: :my_registry`,
//! `start_child {Agent, fn -> 0 end}, sup: MySup`, `restart :id, sup: MySup`);
//! a process is named by a PID (`pid("0.112.0")`), a registered name, or a
//! worker's name in the registry. By default they act on the demo tree of
//! the worker tutorial (seed 001): a unique
//! Registry `:worker_registry` and a DynamicSupervisor of transient workers
//! registered through it as `{:via, Registry, {:worker_registry, name}}`. A
//! worker logs `Starting "worker_1"` when it starts and `Exiting worker:
//! worker_1 with reason: ...` when it ends, and raises `Error, Server worker_1
//! has crashed` when crashed. The tree starts the first time a command is
//! used (so a session that never uses them has no `:worker_registry`), owned
//! by its own process rather than linked to the shell.

use crate::lang::eval::{Env, EvalFuture, Helpers};
use crate::otp::dynamic_supervisor;
use crate::otp::gen_server::{self, Action, Cb, GenServer, Init, StartOpts, Step};
use crate::otp::logger::{log, Console, Level};
use crate::otp::name::ServerRef;
use crate::otp::native::NativeModule;
use crate::otp::registry;
use crate::runtime::{Ctx, Node, SpawnOpts};
use crate::term::build::{is_keyword, keyword, keyword_get};
use crate::term::exception::exception_struct;
use crate::term::fun::CallFuture;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, TMap, Term};
use std::sync::Arc;

const COMMANDS: &[(&str, usize)] = &[
    ("start_child", 1),
    ("start_child", 2),
    ("which_children", 0),
    ("which_children", 1),
    ("crash", 1),
    ("crash", 2),
    ("stop", 1),
    ("stop", 2),
    ("kill", 1),
    ("kill", 2),
    ("lookup", 1),
    ("lookup", 2),
    ("count", 0),
    ("count", 1),
    ("restart", 2),
    ("tree", 0),
    ("tree", 1),
    ("tree", 2),
    ("trace", 1),
    ("seq_trace", 1),
    ("seq_trace", 2),
    ("untrace", 0),
    ("untrace", 1),
];

fn worker_module() -> Atom {
    Atom::module("Demo.Worker")
}

fn supervisor_name() -> Term {
    Term::atom_named("Elixir.Demo.WorkerSupervisor")
}

fn registry_name() -> Term {
    Term::atom_named("worker_registry")
}

/// The demo worker of the tutorial.
struct Worker;

impl GenServer for Worker {
    type State = Term;

    fn module(&self) -> Atom {
        worker_module()
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, name: Term) -> Cb<'a, Init<Term>> {
        log(
            cx.node(),
            Level::Info,
            &format!("Starting {}", inspect(&name)),
        );
        Box::pin(async move { Ok(Init::Ok(name, Action::None)) })
    }

    fn handle_cast<'a>(&'a self, _cx: &'a mut Ctx, req: Term, name: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            if req.is_atom(Atom::new("raise")) {
                let text = format!("Error, Server {} has crashed", plain(name));
                return Err(Exception::runtime_error(&text));
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn terminate<'a>(&'a self, cx: &'a mut Ctx, reason: Term, name: &'a mut Term) -> Cb<'a, ()> {
        log(
            cx.node(),
            Level::Info,
            &format!(
                "Exiting worker: {} with reason: {}",
                plain(name),
                inspect(&reason)
            ),
        );
        Box::pin(async { Ok(()) })
    }

    fn report_state(&self, name: &Term) -> Term {
        name.clone()
    }
}

/// `"#{name}"`: a string as is, anything else inspected.
fn plain(t: &Term) -> String {
    t.as_str().map(str::to_owned).unwrap_or_else(|| inspect(t))
}

fn via(name: &Term) -> Term {
    Term::tuple([
        Term::atom(atom::VIA),
        Term::atom(atom::REGISTRY),
        Term::tuple([registry_name(), name.clone()]),
    ])
}

fn worker_start_link<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let name = ServerRef::from_term(&via(&args[0]));
        let opts = StartOpts {
            name,
            ..StartOpts::default()
        };
        Ok(
            gen_server::start_link(cx, Arc::new(Worker), args[0].clone(), opts)
                .await?
                .to_term(),
        )
    })
}

/// The one-word commands, as shell helpers.
pub struct Commands;

impl Commands {
    /// Loads the demo worker module into `node`, and `:observer`, whose
    /// `start/0` watches every supervision tree of the node (`tree :all,
    /// watch: true`) instead of opening a wx window.
    pub fn load(node: &Arc<Node>) {
        node.load_module(Arc::new(NativeModule::new(worker_module()).export(
            "start_link",
            1,
            worker_start_link,
        )));
        node.load_module(Arc::new(NativeModule::new(Atom::new("observer")).export(
            "start",
            0,
            observer_start,
        )));
    }
}

/// The demo tree's supervisor, by name.
pub(crate) fn demo_supervisor() -> Term {
    supervisor_name()
}

fn observer_start<'a>(cx: &'a mut Ctx, _args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        Console::of(cx.node()).write(
            "riex has no graphical observer: it watches every supervision tree of the node instead (tree :all, watch: true).\n",
        );
        let watch = keyword(vec![("watch", Term::atom(atom::TRUE))]);
        super::teach::tree(cx, &[Term::Atom(Atom::new("all")), watch]).await?;
        Ok(Term::ok())
    })
}

/// Starts the demo tree unless it runs: the registry and the supervisor,
/// linked to a holder process of their own.
pub(crate) async fn ensure_demo_tree(cx: &mut Ctx) -> Result<(), Exception> {
    if cx
        .node()
        .whereis(supervisor_name().as_atom().unwrap())
        .is_some()
    {
        return Ok(());
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    cx.node()
        .spawn(SpawnOpts::default(), move |mut holder| async move {
            let started = start_tree(&mut holder).await;
            let ok = started.is_ok();
            let _ = tx.send(started);
            if ok {
                holder.sleep(None).await;
            }
            Term::atom(atom::NORMAL)
        });
    rx.await.unwrap_or(Ok(()))
}

async fn start_tree(cx: &mut Ctx) -> Result<(), Exception> {
    let reg_opts = keyword(vec![
        ("keys", Term::atom(atom::UNIQUE)),
        ("name", registry_name()),
    ]);
    registry::start_link(cx, &reg_opts).await?;
    let sup_opts = keyword(vec![
        ("strategy", Term::atom(atom::ONE_FOR_ONE)),
        ("name", supervisor_name()),
    ]);
    dynamic_supervisor::start_link(cx, &sup_opts).await?;
    Ok(())
}

fn worker_spec(name: Term) -> Term {
    Term::Map(TMap::from_pairs(vec![
        (Term::atom(atom::ID), Term::Atom(worker_module())),
        (
            Term::atom(atom::START),
            Term::tuple([
                Term::Atom(worker_module()),
                Term::atom(atom::START_LINK),
                Term::list(vec![name]),
            ]),
        ),
        (Term::atom(atom::RESTART), Term::atom(atom::TRANSIENT)),
    ]))
}

/// A process named `t` as a server reference: a PID or a registered name
/// as it is, any other name (a worker's) through `registry`.
fn target(cx: &Ctx, t: &Term, registry: &Term) -> Term {
    match t {
        Term::Pid(_) => t.clone(),
        Term::Atom(a) if cx.node().whereis(*a).is_some() => t.clone(),
        name if registry == &registry_name() => via(name),
        name => Term::tuple([
            Term::atom(atom::VIA),
            Term::atom(atom::REGISTRY),
            Term::tuple([registry.clone(), name.clone()]),
        ]),
    }
}

impl Helpers for Commands {
    fn has(&self, name: &str, arity: usize) -> bool {
        COMMANDS.contains(&(name, arity))
    }

    fn call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        _env: &'a Env,
        name: &'a str,
        args: Vec<Term>,
    ) -> EvalFuture<'a> {
        Box::pin(async move {
            if name == "tree" {
                return super::teach::tree(cx, &args).await;
            }
            if name == "seq_trace" {
                return super::teach::seq::seq_trace(cx, &args).await;
            }
            if name == "trace" || name == "untrace" {
                return trace(cx, name, &args).await;
            }
            let (args, on) = Tree::of(args)?;
            // The demo tree starts with the first command that acts on it
            // (not one naming a process by PID or registered name).
            let named = match &args[..] {
                [Term::Pid(_)] => true,
                [Term::Atom(a)] => cx.node().whereis(*a).is_some(),
                _ => false,
            };
            let by_name = named && matches!(name, "crash" | "stop" | "kill");
            if on.sup.is_none() && on.registry.is_none() && !by_name {
                ensure_demo_tree(cx).await?;
            }
            let sup = on.sup.clone().unwrap_or_else(supervisor_name);
            let registry = on.registry.clone().unwrap_or_else(registry_name);
            match (name, &args[..]) {
                ("start_child", [n]) if on.sup.is_none() => {
                    dynamic_supervisor::start_child(cx, &sup, &worker_spec(n.clone())).await
                }
                ("start_child", [spec]) => start_child_under(cx, &sup, spec).await,
                ("which_children", []) => dynamic_supervisor::which_children(cx, &sup).await,
                ("crash", [n]) => crash(cx, &target(cx, n, &registry)).await,
                ("stop", [n]) => {
                    gen_server::stop(
                        cx,
                        &target(cx, n, &registry),
                        Term::atom(atom::NORMAL),
                        None,
                    )
                    .await
                }
                ("kill", [n]) => {
                    let pid = gen_server::whereis(cx, &target(cx, n, &registry)).await?;
                    match pid {
                        Some(p) => {
                            cx.exit_signal(p, Term::atom(atom::KILL));
                            Ok(Term::bool(true))
                        }
                        None => Err(no_worker(n)),
                    }
                }
                ("restart", [id]) if on.sup.is_some() => {
                    crate::otp::supervisor::restart_child(cx, &sup, id.clone()).await
                }
                ("lookup", [Term::Pid(p)]) => {
                    let t = registry::table(cx, &registry)?;
                    let keys = t.keys_of(*p);
                    Ok(Term::list(
                        keys.into_iter()
                            .map(|k| Term::tuple([k, Term::nil()]))
                            .collect(),
                    ))
                }
                ("lookup", [n]) => registry::lookup(cx, &registry, n),
                ("count", []) => Ok(Term::int(registry::table(cx, &registry)?.count() as i64)),
                _ => Err(Exception::argument_error(&format!(
                    "bad arguments to {name}"
                ))),
            }
        })
    }
}

/// Which tree a command acts on: `sup:` and `registry:` options after its
/// argument, the demo tree's by default.
#[derive(Default)]
struct Tree {
    sup: Option<Term>,
    registry: Option<Term>,
}

impl Tree {
    /// The command's own arguments, and the tree its options name.
    fn of(mut args: Vec<Term>) -> Result<(Vec<Term>, Tree), Exception> {
        let mut on = Tree::default();
        let Some(last) = args.last() else {
            return Ok((args, on));
        };
        if !is_keyword(last) || matches!(last, Term::Nil) {
            return Ok((args, on));
        }
        let opts = args.pop().expect("a last argument");
        on.sup = keyword_get(&opts, Atom::new("sup"));
        on.registry = keyword_get(&opts, Atom::new("registry"));
        if on.sup.is_none() && on.registry.is_none() {
            return Err(Exception::argument_error(&format!(
                "expected sup: or registry: options, got {}",
                inspect(&opts)
            )));
        }
        Ok((args, on))
    }
}

/// `trace target`, `untrace target`, `untrace`.
async fn trace(cx: &mut Ctx, name: &str, args: &[Term]) -> Result<Term, Exception> {
    let console = Console::of(cx.node());
    let Some(t) = args.first() else {
        cx.node().untrace_all();
        console.write("No process is traced now.\n");
        return Ok(Term::Atom(super::helpers::dont_display()));
    };
    if t.as_str().is_some() {
        ensure_demo_tree(cx).await?;
    }
    let Some(pid) = gen_server::whereis(cx, &target(cx, t, &registry_name())).await? else {
        return Err(no_worker(t));
    };
    if name == "trace" {
        super::teach::trace::start(cx.node(), pid);
        console.write(&format!(
            "Tracing {}: its messages print as they come (untrace to stop).\n",
            inspect(t)
        ));
    } else {
        cx.node().trace(pid, false);
        console.write(&format!("{} is traced no more.\n", inspect(t)));
    }
    Ok(Term::Atom(super::helpers::dont_display()))
}

/// `start_child spec, sup: sup`: the child spec started under any
/// supervisor, dynamic or not.
async fn start_child_under(cx: &mut Ctx, sup: &Term, spec: &Term) -> Result<Term, Exception> {
    let pid = gen_server::whereis(cx, sup).await?;
    let dynamic = pid.is_some_and(|p| {
        cx.node()
            .info(p, None)
            .and_then(|i| i.initial_call)
            .and_then(|c| c.as_tuple().map(|t| t[0].is_atom(atom::DYNAMIC_SUPERVISOR)))
            .unwrap_or(false)
    });
    if dynamic {
        dynamic_supervisor::start_child(cx, sup, spec).await
    } else {
        crate::otp::supervisor::start_child(cx, sup, spec).await
    }
}

/// Crashes a process: a demo worker raises (its report prints); any other
/// process exits with reason `:crashed`, as if it had failed, and its
/// supervisor restarts it as its restart type says.
async fn crash(cx: &mut Ctx, target: &Term) -> Result<Term, Exception> {
    let Some(pid) = gen_server::whereis(cx, target).await? else {
        return Err(no_worker(target));
    };
    let is_demo_worker = cx
        .node()
        .info(pid, None)
        .and_then(|i| i.initial_call)
        .is_some_and(|c| matches!(c.as_tuple(), Some([m, ..]) if m.is_atom(worker_module())));
    if is_demo_worker {
        return Ok(gen_server::cast(cx, target, Term::atom_named("raise")).await);
    }
    cx.exit_signal(pid, Term::atom_named("crashed"));
    Ok(Term::ok())
}

fn no_worker(n: &Term) -> Exception {
    Exception::error(exception_struct(
        atom::ARGUMENT_ERROR,
        vec![(
            "message",
            Term::string(&format!("no worker named {}", inspect(n))),
        )],
    ))
}
