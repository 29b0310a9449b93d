# Spawning: 10,000 and 100,000 processes, each sending one message back to
# the parent and exiting; the time runs until the parent has all the
# messages.
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

spawn_and_wait = fn n ->
  parent = self()
  Enum.each(1..n, fn _ -> spawn(fn -> send(parent, :done) end) end)

  Enum.each(1..n, fn _ ->
    receive do
      :done -> :ok
    end
  end)
end

measure.("spawn_10k", :ok, fn -> spawn_and_wait.(10_000) end)
measure.("spawn_100k", :ok, fn -> spawn_and_wait.(100_000) end)
