//! The riex language: Elixir as a learner types it.
//!
//! A pipeline in three steps: [`parser`] turns text into the syntax tree of
//! [`ast`] (or says the input is incomplete, or wrong, with a position); the
//! evaluator runs it inside a process, suspending where Elixir would block;
//! [`stdlib`] holds the native modules (Enum, Map, String, ...) it calls.

pub mod ast;
pub mod compile;
pub mod eval;
pub mod module;
pub mod parser;
pub mod run;
pub mod stdlib;
