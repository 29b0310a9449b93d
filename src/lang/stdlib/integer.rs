//! `Integer`: integers of any size. `to_string/1,2` and `to_charlist/1,2`
//! are inlined by the compiler into `:erlang.integer_to_binary/1,2`, so
//! their errors are the BIF's.

use super::errors::{argument_error, badarith_at, elixir_frame, function_clause, Def};
use super::{erlang, num};
use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Integer",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/integer.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    PARSE,
    "parse",
    2,
    275,
    [
        "parse(_binary, base) when not (is_integer(base) and (base >= 2 and base <= 36))",
        "parse(binary, base) when is_binary(binary)",
    ]
);
def!(
    DIGITS,
    "digits",
    2,
    190,
    ["digits(integer, base) when is_integer(integer) and is_integer(base) and base >= 2"]
);
def!(
    UNDIGITS,
    "undigits",
    2,
    215,
    ["undigits(digits, base) when is_list(digits) and is_integer(base) and base >= 2"]
);
def!(
    POW,
    "pow",
    2,
    105,
    ["pow(base, exponent) when is_integer(base) and is_integer(exponent)"]
);
def!(
    GCD,
    "gcd",
    2,
    413,
    ["gcd(integer1, integer2) when is_integer(integer1) and is_integer(integer2)"]
);
def!(
    MOD,
    "mod",
    2,
    126,
    ["mod(dividend, divisor) when is_integer(dividend) and is_integer(divisor)"]
);
def!(
    FLOOR_DIV,
    "floor_div",
    2,
    155,
    ["floor_div(dividend, divisor) when is_integer(dividend) and is_integer(divisor)"]
);

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&PARSE, &DIGITS, &UNDIGITS, &POW, &GCD, &MOD, &FLOOR_DIV];

fn div_floor(x: &BigInt, y: &BigInt) -> BigInt {
    let q = x / y;
    if !(x % y).is_zero() && (x.is_negative() != y.is_negative()) {
        q - 1
    } else {
        q
    }
}

fn mod_floor(x: &BigInt, y: &BigInt) -> BigInt {
    let r = x % y;
    if !r.is_zero() && (r.is_negative() != y.is_negative()) {
        r + y
    } else {
        r
    }
}

fn gcd_of(x: &BigInt, y: &BigInt) -> BigInt {
    let (mut a, mut b) = (x.abs(), y.abs());
    while !b.is_zero() {
        let r = &a % &b;
        a = std::mem::replace(&mut b, r);
    }
    a
}

/// `(g, s, t)` with `s*x + t*y = g`, Euclid's extended algorithm.
fn extended(x: &BigInt, y: &BigInt) -> (BigInt, BigInt, BigInt) {
    let (mut r0, mut r1) = (x.clone(), y.clone());
    let (mut s0, mut s1) = (BigInt::from(1), BigInt::zero());
    let (mut t0, mut t1) = (BigInt::zero(), BigInt::from(1));
    while !r1.is_zero() {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        let s2 = &s0 - &q * &s1;
        let t2 = &t0 - &q * &t1;
        (r0, r1, s0, s1, t0, t1) = (r1, r2, s1, s2, t1, t2);
    }
    (r0, s0, t0)
}

