//! The warnings Elixir's checker prints once a module is compiled, for the
//! remote calls in its functions that can never work as written:
//!
//! ```text
//! warning: Yard.TrainSupervisor.add_train/1 is undefined (module Yard.TrainSupervisor is not available or is yet to be defined)
//!   iex:18: Yard.Server.handle_call/3
//!
//! warning: KV.Bucket.gett/2 is undefined or private
//!   iex:7: KV.Registry.lookup/2
//! ```
//!
//! Calls of a module that is not loaded come first, then calls of a
//! function a loaded module does not export; each group sorted by module,
//! function and arity; one warning per function called, with every place
//! that calls it. Only modules whose exports are known exactly (those
//! defined in Elixir) are held to "undefined or private", and a module of
//! Elixir's or Erlang's standard library is never "not available".

use super::function::Function;
use super::UserModule;
use crate::lang::ast::{Ast, Node, Target};
use crate::lang::eval::Scope;
use crate::runtime::Node as RuntimeNode;
use crate::term::Atom;
use std::collections::BTreeMap;

/// Why a call cannot work.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    /// Its module is not loaded.
    NoModule,
    /// Its module does not export it.
    NoFunction,
}

/// A remote call's target and the place that makes it.
struct RemoteCall {
    module: Atom,
    fun: String,
    arity: usize,
    line: u32,
}

