//! Blocks: the whole input, statements separated by newlines or `;`,
//! `do ... end` blocks with their `else`/`after`/`catch`/`rescue` sections,
//! `fn ... end`, and the `patterns when guard -> body` clauses inside them.

use super::call::paren_args;
use super::error;
use super::expr::{expr, Ctx, Many};
use super::input::{op, PErr, PResult, Toks};
use super::token::{Tok, Token};
use crate::lang::ast::{Ast, Clause, Node, ParseError, Span};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::Parser;

/// The labels that end one section of a `do` block and start the next.
const SECTION_LABELS: &[&str] = &["else", "after", "catch", "rescue"];

/// Parses a whole token stream: zero or more statements, then its end.
pub fn program(tokens: &[Token], depth: u32, interp: bool) -> Result<Ast, ParseError> {
    let start = Toks::new(tokens, depth, interp).skip_eoe();
    let span = start.span();
    let result = statements(start).and_then(|(rest, stmts)| match rest.tok() {
        Tok::Eof => Ok((rest, block_of(stmts, span))),
        _ => rest.fail(),
    });
    result.map(|(_, ast)| ast).map_err(into_error)
}

/// The expression of an interpolation's tokens.
pub fn interpolated(tokens: &[Token], depth: u32) -> Result<Ast, nom::Err<PErr>> {
    program(tokens, depth, true).map_err(|e| nom::Err::Failure(PErr(e)))
}

/// The error a failed parse stands for.
fn into_error(err: nom::Err<PErr>) -> ParseError {
    match err {
        nom::Err::Error(e) | nom::Err::Failure(e) => e.0,
        nom::Err::Incomplete(_) => {
            error::incomplete(Span::default(), error::EXPRESSION_INCOMPLETE.to_owned())
        }
    }
}

