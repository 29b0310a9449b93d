//! Macro expansion, once, before compiling: each call of a macro written in
//! Elixir (`Mac.twice(x)` after `require Mac`, a macro imported, or one the
//! module being defined wrote above) is replaced by the code the macro
//! returns, itself expanded in turn, as Elixir's expansion does. The
//! compiler then sees only functions and special forms, so a call the
//! macro's code makes in tail position is a tail call.
//!
//! ```elixir
//! require Mac
//! Mac.twice(x + 1)      # is compiled as (x + 1) * 2
//! ```
//!
//! Directives written inside the code expanded (`require`, `import` and
//! `alias` in a function body) apply from where they stand to the end of
//! their block; a call through an alias made there is not expanded here,
//! and the evaluator expands it where it runs. Variables a macro introduces are not kept apart from the caller's
//! (no hygiene), as where riex expands at run time.

use super::children_mut;
use crate::lang::ast::{is_quote_or_definition, Ast, Node, Target};
use crate::lang::eval::call::import_directive;
use crate::lang::eval::{Env, Import, Scope};
use crate::lang::module::function::Function;
use crate::lang::module::macros::macro_module;
use crate::lang::module::quote::{invalid_quoted, quote, unquoted};
use crate::lang::stdlib::errors::location;
use crate::runtime::Ctx;
use crate::term::build::{charlist, keyword};
use crate::term::{Atom, Exception, Term};
use futures::future::BoxFuture;
use std::sync::Arc;

/// How many macro expansions may nest: past it, a macro whose code calls
/// it again without end fails instead of growing forever.
const MAX_NESTING: usize = 1_000;

/// What expanding one piece of code needs.
pub struct Macros<'a> {
    /// Where the code stands.
    pub scope: &'a Arc<Scope>,
    /// The macros of the module being defined, written so far.
    pub own: &'a [Function],
    /// The function being defined, whose code this is (`None`: the
    /// prompt's or a script's code).
    pub function: Option<(Atom, usize)>,
    /// What to do to each piece of code a macro returns before it is
    /// expanded in turn (in a module: resolve `@attr` and aliases).
    pub post: &'a mut (dyn FnMut(&mut Ast) + Send + Sync),
}

