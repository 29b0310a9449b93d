//! Calls: special forms, operators, local functions (Kernel and the host's
//! helpers), remote calls through the code table, anonymous functions,
//! pipes and captures.

use super::control;
use super::env::Env;
use super::expr::{compile_error, eval, eval_all, eval_match, key_error, keyword_block, to_string};
use super::Scope;
use crate::lang::ast::{Ast, Node, Target};
use crate::lang::stdlib::logger;
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, Term};
use std::sync::Arc;

/// The module local calls fall back to (Elixir imports Kernel).
fn kernel() -> Atom {
    Atom::module("Kernel")
}

/// A local call `name(args)`.
pub async fn eval_local(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    name: &str,
    args: &[Ast],
) -> Result<Term, Exception> {
    cx.tick().await;
    match (name, args) {
        ("=", [pat, rhs]) => Box::pin(eval_match(cx, scope, env, e, pat, rhs)).await,
        ("if", [cond, block]) => {
            Box::pin(control::eval_if(cx, scope, env, cond, block, false)).await
        }
        ("unless", [cond, block]) => {
            Box::pin(control::eval_if(cx, scope, env, cond, block, true)).await
        }
        ("case", [subject, block]) => {
            Box::pin(control::eval_case(cx, scope, env, e, subject, block)).await
        }
        ("match?", [pat, subject]) => {
            let case = super::pattern::match_as_case(e, pat, subject);
            Box::pin(eval(cx, scope, env, &case)).await
        }
        ("cond", [block]) => Box::pin(control::eval_cond(cx, scope, env, e, block)).await,
        ("receive", [block]) => Box::pin(control::eval_receive(cx, scope, env, e, block)).await,
        ("try", [block]) => Box::pin(control::eval_try(cx, scope, env, e, block)).await,
        ("with", _) if !args.is_empty() => {
            Box::pin(control::eval_with(cx, scope, env, e, args)).await
        }
        ("for", _) if !args.is_empty() => {
            Box::pin(control::eval_for(cx, scope, env, e, args)).await
        }
        ("|>", [lhs, rhs]) => Box::pin(eval_pipe(cx, scope, env, lhs, rhs)).await,
        ("&", [inner]) => Box::pin(super::closure::capture(cx, scope, env, e, inner)).await,
        ("&&", [a, b]) => {
            let l = eval(cx, scope, env, a).await?;
            if control::truthy(&l) {
                eval(cx, scope, env, b).await
            } else {
                Ok(l)
            }
        }
        ("||", [a, b]) => {
            let l = eval(cx, scope, env, a).await?;
            if control::truthy(&l) {
                Ok(l)
            } else {
                eval(cx, scope, env, b).await
            }
        }
        ("and", [a, b]) => {
            let l = strict_bool(eval(cx, scope, env, a).await?, "and")?;
            if l {
                eval(cx, scope, env, b).await
            } else {
                Ok(Term::bool(false))
            }
        }
        ("or", [a, b]) => {
            let l = strict_bool(eval(cx, scope, env, a).await?, "or")?;
            if l {
                Ok(Term::bool(true))
            } else {
                eval(cx, scope, env, b).await
            }
        }
        ("!", [a]) => Ok(Term::bool(!control::truthy(
            &eval(cx, scope, env, a).await?,
        ))),
        ("not", [a]) => not(eval(cx, scope, env, a).await?),
        ("^", [v]) => Err(compile_error(
            scope,
            e,
            &format!("cannot use ^{} outside of match clauses", show(v)),
        )),
        ("<>", [a, b]) => {
            let (l, r) = (
                eval(cx, scope, env, a).await?,
                eval(cx, scope, env, b).await?,
            );
            concat(l, r)
        }
        ("..", [a, b]) => range(
            eval(cx, scope, env, a).await?,
            eval(cx, scope, env, b).await?,
            None,
        ),
        ("..//", [a, b, s]) => {
            let (first, last) = (
                eval(cx, scope, env, a).await?,
                eval(cx, scope, env, b).await?,
            );
            range(first, last, Some(eval(cx, scope, env, s).await?))
        }
        ("in", [a, b]) => Box::pin(member(cx, scope, env, a, b)).await,
        ("not in", [a, b]) => Ok(Term::bool(
            !Box::pin(member(cx, scope, env, a, b)).await?.is_truthy(),
        )),
        ("raise", _) => {
            let err = Box::pin(raise(cx, scope, env, args)).await?;
            cx.set_line(e.span.line);
            Err(err)
        }
        ("reraise", [ex @ .., stack]) if !ex.is_empty() && ex.len() <= 2 => {
            let mut err = Box::pin(raise(cx, scope, env, ex)).await?;
            err.stack = eval(cx, scope, env, stack).await?;
            Err(err)
        }
        ("require" | "import", [target, ..])
            if directive_module(scope, target).is_some_and(|m| cx.node().module(m).is_none()) =>
        {
            let module = directive_module(scope, target).unwrap_or(atom::NIL);
            Err(compile_error(
                scope,
                e,
                &format!(
                    "module {} is not loaded and could not be found",
                    module.module_display()
                ),
            ))
        }
        ("require" | "import" | "alias", [target, ..]) => {
            directive(scope, name, target, args.get(1))
        }
        ("binding", []) => Ok(crate::term::build::keyword(
            env.visible()
                .iter()
                .map(|(n, v)| (n.name(), v.clone()))
                .collect(),
        )),
        ("h", [subject]) if has_helper(scope, "h", 1) => {
            let subject = Box::pin(doc_subject(cx, scope, env, subject)).await?;
            call_function(cx, scope, env, e, name, vec![subject]).await
        }
        ("import_file", [path]) if has_helper(scope, "import_file", 1) => {
            let path = eval(cx, scope, env, path).await?;
            let Some(path) = path.as_str().map(std::path::PathBuf::from) else {
                return Err(Exception::argument_error(
                    "import_file/1 expects a string path",
                ));
            };
            Box::pin(crate::lang::module::load::import_file(
                cx, scope, env, &path,
            ))
            .await
        }
        ("defprotocol", [module, block]) => {
            Box::pin(crate::lang::module::protocol::defprotocol(
                cx, scope, e, module, block,
            ))
            .await
        }
        ("defimpl", _) if !args.is_empty() => {
            Box::pin(crate::lang::module::protocol::defimpl(cx, scope, e, args)).await
        }
        ("defmodule", [module, block]) => {
            Box::pin(crate::lang::module::define(cx, scope, e, module, block)).await
        }
        (
            "def" | "defp" | "defmacro" | "defmacrop" | "defstruct" | "defexception"
            | "defdelegate",
            _,
        ) => {
            let place = if scope.module.is_none() {
                "outside module"
            } else {
                "inside function/macro"
            };
            Err(compile_error(
                scope,
                e,
                &format!("cannot invoke {name}/{} {place}", args.len()),
            ))
        }
        ("@", _) => Err(compile_error(
            scope,
            e,
            "module attributes are only available inside modules",
        )),
        ("__block__", items) => Box::pin(super::expr::eval_block(cx, scope, env, items)).await,
        (".", [base, sub]) if matches!(sub.kind, Node::Alias(_)) => {
            let Node::Alias(parts) = &sub.kind else {
                unreachable!("checked above")
            };
            match eval(cx, scope, env, base).await?.as_atom() {
                Some(m) => Ok(Term::Atom(Atom::new(&format!(
                    "{}.{}",
                    m.name(),
                    parts.join(".")
                )))),
                None => Err(compile_error(
                    scope,
                    e,
                    "an alias must expand to an atom at compile time",
                )),
            }
        }
        ("quote", [kw]) => match keyword_block(kw, "do") {
            Some(body) => crate::lang::module::quote::quote(cx, scope, env, body).await,
            None => Err(compile_error(scope, e, "missing :do option in \"quote\"")),
        },
        _ => {
            if let Some(m) = local_macro(cx, scope, name, args.len()) {
                let fun = Atom::new(name);
                return Box::pin(crate::lang::module::macros::call_macro(
                    cx, scope, env, e, m, fun, args, false,
                ))
                .await;
            }
            let mut values = eval_all(cx, scope, env, args).await?;
            // Kernel's arithmetic, in a module's function: compiled inline
            // by the BEAM (not a module's body, nor an operator of the
            // module's own or imported in Kernel's place). Asked only of
            // an operator with a literal, or one that failed.
            let inline = |cx: &Ctx| env.in_function() && reaches_kernel(cx, scope, name, 2);
            if let [l, r] = args {
                if super::inline_arith::swaps(name, l, r) && inline(cx) {
                    // The literal has no effect to order: swapping after
                    // evaluating is evaluating swapped.
                    values.swap(0, 1);
                }
            }
            let result = call_function(cx, scope, env, e, name, values).await;
            match (result, args) {
                // A module's code is compiled by the BEAM: its inline
                // arithmetic fails bare, as the compiled code's does.
                (Err(err), [l, r]) if super::inline_arith::fails_bare(name, l, r) && inline(cx) => {
                    Err(super::inline_arith::bare(err))
                }
                (result, _) => result,
            }
        }
    }
}

