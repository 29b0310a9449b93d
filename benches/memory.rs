//! Memory per idle supervised child: ≤ 1,000 bytes [Elixir 3,032 bytes].
//!
//! Not a criterion bench: a counting global allocator (the system allocator,
//! with live bytes counted) measures the heap held before and after starting
//! 100,000 idle `Bench.Worker` children under one DynamicSupervisor, once
//! the node is quiet, and prints bytes per child. For comparison it also
//! measures a bare process parked in `receive` and an unsupervised GenServer.
//!
//! The line `RIEX-BUDGET memory_per_idle_supervised_child_bytes N` is what
//! `scripts/bench.sh` reads.

mod common;

use common::*;
use riex::allocator::Allocator as System;
use riex::otp::gen_server::{self, StartOpts};
use riex::runtime::Ctx;
use riex::term::{atom, Term};
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::sync::Arc;

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
/// Allocations ever made (what starting a child costs the allocator).
static MADE: AtomicUsize = AtomicUsize::new(0);

/// Live allocations by exact size (the last slot counts every larger one),
/// printed with `RIEX_BENCH_MEM_SIZES=1` to see what a process is made of.
const SIZES: usize = 4097;
static BY_SIZE: [AtomicIsize; SIZES] = [const { AtomicIsize::new(0) }; SIZES];
/// Bytes of the allocations in the last slot.
static LARGE_BYTES: AtomicIsize = AtomicIsize::new(0);
/// Allocations ever made, by exact size (transient ones included).
static MADE_BY_SIZE: [AtomicIsize; SIZES] = [const { AtomicIsize::new(0) }; SIZES];

