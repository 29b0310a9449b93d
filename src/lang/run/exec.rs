//! The machine's inner loop: every instruction that needs no waiting,
//! calls and returns between compiled functions included, run with the
//! running frame's state held in locals.
//!
//! The next instruction is a pointer (kept in a machine register: an
//! instruction costs a load of its tag and one indirect jump), the running
//! frame's registers another; the rest of the frame (its code and base)
//! is written back to the [`Frame`] only when the loop stops, and so is
//! the length of the callers' frames, whose top is a pointer too. The
//! code's unit and first instruction are read from the code when needed
//! (a jump, a call of a neighbour), so that a call or a return switches
//! two values only. Nothing takes the address of that state, so the
//! compiler is free to keep any of it out of memory. An
//! instruction that has to wait or call out of compiled code (a `receive`
//! with no message, a native function that may wait, a function the
//! evaluator runs) stops the loop with [`Stop::Out`], and the async loop
//! ([`Machine::execute`]) runs it.

use super::window::transfer;
use super::{
    exactly, matching, ops, CodeRef, Flow, Frame, Lambda, Machine, Stop, UnitRef, Window,
    CALLS_PER_SLICE, MAX_REGS,
};
use crate::lang::compile::code::{BinOp, Callee, Code, Op, Reg, DISCARD, RAISE};
use crate::lang::eval::closure::RemoteCapture;
use crate::lang::eval::expr::match_error;
use crate::lang::module::function::system_limit;
use crate::runtime::code::Native;
use crate::runtime::Ctx;
use crate::term::fun::Callable;
use crate::term::{Atom, Exception, Term};
use std::sync::Arc;

/// The running frame, held in locals while the loop runs (its next
/// instruction and registers apart, which the loop keeps closer still).
struct Running {
    code: CodeRef,
    base: usize,
    /// The register stack's first register, and how many it has.
    stack: *mut Term,
    len: usize,
    /// The callers' frames: the first, the next free slot and the end of
    /// the room (the machine's `frames`, whose length is written back
    /// when the loop stops or makes room).
    frames: *mut Frame,
    top_frame: *mut Frame,
    frames_end: *mut Frame,
}

impl Running {
    /// Switches to `code`, with its registers from `base`.
    #[inline(always)]
    fn switch(&mut self, code: CodeRef, base: usize) {
        self.code = code;
        self.base = base;
    }

    /// The running code's unit (its owner).
    #[inline(always)]
    fn unit(&self) -> UnitRef {
        UnitRef(self.code.get().owner.unit())
    }

    /// The running code's first instruction: read from the code when a
    /// jump needs it rather than held, so that a call or return switches
    /// the code alone.
    #[inline(always)]
    fn ops(&self) -> *const Op {
        self.code.get().ops.as_ptr()
    }

    /// The running frame's registers.
    #[inline(always)]
    fn window(&self) -> Window {
        // SAFETY: the stack holds every frame's registers (`load` and
        // `enter_call` make room for each frame they make, nothing shrinks
        // it below a frame while the machine runs); what else touches it
        // while the loop runs (`load_captures`, `make_room`) is done before
        // the window is made again.
        unsafe { Window::at(self.stack.add(self.base), self.code.get().nregs as usize) }
    }

    /// The instruction at `pc`.
    #[inline(always)]
    fn at(&self, pc: u32) -> *const Op {
        // SAFETY: every instruction the loop goes to is inside the code
        // (verified when it was compiled: `labels_in_bounds`).
        unsafe { self.ops().add(pc as usize) }
    }

    /// The number of the instruction at `ip`.
    #[inline(always)]
    fn pc(&self, ip: *const Op) -> u32 {
        // SAFETY: `ip` points into the running code's instructions.
        unsafe { ip.offset_from(self.ops()) as u32 }
    }

    /// The running code.
    #[inline(always)]
    fn code<'a>(&self) -> &'a Code {
        self.code.get()
    }

    /// The running frame's registers, all of them, for what runs out of
    /// the loop.
    #[inline(always)]
    fn all<'a>(&self, w: Window) -> &'a mut [Term] {
        w.all(self.code().nregs as usize)
    }

    /// Takes the machine's frames over (their length is then the loop's).
    #[inline(always)]
    fn hold_frames(&mut self, frames: &mut Vec<Frame>) {
        let first = frames.as_mut_ptr();
        self.frames = first;
        // SAFETY: both within (or one past) the vector's allocation.
        unsafe {
            self.top_frame = first.add(frames.len());
            self.frames_end = first.add(frames.capacity());
        }
    }

