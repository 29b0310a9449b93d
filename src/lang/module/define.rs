//! `defmodule Name do ... end`: the body runs top to bottom as Elixir's
//! compiler runs it. Definitions (`def`, `defp`, `defstruct`, ...) and
//! attributes are recorded, directives (`alias`, `import`, `require`, `use`)
//! shape what follows, any other expression is evaluated; then the
//! definitions are checked and the module is loaded. It evaluates to
//! `{:module, Name, binary, last}`, `last` being the body's last value.
//!
//! A module that fails to compile is not defined; the version loaded before,
//! if any, stays.

use super::function::Function;
use super::using::{self, missing_callback_warning};
use super::UserModule;
use crate::lang::ast::{Ast, Clause, Node, Target};
use crate::lang::eval::{self, check_definition, compile_error, keyword_block, Env, Scope};
use crate::lang::expand::{reads_var, Expander};
use crate::otp::logger::Console;
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, Term};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Evaluates `defmodule name do block end` in `scope`.
pub async fn define(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    e: &Ast,
    name: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    let module = module_name(scope, name).ok_or_else(|| {
        compile_error(
            scope,
            e,
            "invalid module name, expected an alias or an atom",
        )
    })?;
    let recompiling = {
        let ext = cx.node().extension::<super::load::Recompiling>();
        let mut list = ext.0.lock();
        let found = list.iter().position(|m| *m == module);
        found.map(|i| list.swap_remove(i)).is_some()
    };
    if super::user_module(cx, module).is_some() && !recompiling {
        Console::of(cx.node()).warn(&format!(
            "warning: redefining module {} (current version defined in memory)\n  {}:{}\n",
            module.module_display(),
            scope.file,
            e.span.line
        ));
    }
    let mut b = Builder::new(scope.nested(module), module, e.span.line);
    for item in body_items(block) {
        b.item(cx, item).await?;
    }
    b.finish(cx).await
}

/// The module a `defmodule` names; inside another module, `defmodule Sub`
/// is `Outer.Sub`, reachable as `Sub` from the rest of `Outer`.
fn module_name(scope: &Scope, name: &Ast) -> Option<Atom> {
    match (&name.kind, scope.module) {
        (Node::Alias(parts), Some(outer)) => {
            let full = Atom::new(&format!("{}.{}", outer.name(), parts.join(".")));
            let first = Atom::new(&format!("{}.{}", outer.name(), parts[0]));
            scope.aliases.lock().push((parts[0].clone(), first));
            Some(full)
        }
        (Node::Alias(parts), None) => Some(scope.resolve_alias(parts)),
        (Node::Atom(a), _) => Some(Atom::new(a)),
        (Node::Value(v), _) => v.0.as_atom(),
        _ => None,
    }
}

