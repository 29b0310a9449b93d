# Binaries: appending one byte 100,000 times with `acc <> "x"`, and building
# a list of 100,000 interpolated strings.
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

measure.("binary_append_100k", 100_000, fn ->
  bin = Enum.reduce(1..100_000, "", fn _, acc -> acc <> "x" end)
  byte_size(bin)
end)

measure.("interpolate_100k", 100_000, fn ->
  items = Enum.map(1..100_000, fn i -> "item #{i}" end)
  length(items)
end)
