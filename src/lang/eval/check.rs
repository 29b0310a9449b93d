//! The checks iex's compiler makes before anything runs: every variable
//! read is bound, every local call names a function that exists, and a
//! variable a clause binds (in `fn`, `case`, `receive`, `with`, `for`, or a
//! body inside them) and never reads is warned about.
//!
//! A bare name that is no variable is read as a call with no arguments (with
//! iex's warning); if there is no such function, the whole input fails with
//! `** (CompileError) iex:N: undefined function x/0 (there is no such import)`
//! and nothing of it is evaluated.

use super::env::Env;
use super::expr::compile_error;
use super::Scope;
use crate::lang::ast::{Ast, Clause, Node, Part, Target};
use crate::lang::expand::expansion_frames;
use crate::lang::stdlib::errors::{argument_error, elixir_frame};
use crate::term::{Atom, Exception, Term};

/// What checking found: warnings to print, and the error that stops the input.
pub struct Checked {
    /// Compiler warnings, each already formatted (`warning: ...\n  iex:3\n`).
    pub warnings: Vec<String>,
    /// The compile error, if any.
    pub error: Option<Exception>,
}

/// Special forms and macros riex evaluates itself (never "undefined").
const SPECIAL: &[&str] = &[
    "=",
    "if",
    "unless",
    "case",
    "match?",
    "cond",
    "receive",
    "try",
    "with",
    "for",
    "|>",
    "&",
    "&&",
    "||",
    "and",
    "or",
    "!",
    "not",
    "^",
    "<>",
    "..",
    "..//",
    "in",
    "not in",
    "raise",
    "reraise",
    "require",
    "import",
    "alias",
    "binding",
    "defmodule",
    "def",
    "defp",
    "defmacro",
    "defstruct",
    "defexception",
    "defprotocol",
    ".",
    "defimpl",
    "@",
    "__block__",
    "|",
    "<-",
    "when",
    "::",
    "use",
    "quote",
    "unquote",
    "super",
    "{}",
    "%{}",
    "%",
    "->",
];

/// Checks `ast` given the bindings in `env`; `known(name, arity)` tells
/// which local functions exist (Kernel, helpers).
pub fn check(ast: &Ast, scope: &Scope, env: &Env, known: &dyn Fn(&str, usize) -> bool) -> Checked {
    let mut c = Checker {
        scope,
        known,
        bound: env
            .visible()
            .iter()
            .map(|(n, _)| Bound::outer(n.name()))
            .collect(),
        warnings: Vec::new(),
        error: None,
        in_function: None,
        caller: (Atom::new("elixir_compiler_0"), Atom::new("__FILE__"), 1),
        depth: 0,
        imported_here: false,
    };
    c.expr(ast);
    Checked {
        warnings: c.warnings,
        error: c.error,
    }
}

/// Checks one clause of `module`'s function `fun/arity`, as Elixir's
/// compiler does each definition: the texts name the module and function.
pub fn check_definition(
    clause: &Clause,
    scope: &Scope,
    known: &dyn Fn(&str, usize) -> bool,
    module: Atom,
    fun: &str,
    arity: usize,
) -> Checked {
    let mut c = Checker {
        scope,
        known,
        bound: Vec::new(),
        warnings: Vec::new(),
        error: None,
        in_function: Some((module, format!("{}.{fun}/{arity}", module.module_display()))),
        caller: (module, Atom::new(fun), arity),
        depth: 0,
        imported_here: false,
    };
    c.clause(clause);
    Checked {
        warnings: c.warnings,
        error: c.error,
    }
}

struct Checker<'a> {
    scope: &'a Scope,
    known: &'a dyn Fn(&str, usize) -> bool,
    /// The variables bound where the walk is, innermost last.
    bound: Vec<Bound>,
    warnings: Vec<String>,
    error: Option<Exception>,
    /// The module and `Mod.fun/arity` when checking a definition.
    in_function: Option<(Atom, String)>,
    /// The frame of the code being checked, as a macro expanded in it sees
    /// it: `iex:N: (file)` at the prompt, `Mod.fun/arity` in a definition.
    caller: (Atom, Atom, usize),
    /// How many clauses or blocks deep the walk is: 0 at an input's top
    /// level, whose bindings are the shell's.
    depth: u32,
    /// An `import` met in the code, in scope where the walk is: a local
    /// call may then reach a function it imports, and is not reported.
    imported_here: bool,
}

