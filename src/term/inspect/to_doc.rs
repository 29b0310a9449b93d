//! `Inspect.Algebra.to_doc/2`: the document of any term.
//!
//! Dispatches on the term's type as the `Inspect` protocol does, and prints
//! the scalars (numbers, atoms, PIDs, references, functions) and tuples
//! itself; lists, maps, structs and binaries have modules of their own.

use super::algebra::{text, Doc};
use super::color::{color, Key};
use super::container::{container_doc, Breaks, Items, Shape};
use super::opts::{Base, Opts};
use super::{atom, binary, float, list, map, reference, structs};
use crate::term::{atom as atoms, Atom, Term};
use num_bigint::BigInt;

/// The document of `t`.
pub fn to_doc(t: &Term, o: &Opts) -> Doc {
    match t {
        Term::Int(i) if o.base == Base::Decimal => {
            color(text(i.to_string()), Key::Number, o.syntax_colors)
        }
        Term::Int(i) => integer(&BigInt::from(*i), o),
        Term::Big(b) => integer(b, o),
        Term::Float(f) => color(text(float::float(*f)), Key::Number, o.syntax_colors),
        Term::Atom(a) => atom_doc(*a, o),
        Term::Binary(b) => binary::binary_doc(b, o),
        Term::Pid(p) => text(p.to_string()),
        Term::Ref(r) => text(reference(*r)),
        Term::Fun(f) => text(f.inspect()),
        Term::Tuple(items) => tuple(items, o),
        Term::Nil => color(text("[]"), Key::List, o.syntax_colors),
        Term::List(l) => list::list_doc(l, o),
        Term::Map(m) => match t.struct_name() {
            Some(name) => match super::overrides::override_for(t) {
                Some(shown) => text(shown),
                None => structs::struct_doc(name, m, o),
            },
            None => map::map_doc(m, o),
        },
    }
}

/// `Inspect.Integer`: decimal, or `0x1F`-style in another base.
pub fn integer(i: &BigInt, o: &Opts) -> Doc {
    let s = match o.base {
        Base::Decimal => i.to_string(),
        base => {
            let (prefix, radix) = match base {
                Base::Binary => ("0b", 2),
                Base::Octal => ("0o", 8),
                _ => ("0x", 16),
            };
            let digits = i.magnitude().to_str_radix(radix).to_uppercase();
            let sign = if i.sign() == num_bigint::Sign::Minus {
                "-"
            } else {
                ""
            };
            format!("{sign}{prefix}{digits}")
        }
    };
    color(text(s), Key::Number, o.syntax_colors)
}

/// `Inspect.Atom`.
fn atom_doc(a: Atom, o: &Opts) -> Doc {
    let key = if a.is_boolean() {
        Key::Boolean
    } else if a == atoms::NIL {
        Key::Nil
    } else {
        Key::Atom
    };
    color(text(atom::atom_text(a)), key, o.syntax_colors)
}

/// `Inspect.Tuple`: a container with flex breaks.
fn tuple(items: &[Term], o: &Opts) -> Doc {
    let c = o.syntax_colors;
    let shape = Shape {
        left: color(text("{"), Key::Tuple, c),
        right: color(text("}"), Key::Tuple, c),
        separator: color(text(","), Key::Tuple, c),
        breaks: Breaks::Flex,
    };
    let items = Items {
        elems: items,
        tail: None,
    };
    container_doc(shape, items, o.limit, |t, limit| {
        to_doc(t, &o.with_limit(limit))
    })
}
