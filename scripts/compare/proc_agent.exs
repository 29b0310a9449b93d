# Agents: Agent.update 50,000 times on one agent, then Agent.get.
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

measure.("agent_update_50k", 50_000, fn ->
  {:ok, agent} = Agent.start_link(fn -> 0 end)
  Enum.each(1..50_000, fn _ -> Agent.update(agent, fn n -> n + 1 end) end)
  count = Agent.get(agent, fn n -> n end)
  Agent.stop(agent)
  count
end)
