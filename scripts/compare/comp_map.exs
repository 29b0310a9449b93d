# Maps: Map.get of 100,000 integer keys, and Map.update in a reduce
# (counting 100,000 numbers by their residue mod 1000).
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

map = Map.new(1..100_000, fn i -> {i, i * 2} end)

measure.("map_get_100k", 10_000_100_000, fn ->
  Enum.reduce(1..100_000, 0, fn i, acc -> acc + Map.get(map, i) end)
end)

measure.("map_update_100k", 1000, fn ->
  counts =
    Enum.reduce(1..100_000, %{}, fn i, acc -> Map.update(acc, rem(i, 1000), 1, &(&1 + 1)) end)

  map_size(counts)
end)
