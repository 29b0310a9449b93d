//! The machine's instructions that stay within the running frame: building
//! terms, operators, tests and jumps, matching, and the errors of clauses
//! that do not match; and the few that wait (`receive`) or call out
//! (interpolation, `map.field`).

use super::matching;
use crate::lang::compile::code::{BinOp, Code, Failure, Kind, Label, Op, ReceiveSite, Type, RAISE};
use crate::lang::eval::call::bad_boolean;
use crate::lang::eval::control::{clause_error, cond_clause_error, receive_timeout};
use crate::lang::eval::expr::{bad_map_update, interpolated, match_error, update_existing};
use crate::lang::module::function::no_clause;
use crate::lang::stdlib::kernel;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, List, TMap, Term};

type R<T = ()> = Result<T, Exception>;

/// Runs one instruction that neither calls nor waits, of those the
/// machine's loop does not run itself (moves, jumps, tests and tuples are
/// there).
#[inline(always)]
pub fn step(op: &Op, code: &Code, file: &str, pc: &mut Label, regs: &mut [Term]) -> R {
    match op {
        Op::List {
            dst,
            start,
            n,
            tail,
        } => {
            let tail = tail.map(|t| regs[t as usize].clone()).unwrap_or(Term::Nil);
            let items: Vec<Term> = span(regs, *start, *n).iter_mut().map(take).collect();
            regs[*dst as usize] = List::from_vec(items, tail);
        }
        Op::Map { dst, start, n } => {
            let mut map = TMap::new();
            for pair in span(regs, *start, *n * 2).chunks_mut(2) {
                map.insert(take(&mut pair[0]), take(&mut pair[1]));
            }
            regs[*dst as usize] = Term::Map(map);
        }
        Op::MapUpdate {
            dst,
            base,
            start,
            n,
        } => {
            let updated = map_update(regs, *base, *start, *n)?;
            regs[*dst as usize] = updated;
        }
        Op::Bin {
            op,
            dst,
            a,
            b,
            bare,
        } => {
            let v = binary(*op, &regs[*a as usize], &regs[*b as usize]);
            regs[*dst as usize] = v.map_err(|e| inline(e, *bare))?;
        }
        Op::BinK {
            op,
            dst,
            a,
            k,
            bare,
        } => {
            let v = binary(*op, &regs[*a as usize], &Term::Int(*k as i64));
            regs[*dst as usize] = v.map_err(|e| inline(e, *bare))?;
        }
        Op::AddK { .. } => {
            let bin_k = op.as_bin_k().expect("an AddK stands for a BinK");
            return step(&bin_k, code, file, pc, regs);
        }
        Op::Not { dst, src } => regs[*dst as usize] = Term::bool(!regs[*src as usize].is_truthy()),
        Op::Boolean { src, op } => {
            if !regs[*src as usize]
                .as_atom()
                .is_some_and(|a| a.is_boolean())
            {
                return Err(bad_boolean(regs[*src as usize].clone(), *op));
            }
        }
        Op::JumpIfTruthy { src, to } => {
            if regs[*src as usize].is_truthy() {
                *pc = *to;
            }
        }
        // The value taken out while the pattern writes its own registers,
        // and put back: no copy of it (nor a count taken and given back).
        Op::Match {
            pat,
            src,
            fail,
            apart: true,
        } => {
            let value = take(&mut regs[*src as usize]);
            let matched = matching::matches(&code.pats[*pat as usize], &value, regs);
            regs[*src as usize] = value;
            if !matched {
                if *fail == RAISE {
                    return Err(match_error(regs[*src as usize].clone()));
                }
                *pc = *fail;
            }
        }
        Op::Match { pat, src, fail, .. } => {
            let value = regs[*src as usize].clone();
            if !matching::matches(&code.pats[*pat as usize], &value, regs) {
                if *fail == RAISE {
                    return Err(match_error(value));
                }
                *pc = *fail;
            }
        }
        Op::Fail { what, src } => return Err(failure(*what, code, file, regs, *src)),
        other => unreachable!("not a local instruction: {other:?}"),
    }
    Ok(())
}

