//! A compiled function that Rust starts again and again: a server's
//! callbacks, run for every message. It is found once (the module's
//! function table, its code in the unit) and then started on arguments
//! the caller lends, without a vector for them.

use super::Started;
use crate::lang::compile::Unit;
use crate::runtime::code::Prepared;
use crate::runtime::Ctx;
use crate::term::Term;
use std::sync::Arc;

/// Code `code` of `unit`, ready to start.
pub struct PreparedCode {
    unit: Arc<Unit>,
    code: u32,
}

impl PreparedCode {
    /// Code `code` of `unit`.
    pub fn new(unit: Arc<Unit>, code: u32) -> PreparedCode {
        PreparedCode { unit, code }
    }
}

impl Prepared for PreparedCode {
    fn start<'a>(&'a self, cx: &'a mut Ctx, args: &mut [Term]) -> Started<'a> {
        super::start(
            cx,
            &self.unit,
            self.code,
            args.iter_mut().map(super::take),
            &[],
        )
    }
}
