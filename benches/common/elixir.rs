//! Shared pieces of the benches of code written in Elixir: a node with the
//! standard library booted (as `riex` boots it), evaluation of source text
//! as the shell evaluates it, and the Elixir modules the budgets name.
//!
//! Included with `#[path = "common/elixir.rs"] mod elixir;` beside `mod common;`.
#![allow(dead_code)]

use riex::lang::eval::{eval_input, Env, Scope};
use riex::lang::parser;
use riex::runtime::{self, Ctx, Mode, Node};
use riex::term::{Atom, Term};
use std::future::Future;
use std::sync::Arc;

/// The defmodule of the `define_module_50_functions` budget (50 functions:
/// multi-clause, guards, default arguments, `defp`), named `Bench.Defs`.
pub const DEFS_50: &str = include_str!("../../scripts/elixir_reference/module_50_functions.ex");

/// `DEFS_50` with the module named `Bench.Defs<i>`, so that every definition
/// is a new module (no redefinition warning), as in the Elixir reference.
pub fn defs_50(i: usize) -> String {
    DEFS_50.replace(
        "defmodule Bench.Defs do",
        &format!("defmodule Bench.Defs{i} do"),
    )
}

/// The server of the call budget, as the brief and the Elixir reference write it.
pub const COUNTER: &str = "defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
end";

/// The child of the DynamicSupervisor start and memory budgets.
pub const WORKER: &str = "defmodule Bench.ElixirWorker do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init(arg), do: {:ok, arg}
end";

/// `Elixir.Bench.ElixirWorker`.
pub fn elixir_worker_module() -> Atom {
    Atom::module("Bench.ElixirWorker")
}

/// Loads the OTP layer and the standard library, as the `riex` binary does.
pub fn boot(node: &Arc<Node>) {
    riex::shell::boot(node);
}

/// Runs `body` as a process of a fresh realtime node booted as `riex` boots
/// one (and with the native `Bench.Worker` loaded too), and returns its result.
pub fn in_elixir_node<F, Fut, T>(body: F) -> T
where
    F: FnOnce(Ctx) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    runtime::block_on(Mode::Realtime, move |node| async move {
        boot(&node);
        crate::common::load_worker(&node);
        node.run(body).await
    })
}

/// Parses and evaluates `src` in the calling process with the bindings of
/// `env`, as `riex FILE` does (file name `iex`); panics on an exception.
pub async fn eval_in(cx: &mut Ctx, env: &mut Env, src: &str) -> Term {
    let ast = match parser::parse(src, 1) {
        Ok(ast) => ast,
        Err(e) => panic!("{}", parser::format_error(&e, src, "iex", 1)),
    };
    let scope = Scope::new("iex", None);
    match eval_input(cx, &scope, env, &ast).await {
        Ok(t) => t,
        Err(e) => panic!("{src}\n{}", e.banner()),
    }
}

/// [`eval_in`] with fresh bindings.
pub async fn eval(cx: &mut Ctx, src: &str) -> Term {
    eval_in(cx, &mut Env::new(), src).await
}

/// The PID of an `{:ok, pid}`.
pub fn ok_pid(t: &Term) -> Term {
    match t.as_tuple() {
        Some([_, p @ Term::Pid(_)]) => p.clone(),
        _ => panic!("expected {{:ok, pid}}, got {t}"),
    }
}