    /// Gives the frames back to the machine, with their length.
    #[inline(always)]
    fn release_frames(&self, frames: &mut Vec<Frame>) {
        // SAFETY: the frames below `top_frame` are initialised (pushed by
        // the loop or before it), and within the capacity.
        unsafe { frames.set_len(self.top_frame.offset_from(self.frames) as usize) }
    }

    /// Pushes the caller's frame, field by field: its fields were just
    /// computed or decoded, and copying a whole frame with wide loads would
    /// stall on the narrow stores still in flight.
    ///
    /// # Safety
    /// There is room for one more frame (`top_frame < frames_end`).
    #[inline(always)]
    unsafe fn push_frame(&mut self, ip: *const Op, ret: Reg) {
        let slot = self.top_frame;
        std::ptr::addr_of_mut!((*slot).code).write_volatile(self.code);
        std::ptr::addr_of_mut!((*slot).ip).write_volatile(super::Ip(ip));
        std::ptr::addr_of_mut!((*slot).ret).write_volatile(ret);
        std::ptr::addr_of_mut!((*slot).base).write_volatile(self.base as u32);
        self.top_frame = slot.add(1);
    }

    /// How many callers the running frame has.
    #[inline(always)]
    fn depth(&self) -> u32 {
        // SAFETY: both point into the frames' allocation.
        unsafe { self.top_frame.offset_from(self.frames) as u32 }
    }

    /// Pops the caller's frame, if there is one: the running frame is the
    /// bottom one when not.
    #[inline(always)]
    fn pop_frame(&mut self) -> Option<Frame> {
        if self.top_frame == self.frames {
            return None;
        }
        // SAFETY: a frame below the top is initialised; read field by
        // field, as it may have been pushed just before (a call that
        // returned at once), field by field.
        unsafe {
            let slot = self.top_frame.sub(1);
            self.top_frame = slot;
            Some(Frame {
                code: std::ptr::addr_of!((*slot).code).read_volatile(),
                ip: std::ptr::addr_of!((*slot).ip).read_volatile(),
                ret: std::ptr::addr_of!((*slot).ret).read_volatile(),
                base: std::ptr::addr_of!((*slot).base).read_volatile(),
            })
        }
    }
}

/// How a call's entry went.
enum Entered {
    Yes,
    /// The register stack would pass [`MAX_REGS`]: a runaway recursion.
    Limit,
}

