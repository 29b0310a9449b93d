//! The evaluator: runs a syntax tree inside a process.
//!
//! Evaluation is asynchronous all the way down: a `receive`, a
//! `Process.sleep` or a `GenServer.call` anywhere in an expression parks the
//! process (not a thread) until it can go on, and other processes run
//! meanwhile. Every function call counts a reduction, so an endless loop
//! still lets the others run and can be stopped by an exit signal.
//!
//! ```text
//! source --parser--> Ast --check--> (compile errors) --eval--> Term | Exception
//! ```
//!
//! [`Scope`] holds what is fixed while an input runs (file name for errors,
//! `require`d modules, aliases, the surrounding module); [`Env`] the variables.

pub(crate) mod bitstring;
pub(crate) mod call;
mod check;
pub(crate) mod closure;
pub(crate) mod control;
pub mod env;
pub(crate) mod expr;
pub(crate) mod guard;
pub(crate) mod inline_arith;
pub mod pattern;

pub use check::{check, check_definition, Checked};
pub use closure::Closure;
pub use env::Env;
pub use expr::{compile_error, key_error, keyword_block};

use crate::lang::ast::Ast;
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, Term};
use futures::future::BoxFuture;
use parking_lot::Mutex;
use std::sync::Arc;

/// A future of an evaluation.
pub type EvalFuture<'a> = BoxFuture<'a, Result<Term, Exception>>;

/// Functions a host offers as local calls (the shell's `h`, `v`, `flush`...).
pub trait Helpers: Send + Sync {
    /// True when the host has `name/arity`.
    fn has(&self, name: &str, arity: usize) -> bool;

    /// Runs `name(args)` in the evaluating process.
    fn call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        env: &'a Env,
        name: &'a str,
        args: Vec<Term>,
    ) -> EvalFuture<'a>;
}

/// What stays fixed while code runs: where it comes from and what it may call.
pub struct Scope {
    /// The file name errors and stack frames use (`iex` in the shell).
    pub file: String,
    /// Modules made available with `require` (Logger's macros need it).
    pub requires: Mutex<Vec<Atom>>,
    /// `alias Foo.Bar` (and `as:`): short name → module.
    pub aliases: Mutex<Vec<(String, Atom)>>,
    /// The host's local helpers, if any.
    pub helpers: Option<Arc<dyn Helpers>>,
    /// The module being defined or running, whose functions local calls reach.
    pub module: Option<Atom>,
    /// `import Mod` (with `only:`/`except:`): where local calls look after the module's own functions.
    pub imports: Mutex<Vec<Import>>,
    /// The file the code was read from, when it was (`r/1` reads it again).
    pub path: Option<std::path::PathBuf>,
    /// Every module defined from this code, nested ones included, in order.
    pub defined: Arc<Mutex<Vec<Atom>>>,
    /// The module defines macros: only then may a local call be one of its own.
    pub has_macros: std::sync::atomic::AtomicBool,
}

/// The directives of a scope at one point, to put back.
pub struct Directives {
    requires: Vec<Atom>,
    aliases: Vec<(String, Atom)>,
    imports: Vec<Import>,
}

/// An `import` directive.
#[derive(Clone, Debug)]
pub struct Import {
    /// The imported module.
    pub module: Atom,
    /// `only:` the functions listed (`None`: every one).
    pub only: Option<Vec<(Atom, usize)>>,
    /// `except:` these functions.
    pub except: Vec<(Atom, usize)>,
}

/// True unless the last `import Kernel` among `imports` leaves `fun/arity`
/// out: Kernel is imported everywhere until an `import Kernel, only:` or
/// `except:` says otherwise.
pub fn kernel_admits(imports: &[Import], fun: Atom, arity: usize) -> bool {
    imports
        .iter()
        .rev()
        .find(|i| i.module == Atom::module("Kernel"))
        .is_none_or(|i| i.admits(fun, arity))
}

impl Import {
    /// True when `fun/arity` is reachable through this import (if the module exports it).
    pub fn admits(&self, fun: Atom, arity: usize) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.contains(&(fun, arity)))
            && !self.except.contains(&(fun, arity))
    }
}

impl Scope {
    /// A scope for code from `file`.
    pub fn new(file: &str, helpers: Option<Arc<dyn Helpers>>) -> Arc<Scope> {
        Arc::new(Scope {
            file: file.to_owned(),
            requires: Mutex::new(Vec::new()),
            aliases: Mutex::new(Vec::new()),
            helpers,
            module: None,
            imports: Mutex::new(Vec::new()),
            path: None,
            defined: Arc::default(),
            has_macros: Default::default(),
        })
    }

