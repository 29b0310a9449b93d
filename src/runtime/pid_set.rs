//! Small-or-large collections for links and monitors.
//!
//! Almost every process has zero to two links and monitors, kept inline with
//! no allocation; a supervisor of 100,000 children has 100,000, and there a
//! linear search per operation would make starting and stopping them
//! quadratic. These switch to a hash table past a handful of entries.

use crate::term::{Pid, Ref};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A hash table keyed by PID that keeps consecutive PIDs in neighbouring
/// buckets: a supervisor adds its children's PIDs in increasing order, and
/// each insert then touches memory next to the last one, where a scattering
/// hash would cost a read of main memory per child.
pub type PidMap<V> = HashMap<Pid, V, PidHash>;

/// The hasher of [`PidMap`]: the PID itself in the bits that choose the
/// bucket, mixed bits in the top seven that the table compares first.
pub type PidHash = BuildHasherDefault<PidHasher>;

/// See [`PidHash`].
#[derive(Default)]
pub struct PidHasher(u64);

/// The bits a SwissTable takes its 7-bit tag from.
const TAG_BITS: u64 = 0xFE00_0000_0000_0000;

impl Hasher for PidHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        let mixed = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (self.0 & !TAG_BITS) | (mixed & TAG_BITS)
    }
}

/// Entries kept inline before switching to a hash table.
const INLINE_MAX: usize = 8;

/// A set of PIDs (a process's links).
#[derive(Default, Debug)]
pub(crate) enum PidSet {
    #[default]
    Empty,
    Small(SmallVec<[Pid; 2]>),
    Large(HashSet<Pid, PidHash>),
}

impl PidSet {
    /// Adds `p`; false if it was there.
    pub fn insert(&mut self, p: Pid) -> bool {
        match self {
            PidSet::Empty => {
                *self = PidSet::Small(SmallVec::from_buf_and_len([p, p], 1));
                true
            }
            PidSet::Small(v) => {
                if v.contains(&p) {
                    return false;
                }
                if v.len() < INLINE_MAX {
                    v.push(p);
                } else {
                    let mut set: HashSet<Pid, PidHash> = v.iter().copied().collect();
                    set.insert(p);
                    *self = PidSet::Large(set);
                }
                true
            }
            PidSet::Large(s) => s.insert(p),
        }
    }

    /// Removes `p`.
    pub fn remove(&mut self, p: Pid) {
        match self {
            PidSet::Empty => {}
            PidSet::Small(v) => {
                v.retain(|x| *x != p);
                if v.is_empty() {
                    *self = PidSet::Empty;
                }
            }
            PidSet::Large(s) => {
                s.remove(&p);
            }
        }
    }

    /// Every PID, in no particular order.
    pub fn to_vec(&self) -> Vec<Pid> {
        match self {
            PidSet::Empty => Vec::new(),
            PidSet::Small(v) => v.to_vec(),
            PidSet::Large(s) => s.iter().copied().collect(),
        }
    }

    /// Takes every PID out, leaving the set empty.
    pub fn take(&mut self) -> Vec<Pid> {
        let v = self.to_vec();
        *self = PidSet::Empty;
        v
    }
}

/// Monitors by reference: `Ref → Pid`.
///
/// Most processes hold no monitor or one at a time (a `GenServer.call`
/// makes one and removes it), so a single entry is kept inline: a call then
/// allocates nothing for its monitor.
#[derive(Default, Debug)]
pub(crate) enum RefMap {
    #[default]
    Empty,
    One(Ref, Pid),
    Small(Vec<(Ref, Pid)>),
    Large(FxHashMap<Ref, Pid>),
}

impl RefMap {
    /// Records `r → p`.
    pub fn insert(&mut self, r: Ref, p: Pid) {
        match self {
            RefMap::Empty => *self = RefMap::One(r, p),
            RefMap::One(r0, p0) => *self = RefMap::Small(vec![(*r0, *p0), (r, p)]),
            RefMap::Small(v) if v.len() < INLINE_MAX => v.push((r, p)),
            RefMap::Small(v) => {
                let mut m: FxHashMap<Ref, Pid> = v.drain(..).collect();
                m.insert(r, p);
                *self = RefMap::Large(m);
            }
            RefMap::Large(m) => {
                m.insert(r, p);
            }
        }
    }

