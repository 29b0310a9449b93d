//! Small constructors and readers for common term shapes: keyword lists,
//! charlists, structs and `{tag, value}` tuples.

use super::{atom, Atom, TMap, Term};

/// `[key: value, ...]` from atom names and values.
pub fn keyword(pairs: Vec<(&str, Term)>) -> Term {
    Term::list(
        pairs
            .into_iter()
            .map(|(k, v)| Term::tuple([Term::atom_named(k), v]))
            .collect(),
    )
}

/// Reads `key` from a keyword list (the first occurrence), if the term is one.
pub fn keyword_get(list: &Term, key: Atom) -> Option<Term> {
    let Term::List(l) = list else { return None };
    l.iter().find_map(|item| match item.as_tuple() {
        Some([k, v]) if k.is_atom(key) => Some(v.clone()),
        _ => None,
    })
}

/// True when `t` is a proper list of `{atom, value}` pairs (`[]` included).
pub fn is_keyword(t: &Term) -> bool {
    match t {
        Term::Nil => true,
        Term::List(l) => {
            let mut it = l.iter();
            let all = it
                .by_ref()
                .all(|item| matches!(item.as_tuple(), Some([Term::Atom(_), _])));
            all && it.rest().is_none()
        }
        _ => false,
    }
}

/// A charlist (`'abc'`): a list of code points.
pub fn charlist(s: &str) -> Term {
    Term::list(s.chars().map(|c| Term::int(c as i64)).collect())
}

/// A struct `%Module{field: value, ...}`.
pub fn structure(module: Atom, fields: Vec<(&str, Term)>) -> Term {
    let mut pairs: Vec<(Term, Term)> = fields
        .into_iter()
        .map(|(k, v)| (Term::atom_named(k), v))
        .collect();
    pairs.push((Term::Atom(atom::STRUCT), Term::Atom(module)));
    Term::Map(TMap::from_pairs(pairs))
}

/// `{tag, value}`.
pub fn tagged(tag: Atom, value: Term) -> Term {
    Term::tuple([Term::Atom(tag), value])
}

/// The value of `{tag, value}` when the term has that shape.
pub fn untag(t: &Term, tag: Atom) -> Option<&Term> {
    match t.as_tuple() {
        Some([k, v]) if k.is_atom(tag) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_lists_are_read_back() {
        let kw = keyword(vec![("name", Term::int(1)), ("other", Term::int(2))]);
        assert!(is_keyword(&kw));
        assert_eq!(keyword_get(&kw, atom::NAME), Some(Term::int(1)));
        assert_eq!(keyword_get(&kw, atom::ID), None);
    }

    #[test]
    fn a_list_with_a_non_pair_is_not_a_keyword_list() {
        assert!(!is_keyword(&Term::list(vec![Term::int(1)])));
        assert!(is_keyword(&Term::Nil));
    }
}
