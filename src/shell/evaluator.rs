//! The shell process: the runtime process that evaluates what the user types.
//!
//! As in iex, the evaluator is a process like any other: `self()` is its
//! PID, its mailbox is what `flush` empties, and a linked process that
//! crashes takes it down. It keeps the bindings between inputs; the front
//! end sends it inputs over a channel (not as messages, so they never show
//! in `flush`), and a watcher process reports its death with the reason.

use crate::lang::ast::Ast;
use crate::lang::eval::{check, eval_input, Env, Helpers, Scope};
use crate::runtime::{Ctx, Node, SpawnOpts};
use crate::term::{atom, Atom, Exception, Pid, Term};
use parking_lot::Mutex;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// What evaluating one input gave.
pub struct Outcome {
    /// Compiler warnings to print first.
    pub warnings: Vec<String>,
    /// The value, or the exception that escaped.
    pub result: Result<Term, Exception>,
    /// The message of an escaped exception whose module defines `message/1`
    /// in Elixir, computed in the shell process (the banner needs it).
    pub message: Option<String>,
    /// The texts of structs in the value whose `Inspect` is written in Elixir.
    pub inspected: Vec<(Term, String)>,
}

struct Request {
    ast: Arc<Ast>,
    reply: oneshot::Sender<Outcome>,
}

/// A running shell process, as the front end sees it.
pub struct ShellProcess {
    /// Its PID.
    pub pid: Pid,
    requests: mpsc::UnboundedSender<Request>,
    death: oneshot::Receiver<Term>,
    /// The reason, once `death` gave it: a receiver gives its value once,
    /// and a finished one must not be waited on again.
    reason: Option<Term>,
}

/// How an evaluation ended.
pub enum Evaluated {
    /// It finished (maybe with an exception).
    Done(Outcome),
    /// The shell process died first, with this reason.
    Died(Term),
}

impl ShellProcess {
    /// Starts a shell process on `node` that evaluates in `scope`, with the
    /// bindings in `env` (which it updates after each successful input).
    pub fn start(node: &Arc<Node>, scope: Arc<Scope>, env: Arc<Mutex<Env>>) -> ShellProcess {
        let (tx, rx) = mpsc::unbounded_channel::<Request>();
        let opts = SpawnOpts {
            identity: crate::runtime::Identity::new(
                Term::tuple([
                    Term::atom_named("Elixir.IEx.Evaluator"),
                    Term::atom(atom::INIT),
                    Term::int(5),
                ]),
                None,
            ),
            ..SpawnOpts::default()
        };
        let pid = node.spawn(opts, move |cx| serve(cx, rx, scope, env));
        let (death_tx, death) = oneshot::channel();
        node.spawn(SpawnOpts::default(), move |mut cx| async move {
            let r = cx.monitor(pid);
            let reason = cx
                .receive(
                    |m| match m.as_tuple() {
                        Some([d, Term::Ref(x), _, _, why]) if d.is_atom(atom::DOWN) && *x == r => {
                            Some(why.clone())
                        }
                        _ => None,
                    },
                    None,
                )
                .await
                .unwrap_or(Term::atom(atom::NORMAL));
            let _ = death_tx.send(reason);
            Term::atom(atom::NORMAL)
        });
        ShellProcess {
            pid,
            requests: tx,
            death,
            reason: None,
        }
    }

    /// Evaluates `ast`; tells whether the process died instead.
    pub async fn eval(&mut self, ast: Arc<Ast>) -> Evaluated {
        let (reply, rx) = oneshot::channel();
        if self.requests.send(Request { ast, reply }).is_err() {
            return Evaluated::Died(self.death().await);
        }
        match rx.await {
            Ok(outcome) => Evaluated::Done(outcome),
            Err(_) => Evaluated::Died(self.death().await),
        }
    }

    /// Waits until the process dies; its reason. Cancel-safe: a wait given
    /// up leaves the death to be seen by the next.
    pub async fn death(&mut self) -> Term {
        if let Some(reason) = &self.reason {
            return reason.clone();
        }
        let reason = (&mut self.death).await.unwrap_or(Term::atom(atom::NORMAL));
        self.reason = Some(reason.clone());
        reason
    }

    /// Kills the process and waits until it is gone.
    pub async fn kill(&mut self, node: &Node) {
        node.exit_signal(self.pid, self.pid, Term::atom(atom::KILL));
        let _ = self.death().await;
    }

    /// The reason the process died with, if it has died since the last look.
    pub fn died(&mut self) -> Option<Term> {
        if self.reason.is_some() {
            return None;
        }
        let reason = self.death.try_recv().ok()?;
        self.reason = Some(reason.clone());
        Some(reason)
    }
}

async fn serve(
    mut cx: Ctx,
    mut requests: mpsc::UnboundedReceiver<Request>,
    scope: Arc<Scope>,
    shared: Arc<Mutex<Env>>,
) -> Term {
    while let Some(req) = requests.recv().await {
        let mut env = shared.lock().clone();
        let outcome = run(&mut cx, &scope, &mut env, &req.ast).await;
        if outcome.result.is_ok() {
            *shared.lock() = env;
        }
        let _ = req.reply.send(outcome);
    }
    Term::atom(atom::NORMAL)
}

async fn run(cx: &mut Ctx, scope: &Arc<Scope>, env: &mut Env, ast: &Ast) -> Outcome {
    let node = cx.node().clone();
    let helpers = scope.helpers.clone();
    let imports = scope.imports.lock().clone();
    let known = |name: &str, arity: usize| {
        let fun = Atom::new(name);
        helpers.as_ref().is_some_and(|h| h.has(name, arity))
            || (crate::lang::eval::kernel_admits(&imports, fun, arity)
                && node
                    .module(Atom::module("Kernel"))
                    .is_some_and(|m| m.exports_fun(fun, arity)))
            || imports.iter().any(|i| {
                i.admits(fun, arity)
                    && node.module(i.module).is_some_and(|m| {
                        m.exports_fun(fun, arity)
                            || m.as_any()
                                .and_then(|a| a.downcast_ref::<crate::lang::module::UserModule>())
                                .is_some_and(|u| u.has_macro(fun, arity, false))
                    })
            })
    };
    let checked = check(ast, scope, env, &known);
    if let Some(e) = checked.error {
        return Outcome {
            warnings: checked.warnings,
            result: Err(e),
            message: None,
            inspected: Vec::new(),
        };
    }
    let mark = env.mark();
    let result = eval_input(cx, scope, env, ast).await;
    if result.is_err() {
        env.restore(mark);
    } else {
        env.compact();
    }
    let (message, inspected) = match &result {
        Err(e) => (user_message(cx, e).await, Vec::new()),
        Ok(v) => (
            None,
            crate::lang::module::protocol::inspect_overrides(cx, v).await,
        ),
    };
    Outcome {
        warnings: checked.warnings,
        result,
        message,
        inspected,
    }
}

/// `Exception.message/1` of an error whose module is defined in Elixir.
async fn user_message(cx: &mut Ctx, e: &Exception) -> Option<String> {
    if e.kind != crate::term::Kind::Error {
        return None;
    }
    crate::lang::module::user_module(cx, e.reason.struct_name()?)?;
    let text = cx
        .apply(
            Atom::module("Exception"),
            Atom::new("message"),
            vec![e.reason.clone()],
        )
        .await
        .ok()?;
    text.as_str().map(str::to_owned)
}

/// Keeps the [`Helpers`] trait object type nameable for the session.
pub type SharedHelpers = Arc<dyn Helpers>;
