//! Term order and equality, as Erlang defines them.
//!
//! number < atom < reference < function < port < pid < tuple < map < list <
//! bitstring. Tuples compare by size, then element by element; maps by size,
//! then keys, then values; lists element by element.
//!
//! Two flavours: [`Term::compare`] is the order of `<`, `==` and `Enum.sort`,
//! where `1 == 1.0`; [`Term::key_cmp`] is a total order consistent with `===`,
//! where every integer sorts before every float: it orders map keys.

use super::{Callable, TMap, Term};
use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

impl Term {
    /// Erlang term order with numbers compared by value (`1 == 1.0`).
    pub fn compare(&self, other: &Term) -> Ordering {
        cmp(self, other, false)
    }

    /// Total order consistent with `===`: map keys, `Eq` and `Hash` agree with it.
    pub fn key_cmp(&self, other: &Term) -> Ordering {
        cmp(self, other, true)
    }
}

fn rank(t: &Term) -> u8 {
    match t {
        Term::Int(_) | Term::Big(_) | Term::Float(_) => 0,
        Term::Atom(_) => 1,
        Term::Ref(_) => 2,
        Term::Fun(_) => 3,
        Term::Pid(_) => 5,
        Term::Tuple(_) => 6,
        Term::Map(_) => 7,
        Term::Nil | Term::List(_) => 8,
        Term::Binary(_) => 9,
    }
}

fn cmp(a: &Term, b: &Term, exact: bool) -> Ordering {
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        // Atoms are interned: the same atom is the same pointer, and map
        // lookups by atom key mostly compare an atom with itself.
        (Term::Atom(x), Term::Atom(y)) if x == y => Ordering::Equal,
        (Term::Atom(x), Term::Atom(y)) => x.cmp_names(*y),
        (Term::Ref(x), Term::Ref(y)) => x.cmp(y),
        (Term::Pid(x), Term::Pid(y)) => x.cmp(y),
        (Term::Fun(x), Term::Fun(y)) => cmp_funs(x, y),
        (Term::Binary(x), Term::Binary(y)) => x[..].cmp(&y[..]),
        (Term::Tuple(x), Term::Tuple(y)) => x
            .len()
            .cmp(&y.len())
            .then_with(|| cmp_seq(x.iter(), y.iter(), exact)),
        (Term::Map(x), Term::Map(y)) => cmp_maps(x, y, exact),
        (Term::Nil, Term::Nil) => Ordering::Equal,
        (Term::Nil, _) => Ordering::Less,
        (_, Term::Nil) => Ordering::Greater,
        (Term::List(_), Term::List(_)) => cmp_lists(a, b, exact),
        _ => cmp_numbers(a, b, exact),
    }
}

fn cmp_seq<'a>(
    a: impl Iterator<Item = &'a Term>,
    b: impl Iterator<Item = &'a Term>,
    exact: bool,
) -> Ordering {
    for (x, y) in a.zip(b) {
        let o = cmp(x, y, exact);
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Funs: two external funs (`&Mod.fun/arity`) by module, name and arity,
/// equal when all three are, as on the BEAM, and after every closure;
/// closures by identity.
fn cmp_funs(x: &Arc<dyn Callable>, y: &Arc<dyn Callable>) -> Ordering {
    match (x.external(), y.external()) {
        (Some((m, f, a)), Some((n, g, b))) => m
            .cmp_names(n)
            .then_with(|| f.cmp_names(g))
            .then_with(|| a.cmp(&b)),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => {
            (Arc::as_ptr(x) as *const u8 as usize).cmp(&(Arc::as_ptr(y) as *const u8 as usize))
        }
    }
}

fn cmp_maps(x: &TMap, y: &TMap, exact: bool) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| {
        if TMap::ptr_eq(x, y) {
            return Ordering::Equal;
        }
        // Equal large maps list their keys in the same (hash) order: when
        // every pair agrees, that settles it without sorting.
        if x.is_hashed()
            && x.iter()
                .zip(y.iter())
                .all(|((kx, vx), (ky, vy))| cmp(kx, ky, true).is_eq() && cmp(vx, vy, exact).is_eq())
        {
            return Ordering::Equal;
        }
        // Otherwise keys in term order, whatever the representation.
        let (xs, ys) = (x.sorted(), y.sorted());
        cmp_seq(xs.clone().map(|p| p.0), ys.clone().map(|p| p.0), true)
            .then_with(|| cmp_seq(xs.map(|p| p.1), ys.map(|p| p.1), exact))
    })
}

fn cmp_lists(a: &Term, b: &Term, exact: bool) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a, b) {
            (Term::List(x), Term::List(y)) => {
                if x.ptr_eq(y) {
                    return Ordering::Equal;
                }
                let o = cmp(x.head(), y.head(), exact);
                if o != Ordering::Equal {
                    return o;
                }
                a = x.tail();
                b = y.tail();
            }
            _ => return cmp(a, b, exact),
        }
    }
}