/// True when a local call of `name/arity` reaches Kernel's function: the
/// module does not define it, and no `import Kernel` leaves it out.
fn reaches_kernel(cx: &Ctx, scope: &Scope, name: &str, arity: usize) -> bool {
    let fun = Atom::new(name);
    let own = scope.module.and_then(|m| cx.node().module(m));
    !own.is_some_and(|m| m.defines(fun, arity))
        && super::kernel_admits(&scope.imports.lock(), fun, arity)
}

/// The module whose macro a local call `name/arity` reaches, if any.
fn local_macro(cx: &Ctx, scope: &Scope, name: &str, arity: usize) -> Option<Atom> {
    let own_macros = scope.has_macros.load(std::sync::atomic::Ordering::Relaxed);
    if !own_macros && scope.imports.lock().is_empty() {
        return None;
    }
    crate::lang::module::macros::macro_module(cx, scope, None, Atom::new(name), arity)
}

fn has_helper(scope: &Scope, name: &str, arity: usize) -> bool {
    scope.helpers.as_ref().is_some_and(|h| h.has(name, arity))
}

/// What `h` documents, from its unevaluated argument: `Mod`, `Mod.fun`
/// (`{Mod, :fun}`) or `Mod.fun/2` (`{Mod, :fun, 2}`).
async fn doc_subject(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    subject: &Ast,
) -> Result<Term, Exception> {
    let (target, arity) = match (subject.local_name(), subject.as_call()) {
        (Some("/"), Some(c)) if c.args.len() == 2 => {
            (&c.args[0], super::pattern::literal(&c.args[1]))
        }
        _ => (subject, None),
    };
    if let Some(c) = target.as_call() {
        if let Target::Remote(recv, fun) = &c.target {
            if c.args.is_empty() {
                let module = eval(cx, scope, env, recv).await?;
                let mut parts = vec![module, Term::atom_named(fun)];
                parts.extend(arity);
                return Ok(Term::tuple(parts));
            }
        }
    }
    eval(cx, scope, env, target).await
}

