//! Control flow: `if`/`unless`, `case`, `cond`, `receive`, `try`, `with`, `for`.

use super::env::Env;
use super::expr::{compile_error, eval, eval_scoped, keyword_block, pattern_error};
use super::guard;
use super::pattern::{self};
use super::Scope;
use crate::lang::ast::{Ast, Clause, Node};
use crate::runtime::Ctx;
use crate::term::exception::{exception_struct, normalize};
use crate::term::{atom, Atom, Exception, Kind, Term};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

/// Elixir truthiness: all but `false` and `nil`.
pub fn truthy(t: &Term) -> bool {
    t.is_truthy()
}

fn clauses_of(block: Option<&Ast>) -> &[Clause] {
    match block.map(|b| &b.kind) {
        Some(Node::Clauses(c)) => c,
        _ => &[],
    }
}

/// `if`/`unless cond, do: a, else: b`.
pub async fn eval_if(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    cond: &Ast,
    block: &Ast,
    negate: bool,
) -> Result<Term, Exception> {
    let c = truthy(&eval(cx, scope, env, cond).await?) != negate;
    let branch = if c {
        keyword_block(block, "do")
    } else {
        keyword_block(block, "else")
    };
    match branch {
        Some(b) => eval_scoped(cx, scope, env, b).await,
        None => Ok(Term::nil()),
    }
}

/// Tries `clauses` on `value` in order; evaluates the body of the first that
/// matches (with its guard); `None` when none does.
async fn run_clauses(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    clauses: &[Clause],
    value: &Term,
) -> Option<Result<Term, Exception>> {
    for clause in clauses {
        let mark = env.mark();
        let pat = clause.patterns.first()?;
        match pattern::matches(pat, value, env) {
            Ok(true) if guard::holds(clause.guard.as_ref(), env) => {
                let r = eval(cx, scope, env, &clause.body).await;
                env.restore(mark);
                return Some(r);
            }
            Ok(_) => env.restore(mark),
            Err(err) => {
                env.restore(mark);
                return Some(Err(pattern_error(scope, e, err)));
            }
        }
    }
    None
}

/// `CaseClauseError`, `WithClauseError`: no clause took `value`.
pub fn clause_error(module: &str, value: Term) -> Exception {
    Exception::error(exception_struct(
        Atom::module(module),
        vec![("term", value)],
    ))
}

/// `case subject do clauses end`.
pub async fn eval_case(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    subject: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    let value = eval(cx, scope, env, subject).await?;
    let clauses = clauses_of(keyword_block(block, "do"));
    match run_clauses(cx, scope, env, e, clauses, &value).await {
        Some(r) => r,
        None => Err(clause_error("CaseClauseError", value)),
    }
}

/// `cond do conditions end`.
pub async fn eval_cond(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    _e: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    for clause in clauses_of(keyword_block(block, "do")) {
        let Some(condition) = clause.patterns.first() else {
            continue;
        };
        if truthy(&eval(cx, scope, env, condition).await?) {
            return eval_scoped(cx, scope, env, &clause.body).await;
        }
    }
    Err(cond_clause_error())
}

/// `CondClauseError`: no condition held.
pub fn cond_clause_error() -> Exception {
    Exception::error(exception_struct(
        Atom::module("CondClauseError"),
        vec![(
            "message",
            Term::string("no cond clause evaluated to a truthy value"),
        )],
    ))
}

/// The wait a `receive`'s `after` value asks for: `None` for `:infinity`.
pub fn receive_timeout(t: &Term) -> Result<Option<Duration>, Exception> {
    match t {
        Term::Int(ms) if *ms >= 0 => Ok(Some(Duration::from_millis(*ms as u64))),
        t if t.is_atom(atom::INFINITY) => Ok(None),
        other => Err(Exception::argument_error(&format!(
            "timeout value in receive after must be an integer or :infinity, got: {other}"
        ))),
    }
}

