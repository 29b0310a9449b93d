//! The parser: Elixir source text to the syntax tree of [`ast`](super::ast),
//! for the subset of Elixir riex runs (documented in `grammar/elixir.ebnf`).
//!
//! Two steps, both written with `nom`: the lexer (`lexer.rs`, with
//! `literal.rs` and `string.rs`) turns text into tokens (literals, strings
//! with their interpolations, operators, newlines) and matches brackets and
//! `do`/`fn`/`end`; the parser proper climbs Elixir's operator precedences
//! (`expr.rs`, `operator.rs`) over calls (`call.rs`), containers
//! (`container.rs`) and blocks (`block.rs`), its functions being nom parsers
//! over a token input (`input.rs`). Messages and their printing are in
//! `error.rs`.
//!
//! Errors come in two kinds ([`ParseError`]): `Incomplete` exactly when
//! more input could complete the expression (an unclosed bracket, string,
//! heredoc, `fn` or `do`, a trailing operator, comma or dot), which drives
//! iex's `...(N)>` prompt; `Syntax` for anything else, worded as Elixir
//! 1.14 words it.
//!
//! Positions follow Elixir's metadata: a literal, variable, alias or
//! container is placed at its start, an operator call at its operator, a
//! remote call at its function name, `f.(x)` at its dot. A sign on a
//! number literal is folded into it (`-1` is `Int(-1)`); `x not in y` is
//! the call `not in` (`not x in y` is `not(x in y)`, as in Elixir);
//! `a..b//c` the call `..//`; `x[k]` is
//! `Access.get(x, k)`; `:"a#{b}"` is `:erlang.binary_to_atom(..., :utf8)`.
//! Sigil contents have their escapes applied as the sigil would (all for
//! lowercase letters, only the control characters for `~r`, none for
//! uppercase letters). An empty clause body (`x -> end`) is `nil`.
//!
//! Nesting deeper than 500 levels is a syntax error; inputs longer than
//! 100 bytes are parsed on a helper thread with a large stack, kept for the
//! next one (`big_stack.rs`), so that the caller's stack (2 MiB on tokio's
//! workers) never overflows.

mod big_stack;
mod block;
mod call;
mod container;
mod error;
mod expr;
mod input;
mod lexer;
mod literal;
mod operator;
mod string;
mod token;

#[cfg(test)]
mod grammar_examples;
#[cfg(test)]
mod robustness;
#[cfg(test)]
mod test_util;

use super::ast::{Ast, ParseError, Span};
use big_stack::on_big_stack;
use token::{IntVal, Tok, Token};

/// Parses a whole input: zero or more expressions separated by newlines or
/// `;` (one [`Ast`], a [`Node::Block`](super::ast::Node::Block) when there
/// are several or none). `first_line` numbers the first line, as iex's
/// prompt counter does (errors say `iex:N:col`).
pub fn parse(source: &str, first_line: u32) -> Result<Ast, ParseError> {
    on_big_stack(source.len(), || {
        let tokens = lexer::tokenize(source, first_line)?;
        block::program(&tokens, 0, false)
    })
}

/// Parses an input that iex applies to the previous result, because its
/// first line starts with an operator such as `|>` (see
/// [`starts_with_binary_operator`]): as iex does, the input is read as if
/// `v(-1)` came first, so `|> Enum.map(f)` is `v(-1) |> Enum.map(f)`. An
/// input starting otherwise is parsed as by [`parse`].
pub fn parse_continuation(source: &str, first_line: u32) -> Result<Ast, ParseError> {
    on_big_stack(source.len(), || continuation(source, first_line))
}

/// [`parse_continuation`] on the current stack.
fn continuation(source: &str, first_line: u32) -> Result<Ast, ParseError> {
    let mut tokens = lexer::tokenize(source, first_line)?;
    if starts_with_binary_operator(source) {
        let at = Span {
            line: first_line,
            col: 1,
        };
        let tok = |tok| Token {
            tok,
            span: at,
            space_before: false,
        };
        let prefix = [
            tok(Tok::Ident("v".into())),
            tok(Tok::Op("(")),
            tok(Tok::Op("-")),
            tok(Tok::Int(IntVal::Small(1), "1".into())),
            tok(Tok::Op(")")),
        ];
        let first = tokens.iter().position(|t| t.tok != Tok::Eol).unwrap_or(0);
        tokens.splice(..first, prefix);
    }
    block::program(&tokens, 0, false)
}

