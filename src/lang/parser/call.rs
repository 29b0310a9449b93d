//! Calls: local and remote, with parentheses (`foo(a, b: 1)`) and without
//! (`send pid, msg`, `IO.puts "x"`, `map.key`), anonymous (`f.(x)`), with a
//! trailing `do` block; keyword arguments; the postfix `.` chains,
//! `Foo.Bar` aliases and `x[key]` accesses.

use super::block;
use super::error::{self, KwPlace};
use super::expr::{self, atom_from, interpolation, Ctx, Many};
use super::input::{PResult, Toks};
use super::operator;
use super::token::Tok;
use crate::lang::ast::{Ast, Call, Node, Span, Target};

/// After an identifier `name` (the cursor is past it): a call with
/// parentheses, a call without them (`start_child "worker_1"`), a call
/// with only a `do` block, or a variable.
pub fn ident_call<'a>(i: Toks<'a>, name: &str, span: Span, ctx: Ctx) -> PResult<'a, Ast> {
    let t = i.peek();
    let target = || Target::Local(name.to_owned());
    if t.tok.is_op("(") && !t.space_before {
        let (i, args) = paren_args(i)?;
        return with_do_block(i, target(), args, false, span, ctx);
    }
    if starts_argument(i, false) {
        let (i, args) = no_parens_args(i, ctx)?;
        return with_do_block(i, target(), args, true, span, ctx);
    }
    if i.at_reserved("do") && !ctx.no_do {
        return with_do_block(i, target(), Vec::new(), true, span, ctx);
    }
    Ok((i, Ast::new(Node::Var(name.to_owned()), span)))
}

/// The call, with the `do` block that follows it as a last argument when
/// the context gives it the block.
fn with_do_block<'a>(
    i: Toks<'a>,
    target: Target,
    mut args: Vec<Ast>,
    no_parens: bool,
    span: Span,
    ctx: Ctx,
) -> PResult<'a, Ast> {
    let mut i = i;
    if i.at_reserved("do") && !ctx.no_do {
        let (rest, block) = block::do_block(i)?;
        args.push(block);
        i = rest;
    }
    Ok((i, call(target, args, no_parens, span)))
}

/// A call node.
pub fn call(target: Target, args: Vec<Ast>, no_parens: bool, span: Span) -> Ast {
    Ast::new(
        Node::Call(Box::new(Call {
            target,
            args,
            no_parens,
        })),
        span,
    )
}

/// Whether the token at `i` starts the first argument of a call without
/// parentheses. Any token that can start an expression does, but `(` and
/// `[` only after a space (`foo (1)`, `foo [1]`; else `foo(1)`, `foo[1]`);
/// a sign only after a remote name, with a space before and none after
/// (`IO.puts -1`): `x -1` is a subtraction.
fn starts_argument(i: Toks<'_>, remote: bool) -> bool {
    let t = i.peek();
    let next = i.peek_at(1);
    match &t.tok {
        Tok::Op("(" | "[") => t.space_before,
        Tok::Op("-" | "+") => remote && t.space_before && !next.space_before && !next.tok.is_eoe(),
        Tok::Op("not") => !next.tok.is_op("in"),
        tok => starts_expression(tok),
    }
}

/// Whether `tok` can start an expression (binary operators and closing
/// brackets cannot).
pub fn starts_expression(tok: &Tok) -> bool {
    match tok {
        Tok::Int(..)
        | Tok::Float(..)
        | Tok::Char(..)
        | Tok::Atom(_)
        | Tok::AtomInterp(_)
        | Tok::Str(_)
        | Tok::Charlist(_)
        | Tok::Sigil(..)
        | Tok::Ident(_)
        | Tok::Alias(_)
        | Tok::CaptureInt(_)
        | Tok::KwKey(_)
        | Tok::KwKeyInterp(_) => true,
        Tok::Reserved(word) => matches!(*word, "true" | "false" | "nil" | "fn"),
        Tok::Op(op) => matches!(
            *op,
            "[" | "{" | "%{" | "%" | "<<" | "(" | "!" | "^" | "@" | "&" | "~~~" | "not" | "-" | "+"
        ),
        _ => false,
    }
}

