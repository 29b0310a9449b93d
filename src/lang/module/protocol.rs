//! Protocols written in Elixir: `defprotocol` makes a module whose
//! functions dispatch on their first argument's type to the implementation
//! `defimpl` defines (a module named `Protocol.Type`), as Elixir's
//! unconsolidated protocols do.
//!
//! ```elixir
//! defprotocol Size do
//!   def size(data)
//! end
//! defimpl Size, for: BitString do
//!   def size(string), do: byte_size(string)
//! end
//! Size.size("abc")   #=> 3
//! Size.size(1)       #=> ** (Protocol.UndefinedError) protocol Size not implemented for 1 of type Integer
//! ```
//!
//! A struct finds `Protocol.StructName`, never the `Map` implementation;
//! a protocol with `@fallback_to_any true` falls back to `Protocol.Any`,
//! which `@derive [Protocol]` on a struct also reuses.

use crate::lang::ast::{Ast, Node, Target};
use crate::lang::eval::{compile_error, keyword_block, Scope};
use crate::lang::expand::relocate;
use crate::lang::parser;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{Atom, Exception, Term};
use std::sync::Arc;

/// `defprotocol Name do def f(x) ... end`.
pub async fn defprotocol(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    e: &Ast,
    name: &Ast,
    block: &Ast,
) -> Result<Term, Exception> {
    let line = e.span.line;
    let mut items = vec![generated("@fallback_to_any false", line)];
    let mut functions = Vec::new();
    for item in super::define::body_items(block) {
        match dispatch_head(item) {
            Some((fun, arity)) => {
                functions.push((fun.clone(), arity));
                items.push(generated(&dispatcher(&fun, arity), item.span.line));
            }
            None => items.push(item.clone()),
        }
    }
    let listed: Vec<String> = functions.iter().map(|(f, a)| format!("{f}: {a}")).collect();
    for source in [
        "def impl_for(data), do: Protocol.__impl_for__(__MODULE__, data, @fallback_to_any)"
            .to_owned(),
        "def impl_for!(data), do: Protocol.__impl_for__!(__MODULE__, data, @fallback_to_any)"
            .to_owned(),
        format!("def __protocol__(:functions), do: [{}]", listed.join(", ")),
        "def __protocol__(:module), do: __MODULE__".to_owned(),
        "def __protocol__(:consolidated?), do: false".to_owned(),
        "def __protocol__(:impls), do: :not_consolidated".to_owned(),
    ] {
        items.push(generated(&source, line));
    }
    let block = do_block(items, e);
    super::define(cx, scope, e, name, &block).await
}

/// `defimpl Protocol, for: Type do ... end`: one module per type.
pub async fn defimpl(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    e: &Ast,
    args: &[Ast],
) -> Result<Term, Exception> {
    let (Some(protocol_ast), Some(kw)) = (args.first(), args.last()) else {
        return Err(compile_error(scope, e, "invalid arguments for defimpl"));
    };
    let protocol = protocol_module(scope, protocol_ast)
        .ok_or_else(|| compile_error(scope, e, "invalid protocol name in defimpl"))?;
    let for_ast = args.iter().skip(1).find_map(|a| keyword_block(a, "for"));
    let types: Vec<Atom> = match for_ast {
        Some(t) => type_modules(scope, t),
        None => scope.module.into_iter().collect(),
    };
    if types.is_empty() {
        return Err(compile_error(
            scope,
            e,
            "defimpl/3 expects a :for option when declared outside a module",
        ));
    }
    let block = keyword_block(kw, "do").cloned();
    let mut last = Term::nil();
    for ty in types {
        last = implement(cx, scope, e, protocol, ty, block.clone()).await?;
    }
    Ok(last)
}

