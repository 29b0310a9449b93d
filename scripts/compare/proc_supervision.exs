# Supervision: a DynamicSupervisor starting 10,000 children of a GenServer
# module, and Task.async/Task.await of 10,000 tasks. A fresh supervisor is
# started for each run and stopped after it, outside the timing.
#
# Each piece of work runs 5 times, each timed with :timer.tc/1; the script
# prints the median as `RIEX-FIGURE <name> <microseconds>`.

defmodule Worker do
  use GenServer

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}
end

times =
  for _ <- 1..5 do
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)

    {us, :ok} =
      :timer.tc(fn ->
        Enum.each(1..10_000, fn i -> {:ok, _} = DynamicSupervisor.start_child(sup, {Worker, i}) end)
      end)

    %{active: 10_000} = DynamicSupervisor.count_children(sup)
    DynamicSupervisor.stop(sup)
    us
  end

IO.puts("RIEX-FIGURE dynsup_start_10k #{Enum.at(Enum.sort(times), 2)}")

times =
  for _ <- 1..5 do
    {us, results} =
      :timer.tc(fn ->
        tasks = Enum.map(1..10_000, fn i -> Task.async(fn -> i * 2 end) end)
        Enum.map(tasks, &Task.await/1)
      end)

    100_010_000 = Enum.sum(results)
    us
  end

IO.puts("RIEX-FIGURE task_async_await_10k #{Enum.at(Enum.sort(times), 2)}")
