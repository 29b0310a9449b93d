//! User modules: what `defmodule` makes, loaded into the node's code table
//! beside the native ones, so that `Stack.push(pid, 1)`, a supervisor
//! starting `{Stack, [:a]}` and `GenServer.call` reaching `handle_call/3`
//! all find it the same way.
//!
//! ```elixir
//! defmodule Stack do
//!   use GenServer                       # child_spec/1, the behaviour
//!   @initial []                         # read below at compile time
//!
//!   def start_link(arg \\ @initial),    # start_link/0 and start_link/1
//!     do: GenServer.start_link(__MODULE__, arg, name: __MODULE__)
//!
//!   @impl true
//!   def init(stack), do: {:ok, stack}
//! end
//! ```
//!
//! [`define`] walks the body as Elixir's compiler does, top to bottom
//! ([`expand`] resolves attributes, aliases and `__MODULE__` in each
//! definition, [`using`] adds what `use` brings), checks the definitions
//! and loads the module, which then runs its [`function`]s with the
//! evaluator.

pub(crate) mod define;
pub mod function;
pub mod load;
pub mod macros;
pub mod protocol;
pub mod quote;
mod structs;
mod undefined;
mod using;

pub use define::define;
pub use function::Function;

use crate::lang::eval::Scope;
use crate::runtime::code::{Applied, Prepared};
use crate::runtime::{Ctx, Module};
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, Term};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// A module defined in Elixir.
pub struct UserModule {
    name: Atom,
    scope: Arc<Scope>,
    functions: FxHashMap<(Atom, usize), Arc<Function>>,
    /// `defmacro`s: functions of quoted arguments that return quoted code.
    macros: FxHashMap<(Atom, usize), Arc<Function>>,
    exports: Vec<(Atom, usize)>,
    /// `@moduledoc`, for `h`.
    pub moduledoc: Option<String>,
    /// `defstruct`'s fields with their defaults, in the order written.
    pub struct_fields: Option<Vec<(Atom, Term)>>,
    /// `@enforce_keys`.
    pub enforce_keys: Vec<Atom>,
    /// Where it was read from (`r/1` reloads it).
    pub source: Option<std::path::PathBuf>,
    /// Compiled as part of a Mix project, whose modules keep their docs
    /// (iex's in-memory compilation keeps none).
    with_docs: std::sync::atomic::AtomicBool,
    /// The functions' compiled code (each function knows its index here).
    unit: Arc<crate::lang::compile::Unit>,
    /// The functions prepared for servers so far ([`Module::prepared`]),
    /// shared by every server running the module.
    prepared: std::sync::Mutex<FxHashMap<(Atom, usize), Arc<dyn Prepared>>>,
}

impl UserModule {
    /// The module's name.
    pub fn module_name(&self) -> Atom {
        self.name
    }

    /// Every function, public and private, with its arity, sorted.
    pub fn functions(&self) -> Vec<&Function> {
        let mut v: Vec<&Function> = self.functions.values().map(|f| &**f).collect();
        v.sort_by(|a, b| (a.name.name(), a.arity).cmp(&(b.name.name(), b.arity)));
        v
    }

