//! Rewrites of a unit's codes once they are all made, for the machine's
//! sake: what the code does stays the same, it only costs less to run.
//!
//! - A call of a function of the same unit names that function's code
//!   ([`Op::CallOwn`]): the machine enters it without looking it up in the
//!   code's call table, as the BEAM's `call` names a label of its module;
//!   a function calling itself in tail position loops ([`Op::Loop`]), and
//!   in a body recurses ([`Op::Recurse`]), staying in the code it runs.
//! - A call's arguments are computed in the registers the callee takes
//!   them in (its `frame`, or the parameters for a tail call) when nothing
//!   else needs those registers meanwhile: `count(n - 1, acc + 1)` writes
//!   `n - 1` over `n` and `acc + 1` over `acc` and loops, moving nothing,
//!   as the BEAM's code for it does with its x registers.

use super::code::{Callee, Code, Op, Reg};
use super::edit::{jump_targets, remove};
use super::liveness::{defs, receive_reads, successors, uses};

/// Turns each call of a function of the unit into an [`Op::CallOwn`], and
/// the code's (number `own`) calls of itself into [`Op::Loop`]s (tail
/// calls) and [`Op::Recurse`]s (body calls).
pub fn direct_calls(code: &mut Code, own: u32) {
    for op in code.ops.iter_mut() {
        if let Op::Call {
            callee,
            start,
            n,
            dst,
            tail,
            frame,
        } = *op
        {
            if let Callee::Own(idx) = code.calls[callee as usize] {
                *op = if tail && idx == own {
                    Op::Loop { start, n, skip: 0 }
                } else if idx == own {
                    Op::Recurse {
                        start,
                        n,
                        dst,
                        frame,
                    }
                } else {
                    Op::CallOwn {
                        code: idx,
                        start,
                        n,
                        dst,
                        tail,
                        frame,
                    }
                };
            }
        }
    }
}

/// Computes each call's arguments where the callee takes them, when it
/// can: the instructions that made them write there instead, and a copy
/// left copying a register onto itself goes. Run after the liveness pass
/// set the calls' frames; true when it changed the code, which the
/// liveness pass must then see again.
///
/// A call takes its arguments as one run of registers: all of them are
/// made in place, or none. A loop takes each in its own parameter, so
/// those that can be made in place are (`skip`), and it moves the others:
/// `reduce(first + step, last, step, fun.(first, acc), fun)` leaves `last`
/// and `step` where they are, moving `first + step` (which cannot be made
/// over `first`, still to be read) and the others.
pub fn args_in_place(code: &mut Code) -> bool {
    let targets = jump_targets(code);
    let mut readers = read_counts(code);
    let mut changed = false;
    for i in 0..code.ops.len() {
        let Some((start, n, to)) = moved_args(&code.ops[i]) else {
            continue;
        };
        let makers: Vec<Option<usize>> = (0..n)
            .map(|k| arg_maker(code, &targets, &readers, i, start + k, to + k))
            .collect();
        let placed: Vec<(u16, usize)> = if makers.iter().all(Option::is_some) {
            makers
                .iter()
                .enumerate()
                .map(|(k, at)| (k as u16, at.unwrap_or(0)))
                .collect()
        } else if partly_in_place(&code.ops[i]) {
            makers
                .iter()
                .enumerate()
                .filter_map(|(k, at)| Some((k as u16, (*at)?)))
                .collect()
        } else {
            continue;
        };
        if placed.is_empty() {
            continue;
        }
        for &(k, at) in &placed {
            if let Some(dst) = code.ops[at].dst_mut() {
                *dst = to + k;
            }
            if let Some(c) = readers.get_mut((start + k) as usize) {
                *c = c.saturating_sub(1);
            }
            if let Some(c) = readers.get_mut((to + k) as usize) {
                *c += 1;
            }
        }
        if placed.len() == n as usize {
            set_start(&mut code.ops[i], to);
        } else if let Op::Loop { skip, .. } = &mut code.ops[i] {
            *skip = placed.iter().fold(0, |bits, &(k, _)| bits | 1 << k);
        }
        changed = true;
    }
    if changed {
        drop_self_moves(code);
    }
    changed
}

