//! The BEAM's internal term hash, which orders the keys of large maps.
//!
//! A map of more than 32 keys is a hash array mapped trie on the BEAM, and
//! `Map.keys/1`, `Map.to_list/1`, `inspect` and `Enum` walk it in an order
//! fixed by each key's 32-bit internal hash. This is that hash as OTP 25
//! computes it (`make_internal_hash` and `make_map_hash` in
//! `erts/emulator/beam/utils.c`, OTP 25.2): Bob Jenkins' mix over the
//! term's words, seeded with a constant salt, with the term walked as the
//! emulator walks it (tuples element by element, lists with a fast path for
//! runs of bytes, binaries as blocks of 12 bytes).
//!
//! Which keys hash exactly as on the BEAM, so that a map of them lists in
//! the order real iex shows:
//! - integers (small ones as their tagged word, others as bignum digits),
//!   floats, binaries, `[]`, and tuples, lists (proper or not) and maps
//!   made of those.
//!
//! Which cannot, and hash in a fixed order of riex's own instead:
//! - atoms: the BEAM hashes an atom's index in its atom table, which
//!   depends on every atom created before it in that VM. riex hashes the
//!   name instead (the same in every run, unlike an index).
//! - pids and references: riex numbers them its own way; they hash as the
//!   BEAM would hash a local pid `<0.N.0>` or a reference with riex's
//!   number.
//! - functions: hashed by identity (the closure's address), as `===`
//!   compares them; stable within a run only.

use super::Term;
use num_bigint::Sign;

/// The golden ratio, Jenkins' seed (`HCONST`).
const HCONST: u32 = 0x9e37_79b9;

/// `HCONST * n`, the constants that mark each kind of term.
const fn hconst(n: u32) -> u32 {
    HCONST.wrapping_mul(n)
}

/// The salt every internal hash starts from (`INTERNAL_HASH_SALT`).
const INTERNAL_HASH_SALT: u32 = 3_432_918_353;

/// The tag bits of an immediate small integer (`_TAG_IMMED1_SMALL`).
const TAG_SMALL: u64 = 0xF;
/// The word of `[]` (`NIL`).
const NIL_WORD: u64 = 0x3B;
/// The tag bits of a local pid (`_TAG_IMMED1_PID`).
const TAG_PID: u64 = 0x3;
/// Small integers are 60 bits wide on a 64-bit BEAM.
const SMALL_MIN: i64 = -(1 << 59);
const SMALL_MAX: i64 = (1 << 59) - 1;

/// Jenkins' 96-bit mix; the hash is `c`.
#[inline]
fn mix(mut a: u32, mut b: u32, mut c: u32) -> (u32, u32, u32) {
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 13);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 8);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 13);
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 12);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 16);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 5);
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 3);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 10);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 15);
    (a, b, c)
}

/// `UINT32_HASH_2`: two words mixed into the hash under a constant.
#[inline]
fn hash2(hash: u32, x: u32, y: u32, k: u32) -> u32 {
    mix(k.wrapping_add(x), k.wrapping_add(y), hash).2
}

/// `CONST_HASH`: a light mix of a constant (a cons cell's car or cdr).
#[inline]
fn const_hash(hash: u32, k: u32) -> u32 {
    (hash ^ k).rotate_left(17)
}

/// An immediate term: its whole 64-bit word, low half first.
#[inline]
fn word(hash: u32, w: u64) -> u32 {
    hash2(hash, w as u32, (w >> 32) as u32, HCONST)
}

/// `block_hash`: bytes in blocks of 12, the length mixed into the last.
fn block_hash(bytes: &[u8], init: u32) -> u32 {
    let le = |b: &[u8]| {
        b.iter()
            .rev()
            .fold(0u32, |acc, &x| (acc << 8) | u32::from(x))
    };
    let (mut a, mut b, mut c) = (HCONST, HCONST, init);
    let mut blocks = bytes.chunks_exact(12);
    for k in blocks.by_ref() {
        a = a.wrapping_add(le(&k[0..4]));
        b = b.wrapping_add(le(&k[4..8]));
        c = c.wrapping_add(le(&k[8..12]));
        (a, b, c) = mix(a, b, c);
    }
    let k = blocks.remainder();
    c = c.wrapping_add(bytes.len() as u32);
    // The first byte of `c` is the length's: the last bytes go above it.
    if k.len() > 8 {
        c = c.wrapping_add(le(&k[8..]) << 8);
    }
    if k.len() > 4 {
        b = b.wrapping_add(le(&k[4..k.len().min(8)]));
    }
    if !k.is_empty() {
        a = a.wrapping_add(le(&k[..k.len().min(4)]));
    }
    mix(a, b, c).2
}