/// Statements separated by newlines or `;`, up to a token that cannot
/// start or continue one (left for the caller to check).
pub fn statements(mut i: Toks<'_>) -> PResult<'_, Vec<Ast>> {
    let mut out = Vec::new();
    loop {
        if ends_statements(i.tok()) {
            return Ok((i, out));
        }
        let (rest, stmt) = expr(i, Ctx::STMT)?;
        out.push(stmt);
        if !rest.tok().is_eoe() {
            return Ok((rest, out));
        }
        i = rest.skip_eoe();
    }
}

/// Tokens that close a run of statements.
fn ends_statements(tok: &Tok) -> bool {
    match tok {
        Tok::Eof | Tok::Op(")") => true,
        Tok::Reserved(word) => *word == "end" || SECTION_LABELS.contains(word),
        _ => false,
    }
}

/// One expression, or a block of several (an empty block for none).
pub fn block_of(mut stmts: Vec<Ast>, span: Span) -> Ast {
    match stmts.len() {
        1 => stmts.remove(0),
        0 => Ast::new(Node::Block(stmts), span),
        _ => {
            let first = stmts[0].span;
            Ast::new(Node::Block(stmts), first)
        }
    }
}

/// `do ... end`, the cursor at `do`: the keyword list `[do: ..., else:
/// ...]` that becomes the call's last argument.
pub fn do_block(i: Toks<'_>) -> PResult<'_, Ast> {
    let do_span = i.span();
    let mut label = ("do", do_span);
    let mut i = i.next();
    let mut items = Vec::new();
    loop {
        let (rest, body) = section(i, false)?;
        let key = Ast::new(Node::Atom(label.0.to_owned()), label.1);
        items.push(Ast::new(
            Node::Tuple(vec![key, body.into_ast(label.1)]),
            label.1,
        ));
        match rest.tok() {
            Tok::Reserved("end") => return Ok((rest.next(), Ast::new(Node::List(items), do_span))),
            Tok::Reserved(word) if SECTION_LABELS.contains(word) => {
                label = (word, rest.span());
                i = rest.next();
            }
            _ => return rest.fail(),
        }
    }
}

/// `fn clauses end`, the cursor at `fn`.
pub fn fn_expr(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, body) = section(i.next(), true)?;
    let Body::Clauses(clauses) = body else {
        return rest.fail();
    };
    let (rest, _) = rest.expect_reserved("end")?;
    Ok((rest, Ast::new(Node::Fn(clauses), span)))
}

/// What a section of a block holds.
enum Body {
    /// `pattern -> body` clauses.
    Clauses(Vec<Clause>),
    /// Plain statements.
    Stmts(Vec<Ast>),
}

impl Body {
    /// The section as the value of its keyword.
    fn into_ast(self, span: Span) -> Ast {
        match self {
            Body::Clauses(clauses) => {
                let first = clauses.first().map_or(span, |c| c.span);
                Ast::new(Node::Clauses(clauses), first)
            }
            Body::Stmts(stmts) => block_of(stmts, span),
        }
    }
}

/// A clause being read: its patterns, guard and start.
struct Head {
    patterns: Vec<Ast>,
    guard: Option<Ast>,
    span: Span,
}

/// The clauses of a section as they are read.
#[derive(Default)]
struct Sections {
    clauses: Vec<Clause>,
    stmts: Vec<Ast>,
    head: Option<Head>,
}

impl Sections {
    /// Starts a clause: ends the one before; statements before the first
    /// clause are an error.
    fn start(&mut self, head: Head) -> Result<(), nom::Err<PErr>> {
        if let Some(prev) = self.head.take() {
            let body = std::mem::take(&mut self.stmts);
            self.clauses.push(clause(prev, body));
        } else if !self.stmts.is_empty() {
            return Err(super::input::failure(
                error::line_only(head.span),
                error::CLAUSES_FIRST.to_owned(),
            ));
        }
        self.head = Some(head);
        Ok(())
    }

    /// The section read.
    fn finish(mut self) -> Body {
        match self.head.take() {
            Some(head) => {
                self.clauses.push(clause(head, self.stmts));
                Body::Clauses(self.clauses)
            }
            None => Body::Stmts(self.stmts),
        }
    }
}

/// A section: `->` clauses or statements, up to `end` or a section label.
/// In `fn` (`in_fn`), clause heads may be parenthesised: `fn (a, b) -> ...`.
fn section(i: Toks<'_>, in_fn: bool) -> PResult<'_, Body> {
    let mut i = i.skip_eoe();
    let mut s = Sections::default();
    loop {
        if ends_statements(i.tok()) {
            return Ok((i, s.finish()));
        }
        if i.at_op("->") {
            s.start(Head {
                patterns: Vec::new(),
                guard: None,
                span: i.span(),
            })?;
            i = i.next().skip_eoe();
            continue;
        }
        if in_fn && i.at_op("(") && parenthesised_head(i) {
            let (rest, head) = paren_head(i)?;
            s.start(head)?;
            i = rest.skip_eoe();
            continue;
        }
        let span = i.span();
        let (rest, first) = expr(i, Ctx::STMT)?;
        if rest.at_op(",") || rest.skip_eol().at_op("->") {
            let (rest, patterns) = head_rest(rest, first)?;
            let arrow = rest.skip_eol();
            let (after, _) = arrow.expect_op("->")?;
            s.start(split_guard(patterns, span))?;
            i = after.skip_eoe();
            continue;
        }
        s.stmts.push(first);
        if !rest.tok().is_eoe() {
            return Ok((rest, s.finish()));
        }
        i = rest.skip_eoe();
    }
}

/// The other patterns of a clause head after its first, separated by
/// commas.
fn head_rest<'a>(i: Toks<'a>, first: Ast) -> PResult<'a, Vec<Ast>> {
    let ctx = Ctx {
        many: Many::No(error::KwPlace::Call),
        no_do: false,
    };
    let pattern = |i: Toks<'a>| expr(i.skip_eol(), ctx);
    let (rest, more) = many0(preceded(op(","), pattern)).parse(i)?;
    let mut patterns = vec![first];
    patterns.extend(more);
    Ok((rest, patterns))
}

