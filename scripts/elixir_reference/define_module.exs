# Real Elixir reference for the riex budget `define_module_50_functions`
# (benches/elixir_define.rs): the time to evaluate, from its source text, a
# `defmodule` of 50 functions (module_50_functions.ex: multi-clause, guards,
# default arguments, defp), compiled in memory as iex compiles typed input.
#
# Each definition is `Code.eval_string(source)` (parse, expand, compile to
# BEAM in memory, load), with the module renamed `Bench.Defs<i>` so that no
# definition is a redefinition (as in the riex bench). The sources are made
# before timing; after 20 warm-up definitions, `rounds` rounds of `n`
# definitions are timed with :timer.tc and the time per definition printed
# (each round, then the median).
#
#   elixir scripts/elixir_reference/define_module.exs [n] [rounds]

{n, rounds} =
  case System.argv() do
    [n, r] -> {String.to_integer(n), String.to_integer(r)}
    [n] -> {String.to_integer(n), 5}
    [] -> {100, 5}
  end

src = File.read!(Path.join(__DIR__, "module_50_functions.ex"))
source = fn i -> String.replace(src, "defmodule Bench.Defs do", "defmodule Bench.Defs#{i} do") end

defmodule DefineRef do
  def each([]), do: :ok

  def each([s | rest]) do
    {{:module, _, _, _}, _} = Code.eval_string(s, [], file: "iex")
    each(rest)
  end
end

DefineRef.each(Enum.map(1..20, &source.("W#{&1}")))

times =
  for r <- 1..rounds do
    sources = Enum.map(1..n, &source.(r * 1_000_000 + &1))
    {us, :ok} = :timer.tc(DefineRef, :each, [sources])
    per = us / n
    IO.puts("round #{r}: #{n} definitions, #{Float.round(per / 1000, 3)} ms per definition")
    per
  end

median = Enum.at(Enum.sort(times), div(rounds, 2))
IO.puts("ELIXIR-REF define_module_50_functions_ms #{Float.round(median / 1000, 3)}")