/// The arguments of a call without parentheses: comma-separated where the
/// context allows several, keyword arguments last.
fn no_parens_args<'a>(mut i: Toks<'a>, ctx: Ctx) -> PResult<'a, Vec<Ast>> {
    let mut args = Vec::new();
    loop {
        if is_kw_key(i.tok()) {
            let value_ctx = Ctx {
                many: ctx.many,
                no_do: true,
            };
            let (rest, kw) = keyword_list(i, value_ctx, KwPlace::Call)?;
            args.push(kw);
            return Ok((rest, args));
        }
        let many = if args.is_empty() {
            ctx.many
        } else {
            Many::No(KwPlace::Call)
        };
        let (rest, arg) = expr::expr(i, Ctx { many, no_do: true })?;
        args.push(arg);
        i = rest;
        if !i.at_op(",") {
            return Ok((i, args));
        }
        match ctx.many {
            Many::Yes => i = i.next().skip_eol(),
            Many::No(place) => {
                return i.fail_with(error::line_only(i.span()), error::ambiguous_comma(place))
            }
        }
    }
}

/// `(args)`, the cursor at the `(`: expressions, then keyword arguments.
/// The first argument may be a call without parentheses taking the rest
/// (`foo(bar 1, 2)` is `foo(bar(1, 2))`), as in Elixir.
pub fn paren_args<'a>(i: Toks<'a>) -> PResult<'a, Vec<Ast>> {
    let mut i = i.next().skip_eol();
    let mut args = Vec::new();
    loop {
        if i.at_op(")") && args.is_empty() {
            return Ok((i.next(), args));
        }
        if is_kw_key(i.tok()) {
            let value_ctx = Ctx {
                many: Many::No(KwPlace::Call),
                no_do: false,
            };
            let (rest, kw) = keyword_list(i, value_ctx, KwPlace::Call)?;
            args.push(kw);
            let (rest, _) = rest.skip_eol().expect_op(")")?;
            return Ok((rest, args));
        }
        let many = if args.is_empty() {
            Many::Yes
        } else {
            Many::No(KwPlace::Call)
        };
        let (rest, arg) = expr::expr(i, Ctx { many, no_do: false })?;
        args.push(arg);
        let after_eol = rest.skip_eol();
        if after_eol.at_op(")") {
            return Ok((after_eol.next(), args));
        }
        if !rest.at_op(",") {
            return after_eol.fail();
        }
        i = rest.next().skip_eol();
        if i.at_op(")") {
            return i.fail();
        }
    }
}

/// Whether `tok` is a keyword key (`a:`, `"a b":`).
pub fn is_kw_key(tok: &Tok) -> bool {
    matches!(tok, Tok::KwKey(_) | Tok::KwKeyInterp(_))
}

/// A keyword list without brackets, the cursor at its first key: a list
/// of `{key, value}` tuples.
pub fn keyword_list<'a>(i: Toks<'a>, value_ctx: Ctx, place: KwPlace) -> PResult<'a, Ast> {
    let span = i.span();
    let (rest, pairs) = keyword_pairs(i, value_ctx, place)?;
    let items = pairs.into_iter().map(|(k, v)| pair_tuple(k, v)).collect();
    Ok((rest, Ast::new(Node::List(items), span)))
}

/// `{key, value}`.
pub fn pair_tuple(key: Ast, value: Ast) -> Ast {
    let span = key.span;
    Ast::new(Node::Tuple(vec![key, value]), span)
}

/// `a: 1, b: 2`, the cursor at the first key. A comma after the last pair
/// is left in place only before a closing bracket; anything but another
/// key after a comma is the "keyword list must come last" error.
pub fn keyword_pairs<'a>(
    mut i: Toks<'a>,
    value_ctx: Ctx,
    place: KwPlace,
) -> PResult<'a, Vec<(Ast, Ast)>> {
    let mut pairs = Vec::new();
    loop {
        let (rest, key) = kw_key(i)?;
        let (rest, value) = expr::expr(rest.skip_eol(), value_ctx)?;
        pairs.push((key, value));
        i = rest;
        if !i.at_op(",") {
            return Ok((i, pairs));
        }
        let after = i.next().skip_eol();
        match after.tok() {
            tok if is_kw_key(tok) => i = after,
            Tok::Op(")" | "]" | "}" | ">>") => return Ok((after, pairs)),
            Tok::Eof => return after.fail(),
            _ => return i.fail_with(i.span(), error::kw_not_last(place)),
        }
    }
}

/// A keyword key as an atom (`a:` is `:a`; `"a#{b}":` makes one).
fn kw_key(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    match i.tok() {
        Tok::KwKey(name) => Ok((i.next(), Ast::new(Node::Atom(name.clone()), span))),
        Tok::KwKeyInterp(parts) => Ok((i.next(), atom_from(interpolation(i, parts, span)?, span))),
        _ => i.fail(),
    }
}

