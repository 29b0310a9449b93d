//! The expand stage, between parse and compile: what Elixir resolves while
//! it compiles a module, before anything runs:
//! module attributes read in a function (`@registry`), `__MODULE__`, and
//! aliases (`Worker` after `alias Yard.Worker`) become the values they stand
//! for at that point of the module, so a later `@registry` or `alias`
//! changes nothing already defined; and macro calls are replaced by the
//! code the macro returns ([`Macros`]), once, where the code is defined.

mod macros;

pub use macros::{expansion_frames, visit_code, Macros};

use crate::lang::ast::{Ast, Clause, Node, Part, Target};
use crate::lang::eval::Scope;
use crate::term::{Atom, Term};

/// What the expansion of one definition reads.
pub struct Expander<'a> {
    /// The module's scope (its aliases so far).
    pub scope: &'a Scope,
    /// The module.
    pub module: Atom,
    /// The attributes set so far, latest last.
    pub attributes: &'a [(String, Term)],
    /// Attributes read but never set: each gives iex's warning.
    pub unset: Vec<(String, u32)>,
    /// Attributes read.
    pub read: Vec<String>,
    /// `alias` directives met inside the code being expanded: they apply
    /// to what follows them, as Elixir's lexical aliases do.
    pub local_aliases: Vec<(String, Atom)>,
}