/// A variable in scope.
struct Bound {
    name: String,
    /// Where it was bound.
    line: u32,
    /// Read since.
    used: bool,
    /// Warned about if never read: bound in a clause, not at the prompt's
    /// top level (nor before the input).
    warn: bool,
    /// Another variable of the name was in scope when it was bound.
    shadows: bool,
}

impl Bound {
    /// A variable bound before the input, or at its top level.
    fn outer(name: &str) -> Bound {
        Bound {
            name: name.to_owned(),
            line: 0,
            used: false,
            warn: false,
            shadows: false,
        }
    }
}

impl Checker<'_> {
    /// `undefined function f/1 (...)`, with the reason iex gives where the call is.
    fn undefined(&self, name: &str, arity: usize) -> String {
        match &self.in_function {
            Some((m, _)) => format!(
                "undefined function {name}/{arity} (expected {} to define such a function or for it to be imported, but none are available)",
                m.module_display()
            ),
            None => format!("undefined function {name}/{arity} (there is no such import)"),
        }
    }

    /// Where a warning points: `iex:3`, or `iex:3: Mod.fun/1` inside a definition.
    fn location(&self, line: u32) -> String {
        match &self.in_function {
            Some((_, f)) => format!("{}:{line}: {f}", self.scope.file),
            None => format!("{}:{line}", self.scope.file),
        }
    }

    fn fail(&mut self, e: &Ast, message: &str) {
        if self.error.is_none() {
            self.error = Some(compile_error(self.scope, e, message));
        }
    }

    /// True when a local call of `name/arity` may reach a function.
    fn knows(&self, name: &str, arity: usize) -> bool {
        self.imported_here || (self.known)(name, arity)
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self)) {
        let mark = self.bound.len();
        let imported = self.imported_here;
        self.depth += 1;
        f(self);
        self.depth -= 1;
        self.imported_here = imported;
        let mut gone: Vec<Bound> = self.bound.drain(mark..).collect();
        // Elixir reports a scope's unused variables by name.
        gone.sort_by(|a, b| a.name.cmp(&b.name));
        for b in gone.iter().filter(|b| b.warn && !b.used) {
            self.warn_unused(b);
        }
    }

    /// `warning: variable "x" is unused (...)`, as Elixir words it.
    fn warn_unused(&mut self, b: &Bound) {
        let why = if b.shadows {
            "there is a variable with the same name in the context, use the pin operator (^) to match on it or prefix this variable with underscore if it is not meant to be used"
        } else {
            "if the variable is not meant to be used, prefix it with an underscore"
        };
        let text = format!(
            "warning: variable \"{}\" is unused ({why})\n  {}\n",
            b.name,
            self.location(b.line)
        );
        self.warnings.push(text);
    }

    fn bind_pattern(&mut self, pat: &Ast) {
        self.pins(pat);
        let mut vars: Vec<(String, u32, u32)> = Vec::new();
        pattern_vars(pat, &mut vars);
        // Unused-variable warnings are the definition checks' own for a
        // function's clauses (see `module::define`).
        let warn = self.depth > 0 && self.in_function.is_none();
        for (name, line, times) in vars {
            let shadows = self.bound.iter().any(|b| b.name == name);
            self.bound.push(Bound {
                name,
                line,
                // A variable twice in one pattern is compared, so read.
                used: times > 1,
                warn,
                shadows,
            });
        }
        // `data::binary-size(len)` reads `len`.
        let mut sizes = Vec::new();
        super::pattern::size_reads(pat, &mut sizes);
        for name in sizes {
            if !self.read(&name) {
                self.fail(pat, &format!("undefined variable \"{name}\""));
            }
        }
        self.segment_specs(pat);
    }

    /// The segments of a pattern's bitstrings must be ones Elixir compiles.
    fn segment_specs(&mut self, pat: &Ast) {
        if let Node::Bitstring(items) = &pat.kind {
            // One segment after the other, as Elixir expands them.
            let unsized_at = super::bitstring::unsized_before_end(items);
            for (i, item) in items.iter().enumerate() {
                if let Err(refusal) = super::bitstring::segment(item) {
                    if self.error.is_none() {
                        self.error = Some(refusal.exception(self.scope, item));
                    }
                }
                if unsized_at == Some(i) {
                    self.fail(item, super::bitstring::UNSIZED_BINARY);
                }
            }
        }
        crate::lang::expand::for_each_child_ref(pat, &mut |c| self.segment_specs(c));
    }

    /// `x <> "b"` in a pattern: `Kernel.<>/2` refuses a variable (pinned or
    /// not) on the left of any `<>` of the chain while it expands, for its
    /// size cannot be known.
    fn concat_left(&mut self, pat: &Ast) {
        let mut depth = 0;
        let mut at = pat;
        while let (Some("<>"), Some(c)) = (at.local_name(), at.as_call()) {
            let [left, right] = &c.args[..] else {
                return;
            };
            if let Some(name) = unsized_left(left) {
                if self.error.is_none() {
                    self.error = Some(self.concat_left_error(&name, depth, pat.span.line));
                }
                return;
            }
            depth += 1;
            at = right;
        }
    }

    /// The `ArgumentError` of `Kernel.<>/2`'s expansion, with its frames.
    /// `depth` is how many `<>` of the chain came before: the expansion
    /// recursed once for each.
    fn concat_left_error(&self, left: &str, depth: usize, line: u32) -> Exception {
        let message = format!(
            "the left argument of <> operator inside a match should always be a literal \
             binary because its size can't be verified. Got: {left}"
        );
        let kernel = |fun: &str, arity: i64, line: i64| {
            elixir_frame("Kernel", fun, Term::int(arity), "lib/kernel.ex", line)
        };
        let mut frames = vec![
            kernel("invalid_concat_left_argument_error", 1, 1970),
            kernel("wrap_concatenation", 3, 1942),
        ];
        // The BEAM keeps two frames of the recursion at most.
        let recursion = depth.min(1) + 1;
        frames.extend((0..recursion).map(|_| kernel("extract_concatenations", 2, 1921)));
        let concat = (Atom::module("Kernel"), Atom::new("<>"), 2);
        frames.extend(expansion_frames(
            concat,
            self.caller,
            &self.scope.file,
            line,
        ));
        argument_error(&message, frames)
    }

    /// Marks the innermost variable `name` read; false when none is bound.
    fn read(&mut self, name: &str) -> bool {
        match self.bound.iter_mut().rev().find(|b| b.name == name) {
            Some(b) => {
                b.used = true;
                true
            }
            None => false,
        }
    }

    /// Pinned variables in a pattern must exist.
    /// (Walked in the order Elixir expands a pattern, outermost first:
    /// a `<>` is refused before the pins inside it are looked up.)
    fn pins(&mut self, pat: &Ast) {
        self.concat_left(pat);
        if let (Some("^"), Some(c)) = (pat.local_name(), pat.as_call()) {
            if let [Ast {
                kind: Node::Var(n), ..
            }] = &c.args[..]
            {
                if !self.read(n) {
                    self.fail(pat, &super::expr::undefined_pin(n));
                }
            }
            return;
        }
        match &pat.kind {
            Node::Tuple(v) | Node::List(v) => v.iter().for_each(|x| self.pins(x)),
            Node::Map(p) | Node::Struct(_, None, p) => p.iter().for_each(|(k, v)| {
                self.pins(k);
                self.pins(v)
            }),
            Node::Call(c) => c.args.iter().for_each(|x| self.pins(x)),
            _ => {}
        }
    }

    fn clause(&mut self, cl: &Clause) {
        self.scoped(|s| {
            for p in &cl.patterns {
                s.bind_pattern(p);
            }
            if let Some(g) = &cl.guard {
                s.expr(g);
            }
            s.expr(&cl.body);
        });
    }

    /// The `do:`/`after:` blocks of `cond` and `receive`: a `cond`
    /// clause's condition and a receive's `after` timeout are expressions
    /// read, not patterns.
    fn keyed_clauses(&mut self, name: &str, items: &[Ast]) {
        for item in items {
            let Node::Tuple(kv) = &item.kind else {
                self.expr(item);
                continue;
            };
            let (Some(Node::Atom(key)), Some(Node::Clauses(clauses))) =
                (kv.first().map(|k| &k.kind), kv.get(1).map(|v| &v.kind))
            else {
                self.expr(item);
                continue;
            };
            let read_heads = name == "cond" || key == "after";
            for cl in clauses {
                if !read_heads {
                    self.clause(cl);
                    continue;
                }
                cl.patterns.iter().for_each(|p| self.expr(p));
                self.scoped(|s| s.expr(&cl.body));
            }
        }
    }

    fn var(&mut self, e: &Ast, name: &str) {
        if self.read(name) || name.starts_with("__") || name.starts_with('&') {
            return;
        }
        if self.knows(name, 0) {
            return;
        }
        self.warnings.push(format!(
            "warning: variable \"{name}\" does not exist and is being expanded to \"{name}()\", please use parentheses to remove the ambiguity or change the variable name\n  {}\n",
            self.location(e.span.line)
        ));
        let message = self.undefined(name, 0);
        self.fail(e, &message);
    }

    /// A segment's type (`binary-size(n)`, `integer-little`): the
    /// arguments of `size`/`unit` are expressions, the names are not.
    fn segment_type(&mut self, t: &Ast) {
        match (t.local_name(), t.as_call()) {
            (Some("-"), Some(c)) => c.args.iter().for_each(|a| self.segment_type(a)),
            (Some("size" | "unit"), Some(c)) => c.args.iter().for_each(|a| self.expr(a)),
            _ => {}
        }
    }

    /// A segment of `<<...>>` built: its value, and what its type reads
    /// (`x::utf8` names no variable; `size(n)` reads one).
    fn segment(&mut self, x: &Ast) {
        if let Err(refusal) = super::bitstring::segment(x) {
            if self.error.is_none() {
                self.error = Some(refusal.exception(self.scope, x));
            }
        }
        match (x.local_name(), x.as_call()) {
            (Some("::"), Some(c)) if c.args.len() == 2 => {
                self.expr(&c.args[0]);
                self.segment_type(&c.args[1]);
            }
            _ => self.expr(x),
        }
    }

    fn expr(&mut self, e: &Ast) {
        match &e.kind {
            Node::Var(n) => self.var(e, n),
            Node::Call(c) => match &c.target {
                Target::Local(name) => self.local(e, name, &c.args),
                Target::Remote(r, _) | Target::Anonymous(r) => {
                    self.expr(r);
                    c.args.iter().for_each(|a| self.expr(a));
                }
            },
            Node::Tuple(v) | Node::List(v) => v.iter().for_each(|x| self.expr(x)),
            // `x::utf8`: the type names no variable; a `size(n)` in it reads one.
            Node::Bitstring(v) => v.iter().for_each(|x| self.segment(x)),
            Node::Block(v) => v.iter().for_each(|x| self.expr(x)),
            Node::Map(p) => p.iter().for_each(|(k, v)| {
                self.expr(k);
                self.expr(v)
            }),
            Node::MapUpdate(b, p) | Node::Struct(_, Some(b), p) => {
                self.expr(b);
                p.iter().for_each(|(_, v)| self.expr(v));
            }
            Node::Struct(_, None, p) => p.iter().for_each(|(_, v)| self.expr(v)),
            Node::Interpolation(parts)
            | Node::CharlistInterpolation(parts)
            | Node::Sigil(_, parts, _) => {
                for p in parts {
                    if let Part::Expr(x) = p {
                        self.expr(x)
                    }
                }
            }
            Node::Fn(clauses) | Node::Clauses(clauses) => {
                clauses.iter().for_each(|c| self.clause(c))
            }
            _ => {}
        }
    }

    fn local(&mut self, e: &Ast, name: &str, args: &[Ast]) {
        if let ("&", [inner]) = (name, args) {
            let error = super::closure::skipped_capture_error(self.scope, e, inner);
            if self.error.is_none() && error.is_some() {
                self.error = error;
            }
        }
        if name == "receive" {
            if let Some(message) = receive_error(args) {
                if self.error.is_none() {
                    let mut error = compile_error(self.scope, e, &message);
                    if !message.starts_with("invalid") {
                        // Elixir finds these while walking the options.
                        error = error.with_stack(Term::list(vec![Term::tuple([
                            Term::atom_named("lists"),
                            Term::atom_named("mapfoldl_1"),
                            Term::int(3),
                            crate::lang::stdlib::errors::location("lists.erl", 1462),
                        ])]));
                    }
                    self.error = Some(error);
                }
                return;
            }
        }
        if let ("match?", [pat, subject]) = (name, args) {
            return self.expr(&super::pattern::match_as_case(e, pat, subject));
        }
        match (name, args) {
            (
                "cond" | "receive",
                [Ast {
                    kind: Node::List(items),
                    ..
                }],
            ) => self.scoped(|s| s.keyed_clauses(name, items)),
            ("=", [pat, rhs]) => {
                self.expr(rhs);
                self.bind_pattern(pat);
            }
            ("for", _) if super::control::for_error(args).is_some() => {
                let message = super::control::for_error(args).unwrap_or_default();
                self.fail(e, &message);
            }
            ("for" | "with", _) => self.scoped(|s| {
                for a in args {
                    match (a.local_name(), a.as_call()) {
                        (Some("<-"), Some(c)) => {
                            s.expr(&c.args[1]);
                            s.bind_pattern(&c.args[0]);
                        }
                        _ => s.expr(a),
                    }
                }
            }),
            ("|>", [lhs, rhs]) => {
                self.expr(lhs);
                if let Node::Var(name) = &rhs.kind {
                    if !self.knows(name, 1) {
                        let message = self.undefined(name, 1);
                        self.fail(rhs, &message);
                    }
                    return;
                }
                match (&rhs.kind, rhs.as_call()) {
                    (_, Some(c)) => match &c.target {
                        Target::Local(name) => {
                            let name = name.clone();
                            if !SPECIAL.contains(&name.as_str())
                                && !self.knows(&name, c.args.len() + 1)
                            {
                                let message = self.undefined(&name, c.args.len() + 1);
                                self.fail(rhs, &message);
                            }
                            c.args.iter().for_each(|a| self.expr(a));
                        }
                        _ => self.expr(rhs),
                    },
                    _ => self.expr(rhs),
                }
            }
            ("&", [inner]) => {
                if let (Some("/"), Some(c)) = (inner.local_name(), inner.as_call()) {
                    if let Some(t) = c.args[0].as_call() {
                        if let Target::Remote(r, _) = &t.target {
                            self.expr(r);
                        }
                        return;
                    }
                    if matches!(c.args[0].kind, Node::Var(_)) {
                        return;
                    }
                }
                self.expr(inner);
            }
            // What a quote names is read when it is unquoted.
            ("quote", _) => {
                for a in args {
                    crate::lang::expand::visit(a, &mut |n| {
                        if let Node::Var(v) = &n.kind {
                            self.read(v);
                        }
                    });
                }
            }
            ("binding", []) => self.bound.iter_mut().for_each(|b| b.used = true),
            ("import", _) => self.imported_here = true,
            (
                "require" | "alias" | "use" | "@" | "defmodule" | "def" | "defp" | "defprotocol"
                | "defimpl",
                _,
            ) => {}
            _ => {
                if !SPECIAL.contains(&name) && !self.knows(name, args.len()) {
                    let message = self.undefined(name, args.len());
                    self.fail(e, &message);
                }
                // The arguments are read where the call is (`if x = f()`
                // binds `x` there); its `do`/`else` blocks are scopes.
                for a in args {
                    match keyword_values(a) {
                        Some(blocks) => blocks.iter().for_each(|b| self.scoped(|s| s.expr(b))),
                        None => self.expr(a),
                    }
                }
            }
        }
    }
}

