//! Guards: the `when` expressions of clauses, compiled to a [`Guard`] tree
//! over registers. Only guard-safe forms compile; anything else is left to
//! the tree-walking evaluator.

use super::builder::Builder;
use super::code::Guard;
use super::Unsupported;
use crate::lang::ast::{Ast, Node, Target};
use crate::lang::eval::pattern::literal;
use crate::term::Atom;

/// Compiles the guard expression `e`.
pub fn compile(b: &mut Builder, e: &Ast) -> Result<Guard, Unsupported> {
    if let Some(t) = literal(e) {
        return Ok(Guard::Const(t));
    }
    match &e.kind {
        Node::Var(n) => Ok(Guard::Reg(b.lookup(Atom::new(n)).ok_or(Unsupported)?)),
        Node::Tuple(items) => Ok(Guard::Tuple(all(b, items)?)),
        Node::List(items) if items.iter().all(|i| i.local_name() != Some("|")) => {
            Ok(Guard::List(all(b, items)?))
        }
        Node::Call(c) => match &c.target {
            Target::Local(name) => call(b, name, &c.args),
            Target::Remote(recv, field) if c.no_parens && c.args.is_empty() => {
                Ok(Guard::Field(Box::new(compile(b, recv)?), Atom::new(field)))
            }
            Target::Remote(recv, fun) => match literal(recv).and_then(|m| m.as_atom()) {
                Some(m) if m == Atom::module("Kernel") || m == Atom::new("erlang") => {
                    call(b, fun, &c.args)
                }
                _ => Err(Unsupported),
            },
            Target::Anonymous(_) => Err(Unsupported),
        },
        _ => Err(Unsupported),
    }
}

fn all(b: &mut Builder, items: &[Ast]) -> Result<Vec<Guard>, Unsupported> {
    items.iter().map(|i| compile(b, i)).collect()
}

fn boxed(b: &mut Builder, e: &Ast) -> Result<Box<Guard>, Unsupported> {
    Ok(Box::new(compile(b, e)?))
}

fn call(b: &mut Builder, name: &str, args: &[Ast]) -> Result<Guard, Unsupported> {
    Ok(match (name, args) {
        ("and", [l, r]) => Guard::And(boxed(b, l)?, boxed(b, r)?),
        ("or", [l, r]) => Guard::Or(boxed(b, l)?, boxed(b, r)?),
        ("when", [l, r]) => Guard::Either(boxed(b, l)?, boxed(b, r)?),
        (op, [l, r]) => Guard::Binary(op.to_owned(), boxed(b, l)?, boxed(b, r)?),
        (f, [a]) => Guard::Unary(f.to_owned(), boxed(b, a)?),
        _ => return Err(Unsupported),
    })
}
