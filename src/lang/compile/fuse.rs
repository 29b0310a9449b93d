//! Pairs of instructions that run as one: the last rewrite of a code, once
//! its registers and calls are settled, so that the machine dispatches once
//! where it would twice.
//!
//! - A body recursion on a counter, `fib(n - 1)` or `fact(n - 1)`: the
//!   argument's `n - k` and the call of the running code are one
//!   [`Op::RecurseAddK`], as the BEAM's loader fuses its common pairs of
//!   instructions into one.
//!
//! - A code ending in an operation, `n * fact(n - 1)`: the operation and
//!   the return of its value are one [`Op::BinReturn`].
//!
//! Two instructions fuse only when control reaches the second from the
//! first alone (it is no jump's target) and both are on the same line, so
//! that an error in either part is reported where it was.

use super::code::{BinOp, Code, Op};
use super::edit::{jump_targets, remove};

/// Fuses each counter computed for a body recursion into the call.
pub fn fuse(code: &mut Code) {
    let targets = jump_targets(code);
    let mut keep = vec![true; code.ops.len()];
    for i in 0..code.ops.len().saturating_sub(1) {
        if targets[i + 1] || code.lines[i] != code.lines[i + 1] || !keep[i] {
            continue;
        }
        let (first, second) = (code.ops[i], code.ops[i + 1]);
        if let Some(fused) = recurse_add_k(first, second).or_else(|| bin_return(first, second)) {
            code.ops[i] = fused;
            keep[i + 1] = false;
        }
    }
    remove(code, &keep);
}

/// `AddK` making the one argument of a body recursion where the callee
/// takes it, then the recursion: one `RecurseAddK`.
fn recurse_add_k(first: Op, second: Op) -> Option<Op> {
    let Op::AddK {
        dst: arg,
        a,
        delta,
        sub,
        bare,
    } = first
    else {
        return None;
    };
    let Op::Recurse {
        start,
        n: 1,
        dst,
        frame,
    } = second
    else {
        return None;
    };
    (start == arg && frame == arg).then_some(Op::RecurseAddK {
        a,
        delta,
        sub,
        bare,
        dst,
        frame,
    })
}

/// An operation, then the return of its value: one `BinReturn`.
fn bin_return(first: Op, second: Op) -> Option<Op> {
    let Op::Bin {
        op,
        dst,
        a,
        b,
        bare,
    } = first
    else {
        return None;
    };
    // `<>` keeps its own instruction, whose append in place this would lose.
    let fuses = op != BinOp::Concat && matches!(second, Op::Return { src } if src == dst);
    fuses.then_some(Op::BinReturn {
        op,
        dst,
        a,
        b,
        bare,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::compile::builder::Builder;
    use crate::lang::compile::code::{BinOp, Kind};

    /// A function's code of `ops`, all on line 1 unless `lines` says.
    fn code(ops: Vec<Op>, lines: Option<Vec<u32>>) -> Code {
        let mut b = Builder::new(Kind::Input, 1, Vec::new()).expect("a builder");
        b.code.nregs = 8;
        for op in ops {
            b.emit(op);
        }
        let mut code = b.code;
        code.lines = lines.unwrap_or_else(|| vec![1; code.ops.len()]);
        code
    }

    fn minus_one_into(arg: u16) -> Op {
        Op::with_constant(BinOp::Sub, arg, 0, 1, true)
    }

    fn recurse_from(arg: u16) -> Op {
        Op::Recurse {
            start: arg,
            n: 1,
            dst: 2,
            frame: arg,
        }
    }

    #[test]
    fn a_counter_made_for_a_body_recursion_fuses_with_it() {
        // def f(n) when n < 1, do: 0; def f(n), do: n + f(n - 1)
        let mut c = code(
            vec![
                Op::JumpUnlessCmpK {
                    op: BinOp::Lt,
                    a: 0,
                    k: 1,
                    to: 2,
                },
                Op::Return { src: 0 },
                minus_one_into(1),
                recurse_from(1),
                Op::Jump { to: 5 },
                Op::Return { src: 2 },
            ],
            None,
        );
        fuse(&mut c);
        assert!(matches!(
            c.ops[2],
            Op::RecurseAddK {
                a: 0,
                delta: -1,
                sub: true,
                dst: 2,
                frame: 1,
                ..
            }
        ));
        assert_eq!(c.ops.len(), 5);
        assert_eq!(c.lines.len(), 5);
        // The jump past the fused pair lands where it meant.
        assert!(matches!(c.ops[3], Op::Jump { to: 4 }));
        assert!(matches!(c.ops[4], Op::Return { src: 2 }));
    }

    #[test]
    fn a_pair_split_by_a_jump_target_or_a_line_stays_two() {
        let jumped_into = vec![
            Op::Jump { to: 2 },
            minus_one_into(1),
            recurse_from(1),
            Op::Return { src: 2 },
        ];
        let mut c = code(jumped_into, None);
        fuse(&mut c);
        assert_eq!(c.ops.len(), 4);

        let two_lines = vec![minus_one_into(1), recurse_from(1), Op::Return { src: 2 }];
        let mut c = code(two_lines, Some(vec![1, 2, 2]));
        fuse(&mut c);
        assert_eq!(c.ops.len(), 3);
    }

    #[test]
    fn a_counter_made_elsewhere_than_the_argument_stays_apart() {
        let mut c = code(
            vec![minus_one_into(3), recurse_from(1), Op::Return { src: 2 }],
            None,
        );
        fuse(&mut c);
        assert_eq!(c.ops.len(), 3);
    }
}
