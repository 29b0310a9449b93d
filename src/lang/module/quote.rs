//! Code as data: `quote` turns syntax into Elixir's quoted form (the terms
//! `quote do: a + 1` gives: `{:+, [], [{:a, [], Elixir}, 1]}`), and
//! [`unquoted`] reads such terms back into syntax, which is how the code a
//! macro returns is evaluated.
//!
//! ```elixir
//! x = quote do: 1 + 2
//! quote do: unquote(x) * 3     #=> {:*, [], [{:+, [], [1, 2]}, 3]}
//! ```

use crate::lang::ast::{Ast, Call, Clause, Node, Part, Span, Target};
use crate::lang::eval::{self, Env, Scope};
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, Term};
use futures::future::BoxFuture;
use std::sync::Arc;

/// `quote do: body`, with each `unquote(x)` replaced by the value of `x`.
pub fn quote<'a>(
    cx: &'a mut Ctx,
    scope: &'a Arc<Scope>,
    env: &'a mut Env,
    e: &'a Ast,
) -> BoxFuture<'a, Result<Term, Exception>> {
    Box::pin(async move {
        if let (Some(name), Some(c)) = (e.local_name(), e.as_call()) {
            if name == "unquote" && c.args.len() == 1 {
                return eval::eval_body(cx, scope, env, &c.args[0]).await;
            }
        }
        let context = scope
            .module
            .map(Term::Atom)
            .unwrap_or_else(|| Term::atom_named("Elixir"));
        let meta = Term::Nil;
        Ok(match &e.kind {
            Node::Var(n) => Term::tuple([Term::atom_named(n), meta, context]),
            Node::Alias(parts) => Term::tuple([
                Term::atom_named("__aliases__"),
                crate::term::build::keyword(vec![("alias", Term::bool(false))]),
                Term::list(parts.iter().map(|p| Term::atom_named(p)).collect()),
            ]),
            Node::Call(c) => quote_call(cx, scope, env, c).await?,
            Node::Tuple(items) if items.len() == 2 => Term::tuple([
                quote(cx, scope, env, &items[0]).await?,
                quote(cx, scope, env, &items[1]).await?,
            ]),
            Node::Tuple(items) => tagged("{}", quote_all(cx, scope, env, items).await?),
            Node::List(items) => quote_list(cx, scope, env, items).await?,
            Node::Block(items) => tagged("__block__", quote_all(cx, scope, env, items).await?),
            Node::Map(pairs) => tagged("%{}", quote_pairs(cx, scope, env, pairs).await?),
            Node::MapUpdate(base, pairs) => {
                let base = quote(cx, scope, env, base).await?;
                let pairs = Term::list(quote_pairs(cx, scope, env, pairs).await?);
                tagged(
                    "%{}",
                    vec![Term::tuple([
                        Term::atom_named("|"),
                        Term::Nil,
                        Term::list(vec![base, pairs]),
                    ])],
                )
            }
            Node::Struct(name, base, pairs) => {
                let name = quote(cx, scope, env, name).await?;
                let mut fields = quote_pairs(cx, scope, env, pairs).await?;
                if let Some(b) = base {
                    let b = quote(cx, scope, env, b).await?;
                    fields = vec![Term::tuple([
                        Term::atom_named("|"),
                        Term::Nil,
                        Term::list(vec![b, Term::list(fields)]),
                    ])];
                }
                tagged("%", vec![name, tagged("%{}", fields)])
            }
            Node::Fn(clauses) => tagged("fn", quote_clauses(cx, scope, env, clauses).await?),
            Node::Clauses(clauses) => Term::list(quote_clauses(cx, scope, env, clauses).await?),
            Node::Bitstring(items) => tagged("<<>>", quote_all(cx, scope, env, items).await?),
            Node::Interpolation(parts) => tagged("<<>>", quote_parts(cx, scope, env, parts).await?),
            Node::CaptureArg(i) => tagged("&", vec![Term::int(*i as i64)]),
            Node::Value(v) => v.0.clone(),
            _ => eval::eval_body(cx, scope, env, e).await?,
        })
    })
}

fn tagged(name: &str, args: Vec<Term>) -> Term {
    Term::tuple([Term::atom_named(name), Term::Nil, Term::list(args)])
}

async fn quote_call(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    c: &Call,
) -> Result<Term, Exception> {
    let args = quote_args(cx, scope, env, &c.args).await?;
    let args_term = if c.no_parens && c.args.is_empty() {
        // `x.y` without parentheses is a call with no arguments.
        Term::Nil
    } else {
        Term::list(args)
    };
    Ok(match &c.target {
        Target::Local(name) => Term::tuple([Term::atom_named(name), Term::Nil, args_term]),
        Target::Remote(recv, fun) => {
            let recv = quote(cx, scope, env, recv).await?;
            let dot = Term::tuple([
                Term::atom_named("."),
                Term::Nil,
                Term::list(vec![recv, Term::atom_named(fun)]),
            ]);
            let meta = if c.no_parens {
                crate::term::build::keyword(vec![("no_parens", Term::bool(true))])
            } else {
                Term::Nil
            };
            Term::tuple([dot, meta, args_term])
        }
        Target::Anonymous(f) => {
            let f = quote(cx, scope, env, f).await?;
            let dot = Term::tuple([Term::atom_named("."), Term::Nil, Term::list(vec![f])]);
            Term::tuple([dot, Term::Nil, args_term])
        }
    })
}

