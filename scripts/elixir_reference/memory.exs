# Real Elixir reference for the riex budget
# `memory_per_idle_supervised_elixir_gen_server_bytes` (benches/elixir_memory.rs):
# the memory of one idle GenServer child of
#
#   defmodule Bench.ElixirWorker do
#     use GenServer
#     def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
#     def init(arg), do: {:ok, arg}
#   end
#
# started with `DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, i})`
# under one DynamicSupervisor, 100,000 of them, once they are idle.
#
# Printed three ways, per child:
# - children: `:erlang.process_info(pid, :memory)` summed over the children,
#   divided by their count (the figure compared with riex's);
# - with the supervisor: that plus the growth of the supervisor's own
#   process memory (its children map), as riex's figure counts it;
# - VM total: the growth of `:erlang.memory(:total)`.
#
#   elixir scripts/elixir_reference/memory.exs [n]

n =
  case System.argv() do
    [n] -> String.to_integer(n)
    [] -> 100_000
  end

defmodule Bench.ElixirWorker do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init(arg), do: {:ok, arg}
end

{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
for i <- 1..10, do: {:ok, _} = DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, -i})
:erlang.garbage_collect(sup)
Process.sleep(100)
{:memory, sup_before} = :erlang.process_info(sup, :memory)
total_before = :erlang.memory(:total)
before = MapSet.new(DynamicSupervisor.which_children(sup), fn {_, p, _, _} -> p end)

Enum.each(1..n, fn i -> {:ok, _} = DynamicSupervisor.start_child(sup, {Bench.ElixirWorker, i}) end)
Process.sleep(200)

children =
  for {_, p, _, _} <- DynamicSupervisor.which_children(sup), not MapSet.member?(before, p), do: p

^n = length(children)
total_after = :erlang.memory(:total)
{:memory, sup_after} = :erlang.process_info(sup, :memory)
sum = Enum.reduce(children, 0, fn p, acc -> {:memory, m} = :erlang.process_info(p, :memory); acc + m end)

per = sum / n
IO.puts("#{n} idle children, bytes per child:")
IO.puts("  children (process_info :memory):     #{Float.round(per, 1)}")
IO.puts("  with the supervisor's growth:        #{Float.round(per + (sup_after - sup_before) / n, 1)}")
IO.puts("  VM total (:erlang.memory(:total)):   #{Float.round((total_after - total_before) / n, 1)}")
IO.puts("ELIXIR-REF memory_per_idle_supervised_elixir_gen_server_bytes #{Float.round(per, 1)}")