fn cmp_numbers(a: &Term, b: &Term, exact: bool) -> Ordering {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => x.cmp(y),
        (Term::Float(x), Term::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Term::Big(x), Term::Big(y)) => x.cmp(y),
        (Term::Int(x), Term::Big(y)) => BigInt::from(*x).cmp(y),
        (Term::Big(x), Term::Int(y)) => (**x).cmp(&BigInt::from(*y)),
        // Under `===` (map keys) every integer sorts before every float, as on the BEAM.
        (Term::Float(_), _) if exact => Ordering::Greater,
        (_, Term::Float(_)) if exact => Ordering::Less,
        (Term::Float(x), _) => cmp_float_int(*x, b),
        (_, Term::Float(y)) => cmp_float_int(*y, a).reverse(),
        _ => Ordering::Equal,
    }
}

/// Compares a float with an integer term exactly, without rounding the integer.
fn cmp_float_int(f: f64, i: &Term) -> Ordering {
    let int = match i {
        Term::Int(x) => BigInt::from(*x),
        Term::Big(x) => (**x).clone(),
        _ => return Ordering::Equal,
    };
    if f.fract() == 0.0 {
        if let Some(fb) = BigInt::from_f64(f) {
            return fb.cmp(&int);
        }
    }
    let approx = int.to_f64().unwrap_or(f64::INFINITY);
    match f.partial_cmp(&approx) {
        Some(Ordering::Equal) | None => {
            // Not integral but equal once rounded: the fraction decides.
            if f.fract() > 0.0 {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        Some(o) => o,
    }
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        // The common map and registry keys first: a hash lookup compares
        // keys, and one that is the very same binary needs no byte read.
        match (self, other) {
            (Term::Atom(x), Term::Atom(y)) => x == y,
            (Term::Int(x), Term::Int(y)) => x == y,
            (Term::Pid(x), Term::Pid(y)) => x == y,
            (Term::Binary(x), Term::Binary(y)) => x == y,
            _ => self.key_cmp(other) == Ordering::Equal,
        }
    }
}

impl Eq for Term {}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Term) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Term {
    fn cmp(&self, other: &Term) -> Ordering {
        self.key_cmp(other)
    }
}

impl Hash for Term {
    fn hash<H: Hasher>(&self, state: &mut H) {
        rank(self).hash(state);
        match self {
            Term::Int(i) => i.hash(state),
            Term::Big(b) => b.hash(state),
            Term::Float(f) => {
                let f = if *f == 0.0 { 0.0 } else { *f };
                f.to_bits().hash(state)
            }
            Term::Atom(a) => a.hash(state),
            Term::Binary(b) => b[..].hash(state),
            Term::Pid(p) => p.hash(state),
            Term::Ref(r) => r.hash(state),
            Term::Fun(f) => match f.external() {
                Some((module, fun, arity)) => (module, fun, arity).hash(state),
                None => (Arc::as_ptr(f) as *const u8 as usize).hash(state),
            },
            Term::Tuple(t) => {
                for x in t.iter() {
                    x.hash(state)
                }
            }
            Term::Nil => {}
            Term::List(l) => {
                let mut it = l.iter();
                for x in it.by_ref() {
                    x.hash(state)
                }
                if let Some(rest) = it.rest() {
                    rest.hash(state)
                }
            }
            Term::Map(m) => {
                for (k, v) in m.iter() {
                    k.hash(state);
                    v.hash(state);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::atom;

    fn t(items: Vec<Term>) -> Term {
        Term::tuple(items)
    }

    #[test]
    fn types_order_as_erlang_says() {
        let ordered = vec![
            Term::int(5),
            Term::atom(atom::OK),
            Term::Ref(crate::term::Ref(1)),
            Term::Pid(crate::term::Pid(1)),
            t(vec![]),
            Term::Map(TMap::new()),
            Term::Nil,
            Term::list(vec![Term::int(1)]),
            Term::string("a"),
        ];
        for w in ordered.windows(2) {
            assert_eq!(
                w[0].compare(&w[1]),
                Ordering::Less,
                "{:?} < {:?}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn one_equals_one_point_zero_loosely_but_not_exactly() {
        assert!(Term::int(1).loose_eq(&Term::Float(1.0)));
        assert_ne!(Term::int(1), Term::Float(1.0));
        assert_eq!(Term::int(1).key_cmp(&Term::Float(1.0)), Ordering::Less);
    }

    #[test]
    fn tuples_compare_by_size_first() {
        assert_eq!(
            t(vec![Term::int(9)]).compare(&t(vec![Term::int(1), Term::int(1)])),
            Ordering::Less
        );
    }

    #[test]
    fn floats_and_big_integers_compare_by_value() {
        let big = Term::big(BigInt::from(i64::MAX) * 10);
        assert_eq!(Term::Float(1e30).compare(&big), Ordering::Greater);
        assert_eq!(Term::Float(1.5).compare(&Term::int(1)), Ordering::Greater);
        assert_eq!(Term::Float(0.5).compare(&Term::int(1)), Ordering::Less);
    }
}
