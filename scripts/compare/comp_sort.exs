# Sorting: Enum.sort of 100,000 pseudo-random integers made by a linear
# congruential generator (the same numbers on every run), and Enum.sort_by
# of 100,000 {key, value} tuples.
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

numbers = Enum.scan(1..100_000, 42, fn _, x -> rem(x * 1_103_515_245 + 12_345, 2_147_483_648) end)

measure.("sort_100k", Enum.min(numbers), fn -> hd(Enum.sort(numbers)) end)

pairs = Enum.map(numbers, fn n -> {rem(n, 1000), n} end)
measure.("sort_by_100k_tuples", 100_000, fn -> length(Enum.sort_by(pairs, fn {k, _} -> k end)) end)