    /// True when `h` can show the module's documentation.
    pub fn has_docs(&self) -> bool {
        self.with_docs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Keeps the documentation for `h`, as a Mix project's compilation does.
    pub fn keep_docs(&self) {
        self.with_docs
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The public macros with their arities, sorted.
    pub fn macros(&self) -> Vec<(Atom, usize)> {
        let mut v: Vec<(Atom, usize)> = self
            .macros
            .values()
            .filter(|m| !m.private)
            .map(|m| (m.name, m.arity))
            .collect();
        v.sort_by(|a, b| (a.0.name(), a.1).cmp(&(b.0.name(), b.1)));
        v
    }

    /// True when the module defines the macro `name/arity` (private ones
    /// only count from its own code).
    pub fn has_macro(&self, name: Atom, arity: usize, own: bool) -> bool {
        self.macros
            .get(&(name, arity))
            .is_some_and(|m| own || !m.private)
    }

    /// Runs the macro `name` on quoted arguments: the quoted code it returns.
    pub async fn expand(
        &self,
        cx: &mut Ctx,
        name: Atom,
        args: Vec<Term>,
    ) -> Result<Term, Exception> {
        match self.macros.get(&(name, args.len())) {
            Some(m) => m.run(cx, &self.scope, self.name, args).await,
            None => Err(crate::runtime::undefined_function(
                self.name, name, &args, true,
            )),
        }
    }

    /// The public function `name/arity`, if any.
    pub fn function(&self, name: Atom, arity: usize) -> Option<&Function> {
        self.functions.get(&(name, arity)).map(|f| &**f)
    }

    /// Runs function `f`: a compiled one without a future unless it waits.
    fn run<'a>(&'a self, cx: &'a mut Ctx, f: &'a Arc<Function>, args: Vec<Term>) -> Applied<'a> {
        match f.compiled {
            Some(code) => crate::lang::run::start(cx, &self.unit, code, args, &[]),
            None => Applied::Waiting(Box::pin(f.run(cx, &self.scope, self.name, args))),
        }
    }

    /// The compiled code of the public function `name/arity`, if it has one.
    pub fn compiled(
        &self,
        name: Atom,
        arity: usize,
    ) -> Option<(Arc<crate::lang::compile::Unit>, u32)> {
        let f = self.functions.get(&(name, arity))?;
        match (f.private, f.compiled) {
            (false, Some(code)) => Some((self.unit.clone(), code)),
            _ => None,
        }
    }

    /// `__info__/1`: what Elixir's compiler records about a module.
    fn info(&self, key: &Term) -> Result<Term, Exception> {
        let pairs = |with: &dyn Fn(&Function) -> bool| {
            let mut v: Vec<(Atom, usize)> = self
                .functions
                .values()
                .filter(|f| with(f))
                .map(|f| (f.name, f.arity))
                .collect();
            v.extend(self.builtin_exports());
            v.sort_by(|a, b| (a.0.name(), a.1).cmp(&(b.0.name(), b.1)));
            v.dedup();
            Term::list(
                v.into_iter()
                    .filter(|(n, _)| !matches!(n.name(), "__info__" | "module_info"))
                    .map(|(n, a)| Term::tuple([Term::Atom(n), Term::int(a as i64)]))
                    .collect(),
            )
        };
        match key.as_atom().map(|a| a.name()) {
            Some("functions") => Ok(pairs(&|f| !f.private)),
            Some("macros") => Ok(Term::list(
                self.macros()
                    .into_iter()
                    .map(|(n, a)| Term::tuple([Term::Atom(n), Term::int(a as i64)]))
                    .collect(),
            )),
            Some("module") => Ok(Term::Atom(self.name)),
            Some("attributes") | Some("compile") => Ok(Term::Nil),
            Some("md5") => Ok(Term::binary(&[0; 16])),
            Some("struct") => Ok(match &self.struct_fields {
                Some(fields) => Term::list(
                    fields
                        .iter()
                        .map(|(k, _)| {
                            let required = self.enforce_keys.contains(k);
                            Term::Map(crate::term::TMap::from_pairs(vec![
                                (Term::atom_named("field"), Term::Atom(*k)),
                                (Term::atom_named("required"), Term::bool(required)),
                            ]))
                        })
                        .collect(),
                ),
                None => Term::nil(),
            }),
            _ => Err(crate::otp::native::function_clause(
                self.name,
                "__info__",
                std::slice::from_ref(key),
                "iex",
                1,
            )),
        }
    }

    fn builtin_exports(&self) -> Vec<(Atom, usize)> {
        let mut v = vec![
            (Atom::new("__info__"), 1),
            (Atom::new("module_info"), 0),
            (Atom::new("module_info"), 1),
        ];
        if self.struct_fields.is_some() {
            v.push((atom::STRUCT, 0));
            v.push((atom::STRUCT, 1));
        }
        v
    }

