//! The machine's promises: tail calls in constant space, body recursion as
//! deep as memory allows, and suspension anywhere, including inside a
//! function that a native (`Enum.map`) applies.

use crate::lang::eval::{eval_input, Env, Scope};
use crate::runtime::{block_on, Mode};
use crate::term::inspect::inspect;

/// Evaluates each input in one process, keeping bindings; the value of each
/// (or its error's banner), the peak register stack it reached, and the
/// map entries and binary bytes it copied.
fn run(inputs: &[&str]) -> Vec<(String, usize, (u64, u64))> {
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    block_on(Mode::Deterministic, move |node| async move {
        crate::otp::boot::boot(&node);
        crate::lang::stdlib::load(&node);
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            let mut env = Env::new();
            let mut out = Vec::new();
            for (i, src) in inputs.iter().enumerate() {
                let ast = crate::lang::parser::parse(src, i as u32 + 1).expect("parses");
                super::take_peak_registers();
                crate::term::cost::take();
                let text = match eval_input(&mut cx, &scope, &mut env, &ast).await {
                    Ok(v) => inspect(&v),
                    Err(e) => e.banner(),
                };
                out.push((
                    text,
                    super::take_peak_registers(),
                    crate::term::cost::take(),
                ));
            }
            out
        })
        .await
    })
}

const LOOPS: &str = r#"
defmodule Loops do
  def count(0, acc), do: acc
  def count(n, acc), do: count(n - 1, acc + 1)

  def walk([], acc), do: acc
  def walk([h | t], acc), do: walk(t, acc + h)

  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)

  def serve(n) do
    receive do
      {:stop, from} -> send(from, {:served, n})
      _ -> serve(n + 1)
    end
  end
end
"#;

#[test]
fn a_tail_recursive_loop_of_ten_million_runs_in_constant_space() {
    let out = run(&[LOOPS, "Loops.count(10_000_000, 0)"]);
    assert_eq!(out[1].0, "10000000");
    assert!(out[1].1 < 64, "the stack grew to {} registers", out[1].1);
}

#[test]
fn a_tail_recursive_walk_of_a_long_list_runs_in_constant_space() {
    let out = run(&[LOOPS, "Loops.walk(Enum.to_list(1..1_000_000), 0)"]);
    assert_eq!(out[1].0, "500000500000");
    assert!(out[1].1 < 64, "the stack grew to {} registers", out[1].1);
}

#[test]
fn a_body_recursion_a_million_deep_returns() {
    let out = run(&[LOOPS, "Loops.sum(Enum.to_list(1..1_000_000))"]);
    assert_eq!(out[1].0, "500000500000");
    assert!(
        out[1].1 > 1_000_000,
        "only {} registers: not one frame per level",
        out[1].1
    );
    // Each level keeps only what it needs after its call (`h`), as a BEAM
    // stack frame does, not every register of the function.
    assert!(
        out[1].1 < 4_000_000,
        "{} registers: more than each level keeps",
        out[1].1
    );
}

#[test]
fn a_recursive_anonymous_function_recurses_a_million_deep() {
    let out = run(&[
        "down = fn 0, _ -> 0; n, f -> 1 + f.(n - 1, f) end",
        "down.(1_000_000, down)",
    ]);
    assert_eq!(out[1].0, "1000000");
}

#[test]
fn a_receive_loop_serves_more_messages_than_any_stack_depth() {
    let out = run(&[
        LOOPS,
        "pid = spawn(fn -> Loops.serve(0) end)",
        "Enum.each(1..50_000, fn i -> send(pid, i) end)",
        "send(pid, {:stop, self()})",
        "receive do {:served, n} -> n end",
    ]);
    assert_eq!(out[4].0, "50000");
}

#[test]
fn receive_inside_a_function_that_enum_map_applies_suspends_only_that_process() {
    let out = run(&[
        "me = self()",
        "helper = spawn(fn -> for v <- [10, 20, 30], do: (receive do :next -> send(me, {:v, v}) end) end)",
        "Enum.map([1, 2, 3], fn x -> send(helper, :next); receive do {:v, v} -> x + v end end)",
    ]);
    assert_eq!(out[2].0, "[11, 22, 33]");
}

/// A native applying a function element by element keeps one machine for
/// the applications that end at once; one that waits takes the machine
/// with it, one that raises gives it back, and the next starts afresh.
#[test]
fn applications_by_a_native_that_wait_or_raise_between_others_keep_their_values() {
    let out = run(&[
        "slow = fn x -> if rem(x, 2) == 0, do: (send(self(), {:v, x}); receive do {:v, v} -> v * 10 end), else: x end",
        "Stream.map([1, 2, 3, 4, 5], slow) |> Enum.to_list()",
        "Enum.flat_map([1, 2, 3], fn 2 -> raise \"boom\"; x -> [x] end)",
        "Enum.flat_map([1, 2, 3], fn x -> [slow.(x), x] end)",
        "Stream.filter(1..6, fn x -> slow.(x) > 30 end) |> Stream.map(&{&1, slow.(&1)}) |> Enum.to_list()",
    ]);
    assert_eq!(out[1].0, "[1, 20, 3, 40, 5]");
    assert!(out[2].0.contains("boom"), "{}", out[2].0);
    assert_eq!(out[3].0, "[1, 1, 20, 2, 3, 3]");
    assert_eq!(out[4].0, "[{4, 40}, {6, 60}]");
}

#[test]
fn sleeping_inside_a_comprehension_suspends_the_process() {
    let out = run(&["for x <- [1, 2], do: (Process.sleep(1); x * 2)"]);
    assert_eq!(out[0].0, "[2, 4]");
}

#[test]
fn errors_leaving_compiled_functions_carry_their_frames() {
    let out = run(&[
        "defmodule Deep do\n  def a(x), do: b(x) + 1\n  def b(x), do: x + :oops\nend",
        "Deep.a(1)",
    ]);
    assert!(out[1].0.contains("ArithmeticError"), "{}", out[1].0);
}

#[test]
fn a_case_with_no_matching_clause_raises_case_clause_error() {
    let out = run(&["case 3 do 1 -> :one end"]);
    assert!(out[0].0.contains("CaseClauseError"), "{}", out[0].0);
}

#[test]
fn variables_bound_in_a_clause_that_failed_half_way_do_not_leak() {
    let out = run(&["x = :outer", "case {1, 2} do {x, 3} -> x; _ -> x end"]);
    assert_eq!(out[1].0, ":outer");
}