/// The dots, calls and accesses after an expression: `Foo.Bar`,
/// `mod.fun(args)`, `map.key`, `f.(x)`, `x[key]`. A `.` may start a line.
/// (An identifier followed by a space and `[` never gets here: it is a
/// call, `foo [1]`.)
pub fn postfix<'a>(mut i: Toks<'a>, mut lhs: Ast, ctx: Ctx) -> PResult<'a, Ast> {
    loop {
        let dot = i.skip_eol();
        if dot.at_op(".") {
            (i, lhs) = after_dot(dot, lhs, ctx)?;
            continue;
        }
        if i.at_op("[") {
            (i, lhs) = access(i, lhs)?;
            continue;
        }
        return Ok((i, lhs));
    }
}

/// What follows a `.` (the cursor is at it).
fn after_dot<'a>(dot: Toks<'a>, lhs: Ast, ctx: Ctx) -> PResult<'a, Ast> {
    let dot_span = dot.span();
    let i = dot.next().skip_eol();
    let t = i.peek();
    match &t.tok {
        Tok::Op("(") => {
            let (rest, args) = paren_args(i)?;
            Ok((
                rest,
                call(Target::Anonymous(Box::new(lhs)), args, false, dot_span),
            ))
        }
        Tok::Op("{") => {
            let (rest, (items, _)) = super::container::elements(i.next(), "}", false)?;
            Ok((
                rest,
                call(
                    Target::Remote(Box::new(lhs), "{}".into()),
                    items,
                    false,
                    t.span,
                ),
            ))
        }
        Tok::Alias(name) => Ok((i.next(), alias_after(lhs, name, t.span))),
        Tok::Ident(name) => remote(i.next(), lhs, name, t.span, ctx),
        Tok::Op(op)
            if *op != "=>" && (operator::binary(op).is_some() || operator::is_unary(op)) =>
        {
            remote(i.next(), lhs, op, t.span, ctx)
        }
        _ => i.fail(),
    }
}

/// `Foo.Bar` extends the alias; on anything else (`__MODULE__.Sub`) it is
/// a call of `.` on the expression and the alias.
fn alias_after(lhs: Ast, name: &str, span: Span) -> Ast {
    match lhs.kind {
        Node::Alias(mut parts) => {
            parts.push(name.to_owned());
            Ast::new(Node::Alias(parts), lhs.span)
        }
        kind => {
            let base = Ast::new(kind, lhs.span);
            Ast::local(
                ".",
                vec![base, Ast::new(Node::Alias(vec![name.to_owned()]), span)],
                span,
            )
        }
    }
}

/// `recv.name`, the cursor after the name: with parentheses, without
/// (`IO.puts "x"`, `Mod.fun`, `map.key`), maybe with a `do` block.
fn remote<'a>(i: Toks<'a>, recv: Ast, name: &str, span: Span, ctx: Ctx) -> PResult<'a, Ast> {
    let target = Target::Remote(Box::new(recv), name.to_owned());
    let t = i.peek();
    if t.tok.is_op("(") && !t.space_before {
        let (i, args) = paren_args(i)?;
        return with_do_block(i, target, args, false, span, ctx);
    }
    if starts_argument(i, true) {
        let (i, args) = no_parens_args(i, ctx)?;
        return with_do_block(i, target, args, true, span, ctx);
    }
    with_do_block(i, target, Vec::new(), true, span, ctx)
}