    fn apply_builtin<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>> {
        match (fun.name(), args.len()) {
            ("__info__", 1) => Ok(Box::pin(async move { self.info(&args[0]) })),
            ("module_info", 0) => Ok(Box::pin(async move {
                Ok(crate::term::build::keyword(vec![
                    ("module", Term::Atom(self.name)),
                    ("exports", self.info(&Term::atom_named("functions"))?),
                ]))
            })),
            ("module_info", 1) => Ok(Box::pin(async move {
                match args[0].as_atom().map(|a| a.name()) {
                    Some("module") => Ok(Term::Atom(self.name)),
                    _ => self.info(&Term::atom_named("functions")),
                }
            })),
            ("__struct__", 0) if self.struct_fields.is_some() => {
                Ok(Box::pin(async move { Ok(structs::default_struct(self)) }))
            }
            ("__struct__", 1) if self.struct_fields.is_some() => {
                Ok(Box::pin(
                    async move { structs::build_struct(self, &args[0]) },
                ))
            }
            _ => {
                let _ = cx;
                Err(args)
            }
        }
    }
}

impl Module for UserModule {
    fn name(&self) -> Atom {
        self.name
    }

    fn apply<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>> {
        self.apply_now(cx, fun, args).map(Applied::into_future)
    }

    fn apply_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<Applied<'a>, Vec<Term>> {
        match self.functions.get(&(fun, args.len())) {
            Some(f) if !f.private => Ok(self.run(cx, f, args)),
            _ => self.apply_builtin(cx, fun, args).map(Applied::Waiting),
        }
    }

    fn apply_private<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>> {
        match self.functions.get(&(fun, args.len())) {
            Some(f) => Ok(self.run(cx, f, args).into_future()),
            None => self.apply_builtin(cx, fun, args),
        }
    }

    fn exports(&self) -> Vec<(Atom, usize)> {
        let mut v: Vec<(Atom, usize)> = self.exports.clone();
        v.extend(self.builtin_exports());
        v
    }

    fn prepared(&self, fun: Atom, arity: usize) -> Option<Arc<dyn Prepared>> {
        let mut prepared = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = prepared.get(&(fun, arity)) {
            return Some(p.clone());
        }
        let (unit, code) = self.compiled(fun, arity)?;
        let p: Arc<dyn Prepared> = Arc::new(crate::lang::run::PreparedCode::new(unit, code));
        prepared.insert((fun, arity), p.clone());
        Some(p)
    }

    fn exports_fun(&self, fun: Atom, arity: usize) -> bool {
        match self.functions.get(&(fun, arity)) {
            Some(f) => !f.private,
            None => self.builtin_exports().contains(&(fun, arity)),
        }
    }

    fn defines(&self, fun: Atom, arity: usize) -> bool {
        self.functions.contains_key(&(fun, arity)) || self.exports_fun(fun, arity)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// The user module loaded as `name`, as its own type.
pub fn loaded_user_module(cx: &Ctx, name: Atom) -> Option<Arc<dyn Module>> {
    user_module(cx, name)
}

/// Runs `f` on the user module `name`, if one is loaded.
pub fn with_user_module<R>(cx: &Ctx, name: Atom, f: impl FnOnce(&UserModule) -> R) -> Option<R> {
    let m = user_module(cx, name)?;
    let u = m.as_any()?.downcast_ref::<UserModule>()?;
    Some(f(u))
}

/// The user module `name`, if one is loaded.
pub fn user_module(cx: &Ctx, name: Atom) -> Option<Arc<dyn Module>> {
    cx.node()
        .module(name)
        .filter(|m| m.as_any().is_some_and(|a| a.is::<UserModule>()))
}

/// `hello(name)`: a function's head as `h` shows it, from its first clause.
pub fn signature(f: &Function) -> String {
    let args: Vec<String> = match f.clauses.first() {
        Some(c) => c
            .patterns
            .iter()
            .enumerate()
            .map(|(i, p)| match &p.kind {
                crate::lang::ast::Node::Var(n) if !n.starts_with("arg@") => {
                    n.trim_start_matches('_').to_owned()
                }
                _ => format!("arg{}", i + 1),
            })
            .collect(),
        None => Vec::new(),
    };
    format!("{}({})", f.name.name(), args.join(", "))
}

#[cfg(test)]
mod tests;
