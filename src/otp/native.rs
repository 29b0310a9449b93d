//! Modules written in Rust: `Agent`, `Registry`, `DynamicSupervisor`...
//! loaded into a node's code table so that supervisors (and the language)
//! call them like any other module.

use crate::runtime::{Ctx, Module};
use crate::term::build::{charlist, keyword};
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, Term};

/// A Rust function exported by a native module.
pub use crate::runtime::code::{Native, NativeFn};

/// A module whose functions are Rust functions.
pub struct NativeModule {
    name: Atom,
    funs: Vec<(Atom, usize, Native)>,
    /// `funs` by name and arity: `Kernel` and `Enum` export hundreds.
    index: rustc_hash::FxHashMap<(Atom, usize), usize>,
}

impl NativeModule {
    /// A module named `name` (an alias such as `"Agent"` or an Erlang name).
    pub fn new(name: Atom) -> NativeModule {
        NativeModule {
            name,
            funs: Vec::new(),
            index: Default::default(),
        }
    }

    /// Exports `fun/arity`.
    pub fn export(self, fun: &str, arity: usize, f: NativeFn) -> NativeModule {
        self.export_native(fun, arity, Native::Async(f))
    }

    /// Exports `fun/arity`, a function that may be synchronous.
    pub fn export_native(mut self, fun: &str, arity: usize, f: Native) -> NativeModule {
        let fun = Atom::new(fun);
        // As before the index: the first export of a name and arity wins.
        self.index.entry((fun, arity)).or_insert(self.funs.len());
        self.funs.push((fun, arity, f));
        self
    }

    fn find(&self, fun: Atom, arity: usize) -> Option<Native> {
        self.index.get(&(fun, arity)).map(|&i| self.funs[i].2)
    }
}

impl Module for NativeModule {
    fn name(&self) -> Atom {
        self.name
    }

    fn apply<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>> {
        match self.find(fun, args.len()) {
            Some(f) => Ok(f.call(cx, args)),
            None => Err(args),
        }
    }

    fn native(&self, fun: Atom, arity: usize) -> Option<Native> {
        self.find(fun, arity)
    }

    fn exports(&self) -> Vec<(Atom, usize)> {
        self.funs.iter().map(|(n, a, _)| (*n, *a)).collect()
    }

    fn exports_fun(&self, fun: Atom, arity: usize) -> bool {
        self.index.contains_key(&(fun, arity))
    }
}

/// The raw `:function_clause` error a native function raises for arguments
/// it has no clause for, with the frame Elixir's own code would show.
pub fn function_clause(module: Atom, fun: &str, args: &[Term], file: &str, line: i64) -> Exception {
    let frame = Term::tuple([
        Term::Atom(module),
        Term::atom_named(fun),
        Term::list(args.to_vec()),
        keyword(vec![("file", charlist(file)), ("line", Term::int(line))]),
    ]);
    Exception::error(Term::Atom(crate::atom!("function_clause")))
        .with_stack(Term::list(vec![frame]))
}

/// Applies a function term to `args` in the calling process.
pub async fn apply_fun(cx: &mut Ctx, fun: &Term, args: Vec<Term>) -> Result<Term, Exception> {
    match fun {
        Term::Fun(f) if f.arity() == args.len() => {
            let f = f.clone();
            f.call(cx, args).await
        }
        Term::Fun(f) => Err(bad_arity(fun, f.arity(), &args)),
        Term::Tuple(t) if t.len() == 3 => {
            let (Some(m), Some(name)) = (t[0].as_atom(), t[1].as_atom()) else {
                return Err(bad_function(fun));
            };
            let mut all = args;
            all.extend(t[2].list_to_vec().unwrap_or_default());
            cx.apply(m, name, all).await
        }
        _ => Err(bad_function(fun)),
    }
}

fn bad_function(fun: &Term) -> Exception {
    Exception::error(crate::term::exception::exception_struct(
        Atom::module("BadFunctionError"),
        vec![("term", fun.clone())],
    ))
}

fn bad_arity(fun: &Term, _arity: usize, args: &[Term]) -> Exception {
    Exception::error(crate::term::exception::exception_struct(
        Atom::module("BadArityError"),
        vec![
            ("function", fun.clone()),
            ("args", Term::list(args.to_vec())),
        ],
    ))
}

/// A timeout argument: milliseconds, `:infinity` (`None`), or `default` when absent.
pub fn timeout_arg(
    t: Option<&Term>,
    default: Option<std::time::Duration>,
) -> Option<std::time::Duration> {
    match t {
        Some(Term::Int(ms)) => Some(std::time::Duration::from_millis((*ms).max(0) as u64)),
        Some(t) if t.is_atom(atom::INFINITY) => None,
        _ => default,
    }
}

/// `:ok`.
pub fn ok() -> Term {
    Term::atom(atom::OK)
}
