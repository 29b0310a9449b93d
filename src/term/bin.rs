//! Binaries: shared, immutable byte strings that appends grow in place.
//!
//! A [`Bin`] is a reference-counted buffer and a length: the binary is the
//! buffer's first `len` bytes. Most binaries own an exact-size buffer, laid
//! out as `Arc<[u8]>` is (two words of header, then the bytes), so a string
//! literal costs what it did. Appending (`acc <> "x"`, `<<acc::binary, ...>>`)
//! is the BEAM's append optimisation (`erts_bs_append`): the result gets a
//! buffer with room to spare (twice its size), and the next append to that
//! result writes its bytes into the spare room and gives a longer binary on
//! the same buffer. Building a binary of `n` bytes by appends thus copies
//! O(n) bytes in all, not O(n²).
//!
//! Older, shorter binaries on a buffer still see only their own bytes, and
//! stay valid: bytes once inside some binary are never written again. The
//! buffer records how far its bytes are in use (`used`); an append writes
//! in place only when the binary it extends ends exactly there and the room
//! suffices, and it claims the bytes by moving `used` with one
//! compare-and-swap. So of two appends to one binary (in one process, or in
//! two that share it) one wins the room and the other copies, as on the
//! BEAM, where an older binary than the last appended one is not writable.
//!
//! Layout of a buffer, `ptr` pointing at the header:
//!
//! ```text
//! exact size:            [count | used][bytes; used]
//! grown by an append:  [cap][count | used|GROWABLE][bytes; cap]
//! ```

use super::cost;
use std::alloc::{self, Layout};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::ptr::{self, NonNull};
use std::sync::atomic::{self, AtomicUsize, Ordering};

/// A binary: the first `len` bytes of a shared buffer.
pub struct Bin {
    ptr: NonNull<Header>,
    len: usize,
}

#[repr(C)]
struct Header {
    /// How many `Bin`s share the buffer.
    count: AtomicUsize,
    /// How many bytes are in some binary, with [`GROWABLE`] set in buffers
    /// that have room to grow (and their capacity in the word before).
    used: AtomicUsize,
}

/// Marks a buffer made by an append: room to spare, capacity before the header.
const GROWABLE: usize = 1 << (usize::BITS - 1);
const HEADER: usize = std::mem::size_of::<Header>();
const CAP: usize = std::mem::size_of::<usize>();
const ALIGN: usize = std::mem::align_of::<Header>();
/// The least room an append leaves (the BEAM leaves 256 bytes).
const MIN_CAPACITY: usize = 64;

// SAFETY: a buffer's bytes below `used` are never written again, and bytes
// above it are written only by the one append that claimed them with a
// compare-and-swap on `used`, before any `Bin` covering them exists. So
// every `&[u8]` a `Bin` gives out is to bytes no thread writes.
unsafe impl Send for Bin {}
unsafe impl Sync for Bin {}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, ALIGN).expect("a binary too large for memory")
}

/// The capacity a buffer made to hold `len` bytes by an append gets:
/// doubled, by a fifth above 16 MiB (`GROW_PROC_BIN_SIZE`).
fn grown(len: usize) -> usize {
    let cap = if len > 1 << 24 {
        len.saturating_add(len / 5)
    } else {
        len.saturating_mul(2)
    };
    cap.max(MIN_CAPACITY)
}

impl Bin {
    /// A binary of `parts` put end to end, in a buffer of exactly their size.
    pub fn concat(parts: &[&[u8]]) -> Bin {
        let len = parts.iter().map(|p| p.len()).sum();
        assert!(len < GROWABLE, "a binary too large for memory");
        // SAFETY: the layout is non-zero (the header) and the header and
        // bytes written fit in it.
        unsafe {
            let base = alloc::alloc(layout(HEADER + len));
            if base.is_null() {
                alloc::handle_alloc_error(layout(HEADER + len));
            }
            let ptr = base.cast::<Header>();
            ptr.write(Header {
                count: AtomicUsize::new(1),
                used: AtomicUsize::new(len),
            });
            copy_parts(base.add(HEADER), parts);
            Bin {
                ptr: NonNull::new_unchecked(ptr),
                len,
            }
        }
    }

