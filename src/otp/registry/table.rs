//! A registry's entries: key → (pid, value), readable by any process
//! without a message round trip (the role ETS plays for Elixir's Registry).

use crate::runtime::SpinLock as Mutex;
use crate::runtime::{Node, ProcHandle};
use crate::term::{Atom, Pid, Term};
use hashbrown::HashTable;
use parking_lot::RwLock;
use rustc_hash::{FxBuildHasher, FxHashMap};
use smallvec::SmallVec;
use std::hash::BuildHasher;
use std::sync::Arc;

/// One registration: the owner (with a lock-free liveness handle), the
/// value, and `[{owner, value}]`, what a lookup of a unique key returns.
/// Keeping that list makes a lookup one reference count, where building it
/// takes two allocations and later two frees.
struct Entry {
    pid: Pid,
    value: Term,
    owner: Option<ProcHandle>,
    listed: Term,
}

impl Entry {
    fn new(pid: Pid, value: Term, owner: Option<ProcHandle>) -> Entry {
        let pair = Term::tuple([Term::Pid(pid), value.clone()]);
        Entry {
            pid,
            value,
            owner,
            listed: Term::cons(pair, Term::Nil),
        }
    }

    fn alive(&self) -> bool {
        self.owner.as_ref().is_some_and(|h| h.is_alive())
    }

    /// `{owner, value}`.
    fn pair(&self) -> Term {
        match &self.listed {
            Term::List(l) => l.head().clone(),
            _ => unreachable!("an entry's list has one pair"),
        }
    }
}

/// The entries under one key. A unique key has one, kept inline.
type Slot = SmallVec<[Entry; 1]>;

/// A key, its hash and its entries.
struct Bucket {
    hash: u64,
    key: Term,
    entries: Slot,
}

/// Keys to their entries: the table a lookup reads.
///
/// Built for how memory behaves: with 100,000 keys a hash table of whole
/// entries does not fit in the cache, and one random read of main memory
/// costs about 200 ns on our machine (a pointer chase over 8 MB). So the hash
/// part holds only 4-byte positions (under 700 KB for 100k keys: it stays
/// cached), and the buckets lie densely in registration order, where lookups
/// in anything like that order find them prefetched. Removal swaps the last
/// bucket into the hole, as `IndexMap::swap_remove` does.
#[derive(Default)]
struct ByKey {
    index: HashTable<u32>,
    buckets: Vec<Bucket>,
}

impl ByKey {
    fn hash(key: &Term) -> u64 {
        FxBuildHasher.hash_one(key)
    }

    fn position(&self, key: &Term) -> Option<usize> {
        let buckets = &self.buckets;
        self.index
            .find(Self::hash(key), |&i| buckets[i as usize].key == *key)
            .map(|&i| i as usize)
    }

    fn get(&self, key: &Term) -> Option<&Slot> {
        self.position(key).map(|i| &self.buckets[i].entries)
    }

    fn get_mut(&mut self, key: &Term) -> Option<&mut Slot> {
        self.position(key).map(|i| &mut self.buckets[i].entries)
    }

    /// The entries under `key`, made empty if there were none.
    fn slot(&mut self, key: Term) -> &mut Slot {
        let i = match self.position(&key) {
            Some(i) => i,
            None => {
                let hash = Self::hash(&key);
                let i = self.buckets.len();
                self.buckets.push(Bucket {
                    hash,
                    key,
                    entries: Slot::new(),
                });
                let buckets = &self.buckets;
                self.index
                    .insert_unique(hash, i as u32, |&j| buckets[j as usize].hash);
                i
            }
        };
        &mut self.buckets[i].entries
    }

    /// Removes `pid`'s entries under `key`, and the key once it has none.
    fn remove(&mut self, key: &Term, pid: Pid) {
        let Some(i) = self.position(key) else { return };
        let entries = &mut self.buckets[i].entries;
        entries.retain(|en| en.pid != pid);
        if entries.is_empty() {
            self.remove_bucket(i);
        }
    }

