//! Guards, evaluated synchronously.
//!
//! Elixir allows only a fixed set of expressions in guards (comparisons,
//! arithmetic, boolean operators, type checks and a few BIFs), none of
//! which can block: so guards run without the process context, which lets
//! `receive` test them while it scans the mailbox. An error inside a guard
//! makes the guard false, as on the BEAM.

use super::env::Env;
use super::pattern::literal;
use crate::lang::ast::{Ast, Node, Target};
use crate::term::{atom, Atom, Term};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// True when the guard holds (`None` guard: always).
pub fn holds(guard: Option<&Ast>, env: &Env) -> bool {
    match guard {
        None => true,
        Some(g) => matches!(value(g, env), Some(Term::Atom(a)) if a == atom::TRUE),
    }
}

/// The guard expression's value; `None` when evaluating it fails.
pub fn value(e: &Ast, env: &Env) -> Option<Term> {
    if let Some(t) = literal(e) {
        return Some(t);
    }
    match &e.kind {
        Node::Var(n) => env.get(Atom::new(n)).cloned(),
        Node::Tuple(items) => Some(Term::tuple(
            items
                .iter()
                .map(|i| value(i, env))
                .collect::<Option<Vec<_>>>()?,
        )),
        Node::List(items) => Some(Term::list(
            items
                .iter()
                .map(|i| value(i, env))
                .collect::<Option<Vec<_>>>()?,
        )),
        Node::Call(c) => match &c.target {
            Target::Local(name) => local(name, &c.args, env),
            Target::Remote(recv, field) if c.no_parens && c.args.is_empty() => {
                let m = value(recv, env)?;
                m.as_map()?.get(&Term::atom_named(field)).cloned()
            }
            Target::Remote(recv, fun) => {
                let module = value(recv, env)?.as_atom()?;
                if module == Atom::module("Kernel") || module == Atom::new("erlang") {
                    local(fun, &c.args, env)
                } else {
                    None
                }
            }
            _ => None,
        },
        _ => None,
    }
}

fn local(name: &str, args: &[Ast], env: &Env) -> Option<Term> {
    match (name, args) {
        ("and", [a, b]) => {
            let l = bool_of(&value(a, env)?)?;
            if !l {
                return Some(Term::bool(false));
            }
            Some(Term::bool(bool_of(&value(b, env)?)?))
        }
        ("or", [a, b]) => {
            let l = bool_of(&value(a, env)?)?;
            if l {
                return Some(Term::bool(true));
            }
            Some(Term::bool(bool_of(&value(b, env)?)?))
        }
        ("not", [a]) => Some(Term::bool(!bool_of(&value(a, env)?)?)),
        ("when", [a, b]) => {
            let l = value(a, env)
                .map(|v| v.is_atom(atom::TRUE))
                .unwrap_or(false);
            Some(Term::bool(
                l || value(b, env)
                    .map(|v| v.is_atom(atom::TRUE))
                    .unwrap_or(false),
            ))
        }
        ("in", [x, coll]) => {
            let x = value(x, env)?;
            let coll = value(coll, env)?;
            Some(Term::bool(in_collection(&x, &coll)?))
        }
        ("not in", [x, coll]) => {
            let x = value(x, env)?;
            Some(Term::bool(!in_collection(&x, &value(coll, env)?)?))
        }
        ("..", [a, b]) => {
            let (f, l) = (value(a, env)?.as_int()?, value(b, env)?.as_int()?);
            Some(crate::term::build::structure(
                crate::atom!("Elixir.Range"),
                vec![
                    ("first", Term::int(f)),
                    ("last", Term::int(l)),
                    ("step", Term::int(if f <= l { 1 } else { -1 })),
                ],
            ))
        }
        (op, [a, b]) => binary(op, &value(a, env)?, &value(b, env)?),
        (f, [a]) => unary(f, &value(a, env)?),
        _ => None,
    }
}

pub(crate) fn bool_of(t: &Term) -> Option<bool> {
    match t.as_atom()? {
        a if a == atom::TRUE => Some(true),
        a if a == atom::FALSE => Some(false),
        _ => None,
    }
}

pub(crate) fn in_collection(x: &Term, coll: &Term) -> Option<bool> {
    if let Some(items) = coll.list_to_vec() {
        return Some(items.iter().any(|i| i == x));
    }
    let m = coll.as_map()?;
    if coll.struct_name() == Some(crate::atom!("Elixir.Range")) {
        let (f, l, s) = (
            m.get_atom(Atom::new("first"))?.as_int()?,
            m.get_atom(Atom::new("last"))?.as_int()?,
            m.get_atom(Atom::new("step"))?.as_int()?,
        );
        let Term::Int(v) = x else { return Some(false) };
        let inside = if s > 0 {
            f <= *v && *v <= l
        } else {
            l <= *v && *v <= f
        };
        return Some(inside && (v - f) % s == 0);
    }
    None
}

