//! DynamicSupervisor budgets:
//! - start 100,000 GenServer children under one DynamicSupervisor: ≤ 0.3 s [Elixir 1.86 s];
//! - crash of a child to its replacement answering a call: ≤ 20 µs;
//! - stop a DynamicSupervisor holding 100,000 children: ≤ 0.5 s [Elixir 76 s].
//!
//! Every large iteration runs in a fresh node, so nothing left over from one
//! iteration (or the untimed set-up) weighs on the next.

mod common;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use riex::term::{atom, Term};
use std::time::{Duration, Instant};

/// `DynamicSupervisor.start_child(sup, {Bench.Worker, nil})` 100,000 times.
fn start_children(c: &mut Criterion) {
    let n = children_n();
    let mut g = large(c);
    g.bench_function("dynsup_start_100k_children", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    in_node(move |mut cx| async move {
                        let sup = start_sup(&mut cx).await;
                        let t = Instant::now();
                        start_workers(&mut cx, &sup, n).await;
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

/// `Supervisor.stop(sup)` with 100,000 idle children (each stopped with
/// `:shutdown`, as their default `shutdown: 5000` says).
fn stop_with_children(c: &mut Criterion) {
    let n = children_n();
    let mut g = large(c);
    g.bench_function("dynsup_stop_100k_children", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    in_node(move |mut cx| async move {
                        let sup = start_sup(&mut cx).await;
                        start_workers(&mut cx, &sup, n).await;
                        cx.until_others_quiet().await;
                        let t = Instant::now();
                        stop_sup(&mut cx, &sup).await;
                        let elapsed = t.elapsed();
                        assert_eq!(
                            cx.node().process_count(),
                            1,
                            "only the bench process is left"
                        );
                        elapsed
                    })
                })
                .sum::<Duration>()
        })
    });
    g.finish();
}

/// `Process.exit(child, :kill)`, then wait for the replacement's `{:up, pid}`
/// (sent from its `init`) and `GenServer.call(new, :ping)`.
fn crash_to_replacement(c: &mut Criterion) {
    let mut g = small(c);
    g.bench_function("dynsup_kill_to_replacement_call", |b| {
        b.iter_custom(|iters| {
            in_node(move |mut cx| async move {
                let sup = start_sup(&mut cx).await;
                let me = Term::Pid(cx.self_pid());
                let mut child = start_worker(&mut cx, &sup, &worker_child(me)).await;
                receive_up(&mut cx).await;
                let t = Instant::now();
                for _ in 0..iters {
                    cx.exit_signal(child, Term::atom(atom::KILL));
                    child = receive_up(&mut cx).await;
                    ping_call(&mut cx, &Term::Pid(child)).await;
                }
                let elapsed = t.elapsed();
                stop_sup(&mut cx, &sup).await;
                elapsed
            })
        })
    });
    // The same with a real callback crash (`raise` in `handle_cast`), whose
    // crash report is formatted (and then dropped, not printed).
    g.bench_function("dynsup_raise_to_replacement_call", |b| {
        b.iter_custom(|iters| {
            in_node(move |mut cx| async move {
                silence_console(cx.node());
                let sup = start_sup(&mut cx).await;
                let me = Term::Pid(cx.self_pid());
                let mut child = start_worker(&mut cx, &sup, &worker_child(me)).await;
                receive_up(&mut cx).await;
                let t = Instant::now();
                for _ in 0..iters {
                    crash_cast(&mut cx, &Term::Pid(child)).await;
                    child = receive_up(&mut cx).await;
                    ping_call(&mut cx, &Term::Pid(child)).await;
                }
                let elapsed = t.elapsed();
                stop_sup(&mut cx, &sup).await;
                elapsed
            })
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    crash_to_replacement,
    start_children,
    stop_with_children
);
criterion_main!(benches);