#[test]
fn enum_map_over_a_list_runs_in_the_prelude() {
    let out = run(&["Enum.map([1, 2, 3], fn x -> x * 2 end)"]);
    assert_eq!(out[0].0, "[2, 4, 6]");
    assert!(
        crate::lang::compile::prelude::unit().is_some(),
        "the prelude did not compile"
    );
}

#[test]
fn a_lambda_applied_by_the_prelude_recurses_a_million_deep() {
    // Enum.reduce's lambda runs as a frame of the same machine.
    let out = run(&[
        "deep = fn 0, _ -> 0; n, f -> Enum.reduce([n], 0, fn x, _ -> 1 + f.(x - 1, f) end) end",
        "deep.(1_000_000, deep)",
    ]);
    assert_eq!(out[1].0, "1000000");
}

const BRANCHES: &str = r#"
defmodule Branches do
  def by_case(n, acc) do
    case n do
      0 -> acc
      _ -> by_case(n - 1, acc + 1)
    end
  end

  def by_if(n, acc) do
    if n == 0, do: acc, else: by_if(n - 1, acc + 1)
  end

  def by_cond(n, acc) do
    cond do
      n == 0 -> acc
      true -> Branches.by_cond(n - 1, acc + 1)
    end
  end
end
"#;

#[test]
fn calls_in_the_last_expression_of_branches_are_tail_calls() {
    for call in [
        "Branches.by_case(1_000_000, 0)",
        "Branches.by_if(1_000_000, 0)",
        "Branches.by_cond(1_000_000, 0)",
    ] {
        let out = run(&[BRANCHES, call]);
        assert_eq!(out[1].0, "1000000", "{call}");
        assert!(
            out[1].1 < 64,
            "{call}: the stack grew to {} registers",
            out[1].1
        );
    }
}

#[test]
fn an_anonymous_function_calling_itself_in_tail_position_runs_in_constant_space() {
    let out = run(&[
        "count = fn 0, acc, _ -> acc; n, acc, f -> f.(n - 1, acc + 1, f) end",
        "count.(1_000_000, 0, count)",
    ]);
    assert_eq!(out[1].0, "1000000");
    assert!(out[1].1 < 64, "the stack grew to {} registers", out[1].1);
}

/// `m.fun(...)` with the module in a variable, and a capture of a module
/// function applied, are remote calls like `Mod.fun(...)`: in tail
/// position they run in constant space.
#[test]
fn calls_through_a_module_value_or_a_capture_are_tail_calls() {
    let out = run(&[
        "defmodule Dyn do\n  def down(_m, 0), do: :done\n  def down(m, n), do: m.down(m, n - 1)\n  def cap(0), do: :done\n  def cap(n), do: (&Dyn.cap/1).(n - 1)\nend",
        "Dyn.down(Dyn, 1_000_000)",
        "Dyn.cap(1_000_000)",
        "m = String; m.upcase(\"ok\")",
        "x = 5; x.foo(1)",
    ]);
    for i in [1, 2] {
        assert_eq!(out[i].0, ":done");
        assert!(out[i].1 < 64, "the stack grew to {} registers", out[i].1);
    }
    assert_eq!(out[3].0, "\"OK\"", "a native module's function");
    assert!(out[4].0.starts_with("** (ArgumentError)"), "{}", out[4].0);
}

/// A match reads its value in place unless its pattern names the register
/// it matches (`^x` against `x`): either way it binds, fails over to the
/// next clause and raises as before, and the value is still there after.
#[test]
fn matches_in_place_or_on_a_copy_agree() {
    let out = run(&[
        "defmodule Subj do\n  def pinned(x) do\n    case x do\n      ^x -> {:same, x}\n    end\n  end\n  def pair(t) do\n    case t do\n      {:ok, v} -> {v, t}\n      _ -> {:other, t}\n    end\n  end\n  def strict(t) do\n    {:ok, v} = t\n    v\n  end\nend",
        "Subj.pinned({1, [2]})",
        "Subj.pair({:ok, [1]})",
        "Subj.pair({:error, 1})",
        "Subj.strict({:error, 2})",
        "t = {1, 2}; {^t, x} = {t, 3}; {t, x}",
    ]);
    assert_eq!(out[1].0, "{:same, {1, [2]}}");
    assert_eq!(out[2].0, "{[1], {:ok, [1]}}");
    assert_eq!(out[3].0, "{:other, {:error, 1}}");
    assert_eq!(
        out[4].0,
        "** (MatchError) no match of right hand side value: {:error, 2}"
    );
    assert_eq!(out[5].0, "{{1, 2}, 3}");
}

#[test]
fn comprehensions_take_generators_patterns_and_filters_in_order() {
    let out = run(&[
        "for x <- 1..3, y <- [:a, :b], do: {x, y}",
        "for {:ok, v} <- [{:ok, 1}, :error, {:ok, 2}], v > 1, do: v",
        "for x <- [1, 2], into: %{}, do: {x, x * x}",
    ]);
    assert_eq!(
        out[0].0,
        "[{1, :a}, {1, :b}, {2, :a}, {2, :b}, {3, :a}, {3, :b}]"
    );
    assert_eq!(out[1].0, "[2]");
    assert_eq!(out[2].0, "%{1 => 1, 2 => 4}");
}

#[test]
fn with_matches_each_step_and_hands_a_mismatch_to_else() {
    let out = run(&[
        "with {:ok, a} <- {:ok, 1}, b = a + 1, {:ok, c} <- {:ok, b * 10}, do: a + b + c",
        "with {:ok, a} <- {:error, :nope}, do: a",
        "with {:ok, a} <- :oops do\n a\nelse\n :oops -> :handled\nend",
        "with {:ok, a} <- :oops do\n a\nelse\n :other -> :handled\nend",
        "with x when x > 5 <- 3, do: x",
    ]);
    assert_eq!(out[0].0, "23");
    assert_eq!(out[1].0, "{:error, :nope}");
    assert_eq!(out[2].0, ":handled");
    assert!(out[3].0.contains("WithClauseError"), "{}", out[3].0);
    assert_eq!(out[4].0, "3");
}

/// The map entries and binary bytes copied while running `input` after `setup`.
fn copies(setup: &[&str], input: &str) -> (String, (u64, u64)) {
    let inputs: Vec<&str> = setup.iter().copied().chain([input]).collect();
    let (text, _, copied) = run(&inputs).pop().expect("one result per input");
    (text, copied)
}

