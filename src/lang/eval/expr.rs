//! Evaluating expressions: literals, variables, containers, and the
//! dispatch of calls to control flow, operators and functions.

use super::bitstring;
use super::call;
use super::env::Env;
use super::pattern::{self, PatternError};
use super::{EvalFuture, Scope};
use crate::lang::ast::{Ast, Node, Part, Target};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::fun::CallFuture;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, TMap, Term};
use std::sync::Arc;

/// Evaluates `e`.
pub fn eval<'a>(
    cx: &'a mut Ctx,
    scope: &'a Arc<Scope>,
    env: &'a mut Env,
    e: &'a Ast,
) -> EvalFuture<'a> {
    if let Some(v) = simple(scope, env, e) {
        return Box::pin(std::future::ready(Ok(v)));
    }
    Box::pin(async move {
        match &e.kind {
            Node::Call(c) => match &c.target {
                Target::Local(name) => call::eval_local(cx, scope, env, e, name, &c.args).await,
                Target::Remote(recv, fun) => {
                    call::eval_remote(cx, scope, env, e, recv, fun, &c.args, c.no_parens).await
                }
                Target::Anonymous(f) => call::eval_anonymous(cx, scope, env, f, &c.args).await,
            },
            Node::Var(name) => eval_var(cx, scope, env, e, name).await,
            Node::Block(items) => eval_block(cx, scope, env, items).await,
            Node::Tuple(items) => Ok(Term::tuple(eval_all(cx, scope, env, items).await?)),
            Node::List(items) => eval_list(cx, scope, env, items).await,
            Node::Map(pairs) => Ok(Term::Map(
                eval_pairs(cx, scope, env, pairs, TMap::new()).await?,
            )),
            Node::MapUpdate(base, pairs) => {
                Box::pin(eval_map_update(cx, scope, env, base, pairs)).await
            }
            Node::Struct(name, base, pairs) => {
                Box::pin(eval_struct(cx, scope, env, name, base.as_deref(), pairs)).await
            }
            Node::Interpolation(parts) => Ok(Term::string(
                &Box::pin(interpolate(cx, scope, env, parts)).await?,
            )),
            Node::CharlistInterpolation(parts) => Ok(crate::term::build::charlist(
                &interpolate(cx, scope, env, parts).await?,
            )),
            Node::Fn(clauses) => Ok(super::closure::make(scope, env, clauses.clone(), e.span)),
            Node::Clauses(_) => Err(compile_error(scope, e, "unhandled operator ->")),
            Node::CaptureArg(i) => Err(compile_error(
                scope,
                e,
                &format!("nested captures via & are not allowed: &{i}"),
            )),
            Node::Bitstring(items) => Box::pin(eval_bitstring(cx, scope, env, items)).await,
            Node::Sigil(letter, parts, mods) => {
                Box::pin(eval_sigil(cx, scope, env, *letter, parts, mods)).await
            }
            Node::Alias(parts) => Ok(Term::Atom(scope.resolve_alias(parts))),
            _ => {
                pattern::literal(e).ok_or_else(|| compile_error(scope, e, "unsupported expression"))
            }
        }
    })
}

/// Evaluates each expression in order; the value of the last (nil for none).
pub async fn eval_block(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Term, Exception> {
    let mut last = Term::nil();
    for item in items {
        last = eval(cx, scope, env, item).await?;
    }
    Ok(last)
}

/// Evaluates expressions left to right.
pub async fn eval_all(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Vec<Term>, Exception> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match simple(scope, env, item) {
            Some(v) => out.push(v),
            None => out.push(eval(cx, scope, env, item).await?),
        }
    }
    Ok(out)
}

/// The value of a node that needs no evaluation step: a literal, a value
/// put in at compile time, a bound variable, an alias. The common leaves
/// of an expression are evaluated this way, without a future.
fn simple(scope: &Scope, env: &Env, e: &Ast) -> Option<Term> {
    match &e.kind {
        Node::Value(v) => Some(v.0.clone()),
        Node::Var(name) => env.get(Atom::new(name)).cloned(),
        Node::Int(i) => Some(Term::int(*i)),
        Node::Atom(a) => Some(Term::atom_named(a)),
        Node::String(s) => Some(Term::string(s)),
        Node::Alias(parts) => Some(Term::Atom(scope.resolve_alias(parts))),
        _ => None,
    }
}

async fn eval_var(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    name: &str,
) -> Result<Term, Exception> {
    if let Some(v) = env.get(Atom::new(name)) {
        return Ok(v.clone());
    }
    match name {
        "__MODULE__" => return Ok(scope.module.map(Term::Atom).unwrap_or_else(Term::nil)),
        "__ENV__" | "__CALLER__" => return Ok(Term::nil()),
        _ => {}
    }
    // A bare name that is no variable is a call without parentheses.
    Box::pin(call::eval_local(cx, scope, env, e, name, &[])).await
}

