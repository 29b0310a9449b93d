//! Task: run one function in its own process, and maybe wait for its result.
//!
//! ```text
//! task = Task.async(fn -> 1 + 1 end)
//! Task.await(task)            #=> 2
//! ```
//!
//! `Task.async` links the task to its owner and monitors it; the result comes
//! back as `{ref, result}` on an alias, so a reply that arrives after
//! `Task.await` gave up is dropped. A task that raises logs
//! `Task #PID<..> started from #PID<..> terminating` and, being linked, takes
//! its owner with it unless the owner traps exits.

use crate::otp::child_spec::default_child_spec;
use crate::otp::gen_server::report::frame;
use crate::otp::logger::{log, Level};
use crate::otp::native::{apply_fun, timeout_arg, NativeModule};
use crate::runtime::{Ctx, SpawnOpts};
use crate::term::build::structure;
use crate::term::exception::{format_stacktrace, message, normalize};
use crate::term::fun::CallFuture;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Kind, Pid, Ref, Term};
use std::time::Duration;

/// A started `Task.async`: the `%Task{}` struct's fields.
#[derive(Clone, Debug)]
pub struct TaskRef {
    /// The task process.
    pub pid: Pid,
    /// The monitor (and reply alias).
    pub reference: Ref,
    /// The process that awaits it.
    pub owner: Pid,
}

impl TaskRef {
    /// `%Task{mfa: {:erlang, :apply, 2}, owner: ..., pid: ..., ref: ...}`.
    pub fn to_term(&self) -> Term {
        structure(
            atom::TASK,
            vec![
                (
                    "mfa",
                    Term::tuple([
                        Term::atom(atom::ERLANG),
                        Term::atom(atom::APPLY),
                        Term::int(2),
                    ]),
                ),
                ("owner", Term::Pid(self.owner)),
                ("pid", Term::Pid(self.pid)),
                ("ref", Term::Ref(self.reference)),
            ],
        )
    }

    /// Reads a `%Task{}` back.
    pub fn from_term(t: &Term) -> Option<TaskRef> {
        let m = t.as_map()?;
        Some(TaskRef {
            pid: m.get_atom(atom::PID_ATOM)?.as_pid()?,
            reference: match m.get_atom(atom::REF_ATOM)? {
                Term::Ref(r) => *r,
                _ => return None,
            },
            owner: m.get_atom(atom::OWNER)?.as_pid()?,
        })
    }
}

/// Runs `fun` as the task body: on an exception, logs the Task report and
/// exits with the exception's reason.
async fn run_task(mut cx: Ctx, owner: Pid, fun: Term, reply_to: Option<Ref>) -> Term {
    match apply_fun(&mut cx, &fun, vec![]).await {
        Ok(result) => {
            if let Some(r) = reply_to {
                cx.node()
                    .send_alias(owner, r, Term::tuple([Term::Ref(r), result]));
            }
            Term::atom(atom::NORMAL)
        }
        Err(e) => {
            let e = with_task_frames(e, reply_to.is_some());
            if e.kind != Kind::Exit {
                log_task_crash(&cx, owner, &fun, &e);
            }
            match e.kind {
                Kind::Exit => e.reason,
                _ => e.exit_reason(),
            }
        }
    }
}

fn with_task_frames(mut e: Exception, replies: bool) -> Exception {
    let mut stack = e.stack.list_to_vec().unwrap_or_default();
    stack.push(frame(
        "Elixir.Task.Supervised",
        "invoke_mfa",
        2,
        "lib/task/supervised.ex",
        89,
    ));
    if replies {
        stack.push(frame(
            "Elixir.Task.Supervised",
            "reply",
            4,
            "lib/task/supervised.ex",
            34,
        ));
    }
    stack.push(frame("proc_lib", "init_p_do_apply", 3, "proc_lib.erl", 240));
    e.stack = Term::list(stack);
    e
}