impl Machine {
    /// Runs the frame `cur` from its `pc` until the bottom frame returns,
    /// an instruction has to wait or call out, the time slice ends or an
    /// exception is raised; `cur` is then the running frame.
    #[inline(never)]
    pub(super) fn run_local<'u>(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        budget: &mut u32,
    ) -> Stop<'u> {
        let mut r = Running {
            code: cur.code,
            base: 0,
            stack: self.regs.as_mut_ptr(),
            len: self.used,
            frames: std::ptr::null_mut(),
            top_frame: std::ptr::null_mut(),
            frames_end: std::ptr::null_mut(),
        };
        r.hold_frames(&mut self.frames);
        r.switch(cur.code, cur.base());
        debug_assert!(r.len >= r.base + r.code().nregs as usize);
        let mut ip = cur.ip.0;
        let mut w = r.window();
        let mut calls = (*budget).max(1);
        // The bottom frame's value, when it returned (the loop then ends
        // with `stop` unused): computed, or left in its register.
        let mut returned = None;
        let mut returned_at = None;
        let stop: Stop<'u>;
        // How the loop stops: with the frame past the instruction that
        // raised or went out (as the async loop and `unwind` expect it), at
        // the call that found the time slice spent.
        macro_rules! raise {
            ($e:expr, $next:expr) => {{
                stop = Stop::Raise($e);
                ip = $next;
                break;
            }};
        }
        macro_rules! out {
            ($op:expr, $next:expr) => {{
                stop = Stop::Out($op);
                ip = $next;
                break;
            }};
        }
        // One call of the slice spent (a decrement and a test of zero):
        // the call that finds none left is run again after the others'
        // turn.
        macro_rules! spend_call {
            () => {{
                calls -= 1;
                if calls == 0 {
                    calls = CALLS_PER_SLICE;
                    stop = Stop::Yield;
                    break;
                }
            }};
        }
        macro_rules! enter {
            ($callee:expr, $captures:expr, $site:expr, $next:expr) => {{
                let callee = $callee;
                match self.enter_call(&mut r, callee, $next, $site, $captures) {
                    Entered::Yes => {
                        w = r.window();
                        r.ops()
                    }
                    Entered::Limit => raise!(system_limit(), $next),
                }
            }};
        }
        // A value the running frame returns: into its caller's register,
        // or the run's value when it is the bottom frame.
        macro_rules! return_value {
            ($v:expr) => {{
                let v: Term = $v;
                match r.pop_frame() {
                    Some(caller) => {
                        let dst = caller.base() + caller.ret as usize;
                        r.switch(caller.code, caller.base());
                        // SAFETY: a register of the caller's window.
                        super::set(unsafe { &mut *r.stack.add(dst) }, v);
                        w = r.window();
                        caller.ip.0
                    }
                    None => {
                        returned = Some(v);
                        stop = Stop::Yield;
                        break;
                    }
                }
            }};
        }
        // The running frame returns register `$src`: into its caller's
        // register, or as the run's value when it is the bottom frame.
        macro_rules! return_register {
            ($src:expr) => {{
                let src: Reg = $src;
                match r.pop_frame() {
                    Some(caller) => {
                        let from = w.slot(src);
                        r.switch(caller.code, caller.base());
                        w = r.window();
                        // Register to register: see `window::transfer`.
                        // SAFETY: both are registers of the stack: the
                        // callee's window, and the caller's below it.
                        unsafe { transfer(w.slot(caller.ret), from) }
                        caller.ip.0
                    }
                    None => {
                        returned_at = Some(r.base + src as usize);
                        stop = Stop::Yield;
                        break;
                    }
                }
            }};
        }
        // The operation of a fused `BinReturn` in full (a float, a big
        // integer, an error), unless its fast path did it.
        macro_rules! bin_in_full_unless {
            ($fast:expr, $op:expr, $next:expr) => {{
                if !$fast {
                    let bin = $op.bin_part().expect("a fused operation");
                    if let Err(e) = step(&r, &bin, $next, w) {
                        raise!(e, $next)
                    }
                }
            }};
        }
        // A call of code `$idx` of the running unit, or of the `fn` in
        // register `$fun`, with `$tail` a constant (see their arms).
        macro_rules! own_call {
            ($tail:literal, $idx:expr, $start:expr, $n:expr, $dst:expr, $frame:expr, $next:expr) => {{
                spend_call!();
                let callee = own_code(&r, $idx);
                let site = site($start, $n, $dst, $tail, $frame);
                enter!(callee, &[], site, $next)
            }};
        }
        macro_rules! apply {
            ($tail:literal, $op:expr, $fun:expr, $start:expr, $n:expr, $dst:expr, $frame:expr, $next:expr) => {{
                spend_call!();
                match self.lambda(&r, w.get($fun), $n, $tail, $fun) {
                    Some((callee, held, captures)) => {
                        let site = site($start, $n, $dst, $tail, $frame);
                        // SAFETY: the captured values live in the lambda,
                        // which its register (below the callee's window)
                        // or `held` keeps alive.
                        let to = enter!(callee, unsafe { &*captures }, site, $next);
                        drop(held);
                        to
                    }
                    // Not a `fn` of compiled code: a capture of a compiled
                    // module function is entered as a remote call is.
                    None => match self.remote_capture(cx, w.get($fun), $n) {
                        Some(callee) => {
                            let site = site($start, $n, $dst, $tail, $frame);
                            enter!(callee, &[], site, $next)
                        }
                        None => out!($op, $next),
                    },
                }
            }};
        }
        loop {
            // SAFETY: see `Running::at`.
            let op: &'u Op = unsafe { &*ip };
            // SAFETY: the instruction after a non-final one is in the code
            // too; `ip` is not read past the code's last, which never falls
            // through (a return, a jump or a failure).
            let next = unsafe { ip.add(1) };
            ip = match *op {
                Op::Const { dst, k } => {
                    w.set_copy(dst, &r.code().consts[k as usize]);
                    next
                }
                Op::Move { dst, src } => {
                    match (w.get(dst), w.get(src)) {
                        // A `fn` passed on to itself, or again to the same
                        // callee, usually finds itself in the register
                        // (left by the call before): its count is then
                        // neither given back nor taken again.
                        (Term::Fun(held), Term::Fun(f)) if Arc::ptr_eq(held, f) => {}
                        (_, v) if dst != src => w.set_copy(dst, v),
                        _ => {}
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
                // A guard's `n < k` and `n > k`, the commonest tests of a
                // clause, compare at once; the others go through the table.
                Op::JumpUnlessCmpK {
                    op: BinOp::Lt,
                    a,
                    k,
                    to,
                } => match w.get(a) {
                    Term::Int(x) => branch(&r, *x < k as i64, next, to),
                    other => branch(
                        &r,
                        ops::compares(BinOp::Lt, other, &Term::Int(k as i64)),
                        next,
                        to,
                    ),
                },
                Op::JumpUnlessCmpK {
                    op: BinOp::Gt,
                    a,
                    k,
                    to,
                } => match w.get(a) {
                    Term::Int(x) => branch(&r, *x > k as i64, next, to),
                    other => branch(
                        &r,
                        ops::compares(BinOp::Gt, other, &Term::Int(k as i64)),
                        next,
                        to,
                    ),
                },
                Op::JumpUnlessCmpK { op, a, k, to } => match w.get(a) {
                    Term::Int(x) => branch(&r, ops::int_compares(op, *x, k as i64), next, to),
                    other => branch(&r, ops::compares(op, other, &Term::Int(k as i64)), next, to),
                },
                Op::TypeTest { src, ty, fail } => {
                    branch(&r, ops::has_type(w.get(src), ty), next, fail)
                }
                Op::Guard { guard, fail } => {
                    let holds = matching::holds(&r.code().guards[guard as usize], r.all(w));
                    branch(&r, holds, next, fail)
                }
                Op::IsConst { src, k, fail } => {
                    let v = w.get(src);
                    match (exactly(v, &r.code().consts[k as usize]), fail) {
                        (true, _) => next,
                        (false, RAISE) => raise!(match_error(v.clone()), next),
                        (false, to) => r.at(to),
                    }
                }
                Op::IsInt { src, k, fail } => {
                    let v = w.get(src);
                    match (matches!(v, Term::Int(x) if *x == k as i64), fail) {
                        (true, _) => next,
                        (false, RAISE) => raise!(match_error(v.clone()), next),
                        (false, to) => r.at(to),
                    }
                }
                Op::Cons {
                    src,
                    head,
                    tail,
                    fail,
                } => match (w.get(src), fail) {
                    (Term::List(l), _) if head != src && tail != src => {
                        super::bind_copy(w, head, l.head());
                        super::bind_copy(w, tail, l.tail());
                        next
                    }
                    (Term::List(l), _) => {
                        // Binding over the list would free its cell before
                        // both parts are read: copy them first.
                        let (h, t) = (l.head().clone(), l.tail().clone());
                        bind_owned(w, head, h);
                        bind_owned(w, tail, t);
                        next
                    }
                    (v, RAISE) => raise!(match_error(v.clone()), next),
                    (_, to) => r.at(to),
                },
                // `n - 1`, `acc + 1` and `a + b` on small integers without
                // a second dispatch on the operator; anything else (an
                // overflow, a float, an error) in full.
                Op::AddK { dst, a, delta, .. } => match w.get(a) {
                    Term::Int(x) if super::add_int(w, dst, *x, delta as i64) => next,
                    _ => match step(&r, op, next, w) {
                        Ok(to) => to,
                        Err(e) => raise!(e, next),
                    },
                },
                Op::BinK {
                    op: operator,
                    dst,
                    a,
                    k,
                    ..
                } => match w.get(a) {
                    Term::Int(x) if super::small_int(w, operator, dst, *x, k as i64) => next,
                    _ => match step(&r, op, next, w) {
                        Ok(to) => to,
                        Err(e) => raise!(e, next),
                    },
                },
                Op::Bin {
                    op: BinOp::Add,
                    dst,
                    a,
                    b,
                    ..
                } => match (w.get(a), w.get(b)) {
                    (Term::Int(x), Term::Int(y)) if super::add_int(w, dst, *x, *y) => next,
                    _ => match step(&r, op, next, w) {
                        Ok(to) => to,
                        Err(e) => raise!(e, next),
                    },
                },
                // `acc <> x` on binaries, appending in place when it can
                // (`Bin::append`), without the general operator's dispatch.
                Op::Bin {
                    op: BinOp::Concat,
                    dst,
                    a,
                    b,
                    ..
                } => match (w.get(a), w.get(b)) {
                    (Term::Binary(x), Term::Binary(y)) => {
                        let v = Term::Binary(x.append(y));
                        w.set(dst, v);
                        next
                    }
                    _ => match step(&r, op, next, w) {
                        Ok(to) => to,
                        Err(e) => raise!(e, next),
                    },
                },
                Op::Bin {
                    op: operator,
                    dst,
                    a,
                    b,
                    ..
                } => match (w.get(a), w.get(b)) {
                    (Term::Int(x), Term::Int(y)) if super::small_int(w, operator, dst, *x, *y) => {
                        next
                    }
                    _ => match step(&r, op, next, w) {
                        Ok(to) => to,
                        Err(e) => raise!(e, next),
                    },
                },
                // `{:ok, v}`, `{:reply, r, s}`: made in the loop, straight
                // into the tuple's one allocation.
                Op::Tuple { dst, start, n } => {
                    let items: triomphe::Arc<[Term]> =
                        w.span(start, n).iter_mut().map(super::take).collect();
                    w.set(dst, Term::Tuple(items));
                    next
                }
                Op::List { .. }
                | Op::Map { .. }
                | Op::MapUpdate { .. }
                | Op::Not { .. }
                | Op::Boolean { .. }
                | Op::JumpIfTruthy { .. }
                | Op::Match { .. }
                | Op::Fail { .. } => match step(&r, op, next, w) {
                    Ok(to) => to,
                    Err(e) => raise!(e, next),
                },
                Op::Loop { start, n, skip } => {
                    spend_call!();
                    // The arguments take the parameters' places (moved in
                    // order, see `enter_call`), in the same window; those
                    // made in place stay.
                    if start != 0 && skip == 0 {
                        for i in 0..n {
                            w.transfer(i, start + i);
                        }
                    } else if start != 0 {
                        // Only the arguments left to move (`skip` is set
                        // only for a loop of at most 16).
                        debug_assert!(n <= 16);
                        let mut moving = !u32::from(skip) & ((1 << n) - 1);
                        while moving != 0 {
                            let i = moving.trailing_zeros() as Reg;
                            moving &= moving - 1;
                            w.transfer(i, start + i);
                        }
                    }
                    r.ops()
                }
                // A body recursion: the running code again, in a new frame.
                Op::Recurse {
                    start,
                    n,
                    dst,
                    frame,
                } => {
                    spend_call!();
                    let site = site(start, n, dst, false, frame);
                    enter!(r.code, &[], site, next)
                }
                // `fib(n - 1)`: the argument, then the recursion.
                Op::RecurseAddK {
                    a,
                    delta,
                    dst,
                    frame,
                    ..
                } => {
                    spend_call!();
                    match w.get(a) {
                        Term::Int(x) if super::add_int(w, frame, *x, delta as i64) => {}
                        _ => {
                            let add = op.add_k_part().expect("a fused addition");
                            if let Err(e) = step(&r, &add, next, w) {
                                raise!(e, next)
                            }
                        }
                    }
                    let site = site(frame, 1, dst, false, frame);
                    enter!(r.code, &[], site, next)
                }
                // A function of the same unit: the commonest call. A body
                // call and a tail call are two arms, so that each enters
                // with the other's branches folded away.
                Op::CallOwn {
                    code,
                    start,
                    n,
                    dst,
                    tail: false,
                    frame,
                } => own_call!(false, code, start, n, dst, frame, next),
                Op::CallOwn {
                    code,
                    start,
                    n,
                    dst,
                    tail: true,
                    frame,
                } => own_call!(true, code, start, n, dst, frame, next),
                Op::Call {
                    callee,
                    start,
                    n,
                    dst,
                    tail,
                    frame,
                } => {
                    spend_call!();
                    let site = site(start, n, dst, tail, frame);
                    match r.code().calls[callee as usize] {
                        Callee::Own(idx) => {
                            enter!(CodeRef::of(r.unit(), idx), &[], site, next)
                        }
                        Callee::Prelude(idx) => match crate::lang::compile::prelude::unit() {
                            // The prelude is static: it needs no pin.
                            Some(prelude) => {
                                let unit = UnitRef(Arc::as_ptr(prelude));
                                enter!(CodeRef::of(unit, idx), &[], site, next)
                            }
                            None => out!(op, next),
                        },
                        Callee::Remote(module, fun) => {
                            match self.remote_target(cx, module, fun, n as usize) {
                                Some((unit, idx)) => {
                                    enter!(CodeRef::of(unit, idx), &[], site, next)
                                }
                                None => out!(op, next),
                            }
                        }
                        // `module.fun(...)` with the module in the first
                        // register: entered as a remote call when it names
                        // a compiled function, else applied out of the loop.
                        Callee::Dynamic(fun) => {
                            match self.dynamic_target(cx, w.get(start), fun, n - 1) {
                                Some((unit, idx)) => {
                                    let site = self::site(start + 1, n - 1, dst, tail, frame);
                                    enter!(CodeRef::of(unit, idx), &[], site, next)
                                }
                                None => out!(op, next),
                            }
                        }
                        Callee::Native(Native::Sync(f)) => {
                            let args = r.all(w)[start as usize..][..n as usize].iter_mut();
                            match f(cx, args.map(super::take).collect()) {
                                Ok(v) if tail => return_value!(v),
                                Ok(v) => {
                                    w.set(dst, v);
                                    next
                                }
                                Err(e) => raise!(e, next),
                            }
                        }
                        Callee::Native(Native::Now(now, _)) => {
                            let args = &mut r.all(w)[start as usize..][..n as usize];
                            match now(cx, args) {
                                Some(Ok(v)) if tail => return_value!(v),
                                Some(Ok(v)) => {
                                    w.set(dst, v);
                                    next
                                }
                                Some(Err(e)) => raise!(e, next),
                                // It has to wait: the async loop runs it
                                // with its arguments, left where they are.
                                None => out!(op, next),
                            }
                        }
                        _ => out!(op, next),
                    }
                }
                // A body call and a tail call: two arms, as for `CallOwn`.
                Op::Apply {
                    fun,
                    start,
                    n,
                    dst,
                    tail: false,
                    frame,
                } => apply!(false, op, fun, start, n, dst, frame, next),
                Op::Apply {
                    fun,
                    start,
                    n,
                    dst,
                    tail: true,
                    frame,
                } => apply!(true, op, fun, start, n, dst, frame, next),
                Op::Return { src } => return_register!(src),
                // `n * fact(n - 1)` ends the code: the operation, then the
                // return of its value.
                // `a + b` returned: the commonest, on its own arm so that
                // it adds without a second dispatch on the operator.
                Op::BinReturn {
                    op: BinOp::Add,
                    dst,
                    a,
                    b,
                    ..
                } => {
                    let fast = matches!((w.get(a), w.get(b)),
                        (Term::Int(x), Term::Int(y)) if super::add_int(w, dst, *x, *y));
                    bin_in_full_unless!(fast, op, next);
                    return_register!(dst)
                }
                Op::BinReturn {
                    op: operator,
                    dst,
                    a,
                    b,
                    ..
                } => {
                    let fast = matches!((w.get(a), w.get(b)),
                        (Term::Int(x), Term::Int(y)) if super::small_int(w, operator, dst, *x, *y));
                    bin_in_full_unless!(fast, op, next);
                    return_register!(dst)
                }
                Op::Lambda { dst, site } => {
                    self.make_lambda(r.unit(), r.code(), w, dst, site);
                    next
                }
                Op::Send { dst, start } => match super::send_op(cx, w, dst, start) {
                    Ok(()) => next,
                    Err(e) => raise!(e, next),
                },
                Op::Receive { site } => {
                    // A message there already is taken without leaving the
                    // loop; only a receive that waits goes out.
                    let code = r.code();
                    match ops::receive_now(cx, code, &code.receives[site as usize], r.all(w)) {
                        Some(label) => r.at(label),
                        None => out!(op, next),
                    }
                }
                Op::Interpolate { dst, start, n } => {
                    match ops::interpolate_plain(&r.all(w)[start as usize..][..n as usize]) {
                        Some(Ok(v)) => {
                            w.set(dst, v);
                            next
                        }
                        Some(Err(e)) => raise!(e, next),
                        None => out!(op, next),
                    }
                }
                Op::Bitstring {
                    dst,
                    start,
                    n,
                    site,
                } => {
                    let site = &r.code().bitstrings[site as usize];
                    let regs = &r.all(w)[start as usize..][..n as usize];
                    match crate::lang::eval::bitstring::build(site, regs) {
                        Ok(v) => {
                            w.set(dst, v);
                            next
                        }
                        Err(e) => raise!(e, next),
                    }
                }
                Op::Fallback { .. } | Op::Field { .. } => out!(op, next),
                Op::Try { kind, handler } => {
                    let depth = r.depth();
                    self.handlers.push(super::handler::Handler {
                        depth,
                        at: handler,
                        kind,
                    });
                    next
                }
                Op::TryEnd => {
                    self.handlers.pop();
                    next
                }
                Op::Reraise { kind } => {
                    let e =
                        super::handler::departure(w.get(kind), w.take(kind + 1), w.take(kind + 2));
                    stop = Stop::Raise(e);
                    ip = next;
                    break;
                }
            };
        }
        r.release_frames(&mut self.frames);
        *cur = Frame {
            code: r.code,
            ip: super::Ip(ip),
            ret: 0,
            base: r.base as u32,
        };
        *budget = calls;
        let gives_bindings = !cur.code.get().exports.is_empty();
        match (returned_at, returned) {
            // A function or lambda gives back no bindings: its value stays
            // in a register, for the caller to read or take from there.
            (Some(at), _) if !gives_bindings => Stop::Returned(at),
            (None, Some(v)) if !gives_bindings => Stop::Returned(self.park(v)),
            (Some(at), _) => {
                let v = super::take(&mut self.regs[at]);
                self.done_with(cur, v)
            }
            (None, Some(v)) => self.done_with(cur, v),
            (None, None) => stop,
        }
    }

    /// The run's value in a register: register 0, free once the bottom
    /// frame has returned.
    pub(super) fn park(&mut self, v: Term) -> usize {
        self.grow(1);
        super::set(&mut self.regs[0], v);
        0
    }

    /// The bottom frame of an input returned `v`: the bindings it leaves.
    fn done_with<'u>(&mut self, cur: &mut Frame, v: Term) -> Stop<'u> {
        match self.done(cur, cur.code.get(), v) {
            Flow::Done(v, exports) => Stop::Done(v, exports),
            Flow::Next | Flow::Switch => unreachable!("the bottom frame's return ends the run"),
        }
    }

    /// Enters `callee` (a code of a unit the machine has pinned) for the
    /// call `site` of the running frame, `ip` the caller's next
    /// instruction: as a new frame, or in the running frame's place for a
    /// tail call, with `captures` in the callee's capture registers.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn enter_call(
        &mut self,
        r: &mut Running,
        callee: CodeRef,
        ip: *const Op,
        site: super::Site,
        captures: &[Term],
    ) -> Entered {
        let super::Site {
            start,
            n,
            dst,
            tail,
            frame,
        } = site;
        let callee_code = callee.get();
        // A callee's registers start at the call's `frame`: at or below its
        // arguments (moved down in order), or above them.
        let base = if tail {
            r.base
        } else {
            r.base + frame as usize
        };
        // A code's window holds its parameters (`n` is the callee's arity).
        debug_assert!(callee_code.nregs >= n);
        let top = base + callee_code.nregs as usize;
        // A tail call pushes no frame: it needs room for one no more.
        if top > r.len || (!tail && r.top_frame == r.frames_end) {
            r.release_frames(&mut self.frames);
            let room = self.make_room(top, tail);
            r.hold_frames(&mut self.frames);
            if !room {
                return Entered::Limit;
            }
            r.stack = self.regs.as_mut_ptr();
            r.len = self.used;
        }
        // The arguments move down (a tail call's, or a call's whose frame
        // is at or below them), in order, never overwriting one not yet
        // moved; or into registers wholly above them.
        let from = r.base + start as usize;
        if from != base {
            for i in 0..n as usize {
                // SAFETY: the stack holds `top` registers, above both the
                // arguments and the callee's.
                unsafe { transfer(r.stack.add(base + i), r.stack.add(from + i)) }
            }
        }
        if !captures.is_empty() {
            self.load_captures(callee_code, base, captures);
        }
        if tail {
            r.switch(callee, base);
        } else {
            // SAFETY: room was made for one more frame above.
            unsafe { r.push_frame(ip, dst) };
            r.switch(callee, base);
        }
        Entered::Yes
    }

    /// Makes room for registers up to `top` and, unless the call is a tail
    /// call, one more frame: false past [`MAX_REGS`] or
    /// [`MAX_FRAMES`](super::MAX_FRAMES), where a runaway recursion ends
    /// its process instead of exhausting memory. The stack may move.
    #[cold]
    #[inline(never)]
    fn make_room(&mut self, top: usize, tail: bool) -> bool {
        if top > MAX_REGS {
            return false;
        }
        self.grow(top);
        tail || self.room_for_frame()
    }

    /// The code of the lambda `f` applied with `n` arguments (its unit
    /// pinned), and its captured values, when it is a `fn` of compiled code of that
    /// arity. A tail call's arguments and captures may land on the register
    /// holding the fun, dropping it while its captures are read: it is
    /// held then.
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    fn lambda(
        &mut self,
        r: &Running,
        f: &Term,
        n: u16,
        tail: bool,
        fun: Reg,
    ) -> Option<(CodeRef, Option<Term>, *const [Term])> {
        let Term::Fun(callable) = f else {
            return None;
        };
        let l = crate::term::fun::downcast::<Lambda>(&**callable)?;
        if l.arity() != n as usize {
            return None;
        }
        let held = (tail && (fun < n || !l.captures.is_empty())).then(|| f.clone());
        // A lambda made by the running unit (a recursive `fn`, one defined
        // next to where it is applied) is pinned already.
        let unit = if Arc::as_ptr(&l.unit) == r.unit().0 {
            r.unit()
        } else {
            self.pin(&l.unit)
        };
        // SAFETY: a lambda's code is one of its unit's (`Lambda::term`
        // indexes the unit's codes with it).
        let callee = CodeRef(unsafe { unit.get().codes.as_ptr().add(l.code as usize) });
        Some((callee, held, &*l.captures))
    }
}