/// The variables a pattern binds (`_` names and pins aside), in order,
/// with the line of their first occurrence and how often they occur.
fn pattern_vars(pat: &Ast, out: &mut Vec<(String, u32, u32)>) {
    match &pat.kind {
        Node::Var(n) if !n.starts_with('_') => match out.iter_mut().find(|(m, _, _)| m == n) {
            Some((_, _, times)) => *times += 1,
            None => out.push((n.clone(), pat.span.line, 1)),
        },
        Node::Tuple(items) | Node::List(items) | Node::Bitstring(items) => {
            items.iter().for_each(|i| pattern_vars(i, out))
        }
        Node::Map(pairs) | Node::Struct(_, None, pairs) => {
            pairs.iter().for_each(|(_, v)| pattern_vars(v, out))
        }
        // `x::binary-size(4)`: only the left side binds.
        Node::Call(c) if pat.local_name() == Some("::") => {
            c.args.iter().take(1).for_each(|a| pattern_vars(a, out))
        }
        Node::Call(c) if pat.local_name() != Some("^") => {
            c.args.iter().for_each(|a| pattern_vars(a, out))
        }
        _ => {}
    }
}

/// The left of a `<>` in a pattern that `Kernel.<>/2` refuses, as its
/// error names it: a variable, or a pinned one (`__DIR__` and the like
/// are expanded first, into what they stand for).
fn unsized_left(left: &Ast) -> Option<String> {
    match (&left.kind, left.local_name(), left.as_call()) {
        (Node::Var(n), _, _) if n.starts_with("__") && n.ends_with("__") => None,
        (Node::Var(n), _, _) => Some(n.clone()),
        (_, Some("^"), Some(pin)) => match pin.args.first().map(|a| &a.kind) {
            Some(Node::Var(n)) => Some(format!("^{n}")),
            _ => None,
        },
        _ => None,
    }
}

