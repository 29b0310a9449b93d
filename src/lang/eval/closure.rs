//! Anonymous functions and captures as function terms.
//!
//! A closure keeps its clauses and a copy of the variables in scope where
//! `fn` was evaluated; applying it matches the arguments clause by clause.
//! A capture `&Mod.fun/2` is a function that applies the module function; a
//! capture of an expression (`&(&1 + 1)`) is a closure whose parameters are
//! `&1`, `&2`, ...

use super::env::Env;
use super::expr::{compile_error, eval};
use super::{guard, pattern, Scope};
use crate::lang::ast::{Ast, Clause, Node, Span, Target};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::fun::{CallFuture, Callable};
use crate::term::{Atom, Exception, Term};
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

static NEXT_ID: AtomicU64 = AtomicU64::new(40);

/// The number the next anonymous function shows in `#Function<N...>`.
pub(crate) fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// An interpreted anonymous function.
pub struct Closure {
    clauses: Vec<Clause>,
    env: Env,
    scope: Arc<Scope>,
    arity: usize,
    id: u64,
}

/// The function term for `fn clauses end` evaluated in `env`.
pub fn make(scope: &Arc<Scope>, env: &Env, clauses: Vec<Clause>, _span: Span) -> Term {
    let arity = clauses.first().map(|c| c.patterns.len()).unwrap_or(0);
    Term::Fun(Arc::new(Closure {
        clauses,
        env: env.clone(),
        scope: scope.clone(),
        arity,
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
    }))
}

