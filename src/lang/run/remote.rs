//! A per-thread cache of where remote calls land: `Mod.fun(args)` from
//! compiled code, to a module function that is compiled too.
//!
//! Finding the callee in the code table costs a lookup of the module, a
//! downcast, a lookup of the function and two reference counts taken and
//! given back: about as much as the call itself. A call site calls the
//! same few functions again and again, so each thread remembers the unit
//! and code of the functions it called last, with the node's code version
//! they were found at: a hit costs a probe and a comparison, and loading
//! any code (which bumps the version) makes every entry stale, so a
//! redefined module is called at once, as on the BEAM.

use crate::lang::compile::Unit;
use crate::runtime::Ctx;
use crate::term::Atom;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Slots in each thread's cache (direct-mapped by function).
const SLOTS: usize = 256;

/// Where `module.fun/arity` was found (or that it has no compiled code),
/// in which node and at which version.
struct Entry {
    node: u64,
    version: u64,
    module: Atom,
    fun: Atom,
    arity: usize,
    found: Option<(Arc<Unit>, u32)>,
}

thread_local! {
    static FOUND: RefCell<Vec<Option<Entry>>> = RefCell::new((0..SLOTS).map(|_| None).collect());
}

/// The slot of `module.fun/arity` (atoms hash by their interned address).
fn slot(module: Atom, fun: Atom, arity: usize) -> usize {
    let mut h = rustc_hash::FxHasher::default();
    (module, fun, arity).hash(&mut h);
    // Fx's high bits mix best.
    (h.finish() >> 32) as usize % SLOTS
}

/// Runs `f` on the unit and code of the compiled public function
/// `module.fun/arity`; `None` when there is none (a native module, a
/// function left to the evaluator, nothing of that name). Both answers
/// are remembered, so a call that goes out of compiled code each time
/// does not look in the code table twice.
pub(super) fn with_compiled<R>(
    cx: &Ctx,
    module: Atom,
    fun: Atom,
    arity: usize,
    f: impl FnOnce(&Arc<Unit>, u32) -> R,
) -> Option<R> {
    let node = cx.node();
    let (serial, version) = (node.serial(), node.code_version());
    let at = slot(module, fun, arity);
    let hit = |e: &Entry| {
        e.node == serial
            && e.version == version
            && e.module == module
            && e.fun == fun
            && e.arity == arity
    };
    let mut f = Some(f);
    let cached = FOUND.try_with(|c| {
        let c = c.try_borrow().ok()?;
        let e = c[at].as_ref().filter(|e| hit(e))?;
        let r = e
            .found
            .as_ref()
            .map(|(unit, code)| (f.take().expect("run once"))(unit, *code));
        Some(r)
    });
    if let Ok(Some(r)) = cached {
        return r;
    }
    let found = compiled(cx, module, fun, arity);
    let r = found
        .as_ref()
        .map(|(unit, code)| (f.take().expect("not run on a miss"))(unit, *code));
    let entry = Entry {
        node: serial,
        version,
        module,
        fun,
        arity,
        found,
    };
    // The entry it replaces (perhaps of code since replaced, or of a node
    // gone) is dropped outside the borrow: its unit may be the last
    // reference to a module's code, whose constants are terms.
    let _evicted = FOUND
        .try_with(|c| c.try_borrow_mut().ok()?[at].replace(entry))
        .ok()
        .flatten();
    r
}

/// The compiled code of the public function `module.fun/arity`, found in
/// the code table.
fn compiled(cx: &Ctx, module: Atom, fun: Atom, arity: usize) -> Option<(Arc<Unit>, u32)> {
    let m = cx.node().module(module)?;
    let user = m
        .as_any()?
        .downcast_ref::<crate::lang::module::UserModule>()?;
    user.compiled(fun, arity)
}

#[cfg(test)]
mod tests {
    use super::slot;
    use crate::term::Atom;

    #[test]
    fn functions_of_one_module_spread_over_the_slots() {
        let m = Atom::module("Spread");
        let slots: std::collections::HashSet<usize> = (0..64)
            .map(|i| slot(m, Atom::new(&format!("f{i}")), 1))
            .collect();
        assert!(slots.len() > 40, "{} distinct slots of 64", slots.len());
    }
}