#[test]
fn a_map_passed_on_for_the_last_time_is_updated_in_place() {
    let (size, (entries, _)) = copies(
        &[],
        "Enum.reduce(1..20_000, %{}, fn i, m -> Map.put(m, i, i) end) |> map_size()",
    );
    assert_eq!(size, "20000");
    // The lambda's last use of `m` moves it into Map.put: nothing shares
    // the map, so no path is copied (a shared one would copy ~50 entries a put).
    assert!(entries < 20_000, "{entries} entries copied for 20,000 puts");
}

#[test]
fn counting_into_a_map_with_update_changes_it_in_place() {
    let (size, (entries, _)) = copies(
        &[],
        "Enum.reduce(1..20_000, %{}, fn i, m -> Map.update(m, rem(i, 1000), 1, &(&1 + 1)) end) |> map_size()",
    );
    assert_eq!(size, "1000");
    assert!(
        entries < 20_000,
        "{entries} entries copied for 20,000 updates"
    );
}

#[test]
fn a_map_set_passed_on_for_the_last_time_is_grown_in_place() {
    let (size, (entries, _)) = copies(
        &[],
        "Enum.reduce(1..20_000, MapSet.new(), fn i, s -> MapSet.put(s, i) end) |> MapSet.size()",
    );
    assert_eq!(size, "20000");
    assert!(entries < 20_000, "{entries} entries copied for 20,000 puts");
}

#[test]
fn updating_a_shared_map_leaves_the_original_alone() {
    let (v, _) = copies(
        &[],
        "(fn m -> {m, Map.update(m, :a, 0, &(&1 + 1)), MapSet.put(MapSet.new([1]), 2)} end).(%{a: 1})",
    );
    assert_eq!(v, "{%{a: 1}, %{a: 2}, MapSet.new([1, 2])}");
}

/// A compiled call of another module's function finds the module as it is
/// now: the per-thread record of where calls landed goes stale when code
/// is loaded, and a function that is gone is undefined again.
#[test]
fn a_compiled_remote_call_reaches_the_module_as_last_defined() {
    let out = run(&[
        "defmodule Callee do\n  def f(x), do: x + 1\nend",
        "defmodule Caller do\n  def g(x), do: Callee.f(x)\nend",
        "Enum.map(1..3, &Caller.g/1)",
        "defmodule Callee do\n  def f(x), do: x * 10\nend",
        "Caller.g(1)",
        "defmodule Callee do\n  def h(x), do: x\nend",
        "Caller.g(1)",
    ]);
    assert_eq!(out[2].0, "[2, 3, 4]");
    assert_eq!(out[4].0, "10");
    assert_eq!(
        out[6].0,
        "** (UndefinedFunctionError) function Callee.f/1 is undefined or private"
    );
}

#[test]
fn a_variable_read_after_a_call_is_still_there() {
    let (v, _) = copies(
        &[],
        "(fn m -> m2 = Map.put(m, :b, 2); {m, m2} end).(%{a: 1})",
    );
    assert_eq!(v, "{%{a: 1}, %{a: 1, b: 2}}");
}

#[test]
fn building_a_binary_by_appending_copies_each_byte_a_bounded_number_of_times() {
    let (size, (_, bytes)) = copies(
        &[],
        "Enum.reduce(1..100_000, \"\", fn _, acc -> acc <> \"x\" end) |> byte_size()",
    );
    assert_eq!(size, "100000");
    assert!(
        bytes < 300_000,
        "{bytes} bytes copied for 100,000 one-byte appends"
    );
}

#[test]
#[ignore = "prints the size of a machine's future, for tuning"]
fn size_of_a_machine_future() {
    block_on(Mode::Deterministic, move |node| async move {
        crate::lang::stdlib::load(&node);
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            let ast = crate::lang::parser::parse("1", 1).expect("parses");
            let unit = crate::lang::compile::input(&cx, &scope, &[], &ast).expect("compiles");
            let f = super::run(&mut cx, &unit, 0, vec![], &[]);
            eprintln!("machine future: {} bytes", std::mem::size_of_val(&f));
        })
        .await
    });
}

#[test]
fn send_gives_its_message_to_a_pid_or_a_name_and_refuses_anything_else() {
    let out = run(&[
        "Process.register(self(), :me); send(self(), {:one, 1})",
        "send(:me, :two)",
        "receive do {:one, n} -> n end + (receive do :two -> 10 end)",
        "send(:nobody_is_called_this, :x)",
        "send(42, :x)",
    ]);
    let texts: Vec<&str> = out.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(texts[0], "{:one, 1}");
    assert_eq!(texts[1], ":two");
    assert_eq!(texts[2], "11");
    assert!(texts[3].starts_with("** (ArgumentError)"), "{}", texts[3]);
    assert!(texts[4].starts_with("** (ArgumentError)"), "{}", texts[4]);
}

#[test]
fn a_receive_takes_a_message_already_there_and_leaves_the_others_in_order() {
    let out = run(&[
        "send(self(), :a); send(self(), {:b, 2}); send(self(), :c)",
        "receive do {:b, x} -> x end",
        "[receive do m -> m end, receive do m -> m end]",
        "receive do m -> m after 0 -> :empty end",
    ]);
    let texts: Vec<&str> = out.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(texts[1..], ["2", "[:a, :c]", ":empty"]);
}

#[test]
fn a_remote_capture_is_compiled_to_the_function_it_names() {
    let out = run(&[
        "f = &String.upcase/1",
        "f.(\"ab\")",
        "Enum.map([:a, :b], &Atom.to_string/1)",
        "(&Nope.x/2).(1, 2)",
    ]);
    let texts: Vec<&str> = out.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(texts[0], "&String.upcase/1");
    assert_eq!(texts[1..3], ["\"AB\"", "[\"a\", \"b\"]"]);
    assert!(
        texts[3].starts_with("** (UndefinedFunctionError)"),
        "{}",
        texts[3]
    );
}

