//! A compiled function that Rust starts again and again: a server's
//! callbacks, run for every message. It is found once (the module's
//! function table, its code in the unit) and then started on arguments
//! the caller lends, without a vector for them; a caller that starts one
//! after another may keep the machine between starts.

use super::Started;
use crate::lang::compile::Unit;
use crate::runtime::code::{Kept, Prepared};
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
    fn start_in_place<'a>(
        &'a self,
        cx: &'a mut Ctx,
        args: &mut [Term],
        kept: &'a mut Kept,
    ) -> Result<&'a mut Term, Started<'a>> {
        let applier = kept.get_or_default::<super::Applier>();
        let args = args.iter_mut().map(super::take);
        applier
            .run_in_place(cx, &self.unit, self.code, args, &[])
            .map_err(|ran| ran.started(cx))
    }
}