/// Whether the parentheses at `i` are followed by `->` or `when`: then
/// they hold a clause's patterns (`fn (a, b) -> ...`). Looking ahead
/// first keeps nested `fn (` from being parsed twice at every level.
fn parenthesised_head(i: Toks<'_>) -> bool {
    let mut depth = 0usize;
    let mut n = 0;
    loop {
        let tok = &i.peek_at(n).tok;
        match tok {
            Tok::Eof => return false,
            Tok::Op("(" | "[" | "{" | "%{" | "<<") | Tok::Reserved("fn" | "do") => depth += 1,
            Tok::Op(")" | "]" | "}" | ">>") | Tok::Reserved("end") => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
        n += 1;
        if depth == 0 {
            let mut after = n;
            while i.peek_at(after).tok == Tok::Eol {
                after += 1;
            }
            let next = &i.peek_at(after).tok;
            return next.is_op("->") || next.is_op("when");
        }
    }
}

/// What parentheses hold, the cursor at `(`: statements (one is the
/// expression, none an empty block) or `->` clauses.
pub fn section_in_parens(i: Toks<'_>) -> PResult<'_, Ast> {
    let span = i.span();
    let (rest, body) = section(i.next(), false)?;
    Ok((rest, body.into_ast(span)))
}

/// `(a, b) when guard ->`, the cursor at `(`.
fn paren_head(i: Toks<'_>) -> PResult<'_, Head> {
    let span = i.span();
    let (rest, patterns) = paren_args(i)?;
    let (rest, guard) = match rest.skip_eol().expect_op("when") {
        Ok((after, _)) => {
            let (rest, guard) = expr(after.skip_eol(), Ctx::STMT)?;
            (rest, Some(guard))
        }
        Err(_) => (rest, None),
    };
    let (rest, _) = rest.skip_eol().expect_op("->")?;
    Ok((
        rest,
        Head {
            patterns,
            guard,
            span,
        },
    ))
}

/// A head whose last pattern is `p when guard` split into patterns and
/// guard.
fn split_guard(mut patterns: Vec<Ast>, span: Span) -> Head {
    let mut guard = None;
    if let Some(last) = patterns.pop() {
        match last.kind {
            Node::Call(call) if call.target == when_target() && call.args.len() == 2 => {
                let mut args = call.args.into_iter();
                patterns.extend(args.next());
                guard = args.next();
            }
            kind => patterns.push(Ast::new(kind, last.span)),
        }
    }
    Head {
        patterns,
        guard,
        span,
    }
}

/// The target of a `when` call.
fn when_target() -> crate::lang::ast::Target {
    crate::lang::ast::Target::Local("when".into())
}

/// A finished clause; an empty body is `nil`, as in Elixir.
fn clause(head: Head, body: Vec<Ast>) -> Clause {
    let body = match body.len() {
        0 => Ast::new(Node::Atom("nil".into()), head.span),
        _ => block_of(body, head.span),
    };
    Clause {
        patterns: head.patterns,
        guard: head.guard,
        body,
        span: head.span,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{err, p, sexp};

    #[test]
    fn programs() {
        assert_eq!(sexp(&p("")), "(block)");
        assert_eq!(sexp(&p("\n\n")), "(block)");
        assert_eq!(sexp(&p("1")), "1");
        assert_eq!(sexp(&p("1; 2\n3")), "(block 1 2 3)");
        assert_eq!(
            sexp(&p("Process.sleep(50); Process.alive?(pid)")),
            "(block (. Process sleep 50) (. Process alive? pid))"
        );
        assert_eq!(sexp(&p("1;")), "1");
        assert_eq!(sexp(&p("; 1")), "1");
    }

    #[test]
    fn do_blocks() {
        assert_eq!(
            sexp(&p("if a do 1 else 2 end")),
            "(if a [{:do 1} {:else 2}])"
        );
        assert_eq!(
            sexp(&p("if 1 > 2, do: :yes, else: :no")),
            "(if (> 1 2) [{:do :yes} {:else :no}])"
        );
        assert_eq!(sexp(&p("case 1 do end")), "(case 1 [{:do (block)}])");
        assert_eq!(
            sexp(&p("case x do\n  1 -> :a\n  _ -> :b\nend")),
            "(case x [{:do (clauses (-> (1) :a) (-> (_) :b))}])"
        );
        assert_eq!(
            sexp(&p("cond do\n  false -> 1\n  true -> 3\nend")),
            "(cond [{:do (clauses (-> (:false) 1) (-> (:true) 3))}])"
        );
        assert_eq!(
            sexp(&p(
                "receive do\n  msg -> msg\nafter\n  100 -> :timeout\nend"
            )),
            "(receive [{:do (clauses (-> (msg) msg))} {:after (clauses (-> (100) :timeout))}])"
        );
        assert_eq!(
            sexp(&p("try do 1 rescue e in RuntimeError -> e catch :exit, r -> r after 2 end")),
            "(try [{:do 1} {:rescue (clauses (-> ((in e RuntimeError)) e))} {:catch (clauses (-> (:exit r) r))} {:after 2}])"
        );
        assert_eq!(
            sexp(&p("case x do 1 -> end")),
            "(case x [{:do (clauses (-> (1) :nil))}])"
        );
        assert_eq!(
            sexp(&p("case x do\n  1 ->\n    a\n    b\n  2 -> c\nend")),
            "(case x [{:do (clauses (-> (1) (block a b)) (-> (2) c))}])"
        );
        assert_eq!(
            sexp(&p("for x <- l, into: %{} do x end")),
            "(for (<- x l) [{:into (%{})}] [{:do x}])"
        );
    }

    #[test]
    fn fns() {
        assert_eq!(sexp(&p("fn x -> x end")), "(fn (-> (x) x))");
        assert_eq!(sexp(&p("fn -> 1 end")), "(fn (-> () 1))");
        assert_eq!(sexp(&p("fn a, b -> a end")), "(fn (-> (a b) a))");
        assert_eq!(sexp(&p("fn (a, b) -> a end")), "(fn (-> (a b) a))");
        assert_eq!(
            sexp(&p("fn x when x > 0 -> :pos; _ -> :neg end")),
            "(fn (-> (x) (> x 0) :pos) (-> (_) :neg))"
        );
        assert_eq!(
            sexp(&p("fn a, b when a > b -> a end")),
            "(fn (-> (a b) (> a b) a))"
        );
        assert_eq!(
            sexp(&p("fn\n  x ->\n    y = x\n    y\nend")),
            "(fn (-> (x) (block (= y x) y)))"
        );
        assert_eq!(sexp(&p("fn x\n-> x end")), "(fn (-> (x) x))");
        assert_eq!(
            sexp(&p("fn {_, pid, _, _} -> Agent.get(pid, & &1) end")),
            "(fn (-> ({_ pid _ _}) (. Agent get pid (& &1))))"
        );
        assert_eq!(sexp(&p("(fn x -> x end).(1)")), "(.() (fn (-> (x) x)) 1)");
        assert!(err("fn end").starts_with("syntax error before: end. \"end\" is a reserved word"));
    }

    #[test]
    fn definitions() {
        assert_eq!(
            sexp(&p("def f(x) when x > 0, do: x")),
            "(def (when (f x) (> x 0)) [{:do x}])"
        );
        assert_eq!(
            sexp(&p("def f(x) when x > 0 do x end")),
            "(def (when (f x) (> x 0)) [{:do x}])"
        );
        assert_eq!(
            sexp(&p("def f(a \\\\ 1), do: a")),
            "(def (f (\\\\ a 1)) [{:do a}])"
        );
        assert_eq!(
            sexp(&p(
                "def handle_cast(:raise, name),\n  do: raise RuntimeError, message: \"boom\""
            )),
            "(def (handle_cast :raise name) [{:do (raise RuntimeError [{:message \"boom\"}])}])"
        );
        assert_eq!(
            sexp(&p("defmodule A do\n  use GenServer\nend")),
            "(defmodule A [{:do (use GenServer)}])"
        );
        assert_eq!(sexp(&p("defstruct [:a, b: 1]")), "(defstruct [:a {:b 1}])");
    }

    #[test]
    fn statements_before_clauses_are_an_error() {
        assert!(err("case x do\n  a\n  b -> c\nend").starts_with("unexpected operator ->."));
    }
}