impl Callable for Closure {
    fn arity(&self) -> usize {
        self.arity
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move {
            cx.tick().await;
            if cx.enter() > MAX_DEPTH {
                cx.leave();
                return Err(system_limit());
            }
            let r = self.apply_clauses(cx, args).await;
            cx.leave();
            r
        })
    }

    fn inspect(&self) -> String {
        shown(self.id, self.arity)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// How iex shows a function it interpreted: `#Function<41.3316493/2 in :erl_eval.expr/6>`.
pub(crate) fn shown(id: u64, arity: usize) -> String {
    format!(
        "#Function<{}.3316493/{arity} in :erl_eval.expr/6>",
        erl_eval_index(arity).unwrap_or(id)
    )
}

/// The number OTP 25's `erl_eval` shows for a function of `arity`: each
/// arity up to 20 is one fun of its own in `erl_eval`, numbered from 43
/// down (`fn -> 1 end` is `#Function<43...>`, `fn a -> a end` 42).
fn erl_eval_index(arity: usize) -> Option<u64> {
    (arity <= 20).then(|| 43 - arity as u64)
}

/// How deeply interpreted functions may nest before the call fails: past
/// it, a runaway recursion raises instead of overflowing the thread's stack.
const MAX_DEPTH: u32 = 10_000;

fn system_limit() -> Exception {
    Exception::error(exception_struct(
        Atom::module("SystemLimitError"),
        vec![("message", Term::string("a system limit has been reached"))],
    ))
}

impl Closure {
    async fn apply_clauses(&self, cx: &mut Ctx, args: Vec<Term>) -> Result<Term, Exception> {
        {
            for clause in &self.clauses {
                let mut env = self.env.clone();
                let ok = pattern::matches_all(&clause.patterns, &args, &mut env);
                if ok && guard::holds(clause.guard.as_ref(), &env) {
                    return eval(cx, &self.scope, &mut env, &clause.body)
                        .await
                        .map_err(with_eval_frame);
                }
            }
            Err(no_clause(self.arity, args))
        }
    }
}

/// An exception leaving an interpreted function carries, as on the BEAM, the
/// interpreter's frame when it has none of its own.
pub(crate) fn with_eval_frame(e: Exception) -> Exception {
    if e.kind == crate::term::Kind::Exit || !matches!(e.stack, Term::Nil) {
        return e;
    }
    let mut location = vec![
        ("file", crate::term::build::charlist("erl_eval.erl")),
        ("line", Term::int(742)),
    ];
    if crate::term::exception::is_exception(&e.reason) {
        // `raise` tags its frame, as Elixir's raise/2 does through :erlang.error/3.
        let info = crate::term::TMap::new().put(
            Term::atom_named("module"),
            Term::atom_named("Elixir.Exception"),
        );
        location.push(("error_info", Term::Map(info)));
    }
    let frame = Term::tuple([
        Term::atom_named("erl_eval"),
        Term::atom_named("do_apply"),
        Term::int(7),
        crate::term::build::keyword(location),
    ]);
    e.with_stack(Term::list(vec![frame]))
}

pub(crate) fn no_clause(arity: usize, args: Vec<Term>) -> Exception {
    Exception::error(exception_struct(
        Atom::module("FunctionClauseError"),
        vec![
            ("module", Term::atom_named("erl_eval")),
            ("function", Term::atom_named("-inside-an-interpreted-fun-")),
            ("arity", Term::int(arity as i64)),
            ("kind", Term::nil()),
            ("args", Term::list(args)),
            ("clauses", Term::nil()),
        ],
    ))
}

/// A capture of a module function: `&Mod.fun/arity`.
pub struct RemoteCapture {
    module: Atom,
    fun: Atom,
    arity: usize,
}

impl RemoteCapture {
    /// `&module.fun/arity`.
    pub fn term(module: Atom, fun: Atom, arity: usize) -> Term {
        Term::Fun(Arc::new(RemoteCapture { module, fun, arity }))
    }

    /// The function it captures: module, name and arity.
    pub fn target(&self) -> (Atom, Atom, usize) {
        (self.module, self.fun, self.arity)
    }
}

impl Callable for RemoteCapture {
    fn arity(&self) -> usize {
        self.arity
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { cx.apply(self.module, self.fun, args).await })
    }

    fn inspect(&self) -> String {
        let m = crate::term::inspect::atom_text(self.module);
        let f = crate::term::inspect::atom_text(self.fun);
        format!("&{m}.{}/{}", f.trim_start_matches(':'), self.arity)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn external(&self) -> Option<(Atom, Atom, usize)> {
        let kernel = self.module == Atom::module("Kernel");
        kernel
            .then(|| inlined(self.fun, self.arity))
            .flatten()
            .or(Some((self.module, self.fun, self.arity)))
    }
}

/// Kernel functions the BEAM inlines to `:erlang` (so iex shows `&:erlang.+/2`).
fn erlang_name(name: &str, arity: usize) -> Option<&'static str> {
    Some(match (name, arity) {
        ("+", _) => "+",
        ("-", _) => "-",
        ("*", 2) => "*",
        ("/", 2) => "/",
        ("==", 2) => "==",
        ("!=", 2) => "/=",
        ("===", 2) => "=:=",
        ("!==", 2) => "=/=",
        ("<", 2) => "<",
        (">", 2) => ">",
        ("<=", 2) => "=<",
        (">=", 2) => ">=",
        ("div", 2) => "div",
        ("rem", 2) => "rem",
        ("length", 1) => "length",
        ("hd", 1) => "hd",
        ("tl", 1) => "tl",
        ("elem", 2) => "element",
        ("is_atom", 1) => "is_atom",
        ("is_integer", 1) => "is_integer",
        ("is_binary", 1) => "is_binary",
        ("is_list", 1) => "is_list",
        ("is_map", 1) => "is_map",
        ("is_tuple", 1) => "is_tuple",
        ("self", 0) => "self",
        _ => return None,
    })
}

/// A `&Kernel.fun/n` capture that applies the Kernel function but prints as iex does.
struct LocalCapture {
    name: Atom,
    arity: usize,
    shown: String,
}

impl Callable for LocalCapture {
    fn arity(&self) -> usize {
        self.arity
    }

    fn call<'a>(&'a self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { cx.apply(Atom::module("Kernel"), self.name, args).await })
    }

    fn inspect(&self) -> String {
        self.shown.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    // Only the captures the BEAM makes external funs of are equal by
    // name; the others (of a macro such as `to_string/1`) stay closures.
    fn external(&self) -> Option<(Atom, Atom, usize)> {
        inlined(self.name, self.arity)
    }
}

/// The `:erlang` function the compiler inlines `Kernel.name/arity` to
/// (`&length/1` is `&:erlang.length/1`), if it does.
fn inlined(name: Atom, arity: usize) -> Option<(Atom, Atom, usize)> {
    erlang_name(name.name(), arity).map(|erl| (Atom::new("erlang"), Atom::new(erl), arity))
}

