# Messages: a ping-pong of 100,000 messages between two processes (50,000
# round trips).
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

defmodule PingPong do
  def pong do
    receive do
      {:ping, from} ->
        send(from, :pong)
        pong()

      :stop ->
        :ok
    end
  end

  def ping(_pid, 0), do: :ok

  def ping(pid, n) do
    send(pid, {:ping, self()})

    receive do
      :pong -> ping(pid, n - 1)
    end
  end
end

measure.("ping_pong_100k_msgs", :ok, fn ->
  pid = spawn(&PingPong.pong/0)
  PingPong.ping(pid, 50_000)
  send(pid, :stop)
  :ok
end)

