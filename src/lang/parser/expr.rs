//! Expressions: binary operators by precedence climbing over Elixir's
//! table, prefix operators (`-x`, `!x`, `^x`, `not x`, `@attr`, `&capture`),
//! and the primary expressions (literals, variables, calls, containers).

use super::block;
use super::call;
use super::container;
use super::error;
use super::input::{failure, PErr, PResult, Toks};
use super::operator::{self, Assoc};
use super::string::plain_text;
use super::token::{IntVal, TPart, Tok};
use crate::lang::ast::{Ast, Call, Node, Part, Span, Target};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// Where a call without parentheses may take several comma-separated
/// arguments (`send pid, msg`), and what a comma means where it may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Many {
    /// It may: a statement, the first argument of a call.
    Yes,
    /// It may not: a comma there is an ambiguity error of this kind.
    No(error::KwPlace),
}

/// What the surroundings allow an expression to do.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    /// Whether a call without parentheses may take several arguments.
    pub many: Many,
    /// Whether a `do` block belongs to an enclosing call without
    /// parentheses (`if foo x do ... end` gives it to `if`).
    pub no_do: bool,
}

impl Ctx {
    /// A statement: the top level, a block's lines.
    pub const STMT: Ctx = Ctx {
        many: Many::Yes,
        no_do: false,
    };
    /// An element of a list, tuple, map or bitstring.
    pub const CONTAINER: Ctx = Ctx {
        many: Many::No(error::KwPlace::Container),
        no_do: false,
    };
}

/// A whole expression.
pub fn expr<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    expr_bp(i, 0, ctx)
}

/// An expression whose binary operators all bind at least as tightly as
/// `min`.
pub fn expr_bp<'a>(i: Toks<'a>, min: u32, ctx: Ctx) -> PResult<'a, Ast> {
    let (i, lhs) = prefix(i, ctx)?;
    binary_loop(i, lhs, min, ctx)
}

/// Applies the binary operators after `lhs` that bind at least as tightly
/// as `min`.
pub fn binary_loop<'a>(mut i: Toks<'a>, mut lhs: Ast, min: u32, ctx: Ctx) -> PResult<'a, Ast> {
    while let Some((after, op, span)) = binary_op_ahead(i) {
        let Some((prec, assoc)) = operator::binary(op).filter(|(p, _)| *p >= min && op != "=>")
        else {
            break;
        };
        let next_min = if assoc == Assoc::Left { prec + 1 } else { prec };
        let (rest, rhs) = expr_bp(after.skip_eol(), next_min, ctx)?;
        lhs = binary(op, lhs, rhs, span)?;
        i = rest;
    }
    Ok((i, lhs))
}

/// The binary operator at `i`, if any: after newlines when it may start a
/// line (`x\n|> f()`), `not in` as one operator. Gives the cursor after it.
fn binary_op_ahead(i: Toks<'_>) -> Option<(Toks<'_>, &'static str, Span)> {
    let eol = *i.tok() == Tok::Eol;
    let j = i.skip_eol();
    let Tok::Op(op) = j.tok() else { return None };
    let name = match *op {
        "not" if j.peek_at(1).tok.is_op("in") => "not in",
        other => other,
    };
    operator::binary(name)?;
    if eol && !operator::joins_after_newline(name) {
        return None;
    }
    let after = if name == "not in" {
        j.next().next()
    } else {
        j.next()
    };
    Some((after, name, j.span()))
}

/// The call of binary operator `op`; `a..b//c` becomes `..//`, and
/// `not x in y` is `not(x in y)` (as `!x in y` is `!(x in y)`).
fn binary(op: &str, lhs: Ast, rhs: Ast, span: Span) -> Result<Ast, nom::Err<PErr>> {
    let lhs = match (op, lhs.kind) {
        ("in", Node::Call(call))
            if call.args.len() == 1
                && matches!(&call.target, Target::Local(n) if n == "not" || n == "!") =>
        {
            let Call {
                target, mut args, ..
            } = *call;
            let negation = match target {
                Target::Local(name) => name,
                _ => "not".to_owned(),
            };
            args.push(rhs);
            return Ok(Ast::local(
                &negation,
                vec![Ast::local("in", args, span)],
                lhs.span,
            ));
        }
        (_, kind) => Ast::new(kind, lhs.span),
    };
    if op != "//" {
        return Ok(Ast::local(op, vec![lhs, rhs], span));
    }
    match lhs.kind {
        Node::Call(c) if c.target == Target::Local("..".into()) && c.args.len() == 2 => {
            let mut args = c.args;
            args.push(rhs);
            Ok(Ast::local("..//", args, lhs.span))
        }
        _ => Err(failure(span, error::RANGE_STEP.to_owned())),
    }
}

