//! Maps: immutable, with the BEAM's two representations.
//!
//! A map of up to 32 keys is, like the BEAM's "flat" map, a sorted array of
//! pairs: lookups are a binary search, an update copies the array unless
//! this is its only reference, and iteration is in key order, the order
//! Elixir prints such maps in. A map of more than 32 keys is, like the
//! BEAM's, a hash array mapped trie ([`super::hamt`]): get, put and remove
//! are O(log n), an update copies one path and shares the rest, and
//! iteration is in the order of the keys' internal hash
//! ([`super::hash::map_hash`]), the order iex shows such maps in. A map
//! changes representation as it grows past 32 keys or shrinks back to 32,
//! as on the BEAM, so equal maps always have the same one.
//!
//! Whatever the representation, maps compare as Elixir's do (see
//! [`super::order`]): by size, then keys in term order, then values.

use super::cost;
use super::hamt::{self, Hamt};
use super::hash::map_hash;
use super::Term;
use std::iter::Map;
use triomphe::Arc;

/// The most keys a map keeps as a sorted array (`MAP_SMALL_MAP_LIMIT`).
pub const FLAT_MAX: usize = 32;

/// An immutable map from terms to terms.
#[derive(Clone)]
pub struct TMap(Repr);

#[derive(Clone)]
enum Repr {
    /// Up to [`FLAT_MAX`] pairs in key order.
    Flat(Arc<Vec<(Term, Term)>>),
    /// More than [`FLAT_MAX`] pairs.
    Trie(Arc<Hamt>),
}

impl Default for TMap {
    fn default() -> TMap {
        TMap(Repr::Flat(Arc::default()))
    }
}

/// A key and its value.
pub type Pair<'a> = (&'a Term, &'a Term);
/// Reads one half of a pair.
pub type Key<'a> = fn(Pair<'a>) -> &'a Term;

impl TMap {
    /// The empty map.
    pub fn new() -> TMap {
        TMap::default()
    }

