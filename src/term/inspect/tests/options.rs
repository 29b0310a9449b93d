//! Golden cases: the `base`, `binaries` and `charlists` options.
//!
//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term
//! as Elixir wrote it with `limit: :infinity`, and what `inspect/2` printed
//! with the options.

use super::*;

#[test]
fn integers_print_in_the_requested_base() {
    check(
        base(Base::Hex),
        "[255, -255, 0, 1180591620717411303424]",
        "[0xFF, -0xFF, 0x0, 0x400000000000000000]",
    );
    check(base(Base::Binary), "[5, -5]", "[0b101, -0b101]");
    same(base(Base::Octal), r"'\b@'");
    check(base(Base::Hex), "<<1, 255>>", "<<0x1, 0xFF>>");
    check(base(Base::Hex), r#""abc""#, "<<0x61, 0x62, 0x63>>");
}

#[test]
fn binaries_can_be_forced_to_bytes_or_strings() {
    check(binaries(Binaries::AsBinaries), r#""abc""#, "<<97, 98, 99>>");
    check(binaries(Binaries::AsBinaries), r#""""#, "<<>>");
    check(binaries(Binaries::AsStrings), "<<97, 0, 98>>", r#""a\0b""#);
    check(binaries(Binaries::AsStrings), "<<255, 97>>", r#""\xFFa""#);
}

#[test]
fn charlists_can_be_forced_to_lists_or_charlists() {
    check(charlists(Charlists::AsLists), "'abc'", "[97, 98, 99]");
    check(charlists(Charlists::AsLists), "[a: 'b']", "[a: [98]]");
    check(
        charlists(Charlists::AsCharlists),
        "[104, 105, 0]",
        r"'hi\0'",
    );
    check(charlists(Charlists::AsCharlists), "[233, 8364]", "'é€'");
}
