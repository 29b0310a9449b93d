//! Containers: lists (`[h | t]`, keyword lists), tuples, maps (`%{k => v,
//! a: 1}`, `%{m | a: 2}`), structs (`%Name{s | a: 1}`), bitstrings and
//! parenthesised blocks (`(a; b)`). Trailing commas are allowed where
//! Elixir allows them.

use super::block;
use super::call::{is_kw_key, keyword_pairs, pair_tuple};
use super::error::KwPlace;
use super::expr::{expr, expr_bp, Ctx};
use super::input::{op, token, PResult, Toks};
use super::operator;
use super::token::Tok;
use crate::lang::ast::{Ast, Node};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::Parser;

/// Key-value pairs of a map or keyword list, in source order.
type Pairs = Vec<(Ast, Ast)>;

/// Elements up to `close`, the cursor after the opening bracket, with a
/// trailing keyword list when `allow_kw`. Consumes the closing bracket.
pub fn elements<'a>(i: Toks<'a>, close: &str, allow_kw: bool) -> PResult<'a, (Vec<Ast>, Pairs)> {
    let mut i = i.skip_eol();
    let mut items = Vec::new();
    loop {
        if i.at_op(close) {
            return Ok((i.next(), (items, Vec::new())));
        }
        if allow_kw && is_kw_key(i.tok()) {
            let (rest, pairs) = keyword_pairs(i, Ctx::CONTAINER, KwPlace::Container)?;
            let (rest, _) = rest.skip_eol().expect_op(close)?;
            return Ok((rest, (items, pairs)));
        }
        let (rest, item) = expr(i, Ctx::CONTAINER)?;
        items.push(item);
        let after_eol = rest.skip_eol();
        if after_eol.at_op(close) {
            return Ok((after_eol.next(), (items, Vec::new())));
        }
        if !rest.at_op(",") {
            return after_eol.fail();
        }
        i = rest.next().skip_eol();
    }
}

/// `[1, 2]`, `[h | t]`, `[a: 1]` (keyword items are `{key, value}`).
pub fn list(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, (mut items, pairs)) = elements(i.next(), "]", true)?;
    items.extend(pairs.into_iter().map(|(k, v)| pair_tuple(k, v)));
    Ok((rest, Ast::new(Node::List(items), span)))
}

/// `{a, b}`, `{Mod, name: x}` (a trailing keyword list is one element).
pub fn tuple(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let first = i.next().skip_eol();
    if let Tok::KwKey(name) = first.tok() {
        let message = format!("syntax error before: {}", super::token::erlang_atom(name));
        return first.fail_with(first.span(), message);
    }
    let (rest, (mut items, pairs)) = elements(i.next(), "}", true)?;
    if !pairs.is_empty() {
        let kw_span = pairs[0].0.span;
        let list = pairs.into_iter().map(|(k, v)| pair_tuple(k, v)).collect();
        items.push(Ast::new(Node::List(list), kw_span));
    }
    Ok((rest, Ast::new(Node::Tuple(items), span)))
}

/// `<<1, 2>>`, `<<x::size(8), rest::binary>>`.
pub fn bitstring(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, (items, _)) = elements(i.next(), ">>", false)?;
    Ok((rest, Ast::new(Node::Bitstring(items), span)))
}

/// `%{...}`, the cursor at `%{`.
pub fn map(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, (base, pairs)) = map_body(i.next())?;
    let kind = match base {
        Some(base) => Node::MapUpdate(Box::new(base), pairs),
        None => Node::Map(pairs),
    };
    Ok((rest, Ast::new(kind, span)))
}

/// `%Name{...}`, `%__MODULE__{}`, `%Name{s | a: 1}`, the cursor at `%`.
pub fn structure(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, name) = struct_name(i.next())?;
    let (rest, _) = rest.expect_op("{")?;
    let (rest, (base, pairs)) = map_body(rest)?;
    Ok((
        rest,
        Ast::new(
            Node::Struct(Box::new(name), base.map(Box::new), pairs),
            span,
        ),
    ))
}