    /// Drops bucket `i`; the last bucket takes its place.
    fn remove_bucket(&mut self, i: usize) {
        let hash = self.buckets[i].hash;
        if let Ok(found) = self.index.find_entry(hash, |&j| j as usize == i) {
            found.remove();
        }
        let last = self.buckets.len() - 1;
        self.buckets.swap_remove(i);
        if i != last {
            let moved = self.buckets[i].hash;
            if let Some(j) = self.index.find_mut(moved, |&j| j as usize == last) {
                *j = i as u32;
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&Term, &Slot)> {
        self.buckets.iter().map(|b| (&b.key, &b.entries))
    }
}

/// Every registry of a node, by name.
#[derive(Default)]
pub struct Registries {
    tables: RwLock<FxHashMap<Atom, Arc<Table>>>,
}

impl Registries {
    /// The registries of `node`.
    pub fn of(node: &Node) -> Arc<Registries> {
        node.extension::<Registries>()
    }

    /// The registry named `name`, if it runs.
    pub fn get(&self, name: Atom) -> Option<Arc<Table>> {
        self.tables.read().get(&name).cloned()
    }

    pub(crate) fn insert(&self, table: Arc<Table>) {
        self.tables.write().insert(table.name, table);
    }

    pub(crate) fn remove(&self, name: Atom) {
        if let Some(t) = self.tables.write().remove(&name) {
            t.running.store(false, std::sync::atomic::Ordering::Release);
        }
    }
}

/// Unique or duplicate keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// One process per key.
    Unique,
    /// Any number of entries per key.
    Duplicate,
}

/// One registry's entries.
pub struct Table {
    /// The registry's name.
    pub name: Atom,
    /// Unique or duplicate.
    pub keys: Keys,
    /// The process that owns the entries and cleans up after dead owners.
    pub partition: Pid,
    entries: Mutex<Entries>,
    /// False once the registry stopped (cached handles notice it).
    running: std::sync::atomic::AtomicBool,
}

#[derive(Default)]
struct Entries {
    /// Under each key: the owners and their values, oldest first.
    by_key: ByKey,
    /// Each owner's keys, oldest first (`Registry.keys/2` lists them newest first).
    by_pid: FxHashMap<Pid, Vec<Term>>,
}

/// Why a registration was refused.
pub enum Refused {
    /// The key belongs to this live process.
    AlreadyRegistered(Pid),
}

impl Table {
    /// True until the registry stops.
    pub fn is_running(&self) -> bool {
        self.running.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn new(name: Atom, keys: Keys, partition: Pid) -> Table {
        Table {
            name,
            keys,
            partition,
            entries: Mutex::new(Entries::default()),
            running: std::sync::atomic::AtomicBool::new(true),
        }
    }

    /// Registers `key` for `pid`; a unique key held by a live process is refused.
    pub fn register(&self, node: &Node, key: Term, pid: Pid, value: Term) -> Result<(), Refused> {
        let mut e = self.entries.lock();
        if self.keys == Keys::Unique {
            if let Some(existing) = e.by_key.get(&key).and_then(|v| v.first()) {
                if node.is_alive(existing.pid) {
                    return Err(Refused::AlreadyRegistered(existing.pid));
                }
                let stale = existing.pid;
                e.remove_entry(&key, stale);
            }
        }
        let handle = node.handle(pid);
        e.by_key
            .slot(key.clone())
            .push(Entry::new(pid, value, handle));
        e.by_pid.entry(pid).or_default().push(key);
        Ok(())
    }

    /// Removes `pid`'s entries under `key`.
    pub fn unregister(&self, key: &Term, pid: Pid) {
        self.entries.lock().remove_entry(key, pid);
    }

    /// Removes everything `pid` registered (it died).
    pub fn remove_owner(&self, pid: Pid) {
        let mut e = self.entries.lock();
        for key in e.by_pid.remove(&pid).unwrap_or_default() {
            e.by_key.remove(&key, pid);
        }
    }

    /// `[{pid, value}]` under `key`, live owners only.
    pub fn lookup(&self, _node: &Node, key: &Term) -> Vec<(Pid, Term)> {
        let e = self.entries.lock();
        match e.by_key.get(key) {
            Some(v) => v
                .iter()
                .filter(|en| en.alive())
                .map(|en| (en.pid, en.value.clone()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// `[{pid, value}]` under `key`, live owners only, as `Registry.lookup/2` returns it.
    pub fn lookup_list(&self, key: &Term) -> Term {
        let e = self.entries.lock();
        let Some(v) = e.by_key.get(key) else {
            return Term::Nil;
        };
        if let [only] = &v[..] {
            return if only.alive() {
                only.listed.clone()
            } else {
                Term::Nil
            };
        }
        let mut list = Term::Nil;
        for en in v.iter().rev() {
            if en.alive() {
                list = Term::cons(en.pair(), list);
            }
        }
        list
    }

    /// The keys `pid` holds, newest first.
    pub fn keys_of(&self, pid: Pid) -> Vec<Term> {
        let e = self.entries.lock();
        e.by_pid
            .get(&pid)
            .map(|keys| keys.iter().rev().cloned().collect())
            .unwrap_or_default()
    }

    /// How many entries there are.
    pub fn count(&self) -> usize {
        self.entries
            .lock()
            .by_key
            .iter()
            .map(|(_, v)| v.len())
            .sum()
    }

    /// Replaces `pid`'s value under a unique `key`; returns the old value.
    pub fn set_value(&self, key: &Term, pid: Pid, value: Term) -> Option<Term> {
        let mut e = self.entries.lock();
        let slot = e.by_key.get_mut(key)?.iter_mut().find(|en| en.pid == pid)?;
        let old = slot.value.clone();
        *slot = Entry::new(pid, value, slot.owner.take());
        Some(old)
    }

    /// Every `(key, pid, value)`, in key order.
    pub fn all(&self) -> Vec<(Term, Pid, Term)> {
        let e = self.entries.lock();
        let mut out: Vec<(Term, Pid, Term)> = e
            .by_key
            .iter()
            .flat_map(|(k, v)| {
                v.iter()
                    .map(move |en| (k.clone(), en.pid, en.value.clone()))
            })
            .collect();
        out.sort_by(|a, b| a.0.compare(&b.0));
        out
    }
}

impl Entries {
    fn remove_entry(&mut self, key: &Term, pid: Pid) {
        self.by_key.remove(key, pid);
        if let Some(keys) = self.by_pid.get_mut(&pid) {
            keys.retain(|k| k != key);
            if keys.is_empty() {
                self.by_pid.remove(&pid);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone)]
    enum Op {
        Register(u8, u8),
        Unregister(u8, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..40, 0u8..4).prop_map(|(k, p)| Op::Register(k, p)),
            (0u8..40, 0u8..4).prop_map(|(k, p)| Op::Unregister(k, p)),
        ]
    }

    fn key(k: u8) -> Term {
        Term::string(&format!("key:{k}"))
    }

    proptest! {
        /// The key table agrees with a plain map after any sequence of
        /// registrations and removals: removing a key moves the last bucket
        /// into its place, and every other key must still be found.
        #[test]
        fn by_key_agrees_with_a_map(ops in proptest::collection::vec(op(), 0..300)) {
            let mut table = ByKey::default();
            let mut model: BTreeMap<u8, Vec<u64>> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Register(k, p) => {
                        table.slot(key(k)).push(Entry::new(Pid(p as u64), Term::int(p as i64), None));
                        model.entry(k).or_default().push(p as u64);
                    }
                    Op::Unregister(k, p) => {
                        table.remove(&key(k), Pid(p as u64));
                        if let Some(v) = model.get_mut(&k) {
                            v.retain(|&q| q != p as u64);
                            if v.is_empty() {
                                model.remove(&k);
                            }
                        }
                    }
                }
            }
            for k in 0u8..40 {
                let found: Option<Vec<u64>> = table.get(&key(k)).map(|s| s.iter().map(|e| e.pid.0).collect());
                prop_assert_eq!(found, model.get(&k).cloned());
            }
            prop_assert_eq!(table.iter().count(), model.len());
        }
    }
}
