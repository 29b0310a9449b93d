//! What the compiler produces and the machine runs: a [`Unit`] of [`Code`]s,
//! each a flat list of register instructions ([`Op`]).
//!
//! A code's registers are a window of the process's register stack: the
//! arguments first, then every variable binding and temporary, each with a
//! slot fixed at compile time. A variable bound twice (`x = x + 1`) gets two
//! slots, so a clause that fails half-way through its pattern never spoils a
//! value another clause still needs.
//!
//! ```text
//! def fact(0), do: 1                   0  match   p0, r0 else 3
//! def fact(n), do: n * fact(n - 1)     1  const   r1 <- 1
//!                                      2  return  r1
//!                                      3  match   p1 (n -> r2), r0 else 9
//!                                      4  sub     r4 <- r2 - 1
//!                                      5  call    fact/1 (r4) -> r3
//!                                      6  mul     r5 <- r2 * r3
//!                                      7  return  r5
//!                                      9  function clause error
//! ```

use crate::lang::ast::Ast;
use crate::lang::eval::Scope;
use crate::term::{Atom, Term};
use std::sync::Arc;

/// A register number, relative to the running code's window.
pub type Reg = u16;

/// A jump target: an index into a code's `ops`.
pub type Label = u32;

/// Where a failed match goes when no other clause follows: it raises.
pub const RAISE: Label = Label::MAX;

/// A call's `frame` before the liveness pass sets it: above every register
/// of the caller.
pub const WHOLE_WINDOW: Reg = Reg::MAX - 1;

/// A [`Op::Cons`] part bound to `_`: not kept.
pub const DISCARD: Reg = Reg::MAX;

/// Code compiled together: a module's functions, or one shell input, with the
/// anonymous functions written inside them.
pub struct Unit {
    /// The codes; a function or lambda is known by its index here.
    pub codes: Vec<Code>,
    /// What the code was compiled in: the file, the module, the aliases.
    pub scope: Arc<Scope>,
    /// Its codes are a module's functions (and the `fn`s in them), which
    /// the BEAM compiles, rather than a shell input or a module's body,
    /// which Elixir evaluates: only the former's arithmetic is inline
    /// (`eval::inline_arith`).
    pub module_functions: bool,
}

/// What a code is, for stack frames and errors.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A named module function.
    Function {
        /// Its module.
        module: Atom,
        /// Its name.
        name: Atom,
        /// Where its first clause is, for `FunctionClauseError`'s frame.
        line: u32,
    },
    /// An anonymous function (`fn`), shown as the interpreter's.
    Lambda,
    /// A function of the prelude, standing for one of `Enum`: it adds the
    /// frames Elixir's own function shows (`run::library_frames`).
    Library {
        /// Its name.
        name: Atom,
    },
    /// A whole shell input or script expression.
    Input,
}

/// One compiled function, lambda or input.
pub struct Code {
    /// What it is.
    pub kind: Kind,
    /// Its arguments, in registers `0..arity`.
    pub arity: u16,
    /// How many registers its window needs.
    pub nregs: u16,
    /// The instructions.
    pub ops: Vec<Op>,
    /// The source line of each instruction, for frames.
    pub lines: Vec<u32>,
    /// Constants the instructions load.
    pub consts: Vec<Term>,
    /// Patterns the instructions match.
    pub pats: Vec<Pat>,
    /// Guards the instructions test.
    pub guards: Vec<Guard>,
    /// Call targets.
    pub calls: Vec<Callee>,
    /// `receive` blocks.
    pub receives: Vec<ReceiveSite>,
    /// Subtrees run by the tree-walking evaluator.
    pub fallbacks: Vec<Fallback>,
    /// The segments of each `<<...>>` built.
    pub bitstrings: Vec<crate::lang::eval::bitstring::Site>,
    /// `fn`s made here: the lambda's code and the registers it captures.
    pub lambdas: Vec<LambdaSite>,
    /// A lambda's captured values go to these registers on entry.
    pub capture_regs: Vec<Reg>,
    /// For an input: the variables it leaves bound, and their registers.
    pub exports: Vec<(Atom, Reg)>,
    /// The unit it belongs to, once the unit is made.
    pub owner: Owner,
}