    /// Removes `r`, giving its PID.
    pub fn remove(&mut self, r: Ref) -> Option<Pid> {
        match self {
            RefMap::Empty => None,
            RefMap::One(r0, p0) if *r0 == r => {
                let p = *p0;
                *self = RefMap::Empty;
                Some(p)
            }
            RefMap::One(..) => None,
            RefMap::Small(v) => {
                let i = v.iter().position(|(x, _)| *x == r)?;
                let p = v.swap_remove(i).1;
                if v.is_empty() {
                    *self = RefMap::Empty;
                }
                Some(p)
            }
            RefMap::Large(m) => m.remove(&r),
        }
    }

    /// Every `(ref, pid)`.
    pub fn to_vec(&self) -> Vec<(Ref, Pid)> {
        match self {
            RefMap::Empty => Vec::new(),
            RefMap::One(r, p) => vec![(*r, *p)],
            RefMap::Small(v) => v.clone(),
            RefMap::Large(m) => m.iter().map(|(r, p)| (*r, *p)).collect(),
        }
    }

    /// Takes every entry out.
    pub fn take(&mut self) -> Vec<(Ref, Pid)> {
        let v = self.to_vec();
        *self = RefMap::Empty;
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// Consecutive PIDs choose consecutive buckets (the low bits are the
    /// PID), while the tag bits a SwissTable compares first still differ.
    #[test]
    fn pid_hashes_keep_neighbours_together_and_tags_spread() {
        let h = PidHash::default();
        let hashes: Vec<u64> = (1000..1128).map(|n| h.hash_one(Pid(n))).collect();
        for (i, x) in hashes.iter().enumerate() {
            assert_eq!(x & !TAG_BITS, 1000 + i as u64);
        }
        let tags: std::collections::BTreeSet<u64> = hashes.iter().map(|x| x >> 57).collect();
        assert!(tags.len() > 64, "only {} distinct tags", tags.len());
    }

    #[test]
    fn a_pid_map_finds_what_it_holds_after_removals() {
        let mut m: PidMap<u64> = PidMap::default();
        for n in 0..10_000 {
            m.insert(Pid(n), n * 2);
        }
        for n in (0..10_000).step_by(3) {
            m.remove(&Pid(n));
        }
        for n in 0..10_000 {
            assert_eq!(m.get(&Pid(n)).copied(), (n % 3 != 0).then_some(n * 2));
        }
    }

    #[test]
    fn a_set_grows_from_inline_to_hashed_and_keeps_every_pid_once() {
        let mut s = PidSet::default();
        for i in 0..100 {
            assert!(s.insert(Pid(i)));
            assert!(!s.insert(Pid(i)));
        }
        s.remove(Pid(5));
        let mut v = s.to_vec();
        v.sort();
        assert_eq!(v.len(), 99);
        assert!(!v.contains(&Pid(5)));
    }

    #[test]
    fn a_ref_map_finds_and_removes_by_reference() {
        let mut m = RefMap::default();
        for i in 0..20 {
            m.insert(Ref(i), Pid(i + 100));
        }
        assert_eq!(m.remove(Ref(7)), Some(Pid(107)));
        assert_eq!(m.remove(Ref(7)), None);
        assert_eq!(m.to_vec().len(), 19);
    }

    /// Whatever the size (none, one inline entry, a vector, a hash map), a
    /// ref map holds what a plain map holds after the same inserts and removals.
    #[test]
    fn a_ref_map_agrees_with_a_plain_map_at_every_size() {
        for n in 0..20u64 {
            let mut m = RefMap::default();
            let mut model = std::collections::BTreeMap::new();
            for i in 0..n {
                m.insert(Ref(i), Pid(i + 100));
                model.insert(Ref(i), Pid(i + 100));
            }
            let mut listed = m.to_vec();
            listed.sort();
            assert_eq!(
                listed,
                model.iter().map(|(r, p)| (*r, *p)).collect::<Vec<_>>()
            );
            for r in [n, n / 2, 0, n / 2] {
                assert_eq!(m.remove(Ref(r)), model.remove(&Ref(r)), "n = {n}, ref {r}");
            }
            let mut held = m.take();
            held.sort();
            assert_eq!(held, model.into_iter().collect::<Vec<_>>(), "n = {n}");
            assert!(m.to_vec().is_empty());
        }
    }
}