/// An integer's magnitude as 64-bit digits, least significant first.
fn bignum(hash: u32, negative: bool, digits: impl Iterator<Item = u64>) -> u32 {
    let k = if negative { hconst(10) } else { hconst(11) };
    digits.fold(hash, |h, d| hash2(h, d as u32, (d >> 32) as u32, k))
}

/// What is left to hash: a term, or the mark after a list's last cell
/// whose tail is not a list (`HASH_CDR`).
enum Work<'a> {
    Term(&'a Term),
    Cdr,
}

/// `make_internal_hash(term, salt)`.
pub fn internal_hash(term: &Term, salt: u32) -> u32 {
    let mut h = salt ^ INTERNAL_HASH_SALT;
    let mut stack: Vec<Work> = Vec::new();
    let mut next = Some(term);
    loop {
        let t = match next.take() {
            Some(t) => t,
            None => match stack.pop() {
                None => return h,
                Some(Work::Cdr) => {
                    h = const_hash(h, hconst(18));
                    continue;
                }
                Some(Work::Term(t)) => t,
            },
        };
        match t {
            Term::Int(i) if (SMALL_MIN..=SMALL_MAX).contains(i) => {
                h = word(h, ((*i as u64) << 4) | TAG_SMALL);
            }
            Term::Int(i) => h = bignum(h, *i < 0, std::iter::once(i.unsigned_abs())),
            Term::Big(b) => h = bignum(h, b.sign() == Sign::Minus, b.iter_u64_digits()),
            Term::Float(f) => {
                // `0.0` and `-0.0` are one key: both hash as `0.0`.
                let bits = if *f == 0.0 { 0 } else { f.to_bits() };
                h = hash2(h, bits as u32, (bits >> 32) as u32, hconst(12));
            }
            Term::Nil => h = word(h, NIL_WORD),
            Term::Atom(a) => {
                // Not the BEAM's (an atom-table index): the name, as a binary
                // under the atom's constant.
                h = block_hash(a.name().as_bytes(), hconst(3).wrapping_add(h));
            }
            Term::Binary(b) => {
                let con = hconst(13).wrapping_add(h);
                h = if b.is_empty() {
                    con
                } else {
                    block_hash(b, con)
                };
            }
            Term::Pid(p) => h = word(h, (p.0 << 4) | TAG_PID),
            Term::Ref(r) => {
                h = hash2(h, r.0 as u32, 0, hconst(7));
                h = hash2(h, (r.0 >> 32) as u32, 0, hconst(8));
            }
            // An external fun by what it names, as it is equal by that.
            Term::Fun(f) => match f.external() {
                Some((module, fun, arity)) => {
                    h = block_hash(module.name().as_bytes(), hconst(20).wrapping_add(h));
                    h = block_hash(fun.name().as_bytes(), h);
                    h = hash2(h, arity as u32, 0, hconst(20));
                }
                None => {
                    let addr = std::sync::Arc::as_ptr(f) as *const u8 as usize as u64;
                    h = hash2(h, addr as u32, (addr >> 32) as u32, hconst(20));
                }
            },
            Term::Tuple(items) => {
                h = hash2(h, items.len() as u32, 0, hconst(9));
                if let Some((first, rest)) = items.split_first() {
                    stack.extend(rest.iter().rev().map(Work::Term));
                    next = Some(first);
                }
            }
            Term::Map(m) => {
                h = hash2(h, m.len() as u32, 0, hconst(16));
                let at = stack.len();
                for (k, v) in m.iter() {
                    stack.push(Work::Term(k));
                    stack.push(Work::Term(v));
                }
                stack[at..].reverse();
            }
            Term::List(_) => next = Some(list(&mut h, t, &mut stack)),
        }
    }
}