impl Macros<'_> {
    /// Expands every macro call in `e`, in place.
    pub async fn expand(&mut self, cx: &mut Ctx, e: &mut Ast) -> Result<(), Exception> {
        if !self.calls_a_macro(cx, e) {
            return Ok(());
        }
        self.walk(cx, e).await
    }

    /// `e` with its macro calls expanded, or `None` when it has none.
    pub async fn expanded(&mut self, cx: &mut Ctx, e: &Ast) -> Result<Option<Ast>, Exception> {
        if !self.calls_a_macro(cx, e) {
            return Ok(None);
        }
        let mut copy = e.clone();
        self.walk(cx, &mut copy).await?;
        Ok(Some(copy))
    }

    async fn walk(&mut self, cx: &mut Ctx, e: &mut Ast) -> Result<(), Exception> {
        let mut walk = Walk {
            m: self,
            shadowed: Shadowed::default(),
            nesting: 0,
        };
        walk.node(cx, e).await
    }

    /// True when some call in `e` may reach a macro (an `import` in it may
    /// bring some): most code has none, and is then neither copied nor
    /// walked again.
    fn calls_a_macro(&self, cx: &Ctx, e: &Ast) -> bool {
        let mut found = false;
        visit_code(e, &mut |n| {
            found = found
                || n.local_name() == Some("import")
                || self.macro_of(cx, n, &Shadowed::default()).is_some();
        });
        found
    }

    /// The macro a call reaches: its module (`None` for the module being
    /// defined) and name.
    fn macro_of(&self, cx: &Ctx, e: &Ast, shadowed: &Shadowed) -> Option<(Option<Atom>, Atom)> {
        let Node::Call(c) = &e.kind else { return None };
        let arity = c.args.len();
        match &c.target {
            Target::Local(name) if !is_special(name) => {
                let fun = Atom::new(name);
                if self.own.iter().any(|m| m.name == fun && m.arity == arity) {
                    return Some((None, fun));
                }
                let imported = shadowed.imports.iter().rev().find(|i| i.admits(fun, arity));
                let module = match imported {
                    Some(i) => macro_module(cx, self.scope, Some(i.module), fun, arity)?,
                    None => macro_module(cx, self.scope, None, fun, arity)?,
                };
                (Some(module) != self.scope.module).then_some((Some(module), fun))
            }
            Target::Remote(recv, name) => {
                let module = self.module_of(recv, shadowed)?;
                let fun = Atom::new(name);
                let reachable =
                    self.scope.is_required(module) || shadowed.required.contains(&module);
                (reachable && Some(module) != self.scope.module)
                    .then(|| macro_module(cx, self.scope, Some(module), fun, arity))
                    .flatten()
                    .map(|m| (Some(m), fun))
            }
            _ => None,
        }
    }

    /// The module a call's receiver names, when it names one for sure.
    fn module_of(&self, recv: &Ast, shadowed: &Shadowed) -> Option<Atom> {
        match &recv.kind {
            Node::Alias(parts) if !shadowed.aliases.contains(&parts[0]) => {
                Some(self.scope.resolve_alias(parts))
            }
            Node::Atom(a) => Some(Atom::new(a)),
            Node::Value(v) => v.0.as_atom(),
            _ => None,
        }
    }

    /// Runs the macro on the call's arguments, quoted: the code it returns.
    async fn run(
        &self,
        cx: &mut Ctx,
        module: Option<Atom>,
        fun: Atom,
        call: &Ast,
    ) -> Result<Ast, Exception> {
        let args = &call.as_call().expect("a macro call is a call").args;
        let mut quoted = Vec::with_capacity(args.len());
        for a in args {
            quoted.push(quote(cx, self.scope, &mut Env::new(), a).await?);
        }
        let arity = args.len();
        let code = match module {
            Some(m) => crate::lang::module::macros::expand_in(cx, m, fun, quoted, call.span).await,
            None => {
                let own = self.own.iter().find(|m| m.name == fun && m.arity == arity);
                let own = own.expect("an own macro the call reached");
                let module = self.scope.module.expect("own macros are a module's");
                match own.run(cx, self.scope, module, quoted).await {
                    Ok(code) => unquoted(&code, call.span).ok_or_else(|| invalid_quoted(&code)),
                    Err(e) => Err(e),
                }
            }
        };
        let module = module.or(self.scope.module).expect("a macro is a module's");
        code.map_err(|e| self.expansion_failed(e, (module, fun, arity), call.span.line))
    }

    /// An exception raised while expanding `macro` at `line`, with the
    /// stacktrace Elixir gives it: the frames the macro called, then
    /// `expanding macro: Mod.fun/arity`, then the code being expanded.
    fn expansion_failed(
        &self,
        mut e: Exception,
        macro_: (Atom, Atom, usize),
        line: u32,
    ) -> Exception {
        let (module, fun, arity) = macro_;
        let is_macro = |f: &Term| match f.as_tuple() {
            Some([m, f, a, _]) => {
                m.as_atom() == Some(module)
                    && f.as_atom() == Some(fun)
                    && a.as_int() == Some(arity as i64)
            }
            _ => false,
        };
        let mut frames: Vec<Term> = e.stack.list_to_vec().unwrap_or_default();
        frames.truncate(frames.iter().position(is_macro).unwrap_or(frames.len()));
        let caller = match (self.scope.module, self.function) {
            (Some(m), Some((f, n))) => (m, f, n),
            (Some(m), None) => (m, Atom::new("__MODULE__"), 0),
            (None, _) => (Atom::new("elixir_compiler_0"), Atom::new("__FILE__"), 1),
        };
        frames.extend(expansion_frames(macro_, caller, &self.scope.file, line));
        e.stack = Term::list(frames);
        e
    }
}

/// The last frames of an exception raised while a macro expanded:
/// `expanding macro: Mod.fun/arity`, then the code being expanded
/// (`iex:N: (file)` at the prompt, `Mod.fun/arity` in a definition).
pub fn expansion_frames(
    (module, fun, arity): (Atom, Atom, usize),
    (in_module, in_fun, in_arity): (Atom, Atom, usize),
    file: &str,
    line: u32,
) -> [Term; 2] {
    [
        Term::tuple([
            Term::Atom(module),
            Term::Atom(fun),
            Term::int(arity as i64),
            keyword(vec![("file", charlist("expanding macro"))]),
        ]),
        Term::tuple([
            Term::Atom(in_module),
            Term::Atom(in_fun),
            Term::int(in_arity as i64),
            location(file, line as i64),
        ]),
    ]
}

