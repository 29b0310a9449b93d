//! A per-thread cache of recently used process records.
//!
//! Every send, link and monitor starts by finding the target's record in the
//! node's process table, which takes the table's lock and a reference count:
//! three atomic operations, about 30 ns on our 2-core machine, several times
//! per `GenServer.call`. A process mostly talks to the same few others, so
//! each thread keeps the records it used last, and a hit costs no atomic
//! operation at all.
//!
//! A PID is never reused within a node, and a record says when its process
//! has ended, so a cached record is either the live process or visibly dead;
//! a dead one is never handed out (the table then answers). Entries are keyed
//! by a node's serial number rather than its address, which a later node may
//! reuse.

use super::process::Proc;
use crate::term::Pid;
use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Slots in each thread's cache (direct-mapped by PID).
const SLOTS: usize = 256;

/// A cached record and the serial of its node.
type Slot = Option<(u64, Arc<Proc>)>;

thread_local! {
    static RECENT: RefCell<Vec<Slot>> = RefCell::new(vec![None; SLOTS]);
}

fn slot(pid: Pid) -> usize {
    pid.0 as usize % SLOTS
}

/// Runs `f` on the cached record of `pid` in node `node`, if it is cached
/// and its process has not ended; `None` otherwise (and `f` is not run).
pub(crate) fn with<R>(node: u64, pid: Pid, f: impl FnOnce(&Arc<Proc>) -> R) -> Option<R> {
    RECENT
        .try_with(|c| {
            let c = c.try_borrow().ok()?;
            match &c[slot(pid)] {
                Some((n, p)) if *n == node && p.pid == pid && !p.ended.load(Ordering::Acquire) => {
                    Some(f(p))
                }
                _ => None,
            }
        })
        .ok()
        .flatten()
}

/// Remembers `proc` as the record of its PID in node `node`.
pub(crate) fn remember(node: u64, proc: &Arc<Proc>) {
    // The evicted record is dropped outside the borrow: dropping the last
    // reference to a dead process drops its leftover messages.
    let _evicted = RECENT
        .try_with(|c| {
            let mut c = c.try_borrow_mut().ok()?;
            c[slot(proc.pid)].replace((node, proc.clone()))
        })
        .ok()
        .flatten();
}
