//! Registry lookup: ≤ 200 ns [Elixir 1 µs].
//!
//! A `keys: :unique` registry holds 100,000 keys (strings, as `"user:N"`),
//! registered by 1,000 processes (100 keys each); the bench times
//! `Registry.lookup(reg, key)` (hits, cycling over the keys) through the Rust
//! API (the budget), and through `apply(Registry, :lookup, [reg, key])`, the
//! way the language layer calls it. `registry_lookup` takes the keys in the
//! order they were registered, `registry_lookup_shuffled` in a random order,
//! where each lookup reads memory the cache does not hold.
//!
//! The node with its registry is set up once and kept for every sample: a
//! process in it takes lookup runs from a channel and answers their times.

mod common;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use riex::otp::registry;
use riex::runtime::{self, Ctx, Mode};
use riex::term::build::keyword;
use riex::term::{atom, Atom, Term};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::sync::mpsc as tokio_mpsc;

/// How many keys each owner process registers.
const OWNER_KEYS: usize = 100;

/// How many keys the registry holds; `RIEX_BENCH_KEYS` overrides it.
fn keys_n() -> usize {
    std::env::var("RIEX_BENCH_KEYS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

/// A lookup run: how many lookups, whether through `apply/3`, and whether
/// the keys come in a shuffled order rather than in registration order.
#[derive(Clone, Copy)]
struct Run {
    iters: u64,
    apply: bool,
    shuffled: bool,
}

/// The running node: where runs go and where their times come back.
struct Bench {
    runs: tokio_mpsc::UnboundedSender<Run>,
    times: mpsc::Receiver<Duration>,
}

fn bench() -> &'static Mutex<Bench> {
    static B: OnceLock<Mutex<Bench>> = OnceLock::new();
    B.get_or_init(|| {
        let (runs, rx) = tokio_mpsc::unbounded_channel();
        let (tx, times) = mpsc::channel();
        std::thread::spawn(move || serve(rx, tx));
        Mutex::new(Bench { runs, times })
    })
}

/// Times one run of `iters` lookups in the kept node.
fn time(iters: u64, apply: bool, shuffled: bool) -> Duration {
    let b = bench().lock().unwrap();
    b.runs
        .send(Run {
            iters,
            apply,
            shuffled,
        })
        .expect("the bench node runs");
    b.times.recv().expect("a time")
}

/// The bench node: a booted node (Registry and Supervisor loaded) with the
/// registry `Bench.Reg`, and a process serving lookup runs until the bench ends.
fn serve(mut runs: tokio_mpsc::UnboundedReceiver<Run>, times: mpsc::Sender<Duration>) {
    runtime::block_on(Mode::Realtime, move |node| async move {
        riex::otp::boot::boot(&node);
        node.run(move |mut cx| async move {
            let (reg, keys) = set_up(&mut cx).await;
            let shuffled = shuffle(keys.clone());
            let lookup = Atom::new("lookup");
            while let Some(run) = runs.recv().await {
                let keys = if run.shuffled { &shuffled } else { &keys };
                let t = Instant::now();
                // The next key by a wrapping index: a division per lookup
                // would be timed along with it.
                let mut keys = keys.iter().cycle();
                if run.apply {
                    for _ in 0..run.iters {
                        let key = keys.next().expect("keys").clone();
                        let args = vec![reg.clone(), key];
                        black_box(
                            cx.apply(atom::REGISTRY, lookup, args)
                                .await
                                .expect("a registry"),
                        );
                    }
                } else {
                    for _ in 0..run.iters {
                        let key = keys.next().expect("keys");
                        black_box(registry::lookup(&cx, &reg, key).expect("a registry"));
                    }
                }
                if times.send(t.elapsed()).is_err() {
                    break;
                }
            }
        })
        .await
    })
}

/// Starts `Bench.Reg` and has owner processes register the keys; gives the
/// registry and the keys.
async fn set_up(cx: &mut Ctx) -> (Term, Vec<Term>) {
    let reg = Term::Atom(Atom::module("Bench.Reg"));
    let opts = keyword(vec![
        ("keys", Term::atom(atom::UNIQUE)),
        ("name", reg.clone()),
    ]);
    registry::start_link(cx, &opts).await.expect("a registry");
    let keys: Vec<Term> = (0..keys_n())
        .map(|i| Term::string(&format!("user:{i}")))
        .collect();
    // Owners of OWNER_KEYS keys each, parked in `receive` once registered.
    let me = cx.self_pid();
    for chunk in keys.chunks(OWNER_KEYS) {
        let (reg, chunk) = (reg.clone(), chunk.to_vec());
        cx.spawn(move |mut owner| async move {
            for k in chunk {
                registry::register(&owner, &reg, k, Term::int(1)).expect("registered");
            }
            owner.send(me, Term::atom(atom::OK));
            owner.receive_any().await;
            Term::atom(atom::NORMAL)
        });
    }
    for _ in keys.chunks(OWNER_KEYS) {
        cx.receive_any().await;
    }
    (reg, keys)
}

/// The keys in a fixed pseudo-random order (Fisher-Yates over a xorshift
/// generator): every lookup then lands somewhere else in memory.
fn shuffle(mut keys: Vec<Term>) -> Vec<Term> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..keys.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        keys.swap(i, (x % (i as u64 + 1)) as usize);
    }
    keys
}

fn lookup(c: &mut Criterion) {
    let mut g = small(c);
    g.bench_function("registry_lookup", |b| {
        b.iter_custom(|iters| time(iters, false, false))
    });
    g.bench_function("registry_lookup_shuffled", |b| {
        b.iter_custom(|iters| time(iters, false, true))
    });
    g.bench_function("registry_lookup_apply", |b| {
        b.iter_custom(|iters| time(iters, true, false))
    });
    g.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
