//! `for` comprehensions, rewritten before compiling into what they mean:
//! nested `Enum.reduce/3`s over the generators, each with a lambda whose
//! first clause takes the elements that match the generator's pattern and
//! second skips the others, filters as `if`s, and the collected list
//! reversed at the end.
//!
//! ```elixir
//! for x <- xs, y <- ys, x < y, do: {x, y}
//! # becomes
//! Enum.reverse(Enum.reduce(xs, [], fn
//!   x, acc -> Enum.reduce(ys, acc, fn
//!     y, acc -> if x < y, do: [{x, y} | acc], else: acc
//!     _, acc -> acc
//!   end)
//!   _, acc -> acc
//! end))
//! ```
//!
//! `reduce: init` threads the accumulator through the `do` clauses, run as
//! a `case` on it; `uniq: true` keeps a map of the values seen beside the
//! list. The reduces run in the prelude, so the body may receive or
//! recurse like any code. Bitstring generators are left to the evaluator.

use crate::lang::ast::{Ast, Call, Clause, Node, Span, Target};
use crate::lang::eval::keyword_block;
use crate::term::{Atom, Term};

/// What `for args` means, when it is a comprehension this rewrite covers.
pub fn rewrite(args: &[Ast], span: Span) -> Option<Ast> {
    let (quals, opts) = crate::lang::eval::control::for_parts(args)?;
    let opts = &*opts;
    let Node::List(items) = &opts.kind else {
        return None;
    };
    let keys_known = items.iter().all(|i| match &i.kind {
        Node::Tuple(kv) => {
            matches!(&kv[0].kind, Node::Atom(k) if matches!(k.as_str(), "do" | "into" | "reduce" | "uniq"))
        }
        _ => false,
    });
    if !keys_known || quals.is_empty() || !is_generator(&quals[0]) {
        return None;
    }
    // What Elixir refuses to compile, the evaluator reports.
    if crate::lang::eval::control::invalid_for_options(opts).is_some() {
        return None;
    }
    let body = keyword_block(opts, "do")?;
    let into = keyword_block(opts, "into");
    let uniq = match keyword_block(opts, "uniq").map(|u| &u.kind) {
        None => false,
        Some(Node::Atom(b)) => b == "true",
        Some(_) => return None,
    };
    let form = match keyword_block(opts, "reduce") {
        Some(_) if into.is_some() || uniq => return None,
        Some(init) => Form::Reduce(init.clone()),
        None if uniq => Form::Uniq,
        None => Form::List,
    };
    let reduced = reduces(quals, form.innermost(body, span)?, form.start(span), span)?;
    Some(match form {
        Form::Reduce(_) => reduced,
        Form::Uniq | Form::List => {
            let list = match form {
                Form::Uniq => remote_call("Kernel", "elem", vec![reduced, int(0, span)], span),
                _ => reduced,
            };
            let list = remote_call("Enum", "reverse", vec![list], span);
            match into {
                Some(into) => remote_call("Enum", "into", vec![list, into.clone()], span),
                None => list,
            }
        }
    })
}

/// What a comprehension makes of its bodies' values.
enum Form {
    /// A list, in order.
    List,
    /// A list without repeats (`uniq: true`): the accumulator is the list
    /// so far and a map of the values seen.
    Uniq,
    /// The accumulator the `do` clauses give (`reduce: init`).
    Reduce(Ast),
}

impl Form {
    /// The accumulator before the first element.
    fn start(&self, span: Span) -> Ast {
        let empty = Ast::new(Node::List(Vec::new()), span);
        match self {
            Form::List => empty,
            Form::Uniq => Ast::new(
                Node::Tuple(vec![empty, Ast::new(Node::Map(Vec::new()), span)]),
                span,
            ),
            Form::Reduce(init) => init.clone(),
        }
    }

