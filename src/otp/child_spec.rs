//! Child specifications: how a supervisor starts, restarts and stops a child.
//!
//! A spec is a map `%{id: ..., start: {m, f, args}, restart: ..., shutdown:
//! ..., type: ..., modules: ...}`; a module `M` or a tuple `{M, arg}` stands
//! for `M.child_spec(arg)`, as `Supervisor.child_spec/2` reads it.
//!
//! ```
//! use riex::otp::child_spec::{ChildSpec, Restart};
//! use riex::term::{Term, Atom};
//! let spec = ChildSpec::new(Term::atom_named("worker"), (Atom::module("W"), Atom::new("start_link"), vec![]));
//! assert_eq!(spec.restart, Restart::Permanent);
//! ```

use crate::runtime::Ctx;
use crate::term::build::{is_keyword, keyword_get};
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, TMap, Term};
use std::time::Duration;

/// When a child is restarted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Always.
    Permanent,
    /// Only after an abnormal exit.
    Transient,
    /// Never.
    Temporary,
}

/// How a child is stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `Process.exit(child, :kill)`.
    BrutalKill,
    /// `:shutdown`, then `:kill` after this long.
    Timeout(Duration),
    /// `:shutdown`, and wait as long as it takes.
    Infinity,
}

/// Worker or supervisor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildType {
    /// A worker.
    Worker,
    /// A supervisor.
    Supervisor,
}

/// A child specification.
#[derive(Clone, Debug)]
pub struct ChildSpec {
    /// The child's id within its supervisor.
    pub id: Term,
    /// `{module, function, args}` that starts it.
    pub start: (Atom, Atom, Vec<Term>),
    /// Restart policy.
    pub restart: Restart,
    /// Shutdown policy.
    pub shutdown: Shutdown,
    /// Worker or supervisor.
    pub kind: ChildType,
    /// The modules list (`[Agent]`), or `:dynamic`.
    pub modules: Term,
    /// The keys given explicitly, to print the spec back as Elixir does.
    given: Vec<Atom>,
}

impl ChildSpec {
    /// A permanent worker spec with default shutdown (5000 ms).
    pub fn new(id: Term, start: (Atom, Atom, Vec<Term>)) -> ChildSpec {
        let modules = Term::list(vec![Term::Atom(start.0)]);
        ChildSpec {
            id,
            start,
            restart: Restart::Permanent,
            shutdown: Shutdown::Timeout(Duration::from_millis(5000)),
            kind: ChildType::Worker,
            modules,
            given: vec![atom::ID, atom::START],
        }
    }

    /// The spec as the map `Supervisor.child_spec/2` returns.
    pub fn to_term(&self) -> Term {
        let (m, f, a) = &self.start;
        let mut map = TMap::new().put(Term::Atom(atom::ID), self.id.clone()).put(
            Term::Atom(atom::START),
            Term::tuple([Term::Atom(*m), Term::Atom(*f), Term::list(a.clone())]),
        );
        for key in &self.given {
            let value = match key.name() {
                "restart" => Term::Atom(self.restart.atom()),
                "shutdown" => shutdown_term(self.shutdown),
                "type" => Term::Atom(self.kind.atom()),
                "modules" => self.modules.clone(),
                _ => continue,
            };
            map.insert(Term::Atom(*key), value);
        }
        Term::Map(map)
    }

    /// Reads a spec map; `Err` carries the reason OTP would give.
    pub fn from_map(map: &TMap) -> Result<ChildSpec, Term> {
        let invalid =
            || Term::tuple([Term::atom(atom::INVALID_CHILD_SPEC), Term::Map(map.clone())]);
        let id = map.get_atom(atom::ID).cloned().ok_or_else(invalid)?;
        let start = map.get_atom(atom::START).ok_or_else(invalid)?;
        let start = read_mfa(start).ok_or_else(invalid)?;
        let mut spec = ChildSpec::new(id, start);
        if let Some(r) = map.get_atom(atom::RESTART) {
            spec.restart = read_restart(r).ok_or_else(invalid)?;
            spec.given.push(atom::RESTART);
        }
        if let Some(t) = map.get_atom(atom::TYPE) {
            spec.kind = match t.as_atom() {
                Some(a) if a == atom::WORKER => ChildType::Worker,
                Some(a) if a == atom::SUPERVISOR => ChildType::Supervisor,
                _ => return Err(invalid()),
            };
            spec.given.push(atom::TYPE);
            if spec.kind == ChildType::Supervisor && map.get_atom(atom::SHUTDOWN).is_none() {
                spec.shutdown = Shutdown::Infinity;
            }
        }
        if let Some(s) = map.get_atom(atom::SHUTDOWN) {
            spec.shutdown = read_shutdown(s).ok_or_else(invalid)?;
            spec.given.push(atom::SHUTDOWN);
        }
        if let Some(m) = map.get_atom(atom::MODULES) {
            spec.modules = m.clone();
            spec.given.push(atom::MODULES);
        }
        Ok(spec)
    }
}

