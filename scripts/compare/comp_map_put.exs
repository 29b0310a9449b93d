# Maps: Map.put of 100,000 integer keys in a reduce, the map growing from
# empty.
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

measure.("map_put_100k", 100_000, fn ->
  map = Enum.reduce(1..100_000, %{}, fn i, acc -> Map.put(acc, i, i * 2) end)
  map_size(map)
end)
