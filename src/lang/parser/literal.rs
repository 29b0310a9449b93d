//! nom lexers for the small literals: numbers (`1_000`, `0x1F`, `0b101`,
//! `0o17`, `1.5e-3`), characters (`?a`, `?\n`), words (identifiers,
//! aliases, reserved words) and unquoted atoms (`:ok`, `:valid?`, `:+`).

use super::lexer::{LResult, LexError};
use super::operator;
use super::string::decode_escape;
use super::token::{IntVal, Tok};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{anychar, char, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::{pair, preceded};
use nom::Parser;
use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive};

/// Digits of `radix` with single underscores between them: `1_000`.
fn digits<'s>(radix: u32) -> impl Parser<&'s str, Output = &'s str, Error = LexError<'s>> {
    let digit = move |c: char| c.is_digit(radix);
    recognize(pair(
        take_while1(digit),
        many0(preceded(char('_'), take_while1(digit))),
    ))
}

/// `0x1F`, `0o17`, `0b101`: the digits (without prefix) and their radix.
fn prefixed_int(i: &str) -> LResult<'_, (&str, u32)> {
    alt((
        preceded(tag("0x"), digits(16)).map(|d| (d, 16)),
        preceded(tag("0o"), digits(8)).map(|d| (d, 8)),
        preceded(tag("0b"), digits(2)).map(|d| (d, 2)),
    ))
    .parse(i)
}

/// A decimal number: integer part, optional fraction, optional exponent
/// (only after a fraction, as in Elixir).
fn decimal(i: &str) -> LResult<'_, (&str, bool)> {
    let fraction = preceded(char('.'), digits(10));
    let exponent = (one_of("eE"), opt(one_of("+-")), digits(10));
    let (rest, text) = recognize((digits(10), opt((fraction, opt(exponent))))).parse(i)?;
    Ok((rest, (text, text.contains('.'))))
}

/// A number literal. The caller checks what follows it.
pub fn number(i: &str) -> LResult<'_, Tok> {
    if let Ok((rest, (digits, radix))) = prefixed_int(i) {
        let text = &i[..i.len() - rest.len()];
        return Ok((rest, Tok::Int(int_value(digits, radix), text.to_owned())));
    }
    let (rest, (text, is_float)) = decimal(i)?;
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let tok = if is_float {
        Tok::Float(clean.parse().unwrap_or(f64::INFINITY), text.to_owned())
    } else {
        Tok::Int(int_value(&clean, 10), text.to_owned())
    };
    Ok((rest, tok))
}

/// The value of `digits` (underscores allowed) in `radix`.
fn int_value(digits: &str, radix: u32) -> IntVal {
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let big = BigInt::from_str_radix(&clean, radix).unwrap_or_default();
    match big.to_i64() {
        Some(small) => IntVal::Small(small),
        None => IntVal::Big(big),
    }
}

/// `?a`, `?\n`, `?\x41`: the code point of a character literal.
pub fn char_literal(i: &str) -> LResult<'_, u32> {
    let (rest, _) = char('?').parse(i)?;
    if let Ok((after, _)) = char::<_, LexError>('\\').parse(rest) {
        let (after, decoded) = decode_escape(after)?;
        return Ok((after, decoded.map_or(0, u32::from)));
    }
    let (rest, c) = anychar(rest)?;
    Ok((rest, c as u32))
}

/// Whether `c` can start an identifier or alias.
pub fn is_word_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

/// Whether `c` can continue an identifier or alias.
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// A word: letters, digits and underscores, maybe ending in `?` or `!`.
pub fn word(i: &str) -> LResult<'_, &str> {
    recognize((
        satisfy(is_word_start),
        take_while(is_word_char),
        opt(one_of("?!")),
    ))
    .parse(i)
}

/// The token a word makes on its own: reserved word, word operator,
/// alias or identifier.
pub fn classify_word(word: &str) -> Tok {
    const RESERVED: &[&str] = &[
        "true", "false", "nil", "fn", "do", "end", "else", "after", "catch", "rescue",
    ];
    if let Some(r) = RESERVED.iter().find(|r| **r == word) {
        return Tok::Reserved(r);
    }
    if let Some(op) = operator::WORD_OPS.iter().find(|o| **o == word) {
        return Tok::Op(op);
    }
    if word.starts_with(|c: char| c.is_uppercase()) {
        Tok::Alias(word.to_owned())
    } else {
        Tok::Ident(word.to_owned())
    }
}

/// An unquoted atom after its `:`: a word (`ok`, `Foo`, `valid?`, `a@b`)
/// or an operator (`+`, `->`, `{}`, `%{}`, `<<>>`).
pub fn bare_atom(i: &str) -> LResult<'_, String> {
    let name = recognize((
        satisfy(is_word_start),
        take_while(|c| is_word_char(c) || c == '@'),
        opt(one_of("?!")),
    ));
    let (rest, text) = alt((name, operator::atom_symbol)).parse(i)?;
    Ok((rest, text.to_owned()))
}

/// `&1`: the capture argument's number.
pub fn capture_int(i: &str) -> LResult<'_, u32> {
    let (rest, digits) = preceded(char('&'), take_while1(|c: char| c.is_ascii_digit())).parse(i)?;
    Ok((rest, digits.parse().unwrap_or(u32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Tok {
        number(s).unwrap().1
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(num("1_000"), Tok::Int(IntVal::Small(1000), "1_000".into()));
        assert_eq!(num("0x1F"), Tok::Int(IntVal::Small(31), "0x1F".into()));
        assert_eq!(num("0b101"), Tok::Int(IntVal::Small(5), "0b101".into()));
        assert_eq!(num("0o17"), Tok::Int(IntVal::Small(15), "0o17".into()));
        assert!(matches!(
            num("123456789012345678901234567890"),
            Tok::Int(IntVal::Big(_), _)
        ));
    }

    #[test]
    fn floats_need_a_fraction() {
        assert_eq!(num("1.5e3"), Tok::Float(1500.0, "1.5e3".into()));
        assert_eq!(num("1.0E-2"), Tok::Float(0.01, "1.0E-2".into()));
        assert_eq!(number("1.e5").unwrap().0, ".e5");
        assert_eq!(number("1..2").unwrap().0, "..2");
        assert_eq!(number("1e10").unwrap().0, "e10");
    }

    #[test]
    fn underscores_only_between_digits() {
        assert_eq!(number("1__0").unwrap().0, "__0");
        assert_eq!(number("1_").unwrap().0, "_");
    }

    #[test]
    fn chars() {
        assert_eq!(char_literal("?a").unwrap().1, 97);
        assert_eq!(char_literal("?\\n").unwrap().1, 10);
        assert_eq!(char_literal("?\\s").unwrap().1, 32);
        assert_eq!(char_literal("??").unwrap().1, 63);
        assert_eq!(char_literal("?é").unwrap().1, 233);
    }

    #[test]
    fn words_and_atoms() {
        assert_eq!(word("valid?(x)").unwrap(), ("(x)", "valid?"));
        assert_eq!(classify_word("when"), Tok::Op("when"));
        assert_eq!(classify_word("end"), Tok::Reserved("end"));
        assert_eq!(classify_word("Foo"), Tok::Alias("Foo".into()));
        assert_eq!(bare_atom("ok)").unwrap(), (")", "ok".into()));
        assert_eq!(bare_atom("+ 1").unwrap(), (" 1", "+".into()));
        assert_eq!(bare_atom("%{}").unwrap(), ("", "%{}".into()));
        assert_eq!(bare_atom("a@b").unwrap(), ("", "a@b".into()));
    }
}
