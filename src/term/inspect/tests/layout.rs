//! Golden cases: how containers break over lines at a width.
//!
//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term
//! as Elixir wrote it with `limit: :infinity`, and what `inspect/2` printed
//! with the options.

use super::*;

#[test]
fn long_scalar_lists_fill_lines_with_continuation_indent_one() {
    check(
        iex(),
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]",
        r"[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]",
    );
    check(
        iex(),
        r#"["item1", "item2", "item3", "item4", "item5", "item6", "item7", "item8", "item9", "item10", "item11", "item12", "item13", "item14", "item15", "item16", "item17", "item18", "item19", "item20", "item21", "item22", "item23", "item24", "item25", "item26", "item27", "item28", "item29", "item30"]"#,
        r#"["item1", "item2", "item3", "item4", "item5", "item6", "item7", "item8",
 "item9", "item10", "item11", "item12", "item13", "item14", "item15", "item16",
 "item17", "item18", "item19", "item20", "item21", "item22", "item23", "item24",
 "item25", "item26", "item27", "item28", "item29", "item30"]"#,
    );
    check(
        iex(),
        "[:atom_1, :atom_2, :atom_3, :atom_4, :atom_5, :atom_6, :atom_7, :atom_8, :atom_9, :atom_10, :atom_11, :atom_12, :atom_13, :atom_14, :atom_15, :atom_16, :atom_17, :atom_18, :atom_19, :atom_20, :atom_21, :atom_22, :atom_23, :atom_24, :atom_25]",
        r"[:atom_1, :atom_2, :atom_3, :atom_4, :atom_5, :atom_6, :atom_7, :atom_8,
 :atom_9, :atom_10, :atom_11, :atom_12, :atom_13, :atom_14, :atom_15, :atom_16,
 :atom_17, :atom_18, :atom_19, :atom_20, :atom_21, :atom_22, :atom_23, :atom_24,
 :atom_25]",
    );
    check(
        width(20),
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]",
        r"[1, 2, 3, 4, 5, 6,
 7, 8, 9, 10]",
    );
}

#[test]
fn lists_with_a_compound_element_put_one_element_per_line() {
    check(
        iex(),
        r#"[{1, "x"}, {2, "xx"}, {3, "xxx"}, {4, "xxxx"}, {5, "xxxxx"}, {6, "xxxxxx"}, {7, "xxxxxxx"}, {8, "xxxxxxxx"}, {9, "xxxxxxxxx"}, {10, "xxxxxxxxxx"}, {11, "xxxxxxxxxxx"}, {12, "xxxxxxxxxxxx"}]"#,
        r#"[
  {1, "x"},
  {2, "xx"},
  {3, "xxx"},
  {4, "xxxx"},
  {5, "xxxxx"},
  {6, "xxxxxx"},
  {7, "xxxxxxx"},
  {8, "xxxxxxxx"},
  {9, "xxxxxxxxx"},
  {10, "xxxxxxxxxx"},
  {11, "xxxxxxxxxxx"},
  {12, "xxxxxxxxxxxx"}
]"#,
    );
    same(
        iex(),
        r"[[1, 2, 3], [4, 5, 6], '\a\b\t', '\n\v\f', [13, 14, 15], [16, 17, 18], [19]]",
    );
    check(
        iex(),
        "[1, 2, 3, {4}, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]",
        r"[
  1,
  2,
  3,
  {4},
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  21,
  22,
  23
]",
    );
    check(
        iex(),
        r#"[1, [], {}, "s", 'cl', 1..2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]"#,
        r#"[1, [], {}, "s", 'cl', 1..2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
 17, 18, 19]"#,
    );
    check(
        iex(),
        "[1, %{}, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]",
        r"[1, %{}, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
 22, 23, 24]",
    );
    check(
        iex(),
        "[<<1>>, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]",
        r"[
  <<1>>,
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  13,
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  21,
  22,
  23,
  24
]",
    );
}

#[test]
fn short_collections_stay_on_one_line() {
    same(iex(), "[{1, 2}, %{a: 1}, [b: 2]]");
    same(iex(), r#"%{a: 1, b: "x"}"#);
    same(iex(), r#"{1, :two, "three", 4.0}"#);
}

#[test]
fn tuples_fill_lines_with_continuation_indent_one() {
    check(
        iex(),
        "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}",
        r"{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40}",
    );
    check(
        iex(),
        "{:DOWN, #Reference<0.3015519226.2768240641.130753>, :process, #PID<0.110.0>, :normal}",
        r"{:DOWN, #Reference<0.3015519226.2768240641.130753>, :process, #PID<0.110.0>,
 :normal}",
    );
    check(
        iex(),
        r#"{:a_long_atom_here, {:nested_tuple_value, "with a string inside it"}, [1, 2, 3], %{k: :v}}"#,
        r#"{:a_long_atom_here, {:nested_tuple_value, "with a string inside it"}, [1, 2, 3],
 %{k: :v}}"#,
    );
    check(
        width(10),
        "{:aaa, :bbb, {:ccc, :ddd}}",
        r"{:aaa,
 :bbb,
 {:ccc,
  :ddd}}",
    );
}

