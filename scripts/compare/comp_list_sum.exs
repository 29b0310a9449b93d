# Recursion: a body-recursive sum of a 100,000-element list (100,000 calls
# deep).
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

defmodule ListSum do
  def sum([]), do: 0
  def sum([x | rest]), do: x + sum(rest)
end

list = Enum.to_list(1..100_000)
measure.("list_sum_body_100k", 5_000_050_000, fn -> ListSum.sum(list) end)
