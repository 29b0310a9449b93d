//! Variable bindings.
//!
//! A stack of `(name, value)` pairs: binding pushes, lookup searches from the
//! top, so a rebinding shadows the older value, and leaving a scope (a `case`
//! clause, a `fn` body) truncates back to where it began. Closures copy the
//! bindings they were created with.

use crate::term::{Atom, Term};

/// The variables in scope.
#[derive(Clone, Default, Debug)]
pub struct Env {
    vars: Vec<(Atom, Term)>,
    /// In a module's function (or a `fn` made there), which the BEAM
    /// compiles, rather than a shell input or a module's body.
    in_function: bool,
}

impl Env {
    /// No variables.
    pub fn new() -> Env {
        Env::default()
    }

    /// No variables, in a module's function (see [`Env::in_function`]).
    pub fn for_function() -> Env {
        Env {
            in_function: true,
            ..Env::default()
        }
    }

    /// True in a module's function or a `fn` made there: code the BEAM
    /// compiles, whose inline arithmetic fails bare (`inline_arith`).
    pub fn in_function(&self) -> bool {
        self.in_function
    }

    /// The value of `name`.
    pub fn get(&self, name: Atom) -> Option<&Term> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// Binds (or rebinds) `name`.
    pub fn bind(&mut self, name: Atom, value: Term) {
        self.vars.push((name, value));
    }

    /// A marker for the current scope's start.
    pub fn mark(&self) -> usize {
        self.vars.len()
    }

    /// Forgets everything bound since `mark`.
    pub fn restore(&mut self, mark: usize) {
        self.vars.truncate(mark);
    }

    /// The value `name` was bound to since `mark`, if it was.
    pub fn get_since(&self, mark: usize, name: Atom) -> Option<&Term> {
        self.vars[mark.min(self.vars.len())..]
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// The bindings made since `mark` (the latest value of each name).
    pub fn since(&self, mark: usize) -> Vec<(Atom, Term)> {
        let mut out: Vec<(Atom, Term)> = Vec::new();
        for (n, v) in self.vars[mark..].iter().rev() {
            if !out.iter().any(|(m, _)| m == n) {
                out.push((*n, v.clone()));
            }
        }
        out.reverse();
        out
    }

    /// Every visible binding once, oldest first, without `_`-prefixed names
    /// (what `binding()` shows, sorted by name).
    pub fn visible(&self) -> Vec<(Atom, Term)> {
        let mut v = self.since(0);
        v.retain(|(n, _)| !n.name().starts_with('_'));
        v.sort_by(|a, b| a.0.name().cmp(b.0.name()));
        v
    }

    /// Keeps only the latest binding of each name (between REPL inputs).
    pub fn compact(&mut self) {
        self.vars = self.since(0);
    }

    /// True when `name` is bound.
    pub fn has(&self, name: Atom) -> bool {
        self.get(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebinding_shadows_and_restoring_a_scope_unshadows() {
        let x = Atom::new("x");
        let mut env = Env::new();
        env.bind(x, Term::int(1));
        let m = env.mark();
        env.bind(x, Term::int(2));
        assert_eq!(env.get(x), Some(&Term::int(2)));
        env.restore(m);
        assert_eq!(env.get(x), Some(&Term::int(1)));
    }

    #[test]
    fn binding_lists_each_name_once_sorted_without_underscores() {
        let mut env = Env::new();
        env.bind(Atom::new("b"), Term::int(1));
        env.bind(Atom::new("a"), Term::int(2));
        env.bind(Atom::new("b"), Term::int(3));
        env.bind(Atom::new("_hidden"), Term::int(4));
        let names: Vec<_> = env
            .visible()
            .iter()
            .map(|(n, v)| format!("{}={v}", n.name()))
            .collect();
        assert_eq!(names, vec!["a=2", "b=3"]);
    }
}
