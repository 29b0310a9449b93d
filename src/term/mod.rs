//! Terms: the values that processes hold and send each other.
//!
//! This is Erlang's data model, which Elixir shares: numbers, atoms, binaries,
//! tuples, lists (proper and improper), maps, PIDs, references and functions.
//! Every term is immutable and cheap to clone (compound terms are reference
//! counted), so sending a message is a clone, not a deep copy.
//!
//! ```
//! use riex::term::{Term, atom};
//! let t = Term::tuple([Term::atom(atom::OK), Term::int(42)]);
//! assert_eq!(riex::term::inspect::inspect(&t), "{:ok, 42}");
//! ```
//!
//! Two equalities exist, as in Elixir: `PartialEq` here is `===` (exact: `1`
//! and `1.0` differ, which is also how map keys compare), and
//! [`Term::loose_eq`] is `==`. [`Term::compare`] is Erlang's term order with
//! numbers compared by value.

pub mod atom;
pub mod bin;
pub mod build;
pub(crate) mod cost;
pub mod erlang_format;
pub mod exception;
pub mod fun;
mod hamt;
pub mod hash;
pub mod inspect;
pub mod list;
pub mod map;
mod order;

pub use atom::Atom;
pub use bin::Bin;
pub use exception::{Exception, Kind};
pub use fun::Callable;
pub use list::List;
pub use map::TMap;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::fmt;
use std::sync::Arc;

/// A process identifier, printed `#PID<0.N.0>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(pub u64);

/// A reference from `make_ref/0` or a monitor, unique within a node.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ref(pub u64);

impl fmt::Debug for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", inspect::reference(*self))
    }
}

/// What a tuple can be made from: an array (one allocation), a vector, a slice.
pub trait IntoTuple {
    /// The tuple's elements, shared.
    fn into_tuple(self) -> triomphe::Arc<[Term]>;
}

impl<const N: usize> IntoTuple for [Term; N] {
    /// Each element is written once, straight into the allocation: through
    /// an iterator it would go by the stack, and reading back a term just
    /// written there field by field stalls on the stores.
    #[inline(always)]
    fn into_tuple(self) -> triomphe::Arc<[Term]> {
        let items = std::mem::ManuallyDrop::new(self);
        let mut slots = triomphe::UniqueArc::<[std::mem::MaybeUninit<Term>]>::new_uninit_slice(N);
        for (slot, item) in slots.iter_mut().zip(items.iter()) {
            // SAFETY: each element is read once, and the array is not dropped.
            slot.write(unsafe { std::ptr::read(item) });
        }
        // SAFETY: the array's `N` elements filled the `N` slots.
        unsafe { triomphe::UniqueArc::assume_init_slice(slots) }.shareable()
    }
}

impl IntoTuple for Vec<Term> {
    fn into_tuple(self) -> triomphe::Arc<[Term]> {
        self.into()
    }
}

impl IntoTuple for &[Term] {
    fn into_tuple(self) -> triomphe::Arc<[Term]> {
        self.iter().cloned().collect()
    }
}

impl IntoTuple for triomphe::Arc<[Term]> {
    fn into_tuple(self) -> triomphe::Arc<[Term]> {
        self
    }
}

/// A value of the Erlang/Elixir data model.
#[repr(u64)]
pub enum Term {
    /// A small integer; integers outside `i64` are [`Term::Big`].
    Int(i64),
    /// An integer outside the `i64` range, always normalised (never fits `i64`).
    Big(Arc<BigInt>),
    /// A float.
    Float(f64),
    /// An atom, including `true`, `false` and `nil`.
    Atom(Atom),
    /// A binary; an Elixir string is a UTF-8 binary.
    Binary(Bin),
    /// A process identifier.
    Pid(Pid),
    /// A reference.
    Ref(Ref),
    /// A function value.
    Fun(Arc<dyn Callable>),
    /// A tuple (an `Arc` without a weak count: freeing one is one atomic
    /// operation, not two).
    Tuple(triomphe::Arc<[Term]>),
    /// The empty list `[]`.
    Nil,
    /// A non-empty list: a cons cell.
    List(List),
    /// A map (structs are maps with a `:__struct__` key).
    Map(TMap),
}

impl Clone for Term {
    /// A term that owns nothing (most clones: small integers, atoms,
    /// PIDs) is copied inline as its bits, without a call; and copied
    /// whole, so that the copy is read back without a stall on a store
    /// made field by field.
    #[inline]
    fn clone(&self) -> Term {
        if self.owns_nothing() {
            // SAFETY: a term that owns nothing is plain data: a copy of its
            // bits is a clone.
            unsafe { std::ptr::read(self) }
        } else {
            self.clone_owning()
        }
    }
}

