//! Floats as Elixir 1.14 prints them on OTP 25.
//!
//! `Inspect.Float`: an integral float with `1.0 <= |f| < 1.0e16` prints as
//! its integer with `.0`; any other goes through `:io_lib_format.fwrite_g/1`,
//! which is `float_to_list(f, [:short])`: the shortest digits that read back
//! as the same float (Ryu), written in fixed notation or as `1.0e20`,
//! whichever OTP's `to_chars` rule picks.

use num_bigint::BigInt;
use num_traits::Pow;

/// `inspect(f)` for a float.
pub fn float(f: f64) -> String {
    let abs = f.abs();
    if (1.0..1.0e16).contains(&abs) && f.trunc() == f {
        return format!("{}.0", f as i64);
    }
    short(f)
}

/// `float_to_list(f, [:short])`.
pub fn short(f: f64) -> String {
    if !f.is_finite() {
        // No BEAM float is infinite or NaN; print something rather than panic.
        return format!("{f}");
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let (digits, exp) = shortest_digits(f.abs());
    let sign = if f < 0.0 { "-" } else { "" };
    let body = if is_fixed(&digits, exp) {
        fixed(&digits, exp)
    } else {
        scientific(&digits, exp)
    };
    format!("{sign}{body}")
}

/// The shortest round-trip decimal digits of `f > 0`, and the exponent `e`
/// with `f = digits × 10^e`: Ryu's output. Rust's formatting finds the same
/// digits except on an exact tie, which Ryu breaks towards an even digit.
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{f:e}");
    let (mantissa, exp) = s.split_once('e').expect("`{:e}` always has an exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sci: i32 = exp.parse().expect("the exponent is an integer");
    let exp = sci - (digits.len() as i32 - 1);
    let d: u64 = digits.parse().expect("at most 17 digits");
    let even = break_tie(f, d, exp);
    if even == d {
        return (digits, exp);
    }
    let digits = even.to_string();
    let trimmed = digits.trim_end_matches('0');
    let exp = exp + (digits.len() - trimmed.len()) as i32;
    (trimmed.to_owned(), exp)
}

/// `d` or its even neighbour, when `f` lies exactly halfway between them.
fn break_tie(f: f64, d: u64, exp: i32) -> u64 {
    if d.is_multiple_of(2) {
        return d;
    }
    let (num, den) = scaled(f, exp);
    if num == BigInt::from(2 * d - 1) * &den {
        d - 1
    } else if num == BigInt::from(2 * d + 1) * &den {
        d + 1
    } else {
        d
    }
}

/// `2 × f / 10^exp` as a fraction `(num, den)`.
fn scaled(f: f64, exp: i32) -> (BigInt, BigInt) {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let two_e = e + 1;
    let mut num = BigInt::from(m);
    let mut den = BigInt::from(1);
    if two_e >= 0 {
        num <<= two_e as usize;
    } else {
        den <<= (-two_e) as usize;
    }
    let ten = BigInt::from(10).pow(exp.unsigned_abs());
    if exp >= 0 {
        den *= ten;
    } else {
        num *= ten;
    }
    (num, den)
}

/// OTP's choice between fixed and scientific notation (`to_chars.h`).
fn is_fixed(digits: &str, exp: i32) -> bool {
    let len = digits.len() as i32;
    let sci_exp = exp + len - 1;
    let (lower, upper) = if len == 1 {
        (-4, 2)
    } else if sci_exp >= 10 {
        (-(len + 2), 2)
    } else {
        (-(len + 2), 1)
    };
    if !(lower..=upper).contains(&exp) {
        return false;
    }
    let output: u64 = digits.parse().expect("digits");
    let too_big = (output >= 1 << 53 && exp == 0)
        || (output > (1 << 52) / 5 && exp == 1)
        || (output > (1 << 51) / 25 && exp == 2);
    !too_big
}

/// `17290.0`, `1729.0`, `17.29`, `0.001729`.
fn fixed(digits: &str, exp: i32) -> String {
    let len = digits.len() as i32;
    let whole = len + exp;
    if exp >= 0 {
        format!("{digits}{}.0", "0".repeat(exp as usize))
    } else if whole > 0 {
        let (int, frac) = digits.split_at(whole as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{digits}", "0".repeat((-whole) as usize))
    }
}

/// `1.729e4`, `1.0e-5`.
fn scientific(digits: &str, exp: i32) -> String {
    let sci_exp = exp + digits.len() as i32 - 1;
    let (first, rest) = digits.split_at(1);
    let rest = if rest.is_empty() { "0" } else { rest };
    format!("{first}.{rest}e{sci_exp}")
}