    /// A binary of `parts` put end to end, in a buffer with room to grow.
    fn growable(parts: &[&[u8]]) -> Bin {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let cap = grown(len);
        assert!(
            cap < GROWABLE - CAP - HEADER,
            "a binary too large for memory"
        );
        // SAFETY: as in `concat`, with the capacity word before the header.
        unsafe {
            let base = alloc::alloc(layout(CAP + HEADER + cap));
            if base.is_null() {
                alloc::handle_alloc_error(layout(CAP + HEADER + cap));
            }
            base.cast::<usize>().write(cap);
            let ptr = base.add(CAP).cast::<Header>();
            ptr.write(Header {
                count: AtomicUsize::new(1),
                used: AtomicUsize::new(GROWABLE | len),
            });
            copy_parts(ptr.cast::<u8>().add(HEADER), parts);
            Bin {
                ptr: NonNull::new_unchecked(ptr),
                len,
            }
        }
    }

    fn header(&self) -> &Header {
        // SAFETY: the header lives as long as any `Bin` on the buffer.
        unsafe { self.ptr.as_ref() }
    }

    fn data(&self) -> *mut u8 {
        // SAFETY: the bytes start right after the header.
        unsafe { self.ptr.as_ptr().cast::<u8>().add(HEADER) }
    }

    /// How many bytes the buffer holds (its size for an exact one).
    pub fn capacity(&self) -> usize {
        match self.header().used.load(Ordering::Relaxed) {
            used if used & GROWABLE == 0 => used,
            // SAFETY: a growable buffer has its capacity before the header.
            _ => unsafe { self.ptr.as_ptr().cast::<usize>().sub(1).read() },
        }
    }

    /// This binary with `tail` after it. In place, without copying this
    /// binary, when it is the longest on a buffer with room; otherwise a
    /// copy into a new buffer with room for more appends.
    pub fn append(&self, tail: &[u8]) -> Bin {
        if tail.is_empty() {
            return self.clone();
        }
        let used = self.header().used.load(Ordering::Relaxed);
        if used == GROWABLE | self.len {
            let fits = self
                .len
                .checked_add(tail.len())
                .filter(|&end| end <= self.capacity());
            if let Some(end) = fits {
                let claimed = self.header().used.compare_exchange(
                    used,
                    GROWABLE | end,
                    Ordering::AcqRel,
                    Ordering::Relaxed,
                );
                if claimed.is_ok() {
                    // SAFETY: bytes `len..end` are within the capacity, and
                    // ours alone: no binary reaches them (they were past
                    // `used`), and no other append can claim them now that
                    // `used` is past them. `tail` may be this very binary's
                    // bytes, which lie before `len`.
                    unsafe {
                        ptr::copy_nonoverlapping(
                            tail.as_ptr(),
                            self.data().add(self.len),
                            tail.len(),
                        );
                    }
                    cost::bytes_copied(tail.len());
                    let mut grown = self.clone();
                    grown.len = end;
                    return grown;
                }
            }
        }
        Bin::growable(&[self, tail])
    }

    /// True when both are the same bytes of the same buffer.
    pub fn ptr_eq(a: &Bin, b: &Bin) -> bool {
        a.ptr == b.ptr && a.len == b.len
    }
}

/// Copies `parts` end to end to `to`.
///
/// # Safety
/// `to` must have room for all of them and overlap none.
unsafe fn copy_parts(mut to: *mut u8, parts: &[&[u8]]) {
    for part in parts {
        ptr::copy_nonoverlapping(part.as_ptr(), to, part.len());
        to = to.add(part.len());
        cost::bytes_copied(part.len());
    }
}

impl Deref for Bin {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: the first `len` bytes were written before this `Bin` (or
        // the one it was cloned from) was made, and are never written again.
        unsafe { std::slice::from_raw_parts(self.data(), self.len) }
    }
}

