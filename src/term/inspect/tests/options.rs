//! Golden cases: the `base`, `binaries` and `charlists` options.
//!
//! Generated from real Elixir 1.14: each case is the term as Elixir wrote
//! it with `limit: :infinity`, and what `inspect/2` printed with the options.

use super::*;

#[test]
fn integers_print_in_the_requested_base() {
    check(Opts { base: Base::Hex, ..plain() }, "[255, -255, 0, 1180591620717411303424]", "[0xFF, -0xFF, 0x0, 0x400000000000000000]");
    check(Opts { base: Base::Binary, ..plain() }, "[5, -5]", "[0b101, -0b101]");
    same(Opts { base: Base::Octal, ..plain() }, r"'\b@'");
    check(Opts { base: Base::Hex, ..plain() }, "<<1, 255>>", "<<0x1, 0xFF>>");
    check(Opts { base: Base::Hex, ..plain() }, r#""abc""#, "<<0x61, 0x62, 0x63>>");
}

#[test]
fn binaries_can_be_forced_to_bytes_or_strings() {
    check(Opts { binaries: Binaries::AsBinaries, ..plain() }, r#""abc""#, "<<97, 98, 99>>");
    check(Opts { binaries: Binaries::AsBinaries, ..plain() }, r#""""#, "<<>>");
    check(Opts { binaries: Binaries::AsStrings, ..plain() }, "<<97, 0, 98>>", r#""a\0b""#);
    check(Opts { binaries: Binaries::AsStrings, ..plain() }, "<<255, 97>>", r#""\xFFa""#);
}

#[test]
fn charlists_can_be_forced_to_lists_or_charlists() {
    check(Opts { charlists: Charlists::AsLists, ..plain() }, "'abc'", "[97, 98, 99]");
    check(Opts { charlists: Charlists::AsLists, ..plain() }, "[a: 'b']", "[a: [98]]");
    check(Opts { charlists: Charlists::AsCharlists, ..plain() }, "[104, 105, 0]", r"'hi\0'");
    check(Opts { charlists: Charlists::AsCharlists, ..plain() }, "[233, 8364]", "'é€'");
}

