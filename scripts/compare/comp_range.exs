# Ranges: Enum.reduce over 1..1_000_000 with an anonymous fn, written at the
# script's top level (real Elixir runs the fn with :erl_eval) and inside a
# module function (compiled).
#
# Each piece of work runs 5 times, each timed with :timer.tc/1; the script
# prints the median as `RIEX-FIGURE <name> <microseconds>`, after checking
# the result.

measure = fn name, expected, work ->
  times =
    for _ <- 1..5 do
      {us, result} = :timer.tc(work)
      if result != expected, do: raise("#{name}: got #{inspect(result)}")
      us
    end

  IO.puts("RIEX-FIGURE #{name} #{Enum.at(Enum.sort(times), 2)}")
end

defmodule Ranges do
  def sum(n), do: Enum.reduce(1..n, 0, fn x, acc -> acc + x end)
end

measure.("range_reduce_1m", 500_000_500_000, fn ->
  Enum.reduce(1..1_000_000, 0, fn x, acc -> acc + x end)
end)

measure.("range_reduce_1m_mod", 500_000_500_000, fn -> Ranges.sum(1_000_000) end)