/// True when a call may have some of its arguments made in place and
/// not others: a loop whose arguments lie wholly above its parameters
/// (each moved down without overwriting another), of at most 16 (one bit
/// each in `skip`).
fn partly_in_place(op: &Op) -> bool {
    matches!(*op, Op::Loop { start, n, skip: 0 } if start >= n && n <= 16)
}

/// A call whose arguments move before the callee runs: where they are
/// (`start`, `n`) and where they go.
fn moved_args(op: &Op) -> Option<(Reg, u16, Reg)> {
    let (start, n, to) = match *op {
        Op::Call {
            start,
            n,
            tail,
            frame,
            ..
        }
        | Op::CallOwn {
            start,
            n,
            tail,
            frame,
            ..
        } => (start, n, if tail { 0 } else { frame }),
        Op::Recurse {
            start, n, frame, ..
        } => (start, n, frame),
        Op::Loop { start, n, skip: 0 } => (start, n, 0),
        // A tail application may move its arguments onto the fun itself.
        Op::Apply {
            start,
            n,
            tail: false,
            frame,
            ..
        } => (start, n, frame),
        _ => return None,
    };
    (n > 0 && to < start).then_some((start, n, to))
}

/// For the call at `call`, the instruction making its argument `arg`,
/// when it may write `dest` (where the argument goes) instead: `arg` is
/// written by that one instruction and read by the call alone, in the
/// straight run of code before the call, and no instruction after the
/// maker reads or writes `dest`.
fn arg_maker(
    code: &Code,
    targets: &[bool],
    readers: &[u32],
    call: usize,
    arg: Reg,
    dest: Reg,
) -> Option<usize> {
    let exported = code.exports.iter().any(|(_, e)| *e == dest);
    if exported || code.capture_regs.contains(&dest) {
        return None;
    }
    let at = maker_in_block(code, targets, call, arg)?;
    let writes_only_arg = defs(code, &code.ops[at]).as_slice() == [arg];
    let mut made = code.ops[at];
    if !writes_only_arg || made.dst_mut().is_none() {
        return None;
    }
    let straight = (at..call).all(|j| successors(&code.ops[j], j).as_slice() == [j + 1]);
    let untouched = (at + 1..call).all(|j| {
        let op = &code.ops[j];
        !uses(code, op).contains(&dest) && !defs(code, op).contains(&dest)
    });
    // The call reads it once; anything more is another reader.
    let read_elsewhere = readers.get(arg as usize).is_none_or(|c| *c > 1);
    (straight && untouched && !read_elsewhere).then_some(at)
}

/// The last instruction before `call` that writes `arg`, within the run
/// of code control enters only at its top.
fn maker_in_block(code: &Code, targets: &[bool], call: usize, arg: Reg) -> Option<usize> {
    let mut j = call;
    while j > 0 && !targets[j] {
        j -= 1;
        if defs(code, &code.ops[j]).contains(&arg) {
            return Some(j);
        }
    }
    None
}

/// How many times the instructions read each register. A `receive` reads
/// only its patterns', guards' and timeout's (for liveness every register
/// is live across it, as its clauses' bodies may read any).
fn read_counts(code: &Code) -> Vec<u32> {
    let mut counts = vec![0; code.nregs as usize];
    for op in &code.ops {
        let reads = match op {
            Op::Receive { site } => receive_reads(code, *site),
            _ => uses(code, op),
        };
        for r in reads {
            if let Some(c) = counts.get_mut(r as usize) {
                *c += 1;
            }
        }
    }
    counts
}

fn set_start(op: &mut Op, to: Reg) {
    match op {
        Op::Call { start, .. }
        | Op::CallOwn { start, .. }
        | Op::Recurse { start, .. }
        | Op::Apply { start, .. }
        | Op::Loop { start, .. } => *start = to,
        other => unreachable!("not a call: {other:?}"),
    }
}

