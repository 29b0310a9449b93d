//! Patterns: a syntax tree read as a shape, compiled to a [`Pat`] whose new
//! variables have registers. A variable repeated within one pattern (or
//! several, as a function head's) must match equal values; `^x` compares
//! with `x`'s register; a bitstring pattern's segment sizes read the
//! registers of variables bound before them. What the tree-walking evaluator would reject (a
//! remote call in a pattern, an unbound pin) is left to it: the compiler
//! gives up.

use super::builder::Builder;
use super::code::{Key, Pat, Piece};
use super::Unsupported;
use crate::lang::ast::{Ast, Node, Part};
use crate::lang::eval::bitstring::{self, Value};
use crate::lang::eval::pattern::{literal, range_as_struct};
use crate::term::{Atom, Term};

/// The variables a pattern binds, in order, with their registers.
pub type Bound = Vec<(Atom, u16)>;

/// Compiles `pat`; its new variables are added to `bound` (not yet in scope).
pub fn compile(b: &mut Builder, pat: &Ast, bound: &mut Bound) -> Result<Pat, Unsupported> {
    if let Some(t) = literal(pat) {
        return Ok(Pat::Const(t));
    }
    if let Some(range) = range_as_struct(pat) {
        return compile(b, &range, bound);
    }
    Ok(match &pat.kind {
        Node::Var(name) => var(b, name, bound)?,
        Node::Tuple(items) => Pat::Tuple(all(b, items, bound)?),
        Node::List(items) => list(b, items, bound)?,
        Node::Map(pairs) => Pat::Map(pairs_of(b, pairs, bound)?),
        Node::Struct(name, None, pairs) => {
            let name = match &name.kind {
                Node::Alias(_) | Node::Value(_) => literal(name).ok_or(Unsupported)?,
                _ => return Err(Unsupported),
            };
            let mut keys = vec![(Key::Const(Term::atom_named("__struct__")), Pat::Const(name))];
            keys.extend(pairs_of(b, pairs, bound)?);
            Pat::Map(keys)
        }
        Node::Interpolation(parts) => Pat::Const(Term::string(&text_of(parts)?)),
        Node::Bitstring(items) => Pat::Binary(bitstring(b, items, bound)?),
        Node::Call(c) => match (pat.local_name(), &c.args[..]) {
            (Some("^"), [v]) => {
                let Node::Var(n) = &v.kind else {
                    return Err(Unsupported);
                };
                Pat::Same(b.lookup(Atom::new(n)).ok_or(Unsupported)?)
            }
            (Some("="), [l, r]) => Pat::Both(
                Box::new(compile(b, l, bound)?),
                Box::new(compile(b, r, bound)?),
            ),
            (Some("-"), [n]) => match &n.kind {
                Node::Int(i) => Pat::Const(Term::int(-i)),
                Node::Float(f) => Pat::Const(Term::Float(-f)),
                _ => return Err(Unsupported),
            },
            (Some("<>"), [prefix, rest]) => {
                let Node::String(p) = &prefix.kind else {
                    return Err(Unsupported);
                };
                Pat::Prefix(p.as_bytes().to_vec(), Box::new(compile(b, rest, bound)?))
            }
            (Some("{}"), items) => Pat::Tuple(all(b, items, bound)?),
            _ => return Err(Unsupported),
        },
        _ => return Err(Unsupported),
    })
}

/// `<<n::16, rest::binary>>`: each segment's spec, size register and value.
fn bitstring(b: &mut Builder, items: &[Ast], bound: &mut Bound) -> Result<Vec<Piece>, Unsupported> {
    let segments = bitstring::segments(items).map_err(|_| Unsupported)?;
    let mut pieces = Vec::with_capacity(segments.len());
    for s in &segments {
        pieces.push(match &s.value {
            Value::Bytes(bytes) => Piece::Literal(bytes.clone()),
            Value::Expr(p) => Piece::Value {
                spec: s.spec,
                size: s.size.map(|e| size_reg(b, e, bound)).transpose()?,
                pat: match (&p.kind, s.spec.ty) {
                    // `<<1::float>>` matches the float 1.0.
                    (Node::Int(i), bitstring::Type::Float) => Pat::Const(Term::Float(*i as f64)),
                    _ => compile(b, p, bound)?,
                },
            },
        });
    }
    Ok(pieces)
}

/// The register of a segment's size: a variable bound before it in the
/// pattern, or outside it (pinned or not).
fn size_reg(b: &mut Builder, e: &Ast, bound: &Bound) -> Result<u16, Unsupported> {
    let name = match (&e.kind, e.local_name(), e.as_call()) {
        (Node::Var(n), _, _) => n,
        (_, Some("^"), Some(c)) => match c.args.first().map(|a| &a.kind) {
            Some(Node::Var(n)) => n,
            _ => return Err(Unsupported),
        },
        _ => return Err(Unsupported),
    };
    let a = Atom::new(name);
    match bound.iter().find(|(n, _)| *n == a) {
        Some((_, r)) => Ok(*r),
        None => b.lookup(a).ok_or(Unsupported),
    }
}

fn var(b: &mut Builder, name: &str, bound: &mut Bound) -> Result<Pat, Unsupported> {
    if name.starts_with('_') {
        return Ok(Pat::Any);
    }
    let a = Atom::new(name);
    if let Some((_, r)) = bound.iter().find(|(n, _)| *n == a) {
        return Ok(Pat::Same(*r));
    }
    let r = b.reg()?;
    bound.push((a, r));
    Ok(Pat::Bind(r))
}

fn all(b: &mut Builder, items: &[Ast], bound: &mut Bound) -> Result<Vec<Pat>, Unsupported> {
    items.iter().map(|i| compile(b, i, bound)).collect()
}

/// `[a, b | t]`: the last element may be a `|` call holding the tail.
fn list(b: &mut Builder, items: &[Ast], bound: &mut Bound) -> Result<Pat, Unsupported> {
    let mut heads = Vec::with_capacity(items.len());
    let mut tail = Pat::Const(Term::Nil);
    for (i, item) in items.iter().enumerate() {
        match item.as_call() {
            Some(c)
                if i + 1 == items.len() && item.local_name() == Some("|") && c.args.len() == 2 =>
            {
                heads.push(compile(b, &c.args[0], bound)?);
                tail = compile(b, &c.args[1], bound)?;
            }
            _ => heads.push(compile(b, item, bound)?),
        }
    }
    Ok(Pat::List(heads, Box::new(tail)))
}

fn pairs_of(
    b: &mut Builder,
    pairs: &[(Ast, Ast)],
    bound: &mut Bound,
) -> Result<Vec<(Key, Pat)>, Unsupported> {
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let key = match literal(k) {
            Some(t) => Key::Const(t),
            None => match (k.local_name(), k.as_call().map(|c| &c.args[..])) {
                (
                    Some("^"),
                    Some(
                        [Ast {
                            kind: Node::Var(n), ..
                        }],
                    ),
                ) => Key::Pinned(b.lookup(Atom::new(n)).ok_or(Unsupported)?),
                _ => return Err(Unsupported),
            },
        };
        out.push((key, compile(b, v, bound)?));
    }
    Ok(out)
}

fn text_of(parts: &[Part]) -> Result<String, Unsupported> {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => Ok(t.as_str()),
            Part::Expr(_) => Err(Unsupported),
        })
        .collect()
}
