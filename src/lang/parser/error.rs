//! Syntax errors: their messages, worded as Elixir 1.14 words them, and
//! their printing as iex prints them (`** (SyntaxError) iex:1:3: ...` with
//! the code snippet under it).

use super::token::{describe, Tok, Token};
use crate::lang::ast::{ParseError, Span};

/// Nesting deeper than the parser follows.
pub const TOO_DEEP: &str = "expression is too deeply nested";
/// A bad `\x` escape.
pub const BAD_HEX_ESCAPE: &str =
    "invalid hex escape character, expected \\xHH where H is a hexadecimal digit. Syntax error after: \\x";
/// A bad `\u` escape.
pub const BAD_UNICODE_ESCAPE: &str = "invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a hexadecimal digit. Syntax error after: \\u";
/// The input stops in the middle of an expression (`1 +`).
pub const EXPRESSION_INCOMPLETE: &str = "syntax error: expression is incomplete";
/// `//` anywhere but right after `..`.
pub const RANGE_STEP: &str = "the range step operator (//) must immediately follow the range definition operator (..), for example: 1..9//2. If you wanted to define a default argument, use (\\\\) instead. Syntax error before: '//'";
/// `do` after a comma or semicolon (`if x, do`).
pub const DO_AFTER_COMMA: &str = "unexpected reserved word: do. In case you wanted to write a \"do\" expression, \
    you must either use do-blocks or separate the keyword argument with comma. For example, you should either \
    write:\n\n    if some_condition? do\n      :this\n    else\n      :that\n    end\n\nor the equivalent \
    construct:\n\n    if(some_condition?, do: :this, else: :that)\n\nwhere \"some_condition?\" is the first \
    argument and the second argument is a keyword list.\n\nYou may see this error if you forget a trailing comma \
    before the \"do\" in a \"do\" block";
/// `fn do`.
pub const DO_AFTER_FN: &str =
    "unexpected reserved word: do. Anonymous functions are written as:\n\n    fn pattern -> expression end";
/// Statements before the first `->` clause of a block.
pub const CLAUSES_FIRST: &str = "unexpected operator ->. If you want to define multiple clauses, the first expression must use ->. Syntax error before: '->'";

/// `span` without its column: Elixir reports some errors at a line only
/// (`iex:2: unexpected comma...`), without a snippet.
pub fn line_only(span: Span) -> Span {
    Span {
        line: span.line,
        col: 0,
    }
}

/// A syntax error.
pub fn syntax(span: Span, message: String) -> ParseError {
    ParseError::Syntax { span, message }
}

/// An incomplete input.
pub fn incomplete(span: Span, message: String) -> ParseError {
    ParseError::Incomplete { span, message }
}

/// `err` placed at `span`.
pub fn respan(err: ParseError, span: Span) -> ParseError {
    match err {
        ParseError::Syntax { message, .. } => syntax(span, message),
        ParseError::Incomplete { message, .. } => incomplete(span, message),
    }
}

/// `missing terminator: " (for string starting at line 1)`.
pub fn missing(closer: &str, what: &str, line: u32) -> String {
    format!("missing terminator: {closer} (for {what} starting at line {line})")
}

/// `missing terminator: ] (for "[" starting at line 1)`.
pub fn missing_terminator(closer: &str, opener: &str, line: u32) -> String {
    missing(closer, &format!("\"{opener}\""), line)
}

/// An interpolation without its `}`.
pub fn missing_interpolation(line: u32) -> String {
    format!("missing interpolation terminator: \"}}\" (for string starting at line {line})")
}

/// `unexpected token: "$" (column 3, code point U+0024)`.
pub fn unexpected_char(c: char, col: u32) -> String {
    format!(
        "unexpected token: \"{c}\" (column {col}, code point U+{:04X})",
        c as u32
    )
}

/// A number running into a letter: `1a`, `0x`, `1_`.
pub fn invalid_after_number(c: char, number: &str) -> String {
    format!(
        "invalid character \"{c}\" after number {number}. If you intended to write a number, make sure to separate \
         the number from the character (using comma, space, etc). If you meant to write a function name or a \
         variable, note that identifiers in Elixir cannot start with numbers. Unexpected token: {c}"
    )
}

/// `Foo!`, `foo@bar`.
pub fn invalid_in_word(c: char, kind: &str, word: &str) -> String {
    let rule = if kind == "alias" {
        " (only ASCII characters, without punctuation, are allowed)"
    } else {
        ""
    };
    format!(
        "invalid character \"{c}\" (code point U+{:04X}) in {kind}{rule}: {word}",
        c as u32
    )
}

/// `Foo(`.
pub fn paren_after_alias(alias: &str) -> String {
    format!(
        "unexpected ( after alias {alias}. Function names and identifiers in Elixir start with lowercase \
         characters or underscore. For example:\n\n    hello_world()\n    _starting_with_underscore()\n    \
         numb3rs_are_allowed()\n    may_finish_with_question_mark?()\n    \
         may_finish_with_exclamation_mark!()\n\nUnexpected token: ("
    )
}

/// `[a:1]`.
pub fn kw_needs_space(word: &str) -> String {
    format!("keyword argument must be followed by space after: {word}:")
}

