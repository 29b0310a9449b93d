//! A registry's entries: key → (pid, value), readable by any process
//! without a message round trip (the role ETS plays for Elixir's Registry).

use crate::runtime::{Node, ProcHandle};
use crate::term::{Atom, Pid, Term};
use parking_lot::{Mutex, RwLock};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One registration: the owner (with a lock-free liveness handle), the
/// value, and the `{owner, value}` pair lookups return.
struct Entry(Pid, Term, Term, Option<ProcHandle>);

impl Entry {
    fn alive(&self) -> bool {
        self.3.as_ref().is_some_and(|h| h.is_alive())
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
    /// Under each key: the owner, the value, and the `{owner, value}` pair lookups return.
    by_key: FxHashMap<Term, Vec<Entry>>,
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
                if node.is_alive(existing.0) {
                    return Err(Refused::AlreadyRegistered(existing.0));
                }
                let stale = existing.0;
                e.remove_entry(&key, stale);
            }
        }
        let pair = Term::tuple(vec![Term::Pid(pid), value.clone()]);
        let handle = node.handle(pid);
        e.by_key
            .entry(key.clone())
            .or_default()
            .push(Entry(pid, value, pair, handle));
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
            if let Some(v) = e.by_key.get_mut(&key) {
                v.retain(|en| en.0 != pid);
                if v.is_empty() {
                    e.by_key.remove(&key);
                }
            }
        }
    }

    /// `[{pid, value}]` under `key`, live owners only.
    pub fn lookup(&self, _node: &Node, key: &Term) -> Vec<(Pid, Term)> {
        let e = self.entries.lock();
        match e.by_key.get(key) {
            Some(v) => v
                .iter()
                .filter(|en| en.alive())
                .map(|en| (en.0, en.1.clone()))
                .collect(),
            None => Vec::new(),
        }
    }

    /// `[{pid, value}]` under `key`, live owners only, as `Registry.lookup/2` returns it.
    pub fn lookup_list(&self, _node: &Node, key: &Term) -> Term {
        let e = self.entries.lock();
        let Some(v) = e.by_key.get(key) else {
            return Term::Nil;
        };
        let mut list = Term::Nil;
        for en in v.iter().rev() {
            if en.alive() {
                list = Term::cons(en.2.clone(), list);
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
        self.entries.lock().by_key.values().map(Vec::len).sum()
    }

    /// Replaces `pid`'s value under a unique `key`; returns the old value.
    pub fn set_value(&self, key: &Term, pid: Pid, value: Term) -> Option<Term> {
        let mut e = self.entries.lock();
        let slot = e.by_key.get_mut(key)?.iter_mut().find(|en| en.0 == pid)?;
        slot.2 = Term::tuple(vec![Term::Pid(pid), value.clone()]);
        Some(std::mem::replace(&mut slot.1, value))
    }

    /// Every `(key, pid, value)`, in key order.
    pub fn all(&self) -> Vec<(Term, Pid, Term)> {
        let e = self.entries.lock();
        let mut out: Vec<(Term, Pid, Term)> = e
            .by_key
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |en| (k.clone(), en.0, en.1.clone())))
            .collect();
        out.sort_by(|a, b| a.0.compare(&b.0));
        out
    }
}

impl Entries {
    fn remove_entry(&mut self, key: &Term, pid: Pid) {
        if let Some(v) = self.by_key.get_mut(key) {
            v.retain(|en| en.0 != pid);
            if v.is_empty() {
                self.by_key.remove(key);
            }
        }
        if let Some(keys) = self.by_pid.get_mut(&pid) {
            keys.retain(|k| k != key);
            if keys.is_empty() {
                self.by_pid.remove(&pid);
            }
        }
    }
}