#[test]
fn div_and_rem_are_instructions_with_kernels_edges() {
    let out = run(&[
        "defmodule Arith do\n  def r(a, b), do: rem(a, b)\n  def d(a, b), do: div(a, b)\nend",
        "{Arith.r(-7, 2), Arith.d(-7, 2), Arith.r(7, -2), Arith.d(7, -2)}",
        "Arith.d(-9_223_372_036_854_775_808, -1)",
        "Arith.r(-9_223_372_036_854_775_808, -1)",
        "Arith.r(1, 0)",
        "Arith.d(1.0, 2)",
        "Enum.map(1..4, fn x -> rem(x, 2) end)",
    ]);
    assert_eq!(out[1].0, "{-1, -3, 1, -3}");
    assert_eq!(out[2].0, "9223372036854775808");
    assert_eq!(out[3].0, "0");
    for bad in [&out[4].0, &out[5].0] {
        assert_eq!(
            bad,
            "** (ArithmeticError) bad argument in arithmetic expression"
        );
    }
    assert_eq!(out[6].0, "[1, 0, 1, 0]");
}

/// Off the inner loop's fast paths (an overflow, a comparison off small
/// integers, a failed clause, a lambda with captured values, a function
/// written in Rust, the end of a time slice) an instruction runs in full,
/// and the loop goes on after it.
#[test]
fn what_leaves_the_fast_paths_runs_in_full() {
    let out = run(&[
        r#"
defmodule Edge do
  def up(x, n), do: up_by(x, n, 0)
  defp up_by(x, 0, _), do: x
  defp up_by(x, n, i), do: up_by(x + 1, n - 1, i + 1)

  def down(x), do: x - 1
  def small(n) when n < 2, do: :small
  def small(_), do: :big
  def one(1), do: :one
  def forever, do: forever()
  def twice(f, x), do: f.(f.(x))
end
"#,
        "Edge.up(9_223_372_036_854_775_806, 3)",
        "Edge.down(-9_223_372_036_854_775_808)",
        "{Edge.small(1.5), Edge.small(2.5), Edge.small(:atom), Edge.small(1)}",
        "Edge.one(2)",
        "k = 10; Edge.twice(fn x -> x + k end, 1)",
        "Edge.twice(&Kernel.abs/1, -3)",
        "pid = spawn(fn -> Edge.forever() end); Process.exit(pid, :kill); Process.sleep(1); Process.alive?(pid)",
        "Edge.up(1, 3)",
    ]);
    assert_eq!(out[1].0, "9223372036854775809");
    assert_eq!(out[2].0, "-9223372036854775809");
    assert_eq!(out[3].0, "{:small, :big, :big, :small}");
    assert_eq!(
        out[4].0,
        "** (FunctionClauseError) no function clause matching in Edge.one/1"
    );
    assert_eq!(out[5].0, "21");
    assert_eq!(out[6].0, "3");
    assert_eq!(out[7].0, "false");
    assert_eq!(out[8].0, "4");
}

/// The stacktrace, as iex prints its lines, of the error `input` raises.
fn frames_of(input: &str) -> Vec<String> {
    let input = input.to_string();
    block_on(Mode::Deterministic, move |node| async move {
        crate::otp::boot::boot(&node);
        crate::lang::stdlib::load(&node);
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            let ast = crate::lang::parser::parse(&input, 1).expect("parses");
            let e = eval_input(&mut cx, &scope, &mut Env::new(), &ast)
                .await
                .expect_err("raises");
            crate::term::exception::format_stacktrace(&e.stack)
        })
        .await
    })
}