/// The expressions of a `do` block.
pub(super) fn body_items(block: &Ast) -> Vec<&Ast> {
    match keyword_block(block, "do") {
        Some(Ast {
            kind: Node::Block(items),
            ..
        }) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// A module as its body is read.
struct Builder {
    name: Atom,
    scope: Arc<Scope>,
    line: u32,
    env: Env,
    attributes: Vec<(String, Term)>,
    functions: Vec<Function>,
    index: FxHashMap<(Atom, usize), usize>,
    macros: Vec<Function>,
    /// What `use` defines unless the module defines the same function.
    overridable: Vec<Ast>,
    /// `use`'s `child_spec/1`: the keys added to the default spec, the options.
    child_spec: Option<(Vec<(Atom, Term)>, Term)>,
    required: Vec<(Atom, &'static str, usize, &'static str)>,
    moduledoc: Option<String>,
    pending_doc: Option<String>,
    /// `@impl` before the next `def`, and whether any `@impl` was given.
    pending_impl: bool,
    impl_used: bool,
    /// Functions defined with `@impl`, and where each was first defined.
    impls: Vec<(Atom, usize)>,
    def_lines: Vec<(Atom, usize, u32)>,
    struct_fields: Option<Vec<(Atom, Term)>>,
    enforce_keys: Vec<Atom>,
    /// `@derive` protocols (with their options) waiting for the `defstruct`.
    derives: Vec<(Atom, Term)>,
    /// Attributes the module set (with the line) and those its code read.
    attributes_set: Vec<(String, u32)>,
    attributes_read: Vec<String>,
    warnings: Vec<String>,
    last: Term,
}

impl Builder {
    fn new(scope: Arc<Scope>, name: Atom, line: u32) -> Builder {
        Builder {
            name,
            scope,
            line,
            env: Env::new(),
            attributes: Vec::new(),
            functions: Vec::new(),
            index: FxHashMap::default(),
            macros: Vec::new(),
            overridable: Vec::new(),
            child_spec: None,
            required: Vec::new(),
            moduledoc: None,
            pending_doc: None,
            pending_impl: false,
            impl_used: false,
            impls: Vec::new(),
            def_lines: Vec::new(),
            struct_fields: None,
            enforce_keys: Vec::new(),
            derives: Vec::new(),
            attributes_set: Vec::new(),
            attributes_read: Vec::new(),
            warnings: Vec::new(),
            last: Term::nil(),
        }
    }

    async fn item(&mut self, cx: &mut Ctx, item: &Ast) -> Result<(), Exception> {
        let call = item.as_call();
        let args: &[Ast] = call.map(|c| &c.args[..]).unwrap_or(&[]);
        match item.local_name() {
            Some(kind @ ("def" | "defp")) if !args.is_empty() => {
                if let Some(key) = self.def(item, args, kind == "defp", true)? {
                    self.expand_macros(cx, key).await?;
                }
            }
            Some(kind @ ("defmacro" | "defmacrop")) if !args.is_empty() => {
                self.defmacro(item, args, kind == "defmacrop")?;
            }
            Some("@") if args.len() == 1 => self.attribute(cx, item, &args[0]).await?,
            Some("use") if !args.is_empty() => self.use_module(cx, item, args).await?,
            Some("defstruct") => self.defstruct(cx, args).await?,
            Some("defexception") => {
                self.defstruct(cx, args).await?;
                self.defexception(item);
                self.last = Term::ok();
            }
            Some("defdelegate") => self.defdelegate(item, args)?,
            Some("defoverridable") => self.last = Term::ok(),
            Some("defmodule") if args.len() == 2 => {
                // The nested module expands its own body, in its own scope.
                self.last =
                    Box::pin(super::define(cx, &self.scope, item, &args[0], &args[1])).await?;
            }
            Some("alias" | "import" | "require" | "defprotocol" | "defimpl") => {
                // Directives name modules: their aliases are not expanded first.
                self.last = eval::eval_input(cx, &self.scope, &mut self.env, item).await?;
            }
            _ => {
                let expanded = self.expanded(item);
                self.last = eval::eval_input(cx, &self.scope, &mut self.env, &expanded).await?;
            }
        }
        Ok(())
    }

    /// An expression with the attributes, aliases and `__MODULE__` of this point resolved.
    fn expanded(&mut self, e: &Ast) -> Ast {
        let mut copy = e.clone();
        let mut x = self.expander();
        x.expr(&mut copy);
        let (unset, read) = (std::mem::take(&mut x.unset), std::mem::take(&mut x.read));
        self.absorb(unset, read);
        copy
    }

    fn expander(&self) -> Expander<'_> {
        Expander {
            scope: &self.scope,
            module: self.name,
            attributes: &self.attributes,
            unset: Vec::new(),
            read: Vec::new(),
            local_aliases: Vec::new(),
        }
    }

    /// Takes in what an expansion found: attributes read, and read unset.
    fn absorb(&mut self, unset: Vec<(String, u32)>, read: Vec<String>) {
        self.attributes_read.extend(read);
        self.warn_unset(unset);
    }

    fn warn_unset(&mut self, unset: Vec<(String, u32)>) {
        for (name, line) in unset {
            self.warnings.push(format!(
                "warning: undefined module attribute @{name}, please remove access to @{name} or explicitly set it before access\n  {}:{line}: {} (module)\n",
                self.scope.file,
                self.name.module_display()
            ));
        }
    }

    /// `def name(params) when guard, do: body` (or a head without a body):
    /// the function it added a clause to, if it did.
    fn def(
        &mut self,
        item: &Ast,
        args: &[Ast],
        private: bool,
        user: bool,
    ) -> Result<Option<(Atom, usize)>, Exception> {
        let Some((name, params, guard)) = split_head(&args[0]) else {
            return Err(compile_error(
                &self.scope,
                item,
                &format!("invalid syntax in {}", if private { "defp" } else { "def" }),
            ));
        };
        let (params, defaults) = split_defaults(params);
        let arity = params.len();
        let fun = Atom::new(&name);
        self.last = Term::tuple([Term::Atom(fun), Term::int(arity as i64)]);
        let doc = self.pending_doc.take();
        if user && !self.index.contains_key(&(fun, arity)) {
            self.def_lines.push((fun, arity, item.span.line));
            if std::mem::take(&mut self.pending_impl) {
                self.impls.push((fun, arity));
            }
        }
        let Some(kw) = args.get(1) else {
            self.add_defaults(fun, &params, &defaults, private, item);
            return Ok(None);
        };
        let body = function_body(kw, item);
        let mut clause = Clause {
            patterns: params.clone(),
            guard,
            body,
            span: item.span,
        };
        let mut x = self.expander();
        x.clause(&mut clause);
        let (unset, read) = (std::mem::take(&mut x.unset), std::mem::take(&mut x.read));
        self.absorb(unset, read);
        self.add_clause(fun, arity, private, clause, doc);
        if user {
            self.add_defaults(fun, &params, &defaults, private, item);
        }
        Ok(Some((fun, arity)))
    }

    /// Expands the macro calls of the clause just added to `key`, as
    /// Elixir does when it meets a `def`: with the macros required,
    /// imported or written above, and the attributes set so far.
    async fn expand_macros(&mut self, cx: &mut Ctx, key: (Atom, usize)) -> Result<(), Exception> {
        let i = self.index[&key];
        let Some(mut clause) = self.functions[i].clauses.pop() else {
            return Ok(());
        };
        let (mut unset, mut read) = (Vec::new(), Vec::new());
        let expanded = {
            let mut post = |code: &mut Ast| {
                let mut x = self.expander();
                x.expr(code);
                unset.append(&mut x.unset);
                read.append(&mut x.read);
            };
            let mut macros = crate::lang::expand::Macros {
                scope: &self.scope,
                own: &self.macros,
                function: Some(key),
                post: &mut post,
            };
            let parts = clause.patterns.iter_mut().chain(&mut clause.guard);
            let mut expanded = Ok(());
            for part in parts.chain(std::iter::once(&mut clause.body)) {
                expanded = macros.expand(cx, part).await;
                if expanded.is_err() {
                    break;
                }
            }
            expanded
        };
        self.functions[i].clauses.push(clause);
        self.absorb(unset, read);
        expanded
    }

    /// `defmacro name(params), do: quote ...`: a clause of a macro.
    fn defmacro(&mut self, item: &Ast, args: &[Ast], private: bool) -> Result<(), Exception> {
        let (Some((name, params, guard)), Some(kw)) = (split_head(&args[0]), args.get(1)) else {
            return Err(compile_error(
                &self.scope,
                item,
                "invalid syntax in defmacro",
            ));
        };
        let fun = Atom::new(&name);
        let mut clause = Clause {
            patterns: params,
            guard,
            body: function_body(kw, item),
            span: item.span,
        };
        let mut x = self.expander();
        x.clause(&mut clause);
        let (unset, read) = (std::mem::take(&mut x.unset), std::mem::take(&mut x.read));
        self.absorb(unset, read);
        let arity = clause.patterns.len();
        self.last = Term::tuple([Term::Atom(fun), Term::int(arity as i64)]);
        match self
            .macros
            .iter_mut()
            .find(|m| m.name == fun && m.arity == arity)
        {
            Some(m) => m.clauses.push(clause),
            None => self.macros.push(Function {
                name: fun,
                arity,
                private,
                clauses: vec![clause],
                doc: self.pending_doc.take(),
                native: None,
                compiled: None,
            }),
        }
        Ok(())
    }

    fn add_clause(
        &mut self,
        fun: Atom,
        arity: usize,
        private: bool,
        clause: Clause,
        doc: Option<String>,
    ) {
        match self.index.get(&(fun, arity)) {
            Some(&i) => {
                let f = &mut self.functions[i];
                f.clauses.push(clause);
                if f.doc.is_none() {
                    f.doc = doc;
                }
            }
            None => {
                self.index.insert((fun, arity), self.functions.len());
                self.functions.push(Function {
                    name: fun,
                    arity,
                    private,
                    clauses: vec![clause],
                    doc,
                    native: None,
                    compiled: None,
                });
            }
        }
    }

    /// `def f(a, b \\ 1)` also defines `f/1`, which calls `f(a, 1)`.
    fn add_defaults(
        &mut self,
        fun: Atom,
        params: &[Ast],
        defaults: &[Option<Ast>],
        private: bool,
        item: &Ast,
    ) {
        let given = defaults.iter().filter(|d| d.is_some()).count();
        let required = params.len() - given;
        for arity in required..params.len() {
            if self.index.contains_key(&(fun, arity)) {
                continue;
            }
            let mut taken = arity - required;
            let mut patterns = Vec::new();
            let mut call_args = Vec::new();
            for d in defaults {
                match d {
                    Some(default) if taken == 0 => call_args.push(default.clone()),
                    _ => {
                        if d.is_some() {
                            taken -= 1;
                        }
                        let var = Ast::new(Node::Var(format!("arg@{}", patterns.len())), item.span);
                        patterns.push(var.clone());
                        call_args.push(var);
                    }
                }
            }
            let mut clause = Clause {
                patterns,
                guard: None,
                body: Ast::local(fun.name(), call_args, item.span),
                span: item.span,
            };
            self.expander().clause(&mut clause);
            self.add_clause(fun, arity, private, clause, None);
        }
    }

    async fn attribute(&mut self, cx: &mut Ctx, item: &Ast, inner: &Ast) -> Result<(), Exception> {
        let (name, value) = match &inner.kind {
            Node::Var(name) => {
                let expanded = self.expanded(item);
                self.last = eval::eval_input(cx, &self.scope, &mut self.env, &expanded).await?;
                let _ = name;
                return Ok(());
            }
            Node::Call(c) => match (&c.target, &c.args[..]) {
                (Target::Local(name), [value]) => (name.as_str(), value),
                _ => return Err(compile_error(&self.scope, item, "invalid module attribute")),
            },
            _ => return Err(compile_error(&self.scope, item, "invalid module attribute")),
        };
        if matches!(
            name,
            "spec"
                | "type"
                | "typep"
                | "opaque"
                | "callback"
                | "macrocallback"
                | "optional_callbacks"
        ) {
            self.last = Term::ok();
            return Ok(());
        }
        let expanded = self.expanded(value);
        let v = eval::eval_input(cx, &self.scope, &mut self.env, &expanded).await?;
        match name {
            "moduledoc" => self.moduledoc = v.as_str().map(str::to_owned),
            "doc" => self.pending_doc = v.as_str().map(str::to_owned),
            "impl" if !v.is_atom(crate::term::atom::FALSE) => {
                self.pending_impl = true;
                self.impl_used = true;
            }
            "derive" => {
                let items = v.list_to_vec().unwrap_or_else(|| vec![v.clone()]);
                self.derives
                    .extend(items.iter().filter_map(|d| match d.as_tuple() {
                        Some([m, opts]) => Some((m.as_atom()?, opts.clone())),
                        _ => Some((d.as_atom()?, Term::Nil)),
                    }));
            }
            "enforce_keys" => {
                self.enforce_keys = v
                    .list_to_vec()
                    .unwrap_or_else(|| vec![v.clone()])
                    .iter()
                    .filter_map(Term::as_atom)
                    .collect()
            }
            _ if !is_reserved_attribute(name) => {
                self.attributes_set.push((name.to_owned(), item.span.line));
            }
            _ => {}
        }
        self.attributes.push((name.to_owned(), v));
        self.last = Term::ok();
        Ok(())
    }

    async fn use_module(
        &mut self,
        cx: &mut Ctx,
        item: &Ast,
        args: &[Ast],
    ) -> Result<(), Exception> {
        let target = self.expanded(&args[0]);
        let target = eval::eval_input(cx, &self.scope, &mut self.env, &target).await?;
        let opts = match args.get(1) {
            Some(o) => {
                let o = self.expanded(o);
                eval::eval_input(cx, &self.scope, &mut self.env, &o).await?
            }
            None => Term::Nil,
        };
        let Some(module) = target.as_atom() else {
            return Err(compile_error(
                &self.scope,
                item,
                "invalid arguments for use",
            ));
        };
        if super::with_user_module(cx, module, |u| {
            u.has_macro(Atom::new("__using__"), 1, false)
        }) == Some(true)
        {
            return self.use_user_module(cx, item, module, args.get(1)).await;
        }
        let Some(using) = using::using(module, &opts, item.span.line) else {
            let message = if cx.node().module(module).is_some() {
                return Err(crate::runtime::undefined_function(
                    module,
                    Atom::new("__using__"),
                    &[opts],
                    true,
                ));
            } else {
                format!(
                    "module {} is not loaded and could not be found",
                    module.module_display()
                )
            };
            return Err(compile_error(&self.scope, item, &message));
        };
        self.attributes
            .push(("behaviour".into(), Term::Atom(using.behaviour)));
        self.overridable.extend(using.defaults);
        if using.child_spec.is_some() {
            self.child_spec = using.child_spec;
        }
        for (name, arity, source) in using.required {
            self.required.push((using.behaviour, name, arity, source));
        }
        self.last = Term::ok();
        Ok(())
    }

    /// `use Mod, opts` of a module written in Elixir: its `__using__/1`
    /// macro's code becomes part of this module's body.
    async fn use_user_module(
        &mut self,
        cx: &mut Ctx,
        item: &Ast,
        module: Atom,
        opts: Option<&Ast>,
    ) -> Result<(), Exception> {
        let quoted = match opts {
            Some(o) => super::quote::quote(cx, &self.scope, &mut self.env, o).await?,
            None => Term::Nil,
        };
        if cx.enter() > super::function::MAX_DEPTH {
            cx.leave();
            return Err(super::function::system_limit());
        }
        let result = self.splice_using(cx, item, module, quoted).await;
        cx.leave();
        result
    }

    /// Runs `__using__/1` and reads the code it gives as part of the body.
    async fn splice_using(
        &mut self,
        cx: &mut Ctx,
        item: &Ast,
        module: Atom,
        quoted: Term,
    ) -> Result<(), Exception> {
        let code =
            super::macros::expand_in(cx, module, Atom::new("__using__"), vec![quoted], item.span)
                .await?;
        let items: Vec<Ast> = match code.kind {
            Node::Block(items) => items,
            other => vec![Ast::new(other, item.span)],
        };
        for i in &items {
            Box::pin(self.item(cx, i)).await?;
        }
        Ok(())
    }

    async fn defstruct(&mut self, cx: &mut Ctx, args: &[Ast]) -> Result<(), Exception> {
        let fields = match args.first() {
            Some(f) => {
                let f = self.expanded(f);
                eval::eval_input(cx, &self.scope, &mut self.env, &f).await?
            }
            None => Term::Nil,
        };
        let mut out = Vec::new();
        for f in fields.list_to_vec().unwrap_or_default() {
            match (f.as_atom(), f.as_tuple()) {
                (Some(a), _) => out.push((a, Term::nil())),
                (_, Some([k, v])) if k.as_atom().is_some() => {
                    out.push((k.as_atom().unwrap_or(self.name), v.clone()))
                }
                _ => {
                    return Err(Exception::argument_error(&format!(
                        "struct field names must be atoms, got: {}",
                        crate::term::inspect::inspect(&f)
                    )))
                }
            }
        }
        let mut map = crate::term::TMap::new();
        for (k, v) in &out {
            map.insert(Term::Atom(*k), v.clone());
        }
        map.insert(Term::Atom(crate::term::atom::STRUCT), Term::Atom(self.name));
        self.last = Term::Map(map);
        self.struct_fields = Some(out);
        for (protocol, opts) in std::mem::take(&mut self.derives) {
            if protocol.name() == "Elixir.Inspect" {
                self.derive_inspect(&opts);
            } else if super::user_module(cx, protocol).is_some() {
                super::protocol::derive(cx, protocol, self.name)?;
            }
        }
        Ok(())
    }

    /// `@derive {Inspect, only: [...]}` or `except: [...]`: which fields print.
    fn derive_inspect(&self, opts: &Term) {
        let fields: Vec<Atom> = self
            .struct_fields
            .iter()
            .flatten()
            .map(|(k, _)| *k)
            .collect();
        let list = |key: &str| {
            crate::term::build::keyword_get(opts, Atom::new(key))
                .and_then(|l| l.list_to_vec())
                .map(|l| l.iter().filter_map(Term::as_atom).collect::<Vec<_>>())
        };
        let shown: Vec<Atom> = match (list("only"), list("except")) {
            (Some(only), _) => fields
                .iter()
                .copied()
                .filter(|f| only.contains(f))
                .collect(),
            (None, Some(except)) => fields
                .iter()
                .copied()
                .filter(|f| !except.contains(f))
                .collect(),
            (None, None) => return,
        };
        crate::term::inspect::derive_inspect(self.name, &shown, shown.len() < fields.len());
    }

    /// `defexception`: the struct gets `__exception__: true`, and the module
    /// `message/1` (when there is a `:message` field) and `exception/1`.
    fn defexception(&mut self, item: &Ast) {
        if let Some(fields) = &mut self.struct_fields {
            fields.insert(0, (Atom::new("__exception__"), Term::bool(true)));
        }
        let has_message = self
            .struct_fields
            .iter()
            .flatten()
            .any(|(k, _)| k.name() == "message");
        let mut defs = vec![
            "def exception(msg) when is_binary(msg), do: exception(message: msg)",
            "def exception(args) when is_list(args), do: __struct__(args)",
        ];
        if has_message {
            defs.push("def message(exception), do: exception.message");
        }
        for source in defs {
            self.overridable
                .push(using::definition(source, &Term::Nil, item.span.line));
        }
    }

    /// `defdelegate fun(args), to: Module` defines `fun(args)` calling `Module.fun(args)`.
    fn defdelegate(&mut self, item: &Ast, args: &[Ast]) -> Result<(), Exception> {
        let (Some((name, params, _)), Some(opts)) =
            (args.first().and_then(split_head), args.get(1))
        else {
            return Err(compile_error(
                &self.scope,
                item,
                "invalid arguments for defdelegate",
            ));
        };
        let Some(to) = keyword_block(opts, "to") else {
            return Err(compile_error(
                &self.scope,
                item,
                "missing :to option for defdelegate",
            ));
        };
        let target_fun = match keyword_block(opts, "as") {
            Some(Ast {
                kind: Node::Atom(a),
                ..
            }) => a.clone(),
            _ => name.clone(),
        };
        let (params, _) = split_defaults(params);
        let call = Ast::new(
            Node::Call(Box::new(crate::lang::ast::Call {
                target: Target::Remote(Box::new(to.clone()), target_fun),
                args: params.clone(),
                no_parens: false,
            })),
            item.span,
        );
        let head = Ast::local(&name, params, item.span);
        let kw = Ast::new(
            Node::List(vec![Ast::new(
                Node::Tuple(vec![Ast::new(Node::Atom("do".into()), item.span), call]),
                item.span,
            )]),
            item.span,
        );
        self.def(item, &[head, kw], false, true).map(drop)
    }

    /// Adds what `use` defined and the module did not, checks every
    /// definition, and loads the module.
    async fn finish(mut self, cx: &mut Ctx) -> Result<Term, Exception> {
        let last = self.last.clone();
        self.add_overridable()?;
        self.inject_required();
        self.check(cx)?;
        let console = Console::of(cx.node());
        for w in std::mem::take(&mut self.warnings) {
            console.warn(&w);
        }
        if let Some(fields) = &self.struct_fields {
            let names: Vec<Atom> = fields.iter().map(|(k, _)| *k).collect();
            crate::term::inspect::define_struct(self.name, &names);
        }
        let binary = object_code(self.name, &self.functions);
        self.scope.defined.lock().push(self.name);
        let module = self.into_module(cx);
        let name = module.name;
        cx.node().load_module(Arc::new(module));
        Ok(Term::tuple([
            Term::atom_named("module"),
            Term::Atom(name),
            Term::binary(&binary),
            last,
        ]))
    }

    fn add_overridable(&mut self) -> Result<(), Exception> {
        let defined_by_user: Vec<(Atom, usize)> = self.index.keys().copied().collect();
        let child_spec = Atom::new("child_spec");
        if let Some((extra, opts)) = self.child_spec.take() {
            if !defined_by_user.contains(&(child_spec, 1)) {
                self.index.insert((child_spec, 1), self.functions.len());
                self.functions.push(Function {
                    name: child_spec,
                    arity: 1,
                    private: false,
                    clauses: Vec::new(),
                    doc: None,
                    native: Some(super::function::Native::ChildSpec { extra, opts }),
                    compiled: None,
                });
            }
        }
        for d in std::mem::take(&mut self.overridable) {
            let Some(c) = d.as_call() else { continue };
            let Some((name, params, _)) = split_head(&c.args[0]) else {
                continue;
            };
            if defined_by_user.contains(&(Atom::new(&name), params.len())) {
                continue;
            }
            let args = c.args.clone();
            self.def(&d, &args, false, false)?;
        }
        Ok(())
    }

    fn inject_required(&mut self) {
        for (behaviour, name, arity, source) in std::mem::take(&mut self.required) {
            if self.index.contains_key(&(Atom::new(name), arity)) {
                continue;
            }
            self.warnings.push(format!(
                "{}\n  {}:{}: {} (module)\n",
                missing_callback_warning(behaviour, self.name, name, arity, source).trim_end(),
                self.scope.file,
                self.line,
                self.name.module_display()
            ));
            let d = using::definition(source, &Term::Nil, self.line);
            if let Some(c) = d.as_call() {
                let args = c.args.clone();
                let _ = self.def(&d, &args, false, false);
            }
        }
    }

    /// Elixir's compile checks on every clause; the first error fails the module.
    fn check(&mut self, cx: &Ctx) -> Result<(), Exception> {
        let node = cx.node().clone();
        let defined: Vec<(String, usize)> = self
            .functions
            .iter()
            .chain(&self.macros)
            .map(|f| (f.name.name().to_owned(), f.arity))
            .collect();
        let imports = self.scope.imports.lock().clone();
        let has_struct = self.struct_fields.is_some();
        let known = |name: &str, arity: usize| {
            defined.iter().any(|(n, a)| n == name && *a == arity)
                || (has_struct && name == "__struct__" && arity <= 1)
                || matches!((name, arity), ("__info__", 1) | ("module_info", 0 | 1))
                || imports.iter().any(|i| {
                    i.admits(Atom::new(name), arity)
                        && node.module(i.module).is_some_and(|m| {
                            m.exports_fun(Atom::new(name), arity)
                                || m.as_any()
                                    .and_then(|a| a.downcast_ref::<UserModule>())
                                    .is_some_and(|u| u.has_macro(Atom::new(name), arity, false))
                        })
                })
                || (crate::lang::eval::kernel_admits(&imports, Atom::new(name), arity)
                    && node
                        .module(Atom::module("Kernel"))
                        .is_some_and(|m| m.exports_fun(Atom::new(name), arity)))
        };
        self.warn_unused_private();
        self.warn_unused_attributes();
        self.warn_callbacks_without_impl();
        let mut error = self.macro_called_before_definition();
        for f in &self.functions {
            for clause in &f.clauses {
                let checked = check_definition(
                    clause,
                    &self.scope,
                    &known,
                    self.name,
                    f.name.name(),
                    f.arity,
                );
                self.warnings.extend(checked.warnings);
                self.warnings
                    .extend(unused_parameters(clause, &self.scope.file, self.name, f));
                self.warnings
                    .extend(unused_bindings(clause, &self.scope.file, self.name, f));
                if error.is_none() {
                    error = checked.error;
                }
            }
        }
        // Elixir checks a file's modules once the whole file is compiled
        // (they may call each other); riex checks only modules typed at
        // the prompt, which Elixir checks one by one.
        if error.is_none() && self.scope.file == "iex" {
            let undefined =
                super::undefined::undefined_calls(&node, &self.scope, self.name, &self.functions);
            self.warnings.extend(undefined);
        }
        match error {
            Some(e) => {
                let console = Console::of(cx.node());
                for w in self.warnings.drain(..) {
                    console.warn(&w);
                }
                Err(e)
            }
            None => Ok(()),
        }
    }

    /// A call of the module's own macro left in a function: the function
    /// came before the macro, since each `def` expands the macros above it.
    fn macro_called_before_definition(&self) -> Option<Exception> {
        let own_macro = |e: &Ast| match (e.local_name(), e.as_call()) {
            (Some(name), Some(c)) => self
                .macros
                .iter()
                .find(|m| m.name.name() == name && m.arity == c.args.len()),
            _ => None,
        };
        let mut found = None;
        for clause in self.functions.iter().flat_map(|f| &f.clauses) {
            let parts = clause.patterns.iter().chain(&clause.guard);
            for part in parts.chain(std::iter::once(&clause.body)) {
                crate::lang::expand::visit_code(part, &mut |e| {
                    if let (None, Some(m)) = (&found, own_macro(e)) {
                        found = Some((e.clone(), m.name, m.arity));
                    }
                });
            }
        }
        let (call, name, arity) = found?;
        let message = format!(
            "cannot invoke macro {}/{arity} before its definition",
            name.name()
        );
        Some(compile_error(&self.scope, &call, &message))
    }

    /// `warning: module attribute @x was set but never used`.
    fn warn_unused_attributes(&mut self) {
        for (name, line) in std::mem::take(&mut self.attributes_set) {
            if !self.attributes_read.contains(&name) {
                self.warnings.push(format!(
                    "warning: module attribute @{name} was set but never used\n  {}:{line}\n",
                    self.scope.file
                ));
            }
        }
    }

    /// Once any function has `@impl`, a callback defined without it is
    /// warned about, naming the behaviour that specifies it.
    fn warn_callbacks_without_impl(&mut self) {
        if !self.impl_used {
            return;
        }
        let behaviours: Vec<Atom> = self
            .attributes
            .iter()
            .filter(|(n, _)| n == "behaviour")
            .filter_map(|(_, v)| v.as_atom())
            .collect();
        for (fun, arity, line) in self.def_lines.clone() {
            if self.impls.contains(&(fun, arity)) {
                continue;
            }
            let Some(b) = behaviours.iter().find(|b| is_callback(**b, fun, arity)) else {
                continue;
            };
            self.warnings.push(format!(
                "warning: module attribute @impl was not set for function {}/{arity} callback (specified in {}). This either means you forgot to add the \"@impl true\" annotation before the definition or that you are accidentally overriding this callback\n  {}:{line}: {} (module)\n",
                fun.name(),
                b.module_display(),
                self.scope.file,
                self.name.module_display()
            ));
        }
    }

    /// `warning: function secret/0 is unused` for a `defp` no code calls.
    fn warn_unused_private(&mut self) {
        let mut called: Vec<(String, usize)> = Vec::new();
        for f in self.functions.iter().chain(&self.macros) {
            for c in &f.clauses {
                local_calls(&c.body, &mut called);
                if let Some(g) = &c.guard {
                    local_calls(g, &mut called);
                }
            }
        }
        for f in self.functions.iter().filter(|f| f.private) {
            if !called
                .iter()
                .any(|(n, a)| n == f.name.name() && *a == f.arity)
            {
                let line = f.clauses.first().map(|c| c.span.line).unwrap_or(self.line);
                self.warnings.push(format!(
                    "warning: function {}/{} is unused\n  {}:{line}\n",
                    f.name.name(),
                    f.arity,
                    self.scope.file
                ));
            }
        }
    }

    fn into_module(mut self, cx: &Ctx) -> UserModule {
        let unit = self.compile(cx);
        let mut exports: Vec<(Atom, usize)> = self
            .functions
            .iter()
            .filter(|f| !f.private)
            .map(|f| (f.name, f.arity))
            .collect();
        exports.sort_by(|a, b| (a.0.name(), a.1).cmp(&(b.0.name(), b.1)));
        let functions = self
            .functions
            .into_iter()
            .map(|f| ((f.name, f.arity), Arc::new(f)))
            .collect();
        self.scope.has_macros.store(
            !self.macros.is_empty(),
            std::sync::atomic::Ordering::Relaxed,
        );
        let macros = self
            .macros
            .into_iter()
            .map(|m| ((m.name, m.arity), Arc::new(m)))
            .collect();
        UserModule {
            name: self.name,
            scope: self.scope.clone(),
            functions,
            macros,
            exports,
            moduledoc: self.moduledoc,
            struct_fields: self.struct_fields,
            enforce_keys: self.enforce_keys,
            source: self.scope.path.clone(),
            with_docs: Default::default(),
            unit,
            prepared: Default::default(),
        }
    }

    /// Compiles the functions into one unit; each learns its code's index.
    fn compile(&mut self, cx: &Ctx) -> Arc<crate::lang::compile::Unit> {
        let sources: Vec<crate::lang::compile::FunctionSource> = self
            .functions
            .iter()
            .map(|f| crate::lang::compile::FunctionSource {
                name: f.name,
                arity: f.arity,
                clauses: f.native.is_none().then_some(&f.clauses[..]),
            })
            .collect();
        let (unit, indices) = crate::lang::compile::module(cx, &self.scope, self.name, &sources);
        for (f, index) in self.functions.iter_mut().zip(indices) {
            f.compiled = index;
        }
        unit
    }
}

/// A `def`'s head: its name, parameters and guard.
pub(crate) fn split_head(head: &Ast) -> Option<(String, Vec<Ast>, Option<Ast>)> {
    if let (Some("when"), Some(c)) = (head.local_name(), head.as_call()) {
        if let [inner, guard] = &c.args[..] {
            let (name, params, _) = split_head(inner)?;
            return Some((name, params, Some(guard.clone())));
        }
    }
    match &head.kind {
        Node::Var(name) => Some((name.clone(), Vec::new(), None)),
        Node::Call(c) => match &c.target {
            Target::Local(name) => Some((name.clone(), c.args.clone(), None)),
            _ => None,
        },
        _ => None,
    }
}

/// Parameters without their `\\ default`s, and the defaults by position.
fn split_defaults(params: Vec<Ast>) -> (Vec<Ast>, Vec<Option<Ast>>) {
    params
        .into_iter()
        .map(|p| match (p.local_name(), p.as_call()) {
            (Some("\\\\"), Some(c)) if c.args.len() == 2 => {
                (c.args[0].clone(), Some(c.args[1].clone()))
            }
            _ => (p, None),
        })
        .unzip()
}

/// The body of `do:`; with `rescue`/`catch`/`after`/`else` too, a `try` around it.
fn function_body(kw: &Ast, item: &Ast) -> Ast {
    let Node::List(pairs) = &kw.kind else {
        return kw.clone();
    };
    if pairs.len() <= 1 {
        return keyword_block(kw, "do")
            .cloned()
            .unwrap_or_else(|| Ast::new(Node::Atom("nil".into()), item.span));
    }
    Ast::local("try", vec![kw.clone()], item.span)
}

/// Attributes Elixir itself reads: setting them without reading is no mistake.
fn is_reserved_attribute(name: &str) -> bool {
    matches!(
        name,
        "moduledoc"
            | "doc"
            | "typedoc"
            | "impl"
            | "behaviour"
            | "derive"
            | "enforce_keys"
            | "since"
            | "deprecated"
            | "dialyzer"
            | "compile"
            | "vsn"
            | "on_load"
            | "after_compile"
            | "before_compile"
            | "external_resource"
            | "file"
            | "fallback_to_any"
            | "protocol"
            | "for"
            | "on_definition"
            | "nifs"
    )
}

/// The callbacks of the behaviours riex knows, as Elixir 1.14 specifies them.
fn is_callback(behaviour: Atom, fun: Atom, arity: usize) -> bool {
    let callbacks: &[(&str, usize)] = match behaviour.name() {
        "Elixir.GenServer" => &[
            ("init", 1),
            ("handle_call", 3),
            ("handle_cast", 2),
            ("handle_info", 2),
            ("handle_continue", 2),
            ("terminate", 2),
            ("code_change", 3),
            ("format_status", 2),
        ],
        "Elixir.Supervisor" | "Elixir.DynamicSupervisor" => &[("init", 1)],
        "Elixir.Application" => &[
            ("start", 2),
            ("stop", 1),
            ("prep_stop", 1),
            ("config_change", 3),
            ("start_phase", 3),
        ],
        _ => &[],
    };
    callbacks
        .iter()
        .any(|(n, a)| *n == fun.name() && *a == arity)
}

/// Every local call in `e` by name and arity: direct, piped into, captured.
fn local_calls(e: &Ast, out: &mut Vec<(String, usize)>) {
    crate::lang::expand::visit(e, &mut |n| {
        let Some(c) = n.as_call() else { return };
        let Target::Local(name) = &c.target else {
            return;
        };
        match (name.as_str(), &c.args[..]) {
            ("|>", [_, rhs]) => {
                if let Some((Target::Local(f), args)) =
                    rhs.as_call().map(|r| (&r.target, r.args.len()))
                {
                    out.push((f.clone(), args + 1));
                }
            }
            ("&", [inner]) => {
                if let (Some("/"), Some(slash)) = (inner.local_name(), inner.as_call()) {
                    if let (Some(Node::Var(f)), Some(Node::Int(a))) = (
                        slash.args.first().map(|x| &x.kind),
                        slash.args.get(1).map(|x| &x.kind),
                    ) {
                        out.push((f.clone(), *a as usize));
                    }
                    if let (Some(f), Some(Node::Int(a))) = (
                        slash.args.first().and_then(|x| x.local_name()),
                        slash.args.get(1).map(|x| &x.kind),
                    ) {
                        out.push((f.to_owned(), *a as usize));
                    }
                }
            }
            _ => out.push((name.clone(), c.args.len())),
        }
    });
    crate::lang::expand::visit(e, &mut |n| {
        if let Node::Var(v) = &n.kind {
            out.push((v.clone(), 0));
        }
    });
}

/// Warnings for variables the body's statements bind (`y = ...`) and no
/// later statement reads.
fn unused_bindings(clause: &Clause, file: &str, module: Atom, f: &Function) -> Vec<String> {
    let statements: Vec<&Ast> = match &clause.body.kind {
        Node::Block(items) => items.iter().collect(),
        _ => vec![&clause.body],
    };
    let mut out = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let (Some("="), Some(c)) = (st.local_name(), st.as_call()) else {
            continue;
        };
        let mut vars = Vec::new();
        bound_vars(&c.args[0], &mut vars);
        let mut sizes = Vec::new();
        eval::pattern::size_reads(&c.args[0], &mut sizes);
        vars.retain(|(name, _)| !sizes.contains(name));
        for (name, line) in vars {
            let read_later = statements[i + 1..]
                .iter()
                .any(|later| reads_var(later, &name));
            if !read_later {
                out.push(format!(
                    "warning: variable \"{name}\" is unused (if the variable is not meant to be used, prefix it with an underscore)\n  {file}:{line}: {}.{}/{}\n",
                    module.module_display(),
                    f.name.name(),
                    f.arity
                ));
            }
        }
    }
    out
}

