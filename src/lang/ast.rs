//! The syntax tree the parser produces: Elixir's own shape, close to
//! `quote`'s output.
//!
//! As in Elixir, most constructs are calls: `if c do a else b end` is the
//! call `if(c, do: a, else: b)`, `x + 1` is the call `+(x, 1)`, `defmodule`,
//! `case`, `receive`, `try`, `for`, `with`, `def` are calls with a trailing
//! keyword list holding their `do`/`else`/`rescue`/... blocks. What makes a
//! call special is decided later, by the analyser, not by the parser. Only
//! what Elixir's AST also keeps apart has its own variant here: literals,
//! variables, aliases, containers, anonymous functions, `->` clauses.
//!
//! ```text
//! case x do            Call { target: Local("case"), args: [
//!   1 -> :one            Var("x"),
//!   _ -> :other          List([Tuple([Atom(do), Clauses([...])])]) ] }
//! end
//! ```

use num_bigint::BigInt;

/// Where a node starts: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub col: u32,
}

/// A syntax tree node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    /// What the node is.
    pub kind: Node,
    /// Where it starts.
    pub span: Span,
}

/// The kinds of node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `42`, `1_000`, `0x1F`, `?a`.
    Int(i64),
    /// An integer literal past 64 bits.
    BigInt(BigInt),
    /// `1.5`, `1.0e10`.
    Float(f64),
    /// `:ok`, `:"quoted atom"`, `true`, `false`, `nil`, and keyword keys (`a:` is `:a`).
    Atom(String),
    /// A string literal without interpolation (escapes already applied).
    String(String),
    /// `"a #{b} c"`: literal parts and expressions, in order.
    Interpolation(Vec<Part>),
    /// A charlist literal without interpolation: `'abc'`.
    Charlist(String),
    /// A charlist with interpolation: `'a#{b}'`.
    CharlistInterpolation(Vec<Part>),
    /// A variable (`x`, `_x`, `_`). `__MODULE__` and friends are variables too.
    Var(String),
    /// A module alias: `Foo.Bar` is `["Foo", "Bar"]`. `__MODULE__.Sub` is a
    /// call `.` on the variable; this variant holds literal aliases only.
    Alias(Vec<String>),
    /// A call. Operators are calls of their symbol (`+`, `=`, `|>`, `..`,
    /// `and`, `in`, `not in`, `::`, `when`, `<-`, `\\\\`, `^` (pin), `&` (capture),
    /// `@` (module attribute), unary `-`, `+`, `!`, `not`). `x.y` without
    /// parentheses is `Remote` with `no_parens`.
    Call(Box<Call>),
    /// `{a, b, c}`.
    Tuple(Vec<Ast>),
    /// `[a, b]`; an improper tail `[a | t]` is the last element as a call of `|`.
    /// Keyword items `[a: 1]` are two-element tuples `{:a, 1}`.
    List(Vec<Ast>),
    /// `%{k => v, a: 1}`: pairs in source order.
    Map(Vec<(Ast, Ast)>),
    /// `%{m | a: 1}`: the map and the updated pairs.
    MapUpdate(Box<Ast>, Vec<(Ast, Ast)>),
    /// `%Name{a: 1}` or `%Name{s | a: 1}`: the struct's name (an alias, a
    /// variable or `__MODULE__`), an optional update base, and the pairs.
    Struct(Box<Ast>, Option<Box<Ast>>, Vec<(Ast, Ast)>),
    /// `<<1, 2, x::size(8)>>`: each segment is an expression, maybe a call of `::`.
    Bitstring(Vec<Ast>),
    /// `fn a, b when g -> body; ... end`.
    Fn(Vec<Clause>),
    /// The clauses of a do-block made of `->` arrows (`case`, `receive`,
    /// `cond`, `rescue`, `catch`, `else`, `after` with clauses).
    Clauses(Vec<Clause>),
    /// `a; b` or the lines of a block: evaluates each, returns the last.
    Block(Vec<Ast>),
    /// `&1`, `&2`, ... inside a capture.
    CaptureArg(u32),
    /// A sigil: `~s(...)`, `~w(a b)c`, `~r/x/i`: letter, contents, modifiers.
    Sigil(char, Vec<Part>, String),
    /// A value put into the tree at compile time, as `Macro.escape` does:
    /// a module attribute read in a function body, `__MODULE__`, a `use`'s
    /// options.
    Value(Value),
}