/// Removes the moves of a register onto itself the rewrite left, and
/// points every jump at the instruction it meant.
fn drop_self_moves(code: &mut Code) {
    let keep: Vec<bool> = code
        .ops
        .iter()
        .map(|op| !matches!(*op, Op::Move { dst, src } | Op::Take { dst, src } if dst == src))
        .collect();
    remove(code, &keep);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::compile::builder::Builder;
    use crate::lang::compile::code::{BinOp, Kind};

    /// A code of `arity` arguments and `nregs` registers, through the
    /// passes `finish` runs.
    fn passed(arity: usize, nregs: u16, ops: Vec<Op>) -> Code {
        let mut b = Builder::new(Kind::Input, arity, Vec::new()).expect("a builder");
        b.code.kind = Kind::Lambda;
        b.code.nregs = nregs;
        for op in ops {
            b.emit(op);
        }
        let mut code = b.code;
        super::super::liveness::annotate(&mut code);
        args_in_place(&mut code);
        super::super::liveness::annotate(&mut code);
        code
    }

    fn own_tail_call(start: Reg, n: u16) -> Op {
        Op::CallOwn {
            code: 0,
            start,
            n,
            dst: 0,
            tail: true,
            frame: 0,
        }
    }

    #[test]
    fn a_loops_arguments_are_computed_over_its_parameters() {
        // def count(0, acc), do: acc; def count(n, acc), do: count(n - 1, acc + 1)
        let code = passed(
            2,
            4,
            vec![
                Op::IsInt {
                    src: 0,
                    k: 0,
                    fail: 2,
                },
                Op::Return { src: 1 },
                Op::BinK {
                    op: BinOp::Sub,
                    dst: 2,
                    a: 0,
                    k: 1,
                    bare: false,
                },
                Op::BinK {
                    op: BinOp::Add,
                    dst: 3,
                    a: 1,
                    k: 1,
                    bare: false,
                },
                Op::Loop {
                    start: 2,
                    n: 2,
                    skip: 0,
                },
            ],
        );
        assert!(matches!(code.ops[2], Op::BinK { dst: 0, a: 0, .. }));
        assert!(matches!(code.ops[3], Op::BinK { dst: 1, a: 1, .. }));
        assert!(matches!(code.ops[4], Op::Loop { start: 0, .. }));
    }

    #[test]
    fn a_receive_loops_argument_is_made_over_its_parameter() {
        // defp loop(count), do: (receive do n -> loop(count + n) end)
        let mut b = Builder::new(Kind::Lambda, 1, Vec::new()).expect("a builder");
        b.code.nregs = 4;
        b.code.pats.push(crate::lang::compile::code::Pat::Bind(2));
        b.code
            .receives
            .push(crate::lang::compile::code::ReceiveSite {
                clauses: vec![(0, None, 1)],
                after: None,
            });
        b.emit(Op::Receive { site: 0 });
        b.emit(Op::Bin {
            op: BinOp::Add,
            dst: 3,
            a: 0,
            b: 2,
            bare: false,
        });
        b.emit(Op::Loop {
            start: 3,
            n: 1,
            skip: 0,
        });
        let mut code = b.code;
        super::super::liveness::annotate(&mut code);
        args_in_place(&mut code);
        assert!(matches!(code.ops[1], Op::Bin { dst: 0, .. }));
        assert!(matches!(code.ops[2], Op::Loop { start: 0, n: 1, .. }));
    }

    #[test]
    fn a_register_still_read_after_the_argument_is_made_is_not_overwritten() {
        // f(n - 1, n): `n` is read after `n - 1` is made, so `n - 1`
        // cannot be made over it.
        let code = passed(
            1,
            3,
            vec![
                Op::BinK {
                    op: BinOp::Sub,
                    dst: 1,
                    a: 0,
                    k: 1,
                    bare: false,
                },
                Op::Move { dst: 2, src: 0 },
                own_tail_call(1, 2),
            ],
        );
        assert!(matches!(code.ops[0], Op::BinK { dst: 1, .. }));
        assert!(matches!(code.ops[2], Op::CallOwn { start: 1, .. }));
    }

    #[test]
    fn a_copy_left_onto_itself_goes_and_jumps_still_land_where_they_meant() {
        let code = passed(
            1,
            2,
            vec![
                Op::JumpIfFalsy { src: 0, to: 3 },
                Op::Move { dst: 1, src: 0 },
                own_tail_call(1, 1),
                Op::Return { src: 0 },
            ],
        );
        assert_eq!(code.ops.len(), 3);
        assert_eq!(code.lines.len(), 3);
        assert!(matches!(code.ops[0], Op::JumpIfFalsy { to: 2, .. }));
        assert!(matches!(code.ops[1], Op::CallOwn { start: 0, .. }));
        assert!(matches!(code.ops[2], Op::Return { src: 0 }));
    }

    #[test]
    fn a_functions_call_of_itself_loops_in_tail_position_and_recurses_in_a_body() {
        let mut b = Builder::new(Kind::Input, 1, Vec::new()).expect("a builder");
        b.code.calls.push(Callee::Own(0));
        let call = |tail| Op::Call {
            callee: 0,
            start: 0,
            n: 1,
            dst: 0,
            tail,
            frame: 0,
        };
        b.emit(call(false));
        b.emit(call(true));
        direct_calls(&mut b.code, 0);
        assert!(matches!(b.code.ops[0], Op::Recurse { start: 0, n: 1, .. }));
        assert!(matches!(
            b.code.ops[1],
            Op::Loop {
                start: 0,
                n: 1,
                skip: 0
            }
        ));
    }

    #[test]
    fn a_call_of_the_units_own_function_names_its_code() {
        let mut b = Builder::new(Kind::Input, 1, Vec::new()).expect("a builder");
        b.code.calls.push(Callee::Own(3));
        b.code.calls.push(Callee::Remote(
            crate::term::Atom::new("M"),
            crate::term::Atom::new("f"),
        ));
        let call = |callee| Op::Call {
            callee,
            start: 0,
            n: 1,
            dst: 0,
            tail: false,
            frame: 0,
        };
        b.emit(call(0));
        b.emit(call(1));
        direct_calls(&mut b.code, 0);
        assert!(matches!(b.code.ops[0], Op::CallOwn { code: 3, .. }));
        assert!(matches!(b.code.ops[1], Op::Call { callee: 1, .. }));
    }
}