    /// A scope for the code of the file at `path`, shown as `file`.
    pub fn for_file(file: &str, path: &std::path::Path) -> Arc<Scope> {
        let mut scope = Arc::try_unwrap(Scope::new(file, None))
            .ok()
            .expect("a new scope");
        scope.path = Some(path.to_path_buf());
        Arc::new(scope)
    }

    /// The scope of `module`'s body, defined where `self` is: it sees the
    /// aliases, requires and imports made so far, and its own later ones
    /// stay inside it.
    pub fn nested(&self, module: Atom) -> Arc<Scope> {
        Arc::new(Scope {
            file: self.file.clone(),
            requires: Mutex::new(self.requires.lock().clone()),
            aliases: Mutex::new(self.aliases.lock().clone()),
            helpers: None,
            module: Some(module),
            imports: Mutex::new(self.imports.lock().clone()),
            path: self.path.clone(),
            defined: self.defined.clone(),
            has_macros: Default::default(),
        })
    }

    /// The directives in force: requires, aliases and imports.
    pub fn directives(&self) -> Directives {
        Directives {
            requires: self.requires.lock().clone(),
            aliases: self.aliases.lock().clone(),
            imports: self.imports.lock().clone(),
        }
    }

    /// Puts back directives taken with [`Scope::directives`].
    pub fn restore(&self, d: Directives) {
        *self.requires.lock() = d.requires;
        *self.aliases.lock() = d.aliases;
        *self.imports.lock() = d.imports;
    }

    /// True once `module` has been required.
    pub fn is_required(&self, module: Atom) -> bool {
        self.requires.lock().contains(&module)
    }

    /// The module an alias's first segment names, after `alias` directives.
    pub fn resolve_alias(&self, parts: &[String]) -> Atom {
        let aliases = self.aliases.lock();
        if let Some((_, target)) = aliases.iter().rev().find(|(short, _)| *short == parts[0]) {
            let rest = &parts[1..];
            if rest.is_empty() {
                return *target;
            }
            return Atom::new(&format!("{}.{}", target.name(), rest.join(".")));
        }
        Atom::module(&parts.join("."))
    }
}

/// Evaluates one whole input (already checked) in `env`: compiled and run
/// by the machine, or walked by the evaluator when it does not compile.
pub async fn eval_input(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    ast: &Ast,
) -> Result<Term, Exception> {
    if scope.module.is_some() {
        return compile_and_run(cx, scope, env, ast).await;
    }
    // A failed input leaves the directives it made undone, as in iex.
    let directives = scope.directives();
    let result = compile_and_run(cx, scope, env, ast).await;
    if result.is_err() {
        scope.restore(directives);
    }
    result
}

async fn compile_and_run(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    ast: &Ast,
) -> Result<Term, Exception> {
    let expanded;
    let ast = match scope.module {
        // A module's body runs item by item; its functions expand as defined.
        Some(_) => ast,
        None => {
            let mut none = |_: &mut Ast| {};
            let mut macros = crate::lang::expand::Macros {
                scope,
                own: &[],
                function: None,
                post: &mut none,
            };
            match macros.expanded(cx, ast).await? {
                Some(code) => {
                    expanded = code;
                    &expanded
                }
                None => ast,
            }
        }
    };
    let bound = env.since(0);
    let names: Vec<Atom> = bound.iter().map(|(n, _)| *n).collect();
    match crate::lang::compile::input(cx, scope, &names, ast) {
        Ok(unit) => {
            let args = bound.into_iter().map(|(_, v)| v).collect();
            let (value, exports) = crate::lang::run::run_input(cx, &unit, args).await?;
            for (name, v) in exports {
                env.bind(name, v);
            }
            Ok(value)
        }
        Err(crate::lang::compile::Unsupported) => expr::eval(cx, scope, env, ast).await,
    }
}

/// Evaluates `ast` by walking the tree, without compiling it.
pub async fn eval_tree(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    ast: &Ast,
) -> Result<Term, Exception> {
    expr::eval(cx, scope, env, ast).await
}

#[cfg(test)]
mod tests;

/// True when `args` match the clause's patterns and its guard holds; the
/// patterns' variables are then bound in `env`.
pub fn matches_clause(clause: &crate::lang::ast::Clause, args: &[Term], env: &mut Env) -> bool {
    pattern::matches_all(&clause.patterns, args, env) && guard::holds(clause.guard.as_ref(), env)
}

/// Evaluates a function body in `env`.
pub async fn eval_body(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    body: &Ast,
) -> Result<Term, Exception> {
    expr::eval(cx, scope, env, body).await
}