fn span(regs: &mut [Term], start: u16, n: u16) -> &mut [Term] {
    &mut regs[start as usize..start as usize + n as usize]
}

fn take(t: &mut Term) -> Term {
    std::mem::replace(t, Term::Nil)
}

/// True when `t` is of the type a guard tests.
#[inline(always)]
pub fn has_type(t: &Term, ty: Type) -> bool {
    match ty {
        Type::Integer => matches!(t, Term::Int(_) | Term::Big(_)),
        Type::Float => matches!(t, Term::Float(_)),
        Type::Number => matches!(t, Term::Int(_) | Term::Big(_) | Term::Float(_)),
        Type::Atom => matches!(t, Term::Atom(_)),
        Type::Boolean => t.as_atom().is_some_and(|a| a.is_boolean()),
        Type::Nil => t.is_atom(atom::NIL),
        Type::Binary => matches!(t, Term::Binary(_)),
        Type::List => matches!(t, Term::List(_) | Term::Nil),
        Type::Map => matches!(t, Term::Map(_)),
        Type::Tuple => matches!(t, Term::Tuple(_)),
        Type::Pid => matches!(t, Term::Pid(_)),
        Type::Function(None) => matches!(t, Term::Fun(_)),
        Type::Function(Some(n)) => matches!(t, Term::Fun(f) if f.arity() == n as usize),
    }
}

/// True when the comparison `a op b` holds: small integers directly,
/// anything else in the terms' order.
#[inline(always)]
pub fn compares(op: BinOp, a: &Term, b: &Term) -> bool {
    if let (Term::Int(x), Term::Int(y)) = (a, b) {
        return int_compares(op, *x, *y);
    }
    compares_terms(op, a, b)
}

/// True when the comparison `x op y` holds, on small integers: without a
/// branch on the operator, which in the machine's loop would be a second
/// indirect jump for every comparison.
#[inline(always)]
pub fn int_compares(op: BinOp, x: i64, y: i64) -> bool {
    // Bit 0: holds when x < y; bit 1: when x == y; bit 2: when x > y.
    // (`Range` is the last operator: every one has its entry.)
    const HOLDS: [u8; BinOp::Range as usize + 1] = {
        let mut t = [0u8; BinOp::Range as usize + 1];
        t[BinOp::Eq as usize] = 0b010;
        t[BinOp::StrictEq as usize] = 0b010;
        t[BinOp::Ne as usize] = 0b101;
        t[BinOp::StrictNe as usize] = 0b101;
        t[BinOp::Lt as usize] = 0b001;
        t[BinOp::Gt as usize] = 0b100;
        t[BinOp::Le as usize] = 0b011;
        t[BinOp::Ge as usize] = 0b110;
        t
    };
    let order = (x >= y) as u8 + (x > y) as u8;
    (HOLDS[op as usize] >> order) & 1 != 0
}

#[inline(never)]
fn compares_terms(op: BinOp, a: &Term, b: &Term) -> bool {
    binary(op, a, b).is_ok_and(|v| v.is_atom(atom::TRUE))
}

/// A failed operation's error, bare when the BEAM compiles it inline.
fn inline(e: Exception, bare: bool) -> Exception {
    if bare {
        crate::lang::eval::inline_arith::bare(e)
    } else {
        e
    }
}

/// `a op b` off the machine's small-integer path, as Kernel's functions
/// do it (their errors included).
fn binary(op: BinOp, a: &Term, b: &Term) -> R<Term> {
    let pair = || vec![a.clone(), b.clone()];
    match op {
        BinOp::Add => kernel::add(pair()),
        BinOp::Sub => kernel::sub(pair()),
        BinOp::Mul => kernel::mul(pair()),
        BinOp::Div => kernel::fdiv(pair()),
        BinOp::IntDiv => crate::lang::stdlib::num::div(a, b),
        BinOp::Rem => crate::lang::stdlib::num::rem(a, b),
        BinOp::Eq => Ok(Term::bool(kernel::compare("==", a, b))),
        BinOp::Ne => Ok(Term::bool(kernel::compare("!=", a, b))),
        BinOp::StrictEq => Ok(Term::bool(a == b)),
        BinOp::StrictNe => Ok(Term::bool(a != b)),
        BinOp::Lt => Ok(Term::bool(kernel::compare("<", a, b))),
        BinOp::Gt => Ok(Term::bool(kernel::compare(">", a, b))),
        BinOp::Le => Ok(Term::bool(kernel::compare("<=", a, b))),
        BinOp::Ge => Ok(Term::bool(kernel::compare(">=", a, b))),
        BinOp::Concat => crate::lang::eval::call::concat(a.clone(), b.clone()),
        BinOp::Range => crate::lang::eval::call::range(a.clone(), b.clone(), None),
    }
}