/// `&...`: a function capture or an expression capture.
pub async fn capture(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    inner: &Ast,
) -> Result<Term, Exception> {
    if let (Some("/"), Some(c)) = (inner.local_name(), inner.as_call()) {
        if let (Some(target), Node::Int(arity)) = (c.args[0].as_call(), &c.args[1].kind) {
            let arity = *arity as usize;
            match &target.target {
                Target::Remote(recv, fun) if target.args.is_empty() => {
                    let module = eval(cx, scope, env, recv).await?;
                    let Some(module) = module.as_atom() else {
                        return Err(compile_error(scope, e, "invalid capture"));
                    };
                    return Ok(RemoteCapture::term(module, Atom::new(fun), arity));
                }
                Target::Local(name)
                    if target.args.is_empty() && reaches_beyond_kernel(cx, scope, name, arity) =>
                {
                    return Ok(local_closure(scope, env, name, arity, e.span));
                }
                Target::Local(name) if target.args.is_empty() => {
                    return Ok(kernel_capture(name, arity));
                }
                _ => {}
            }
        }
        if let (Node::Var(name), Node::Int(arity)) = (&c.args[0].kind, &c.args[1].kind) {
            let arity = *arity as usize;
            if reaches_beyond_kernel(cx, scope, name, arity) {
                return Ok(local_closure(scope, env, name, arity, e.span));
            }
            return Ok(kernel_capture(name, arity));
        }
    }
    let arity = max_capture_arg(inner);
    if let Some(error) = skipped_capture_error(scope, e, inner) {
        return Err(error);
    }
    if arity == 0 {
        return Err(compile_error(scope, e, "invalid args for &, expected one of:\n\n  * &Mod.fun/arity to capture a remote function, such as &Enum.map/2\n  * &fun/arity to capture a local or imported function, such as &is_atom/1\n  * &some_code(&1, ...) containing at least one argument as &1, such as &List.flatten(&1)\n\nGot: expression"));
    }
    let patterns = (1..=arity)
        .map(|i| Ast::new(Node::Var(format!("&{i}")), inner.span))
        .collect();
    let clause = Clause {
        patterns,
        guard: None,
        body: replace_capture_args(inner),
        span: inner.span,
    };
    Ok(make(scope, env, vec![clause], e.span))
}

/// `&name/arity` of a Kernel function: it applies Kernel's, and prints
/// as iex shows it (`&:erlang.length/1` for one the compiler inlines).
pub fn kernel_capture(name: &str, arity: usize) -> Term {
    let shown = match erlang_name(name, arity) {
        Some(erl) => format!("&:erlang.{erl}/{arity}"),
        None => format!("&Kernel.{name}/{arity}"),
    };
    Term::Fun(Arc::new(LocalCapture {
        name: Atom::new(name),
        arity,
        shown,
    }))
}

/// The clause of `fn &1, ... -> name(&1, ...) end`: what `&name/arity`
/// of a local function is.
pub fn local_capture_clause(name: &str, arity: usize, span: Span) -> Clause {
    let vars: Vec<Ast> = (1..=arity)
        .map(|i| Ast::new(Node::Var(format!("&{i}")), span))
        .collect();
    Clause {
        patterns: vars.clone(),
        guard: None,
        body: Ast::local(name, vars, span),
        span,
    }
}

/// True when `&name/arity` names a function of the module being run or an
/// imported one, rather than Kernel's.
fn reaches_beyond_kernel(cx: &Ctx, scope: &Scope, name: &str, arity: usize) -> bool {
    let fun = Atom::new(name);
    let own = scope
        .module
        .and_then(|m| cx.node().module(m))
        .is_some_and(|m| m.defines(fun, arity));
    own || scope.imports.lock().iter().any(|i| {
        i.admits(fun, arity)
            && cx
                .node()
                .module(i.module)
                .is_some_and(|m| m.exports_fun(fun, arity))
    })
}

/// `&name/arity` of a local function: `fn a, b -> name(a, b) end`, whose
/// call finds the function as a local call does.
fn local_closure(scope: &Arc<Scope>, env: &Env, name: &str, arity: usize, span: Span) -> Term {
    let clause = local_capture_clause(name, arity, span);
    make(scope, env, vec![clause], span)
}

/// Elixir's compile error for a capture that skips an argument
/// (`&(&1 + &3)`), if `inner` does.
pub(crate) fn skipped_capture_error(scope: &Scope, e: &Ast, inner: &Ast) -> Option<Exception> {
    let (found, missing) = skipped_capture_arg(inner)?;
    let message = format!(
        "capture argument &{found} cannot be defined without &{missing} (you cannot skip arguments, all arguments must be numbered)"
    );
    let frame = |fun: &str, arity: i64, line: i64| {
        Term::tuple([
            Term::atom_named("elixir_fn"),
            Term::atom_named(fun),
            Term::int(arity),
            crate::lang::stdlib::errors::location("src/elixir_fn.erl", line),
        ])
    };
    // Elixir's check finds a skipped `&1` before it recurses.
    let mut stack = vec![frame("capture_expr", 6, 116)];
    if missing > 1 {
        stack.insert(0, frame("validate", 4, 125));
    }
    Some(compile_error(scope, e, &message).with_stack(Term::list(stack)))
}