impl Term {
    /// True for the kinds of term that own nothing on the heap (small
    /// integers, floats, atoms, PIDs, references, `[]`): copied as their
    /// bits, dropped with nothing to free.
    #[inline(always)]
    pub fn owns_nothing(&self) -> bool {
        matches!(
            self,
            Term::Int(_) | Term::Float(_) | Term::Atom(_) | Term::Pid(_) | Term::Ref(_) | Term::Nil
        )
    }
}

impl Term {
    /// A clone of a term that owns something on the heap.
    #[inline(never)]
    fn clone_owning(&self) -> Term {
        match self {
            Term::Int(i) => Term::Int(*i),
            Term::Big(b) => Term::Big(b.clone()),
            Term::Float(f) => Term::Float(*f),
            Term::Atom(a) => Term::Atom(*a),
            Term::Binary(b) => Term::Binary(b.clone()),
            Term::Pid(p) => Term::Pid(*p),
            Term::Ref(r) => Term::Ref(*r),
            Term::Fun(f) => Term::Fun(f.clone()),
            Term::Tuple(t) => Term::Tuple(t.clone()),
            Term::Nil => Term::Nil,
            Term::List(l) => Term::List(l.clone()),
            Term::Map(m) => Term::Map(m.clone()),
        }
    }

    /// An integer term.
    pub fn int(i: i64) -> Term {
        Term::Int(i)
    }

    /// An integer term from a big integer, normalised to `Int` when it fits.
    pub fn big(b: BigInt) -> Term {
        match b.to_i64() {
            Some(i) => Term::Int(i),
            None => Term::Big(Arc::new(b)),
        }
    }

    /// An atom term.
    pub fn atom(a: Atom) -> Term {
        Term::Atom(a)
    }

    /// An atom term from its name.
    pub fn atom_named(name: &str) -> Term {
        Term::Atom(Atom::new(name))
    }

    /// `true` or `false`.
    pub fn bool(b: bool) -> Term {
        Term::Atom(if b { atom::TRUE } else { atom::FALSE })
    }

    /// `nil`.
    pub fn nil() -> Term {
        Term::Atom(atom::NIL)
    }

    /// `:ok`.
    pub fn ok() -> Term {
        Term::Atom(atom::OK)
    }

    /// A string (UTF-8 binary).
    pub fn string(s: &str) -> Term {
        Term::Binary(Bin::from(s))
    }

    /// A binary from bytes.
    pub fn binary(b: &[u8]) -> Term {
        Term::Binary(Bin::from(b))
    }

    /// A tuple.
    ///
    /// An array (`Term::tuple([a, b])`) becomes the tuple in one allocation;
    /// a `Vec` is copied into a new one.
    pub fn tuple(items: impl IntoTuple) -> Term {
        Term::Tuple(items.into_tuple())
    }

    /// A proper list.
    pub fn list(items: Vec<Term>) -> Term {
        List::from_vec(items, Term::Nil)
    }

    /// A list from an iterator over its elements, in order.
    pub fn list_from<I: IntoIterator<Item = Term>>(items: I) -> Term
    where
        I::IntoIter: DoubleEndedIterator,
    {
        let mut acc = Term::Nil;
        for item in items.into_iter().rev() {
            acc = Term::cons(item, acc);
        }
        acc
    }

    /// `[head | tail]`.
    pub fn cons(head: Term, tail: Term) -> Term {
        Term::List(List::cons(head, tail))
    }

    /// `{:ok, value}`.
    pub fn ok_tuple(value: Term) -> Term {
        Term::tuple([Term::ok(), value])
    }

    /// `{:error, reason}`.
    pub fn error_tuple(reason: Term) -> Term {
        Term::tuple([Term::Atom(atom::ERROR), reason])
    }

    /// The atom, if this is one.
    pub fn as_atom(&self) -> Option<Atom> {
        match self {
            Term::Atom(a) => Some(*a),
            _ => None,
        }
    }

    /// The integer, if this is a small one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Term::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The PID, if this is one.
    pub fn as_pid(&self) -> Option<Pid> {
        match self {
            Term::Pid(p) => Some(*p),
            _ => None,
        }
    }

    /// The elements, if this is a tuple.
    pub fn as_tuple(&self) -> Option<&[Term]> {
        match self {
            Term::Tuple(t) => Some(t),
            _ => None,
        }
    }

    /// Element `i` of a tuple, taken out of it: moved when this is the
    /// tuple's only reference (a received message usually is), copied
    /// otherwise. `None` when this is no tuple or has no element `i`.
    pub fn take_element(self, i: usize) -> Option<Term> {
        self.take_elements(i).map(|[x]| x)
    }

