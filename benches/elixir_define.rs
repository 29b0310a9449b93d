//! Defining a module at the prompt: ≤ 1 ms per definition.
//!
//! `define_module_50_functions` parses and evaluates the text of a `defmodule`
//! of 50 functions (`scripts/elixir_reference/module_50_functions.ex`:
//! multi-clause functions, guards, default arguments, `defp`s), as the user
//! typed it, in a process of a booted node: parse, then `eval_input`, which
//! expands, checks and loads the module. Each definition names a new module
//! (`Bench.Defs<i>`), so none is a redefinition. The parse is included, since
//! the user's input is text.
//!
//! `define_module_50_functions_session` (not the budget) is the whole shell
//! path: `Session::submit` (parse, then the shell process checks, evaluates
//! and the result `{:module, ...}` is inspected for printing, to a silenced
//! console).
//!
//! Real Elixir: `scripts/elixir_reference/define_module.exs`.

mod common;
#[path = "common/elixir.rs"]
mod elixir;

// The allocator the riex binary uses.
#[global_allocator]
static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;

use common::*;
use criterion::{criterion_group, criterion_main, Criterion};
use elixir::*;
use riex::runtime::{self, Mode};
use riex::shell::session::{Session, Submitted};
use std::time::Instant;

fn define_module(c: &mut Criterion) {
    let mut g = small(c);
    g.bench_function("define_module_50_functions", |b| {
        b.iter_custom(|iters| {
            let sources: Vec<String> = (0..iters as usize).map(defs_50).collect();
            in_elixir_node(move |mut cx| async move {
                let t = Instant::now();
                for src in &sources {
                    eval(&mut cx, src).await;
                }
                t.elapsed()
            })
        })
    });
    g.bench_function("define_module_50_functions_session", |b| {
        b.iter_custom(|iters| {
            let sources: Vec<String> = (0..iters as usize).map(defs_50).collect();
            runtime::block_on(Mode::Realtime, move |node| async move {
                boot(&node);
                silence_console(&node);
                let mut session = Session::new(&node, false, None);
                let t = Instant::now();
                for src in &sources {
                    let r = session.submit(src).await;
                    assert_eq!(r, Submitted::Done);
                }
                let elapsed = t.elapsed();
                assert_eq!(
                    session.counter() as u64,
                    iters + 1,
                    "every definition succeeded"
                );
                elapsed
            })
        })
    });
    g.finish();
}

criterion_group!(benches, define_module);
criterion_main!(benches);
