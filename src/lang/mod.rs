//! The riex language: Elixir as a learner types it.
//!
//! A pipeline of four stages, each in its own folder:
//!
//! ```text
//! parse --> expand --> compile --> run
//!  text      Ast         Ast       Unit --> Term
//! ```
//!
//! [`parser`] turns text into the syntax tree of [`ast`] (or says the input
//! is incomplete, or wrong, with a position); [`expand`] resolves what
//! Elixir resolves at compile time (attributes, aliases, `__MODULE__`);
//! [`compile`] translates each input and function once into register code;
//! [`run`] is the machine that executes it inside a process, suspending
//! where Elixir would block. [`eval`] checks inputs as iex's compiler does
//! and walks the tree of the forms not compiled yet; [`module`] defines
//! modules; [`stdlib`] holds the native modules (Enum, Map, String, ...).

pub mod ast;
pub mod compile;
pub mod eval;
pub mod expand;
pub mod module;
pub mod parser;
pub mod run;
pub mod stdlib;
