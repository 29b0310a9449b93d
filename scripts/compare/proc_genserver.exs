# GenServer: a counter server defined in the script, called 100,000 times
# with GenServer.call; then GenServer.cast 100,000 times followed by one
# call (which waits for the casts to be handled).
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

defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:bump, _from, n), do: {:reply, n + 1, n + 1}

  @impl true
  def handle_cast(:bump, n), do: {:noreply, n + 1}
end

measure.("genserver_call_100k", 100_000, fn ->
  {:ok, pid} = Counter.start_link(0)
  Enum.each(1..99_999, fn _ -> GenServer.call(pid, :bump) end)
  n = GenServer.call(pid, :bump)
  GenServer.stop(pid)
  n
end)

measure.("genserver_cast_100k", 100_001, fn ->
  {:ok, pid} = Counter.start_link(0)
  Enum.each(1..100_000, fn _ -> GenServer.cast(pid, :bump) end)
  n = GenServer.call(pid, :bump)
  GenServer.stop(pid)
  n
end)
