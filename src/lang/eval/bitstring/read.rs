//! Reading segments out of a binary, for bitstring patterns
//! (`<<len::16, data::binary-size(len), rest::binary>>`): the evaluator's
//! matcher and the compiled one walk the segments and read each value
//! here, with the BEAM's rules. Whatever does not fit the segments (too
//! short, an invalid UTF-8 sequence, a float that is no number) is a
//! mismatch, as on the BEAM; so is a value riex cannot hold, a bitstring
//! that is not whole bytes.

use super::{Spec, Type, Width};
use crate::term::Term;
use num_bigint::{BigInt, BigUint};

/// A binary being read, bit by bit where it must.
pub struct Reader<'a> {
    bytes: &'a [u8],
    /// Bits read so far.
    pos: u64,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// True once every bit is read: a pattern must take them all.
    pub fn at_end(&self) -> bool {
        self.pos == self.left_from(0)
    }

    fn left_from(&self, pos: u64) -> u64 {
        8 * self.bytes.len() as u64 - pos
    }

    fn left(&self) -> u64 {
        self.left_from(self.pos)
    }

    /// Takes exactly the bytes of a literal string segment.
    pub fn literal(&mut self, expected: &[u8]) -> bool {
        let bits = 8 * expected.len() as u64;
        bits <= self.left() && self.take(bits) == expected
    }

    /// The next segment's value; `size` is the size's value when it is
    /// not a constant.
    pub fn read(&mut self, spec: &Spec, size: Option<&Term>) -> Option<Term> {
        let bits = self.bits(spec, size)?;
        match spec.ty {
            Type::Integer => self.integer(spec, bits.unwrap_or(8)),
            Type::Float => self.float(spec, bits.unwrap_or(64)),
            Type::Binary | Type::Bitstring => self.binary(spec, bits),
            Type::Utf8 => self.utf8(),
            Type::Utf16 => self.utf16(spec.little),
            Type::Utf32 => {
                let u = self.uint(32, spec.little)? as u32;
                char::from_u32(u).map(|c| Term::int(c as i64))
            }
        }
    }

    /// The segment's size in bits (`None` for the type's default); no
    /// size at all when it is no non-negative integer or runs past the end.
    fn bits(&self, spec: &Spec, size: Option<&Term>) -> Option<Option<u64>> {
        let k = match (spec.size, size) {
            (Width::Default, _) => return Some(None),
            (Width::Const(k), _) => k,
            (Width::Dynamic, Some(Term::Int(k))) => *k,
            (Width::Dynamic, _) => return None,
        };
        let bits = u64::try_from(k)
            .ok()?
            .checked_mul(spec.unit_bits() as u64)?;
        (bits <= self.left()).then_some(Some(bits))
    }

    /// The next `bits` bits, from the first byte's highest, in whole bytes
    /// (the last one's low bits zero).
    fn take(&mut self, bits: u64) -> Vec<u8> {
        let start = self.pos;
        self.pos += bits;
        if start.is_multiple_of(8) {
            let from = (start / 8) as usize;
            let mut out = self.bytes[from..from + bits.div_ceil(8) as usize].to_vec();
            if !bits.is_multiple_of(8) {
                *out.last_mut().expect("a last byte") &= 0xffu8 << (8 - bits % 8);
            }
            return out;
        }
        let mut out = vec![0u8; bits.div_ceil(8) as usize];
        for i in 0..bits {
            let at = start + i;
            let bit = (self.bytes[(at / 8) as usize] >> (7 - at % 8)) & 1;
            out[(i / 8) as usize] |= bit << (7 - i % 8);
        }
        out
    }

    /// The next `bits` (at most 64) bits as an unsigned number.
    fn uint(&mut self, bits: u64, little: bool) -> Option<u64> {
        if bits > self.left() {
            return None;
        }
        let raw = self.take(bits);
        let le = little_endian(&raw, bits, little);
        Some(le.iter().rev().fold(0u64, |v, b| (v << 8) | *b as u64))
    }

    fn integer(&mut self, spec: &Spec, bits: u64) -> Option<Term> {
        if bits > self.left() {
            return None;
        }
        if bits < 64 {
            let u = self.uint(bits, spec.little)? as i64;
            let negative = spec.signed && bits > 0 && (u >> (bits - 1)) & 1 == 1;
            return Some(Term::int(if negative { u - (1i64 << bits) } else { u }));
        }
        let raw = self.take(bits);
        let le = little_endian(&raw, bits, spec.little);
        let mut v = BigInt::from(BigUint::from_bytes_le(&le));
        if spec.signed && bits > 0 && v.bit(bits - 1) {
            v -= BigInt::from(1) << bits;
        }
        Some(Term::big(v))
    }

    fn float(&mut self, spec: &Spec, bits: u64) -> Option<Term> {
        let u = match bits {
            16 | 32 | 64 => self.uint(bits, spec.little)?,
            _ => return None,
        };
        let x = match bits {
            64 => f64::from_bits(u),
            32 => f32::from_bits(u as u32) as f64,
            _ => f16_to_f64(u as u16),
        };
        x.is_finite().then_some(Term::Float(x))
    }

    fn binary(&mut self, spec: &Spec, bits: Option<u64>) -> Option<Term> {
        let bits = match bits {
            Some(b) => b,
            None if self.left().is_multiple_of(spec.unit_bits() as u64) => self.left(),
            None => return None,
        };
        // riex holds no bitstring of a bit length that is not whole bytes.
        bits.is_multiple_of(8)
            .then(|| Term::binary(&self.take(bits)))
    }

    fn utf8(&mut self) -> Option<Term> {
        let first = *self.peek_bytes(1)?.first()?;
        let len = match first {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => return None,
        };
        let bytes = self.peek_bytes(len)?;
        let c = std::str::from_utf8(&bytes).ok()?.chars().next()?;
        self.pos += 8 * len as u64;
        Some(Term::int(c as i64))
    }

    fn utf16(&mut self, little: bool) -> Option<Term> {
        let start = self.pos;
        let first = self.uint(16, little)? as u16;
        let mut units = vec![first];
        if (0xd800..0xdc00).contains(&first) {
            units.push(self.uint(16, little)? as u16);
        }
        match char::decode_utf16(units).next()? {
            Ok(c) => Some(Term::int(c as i64)),
            Err(_) => {
                self.pos = start;
                None
            }
        }
    }

    /// The next `n` bytes, not taken.
    fn peek_bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        let bits = 8 * n as u64;
        if bits > self.left() {
            return None;
        }
        let start = self.pos;
        let out = self.take(bits);
        self.pos = start;
        Some(out)
    }
}

/// An integer's bits as read (`raw`, `bits` of them from the first byte's
/// highest) turned into its little-endian bytes. Little-endian, its whole
/// bytes come lowest first and the bits past them are the highest, as
/// [`super::Bits`] writes them.
fn little_endian(raw: &[u8], bits: u64, little: bool) -> Vec<u8> {
    let whole = (bits / 8) as usize;
    let rest = (bits % 8) as u32;
    if little {
        let mut le = raw[..whole].to_vec();
        if rest > 0 {
            le.push(raw[whole] >> (8 - rest));
        }
        return le;
    }
    // Big-endian: the number is the bits shifted down to the last byte's end.
    let mut be = raw.to_vec();
    if rest > 0 {
        let shift = 8 - rest;
        for i in (0..be.len()).rev() {
            let carry = if i > 0 { be[i - 1] << (8 - shift) } else { 0 };
            be[i] = (be[i] >> shift) | carry;
        }
    }
    be.reverse();
    be
}

/// A half-precision float's value.
fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let man = (h & 0x3ff) as f64;
    sign * match exp {
        0 => man * 2f64.powi(-24),
        31 if man == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + man / 1024.0) * 2f64.powi(e - 15),
    }
}