/// Arguments, with `unquote_splicing(list)` spread in place.
async fn quote_args(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let (Some("unquote_splicing"), Some(c)) = (item.local_name(), item.as_call()) {
            if let [x] = &c.args[..] {
                let v = eval::eval_body(cx, scope, env, x).await?;
                out.extend(v.list_to_vec().unwrap_or_default());
                continue;
            }
        }
        out.push(quote(cx, scope, env, item).await?);
    }
    Ok(out)
}

async fn quote_all(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Vec<Term>, Exception> {
    quote_args(cx, scope, env, items).await
}

async fn quote_list(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Term, Exception> {
    Ok(Term::list(quote_args(cx, scope, env, items).await?))
}

async fn quote_pairs(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    pairs: &[(Ast, Ast)],
) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        out.push(Term::tuple([
            quote(cx, scope, env, k).await?,
            quote(cx, scope, env, v).await?,
        ]));
    }
    Ok(out)
}

async fn quote_clauses(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    clauses: &[Clause],
) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::with_capacity(clauses.len());
    for c in clauses {
        let mut head = quote_all(cx, scope, env, &c.patterns).await?;
        if let Some(g) = &c.guard {
            let guard = quote(cx, scope, env, g).await?;
            head = vec![Term::tuple([
                Term::atom_named("when"),
                Term::Nil,
                Term::list(head.into_iter().chain([guard]).collect()),
            ])];
        }
        let body = quote(cx, scope, env, &c.body).await?;
        out.push(Term::tuple([
            Term::atom_named("->"),
            Term::Nil,
            Term::list(vec![Term::list(head), body]),
        ]));
    }
    Ok(out)
}

async fn quote_parts(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    parts: &[Part],
) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push(Term::string(t)),
            Part::Expr(x) => {
                let inner = quote(cx, scope, env, x).await?;
                let to_string = Term::tuple([
                    Term::tuple([
                        Term::atom_named("."),
                        Term::Nil,
                        Term::list(vec![
                            Term::atom_named("Elixir.Kernel"),
                            Term::atom_named("to_string"),
                        ]),
                    ]),
                    Term::Nil,
                    Term::list(vec![inner]),
                ]);
                let binary = Term::tuple([
                    Term::atom_named("binary"),
                    Term::Nil,
                    Term::atom_named("Elixir"),
                ]);
                out.push(Term::tuple([
                    Term::atom_named("::"),
                    Term::Nil,
                    Term::list(vec![to_string, binary]),
                ]));
            }
        }
    }
    Ok(out)
}

/// The syntax a quoted term stands for, placed at `span`; `None` when the
/// term is not valid quoted code.
pub fn unquoted(t: &Term, span: Span) -> Option<Ast> {
    let node = |kind| Some(Ast::new(kind, span));
    match t {
        Term::Tuple(items) if items.len() == 3 => {
            let (head, meta, args) = (&items[0], &items[1], &items[2]);
            if !meta.is_list() {
                return node(Node::Tuple(vec![
                    unquoted(head, span)?,
                    unquoted(meta, span)?,
                    unquoted(args, span)?,
                ]));
            }
            three(head, meta, args, span)
        }
        Term::Tuple(items) if items.len() == 2 => node(Node::Tuple(vec![
            unquoted(&items[0], span)?,
            unquoted(&items[1], span)?,
        ])),
        Term::Nil | Term::List(_) => {
            let items = t.list_to_vec()?;
            if !items.is_empty() && items.iter().all(is_arrow) {
                return node(Node::Clauses(
                    items
                        .iter()
                        .map(|i| arrow(i, span))
                        .collect::<Option<_>>()?,
                ));
            }
            node(Node::List(
                items
                    .iter()
                    .map(|i| unquoted(i, span))
                    .collect::<Option<_>>()?,
            ))
        }
        Term::Int(i) => node(Node::Int(*i)),
        Term::Atom(a) => node(Node::Atom(a.name().to_owned())),
        Term::Binary(_) => node(Node::Value(crate::lang::ast::Value(t.clone()))),
        other => node(Node::Value(crate::lang::ast::Value(other.clone()))),
    }
}