/// `receive do clauses after t -> body end`.
pub async fn eval_receive(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    let clauses = clauses_of(keyword_block(block, "do"));
    let after = clauses_of(keyword_block(block, "after")).first();
    let timeout = match after {
        Some(a) => {
            let t = match a.patterns.first() {
                Some(p) => eval(cx, scope, env, p).await?,
                None => Term::atom(atom::INFINITY),
            };
            receive_timeout(&t)?
        }
        None => None,
    };
    let base = env.clone();
    let picked = cx
        .receive(
            |msg| {
                for (i, clause) in clauses.iter().enumerate() {
                    let mut scratch = base.clone();
                    let mark = scratch.mark();
                    let pat = clause.patterns.first()?;
                    if pattern::matches(pat, msg, &mut scratch).unwrap_or(false)
                        && guard::holds(clause.guard.as_ref(), &scratch)
                    {
                        return Some((i, scratch.since(mark)));
                    }
                }
                None
            },
            if after.is_some() { timeout } else { None },
        )
        .await;
    let mark = env.mark();
    let result = match picked {
        Some((i, bindings)) => {
            for (n, v) in bindings {
                env.bind(n, v);
            }
            eval(cx, scope, env, &clauses[i].body).await
        }
        None => match after {
            Some(a) => eval(cx, scope, env, &a.body).await,
            None => Err(compile_error(scope, e, "receive without clauses")),
        },
    };
    env.restore(mark);
    result
}

/// `try do ... rescue ... catch ... else ... after ... end`.
pub async fn eval_try(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    let body = keyword_block(block, "do");
    let outcome = match body {
        Some(b) => eval_scoped(cx, scope, env, b).await,
        None => Ok(Term::nil()),
    };
    let result = match outcome {
        Ok(v) => match keyword_block(block, "else") {
            Some(els) => match run_clauses(cx, scope, env, e, clauses_of(Some(els)), &v).await {
                Some(r) => r,
                None => Err(clause_error("TryClauseError", v)),
            },
            None => Ok(v),
        },
        Err(ex) => handle(cx, scope, env, e, block, ex).await,
    };
    if let Some(after) = keyword_block(block, "after") {
        eval_scoped(cx, scope, env, after).await?;
    }
    result
}

async fn handle(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    block: &Ast,
    ex: Exception,
) -> Result<Term, Exception> {
    if ex.kind == Kind::Error {
        let value = normalize(&ex.reason);
        for clause in clauses_of(keyword_block(block, "rescue")) {
            let mark = env.mark();
            if rescues(clause, &value, env) {
                env.bind(Atom::new("__STACKTRACE__"), ex.stack.clone());
                let r = eval(cx, scope, env, &clause.body).await;
                env.restore(mark);
                return r;
            }
            env.restore(mark);
        }
    }
    let kind = Term::atom(ex.kind.atom());
    for clause in clauses_of(keyword_block(block, "catch")) {
        let mark = env.mark();
        let ok = match &clause.patterns[..] {
            [k, v] => {
                pattern::matches(k, &kind, env).unwrap_or(false)
                    && pattern::matches(v, &ex.reason, env).unwrap_or(false)
            }
            [v] => ex.kind == Kind::Throw && pattern::matches(v, &ex.reason, env).unwrap_or(false),
            _ => false,
        };
        if ok && guard::holds(clause.guard.as_ref(), env) {
            env.bind(Atom::new("__STACKTRACE__"), ex.stack.clone());
            let r = eval(cx, scope, env, &clause.body).await;
            env.restore(mark);
            return r;
        }
        env.restore(mark);
    }
    let _ = e;
    Err(ex)
}

/// A `rescue` clause: `e in [A, B]`, `A`, `e`, `_`.
fn rescues(clause: &Clause, value: &Term, env: &mut Env) -> bool {
    let Some(pat) = clause.patterns.first() else {
        return false;
    };
    let name = value.struct_name();
    let names = |a: &Ast| -> bool {
        match &a.kind {
            Node::Alias(parts) => name == Some(Atom::module(&parts.join("."))),
            Node::Value(v) => name.is_some() && v.0.as_atom() == name,
            _ => false,
        }
    };
    let is_one_of = |a: &Ast| -> bool {
        match &a.kind {
            Node::List(items) => items.iter().any(names),
            _ => names(a),
        }
    };
    match &pat.kind {
        Node::Alias(_) | Node::Value(_) | Node::List(_) => is_one_of(pat),
        Node::Var(_) => pattern::matches(pat, value, env).unwrap_or(false),
        Node::Call(c) if pat.local_name() == Some("in") && c.args.len() == 2 => {
            is_one_of(&c.args[1]) && pattern::matches(&c.args[0], value, env).unwrap_or(false)
        }
        _ => false,
    }
}