#[test]
fn keyword_lists_put_one_entry_per_line_indented_by_two() {
    check(
        iex(),
        "[key_1: 1000, key_2: 2000, key_3: 3000, key_4: 4000, key_5: 5000, key_6: 6000, key_7: 7000, key_8: 8000]",
        r"[
  key_1: 1000,
  key_2: 2000,
  key_3: 3000,
  key_4: 4000,
  key_5: 5000,
  key_6: 6000,
  key_7: 7000,
  key_8: 8000
]",
    );
    check(
        iex(),
        r#"[name: "a fairly long name", strategy: :one_for_one, max_restarts: 3, max_seconds: 5]"#,
        r#"[
  name: "a fairly long name",
  strategy: :one_for_one,
  max_restarts: 3,
  max_seconds: 5
]"#,
    );
    same(iex(), "[a: 1, b: 2]");
    same(
        iex(),
        r#"["my key": 1, "$gen_cast": 2, Foo: 3, nil: 4, +: 5]"#,
    );
}

#[test]
fn lists_of_pairs_with_alias_keys_are_not_keyword_lists() {
    same(plain(), "[{Foo, 1}, {:a, 2}]");
    same(plain(), r#"[{:a, 1}, {"b", 2}]"#);
}

#[test]
fn maps_put_one_entry_per_line_indented_by_two() {
    check(
        iex(),
        "%{1 => 1, 2 => 4, 3 => 9, 4 => 16, 5 => 25, 6 => 36, 7 => 49, 8 => 64, 9 => 81, 10 => 100, 11 => 121, 12 => 144}",
        r"%{
  1 => 1,
  2 => 4,
  3 => 9,
  4 => 16,
  5 => 25,
  6 => 36,
  7 => 49,
  8 => 64,
  9 => 81,
  10 => 100,
  11 => 121,
  12 => 144
}",
    );
    check(
        iex(),
        r#"%{key_number_1: "vvvvv", key_number_2: "vvvvv", key_number_3: "vvvvv", key_number_4: "vvvvv", key_number_5: "vvvvv", key_number_6: "vvvvv"}"#,
        r#"%{
  key_number_1: "vvvvv",
  key_number_2: "vvvvv",
  key_number_3: "vvvvv",
  key_number_4: "vvvvv",
  key_number_5: "vvvvv",
  key_number_6: "vvvvv"
}"#,
    );
    same(iex(), "%{}");
    same(plain(), r#"%{3 => [4], :a => 1, "b" => 2}"#);
    same(plain(), r#"%{Foo => 2, :"my key" => 1}"#);
    same(plain(), r#"%{b: 2, "my key": 1, nil: 3, true: 4}"#);
    same(plain(), "%{1 => :int, 1.0 => :float, {1, 2} => [3]}");
}

#[test]
fn nested_containers_break_from_the_outside_in() {
    check(
        iex(),
        r#"{:error, {:shutdown, {:failed_to_start_child, :raiser, {:EXIT, {%RuntimeError{message: "start failed"}, [{:erl_eval, :do_apply, 7, [file: 'erl_eval.erl', line: 742]}, {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]}]}}}}}"#,
        r#"{:error,
 {:shutdown,
  {:failed_to_start_child, :raiser,
   {:EXIT,
    {%RuntimeError{message: "start failed"},
     [
       {:erl_eval, :do_apply, 7, [file: 'erl_eval.erl', line: 742]},
       {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]}
     ]}}}}}"#,
    );
    check(
        iex(),
        r#"%{list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30], map: %{a: {1, 2}, b: [c: 3]}, tuple: {:x, "y", 'z'}}"#,
        r#"%{
  list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
   21, 22, 23, 24, 25, 26, 27, 28, 29, 30],
  map: %{a: {1, 2}, b: [c: 3]},
  tuple: {:x, "y", 'z'}
}"#,
    );
    same(
        iex(),
        "[%{id: :counter, start: {Agent, :start_link, [&Enum.map/2, [name: :counter]]}}]",
    );
    check(
        width(30),
        "{:ok, [a: 1, b: {2, 3}], %{c: [4, 5, 6, 7, 8, 9]}}",
        r"{:ok, [a: 1, b: {2, 3}],
 %{c: [4, 5, 6, 7, 8, 9]}}",
    );
}

#[test]
fn strings_are_never_wrapped() {
    same(
        iex(),
        r#""abababababababababababababababababababababababababababababababababababababababababababababababababab""#,
    );
    check(
        iex(),
        r#"["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", :after]"#,
        r#"["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
 :after]"#,
    );
    check(
        iex(),
        r#"{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", :b}"#,
        r#"{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
 :b}"#,
    );
}

#[test]
fn width_counts_string_bytes_not_characters() {
    check(
        iex(),
        r#"["éééééééééééééééééééééééééééééé", :a, :b, :c, :d, :e, :f]"#,
        r#"["éééééééééééééééééééééééééééééé", :a, :b, :c, :d,
 :e, :f]"#,
    );
    check(
        iex(),
        r#"{"éééééééééééééééééééééééééééééé", :a, :b, :c, :d, :e, :f}"#,
        r#"{"éééééééééééééééééééééééééééééé", :a, :b, :c, :d,
 :e, :f}"#,
    );
}

#[test]
fn the_top_level_never_breaks_when_not_pretty() {
    same(
        plain(),
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]",
    );
    same(
        plain(),
        "%{1 => 1, 2 => 4, 3 => 9, 4 => 16, 5 => 25, 6 => 36, 7 => 49, 8 => 64, 9 => 81, 10 => 100, 11 => 121, 12 => 144}",
    );
    same(
        plain(),
        r#"[name: "a fairly long name", strategy: :one_for_one, max_restarts: 3, max_seconds: 5]"#,
    );
}
