//! The machine's fast loop: the instructions that touch nothing but the
//! registers and the frames (moves, tests, jumps, small-integer arithmetic,
//! calls and returns between the running unit's own functions), run with
//! the running frame's state held in locals.
//!
//! The general loop ([`Machine::run_local`]) handles every instruction,
//! but it is one big function: the compiler keeps its program counter and
//! the code's address on the stack, and a call goes through the frame in
//! memory. Most of what a learner's recursion or loop runs needs none of
//! that, so it runs here first. An instruction this loop does not handle,
//! or whose fast path does not apply (an overflow, a failed match that
//! raises, a call that needs more room), is *declined*: the loop writes the
//! frame back, unchanged by that instruction, and the general loop runs it.

use super::window::transfer;
use super::{exactly, ops, CodeRef, Frame, Lambda, Machine, UnitRef, Window};
use crate::lang::compile::code::{BinOp, Code, Op, Reg, RAISE};
use crate::term::fun::Callable;
use crate::term::Term;

/// The running frame, held in locals while the fast loop runs (its next
/// instruction and registers apart, which the loop keeps closer still).
struct Running {
    unit: UnitRef,
    code: CodeRef,
    ops: *const Op,
    base: usize,
    ret: Reg,
    /// The register stack's first register, and how many it has.
    stack: *mut Term,
    len: usize,
}

impl Running {
    /// Switches to `code` of `unit`, with its registers from `base`.
    #[inline(always)]
    fn switch(&mut self, unit: UnitRef, code: CodeRef, base: usize, ret: Reg) {
        self.unit = unit;
        self.code = code;
        self.ops = code.get().ops.as_ptr();
        self.base = base;
        self.ret = ret;
    }

    /// The running frame's registers.
    #[inline(always)]
    fn window(&self) -> Window {
        // SAFETY: the stack holds every frame's registers (see
        // `run_local`), and only the fast loop touches it meanwhile.
        unsafe { Window::at(self.stack.add(self.base), self.code.get().nregs as usize) }
    }

    /// The instruction at `pc`.
    #[inline(always)]
    fn at(&self, pc: u32) -> *const Op {
        // SAFETY: every instruction the loop goes to is inside the code
        // (verified when it was compiled: `labels_in_bounds`).
        unsafe { self.ops.add(pc as usize) }
    }

    /// The number of the instruction at `ip`.
    #[inline(always)]
    fn pc(&self, ip: *const Op) -> u32 {
        // SAFETY: `ip` points into the running code's instructions.
        unsafe { ip.offset_from(self.ops) as u32 }
    }
}

/// Is `op` one the fast loop runs? The general loop goes back to the fast
/// one at the first such instruction after one it ran itself.
#[inline(always)]
pub(super) fn is_fast(op: &Op) -> bool {
    matches!(
        op,
        Op::Const { .. }
            | Op::Move { .. }
            | Op::Take { .. }
            | Op::Jump { .. }
            | Op::JumpIfFalsy { .. }
            | Op::JumpUnlessTrue { .. }
            | Op::JumpUnlessCmp { .. }
            | Op::JumpUnlessCmpK { .. }
            | Op::TypeTest { .. }
            | Op::IsConst { .. }
            | Op::IsInt { .. }
            | Op::Cons { .. }
            | Op::BinK { .. }
            | Op::Bin { .. }
            | Op::CallOwn { .. }
            | Op::Apply { .. }
            | Op::Loop { .. }
            | Op::Return { .. }
    )
}