/// The unit a code belongs to, by address: set once the unit is whole
/// (`compile::finish`), so that a running code reaches its unit without
/// a frame keeping both.
#[derive(Clone, Copy, Debug)]
pub struct Owner(*const Unit);

// SAFETY: it is only read while the unit lives (the code is inside it),
// and a `Unit` is `Send` and `Sync`.
unsafe impl Send for Owner {}
unsafe impl Sync for Owner {}

impl Owner {
    /// No unit yet.
    pub const NONE: Owner = Owner(std::ptr::null());

    /// The unit, by address (null before the unit is made).
    pub fn unit(self) -> *const Unit {
        self.0
    }
}

impl Unit {
    /// A unit of `codes`, each told that it belongs to it.
    pub fn new(codes: Vec<Code>, scope: Arc<Scope>, module_functions: bool) -> Arc<Unit> {
        let mut unit = Arc::new(Unit {
            codes,
            scope,
            module_functions,
        });
        let at = Arc::as_ptr(&unit);
        let made = Arc::get_mut(&mut unit).expect("a unit just made is not shared");
        made.codes.iter_mut().for_each(|c| c.owner = Owner(at));
        unit
    }
}

/// Arithmetic, comparison and the other operators with a fast path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `div/2`: integer division.
    IntDiv,
    /// `rem/2`.
    Rem,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Gt,
    Le,
    Ge,
    Concat,
    /// Kept last: `run::ops::int_compares` sizes its table by it.
    Range,
}

impl BinOp {
    /// How an arithmetic operator is written (`""` for the others).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            _ => "",
        }
    }

    /// True for the operators whose value is a boolean.
    pub fn is_comparison(self) -> bool {
        !matches!(
            self,
            BinOp::Add
                | BinOp::Sub
                | BinOp::Mul
                | BinOp::Div
                | BinOp::IntDiv
                | BinOp::Rem
                | BinOp::Concat
                | BinOp::Range
        )
    }
}

