//! Pattern matching: `=`, function heads, `case`, `receive`, `with`, `for`.
//!
//! A pattern is a syntax tree read as a shape: variables bind (the same name
//! twice must match the same value), `_` matches anything, `^x` must equal
//! the current `x`, literals must be equal (`===`), containers match element
//! by element, maps match a subset of keys, `"prefix" <> rest` matches a
//! string's start, `<<n::16, rest::binary>>` reads a binary's segments
//! (`eval::bitstring::read`), `pattern = other` matches both.

use super::env::Env;
use crate::lang::ast::{Ast, Node, Part};
use crate::term::{Atom, Term};

/// Why a pattern cannot be used at all (not a mismatch).
#[derive(Debug, Clone, PartialEq)]
pub enum PatternError {
    /// An expression that is not allowed in a pattern, with a description.
    Invalid(String),
    /// `^x` with `x` unbound.
    UnboundPin(String),
}

/// Matches `value` against `pat`, binding into `env`. On a mismatch the
/// bindings made so far are left for the caller to drop (restore a mark).
pub fn matches(pat: &Ast, value: &Term, env: &mut Env) -> Result<bool, PatternError> {
    let mark = env.mark();
    let ok = match_node(pat, value, env, mark)?;
    Ok(ok)
}

/// Matches several patterns as one: a variable repeated across them must
/// stand for equal values (`def same(x, x)`).
pub fn matches_all(pats: &[Ast], values: &[Term], env: &mut Env) -> bool {
    let mark = env.mark();
    pats.len() == values.len()
        && pats
            .iter()
            .zip(values)
            .all(|(p, v)| match_node(p, v, env, mark).unwrap_or(false))
}

/// `match?(pattern, expr)` as Kernel's macro expands it: `case expr do
/// pattern -> true; _ -> false end`, a `when` in the pattern being the
/// clause's guard. Its variables stay inside, as a `case`'s do.
pub fn match_as_case(e: &Ast, pattern: &Ast, expr: &Ast) -> Ast {
    let (pattern, guard) = match (pattern.local_name(), pattern.as_call()) {
        (Some("when"), Some(c)) if c.args.len() == 2 => {
            (c.args[0].clone(), Some(c.args[1].clone()))
        }
        _ => (pattern.clone(), None),
    };
    let span = e.span;
    let atom = |name: &str| Ast::new(Node::Atom(name.to_owned()), span);
    let clause = |pattern: Ast, guard: Option<Ast>, value: &str| crate::lang::ast::Clause {
        patterns: vec![pattern],
        guard,
        body: atom(value),
        span,
    };
    let clauses = vec![
        clause(pattern, guard, "true"),
        clause(Ast::new(Node::Var("_".to_owned()), span), None, "false"),
    ];
    let block = Ast::new(
        Node::List(vec![Ast::new(
            Node::Tuple(vec![atom("do"), Ast::new(Node::Clauses(clauses), span)]),
            span,
        )]),
        span,
    );
    Ast::local("case", vec![expr.clone(), block], span)
}

/// `first..last` and `first..last//step` in a pattern: the `Range` struct
/// with those fields, as Elixir's `..` expands in a match.
pub fn range_as_struct(pat: &Ast) -> Option<Ast> {
    let c = pat.as_call()?;
    let names: &[&str] = match (pat.local_name()?, c.args.len()) {
        ("..", 2) => &["first", "last"],
        ("..//", 3) => &["first", "last", "step"],
        _ => return None,
    };
    let pairs = names
        .iter()
        .zip(&c.args)
        .map(|(name, arg)| {
            (
                Ast::new(Node::Atom(name.to_string()), arg.span),
                arg.clone(),
            )
        })
        .collect();
    let range = Ast::value(Term::Atom(Atom::module("Range")), pat.span);
    Some(Ast::new(
        Node::Struct(Box::new(range), None, pairs),
        pat.span,
    ))
}

