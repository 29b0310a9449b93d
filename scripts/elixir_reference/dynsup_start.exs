# Real Elixir reference for the riex budget `elixir_dynsup_start_100k`
# (benches/elixir_supervisor.rs): starting 100,000 children of
#
#   defmodule Bench.ElixirWorker do
#     use GenServer
#     def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
#     def init(arg), do: {:ok, arg}
#   end
#
# under one DynamicSupervisor (`strategy: :one_for_one`), each with
# `{:ok, _} = DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, i})`
# from a compiled loop in the caller. Each round starts a fresh supervisor
# (untimed), times the 100,000 starts with :timer.tc, then stops the
# supervisor (untimed). Prints each round and the median.
#
#   elixir scripts/elixir_reference/dynsup_start.exs [n] [rounds]

{n, rounds} =
  case System.argv() do
    [n, r] -> {String.to_integer(n), String.to_integer(r)}
    [n] -> {String.to_integer(n), 5}
    [] -> {100_000, 5}
  end

defmodule Bench.ElixirWorker do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init(arg), do: {:ok, arg}
end

defmodule StartRef do
  def loop(_sup, 0), do: :ok

  def loop(sup, i) do
    {:ok, _} = DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, i})
    loop(sup, i - 1)
  end
end

Process.flag(:trap_exit, true)

times =
  for r <- 1..rounds do
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
    {us, :ok} = :timer.tc(StartRef, :loop, [sup, n])
    IO.puts("round #{r}: #{n} children started in #{Float.round(us / 1.0e6, 3)} s")
    Process.unlink(sup)
    Process.exit(sup, :kill)
    us
  end

median = Enum.at(Enum.sort(times), div(rounds, 2))
IO.puts("ELIXIR-REF elixir_dynsup_start_100k_s #{Float.round(median / 1.0e6, 3)}")
