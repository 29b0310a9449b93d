//! Hash array mapped tries: the maps of more than 32 keys, as on the BEAM.
//!
//! A key's hash is read 4 bits at a time, lowest first: level `l` of the
//! trie picks one of 16 slots with bits `4l..4l+4`. A node keeps only its
//! used slots, in slot order, with a 16-bit bitmap saying which they are;
//! a slot holds a key-value leaf or the node below. When two keys agree on
//! all 32 bits, level 8 onwards reads a second hash of the key salted with
//! its depth (`map_hash(key, 1)`), then a third, as the BEAM does. (Keys
//! that agreed on every bit of [`MAX_LEVEL`] levels would share a bucket
//! sorted by key; a sound hash never gets there.)
//!
//! The trie is persistent: nodes are shared between versions of a map, and
//! an update copies the nodes on one path (at most 16 entries each, about
//! `log16 n` of them), unless it holds the only reference to them, when it
//! changes them in place. Get, put and remove are O(log n).
//!
//! Iteration is the order of `maps:to_list/1` on the BEAM: the slots of
//! each node from the highest to the lowest, depth first, which is the keys
//! sorted by the reversed hash nibbles, largest first.

use super::cost;
use super::Term;
use std::cmp::Ordering;
use std::slice;
use triomphe::{Arc, HeaderSlice};

/// The hash of a key at a depth (32 bits serve 8 levels).
pub type HashFn = fn(&Term, u32) -> u32;

/// The level whose nodes are buckets: keys whose hashes agreed on every
/// level above, kept sorted by key.
const MAX_LEVEL: u32 = 8 * 8;

/// A trie of key-value pairs.
#[derive(Clone, Default)]
pub struct Hamt {
    len: usize,
    root: Node,
}

/// A node: which of the 16 slots are used (a 16-bit bitmap, unused in
/// buckets) and the used slots' entries in slot order (in key order in a
/// bucket). The bitmap lives beside the pointer to the entries, in the
/// parent's entry: a lookup finds the slot it wants before it reads the
/// node, and misses the cache once per level, as on the BEAM.
#[derive(Clone)]
struct Node {
    bitmap: u16,
    entries: Arc<HeaderSlice<(), [Entry]>>,
}

#[derive(Clone)]
enum Entry {
    Leaf(Leaf),
    Node(Node),
}

#[derive(Clone)]
struct Leaf {
    /// The key's depth-0 hash.
    hash: u32,
    key: Term,
    value: Term,
}

impl Default for Node {
    fn default() -> Node {
        Node::new(0, [])
    }
}

impl Node {
    fn new<const N: usize>(bitmap: u16, entries: [Entry; N]) -> Node {
        Node {
            bitmap,
            entries: Arc::from_header_and_iter((), entries.into_iter()),
        }
    }

    fn bitmap(&self) -> u16 {
        self.bitmap
    }

    fn entries(&self) -> &[Entry] {
        &self.entries.slice
    }

    /// The node's entries to change: its own when unshared, otherwise
    /// those of a copy it now is.
    fn entries_mut(&mut self) -> &mut [Entry] {
        if !self.entries.is_unique() {
            cost::entries_copied(self.entries.slice.len());
            let copy = Arc::from_header_and_iter((), self.entries.slice.iter().cloned());
            self.entries = copy;
        }
        &mut Arc::get_mut(&mut self.entries)
            .expect("an unshared node")
            .slice
    }

    /// Replaces the node by one with `bitmap` whose entries are this
    /// one's with `entry` inserted at `at`.
    fn insert(&mut self, bitmap: u16, at: usize, entry: Entry) {
        let mut entry = Some(entry);
        let len = self.entries().len() + 1;
        self.respread(
            bitmap,
            len,
            |i| match i.cmp(&at) {
                Ordering::Less => Some(i),
                Ordering::Equal => None,
                Ordering::Greater => Some(i - 1),
            },
            |_| entry.take().expect("one new entry"),
        );
    }