/// A local function: a host helper, then Kernel.
async fn call_function(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &Env,
    e: &Ast,
    name: &str,
    args: Vec<Term>,
) -> Result<Term, Exception> {
    let fun = Atom::new(name);
    cx.set_line(e.span.line);
    if let Some(own) = scope.module.and_then(|m| cx.node().module(m)) {
        if own.defines(fun, args.len()) {
            return match own.apply_private(cx, fun, args) {
                Ok(running) => running.await,
                Err(args) => Err(crate::runtime::undefined_function(
                    own.name(),
                    fun,
                    &args,
                    true,
                )),
            };
        }
    }
    if let Some(h) = &scope.helpers {
        if h.has(name, args.len()) {
            return h.call(cx, env, name, args).await;
        }
    }
    let imported = scope.imports.lock().iter().rev().find_map(|i| {
        (i.admits(fun, args.len())
            && cx
                .node()
                .module(i.module)
                .is_some_and(|m| m.exports_fun(fun, args.len())))
        .then_some(i.module)
    });
    if let Some(m) = imported {
        return cx.apply(m, fun, args).await;
    }
    let k = kernel();
    let exported = cx
        .node()
        .module(k)
        .is_some_and(|m| m.exports_fun(Atom::new(name), args.len()));
    if !exported {
        return Err(compile_error(
            scope,
            e,
            &format!(
                "undefined function {name}/{} (there is no such import)",
                args.len()
            ),
        ));
    }
    cx.apply(k, Atom::new(name), args).await
}