/// One machine instruction.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// `dst <- consts[k]`.
    Const { dst: Reg, k: u32 },
    /// `dst <- src`.
    Move { dst: Reg, src: Reg },
    /// `dst <- src`, leaving `src` empty: its last use.
    Take { dst: Reg, src: Reg },
    /// `dst <- {start, ..., start + n - 1}`.
    Tuple { dst: Reg, start: Reg, n: u16 },
    /// `dst <- [start, ..., start + n - 1 | tail]`.
    List {
        dst: Reg,
        start: Reg,
        n: u16,
        tail: Option<Reg>,
    },
    /// `dst <- %{k1 => v1, ...}` from `n` key/value pairs from `start`.
    Map { dst: Reg, start: Reg, n: u16 },
    /// `dst <- %{base | k1 => v1, ...}`: every key must exist.
    MapUpdate {
        dst: Reg,
        base: Reg,
        start: Reg,
        n: u16,
    },
    /// `dst <- a op b`. `bare`: the BEAM compiles it inline, so that a
    /// failure is a bare `badarith` (`eval::inline_arith`).
    Bin {
        op: BinOp,
        dst: Reg,
        a: Reg,
        b: Reg,
        bare: bool,
    },
    /// `dst <- a op k` with a small integer literal (`n - 1`, `acc + 1`);
    /// `bare` as for `Bin`.
    BinK {
        op: BinOp,
        dst: Reg,
        a: Reg,
        k: i32,
        bare: bool,
    },
    /// `dst <- a + k` or `dst <- a - k` (`sub`) with a small integer
    /// literal, `delta` being `k` or `-k`: what a counter (`n - 1`,
    /// `acc + 1`) compiles to, an instruction of its own so that the
    /// machine adds without a second dispatch on the operator.
    AddK {
        dst: Reg,
        a: Reg,
        delta: i32,
        sub: bool,
        bare: bool,
    },
    /// `dst <- not truthy(src)` (`!`).
    Not { dst: Reg, src: Reg },
    /// Raises `BadBooleanError` unless `src` is a boolean (`and`, `or`, `not`).
    Boolean { src: Reg, op: Atom },
    /// `dst <- src.key`: a map's key (or `KeyError`), or a module's
    /// function of no arguments when `src` is an atom.
    Field { dst: Reg, src: Reg, key: Atom },
    /// Goes to `to`.
    Jump { to: Label },
    /// Goes to `to` when `src` is falsy (`nil` or `false`).
    JumpIfFalsy { src: Reg, to: Label },
    /// Goes to `to` when `src` is truthy.
    JumpIfTruthy { src: Reg, to: Label },
    /// Matches `src` against `pats[pat]`, binding its variables; on a
    /// mismatch goes to `fail` (or raises `MatchError` when it is [`RAISE`]).
    /// `apart`: the pattern neither reads nor binds `src`, so the machine
    /// matches the value where it lies instead of a copy of it (set by
    /// `liveness::mark_matches_apart` once the registers are final).
    Match {
        pat: u32,
        src: Reg,
        fail: Label,
        apart: bool,
    },
    /// Goes to `fail` (or raises `MatchError`) unless `src` is exactly
    /// `consts[k]`: a literal in a pattern (`def count(0, acc)`).
    IsConst { src: Reg, k: u32, fail: Label },
    /// `IsConst` of a small integer literal, held in the instruction.
    IsInt { src: Reg, k: i32, fail: Label },
    /// Goes to `fail` (or raises `MatchError`) unless `src` is a non-empty
    /// list; else binds its head to `head` and its tail to `tail`, each
    /// unless it is [`DISCARD`] (`[x | rest]`).
    Cons {
        src: Reg,
        head: Reg,
        tail: Reg,
        fail: Label,
    },
    /// Goes to `fail` unless `guards[guard]` holds.
    Guard { guard: u32, fail: Label },
    /// Goes to `to` unless `src` is exactly `true` (a guard's comparison).
    JumpUnlessTrue { src: Reg, to: Label },
    /// Goes to `to` unless `a op b` holds: a comparison tested by a guard
    /// or an `if`, with no boolean in between.
    JumpUnlessCmp {
        op: BinOp,
        a: Reg,
        b: Reg,
        to: Label,
    },
    /// Goes to `to` unless `a op k` holds, with a small integer literal.
    JumpUnlessCmpK {
        op: BinOp,
        a: Reg,
        k: i32,
        to: Label,
    },
    /// Goes to `fail` unless `src` is of the type (a guard's `is_...`).
    TypeTest { src: Reg, ty: Type, fail: Label },
    /// Calls `calls[callee]` with `n` arguments from `start`; its value goes
    /// to `dst`, or, in a tail call, is this code's value. A callee that is
    /// compiled code gets the registers from `frame` up: the caller's
    /// registers it still needs after the call are all below.
    Call {
        callee: u32,
        start: Reg,
        n: u16,
        dst: Reg,
        tail: bool,
        frame: Reg,
    },
    /// A `Call` of `codes[code]`, a function of the same unit: what a call
    /// of [`Callee::Own`] becomes once the unit is whole, so the machine
    /// enters it without looking the callee up.
    CallOwn {
        code: u32,
        start: Reg,
        n: u16,
        dst: Reg,
        tail: bool,
        frame: Reg,
    },
    /// A function's body call of itself (`n * fact(n - 1)`): a `CallOwn`
    /// of the running code, which the machine enters without switching
    /// code, since it runs already.
    Recurse {
        start: Reg,
        n: u16,
        dst: Reg,
        frame: Reg,
    },
    /// `frame <- a + delta` (`sub` and `bare` as for [`Op::AddK`]), then
    /// `Recurse` with that one argument: `fib(n - 1)`, fused
    /// (`compile::fuse`).
    RecurseAddK {
        a: Reg,
        delta: i32,
        sub: bool,
        bare: bool,
        dst: Reg,
        frame: Reg,
    },
    /// A function's tail call of itself: the `n` arguments from `start`
    /// take the parameters' places and the code starts again. The
    /// arguments of `skip` (bit `i` for argument `i`) were made in their
    /// parameter's register already, and stay.
    Loop { start: Reg, n: u16, skip: u16 },
    /// Applies the function in `fun` to `n` arguments from `start`, as
    /// `Call` does.
    Apply {
        fun: Reg,
        start: Reg,
        n: u16,
        dst: Reg,
        tail: bool,
        frame: Reg,
    },
    /// `dst <- fn ... end`, capturing registers.
    Lambda { dst: Reg, site: u32 },
    /// Waits for a message matching one of `receives[site]`'s clauses
    /// (binding its variables) and goes to that clause's body, or to the
    /// `after` body once the timeout in its register runs out.
    Receive { site: u32 },
    /// Runs `fallbacks[site]` with the tree-walking evaluator.
    Fallback { site: u32, dst: Reg },
    /// `send(start, start + 1)`: the message in `start + 1` to the process
    /// (or name) in `start`; `dst <-` the message.
    Send { dst: Reg, start: Reg },
    /// `dst <- "..."` from `n` parts from `start`, each turned into a string.
    Interpolate { dst: Reg, start: Reg, n: u16 },
    /// `dst <- <<...>>` of the segments `bitstrings[site]` describes, from
    /// `n` registers from `start`: each segment's value, then its size
    /// when that is not a constant.
    Bitstring {
        dst: Reg,
        start: Reg,
        n: u16,
        site: u32,
    },
    /// Ends the code with the value of `src`.
    Return { src: Reg },
    /// `dst <- a op b` (as [`Op::Bin`]), then `Return` of `dst`: a code
    /// ending in an operation (`n * fact(n - 1)`), fused
    /// (`compile::fuse`).
    BinReturn {
        op: BinOp,
        dst: Reg,
        a: Reg,
        b: Reg,
        bare: bool,
    },
    /// Raises the error a failed construct raises about `src`.
    Fail { what: Failure, src: Reg },
    /// Enters a `try`: until the matching [`Op::TryEnd`], an exception
    /// leaving the code after it (or any code it calls) comes back to this
    /// frame at `handler`, with its kind (`:error`, `:exit` or `:throw`)
    /// in `kind`, its reason in `kind + 1` and its stacktrace in
    /// `kind + 2`.
    Try { kind: Reg, handler: Label },
    /// Leaves the innermost `try` entered.
    TryEnd,
    /// Raises again the exception a handler was given in `kind` and the
    /// two registers after it, with its stacktrace: what a `try` whose
    /// clauses all refuse it does.
    Reraise { kind: Reg },
}