fn count(size: usize, delta: isize) {
    BY_SIZE[size.min(SIZES - 1)].fetch_add(delta, Ordering::Relaxed);
    if delta > 0 {
        MADE_BY_SIZE[size.min(SIZES - 1)].fetch_add(delta, Ordering::Relaxed);
    }
    if size >= SIZES - 1 {
        LARGE_BYTES.fetch_add(delta * size as isize, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            MADE.fetch_add(1, Ordering::Relaxed);
            count(layout.size(), 1);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
            MADE.fetch_add(1, Ordering::Relaxed);
            count(layout.size(), 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        ALLOCS.fetch_sub(1, Ordering::Relaxed);
        count(layout.size(), -1);
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

/// Live allocations by size, and the bytes of the large ones (last).
fn sizes() -> Vec<isize> {
    let mut v: Vec<isize> = BY_SIZE.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    v.push(LARGE_BYTES.load(Ordering::Relaxed));
    v
}

/// Allocations ever made, by size.
fn made_sizes() -> Vec<isize> {
    MADE_BY_SIZE
        .iter()
        .map(|a| a.load(Ordering::Relaxed))
        .collect()
}

/// Prints the allocations made to start `n` things (freed ones included),
/// by size, most frequent first: what starting one costs the allocator.
fn print_made(what: &str, before: &[isize], after: &[isize], n: usize) {
    let mut made: Vec<(usize, f64)> = before
        .iter()
        .zip(after)
        .enumerate()
        .map(|(size, (b, a))| (size, (a - b) as f64 / n as f64))
        .filter(|(_, d)| *d >= 0.01)
        .collect();
    made.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    println!("  {what}: allocations made per process, by size:");
    println!("    {:>8}  {:>8}", "size", "count");
    for (size, count) in made {
        println!("    {size:>8}  {count:>8.2}");
    }
}

/// Prints the allocation sizes that `n` things added, most bytes first.
fn print_sizes(what: &str, before: &[isize], after: &[isize], n: usize) {
    let large = (after[SIZES] - before[SIZES]) as f64 / n as f64;
    let mut added: Vec<(usize, f64, f64)> = before[..SIZES - 1]
        .iter()
        .zip(&after[..SIZES - 1])
        .enumerate()
        .map(|(size, (b, a))| {
            (
                size,
                (a - b) as f64 / n as f64,
                (size as isize * (a - b)) as f64 / n as f64,
            )
        })
        .filter(|(_, d, _)| *d != 0.0)
        .collect();
    added.sort_by(|x, y| y.2.total_cmp(&x.2));
    println!("  {what}: allocations added per process, by size:");
    println!("    {:>8}  {:>8}  {:>8}", "size", "count", "bytes");
    for (size, count, bytes) in added.into_iter().take(12) {
        println!("    {size:>8}  {count:>8.2}  {bytes:>8.1}");
    }
    println!(
        "    {:>8}  {:>8}  {large:>8.1}",
        format!(">={}", SIZES - 1),
        ""
    );
}

/// Live heap bytes and live allocations.
fn live() -> (isize, isize) {
    (
        LIVE.load(Ordering::Relaxed),
        ALLOCS.load(Ordering::Relaxed) as isize,
    )
}

/// What `n` things added to the heap, per thing: (bytes, allocations).
fn per(before: (isize, isize), after: (isize, isize), n: usize) -> (f64, f64) {
    (
        (after.0 - before.0) as f64 / n as f64,
        (after.1 - before.1) as f64 / n as f64,
    )
}

/// What is measured.
#[derive(Clone, Copy)]
enum Kind {
    /// A bare process parked in `receive`.
    Bare,
    /// An unsupervised, unlinked GenServer (`GenServer.start/3`).
    Server,
    /// The budget: a child of a DynamicSupervisor (the supervisor's own
    /// bookkeeping of the child included).
    Supervised,
}

fn spawn_parked(cx: &mut Ctx) {
    cx.spawn(|mut c| async move {
        c.receive_any().await;
        Term::atom(atom::NORMAL)
    });
}

/// Starts `n` idle things of `kind` in a fresh node (after a small warm-up
/// that creates whatever is created once: atoms, the logger, ...), and gives
/// the heap they added, per thing. The node's tables grow with the count, and
/// that growth is part of the figure, as it is part of the real cost.
fn measure(kind: Kind, n: usize) -> (f64, f64, f64) {
    in_node(move |mut cx| async move {
        let worker = Arc::new(Worker);
        let sup = start_sup(&mut cx).await;
        start_workers(&mut cx, &sup, 10).await;
        for _ in 0..10 {
            spawn_parked(&mut cx);
            gen_server::start(&mut cx, worker.clone(), Term::Nil, StartOpts::default())
                .await
                .expect("started");
        }
        cx.until_others_quiet().await;
        let before_sizes = sizes();
        let before_made = made_sizes();
        let before = live();
        let made = MADE.load(Ordering::Relaxed);
        match kind {
            Kind::Bare => {
                for _ in 0..n {
                    spawn_parked(&mut cx);
                }
            }
            Kind::Server => {
                for _ in 0..n {
                    gen_server::start(&mut cx, worker.clone(), Term::Nil, StartOpts::default())
                        .await
                        .expect("started");
                }
            }
            Kind::Supervised => start_workers(&mut cx, &sup, n).await,
        }
        cx.until_others_quiet().await;
        let (bytes, allocs) = per(before, live(), n);
        let made = (MADE.load(Ordering::Relaxed) - made) as f64 / n as f64;
        let added = (bytes, allocs, made);
        if std::env::var_os("RIEX_BENCH_MEM_SIZES").is_some() {
            let name = match kind {
                Kind::Bare => "bare process",
                Kind::Server => "unsupervised GenServer",
                Kind::Supervised => "DynamicSupervisor child",
            };
            print_sizes(name, &before_sizes, &sizes(), n);
            print_made(name, &before_made, &made_sizes(), n);
        }
        // Everything is dropped with the node's runtime.
        forget_sup(&mut cx, &sup);
        added
    })
}

fn main() {
    let n = children_n();
    let bare = measure(Kind::Bare, n);
    let server = measure(Kind::Server, n);
    let supervised = measure(Kind::Supervised, n);
    println!("memory per idle process, {n} processes, live heap bytes (live allocations; allocations made to start it) per process:");
    for (what, m) in [
        ("bare process in receive:", bare),
        ("unsupervised GenServer:", server),
        ("DynamicSupervisor child:", supervised),
    ] {
        println!("  {what:<31} {:8.1} B ({:.1}; {:.1} made)", m.0, m.1, m.2);
    }
    println!(
        "RIEX-BUDGET memory_per_idle_supervised_child_bytes {:.1}",
        supervised.0
    );
}
