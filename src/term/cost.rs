//! Counters of the copying that maps and binaries do, for tests.
//!
//! A map update copies the nodes on its path (entries), a binary append
//! copies bytes; tests read these counts to show that building a map of `n`
//! keys copies O(n log n) entries and `n` appends copy O(n) bytes, however
//! fast or slow the machine is. The counters are per thread and exist only
//! in test builds: elsewhere the calls compile to nothing.

#[cfg(test)]
use std::cell::Cell;

#[cfg(test)]
thread_local! {
    static ENTRIES: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

/// `n` map entries (key-value pairs or links to nodes) copied.
#[inline(always)]
pub(crate) fn entries_copied(n: usize) {
    #[cfg(test)]
    ENTRIES.with(|c| c.set(c.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// `n` bytes of binaries copied.
#[inline(always)]
pub(crate) fn bytes_copied(n: usize) {
    #[cfg(test)]
    BYTES.with(|c| c.set(c.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The entries and bytes copied on this thread since the last call.
#[cfg(test)]
pub(crate) fn take() -> (u64, u64) {
    (ENTRIES.with(|c| c.replace(0)), BYTES.with(|c| c.replace(0)))
}