/// True when a [`Op::Loop`]'s `skip` leaves argument `i` where it is.
#[inline(always)]
pub fn loop_skips(skip: u16, i: u16) -> bool {
    i < 16 && skip & (1 << i) != 0
}

impl Op {
    /// `dst <- a op k`: an [`Op::AddK`] for `+` and `-`.
    pub fn with_constant(op: BinOp, dst: Reg, a: Reg, k: i32, bare: bool) -> Op {
        match (op, k.checked_neg()) {
            (BinOp::Add, _) => Op::AddK {
                dst,
                a,
                delta: k,
                sub: false,
                bare,
            },
            (BinOp::Sub, Some(delta)) => Op::AddK {
                dst,
                a,
                delta,
                sub: true,
                bare,
            },
            _ => Op::BinK {
                op,
                dst,
                a,
                k,
                bare,
            },
        }
    }

    /// The [`Op::AddK`] a [`Op::RecurseAddK`] starts with.
    pub fn add_k_part(&self) -> Option<Op> {
        match *self {
            Op::RecurseAddK {
                a,
                delta,
                sub,
                bare,
                frame,
                ..
            } => Some(Op::AddK {
                dst: frame,
                a,
                delta,
                sub,
                bare,
            }),
            _ => None,
        }
    }

    /// The [`Op::Bin`] a [`Op::BinReturn`] starts with.
    pub fn bin_part(&self) -> Option<Op> {
        match *self {
            Op::BinReturn {
                op,
                dst,
                a,
                b,
                bare,
            } => Some(Op::Bin {
                op,
                dst,
                a,
                b,
                bare,
            }),
            _ => None,
        }
    }

    /// An [`Op::AddK`] as the [`Op::BinK`] it stands for (the machine runs
    /// that when the fast path does not apply: a float, an error, a big
    /// integer).
    pub fn as_bin_k(&self) -> Option<Op> {
        match *self {
            Op::AddK {
                dst,
                a,
                delta,
                sub,
                bare,
            } => Some(Op::BinK {
                op: if sub { BinOp::Sub } else { BinOp::Add },
                dst,
                a,
                // `with_constant` made `delta` from a `k` that negates.
                k: if sub { delta.wrapping_neg() } else { delta },
                bare,
            }),
            _ => None,
        }
    }

