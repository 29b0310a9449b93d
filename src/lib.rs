//! riex: an interactive Elixir shell with an in-process OTP runtime.
//!
//! Layers, each depending only on those before it:
//! - [`term`]: the data model (atoms, lists, maps, PIDs, ...), term order,
//!   `inspect`, and Elixir's exception texts;
//! - [`runtime`]: processes, mailboxes, links, monitors, exit signals, names;
//! - [`otp`]: GenServer, Supervisor, DynamicSupervisor, Registry, Agent, Task
//!   and Logger's reports;
//! - [`lang`]: the parser, the evaluator and the standard library;
//! - [`shell`]: the REPL, replay and check of sessions, helpers and commands.

pub mod allocator;
pub mod lang;
pub mod otp;
pub mod runtime;
pub mod shell;
pub mod term;
