//! `Inspect.Map`: maps, and structs printed field by field.
//!
//! Maps print in the order they list their pairs in (key order up to 32
//! keys, the BEAM's hash order beyond) with strict breaks: `%{a: 1}` when
//! every key is an atom that is not an alias (keyword style), otherwise
//! every pair as `key => value`. A struct prints its fields (in definition order) as
//! `%Name{field: value}`.

use super::algebra::{concat, text, Doc};
use super::color::{color, Key};
use super::container::{container_doc, Breaks, Items, Shape};
use super::list::keyword;
use super::opts::Opts;
use super::to_doc::to_doc;
use crate::term::{Atom, TMap, Term};

/// `%{...}` (a struct whose keys are not its fields' prints so too, with
/// its `__struct__` key).
pub fn map_doc(m: &TMap, o: &Opts) -> Doc {
    let take = o.limit.map_or(usize::MAX, |n| n.saturating_add(1));
    let pairs: Vec<(&Term, &Term)> = m.iter().take(take).collect();
    let items = Items {
        elems: &pairs,
        tail: None,
    };
    let keyword_style = m
        .keys()
        .all(|k| matches!(k, Term::Atom(a) if !a.name().starts_with("Elixir.")));
    container_doc(shape("", o), items, o.limit, |(k, v), limit| {
        let o = o.with_limit(limit);
        match k {
            Term::Atom(a) if keyword_style => keyword(*a, v, &o),
            _ => assoc(k, v, &o),
        }
    })
}

/// `%Name{field: value, ...}` for the given fields of a struct.
pub fn fields_doc(m: &TMap, name: &str, fields: &[Atom], o: &Opts) -> Doc {
    let items = Items {
        elems: fields,
        tail: None,
    };
    container_doc(shape(name, o), items, o.limit, |field, limit| {
        let value = m.get_atom(*field).cloned().unwrap_or_else(Term::nil);
        keyword(*field, &value, &o.with_limit(limit))
    })
}

/// `#Name<field: value, ...>`: a struct whose derived `Inspect` shows only
/// `fields` (`...` stands for the others, when there are).
pub fn derived_doc(m: &TMap, name: &str, fields: &[Atom], hidden: bool, o: &Opts) -> Doc {
    let ellipsis = Atom::new("...");
    let mut shown = fields.to_vec();
    if hidden {
        shown.push(ellipsis);
    }
    let c = o.syntax_colors;
    let shape = Shape {
        left: color(text(format!("#{name}<")), Key::Map, c),
        right: color(text(">"), Key::Map, c),
        separator: color(text(","), Key::Map, c),
        breaks: Breaks::Strict,
    };
    let items = Items {
        elems: &shown,
        tail: None,
    };
    container_doc(shape, items, o.limit, |field, limit| {
        if *field == ellipsis {
            return text("...");
        }
        let value = m.get_atom(*field).cloned().unwrap_or_else(Term::nil);
        keyword(*field, &value, &o.with_limit(limit))
    })
}

fn shape(name: &str, o: &Opts) -> Shape {
    let c = o.syntax_colors;
    Shape {
        left: color(text(format!("%{name}{{")), Key::Map, c),
        right: color(text("}"), Key::Map, c),
        separator: color(text(","), Key::Map, c),
        breaks: Breaks::Strict,
    }
}

/// `key => value`.
fn assoc(k: &Term, v: &Term, o: &Opts) -> Doc {
    let arrow = color(text(" => "), Key::Map, o.syntax_colors);
    concat(concat(to_doc(k, o), arrow), to_doc(v, o))
}
