//! The running frame's registers, read and written by number without a
//! bounds check on each access.
//!
//! Every register an instruction names is below its code's `nregs`: the
//! compiler verifies it for each code it makes
//! ([`crate::lang::compile::verify`]), and the machine keeps `nregs`
//! registers above the running frame's base whenever its inner loop runs.
//! A window is made afresh each time the running frame changes or the
//! register stack may have moved, and is not used after.

use crate::lang::compile::code::Reg;
use crate::term::Term;

/// The registers of the running frame.
#[derive(Clone, Copy)]
pub(super) struct Window {
    at: *mut Term,
    len: usize,
}

impl Window {
    /// The window of `len` registers from `base` of the stack `regs`.
    ///
    /// # Safety
    /// `regs` holds at least `base + len` registers, and is neither
    /// resized nor accessed otherwise while the window is used.
    #[inline(always)]
    pub unsafe fn new(regs: &mut Vec<Term>, base: usize, len: usize) -> Window {
        debug_assert!(
            regs.len() >= base + len,
            "a frame's registers are all there"
        );
        Window {
            at: regs.as_mut_ptr().add(base),
            len,
        }
    }

    /// Register `r`.
    #[inline(always)]
    pub fn get<'a>(self, r: Reg) -> &'a Term {
        debug_assert!((r as usize) < self.len);
        // SAFETY: `r` is below the code's `nregs` (verified when compiled),
        // all of which the window covers.
        unsafe { &*self.at.add(r as usize) }
    }

    /// Writes register `r`, dropping what it held only when that owns
    /// something.
    #[inline(always)]
    pub fn set(self, r: Reg, v: Term) {
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`; no reference into the window is held here.
        super::set(unsafe { &mut *self.at.add(r as usize) }, v)
    }

    /// Writes a small integer into register `r`: in place when it holds one.
    #[inline(always)]
    pub fn set_int(self, r: Reg, v: i64) {
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`.
        match unsafe { &mut *self.at.add(r as usize) } {
            Term::Int(old) => *old = v,
            slot => super::set(slot, Term::Int(v)),
        }
    }

    /// Writes a copy of the list `t` into register `r`: its cell's count
    /// taken, then its bits copied from where they lie (see [`transfer`]:
    /// a list term made by value and copied again would stall).
    #[inline(always)]
    pub fn set_list_copy(self, r: Reg, t: &Term) {
        debug_assert!((r as usize) < self.len);
        let Term::List(l) = t else {
            return self.set(r, t.clone());
        };
        std::mem::forget(l.clone());
        // SAFETY: as in `get`. A list term is its cell's counted pointer
        // alone: with the count taken above, a copy of its bits is a clone.
        // `t` lies in a cell, never in the register written.
        unsafe {
            let slot = self.at.add(r as usize);
            if !super::is_immediate(&*slot) {
                std::ptr::drop_in_place(slot);
            }
            std::ptr::copy_nonoverlapping(t, slot, 1);
        }
    }

    /// Moves the value out of register `r`, leaving `[]`.
    #[inline(always)]
    pub fn take(self, r: Reg) -> Term {
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`.
        std::mem::replace(unsafe { &mut *self.at.add(r as usize) }, Term::Nil)
    }

    /// Moves register `from` into register `to`, leaving `[]` in `from`.
    #[inline(always)]
    pub fn transfer(self, to: Reg, from: Reg) {
        debug_assert!((to as usize) < self.len && (from as usize) < self.len);
        // SAFETY: as in `get`.
        unsafe { transfer(self.at.add(to as usize), self.at.add(from as usize)) }
    }

    /// The whole window, for the instructions run outside the loop.
    #[inline(always)]
    pub fn all<'a>(self) -> &'a mut [Term] {
        // SAFETY: the window covers `len` registers of the stack.
        unsafe { std::slice::from_raw_parts_mut(self.at, self.len) }
    }
}

/// Moves the term at `from` to `to`, dropping what `to` held, leaving `[]`
/// at `from` (or the same small integer). A small integer moves as its
/// number alone: a value just computed was written that way, and reading
/// it back as one wide load would stall on the store still in flight.
///
/// # Safety
/// Both point to live terms of one register stack, not otherwise borrowed.
#[inline(always)]
pub(super) unsafe fn transfer(to: *mut Term, from: *mut Term) {
    match &mut *from {
        Term::Int(x) => {
            let x = *x;
            match &mut *to {
                Term::Int(old) => *old = x,
                slot => super::set(slot, Term::Int(x)),
            }
        }
        src => {
            let v = std::mem::replace(src, Term::Nil);
            super::set(&mut *to, v)
        }
    }
}
