//! Memory per idle supervised GenServer written in Elixir: ≤ 1,000 bytes.
//!
//! Not a criterion bench: as `benches/memory.rs` does, a counting global
//! allocator (the system allocator, with live bytes counted) measures the
//! heap held before and after starting 100,000 idle children of
//!
//! ```elixir
//! defmodule Bench.ElixirWorker do
//!   use GenServer
//!   def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
//!   def init(arg), do: {:ok, arg}
//! end
//! ```
//!
//! under one DynamicSupervisor (`start_child(sup, {Bench.ElixirWorker, i})`,
//! the supervisor's bookkeeping of the child included), once the node is
//! quiet, in a node booted as `riex` boots it, and prints bytes per child.
//! For comparison it measures the native `Bench.Worker` child in the same
//! kind of node.
//!
//! The line `RIEX-BUDGET memory_per_idle_supervised_elixir_gen_server_bytes N`
//! is what `scripts/bench.sh` reads. `RIEX_BENCH_N` overrides the count.
//! Real Elixir: `scripts/elixir_reference/memory.exs`.

mod common;
#[path = "common/elixir.rs"]
mod elixir;

use common::*;
use elixir::*;
use riex::allocator::Allocator as System;
use riex::term::{Atom, Term};
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting the bytes and blocks currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static ALLOCS: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        ALLOCS.fetch_sub(1, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> (isize, isize) {
    (LIVE.load(Ordering::Relaxed), ALLOCS.load(Ordering::Relaxed))
}

/// Starts `n` idle children of `module` (after ten untimed ones, which make
/// whatever is made once) under one DynamicSupervisor in a fresh booted
/// node, and gives the heap they added per child: (bytes, allocations).
fn measure(module: fn() -> Atom, n: usize) -> (f64, f64) {
    in_elixir_node(move |mut cx| async move {
        eval(&mut cx, WORKER).await;
        let sup = start_sup(&mut cx).await;
        let module = module();
        for i in 0..10 {
            start_worker(
                &mut cx,
                &sup,
                &Term::tuple([Term::Atom(module), Term::int(i)]),
            )
            .await;
        }
        cx.until_others_quiet().await;
        let before = live();
        for i in 0..n {
            let child = Term::tuple([Term::Atom(module), Term::int(i as i64)]);
            start_worker(&mut cx, &sup, &child).await;
        }
        cx.until_others_quiet().await;
        let after = live();
        // Everything is dropped with the node's runtime.
        forget_sup(&mut cx, &sup);
        (
            (after.0 - before.0) as f64 / n as f64,
            (after.1 - before.1) as f64 / n as f64,
        )
    })
}

/// A receive loop written in Elixir, as tutorials show before GenServer.
const LOOP: &str = "defmodule Bench.Loop do
  def loop(n) do
    receive do
      {:stop, from} -> send(from, n)
      _ -> loop(n + 1)
    end
  end
end";

/// Spawns `n` processes each waiting in `Bench.Loop.loop/1` (after ten
/// untimed ones) and gives the heap they added per process.
fn measure_receive_loops(n: usize) -> (f64, f64) {
    in_elixir_node(move |mut cx| async move {
        eval(&mut cx, LOOP).await;
        let spawn_loop = |cx: &mut riex::runtime::Ctx| {
            cx.spawn(|mut p| async move {
                let module = Atom::module("Bench.Loop");
                let _ = p.apply(module, Atom::new("loop"), vec![Term::int(0)]).await;
                Term::atom(riex::term::atom::NORMAL)
            })
        };
        for _ in 0..10 {
            spawn_loop(&mut cx);
        }
        cx.until_others_quiet().await;
        let before = live();
        for _ in 0..n {
            spawn_loop(&mut cx);
        }
        cx.until_others_quiet().await;
        let after = live();
        (
            (after.0 - before.0) as f64 / n as f64,
            (after.1 - before.1) as f64 / n as f64,
        )
    })
}

fn main() {
    let n = children_n();
    let native = measure(common::worker_module, n);
    let elixir = measure(elixir_worker_module, n);
    let loops = measure_receive_loops(n);
    println!(
        "memory per idle process in an Elixir receive loop, {n} processes: {:8.1} B ({:.1} allocations)",
        loops.0, loops.1
    );
    println!(
        "RIEX-BUDGET memory_per_idle_elixir_receive_loop_bytes {:.1}",
        loops.0
    );
    println!("memory per idle DynamicSupervisor child, {n} children, live heap bytes (live allocations) per child:");
    println!(
        "  native Bench.Worker (Rust):         {:8.1} B ({:.1})",
        native.0, native.1
    );
    println!(
        "  Bench.ElixirWorker (Elixir module): {:8.1} B ({:.1})",
        elixir.0, elixir.1
    );
    println!(
        "RIEX-BUDGET memory_per_idle_supervised_elixir_gen_server_bytes {:.1}",
        elixir.0
    );
}