fn match_node(pat: &Ast, value: &Term, env: &mut Env, mark: usize) -> Result<bool, PatternError> {
    if let Some(range) = range_as_struct(pat) {
        return match_node(&range, value, env, mark);
    }
    match &pat.kind {
        Node::Var(name) => Ok(bind_var(name, value, env, mark)),
        Node::Int(i) => Ok(matches!(value, Term::Int(v) if v == i)),
        Node::BigInt(b) => Ok(matches!(value, Term::Big(v) if **v == *b)),
        Node::Float(f) => Ok(matches!(value, Term::Float(v) if v == f)),
        Node::Atom(a) => Ok(value.is_atom(Atom::new(a))),
        Node::String(s) => Ok(value.as_binary() == Some(s.as_bytes())),
        Node::Charlist(s) => Ok(*value == crate::term::build::charlist(s)),
        Node::Alias(parts) => Ok(value.is_atom(Atom::module(&parts.join(".")))),
        Node::Value(v) => Ok(v.0.key_cmp(value).is_eq()),
        Node::Tuple(items) => match value.as_tuple() {
            Some(vs) if vs.len() == items.len() => match_all(items, vs, env, mark),
            _ => Ok(false),
        },
        Node::List(items) => match_list(items, value, env, mark),
        Node::Map(pairs) => match_map(pairs, value, env, mark),
        Node::Struct(name, None, pairs) => match_struct(name, pairs, value, env, mark),
        Node::Interpolation(parts) if parts.iter().all(|p| matches!(p, Part::Text(_))) => {
            let text: String = parts
                .iter()
                .map(|p| {
                    if let Part::Text(t) = p {
                        t.as_str()
                    } else {
                        ""
                    }
                })
                .collect();
            Ok(value.as_binary() == Some(text.as_bytes()))
        }
        Node::Call(c) => match_call(pat, c, value, env, mark),
        Node::Bitstring(items) => match_bitstring(items, value, env, mark),
        _ => Err(PatternError::Invalid(describe(pat))),
    }
}

