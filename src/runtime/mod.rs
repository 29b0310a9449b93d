//! The process runtime: lightweight processes on tokio, with mailboxes,
//! links, monitors, exit signals and names, behaving as the BEAM does.
//!
//! A [`Node`] owns every process. A process is a body future that owns its
//! [`Ctx`]; through the context the body sends, receives selectively, links,
//! monitors, traps exits and spawns. The node's scheduler, one tokio task,
//! polls the bodies in the order their processes became runnable.
//!
//! ```
//! use riex::runtime::{self, Node};
//! use riex::term::Term;
//!
//! let answer = runtime::block_on(runtime::Mode::Deterministic, |node| async move {
//!     node.run(|mut cx| async move {
//!         let me = cx.self_pid();
//!         cx.spawn(move |mut child| async move {
//!             child.send(me, Term::int(42));
//!             Term::atom(riex::term::atom::NORMAL)
//!         });
//!         cx.receive(|m| Some(m.clone()), None).await
//!     })
//!     .await
//! });
//! assert_eq!(answer, Some(Term::int(42)));
//! ```
//!
//! Exit signals follow OTP exactly: a process ending with reason `R` sends
//! `R` to its links; `:normal` is ignored by a process that does not trap
//! exits, anything else kills it with the same reason; `Process.exit(pid,
//! :kill)` cannot be trapped and reaches the links as `:killed`; a trapping
//! process gets `{:EXIT, from, reason}` messages instead. Monitors deliver
//! `{:DOWN, ref, :process, pid, reason}`.
//!
//! The runtime knows terms (the data processes exchange) but nothing of the
//! language that computes them.

mod aliases;
mod clock;
pub mod code;
mod ctx;
mod driver;
mod names;
mod node;
mod pid_set;
mod proc_table;
mod process;
mod receive;
pub use receive::Waiting;
pub use trace::{TraceEvent, TraceHook};
mod recent;
mod scheduler;

/// The lock of the runtime's hottest records: a process's state, the process
/// table, a registry's entries. Each is held for a few instructions, almost
/// always by the runtime's own thread without contention, and a spin lock is
/// released with a plain store where a parking lock needs a second atomic
/// operation (each costs about 10 ns on our machine, and a `GenServer.call`
/// takes a dozen of these locks). A waiter that does spin yields its thread.
pub type SpinLock<T> = spin::mutex::SpinMutex<T, spin::relax::Yield>;
mod signal;
pub mod trace;

pub use code::{undefined_function, Module};
pub use ctx::{Ctx, SpawnOpts};
pub use driver::panic_exception;
pub use names::NameError;
pub use node::{block_on, Mode, Node};
pub use pid_set::{PidHash, PidHasher, PidMap};
pub use process::{Identity, ProcHandle, ProcessInfo, Status};

#[cfg(test)]
mod tests;

/// Runs `f` on a thread of its own and gives its result, failing the test
/// if it takes longer than `limit`: a test of a wait that must end fails
/// instead of hanging the whole run when it does not.
#[cfg(test)]
pub(crate) fn within<T: Send + 'static>(
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => v,
        Err(_) => panic!("not done within {limit:?}"),
    }
}
