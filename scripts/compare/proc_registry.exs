# Registry: one process registers 10,000 keys in a unique Registry, then
# 100,000 Registry.lookup calls on them. A fresh registry is started for each
# run and stopped after it, outside the timing.
#
# Each piece of work runs 5 times, each timed with :timer.tc/1; the script
# prints the medians as `RIEX-FIGURE <name> <microseconds>`.

# Registering links this process to the registry, which exits with :shutdown
# when stopped: trap exits so that it does not take the script down with it.
Process.flag(:trap_exit, true)

results =
  for run <- 1..5 do
    name = :"bench_registry_#{run}"
    {:ok, _} = Registry.start_link(keys: :unique, name: name)

    {register_us, :ok} =
      :timer.tc(fn ->
        Enum.each(1..10_000, fn i -> {:ok, _} = Registry.register(name, i, nil) end)
      end)

    me = self()

    {lookup_us, :ok} =
      :timer.tc(fn ->
        Enum.each(1..100_000, fn i -> [{^me, nil}] = Registry.lookup(name, rem(i, 10_000) + 1) end)
      end)

    Supervisor.stop(name)
    {register_us, lookup_us}
  end

median = fn times -> Enum.at(Enum.sort(times), 2) end
IO.puts("RIEX-FIGURE registry_register_10k #{median.(Enum.map(results, &elem(&1, 0)))}")
IO.puts("RIEX-FIGURE registry_lookup_100k #{median.(Enum.map(results, &elem(&1, 1)))}")
