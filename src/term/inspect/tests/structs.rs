//! Golden cases: structs, exceptions, ranges and map sets.
//!
//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term
//! as Elixir wrote it with `limit: :infinity`, and what `inspect/2` printed
//! with the options.

use super::*;

#[test]
fn structs_print_their_fields_in_definition_order() {
    same(
        plain(),
        "%Task{mfa: {:erlang, :apply, 2}, owner: #PID<0.108.0>, pid: #PID<0.110.0>, ref: #Reference<0.3015519226.2768240641.230231>}",
    );
    check(
        iex(),
        "%Task{mfa: {:erlang, :apply, 2}, owner: #PID<0.108.0>, pid: #PID<0.110.0>, ref: #Reference<0.3015519226.2768240641.230231>}",
        r"%Task{
  mfa: {:erlang, :apply, 2},
  owner: #PID<0.108.0>,
  pid: #PID<0.110.0>,
  ref: #Reference<0.3015519226.2768240641.230231>
}",
    );
    same(plain(), "%KeyError{key: :a, term: %{b: 1}, message: nil}");
    check(
        iex(),
        "%UndefinedFunctionError{module: Foo, function: :bar, arity: 2, reason: nil, message: nil}",
        r"%UndefinedFunctionError{
  module: Foo,
  function: :bar,
  arity: 2,
  reason: nil,
  message: nil
}",
    );
    same(
        plain(),
        "%FunctionClauseError{module: Foo, function: :bar, arity: 2, kind: nil, args: nil, clauses: nil}",
    );
}

#[test]
fn exception_structs_hide_the_exception_key() {
    same(plain(), r#"%RuntimeError{message: "boom"}"#);
    same(plain(), r#"%ArgumentError{message: "bad"}"#);
    same(
        plain(),
        "[%MatchError{term: {:ok, 1}}, %ErlangError{original: :badarg, reason: nil}]",
    );
}

#[test]
fn structs_with_other_keys_print_as_maps() {
    same(
        plain(),
        r#"%{__exception__: true, __struct__: RuntimeError, extra: 1, message: "x"}"#,
    );
    same(
        plain(),
        "%{__exception__: true, __struct__: KeyError, key: nil, message: nil}",
    );
    same(plain(), "%{__struct__: KeyError, key: 1}");
    same(plain(), "%{__struct__: nil, a: 1}");
    same(plain(), "%{__struct__: :foo, a: 1}");
    same(plain(), r#"%{__struct__: "Foo", a: 1}"#);
}

#[test]
fn ranges_print_as_ranges() {
    same(plain(), "1..10");
    same(plain(), "1..10//2");
    same(plain(), "1..10");
    same(plain(), "10..1//-1");
    same(plain(), "5..1//1");
    same(plain(), "-3..-1");
    same(plain(), "0..0");
    same(plain(), "[1..2, 3..4//5]");
}

#[test]
fn map_sets_print_as_a_call_to_map_set_new() {
    same(plain(), "MapSet.new([1, 2, 3])");
    same(plain(), "MapSet.new([])");
    same(plain(), "MapSet.new([97, 98])");
    same(plain(), r#"MapSet.new([:a, {:c}, "b"])"#);
    check(
        width(40),
        "MapSet.new([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30])",
        r"MapSet.new([1, 2, 3, 4, 5, 6, 7, 8, 9,
 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
 30])",
    );
    check(
        limit(3),
        "MapSet.new([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])",
        "MapSet.new([1, 2, 3, ...])",
    );
}
