//! `Float`: rounding to a number of decimal places (on the float's exact
//! decimal value, halves away from zero, as Elixir does), parsing and
//! printing.

use super::errors::{argument_error, elixir_frame, function_clause, Def};
use super::text::float_short;
use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};
use num_bigint::BigInt;
use num_traits::{Signed, Zero};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Float",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/float.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(ROUND, "round", 2, 338, [
    "round(float, 0) when is_float(float)",
    "round(float, precision) when is_float(float) and is_integer(precision) and precision >= 0 and precision <= 15",
    "round(float, precision) when is_float(float)",
]);
def!(FLOOR, "floor", 2, 231, [
    "floor(number, 0) when is_float(number)",
    "floor(number, precision) when is_float(number) and is_integer(precision) and precision >= 0 and precision <= 15",
    "floor(number, precision) when is_float(number)",
]);
def!(CEIL, "ceil", 2, 278, [
    "ceil(number, 0) when is_float(number)",
    "ceil(number, precision) when is_float(number) and is_integer(precision) and precision >= 0 and precision <= 15",
    "ceil(number, precision) when is_float(number)",
]);
def!(
    TO_STRING,
    "to_string",
    1,
    600,
    ["to_string(float) when is_float(float)"]
);

const PARSE_UNSIGNED: Def = Def {
    module: "Float",
    name: "parse_unsigned",
    arity: 1,
    kind: "defp",
    file: "lib/float.ex",
    line: 159,
    clauses: &[
        "parse_unsigned(<<digit, rest::binary>>) when is_integer(digit) and digit >= 48 and digit <= 57",
        "parse_unsigned(binary) when is_binary(binary)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&ROUND, &FLOOR, &CEIL, &TO_STRING, &PARSE_UNSIGNED];

#[derive(Clone, Copy)]
enum Mode {
    Round,
    Floor,
    Ceil,
}

/// `|f| × 10^p` as an exact fraction `(num, den)`.
fn scaled(f: f64, p: u32) -> (BigInt, BigInt) {
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let ten = num_traits::pow(BigInt::from(10), p as usize);
    let mut num = BigInt::from(mant) * ten;
    let mut den = BigInt::from(1);
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    (num, den)
}

/// `f` rounded to `p` decimal places on its exact value.
fn to_places(f: f64, p: u32, mode: Mode) -> f64 {
    if f == 0.0 || !f.is_finite() {
        return f;
    }
    let negative = f < 0.0;
    let (num, den) = scaled(f, p);
    let (q, r) = (&num / &den, &num % &den);
    let up = match mode {
        Mode::Round => &r * 2 >= den,
        Mode::Floor => negative && !r.is_zero(),
        Mode::Ceil => !negative && !r.is_zero(),
    };
    let k = if up { q + 1 } else { q };
    if k.is_zero() {
        return 0.0;
    }
    let text = format!("{}{}e-{p}", if negative { "-" } else { "" }, k.abs());
    text.parse().unwrap_or(f)
}

fn places(a: Vec<Term>, mode: Mode, def: &Def, name: &str, line: i64) -> R {
    let precision = a.get(1).cloned().unwrap_or(Term::int(0));
    let args = vec![a[0].clone(), precision.clone()];
    let Term::Float(f) = a[0] else {
        return Err(function_clause(def, args));
    };
    match precision {
        Term::Int(0) => Ok(Term::Float(match mode {
            Mode::Round => f.round(),
            Mode::Floor => f.floor(),
            Mode::Ceil => f.ceil(),
        })),
        Term::Int(p) if (1..=15).contains(&p) => Ok(Term::Float(to_places(f, p as u32, mode))),
        Term::Int(p) => Err(argument_error(
            &format!("precision {p} is out of valid range of 0..15"),
            vec![elixir_frame(
                "Float",
                name,
                Term::int(2),
                "lib/float.ex",
                line,
            )],
        )),
        _ => Err(function_clause(def, args)),
    }
}

fn round(a: Vec<Term>) -> R {
    places(a, Mode::Round, &ROUND, "round", 347)
}

fn floor(a: Vec<Term>) -> R {
    places(a, Mode::Floor, &FLOOR, "floor", 240)
}

fn ceil(a: Vec<Term>) -> R {
    places(a, Mode::Ceil, &CEIL, "ceil", 287)
}

fn to_string(a: Vec<Term>) -> R {
    match (&a[0], a.get(1)) {
        (Term::Float(f), None) => Ok(Term::string(&float_short(*f))),
        (Term::Float(_), Some(_)) => super::erlang::float_to_binary(a),
        _ => Err(function_clause(&TO_STRING, vec![a[0].clone()])),
    }
}

fn to_charlist(a: Vec<Term>) -> R {
    let s = to_string(a)?;
    Ok(crate::term::build::charlist(s.as_str().unwrap_or("")))
}

/// The longest float prefix of `s` (`Float.parse/1`): digits, then an
/// optional `.digits`, then an optional exponent.
fn float_prefix(s: &[u8]) -> Option<usize> {
    let digits = |from: usize| s[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let sign = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let int = digits(sign);
    if int == 0 {
        return None;
    }
    let mut end = sign + int;
    if s.get(end) == Some(&b'.') {
        let frac = digits(end + 1);
        if frac > 0 {
            end += 1 + frac;
        }
    }
    if matches!(s.get(end), Some(b'e' | b'E')) {
        let esign = usize::from(matches!(s.get(end + 1), Some(b'+' | b'-')));
        let exp = digits(end + 1 + esign);
        if exp > 0 {
            end += 1 + esign + exp;
        }
    }
    Some(end)
}

fn parse(a: Vec<Term>) -> R {
    let Some(bytes) = a[0].as_binary() else {
        return Err(function_clause(&PARSE_UNSIGNED, a));
    };
    let Some(end) = float_prefix(bytes) else {
        return Ok(Term::atom_named("error"));
    };
    let text = String::from_utf8_lossy(&bytes[..end]);
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(Term::tuple([Term::Float(f), Term::binary(&bytes[end..])])),
        _ => Ok(Term::atom_named("error")),
    }
}

fn ratio(a: Vec<Term>) -> R {
    let Term::Float(f) = a[0] else {
        return Err(function_clause(&TO_STRING, a));
    };
    let (num, den) = scaled(f, 0);
    let g = {
        let (mut x, mut y) = (num.clone(), den.clone());
        while !y.is_zero() {
            let r = &x % &y;
            x = std::mem::replace(&mut y, r);
        }
        x
    };
    let num = if f < 0.0 { -(num / &g) } else { num / &g };
    Ok(Term::tuple([Term::big(num), Term::big(den / g)]))
}

fn pow(a: Vec<Term>) -> R {
    super::kernel::pow(a)
}

fn max_finite(_a: Vec<Term>) -> R {
    Ok(Term::Float(f64::MAX))
}

fn min_finite(_a: Vec<Term>) -> R {
    Ok(Term::Float(f64::MIN))
}

/// The `Float` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Float"))
        .export_native("round", 1, pure!(round))
        .export_native("round", 2, pure!(round))
        .export_native("floor", 1, pure!(floor))
        .export_native("floor", 2, pure!(floor))
        .export_native("ceil", 1, pure!(ceil))
        .export_native("ceil", 2, pure!(ceil))
        .export_native("to_string", 1, pure!(to_string))
        .export_native("to_string", 2, pure!(to_string))
        .export_native("to_charlist", 1, pure!(to_charlist))
        .export_native("parse", 1, pure!(parse))
        .export_native("ratio", 1, pure!(ratio))
        .export_native("pow", 2, pure!(pow))
        .export_native("max_finite", 0, pure!(max_finite))
        .export_native("min_finite", 0, pure!(min_finite))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    fn f(x: f64) -> Term {
        Term::Float(x)
    }

    #[test]
    fn rounding_uses_the_exact_value() {
        let cases = [
            (2.675, 2, "2.67", "2.67", "2.68"),
            (1.005, 2, "1.0", "1.0", "1.01"),
            (0.125, 2, "0.13", "0.12", "0.13"),
            (123.456, 1, "123.5", "123.4", "123.5"),
            (-0.05, 1, "-0.1", "-0.1", "0.0"),
        ];
        for (x, p, r, fl, c) in cases {
            assert_eq!(show("Float", "round", vec![f(x), int(p)]), r, "round {x}");
            assert_eq!(show("Float", "floor", vec![f(x), int(p)]), fl, "floor {x}");
            assert_eq!(show("Float", "ceil", vec![f(x), int(p)]), c, "ceil {x}");
        }
        assert_eq!(show("Float", "round", vec![f(2.5)]), "3.0");
        assert_eq!(show("Float", "round", vec![f(-1.5)]), "-2.0");
        assert_eq!(
            show("Float", "round", vec![f(1.0), int(16)]),
            "** (ArgumentError) precision 16 is out of valid range of 0..15"
        );
        assert!(show("Float", "round", vec![int(1)])
            .starts_with("** (FunctionClauseError) no function clause matching in Float.round/2"));
    }

    #[test]
    fn parsing_and_printing() {
        assert_eq!(show("Float", "parse", vec![s("1.5abc")]), "{1.5, \"abc\"}");
        assert_eq!(show("Float", "parse", vec![s("1")]), "{1.0, \"\"}");
        assert_eq!(show("Float", "parse", vec![s("1.")]), "{1.0, \".\"}");
        assert_eq!(show("Float", "parse", vec![s(".5")]), ":error");
        assert_eq!(
            show("Float", "parse", vec![s("-1.5e-2x")]),
            "{-0.015, \"x\"}"
        );
        assert_eq!(show("Float", "parse", vec![s("1.5e")]), "{1.5, \"e\"}");
        assert_eq!(show("Float", "to_string", vec![f(1.0e10)]), "\"1.0e10\"");
        assert_eq!(show("Float", "ratio", vec![f(0.75)]), "{3, 4}");
    }
}