/// The variables a pattern binds, with their lines (pins and `_` names excluded).
fn bound_vars(pat: &Ast, out: &mut Vec<(String, u32)>) {
    match &pat.kind {
        Node::Var(n) if !n.starts_with('_') && !out.iter().any(|(m, _)| m == n) => {
            out.push((n.clone(), pat.span.line))
        }
        Node::Call(_) if pat.local_name() == Some("^") => {}
        // `x::binary-size(n)`: only the left side binds.
        Node::Call(c) if pat.local_name() == Some("::") => {
            c.args.iter().take(1).for_each(|a| bound_vars(a, out))
        }
        _ => crate::lang::expand::for_each_child_ref(pat, &mut |c| bound_vars(c, out)),
    }
}

/// Warnings for parameters a clause never reads.
fn unused_parameters(clause: &Clause, file: &str, module: Atom, f: &Function) -> Vec<String> {
    let mut names = Vec::new();
    // `<<n::8, data::binary-size(n)>>` reads `n`.
    let mut sizes = Vec::new();
    for p in &clause.patterns {
        eval::pattern::bound_names(p, &mut names);
        eval::pattern::size_reads(p, &mut sizes);
    }
    names
        .into_iter()
        .filter(|n| !sizes.contains(n))
        .filter(|n| !n.starts_with("arg@"))
        .filter(|n| !reads_var(&clause.body, n) && !clause.guard.as_ref().is_some_and(|g| reads_var(g, n)))
        .map(|n| {
            format!(
                "warning: variable \"{n}\" is unused (if the variable is not meant to be used, prefix it with an underscore)\n  {file}:{}: {}.{}/{}\n",
                clause.span.line,
                module.module_display(),
                f.name.name(),
                f.arity
            )
        })
        .collect()
}

/// riex's stand-in for BEAM object code: a binary that starts as a BEAM
/// file does and names the module and its functions.
fn object_code(name: Atom, functions: &[Function]) -> Vec<u8> {
    let mut out = b"FOR1\0\0\0\0BEAMAtU8".to_vec();
    out.extend_from_slice(name.name().as_bytes());
    for f in functions {
        out.push(0);
        out.extend_from_slice(f.name.name().as_bytes());
        out.push(f.arity as u8);
    }
    out
}
