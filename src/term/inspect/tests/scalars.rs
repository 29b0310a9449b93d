//! Golden cases: numbers, atoms, strings, charlists, binaries and opaque terms.
//!
//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term
//! as Elixir wrote it with `limit: :infinity`, and what `inspect/2` printed
//! with the options.

use super::*;

#[test]
fn integers_print_in_decimal_including_big_ones() {
    same(plain(), "0");
    same(plain(), "-42");
    same(plain(), "121932631112635269");
    same(plain(), "1267650600228229401496703205376");
    same(plain(), "-18446744073709551616");
}

#[test]
fn floats_print_in_shortest_round_trip_form() {
    same(plain(), "0.30000000000000004");
    same(plain(), "2.5");
    same(plain(), "4.0");
    same(plain(), "-0.0");
    same(plain(), "0.0");
    same(plain(), "100000000.0");
    same(plain(), "1000000000000000.0");
    same(plain(), "999999999999999.0");
    same(plain(), "1.0e16");
    same(plain(), "1.0e20");
    same(plain(), "1.0e-10");
    same(plain(), "0.1");
    same(plain(), "0.0001");
    same(plain(), "1.0e-5");
    same(plain(), "123456789.123");
    same(plain(), "1.5e300");
    same(plain(), "5.0e-324");
    same(plain(), "1.7976931348623157e308");
    same(plain(), "1.2345678901234567e19");
    same(plain(), "9007199254740992.0");
    same(plain(), "1.0e100");
    same(plain(), "12345600.0");
    same(plain(), "1.234e-4");
    same(plain(), "0.001234");
    same(plain(), "2.0e52");
}

#[test]
fn booleans_nil_and_plain_atoms() {
    same(
        plain(),
        "[nil, true, false, :ok, :atom, :foo?, :foo!, :_, :a@b, :Foo]",
    );
}

#[test]
fn module_aliases_print_without_the_elixir_prefix() {
    same(
        plain(),
        r#"[Foo, Foo.Bar, Elixir, :"Elixir.foo", :"Elixir.Foo.bar", :erlang]"#,
    );
}

#[test]
fn operator_atoms_print_bare_except_quoted_operators() {
    same(
        plain(),
        r#"[:+, :-, :"//", :..//, :.., :..., :%{}, :{}, :<<>>, :->, :|>, :"::", :"~~~", :\\, :<-, :when, :"not in", :@, :&, :!, :|]"#,
    );
}

#[test]
fn other_atoms_are_quoted() {
    same(
        plain(),
        r#"[:"foo bar", :"$gen_cast", :"$gen_call", :"1a", :"", :"ok\n", :"a\"b", :"foo?bar", :"-start_children/2-fun-0-", :"a.b", :"…"]"#,
    );
}

#[test]
fn printable_charlists_print_in_single_quotes() {
    same(plain(), "'hi'");
    same(plain(), "'abc'");
    same(plain(), r"'it\'s \#{x} \\ \t\n\e\a'");
    same(plain(), "[97, 0]");
    same(plain(), "[233]");
    same(plain(), r"'\a\b\t\n\v\f\r\e'");
    same(plain(), "[127]");
    same(plain(), "[97 | 98]");
}

#[test]
fn printable_binaries_print_as_strings() {
    same(plain(), r#""hello world""#);
    same(plain(), r#""tab\there\nnewline""#);
    same(
        plain(),
        r#""quote \" and \\\#{interp} and \#{x} and # alone""#,
    );
    same(plain(), r#""héllo 日本 😀""#);
    same(plain(), r#""\a\b\e\f\v\r\d""#);
    same(plain(), r#""\uFEFF nbsp ""#);
    same(plain(), r#""""#);
}

#[test]
fn other_binaries_print_as_bytes() {
    same(plain(), "<<1, 2, 3>>");
    same(plain(), "<<97, 0, 98>>");
    same(plain(), "<<255, 1>>");
    same(plain(), "<<195>>");
    same(plain(), "<<195, 169, 0>>");
}

#[test]
fn pids_references_and_functions() {
    same(
        plain(),
        "[#PID<0.108.0>, #Reference<0.3015519226.2768240641.130753>, &Enum.map/2, &:erlang.+/2]",
    );
}

#[test]
fn improper_lists_end_with_a_bar_and_the_tail() {
    same(plain(), "[1 | 2]");
    same(plain(), "[1, 2 | :three]");
    same(plain(), "[{:a, 1} | 2]");
    same(plain(), "[[1], 2 | 3]");
}