/// A term inside the syntax tree.
#[derive(Clone)]
pub struct Value(pub crate::term::Term);

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.0.key_cmp(&other.0) == std::cmp::Ordering::Equal
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::term::inspect::inspect(&self.0))
    }
}

/// A piece of an interpolated string or charlist.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text (escapes applied).
    Text(String),
    /// `#{expr}`.
    Expr(Ast),
}

/// A call: what is called, the arguments, and how it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function.
    pub target: Target,
    /// The arguments. A trailing keyword list (`foo(a, b: 1)`, `do ... end`
    /// blocks) is one last `List` argument of `{atom, value}` tuples.
    pub args: Vec<Ast>,
    /// Written without parentheses (`flush`, `send pid, msg`, `x.y`).
    pub no_parens: bool,
}

/// What a call calls.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A local function, special form or operator: `foo(1)`, `if`, `+`.
    Local(String),
    /// `Mod.fun(args)`, `:erlang.fun(args)`, `var.fun(args)`, `map.key`.
    Remote(Box<Ast>, String),
    /// `f.(args)`.
    Anonymous(Box<Ast>),
}

/// One `patterns when guard -> body` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// The patterns (one for `case`, the arguments for `fn`).
    pub patterns: Vec<Ast>,
    /// The `when` guard, if any.
    pub guard: Option<Ast>,
    /// The body.
    pub body: Ast,
    /// Where the clause starts.
    pub span: Span,
}

impl Ast {
    /// A node at `span`.
    pub fn new(kind: Node, span: Span) -> Ast {
        Ast { kind, span }
    }

    /// A call of a local name (operators included).
    pub fn local(name: &str, args: Vec<Ast>, span: Span) -> Ast {
        Ast::new(
            Node::Call(Box::new(Call {
                target: Target::Local(name.to_owned()),
                args,
                no_parens: false,
            })),
            span,
        )
    }

    /// The name when this is a call of a local name.
    pub fn local_name(&self) -> Option<&str> {
        match &self.kind {
            Node::Call(c) => match &c.target {
                Target::Local(n) => Some(n),
                _ => None,
            },
            _ => None,
        }
    }

    /// The node standing for the value `t`.
    pub fn value(t: crate::term::Term, span: Span) -> Ast {
        Ast::new(Node::Value(Value(t)), span)
    }

    /// The call, when this is one.
    pub fn as_call(&self) -> Option<&Call> {
        match &self.kind {
            Node::Call(c) => Some(c),
            _ => None,
        }
    }
}

/// What parsing an input gives.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    /// The input stops before the expression does (an open bracket, string,
    /// `do` without `end`, a trailing operator): the REPL asks for more lines.
    Incomplete {
        /// Where the missing token was expected.
        span: Span,
        /// iex's text, as in `** (TokenMissingError) iex:1:4: missing terminator: ]`.
        message: String,
    },
    /// The input is wrong whatever follows.
    Syntax {
        /// Where the error is.
        span: Span,
        /// The message after `** (SyntaxError) iex:L:C: `.
        message: String,
    },
}

/// True for the forms whose code is not run where they stand: quoted code,
/// and modules and functions defined there (expanded and compiled as
/// they are defined).
pub fn is_quote_or_definition(name: &str) -> bool {
    matches!(
        name,
        "quote"
            | "defmodule"
            | "def"
            | "defp"
            | "defmacro"
            | "defmacrop"
            | "defprotocol"
            | "defimpl"
    )
}
