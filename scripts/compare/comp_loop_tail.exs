# Recursion: a tail-recursive loop of 1,000,000 steps.
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

defmodule Loop do
  def count(0, acc), do: acc
  def count(n, acc), do: count(n - 1, acc + 1)
end

measure.("loop_tail_1m", 1_000_000, fn -> Loop.count(1_000_000, 0) end)