#[cfg(test)]
mod loop_tests {
    use super::*;
    use crate::lang::compile::builder::Builder;
    use crate::lang::compile::code::{BinOp, Kind};

    #[test]
    fn a_loop_keeps_in_place_the_arguments_it_can_and_moves_the_others() {
        // reduce_range_up(first + step, last, step, fun.(first, acc), fun)
        let mut b = Builder::new(Kind::Input, 5, Vec::new()).expect("a builder");
        b.code.kind = Kind::Lambda;
        b.code.nregs = 12;
        for op in [
            Op::Bin {
                op: BinOp::Add,
                dst: 7,
                a: 0,
                b: 2,
                bare: false,
            },
            Op::Move { dst: 8, src: 1 },
            Op::Move { dst: 9, src: 2 },
            Op::Move { dst: 10, src: 0 },
            Op::Move { dst: 11, src: 3 },
            Op::Apply {
                fun: 4,
                start: 10,
                n: 2,
                dst: 10,
                tail: false,
                frame: 10,
            },
            Op::Move { dst: 11, src: 4 },
            Op::Loop {
                start: 7,
                n: 5,
                skip: 0,
            },
        ] {
            b.emit(op);
        }
        let mut code = b.code;
        super::super::liveness::annotate(&mut code);
        assert!(args_in_place(&mut code));
        super::super::liveness::annotate(&mut code);
        // `last` and `step` stay in their parameters: their copies go.
        let last = code.ops.last().expect("a loop");
        assert!(
            matches!(*last, Op::Loop { start: 7, n: 5, skip } if skip == 0b00110),
            "{last:?}"
        );
        assert_eq!(code.ops.len(), 6);
    }
}