/// Defines `Protocol.Type` from the impl's body, with `@protocol` and `@for` set.
pub async fn implement(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    e: &Ast,
    protocol: Atom,
    ty: Atom,
    block: Option<Ast>,
) -> Result<Term, Exception> {
    let line = e.span.line;
    let mut items = vec![
        generated(&format!("@protocol {}", protocol.module_display()), line),
        generated(&format!("@for {}", ty.module_display()), line),
    ];
    match block.map(|b| b.kind) {
        Some(Node::Block(v)) => items.extend(v),
        Some(other) => items.push(Ast::new(other, e.span)),
        None => {}
    }
    let name = Ast::value(Term::Atom(impl_name(protocol, ty)), e.span);
    Box::pin(super::define(cx, scope, e, &name, &do_block(items, e))).await
}

/// The structs that `@derive` a protocol, each dispatching to the
/// protocol's `Any` implementation, by protocol and struct.
#[derive(Default)]
struct Derived(parking_lot::Mutex<rustc_hash::FxHashMap<(Atom, Atom), Atom>>);

/// `@derive [Proto]` on a struct: `Proto`'s functions reach `Proto.Any` for it.
pub fn derive(cx: &mut Ctx, protocol: Atom, module: Atom) -> Result<(), Exception> {
    let any = impl_name(protocol, Atom::module("Any"));
    if cx.node().module(any).is_none() {
        return Err(Exception::argument_error(&format!(
            "could not load module {} due to reason :nofile, cannot derive {}",
            any.module_display(),
            protocol.module_display()
        )));
    }
    cx.node()
        .extension::<Derived>()
        .0
        .lock()
        .insert((protocol, module), any);
    Ok(())
}

/// `Protocol.Type`: `String.Chars.Person`, `Size.BitString`.
fn impl_name(protocol: Atom, ty: Atom) -> Atom {
    Atom::new(&format!("{}.{}", protocol.name(), ty.module_display()))
}

fn protocol_module(scope: &Scope, a: &Ast) -> Option<Atom> {
    match &a.kind {
        Node::Alias(parts) => Some(scope.resolve_alias(parts)),
        Node::Value(v) => v.0.as_atom(),
        Node::Atom(n) => Some(Atom::new(n)),
        _ => None,
    }
}

fn type_modules(scope: &Scope, t: &Ast) -> Vec<Atom> {
    match &t.kind {
        Node::List(items) => items.iter().filter_map(|i| type_module(scope, i)).collect(),
        _ => type_module(scope, t).into_iter().collect(),
    }
}

fn type_module(scope: &Scope, t: &Ast) -> Option<Atom> {
    match &t.kind {
        Node::Var(n) if n == "__MODULE__" => scope.module,
        _ => protocol_module(scope, t),
    }
}