fn three(head: &Term, meta: &Term, args: &Term, span: Span) -> Option<Ast> {
    let node = |kind| Some(Ast::new(kind, span));
    let arg_list = || -> Option<Vec<Ast>> {
        args.list_to_vec()?
            .iter()
            .map(|a| unquoted(a, span))
            .collect()
    };
    match head {
        Term::Atom(name) if args.as_atom().is_some() => node(Node::Var(name.name().to_owned())),
        Term::Atom(name) => match name.name() {
            "__aliases__" => {
                let parts = args.list_to_vec().filter(|p| !p.is_empty())?;
                let names: Option<Vec<String>> = parts
                    .iter()
                    .map(|p| {
                        p.as_atom()
                            .map(|a| a.name().trim_start_matches("Elixir.").to_owned())
                    })
                    .collect();
                node(Node::Alias(names?))
            }
            "__block__" => node(Node::Block(arg_list()?)),
            "{}" => node(Node::Tuple(arg_list()?)),
            "%{}" => node(Node::Map(pairs(args, span)?)),
            "<<>>" => node(Node::Bitstring(arg_list()?)),
            "fn" => node(Node::Fn(
                args.list_to_vec()?
                    .iter()
                    .map(|c| arrow(c, span))
                    .collect::<Option<_>>()?,
            )),
            "%" => {
                let a = args.list_to_vec()?;
                let name = unquoted(a.first()?, span)?;
                let fields = match a.get(1)?.as_tuple() {
                    Some([_, _, f]) => pairs(f, span)?,
                    _ => return None,
                };
                node(Node::Struct(Box::new(name), None, fields))
            }
            local if !operator_arity_fits(local, args) => None,
            local => {
                let no_parens = matches!(args, Term::Atom(_));
                node(Node::Call(Box::new(Call {
                    target: Target::Local(local.to_owned()),
                    args: if no_parens { Vec::new() } else { arg_list()? },
                    no_parens,
                })))
            }
        },
        Term::Tuple(dot) if dot.len() == 3 && dot[0].is_atom(Atom::new(".")) => {
            let parts = dot[2].list_to_vec()?;
            let target = match &parts[..] {
                [recv, fun] => Target::Remote(
                    Box::new(unquoted(recv, span)?),
                    fun.as_atom()?.name().to_owned(),
                ),
                [f] => Target::Anonymous(Box::new(unquoted(f, span)?)),
                _ => return None,
            };
            let no_parens = matches!(args, Term::Nil)
                && crate::term::build::keyword_get(meta, Atom::new("no_parens")).is_some();
            node(Node::Call(Box::new(Call {
                target,
                args: if matches!(args, Term::Atom(_)) {
                    Vec::new()
                } else {
                    arg_list()?
                },
                no_parens,
            })))
        }
        _ => None,
    }
}

/// An operator takes one or two arguments (`=` and the other binary ones
/// exactly two); quoted code with other counts is invalid.
fn operator_arity_fits(name: &str, args: &Term) -> bool {
    if name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        return match name {
            "when" | "in" | "and" | "or" => args.list_to_vec().is_some_and(|a| a.len() == 2),
            "not" => args.list_to_vec().is_some_and(|a| a.len() == 1),
            _ => true,
        };
    }
    let n = args.list_to_vec().map(|a| a.len()).unwrap_or(0);
    match name {
        "+" | "-" | "&" | "^" | "!" | "@" => n == 1 || n == 2,
        _ => n == 2,
    }
}

fn pairs(t: &Term, span: Span) -> Option<Vec<(Ast, Ast)>> {
    t.list_to_vec()?
        .iter()
        .map(|p| match p.as_tuple() {
            Some([k, v]) => Some((unquoted(k, span)?, unquoted(v, span)?)),
            _ => None,
        })
        .collect()
}

fn is_arrow(t: &Term) -> bool {
    matches!(t.as_tuple(), Some([h, _, _]) if h.is_atom(Atom::new("->")))
}

/// `{:->, meta, [[patterns], body]}` as a clause (a `when` in the head is the guard).
fn arrow(t: &Term, span: Span) -> Option<Clause> {
    let [_, _, parts] = t.as_tuple()? else {
        return None;
    };
    let parts = parts.list_to_vec()?;
    let [head, body] = &parts[..] else {
        return None;
    };
    let mut patterns = head.list_to_vec()?;
    let mut guard = None;
    if let [only] = &patterns[..] {
        if let Some([w, _, wargs]) = only.as_tuple() {
            if w.is_atom(Atom::new("when")) {
                let mut all = wargs.list_to_vec()?;
                guard = Some(unquoted(&all.pop()?, span)?);
                patterns = all;
            }
        }
    }
    Some(Clause {
        patterns: patterns
            .iter()
            .map(|p| unquoted(p, span))
            .collect::<Option<_>>()?,
        guard,
        body: unquoted(body, span)?,
        span,
    })
}

/// `ArgumentError` for a macro's result that is not quoted code.
pub fn invalid_quoted(t: &Term) -> Exception {
    Exception::argument_error(&format!(
        "tried to unquote invalid AST: {}\nDid you forget to escape term using Macro.escape/1?",
        crate::term::inspect::inspect(t)
    ))
}