    /// What the innermost generator does with the body, given the
    /// accumulator `acc@for`: the next accumulator.
    fn innermost(&self, body: &Ast, span: Span) -> Option<Ast> {
        let var = |name: &str| Ast::new(Node::Var(name.into()), span);
        Some(match self {
            Form::List => cons(body.clone(), acc(span), span),
            // v = body; {l, s} = acc; if Map.has_key?(s, v), do: acc, else: {[v | l], Map.put(s, v, [])}
            Form::Uniq => {
                let seen = remote_call("Map", "has_key?", vec![var("s@for"), var("v@for")], span);
                let put = remote_call(
                    "Map",
                    "put",
                    vec![
                        var("s@for"),
                        var("v@for"),
                        Ast::new(Node::List(Vec::new()), span),
                    ],
                    span,
                );
                let added = Ast::new(
                    Node::Tuple(vec![cons(var("v@for"), var("l@for"), span), put]),
                    span,
                );
                let pair = Ast::new(Node::Tuple(vec![var("l@for"), var("s@for")]), span);
                Ast::new(
                    Node::Block(vec![
                        Ast::local("=", vec![var("v@for"), body.clone()], span),
                        Ast::local("=", vec![pair, acc(span)], span),
                        if_else(seen, acc(span), added, span),
                    ]),
                    span,
                )
            }
            // case acc do clauses end
            Form::Reduce(_) => {
                let Node::Clauses(_) = &body.kind else {
                    return None;
                };
                let block = Ast::new(Node::List(vec![keyword("do", body.clone(), span)]), span);
                Ast::local("case", vec![acc(span), block], span)
            }
        })
    }
}

/// The generators and filters `quals` around `inner`, as nested reduces
/// whose accumulator starts as `start`.
fn reduces(quals: &[Ast], mut inner: Ast, start: Ast, span: Span) -> Option<Ast> {
    for (i, q) in quals.iter().enumerate().rev() {
        inner = match generator(q) {
            Some((pat, guard, coll)) => {
                let start = if i == 0 { start.clone() } else { acc(span) };
                let take = Clause {
                    patterns: vec![pat, acc(span)],
                    guard,
                    body: inner,
                    span,
                };
                let skip = Clause {
                    patterns: vec![Ast::new(Node::Var("_".into()), span), acc(span)],
                    guard: None,
                    body: acc(span),
                    span,
                };
                let f = Ast::new(Node::Fn(vec![take, skip]), span);
                remote_call("Enum", "reduce", vec![coll, start, f], span)
            }
            None if is_bitstring_generator(q) => return None,
            None => if_else(q.clone(), inner, acc(span), span),
        };
    }
    Some(inner)
}

/// The accumulator's variable.
fn acc(span: Span) -> Ast {
    Ast::new(Node::Var("acc@for".into()), span)
}

/// `[head | tail]`.
fn cons(head: Ast, tail: Ast, span: Span) -> Ast {
    Ast::new(
        Node::List(vec![Ast::local("|", vec![head, tail], span)]),
        span,
    )
}

fn int(i: i64, span: Span) -> Ast {
    Ast::value(Term::int(i), span)
}

/// `if cond, do: then, else: otherwise`.
fn if_else(cond: Ast, then: Ast, otherwise: Ast, span: Span) -> Ast {
    let blocks = Ast::new(
        Node::List(vec![
            keyword("do", then, span),
            keyword("else", otherwise, span),
        ]),
        span,
    );
    Ast::local("if", vec![cond, blocks], span)
}

fn is_generator(q: &Ast) -> bool {
    q.local_name() == Some("<-")
}

fn is_bitstring_generator(q: &Ast) -> bool {
    matches!(&q.kind, Node::Bitstring(_))
}

/// `pattern when guard <- collection`.
fn generator(q: &Ast) -> Option<(Ast, Option<Ast>, Ast)> {
    let c = q.as_call().filter(|_| is_generator(q))?;
    let [lhs, coll] = &c.args[..] else {
        return None;
    };
    match (lhs.local_name(), lhs.as_call()) {
        (Some("when"), Some(w)) if w.args.len() == 2 => {
            Some((w.args[0].clone(), Some(w.args[1].clone()), coll.clone()))
        }
        _ => Some((lhs.clone(), None, coll.clone())),
    }
}

fn keyword(key: &str, value: Ast, span: Span) -> Ast {
    Ast::new(
        Node::Tuple(vec![Ast::new(Node::Atom(key.into()), span), value]),
        span,
    )
}

/// `Module.fun(args)`, naming the module itself whatever the aliases say.
fn remote_call(module: &str, fun: &str, args: Vec<Ast>, span: Span) -> Ast {
    let module = Ast::value(Term::Atom(Atom::module(module)), span);
    Ast::new(
        Node::Call(Box::new(Call {
            target: Target::Remote(Box::new(module), fun.into()),
            args,
            no_parens: false,
        })),
        span,
    )
}