/// An operand: prefix operators, then a primary expression with its
/// postfix dots, calls and accesses. Counts nesting depth.
pub fn prefix<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    let depth = i.depth;
    let (rest, ast) = prefix_inner(i.deeper()?, ctx)?;
    Ok((rest.at_depth(depth), ast))
}

fn prefix_inner<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    match i.tok() {
        Tok::Op("not") if i.peek_at(1).tok.is_op("in") => i.fail(),
        Tok::Op(op) if operator::is_unary(op) => unary(i, op, ctx),
        Tok::Op("@") => attribute(i, ctx),
        Tok::Op("&") => capture(i, ctx),
        _ => {
            let (i, p) = primary(i, ctx)?;
            call::postfix(i, p, ctx)
        }
    }
}

/// `-x`, `!x`, `^x`, `not x`, `~~~x`; a sign on a number literal is folded
/// into it (`-1` is `Int(-1)`).
fn unary<'a>(i: Toks<'a>, op: &'static str, ctx: Ctx) -> PResult<'a, Ast> {
    let span = i.span();
    let (rest, operand) = prefix(i.next().skip_eol(), ctx)?;
    Ok((rest, signed(op, operand, span)))
}

/// `op` applied to `operand`, folded when it is a sign on a number.
fn signed(op: &str, operand: Ast, span: Span) -> Ast {
    let kind = match (op, operand.kind) {
        ("+", kind @ (Node::Int(_) | Node::BigInt(_) | Node::Float(_))) => kind,
        ("-", Node::Int(n)) => n
            .checked_neg()
            .map_or_else(|| big(-BigInt::from(n)), Node::Int),
        ("-", Node::BigInt(b)) => big(-b),
        ("-", Node::Float(f)) => Node::Float(-f),
        (_, kind) => return Ast::local(op, vec![Ast::new(kind, operand.span)], span),
    };
    Ast::new(kind, span)
}

/// An integer node, small when it fits.
fn big(b: BigInt) -> Node {
    match b.to_i64() {
        Some(n) => Node::Int(n),
        None => Node::BigInt(b),
    }
}

/// `@name`, `@name value`: the attribute's identifier (a call when it has
/// arguments), then dots and accesses on the `@` (`@a.b` is `(@a).b`).
fn attribute<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    let span = i.span();
    let j = i.next().skip_eol();
    let (rest, inner) = match j.tok() {
        Tok::Ident(name) => call::ident_call(j.next(), name, j.span(), ctx)?,
        _ => prefix(j, ctx)?,
    };
    call::postfix(rest, Ast::local("@", vec![inner], span), ctx)
}

/// `&expr`: everything binding tighter than `&` (`&foo/1`, `& &1 + 1`);
/// `&+/2` names an operator.
fn capture<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    let span = i.span();
    let j = i.next().skip_eol();
    let min = operator::CAPTURE_PREC + 1;
    let (rest, body) = match j.tok() {
        Tok::Op(op) if j.peek_at(1).tok.is_op("/") && is_function_operator(op) => {
            let name = Ast::new(Node::Var((*op).to_owned()), j.span());
            binary_loop(j.next(), name, min, ctx)?
        }
        _ => expr_bp(j, min, ctx)?,
    };
    match body.kind {
        Node::Int(n) if (0..=i64::from(u32::MAX)).contains(&n) => {
            Ok((rest, Ast::new(Node::CaptureArg(n as u32), span)))
        }
        kind => Ok((rest, Ast::local("&", vec![Ast::new(kind, body.span)], span))),
    }
}

/// Whether `op` names a function that `&op/arity` can capture.
fn is_function_operator(op: &str) -> bool {
    operator::binary(op).is_some() || operator::is_unary(op)
}

