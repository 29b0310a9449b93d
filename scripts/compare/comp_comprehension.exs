# Comprehensions: two generators over 1..300 with a filter, building tuples.
#
# The work runs 5 times, each timed with :timer.tc/1; the script prints the
# median as `RIEX-FIGURE <name> <microseconds>`, after checking the result.

measure = fn name, expected, work ->
  times =
    for _ <- 1..5 do
      {us, result} = :timer.tc(work)
      if result != expected, do: raise("#{name}: got #{inspect(result)}")
      us
    end

  IO.puts("RIEX-FIGURE #{name} #{Enum.at(Enum.sort(times), 2)}")
end

measure.("for_300x300_filter", 23_436, fn ->
  pairs = for x <- 1..300, y <- 1..300, rem(x * y, 7) == 0, do: {x, y}
  length(pairs)
end)