/// Directives met inside the code expanded, which later calls must honour.
#[derive(Default, Clone)]
struct Shadowed {
    /// Modules required inside the code.
    required: Vec<Atom>,
    /// Aliases made inside the code: a call through one is left alone.
    aliases: Vec<String>,
    /// Imports made inside the code, latest last.
    imports: Vec<Import>,
}

impl Shadowed {
    /// Notes the directive `e`, if it is one.
    fn note(&mut self, scope: &Scope, e: &Ast) {
        let Some(c) = e.as_call() else { return };
        let first = c.args.first().map(|a| &a.kind);
        match (e.local_name(), first) {
            (Some("require"), Some(Node::Alias(parts))) => {
                self.required.push(scope.resolve_alias(parts));
                self.alias_as(c.args.get(1));
            }
            (Some("alias"), Some(Node::Alias(parts))) => {
                self.aliases.push(parts.last().cloned().unwrap_or_default());
                self.alias_as(c.args.get(1));
            }
            (Some("import"), Some(_)) => {
                let opts = c.args.get(1);
                self.imports
                    .extend(import_directive(scope, &c.args[0], opts));
            }
            _ => {}
        }
    }

    /// `as: Short` given to a directive.
    fn alias_as(&mut self, opts: Option<&Ast>) {
        if let Some(Ast {
            kind: Node::Alias(p),
            ..
        }) = opts.and_then(|o| crate::lang::eval::keyword_block(o, "as"))
        {
            self.aliases.push(p[0].clone());
        }
    }
}

/// One expansion in progress.
struct Walk<'m, 'a> {
    m: &'m mut Macros<'a>,
    shadowed: Shadowed,
    nesting: usize,
}

impl Walk<'_, '_> {
    fn node<'x>(
        &'x mut self,
        cx: &'x mut Ctx,
        e: &'x mut Ast,
    ) -> BoxFuture<'x, Result<(), Exception>> {
        Box::pin(async move {
            if let Some((module, fun)) = self.m.macro_of(cx, e, &self.shadowed) {
                return self.replace(cx, e, module, fun).await;
            }
            if is_opaque(e) {
                return Ok(());
            }
            // Directives inside a block apply to what follows them there.
            let outer = self.shadowed.clone();
            let in_block = matches!(e.kind, Node::Block(_));
            for child in children_mut(e) {
                self.node(cx, child).await?;
                if in_block {
                    self.shadowed.note(self.m.scope, child);
                }
            }
            self.shadowed = outer;
            Ok(())
        })
    }

    /// Replaces the macro call `e` with its expansion, expanded in turn.
    async fn replace(
        &mut self,
        cx: &mut Ctx,
        e: &mut Ast,
        module: Option<Atom>,
        fun: Atom,
    ) -> Result<(), Exception> {
        if self.nesting >= MAX_NESTING {
            return Err(crate::lang::module::function::system_limit());
        }
        let mut code = self.m.run(cx, module, fun, e).await?;
        (self.m.post)(&mut code);
        self.nesting += 1;
        let expanded = self.node(cx, &mut code).await;
        self.nesting -= 1;
        expanded?;
        *e = code;
        Ok(())
    }
}

/// Calls `f` on every node of `e` the expansion would visit: not quoted
/// code, nor a module or function defined inside.
pub fn visit_code(e: &Ast, f: &mut dyn FnMut(&Ast)) {
    f(e);
    if !is_opaque(e) {
        super::for_each_child_ref(e, &mut |c| visit_code(c, f));
    }
}

/// Code expansion leaves alone: quoted code is data, and a module or
/// function defined here is expanded when it is defined.
fn is_opaque(e: &Ast) -> bool {
    e.local_name().is_some_and(|name| {
        is_quote_or_definition(name) || matches!(name, "alias" | "require" | "import")
    })
}

/// Names a local call cannot give a user's macro: Elixir's special forms
/// and operators, which a module cannot define as macros riex would reach.
fn is_special(name: &str) -> bool {
    !name.starts_with(|c: char| c.is_alphabetic() || c == '_')
}