    /// Puts element `i` of this tuple in `into`: moved when the tuple is not
    /// shared (what `into` held takes its place, and goes with the tuple),
    /// cloned when it is. False, and nothing done, when this is no tuple
    /// of more than `i` elements.
    pub fn move_element_into(&mut self, i: usize, into: &mut Term) -> bool {
        let Term::Tuple(items) = self else {
            return false;
        };
        match triomphe::Arc::get_mut(items) {
            Some(owned) => match owned.get_mut(i) {
                Some(item) => std::mem::swap(item, into),
                None => return false,
            },
            None => match items.get(i) {
                Some(item) => *into = item.clone(),
                None => return false,
            },
        }
        true
    }

    /// `N` elements of a tuple from element `first` on, taken out of it as
    /// [`Term::take_element`] takes one.
    pub fn take_elements<const N: usize>(self, first: usize) -> Option<[Term; N]> {
        let Term::Tuple(mut items) = self else {
            return None;
        };
        let span = first..first.checked_add(N)?;
        match triomphe::Arc::get_mut(&mut items) {
            Some(owned) => {
                let taken = owned.get_mut(span)?;
                Some(std::array::from_fn(|i| {
                    std::mem::replace(&mut taken[i], Term::Nil)
                }))
            }
            None => {
                let shared = items.get(span)?;
                Some(std::array::from_fn(|i| shared[i].clone()))
            }
        }
    }

    /// The bytes, if this is a binary.
    pub fn as_binary(&self) -> Option<&[u8]> {
        match self {
            Term::Binary(b) => Some(&b[..]),
            _ => None,
        }
    }

    /// The text, if this is a UTF-8 binary.
    pub fn as_str(&self) -> Option<&str> {
        self.as_binary().and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&TMap> {
        match self {
            Term::Map(m) => Some(m),
            _ => None,
        }
    }

    /// True for the atom `a`.
    pub fn is_atom(&self, a: Atom) -> bool {
        matches!(self, Term::Atom(x) if *x == a)
    }

    /// Elixir truthiness: everything but `false` and `nil`.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Term::Atom(a) if *a == atom::FALSE || *a == atom::NIL)
    }

    /// True for `[]` and cons cells.
    pub fn is_list(&self) -> bool {
        matches!(self, Term::Nil | Term::List(_))
    }

    /// True for integers and floats.
    pub fn is_number(&self) -> bool {
        matches!(self, Term::Int(_) | Term::Big(_) | Term::Float(_))
    }

    /// The elements of a proper list, or `None` for anything else.
    pub fn list_to_vec(&self) -> Option<Vec<Term>> {
        match self {
            Term::Nil => Some(Vec::new()),
            Term::List(l) => l.to_vec_proper(),
            _ => None,
        }
    }

    /// The struct name if this is a struct (a map with an atom `:__struct__`).
    pub fn struct_name(&self) -> Option<Atom> {
        self.as_map()?.get(&Term::Atom(atom::STRUCT))?.as_atom()
    }

    /// Elixir's `==`: like `===` but integers and floats compare by value.
    pub fn loose_eq(&self, other: &Term) -> bool {
        self.compare(other).is_eq()
    }

    /// A short name for the term's type, as in Elixir's guard names.
    pub fn type_name(&self) -> &'static str {
        match self {
            Term::Int(_) | Term::Big(_) => "integer",
            Term::Float(_) => "float",
            Term::Atom(_) => "atom",
            Term::Binary(_) => "binary",
            Term::Pid(_) => "pid",
            Term::Ref(_) => "reference",
            Term::Fun(_) => "function",
            Term::Tuple(_) => "tuple",
            Term::Nil | Term::List(_) => "list",
            Term::Map(_) => "map",
        }
    }
}

impl From<i64> for Term {
    fn from(i: i64) -> Term {
        Term::Int(i)
    }
}

impl From<Atom> for Term {
    fn from(a: Atom) -> Term {
        Term::Atom(a)
    }
}

impl From<Pid> for Term {
    fn from(p: Pid) -> Term {
        Term::Pid(p)
    }
}

impl From<Ref> for Term {
    fn from(r: Ref) -> Term {
        Term::Ref(r)
    }
}

impl From<&str> for Term {
    fn from(s: &str) -> Term {
        Term::string(s)
    }
}

