# Messages: a server process whose `defp loop` receives 100,000 messages,
# then answers how many it got.
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

defmodule CountServer do
  def start, do: spawn(fn -> loop(0) end)

  defp loop(count) do
    receive do
      {:add, n} -> loop(count + n)
      {:get, from} -> send(from, {:count, count})
    end
  end
end

measure.("receive_loop_100k_msgs", {:count, 100_000}, fn ->
  server = CountServer.start()
  Enum.each(1..100_000, fn _ -> send(server, {:add, 1}) end)
  send(server, {:get, self()})

  receive do
    {:count, n} -> {:count, n}
  after
    5_000 -> :no_answer
  end
end)
