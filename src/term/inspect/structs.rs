//! Structs: `Inspect.Any`, and the `Inspect` implementations for `Range`,
//! `MapSet` and `Stream`.
//!
//! Elixir prints a struct's fields in the order of its `defstruct`, without
//! `__struct__` and `__exception__`, and prints it as a plain map (with its
//! `__struct__` key) when its keys are not exactly the struct's. riex knows
//! the field order of the structs Elixir itself defines that riex uses
//! (`Task` and the exceptions); others can be made known with
//! [`define_struct`]. A struct of an unknown `Elixir.` module prints its
//! fields in key order (Elixir would print it as a map if the module did not
//! exist); with any other `__struct__` atom it prints as a map.

use super::algebra::{concat_all, text, Doc};
use super::atom::atom_text;
use super::list;
use super::map;
use super::opts::{Charlists, Opts};
use super::to_doc::to_doc;
use crate::term::{atom, Atom, TMap, Term};
use parking_lot::RwLock;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// The fields (in `__info__(:struct)` order, `__exception__` included) of
/// the structs Elixir defines that riex uses.
#[rustfmt::skip]
const KNOWN: &[(&str, &[&str])] = &[
    ("Elixir.Task", &["mfa", "owner", "pid", "ref"]),
    ("Elixir.KeyError", &["__exception__", "key", "term", "message"]),
    ("Elixir.ErlangError", &["__exception__", "original", "reason"]),
    ("Elixir.RuntimeError", &["__exception__", "message"]),
    ("Elixir.ArgumentError", &["__exception__", "message"]),
    ("Elixir.ArithmeticError", &["__exception__", "message"]),
    ("Elixir.SystemLimitError", &["__exception__", "message"]),
    ("Elixir.Enum.EmptyError", &["__exception__", "message"]),
    ("Elixir.Enum.OutOfBoundsError", &["__exception__", "message"]),
    ("Elixir.MatchError", &["__exception__", "term"]),
    ("Elixir.CaseClauseError", &["__exception__", "term"]),
    ("Elixir.WithClauseError", &["__exception__", "term"]),
    ("Elixir.TryClauseError", &["__exception__", "term"]),
    ("Elixir.BadFunctionError", &["__exception__", "term"]),
    ("Elixir.BadMapError", &["__exception__", "term"]),
    ("Elixir.CondClauseError", &["__exception__"]),
    ("Elixir.BadArityError", &["__exception__", "function", "args"]),
    ("Elixir.BadStructError", &["__exception__", "struct", "term"]),
    ("Elixir.BadBooleanError", &["__exception__", "term", "operator"]),
    ("Elixir.UndefinedFunctionError", &["__exception__", "module", "function", "arity", "reason", "message"]),
    ("Elixir.FunctionClauseError", &["__exception__", "module", "function", "arity", "kind", "args", "clauses"]),
    ("Elixir.Protocol.UndefinedError", &["__exception__", "protocol", "value", "description"]),
    ("Elixir.File.Error", &["__exception__", "reason", "path", "action"]),
    ("Elixir.UnicodeConversionError", &["__exception__", "encoded", "message"]),
];

fn registry() -> &'static RwLock<FxHashMap<Atom, Vec<Atom>>> {
    static REGISTRY: OnceLock<RwLock<FxHashMap<Atom, Vec<Atom>>>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let known = KNOWN
            .iter()
            .map(|(module, fields)| {
                (
                    Atom::new(module),
                    fields.iter().map(|f| Atom::new(f)).collect(),
                )
            })
            .collect();
        RwLock::new(known)
    })
}

/// Makes a struct's fields known, in `defstruct` order (`__exception__`
/// included for an exception), so that it prints as Elixir prints it.
pub fn define_struct(module: Atom, fields: &[Atom]) {
    registry().write().insert(module, fields.to_vec());
}

/// Per struct module: the fields `@derive Inspect` shows, and whether some
/// are left out.
type Derived = RwLock<FxHashMap<Atom, (Vec<Atom>, bool)>>;

fn derived() -> &'static Derived {
    static DERIVED: OnceLock<Derived> = OnceLock::new();
    DERIVED.get_or_init(|| RwLock::new(FxHashMap::default()))
}

/// `@derive {Inspect, only: fields}` (or `except:`): the struct prints as
/// `#Name<shown fields, ...>`; `hidden` says whether some fields are left out.
pub fn derive_inspect(module: Atom, shown: &[Atom], hidden: bool) {
    derived().write().insert(module, (shown.to_vec(), hidden));
}