fn log_task_crash(cx: &Ctx, owner: Pid, fun: &Term, e: &Exception) {
    let reason = match e.kind {
        Kind::Throw => Term::tuple([Term::atom(atom::NOCATCH), e.reason.clone()]),
        _ => e.reason.clone(),
    };
    let ex = normalize(&reason);
    let name = ex
        .struct_name()
        .map(|a| a.module_display())
        .unwrap_or_default();
    let mut text = format!(
        "Task {} started from {} terminating\n** ({name}) {}",
        cx.self_pid(),
        owner,
        message(&ex)
    );
    for line in format_stacktrace(&e.stack) {
        text.push_str("\n    ");
        text.push_str(&line);
    }
    text.push_str(&format!("\nFunction: {}\n    Args: []", inspect(fun)));
    log(cx.node(), Level::Error, &text);
}

/// `Task.async(fun)`.
pub fn async_task(cx: &mut Ctx, fun: Term) -> TaskRef {
    let owner = cx.self_pid();
    let opts = SpawnOpts {
        link: Some(owner),
        identity: crate::runtime::Identity::new(
            Term::tuple([
                Term::atom(atom::ERLANG),
                Term::atom(atom::APPLY),
                Term::int(2),
            ]),
            None,
        ),
        ..SpawnOpts::default()
    };
    let reply_ref = cx.node().make_ref();
    let (pid, _) = cx.spawn_opts(opts, move |c| run_task(c, owner, fun, Some(reply_ref)));
    let reference = cx.node().monitor_with_ref(owner, pid, reply_ref);
    cx.alias(reference);
    TaskRef {
        pid,
        reference,
        owner,
    }
}

/// `Task.await(task, timeout)`: the result, or an exit naming the await.
pub async fn await_task(
    cx: &mut Ctx,
    task: &TaskRef,
    timeout: Option<Duration>,
) -> Result<Term, Exception> {
    let outcome = wait(cx, task, timeout).await;
    let exit = |reason: Term| {
        let timeout = timeout
            .map(|d| Term::int(d.as_millis() as i64))
            .unwrap_or(Term::atom(atom::INFINITY));
        let mfa = Term::tuple([
            Term::atom(atom::TASK),
            Term::Atom(crate::atom!("await")),
            Term::list(vec![task.to_term(), timeout]),
        ]);
        Exception::exit(Term::tuple([reason, mfa]))
    };
    match outcome {
        Some(Ok(v)) => Ok(v),
        Some(Err(reason)) => Err(exit(reason)),
        None => {
            cx.unalias(task.reference);
            cx.demonitor(task.reference, true);
            Err(exit(Term::atom(atom::TIMEOUT)))
        }
    }
}

/// `Task.yield(task, timeout)`: `{:ok, result}`, `{:exit, reason}` or `nil`.
pub async fn yield_task(cx: &mut Ctx, task: &TaskRef, timeout: Option<Duration>) -> Term {
    match wait(cx, task, timeout).await {
        Some(Ok(v)) => Term::ok_tuple(v),
        Some(Err(reason)) => Term::tuple([Term::atom(atom::EXIT_KIND), reason]),
        None => Term::nil(),
    }
}

/// The task's reply (`Ok`), its exit reason (`Err`), or `None` on timeout.
async fn wait(
    cx: &mut Ctx,
    task: &TaskRef,
    timeout: Option<Duration>,
) -> Option<Result<Term, Term>> {
    let r = task.reference;
    let got = cx
        .receive(
            |m| match m.as_tuple() {
                Some([Term::Ref(x), v]) if *x == r => Some(Ok(v.clone())),
                Some([d, Term::Ref(x), _, _, why]) if d.is_atom(atom::DOWN) && *x == r => {
                    Some(Err(why.clone()))
                }
                _ => None,
            },
            timeout,
        )
        .await;
    if got.is_some() {
        cx.unalias(r);
        cx.demonitor(r, true);
    }
    got
}

