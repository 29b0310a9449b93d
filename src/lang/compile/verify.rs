//! The promises the machine relies on: every register an instruction
//! names lies within its code's window (`nregs`), and every instruction the
//! machine may go to next lies within the code, so the machine's inner loop
//! reads registers and fetches instructions without a bounds check on each.
//!
//! Checked once per code as it is made, with the same account of what
//! each instruction reads and writes that the liveness pass uses; a code
//! that broke the promise would be a compiler bug, and is not run.

use super::code::{Code, Op, RAISE};
use super::liveness::{defs, successors, uses};

/// True when every register each instruction of `code` reads or writes
/// is below its `nregs`, and so are the registers its lambdas' captures
/// and an input's exports go to.
pub fn registers_in_bounds(code: &Code) -> bool {
    let inside = |r: &u16| *r < code.nregs;
    code.ops
        .iter()
        .all(|op| defs(code, op).iter().all(inside) && uses(code, op).iter().all(inside))
        && code.capture_regs.iter().all(inside)
        && code.exports.iter().all(|(_, r)| inside(r))
}

/// True when the code has instructions and every one the machine may go
/// to from another (the next one, a jump's or a failed match's target, a
/// receive clause's body, an `after`) is one of them.
pub fn labels_in_bounds(code: &Code) -> bool {
    let len = code.ops.len();
    let receive_targets = |site: u32| -> Vec<usize> {
        let Some(r) = code.receives.get(site as usize) else {
            return vec![usize::MAX];
        };
        let bodies = r.clauses.iter().map(|(_, _, body)| *body);
        let after = r.after.iter().map(|(_, body)| *body);
        bodies.chain(after).map(|l| l as usize).collect()
    };
    len > 0
        && code.ops.iter().enumerate().all(|(i, op)| {
            let mut targets = match op {
                Op::Receive { site } => receive_targets(*site),
                _ => successors(op, i).to_vec(),
            };
            targets.extend(jump_targets(op));
            targets.iter().all(|&t| t < len)
        })
}

/// True when every code the instructions of `code` call directly
/// ([`Op::CallOwn`]) is one of the unit's `units_codes`.
pub fn calls_in_bounds(code: &Code, units_codes: usize) -> bool {
    code.ops.iter().all(|op| match *op {
        Op::CallOwn { code, .. } => (code as usize) < units_codes,
        _ => true,
    })
}

/// The labels an instruction may jump to, as written: only a failed
/// match (`Match`, `IsConst`, `IsInt`, `Cons`) may name [`RAISE`], which raises
/// instead of jumping; any other instruction naming it would jump there.
fn jump_targets(op: &Op) -> Vec<usize> {
    match *op {
        Op::Jump { to }
        | Op::JumpIfFalsy { to, .. }
        | Op::JumpIfTruthy { to, .. }
        | Op::JumpUnlessTrue { to, .. }
        | Op::JumpUnlessCmp { to, .. }
        | Op::JumpUnlessCmpK { to, .. } => vec![to as usize],
        Op::Guard { fail, .. } | Op::TypeTest { fail, .. } => vec![fail as usize],
        Op::Try { handler, .. } => vec![handler as usize],
        Op::Match { fail, .. }
        | Op::IsConst { fail, .. }
        | Op::IsInt { fail, .. }
        | Op::Cons { fail, .. }
            if fail != RAISE =>
        {
            vec![fail as usize]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::compile::code::{Kind, Op};

    fn code(nregs: u16, ops: Vec<Op>) -> Code {
        let mut b = crate::lang::compile::builder::Builder::new(Kind::Input, 0, Vec::new())
            .expect("a builder");
        b.code.nregs = nregs;
        for op in ops {
            b.emit(op);
        }
        b.code
    }

    #[test]
    fn a_code_naming_only_its_own_registers_passes() {
        let c = code(2, vec![Op::Move { dst: 1, src: 0 }, Op::Return { src: 1 }]);
        assert!(registers_in_bounds(&c));
    }

    #[test]
    fn a_code_naming_a_register_past_its_window_fails() {
        let c = code(2, vec![Op::Move { dst: 2, src: 0 }, Op::Return { src: 2 }]);
        assert!(!registers_in_bounds(&c));
    }

    #[test]
    fn a_code_that_runs_off_its_end_fails() {
        let c = code(2, vec![Op::Move { dst: 1, src: 0 }]);
        assert!(!labels_in_bounds(&c));
    }

    #[test]
    fn a_jump_past_the_end_fails_and_one_inside_passes() {
        let inside = code(1, vec![Op::Jump { to: 1 }, Op::Return { src: 0 }]);
        let past = code(1, vec![Op::Jump { to: 2 }, Op::Return { src: 0 }]);
        assert!(labels_in_bounds(&inside));
        assert!(!labels_in_bounds(&past));
    }

    #[test]
    fn only_a_failed_match_may_raise_instead_of_jumping() {
        let ret = || Op::Return { src: 0 };
        let raising_match = code(
            1,
            vec![
                Op::IsConst {
                    src: 0,
                    k: 0,
                    fail: RAISE,
                },
                ret(),
            ],
        );
        assert!(labels_in_bounds(&raising_match));
        for op in [
            Op::Jump { to: RAISE },
            Op::TypeTest {
                src: 0,
                ty: crate::lang::compile::code::Type::Integer,
                fail: RAISE,
            },
            Op::Guard {
                guard: 0,
                fail: RAISE,
            },
        ] {
            assert!(!labels_in_bounds(&code(1, vec![op, ret()])));
        }
    }

    #[test]
    fn a_direct_call_of_a_code_the_unit_lacks_fails() {
        let call = |code| Op::CallOwn {
            code,
            start: 0,
            n: 1,
            dst: 0,
            tail: true,
            frame: 0,
        };
        assert!(calls_in_bounds(&code(1, vec![call(1)]), 2));
        assert!(!calls_in_bounds(&code(1, vec![call(2)]), 2));
    }

    #[test]
    fn a_call_whose_arguments_run_past_the_window_fails() {
        let call = Op::Call {
            callee: 0,
            start: 1,
            n: 2,
            dst: 0,
            tail: false,
            frame: 0,
        };
        assert!(!registers_in_bounds(&code(
            2,
            vec![call, Op::Return { src: 0 }]
        )));
    }
}
