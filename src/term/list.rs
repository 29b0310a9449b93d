//! Lists as cons cells, as on the BEAM.
//!
//! `[h | t]` is one shared cell, so prepending and matching a head are O(1)
//! and tails are shared between lists. A cell's tail may be any term: that is
//! an improper list such as `[1 | 2]`.

use super::Term;
use triomphe::Arc;

/// A non-empty list: a reference to its first cell.
#[derive(Clone)]
pub struct List(Arc<Cell>);

/// One cell of a list.
pub struct Cell {
    /// The element.
    pub head: Term,
    /// The rest: `[]`, another cell, or any other term (improper list).
    pub tail: Term,
}

impl Drop for Cell {
    // A long list dropped recursively would overflow the stack: unlink it
    // iteratively, one uniquely owned cell at a time.
    fn drop(&mut self) {
        let mut next = std::mem::replace(&mut self.tail, Term::Nil);
        while let Term::List(List(arc)) = next {
            match Arc::try_unwrap(arc) {
                Ok(mut cell) => next = std::mem::replace(&mut cell.tail, Term::Nil),
                Err(_) => break,
            }
        }
    }
}

impl List {
    /// `[head | tail]`.
    pub fn cons(head: Term, tail: Term) -> List {
        List(Arc::new(Cell { head, tail }))
    }

    /// A list of `items` ending in `tail` (`Term::Nil` for a proper list).
    pub fn from_vec(items: Vec<Term>, tail: Term) -> Term {
        let mut acc = tail;
        for item in items.into_iter().rev() {
            acc = Term::List(List::cons(item, acc));
        }
        acc
    }

    /// The first element.
    pub fn head(&self) -> &Term {
        &self.0.head
    }

    /// Everything after the first element.
    pub fn tail(&self) -> &Term {
        &self.0.tail
    }

    /// Iterates over the elements; [`Iter::rest`] tells how the list ended.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            cur: Some(&self.0),
            end: None,
        }
    }

    /// The elements if the list is proper.
    pub fn to_vec_proper(&self) -> Option<Vec<Term>> {
        let mut out = Vec::new();
        let mut it = self.iter();
        for t in it.by_ref() {
            out.push(t.clone());
        }
        match it.rest() {
            None => Some(out),
            Some(_) => None,
        }
    }

    /// The elements and the improper tail, if any.
    pub fn split_improper(&self) -> (Vec<Term>, Option<Term>) {
        let mut out = Vec::new();
        let mut it = self.iter();
        for t in it.by_ref() {
            out.push(t.clone());
        }
        (out, it.rest().cloned())
    }

    /// True when both values share the first cell.
    pub fn ptr_eq(&self, other: &List) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Iterator over a list's elements.
pub struct Iter<'a> {
    cur: Option<&'a Cell>,
    end: Option<&'a Term>,
}

impl<'a> Iter<'a> {
    /// After iteration: `None` for a proper list, the improper tail otherwise.
    pub fn rest(&self) -> Option<&'a Term> {
        self.end
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Term;

    fn next(&mut self) -> Option<&'a Term> {
        let cell = self.cur?;
        match &cell.tail {
            Term::List(List(next)) => self.cur = Some(next),
            Term::Nil => self.cur = None,
            other => {
                self.cur = None;
                self.end = Some(other);
            }
        }
        Some(&cell.head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proper_list_round_trips_through_a_vec() {
        let l = Term::list(vec![Term::int(1), Term::int(2)]);
        assert_eq!(l.list_to_vec().unwrap().len(), 2);
    }

    #[test]
    fn an_improper_list_reports_its_tail() {
        let l = List::cons(Term::int(1), Term::int(2));
        assert!(l.to_vec_proper().is_none());
        let (items, tail) = l.split_improper();
        assert_eq!(items.len(), 1);
        assert!(matches!(tail, Some(Term::Int(2))));
    }

    #[test]
    fn dropping_a_million_element_list_does_not_overflow_the_stack() {
        let l = Term::list_from((0..1_000_000).map(Term::int).collect::<Vec<_>>());
        drop(l);
    }
}
