//! The global allocator of the `riex` binary and of the benchmarks: mimalloc,
//! asked for alignment only when a block needs more than it gives anyway.
//!
//! riex allocates many small blocks: messages, terms, process records. The
//! `mimalloc` crate's allocator passes every request's alignment on to
//! `mi_malloc_aligned`, and mimalloc 3 serves that from its free list only
//! while the list of the request's size class has a block; once the list is
//! empty it over-allocates (`size + align - 1`) from the next size class up
//! instead of refilling the request's own. A process record of 296 bytes,
//! allocated 100,000 times, then takes that slow path every time and
//! wastes a few bytes each time.
//!
//! mimalloc's size classes are multiples of 8 bytes up to 64, and multiples
//! of 16 above, so a plain `mi_malloc` block is aligned to 8, and to 16 when
//! the size is a multiple of 16. Since a Rust layout's size is a multiple of
//! its alignment, any alignment up to 16 (and no larger than the size) is
//! met by `mi_malloc` itself. Larger alignments still go to
//! `mi_malloc_aligned`; and a plain block is checked, so that a size class
//! that broke this rule would cost time, not correctness.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc's own alignment guarantee (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// mimalloc, with plain allocations wherever they are aligned enough.
///
/// ```
/// #[global_allocator]
/// static GLOBAL: riex::allocator::Allocator = riex::allocator::Allocator;
/// ```
pub struct Allocator;

// SAFETY: every block comes from mimalloc, with at least the layout's size
// and alignment (checked for the plain ones), and goes back to `mi_free`.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        allocate(layout, mi::mi_malloc, mi::mi_malloc_aligned)
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        allocate(layout, mi::mi_zalloc, mi::mi_zalloc_aligned)
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(new_size, layout.align()) {
            let p = mi::mi_realloc(ptr.cast(), new_size);
            if aligned(p, layout.align()) {
                return p.cast();
            }
            // A misaligned block (never seen): move it to an aligned one.
            let q = mi::mi_malloc_aligned(new_size, layout.align());
            if !q.is_null() {
                std::ptr::copy_nonoverlapping(p.cast::<u8>(), q.cast::<u8>(), new_size);
                mi::mi_free(p);
            }
            return q.cast();
        }
        mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
    }
}

/// A block from `plain_alloc` when that is aligned enough, else from `aligned_alloc`.
#[inline]
unsafe fn allocate(
    layout: Layout,
    plain_alloc: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_alloc: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    if plain(layout.size(), layout.align()) {
        let p = plain_alloc(layout.size());
        if aligned(p, layout.align()) {
            return p.cast();
        }
        mi::mi_free(p);
    }
    aligned_alloc(layout.size(), layout.align()).cast()
}

/// Whether a plain mimalloc block of `size` bytes is aligned to `align`.
#[inline]
fn plain(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// True for a null block too: a failed allocation is returned as it is.
#[inline]
fn aligned(p: *mut c_void, align: usize) -> bool {
    (p as usize) & (align - 1) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size a process's parts come in, at every alignment a Rust type
    /// of that size can have, is served aligned, and keeps its contents
    /// through growth.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents_when_grown() {
        let a = Allocator;
        for size in 1..=2048usize {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                if size % align != 0 {
                    continue;
                }
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let p = a.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size}/{align}"
                    );
                    std::ptr::write_bytes(p, 0xa5, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!(
                        !q.is_null() && (q as usize).is_multiple_of(align),
                        "grown {size}/{align}"
                    );
                    assert!((0..size).all(|i| *q.add(i) == 0xa5), "kept {size}/{align}");
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!(
                        (z as usize).is_multiple_of(align) && (0..size).all(|i| *z.add(i) == 0)
                    );
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