/// `with p <- e, ... do body else clauses end`.
pub async fn eval_with(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    args: &[Ast],
) -> Result<Term, Exception> {
    let (steps, opts) = args.split_at(args.len() - 1);
    let opts = &opts[0];
    let mark = env.mark();
    for step in steps {
        match (step.local_name(), step.as_call()) {
            (Some("<-"), Some(c)) => {
                let value = eval(cx, scope, env, &c.args[1]).await?;
                let (pat, guard_ast) = split_when(&c.args[0]);
                let ok = pattern::matches(pat, &value, env)
                    .map_err(|err| pattern_error(scope, e, err))?
                    && guard::holds(guard_ast, env);
                if !ok {
                    env.restore(mark);
                    return match keyword_block(opts, "else") {
                        Some(els) => {
                            match run_clauses(cx, scope, env, e, clauses_of(Some(els)), &value)
                                .await
                            {
                                Some(r) => r,
                                None => Err(clause_error("WithClauseError", value)),
                            }
                        }
                        None => Ok(value),
                    };
                }
            }
            _ => {
                eval(cx, scope, env, step).await?;
            }
        }
    }
    let r = match keyword_block(opts, "do") {
        Some(body) => eval(cx, scope, env, body).await,
        None => Ok(Term::nil()),
    };
    env.restore(mark);
    r
}

fn split_when(pat: &Ast) -> (&Ast, Option<&Ast>) {
    match (pat.local_name(), pat.as_call()) {
        (Some("when"), Some(c)) if c.args.len() == 2 => (&c.args[0], Some(&c.args[1])),
        _ => (pat, None),
    }
}

/// `for generators, filters, into: x, uniq: b, do: body`, or
/// `for generators, filters, reduce: acc do clauses end`.
pub async fn eval_for(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    args: &[Ast],
) -> Result<Term, Exception> {
    let Some((quals, opts)) = for_parts(args) else {
        return Err(compile_error(scope, e, "missing :do option in \"for\""));
    };
    let opts = &*opts;
    if let Some(message) = invalid_for_options(opts) {
        // Code the shell's checker did not see (a module's function).
        return Err(compile_error(scope, e, &message));
    }
    let body = keyword_block(opts, "do").expect("checked by for_parts");
    let mut sink = match keyword_block(opts, "reduce") {
        Some(init) => Sink::Reduce(eval(cx, scope, env, init).await?),
        None => Sink::List(Vec::new()),
    };
    let mark = env.mark();
    comprehend(cx, scope, env, e, quals, body, &mut sink).await?;
    env.restore(mark);
    let mut out = match sink {
        Sink::Reduce(acc) => return Ok(acc),
        Sink::List(out) => out,
    };
    if let Some(u) = keyword_block(opts, "uniq") {
        if truthy(&eval(cx, scope, env, u).await?) {
            let mut seen = crate::term::TMap::new();
            out.retain(|t| {
                let new = seen.get(t).is_none();
                if new {
                    seen = seen.put(t.clone(), Term::Nil);
                }
                new
            });
        }
    }
    match keyword_block(opts, "into") {
        Some(into) => {
            let target = eval(cx, scope, env, into).await?;
            cx.apply(
                Atom::module("Enum"),
                Atom::new("into"),
                vec![Term::list(out), target],
            )
            .await
        }
        None => Ok(Term::list(out)),
    }
}

/// A `for`'s generators and filters, and its options with the `do` block:
/// `for x <- xs, reduce: 0 do ... end` gives its options and its `do`
/// block as two keyword lists, which Elixir joins.
pub fn for_parts(args: &[Ast]) -> Option<(&[Ast], Cow<'_, Ast>)> {
    let (last, rest) = args.split_last()?;
    let Node::List(block) = &last.kind else {
        return None;
    };
    keyword_block(last, "do")?;
    match rest.split_last() {
        Some((opts, quals)) if is_keyword_list(opts) => {
            let Node::List(items) = &opts.kind else {
                unreachable!("a keyword list")
            };
            let joined = items.iter().chain(block).cloned().collect();
            Some((quals, Cow::Owned(Ast::new(Node::List(joined), opts.span))))
        }
        _ => Some((rest, Cow::Borrowed(last))),
    }
}