/// `<<len::16, data::binary-size(len), rest::binary>>`: each segment read
/// in turn and matched, until every bit is taken.
fn match_bitstring(
    items: &[Ast],
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    use crate::lang::eval::bitstring::{self, read::Reader, Value};
    let segments =
        bitstring::segments(items).map_err(|(i, _)| PatternError::Invalid(describe(i)))?;
    let Some(bytes) = value.as_binary() else {
        return Ok(false);
    };
    let mut r = Reader::new(bytes);
    for s in &segments {
        let ok = match &s.value {
            Value::Bytes(b) => r.literal(b),
            Value::Expr(p) => {
                let size = s.size.map(|e| size_of(e, env)).transpose()?;
                match (r.read(&s.spec, size.as_ref()), &p.kind) {
                    // `<<1::float>>` matches the float 1.0.
                    (Some(Term::Float(f)), Node::Int(i)) => f == *i as f64,
                    (Some(v), _) => match_node(p, &v, env, mark)?,
                    (None, _) => false,
                }
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(r.at_end())
}

/// A segment's size in a pattern: a variable bound before it (in the
/// pattern or outside), or pinned.
fn size_of(e: &Ast, env: &Env) -> Result<Term, PatternError> {
    let name = match (&e.kind, e.local_name(), e.as_call()) {
        (Node::Var(n), _, _) => n,
        (_, Some("^"), Some(c)) => match c.args.first().map(|a| &a.kind) {
            Some(Node::Var(n)) => n,
            _ => return Err(PatternError::Invalid(describe(e))),
        },
        _ => return Err(PatternError::Invalid(describe(e))),
    };
    env.get(Atom::new(name))
        .cloned()
        .ok_or_else(|| PatternError::UnboundPin(name.clone()))
}

fn bind_var(name: &str, value: &Term, env: &mut Env, mark: usize) -> bool {
    if name.starts_with('_') {
        return true;
    }
    let a = Atom::new(name);
    if let Some(bound) = env.get_since(mark, a) {
        return bound == value;
    }
    env.bind(a, value.clone());
    true
}

fn match_all(
    pats: &[Ast],
    values: &[Term],
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    for (p, v) in pats.iter().zip(values) {
        if !match_node(p, v, env, mark)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `[a, b | t]`: the last element may be a `|` call holding the tail pattern.
fn match_list(
    items: &[Ast],
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    let mut cur = value.clone();
    for (i, item) in items.iter().enumerate() {
        let is_last = i + 1 == items.len();
        if let (true, Some(call)) = (is_last, item.as_call()) {
            if item.local_name() == Some("|") && call.args.len() == 2 {
                let Term::List(l) = &cur else {
                    return Ok(false);
                };
                if !match_node(&call.args[0], l.head(), env, mark)? {
                    return Ok(false);
                }
                let tail = l.tail().clone();
                return match_node(&call.args[1], &tail, env, mark);
            }
        }
        let Term::List(l) = &cur else {
            return Ok(false);
        };
        if !match_node(item, l.head(), env, mark)? {
            return Ok(false);
        }
        cur = l.tail().clone();
    }
    Ok(matches!(cur, Term::Nil))
}

fn match_map(
    pairs: &[(Ast, Ast)],
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    let Term::Map(m) = value else {
        return Ok(false);
    };
    for (k, p) in pairs {
        let key = literal_key(k, env)?;
        match m.get(&key) {
            Some(v) => {
                if !match_node(p, v, env, mark)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

fn match_struct(
    name: &Ast,
    pairs: &[(Ast, Ast)],
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    let Some(actual) = value.struct_name() else {
        return Ok(false);
    };
    let name_ok = match &name.kind {
        Node::Alias(parts) => actual == Atom::module(&parts.join(".")),
        Node::Value(v) => v.0.as_atom() == Some(actual),
        Node::Var(_) => match_node(name, &Term::Atom(actual), env, mark)?,
        _ => return Err(PatternError::Invalid(describe(name))),
    };
    Ok(name_ok && match_map(pairs, value, env, mark)?)
}

/// A map key in a pattern must be a literal or a pinned variable.
fn literal_key(k: &Ast, env: &Env) -> Result<Term, PatternError> {
    if let Some(t) = literal(k) {
        return Ok(t);
    }
    if let Some(c) = k.as_call() {
        if k.local_name() == Some("^") {
            if let [Ast {
                kind: Node::Var(n), ..
            }] = &c.args[..]
            {
                return env
                    .get(Atom::new(n))
                    .cloned()
                    .ok_or_else(|| PatternError::UnboundPin(n.clone()));
            }
        }
    }
    Err(PatternError::Invalid(describe(k)))
}

/// The term a literal node stands for.
pub fn literal(a: &Ast) -> Option<Term> {
    Some(match &a.kind {
        Node::Int(i) => Term::int(*i),
        Node::BigInt(b) => Term::big(b.clone()),
        Node::Float(f) => Term::Float(*f),
        Node::Atom(s) => Term::atom_named(s),
        Node::String(s) => Term::string(s),
        Node::Charlist(s) => crate::term::build::charlist(s),
        Node::Value(v) => v.0.clone(),
        Node::Alias(parts) => Term::Atom(Atom::module(&parts.join("."))),
        Node::Tuple(items) => Term::tuple(items.iter().map(literal).collect::<Option<Vec<_>>>()?),
        Node::List(items) if items.iter().all(|i| i.local_name() != Some("|")) => {
            Term::list(items.iter().map(literal).collect::<Option<Vec<_>>>()?)
        }
        _ => return None,
    })
}

fn match_call(
    pat: &Ast,
    c: &crate::lang::ast::Call,
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    match (pat.local_name(), &c.args[..]) {
        (
            Some("^"),
            [Ast {
                kind: Node::Var(n), ..
            }],
        ) => {
            let bound = env
                .get(Atom::new(n))
                .cloned()
                .ok_or_else(|| PatternError::UnboundPin(n.clone()))?;
            Ok(bound == *value)
        }
        (Some("="), [a, b]) => {
            Ok(match_node(a, value, env, mark)? && match_node(b, value, env, mark)?)
        }
        (
            Some("-"),
            [Ast {
                kind: Node::Int(i), ..
            }],
        ) => Ok(matches!(value, Term::Int(v) if *v == -i)),
        (
            Some("-"),
            [Ast {
                kind: Node::Float(f),
                ..
            }],
        ) => Ok(matches!(value, Term::Float(v) if *v == -f)),
        (
            Some("-"),
            [Ast {
                kind: Node::BigInt(b),
                ..
            }],
        ) => Ok(matches!(value, Term::Big(v) if **v == -b.clone())),
        (Some("<>"), [prefix, rest]) => match_concat(prefix, rest, value, env, mark),
        (Some("{}"), items) => match value.as_tuple() {
            Some(vs) if vs.len() == items.len() => match_all(items, vs, env, mark),
            _ => Ok(false),
        },
        _ => Err(PatternError::Invalid(describe(pat))),
    }
}

fn match_concat(
    prefix: &Ast,
    rest: &Ast,
    value: &Term,
    env: &mut Env,
    mark: usize,
) -> Result<bool, PatternError> {
    let p = match &prefix.kind {
        Node::String(s) => s.as_bytes().to_vec(),
        _ => return Err(PatternError::Invalid(describe(prefix))),
    };
    let Some(bytes) = value.as_binary() else {
        return Ok(false);
    };
    if !bytes.starts_with(&p) {
        return Ok(false);
    }
    match_node(rest, &Term::binary(&bytes[p.len()..]), env, mark)
}

/// How a pattern error names the expression.
fn describe(a: &Ast) -> String {
    match &a.kind {
        Node::Call(c) => match &c.target {
            crate::lang::ast::Target::Local(n) => format!("{n}/{}", c.args.len()),
            crate::lang::ast::Target::Remote(_, n) => format!("{n}/{}", c.args.len()),
            crate::lang::ast::Target::Anonymous(_) => "an anonymous function call".into(),
        },
        _ => "this expression".into(),
    }
}

/// The variables a pattern binds, in order of appearance (pins excluded).
pub fn bound_names(pat: &Ast, out: &mut Vec<String>) {
    match &pat.kind {
        Node::Var(n) if !n.starts_with('_') && !out.contains(n) => out.push(n.clone()),
        Node::Tuple(items) | Node::List(items) | Node::Bitstring(items) => {
            items.iter().for_each(|i| bound_names(i, out))
        }
        Node::Map(pairs) | Node::Struct(_, None, pairs) => {
            pairs.iter().for_each(|(_, v)| bound_names(v, out))
        }
        // `x::binary-size(n)`: only the left side binds.
        Node::Call(c) if pat.local_name() == Some("::") => {
            c.args.iter().take(1).for_each(|a| bound_names(a, out))
        }
        Node::Call(c) if pat.local_name() != Some("^") => {
            c.args.iter().for_each(|a| bound_names(a, out))
        }
        _ => {}
    }
}

/// The variables the types of a binary pattern's segments read
/// (`size(len)` in `data::binary-size(len)`).
pub fn size_reads(pat: &Ast, out: &mut Vec<String>) {
    match &pat.kind {
        Node::Call(c) if pat.local_name() == Some("::") => {
            c.args.iter().skip(1).for_each(|t| spec_reads(t, out))
        }
        _ => crate::lang::expand::for_each_child_ref(pat, &mut |c| size_reads(c, out)),
    }
}

/// The variables a segment's type reads: those of its `size(...)` (type
/// names such as `binary` are no variables).
fn spec_reads(t: &Ast, out: &mut Vec<String>) {
    match (t.local_name(), t.as_call()) {
        (Some("-"), Some(c)) => c.args.iter().for_each(|a| spec_reads(a, out)),
        (Some("size"), Some(c)) => c.args.iter().for_each(|a| {
            crate::lang::expand::visit(a, &mut |n| {
                if let Node::Var(v) = &n.kind {
                    out.push(v.clone());
                }
            })
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::Span;

    fn n(kind: Node) -> Ast {
        Ast::new(kind, Span::default())
    }

    fn var(s: &str) -> Ast {
        n(Node::Var(s.into()))
    }

    #[test]
    fn a_variable_used_twice_must_match_the_same_value() {
        let pat = n(Node::Tuple(vec![var("x"), var("x")]));
        let mut env = Env::new();
        assert!(matches(&pat, &Term::tuple([Term::int(1), Term::int(1)]), &mut env).unwrap());
        let mut env = Env::new();
        assert!(!matches(&pat, &Term::tuple([Term::int(1), Term::int(2)]), &mut env).unwrap());
    }

    #[test]
    fn head_and_tail_patterns_split_a_list() {
        let bar = Ast::local("|", vec![var("h"), var("t")], Span::default());
        let pat = n(Node::List(vec![bar]));
        let mut env = Env::new();
        assert!(matches(
            &pat,
            &Term::list(vec![Term::int(1), Term::int(2)]),
            &mut env
        )
        .unwrap());
        assert_eq!(env.get(Atom::new("h")), Some(&Term::int(1)));
        assert_eq!(env.get(Atom::new("t")).unwrap().to_string(), "[2]");
    }

    #[test]
    fn a_pin_compares_with_the_bound_value() {
        let pin = Ast::local("^", vec![var("x")], Span::default());
        let mut env = Env::new();
        env.bind(Atom::new("x"), Term::int(5));
        assert!(matches(&pin, &Term::int(5), &mut env).unwrap());
        assert!(!matches(&pin, &Term::int(6), &mut env).unwrap());
    }

    #[test]
    fn map_patterns_match_a_subset_of_keys() {
        let pat = n(Node::Map(vec![(n(Node::Atom("a".into())), var("v"))]));
        let m = crate::term::TMap::from_pairs(vec![
            (Term::atom_named("a"), Term::int(1)),
            (Term::atom_named("b"), Term::int(2)),
        ]);
        let mut env = Env::new();
        assert!(matches(&pat, &Term::Map(m), &mut env).unwrap());
        assert_eq!(env.get(Atom::new("v")), Some(&Term::int(1)));
    }

    #[test]
    fn string_prefix_patterns_bind_the_rest() {
        let pat = Ast::local(
            "<>",
            vec![n(Node::String("he".into())), var("rest")],
            Span::default(),
        );
        let mut env = Env::new();
        assert!(matches(&pat, &Term::string("hello"), &mut env).unwrap());
        assert_eq!(env.get(Atom::new("rest")), Some(&Term::string("llo")));
    }
}