/// `%{base | k => v}`: every key must be there.
fn map_update(regs: &mut [Term], base: u16, start: u16, n: u16) -> R<Term> {
    let base = regs[base as usize].clone();
    let Term::Map(mut m) = base else {
        return Err(bad_map_update(base));
    };
    for pair in span(regs, start, n * 2).chunks_mut(2) {
        update_existing(&mut m, take(&mut pair[0]), take(&mut pair[1]))?;
    }
    Ok(Term::Map(m))
}

/// The error of a construct none of whose clauses matched.
fn failure(what: Failure, code: &Code, file: &str, regs: &[Term], src: u16) -> Exception {
    let value = || regs[src as usize].clone();
    let args = || regs[..code.arity as usize].to_vec();
    match what {
        Failure::Case => clause_error("CaseClauseError", value()),
        Failure::With => clause_error("WithClauseError", value()),
        Failure::Try => clause_error("TryClauseError", value()),
        Failure::Cond => cond_clause_error(),
        Failure::LambdaClause => crate::lang::eval::closure::no_clause(code.arity as usize, args()),
        Failure::FunctionClause => {
            let (module, name, line) = match &code.kind {
                Kind::Function { module, name, line } => (*module, *name, *line),
                // The prelude's functions are total: this would be a bug in it.
                _ => (atom::NIL, atom::NIL, 0),
            };
            no_clause(module, name, args(), file, line)
        }
    }
}

/// A process waiting in a `receive`: a future of the label to go on at.
/// Written by hand rather than as an `async fn`, to be as small as can
/// be: every process idle in a receive loop holds one.
pub struct Receive<'a> {
    cx: &'a mut Ctx,
    code: &'a Code,
    site: &'a ReceiveSite,
    regs: &'a mut [Term],
    waiting: crate::runtime::Waiting,
}

impl<'a> Receive<'a> {
    /// A receive of `site`'s clauses; fails now when the `after` timeout is
    /// not a valid one.
    pub fn new(
        cx: &'a mut Ctx,
        code: &'a Code,
        site: &'a ReceiveSite,
        regs: &'a mut [Term],
    ) -> R<Receive<'a>> {
        let timeout = match site.after {
            Some((r, _)) => receive_timeout(&regs[r as usize])?,
            None => None,
        };
        Ok(Receive {
            cx,
            code,
            site,
            regs,
            waiting: crate::runtime::Waiting::new(timeout),
        })
    }
}

/// The label of the clause of `site` that takes a message already in the
/// mailbox, its variables bound in `regs`; `None` when the receive has to
/// wait (or to run its `after`).
pub fn receive_now(
    cx: &mut Ctx,
    code: &Code,
    site: &ReceiveSite,
    regs: &mut [Term],
) -> Option<Label> {
    let mut matcher = clause_matcher(code, site, regs);
    let i = cx.receive_now(&mut matcher)?;
    Some(site.clauses[i].2)
}

/// Which clause of `site` a message matches, binding its variables.
fn clause_matcher<'r>(
    code: &'r Code,
    site: &'r ReceiveSite,
    regs: &'r mut [Term],
) -> impl FnMut(&Term) -> Option<usize> + 'r {
    move |msg: &Term| {
        site.clauses.iter().position(|(pat, guard, _)| {
            matching::matches(&code.pats[*pat as usize], msg, regs)
                && guard.is_none_or(|g| matching::holds(&code.guards[g as usize], regs))
        })
    }
}