/// Whether iex applies `line` to the previous result: it starts (after
/// blanks) with a binary operator of the kinds IEx accepts there (`|>`,
/// `++`, `<>`, `*`, `and`, `==`, `in`, ... but not `+`, `-` or `=`).
/// After a match (`x = 1`) iex refuses instead: "pipe shorthand is not
/// allowed immediately after a match expression in IEx".
pub fn starts_with_binary_operator(line: &str) -> bool {
    operator::leading_operator(line).is_some_and(operator::continues_previous_result)
}

/// What iex prints for `err` in `source`, whose first line is numbered
/// `first_line`, read from `file` (`"iex"` in the shell): the whole
/// banner, starting with `** (SyntaxError) ` or `** (TokenMissingError) `,
/// then the code snippet when iex shows one:
///
/// ```text
/// ** (SyntaxError) iex:6:1: unexpected token: )
///     |
///   6 | )
///     | ^
/// ```
///
/// No trailing newline: iex prints an empty line after it.
pub fn format_error(err: &ParseError, source: &str, file: &str, first_line: u32) -> String {
    error::format_error(err, source, file, first_line)
}

/// What iex prints when `#iex:break` abandons an incomplete input that
/// started on line `line`: `** (TokenMissingError) iex:5: incomplete
/// expression`.
pub fn incomplete_message(line: u32) -> String {
    error::incomplete_message(line)
}

#[cfg(test)]
mod tests {
    use super::test_util::sexp;
    use super::*;

    #[test]
    fn incomplete_exactly_when_more_input_could_complete() {
        let incomplete = [
            "[1, 2",
            "(",
            "{",
            "<<1",
            "%{a: 1,",
            "\"abc",
            "'abc",
            "\"\"\"\nabc",
            "fn x -> x",
            "if x do",
            "1 +",
            "foo a,",
            "x =",
            "Foo.",
            "DynamicSupervisorWithRegistry.Worker.\n",
            "receive do\n  :hello -> 1\n",
            "1 when",
            "1 and",
            "1 in",
            "@",
            "&",
            "~s(a",
            ":\"a",
            "\"a #{b",
            "case x do\n1 ->",
        ];
        for src in incomplete {
            assert!(
                matches!(parse(src, 1), Err(ParseError::Incomplete { .. })),
                "{src:?}: {:?}",
                parse(src, 1)
            );
        }
        let wrong = [
            "1 )",
            "end",
            "%{a => }",
            "1 2",
            "\"#{1 +}\"",
            "(1]",
            "a $ b",
            "1 ; ; 2",
            "fn end",
            "1 not",
            "Foo()",
        ];
        for src in wrong {
            assert!(
                matches!(parse(src, 1), Err(ParseError::Syntax { .. })),
                "{src:?}: {:?}",
                parse(src, 1)
            );
        }
    }

