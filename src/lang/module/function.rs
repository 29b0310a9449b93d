//! A named function of a user module: its clauses, tried in order, and the
//! stack frame it adds to an exception that leaves it.
//!
//! ```elixir
//! def handle_call(:pop, _from, [head | tail]), do: {:reply, head, tail}
//! def handle_call(:peek, _from, state), do: {:reply, state, state}
//! ```
//!
//! is one function, `handle_call/3`, of two clauses. Arguments that match no
//! clause raise `FunctionClauseError`, whose frame lists them, as on the BEAM.

use crate::lang::ast::Clause;
use crate::lang::eval::{self, Env, Scope};
use crate::lang::stdlib::errors::function_clause_error;
use crate::runtime::Ctx;
use crate::term::build::{charlist, keyword};
use crate::term::exception::exception_struct;
use crate::term::{Atom, Exception, Kind, Term};
use std::sync::Arc;

/// One `def` or `defp` name and arity.
pub struct Function {
    /// Its name.
    pub name: Atom,
    /// How many arguments it takes.
    pub arity: usize,
    /// `defp`.
    pub private: bool,
    /// The clauses, in the order written.
    pub clauses: Vec<Clause>,
    /// Its `@doc`, if any.
    pub doc: Option<String>,
    /// A body riex runs natively instead of `clauses`: what `use` defines.
    pub native: Option<Native>,
    /// Its code in the module's compiled unit, when it compiled.
    pub compiled: Option<u32>,
}

/// The functions `use` defines whose Elixir source is fixed, run natively.
pub enum Native {
    /// `child_spec(arg)`: `%{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}`
    /// plus `extra` (`type: :supervisor`, `restart: :temporary`), then
    /// `Supervisor.child_spec(default, opts)` with the `use` options.
    ChildSpec {
        /// Keys the behaviour adds to the default.
        extra: Vec<(Atom, Term)>,
        /// The `use` options.
        opts: Term,
    },
}

impl Native {
    async fn run(&self, cx: &mut Ctx, module: Atom, args: Vec<Term>) -> Result<Term, Exception> {
        match self {
            Native::ChildSpec { extra, opts } => {
                let arg = args.into_iter().next().unwrap_or(Term::Nil);
                let start = Term::tuple([
                    Term::Atom(module),
                    Term::Atom(crate::term::atom::START_LINK),
                    Term::cons(arg, Term::Nil),
                ]);
                let mut pairs = vec![
                    (Term::Atom(crate::term::atom::ID), Term::Atom(module)),
                    (Term::Atom(crate::term::atom::START), start),
                ];
                pairs.extend(extra.iter().map(|(k, v)| (Term::Atom(*k), v.clone())));
                let default = Term::Map(crate::term::TMap::from_pairs(pairs));
                crate::otp::child_spec::child_spec(cx, &default, opts).await
            }
        }
    }
}

/// How many frames a stacktrace keeps, as the BEAM's default `backtrace_depth`.
const BACKTRACE_DEPTH: usize = 8;

/// How deeply functions may nest before a call fails: past it, a runaway
/// recursion raises instead of overflowing riex's own stack.
pub(super) const MAX_DEPTH: u32 = 10_000;

impl Function {
    /// Runs the first clause that matches `args`.
    pub async fn run(
        &self,
        cx: &mut Ctx,
        scope: &Arc<Scope>,
        module: Atom,
        args: Vec<Term>,
    ) -> Result<Term, Exception> {
        cx.tick().await;
        if cx.enter() > MAX_DEPTH {
            cx.leave();
            return Err(system_limit());
        }
        let call_line = cx.line();
        let result = match &self.native {
            Some(native) => native.run(cx, module, args).await,
            None => self.run_clauses(cx, scope, module, args).await,
        };
        cx.leave();
        result.map_err(|e| {
            let e = self.with_frame(e, module, &scope.file, cx.line());
            cx.set_line(call_line);
            e
        })
    }

    async fn run_clauses(
        &self,
        cx: &mut Ctx,
        scope: &Arc<Scope>,
        module: Atom,
        args: Vec<Term>,
    ) -> Result<Term, Exception> {
        for clause in &self.clauses {
            let mut env = Env::for_function();
            if eval::matches_clause(clause, &args, &mut env) {
                return eval::eval_body(cx, scope, &mut env, &clause.body).await;
            }
        }
        let line = self.clauses.first().map(|c| c.span.line).unwrap_or(0);
        Err(no_clause(module, self.name, args, &scope.file, line))
    }

    fn with_frame(&self, e: Exception, module: Atom, file: &str, line: u32) -> Exception {
        with_frame(e, module, self.name, self.arity, file, line)
    }
}

/// An error or throw leaving the function `module.name/arity` gets its
/// frame, at the line it left from, below the frames of the functions it
/// was in.
pub fn with_frame(
    mut e: Exception,
    module: Atom,
    name: Atom,
    arity: usize,
    file: &str,
    line: u32,
) -> Exception {
    if e.kind == Kind::Exit {
        return e;
    }
    // Checked before the list is copied: a runaway recursion's error
    // leaves millions of frames, each asking.
    if reaches(&e.stack, BACKTRACE_DEPTH) {
        return e;
    }
    let mut stack = e.stack.list_to_vec().unwrap_or_default();
    if already_framed(&stack, module, name) {
        return e;
    }
    stack.push(frame(module, name, arity, file, line));
    e.stack = Term::list(stack);
    e
}

/// True when the list `stack` has `n` elements or more.
fn reaches(stack: &Term, n: usize) -> bool {
    let mut rest = stack;
    for _ in 0..n {
        match rest {
            Term::List(cell) => rest = cell.tail(),
            _ => return false,
        }
    }
    true
}

/// The raise of `FunctionClauseError` already names this function, with its arguments.
fn already_framed(stack: &[Term], module: Atom, fun: Atom) -> bool {
    matches!(stack, [only] if matches!(only.as_tuple(), Some([m, f, args, _])
        if m.as_atom() == Some(module) && f.as_atom() == Some(fun) && args.is_list()))
}

/// `FunctionClauseError` of `module.name` for `args`, whose frame lists
/// them at the function's first clause, as on the BEAM.
pub fn no_clause(module: Atom, name: Atom, args: Vec<Term>, file: &str, line: u32) -> Exception {
    let arity = args.len();
    let frame = Term::tuple([
        Term::Atom(module),
        Term::Atom(name),
        Term::list(args),
        keyword(vec![
            ("file", charlist(file)),
            ("line", Term::int(line as i64)),
        ]),
    ]);
    function_clause_error(module, name.name(), arity, frame)
}

/// `{module, fun, arity, [file: 'file', line: line]}`.
pub fn frame(module: Atom, fun: Atom, arity: usize, file: &str, line: u32) -> Term {
    Term::tuple([
        Term::Atom(module),
        Term::Atom(fun),
        Term::int(arity as i64),
        keyword(vec![
            ("file", charlist(file)),
            ("line", Term::int(line as i64)),
        ]),
    ])
}

pub fn system_limit() -> Exception {
    Exception::error(exception_struct(
        Atom::module("SystemLimitError"),
        vec![("message", Term::string("a system limit has been reached"))],
    ))
}