fn read_mfa(t: &Term) -> Option<(Atom, Atom, Vec<Term>)> {
    let [m, f, a] = t.as_tuple()? else {
        return None;
    };
    Some((m.as_atom()?, f.as_atom()?, a.list_to_vec()?))
}

fn read_restart(t: &Term) -> Option<Restart> {
    match t.as_atom()?.name() {
        "permanent" => Some(Restart::Permanent),
        "transient" => Some(Restart::Transient),
        "temporary" => Some(Restart::Temporary),
        _ => None,
    }
}

fn read_shutdown(t: &Term) -> Option<Shutdown> {
    match t {
        Term::Atom(a) if *a == atom::BRUTAL_KILL => Some(Shutdown::BrutalKill),
        Term::Atom(a) if *a == atom::INFINITY => Some(Shutdown::Infinity),
        Term::Int(ms) if *ms >= 0 => Some(Shutdown::Timeout(Duration::from_millis(*ms as u64))),
        _ => None,
    }
}

impl Restart {
    /// `:permanent`, `:transient` or `:temporary`.
    pub fn atom(self) -> Atom {
        match self {
            Restart::Permanent => atom::PERMANENT,
            Restart::Transient => atom::TRANSIENT,
            Restart::Temporary => atom::TEMPORARY,
        }
    }
}

impl ChildType {
    /// `:worker` or `:supervisor`.
    pub fn atom(self) -> Atom {
        match self {
            ChildType::Worker => atom::WORKER,
            ChildType::Supervisor => atom::SUPERVISOR,
        }
    }
}

fn shutdown_term(s: Shutdown) -> Term {
    match s {
        Shutdown::BrutalKill => Term::atom(atom::BRUTAL_KILL),
        Shutdown::Infinity => Term::atom(atom::INFINITY),
        Shutdown::Timeout(d) => Term::int(d.as_millis() as i64),
    }
}