    #[test]
    fn errors_print_as_in_iex() {
        let show =
            |src: &str, line: u32| format_error(&parse(src, line).unwrap_err(), src, "iex", line);
        assert_eq!(
            show("1 )\n", 1),
            "** (SyntaxError) iex:1:3: unexpected token: )\n    |\n  1 | 1 )\n    |   ^"
        );
        assert_eq!(
            show("1 +\n)\n", 5),
            "** (SyntaxError) iex:6:1: unexpected token: )\n    |\n  6 | )\n    | ^"
        );
        assert_eq!(
            show("end\n", 3),
            "** (SyntaxError) iex:3:1: unexpected reserved word: end"
        );
        assert_eq!(show("%{a => }\n", 8), "** (SyntaxError) iex:8:8: syntax error before: '}'\n    |\n  8 | %{a => }\n    |        ^");
        assert_eq!(
            show("%{a: 1, \"b\" => 2, 3 => [4]}\n", 20),
            "** (SyntaxError) iex:20:7: unexpected expression after keyword list. Keyword lists must always come last \
             in lists and maps. Therefore, this is not allowed:\n\n    [some: :value, :another]\n    %{some: :value, \
             another => value}\n\nInstead, reorder it to be the last entry:\n\n    [:another, some: :value]\n    \
             %{another => value, some: :value}\n\nSyntax error after: ','\n    |\n 20 | %{a: 1, \"b\" => 2, 3 => \
             [4]}\n    |       ^"
        );
        assert_eq!(
            show("\"abc\" \"d\"", 1),
            "** (SyntaxError) iex:1:7: syntax error before: \"d\""
        );
        assert_eq!(
            show("1 else", 1),
            "** (SyntaxError) iex:1:3: syntax error before: else. \"else\" is a reserved word in Elixir and therefore \
             its usage is limited. For instance, it can't be used as a variable or be defined nor invoked as a regular \
             function"
        );
        assert_eq!(show("(1]", 11), "** (SyntaxError) iex:11:3: unexpected token: ]. The \"(\" at line 11 is missing terminator \")\"");
        assert_eq!(
            show("1 :a", 1),
            "** (SyntaxError) iex:1:3: syntax error before: a\n    |\n  1 | 1 :a\n    |   ^"
        );
        assert_eq!(
            show("1 Foo", 1),
            "** (SyntaxError) iex:1:3: syntax error before: 'Foo'\n    |\n  1 | 1 Foo\n    |   ^"
        );
        assert_eq!(
            show("1 ?a", 1),
            "** (SyntaxError) iex:1:3: syntax error before: ?a"
        );
        assert_eq!(
            show("1 ~s(x)", 1),
            "** (SyntaxError) iex:1:3: syntax error before: sigil ~s starting with content 'x'"
        );
        assert_eq!(
            show("foo(1\n2)", 1),
            "** (SyntaxError) iex:2:1: syntax error before: \"2\"\n    |\n  2 | 2)\n    | ^"
        );
    }

    #[test]
    fn iex_applies_operator_lines_to_the_previous_result() {
        assert!(starts_with_binary_operator("|> Enum.map(& &1 * 2)"));
        assert!(starts_with_binary_operator("  ++ [4]"));
        assert!(!starts_with_binary_operator("- 1"));
        assert!(!starts_with_binary_operator("[1, 2]"));
        assert_eq!(
            sexp(&parse_continuation("|> Enum.map(& &1 * 2)", 4).unwrap()),
            "(|> (v -1) (. Enum map (& (* &1 2))))"
        );
        assert_eq!(sexp(&parse_continuation("1 + 1", 4).unwrap()), "(+ 1 1)");
        assert!(parse("|> Enum.map(& &1 * 2)", 1).is_err());
    }

    #[test]
    fn positions_follow_elixir_metadata() {
        use super::super::ast::{Node, Target};
        let at = |line, col| Span { line, col };
        let ast = parse("x = Foo.bar(1)\n", 7).unwrap();
        assert_eq!(ast.span, at(7, 3));
        let Node::Call(assign) = &ast.kind else {
            panic!()
        };
        assert_eq!(assign.args[0].span, at(7, 1));
        assert_eq!(assign.args[1].span, at(7, 9));
        let Node::Call(remote) = &assign.args[1].kind else {
            panic!()
        };
        let Target::Remote(module, _) = &remote.target else {
            panic!()
        };
        assert_eq!(module.span, at(7, 5));
        assert_eq!(remote.args[0].span, at(7, 13));
        let ast = parse("[1,\n  -2]", 3).unwrap();
        let Node::List(items) = &ast.kind else {
            panic!()
        };
        assert_eq!((ast.span, items[1].span), (at(3, 1), at(4, 3)));
        let ast = parse("case x do\n  1 -> :a\nend", 1).unwrap();
        let Node::Call(case) = &ast.kind else {
            panic!()
        };
        let Node::List(blocks) = &case.args[1].kind else {
            panic!()
        };
        let Node::Tuple(pair) = &blocks[0].kind else {
            panic!()
        };
        let Node::Clauses(clauses) = &pair[1].kind else {
            panic!()
        };
        assert_eq!((pair[0].span, clauses[0].span), (at(1, 8), at(2, 3)));
    }

    #[test]
    fn break_message() {
        assert_eq!(
            incomplete_message(5),
            "** (TokenMissingError) iex:5: incomplete expression"
        );
    }
}