/// `Task.start(fun)` / `Task.start_link(fun)`: `{:ok, pid}`.
pub fn start(cx: &mut Ctx, fun: Term, link: bool) -> Term {
    let owner = cx.self_pid();
    let opts = SpawnOpts {
        link: link.then_some(owner),
        ..SpawnOpts::default()
    };
    let (pid, _) = cx.spawn_opts(opts, move |c| run_task(c, owner, fun, None));
    Term::ok_tuple(Term::Pid(pid))
}

fn not_a_task(t: &Term) -> Exception {
    Exception::argument_error(&format!("expected a %Task{{}}, got: {}", inspect(t)))
}

fn async_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(async_task(cx, task_fun(&args)).to_term()) })
}

fn await_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let task = TaskRef::from_term(&args[0]).ok_or_else(|| not_a_task(&args[0]))?;
        await_task(
            cx,
            &task,
            timeout_arg(args.get(1), Some(Duration::from_millis(5000))),
        )
        .await
    })
}

fn yield_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let task = TaskRef::from_term(&args[0]).ok_or_else(|| not_a_task(&args[0]))?;
        Ok(yield_task(
            cx,
            &task,
            timeout_arg(args.get(1), Some(Duration::from_millis(5000))),
        )
        .await)
    })
}

/// The function a task runs: `fun`, or `{module, fun, args}` given as three arguments.
fn task_fun(args: &[Term]) -> Term {
    match args {
        [m, f, a] => Term::tuple([m.clone(), f.clone(), a.clone()]),
        _ => args[0].clone(),
    }
}

fn start_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(start(cx, task_fun(&args), false)) })
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { Ok(start(cx, task_fun(&args), true)) })
}

/// `Task.async_stream(enumerable, fun)`: runs `fun` on every element in a
/// task of its own, concurrently, and gives `{:ok, result}` in order. (riex
/// runs the stream eagerly and returns the list; Enum functions take it as
/// they take the lazy stream.)
fn async_stream_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let items = cx
            .apply(
                Atom::module("Enum"),
                crate::atom!("to_list"),
                vec![args[0].clone()],
            )
            .await?;
        let timeout = args
            .get(2)
            .and_then(|o| crate::otp::child_spec::option(o, "timeout"));
        let timeout = timeout_arg(timeout.as_ref(), Some(Duration::from_millis(5000)));
        let mut tasks = Vec::new();
        for item in items.list_to_vec().unwrap_or_default() {
            let fun = args[1].clone();
            let call = crate::term::fun::RustFun::term("async_stream", 0, move |cx, _| {
                let (fun, item) = (fun.clone(), item.clone());
                Box::pin(async move { apply_fun(cx, &fun, vec![item]).await })
            });
            tasks.push(async_task(cx, call));
        }
        let mut out = Vec::with_capacity(tasks.len());
        for t in &tasks {
            out.push(Term::ok_tuple(await_task(cx, t, timeout).await?));
        }
        Ok(Term::list(out))
    })
}

fn child_spec_fn<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    let restart = Term::list(vec![Term::tuple([
        Term::atom(atom::RESTART),
        Term::atom(atom::TEMPORARY),
    ])]);
    let spec = default_child_spec(atom::TASK, args[0].clone(), &restart);
    Box::pin(async move { Ok(spec) })
}

/// The `Task` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::TASK)
        .export("async", 1, async_fn)
        .export("async", 3, async_fn)
        .export("start", 3, start_fn)
        .export("start_link", 3, start_link_fn)
        .export("await", 1, await_fn)
        .export("await", 2, await_fn)
        .export("yield", 1, yield_fn)
        .export("yield", 2, yield_fn)
        .export("start", 1, start_fn)
        .export("start_link", 1, start_link_fn)
        .export("child_spec", 1, child_spec_fn)
        .export("async_stream", 2, async_stream_fn)
        .export("async_stream", 3, async_stream_fn)
}

/// The `Task` module's name.
pub fn name() -> Atom {
    atom::TASK
}
