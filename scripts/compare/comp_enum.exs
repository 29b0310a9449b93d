# Enum and Stream pipelines: 1..300_000 through Enum.map, Enum.filter and
# Enum.sum, then the same through Stream.map and Stream.filter.
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

measure.("enum_pipeline_300k", 30_000_300_000, fn ->
  1..300_000
  |> Enum.map(fn x -> x * 2 end)
  |> Enum.filter(fn x -> rem(x, 3) == 0 end)
  |> Enum.sum()
end)

measure.("stream_pipeline_300k", 30_000_300_000, fn ->
  1..300_000
  |> Stream.map(fn x -> x * 2 end)
  |> Stream.filter(fn x -> rem(x, 3) == 0 end)
  |> Enum.sum()
end)
