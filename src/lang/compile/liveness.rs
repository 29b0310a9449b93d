//! What each instruction leaves live, and what the code makes of it.
//!
//! Last uses: a copy of a variable into a call's argument (or any other
//! `Move`) becomes a move when nothing reads the variable afterwards. The
//! callee then holds the only reference, so `Map.put(map, k, v)` on a map
//! the caller is done with updates it in place instead of copying it.
//!
//! Call frames: a callee's registers start just above the highest register
//! the caller still needs after the call, not above all of the caller's.
//! A deep recursion then takes, per level, only what each level keeps, as
//! the BEAM's stack frames hold only the values live across a call.
//!
//! Jumps in compiled code only go forward, so one backward pass over the
//! instructions computes which registers are live after each one.

use super::code::{loop_skips, Code, Guard, Key, Kind, Op, Pat, Piece, Reg, DISCARD, RAISE};
use smallvec::{smallvec, SmallVec};

/// The registers an instruction reads or writes: a few, kept inline.
pub(super) type Regs = SmallVec<[Reg; 8]>;

/// Where control may go after an instruction: at most two places but for
/// a receive, kept inline.
pub(super) type Targets = SmallVec<[usize; 2]>;

/// Turns each `Move` whose source is dead afterwards into a `Take`, and
/// sets each call's `frame`.
pub fn annotate(code: &mut Code) {
    let n = code.ops.len();
    let width = code.nregs as usize;
    let words = width.div_ceil(64);
    // live[i * words..][..words]: the registers live before instruction i,
    // one bit each, for every instruction in one allocation.
    let mut live = vec![0u64; (n + 1) * words];
    let mut after = vec![false; width];
    let mut here = vec![0u64; words];
    let protectors = protectors(code);
    for i in (0..n).rev() {
        here.iter_mut().for_each(|w| *w = 0);
        for s in successors(&code.ops[i], i) {
            if s < n + 1 {
                let l = &live[s * words..][..words];
                here.iter_mut().zip(l).for_each(|(a, b)| *a |= *b);
            }
        }
        // Inside a `try`, any instruction may raise to the handler: what
        // the handler reads stays live, but for the registers the
        // exception arrives in (written then, before the handler runs).
        if let Some((handler, kind)) = protectors[i] {
            let mut l = live[handler * words..][..words].to_vec();
            for r in kind..kind + 3 {
                l[r as usize / 64] &= !(1 << (r % 64));
            }
            here.iter_mut().zip(&l).for_each(|(a, b)| *a |= *b);
        }
        for (r, a) in after.iter_mut().enumerate() {
            *a = here[r / 64] & (1 << (r % 64)) != 0;
        }
        if let Op::Move { dst, src } = code.ops[i] {
            if !after[src as usize] && src != dst {
                code.ops[i] = Op::Take { dst, src };
            }
        }
        match &mut code.ops[i] {
            Op::Call {
                start,
                n,
                dst,
                frame,
                ..
            }
            | Op::CallOwn {
                start,
                n,
                dst,
                frame,
                ..
            }
            | Op::Recurse {
                start,
                n,
                dst,
                frame,
            } => *frame = callee_frame(&after, *dst, *start, *n, 0),
            Op::Apply {
                fun,
                start,
                n,
                dst,
                frame,
                ..
            } => *frame = callee_frame(&after, *dst, *start, *n, *fun + 1),
            _ => {}
        }
        for d in defs(code, &code.ops[i]) {
            here[d as usize / 64] &= !(1 << (d % 64));
        }
        for u in uses(code, &code.ops[i]) {
            here[u as usize / 64] |= 1 << (u % 64);
        }
        live[i * words..][..words].copy_from_slice(&here);
    }
}

/// For each instruction, the `try` whose handler an exception it raises
/// goes to: the handler's label and the register its kind arrives in.
/// The code between a [`Op::Try`] and its [`Op::TryEnd`] is contiguous,
/// entered only through the `Try` (its handler and what follows come
/// after the `TryEnd`), so the innermost one is found by nesting, in
/// order.
fn protectors(code: &Code) -> Vec<Option<(usize, Reg)>> {
    let mut open: Vec<(usize, Reg)> = Vec::new();
    let mut out = Vec::with_capacity(code.ops.len());
    for op in &code.ops {
        match *op {
            Op::Try { kind, handler } => {
                out.push(open.last().copied());
                open.push((handler as usize, kind));
            }
            Op::TryEnd => {
                open.pop();
                out.push(open.last().copied());
            }
            _ => out.push(open.last().copied()),
        }
    }
    out
}

/// Where a callee's registers start: above every register live after the
/// call but the one receiving its value (written once the callee is gone),
/// and above `floor`. Either at or below the arguments, which then move
/// down in order, or wholly above them.
fn callee_frame(after: &[bool], dst: Reg, start: Reg, n: u16, floor: Reg) -> Reg {
    let live_top = after
        .iter()
        .enumerate()
        .rev()
        .find(|(r, live)| **live && *r != dst as usize)
        .map_or(0, |(r, _)| r as Reg + 1);
    let top = live_top.max(floor);
    if top <= start {
        top
    } else {
        top.max(start + n)
    }
}