    /// A map from pairs; a later pair wins over an earlier one with the same key.
    pub fn from_pairs(mut pairs: Vec<(Term, Term)>) -> TMap {
        // Pairs written in key order (a child spec, a struct) need no sort.
        if !pairs.windows(2).all(|w| w[0].0.key_cmp(&w[1].0).is_lt()) {
            // Sorted in place: reversed first, so that the stable sort puts
            // the later of two equal keys first, where `dedup_by` keeps it.
            pairs.reverse();
            pairs.sort_by(|(a, _), (b, _)| a.key_cmp(b));
            pairs.dedup_by(|next, kept| next.0.key_cmp(&kept.0).is_eq());
        }
        if pairs.len() > FLAT_MAX {
            let mut trie = Hamt::default();
            for (k, v) in pairs {
                trie.insert(k, v, map_hash);
            }
            return TMap(Repr::Trie(Arc::new(trie)));
        }
        // A map lives on: it keeps no spare room (a no-op for `vec![...]`).
        pairs.shrink_to_fit();
        TMap(Repr::Flat(Arc::new(pairs)))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Flat(pairs) => pairs.len(),
            Repr::Trie(trie) => trie.len(),
        }
    }

    /// True when the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value under `key`.
    pub fn get(&self, key: &Term) -> Option<&Term> {
        match &self.0 {
            Repr::Flat(pairs) => position(pairs, key).ok().map(|i| &pairs[i].1),
            Repr::Trie(trie) => trie.get(key, map_hash),
        }
    }

    /// The value under the atom key `key`.
    ///
    /// Atoms are interned, so in a small map a scan comparing pointers
    /// beats a binary search that compares atom names.
    pub fn get_atom(&self, key: super::Atom) -> Option<&Term> {
        if let Repr::Flat(pairs) = &self.0 {
            if pairs.len() <= 16 {
                return pairs
                    .iter()
                    .find(|(k, _)| matches!(k, Term::Atom(a) if *a == key))
                    .map(|(_, v)| v);
            }
        }
        self.get(&Term::Atom(key))
    }

    /// A map with `key` set to `value`.
    pub fn put(&self, key: Term, value: Term) -> TMap {
        let mut m = self.clone();
        m.insert(key, value);
        m
    }

    /// Sets `key` to `value` in place: what is shared with other maps is
    /// copied first (all of a small map, one path of a large one).
    pub fn insert(&mut self, key: Term, value: Term) {
        match &mut self.0 {
            Repr::Flat(pairs) => {
                let pos = position(pairs, &key);
                if pos.is_err() && pairs.len() == FLAT_MAX {
                    // The 33rd key: the pairs move (or, shared, are copied)
                    // into a trie.
                    let mut trie = Hamt::default();
                    for (k, v) in std::mem::take(cow(pairs)) {
                        trie.insert(k, v, map_hash);
                    }
                    trie.insert(key, value, map_hash);
                    self.0 = Repr::Trie(Arc::new(trie));
                    return;
                }
                let v = cow(pairs);
                match pos {
                    Ok(i) => v[i].1 = value,
                    Err(i) => v.insert(i, (key, value)),
                }
            }
            Repr::Trie(trie) => {
                // Sharing the trie shares its root: the insert copies the
                // nodes it changes (and counts them).
                Arc::make_mut(trie).insert(key, value, map_hash);
            }
        }
    }

    /// A map without `key`.
    pub fn remove(&self, key: &Term) -> TMap {
        if self.get(key).is_none() {
            return self.clone();
        }
        let mut m = self.clone();
        m.delete(key);
        m
    }

    /// Removes `key` in place, copying what is shared; its value, if the
    /// key was there.
    pub fn delete(&mut self, key: &Term) -> Option<Term> {
        match &mut self.0 {
            Repr::Flat(pairs) => {
                let i = position(pairs, key).ok()?;
                Some(cow(pairs).remove(i).1)
            }
            Repr::Trie(trie) => {
                trie.get(key, map_hash)?;
                let old = Arc::make_mut(trie).remove(key, map_hash);
                if trie.len() == FLAT_MAX {
                    // Back to a sorted array, as the BEAM shrinks it.
                    let mut pairs: Vec<(Term, Term)> =
                        trie.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    pairs.sort_by(|(a, _), (b, _)| a.key_cmp(b));
                    self.0 = Repr::Flat(Arc::new(pairs));
                }
                old
            }
        }
    }

    /// The pairs in the order Elixir lists them (`Map.to_list/1`): key
    /// order up to 32 keys, hash order beyond.
    pub fn iter(&self) -> Iter<'_> {
        Iter(match &self.0 {
            Repr::Flat(pairs) => IterRepr::Flat(pairs.iter()),
            Repr::Trie(trie) => IterRepr::Trie(trie.iter()),
        })
    }

    /// The pairs in the order `:maps.fold/3` and `:maps.next/1` visit them
    /// (and so `Enum.reduce/3` and the `Enum` functions built on it): key
    /// order up to 32 keys, and beyond, the reverse of [`TMap::iter`] (the
    /// BEAM's `maps:to_list/1` conses what its iterator visits).
    pub fn fold_order(&self) -> FoldOrder<'_> {
        FoldOrder {
            backwards: matches!(self.0, Repr::Trie(_)),
            iter: self.iter(),
        }
    }

    /// The keys in the order of [`TMap::iter`].
    pub fn keys(&self) -> Map<Iter<'_>, Key<'_>> {
        self.iter().map(key_of as Key<'_>)
    }

    /// The values in the order of [`TMap::iter`].
    pub fn values(&self) -> Map<Iter<'_>, Key<'_>> {
        self.iter().map(value_of as Key<'_>)
    }

    /// True when both are the very same map (one shared representation).
    pub fn ptr_eq(a: &TMap, b: &TMap) -> bool {
        match (&a.0, &b.0) {
            (Repr::Flat(x), Repr::Flat(y)) => Arc::ptr_eq(x, y),
            (Repr::Trie(x), Repr::Trie(y)) => Arc::ptr_eq(x, y),
            _ => false,
        }
    }

    /// True for a map of more than 32 keys, which iterates in hash order.
    pub fn is_hashed(&self) -> bool {
        matches!(self.0, Repr::Trie(_))
    }

    /// The pairs in key order (term order of the keys), whatever the
    /// representation: what comparing maps reads.
    pub fn sorted(&self) -> Sorted<'_> {
        match &self.0 {
            Repr::Flat(pairs) => Sorted::Flat(pairs.iter()),
            Repr::Trie(trie) => {
                let mut pairs: Vec<Pair<'_>> = trie.iter().collect();
                pairs.sort_by(|a, b| a.0.key_cmp(b.0));
                Sorted::Collected(pairs.into_iter())
            }
        }
    }
}

