//! The evaluator end to end: source text in, the printed value (or the
//! exception banner) out, compared with what iex prints.

use super::{check, eval_input, Env, Scope};
use crate::runtime::{block_on, Mode};
use crate::term::inspect::{inspect_opts, Opts};
use crate::term::Atom;

/// Evaluates each input in turn in one process, keeping bindings, and
/// returns what iex would print for each: the value or the error banner.
fn session(inputs: &[&str]) -> Vec<String> {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    block_on(Mode::Deterministic, move |node| async move {
        crate::otp::boot::boot(&node);
        crate::lang::stdlib::load(&node);
        crate::otp::logger::Console::of(&node).set_sink(std::sync::Arc::new(|_: &str| {}));
        let n = node.clone();
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            let mut env = Env::new();
            let mut out = vec![];
            for (i, src) in inputs.iter().enumerate() {
                let ast = match crate::lang::parser::parse(src, i as u32 + 1) {
                    Ok(a) => a,
                    Err(e) => {
                        out.push(format!("parse error: {e:?}"));
                        continue;
                    }
                };
                let known = |name: &str, arity: usize| {
                    n.module(Atom::module("Kernel"))
                        .is_some_and(|m| m.exports_fun(Atom::new(name), arity))
                };
                let checked = check(&ast, &scope, &env, &known);
                if let Some(e) = checked.error {
                    out.push(e.banner());
                    continue;
                }
                let mark = env.mark();
                match eval_input(&mut cx, &scope, &mut env, &ast).await {
                    Ok(v) => out.push(inspect_opts(&v, &Opts::iex())),
                    Err(e) => {
                        env.restore(mark);
                        out.push(e.banner())
                    }
                }
            }
            out
        })
        .await
    })
}

fn one(src: &str) -> String {
    session(&[src]).remove(0)
}

#[test]
fn arithmetic_and_values_print_as_in_iex() {
    assert_eq!(one("1 + 2"), "3");
    assert_eq!(one("10 / 4"), "2.5");
    assert_eq!(one("123_456_789 * 987_654_321"), "121932631112635269");
    assert_eq!(one("\"hello\" <> \" world\""), "\"hello world\"");
    assert_eq!(one("[1, 2, 3] ++ [4] -- [2]"), "[1, 2, 3, 4]");
    assert_eq!(one("true and false"), "false");
    assert_eq!(one("nil || :default"), ":default");
}

#[test]
fn bindings_persist_and_interpolation_sees_them() {
    assert_eq!(
        session(&["name = \"iex\"", "\"hi #{name}, 1 + 1 = #{1 + 1}\""])[1],
        "\"hi iex, 1 + 1 = 2\""
    );
}

#[test]
fn captures_of_the_same_module_function_are_equal_as_on_the_beam() {
    assert_eq!(
        one("{(&Enum.map/2) == (&Enum.map/2), (&Enum.map/2) == (&Enum.map/3), (&Enum.map/2) === (&Map.map/2)}"),
        "{true, false, false}"
    );
    // Equal funs find the same map entry, in a small map and a large one.
    assert_eq!(
        session(&[
            "big = Map.new(1..40, &{&1, &1}) |> Map.put(&Enum.map/2, :found)",
            "{big[&Enum.map/2], %{(&Enum.map/2) => :small}[&Enum.map/2]}",
        ])[1],
        "{:found, :small}"
    );
    // Kernel's functions the BEAM inlines are `:erlang`'s; a macro's
    // capture is a closure.
    assert_eq!(
        one("{(&is_atom/1) == (&is_atom/1), (&Kernel.+/2) == (&:erlang.+/2), (&Kernel.to_string/1) == (&to_string/1)}"),
        "{true, true, false}"
    );
    // A closure is equal only to itself.
    assert_eq!(
        session(&["f = fn x -> x end", "{f == f, f == fn x -> x end}"])[1],
        "{true, false}"
    );
}

#[test]
fn anonymous_functions_and_captures_apply() {
    assert_eq!(
        session(&["square = fn x -> x * x end", "square.(5)"])[1],
        "25"
    );
    assert_eq!(one("Enum.map([1, 2, 3], fn x -> x * 2 end)"), "[2, 4, 6]");
    assert_eq!(
        one("Enum.filter(1..10, &(rem(&1, 2) == 0))"),
        "[2, 4, 6, 8, 10]"
    );
    assert_eq!(one("1..10 |> Enum.map(&(&1 * &1)) |> Enum.sum()"), "385");
    assert_eq!(
        session(&["add = &+/2", "add.(1, 2)"]),
        vec!["&:erlang.+/2", "3"]
    );
    assert_eq!(
        one("Enum.map(1..3, &Integer.to_string/1)"),
        "[\"1\", \"2\", \"3\"]"
    );
}

