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
    /// Kept for the checks of debug builds only: in the inner loop a
    /// length is one more value to keep in a machine register.
    #[cfg(debug_assertions)]
    len: usize,
}

impl Window {
    /// The window of `len` registers from `at`.
    ///
    /// # Safety
    /// `at` points to `len` live registers of a stack that is neither
    /// resized nor accessed otherwise while the window is used.
    #[inline(always)]
    pub unsafe fn at(at: *mut Term, len: usize) -> Window {
        #[cfg(not(debug_assertions))]
        let _ = len;
        Window {
            at,
            #[cfg(debug_assertions)]
            len,
        }
    }

    /// Register `r`.
    #[inline(always)]
    pub fn get<'a>(self, r: Reg) -> &'a Term {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        // SAFETY: `r` is below the code's `nregs` (verified when compiled),
        // all of which the window covers.
        unsafe { &*self.at.add(r as usize) }
    }

    /// Writes register `r`, dropping what it held only when that owns
    /// something.
    #[inline(always)]
    pub fn set(self, r: Reg, v: Term) {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`; no reference into the window is held here.
        super::set(unsafe { &mut *self.at.add(r as usize) }, v)
    }

    /// Writes a small integer into register `r`: in place when it holds one.
    #[inline(always)]
    pub fn set_int(self, r: Reg, v: i64) {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`.
        match unsafe { &mut *self.at.add(r as usize) } {
            Term::Int(old) => *old = v,
            slot => super::set(slot, Term::Int(v)),
        }
    }

    /// Writes a copy of `t` into register `r` without making the term by
    /// value first (see [`transfer`]: a term made by value and copied again
    /// would stall): a small integer as its number; a term that is a
    /// counted pointer alone (a list, tuple, function, big integer) or owns
    /// nothing, as its bits, its count taken first. `t` must not be
    /// register `r` itself.
    #[inline(always)]
    pub fn set_copy(self, r: Reg, t: &Term) {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        debug_assert!(!std::ptr::eq(t, self.at.wrapping_add(r as usize)));
        match t {
            Term::Int(x) => return self.set_int(r, *x),
            Term::List(l) => std::mem::forget(l.clone()),
            Term::Tuple(items) => std::mem::forget(items.clone()),
            Term::Fun(f) => std::mem::forget(f.clone()),
            Term::Big(b) => std::mem::forget(b.clone()),
            Term::Float(_) | Term::Atom(_) | Term::Pid(_) | Term::Ref(_) | Term::Nil => {}
            other => return self.set(r, other.clone()),
        }
        // SAFETY: as in `get`. Each kind above is its counted pointer
        // alone, or owns nothing: with the count taken, a copy of its bits
        // is a clone. `t` is not the register written (the caller's word),
        // so dropping what the register held leaves `t` alone.
        unsafe {
            let slot = self.at.add(r as usize);
            drop_register(slot);
            copy_words(t, slot);
        }
    }

    /// Register `r`, by address: for a move into another window.
    #[inline(always)]
    pub fn slot(self, r: Reg) -> *mut Term {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        self.at.wrapping_add(r as usize)
    }

    /// Moves the value out of register `r`, leaving `[]`.
    #[inline(always)]
    pub fn take(self, r: Reg) -> Term {
        #[cfg(debug_assertions)]
        debug_assert!((r as usize) < self.len);
        // SAFETY: as in `get`.
        std::mem::replace(unsafe { &mut *self.at.add(r as usize) }, Term::Nil)
    }

    /// Moves register `from` into register `to`, leaving `[]` in `from`.
    #[inline(always)]
    pub fn transfer(self, to: Reg, from: Reg) {
        #[cfg(debug_assertions)]
        debug_assert!((to as usize) < self.len && (from as usize) < self.len);
        // SAFETY: as in `get`.
        unsafe { transfer(self.at.add(to as usize), self.at.add(from as usize)) }
    }

    /// The `n` registers from `start`.
    #[inline(always)]
    pub fn span<'a>(self, start: Reg, n: u16) -> &'a mut [Term] {
        #[cfg(debug_assertions)]
        debug_assert!(start as usize + n as usize <= self.len);
        // SAFETY: as in `get`: an instruction's span of registers is below
        // its code's `nregs`.
        unsafe { std::slice::from_raw_parts_mut(self.at.add(start as usize), n as usize) }
    }

    /// The whole window of `len` registers (its code's `nregs`), for the
    /// instructions run outside the loop.
    #[inline(always)]
    pub fn all<'a>(self, len: usize) -> &'a mut [Term] {
        #[cfg(debug_assertions)]
        debug_assert_eq!(len, self.len);
        // SAFETY: the window covers its code's `nregs` registers.
        unsafe { std::slice::from_raw_parts_mut(self.at, len) }
    }
}