/// `recv.fun(args)`: a module function, or a map's key when `recv` is a map
/// and there are no parentheses.
#[allow(clippy::too_many_arguments)]
pub async fn eval_remote(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    _e: &Ast,
    recv: &Ast,
    fun: &str,
    args: &[Ast],
    no_parens: bool,
) -> Result<Term, Exception> {
    cx.tick().await;
    let target = eval(cx, scope, env, recv).await?;
    if let Term::Map(m) = &target {
        if no_parens && args.is_empty() {
            let key = Term::atom_named(fun);
            return m
                .get(&key)
                .cloned()
                .ok_or_else(|| key_error(key, target.clone()));
        }
    }
    let Some(module) = target.as_atom() else {
        let values = eval_all(cx, scope, env, args).await?;
        return Err(not_a_module(target, Atom::new(fun), values));
    };
    if no_parens && args.is_empty() && fun.starts_with(|c: char| c.is_ascii_uppercase()) {
        // `__MODULE__.Sub`: an alias under the module.
        return Ok(Term::Atom(Atom::new(&format!("{}.{fun}", module.name()))));
    }
    let fun_atom = Atom::new(fun);
    if crate::lang::module::macros::macro_module(cx, scope, Some(module), fun_atom, args.len())
        .is_some()
    {
        return Box::pin(crate::lang::module::macros::call_macro(
            cx, scope, env, _e, module, fun_atom, args, true,
        ))
        .await;
    }
    if module == Atom::module("Logger")
        && scope.is_required(module)
        && logger_level_literal(fun, args).is_some_and(|level| !logger::passes(cx, level))
    {
        // As the macro expands: a message the level filters out is not evaluated.
        return Ok(Term::ok());
    }
    if module == Atom::module("Logger")
        && scope.is_required(module)
        && logs_at_run_time_level(fun, args)
    {
        // The level once, then its check; the message only if it passes.
        let level = eval(cx, scope, env, &args[0]).await?;
        if level
            .as_atom()
            .is_some_and(|l| !logger::passes(cx, l.name()))
        {
            return Ok(Term::ok());
        }
        let mut values = vec![level];
        values.extend(eval_all(cx, scope, env, &args[1..]).await?);
        cx.set_line(_e.span.line);
        return cx.apply(module, fun_atom, values).await;
    }
    let values = eval_all(cx, scope, env, args).await?;
    cx.set_line(_e.span.line);
    if module == Atom::module("Logger") && is_logger_macro(fun) && !scope.is_required(module) {
        return Err(logger_not_required(fun, values.len(), &values));
    }
    cx.apply(module, Atom::new(fun), values).await
}

/// The level a call of Logger's macro `fun` logs at, when it is known
/// before its arguments run: the macro's name, or `log/2,3`'s literal
/// level.
pub(crate) fn logger_level_literal<'a>(fun: &'a str, args: &'a [Ast]) -> Option<&'a str> {
    match fun {
        "log" => match args.first().map(|a| &a.kind) {
            Some(Node::Atom(level)) => Some(level),
            _ => None,
        },
        f if is_logger_macro(f) => Some(f),
        _ => None,
    }
}

/// True for `Logger.log/2,3` with a level that is not a literal: known
/// only when the call runs.
pub(crate) fn logs_at_run_time_level(fun: &str, args: &[Ast]) -> bool {
    fun == "log" && (2..=3).contains(&args.len()) && logger_level_literal(fun, args).is_none()
}

/// True for Logger's macros, which need `require Logger`.
pub(crate) fn is_logger_macro(fun: &str) -> bool {
    matches!(
        fun,
        "debug"
            | "info"
            | "notice"
            | "warning"
            | "warn"
            | "error"
            | "critical"
            | "alert"
            | "emergency"
            | "log"
    )
}

fn logger_not_required(fun: &str, arity: usize, args: &[Term]) -> Exception {
    let msg = format!(
        "function Logger.{fun}/{arity} is undefined or private. However there is a macro with the same name and arity. Be sure to require Logger if you intend to invoke this macro"
    );
    let frame = Term::tuple([
        Term::atom_named("Elixir.Logger"),
        Term::atom_named(fun),
        Term::list(args.to_vec()),
        Term::Nil,
    ]);
    Exception::error(exception_struct(
        Atom::module("UndefinedFunctionError"),
        vec![
            ("module", Term::atom_named("Elixir.Logger")),
            ("function", Term::atom_named(fun)),
            ("arity", Term::int(arity as i64)),
            ("reason", Term::nil()),
            ("message", Term::string(&msg)),
        ],
    ))
    .with_stack(Term::list(vec![frame]))
}

/// `f.(args)`.
pub async fn eval_anonymous(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    f: &Ast,
    args: &[Ast],
) -> Result<Term, Exception> {
    cx.tick().await;
    let fun = eval(cx, scope, env, f).await?;
    let values = eval_all(cx, scope, env, args).await?;
    cx.set_line(f.span.line);
    apply_fun(cx, &fun, values).await
}