/// The first capture argument numbered past one not used (`&3` with no
/// `&2`), and the one it skips: Elixir refuses such a capture.
pub(crate) fn skipped_capture_arg(a: &Ast) -> Option<(usize, usize)> {
    let mut used = Vec::new();
    visit(a, &mut |n| {
        if let Node::CaptureArg(i) = &n.kind {
            used.push(*i as usize);
        }
    });
    used.sort_unstable();
    used.dedup();
    used.iter()
        .zip(1..)
        .find(|(found, expected)| **found != *expected)
        .map(|(found, expected)| (*found, expected))
}

pub(crate) fn max_capture_arg(a: &Ast) -> usize {
    let mut max = 0;
    visit(a, &mut |n| {
        if let Node::CaptureArg(i) = &n.kind {
            max = max.max(*i as usize);
        }
    });
    max
}

/// `&1` becomes the variable `&1` that the capture's clause binds.
pub(crate) fn replace_capture_args(a: &Ast) -> Ast {
    let mut out = a.clone();
    rewrite(&mut out);
    out
}

fn rewrite(a: &mut Ast) {
    if let Node::CaptureArg(i) = &a.kind {
        a.kind = Node::Var(format!("&{i}"));
        return;
    }
    for_children_mut(a, &mut rewrite);
}

fn visit(a: &Ast, f: &mut dyn FnMut(&Ast)) {
    f(a);
    match &a.kind {
        Node::Call(c) => {
            match &c.target {
                Target::Remote(r, _) | Target::Anonymous(r) => visit(r, f),
                Target::Local(_) => {}
            }
            c.args.iter().for_each(|x| visit(x, f));
        }
        Node::Tuple(v) | Node::List(v) | Node::Block(v) | Node::Bitstring(v) => {
            v.iter().for_each(|x| visit(x, f))
        }
        Node::Map(p) => p.iter().for_each(|(k, v)| {
            visit(k, f);
            visit(v, f)
        }),
        Node::MapUpdate(b, p) => {
            visit(b, f);
            p.iter().for_each(|(k, v)| {
                visit(k, f);
                visit(v, f)
            })
        }
        Node::Interpolation(parts) | Node::CharlistInterpolation(parts) => {
            parts.iter().for_each(|p| {
                if let crate::lang::ast::Part::Expr(x) = p {
                    visit(x, f)
                }
            })
        }
        _ => {}
    }
}

fn for_children_mut(a: &mut Ast, f: &mut dyn FnMut(&mut Ast)) {
    match &mut a.kind {
        Node::Call(c) => {
            match &mut c.target {
                Target::Remote(r, _) | Target::Anonymous(r) => f(r),
                Target::Local(_) => {}
            }
            c.args.iter_mut().for_each(f);
        }
        Node::Tuple(v) | Node::List(v) | Node::Block(v) | Node::Bitstring(v) => {
            v.iter_mut().for_each(f)
        }
        Node::Map(p) => p.iter_mut().for_each(|(k, v)| {
            f(k);
            f(v)
        }),
        Node::MapUpdate(b, p) => {
            f(b);
            p.iter_mut().for_each(|(k, v)| {
                f(k);
                f(v)
            })
        }
        Node::Interpolation(parts) | Node::CharlistInterpolation(parts) => {
            parts.iter_mut().for_each(|p| {
                if let crate::lang::ast::Part::Expr(x) = p {
                    f(x)
                }
            })
        }
        _ => {}
    }
}

#[cfg(test)]
mod shown_tests {
    use super::*;

    #[test]
    fn a_function_shows_erl_evals_number_for_its_arity() {
        assert_eq!(shown(7, 0), "#Function<43.3316493/0 in :erl_eval.expr/6>");
        assert_eq!(shown(7, 1), "#Function<42.3316493/1 in :erl_eval.expr/6>");
        assert_eq!(shown(7, 20), "#Function<23.3316493/20 in :erl_eval.expr/6>");
    }
}