/// Hashes a list's leading run of bytes (0..=255) four at a time, then
/// either its first other cell (car now, cdr on the stack) or its tail.
/// Gives the term to hash next.
fn list<'a>(h: &mut u32, t: &'a Term, stack: &mut Vec<Work<'a>>) -> &'a Term {
    let (mut count, mut packed) = (0u32, 0u32);
    let mut at = t;
    while let Term::List(cell) = at {
        match cell.head() {
            Term::Int(b @ 0..=255) => {
                packed = (packed << 8).wrapping_add(*b as u32);
                if count == 3 {
                    *h = hash2(*h, packed, 0, hconst(4));
                    (count, packed) = (0, 0);
                } else {
                    count += 1;
                }
                at = cell.tail();
            }
            head => {
                if count > 0 {
                    *h = hash2(*h, packed, count, hconst(22));
                }
                *h = const_hash(*h, hconst(17));
                let tail = cell.tail();
                stack.push(Work::Term(tail));
                if !matches!(tail, Term::List(_)) {
                    stack.push(Work::Cdr);
                }
                return head;
            }
        }
    }
    if count > 0 {
        *h = hash2(*h, packed, count, hconst(22));
    }
    at
}

/// `make_map_hash(key, depth)`: the hash a map of more than 32 keys files
/// `key` under, 4 bits a level. Depth 0 serves levels 0 to 7; when two keys
/// agree on all 32 bits, level 8 onwards uses depth 1, a hash salted by
/// the depth, and so on.
pub fn map_hash(key: &Term, depth: u32) -> u32 {
    let salt = if depth > 0 {
        hash2(0, depth, 1, hconst(22))
    } else {
        0
    };
    internal_hash(key, salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order a BEAM map of more than 32 keys lists them in: by hash,
    /// read 4 bits at a time from the lowest, largest first.
    fn beam_order(keys: &[Term]) -> Vec<usize> {
        let nibbles = |k: &Term| -> Vec<u32> {
            [0, 1]
                .iter()
                .flat_map(|&d| {
                    let h = map_hash(k, d);
                    (0..8).map(move |i| (h >> (4 * i)) & 0xf)
                })
                .collect()
        };
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(nibbles(&keys[i])));
        order
    }

    #[test]
    fn block_hash_reads_every_tail_length() {
        // The tail bytes land in a, b and c: every length from 0 to 12 gives
        // a hash of its own.
        let hashes: std::collections::HashSet<u32> =
            (0..=24).map(|n| block_hash(&vec![7u8; n], 1)).collect();
        assert_eq!(hashes.len(), 25);
    }

    /// `for {a, b} <- pairs, do: Map.new(Enum.to_list(1..40) ++ [a, b], ...)`:
    /// each pair agrees on all 32 bits of its hash, and real iex lists the
    /// two in the order of the depth-1 hash.
    #[test]
    fn keys_whose_hashes_collide_order_by_the_salted_hash() {
        let pairs = [
            (40660, 59671),
            (119693, 22575),
            (167527, 121236),
            (169647, 178740),
            (29879, 217607),
            (204923, 232672),
            (198773, 280384),
            (229095, 281280),
            (128918, 307353),
            (309680, 123268),
        ];
        for (a, b) in pairs {
            let (ka, kb) = (Term::int(a), Term::int(b));
            assert_eq!(map_hash(&ka, 0), map_hash(&kb, 0));
            assert_eq!(beam_order(&[ka, kb]), vec![0, 1], "{a} before {b}");
        }
    }

    #[test]
    fn zero_and_minus_zero_hash_alike() {
        assert_eq!(
            internal_hash(&Term::Float(0.0), 0),
            internal_hash(&Term::Float(-0.0), 0)
        );
    }

    #[test]
    fn long_lists_hash_without_deep_recursion() {
        let long = Term::list_from((0..200_000).map(|i| Term::int(i % 1000)));
        let _ = internal_hash(&long, 0);
    }
}