/// `lhs |> f(args)` is `f(lhs, args)`.
async fn eval_pipe(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    lhs: &Ast,
    rhs: &Ast,
) -> Result<Term, Exception> {
    if let Node::Var(name) = &rhs.kind {
        // `x |> hd` is `hd(x)`: a bare name is a call without parentheses.
        let piped = Ast::local(name, vec![lhs.clone()], rhs.span);
        return eval(cx, scope, env, &piped).await;
    }
    let Node::Call(c) = &rhs.kind else {
        return Err(compile_error(
            scope,
            rhs,
            "cannot pipe into an expression that is not a call",
        ));
    };
    let mut call = (**c).clone();
    call.args.insert(0, lhs.clone());
    call.no_parens = false;
    let piped = Ast::new(Node::Call(Box::new(call)), rhs.span);
    eval(cx, scope, env, &piped).await
}

fn strict_bool(v: Term, op: &str) -> Result<bool, Exception> {
    match v {
        Term::Atom(a) if a.is_boolean() => Ok(a == atom::TRUE),
        other => Err(bad_boolean(other, Atom::new(op))),
    }
}

/// `BadBooleanError`: `term` on the left of `and`/`or`.
pub fn bad_boolean(term: Term, op: Atom) -> Exception {
    Exception::error(exception_struct(
        Atom::module("BadBooleanError"),
        vec![("term", term), ("operator", Term::Atom(op))],
    ))
}

/// `not 1` raises a plain `ArgumentError`, with the BIF's frame.
fn badarg_not(v: Term) -> Exception {
    Exception::argument_error("argument error").with_stack(Term::list(vec![Term::tuple([
        Term::atom_named("erlang"),
        Term::atom_named("not"),
        Term::list(vec![v]),
        Term::Nil,
    ])]))
}

pub(crate) fn concat(l: Term, r: Term) -> Result<Term, Exception> {
    match (&l, &r) {
        // Appending grows the left binary in place when it can, as the
        // BEAM's append optimisation does: a loop of `acc <> x` is linear.
        (Term::Binary(a), Term::Binary(b)) => Ok(Term::Binary(a.append(b))),
        _ => Err(Exception::argument_error(&format!(
            "expected binary argument in <> operator but got: {}",
            crate::term::inspect::inspect(if matches!(l, Term::Binary(_)) { &r } else { &l })
        ))),
    }
}

/// `first..last` or `first..last//step` as a `%Range{}`.
pub fn range(first: Term, last: Term, step: Option<Term>) -> Result<Term, Exception> {
    let (Some(f), Some(l)) = (first.as_int(), last.as_int()) else {
        return Err(Exception::argument_error(&format!(
            "ranges (first..last) expect both sides to be integers, got: {}..{}",
            crate::term::inspect::inspect(&first),
            crate::term::inspect::inspect(&last)
        )));
    };
    let step = match step {
        Some(Term::Int(s)) if s != 0 => s,
        Some(other) => {
            return Err(Exception::argument_error(&format!(
                "the step to be a non-zero integer, got: {}",
                crate::term::inspect::inspect(&other)
            )))
        }
        None => {
            if f <= l {
                1
            } else {
                -1
            }
        }
    };
    Ok(crate::term::build::structure(
        crate::atom!("Elixir.Range"),
        vec![
            ("first", Term::int(f)),
            ("last", Term::int(l)),
            ("step", Term::int(step)),
        ],
    ))
}

async fn member(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    a: &Ast,
    b: &Ast,
) -> Result<Term, Exception> {
    let x = eval(cx, scope, env, a).await?;
    let coll = eval(cx, scope, env, b).await?;
    cx.apply(Atom::module("Enum"), Atom::new("member?"), vec![coll, x])
        .await
}

/// Builds the exception `raise` raises.
async fn raise(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    args: &[Ast],
) -> Result<Exception, Exception> {
    let values = eval_all(cx, scope, env, args).await?;
    raised(cx, values).await
}

/// `target.fun(args...)` with `target` a value, for compiled code that
/// did not find a compiled function there to enter. A target that is no
/// module raises `ArgumentError`, as on the BEAM.
pub async fn apply_to_value(
    cx: &mut Ctx,
    target: Term,
    fun: Atom,
    args: Vec<Term>,
) -> Result<Term, Exception> {
    let Some(module) = target.as_atom() else {
        return Err(not_a_module(target, fun, args));
    };
    cx.apply(module, fun, args).await
}