pub(crate) fn unary(f: &str, a: &Term) -> Option<Term> {
    let b = |v: bool| Some(Term::bool(v));
    match f {
        "is_atom" => b(matches!(a, Term::Atom(_))),
        "is_binary" | "is_bitstring" => b(matches!(a, Term::Binary(_))),
        "is_integer" => b(matches!(a, Term::Int(_) | Term::Big(_))),
        "is_float" => b(matches!(a, Term::Float(_))),
        "is_number" => b(a.is_number()),
        "is_list" => b(a.is_list()),
        "is_map" => b(matches!(a, Term::Map(_))),
        "is_tuple" => b(matches!(a, Term::Tuple(_))),
        "is_pid" => b(matches!(a, Term::Pid(_))),
        "is_reference" => b(matches!(a, Term::Ref(_))),
        "is_function" => b(matches!(a, Term::Fun(_))),
        "is_boolean" => b(a.as_atom().is_some_and(|x| x.is_boolean())),
        "is_nil" => b(a.is_atom(atom::NIL)),
        "is_struct" => b(a.struct_name().is_some()),
        "is_exception" => b(crate::term::exception::is_exception(a)),
        "length" => Some(Term::int(a.list_to_vec()?.len() as i64)),
        "map_size" => Some(Term::int(a.as_map()?.len() as i64)),
        "tuple_size" => Some(Term::int(a.as_tuple()?.len() as i64)),
        "byte_size" => Some(Term::int(a.as_binary()?.len() as i64)),
        "hd" => match a {
            Term::List(l) => Some(l.head().clone()),
            _ => None,
        },
        "tl" => match a {
            Term::List(l) => Some(l.tail().clone()),
            _ => None,
        },
        "abs" => match a {
            Term::Int(i) => i.checked_abs().map(Term::int),
            Term::Float(f) => Some(Term::Float(f.abs())),
            _ => None,
        },
        "-" => match a {
            Term::Int(i) => i.checked_neg().map(Term::int),
            Term::Float(f) => Some(Term::Float(-f)),
            _ => None,
        },
        "+" if a.is_number() => Some(a.clone()),
        "!" => Some(Term::bool(!a.is_truthy())),
        _ => None,
    }
}

pub(crate) fn binary(op: &str, a: &Term, b: &Term) -> Option<Term> {
    use std::cmp::Ordering::*;
    let cmp = || a.compare(b);
    Some(match op {
        "==" => Term::bool(cmp() == Equal),
        "!=" => Term::bool(cmp() != Equal),
        "===" => Term::bool(a == b),
        "!==" => Term::bool(a != b),
        "<" => Term::bool(cmp() == Less),
        ">" => Term::bool(cmp() == Greater),
        "<=" => Term::bool(cmp() != Greater),
        ">=" => Term::bool(cmp() != Less),
        "&&" => {
            if a.is_truthy() {
                b.clone()
            } else {
                a.clone()
            }
        }
        "||" => {
            if a.is_truthy() {
                a.clone()
            } else {
                b.clone()
            }
        }
        "+" | "-" | "*" => arith(op, a, b)?,
        "/" => Term::Float(num(a)? / nonzero(num(b)?)?),
        "div" => Term::int(a.as_int()?.checked_div(nonzero_i(b.as_int()?)?)?),
        "rem" => Term::int(a.as_int()?.checked_rem(nonzero_i(b.as_int()?)?)?),
        "elem" => a.as_tuple()?.get(b.as_int()? as usize)?.clone(),
        "is_map_key" => Term::bool(b.as_map()?.get(a).is_some()),
        "is_function" => {
            Term::bool(matches!(a, Term::Fun(f) if f.arity() as i64 == b.as_int().unwrap_or(-1)))
        }
        "max" => {
            if cmp() == Less {
                b.clone()
            } else {
                a.clone()
            }
        }
        "min" => {
            if cmp() == Greater {
                b.clone()
            } else {
                a.clone()
            }
        }
        _ => return None,
    })
}

fn nonzero(f: f64) -> Option<f64> {
    (f != 0.0).then_some(f)
}

fn nonzero_i(i: i64) -> Option<i64> {
    (i != 0).then_some(i)
}

fn num(t: &Term) -> Option<f64> {
    match t {
        Term::Int(i) => Some(*i as f64),
        Term::Float(f) => Some(*f),
        Term::Big(b) => b.to_f64(),
        _ => None,
    }
}

fn arith(op: &str, a: &Term, b: &Term) -> Option<Term> {
    if let (Term::Float(_), _) | (_, Term::Float(_)) = (a, b) {
        let (x, y) = (num(a)?, num(b)?);
        return Some(Term::Float(match op {
            "+" => x + y,
            "-" => x - y,
            _ => x * y,
        }));
    }
    let big = |t: &Term| match t {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::Big(b) => Some((**b).clone()),
        _ => None,
    };
    let (x, y) = (big(a)?, big(b)?);
    Some(Term::big(match op {
        "+" => x + y,
        "-" => x - y,
        _ => x * y,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::Span;

    fn var(n: &str) -> Ast {
        Ast::new(Node::Var(n.into()), Span::default())
    }

    fn int(i: i64) -> Ast {
        Ast::new(Node::Int(i), Span::default())
    }

    #[test]
    fn comparisons_and_type_checks_hold_or_not() {
        let mut env = Env::new();
        env.bind(Atom::new("x"), Term::int(5));
        let g = Ast::local(
            "and",
            vec![
                Ast::local("is_integer", vec![var("x")], Span::default()),
                Ast::local(">", vec![var("x"), int(3)], Span::default()),
            ],
            Span::default(),
        );
        assert!(holds(Some(&g), &env));
        let g = Ast::local(">", vec![var("x"), int(9)], Span::default());
        assert!(!holds(Some(&g), &env));
    }

    #[test]
    fn an_error_inside_a_guard_makes_it_false() {
        let env = Env::new();
        let g = Ast::local(
            "==",
            vec![
                Ast::local(
                    "hd",
                    vec![Ast::new(Node::List(vec![]), Span::default())],
                    Span::default(),
                ),
                int(1),
            ],
            Span::default(),
        );
        assert!(!holds(Some(&g), &env));
    }
}