    /// The register an instruction that writes one value (and nothing
    /// else) writes: `None` for the others, and for a tail call, whose
    /// value leaves the code.
    pub fn dst_mut(&mut self) -> Option<&mut Reg> {
        match self {
            Op::Const { dst, .. }
            | Op::Move { dst, .. }
            | Op::Take { dst, .. }
            | Op::Tuple { dst, .. }
            | Op::List { dst, .. }
            | Op::Map { dst, .. }
            | Op::MapUpdate { dst, .. }
            | Op::Bin { dst, .. }
            | Op::BinK { dst, .. }
            | Op::AddK { dst, .. }
            | Op::Not { dst, .. }
            | Op::Field { dst, .. }
            | Op::Lambda { dst, .. }
            | Op::Fallback { dst, .. }
            | Op::Interpolate { dst, .. }
            | Op::Bitstring { dst, .. }
            | Op::Send { dst, .. } => Some(dst),
            Op::Call {
                dst, tail: false, ..
            }
            | Op::CallOwn {
                dst, tail: false, ..
            }
            | Op::Recurse { dst, .. }
            | Op::Apply {
                dst, tail: false, ..
            } => Some(dst),
            _ => None,
        }
    }

    /// The label a jump or test goes to (a failed match's may be [`RAISE`]).
    pub fn label_mut(&mut self) -> Option<&mut Label> {
        match self {
            Op::Jump { to: t }
            | Op::JumpIfFalsy { to: t, .. }
            | Op::JumpIfTruthy { to: t, .. }
            | Op::Match { fail: t, .. }
            | Op::IsConst { fail: t, .. }
            | Op::IsInt { fail: t, .. }
            | Op::Cons { fail: t, .. }
            | Op::Guard { fail: t, .. }
            | Op::JumpUnlessTrue { to: t, .. }
            | Op::JumpUnlessCmp { to: t, .. }
            | Op::JumpUnlessCmpK { to: t, .. }
            | Op::TypeTest { fail: t, .. }
            | Op::Try { handler: t, .. } => Some(t),
            _ => None,
        }
    }
}

/// The types a guard tests with one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Integer,
    Float,
    Number,
    Atom,
    Boolean,
    Nil,
    Binary,
    List,
    Map,
    Tuple,
    Pid,
    /// A function (of the arity, when given).
    Function(Option<u16>),
}

/// The errors raised when no clause matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// `case`: `CaseClauseError`.
    Case,
    /// `cond`: `CondClauseError`.
    Cond,
    /// A module function: `FunctionClauseError` (its arguments are the
    /// registers from 0).
    FunctionClause,
    /// A lambda: the interpreter's `FunctionClauseError`.
    LambdaClause,
    /// `with ... else`: `WithClauseError`.
    With,
    /// `try ... else`: `TryClauseError`.
    Try,
}

