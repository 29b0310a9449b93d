//! `GenServer.call` round trip: ≤ 2 µs [Elixir 8.2 µs].
//!
//! One caller process calls one idle `Bench.Worker` server `:ping` and waits
//! for `:pong`, with `GenServer.call/2`'s default 5 s timeout (the budget) and
//! with `:infinity` (no timer) for comparison.

mod common;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use riex::otp::gen_server::{self, StartOpts};
use riex::term::Term;
use std::sync::Arc;
use std::time::Instant;

fn call_round_trip(c: &mut Criterion) {
    let mut g = small(c);
    g.bench_function("gen_server_call_round_trip", |b| {
        b.iter_custom(|iters| {
            in_node(move |mut cx| async move {
                let server = start_server(&mut cx).await;
                let t = Instant::now();
                for _ in 0..iters {
                    ping_call(&mut cx, &server).await;
                }
                t.elapsed()
            })
        })
    });
    g.bench_function("gen_server_call_round_trip_infinity", |b| {
        b.iter_custom(|iters| {
            in_node(move |mut cx| async move {
                let server = start_server(&mut cx).await;
                let t = Instant::now();
                for _ in 0..iters {
                    ping_call_infinity(&mut cx, &server).await;
                }
                t.elapsed()
            })
        })
    });
    g.finish();
}

async fn start_server(cx: &mut riex::runtime::Ctx) -> Term {
    let started = gen_server::start_link(cx, Arc::new(Worker), Term::Nil, StartOpts::default())
        .await
        .expect("started");
    Term::Pid(started.pid().expect("a pid"))
}

criterion_group!(benches, call_round_trip);
criterion_main!(benches);