/// Copies the bits of the term at `from` to `to` word by word: a term just
/// written field by field (a list's tail taken apart an instruction ago)
/// and read back as one wide load would stall on the stores still in
/// flight. The loads are volatile so that they are not merged into one.
///
/// # Safety
/// `from` is a live term, `to` a register whose old value was dropped or
/// owns nothing; the caller has taken any count the copy needs.
#[inline(always)]
unsafe fn copy_words(from: *const Term, to: *mut Term) {
    // As `MaybeUninit` words: a term's unused bytes may be uninitialised.
    type Word = std::mem::MaybeUninit<u64>;
    const WORDS: usize = std::mem::size_of::<Term>() / std::mem::size_of::<Word>();
    const _: () = assert!(std::mem::size_of::<Term>().is_multiple_of(std::mem::size_of::<Word>()));
    const _: () = assert!(std::mem::align_of::<Term>() >= std::mem::align_of::<Word>());
    let (from, to) = (from as *const Word, to as *mut Word);
    for i in 0..WORDS {
        to.add(i).write(from.add(i).read_volatile());
    }
}

/// Drops the term in a register about to be overwritten. A list's count
/// is given back inline: walking a list, each step replaces the cell
/// before, and a call to the whole of `Term`'s drop for it costs more than
/// the count.
///
/// # Safety
/// `slot` is a live term, overwritten before it is read again.
#[inline(always)]
unsafe fn drop_register(slot: *mut Term) {
    match &mut *slot {
        t if super::is_immediate(t) => {}
        Term::List(l) => std::ptr::drop_in_place(l),
        _ => std::ptr::drop_in_place(slot),
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
        _ if to == from => {}
        _ => {
            // Word by word, without the term passing through a temporary:
            // a list's tail taken apart an instruction ago and moved on
            // (`walk(rest, ...)`) was written field by field.
            drop_register(to);
            copy_words(from, to);
            std::ptr::write(from, Term::Nil);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::build::structure;

    /// A copy of each kind of term, over registers holding each kind:
    /// equal values, and every count taken once and given back once.
    #[test]
    fn a_copy_by_bits_takes_one_count_and_drops_what_it_replaces() {
        let tuple = Term::tuple([Term::int(1), Term::from("two")]);
        let kinds = vec![
            Term::int(7),
            Term::Atom(crate::atom!("ok")),
            Term::Nil,
            Term::list(vec![Term::int(1), Term::int(2)]),
            tuple.clone(),
            Term::big(num_bigint::BigInt::from(u64::MAX) * 3),
            Term::from("a binary"),
            structure(crate::atom!("Elixir.S"), vec![("k", Term::int(1))]),
            Term::Float(1.5),
        ];
        let Term::Tuple(counted) = &tuple else {
            unreachable!()
        };
        for old in &kinds {
            for t in &kinds {
                let mut regs = vec![old.clone(), Term::Nil];
                // SAFETY: two registers, both in the window.
                let w = unsafe { Window::at(regs.as_mut_ptr(), 2) };
                w.set_copy(0, t);
                w.set_copy(1, t);
                assert_eq!(&regs[0], t);
                assert_eq!(&regs[1], t);
                if t == &tuple {
                    // `tuple`, its entry in `kinds`, and the two copies.
                    assert_eq!(triomphe::Arc::count(counted), 4);
                }
            }
        }
        assert_eq!(triomphe::Arc::count(counted), 2);
    }

    /// A register moved onto another drops what that one held (a list's
    /// count given back inline) and leaves `[]` behind.
    #[test]
    fn a_move_drops_the_list_it_replaces_and_leaves_nil() {
        let count = |t: &Term| match t {
            Term::Tuple(items) => triomphe::Arc::count(items),
            _ => unreachable!(),
        };
        let (a, b) = (Term::tuple([Term::int(1)]), Term::tuple([Term::int(2)]));
        let mut regs = vec![Term::list(vec![a.clone()]), Term::list(vec![b.clone()])];
        // SAFETY: two registers, both in the window.
        let w = unsafe { Window::at(regs.as_mut_ptr(), 2) };
        w.transfer(0, 1);
        assert_eq!(regs[1], Term::Nil);
        assert_eq!(regs[0], Term::list(vec![b.clone()]));
        assert_eq!(count(&a), 1, "the replaced list is freed");
        drop(regs);
        assert_eq!(count(&b), 1);
    }
}
