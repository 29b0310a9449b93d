//! Matching compiled patterns and testing compiled guards, over a code's
//! registers. Both run without the process: `receive` uses them while it
//! scans the mailbox.

use crate::lang::compile::code::{Guard, Key, Pat, Piece};
use crate::lang::eval::bitstring::read::Reader;
use crate::lang::eval::guard::{binary, bool_of, in_collection, unary};
use crate::term::{atom, Term};

/// Matches `value` against `pat`, writing the variables it binds into
/// `regs`. On a mismatch some may have been written: they are the
/// pattern's own registers, which nothing else reads.
pub fn matches(pat: &Pat, value: &Term, regs: &mut [Term]) -> bool {
    match pat {
        Pat::Any => true,
        Pat::Bind(r) => {
            super::set(&mut regs[*r as usize], value.clone());
            true
        }
        Pat::Same(r) => regs[*r as usize] == *value,
        Pat::Const(t) => super::exactly(value, t),
        Pat::Tuple(items) => match value {
            Term::Tuple(vs) if vs.len() == items.len() => items
                .iter()
                .zip(vs.iter())
                .all(|(p, v)| matches(p, v, regs)),
            _ => false,
        },
        Pat::List(heads, tail) => {
            let mut cur = value;
            for p in heads {
                let Term::List(l) = cur else {
                    return false;
                };
                if !matches(p, l.head(), regs) {
                    return false;
                }
                cur = l.tail();
            }
            matches(tail, cur, regs)
        }
        Pat::Map(pairs) => {
            let Term::Map(m) = value else {
                return false;
            };
            pairs.iter().all(|(k, p)| {
                let found = match k {
                    Key::Const(Term::Atom(a)) => m.get_atom(*a),
                    Key::Const(k) => m.get(k),
                    Key::Pinned(r) => m.get(&regs[*r as usize].clone()),
                };
                match found {
                    Some(v) => {
                        let v = v.clone();
                        matches(p, &v, regs)
                    }
                    None => false,
                }
            })
        }
        Pat::Prefix(prefix, rest) => match value.as_binary() {
            Some(bytes) if bytes.starts_with(prefix) => {
                matches(rest, &Term::binary(&bytes[prefix.len()..]), regs)
            }
            _ => false,
        },
        Pat::Both(a, b) => matches(a, value, regs) && matches(b, value, regs),
        Pat::Binary(pieces) => value
            .as_binary()
            .is_some_and(|bytes| segments(pieces, bytes, regs)),
    }
}

/// Reads `bytes` segment by segment, matching each, to its last bit.
fn segments(pieces: &[Piece], bytes: &[u8], regs: &mut [Term]) -> bool {
    let mut r = Reader::new(bytes);
    for p in pieces {
        let ok = match p {
            Piece::Literal(b) => r.literal(b),
            Piece::Value { spec, size, pat } => {
                let size = size.map(|s| regs[s as usize].clone());
                match r.read(spec, size.as_ref()) {
                    Some(v) => matches(pat, &v, regs),
                    None => false,
                }
            }
        };
        if !ok {
            return false;
        }
    }
    r.at_end()
}

/// True when the guard holds.
pub fn holds(g: &Guard, regs: &[Term]) -> bool {
    matches!(value(g, regs), Some(Term::Atom(a)) if a == atom::TRUE)
}

/// The guard expression's value; `None` when evaluating it fails.
fn value(g: &Guard, regs: &[Term]) -> Option<Term> {
    Some(match g {
        Guard::Reg(r) => regs[*r as usize].clone(),
        Guard::Const(t) => t.clone(),
        Guard::Tuple(items) => Term::tuple(all(items, regs)?),
        Guard::List(items) => Term::list(all(items, regs)?),
        Guard::Field(m, key) => value(m, regs)?.as_map()?.get_atom(*key)?.clone(),
        Guard::And(l, r) => {
            if !bool_of(&value(l, regs)?)? {
                return Some(Term::bool(false));
            }
            Term::bool(bool_of(&value(r, regs)?)?)
        }
        Guard::Or(l, r) => {
            if bool_of(&value(l, regs)?)? {
                return Some(Term::bool(true));
            }
            Term::bool(bool_of(&value(r, regs)?)?)
        }
        Guard::Either(l, r) => Term::bool(holds(l, regs) || holds(r, regs)),
        Guard::Unary(f, a) => {
            let a = value(a, regs)?;
            match f.as_str() {
                "not" => Term::bool(!bool_of(&a)?),
                f => unary(f, &a)?,
            }
        }
        Guard::Binary(op, l, r) => {
            let (a, b) = (value(l, regs)?, value(r, regs)?);
            if let (Term::Int(x), Term::Int(y)) = (&a, &b) {
                if let Some(t) = small_int(op, *x, *y) {
                    return Some(t);
                }
            }
            match op.as_str() {
                "in" => Term::bool(in_collection(&a, &b)?),
                "not in" => Term::bool(!in_collection(&a, &b)?),
                ".." => range(a.as_int()?, b.as_int()?),
                op => binary(op, &a, &b)?,
            }
        }
    })
}

/// The common case of comparisons and arithmetic on small integers.
fn small_int(op: &str, x: i64, y: i64) -> Option<Term> {
    Some(match op {
        "<" => Term::bool(x < y),
        ">" => Term::bool(x > y),
        "<=" => Term::bool(x <= y),
        ">=" => Term::bool(x >= y),
        "==" | "===" => Term::bool(x == y),
        "!=" | "!==" => Term::bool(x != y),
        "+" => Term::int(x.checked_add(y)?),
        "-" => Term::int(x.checked_sub(y)?),
        "*" => Term::int(x.checked_mul(y)?),
        _ => return None,
    })
}

fn all(items: &[Guard], regs: &[Term]) -> Option<Vec<Term>> {
    items.iter().map(|i| value(i, regs)).collect()
}

fn range(f: i64, l: i64) -> Term {
    crate::term::build::structure(
        crate::atom!("Elixir.Range"),
        vec![
            ("first", Term::int(f)),
            ("last", Term::int(l)),
            ("step", Term::int(if f <= l { 1 } else { -1 })),
        ],
    )
}
