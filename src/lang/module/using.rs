//! `use GenServer` and friends: the behaviour, and the functions its
//! `__using__` macro defines in Elixir 1.14, written here in Elixir as they
//! are there, with the `use` options in place of `opts`.
//!
//! ```elixir
//! use Agent, restart: :temporary
//! # defines, unless the module defines it itself:
//! def child_spec(arg) do
//!   default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
//!   Supervisor.child_spec(default, [restart: :temporary])
//! end
//! ```

use super::expand::{for_each_child, relocate};
use crate::lang::ast::{Ast, Node};
use crate::lang::parser;
use crate::term::{Atom, Term};

/// What a `use` adds to a module.
pub struct Using {
    /// The behaviour the module now implements.
    pub behaviour: Atom,
    /// Definitions the module gets unless it defines the same name and arity.
    pub defaults: Vec<Ast>,
    /// Callbacks the behaviour requires, with the default injected (and
    /// warned about) when the module lacks them.
    pub required: Vec<(&'static str, usize, &'static str)>,
}

const CHILD_SPEC: &str = "def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}}
  Supervisor.child_spec(default, __riex_use_opts__)
end";

const SUPERVISOR_CHILD_SPEC: &str = "def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}, type: :supervisor}
  Supervisor.child_spec(default, __riex_use_opts__)
end";

const TASK_CHILD_SPEC: &str = "def child_spec(arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, restart: :temporary}
  Supervisor.child_spec(default, __riex_use_opts__)
end";

const APPLICATION_STOP: &str = "def stop(_state), do: :ok";

/// The warning and default for a GenServer without `init/1`, as Elixir 1.14 gives them.
const GEN_SERVER_INIT: &str = "def init(init_arg) do
  {:ok, init_arg}
end";

/// What `use module, opts` brings, or `None` for a module riex has no `__using__` for.
pub fn using(module: Atom, opts: &Term, line: u32) -> Option<Using> {
    let (sources, required): (Vec<&str>, Vec<(&'static str, usize, &'static str)>) =
        match module.name() {
            "Elixir.GenServer" => (vec![CHILD_SPEC], vec![("init", 1, GEN_SERVER_INIT)]),
            "Elixir.Agent" => (vec![CHILD_SPEC], vec![]),
            "Elixir.Task" => (vec![TASK_CHILD_SPEC], vec![]),
            "Elixir.Supervisor" | "Elixir.DynamicSupervisor" => {
                (vec![SUPERVISOR_CHILD_SPEC], vec![])
            }
            "Elixir.Application" => (vec![APPLICATION_STOP], vec![]),
            "Elixir.Mix.Project" => (vec![], vec![]),
            _ => return None,
        };
    let defaults = sources.iter().map(|s| definition(s, opts, line)).collect();
    Some(Using {
        behaviour: module,
        defaults,
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
    let indented: String = default
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect();
    format!(
        "warning: function {name}/{arity} required by behaviour {} is not implemented (in module {}).\n\nWe will inject a default implementation for now:\n\n{indented}\nYou can copy the implementation above or define your own that converts the arguments given to GenServer.start_link/3 to the server state.\n",
        behaviour.module_display(),
        module.module_display(),
    )
}