impl Machine {
    /// The compiled public function `module.fun/arity`, its unit pinned
    /// for the frames about to run in it.
    #[inline(always)]
    fn remote_target(
        &mut self,
        cx: &Ctx,
        module: Atom,
        fun: Atom,
        arity: usize,
    ) -> Option<(UnitRef, u32)> {
        super::remote::with_compiled(cx, module, fun, arity, |unit, idx| (self.pin(unit), idx))
    }

    /// The compiled code `target.fun/arity` names, when `target` is a
    /// module with such a compiled function. Out of line, as
    /// [`Machine::remote_capture`] is.
    #[inline(never)]
    fn dynamic_target(
        &mut self,
        cx: &Ctx,
        target: &Term,
        fun: Atom,
        arity: u16,
    ) -> Option<(UnitRef, u32)> {
        let Term::Atom(module) = target else {
            return None;
        };
        self.remote_target(cx, *module, fun, arity as usize)
    }

    /// The compiled code a capture of a module function (`&Mod.fun/2`)
    /// stands for, entered as a call of it: it captures nothing, so
    /// nothing need keep it alive. Out of line: the loop's applications
    /// are almost all of `fn`s, and their path stays short.
    #[inline(never)]
    fn remote_capture(&mut self, cx: &Ctx, f: &Term, n: u16) -> Option<CodeRef> {
        let Term::Fun(callable) = f else {
            return None;
        };
        let capture = crate::term::fun::downcast::<RemoteCapture>(&**callable)?;
        let (module, fun, arity) = capture.target();
        if arity != n as usize {
            return None;
        }
        let (unit, idx) = self.remote_target(cx, module, fun, arity)?;
        Some(CodeRef::of(unit, idx))
    }
}