/// The values of a keyword list written as one (`do: ..., else: ...`).
fn keyword_values(e: &Ast) -> Option<Vec<&Ast>> {
    let Node::List(items) = &e.kind else {
        return None;
    };
    items
        .iter()
        .map(|item| match &item.kind {
            Node::Tuple(kv) if kv.len() == 2 && matches!(kv[0].kind, Node::Atom(_)) => Some(&kv[1]),
            _ => None,
        })
        .collect()
}

/// What Elixir's compiler says of a `receive` whose argument is not a
/// `do`/`after` block of `->` clauses.
fn receive_error(args: &[Ast]) -> Option<String> {
    let invalid = || Some("invalid arguments for \"receive\"".to_owned());
    let [Ast {
        kind: Node::List(items),
        ..
    }] = args
    else {
        return invalid();
    };
    for item in items {
        let Node::Tuple(kv) = &item.kind else {
            return invalid();
        };
        let [key, value] = &kv[..] else {
            return invalid();
        };
        let Node::Atom(key) = &key.kind else {
            return invalid();
        };
        if key != "do" && key != "after" {
            return Some(format!("unexpected option :{key} in \"receive\""));
        }
        let clauses = matches!(value.kind, Node::Clauses(_));
        if !(clauses || key == "do" && is_empty_block(value)) {
            return Some(format!("expected -> clauses for :{key} in \"receive\""));
        }
    }
    None
}

/// `receive do end`: a `do` with nothing in it.
fn is_empty_block(e: &Ast) -> bool {
    matches!(&e.kind, Node::Block(items) if items.is_empty())
        || matches!(&e.kind, Node::Atom(a) if a == "nil")
}
