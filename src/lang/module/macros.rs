//! Macros written in Elixir: a call of one (`MathUtil.twice(x)` after
//! `require MathUtil`, a local or imported macro, `use Mod` calling
//! `__using__/1`) runs the macro on its arguments as quoted code, and the
//! code it returns runs in the call's place.
//!
//! riex expands a macro where the call runs rather than once when the
//! enclosing code is compiled; variables a macro introduces are not kept
//! apart from the caller's (no hygiene).

use super::quote::{invalid_quoted, quote, unquoted};
use super::with_user_module;
use crate::lang::ast::{Ast, Span};
use crate::lang::eval::{self, compile_error, Env, Scope};
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, Term};
use std::sync::Arc;

/// Runs `module`'s macro `name` on quoted `args`; the code it returns.
pub async fn expand_in(
    cx: &mut Ctx,
    module: Atom,
    name: Atom,
    args: Vec<Term>,
    span: Span,
) -> Result<Ast, Exception> {
    let Some(m) = super::user_module(cx, module) else {
        return Err(crate::runtime::undefined_function(
            module, name, &args, false,
        ));
    };
    let Some(u) = m
        .as_any()
        .and_then(|a| a.downcast_ref::<super::UserModule>())
    else {
        return Err(crate::runtime::undefined_function(
            module, name, &args, true,
        ));
    };
    let code = u.expand(cx, name, args).await?;
    unquoted(&code, span).ok_or_else(|| invalid_quoted(&code))
}

/// The module whose macro `name/arity` a call reaches, if any: a remote
/// call's module, or for a local call the module being run, then imports.
pub fn macro_module(
    cx: &Ctx,
    scope: &Scope,
    remote: Option<Atom>,
    name: Atom,
    arity: usize,
) -> Option<Atom> {
    let has = |m: Atom, own: bool| {
        with_user_module(cx, m, |u| u.has_macro(name, arity, own)) == Some(true)
    };
    match remote {
        Some(m) => has(m, scope.module == Some(m)).then_some(m),
        None => {
            let own_macros = scope.has_macros.load(std::sync::atomic::Ordering::Relaxed);
            if let Some(own) = scope.module.filter(|m| own_macros && has(*m, true)) {
                return Some(own);
            }
            let imports = scope.imports.lock();
            imports
                .iter()
                .rev()
                .find(|i| i.admits(name, arity) && has(i.module, false))
                .map(|i| i.module)
        }
    }
}

/// Expands and evaluates a macro call at `e` with arguments `args`.
#[allow(clippy::too_many_arguments)]
pub async fn call_macro(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    module: Atom,
    name: Atom,
    args: &[Ast],
    remote: bool,
) -> Result<Term, Exception> {
    if remote && scope.module.is_none() && !scope.is_required(module) {
        // At the prompt, as iex evaluates a call it cannot expand: a call
        // of a function, with its arguments' values.
        let values = eval::expr::eval_all(cx, scope, env, args).await?;
        let mut e = crate::runtime::undefined_function(module, name, &values, true);
        let message = format!(
            "function {}.{}/{} is undefined or private. However there is a macro with the same name and arity. Be sure to require {} if you intend to invoke this macro",
            module.module_display(),
            name.name(),
            args.len(),
            module.module_display()
        );
        if let Some(m) = e.reason.as_map() {
            e.reason = Term::Map(m.put(Term::atom_named("message"), Term::string(&message)));
        }
        return Err(e);
    }
    if remote && scope.module != Some(module) && !scope.is_required(module) {
        return Err(compile_error(
            scope,
            e,
            &format!(
                "you must require {} before invoking the macro {}.{}/{}",
                module.module_display(),
                module.module_display(),
                name.name(),
                args.len()
            ),
        ));
    }
    let mut quoted = Vec::with_capacity(args.len());
    for a in args {
        quoted.push(quote(cx, scope, env, a).await?);
    }
    // A macro whose code calls it again nests as deep as calls may.
    if cx.enter() > super::function::MAX_DEPTH {
        cx.leave();
        return Err(super::function::system_limit());
    }
    let result = match expand_in(cx, module, name, quoted, e.span).await {
        Ok(code) => eval::eval_body(cx, scope, env, &code).await,
        Err(err) => Err(err),
    };
    cx.leave();
    result
}