/// A call's site, as its instruction gives it.
#[inline(always)]
fn site(start: Reg, n: u16, dst: Reg, tail: bool, frame: Reg) -> super::Site {
    super::Site {
        start,
        n,
        dst,
        tail,
        frame,
    }
}

/// Code `idx` of the running unit.
#[inline(always)]
fn own_code(r: &Running, idx: u32) -> CodeRef {
    // SAFETY: a unit's own calls name its codes (verified when it was
    // compiled: `calls_in_bounds`).
    CodeRef(unsafe { r.unit().get().codes.as_ptr().add(idx as usize) })
}

/// Binds `v` to register `r`, unless it is `_`.
#[inline(always)]
fn bind_owned(w: Window, r: Reg, v: Term) {
    if r != DISCARD {
        w.set(r, v);
    }
}

/// Runs a register instruction without a fast path (building a tuple, a
/// list or a map, a pattern match, arithmetic off small integers, a
/// failure): where the program goes next.
#[inline(always)]
fn step(r: &Running, op: &Op, next: *const Op, w: Window) -> Result<*const Op, Exception> {
    // Only the frame's parts go out of line: with the frame's address
    // taken, its fields would live in memory for the whole loop.
    let pc = step_out_of_line(r.unit(), r.code, r.pc(next), op, w)?;
    Ok(r.at(pc))
}

#[inline(never)]
fn step_out_of_line(
    unit: UnitRef,
    code: CodeRef,
    mut pc: u32,
    op: &Op,
    w: Window,
) -> Result<u32, Exception> {
    let code = code.get();
    ops::step(
        op,
        code,
        &unit.get().scope.file,
        &mut pc,
        w.all(code.nregs as usize),
    )?;
    Ok(pc)
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