/// Where control may go after instruction `i`.
pub(super) fn successors(op: &Op, i: usize) -> Targets {
    let next = i + 1;
    let to = |l: u32| if l == RAISE { None } else { Some(l as usize) };
    match op {
        Op::Jump { to: t } => smallvec![*t as usize],
        Op::JumpIfFalsy { to: t, .. }
        | Op::JumpIfTruthy { to: t, .. }
        | Op::JumpUnlessTrue { to: t, .. }
        | Op::JumpUnlessCmp { to: t, .. }
        | Op::JumpUnlessCmpK { to: t, .. } => smallvec![next, *t as usize],
        Op::Match { fail, .. }
        | Op::IsConst { fail, .. }
        | Op::IsInt { fail, .. }
        | Op::Cons { fail, .. }
        | Op::Guard { fail, .. }
        | Op::TypeTest { fail, .. } => std::iter::once(next).chain(to(*fail)).collect(),
        Op::Return { .. } | Op::BinReturn { .. } | Op::Fail { .. } | Op::Reraise { .. } => {
            smallvec![]
        }
        Op::Try { handler, .. } => smallvec![next, *handler as usize],
        Op::Call { tail: true, .. }
        | Op::CallOwn { tail: true, .. }
        | Op::Loop { .. }
        | Op::Apply { tail: true, .. } => smallvec![],
        // The receive's targets are its clauses' bodies and `after`.
        Op::Receive { .. } => smallvec![usize::MAX],
        _ => smallvec![next],
    }
}

/// The registers an instruction writes.
pub(super) fn defs(code: &Code, op: &Op) -> Regs {
    let mut out = Regs::new();
    if let Some(dst) = { *op }.dst_mut() {
        out.push(*dst);
        return out;
    }
    match op {
        Op::Match { pat, .. } => binds(&code.pats[*pat as usize], &mut out),
        Op::Cons { head, tail, .. } => {
            out.extend([*head, *tail].into_iter().filter(|r| *r != DISCARD))
        }
        Op::RecurseAddK { dst, frame, .. } => out.extend([*frame, *dst]),
        Op::BinReturn { dst, .. } => out.push(*dst),
        // Written when an exception comes to the handler.
        Op::Try { kind, .. } => out.extend([*kind, *kind + 1, *kind + 2]),
        _ => {}
    }
    out
}

/// The registers an instruction reads (or takes).
pub(super) fn uses(code: &Code, op: &Op) -> Regs {
    let range = |start: Reg, n: u16| (start..start + n).collect::<Regs>();
    let mut out = Regs::new();
    match op {
        Op::Move { src, .. } | Op::Take { src, .. } | Op::Not { src, .. } => out.push(*src),
        Op::BinK { a, .. }
        | Op::AddK { a, .. }
        | Op::JumpUnlessCmpK { a, .. }
        | Op::RecurseAddK { a, .. } => out.push(*a),
        Op::JumpUnlessCmp { a, b, .. } => out.extend([*a, *b]),
        Op::Boolean { src, .. }
        | Op::JumpIfFalsy { src, .. }
        | Op::JumpIfTruthy { src, .. }
        | Op::JumpUnlessTrue { src, .. }
        | Op::TypeTest { src, .. }
        | Op::IsConst { src, .. }
        | Op::IsInt { src, .. }
        | Op::Cons { src, .. }
        | Op::Field { src, .. } => out.push(*src),
        Op::Tuple { start, n, .. }
        | Op::Interpolate { start, n, .. }
        | Op::Bitstring { start, n, .. } => out = range(*start, *n),
        Op::Send { start, .. } => out = range(*start, 2),
        Op::List { start, n, tail, .. } => {
            out = range(*start, *n);
            out.extend(tail.iter().copied());
        }
        Op::Map { start, n, .. } => out = range(*start, *n * 2),
        Op::MapUpdate { base, start, n, .. } => {
            out = range(*start, *n * 2);
            out.push(*base);
        }
        Op::Bin { a, b, .. } => out.extend([*a, *b]),
        // An input's return reads what it exports, as `Return` does.
        Op::BinReturn { a, b, .. } => {
            out.extend([*a, *b]);
            if let Kind::Input = code.kind {
                out.extend(code.exports.iter().map(|(_, r)| *r));
            }
        }
        Op::Match { pat, src, .. } => {
            out.push(*src);
            reads(&code.pats[*pat as usize], &mut out);
        }
        Op::Guard { guard, .. } => guard_reads(&code.guards[*guard as usize], &mut out),
        Op::Call { start, n, .. } | Op::CallOwn { start, n, .. } | Op::Recurse { start, n, .. } => {
            out = range(*start, *n)
        }
        // An argument made in place is its parameter's register, read by
        // the next turn.
        Op::Loop { start, n, skip } => {
            out = (0..*n)
                .map(|i| if loop_skips(*skip, i) { i } else { start + i })
                .collect()
        }
        Op::Apply { fun, start, n, .. } => {
            out = range(*start, *n);
            out.push(*fun);
        }
        Op::Lambda { site, .. } => out.extend_from_slice(&code.lambdas[*site as usize].captures),
        Op::Fallback { site, .. } => {
            out = code.fallbacks[*site as usize]
                .vars
                .iter()
                .map(|(_, r)| *r)
                .collect()
        }
        Op::Return { src } => {
            out.push(*src);
            if let Kind::Input = code.kind {
                out.extend(code.exports.iter().map(|(_, r)| *r));
            }
        }
        // A clause error shows the arguments.
        Op::Fail { src, .. } => {
            out.push(*src);
            out.extend(0..code.arity);
        }
        // Anything a receive's clauses may reach stays live: every register.
        Op::Receive { .. } => out.extend(0..code.nregs),
        Op::Reraise { kind } => out.extend([*kind, *kind + 1, *kind + 2]),
        Op::Const { .. } | Op::Jump { .. } | Op::Try { .. } | Op::TryEnd => {}
    }
    out
}