/// The error of applying `fun` with `args` on `target`, which is no
/// module, from `:erlang.apply/3` as on the BEAM.
fn not_a_module(target: Term, fun: Atom, args: Vec<Term>) -> Exception {
    let message = format!(
        "you attempted to apply a function on {}. Modules (the first argument of apply) must always be an atom",
        crate::term::inspect::inspect(&target)
    );
    let frame = Term::tuple([
        Term::atom_named("erlang"),
        Term::atom_named("apply"),
        Term::list(vec![target, Term::Atom(fun), Term::list(args)]),
        Term::list(Vec::new()),
    ]);
    Exception::argument_error(&message).with_stack(Term::list(vec![frame]))
}

/// `not value`: a boolean's negation, `badarg` for anything else.
pub fn not(value: Term) -> Result<Term, Exception> {
    match value {
        Term::Atom(b) if b.is_boolean() => Ok(Term::bool(b == atom::FALSE)),
        other => Err(badarg_not(other)),
    }
}

/// `not/1` as a native function, for compiled code.
pub fn not_native(_cx: &mut Ctx, mut args: Vec<Term>) -> Result<Term, Exception> {
    not(args.pop().unwrap_or(Term::Nil))
}

/// `first..last//step` as a native function, for compiled code.
pub fn stepped_range_native(_cx: &mut Ctx, args: Vec<Term>) -> Result<Term, Exception> {
    let mut args = args.into_iter();
    let mut next = || args.next().unwrap_or(Term::Nil);
    let (first, last, step) = (next(), next(), next());
    range(first, last, Some(step))
}

/// `raise/1,2` as a native function of compiled code.
pub fn raise_native(cx: &mut Ctx, args: Vec<Term>) -> CallFuture<'_> {
    Box::pin(async move { Err(raised(cx, args).await.unwrap_or_else(|e| e)) })
}

/// `reraise/2,3` as a native function of compiled code: the stacktrace last.
pub fn reraise_native(cx: &mut Ctx, mut args: Vec<Term>) -> CallFuture<'_> {
    Box::pin(async move {
        let stack = args.pop().unwrap_or(Term::Nil);
        Err(match raised(cx, args).await {
            Ok(mut e) => {
                e.stack = stack;
                e
            }
            Err(e) => e,
        })
    })
}

/// The exception `raise` raises given its arguments' values (a message, a
/// module and options, an exception), or the error in making it.
async fn raised(cx: &mut Ctx, values: Vec<Term>) -> Result<Exception, Exception> {
    let ex = match &values[..] {
        [Term::Binary(_)] => exception_struct(atom::RUNTIME_ERROR, vec![("message", values[0].clone())]),
        [Term::Atom(m)] => exception_of(cx, *m, Term::Nil).await?,
        [Term::Atom(m), Term::Binary(_)] if !defines_exception(cx, *m) => {
            let opts = crate::term::build::keyword(vec![("message", values[1].clone())]);
            exception_of(cx, *m, opts).await?
        }
        [Term::Atom(m), opts] => exception_of(cx, *m, opts.clone()).await?,
        [ex] if crate::term::exception::is_exception(ex) => ex.clone(),
        [other, ..] => {
            return Err(Exception::argument_error(&format!(
                "raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: {}",
                crate::term::inspect::inspect(other)
            )))
        }
        [] => return Err(Exception::argument_error("raise/0 is undefined")),
    };
    Ok(Exception::error(ex))
}

/// `Mod.exception(opts)`, or a struct with `message:` for the exceptions riex knows natively.
/// True when `m` defines its own `exception/1`, which `raise m, attrs`
/// calls with `attrs` as they are (a message string included), as
/// `Kernel.raise/2` does.
fn defines_exception(cx: &Ctx, m: Atom) -> bool {
    cx.node()
        .module(m)
        .is_some_and(|module| module.exports_fun(Atom::new("exception"), 1))
}

async fn exception_of(cx: &mut Ctx, m: Atom, opts: Term) -> Result<Term, Exception> {
    if defines_exception(cx, m) {
        return cx.apply(m, Atom::new("exception"), vec![opts]).await;
    }
    let message = crate::term::build::keyword_get(&opts, atom::MESSAGE)
        .unwrap_or_else(|| Term::string(default_message(m)));
    let message = match message {
        Term::Binary(_) => message,
        other => Term::string(&to_string(&other)?),
    };
    Ok(exception_struct(m, vec![("message", message)]))
}