async fn eval_list(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Term, Exception> {
    let mut values = Vec::with_capacity(items.len());
    let mut tail = Term::Nil;
    for (i, item) in items.iter().enumerate() {
        if i + 1 == items.len() && item.local_name() == Some("|") {
            let c = item.as_call().expect("a call");
            values.push(eval(cx, scope, env, &c.args[0]).await?);
            tail = eval(cx, scope, env, &c.args[1]).await?;
        } else {
            values.push(eval(cx, scope, env, item).await?);
        }
    }
    Ok(crate::term::List::from_vec(values, tail))
}

async fn eval_pairs(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    pairs: &[(Ast, Ast)],
    mut map: TMap,
) -> Result<TMap, Exception> {
    for (k, v) in pairs {
        let key = eval(cx, scope, env, k).await?;
        let value = eval(cx, scope, env, v).await?;
        map.insert(key, value);
    }
    Ok(map)
}

async fn eval_map_update(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    base: &Ast,
    pairs: &[(Ast, Ast)],
) -> Result<Term, Exception> {
    let base = eval(cx, scope, env, base).await?;
    let Term::Map(mut m) = base else {
        return Err(bad_map_update(base));
    };
    for (k, v) in pairs {
        let key = eval(cx, scope, env, k).await?;
        let value = eval(cx, scope, env, v).await?;
        update_existing(&mut m, key, value)?;
    }
    Ok(Term::Map(m))
}

/// `%{term | ...}` of something that is not a map: `BadMapError`.
pub fn bad_map_update(term: Term) -> Exception {
    Exception::error(exception_struct(
        Atom::module("BadMapError"),
        vec![("term", term)],
    ))
}

/// One pair of `%{map | key => value}`: the key must be there.
pub fn update_existing(m: &mut TMap, key: Term, value: Term) -> Result<(), Exception> {
    if m.get(&key).is_none() {
        let frame = crate::lang::stdlib::errors::stdlib_frame(
            "maps",
            "update",
            vec![key.clone(), value, Term::Map(m.clone())],
        );
        return Err(key_error(key, Term::Map(m.clone())).with_stack(Term::list(vec![frame])));
    }
    m.insert(key, value);
    Ok(())
}

/// `%KeyError{key: key, term: term}`.
pub fn key_error(key: Term, term: Term) -> Exception {
    Exception::error(exception_struct(
        Atom::module("KeyError"),
        vec![("key", key), ("term", term), ("message", Term::nil())],
    ))
}

async fn eval_struct(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    name: &Ast,
    base: Option<&Ast>,
    pairs: &[(Ast, Ast)],
) -> Result<Term, Exception> {
    let module = eval(cx, scope, env, name).await?;
    let Some(m) = module.as_atom() else {
        return Err(compile_error(
            scope,
            name,
            "expected struct name to be a compile time atom or alias",
        ));
    };
    let Some(base) = base else {
        let given = eval_given(cx, scope, env, pairs).await?;
        return struct_literal(cx, m, given).await;
    };
    check_update_keys(cx, scope, m, pairs)?;
    let base = struct_base(m, eval(cx, scope, env, base).await?)?;
    let given = eval_given(cx, scope, env, pairs).await?;
    struct_update(base, given)
}

/// A struct's keys and values, evaluated in order.
async fn eval_given(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    pairs: &[(Ast, Ast)],
) -> Result<Vec<(Term, Term)>, Exception> {
    let mut given = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let key = eval(cx, scope, env, k).await?;
        given.push((key, eval(cx, scope, env, v).await?));
    }
    Ok(given)
}

/// The base of `%S{base | k: v}`: a struct named `S`, or `BadStructError`.
pub fn struct_base(m: Atom, base: Term) -> Result<Term, Exception> {
    let named = matches!(&base, Term::Map(map)
        if map.get_atom(atom::STRUCT).is_some_and(|s| s.is_atom(m)));
    if named {
        return Ok(base);
    }
    Err(Exception::error(exception_struct(
        Atom::module("BadStructError"),
        vec![("struct", Term::Atom(m)), ("term", base)],
    )))
}

/// `%S{base | k: v, ...}` once `base` is known to be an `S` (whose fields
/// the keys were checked against as it compiled): each key must be in it,
/// as in `%{map | k: v}` (a struct made before a field was added lacks it).
fn struct_update(base: Term, given: Vec<(Term, Term)>) -> Result<Term, Exception> {
    let Term::Map(mut map) = base else {
        unreachable!("checked by struct_base")
    };
    for (k, v) in given {
        if map.get(&k).is_none() {
            return Err(key_error(k, Term::Map(map)));
        }
        map.insert(k, v);
    }
    Ok(Term::Map(map))
}