/// A literal, variable, call, alias, container, `fn` or parenthesised block.
fn primary<'a>(i: Toks<'a>, ctx: Ctx) -> PResult<'a, Ast> {
    let t = i.peek();
    let span = t.span;
    let node = |kind| Ok((i.next(), Ast::new(kind, span)));
    match &t.tok {
        Tok::Int(IntVal::Small(n), _) => node(Node::Int(*n)),
        Tok::Int(IntVal::Big(b), _) => node(Node::BigInt(b.clone())),
        Tok::Float(f, _) => node(Node::Float(*f)),
        Tok::Char(c, _) => node(Node::Int(i64::from(*c))),
        Tok::Atom(name) => node(Node::Atom(name.clone())),
        Tok::Reserved(word @ ("true" | "false" | "nil")) => node(Node::Atom((*word).to_owned())),
        Tok::CaptureInt(n) => node(Node::CaptureArg(*n)),
        Tok::Alias(name) => node(Node::Alias(vec![name.clone()])),
        Tok::AtomInterp(parts) => Ok((i.next(), atom_from(interpolation(i, parts, span)?, span))),
        Tok::Str(parts) => Ok((i.next(), string(i, parts, span)?)),
        Tok::Charlist(parts) => Ok((i.next(), charlist(i, parts, span)?)),
        Tok::Sigil(letter, parts, mods) => {
            node(Node::Sigil(*letter, to_parts(i, parts)?, mods.clone()))
        }
        Tok::Ident(name) => call::ident_call(i.next(), name, span, ctx),
        Tok::Reserved("fn") => block::fn_expr(i),
        Tok::Op("[") => container::list(i),
        Tok::Op("{") => container::tuple(i),
        Tok::Op("%{") => container::map(i),
        Tok::Op("%") => container::structure(i),
        Tok::Op("<<") => container::bitstring(i),
        Tok::Op("(") => container::paren(i),
        Tok::Op("..") if !call::starts_expression(&i.peek_at(1).tok) => {
            node(Node::Call(Box::new(Call {
                target: Target::Local("..".into()),
                args: Vec::new(),
                no_parens: false,
            })))
        }
        _ => i.fail(),
    }
}

/// `"text"` or `"a #{b}"`.
fn string<'a>(i: Toks<'a>, parts: &'a [TPart], span: Span) -> Result<Ast, nom::Err<PErr>> {
    Ok(match plain_text(parts) {
        Some(text) => Ast::new(Node::String(text), span),
        None => Ast::new(Node::Interpolation(to_parts(i, parts)?), span),
    })
}

/// `'text'` or `'a #{b}'`.
fn charlist<'a>(i: Toks<'a>, parts: &'a [TPart], span: Span) -> Result<Ast, nom::Err<PErr>> {
    Ok(match plain_text(parts) {
        Some(text) => Ast::new(Node::Charlist(text), span),
        None => Ast::new(Node::CharlistInterpolation(to_parts(i, parts)?), span),
    })
}

/// An interpolated string node.
pub fn interpolation<'a>(
    i: Toks<'a>,
    parts: &'a [TPart],
    span: Span,
) -> Result<Ast, nom::Err<PErr>> {
    Ok(Ast::new(Node::Interpolation(to_parts(i, parts)?), span))
}

/// `:erlang.binary_to_atom(string, :utf8)`: what Elixir makes of `:"a#{b}"`.
pub fn atom_from(string: Ast, span: Span) -> Ast {
    let erlang = Ast::new(Node::Atom("erlang".into()), span);
    let call = Call {
        target: Target::Remote(Box::new(erlang), "binary_to_atom".into()),
        args: vec![string, Ast::new(Node::Atom("utf8".into()), span)],
        no_parens: false,
    };
    Ast::new(Node::Call(Box::new(call)), span)
}