/// `x[key]`: `Access.get(x, key)`.
fn access<'a>(i: Toks<'a>, lhs: Ast) -> PResult<'a, Ast> {
    let span = i.span();
    let (rest, key) = expr::expr(i.next().skip_eol(), Ctx::CONTAINER)?;
    let (rest, _) = rest.skip_eol().expect_op("]")?;
    let access = Ast::new(Node::Alias(vec!["Access".into()]), span);
    Ok((
        rest,
        call(
            Target::Remote(Box::new(access), "get".into()),
            vec![lhs, key],
            false,
            span,
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{err, p, sexp};
    use crate::lang::ast::{Node, Target};

    #[test]
    fn calls_with_and_without_parentheses() {
        assert_eq!(sexp(&p("self()")), "(self)");
        assert_eq!(sexp(&p("flush")), "flush");
        assert_eq!(sexp(&p("send pid, msg")), "(send pid msg)");
        assert_eq!(
            sexp(&p("start_child \"worker_1\"")),
            "(start_child \"worker_1\")"
        );
        assert_eq!(sexp(&p("IO.puts \"x\"")), "(. IO puts \"x\")");
        assert_eq!(
            sexp(&p("DynamicSupervisor.which_children Sup")),
            "(. DynamicSupervisor which_children Sup)"
        );
        assert_eq!(sexp(&p("foo a, b: 1")), "(foo a [{:b 1}])");
        assert_eq!(sexp(&p("foo(a, b: 1)")), "(foo a [{:b 1}])");
        assert_eq!(sexp(&p("foo bar 1, 2")), "(foo (bar 1 2))");
        assert_eq!(sexp(&p("foo(bar 1, 2)")), "(foo (bar 1 2))");
        assert_eq!(sexp(&p("x = foo 1, 2")), "(= x (foo 1 2))");
        assert_eq!(sexp(&p("foo 1 + 2")), "(foo (+ 1 2))");
        assert_eq!(sexp(&p("x -1")), "(- x 1)");
        assert_eq!(sexp(&p("IO.puts -1")), "(. IO puts -1)");
        assert_eq!(sexp(&p("foo [1]")), "(foo [1])");
        assert_eq!(sexp(&p("foo[1]")), "(. Access get foo 1)");
        assert_eq!(
            sexp(&p("{:ok, wid} = Worker.start_link self(), :redis")),
            "(= {:ok wid} (. Worker start_link (self) :redis))"
        );
    }

    #[test]
    fn no_parens_flag() {
        let ast = p("map.key");
        let Node::Call(c) = &ast.kind else { panic!() };
        assert!(c.no_parens && c.args.is_empty());
        assert!(matches!(&c.target, Target::Remote(_, k) if k == "key"));
        let Node::Call(c) = &p("Mod.fun()").kind else {
            panic!()
        };
        assert!(!c.no_parens);
        let Node::Call(c) = &p("send pid, 1").kind else {
            panic!()
        };
        assert!(c.no_parens);
    }

    #[test]
    fn remote_and_anonymous_calls() {
        assert_eq!(sexp(&p(":erlang.fun(1)")), "(. :erlang fun 1)");
        assert_eq!(sexp(&p("mod_var.fun(1)")), "(. mod_var fun 1)");
        assert_eq!(sexp(&p("f.(x)")), "(.() f x)");
        assert_eq!(sexp(&p("f.(1).(2)")), "(.() (.() f 1) 2)");
        assert_eq!(sexp(&p("Kernel.+(1, 2)")), "(. Kernel + 1 2)");
        assert_eq!(sexp(&p("Foo.Bar.baz(1).qux")), "(. (. Foo.Bar baz 1) qux)");
        assert_eq!(
            sexp(&p("%{name: \"x\"}.name")),
            "(. (%{} (:name \"x\")) name)"
        );
        assert_eq!(
            sexp(&p("Supervisor.child_spec(KV.Bucket, []).restart")),
            "(. (. Supervisor child_spec KV.Bucket []) restart)"
        );
        assert_eq!(sexp(&p("__MODULE__.Sub")), "(. __MODULE__ Sub)");
        assert_eq!(sexp(&p("alias Foo.{A, B}")), "(alias (. Foo {} A B))");
        assert_eq!(sexp(&p("x[1][2]")), "(. Access get (. Access get x 1) 2)");
    }

    #[test]
    fn a_dot_may_end_a_line() {
        assert_eq!(
            sexp(&p("A.Worker.\nGenServer.cast(pid, :work)")),
            "(. A.Worker.GenServer cast pid :work)"
        );
        assert!(matches!(
            super::super::parse("Worker.", 1),
            Err(crate::lang::ast::ParseError::Incomplete { .. })
        ));
    }

    #[test]
    fn keyword_arguments_come_last() {
        assert!(err("foo(a: 1, b)").starts_with("unexpected expression after keyword list. Keyword lists must always come as the last argument."));
        assert!(err("foo a: 1, b").contains("Syntax error after: ','"));
        assert!(err("foo(a, bar 1, 2)").starts_with(
            "unexpected comma. Parentheses are required to solve ambiguity in nested calls."
        ));
        assert!(err("[foo 1, 2]").starts_with(
            "unexpected comma. Parentheses are required to solve ambiguity inside containers."
        ));
        assert_eq!(err("foo(1, 2,)"), "syntax error before: ')'");
        assert_eq!(sexp(&p("foo(a: 1,)")), "(foo [{:a 1}])");
    }

    #[test]
    fn do_blocks_go_to_the_outer_call() {
        assert_eq!(sexp(&p("if foo x do 1 end")), "(if (foo x) [{:do 1}])");
        assert_eq!(sexp(&p("foo bar do 1 end")), "(foo bar [{:do 1}])");
        assert_eq!(sexp(&p("x = foo do 1 end")), "(= x (foo [{:do 1}]))");
        assert_eq!(
            sexp(&p("foo a, b: 1 do 2 end")),
            "(foo a [{:b 1}] [{:do 2}])"
        );
        assert_eq!(sexp(&p("if foo(x) do 1 end")), "(if (foo x) [{:do 1}])");
        assert_eq!(sexp(&p("[if a do 1 end]")), "[(if a [{:do 1}])]");
    }
}
