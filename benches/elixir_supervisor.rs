//! Starting 100,000 children written in Elixir under one DynamicSupervisor:
//! ≤ 0.3 s for all of them.
//!
//! The child is
//!
//! ```elixir
//! defmodule Bench.ElixirWorker do
//!   use GenServer
//!   def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
//!   def init(arg), do: {:ok, arg}
//! end
//! ```
//!
//! - `elixir_dynsup_start_100k` (the budget): Rust calls
//!   `DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, 0})` 100,000
//!   times (`riex::otp::dynamic_supervisor::start_child`, as
//!   `benches/supervisor.rs` does for the native `Bench.Worker`); each start
//!   runs the module's `child_spec/1` (from `use GenServer`), `start_link/1`
//!   and `init/1` with the interpreter.
//! - `elixir_dynsup_start_100k_from_elixir_loop` (not the budget): the same
//!   starts from the prompt's path, one evaluated input
//!   `Enum.each(1..100_000, fn i -> {:ok, _} = DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, i}) end)`.
//!
//! Each iteration runs in a fresh node; the supervisor is started untimed.
//! `RIEX_BENCH_N` overrides the count. Real Elixir:
//! `scripts/elixir_reference/dynsup_start.exs`.

mod common;
#[path = "common/elixir.rs"]
mod elixir;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use elixir::*;
use riex::lang::eval::Env;
use riex::term::{Atom, Term};
use std::time::{Duration, Instant};

fn start_children(c: &mut Criterion) {
    let n = children_n();
    let mut g = large(c);
    g.bench_function("elixir_dynsup_start_100k", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    in_elixir_node(move |mut cx| async move {
                        eval(&mut cx, WORKER).await;
                        let sup = start_sup(&mut cx).await;
                        let child = Term::tuple([Term::Atom(elixir_worker_module()), Term::int(0)]);
                        let t = Instant::now();
                        for _ in 0..n {
                            start_worker(&mut cx, &sup, &child).await;
                        }
                        let elapsed = t.elapsed();
                        forget_sup(&mut cx, &sup);
                        elapsed
                    })
                })
                .sum::<Duration>()
        })
    });
    g.bench_function("elixir_dynsup_start_100k_from_elixir_loop", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    in_elixir_node(move |mut cx| async move {
                        eval(&mut cx, WORKER).await;
                        let sup = start_sup(&mut cx).await;
                        let mut env = Env::new();
                        env.bind(Atom::new("sup"), sup.clone());
                        let src = format!(
                            "Enum.each(1..{n}, fn i -> {{:ok, _}} = DynamicSupervisor.start_child(sup, {{Bench.ElixirWorker, i}}) end)"
                        );
                        let t = Instant::now();
                        eval_in(&mut cx, &mut env, &src).await;
                        let elapsed = t.elapsed();
                        forget_sup(&mut cx, &sup);
                        elapsed
                    })
                })
                .sum::<Duration>()
        })
    });
    g.finish();
}

criterion_group!(benches, start_children);
criterion_main!(benches);