/// The registers a `receive` itself reads: its patterns' pinned and
/// repeated variables, its guards' and its timeout. (For liveness every
/// register is live across it, as its clauses' bodies may read any.)
pub(super) fn receive_reads(code: &Code, site: u32) -> Regs {
    let site = &code.receives[site as usize];
    let mut out = Regs::new();
    for (pat, guard, _) in &site.clauses {
        reads(&code.pats[*pat as usize], &mut out);
        if let Some(g) = guard {
            guard_reads(&code.guards[*g as usize], &mut out);
        }
    }
    out.extend(site.after.iter().map(|(timeout, _)| *timeout));
    out
}

/// Marks each `Match` whose pattern neither reads nor binds the register
/// it matches: the machine then matches the value in place. Run once the
/// registers are final (after `peephole::args_in_place`).
pub fn mark_matches_apart(code: &mut Code) {
    let Code { ops, pats, .. } = code;
    for op in ops.iter_mut() {
        if let Op::Match {
            pat, src, apart, ..
        } = op
        {
            let mut named = Regs::new();
            binds(&pats[*pat as usize], &mut named);
            reads(&pats[*pat as usize], &mut named);
            *apart = !named.contains(src);
        }
    }
}

/// The registers a pattern binds.
fn binds(p: &Pat, out: &mut Regs) {
    match p {
        Pat::Bind(r) => out.push(*r),
        Pat::Tuple(items) => items.iter().for_each(|i| binds(i, out)),
        Pat::List(items, tail) => {
            items.iter().for_each(|i| binds(i, out));
            binds(tail, out);
        }
        Pat::Map(pairs) => pairs.iter().for_each(|(_, p)| binds(p, out)),
        Pat::Prefix(_, rest) => binds(rest, out),
        Pat::Both(a, b) => {
            binds(a, out);
            binds(b, out);
        }
        Pat::Binary(pieces) => pieces.iter().for_each(|p| {
            if let Piece::Value { pat, .. } = p {
                binds(pat, out)
            }
        }),
        Pat::Any | Pat::Same(_) | Pat::Const(_) => {}
    }
}

/// The registers a pattern compares with (`^pinned`, repeated variables).
fn reads(p: &Pat, out: &mut Regs) {
    match p {
        Pat::Same(r) => out.push(*r),
        Pat::Tuple(items) => items.iter().for_each(|i| reads(i, out)),
        Pat::List(items, tail) => {
            items.iter().for_each(|i| reads(i, out));
            reads(tail, out);
        }
        Pat::Map(pairs) => {
            for (k, p) in pairs {
                if let Key::Pinned(r) = k {
                    out.push(*r);
                }
                reads(p, out);
            }
        }
        Pat::Prefix(_, rest) => reads(rest, out),
        Pat::Both(a, b) => {
            reads(a, out);
            reads(b, out);
        }
        Pat::Binary(pieces) => pieces.iter().for_each(|p| {
            if let Piece::Value { size, pat, .. } = p {
                out.extend(*size);
                reads(pat, out)
            }
        }),
        Pat::Any | Pat::Bind(_) | Pat::Const(_) => {}
    }
}

fn guard_reads(g: &Guard, out: &mut Regs) {
    match g {
        Guard::Reg(r) => out.push(*r),
        Guard::Const(_) => {}
        Guard::Tuple(items) | Guard::List(items) => items.iter().for_each(|i| guard_reads(i, out)),
        Guard::Field(m, _) | Guard::Unary(_, m) => guard_reads(m, out),
        Guard::And(a, b) | Guard::Or(a, b) | Guard::Either(a, b) | Guard::Binary(_, a, b) => {
            guard_reads(a, out);
            guard_reads(b, out);
        }
    }
}