fn default_message(m: Atom) -> &'static str {
    match m.name() {
        "Elixir.ArgumentError" => "argument error",
        "Elixir.ArithmeticError" => "bad argument in arithmetic expression",
        _ => "runtime error",
    }
}

pub(crate) fn directive(
    scope: &Scope,
    name: &str,
    target: &Ast,
    opts: Option<&Ast>,
) -> Result<Term, Exception> {
    if let Some(c) = target.as_call() {
        // `alias Parent.{A, B}`: each child under the parent.
        if let (Target::Remote(base, curly), "alias") = (&c.target, name) {
            if curly == "{}" {
                let Node::Alias(parent) = &base.kind else {
                    return Ok(Term::nil());
                };
                let mut modules = Vec::new();
                for child in &c.args {
                    if let Node::Alias(parts) = &child.kind {
                        let full: Vec<String> = parent.iter().chain(parts).cloned().collect();
                        let module = scope.resolve_alias(&full);
                        add_alias(scope, parts.last().cloned().unwrap_or_default(), module);
                        modules.push(Term::Atom(module));
                    }
                }
                return Ok(Term::list(modules));
            }
        }
    }
    let Some(module) = directive_module(scope, target) else {
        return Ok(Term::nil());
    };
    match name {
        "require" => {
            let mut requires = scope.requires.lock();
            if !requires.contains(&module) {
                requires.push(module);
            }
        }
        "alias" => {
            let short = match opts.and_then(|o| keyword_block(o, "as")) {
                Some(Ast {
                    kind: Node::Alias(p),
                    ..
                }) => p.join("."),
                _ => module.name().rsplit('.').next().unwrap_or("").to_owned(),
            };
            add_alias(scope, short, module);
        }
        "import" => {
            let import = import_of(module, opts);
            let mut imports = scope.imports.lock();
            imports.retain(|i| i.module != module);
            imports.push(import);
        }
        _ => {}
    }
    Ok(Term::Atom(module))
}

/// `import module` with its `only:` and `except:` options.
fn import_of(module: Atom, opts: Option<&Ast>) -> super::Import {
    let list = |key: &str| {
        opts.and_then(|o| keyword_block(o, key))
            .and_then(super::pattern::literal)
            .and_then(|l| l.list_to_vec())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|kv| match kv.as_tuple() {
                        Some([Term::Atom(f), Term::Int(a)]) => Some((*f, *a as usize)),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
    };
    super::Import {
        module,
        only: list("only"),
        except: list("except").unwrap_or_default(),
    }
}

/// The import `import target, opts` makes, when `target` names a module.
pub(crate) fn import_directive(
    scope: &Scope,
    target: &Ast,
    opts: Option<&Ast>,
) -> Option<super::Import> {
    directive_module(scope, target).map(|m| import_of(m, opts))
}

/// The module a directive names: an alias, an atom, `__MODULE__` or `__MODULE__.Sub`.
fn directive_module(scope: &Scope, target: &Ast) -> Option<Atom> {
    match &target.kind {
        Node::Alias(parts) => Some(scope.resolve_alias(parts)),
        Node::Atom(a) => Some(Atom::new(a)),
        Node::Value(v) => v.0.as_atom(),
        Node::Var(n) if n == "__MODULE__" => scope.module,
        Node::Call(c) if target.local_name() == Some(".") && c.args.len() == 2 => {
            let base = directive_module(scope, &c.args[0])?;
            let Node::Alias(parts) = &c.args[1].kind else {
                return None;
            };
            Some(Atom::new(&format!("{}.{}", base.name(), parts.join("."))))
        }
        Node::Call(c) => match &c.target {
            Target::Remote(recv, sub) if c.no_parens && c.args.is_empty() => {
                let base = directive_module(scope, recv)?;
                Some(Atom::new(&format!("{}.{sub}", base.name())))
            }
            _ => None,
        },
        _ => None,
    }
}

fn add_alias(scope: &Scope, short: String, module: Atom) {
    let mut aliases = scope.aliases.lock();
    if !aliases.iter().any(|(s, m)| *s == short && *m == module) {
        aliases.push((short, module));
    }
}

fn show(a: &Ast) -> String {
    match &a.kind {
        Node::Var(n) => n.clone(),
        _ => "expression".into(),
    }
}