/// A struct's name: an alias, a variable (`__MODULE__`), an attribute.
fn struct_name(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (i, mut name) = match i.tok() {
        Tok::Alias(a) => (i.next(), Ast::new(Node::Alias(vec![a.clone()]), span)),
        Tok::Ident(v) => (i.next(), Ast::new(Node::Var(v.clone()), span)),
        Tok::Op("@") => match i.next().tok() {
            Tok::Ident(v) => {
                let var = Ast::new(Node::Var(v.clone()), i.next().span());
                (i.next().next(), Ast::local("@", vec![var], span))
            }
            _ => return i.next().fail(),
        },
        _ => return i.fail(),
    };
    let (rest, parts) = many0(preceded(op("."), token(|t| matches!(t, Tok::Alias(_))))).parse(i)?;
    for part in parts {
        let Tok::Alias(part_name) = &part.tok else {
            continue;
        };
        name = match name.kind {
            Node::Alias(mut names) => {
                names.push(part_name.clone());
                Ast::new(Node::Alias(names), span)
            }
            kind => {
                let sub = Ast::new(Node::Alias(vec![part_name.clone()]), part.span);
                Ast::local(".", vec![Ast::new(kind, span), sub], span)
            }
        };
    }
    Ok((rest, name))
}

/// A map's inside, the cursor after `{`: the update base if any (`m |`),
/// then the pairs. Consumes the `}`.
fn map_body(i: Toks<'_>) -> PResult<'_, (Option<Ast>, Pairs)> {
    let i = i.skip_eol();
    if i.at_op("}") || is_kw_key(i.tok()) {
        let (rest, pairs) = map_pairs(i, Vec::new())?;
        return Ok((rest, (None, pairs)));
    }
    let (rest, first) = map_key(i)?;
    if rest.skip_eol().at_op("|") {
        let (rest, pairs) = map_pairs(rest.skip_eol().next().skip_eol(), Vec::new())?;
        return Ok((rest, (Some(first), pairs)));
    }
    let (rest, value) = map_value(rest)?;
    let (rest, pairs) = after_pair(rest, vec![(first, value)])?;
    Ok((rest, (None, pairs)))
}

/// Pairs `k => v` then keyword pairs, up to and including the `}`.
fn map_pairs(i: Toks<'_>, mut pairs: Vec<(Ast, Ast)>) -> PResult<'_, Vec<(Ast, Ast)>> {
    let i = i.skip_eol();
    if i.at_op("}") {
        return Ok((i.next(), pairs));
    }
    if is_kw_key(i.tok()) {
        let (rest, kw) = keyword_pairs(i, Ctx::CONTAINER, KwPlace::Container)?;
        pairs.extend(kw);
        let (rest, _) = rest.skip_eol().expect_op("}")?;
        return Ok((rest, pairs));
    }
    let (rest, key) = map_key(i)?;
    let (rest, value) = map_value(rest)?;
    pairs.push((key, value));
    after_pair(rest, pairs)
}

/// After a `k => v` pair: `}`, or a comma and more pairs.
fn after_pair(i: Toks<'_>, pairs: Vec<(Ast, Ast)>) -> PResult<'_, Vec<(Ast, Ast)>> {
    let after_eol = i.skip_eol();
    if after_eol.at_op("}") {
        return Ok((after_eol.next(), pairs));
    }
    if !i.at_op(",") {
        return after_eol.fail();
    }
    map_pairs(i.next(), pairs)
}

/// The precedence just above `=>`: what a key or value may contain.
fn above_assoc() -> u32 {
    operator::binary("=>").map_or(81, |(p, _)| p + 1)
}

/// A key, before `=>` or `|`.
fn map_key(i: Toks<'_>) -> PResult<'_, Ast> {
    expr_bp(i, above_assoc(), Ctx::CONTAINER)
}

/// `=> value`.
fn map_value(i: Toks<'_>) -> PResult<'_, Ast> {
    let (rest, _) = if i.at_op("=>") {
        Ok((i.next(), i.span()))
    } else {
        i.skip_eol().expect_op("=>")
    }?;
    expr_bp(rest.skip_eol(), above_assoc(), Ctx::CONTAINER)
}

/// `(expr)`, `(a; b)`, `()`: the expression, a block, or an empty block;
/// `(1 -> :a; _ -> :b)`: clauses, as in `case x, do: (1 -> :a; _ -> :b)`.
pub fn paren(i: Toks<'_>) -> PResult<'_, Ast> {
    let (rest, body) = block::section_in_parens(i)?;
    let (rest, _) = rest.skip_eoe().expect_op(")")?;
    Ok((rest, body))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{err, p, sexp};

    #[test]
    fn lists() {
        assert_eq!(sexp(&p("[]")), "[]");
        assert_eq!(sexp(&p("[h | t]")), "[(| h t)]");
        assert_eq!(sexp(&p("[1, 2 | t]")), "[1 (| 2 t)]");
        assert_eq!(sexp(&p("[a: 1, \"b c\": 2]")), "[{:a 1} {:\"b c\" 2}]");
        assert_eq!(sexp(&p("[1, a: 1]")), "[1 {:a 1}]");
        assert_eq!(sexp(&p("[1, 2,]")), "[1 2]");
        assert_eq!(sexp(&p("[\n  1,\n  2\n]")), "[1 2]");
        assert_eq!(err("[1\n, 2]"), "syntax error before: ','");
        assert_eq!(err("[1 2]"), "syntax error before: \"2\"");
    }

    #[test]
    fn tuples_and_bitstrings() {
        assert_eq!(sexp(&p("{}")), "{}");
        assert_eq!(sexp(&p("{1, :two, \"three\"}")), "{1 :two \"three\"}");
        assert_eq!(sexp(&p("{Mod, name: x, b: 2}")), "{Mod [{:name x} {:b 2}]}");
        assert_eq!(
            sexp(&p("{ Worker, :start_link,  [name]}")),
            "{Worker :start_link [name]}"
        );
        assert_eq!(err("{a: 1}"), "syntax error before: a");
        assert_eq!(sexp(&p("<<1, 2>>")), "(<<>> 1 2)");
        assert_eq!(
            sexp(&p("<<x::size(8), rest::binary>>")),
            "(<<>> (:: x (size 8)) (:: rest binary))"
        );
    }

    #[test]
    fn maps() {
        assert_eq!(sexp(&p("%{}")), "(%{})");
        assert_eq!(sexp(&p("%{a => 1, b: 2}")), "(%{} (a 1) (:b 2))");
        assert_eq!(sexp(&p("%{m | a: 2}")), "(%{| m (:a 2))");
        assert_eq!(
            sexp(&p("%{m | \"a\" => 1, b: 2}")),
            "(%{| m (\"a\" 1) (:b 2))"
        );
        assert_eq!(sexp(&p("%{a: 1,\nb: 2}")), "(%{} (:a 1) (:b 2))");
        assert_eq!(
            sexp(&p("%{\"b\" => 2, 3 => [4], a: 1}")),
            "(%{} (\"b\" 2) (3 [4]) (:a 1))"
        );
        assert!(err("%{a: 1, \"b\" => 2, 3 => [4]}").starts_with("unexpected expression after keyword list. Keyword lists must always come last in lists and maps."));
        assert_eq!(err("%{a => }"), "syntax error before: '}'");
    }

    #[test]
    fn structs() {
        assert_eq!(sexp(&p("%Name{}")), "(% Name)");
        assert_eq!(sexp(&p("%Name{a: 1}")), "(% Name (:a 1))");
        assert_eq!(sexp(&p("%__MODULE__{}")), "(% __MODULE__)");
        assert_eq!(sexp(&p("%Name{s | a: 1}")), "(% Name | s (:a 1))");
        assert_eq!(sexp(&p("%A.B{}")), "(% A.B)");
    }

    #[test]
    fn parentheses() {
        assert_eq!(sexp(&p("(1 + 2) * 3")), "(* (+ 1 2) 3)");
        assert_eq!(sexp(&p("()")), "(block)");
        assert_eq!(sexp(&p("(a; b)")), "(block a b)");
        assert_eq!(sexp(&p("(\n a\n b\n)")), "(block a b)");
        assert_eq!(err("(1 2)"), "syntax error before: \"2\"");
        // As Elixir reads it: the head of a clause missing its `->`.
        assert_eq!(err("(1, 2)"), "syntax error before: ')'");
    }

    #[test]
    fn clauses_in_parentheses_are_the_value_of_a_do_keyword() {
        assert_eq!(
            sexp(&p("case x, do: (1 -> :a; _ -> :b)")),
            sexp(&p("case x do\n  1 -> :a\n  _ -> :b\nend"))
        );
        assert_eq!(
            sexp(&p("receive do: (:ping -> :pong)")),
            sexp(&p("receive do :ping -> :pong end"))
        );
        assert_eq!(sexp(&p("(fn x -> x end)")), sexp(&p("fn x -> x end")));
    }
}