    /// Replaces the node by one with `bitmap` whose entries are this
    /// one's without the one at `at`, which it gives back.
    fn remove(&mut self, bitmap: u16, at: usize) -> Entry {
        let taken = match Arc::get_mut(&mut self.entries) {
            Some(own) => std::mem::replace(&mut own.slice[at], hole()),
            None => self.entries()[at].clone(),
        };
        let len = self.entries().len() - 1;
        self.respread(
            bitmap,
            len,
            |i| Some(if i < at { i } else { i + 1 }),
            |_| hole(),
        );
        taken
    }

    /// Replaces the node by one of `len` entries with `bitmap`: entry `i`
    /// is this one's entry `from(i)` (moved when the node is unshared,
    /// copied otherwise), or `new(i)` where `from` says `None`.
    fn respread(
        &mut self,
        bitmap: u16,
        len: usize,
        from: impl Fn(usize) -> Option<usize>,
        mut new: impl FnMut(usize) -> Entry,
    ) {
        let entries = match Arc::get_mut(&mut self.entries) {
            Some(own) => {
                let old = &mut own.slice;
                Arc::from_header_and_iter(
                    (),
                    (0..len).map(|i| match from(i) {
                        Some(j) => std::mem::replace(&mut old[j], hole()),
                        None => new(i),
                    }),
                )
            }
            None => {
                let old = &self.entries.slice;
                cost::entries_copied(old.len());
                Arc::from_header_and_iter(
                    (),
                    (0..len).map(|i| match from(i) {
                        Some(j) => old[j].clone(),
                        None => new(i),
                    }),
                )
            }
        };
        *self = Node { bitmap, entries };
    }
}

/// A key being looked for, with its hash at the depth last read.
struct Probe<'a> {
    key: &'a Term,
    hf: HashFn,
    hash0: u32,
    depth: u32,
    hash: u32,
}

impl<'a> Probe<'a> {
    fn new(key: &'a Term, hf: HashFn) -> Probe<'a> {
        let hash0 = hf(key, 0);
        Probe {
            key,
            hf,
            hash0,
            depth: 0,
            hash: hash0,
        }
    }

    fn slot(&mut self, level: u32) -> u32 {
        let depth = level / 8;
        if depth != self.depth {
            self.depth = depth;
            self.hash = if depth == 0 {
                self.hash0
            } else {
                (self.hf)(self.key, depth)
            };
        }
        (self.hash >> (4 * (level % 8))) & 0xf
    }

    fn is(&self, leaf: &Leaf) -> bool {
        leaf.hash == self.hash0 && leaf.key == *self.key
    }
}

/// The slot of a stored key at `level`.
fn slot_of(leaf: &Leaf, level: u32, hf: HashFn) -> u32 {
    let hash = match level / 8 {
        0 => leaf.hash,
        depth => hf(&leaf.key, depth),
    };
    (hash >> (4 * (level % 8))) & 0xf
}

/// Where the entry for `bit` is among a node's entries.
fn index(bitmap: u16, bit: u16) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

/// A leaf standing in for one being moved out.
fn hole() -> Entry {
    Entry::Leaf(Leaf {
        hash: 0,
        key: Term::Nil,
        value: Term::Nil,
    })
}

impl Hamt {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The value under `key`.
    pub fn get(&self, key: &Term, hf: HashFn) -> Option<&Term> {
        let mut probe = Probe::new(key, hf);
        let mut node = &self.root;
        let mut level = 0;
        loop {
            if level == MAX_LEVEL {
                return node.entries().iter().find_map(|e| match e {
                    Entry::Leaf(l) if probe.is(l) => Some(&l.value),
                    _ => None,
                });
            }
            let bit = 1u16 << probe.slot(level);
            if node.bitmap() & bit == 0 {
                return None;
            }
            match &node.entries()[index(node.bitmap(), bit)] {
                Entry::Leaf(l) => return probe.is(l).then_some(&l.value),
                Entry::Node(n) => node = n,
            }
            level += 1;
        }
    }