/// [`struct_base`] as a native function of compiled code.
pub fn struct_base_native(_cx: &mut Ctx, args: Vec<Term>) -> Result<Term, Exception> {
    let mut args = args.into_iter();
    let module = args.next().and_then(|m| m.as_atom()).unwrap_or(atom::NIL);
    struct_base(module, args.next().unwrap_or(Term::Nil))
}

/// The update of a struct [`struct_base`] checked, as a native function of
/// compiled code: the base, then each key and its value.
pub fn struct_update_native(_cx: &mut Ctx, args: Vec<Term>) -> Result<Term, Exception> {
    let mut args = args.into_iter();
    let base = args.next().unwrap_or(Term::Nil);
    struct_update(base, key_values(args))
}

/// The keys and values a compiled struct expression passes one after the
/// other.
fn key_values(mut args: std::vec::IntoIter<Term>) -> Vec<(Term, Term)> {
    let mut given = Vec::with_capacity(args.len() / 2);
    while let (Some(k), Some(v)) = (args.next(), args.next()) {
        given.push((k, v));
    }
    given
}

/// `%S{s | k: v}`: each `k` must be a field of `S`, which Elixir checks as it compiles.
fn check_update_keys(
    cx: &Ctx,
    scope: &Scope,
    m: Atom,
    pairs: &[(Ast, Ast)],
) -> Result<(), Exception> {
    let fields =
        crate::lang::module::with_user_module(cx, m, |u| u.struct_fields.clone()).flatten();
    let Some(fields) = fields else { return Ok(()) };
    for (k, _) in pairs {
        if let Some(key) = pattern::literal(k).and_then(|t| t.as_atom()) {
            if !fields.iter().any(|(f, _)| *f == key) {
                return Err(compile_error(
                    scope,
                    k,
                    &format!(
                        "unknown key {} for struct {}",
                        inspect(&Term::Atom(key)),
                        m.module_display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn defines_struct_builder(cx: &Ctx, m: Atom) -> bool {
    cx.node()
        .module(m)
        .is_some_and(|module| module.exports_fun(Atom::new("__struct__"), 1))
}

/// `%Mod{k: v, ...}` from its keys and values, in order: for a struct
/// defined in Elixir its `__struct__/1` checks the keys, as Elixir's
/// compiler does while it expands the struct; for another, its defaults
/// with the values put in.
pub async fn struct_literal(
    cx: &mut Ctx,
    m: Atom,
    given: Vec<(Term, Term)>,
) -> Result<Term, Exception> {
    let struct_fun = Atom::new("__struct__");
    if !defines_struct_builder(cx, m) {
        let mut map = match cx.apply(m, struct_fun, vec![]).await? {
            Term::Map(map) => map,
            _ => TMap::new(),
        };
        for (k, v) in given {
            map.insert(k, v);
        }
        map.insert(Term::Atom(atom::STRUCT), Term::Atom(m));
        return Ok(Term::Map(map));
    }
    let given = given
        .into_iter()
        .map(|(k, v)| Term::tuple([k, v]))
        .collect();
    cx.apply(m, struct_fun, vec![Term::list(given)])
        .await
        .map_err(|e| {
            let frame = Term::tuple([
                Term::Atom(m),
                Term::atom_named("__struct__"),
                Term::int(1),
                crate::term::build::keyword(vec![(
                    "file",
                    crate::term::build::charlist("expanding struct"),
                )]),
            ]);
            e.with_stack(Term::list(vec![frame]))
        })
}

/// [`struct_literal`] as a native function of compiled code: the struct's
/// module, then each key and its value.
pub fn struct_literal_native(cx: &mut Ctx, args: Vec<Term>) -> CallFuture<'_> {
    Box::pin(async move {
        let mut args = args.into_iter();
        let module = args.next().and_then(|m| m.as_atom()).unwrap_or(atom::NIL);
        struct_literal(cx, module, key_values(args)).await
    })
}

/// The text of an interpolated string: each expression through `to_string`.
pub async fn interpolate(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    parts: &[Part],
) -> Result<String, Exception> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Expr(e) => {
                let v = eval(cx, scope, env, e).await?;
                out.push_str(&interpolated(cx, &v).await?);
            }
        }
    }
    Ok(out)
}

/// The text `#{v}` puts in a string: `String.Chars`, a user's implementation first.
pub async fn interpolated(cx: &mut Ctx, v: &Term) -> Result<String, Exception> {
    match crate::lang::module::protocol::user_to_string(cx, v).await {
        Some(text) => to_string(&text?),
        None => to_string(v),
    }
}

/// `String.Chars.to_string/1`, as the standard library implements it.
pub fn to_string(v: &Term) -> Result<String, Exception> {
    let bytes = crate::lang::stdlib::text::to_string(v)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `<<...>>`: every segment's value and size, in order, then the binary.
async fn eval_bitstring(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    items: &[Ast],
) -> Result<Term, Exception> {
    let segments = bitstring::segments(items).map_err(|(item, r)| r.exception(scope, item))?;
    let mut regs = Vec::with_capacity(segments.len());
    for s in &segments {
        regs.push(match &s.value {
            bitstring::Value::Expr(e) => eval(cx, scope, env, e).await?,
            bitstring::Value::Bytes(b) => Term::binary(b),
        });
        if let Some(size) = s.size {
            regs.push(eval(cx, scope, env, size).await?);
        }
    }
    let site = bitstring::Site {
        specs: segments.iter().map(|s| s.spec).collect(),
        in_module: scope.module.is_some(),
    };
    bitstring::build(&site, &regs)
}

async fn eval_sigil(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    letter: char,
    parts: &[Part],
    mods: &str,
) -> Result<Term, Exception> {
    let text = interpolate(cx, scope, env, parts).await?;
    sigil_value(letter, &text, mods)
}

/// The value of sigil `~letter` over `text` (its interpolations made)
/// with modifiers `mods`: `ArgumentError` for a sigil Kernel does not have.
pub fn sigil_value(letter: char, text: &str, mods: &str) -> Result<Term, Exception> {
    Ok(match letter {
        's' | 'S' | 'r' | 'R' => Term::string(text),
        'c' | 'C' => crate::term::build::charlist(text),
        'w' | 'W' => {
            let words = text.split_whitespace();
            Term::list(match mods {
                "a" => words.map(Term::atom_named).collect(),
                "c" => words.map(crate::term::build::charlist).collect(),
                _ => words.map(Term::string).collect(),
            })
        }
        _ => {
            return Err(Exception::argument_error(&format!(
                "unknown sigil ~{letter}"
            )))
        }
    })
}

/// `MatchError`: `value` did not match.
pub fn match_error(value: Term) -> Exception {
    Exception::error(exception_struct(
        Atom::module("MatchError"),
        vec![("term", value)],
    ))
}

/// `pattern = value`: binds or raises `MatchError`.
pub async fn eval_match(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    e: &Ast,
    pat: &Ast,
    rhs: &Ast,
) -> Result<Term, Exception> {
    let value = eval(cx, scope, env, rhs).await?;
    let mark = env.mark();
    match pattern::matches(pat, &value, env) {
        Ok(true) => Ok(value),
        Ok(false) => {
            env.restore(mark);
            Err(match_error(value))
        }
        Err(err) => {
            env.restore(mark);
            Err(pattern_error(scope, e, err))
        }
    }
}

/// The compile error for a pattern that cannot be a pattern.
pub fn pattern_error(scope: &Scope, e: &Ast, err: PatternError) -> Exception {
    match err {
        PatternError::Invalid(what) => compile_error(
            scope,
            e,
            &format!("cannot invoke remote function {what} inside a match"),
        ),
        PatternError::UnboundPin(n) => compile_error(scope, e, &undefined_pin(&n)),
    }
}

/// Elixir's text for `^name` where no variable `name` is bound.
pub fn undefined_pin(name: &str) -> String {
    format!(
        "undefined variable ^{name}. No variable \"{name}\" has been defined before the \
         current pattern"
    )
}

/// `** (CompileError) iex:LINE: message`.
pub fn compile_error(scope: &Scope, e: &Ast, message: &str) -> Exception {
    let description = format!("{}:{}: {message}", scope.file, e.span.line);
    Exception::error(exception_struct(
        Atom::module("CompileError"),
        vec![
            ("file", Term::string(&scope.file)),
            ("line", Term::int(e.span.line as i64)),
            ("description", Term::string(message)),
            ("message", Term::string(&description)),
        ],
    ))
}

/// Evaluates the body with the clause's bindings dropped afterwards.
pub async fn eval_scoped(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    body: &Ast,
) -> Result<Term, Exception> {
    let mark = env.mark();
    let r = eval(cx, scope, env, body).await;
    env.restore(mark);
    r
}

/// Reads `[do: ..., else: ...]` style keyword blocks from a call's last argument.
pub fn keyword_block<'a>(arg: &'a Ast, key: &str) -> Option<&'a Ast> {
    let Node::List(items) = &arg.kind else {
        return None;
    };
    items.iter().find_map(|item| match &item.kind {
        Node::Tuple(kv) if kv.len() == 2 && matches!(&kv[0].kind, Node::Atom(k) if k == key) => {
            Some(&kv[1])
        }
        _ => None,
    })
}