impl Machine {
    /// Runs the frame `cur` from its `pc` through the instructions the fast
    /// loop handles, calls and returns included, and stops at the first it
    /// declines, with `cur` at that instruction.
    #[inline(never)]
    pub(super) fn run_fast(&mut self, cur: &mut Frame, budget: &mut u32) {
        let mut r = Running {
            unit: cur.unit,
            code: cur.code,
            ops: std::ptr::null(),
            base: 0,
            ret: 0,
            stack: self.regs.as_mut_ptr(),
            len: self.regs.len(),
        };
        r.switch(cur.unit, cur.code, cur.base, cur.ret);
        let mut ip = r.at(cur.pc);
        let mut w = r.window();
        let mut calls = *budget;
        let mut peak = self.peak;
        loop {
            // SAFETY: see `Running::at`.
            let op = unsafe { &*ip };
            // SAFETY: the instruction after a non-final one is in the code
            // too; `ip` is not read past the code's last, which never falls
            // through (a return, a jump or a failure).
            let next = unsafe { ip.add(1) };
            ip = match *op {
                Op::Const { dst, k } => {
                    w.set_copy(dst, &consts(&r)[k as usize]);
                    next
                }
                Op::Move { dst, src } => {
                    if dst != src {
                        w.set_copy(dst, w.get(src));
                    }
                    next
                }
                Op::Take { dst, src } => {
                    w.transfer(dst, src);
                    next
                }
                Op::Jump { to } => r.at(to),
                Op::JumpIfFalsy { src, to } => branch(&r, w.get(src).is_truthy(), next, to),
                Op::JumpUnlessTrue { src, to } => {
                    branch(&r, w.get(src).is_atom(crate::term::atom::TRUE), next, to)
                }
                Op::JumpUnlessCmp { op, a, b, to } => {
                    branch(&r, ops::compares(op, w.get(a), w.get(b)), next, to)
                }
                Op::JumpUnlessCmpK { op, a, k, to } => match w.get(a) {
                    Term::Int(x) => branch(&r, ops::int_compares(op, *x, k as i64), next, to),
                    other => branch(&r, ops::compares(op, other, &Term::Int(k as i64)), next, to),
                },
                Op::TypeTest { src, ty, fail } => {
                    branch(&r, ops::has_type(w.get(src), ty), next, fail)
                }
                Op::IsConst { src, k, fail } => {
                    match (exactly(w.get(src), &consts(&r)[k as usize]), fail) {
                        (true, _) => next,
                        (false, RAISE) => break,
                        (false, to) => r.at(to),
                    }
                }
                Op::IsInt { src, k, fail } => {
                    match (matches!(w.get(src), Term::Int(x) if *x == k as i64), fail) {
                        (true, _) => next,
                        (false, RAISE) => break,
                        (false, to) => r.at(to),
                    }
                }
                Op::Cons {
                    src,
                    head,
                    tail,
                    fail,
                } => match (w.get(src), fail) {
                    // Binding over the list itself is left to the general
                    // loop, which copies both parts first.
                    (Term::List(l), _) if head != src && tail != src => {
                        super::bind_copy(w, head, l.head());
                        super::bind_copy(w, tail, l.tail());
                        next
                    }
                    (Term::List(_), _) | (_, RAISE) => break,
                    (_, to) => r.at(to),
                },
                // `n - 1`, `acc + 1` and `a + b` without a second
                // dispatch on the operator.
                Op::BinK {
                    op: BinOp::Add,
                    dst,
                    a,
                    k,
                } => match w.get(a) {
                    Term::Int(x) if super::add_int(w, dst, *x, k as i64) => next,
                    _ => break,
                },
                Op::BinK {
                    op: BinOp::Sub,
                    dst,
                    a,
                    k,
                } => match w.get(a) {
                    Term::Int(x) if super::add_int(w, dst, *x, -(k as i64)) => next,
                    _ => break,
                },
                Op::BinK { op, dst, a, k } => match w.get(a) {
                    Term::Int(x) if super::small_int(w, op, dst, *x, k as i64) => next,
                    _ => break,
                },
                Op::Bin {
                    op: BinOp::Add,
                    dst,
                    a,
                    b,
                } => match (w.get(a), w.get(b)) {
                    (Term::Int(x), Term::Int(y)) if super::add_int(w, dst, *x, *y) => next,
                    _ => break,
                },
                Op::Bin { op, dst, a, b } => match (w.get(a), w.get(b)) {
                    (Term::Int(x), Term::Int(y)) if super::small_int(w, op, dst, *x, *y) => next,
                    _ => break,
                },
                Op::Loop { start, n } => {
                    if calls <= 1 {
                        break;
                    }
                    calls -= 1;
                    if start != 0 {
                        for i in 0..n {
                            w.transfer(i, start + i);
                        }
                    }
                    r.ops
                }
                Op::CallOwn { code: idx, .. } => {
                    // SAFETY: a unit's own calls name its codes (verified
                    // when it was compiled: `calls_in_bounds`).
                    let callee = CodeRef(unsafe { r.unit.get().codes.as_ptr().add(idx as usize) });
                    let unit = r.unit;
                    let pc = r.pc(next);
                    if !self.enter_fast(&mut r, &mut calls, &mut peak, unit, callee, pc, op) {
                        break;
                    }
                    w = r.window();
                    r.ops
                }
                Op::Apply { fun, n, tail, .. } => {
                    let Some(callee) = own_lambda(&r, w.get(fun), n, tail, fun) else {
                        break;
                    };
                    let unit = r.unit;
                    let pc = r.pc(next);
                    if !self.enter_fast(&mut r, &mut calls, &mut peak, unit, callee, pc, op) {
                        break;
                    }
                    w = r.window();
                    r.ops
                }
                Op::Return { src } => {
                    let Some(caller) = self.pop_frame() else {
                        break;
                    };
                    let dst = caller.base + r.ret as usize;
                    let from = r.base + src as usize;
                    r.switch(caller.unit, caller.code, caller.base, caller.ret);
                    // SAFETY: both are registers of the stack: the callee's
                    // window, and the caller's below it.
                    unsafe { transfer(r.stack.add(dst), r.stack.add(from)) }
                    w = r.window();
                    r.at(caller.pc)
                }
                _ => break,
            };
        }
        *cur = Frame {
            unit: r.unit,
            code: r.code,
            pc: r.pc(ip),
            ret: r.ret,
            base: r.base,
        };
        *budget = calls;
        self.peak = peak;
    }

