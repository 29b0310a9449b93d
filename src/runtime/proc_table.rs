//! The node's table of live processes, by PID.
//!
//! PIDs are handed out in order and never reused, so the table is a set of
//! pages of consecutive PIDs: a spawn writes the next slot of the newest page
//! (memory the cache holds), a lookup is one small map lookup and an index,
//! and a page is freed once all its processes have ended. Each process costs
//! its table one pointer, where a hash table or a B-tree costs it two to
//! four times that.

use super::process::Proc;
use crate::term::Pid;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// PIDs per page.
const PAGE: u64 = 512;

struct Page {
    slots: Box<[Option<Arc<Proc>>]>,
    live: usize,
}

impl Page {
    fn new() -> Page {
        Page {
            slots: (0..PAGE).map(|_| None).collect(),
            live: 0,
        }
    }
}

/// Live processes by PID.
#[derive(Default)]
pub(crate) struct ProcTable {
    pages: FxHashMap<u64, Page>,
    len: usize,
}

fn place(pid: Pid) -> (u64, usize) {
    (pid.0 / PAGE, (pid.0 % PAGE) as usize)
}

impl ProcTable {
    /// Adds `proc` under its PID, replacing any record there.
    pub fn insert(&mut self, pid: Pid, proc: Arc<Proc>) {
        let (page, slot) = place(pid);
        let page = self.pages.entry(page).or_insert_with(Page::new);
        if page.slots[slot].replace(proc).is_none() {
            page.live += 1;
            self.len += 1;
        }
    }

    /// The record of `pid`, if it runs.
    pub fn get(&self, pid: &Pid) -> Option<&Arc<Proc>> {
        let (page, slot) = place(*pid);
        self.pages.get(&page)?.slots[slot].as_ref()
    }

    /// True while `pid` runs.
    pub fn contains_key(&self, pid: &Pid) -> bool {
        self.get(pid).is_some()
    }

    /// Takes `pid`'s record out; frees its page once no process of it runs.
    pub fn remove(&mut self, pid: &Pid) -> Option<Arc<Proc>> {
        let (n, slot) = place(*pid);
        let page = self.pages.get_mut(&n)?;
        let proc = page.slots[slot].take()?;
        page.live -= 1;
        self.len -= 1;
        if page.live == 0 {
            self.pages.remove(&n);
        }
        Some(proc)
    }

    /// How many processes run.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Every live process's record, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &Arc<Proc>> + '_ {
        self.pages.values().flat_map(|p| p.slots.iter().flatten())
    }

    /// Every live PID, in order.
    pub fn keys(&self) -> impl Iterator<Item = Pid> + '_ {
        let mut pages: Vec<&u64> = self.pages.keys().collect();
        pages.sort();
        pages.into_iter().flat_map(move |n| {
            let page = &self.pages[n];
            (0..PAGE)
                .filter(move |i| page.slots[*i as usize].is_some())
                .map(move |i| Pid(n * PAGE + i))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        /// The table agrees with a plain set of PIDs after any inserts and
        /// removals, across page boundaries, and frees emptied pages.
        #[test]
        fn agrees_with_a_set(ops in proptest::collection::vec((any::<bool>(), 0u64..3000), 0..400)) {
            let mut table = ProcTable::default();
            let mut model = BTreeSet::new();
            for (add, n) in ops {
                let pid = Pid(100 + n);
                if add {
                    table.insert(pid, Arc::new(Proc::new(pid, Arc::default())));
                    model.insert(pid);
                } else {
                    prop_assert_eq!(table.remove(&pid).is_some(), model.remove(&pid));
                }
            }
            prop_assert_eq!(table.len(), model.len());
            prop_assert_eq!(table.keys().collect::<Vec<_>>(), model.iter().copied().collect::<Vec<_>>());
            for pid in &model {
                prop_assert_eq!(table.get(pid).map(|p| p.pid), Some(*pid));
            }
            let pages: BTreeSet<u64> = model.iter().map(|p| p.0 / PAGE).collect();
            prop_assert_eq!(table.pages.len(), pages.len());
        }
    }
}