#[test]
fn comprehensions_generate_filter_and_collect() {
    assert_eq!(
        one("for x <- 1..4, y <- [:a, :b], x < 3, do: {x, y}"),
        "[{1, :a}, {1, :b}, {2, :a}, {2, :b}]"
    );
    assert_eq!(
        one("for x <- [1, 2, 3], into: %{}, do: {x, x * x}"),
        "%{1 => 1, 2 => 4, 3 => 9}"
    );
}

#[test]
fn control_flow_picks_the_right_branch() {
    assert_eq!(one("if 1 > 2, do: :yes, else: :no"), ":no");
    assert_eq!(
        one("cond do\n  false -> 1\n  nil -> 2\n  true -> 3\nend"),
        "3"
    );
    assert_eq!(
        one("case {1, 2} do\n  {1, x} when x > 1 -> x\n  _ -> :other\nend"),
        "2"
    );
    assert_eq!(
        one(
            "with {:ok, a} <- {:ok, 1}, {:ok, b} <- {:error, 2} do a + b else {:error, e} -> e end"
        ),
        "2"
    );
}

#[test]
fn errors_are_the_exceptions_iex_shows() {
    assert_eq!(
        one("1 = 2"),
        "** (MatchError) no match of right hand side value: 2"
    );
    assert_eq!(
        one("case 1 do 2 -> :ok end"),
        "** (CaseClauseError) no case clause matching: 1"
    );
    assert_eq!(
        one("raise \"custom error\""),
        "** (RuntimeError) custom error"
    );
    assert_eq!(
        one("raise ArgumentError, message: \"bad\""),
        "** (ArgumentError) bad"
    );
    assert_eq!(one("throw(:thrown)"), "** (throw) :thrown");
    assert_eq!(one("exit(:bye)"), "** (exit) :bye");
    assert_eq!(one("%{}.a"), "** (KeyError) key :a not found in: %{}");
    assert_eq!(
        one("foo()"),
        "** (CompileError) iex:1: undefined function foo/0 (there is no such import)"
    );
}

#[test]
fn try_rescue_catch_and_after_run_in_order() {
    assert_eq!(
        one("try do raise \"x\" rescue e in RuntimeError -> e.message end"),
        "\"x\""
    );
    assert_eq!(
        one("try do throw(:ball) catch :throw, v -> {:caught, v} end"),
        "{:caught, :ball}"
    );
    assert_eq!(
        one("try do exit(:x) catch :exit, r -> r after :ignored end"),
        ":x"
    );
}

#[test]
fn a_failed_input_loses_its_bindings() {
    assert_eq!(session(&["x = 1", "x = 2; raise \"boom\"", "x"])[2], "1");
}

#[test]
fn a_failed_input_undoes_its_directives_and_a_good_one_keeps_them() {
    let out = session(&[
        "alias String, as: S; raise \"boom\"",
        "S.length(\"ab\")",
        "alias String, as: S; S.length(\"ab\")",
        "S.upcase(\"a\")",
    ]);
    assert!(
        out[1].starts_with("** (UndefinedFunctionError) function S.length/1"),
        "{}",
        out[1]
    );
    assert_eq!(out[2..], ["2", "\"A\""]);
}

#[test]
fn receive_takes_matching_messages_and_times_out() {
    let out = session(&[
        "send(self(), :hello)",
        "receive do\n  :hello -> \"got hello\"\nend",
        "receive do\n  msg -> msg\nafter\n  100 -> :timeout\nend",
    ]);
    assert_eq!(out, vec![":hello", "\"got hello\"", ":timeout"]);
}

#[test]
fn processes_spawn_send_and_reply() {
    let out = session(&[
        "echo = spawn(fn -> receive do {from, msg} -> send(from, {:echo, msg}) end end)",
        "send(echo, {self(), \"ping\"})",
        "receive do {:echo, m} -> m after 1000 -> :no_reply end",
    ]);
    assert_eq!(out[2], "\"ping\"");
}
