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
//! The reduces run in the prelude, so the body may receive or recurse like
//! any code. Bitstring generators and the `uniq:` and `reduce:` options
//! are left to the evaluator.

use crate::lang::ast::{Ast, Call, Clause, Node, Span, Target};
use crate::lang::eval::keyword_block;
use crate::term::{Atom, Term};

/// What `for args` means, when it is a comprehension this rewrite covers.
pub fn rewrite(args: &[Ast], span: Span) -> Option<Ast> {
    let (opts, quals) = args.split_last()?;
    let Node::List(items) = &opts.kind else {
        return None;
    };
    let keys_known = items.iter().all(|i| match &i.kind {
        Node::Tuple(kv) => matches!(&kv[0].kind, Node::Atom(k) if k == "do" || k == "into"),
        _ => false,
    });
    if !keys_known || quals.is_empty() || !is_generator(&quals[0]) {
        return None;
    }
    let body = keyword_block(opts, "do")?;
    let acc = || Ast::new(Node::Var("acc@for".into()), span);
    let cons = Ast::new(
        Node::List(vec![Ast::local("|", vec![body.clone(), acc()], span)]),
        span,
    );
    let mut inner = cons;
    for (i, q) in quals.iter().enumerate().rev() {
        inner = match generator(q) {
            Some((pat, guard, coll)) => {
                let start = if i == 0 {
                    Ast::new(Node::List(Vec::new()), span)
                } else {
                    acc()
                };
                let take = Clause {
                    patterns: vec![pat, acc()],
                    guard,
                    body: inner,
                    span,
                };
                let skip = Clause {
                    patterns: vec![Ast::new(Node::Var("_".into()), span), acc()],
                    guard: None,
                    body: acc(),
                    span,
                };
                let f = Ast::new(Node::Fn(vec![take, skip]), span);
                enum_call("reduce", vec![coll, start, f], span)
            }
            None if is_bitstring_generator(q) => return None,
            None => {
                let blocks = Ast::new(
                    Node::List(vec![
                        keyword("do", inner, span),
                        keyword("else", acc(), span),
                    ]),
                    span,
                );
                Ast::local("if", vec![q.clone(), blocks], span)
            }
        };
    }
    let list = enum_call("reverse", vec![inner], span);
    Some(match keyword_block(opts, "into") {
        Some(into) => enum_call("into", vec![list, into.clone()], span),
        None => list,
    })
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

/// `Enum.fun(args)`, naming `Enum` itself whatever the aliases say.
fn enum_call(fun: &str, args: Vec<Ast>, span: Span) -> Ast {
    let module = Ast::value(Term::Atom(Atom::module("Enum")), span);
    Ast::new(
        Node::Call(Box::new(Call {
            target: Target::Remote(Box::new(module), fun.into()),
            args,
            no_parens: false,
        })),
        span,
    )
}