/// The parts of a string-like token, interpolations parsed.
fn to_parts<'a>(i: Toks<'a>, parts: &'a [TPart]) -> Result<Vec<Part>, nom::Err<PErr>> {
    parts
        .iter()
        .map(|part| match part {
            TPart::Text(text) => Ok(Part::Text(text.clone())),
            TPart::Interp(tokens) => block::interpolated(tokens, i.depth + 1).map(Part::Expr),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{p, sexp};

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(sexp(&p("1 + 2 * 3")), "(+ 1 (* 2 3))");
        assert_eq!(sexp(&p("a - b - c")), "(- (- a b) c)");
        assert_eq!(sexp(&p("a ++ b ++ c")), "(++ a (++ b c))");
        assert_eq!(sexp(&p("a = b = c")), "(= a (= b c))");
        assert_eq!(sexp(&p("a ** b ** c")), "(** (** a b) c)");
        assert_eq!(sexp(&p("a || b && c")), "(|| a (&& b c))");
        assert_eq!(sexp(&p("a or b and c")), "(or a (and b c))");
        assert_eq!(sexp(&p("a = b || c")), "(= a (|| b c))");
        assert_eq!(sexp(&p("x |> f() |> g()")), "(|> (|> x (f)) (g))");
        assert_eq!(sexp(&p("a in b..c")), "(in a (.. b c))");
        assert_eq!(sexp(&p("1 == 2 == 3")), "(== (== 1 2) 3)");
        assert_eq!(sexp(&p("a :: b :: c")), "(:: a (:: b c))");
        assert_eq!(sexp(&p("x when y when z")), "(when x (when y z))");
        assert_eq!(
            sexp(&p("[1, 2, 3] ++ [4] -- [2]")),
            "(++ [1 2 3] (-- [4] [2]))"
        );
    }

    #[test]
    fn unary_operators() {
        assert_eq!(sexp(&p("-1")), "-1");
        assert_eq!(sexp(&p("-2 ** 2")), "(** -2 2)");
        assert_eq!(sexp(&p("-x.y")), "(- (. x y))");
        assert_eq!(sexp(&p("not a == b")), "(== (not a) b)");
        assert_eq!(sexp(&p("!x")), "(! x)");
        assert_eq!(sexp(&p("^pid")), "(^ pid)");
        assert_eq!(sexp(&p("a or not b")), "(or a (not b))");
        assert_eq!(sexp(&p("x not in y")), "(not in x y)");
        assert_eq!(sexp(&p("not x in y")), "(not (in x y))");
        assert_eq!(sexp(&p("!x in y and z")), "(and (! (in x y)) z)");
        assert_eq!(sexp(&p("-x in y")), "(in (- x) y)");
        assert_eq!(sexp(&p("-9223372036854775808")), "-9223372036854775808");
        assert_eq!(sexp(&p("1 - -1.5")), "(- 1 -1.5)");
    }

    #[test]
    fn ranges() {
        assert_eq!(sexp(&p("1..10")), "(.. 1 10)");
        assert_eq!(sexp(&p("1..10//2")), "(..// 1 10 2)");
        let err = super::super::parse("1 // 2", 1).unwrap_err();
        assert!(format!("{err:?}").contains("range step operator"));
    }

    #[test]
    fn captures() {
        assert_eq!(sexp(&p("&Mod.f/1")), "(& (/ (. Mod f) 1))");
        assert_eq!(sexp(&p("&f/1")), "(& (/ f 1))");
        assert_eq!(sexp(&p("&(&1 + 1)")), "(& (+ &1 1))");
        assert_eq!(sexp(&p("& &1")), "(& &1)");
        assert_eq!(sexp(&p("& &1 * 2")), "(& (* &1 2))");
        assert_eq!(sexp(&p("&Map.get(&1, key)")), "(& (. Map get &1 key))");
        assert_eq!(sexp(&p("&{&1, &2}")), "(& {&1 &2})");
        assert_eq!(sexp(&p("&[&1]")), "(& [&1])");
        assert_eq!(sexp(&p("&+/2")), "(& (/ + 2))");
        assert_eq!(
            sexp(&p("&Process.alive?/1")),
            "(& (/ (. Process alive?) 1))"
        );
    }

    #[test]
    fn attributes() {
        assert_eq!(sexp(&p("@registry")), "(@ registry)");
        assert_eq!(sexp(&p("@impl true")), "(@ (impl :true))");
        assert_eq!(sexp(&p("@a.b")), "(. (@ a) b)");
        assert_eq!(sexp(&p("@a[1]")), "(. Access get (@ a) 1)");
        assert_eq!(sexp(&p("@names [:a, :b]")), "(@ (names [:a :b]))");
        assert_eq!(
            sexp(&p("@doc \"\"\"\n  Hi.\n  \"\"\"")),
            "(@ (doc \"Hi.\\n\"))"
        );
    }

    #[test]
    fn newlines_before_binary_operators() {
        assert_eq!(sexp(&p("a\n|> b")), "(|> a b)");
        assert_eq!(sexp(&p("a\n-1")), "(block a -1)");
        assert_eq!(sexp(&p("x\n.y")), "(. x y)");
        assert_eq!(sexp(&p("a =\n1")), "(= a 1)");
        assert_eq!(sexp(&p("a\nnot in b")), "(not in a b)");
    }

    #[test]
    fn literals() {
        assert_eq!(
            sexp(&p("[1_000, 0x1F, 0b101, 0o17, 1.5e3, ?a, ?\\n]")),
            "[1000 31 5 15 1500.0 97 10]"
        );
        assert_eq!(
            sexp(&p("[:ok, :\"quoted atom\", :+, :\"$gen_cast\", true, nil]")),
            "[:ok :\"quoted atom\" :+ :\"$gen_cast\" :true :nil]"
        );
        assert_eq!(sexp(&p("\"hi #{name}!\"")), "(interp \"hi \" name \"!\")");
        assert_eq!(sexp(&p("'abc'")), "'abc'");
        assert_eq!(sexp(&p("'a#{b}'")), "(charlist-interp \"a\" b)");
        assert_eq!(
            sexp(&p(":\"a#{b}\"")),
            "(. :erlang binary_to_atom (interp \"a\" b) :utf8)"
        );
        assert_eq!(sexp(&p("~w(a b c)a")), "(sigil w \"a b c\" a)");
        assert_eq!(
            sexp(&p("123456789012345678901234567890")),
            "123456789012345678901234567890"
        );
    }
}