impl Expander<'_> {
    /// Expands a whole clause in place.
    pub fn clause(&mut self, c: &mut Clause) {
        c.patterns.iter_mut().for_each(|p| self.expr(p));
        if let Some(g) = &mut c.guard {
            self.expr(g);
        }
        self.expr(&mut c.body);
    }

    /// Expands an expression in place.
    pub fn expr(&mut self, e: &mut Ast) {
        if let Some(v) = self.replacement(e) {
            *e = Ast::value(v, e.span);
            return;
        }
        match e.local_name() {
            Some("quote") => return,
            Some("alias" | "import" | "require") => {
                // Directives name modules as written; an alias applies from here on.
                self.note_alias(e);
                return;
            }
            _ => {}
        }
        for_each_child(e, &mut |child| self.expr(child));
    }

    /// Records `alias Mod` or `alias Mod, as: Short` met inside a body.
    fn note_alias(&mut self, e: &Ast) {
        let Some(c) = e.as_call() else { return };
        if e.local_name() != Some("alias") {
            return;
        }
        let Some(Node::Alias(parts)) = c.args.first().map(|a| &a.kind) else {
            return;
        };
        let module = self.resolve(parts);
        let short = match c
            .args
            .get(1)
            .and_then(|o| crate::lang::eval::keyword_block(o, "as"))
        {
            Some(Ast {
                kind: Node::Alias(p),
                ..
            }) => p.join("."),
            _ => parts.last().cloned().unwrap_or_default(),
        };
        self.local_aliases.push((short, module));
    }

    /// An alias's module: the body's own aliases first, then the module's.
    fn resolve(&self, parts: &[String]) -> Atom {
        if let Some((_, m)) = self
            .local_aliases
            .iter()
            .rev()
            .find(|(s, _)| *s == parts[0])
        {
            return match &parts[1..] {
                [] => *m,
                rest => Atom::new(&format!("{}.{}", m.name(), rest.join("."))),
            };
        }
        self.scope.resolve_alias(parts)
    }

    /// The value a node stands for, when it is one Elixir resolves at compile time.
    fn replacement(&mut self, e: &Ast) -> Option<Term> {
        match &e.kind {
            Node::Var(n) if n == "__MODULE__" => Some(Term::Atom(self.module)),
            Node::Alias(parts) if !parts.is_empty() => Some(Term::Atom(self.resolve(parts))),
            Node::Call(c) => match (&c.target, &c.args[..]) {
                // `__MODULE__.Sub`: an alias under the module.
                (Target::Local(dot), [base, sub]) if dot == "." => {
                    let (Node::Var(v), Node::Alias(parts)) = (&base.kind, &sub.kind) else {
                        return None;
                    };
                    (v == "__MODULE__").then(|| {
                        Term::Atom(Atom::new(&format!(
                            "{}.{}",
                            self.module.name(),
                            parts.join(".")
                        )))
                    })
                }
                (Target::Local(at), [inner]) if at == "@" => {
                    let Node::Var(name) = &inner.kind else {
                        return None;
                    };
                    Some(self.attribute(name, e.span.line))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn attribute(&mut self, name: &str, line: u32) -> Term {
        self.read.push(name.to_owned());
        match self.attributes.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => v.clone(),
            None => {
                self.unset.push((name.to_owned(), line));
                Term::nil()
            }
        }
    }
}

/// Defines a function calling `f` on each direct child of a node, for
/// shared (`&`) or exclusive (`&mut`) access.
macro_rules! children {
    ($(#[$doc:meta])* $vis:vis fn $name:ident(&$($r:tt)*)) => {
        $(#[$doc])*
        $vis fn $name<'a>(e: &'a $($r)* Ast, f: &mut dyn FnMut(&'a $($r)* Ast)) {
            match & $($r)* e.kind {
                Node::Call(c) => {
                    match & $($r)* c.target {
                        Target::Remote(r, _) | Target::Anonymous(r) => f(r),
                        Target::Local(_) => {}
                    }
                    for a in & $($r)* c.args {
                        f(a);
                    }
                }
                Node::Tuple(v) | Node::List(v) | Node::Block(v) | Node::Bitstring(v) => {
                    for a in v {
                        f(a);
                    }
                }
                Node::Map(pairs) => {
                    for (k, v) in pairs {
                        f(k);
                        f(v);
                    }
                }
                Node::MapUpdate(base, pairs) => {
                    f(base);
                    for (k, v) in pairs {
                        f(k);
                        f(v);
                    }
                }
                Node::Struct(name, base, pairs) => {
                    f(name);
                    if let Some(b) = base {
                        f(b);
                    }
                    for (k, v) in pairs {
                        f(k);
                        f(v);
                    }
                }
                Node::Interpolation(parts) | Node::CharlistInterpolation(parts) | Node::Sigil(_, parts, _) => {
                    for p in parts {
                        if let Part::Expr(x) = p {
                            f(x);
                        }
                    }
                }
                Node::Fn(clauses) | Node::Clauses(clauses) => {
                    for c in clauses {
                        for p in & $($r)* c.patterns {
                            f(p);
                        }
                        if let Some(g) = & $($r)* c.guard {
                            f(g);
                        }
                        f(& $($r)* c.body);
                    }
                }
                _ => {}
            }
        }
    };
}

children!(
    /// Calls `f` on each direct child of `e`.
    pub fn for_each_child(&mut)
);

children!(
    /// Calls `f` on each direct child of `e`, read only.
    pub fn for_each_child_ref(&)
);

/// The direct children of `e`, to change one by one.
pub fn children_mut(e: &mut Ast) -> Vec<&mut Ast> {
    let mut out = Vec::new();
    for_each_child(e, &mut |c| out.push(c));
    out
}

/// Moves every node of `e` to `line` (code a `use` injects is reported at the `use`).
pub fn relocate(e: &mut Ast, line: u32) {
    e.span.line = line;
    for_each_child(e, &mut |c| relocate(c, line));
}

/// True when `name` is read anywhere in `e` (as a variable or pinned).
pub fn reads_var(e: &Ast, name: &str) -> bool {
    let mut found = false;
    visit(e, &mut |n| {
        if matches!(&n.kind, Node::Var(v) if v == name) {
            found = true;
        }
    });
    found
}

/// Calls `f` on `e` and every node below it.
pub fn visit(e: &Ast, f: &mut dyn FnMut(&Ast)) {
    f(e);
    for_each_child_ref(e, &mut |c| visit(c, f));
}
