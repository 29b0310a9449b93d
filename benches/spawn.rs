//! Spawn and exit of 1,000,000 processes: ≤ 1 s.
//!
//! One process spawns a million processes whose body returns at once
//! (`spawn(fn -> :ok end)`), counting a reduction per spawn as the BEAM does
//! (so it yields every few thousand spawns and the children run and exit as
//! it goes), then waits until every one of them has left the process table.

mod common;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use riex::term::{atom, Term};
use std::time::{Duration, Instant};

fn spawn_and_exit(c: &mut Criterion) {
    let n = spawn_n();
    let mut g = large(c);
    g.bench_function("spawn_exit_1m_processes", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    in_node(move |mut cx| async move {
                        let base = cx.node().process_count();
                        let t = Instant::now();
                        for _ in 0..n {
                            cx.spawn(|_cx| async { Term::atom(atom::OK) });
                            cx.tick().await;
                        }
                        while cx.node().process_count() > base {
                            cx.yield_now().await;
                        }
                        t.elapsed()
                    })
                })
                .sum::<Duration>()
        })
    });
    g.finish();
}

criterion_group!(benches, spawn_and_exit);
criterion_main!(benches);