/// `Supervisor.child_spec(module_or_tuple_or_map, overrides)`: the spec map
/// with `overrides` (a keyword list) merged in.
pub async fn child_spec(cx: &mut Ctx, child: &Term, overrides: &Term) -> Result<Term, Exception> {
    let base = base_spec(cx, child).await?;
    let Term::Map(mut map) = base else {
        return Err(Exception::argument_error(&format!(
            "expected a map as child spec, got: {}",
            inspect(&base)
        )));
    };
    if let Term::List(l) = overrides {
        for item in l.iter() {
            if let Some([k, v]) = item.as_tuple() {
                map.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(Term::Map(map))
}

/// The spec a child term stands for: a map as it is; `M` is `M.child_spec([])`;
/// `{M, arg}` is `M.child_spec(arg)`.
async fn base_spec(cx: &mut Ctx, child: &Term) -> Result<Term, Exception> {
    let (module, arg) = match child {
        Term::Map(_) => return Ok(child.clone()),
        Term::Atom(m) => (*m, Term::Nil),
        Term::Tuple(t) if t.len() == 2 && t[0].as_atom().is_some() => (t[0].as_atom().unwrap(), t[1].clone()),
        other => {
            return Err(Exception::argument_error(&format!(
                "supervisors expect each child to be one of the following:\n\n  * a module\n  * a {{module, arg}} tuple\n  * a child specification as a map with at least the :id and :start fields\n  * or a tuple with 6 elements generated by Supervisor.child_spec/2 (deprecated)\n\nGot: {}\n",
                inspect(other)
            )))
        }
    };
    let Some(m) = cx.node().module(module) else {
        return Err(Exception::argument_error(&format!(
            "The module {} was given as a child to a supervisor but it does not exist.",
            inspect(&Term::Atom(module))
        )));
    };
    if !m.exports_fun(crate::atom!("child_spec"), 1) {
        return Err(Exception::argument_error(&format!(
            "The module {} was given as a child to a supervisor but it does not implement child_spec/1.\n\nIf you own the given module, please define a child_spec/1 function\nthat receives an argument and returns a child specification as a map.\nFor example:\n\n    def child_spec(opts) do\n      %{{\n        id: __MODULE__,\n        start: {{__MODULE__, :start_link, [opts]}},\n        type: :worker,\n        restart: :permanent,\n        shutdown: 500\n      }}\n    end\n\nNote that \"use Agent\", \"use GenServer\" and so on automatically define\nthis function for you.\n\nHowever, if you don't own the given module and it doesn't implement\nchild_spec/1, instead of passing the module name directly as a supervisor\nchild, you will have to pass a child specification as a map:\n\n    %{{\n      id: {0},\n      start: {{{0}, :start_link, [arg1, arg2]}}\n    }}\n\nSee the Supervisor documentation for more information\n",
            inspect(&Term::Atom(module))
        )));
    }
    cx.apply_loaded(&*m, crate::atom!("child_spec"), vec![arg])
        .await
}

/// The default `child_spec/1` that `use GenServer` (and Agent, Task,
/// Supervisor) define: `%{id: module, start: {module, :start_link, [arg]}}`
/// plus the `use` options (`restart: :temporary`, ...).
pub fn default_child_spec(module: Atom, arg: Term, use_opts: &Term) -> Term {
    let start = Term::tuple([
        Term::Atom(module),
        Term::Atom(atom::START_LINK),
        Term::cons(arg, Term::Nil),
    ]);
    let mut map = TMap::from_pairs(vec![
        (Term::Atom(atom::ID), Term::Atom(module)),
        (Term::Atom(atom::START), start),
    ]);
    if let Term::List(l) = use_opts {
        for item in l.iter() {
            if let Some([k, v]) = item.as_tuple() {
                map.insert(k.clone(), v.clone());
            }
        }
    }
    Term::Map(map)
}

/// `{:invalid_child_spec, ...}` for a term that is no spec at all.
pub fn invalid_spec_error(t: &Term) -> Term {
    Term::tuple([Term::atom(atom::INVALID_CHILD_SPEC), t.clone()])
}

/// True if the options term is a keyword list (`[]` included).
pub fn is_options(t: &Term) -> bool {
    is_keyword(t)
}

/// Reads an option from a keyword list.
pub fn option(opts: &Term, key: &str) -> Option<Term> {
    keyword_get(opts, Atom::new(key))
}

/// `%ArgumentError{}` as an Exception from text (shared by the supervisors).
pub fn argument_error(text: &str) -> Exception {
    Exception::error(exception_struct(
        atom::ARGUMENT_ERROR,
        vec![("message", Term::string(text))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_spec_reads_its_policies_and_prints_back_the_keys_given() {
        let map = TMap::from_pairs(vec![
            (Term::atom(atom::ID), Term::atom_named("w")),
            (
                Term::atom(atom::START),
                Term::tuple([Term::atom_named("m"), Term::atom_named("f"), Term::Nil]),
            ),
            (Term::atom(atom::RESTART), Term::atom(atom::TEMPORARY)),
        ]);
        let spec = ChildSpec::from_map(&map).unwrap();
        assert_eq!(spec.restart, Restart::Temporary);
        assert_eq!(
            spec.to_term().to_string(),
            "%{id: :w, restart: :temporary, start: {:m, :f, []}}"
        );
    }

    #[test]
    fn a_spec_without_start_is_invalid() {
        let map = TMap::from_pairs(vec![(Term::atom(atom::ID), Term::atom_named("bad"))]);
        assert_eq!(
            ChildSpec::from_map(&map).unwrap_err().to_string(),
            "{:invalid_child_spec, %{id: :bad}}"
        );
    }

    #[test]
    fn supervisors_default_to_infinite_shutdown() {
        let map = TMap::from_pairs(vec![
            (Term::atom(atom::ID), Term::atom_named("s")),
            (
                Term::atom(atom::START),
                Term::tuple([Term::atom_named("m"), Term::atom_named("f"), Term::Nil]),
            ),
            (Term::atom(atom::TYPE), Term::atom(atom::SUPERVISOR)),
        ]);
        assert_eq!(
            ChildSpec::from_map(&map).unwrap().shutdown,
            Shutdown::Infinity
        );
    }
}