/// The warnings for the remote calls in `functions` of module `own` that
/// name a module not loaded, or a function a loaded Elixir module does not
/// export.
pub fn undefined_calls(
    node: &RuntimeNode,
    scope: &Scope,
    own: Atom,
    functions: &[Function],
) -> Vec<String> {
    type Key = (Problem, String, String, usize);
    let mut found: BTreeMap<Key, Vec<(u32, String)>> = BTreeMap::new();
    for f in functions.iter().filter(|f| f.native.is_none()) {
        let caller = format!("{}.{}/{}", own.module_display(), f.name.name(), f.arity);
        for clause in &f.clauses {
            let body_aliases = has_local_alias(&clause.body);
            let mut calls = Vec::new();
            remote_calls(&clause.body, scope, &mut calls);
            for call in calls {
                if call.module == own
                    || is_nested_in(call.module, own)
                    || (body_aliases && is_alias_name(call.module))
                {
                    continue;
                }
                let Some(problem) = problem_of(node, &call) else {
                    continue;
                };
                let key = (
                    problem,
                    sort_name(call.module),
                    call.fun.clone(),
                    call.arity,
                );
                let places = found.entry(key).or_default();
                let place = (call.line, caller.clone());
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((problem, module, fun, arity), places)| {
            warning(problem, &module, &fun, arity, places, &scope.file)
        })
        .collect()
}

/// What is wrong with `call`, if anything.
fn problem_of(node: &RuntimeNode, call: &RemoteCall) -> Option<Problem> {
    let Some(module) = node.module(call.module) else {
        return (!is_standard(call.module)).then_some(Problem::NoModule);
    };
    let user = module.as_any()?.downcast_ref::<UserModule>()?;
    let fun = Atom::new(&call.fun);
    let known = module.exports_fun(fun, call.arity)
        || user.has_macro(fun, call.arity, false)
        || matches!(
            (call.fun.as_str(), call.arity),
            ("__info__", 1) | ("module_info", 0 | 1) | ("__struct__", 0 | 1)
        );
    (!known).then_some(Problem::NoFunction)
}

fn warning(
    problem: Problem,
    module: &str,
    fun: &str,
    arity: usize,
    mut places: Vec<(u32, String)>,
    file: &str,
) -> String {
    let module = display_module(module);
    let what = match problem {
        Problem::NoModule => format!(
            "warning: {module}.{fun}/{arity} is undefined (module {module} is not available or is yet to be defined)\n"
        ),
        Problem::NoFunction => format!("warning: {module}.{fun}/{arity} is undefined or private\n"),
    };
    places.sort();
    let mut out = what;
    if places.len() > 1 {
        out.push_str(&format!(
            "Invalid call found at {} locations:\n",
            places.len()
        ));
    }
    for (line, caller) in places {
        out.push_str(&format!("  {file}:{line}: {caller}\n"));
    }
    out
}

/// Elixir 1.14's own modules and applications, by their first name, and
/// Erlang/OTP's: present in every Elixir installation, whether or not riex
/// provides them, so a call of one is never "not available".
const STANDARD: &[&str] = &[
    "Access",
    "Agent",
    "Application",
    "ArgumentError",
    "ArithmeticError",
    "Atom",
    "BadArityError",
    "BadBooleanError",
    "BadFunctionError",
    "BadMapError",
    "BadStructError",
    "Base",
    "Behaviour",
    "Bitwise",
    "Calendar",
    "CaseClauseError",
    "Code",
    "Collectable",
    "CompileError",
    "CondClauseError",
    "Config",
    "Date",
    "DateTime",
    "Dict",
    "DynamicSupervisor",
    "EEx",
    "Enum",
    "Enumerable",
    "ErlangError",
    "Exception",
    "ExUnit",
    "File",
    "Float",
    "FunctionClauseError",
    "GenEvent",
    "GenServer",
    "HashDict",
    "HashSet",
    "IEx",
    "IO",
    "Inspect",
    "Integer",
    "Kernel",
    "KeyError",
    "Keyword",
    "List",
    "Logger",
    "Macro",
    "MatchError",
    "Map",
    "MapSet",
    "Mix",
    "Module",
    "NaiveDateTime",
    "Node",
    "OptionParser",
    "PartitionSupervisor",
    "Path",
    "Port",
    "Process",
    "Protocol",
    "Range",
    "Record",
    "Regex",
    "Registry",
    "RuntimeError",
    "Set",
    "Stream",
    "String",
    "StringIO",
    "Supervisor",
    "SyntaxError",
    "System",
    "SystemLimitError",
    "Task",
    "Time",
    "TokenMissingError",
    "TryClauseError",
    "Tuple",
    "URI",
    "UndefinedFunctionError",
    "UnicodeConversionError",
    "Version",
    "WithClauseError",
];

/// True for a module of Elixir's standard library (or a module under one)
/// and for any Erlang module: riex provides some of them, an Elixir
/// installation all, so their absence here is riex's, not the program's.
fn is_standard(module: Atom) -> bool {
    let Some(alias) = module.name().strip_prefix("Elixir.") else {
        return true;
    };
    let first = alias.split('.').next().unwrap_or(alias);
    STANDARD.contains(&first)
}

/// A module's name as the atom it is spelled by (`Elixir.Zed`, `zz`):
/// the order Elixir sorts the warnings in.
fn sort_name(module: Atom) -> String {
    module.name().to_owned()
}

/// `Zed` for `Elixir.Zed`, `:zz` for `zz`.
fn display_module(atom_name: &str) -> String {
    Atom::new(atom_name).module_display()
}

/// True for `Outer.Inner` inside `Outer`: compiled with it, and not
/// held to its exports by Elixir's checker.
fn is_nested_in(module: Atom, own: Atom) -> bool {
    module
        .name()
        .strip_prefix(own.name())
        .is_some_and(|rest| rest.starts_with('.'))
}

fn is_alias_name(module: Atom) -> bool {
    module.name().starts_with("Elixir.")
}

/// True when the body declares an alias of its own, which the module's
/// aliases do not know: its calls through aliases are not judged.
fn has_local_alias(body: &Ast) -> bool {
    let mut found = false;
    crate::lang::expand::visit(body, &mut |n| {
        found |= n.local_name() == Some("alias");
    });
    found
}

/// The calls `Alias.fun(...)` and `:mod.fun(...)` in `e` (and captures
/// `&Alias.fun/arity`), outside quotes.
fn remote_calls(e: &Ast, scope: &Scope, out: &mut Vec<RemoteCall>) {
    match (e.local_name(), &e.kind) {
        (Some("quote"), _) => return,
        (Some("|>"), Node::Call(c)) if c.args.len() == 2 => {
            // The piped value is the call's first argument.
            remote_calls(&c.args[0], scope, out);
            push_remote(&c.args[1], scope, 1, out);
            crate::lang::expand::for_each_child_ref(&c.args[1], &mut |child| {
                remote_calls(child, scope, out)
            });
            return;
        }
        (Some("&"), Node::Call(c)) => {
            if let Some((target, arity)) = captured(c.args.first()) {
                push_remote(target, scope, arity, out);
                return;
            }
        }
        _ => {}
    }
    push_remote(e, scope, 0, out);
    crate::lang::expand::for_each_child_ref(e, &mut |child| remote_calls(child, scope, out));
}

/// `Mod.fun` and its arity in a capture `&Mod.fun/arity`.
fn captured(inner: Option<&Ast>) -> Option<(&Ast, usize)> {
    let inner = inner?;
    let Node::Call(slash) = &inner.kind else {
        return None;
    };
    if inner.local_name() != Some("/") || slash.args.len() != 2 {
        return None;
    }
    let Node::Int(arity) = slash.args[1].kind else {
        return None;
    };
    let Node::Call(target) = &slash.args[0].kind else {
        return None;
    };
    let arity = usize::try_from(arity)
        .ok()?
        .checked_sub(target.args.len())?;
    Some((&slash.args[0], arity))
}

/// Records `e` when it is a call of a named module, with `extra` arguments
/// besides those written.
fn push_remote(e: &Ast, scope: &Scope, extra: usize, out: &mut Vec<RemoteCall>) {
    let Node::Call(c) = &e.kind else { return };
    let Target::Remote(recv, fun) = &c.target else {
        return;
    };
    let module = match &recv.kind {
        Node::Alias(parts) => scope.resolve_alias(parts),
        Node::Atom(a) => Atom::new(a),
        // An alias the expansion resolved already.
        Node::Value(v) => match v.0.as_atom() {
            Some(a) => a,
            None => return,
        },
        _ => return,
    };
    out.push(RemoteCall {
        module,
        fun: fun.clone(),
        arity: c.args.len() + extra,
        line: e.span.line,
    });
}