impl std::future::Future for Receive<'_> {
    type Output = Label;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        task: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Label> {
        let this = self.get_mut();
        let (code, site, regs) = (this.code, this.site, &mut *this.regs);
        let mut matcher = clause_matcher(code, site, regs);
        this.cx
            .poll_receive(task, &mut this.waiting, &mut matcher)
            .map(|picked| match (picked, site.after) {
                (Some((i, _message)), _) => site.clauses[i].2,
                (None, Some((_, after))) => after,
                (None, None) => unreachable!("a receive without after waits for a message"),
            })
    }
}

/// The string of an interpolation's parts, each through `String.Chars`.
pub async fn interpolate(cx: &mut Ctx, parts: &[Term]) -> R<Term> {
    let mut out: Vec<u8> = Vec::new();
    for part in parts {
        if let Term::Binary(b) = part {
            out.extend_from_slice(b);
            continue;
        }
        out.extend_from_slice(interpolated(cx, part).await?.as_bytes());
    }
    Ok(Term::binary(&out))
}

/// The string of an interpolation none of whose parts is a struct (whose
/// `String.Chars` may be Elixir code): made without waiting. `None` when
/// a part is a struct.
pub fn interpolate_plain(parts: &[Term]) -> Option<R<Term>> {
    if parts.iter().any(|p| matches!(p, Term::Map(_))) {
        return None;
    }
    let mut out: Vec<u8> = Vec::new();
    for part in parts {
        match part {
            Term::Binary(b) => out.extend_from_slice(b),
            other => match crate::lang::eval::expr::to_string(other) {
                Ok(text) => out.extend_from_slice(text.as_bytes()),
                Err(e) => return Some(Err(e)),
            },
        }
    }
    Some(Ok(Term::binary(&out)))
}

/// `target.key` written without parentheses: a map's key, or a module's
/// function of no arguments.
pub async fn field(cx: &mut Ctx, target: Term, key: Atom) -> R<Term> {
    match &target {
        Term::Map(m) => m
            .get_atom(key)
            .cloned()
            .ok_or_else(|| crate::lang::eval::key_error(Term::Atom(key), target.clone())),
        Term::Atom(module) => cx.apply(*module, key, Vec::new()).await,
        _ => Err(Exception::error(Term::tuple([
            Term::atom_named("badarg"),
            target,
        ]))),
    }
}

/// A function of `module`, private ones included, run by the evaluator.
pub async fn call_private(cx: &mut Ctx, module: Atom, fun: Atom, args: Vec<Term>) -> R<Term> {
    let Some(m) = cx.node().module(module) else {
        return Err(crate::runtime::undefined_function(
            module, fun, &args, false,
        ));
    };
    let result = match m.apply_private(cx, fun, args) {
        Ok(running) => running.await,
        Err(args) => Err(crate::runtime::undefined_function(module, fun, &args, true)),
    };
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of comparisons agrees with Rust's own, on every operator
    /// and around equality; other operators never hold.
    #[test]
    fn small_integer_comparisons_agree_with_the_operators() {
        let ops = [
            BinOp::Add,
            BinOp::Sub,
            BinOp::Mul,
            BinOp::Div,
            BinOp::IntDiv,
            BinOp::Rem,
            BinOp::Eq,
            BinOp::Ne,
            BinOp::StrictEq,
            BinOp::StrictNe,
            BinOp::Lt,
            BinOp::Gt,
            BinOp::Le,
            BinOp::Ge,
            BinOp::Concat,
            BinOp::Range,
        ];
        for op in ops {
            for (x, y) in [(1, 2), (2, 2), (3, 2), (i64::MIN, i64::MAX), (-1, -1)] {
                let expected = match op {
                    BinOp::Eq | BinOp::StrictEq => x == y,
                    BinOp::Ne | BinOp::StrictNe => x != y,
                    BinOp::Lt => x < y,
                    BinOp::Gt => x > y,
                    BinOp::Le => x <= y,
                    BinOp::Ge => x >= y,
                    _ => false,
                };
                assert_eq!(int_compares(op, x, y), expected, "{op:?} {x} {y}");
            }
        }
    }
}