impl AsRef<[u8]> for Bin {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl Clone for Bin {
    fn clone(&self) -> Bin {
        // As `Arc::clone`: the new reference is made from an existing one,
        // so no ordering is needed; a count this large is a leak, abort.
        if self.header().count.fetch_add(1, Ordering::Relaxed) > isize::MAX as usize {
            std::process::abort();
        }
        Bin {
            ptr: self.ptr,
            len: self.len,
        }
    }
}

impl Drop for Bin {
    fn drop(&mut self) {
        // As `Arc::drop`: release our uses of the buffer, and acquire
        // everyone else's before freeing it.
        if self.header().count.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        atomic::fence(Ordering::Acquire);
        let used = self.header().used.load(Ordering::Relaxed);
        // SAFETY: this was the last reference; the layout is the one the
        // buffer was allocated with.
        unsafe {
            if used & GROWABLE == 0 {
                alloc::dealloc(self.ptr.as_ptr().cast(), layout(HEADER + used));
            } else {
                let base = self.ptr.as_ptr().cast::<usize>().sub(1);
                let cap = base.read();
                alloc::dealloc(base.cast(), layout(CAP + HEADER + cap));
            }
        }
    }
}

impl From<&[u8]> for Bin {
    fn from(bytes: &[u8]) -> Bin {
        Bin::concat(&[bytes])
    }
}

impl From<&str> for Bin {
    fn from(s: &str) -> Bin {
        Bin::concat(&[s.as_bytes()])
    }
}

impl PartialEq for Bin {
    fn eq(&self, other: &Bin) -> bool {
        Bin::ptr_eq(self, other) || self[..] == other[..]
    }
}

impl Eq for Bin {}

impl PartialOrd for Bin {
    fn partial_cmp(&self, other: &Bin) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Bin {
    fn cmp(&self, other: &Bin) -> std::cmp::Ordering {
        self[..].cmp(&other[..])
    }
}

impl Hash for Bin {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self[..].hash(state)
    }
}

impl fmt::Debug for Bin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self[..], f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_is_as_small_as_before() {
        let b = Bin::from("hello");
        assert_eq!(b.capacity(), 5);
        assert_eq!(&b[..], b"hello");
        assert_eq!(std::mem::size_of::<Bin>(), 2 * std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Option<Bin>>(),
            std::mem::size_of::<Bin>()
        );
    }

    #[test]
    fn appends_to_the_longest_binary_write_in_place() {
        let a = Bin::from("ab");
        let b = a.append(b"c");
        assert_eq!(b.capacity(), MIN_CAPACITY);
        let c = b.append(b"d");
        assert_eq!(b.ptr, c.ptr, "written into b's room");
        assert_eq!(
            (&a[..], &b[..], &c[..]),
            (&b"ab"[..], &b"abc"[..], &b"abcd"[..])
        );
        // b is no longer the longest: appending to it again copies, and c
        // still reads its own bytes.
        let d = b.append(b"x");
        assert_ne!(b.ptr, d.ptr);
        assert_eq!((&c[..], &d[..]), (&b"abcd"[..], &b"abcx"[..]));
        // An empty tail is the binary itself.
        assert!(Bin::ptr_eq(&c.append(b""), &c));
        // A binary appended to itself.
        assert_eq!(&c.append(&c)[..], b"abcdabcd");
    }

    /// `Enum.reduce(1..100_000, "", fn _, acc -> acc <> "x" end)` copies a
    /// few bytes per byte appended (each doubling copies what is there),
    /// not the whole binary each time.
    #[test]
    fn n_appends_copy_o_n_bytes() {
        let n = 100_000;
        cost::take();
        let mut acc = Bin::from("");
        for _ in 0..n {
            acc = acc.append(b"x");
        }
        let (_, bytes) = cost::take();
        assert_eq!(acc.len(), n);
        assert!(bytes < 3 * n as u64, "{bytes} bytes copied for {n} appends");
    }

    /// Two threads appending to the same binary: each append either wins
    /// the room or copies, and every binary keeps its own bytes.
    #[test]
    fn concurrent_appends_to_one_binary_never_share_bytes() {
        for _ in 0..50 {
            let base = Bin::from("base").append(b"-");
            let results: Vec<Vec<Bin>> = std::thread::scope(|s| {
                let hs: Vec<_> = (0..4u8)
                    .map(|t| {
                        let base = base.clone();
                        s.spawn(move || {
                            let mut out = Vec::new();
                            let mut acc = base;
                            for i in 0..200u8 {
                                acc = acc.append(&[b'a' + t, i]);
                                out.push(acc.clone());
                            }
                            out
                        })
                    })
                    .collect();
                hs.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for (t, bins) in results.iter().enumerate() {
                for (i, b) in bins.iter().enumerate() {
                    assert_eq!(&b[..5], b"base-");
                    assert_eq!(b.len(), 5 + 2 * (i + 1));
                    for (j, pair) in b[5..].chunks(2).enumerate() {
                        assert_eq!(pair, [b'a' + t as u8, j as u8]);
                    }
                }
            }
            assert_eq!(&base[..], b"base-");
        }
    }
}