fn two_ints(a: &[Term], def: &Def) -> Result<(BigInt, BigInt), Exception> {
    match (num::big(&a[0]), num::big(&a[1])) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

fn to_string(a: Vec<Term>) -> R {
    erlang::integer_to_binary(a)
}

fn to_charlist(a: Vec<Term>) -> R {
    let s = erlang::integer_to_binary(a)?;
    Ok(crate::term::build::charlist(s.as_str().unwrap_or("")))
}

fn parse(a: Vec<Term>) -> R {
    let base = a.get(1).cloned().unwrap_or(Term::int(10));
    let args = vec![a[0].clone(), base.clone()];
    let base = match base {
        Term::Int(b) if (2..=36).contains(&b) => b as u32,
        other => {
            if num::is_integer(&other) || !other.is_number() {
                return Err(argument_error(
                    &format!("invalid base {}", crate::term::inspect::inspect(&other)),
                    vec![elixir_frame(
                        "Integer",
                        "parse",
                        Term::int(2),
                        "lib/integer.ex",
                        276,
                    )],
                ));
            }
            return Err(function_clause(&PARSE, args));
        }
    };
    let Some(bytes) = a[0].as_binary() else {
        return Err(function_clause(&PARSE, args));
    };
    let sign = match bytes.first() {
        Some(b'-') => 1,
        Some(b'+') => 1,
        _ => 0,
    };
    let digits = bytes[sign..]
        .iter()
        .take_while(|b| (**b as char).is_digit(base))
        .count();
    if digits == 0 {
        return Ok(Term::atom_named("error"));
    }
    let end = sign + digits;
    let text = String::from_utf8_lossy(&bytes[..end]);
    let n = num::parse_int(&text, base)
        .map(Term::big)
        .unwrap_or(Term::int(0));
    Ok(Term::tuple([n, Term::binary(&bytes[end..])]))
}

fn digits(a: Vec<Term>) -> R {
    let base = a.get(1).cloned().unwrap_or(Term::int(10));
    let args = vec![a[0].clone(), base.clone()];
    let (Some(n), Some(b)) = (num::big(&a[0]), base.as_int().filter(|b| *b >= 2)) else {
        return Err(function_clause(&DIGITS, args));
    };
    if n.is_zero() {
        return Ok(Term::list(vec![Term::int(0)]));
    }
    let negative = n.is_negative();
    let mut rest = n.abs();
    let base = BigInt::from(b);
    let mut out = Vec::new();
    while !rest.is_zero() {
        let (q, r) = (&rest / &base, &rest % &base);
        out.push(if negative {
            Term::big(-r)
        } else {
            Term::big(r)
        });
        rest = q;
    }
    out.reverse();
    Ok(Term::list(out))
}

fn undigits(a: Vec<Term>) -> R {
    let base = a.get(1).cloned().unwrap_or(Term::int(10));
    let args = vec![a[0].clone(), base.clone()];
    let (Some(ds), Some(b)) = (a[0].list_to_vec(), base.as_int().filter(|b| *b >= 2)) else {
        return Err(function_clause(&UNDIGITS, args));
    };
    let mut acc = BigInt::zero();
    for d in &ds {
        let digit = num::big(d).ok_or_else(|| function_clause(&UNDIGITS, args.clone()))?;
        if digit >= BigInt::from(b) {
            return Err(argument_error(
                &format!("invalid digit {digit} in base {b}"),
                vec![elixir_frame(
                    "Integer",
                    "undigits",
                    Term::int(2),
                    "lib/integer.ex",
                    227,
                )],
            ));
        }
        acc = acc * b + digit;
    }
    Ok(Term::big(acc))
}

fn pow(a: Vec<Term>) -> R {
    let (base, exp) = two_ints(&a, &POW)?;
    if exp.is_negative() {
        return Err(badarith_at(elixir_frame(
            "Integer",
            "pow",
            Term::list(a.clone()),
            "lib/integer.ex",
            106,
        )));
    }
    let exp = u64::try_from(exp).unwrap_or(u64::MAX);
    super::kernel::pow(vec![
        Term::big(base),
        Term::int(exp.min(i64::MAX as u64) as i64),
    ])
}

fn gcd(a: Vec<Term>) -> R {
    let (x, y) = two_ints(&a, &GCD)?;
    Ok(Term::big(gcd_of(&x, &y)))
}

fn modulo(a: Vec<Term>) -> R {
    let (x, y) = two_ints(&a, &MOD)?;
    if y.is_zero() {
        return num::rem(&a[0], &a[1]);
    }
    Ok(Term::big(mod_floor(&x, &y)))
}

fn floor_div(a: Vec<Term>) -> R {
    let (x, y) = two_ints(&a, &FLOOR_DIV)?;
    if y.is_zero() {
        return num::div(&a[0], &a[1]);
    }
    Ok(Term::big(div_floor(&x, &y)))
}

fn extended_gcd(a: Vec<Term>) -> R {
    let (x, y) = two_ints(&a, &GCD)?;
    let (g, s, t) = gcd_with_coefficients(&x, &y);
    Ok(Term::tuple([Term::big(g), Term::big(s), Term::big(t)]))
}

/// `Integer.extended_gcd/2`'s answer: `{gcd, s, t}` with `x*s + y*t == gcd`
/// and `gcd` not negative.
pub(crate) fn gcd_with_coefficients(x: &BigInt, y: &BigInt) -> (BigInt, BigInt, BigInt) {
    let (g, s, t) = extended(x, y);
    if g.is_negative() {
        (-g, -s, -t)
    } else {
        (g, s, t)
    }
}

fn parity(a: &[Term], even: bool) -> R {
    Ok(Term::bool(match num::big(&a[0]) {
        Some(n) => (n % BigInt::from(2)).is_zero() == even,
        None => false,
    }))
}

fn is_even(a: Vec<Term>) -> R {
    parity(&a, true)
}

fn is_odd(a: Vec<Term>) -> R {
    parity(&a, false)
}

/// The `Integer` module (`is_even/1` and `is_odd/1`, macros in Elixir, are functions here).
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Integer"))
        .export_native("to_string", 1, pure!(to_string))
        .export_native("to_string", 2, pure!(to_string))
        .export_native("to_charlist", 1, pure!(to_charlist))
        .export_native("to_charlist", 2, pure!(to_charlist))
        .export_native("parse", 1, pure!(parse))
        .export_native("parse", 2, pure!(parse))
        .export_native("digits", 1, pure!(digits))
        .export_native("digits", 2, pure!(digits))
        .export_native("undigits", 1, pure!(undigits))
        .export_native("undigits", 2, pure!(undigits))
        .export_native("pow", 2, pure!(pow))
        .export_native("gcd", 2, pure!(gcd))
        .export_native("mod", 2, pure!(modulo))
        .export_native("floor_div", 2, pure!(floor_div))
        .export_native("extended_gcd", 2, pure!(extended_gcd))
        .export_native("is_even", 1, pure!(is_even))
        .export_native("is_odd", 1, pure!(is_odd))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    #[test]
    fn to_string_and_parse() {
        assert_eq!(show("Integer", "to_string", vec![int(123)]), "\"123\"");
        assert_eq!(
            show("Integer", "to_string", vec![int(-255), int(16)]),
            "\"-FF\""
        );
        assert_eq!(
            show("Integer", "to_string", vec![Term::Float(1.0)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not an integer\n"
        );
        assert_eq!(show("Integer", "parse", vec![s("12abc")]), "{12, \"abc\"}");
        assert_eq!(show("Integer", "parse", vec![s("+12")]), "{12, \"\"}");
        assert_eq!(show("Integer", "parse", vec![s("-")]), ":error");
        assert_eq!(show("Integer", "parse", vec![s("1_000")]), "{1, \"_000\"}");
        assert_eq!(
            show("Integer", "parse", vec![s("ff"), int(16)]),
            "{255, \"\"}"
        );
        assert_eq!(
            show("Integer", "parse", vec![s("1"), int(99)]),
            "** (ArgumentError) invalid base 99"
        );
    }

    #[test]
    fn arithmetic_helpers() {
        assert_eq!(show("Integer", "digits", vec![int(-123)]), "[-1, -2, -3]");
        assert_eq!(
            show("Integer", "digits", vec![int(255), int(16)]),
            "[15, 15]"
        );
        assert_eq!(show("Integer", "undigits", vec![ints(&[1, 2, 3])]), "123");
        assert_eq!(show("Integer", "mod", vec![int(-5), int(3)]), "1");
        assert_eq!(show("Integer", "floor_div", vec![int(-5), int(3)]), "-2");
        assert_eq!(show("Integer", "gcd", vec![int(-12), int(8)]), "4");
        assert_eq!(
            show("Integer", "pow", vec![int(2), int(100)]),
            "1267650600228229401496703205376"
        );
        assert_eq!(
            show("Integer", "pow", vec![int(1), int(-1)]),
            "** (ArithmeticError) bad argument in arithmetic expression"
        );
        assert_eq!(
            show("Integer", "extended_gcd", vec![int(240), int(46)]),
            "{2, -9, 47}"
        );
        assert_eq!(show("Integer", "is_even", vec![int(4)]), "true");
    }
}