    /// Sets `key` to `value`; the value it replaced, if the key was there.
    pub fn insert(&mut self, key: Term, value: Term, hf: HashFn) -> Option<Term> {
        let leaf = Leaf {
            hash: hf(&key, 0),
            key,
            value,
        };
        let old = insert_in(&mut self.root, 0, leaf, hf);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Removes `key`; its value, if it was there. Copies the path to `key`
    /// when shared, so look it up first to leave a map without it alone.
    pub fn remove(&mut self, key: &Term, hf: HashFn) -> Option<Term> {
        let old = remove_in(&mut self.root, 0, &mut Probe::new(key, hf))?;
        self.len -= 1;
        Some(old)
    }

    /// The pairs in the BEAM's order.
    pub fn iter(&self) -> Iter<'_> {
        let mut front = Vec::with_capacity(8);
        front.push(self.root.entries().iter());
        Iter {
            root: self.root.entries(),
            front,
            back: None,
            left: self.len,
        }
    }
}

fn insert_in(node: &mut Node, level: u32, leaf: Leaf, hf: HashFn) -> Option<Term> {
    if level == MAX_LEVEL {
        return insert_in_bucket(node, leaf);
    }
    let bit = 1u16 << slot_of(&leaf, level, hf);
    let at = index(node.bitmap(), bit);
    if node.bitmap() & bit == 0 {
        node.insert(node.bitmap() | bit, at, Entry::Leaf(leaf));
        return None;
    }
    let entry = &mut node.entries_mut()[at];
    match entry {
        Entry::Leaf(l) if l.hash == leaf.hash && l.key == leaf.key => {
            Some(std::mem::replace(&mut l.value, leaf.value))
        }
        Entry::Leaf(_) => {
            let Entry::Leaf(old) = std::mem::replace(entry, hole()) else {
                unreachable!("a leaf was matched")
            };
            *entry = Entry::Node(pair(level + 1, old, leaf, hf));
            None
        }
        Entry::Node(child) => insert_in(child, level + 1, leaf, hf),
    }
}

fn insert_in_bucket(node: &mut Node, leaf: Leaf) -> Option<Term> {
    let found = node.entries().binary_search_by(|e| match e {
        Entry::Leaf(l) => l.key.key_cmp(&leaf.key),
        Entry::Node(_) => Ordering::Less,
    });
    match found {
        Ok(i) => match &mut node.entries_mut()[i] {
            Entry::Leaf(l) => Some(std::mem::replace(&mut l.value, leaf.value)),
            Entry::Node(_) => unreachable!("buckets hold leaves"),
        },
        Err(i) => {
            node.insert(0, i, Entry::Leaf(leaf));
            None
        }
    }
}

/// The node at `level` holding two keys that share the slots above it.
fn pair(level: u32, a: Leaf, b: Leaf, hf: HashFn) -> Node {
    if level == MAX_LEVEL {
        let mut bucket = Node::default();
        insert_in_bucket(&mut bucket, a);
        insert_in_bucket(&mut bucket, b);
        return bucket;
    }
    let (sa, sb) = (slot_of(&a, level, hf), slot_of(&b, level, hf));
    if sa == sb {
        let below = Entry::Node(pair(level + 1, a, b, hf));
        return Node::new(1 << sa, [below]);
    }
    let (low, high) = if sa < sb { (a, b) } else { (b, a) };
    Node::new((1 << sa) | (1 << sb), [Entry::Leaf(low), Entry::Leaf(high)])
}

fn remove_in(node: &mut Node, level: u32, probe: &mut Probe) -> Option<Term> {
    if level == MAX_LEVEL {
        let at = node
            .entries()
            .iter()
            .position(|e| matches!(e, Entry::Leaf(l) if probe.is(l)))?;
        return Some(take_leaf(node, 0, at));
    }
    let bit = 1u16 << probe.slot(level);
    if node.bitmap() & bit == 0 {
        return None;
    }
    let at = index(node.bitmap(), bit);
    match &node.entries()[at] {
        Entry::Leaf(l) if probe.is(l) => return Some(take_leaf(node, node.bitmap() & !bit, at)),
        Entry::Leaf(_) => return None,
        Entry::Node(_) => {}
    }
    let entry = &mut node.entries_mut()[at];
    let Entry::Node(child) = entry else {
        unreachable!("a node was matched")
    };
    let old = remove_in(child, level + 1, probe)?;
    // A node left with one key gives it to its parent.
    if let [Entry::Leaf(_)] = child.entries() {
        let last = std::mem::replace(&mut child.entries_mut()[0], hole());
        *entry = last;
    }
    Some(old)
}

/// Removes the leaf at `at`, leaving the node with `bitmap`; its value.
fn take_leaf(node: &mut Node, bitmap: u16, at: usize) -> Term {
    match node.remove(bitmap, at) {
        Entry::Leaf(l) => l.value,
        _ => unreachable!("a leaf was found at {at}"),
    }
}

/// The pairs of a trie, front to back in the BEAM's order.
pub struct Iter<'a> {
    root: &'a [Entry],
    /// The nodes being walked from the front, read from their ends.
    front: Vec<slice::Iter<'a, Entry>>,
    /// The nodes being walked from the back, read from their starts (once
    /// something is taken from the back).
    back: Option<Vec<slice::Iter<'a, Entry>>>,
    /// Pairs not yet given from either end.
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Term, &'a Term);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        loop {
            match self.front.last_mut()?.next_back() {
                Some(Entry::Leaf(l)) => {
                    self.left -= 1;
                    return Some((&l.key, &l.value));
                }
                Some(Entry::Node(n)) => self.front.push(n.entries().iter()),
                None => {
                    self.front.pop();
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let root = self.root;
        let back = self.back.get_or_insert_with(|| vec![root.iter()]);
        loop {
            match back.last_mut()?.next() {
                Some(Entry::Leaf(l)) => {
                    self.left -= 1;
                    return Some((&l.key, &l.value));
                }
                Some(Entry::Node(n)) => back.push(n.entries().iter()),
                None => {
                    back.pop();
                }
            }
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::hash::map_hash;
    use std::collections::BTreeMap;

    fn int(i: i64) -> Term {
        Term::int(i)
    }

    fn build(keys: impl IntoIterator<Item = i64>, hf: HashFn) -> Hamt {
        let mut h = Hamt::default();
        for k in keys {
            h.insert(int(k), int(k * 10), hf);
        }
        h
    }

    fn keys(h: &Hamt) -> Vec<i64> {
        h.iter().map(|(k, _)| k.as_int().unwrap()).collect()
    }

    /// Every key in one bucket: the trie still finds, replaces and removes.
    #[test]
    fn keys_whose_hashes_never_differ_share_a_bucket() {
        let same: HashFn = |_, _| 0;
        let mut h = build(0..20, same);
        assert_eq!(h.len(), 20);
        assert_eq!(h.insert(int(7), int(0), same), Some(int(70)));
        for k in 0..20 {
            let want = if k == 7 { 0 } else { k * 10 };
            assert_eq!(h.get(&int(k), same), Some(&int(want)));
        }
        assert_eq!(h.get(&int(20), same), None);
        for k in (0..20).step_by(2) {
            assert!(h.remove(&int(k), same).is_some());
        }
        assert_eq!(h.remove(&int(0), same), None);
        assert_eq!(h.len(), 10);
        let mut left = keys(&h);
        left.sort();
        assert_eq!(left, (1..20).step_by(2).collect::<Vec<_>>());
    }

    /// Hashes that agree on 32 bits and then differ at depth 1.
    #[test]
    fn keys_that_collide_on_32_bits_split_on_the_salted_hash() {
        let hf: HashFn = |k, depth| match depth {
            0 => 0x1234_5678,
            d => (k.as_int().unwrap() as u32).wrapping_mul(0x9e37_79b9) ^ d,
        };
        let mut h = build(0..100, hf);
        for k in 0..100 {
            assert_eq!(h.get(&int(k), hf), Some(&int(k * 10)));
        }
        for k in 0..99 {
            assert_eq!(h.remove(&int(k), hf), Some(int(k * 10)));
        }
        // The last key climbed back to the root's slot.
        assert!(matches!(h.root.entries(), [Entry::Leaf(_)]));
    }

    /// Removing keys folds single leaves back up: the trie ends as small as
    /// one built with the keys that are left.
    #[test]
    fn removal_leaves_the_trie_one_would_build() {
        let mut h = build(0..1000, map_hash);
        for k in 100..1000 {
            h.remove(&int(k), map_hash);
        }
        let fresh = build(0..100, map_hash);
        fn shape(n: &Node) -> Vec<String> {
            n.entries()
                .iter()
                .map(|e| match e {
                    Entry::Leaf(l) => l.key.to_string(),
                    Entry::Node(n) => format!("[{}]", shape(n).join(" ")),
                })
                .collect()
        }
        assert_eq!(shape(&h.root), shape(&fresh.root));
    }

    #[test]
    fn iterating_from_both_ends_meets_in_the_middle() {
        let h = build(0..500, map_hash);
        let forward = keys(&h);
        let mut backward: Vec<i64> = h.iter().rev().map(|(k, _)| k.as_int().unwrap()).collect();
        backward.reverse();
        assert_eq!(forward, backward);
        let mut it = h.iter();
        let mut seen = Vec::new();
        while let Some((k, _)) = if seen.len() % 2 == 0 {
            it.next()
        } else {
            it.next_back()
        } {
            seen.push(k.as_int().unwrap());
            assert_eq!(it.len(), 500 - seen.len());
        }
        seen.sort();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
    }

    /// An update of a shared trie copies one path: a handful of nodes of at
    /// most 16 entries, whatever the size.
    #[test]
    fn an_update_of_a_shared_trie_copies_one_path() {
        let h = build(0..100_000, map_hash);
        cost::take();
        let mut copy = h.clone();
        copy.insert(int(-1), int(0), map_hash);
        let (entries, _) = cost::take();
        // At most 16 entries on each of the 5 to 6 levels from the root
        // down to the new key.
        assert!(entries <= 16 * 6, "{entries} entries copied");
        assert_eq!(h.len(), 100_000);
        assert_eq!(copy.len(), 100_001);
        assert_eq!(h.get(&int(-1), map_hash), None);
    }

    proptest::proptest! {
        /// Against a sorted map: the same answers to every get, put and
        /// remove, with the trie shared with every earlier version (which
        /// must not change).
        #[test]
        fn agrees_with_a_btreemap(ops in proptest::collection::vec((0u8..3, 0i64..300, 0i64..5), 0..400)) {
            let weak: HashFn = |k, d| {
                // Few distinct hashes: deep tries, 32-bit collisions, buckets.
                let i = k.as_int().unwrap() as u32;
                if d < 2 { (i % 7).wrapping_mul(0x1111_1111) } else { i.wrapping_mul(2_654_435_761) >> d }
            };
            for hf in [map_hash as HashFn, weak] {
                let mut h = Hamt::default();
                let mut model = BTreeMap::new();
                let mut versions: Vec<(Hamt, BTreeMap<i64, i64>)> = Vec::new();
                for &(op, k, v) in &ops {
                    match op {
                        0 => {
                            let old = h.insert(int(k), int(v), hf);
                            proptest::prop_assert_eq!(old, model.insert(k, v).map(int));
                        }
                        1 => {
                            let present = h.get(&int(k), hf).is_some();
                            let old = if present { h.remove(&int(k), hf) } else { None };
                            proptest::prop_assert_eq!(old, model.remove(&k).map(int));
                        }
                        _ => {
                            let want = model.get(&k).map(|v| int(*v));
                            proptest::prop_assert_eq!(h.get(&int(k), hf), want.as_ref());
                        }
                    }
                    proptest::prop_assert_eq!(h.len(), model.len());
                    if versions.len() < 40 {
                        versions.push((h.clone(), model.clone()));
                    }
                }
                for (old, want) in &versions {
                    let mut got: Vec<(i64, i64)> = old
                        .iter()
                        .map(|(k, v)| (k.as_int().unwrap(), v.as_int().unwrap()))
                        .collect();
                    got.sort();
                    let want: Vec<(i64, i64)> = want.iter().map(|(k, v)| (*k, *v)).collect();
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }
    }
}
