//! `GenServer.call` round trip to a server written in Elixir: ≤ 1 µs.
//!
//! `elixir_gen_server_call_round_trip`: one Rust caller process calls
//! `riex::otp::gen_server::call(pid, :get)` (default 5 s timeout) on an idle
//! server started with `GenServer.start_link(Counter, 0)` from
//!
//! ```elixir
//! defmodule Counter do
//!   use GenServer
//!   def init(n), do: {:ok, n}
//!   def handle_call(:get, _from, n), do: {:reply, n, n}
//! end
//! ```
//!
//! and waits for the reply: the server's `ModuleServer` runs `handle_call/3`
//! with the interpreter. `..._infinity` (not the budget) is the same with
//! `:infinity` (no timer). `..._traced` (budget ≤ 10 µs) is the same call
//! while the server is traced as `trace pid` traces it at the prompt: each
//! call and reply formatted as a timestamped trace line and written to the
//! console (here a sink, not a terminal). The native server's round trip is
//! `benches/gen_server_call.rs`.
//!
//! Real Elixir: `scripts/elixir_reference/gen_server_call.exs`.

mod common;
#[path = "common/elixir.rs"]
mod elixir;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use elixir::*;
use riex::otp::gen_server;
use riex::otp::logger::Console;
use riex::runtime::Ctx;
use riex::term::{Atom, Term};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Defines `Counter` and starts one, linked to the caller.
async fn start_counter(cx: &mut Ctx) -> Term {
    eval(cx, COUNTER).await;
    ok_pid(&eval(cx, "GenServer.start_link(Counter, 0)").await)
}

fn round_trips(iters: u64, timeout: Option<Duration>) -> Duration {
    in_elixir_node(move |mut cx| async move {
        let server = start_counter(&mut cx).await;
        let get = Term::atom(Atom::new("get"));
        let first = gen_server::call(&mut cx, &server, get.clone(), timeout)
            .await
            .expect("a reply");
        assert_eq!(first, Term::int(0));
        let t = Instant::now();
        for _ in 0..iters {
            gen_server::call(&mut cx, &server, get.clone(), timeout)
                .await
                .expect("a reply");
        }
        t.elapsed()
    })
}

/// The round trips while `trace` traces the server.
fn traced_round_trips(iters: u64) -> Duration {
    in_elixir_node(move |mut cx| async move {
        let server = start_counter(&mut cx).await;
        let node = cx.node().clone();
        let written = Arc::new(AtomicUsize::new(0));
        let count = written.clone();
        Console::of(&node).set_sink(Arc::new(move |s: &str| {
            count.fetch_add(s.len(), Ordering::Relaxed);
        }));
        riex::shell::teach::trace::start(&node, server.as_pid().expect("a pid"));
        let get = Term::atom(Atom::new("get"));
        let t = Instant::now();
        for _ in 0..iters {
            gen_server::call(&mut cx, &server, get.clone(), gen_server::DEFAULT_TIMEOUT)
                .await
                .expect("a reply");
        }
        let elapsed = t.elapsed();
        // Each call printed its two lines.
        assert!(written.load(Ordering::Relaxed) as u64 >= iters * 40);
        elapsed
    })
}

fn call_round_trip(c: &mut Criterion) {
    let mut g = small(c);
    g.bench_function("elixir_gen_server_call_round_trip", |b| {
        b.iter_custom(|iters| round_trips(iters, gen_server::DEFAULT_TIMEOUT))
    });
    g.bench_function("elixir_gen_server_call_round_trip_infinity", |b| {
        b.iter_custom(|iters| round_trips(iters, None))
    });
    g.bench_function("elixir_gen_server_call_traced", |b| {
        b.iter_custom(traced_round_trips)
    });
    g.finish();
}

criterion_group!(benches, call_round_trip);
criterion_main!(benches);