/// What a call calls, resolved at compile time as far as it can be.
#[derive(Clone)]
pub enum Callee {
    /// A function of the unit: a module function calling its neighbour.
    Own(u32),
    /// `Mod.fun(...)`, found in the code table when called.
    Remote(Atom, Atom),
    /// A function of the shell's helpers (`flush`, `v`, `h`).
    Helper(Atom),
    /// A function of the module (private ones too) that runs in the evaluator.
    Private(Atom, Atom),
    /// A function of the prelude (`Enum.map/2` over a list or range).
    Prelude(u32),
    /// A function written in Rust, found once at compile time.
    Native(crate::runtime::code::Native),
    /// `target.fun(...)` with the module a value: the call's first
    /// register holds it, the arguments follow. Applied as `apply/3`
    /// would, entered at once when it names a compiled function.
    Dynamic(Atom),
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub enum Pat {
    /// `_`: anything.
    Any,
    /// A new variable: binds the register.
    Bind(Reg),
    /// A variable seen before in the same pattern, or `^pinned`: must equal
    /// the register's value.
    Same(Reg),
    /// A literal: must be exactly equal.
    Const(Term),
    /// A tuple of these.
    Tuple(Vec<Pat>),
    /// `[a, b | tail]` (the tail is `Const([])` for a proper list).
    List(Vec<Pat>, Box<Pat>),
    /// A map with at least these keys (literals or pinned registers).
    Map(Vec<(Key, Pat)>),
    /// `"prefix" <> rest`.
    Prefix(Vec<u8>, Box<Pat>),
    /// `a = b` inside a pattern: both.
    Both(Box<Pat>, Box<Pat>),
    /// `<<n::16, rest::binary>>`: a binary whose segments match these, to
    /// its last bit.
    Binary(Vec<Piece>),
}

/// A segment of a bitstring pattern.
#[derive(Clone, Debug)]
pub enum Piece {
    /// A literal string: these bytes.
    Literal(Vec<u8>),
    /// A segment read as `spec` says, its size in `size` when not a
    /// constant, its value matched against `pat`.
    Value {
        spec: crate::lang::eval::bitstring::Spec,
        size: Option<Reg>,
        pat: Pat,
    },
}

/// A key of a map pattern.
#[derive(Clone, Debug)]
pub enum Key {
    /// A literal key.
    Const(Term),
    /// `^x`.
    Pinned(Reg),
}

/// A compiled guard expression: evaluated without the process, a failure
/// inside makes the guard false.
#[derive(Clone, Debug)]
pub enum Guard {
    /// A register.
    Reg(Reg),
    /// A literal.
    Const(Term),
    /// `{...}`.
    Tuple(Vec<Guard>),
    /// `[...]`.
    List(Vec<Guard>),
    /// `map.key`.
    Field(Box<Guard>, Atom),
    /// `a and b` (short-circuit, strict).
    And(Box<Guard>, Box<Guard>),
    /// `a or b`.
    Or(Box<Guard>, Box<Guard>),
    /// `g1 when g2`: either holds.
    Either(Box<Guard>, Box<Guard>),
    /// A guard function or operator of one argument, by name.
    Unary(String, Box<Guard>),
    /// A guard function or operator of two, by name.
    Binary(String, Box<Guard>, Box<Guard>),
}

/// One `receive` block.
pub struct ReceiveSite {
    /// Each clause: its pattern, guard and body.
    pub clauses: Vec<(u32, Option<u32>, Label)>,
    /// `after`: the register holding the timeout and the body's label.
    pub after: Option<(Reg, Label)>,
}

/// A subtree the compiler leaves to the tree-walking evaluator, with the
/// variables it can see.
pub struct Fallback {
    /// The expression.
    pub ast: Ast,
    /// The variables in scope and their registers.
    pub vars: Vec<(Atom, Reg)>,
}

/// Making a lambda: which code, which registers to capture.
pub struct LambdaSite {
    /// The lambda's code in the unit.
    pub code: u32,
    /// The registers whose values it keeps, in its `capture_regs` order.
    pub captures: Vec<Reg>,
}

#[cfg(test)]
mod tests {
    use super::{BinOp, Op};

    /// The operator and literal of a `BinK` with `dst` 2 and `a` 1.
    fn bin_k(op: Op) -> Option<(BinOp, i32)> {
        match op {
            Op::BinK {
                op,
                dst: 2,
                a: 1,
                k,
                bare: true,
            } => Some((op, k)),
            _ => None,
        }
    }

    #[test]
    fn an_addition_or_subtraction_of_a_literal_stands_for_its_bin_k() {
        for (op, k) in [
            (BinOp::Add, 3),
            (BinOp::Sub, 1),
            (BinOp::Sub, -7),
            (BinOp::Add, i32::MIN),
        ] {
            let made = Op::with_constant(op, 2, 1, k, true);
            assert!(matches!(made, Op::AddK { .. }), "{made:?}");
            assert_eq!(made.as_bin_k().and_then(bin_k), Some((op, k)));
        }
    }

    #[test]
    fn a_subtraction_whose_literal_cannot_be_negated_and_other_operators_stay_bin_k() {
        for (op, k) in [(BinOp::Sub, i32::MIN), (BinOp::Mul, 2), (BinOp::Rem, 3)] {
            assert_eq!(bin_k(Op::with_constant(op, 2, 1, k, true)), Some((op, k)));
        }
    }
}
