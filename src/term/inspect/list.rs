//! `Inspect.List`: charlists, keyword lists and other lists.
//!
//! A list of printable ASCII code points prints as a charlist (`'hi'`); a
//! proper list of `{atom, value}` pairs whose keys are not aliases prints as
//! a keyword list (`[a: 1]`, strict breaks); any other list is a container
//! whose breaks are flex when every element is simple (`[1, 2, 3]`) and
//! strict otherwise. Improper lists end in ` | tail`.

use super::algebra::{concat, text, Doc};
use super::color::{color, Key};
use super::container::{container_doc, Breaks, Items, Shape};
use super::escape::{escape, is_ascii_printable_list};
use super::opts::{Charlists, Opts};
use super::to_doc::to_doc;
use crate::term::{atom, List, Term};

/// The document of a non-empty list.
pub fn list_doc(l: &List, o: &Opts) -> Doc {
    let c = o.syntax_colors;
    if let Some(doc) = charlist(l, o) {
        return color(doc, Key::Charlist, c);
    }
    let breaks = if is_keyword(l) {
        Breaks::Strict
    } else {
        Breaks::Maybe
    };
    let shape = Shape {
        left: color(text("["), Key::List, c),
        right: color(text("]"), Key::List, c),
        separator: color(text(","), Key::List, c),
        breaks,
    };
    let (elems, tail) = prefix(l, o.limit);
    let items = Items {
        elems: &elems,
        tail: tail.as_ref(),
    };
    container_doc(shape, items, o.limit, |t, limit| {
        let o = o.with_limit(limit);
        if breaks == Breaks::Strict {
            keyword_pair(t, &o)
        } else {
            to_doc(t, &o)
        }
    })
}

/// The elements a container with `limit` can show (one more than the limit,
/// so that it knows to write `...`), and the improper tail if it is reached.
fn prefix(l: &List, limit: Option<usize>) -> (Vec<Term>, Option<Term>) {
    let take = limit.map_or(usize::MAX, |n| n.saturating_add(1));
    let mut it = l.iter();
    let elems: Vec<Term> = it.by_ref().take(take).cloned().collect();
    (elems, it.rest().cloned())
}

/// `'abc'` if the list prints as a charlist.
fn charlist(l: &List, o: &Opts) -> Option<Doc> {
    let printable = match o.charlists {
        Charlists::AsLists => false,
        Charlists::AsCharlists => true,
        Charlists::Infer => is_ascii_printable_list(l, o.printable_limit),
    };
    if !printable {
        return None;
    }
    // `escape` counts `#{` as one character: it may read two per count.
    let take = o
        .printable_limit
        .map_or(usize::MAX, |n| n.saturating_mul(2).saturating_add(2));
    let s: String = l
        .iter()
        .take(take)
        .map(char_of)
        .collect::<Option<String>>()?;
    let (escaped, more) = escape(s.as_bytes(), b'\'', o.printable_limit);
    let suffix = if more { " ++ ..." } else { "" };
    Some(text(format!("'{escaped}'{suffix}")))
}

fn char_of(t: &Term) -> Option<char> {
    char::from_u32(u32::try_from(t.as_int()?).ok()?)
}

/// `Inspect.List.keyword?/1`: `{atom, value}` pairs, no alias keys, proper.
pub fn is_keyword(l: &List) -> bool {
    let mut it = l.iter();
    let pairs = it.by_ref().all(|item| match item.as_tuple() {
        Some([Term::Atom(k), _]) => !k.name().starts_with("Elixir."),
        _ => false,
    });
    pairs && it.rest().is_none()
}

/// `Inspect.List.keyword/2` of a `{key, value}` tuple: `key: value`.
fn keyword_pair(t: &Term, o: &Opts) -> Doc {
    match t.as_tuple() {
        Some([Term::Atom(k), v]) => keyword(*k, v, o),
        _ => to_doc(t, o),
    }
}

/// `Inspect.List.keyword/2`: `key: value`.
pub fn keyword(k: atom::Atom, v: &Term, o: &Opts) -> Doc {
    let key = color(text(super::atom::key_text(k)), Key::Atom, o.syntax_colors);
    concat(key, concat(text(" "), to_doc(v, o)))
}
