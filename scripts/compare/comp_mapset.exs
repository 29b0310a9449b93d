# MapSets: MapSet.put of 50,000 integers in a reduce, then MapSet.member?
# of 100,000 integers (half of them in the set).
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

measure.("mapset_put_50k", 50_000, fn ->
  set = Enum.reduce(1..50_000, MapSet.new(), fn i, acc -> MapSet.put(acc, i) end)
  MapSet.size(set)
end)

set = MapSet.new(1..50_000)

measure.("mapset_member_100k", 50_000, fn ->
  Enum.count(1..100_000, fn i -> MapSet.member?(set, i) end)
end)