impl From<bool> for Term {
    fn from(b: bool) -> Term {
        Term::bool(b)
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&inspect::inspect(self))
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&inspect::inspect(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integers_normalise_to_small_ones_when_they_fit() {
        assert!(matches!(Term::big(BigInt::from(5)), Term::Int(5)));
        let huge = BigInt::from(i64::MAX) * 4;
        assert!(matches!(Term::big(huge), Term::Big(_)));
    }

    /// Taking an element gives it and leaves a shared tuple whole; no
    /// reference is left behind either way. (Whether it was moved or copied
    /// out of an unshared tuple only shows in the atomic operations spent.)
    #[test]
    fn take_element_gives_the_element_and_leaves_a_shared_tuple_whole() {
        let inner = Term::tuple([Term::int(1)]);
        let shared = Term::tuple([Term::atom_named("ok"), inner.clone()]);
        let keep = shared.clone();
        let got = shared.take_element(1).expect("element 1");
        assert_eq!(refs(&got), 3, "inner, the kept tuple and got");
        assert_eq!(keep.to_string(), "{:ok, {1}}");
        drop((got, keep));
        let alone = Term::tuple([Term::atom_named("ok"), inner.clone()]);
        let got = alone.take_element(1).expect("element 1");
        assert_eq!(got.to_string(), "{1}");
        assert_eq!(refs(&got), 2, "only inner and got");
        assert!(Term::int(3).take_element(0).is_none());
        assert!(Term::tuple([Term::int(1)]).take_element(1).is_none());
    }

    /// How many references a tuple has.
    fn refs(t: &Term) -> usize {
        match t {
            Term::Tuple(a) => triomphe::Arc::count(a),
            _ => unreachable!("a tuple"),
        }
    }

    /// Taking elements moves them out of an unshared tuple (no reference
    /// count taken) and copies them out of a shared one, left whole.
    #[test]
    fn take_elements_moves_out_of_an_unshared_tuple_and_copies_out_of_a_shared_one() {
        let inner = Term::tuple([Term::int(1)]);
        let reply = || Term::tuple([Term::atom_named("reply"), Term::int(7), inner.clone()]);
        let [r, s] = reply().take_elements(1).expect("two from 1");
        assert_eq!((r.to_string(), refs(&s)), ("7".to_string(), 2));
        drop(s);
        let shared = reply();
        let keep = shared.clone();
        let [_, s] = shared.take_elements::<2>(1).expect("two from 1");
        assert_eq!(refs(&s), 3, "inner, the kept tuple and s");
        assert_eq!(keep.to_string(), "{:reply, 7, {1}}");
        assert!(reply().take_elements::<2>(2).is_none(), "past the end");
        assert!(Term::int(3).take_elements::<1>(0).is_none());
    }

    #[test]
    fn move_element_into_swaps_with_an_unshared_tuple_and_clones_from_a_shared_one() {
        let state = Term::tuple([Term::int(1)]);
        let noreply = || Term::tuple([Term::atom_named("noreply"), state.clone()]);
        let mut into = Term::atom_named("old");
        let mut alone = noreply();
        assert!(alone.move_element_into(1, &mut into));
        assert_eq!(refs(&into), 2, "moved: the state and `into`");
        assert_eq!(
            alone.to_string(),
            "{:noreply, :old}",
            "the old value took its place"
        );
        let mut shared = noreply();
        let keep = shared.clone();
        assert!(shared.move_element_into(1, &mut into));
        assert_eq!(refs(&into), 3, "cloned: the state, `into`, the kept tuple");
        assert_eq!(keep.to_string(), "{:noreply, {1}}");
        assert!(!noreply().move_element_into(2, &mut into), "past the end");
        assert!(!Term::int(3).move_element_into(0, &mut into));
        assert_eq!(into.to_string(), "{1}", "left as it was");
    }

    /// A tuple built from an array owns each element once: dropping it
    /// drops them, and nothing is dropped twice.
    #[test]
    fn a_tuple_from_an_array_owns_its_elements_once() {
        let inner = Term::tuple([Term::int(7)]);
        let outer = Term::tuple([inner.clone(), Term::atom_named("a"), inner.clone()]);
        assert_eq!(refs(&inner), 3);
        assert_eq!(outer.to_string(), "{{7}, :a, {7}}");
        drop(outer);
        assert_eq!(refs(&inner), 1);
        assert_eq!(Term::tuple([]).to_string(), "{}");
    }

    /// A term is three words: a binary (buffer and length) and a map
    /// (either representation) fit beside the tag; the tag's spare values
    /// leave an optional term no bigger.
    #[test]
    fn a_term_is_three_words() {
        assert_eq!(
            std::mem::size_of::<Term>(),
            3 * std::mem::size_of::<usize>()
        );
        assert_eq!(
            std::mem::size_of::<Option<Term>>(),
            std::mem::size_of::<Term>()
        );
    }

    #[test]
    fn truthiness_is_everything_but_false_and_nil() {
        assert!(!Term::nil().is_truthy());
        assert!(!Term::bool(false).is_truthy());
        assert!(Term::int(0).is_truthy());
        assert!(Term::Nil.is_truthy());
    }

    #[test]
    fn struct_name_reads_the_struct_key() {
        let m = TMap::from_pairs(vec![
            (Term::Atom(atom::STRUCT), Term::Atom(atom::RUNTIME_ERROR)),
            (Term::Atom(atom::MESSAGE), Term::string("x")),
        ]);
        assert_eq!(Term::Map(m).struct_name(), Some(atom::RUNTIME_ERROR));
    }
}
