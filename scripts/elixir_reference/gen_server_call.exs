# Real Elixir reference for the riex budget `elixir_gen_server_call_round_trip`
# (benches/elixir_gen_server_call.rs): one `GenServer.call(pid, :get)` round
# trip, default 5 s timeout, to an idle server of
#
#   defmodule Counter do
#     use GenServer
#     def init(n), do: {:ok, n}
#     def handle_call(:get, _from, n), do: {:reply, n, n}
#   end
#
# started with `GenServer.start_link(Counter, 0)`. The caller's loop is a
# compiled function (not the script's interpreted top level). After a warm-up,
# `rounds` rounds of `n` calls are timed with :timer.tc; prints the time per
# call of each round and the median.
#
#   elixir scripts/elixir_reference/gen_server_call.exs [n] [rounds]

{n, rounds} =
  case System.argv() do
    [n, r] -> {String.to_integer(n), String.to_integer(r)}
    [n] -> {String.to_integer(n), 5}
    [] -> {1_000_000, 5}
  end

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
end

defmodule CallRef do
  def loop(_pid, 0), do: :ok

  def loop(pid, k) do
    0 = GenServer.call(pid, :get)
    loop(pid, k - 1)
  end
end

{:ok, pid} = GenServer.start_link(Counter, 0)
CallRef.loop(pid, 100_000)

times =
  for r <- 1..rounds do
    {us, :ok} = :timer.tc(CallRef, :loop, [pid, n])
    per = us * 1000 / n
    IO.puts("round #{r}: #{n} calls, #{Float.round(per, 1)} ns per call")
    per
  end

median = Enum.at(Enum.sort(times), div(rounds, 2))
IO.puts("ELIXIR-REF elixir_gen_server_call_round_trip_ns #{Float.round(median, 1)}")