fn key_of<'a>(pair: Pair<'a>) -> &'a Term {
    pair.0
}

fn value_of<'a>(pair: Pair<'a>) -> &'a Term {
    pair.1
}

/// Where `key` is, or would go, in a sorted array of pairs.
fn position(pairs: &[(Term, Term)], key: &Term) -> Result<usize, usize> {
    pairs.binary_search_by(|(k, _)| k.key_cmp(key))
}

/// A small map's pairs to change: themselves when unshared, else a copy.
fn cow(pairs: &mut Arc<Vec<(Term, Term)>>) -> &mut Vec<(Term, Term)> {
    if !pairs.is_unique() {
        cost::entries_copied(pairs.len());
    }
    Arc::make_mut(pairs)
}

/// The pairs of a map, in the order of [`TMap::iter`].
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Flat(std::slice::Iter<'a, (Term, Term)>),
    Trie(hamt::Iter<'a>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        match &mut self.0 {
            IterRepr::Flat(it) => it.next().map(|(k, v)| (k, v)),
            IterRepr::Trie(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Flat(it) => it.size_hint(),
            IterRepr::Trie(it) => it.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Flat(it) => it.next_back().map(|(k, v)| (k, v)),
            IterRepr::Trie(it) => it.next_back(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// The pairs of a map in the order of [`TMap::fold_order`].
pub struct FoldOrder<'a> {
    iter: Iter<'a>,
    backwards: bool,
}

impl<'a> Iterator for FoldOrder<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        if self.backwards {
            self.iter.next_back()
        } else {
            self.iter.next()
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl ExactSizeIterator for FoldOrder<'_> {}

/// The pairs of a map in key order.
#[derive(Clone)]
pub enum Sorted<'a> {
    /// A small map's own array.
    Flat(std::slice::Iter<'a, (Term, Term)>),
    /// A large map's pairs, collected and sorted.
    Collected(std::vec::IntoIter<Pair<'a>>),
}

impl<'a> Iterator for Sorted<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        match self {
            Sorted::Flat(it) => it.next().map(|(k, v)| (k, v)),
            Sorted::Collected(it) => it.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_in_term_order() {
        let m = TMap::from_pairs(vec![
            (Term::string("b"), Term::int(2)),
            (Term::atom_named("a"), Term::int(1)),
            (Term::int(3), Term::int(4)),
        ]);
        let keys: Vec<String> = m.keys().map(|k| k.to_string()).collect();
        assert_eq!(keys, vec!["3", ":a", "\"b\""]);
    }

    /// `%{a: 1, b: 2, a: 3}` is `%{a: 3, b: 2}`: the last of equal keys wins.
    #[test]
    fn the_last_of_equal_keys_wins() {
        let a = || Term::atom_named("a");
        let m = TMap::from_pairs(vec![
            (a(), Term::int(1)),
            (Term::atom_named("b"), Term::int(2)),
            (a(), Term::int(3)),
            (Term::int(1), Term::int(4)),
            (Term::Float(1.0), Term::int(5)),
            (Term::int(1), Term::int(6)),
        ]);
        let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} => {v}")).collect();
        assert_eq!(pairs, vec!["1 => 6", "1.0 => 5", ":a => 3", ":b => 2"]);
    }

    /// Pairs already in key order skip the sort; a key given twice in a
    /// row still counts once, with its last value.
    #[test]
    fn pairs_in_key_order_and_repeated_keys() {
        let (a, b) = (Term::atom_named("a"), Term::atom_named("b"));
        let m = TMap::from_pairs(vec![(a.clone(), Term::int(1)), (b.clone(), Term::int(2))]);
        let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} => {v}")).collect();
        assert_eq!(pairs, vec![":a => 1", ":b => 2"]);
        let m = TMap::from_pairs(vec![(a.clone(), Term::int(1)), (a, Term::int(2))]);
        let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k} => {v}")).collect();
        assert_eq!(pairs, vec![":a => 2"]);
    }

    #[test]
    fn one_and_one_point_zero_are_different_keys() {
        let m = TMap::new()
            .put(Term::int(1), Term::int(1))
            .put(Term::Float(1.0), Term::int(2));
        assert_eq!(m.len(), 2);
        assert!(matches!(m.get(&Term::int(1)), Some(Term::Int(1))));
    }

    #[test]
    fn put_does_not_change_the_original() {
        let a = TMap::new().put(Term::int(1), Term::int(1));
        let b = a.put(Term::int(1), Term::int(9));
        assert!(matches!(a.get(&Term::int(1)), Some(Term::Int(1))));
        assert!(matches!(b.get(&Term::int(1)), Some(Term::Int(9))));
    }

    // ------------------------------------------------ order of large maps
    //
    // Each list is what real iex (Elixir 1.14, OTP 25.2) answered for
    // `keys |> Enum.with_index() |> Map.new() |> Map.values()`: the
    // positions of the keys in the order the map lists them.

    use num_bigint::BigInt;

    fn int(i: i64) -> Term {
        Term::int(i)
    }

    fn s(text: &str) -> Term {
        Term::string(text)
    }

    /// The order a map of `keys` lists them in, as their positions.
    fn order(keys: Vec<Term>) -> Vec<i64> {
        let pairs: Vec<(Term, Term)> = keys.into_iter().zip((0..).map(int)).collect();
        let built = TMap::from_pairs(pairs.clone());
        let mut put = TMap::new();
        for (k, v) in pairs.into_iter().rev() {
            put = put.put(k, v);
        }
        let got: Vec<i64> = built.values().map(|v| v.as_int().unwrap()).collect();
        let by_put: Vec<i64> = put.values().map(|v| v.as_int().unwrap()).collect();
        assert_eq!(got, by_put, "the order depends on the keys only");
        got
    }

    /// `Map.new(1..40, &{&1, &1})`
    const MAP_NEW_1_40: [i64; 40] = [
        32, 11, 22, 28, 29, 38, 25, 30, 10, 36, 8, 31, 33, 24, 27, 5, 37, 12, 39, 19, 14, 13, 1, 6,
        0, 7, 2, 16, 21, 20, 3, 35, 23, 9, 34, 26, 18, 4, 17, 15,
    ];

    /// `50 string keys "k1".."k50"`
    const STRINGS_K1_K50: [i64; 50] = [
        23, 15, 27, 37, 32, 33, 10, 41, 19, 36, 47, 21, 6, 16, 3, 5, 4, 12, 7, 31, 44, 13, 26, 28,
        17, 45, 48, 20, 43, 9, 29, 34, 22, 11, 40, 38, 49, 46, 39, 18, 1, 2, 0, 42, 35, 24, 30, 14,
        8, 25,
    ];

    /// `40 tuple keys {i, "x"}`
    const TUPLES_I_X: [i64; 40] = [
        36, 30, 32, 9, 7, 20, 29, 24, 31, 35, 17, 13, 19, 22, 21, 0, 34, 39, 38, 4, 2, 27, 3, 14,
        15, 37, 6, 25, 8, 5, 10, 12, 11, 1, 18, 26, 28, 33, 23, 16,
    ];

    /// `40 floats i / 4`
    const FLOATS_QUARTERS: [i64; 40] = [
        4, 30, 19, 28, 25, 32, 14, 29, 8, 18, 2, 27, 20, 21, 39, 15, 5, 0, 6, 23, 22, 33, 3, 9, 35,
        38, 16, 11, 24, 1, 12, 17, 26, 13, 10, 34, 31, 36, 37, 7,
    ];

    /// `negative, zero and bignum keys`
    const NEGATIVE_AND_BIG: [i64; 49] = [
        7, 0, 30, 14, 13, 43, 1, 27, 25, 2, 5, 47, 38, 44, 11, 35, 48, 22, 20, 8, 17, 6, 26, 15,
        40, 12, 34, 28, 23, 37, 19, 10, 46, 3, 42, 9, 39, 24, 4, 33, 41, 45, 31, 32, 16, 29, 18,
        21, 36,
    ];

    /// `40 charlists 'hello' ++ [i * 1000, i]`
    const CHARLISTS: [i64; 40] = [
        28, 31, 8, 21, 16, 17, 3, 2, 36, 4, 27, 33, 35, 22, 6, 39, 32, 19, 38, 15, 18, 37, 10, 14,
        11, 5, 30, 9, 1, 20, 29, 23, 26, 0, 25, 7, 12, 34, 13, 24,
    ];

    /// `40 improper lists [i | 7] and [{i}, "a" | "b"]`
    const IMPROPER_LISTS: [i64; 40] = [
        20, 22, 6, 9, 33, 24, 5, 36, 18, 13, 27, 1, 2, 17, 15, 32, 0, 16, 14, 35, 26, 30, 10, 31,
        11, 4, 39, 21, 19, 7, 38, 12, 23, 3, 28, 29, 8, 34, 25, 37,
    ];

    /// `40 small maps %{i => [i]} as keys`
    const SMALL_MAPS: [i64; 40] = [
        21, 16, 9, 28, 4, 31, 14, 20, 34, 29, 38, 37, 19, 5, 13, 24, 32, 8, 1, 17, 11, 25, 15, 36,
        10, 30, 26, 35, 3, 39, 22, 33, 27, 7, 23, 2, 0, 18, 6, 12,
    ];

    /// `mixed: ints, strings, tuples, lists, floats, binaries`
    const MIXED: [i64; 48] = [
        3, 34, 14, 26, 2, 29, 40, 45, 19, 31, 17, 43, 11, 7, 13, 5, 33, 28, 30, 35, 1, 4, 6, 44,
        36, 41, 0, 42, 12, 39, 27, 46, 20, 25, 10, 37, 18, 9, 22, 8, 38, 23, 47, 21, 16, 15, 32,
        24,
    ];

    /// `a large map as a key, among others`
    const LARGE_MAP_KEY: [i64; 41] = [
        33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20, 15, 14, 2, 7,
        1, 8, 3, 17, 0, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16,
    ];

    /// `MapSet.to_list(MapSet.new(1..100))`
    const MAP_SET_1_100: [i64; 100] = [
        33, 12, 73, 44, 23, 29, 47, 89, 61, 30, 43, 39, 45, 48, 57, 26, 69, 88, 63, 100, 71, 46,
        31, 98, 81, 11, 37, 9, 76, 32, 34, 25, 28, 85, 91, 64, 6, 72, 68, 86, 51, 80, 38, 13, 59,
        40, 77, 95, 41, 20, 78, 15, 14, 60, 2, 7, 83, 74, 99, 1, 97, 8, 3, 75, 90, 58, 55, 17, 22,
        52, 87, 21, 96, 4, 82, 36, 53, 50, 66, 24, 10, 35, 70, 56, 62, 49, 27, 84, 94, 92, 42, 19,
        67, 93, 65, 5, 54, 18, 79, 16,
    ];

    #[test]
    fn maps_of_more_than_32_keys_list_them_as_iex_does() {
        assert_eq!(order((1..=40).map(int).collect()), MAP_NEW_1_40);
        let strings = (1..=50).map(|i| s(&format!("k{i}"))).collect();
        assert_eq!(order(strings), STRINGS_K1_K50);
        let tuples = (1..=40).map(|i| Term::tuple([int(i), s("x")])).collect();
        assert_eq!(order(tuples), TUPLES_I_X);
        let floats = (1..=40).map(|i| Term::Float(i as f64 / 4.0)).collect();
        assert_eq!(order(floats), FLOATS_QUARTERS);
        let big = |b: BigInt| Term::big(b);
        let one = || BigInt::from(1u8);
        let mut numbers: Vec<Term> = (-40..=0).map(int).collect();
        numbers.extend([
            int(1 << 59),
            int(-(1 << 59)),
            int((1 << 59) - 1),
            int(-(1 << 59) - 1),
            big(one() << 64u32),
            big(one() << 70u32),
            big(-(one() << 64u32)),
            big(-(one() << 128u32)),
        ]);
        assert_eq!(order(numbers), NEGATIVE_AND_BIG);
    }

    #[test]
    fn lists_and_maps_as_keys_list_as_iex_does() {
        let charlist = |tail: &[i64]| {
            Term::list_from(
                "hello"
                    .bytes()
                    .map(|b| int(b as i64))
                    .chain(tail.iter().map(|&i| int(i))),
            )
        };
        let charlists = (1..=40).map(|i| charlist(&[i * 1000, i])).collect();
        assert_eq!(order(charlists), CHARLISTS);
        let mut improper: Vec<Term> = (1..=20)
            .map(|i| crate::term::List::from_vec(vec![int(i)], int(7)))
            .collect();
        improper.extend(
            (1..=20)
                .map(|i| crate::term::List::from_vec(vec![Term::tuple([int(i)]), s("a")], s("b"))),
        );
        assert_eq!(order(improper), IMPROPER_LISTS);
        let small_maps = (1..=40)
            .map(|i| {
                Term::Map(TMap::from_pairs(vec![
                    (int(i), Term::list(vec![int(i)])),
                    (s("k"), Term::Float(1.5)),
                ]))
            })
            .collect();
        assert_eq!(order(small_maps), SMALL_MAPS);
        let large = TMap::from_pairs((1..=40).map(|i| (int(i), int(i))).collect());
        let mut with_large = vec![Term::Map(large)];
        with_large.extend((1..=40).map(int));
        assert_eq!(order(with_large), LARGE_MAP_KEY);
    }

    #[test]
    fn keys_of_every_kind_together_list_as_iex_does() {
        let mixed = (1..=8)
            .flat_map(|i| {
                [
                    int(i),
                    s(&format!("s{i}")),
                    Term::tuple([int(i)]),
                    Term::list(vec![int(i)]),
                    Term::Float(i as f64 + 0.5),
                    Term::binary(&vec![i as u8; i as usize]),
                ]
            })
            .collect();
        assert_eq!(order(mixed), MIXED);
    }

    /// `:maps.fold/3` (and `Enum.map/2` over a map) in iex: key order for
    /// a small map, the reverse of `Map.to_list/1` for a large one.
    #[test]
    fn fold_order_is_key_order_or_the_reverse_of_to_list() {
        let small = TMap::from_pairs((1..=3).rev().map(|i| (int(i), int(i))).collect());
        let folded: Vec<i64> = small
            .fold_order()
            .map(|(k, _)| k.as_int().unwrap())
            .collect();
        assert_eq!(folded, [1, 2, 3]);
        let large = TMap::from_pairs((1..=40).map(|i| (int(i), int(i))).collect());
        let folded: Vec<i64> = large
            .fold_order()
            .map(|(k, _)| k.as_int().unwrap())
            .collect();
        // `Enum.map(Map.new(1..40, &{&1, &1}), fn {k, _} -> k end)` in iex:
        assert_eq!(folded[..6], [16, 18, 5, 19, 27, 35]);
        let mut listed: Vec<i64> = large.keys().map(|k| k.as_int().unwrap()).collect();
        listed.reverse();
        assert_eq!(folded, listed);
    }

    /// `MapSet.new(1..100) |> MapSet.to_list()` in iex.
    #[test]
    fn a_map_set_of_100_lists_as_iex_does() {
        let set = TMap::from_pairs((1..=100).map(|i| (int(i), Term::Nil)).collect());
        let got: Vec<i64> = set.keys().map(|k| k.as_int().unwrap()).collect();
        assert_eq!(got, MAP_SET_1_100);
    }

    // ------------------------------------------------ representation

    fn is_flat(m: &TMap) -> bool {
        matches!(m.0, Repr::Flat(_))
    }

    /// 32 keys are a sorted array; the 33rd makes a trie; removing one
    /// goes back to the array (as the BEAM does), so the order is key
    /// order again.
    #[test]
    fn maps_change_representation_past_32_keys_and_back() {
        let m = TMap::from_pairs((1..=32).map(|i| (int(i), int(i))).collect());
        assert!(is_flat(&m));
        let big = m.put(int(33), int(33));
        assert!(!is_flat(&big));
        let first: Vec<i64> = big.keys().take(3).map(|k| k.as_int().unwrap()).collect();
        assert_eq!(first, [33, 12, 23]);
        let back = big.remove(&int(33));
        assert!(is_flat(&back));
        let keys: Vec<i64> = back.keys().map(|k| k.as_int().unwrap()).collect();
        assert_eq!(keys, (1..=32).collect::<Vec<_>>());
        assert!(Term::Map(back) == Term::Map(m));
        let mut grown = TMap::new();
        for i in 1..=33 {
            grown.insert(int(i), int(i));
        }
        assert!(!is_flat(&grown));
        assert_eq!(grown.delete(&int(1)), Some(int(1)));
        assert!(is_flat(&grown));
        assert_eq!(grown.delete(&int(1)), None);
    }

    /// Maps of more than 32 keys compare in key order, not hash order:
    /// by size, then keys, then values, as Elixir's do.
    #[test]
    fn large_maps_compare_by_keys_in_term_order() {
        let a = TMap::from_pairs((1..=40).map(|i| (int(i), int(0))).collect());
        let b = a.put(int(40), int(1));
        let c = a.remove(&int(40)).put(int(41), int(0));
        let (ta, tb, tc) = (Term::Map(a.clone()), Term::Map(b), Term::Map(c));
        assert!(ta < tb, "same keys: the values decide");
        assert!(ta < tc, "key 40 < key 41");
        let d = a.put(int(1), Term::Float(0.0));
        assert!(Term::Map(d.clone()).loose_eq(&ta));
        assert!(Term::Map(d) != ta);
        let reordered = TMap::from_pairs((1..=40).rev().map(|i| (int(i), int(0))).collect());
        assert!(Term::Map(reordered) == ta);
        let bigger = a.put(int(0), int(0));
        assert!(Term::Map(bigger) > ta, "size first");
    }

    /// Building a map of 100,000 keys by `Map.put` on the previous version
    /// (each one shared, as in `Enum.reduce`) copies O(n log n) entries:
    /// one path per put, not the whole map.
    #[test]
    fn building_by_repeated_put_copies_a_path_per_key() {
        let n = 100_000;
        crate::term::cost::take();
        let mut m = TMap::new();
        for i in 0..n {
            let next = m.put(int(i), int(i));
            m = next;
        }
        let (entries, _) = crate::term::cost::take();
        assert_eq!(m.len(), n as usize);
        // A path is at most a full node (16 entries) on each of the
        // log16(n) levels: about 55 entries in all here, against the
        // 100,000 the whole map has by the end.
        let per_put = entries as f64 / n as f64;
        let levels = (n as f64).log(16.0).ceil();
        assert!(per_put <= 16.0 * levels, "{per_put} entries copied per put");
        // An owned map changes in place: nothing copied at all.
        let mut owned = TMap::new();
        for i in 0..n {
            owned.insert(int(i), int(i));
        }
        let (entries, _) = crate::term::cost::take();
        assert!(entries < 100, "{entries} entries copied into an owned map");
        assert!(Term::Map(owned) == Term::Map(m));
    }

    /// Every version stays as it was: the trie is shared, not changed.
    #[test]
    fn earlier_versions_of_a_large_map_are_untouched() {
        let mut versions = vec![TMap::new()];
        for i in 0..200 {
            let last = versions.last().unwrap();
            versions.push(if i % 3 == 2 {
                last.remove(&int(i - 1))
            } else {
                last.put(int(i), int(i))
            });
        }
        for (n, m) in versions.iter().enumerate() {
            let mut model = std::collections::BTreeMap::new();
            for i in 0..n as i64 {
                if i % 3 == 2 {
                    model.remove(&(i - 1));
                } else {
                    model.insert(i, i);
                }
            }
            let mut got: Vec<i64> = m.keys().map(|k| k.as_int().unwrap()).collect();
            got.sort();
            assert_eq!(
                got,
                model.keys().copied().collect::<Vec<_>>(),
                "version {n}"
            );
        }
    }
}