/// A function applied by `Enum` over a list or a range raises through the
/// frames Elixir 1.14's `Enum` shows there (as recorded from iex), below
/// the evaluator's own.
#[test]
fn errors_in_a_function_enum_applies_carry_enums_frames() {
    let eval = "(stdlib 4.2) erl_eval.erl:742: :erl_eval.do_apply/7";
    assert_eq!(
        frames_of(r#"Enum.map([1], fn _ -> raise "x" end)"#),
        [
            eval,
            r#"(elixir 1.14.0) lib/enum.ex:1658: Enum."-map/2-lists^map/1-0-"/2"#
        ]
    );
    assert_eq!(
        frames_of(r#"Enum.each(1..2, fn _ -> raise "x" end)"#),
        [
            eval,
            "(elixir 1.14.0) lib/enum.ex:980: anonymous fn/3 in Enum.each/2",
            "(elixir 1.14.0) lib/enum.ex:4299: Enum.reduce_range/5",
            "(elixir 1.14.0) lib/enum.ex:2472: Enum.each/2",
        ]
    );
    // A descending range runs another loop of the prelude, with the same
    // frames in Elixir (recorded from iex 1.14).
    assert_eq!(
        frames_of(r#"Enum.map(3..1//-1, fn _ -> raise "y" end)"#),
        [
            eval,
            "(elixir 1.14.0) lib/enum.ex:1662: anonymous fn/3 in Enum.map/2",
            "(elixir 1.14.0) lib/enum.ex:4299: Enum.reduce_range/5",
            "(elixir 1.14.0) lib/enum.ex:2472: Enum.map/2",
        ]
    );
    assert_eq!(
        frames_of(r#"Enum.reduce(3..1//-1, 0, fn _, _ -> raise "z" end)"#),
        [
            eval,
            "(elixir 1.14.0) lib/enum.ex:4299: Enum.reduce_range/5"
        ]
    );
    assert_eq!(
        frames_of(r#"Enum.reject(1..2, fn _ -> raise "x" end)"#),
        [
            eval,
            "(elixir 1.14.0) lib/enum.ex:2535: anonymous fn/3 in Enum.reject/2",
            "(elixir 1.14.0) lib/enum.ex:4299: Enum.reduce_range/5",
            "(elixir 1.14.0) lib/enum.ex:2472: Enum.reject/2",
        ]
    );
    assert_eq!(
        frames_of(r#"Enum.reduce([1], 0, fn _, _ -> raise "x" end)"#),
        [
            eval,
            r#"(elixir 1.14.0) lib/enum.ex:2468: Enum."-reduce/3-lists^foldl/2-0-"/3"#
        ]
    );
}

/// How many of the instructions compiled for `src` (with `required`
/// modules required) leave a subtree to the evaluator.
fn fallbacks_in(src: &str, required: &[&str]) -> usize {
    let src = src.to_string();
    let required: Vec<crate::term::Atom> = required
        .iter()
        .map(|m| crate::term::Atom::module(m))
        .collect();
    block_on(Mode::Deterministic, move |node| async move {
        crate::lang::stdlib::load(&node);
        node.run(move |cx| async move {
            let scope = Scope::new("iex", None);
            scope.requires.lock().extend(required);
            let ast = crate::lang::parser::parse(&src, 1).expect("parses");
            let unit = crate::lang::compile::input(&cx, &scope, &[], &ast).expect("compiles");
            unit.codes
                .iter()
                .flat_map(|c| c.ops.iter())
                .filter(|op| matches!(op, crate::lang::compile::code::Op::Fallback { .. }))
                .count()
        })
        .await
    })
}

#[test]
fn raise_struct_literals_and_required_logger_calls_are_compiled() {
    for src in [
        "fn x -> raise \"boom #{x}\" end",
        "fn -> raise ArgumentError, \"bad\" end",
        "fn e, st -> reraise e, st end",
        "fn n -> %Point{x: n, y: n + 1} end",
        "fn -> Logger.info(\"up\") end",
    ] {
        assert_eq!(fallbacks_in(src, &["Logger"]), 0, "{src}");
    }
    // Without `require Logger` the evaluator reports the missing require.
    assert_eq!(fallbacks_in("fn -> Logger.info(\"up\") end", &[]), 1);
}

#[test]
fn comprehensions_with_reduce_and_uniq_are_compiled() {
    for src in [
        "fn xs -> for x <- xs, reduce: 0 do\n  acc -> acc + x\nend end",
        "fn xs -> for x <- xs, y <- xs, x < y, reduce: [] do acc when is_list(acc) -> [x | acc] end end",
        "fn xs -> for x <- xs, uniq: true, do: rem(x, 3) end",
        "fn xs -> for x <- xs, uniq: true, into: %{}, do: {x, x} end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    let out = run(&[
        "for x <- [1, 2, 3, 2, 1], uniq: true, do: x * 10",
        "for x <- [1, 2, 3], y <- [1, 2], reduce: {0, 0} do {a, b} -> {a + x, b + y} end",
    ]);
    assert_eq!(out[0].0, "[10, 20, 30]");
    assert_eq!(out[1].0, "{12, 9}");
}

#[test]
fn directives_at_the_top_of_an_input_are_compiled_with_the_code_after_them() {
    let src =
        "alias String, as: S; import Enum, only: [sum: 1]; fn -> sum([1]) + S.length(\"ab\") end";
    assert_eq!(fallbacks_in(src, &[]), 0);
}

#[test]
fn sigils_are_compiled_and_make_what_the_evaluator_makes() {
    for src in [
        "fn -> ~w(a b)a end",
        "fn x -> ~s(v=#{x}) end",
        "fn -> ~S(a#{b}) end",
        "fn -> ~c(abc) end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    // A charlist or words with interpolations are made from the text.
    assert_eq!(fallbacks_in("fn x -> {~c(a#{x}), ~w(a #{x})a} end", &[]), 0);
    let out = run(&[
        "f = fn x -> {~w(a  b)a, ~w(c d), ~s(v=#{x} \"q\"), ~S(no #{x}), ~c(ab), ~c(a#{x}), ~w(#{x}  y)a} end",
        "f.(1)",
    ]);
    assert_eq!(
        out[1].0,
        r#"{[:a, :b], ["c", "d"], "v=1 \"q\"", "no \#{x}", 'ab', 'a1', [:"1", :y]}"#
    );
}

#[test]
fn captures_bitstrings_and_binding_are_compiled_and_make_what_elixir_makes() {
    for src in [
        "fn -> &is_atom/1 end",
        "fn -> &length/1 end",
        "fn -> &(&1 / 2) end",
        "fn x -> <<x, \"ab\", x::utf8, \"c\"::binary>> end",
        "fn x -> {x, binding()} end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    let out = run(&[
        "defmodule Caps do\n  def twice(x), do: 2 * x\n  def all(l), do: Enum.map(l, &twice/1)\n  def kernel, do: &is_atom/1\nend",
        "Caps.all([1, 2])",
        "Caps.kernel() == (&is_atom/1)",
        "Enum.map([4], &(&1 / 2))",
        "b = fn x -> <<x, \"ab\", 233::utf8, \"c\"::binary>> end",
        "b.(65)",
        "b.(:no)",
        "zed = 1; alpha = 2; _hidden = 3; binding()",
    ]);
    assert_eq!(out[1].0, "[2, 4]");
    assert_eq!(out[2].0, "true");
    assert_eq!(out[3].0, "[2.0]");
    assert_eq!(out[5].0, "\"Aabéc\"");
    assert!(out[6].0.starts_with("** (ArgumentError) "), "{}", out[6].0);
    assert!(
        out[7].0.starts_with("[alpha: 2, b: #Function<") && out[7].0.ends_with(", zed: 1]"),
        "{}",
        out[7].0
    );
}

#[test]
fn every_byte_aligned_bitstring_construction_is_compiled() {
    for src in [
        "fn x -> <<x::16>> end",
        "fn x, n -> <<x::size(n)>> end",
        "fn x, n -> <<x::size(n)-unit(8)-little-signed>> end",
        "fn x -> <<x::integer-little-signed-size(32)>> end",
        "fn x -> {<<x::float>>, <<x::float-32>>, <<x::64-float>>, <<x::float-16-little>>} end",
        "fn x -> {<<x::binary>>, <<x::bytes>>, <<x::binary-size(4)>>, <<x::bitstring>>, <<x::bits>>} end",
        "fn x -> {<<x::utf8>>, <<x::utf16>>, <<x::utf32>>, <<x::utf16-little>>} end",
        "fn x -> <<1::4, x::4, \"abc\"::utf16, <<x>>::binary>> end",
        "fn x, n -> <<x::binary-size(n * 2), n::size(n)-unit(8)>> end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    // What Elixir refuses to compile, the evaluator reports.
    assert_eq!(fallbacks_in("fn x -> <<x::foo>> end", &[]), 1);
}

#[test]
fn compiled_bitstrings_make_what_the_evaluator_makes() {
    let out = run(&[
        "defmodule Bs do\n  def pack(x, n), do: <<x::size(n)-little, 1.5::float-32, x::utf16>>\n  def cut(b, n), do: <<b::binary-size(n), 0::4, 15::4>>\n  def loop(0, acc), do: acc\n  def loop(n, acc), do: loop(n - 1, acc + byte_size(<<n::32, n::float>>))\n  def bad(n), do: <<1::size(n)>>\nend",
        "Bs.pack(258, 16)",
        "Bs.cut(\"hello\", 2)",
        "Bs.loop(100_000, 0)",
        "Bs.bad(:a)",
        "f = fn x, n -> <<x::size(n)>> end",
        "f.(1, 4)",
        "f.(:a, 8)",
    ]);
    assert_eq!(out[1].0, "<<2, 1, 63, 192, 0, 0, 1, 2>>");
    assert_eq!(out[2].0, "<<104, 101, 15>>");
    assert_eq!(out[3].0, "1200000");
    assert!(out[3].1 < 64, "the stack grew to {} registers", out[3].1);
    assert_eq!(
        out[4].0,
        "** (ArgumentError) construction of binary failed: segment 1 of type 'integer': expected a non-negative integer as size but got: :a"
    );
    assert!(out[6].0.contains("4 bits"), "{}", out[6].0);
    assert_eq!(
        out[7].0,
        "** (ArgumentError) construction of binary failed: segment 1 of type 'integer': expected an integer but got: :a"
    );
}

#[test]
fn bitstring_patterns_are_compiled_and_read_as_the_evaluator_reads() {
    for src in [
        "fn <<a::8, rest::binary>> -> {a, rest} end",
        "fn <<x::16-little-signed, _::binary>> -> x end",
        "fn <<c::utf8, rest::binary>> -> {c, rest} end",
        "fn <<n::8, d::binary-size(n), r::bits>> -> {d, r} end",
        "fn n, <<d::binary-size(n), x::float-32, \"!\">> -> {d, x} end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    let out = run(&[
        "defmodule Rd do\n  def sum(<<n::32, rest::binary>>, acc), do: sum(rest, acc + n)\n  def sum(<<>>, acc), do: acc\n  def len(<<n::8, d::binary-size(n), _::binary>>), do: d\n  def len(_), do: :short\nend",
        "Rd.sum(for(i <- 1..100_000, into: <<>>, do: <<i::32>>), 0)",
        "{Rd.len(<<2, \"hi\", 0>>), Rd.len(<<9, \"hi\">>)}",
        "n = 2; <<d::binary-size(n), c::utf8>> = \"hié\"; {d, c}",
        "case <<1, 2>> do <<a, b>> when a < b -> {a, b}; _ -> :no end",
    ]);
    assert_eq!(out[1].0, "5000050000");
    assert!(out[1].1 < 64, "the stack grew to {} registers", out[1].1);
    assert_eq!(out[2].0, "{\"hi\", :short}");
    assert_eq!(out[3].0, "{\"hi\", 233}");
    assert_eq!(out[4].0, "{1, 2}");
}

#[test]
fn compiled_raise_and_struct_literals_behave_as_the_evaluator() {
    let out = run(&[
        "defmodule Pt do\n  @enforce_keys [:x]\n  defstruct [:x, y: 0]\n  def new(x), do: %Pt{x: x}\n  def none, do: %Pt{}\n  def boom(x), do: raise(\"boom #{x}\")\n  def arg, do: raise(ArgumentError, \"bad\")\nend",
        "Pt.new(1)",
        "Pt.none()",
        "Pt.boom(2)",
        "Pt.arg()",
        "try do Pt.boom(3) rescue e -> {e, __STACKTRACE__} end",
    ]);
    assert_eq!(out[1].0, "%Pt{x: 1, y: 0}");
    assert_eq!(
        out[2].0,
        "** (ArgumentError) the following keys must also be given when building struct Pt: [:x]"
    );
    assert_eq!(out[3].0, "** (RuntimeError) boom 2");
    assert_eq!(out[4].0, "** (ArgumentError) bad");
    assert_eq!(
        out[5].0,
        "{%RuntimeError{message: \"boom 3\"}, [{Pt, :boom, 1, [file: 'iex', line: 6]}]}"
    );
}

#[test]
fn a_cast_from_compiled_code_reaches_its_server_by_pid_and_by_a_via_name() {
    let out = run(&[
        "defmodule Counter do
           use GenServer
           def init(n), do: {:ok, n}
           def handle_cast(:bump, n), do: {:noreply, n + 1}
           def handle_call(:get, _from, n), do: {:reply, n, n}
         end",
        // A via module written in Elixir: the cast cannot reach the
        // process without calling its `send/2`, so it goes on as a future.
        "defmodule Names do
           def whereis_name(:c), do: Process.whereis(:the_counter)
           def send(:c, msg), do: Kernel.send(:the_counter, msg)
         end",
        "{:ok, pid} = GenServer.start_link(Counter, 0, name: :the_counter)",
        "Enum.map(1..3, fn _ -> GenServer.cast(pid, :bump) end)",
        "Enum.map(1..2, fn _ -> GenServer.cast({:via, Names, :c}, :bump) end)",
        "GenServer.call(pid, :get)",
    ]);
    assert_eq!(out[3].0, "[:ok, :ok, :ok]");
    assert_eq!(out[4].0, "[:ok, :ok]");
    assert_eq!(out[5].0, "5");
}

#[test]
fn a_cast_callback_that_waits_or_throws_goes_on_as_one_that_returns() {
    let out = run(&[
        "defmodule Slow do
           use GenServer
           def init(n), do: {:ok, n}
           def handle_cast(:sleep, n) do
             Process.sleep(1)
             {:noreply, n + 1}
           end
           def handle_cast(:throw, n), do: throw({:noreply, n + 10})
           def handle_call(:get, _from, n), do: {:reply, n, n}
         end",
        "{:ok, pid} = GenServer.start_link(Slow, 0)",
        "for m <- [:sleep, :throw, :sleep], do: GenServer.cast(pid, m)",
        "GenServer.call(pid, :get)",
    ]);
    assert_eq!(out[2].0, "[:ok, :ok, :ok]");
    assert_eq!(out[3].0, "12");
}

#[test]
fn a_call_callback_that_waits_or_throws_answers_as_one_that_returns() {
    let out = run(&[
        "defmodule Echo do
           use GenServer
           def init(n), do: {:ok, n}
           def handle_call(:slow, _from, n) do
             Process.sleep(1)
             {:reply, {:slow, n}, n + 1}
           end
           def handle_call(:thrown, _from, n), do: throw({:reply, {:thrown, n}, n + 10})
           def handle_call(:get, _from, n), do: {:reply, n, n}
         end",
        "{:ok, pid} = GenServer.start_link(Echo, 0)",
        "for m <- [:slow, :thrown, :get], do: GenServer.call(pid, m)",
    ]);
    assert_eq!(out[2].0, "[{:slow, 0}, {:thrown, 1}, 11]");
}

#[test]
fn an_info_callback_that_waits_or_throws_goes_on_as_one_that_returns() {
    let out = run(&[
        "defmodule Ticks do
           use GenServer
           def init(n), do: {:ok, n}
           def handle_info(:slow, n) do
             Process.sleep(1)
             {:noreply, n + 1}
           end
           def handle_info(:thrown, n), do: throw({:noreply, n + 10})
           def handle_call(:get, _from, n), do: {:reply, n, n}
         end",
        "{:ok, pid} = GenServer.start_link(Ticks, 0)",
        "for m <- [:slow, :thrown, :slow], do: send(pid, m)",
        "GenServer.call(pid, :get)",
    ]);
    assert_eq!(out[2].0, "[:slow, :thrown, :slow]");
    assert_eq!(out[3].0, "12");
}

#[test]
fn adding_or_subtracting_a_literal_leaves_small_integers_only_when_it_must() {
    let out = run(&[
        "defmodule Step do
           def down(x), do: x - 1
           def up(x), do: x + 2
           def far(x), do: x - -2147483648
         end",
        "{Step.down(10), Step.up(-2), Step.down(1.5), Step.far(1)}",
        "{Step.up(9223372036854775807), Step.down(-9223372036854775808)}",
        "Step.down(:a)",
        "Step.up(\"x\")",
    ]);
    assert_eq!(out[1].0, "{9, 0, 0.5, 2147483649}");
    assert_eq!(out[2].0, "{9223372036854775809, -9223372036854775809}");
    assert!(out[3].0.contains("ArithmeticError"), "{}", out[3].0);
    assert!(out[4].0.contains("ArithmeticError"), "{}", out[4].0);
}

#[test]
fn a_loop_that_rotates_its_arguments_keeps_each_one_it_moves() {
    // Each argument but one is made over another parameter: the loop must
    // keep the ones it leaves in place and move the others, heap terms
    // included.
    let out = run(&[
        "defmodule Rot do
           def rot(0, a, b, c), do: {a, b, c}
           def rot(n, a, b, c), do: rot(n - 1, b, c, a)
         end",
        "Rot.rot(5, \"x\", [1], %{})",
        "Rot.rot(3, \"x\", [1], %{})",
    ]);
    assert_eq!(out[1].0, "{%{}, \"x\", [1]}");
    assert_eq!(out[2].0, "{\"x\", [1], %{}}");
}

/// A range in a pattern and `match?/2` are compiled, not left to the
/// evaluator.
#[test]
fn range_patterns_and_match_are_compiled() {
    for src in [
        "fn a..b -> b - a end",
        "fn a..b//s -> {a, b, s} end",
        "fn x -> match?({:ok, _}, x) end",
        "fn x, s -> match?(y when y > s, x) end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
}

const RUNAWAY: &str = r#"
defmodule Runaway do
  def frames_only(n), do: 1 + frames_only(n - 1)
  def registers_too(n), do: n + registers_too(n + 1)
end
"#;

#[test]
fn a_runaway_recursion_that_keeps_nothing_per_level_reaches_the_frame_limit() {
    // The callee's window starts where its caller's does: only frames grow.
    let out = run(&[RUNAWAY, "Runaway.frames_only(1)", "1 + 1"]);
    assert_eq!(
        out[1].0,
        "** (SystemLimitError) a system limit has been reached"
    );
    assert!(
        out[1].1 < 64,
        "{} registers: the frames alone should grow",
        out[1].1
    );
    assert_eq!(out[2].0, "2");
}

#[test]
fn a_runaway_recursion_that_keeps_a_value_per_level_reaches_the_register_limit() {
    let out = run(&[RUNAWAY, "Runaway.registers_too(1)", "1 + 1"]);
    assert_eq!(
        out[1].0,
        "** (SystemLimitError) a system limit has been reached"
    );
    assert!(out[1].1 > super::MAX_FRAMES, "{} registers", out[1].1);
    assert!(out[1].1 <= super::MAX_REGS, "{} registers", out[1].1);
    assert_eq!(out[2].0, "2");
}

const TRIES: &str = r#"
defmodule Tries do
  def safe_div(a, b) do
    try do
      div(a, b)
    rescue
      ArithmeticError -> :infinity
    end
  end

  def deep(0), do: raise(ArgumentError, "bottom")
  def deep(n), do: 1 + deep(n - 1)

  def caught(n) do
    kept = n * 2
    try do
      deep(n)
    rescue
      e in [KeyError, ArgumentError] -> {kept, e.message, length(__STACKTRACE__)}
    end
  end

  def classify(f) do
    try do
      f.()
    rescue
      e in RuntimeError -> {:rescued, e.message}
    catch
      :exit, reason -> {:exited, reason}
      thrown -> {:thrown, thrown}
    else
      {:ok, v} -> {:fine, v}
      other -> {:other, other}
    end
  end

  def refused(f) do
    try do
      f.()
    rescue
      KeyError -> :never
    catch
      :exit, :other -> :never
    end
  end

  def count(0, acc), do: acc
  def count(n, acc) do
    acc = try do
      if rem(n, 3) == 0, do: throw(:skip), else: acc + 1
    catch
      :skip -> acc
    end
    count(n - 1, acc)
  end

  def with_after(pid, f) do
    try do
      f.()
    after
      send(pid, :after_ran)
    end
  end

  def nested do
    try do
      try do
        raise "inner"
      rescue
        e -> raise "again: " <> e.message
      end
    rescue
      e -> e.message
    end
  end

  def reraises do
    try do
      raise "x"
    rescue
      e -> reraise e, __STACKTRACE__
    end
  end

  def waits do
    try do
      receive do
        {:go, v} -> v
      end
    after
      send(self(), :cleaned)
    end
  end
end
"#;

#[test]
fn try_in_a_module_is_compiled_to_handlers_not_left_to_the_evaluator() {
    let fns = [
        "fn -> try do 1 rescue _ -> 2 end end",
        "fn f -> try do f.() rescue e in [ArgumentError] -> e catch k, v -> {k, v} else x -> x after :ok end end",
    ];
    for src in fns {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
}

#[test]
fn an_error_raised_in_a_try_is_rescued_by_its_clauses() {
    let out = run(&[
        TRIES,
        "Tries.safe_div(1, 0)",
        "Tries.safe_div(6, 3)",
        "Tries.caught(3)",
    ]);
    assert_eq!(out[1].0, ":infinity");
    assert_eq!(out[2].0, "2");
    // The four frames of `deep`: `caught`'s own is added as the
    // exception leaves it, if it does.
    assert_eq!(out[3].0, "{6, \"bottom\", 4}");
}

#[test]
fn catch_else_and_reraise_take_each_kind_of_exception_where_elixir_does() {
    let out = run(&[
        TRIES,
        "Tries.classify(fn -> raise \"boom\" end)",
        "Tries.classify(fn -> exit(:bye) end)",
        "Tries.classify(fn -> throw(7) end)",
        "Tries.classify(fn -> {:ok, 1} end)",
        "Tries.classify(fn -> :plain end)",
        "Tries.refused(fn -> raise \"boom\" end)",
        "Tries.refused(fn -> exit(:bye) end)",
        "Tries.refused(fn -> throw(:up) end)",
        "Tries.nested()",
    ]);
    let values: Vec<&str> = out[1..].iter().map(|o| o.0.as_str()).collect();
    assert_eq!(
        values,
        [
            "{:rescued, \"boom\"}",
            "{:exited, :bye}",
            "{:thrown, 7}",
            "{:fine, 1}",
            "{:other, :plain}",
            "** (RuntimeError) boom",
            "** (exit) :bye",
            "** (throw) :up",
            "\"again: inner\"",
        ]
    );
}

#[test]
fn an_exception_raised_again_names_the_try_s_function_once() {
    let out = run(&[
        TRIES,
        "try do Tries.reraises() rescue _ -> Enum.map(__STACKTRACE__, &elem(&1, 1)) end",
        "try do Tries.refused(fn -> throw(:up) end) catch _ -> :ok end",
    ]);
    assert_eq!(out[1].0, "[:reraises]");
    assert_eq!(out[2].0, ":ok");
}

#[test]
fn an_interpolated_charlist_of_bytes_that_are_not_utf8_does_not_panic() {
    let out = run(&["x = <<255>>", "{'a#{x}', ~w(#{x} b)}"]);
    assert!(out[1].0.starts_with('{'), "{}", out[1].0);
}

#[test]
fn a_try_in_each_turn_of_a_tail_recursive_loop_runs_in_constant_space() {
    let out = run(&[TRIES, "Tries.count(300_000, 0)"]);
    assert_eq!(out[1].0, "200000");
    assert!(out[1].1 < 64, "the stack grew to {} registers", out[1].1);
}

#[test]
fn after_runs_on_the_way_out_with_a_value_and_with_an_exception() {
    let out = run(&[
        TRIES,
        "Tries.with_after(self(), fn -> :value end)",
        "receive do :after_ran -> :ran after 0 -> :not_run end",
        "Tries.with_after(self(), fn -> raise \"out\" end)",
        "receive do :after_ran -> :ran after 0 -> :not_run end",
    ]);
    let values: Vec<&str> = out[1..].iter().map(|o| o.0.as_str()).collect();
    assert_eq!(values, [":value", ":ran", "** (RuntimeError) out", ":ran"]);
}

#[test]
fn a_receive_inside_a_try_suspends_the_process_and_after_still_runs() {
    let out = run(&[
        TRIES,
        "me = self()",
        "pid = spawn(fn -> send(me, {:result, Tries.waits(), receive do :cleaned -> :cleaned end}) end)",
        "Process.sleep(10); send(pid, {:go, 42})",
        "receive do {:result, v, c} -> {v, c} after 1000 -> :timeout end",
    ]);
    assert_eq!(out[4].0, "{42, :cleaned}");
}

#[test]
fn not_stepped_ranges_charlists_and_calls_on_a_module_value_are_compiled() {
    for src in [
        "fn x -> not x end",
        "fn a, b -> a..b//2 end",
        "fn x -> 'a#{x}' end",
        "fn m, x -> m.to_string(x) end",
    ] {
        assert_eq!(fallbacks_in(src, &[]), 0, "{src}");
    }
    let out = run(&[
        "f = fn x -> {not (x > 1), Enum.to_list(1..x//3), 'a#{x}'} end",
        "(fn x -> not x end).(1)",
        "f.(7)",
        "g = fn m, x -> m.to_string(x) end",
        "g.(Integer, 42)",
        "g.(%{}, 42)",
        "g.(NoSuch, 1)",
    ]);
    assert_eq!(out[1].0, "** (ArgumentError) argument error");
    assert_eq!(out[2].0, "{false, [1, 4, 7], 'a7'}");
    assert_eq!(out[4].0, "\"42\"");
    assert_eq!(
        out[5].0,
        "** (ArgumentError) you attempted to apply a function on %{}. Modules (the first argument of apply) must always be an atom"
    );
    assert!(
        out[6]
            .0
            .starts_with("** (UndefinedFunctionError) function NoSuch.to_string/1 is undefined"),
        "{}",
        out[6].0
    );
}

#[test]
fn a_require_inside_a_module_function_leaves_it_compiled() {
    let out = run(&[
        "defmodule Req do\n  def log(x) do\n    require Logger\n    Logger.debug(\"x\")\n    {x, not x}\n  end\nend",
        "Req.log(true)",
    ]);
    assert_eq!(out[1].0, "{true, false}");
}

/// A server's callback result is read where the callback left it: in the
/// register it returned, or where a value made in tail position (by a
/// native) was put; a thrown result, and that of a callback that waits,
/// are read as they come back.
#[test]
fn callback_results_are_read_wherever_the_callback_left_them() {
    let server = r#"
defmodule Reads do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_cast(:tuple, n), do: {:noreply, n + 1}
  def handle_cast(:native, n), do: Tuple.append({:noreply}, n + 10)
  def handle_cast(:thrown, n), do: throw({:noreply, n + 100})
  def handle_cast(:waits, n) do
    receive do
      {:add, k} -> {:noreply, n + k}
    end
  end
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_call(:native, _from, n), do: List.to_tuple([:reply, {:was, n}, n * 2])
end
"#;
    let out = run(&[
        server,
        "{:ok, pid} = GenServer.start_link(Reads, 0)",
        "for m <- [:tuple, :native, :thrown, :tuple], do: GenServer.cast(pid, m)",
        "GenServer.call(pid, :get)",
        "GenServer.cast(pid, :waits); send(pid, {:add, 1000}); GenServer.call(pid, :native)",
        "GenServer.call(pid, :get)",
    ]);
    assert_eq!(out[3].0, "112");
    assert_eq!(out[4].0, "{:was, 1112}");
    assert_eq!(out[5].0, "2224");
}
