//! Time that moves while processes are busy, in deterministic mode.
//!
//! A deterministic node runs on tokio's paused clock, which moves only when
//! every task is idle, jumping to the next timer. A process busy forever (a
//! spinning loop) would hold it still, and every sleep and timeout with it:
//! a replayed session would hang at its next `Process.sleep`. So while the
//! processes keep the scheduler busy, the clock moves on by a fixed step for
//! each turn of spent time slices, as real time would; the same session
//! still replays the same way every time.

use super::node::Node;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How far the clock moves for one busy turn of the scheduler (a few time
/// slices spent: tens of thousands of reductions).
const BUSY_STEP: Duration = Duration::from_millis(1);

/// The busy turns not yet told to the clock.
#[derive(Default)]
pub(crate) struct BusyClock {
    /// Turns since the clock last moved: the clock's task may run only
    /// after several of them, and moves on by all of them at once.
    pending: AtomicU32,
    wake: Notify,
}

impl BusyClock {
    /// The scheduler ended a turn with time slices spent.
    pub(crate) fn busy_turn(&self) {
        self.pending.fetch_add(1, Ordering::Relaxed);
        self.wake.notify_one();
    }
}

/// Moves `node`'s paused clock on after busy turns, for as long as the
/// runtime runs.
pub(crate) async fn run(node: Arc<Node>) {
    let clock = &node.scheduler.clock;
    loop {
        clock.wake.notified().await;
        let turns = clock.pending.swap(0, Ordering::Relaxed);
        tokio::time::advance(BUSY_STEP * turns).await;
    }
}
