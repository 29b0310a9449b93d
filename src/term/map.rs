//! Maps: immutable, ordered by key in term order.
//!
//! Like the BEAM's small ("flat") maps, a map is a sorted array of pairs:
//! lookups are a binary search, an update copies the array unless this is the
//! only reference to it. Iteration is in key order, which is the order
//! Elixir prints maps of up to 32 keys in. (Larger maps on the BEAM iterate
//! in hash order; riex keeps key order for them too.)

use super::Term;
use triomphe::Arc;

/// An immutable map from terms to terms.
#[derive(Clone, Default)]
pub struct TMap(Arc<Vec<(Term, Term)>>);

impl TMap {
    /// The empty map.
    pub fn new() -> TMap {
        TMap::default()
    }

    /// A map from pairs; a later pair wins over an earlier one with the same key.
    pub fn from_pairs(mut pairs: Vec<(Term, Term)>) -> TMap {
        // Pairs written in key order (a child spec, a struct) need no sort.
        if pairs.windows(2).all(|w| w[0].0.key_cmp(&w[1].0).is_lt()) {
            pairs.shrink_to_fit();
            return TMap(Arc::new(pairs));
        }
        // Sorted in place: reversed first, so that the stable sort puts the
        // later of two equal keys first, where `dedup_by` keeps it.
        pairs.reverse();
        pairs.sort_by(|(a, _), (b, _)| a.key_cmp(b));
        pairs.dedup_by(|next, kept| next.0.key_cmp(&kept.0).is_eq());
        // A map lives on: it keeps no spare room (a no-op for `vec![...]`).
        pairs.shrink_to_fit();
        TMap(Arc::new(pairs))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value under `key`.
    pub fn get(&self, key: &Term) -> Option<&Term> {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    /// The value under the atom key `key`.
    ///
    /// Atoms are interned, so in a small map a scan comparing pointers
    /// beats a binary search that compares atom names.
    pub fn get_atom(&self, key: super::Atom) -> Option<&Term> {
        if self.0.len() <= 16 {
            return self
                .0
                .iter()
                .find(|(k, _)| matches!(k, Term::Atom(a) if *a == key))
                .map(|(_, v)| v);
        }
        self.get(&Term::Atom(key))
    }

    /// A map with `key` set to `value`.
    pub fn put(&self, key: Term, value: Term) -> TMap {
        let mut m = self.clone();
        m.insert(key, value);
        m
    }

    /// Sets `key` to `value` in place (copying the pairs if they are shared).
    pub fn insert(&mut self, key: Term, value: Term) {
        let pos = self.position(&key);
        let v = Arc::make_mut(&mut self.0);
        match pos {
            Ok(i) => v[i].1 = value,
            Err(i) => v.insert(i, (key, value)),
        }
    }

    /// A map without `key`.
    pub fn remove(&self, key: &Term) -> TMap {
        match self.position(key) {
            Ok(i) => {
                let mut m = self.clone();
                Arc::make_mut(&mut m.0).remove(i);
                m
            }
            Err(_) => self.clone(),
        }
    }

    /// The pairs in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Term, &Term)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Term> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Term> {
        self.0.iter().map(|(_, v)| v)
    }

    fn position(&self, key: &Term) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.key_cmp(key))
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
}