/// What Elixir's compiler says of `for args`, if it refuses its options.
pub fn for_error(args: &[Ast]) -> Option<String> {
    for_parts(args).and_then(|(_, opts)| invalid_for_options(&opts))
}

/// What Elixir's compiler says of a `for`'s options, if it refuses them.
pub fn invalid_for_options(opts: &Ast) -> Option<String> {
    let uniq = keyword_block(opts, "uniq");
    if let Some(u) = uniq {
        if !matches!(&u.kind, Node::Atom(b) if b == "true" || b == "false") {
            let shown = match &u.kind {
                Node::Var(v) => v.clone(),
                Node::Int(i) => i.to_string(),
                Node::Atom(a) => format!(":{a}"),
                _ => "the given expression".into(),
            };
            return Some(format!(
                ":uniq option for comprehensions only accepts a boolean, got: {shown}"
            ));
        }
    }
    keyword_block(opts, "reduce")?;
    if uniq.is_some() || keyword_block(opts, "into").is_some() {
        return Some("cannot use :reduce alongside :into/:uniq in comprehension".into());
    }
    match keyword_block(opts, "do").map(|b| &b.kind) {
        Some(Node::Clauses(c)) if c.iter().all(|c| c.patterns.len() == 1) => None,
        _ => Some("when using :reduce with comprehensions, the do block must be written using acc -> expr clauses, where each clause expects the accumulator as a single argument".into()),
    }
}

/// `[key: value, ...]`, not empty.
fn is_keyword_list(e: &Ast) -> bool {
    let Node::List(items) = &e.kind else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|i| {
            matches!(&i.kind, Node::Tuple(kv) if kv.len() == 2 && matches!(kv[0].kind, Node::Atom(_)))
        })
}

/// Where a comprehension's bodies go: collected in a list, or each given
/// the accumulator (`reduce:`), whose clauses it runs as `case` would.
enum Sink {
    List(Vec<Term>),
    Reduce(Term),
}

impl Sink {
    async fn take(
        &mut self,
        cx: &mut Ctx,
        scope: &Arc<Scope>,
        env: &mut Env,
        e: &Ast,
        body: &Ast,
    ) -> Result<(), Exception> {
        match self {
            Sink::List(out) => out.push(eval(cx, scope, env, body).await?),
            Sink::Reduce(acc) => {
                let clauses = clauses_of(Some(body));
                *acc = match run_clauses(cx, scope, env, e, clauses, acc).await {
                    Some(r) => r?,
                    None => return Err(clause_error("CaseClauseError", acc.clone())),
                };
            }
        }
        Ok(())
    }
}

fn comprehend<'a>(
    cx: &'a mut Ctx,
    scope: &'a Arc<Scope>,
    env: &'a mut Env,
    e: &'a Ast,
    quals: &'a [Ast],
    body: &'a Ast,
    out: &'a mut Sink,
) -> futures::future::BoxFuture<'a, Result<(), Exception>> {
    Box::pin(async move {
        let Some((first, rest)) = quals.split_first() else {
            return out.take(cx, scope, env, e, body).await;
        };
        match (first.local_name(), first.as_call()) {
            (Some("<-"), Some(c)) => {
                let coll = eval(cx, scope, env, &c.args[1]).await?;
                // As Elixir's `for`, in `Enum.reduce/3`'s order (a large
                // map's fold order).
                let items: Vec<Term> = crate::lang::stdlib::enumerable::iter_reduced(cx, &coll)
                    .await?
                    .collect();
                let (pat, guard_ast) = split_when(&c.args[0]);
                for item in items {
                    let mark = env.mark();
                    let ok = pattern::matches(pat, &item, env)
                        .map_err(|err| pattern_error(scope, e, err))?
                        && guard::holds(guard_ast, env);
                    if ok {
                        comprehend(cx, scope, env, e, rest, body, out).await?;
                    }
                    env.restore(mark);
                }
                Ok(())
            }
            _ => {
                if truthy(&eval(cx, scope, env, first).await?) {
                    comprehend(cx, scope, env, e, rest, body, out).await?;
                }
                Ok(())
            }
        }
    })
}