/// A bodiless `def f(a, b)` in a protocol: the name and arity to dispatch.
fn dispatch_head(item: &Ast) -> Option<(String, usize)> {
    let c = item.as_call()?;
    if item.local_name() != Some("def") || c.args.len() != 1 {
        return None;
    }
    match &c.args[0].kind {
        Node::Call(h) => match &h.target {
            Target::Local(name) if !h.args.is_empty() && is_identifier(name) => {
                Some((name.clone(), h.args.len()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A name a generated `def` can use: letters, digits, `_`, and a final `?` or `!`.
fn is_identifier(name: &str) -> bool {
    let body = name.trim_end_matches(['?', '!']);
    !body.is_empty()
        && body.starts_with(|c: char| c.is_lowercase() || c == '_')
        && body.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(
            name,
            "when" | "and" | "or" | "not" | "in" | "fn" | "do" | "end"
        )
}

/// `def f(arg1, arg2), do: impl_for!(arg1).f(arg1, arg2)`.
fn dispatcher(fun: &str, arity: usize) -> String {
    let args: Vec<String> = (1..=arity).map(|i| format!("arg{i}")).collect();
    let args = args.join(", ");
    format!("def {fun}({args}), do: impl_for!(arg1).{fun}({args})")
}

fn generated(source: &str, line: u32) -> Ast {
    let mut ast = parser::parse(source, 1).expect("riex's generated code parses");
    relocate(&mut ast, line);
    ast
}

fn do_block(items: Vec<Ast>, e: &Ast) -> Ast {
    let pair = Ast::new(
        Node::Tuple(vec![
            Ast::new(Node::Atom("do".into()), e.span),
            Ast::new(Node::Block(items), e.span),
        ]),
        e.span,
    );
    Ast::new(Node::List(vec![pair]), e.span)
}

/// The implementation of `protocol` for `value`'s type, if there is one.
pub fn impl_for(cx: &Ctx, protocol: Atom, value: &Term, fallback: bool) -> Option<Atom> {
    let ty = match value.struct_name() {
        Some(s) => s,
        None => Atom::module(crate::lang::stdlib::errors::protocol_type(value).as_str()),
    };
    let found = impl_name(protocol, ty);
    if cx.node().module(found).is_some() {
        return Some(found);
    }
    if let Some(any) = cx
        .node()
        .extension::<Derived>()
        .0
        .lock()
        .get(&(protocol, ty))
    {
        return Some(*any);
    }
    let any = impl_name(protocol, Atom::module("Any"));
    (fallback && cx.node().module(any).is_some()).then_some(any)
}

fn impl_for_fn<'a>(cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let protocol = a[0].as_atom().unwrap_or(crate::term::atom::NIL);
        Ok(impl_for(cx, protocol, &a[1], a[2].is_truthy())
            .map(Term::Atom)
            .unwrap_or_else(Term::nil))
    })
}

fn impl_for_bang_fn<'a>(cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let protocol = a[0].as_atom().unwrap_or(crate::term::atom::NIL);
        impl_for(cx, protocol, &a[1], a[2].is_truthy())
            .map(Term::Atom)
            .ok_or_else(|| {
                // The generated `impl_for!/1` adds its own frame.
                crate::lang::stdlib::errors::protocol_undefined(
                    protocol.module_display().as_str(),
                    &a[1],
                    "",
                )
                .with_stack(Term::Nil)
            })
    })
}

/// The `Protocol` functions the generated dispatchers call.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Protocol"))
        .export("__impl_for__", 3, impl_for_fn)
        .export("__impl_for__!", 3, impl_for_bang_fn)
}

/// The text of every struct inside `value` whose `Inspect` implementation
/// is written in Elixir, for [`crate::term::inspect::with_overrides`].
pub async fn inspect_overrides(cx: &mut Ctx, value: &Term) -> Vec<(Term, String)> {
    let mut structs = Vec::new();
    collect_user_inspected(cx, value, &mut structs);
    let mut out = Vec::new();
    for (s, imp) in structs {
        let opts = Term::Map(crate::term::TMap::new());
        if let Ok(doc) = cx
            .apply(imp, Atom::new("inspect"), vec![s.clone(), opts])
            .await
        {
            out.push((s, crate::lang::stdlib::algebra::render(&doc)));
        }
    }
    out
}

fn collect_user_inspected(cx: &Ctx, t: &Term, out: &mut Vec<(Term, Atom)>) {
    if let Some(name) = t.struct_name() {
        let imp = impl_name(Atom::module("Inspect"), name);
        if cx.node().module(imp).is_some() {
            out.push((t.clone(), imp));
            return;
        }
    }
    match t {
        Term::Tuple(items) => items
            .iter()
            .for_each(|i| collect_user_inspected(cx, i, out)),
        Term::List(_) => {
            for i in t.list_to_vec().unwrap_or_default() {
                collect_user_inspected(cx, &i, out);
            }
        }
        Term::Map(m) => {
            for (k, v) in m.iter() {
                collect_user_inspected(cx, k, out);
                collect_user_inspected(cx, v, out);
            }
        }
        _ => {}
    }
}

/// `String.Chars.to_string/1` for a struct whose implementation is written
/// in Elixir; `None` when it has none.
pub async fn user_to_string(cx: &mut Ctx, value: &Term) -> Option<Result<Term, Exception>> {
    let name = value.struct_name()?;
    let imp = impl_name(Atom::module("String.Chars"), name);
    cx.node().module(imp)?;
    Some(
        cx.apply(imp, Atom::new("to_string"), vec![value.clone()])
            .await,
    )
}