/// A closing terminator that does not match the open one.
pub fn mismatched(closer: &str, opener: &str, expected: &str, line: u32) -> String {
    let what = if closer == "end" {
        "reserved word"
    } else {
        "token"
    };
    format!("unexpected {what}: {closer}. The \"{opener}\" at line {line} is missing terminator \"{expected}\"")
}

/// A closing terminator with nothing open.
pub fn stray(closer: &str) -> String {
    if closer == "end" {
        "unexpected reserved word: end".to_owned()
    } else {
        format!("unexpected token: {closer}")
    }
}

/// `~sx`.
pub fn bad_sigil_delimiter(c: char, col: u32) -> String {
    format!(
        "invalid sigil delimiter: \"{c}\" (column {col}, code point U+{:04X}). The available delimiters are: //, ||, \"\", '', (), [], {{}}, <>",
        c as u32
    )
}

/// `"""abc`.
pub fn heredoc_start(delim: &str) -> String {
    format!("heredoc allows only zero or more whitespace characters followed by a new line after {delim}")
}

/// Where a keyword list must come last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KwPlace {
    /// In the arguments of a call.
    Call,
    /// In a list or map.
    Container,
}

/// An expression after a keyword list (at the comma).
pub fn kw_not_last(place: KwPlace) -> String {
    match place {
        KwPlace::Call => "unexpected expression after keyword list. Keyword lists must always come as the last \
                          argument. Therefore, this is not allowed:\n\n    function_call(1, some: :option, 2)\n\n\
                          Instead, wrap the keyword in brackets:\n\n    function_call(1, [some: :option], 2)\n\n\
                          Syntax error after: ','"
            .to_owned(),
        KwPlace::Container => "unexpected expression after keyword list. Keyword lists must always come last in \
                               lists and maps. Therefore, this is not allowed:\n\n    [some: :value, :another]\n    \
                               %{some: :value, another => value}\n\nInstead, reorder it to be the last entry:\n\n    \
                               [:another, some: :value]\n    %{another => value, some: :value}\n\nSyntax error \
                               after: ','"
            .to_owned(),
    }
}

/// A call without parentheses followed by a comma where that is ambiguous.
pub fn ambiguous_comma(place: KwPlace) -> String {
    match place {
        KwPlace::Container => "unexpected comma. Parentheses are required to solve ambiguity inside containers.\n\n\
                               This error may happen when you forget a comma in a list or other container:\n\n    \
                               [a, b c, d]\n\nOr when you have ambiguous calls:\n\n    [one, two three, four, five]\n\n\
                               In the example above, we don't know if the parameters \"four\" and \"five\" belongs to \
                               the list or the function \"two\". You can solve this by explicitly adding parentheses:\
                               \n\n    [one, two(three, four), five]\n\nElixir cannot compile otherwise. Syntax error \
                               before: ','"
            .to_owned(),
        KwPlace::Call => "unexpected comma. Parentheses are required to solve ambiguity in nested calls.\n\nThis \
                          error happens when you have nested function calls without parentheses. For example:\n\n    \
                          one a, two b, c, d\n\nIn the example above, we don't know if the parameters \"c\" and \"d\" \
                          apply to the function \"one\" or \"two\". You can solve this by explicitly adding \
                          parentheses:\n\n    one a, two(b, c, d)\n\nOr by adding commas (in case a nested call is \
                          not intended):\n\n    one, a, two, b, c, d\n\nElixir cannot compile otherwise. Syntax error \
                          before: ','"
            .to_owned(),
    }
}

/// The error for finding `token` where it cannot go: `syntax error before:`
/// with Elixir's special wordings for reserved words and line ends. At the
/// end of the input (`interp` false) the input is incomplete instead; at
/// the end of an interpolation it is an error.
pub fn before(token: &Token, last: Option<&Token>, interp: bool) -> ParseError {
    match &token.tok {
        Tok::Eof if interp => syntax(token.span, EXPRESSION_INCOMPLETE.to_owned()),
        Tok::Eof => incomplete(
            last.map_or(token.span, |t| t.span),
            EXPRESSION_INCOMPLETE.to_owned(),
        ),
        Tok::Eol => syntax(
            token.span,
            "unexpectedly reached end of line. The current expression is invalid or incomplete"
                .to_owned(),
        ),
        Tok::Reserved(word) if *word != "do" => syntax(token.span, reserved(word)),
        Tok::Op(word @ ("and" | "or" | "not" | "when" | "in")) => {
            syntax(token.span, reserved(word))
        }
        tok => syntax(
            token.span,
            format!("syntax error before: {}", describe(tok)),
        ),
    }
}

/// `syntax error before: fn. "fn" is a reserved word ...`.
fn reserved(word: &str) -> String {
    format!(
        "syntax error before: {word}. \"{word}\" is a reserved word in Elixir and therefore its usage is limited. \
         For instance, it can't be used as a variable or be defined nor invoked as a regular function"
    )
}