/// The known fields of `module`'s struct, in definition order.
pub fn struct_fields(module: Atom) -> Option<Vec<Atom>> {
    registry().read().get(&module).cloned()
}

/// The document of a struct (a map with an atom `__struct__`).
pub fn struct_doc(module: Atom, m: &TMap, o: &Opts) -> Doc {
    match module.name() {
        "Elixir.Range" => range(m, o),
        "Elixir.MapSet" => map_set(m, o),
        "Elixir.Stream" => stream(m, o),
        _ => None,
    }
    .unwrap_or_else(|| any(module, m, o))
}

/// `Inspect.Any`: `%Name{field: value}`, or a map if the keys do not match.
fn any(module: Atom, m: &TMap, o: &Opts) -> Doc {
    if let Some((shown, hidden)) = derived().read().get(&module).cloned() {
        return map::derived_doc(m, &atom_text(module), &shown, hidden, o);
    }
    let fields = match struct_fields(module) {
        Some(fields) if has_exactly(m, &fields) => fields,
        Some(_) => return map::map_doc(m, o),
        None if is_alias(module) && m.keys().all(|k| matches!(k, Term::Atom(_))) => {
            m.keys().filter_map(Term::as_atom).collect()
        }
        None => return map::map_doc(m, o),
    };
    let shown: Vec<Atom> = fields
        .into_iter()
        .filter(|f| *f != atom::STRUCT && *f != atom::EXCEPTION)
        .collect();
    map::fields_doc(m, &atom_text(module), &shown, o)
}

/// `Elixir.Foo`: a name an unknown struct module may have (`nil` may not).
fn is_alias(module: Atom) -> bool {
    module.name().starts_with("Elixir.")
}

/// The map's keys are `__struct__` and `fields`.
fn has_exactly(m: &TMap, fields: &[Atom]) -> bool {
    let expected = fields.iter().filter(|f| **f != atom::STRUCT).count() + 1;
    m.len() == expected && fields.iter().all(|f| m.get_atom(*f).is_some())
}

/// `Inspect.Range`: `1..10`, `1..10//2`, `5..1//-1`.
fn range(m: &TMap, o: &Opts) -> Option<Doc> {
    let first = m.get_atom(Atom::new("first"))?;
    let last = m.get_atom(Atom::new("last"))?;
    let default_step = || {
        Term::int(if first.compare(last) != Ordering::Greater {
            1
        } else {
            -1
        })
    };
    let step = m
        .get_atom(Atom::new("step"))
        .cloned()
        .unwrap_or_else(default_step);
    let mut docs = vec![to_doc(first, o), text(".."), to_doc(last, o)];
    let plain = matches!(step, Term::Int(1)) && last.compare(first) != Ordering::Less;
    if !plain {
        docs.push(text("//"));
        docs.push(to_doc(&step, o));
    }
    Some(concat_all(docs))
}

/// `Inspect.MapSet`: `MapSet.new([1, 2, 3])`, elements as lists of integers.
fn map_set(m: &TMap, o: &Opts) -> Option<Doc> {
    let elements = m.get_atom(Atom::new("map"))?.as_map()?;
    let o = Opts {
        charlists: Charlists::AsLists,
        ..*o
    };
    let items = Term::list(elements.keys().cloned().collect());
    let doc = match &items {
        Term::List(l) => list::list_doc(l, &o),
        _ => to_doc(&items, &o),
    };
    Some(concat_all(vec![text("MapSet.new("), doc, text(")")]))
}

/// `Inspect.Stream`: `#Stream<[enum: 1..3, funs: [...]]>`, the functions in
/// the order they apply (the struct keeps the newest first).
fn stream(m: &TMap, o: &Opts) -> Option<Doc> {
    let enumerable = m.get_atom(Atom::new("enum"))?.clone();
    let mut funs = m.get_atom(Atom::new("funs"))?.list_to_vec()?;
    funs.reverse();
    let inner = Term::list(vec![
        Term::tuple([Term::atom_named("enum"), enumerable]),
        Term::tuple([Term::atom_named("funs"), Term::list(funs)]),
    ]);
    Some(concat_all(vec![
        text("#Stream<"),
        to_doc(&inner, o),
        text(">"),
    ]))
}
