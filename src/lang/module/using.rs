//! `use GenServer` and friends: the behaviour, and the functions its
//! `__using__` macro defines in Elixir 1.14, with the `use` options in
//! place of `opts`. `child_spec/1`, which every supervisor start calls, runs
//! natively ([`super::function::Native::ChildSpec`]); the others are
//! written here in Elixir as they are there.
//!
//! ```elixir
//! use Agent, restart: :temporary
//! # defines, unless the module defines it itself:
//! def child_spec(arg) do
//!   default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
//!   Supervisor.child_spec(default, [restart: :temporary])
//! end
//! ```

use crate::lang::ast::{Ast, Node};
use crate::lang::expand::{for_each_child, relocate};
use crate::lang::parser;
use crate::term::{Atom, Term};

/// What a `use` adds to a module.
pub struct Using {
    /// The behaviour the module now implements.
    pub behaviour: Atom,
    /// Definitions the module gets unless it defines the same name and arity.
    pub defaults: Vec<Ast>,
    /// `child_spec/1` as the behaviour's `__using__` defines it: the keys it
    /// adds to the default spec, and the `use` options.
    pub child_spec: Option<(Vec<(Atom, Term)>, Term)>,
    /// Callbacks the behaviour requires, with the default injected (and
    /// warned about) when the module lacks them.
    pub required: Vec<Required>,
}

const APPLICATION_STOP: &str = "def stop(_state), do: :ok";

/// The warning and default for a GenServer without `init/1`, as Elixir 1.14 gives them.
const GEN_SERVER_INIT: &str = "def init(init_arg) do
  {:ok, init_arg}
end";

/// A callback a behaviour requires: its name, its arity, and the default
/// implementation injected (with a warning) when the module lacks it.
pub type Required = (&'static str, usize, &'static str);

/// What a `__using__` brings: the child spec's defaults, Elixir source to
/// load into the module, and the callbacks it requires.
type Brings = (Option<Vec<(Atom, Term)>>, Vec<&'static str>, Vec<Required>);

/// What `use module, opts` brings, or `None` for a module riex has no `__using__` for.
pub fn using(module: Atom, opts: &Term, line: u32) -> Option<Using> {
    let worker = Some(Vec::new());
    let (child_spec, sources, required): Brings = match module.name() {
        "Elixir.GenServer" => (worker, vec![], vec![("init", 1, GEN_SERVER_INIT)]),
        "Elixir.Agent" => (worker, vec![], vec![]),
        "Elixir.Task" => (
            Some(vec![(Atom::new("restart"), Term::atom_named("temporary"))]),
            vec![],
            vec![],
        ),
        "Elixir.Supervisor" | "Elixir.DynamicSupervisor" => (
            Some(vec![(Atom::new("type"), Term::atom_named("supervisor"))]),
            vec![],
            vec![],
        ),
        "Elixir.Application" => (None, vec![APPLICATION_STOP], vec![]),
        "Elixir.Mix.Project" => (None, vec![], vec![]),
        _ => return None,
    };
    let defaults = sources.iter().map(|s| definition(s, opts, line)).collect();
    Some(Using {
        behaviour: module,
        defaults,
        child_spec: child_spec.map(|extra| (extra, opts.clone())),
        required,
    })
}

/// Parses a definition written above, with the `use` options in place.
pub fn definition(source: &str, opts: &Term, line: u32) -> Ast {
    let mut ast = parser::parse(source, 1).expect("riex's own definitions parse");
    put_options(&mut ast, opts);
    relocate(&mut ast, line);
    ast
}

fn put_options(e: &mut Ast, opts: &Term) {
    if matches!(&e.kind, Node::Var(n) if n == "__riex_use_opts__") {
        *e = Ast::value(opts.clone(), e.span);
        return;
    }
    for_each_child(e, &mut |c| put_options(c, opts));
}

/// The warning for a required callback the module does not define.
pub fn missing_callback_warning(
    behaviour: Atom,
    module: Atom,
    name: &str,
    arity: usize,
    default: &str,
) -> String {
    let indented: String = default.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "warning: function {name}/{arity} required by behaviour {} is not implemented (in module {}).\n\nWe will inject a default implementation for now:\n\n{indented}\nYou can copy the implementation above or define your own that converts the arguments given to GenServer.start_link/3 to the server state.\n",
        behaviour.module_display(),
        module.module_display(),
    )
}