/// What iex prints for `err` in `source` (whose first line is the error
/// line numbering's first line, see [`super::parse`]): the exception banner
/// `** (SyntaxError) FILE:LINE:COL: MESSAGE` or `** (TokenMissingError) ...`,
/// then, when iex shows one, the code snippet. No trailing newline; iex
/// then prints an empty line (the empty stacktrace).
pub fn format_error(err: &ParseError, source: &str, file: &str, first_line: u32) -> String {
    let (kind, span, message, with_snippet) = match err {
        ParseError::Incomplete { span, message } => ("TokenMissingError", span, message, true),
        ParseError::Syntax { span, message } => (
            "SyntaxError",
            span,
            message,
            shows_snippet(message, source, *span, first_line),
        ),
    };
    let location = if span.col == 0 {
        format!("{file}:{}", span.line)
    } else {
        format!("{file}:{}:{}", span.line, span.col)
    };
    let mut out = format!("** ({kind}) {location}: {message}");
    if let Some(snippet) = with_snippet
        .then(|| snippet(source, *span, first_line))
        .flatten()
    {
        out.push('\n');
        out.push_str(&snippet);
    }
    out
}

/// Whether iex prints the code under an error with this message: not for
/// the errors Elixir raises without one (reserved words, mismatched
/// terminators, string, char and sigil tokens).
fn shows_snippet(message: &str, source: &str, span: Span, first_line: u32) -> bool {
    let quiet_prefixes = [
        "unexpected reserved word",
        "syntax error before: ?",
        "syntax error before: sigil ~",
        "unexpectedly reached end of line",
    ];
    if quiet_prefixes.iter().any(|p| message.starts_with(p)) {
        return false;
    }
    if message.contains("\" is a reserved word in Elixir")
        || message.contains(" is missing terminator \"")
    {
        return false;
    }
    if message.starts_with("syntax error before: \"") {
        let at = line_of(source, span.line, first_line)
            .and_then(|l| l.chars().nth(span.col.saturating_sub(1) as usize));
        return !matches!(at, Some('"' | '\''));
    }
    true
}

/// Line `line` of `source`, numbered from `first_line`.
fn line_of(source: &str, line: u32, first_line: u32) -> Option<&str> {
    let index = line.checked_sub(first_line)? as usize;
    source
        .split('\n')
        .nth(index)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// The snippet under an error, as Elixir's `Exception.format_snippet/2`:
/// a gutter as wide as the line number (at least 2), the line, a caret.
fn snippet(source: &str, span: Span, first_line: u32) -> Option<String> {
    let content = line_of(source, span.line, first_line)?;
    if content.trim().is_empty() || span.col == 0 {
        return None;
    }
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len().max(2));
    let padding = if number.len() < 2 { " " } else { "" };
    let offset = " ".repeat(span.col as usize - 1);
    Some(format!(
        " {gutter} |\n {padding}{number} | {content}\n {gutter} | {offset}^"
    ))
}

/// What iex prints when `#iex:break` abandons an incomplete input.
pub fn incomplete_message(line: u32) -> String {
    format!("** (TokenMissingError) iex:{line}: incomplete expression")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, col: u32) -> Span {
        Span { line, col }
    }

    #[test]
    fn snippet_gutter_grows_with_the_line_number() {
        let err = syntax(at(6, 1), "unexpected token: )".into());
        assert_eq!(
            format_error(&err, "1 +\n)\n", "iex", 5),
            "** (SyntaxError) iex:6:1: unexpected token: )\n    |\n  6 | )\n    | ^"
        );
        let err = syntax(at(20, 7), "syntax error before: x".into());
        assert_eq!(
            format_error(&err, "%{a: 1, x}", "iex", 20),
            "** (SyntaxError) iex:20:7: syntax error before: x\n    |\n 20 | %{a: 1, x}\n    |       ^"
        );
        let err = syntax(at(100, 2), "syntax error before: x".into());
        assert!(format_error(&err, "1x", "iex", 100).ends_with("\n     |\n 100 | 1x\n     |  ^"));
    }

    #[test]
    fn some_errors_have_no_snippet() {
        let err = syntax(at(3, 1), "unexpected reserved word: end".into());
        assert_eq!(
            format_error(&err, "end", "iex", 3),
            "** (SyntaxError) iex:3:1: unexpected reserved word: end"
        );
        let err = syntax(at(1, 5), "syntax error before: \"d\"".into());
        assert_eq!(
            format_error(&err, "\"a\" \"d\"", "iex", 1),
            "** (SyntaxError) iex:1:5: syntax error before: \"d\""
        );
        let err = syntax(at(1, 3), "syntax error before: \"2\"".into());
        assert!(format_error(&err, "1 2", "iex", 1).contains("| 1 2"));
    }

    #[test]
    fn token_missing_and_break() {
        let err = incomplete(at(1, 6), missing_terminator("]", "[", 1));
        assert_eq!(
            format_error(&err, "[1, 2", "t.exs", 1),
            "** (TokenMissingError) t.exs:1:6: missing terminator: ] (for \"[\" starting at line 1)\n    |\n  1 | [1, 2\n    |      ^"
        );
        assert_eq!(
            incomplete_message(5),
            "** (TokenMissingError) iex:5: incomplete expression"
        );
    }
}
