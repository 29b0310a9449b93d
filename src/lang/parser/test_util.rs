//! Helpers for the parser's tests: parse or fail, and a compact
//! S-expression rendering of syntax trees to compare against.

use crate::lang::ast::{Ast, Clause, Node, ParseError, Part, Target};

/// The tree of `src`, which must parse.
pub fn p(src: &str) -> Ast {
    match super::parse(src, 1) {
        Ok(ast) => ast,
        Err(e) => panic!("{src:?} does not parse: {e:?}"),
    }
}

/// The message of the syntax error `src` must give.
pub fn err(src: &str) -> String {
    match super::parse(src, 1) {
        Err(ParseError::Syntax { message, .. }) => message,
        other => panic!("{src:?} gives {other:?}, not a syntax error"),
    }
}

/// A compact rendering: calls as `(name args...)`, remote calls as
/// `(. recv name args...)`, `f.(x)` as `(.() f x)`, lists `[...]`,
/// tuples `{...}`, maps `(%{} (k v)...)`, clauses `(-> (patterns) guard body)`.
pub fn sexp(ast: &Ast) -> String {
    match &ast.kind {
        Node::Int(n) => n.to_string(),
        Node::BigInt(n) => n.to_string(),
        Node::Float(f) => format!("{f:?}"),
        Node::Atom(a) if a.chars().any(|c| c == ' ' || c == '$' || c == '"') || a.is_empty() => {
            format!(":{a:?}")
        }
        Node::Atom(a) => format!(":{a}"),
        Node::Value(v) => format!("(value {v:?})"),
        Node::String(s) => format!("{s:?}"),
        Node::Interpolation(parts) => {
            list("(interp", &parts.iter().map(part).collect::<Vec<_>>(), ")")
        }
        Node::Charlist(s) => format!("'{s}'"),
        Node::CharlistInterpolation(parts) => list(
            "(charlist-interp",
            &parts.iter().map(part).collect::<Vec<_>>(),
            ")",
        ),
        Node::Var(v) => v.clone(),
        Node::Alias(parts) => parts.join("."),
        Node::Call(c) => {
            let mut head = match &c.target {
                Target::Local(name) => format!("({name}"),
                Target::Remote(recv, name) => format!("(. {} {name}", sexp(recv)),
                Target::Anonymous(f) => format!("(.() {}", sexp(f)),
            };
            if c.args.is_empty() {
                head.push(')');
                return head;
            }
            list(&head, &all(&c.args), ")")
        }
        Node::Tuple(items) => list("{", &all(items), "}").replacen("{ ", "{", 1),
        Node::List(items) => list("[", &all(items), "]").replacen("[ ", "[", 1),
        Node::Map(pairs) => list("(%{}", &pairs_of(pairs), ")"),
        Node::MapUpdate(base, pairs) => {
            list(&format!("(%{{| {}", sexp(base)), &pairs_of(pairs), ")")
        }
        Node::Struct(name, base, pairs) => {
            let mut head = format!("(% {}", sexp(name));
            if let Some(b) = base {
                head.push_str(&format!(" | {}", sexp(b)));
            }
            list(&head, &pairs_of(pairs), ")")
        }
        Node::Bitstring(items) => list("(<<>>", &all(items), ")"),
        Node::Fn(clauses) => list("(fn", &clauses.iter().map(clause).collect::<Vec<_>>(), ")"),
        Node::Clauses(clauses) => list(
            "(clauses",
            &clauses.iter().map(clause).collect::<Vec<_>>(),
            ")",
        ),
        Node::Block(items) => list("(block", &all(items), ")"),
        Node::CaptureArg(n) => format!("&{n}"),
        Node::Sigil(letter, parts, mods) => {
            let mut items: Vec<String> = parts.iter().map(part).collect();
            if !mods.is_empty() {
                items.push(mods.clone());
            }
            list(&format!("(sigil {letter}"), &items, ")")
        }
    }
}

fn all(items: &[Ast]) -> Vec<String> {
    items.iter().map(sexp).collect()
}

fn pairs_of(pairs: &[(Ast, Ast)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(k, v)| format!("({} {})", sexp(k), sexp(v)))
        .collect()
}

fn part(p: &Part) -> String {
    match p {
        Part::Text(t) => format!("{t:?}"),
        Part::Expr(e) => sexp(e),
    }
}

fn clause(c: &Clause) -> String {
    let patterns = all(&c.patterns).join(" ");
    match &c.guard {
        Some(g) => format!("(-> ({patterns}) {} {})", sexp(g), sexp(&c.body)),
        None => format!("(-> ({patterns}) {})", sexp(&c.body)),
    }
}

fn list(open: &str, items: &[String], close: &str) -> String {
    if items.is_empty() {
        return format!("{open}{close}");
    }
    format!("{open} {}{close}", items.join(" "))
}
