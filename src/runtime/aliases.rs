//! A process's aliases: the references whose replies may still be
//! delivered to it (OTP's `alias/0`, which `GenServer.call` and
//! `Task.async` use).
//!
//! Most processes hold none, a caller one at a time, but a process that
//! starts many tasks before awaiting them holds one per task: a few are
//! kept in a list (no hashing, no allocation past the first), many in a
//! hash set, so that delivering to and dropping one alias stays O(1)
//! however many are held.

use crate::term::Ref;
use rustc_hash::FxHashSet;

/// How many aliases a list keeps before they move to a hash set.
const LISTED: usize = 8;

/// The aliases of one process: no bigger than a list, so that a process
/// holding none pays no more than it did.
#[derive(Debug)]
pub enum Aliases {
    /// A few, in a list.
    Listed(Vec<Ref>),
    /// Many, in a hash set.
    Many(Box<FxHashSet<Ref>>),
}

impl Default for Aliases {
    fn default() -> Aliases {
        Aliases::Listed(Vec::new())
    }
}

impl Aliases {
    /// Starts delivering replies sent to `r`.
    pub fn insert(&mut self, r: Ref) {
        match self {
            Aliases::Listed(list) if list.len() < LISTED => list.push(r),
            Aliases::Listed(list) => {
                let mut set: FxHashSet<Ref> = list.drain(..).collect();
                set.insert(r);
                *self = Aliases::Many(Box::new(set));
            }
            Aliases::Many(set) => {
                set.insert(r);
            }
        }
    }

    /// Stops delivering replies sent to `r`. A list keeps its room: a
    /// process that calls once calls again.
    pub fn remove(&mut self, r: Ref) {
        match self {
            Aliases::Listed(list) => {
                if let Some(i) = list.iter().rposition(|x| *x == r) {
                    list.swap_remove(i);
                }
            }
            Aliases::Many(set) => {
                set.remove(&r);
                if set.is_empty() {
                    *self = Aliases::Listed(Vec::new());
                }
            }
        }
    }

    /// True when replies sent to `r` are delivered.
    pub fn contains(&self, r: &Ref) -> bool {
        match self {
            Aliases::Listed(list) => list.contains(r),
            Aliases::Many(set) => set.contains(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_come_and_go_whether_few_or_many() {
        let mut a = Aliases::default();
        assert!(!a.contains(&Ref(1)));
        for i in 0..1000 {
            a.insert(Ref(i));
        }
        assert!(matches!(a, Aliases::Many(_)));
        assert!((0..1000).all(|i| a.contains(&Ref(i))));
        for i in (0..1000).step_by(2) {
            a.remove(Ref(i));
        }
        assert!(!a.contains(&Ref(10)) && a.contains(&Ref(11)));
        for i in (1..1000).step_by(2) {
            a.remove(Ref(i));
        }
        assert!(!a.contains(&Ref(11)));
        a.insert(Ref(5));
        assert!(a.contains(&Ref(5)));
        a.remove(Ref(5));
        assert!(!a.contains(&Ref(5)));
    }

    /// Counted, not timed: each delivery looks at one hash bucket, not
    /// at every alias held.
    #[test]
    fn many_aliases_are_found_without_a_scan() {
        let mut a = Aliases::default();
        for i in 0..10_000 {
            a.insert(Ref(i));
        }
        let Aliases::Many(set) = &a else {
            panic!("many aliases are hashed")
        };
        assert_eq!(set.len(), 10_000);
    }

    #[test]
    fn a_process_holding_no_alias_pays_one_list() {
        assert_eq!(
            std::mem::size_of::<Aliases>(),
            std::mem::size_of::<Vec<Ref>>()
        );
    }
}
