//! Numbers: Erlang's arithmetic on integers of any size and floats.
//!
//! Integers that leave the `i64` range continue as big integers, as on the
//! BEAM; a float result that is not finite, or an operand of the wrong type,
//! raises `ArithmeticError` with the `:erlang` frame of the operator.

use super::errors::{badarg, badarith};
use crate::term::{Exception, Term};
use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

/// The integer as a big integer, if the term is an integer.
pub fn big(t: &Term) -> Option<BigInt> {
    match t {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

/// True for small and big integers.
pub fn is_integer(t: &Term) -> bool {
    matches!(t, Term::Int(_) | Term::Big(_))
}

/// The number as a float (`None` for non-numbers and integers too big for one).
pub fn to_f64(t: &Term) -> Option<f64> {
    match t {
        Term::Int(i) => Some(*i as f64),
        Term::Big(b) => b.to_f64().filter(|f| f.is_finite()),
        Term::Float(f) => Some(*f),
        _ => None,
    }
}

/// A float term, or `None` when the value is not finite (the BEAM has no
/// infinities: such a result is a `badarith`).
pub fn finite(f: f64) -> Option<Term> {
    f.is_finite().then_some(Term::Float(f))
}

/// A float turned into the integer with the same value (`trunc` of an integral float).
pub fn integral(f: f64) -> Term {
    match BigInt::from_f64(f) {
        Some(b) => Term::big(b),
        None => Term::int(0),
    }
}

fn int_op(
    a: &Term,
    b: &Term,
    small: fn(i64, i64) -> Option<i64>,
    large: fn(BigInt, BigInt) -> BigInt,
) -> Option<Term> {
    if let (Term::Int(x), Term::Int(y)) = (a, b) {
        if let Some(r) = small(*x, *y) {
            return Some(Term::Int(r));
        }
    }
    Some(Term::big(large(big(a)?, big(b)?)))
}

fn mixed_op(
    a: &Term,
    b: &Term,
    small: fn(i64, i64) -> Option<i64>,
    large: fn(BigInt, BigInt) -> BigInt,
    float: fn(f64, f64) -> f64,
) -> Option<Term> {
    if is_integer(a) && is_integer(b) {
        return int_op(a, b, small, large);
    }
    finite(float(to_f64(a)?, to_f64(b)?))
}

/// `a + b`.
pub fn add(a: &Term, b: &Term) -> Result<Term, Exception> {
    mixed_op(a, b, i64::checked_add, |x, y| x + y, |x, y| x + y)
        .ok_or_else(|| badarith("+", vec![a.clone(), b.clone()]))
}

/// `a - b`.
pub fn sub(a: &Term, b: &Term) -> Result<Term, Exception> {
    mixed_op(a, b, i64::checked_sub, |x, y| x - y, |x, y| x - y)
        .ok_or_else(|| badarith("-", vec![a.clone(), b.clone()]))
}

/// `a * b`.
pub fn mul(a: &Term, b: &Term) -> Result<Term, Exception> {
    mixed_op(a, b, i64::checked_mul, |x, y| x * y, |x, y| x * y)
        .ok_or_else(|| badarith("*", vec![a.clone(), b.clone()]))
}

/// `a / b`: always a float.
pub fn fdiv(a: &Term, b: &Term) -> Result<Term, Exception> {
    let err = || badarith("/", vec![a.clone(), b.clone()]);
    let (x, y) = (to_f64(a).ok_or_else(err)?, to_f64(b).ok_or_else(err)?);
    if y == 0.0 {
        return Err(err());
    }
    finite(x / y).ok_or_else(err)
}

fn nonzero_ints(a: &Term, b: &Term) -> bool {
    is_integer(a) && is_integer(b) && !matches!(b, Term::Int(0))
}

/// `div(a, b)`: integer division truncating toward zero.
pub fn div(a: &Term, b: &Term) -> Result<Term, Exception> {
    nonzero_ints(a, b)
        .then(|| int_op(a, b, i64::checked_div, |x, y| x / y))
        .flatten()
        .ok_or_else(|| badarith("div", vec![a.clone(), b.clone()]))
}

/// `rem(a, b)`: the remainder, with the sign of `a`.
pub fn rem(a: &Term, b: &Term) -> Result<Term, Exception> {
    nonzero_ints(a, b)
        .then(|| {
            int_op(
                a,
                b,
                |x, y| Some(x.checked_rem(y).unwrap_or(0)),
                |x, y| x % y,
            )
        })
        .flatten()
        .ok_or_else(|| badarith("rem", vec![a.clone(), b.clone()]))
}

/// `-a`.
pub fn neg(a: &Term) -> Result<Term, Exception> {
    match a {
        Term::Int(i) => Ok(i
            .checked_neg()
            .map(Term::Int)
            .unwrap_or_else(|| Term::big(-BigInt::from(*i)))),
        Term::Big(b) => Ok(Term::big(-(**b).clone())),
        Term::Float(f) => Ok(Term::Float(-f)),
        _ => Err(badarith("-", vec![a.clone()])),
    }
}

/// `+a`.
pub fn plus(a: &Term) -> Result<Term, Exception> {
    if a.is_number() {
        Ok(a.clone())
    } else {
        Err(badarith("+", vec![a.clone()]))
    }
}

/// `abs(a)`.
pub fn abs(a: &Term) -> Result<Term, Exception> {
    match a {
        Term::Float(f) => Ok(Term::Float(f.abs())),
        Term::Int(i) if *i < 0 => neg(a),
        Term::Big(b) => Ok(Term::big(b.abs())),
        Term::Int(_) => Ok(a.clone()),
        _ => Err(badarg("abs", vec![a.clone()], &[(1, "not a number")])),
    }
}

/// Bitwise operators on integers: `band`, `bor`, `bxor`, `bsl`, `bsr`.
pub fn bitwise(op: &str, a: &Term, b: &Term) -> Result<Term, Exception> {
    let err = || badarith(op, vec![a.clone(), b.clone()]);
    let (x, y) = (big(a).ok_or_else(err)?, big(b).ok_or_else(err)?);
    let r = match op {
        "band" => x & y,
        "bor" => x | y,
        "bxor" => x ^ y,
        "bsl" | "bsr" => {
            let shift = y.to_i64().ok_or_else(err)?;
            let left = if op == "bsl" { shift } else { -shift };
            shift_left(x, left).ok_or_else(|| system_limit(op, a, b))?
        }
        _ => return Err(err()),
    };
    Ok(Term::big(r))
}

fn shift_left(x: BigInt, by: i64) -> Option<BigInt> {
    const LIMIT: i64 = 1 << 24;
    if by >= 0 {
        if by > LIMIT && !x.is_zero() {
            return None;
        }
        Some(x << (by as usize))
    } else {
        let by = by.unsigned_abs().min(u64::from(u32::MAX)) as usize;
        Some(x >> by)
    }
}

fn system_limit(op: &str, a: &Term, b: &Term) -> Exception {
    Exception::raise(
        crate::term::Atom::module("SystemLimitError"),
        "a system limit has been reached",
    )
    .with_stack(Term::list(vec![super::errors::erlang_frame(
        op,
        vec![a.clone(), b.clone()],
    )]))
}

/// `bnot(a)`.
pub fn bnot(a: &Term) -> Result<Term, Exception> {
    let x = big(a).ok_or_else(|| badarith("bnot", vec![a.clone()]))?;
    Ok(Term::big(!x))
}

/// `Integer.pow/2` for integers, the exponent not negative.
pub fn int_pow(base: &BigInt, exp: u64) -> Option<BigInt> {
    let bits = base.bits().max(1);
    if bits.saturating_mul(exp) > (1 << 26) && base.abs() > BigInt::from(1) {
        return None;
    }
    Some(num_traits::pow::pow(
        base.clone(),
        usize::try_from(exp).ok()?,
    ))
}

/// `:math.pow(a, b)` as Elixir's `**` uses it for floats: a float, or `None`
/// where the BEAM raises (`0.0 ** -1`, non-finite results).
pub fn float_pow(a: f64, b: f64) -> Option<Term> {
    let r = a.powf(b);
    finite(r)
}

/// `round/1`, `trunc/1`, `floor/1`, `ceil/1` of a number: an integer.
pub fn to_integer(fun: &str, a: &Term) -> Result<Term, Exception> {
    let f = match a {
        Term::Int(_) | Term::Big(_) => return Ok(a.clone()),
        Term::Float(f) => *f,
        _ => return Err(badarg(fun, vec![a.clone()], &[(1, "not a number")])),
    };
    let r = match fun {
        "round" => f.round(),
        "trunc" => f.trunc(),
        "floor" => f.floor(),
        _ => f.ceil(),
    };
    Ok(integral(r))
}

/// The digits of an integer in `base` (2..=36), upper-case letters, as
/// `Integer.to_string/2` writes them.
pub fn int_to_string(t: &Term, base: u32) -> Option<String> {
    let b = big(t)?;
    Some(b.to_str_radix(base).to_uppercase())
}

/// An integer written in `base`: an optional sign, then at least one digit
/// and nothing else (as `String.to_integer/2`).
pub fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    BigInt::parse_bytes(text.trim_start_matches('+').as_bytes(), base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::inspect::inspect;

    #[test]
    fn integers_overflow_into_big_integers() {
        let r = mul(&Term::int(123_456_789_000), &Term::int(987_654_321_000)).unwrap();
        assert_eq!(inspect(&r), "121932631112635269000000");
        let r = add(&Term::int(i64::MAX), &Term::int(1)).unwrap();
        assert_eq!(inspect(&r), "9223372036854775808");
        let back = sub(&r, &Term::int(1)).unwrap();
        assert!(matches!(back, Term::Int(i64::MAX)));
    }

    #[test]
    fn division_gives_floats_and_rejects_zero() {
        assert_eq!(
            inspect(&fdiv(&Term::int(10), &Term::int(4)).unwrap()),
            "2.5"
        );
        assert!(fdiv(&Term::int(1), &Term::int(0)).is_err());
        assert!(fdiv(&Term::int(1), &Term::Float(0.0)).is_err());
    }

    #[test]
    fn div_and_rem_truncate_toward_zero() {
        assert_eq!(inspect(&div(&Term::int(-7), &Term::int(2)).unwrap()), "-3");
        assert_eq!(inspect(&rem(&Term::int(-10), &Term::int(3)).unwrap()), "-1");
        assert!(div(&Term::int(1), &Term::Float(1.0)).is_err());
        let min = div(&Term::int(i64::MIN), &Term::int(-1)).unwrap();
        assert_eq!(inspect(&min), "9223372036854775808");
    }

    #[test]
    fn wrong_operands_raise_arithmetic_errors() {
        let e = add(&Term::atom_named("atom"), &Term::int(1)).unwrap_err();
        assert_eq!(
            inspect(&e.stack),
            "[{:erlang, :+, [:atom, 1], [error_info: %{module: :erl_erts_errors}]}]"
        );
    }

    #[test]
    fn bitwise_operators_work_on_big_integers() {
        let r = bitwise("bsl", &Term::int(1), &Term::int(70)).unwrap();
        assert_eq!(inspect(&r), "1180591620717411303424");
        let r = bitwise("bsr", &r, &Term::int(70)).unwrap();
        assert_eq!(inspect(&r), "1");
        assert_eq!(inspect(&bnot(&Term::int(5)).unwrap()), "-6");
    }

    #[test]
    fn rounding_gives_integers() {
        assert_eq!(
            inspect(&to_integer("round", &Term::Float(2.5)).unwrap()),
            "3"
        );
        assert_eq!(
            inspect(&to_integer("trunc", &Term::Float(-2.5)).unwrap()),
            "-2"
        );
        assert_eq!(
            inspect(&to_integer("round", &Term::Float(1.0e20)).unwrap()),
            "100000000000000000000"
        );
    }
}
