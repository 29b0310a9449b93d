//! Structs of user modules: `defstruct` gives a module `__struct__/0` (the
//! defaults) and `__struct__/1` (the defaults updated with given keys, which
//! must all be fields, and must include every `@enforce_keys` key).
//!
//! ```elixir
//! defmodule User do
//!   @enforce_keys [:name]
//!   defstruct [:name, age: 0]
//! end
//! %User{name: "ana"}    #=> %User{age: 0, name: "ana"}
//! ```

use super::UserModule;
use crate::term::inspect::inspect;
use crate::term::{atom, Exception, TMap, Term};

/// `%Module{}` with every field at its default.
pub fn default_struct(m: &UserModule) -> Term {
    let mut map = TMap::new();
    for (k, v) in m.struct_fields.iter().flatten() {
        map.insert(Term::Atom(*k), v.clone());
    }
    map.insert(Term::Atom(atom::STRUCT), Term::Atom(m.module_name()));
    Term::Map(map)
}

/// `Module.__struct__(fields)`: an error carries the frame Elixir's
/// generated `__struct__/1` shows.
pub fn build_struct(m: &UserModule, given: &Term) -> Result<Term, Exception> {
    build(m, given).map_err(|e| {
        let frame = Term::tuple([
            Term::Atom(m.module_name()),
            Term::atom_named("__struct__"),
            Term::int(1),
            Term::Nil,
        ]);
        let frame = if e
            .reason
            .struct_name()
            .is_some_and(|n| n.name() == "Elixir.KeyError")
        {
            // Unknown keys are found in the fun `Enum.reduce/3` runs.
            Term::tuple([
                Term::Atom(m.module_name()),
                Term::atom_named("-__struct__/1-fun-0-"),
                Term::int(2),
                Term::Nil,
            ])
        } else {
            frame
        };
        e.with_stack(Term::list(vec![frame]))
    })
}

fn build(m: &UserModule, given: &Term) -> Result<Term, Exception> {
    let pairs = crate::lang::stdlib::structs::pairs_of(given);
    let Term::Map(mut map) = default_struct(m) else {
        unreachable!("a struct is a map")
    };
    for (k, v) in &pairs {
        if k.is_atom(atom::STRUCT) || map.get(k).is_none() {
            return Err(Exception::error(crate::term::exception::exception_struct(
                crate::term::Atom::module("KeyError"),
                vec![
                    ("key", k.clone()),
                    ("term", Term::nil()),
                    ("message", Term::nil()),
                ],
            )));
        }
        map.insert(k.clone(), v.clone());
    }
    let missing: Vec<Term> = m
        .enforce_keys
        .iter()
        .filter(|k| !pairs.iter().any(|(g, _)| g.as_atom() == Some(**k)))
        .map(|k| Term::Atom(*k))
        .collect();
    if !missing.is_empty() {
        return Err(Exception::argument_error(&format!(
            "the following keys must also be given when building struct {}: {}",
            m.module_name().module_display(),
            inspect(&Term::list(missing))
        )));
    }
    Ok(Term::Map(map))
}