    /// Enters `callee` for the call `op`, as `enter` does, when it needs
    /// neither more registers nor more frames than the stacks have room
    /// for and the time slice is not over: false, with nothing changed,
    /// otherwise.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn enter_fast(
        &mut self,
        r: &mut Running,
        calls: &mut u32,
        peak: &mut usize,
        unit: UnitRef,
        callee: CodeRef,
        next: u32,
        op: &Op,
    ) -> bool {
        let super::Site {
            start,
            n,
            dst,
            tail,
            frame,
        } = super::Site::of(op);
        let base = if tail {
            r.base
        } else {
            r.base + frame as usize
        };
        let top = base + (callee.get().nregs as usize).max(n as usize);
        if *calls <= 1 || top > r.len || (!tail && self.frames.len() == self.frames.capacity()) {
            return false;
        }
        *calls -= 1;
        *peak = (*peak).max(top);
        let from = r.base + start as usize;
        if from != base {
            for i in 0..n as usize {
                // SAFETY: the stack holds `top` registers, above both the
                // arguments and the callee's; they move down in order, or
                // into registers wholly above them (see `enter`).
                unsafe { transfer(r.stack.add(base + i), r.stack.add(from + i)) }
            }
        }
        if tail {
            r.switch(unit, callee, base, r.ret);
        } else {
            self.push_frame(&Frame {
                unit: r.unit,
                code: r.code,
                pc: next,
                ret: r.ret,
                base: r.base,
            });
            r.switch(unit, callee, base, dst);
        }
        true
    }
}

/// The running code's constants.
#[inline(always)]
fn consts(r: &Running) -> &[Term] {
    let code: &Code = r.code.get();
    &code.consts
}

/// Where a test goes: on when it holds, to `to` when not.
#[inline(always)]
fn branch(r: &Running, holds: bool, next: *const Op, to: u32) -> *const Op {
    if holds {
        next
    } else {
        r.at(to)
    }
}

/// The code of the lambda `f` applied with `n` arguments, when the fast
/// loop can enter it: a `fn` of the running unit, without captured values
/// (which `enter` loads), of that arity, and for a tail call not held in a
/// register its arguments overwrite.
#[inline(always)]
fn own_lambda(r: &Running, f: &Term, n: u16, tail: bool, fun: Reg) -> Option<CodeRef> {
    let Term::Fun(callable) = f else {
        return None;
    };
    let l = callable.as_any().downcast_ref::<Lambda>()?;
    let own = std::sync::Arc::as_ptr(&l.unit) == r.unit.0;
    let fits = l.arity() == n as usize && l.captures.is_empty() && !(tail && fun < n);
    (own && fits).then(|| CodeRef::of(r.unit, l.code))
}
