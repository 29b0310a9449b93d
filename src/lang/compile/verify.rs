//! The promise the machine relies on: every register an instruction names
//! lies within its code's window (`nregs`), so the machine's inner loop
//! reads and writes registers without a bounds check on each access.
//!
//! Checked once per code as it is made, with the same account of what
//! each instruction reads and writes that the liveness pass uses; a code
//! that broke the promise would be a compiler bug, and is not run.

use super::code::Code;
use super::liveness::{defs, uses};

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
