# Recursion: fib(22) by a recursive anonymous fn and by a module function.
# (`elixir` compiles a script's top-level code too, so both are compiled code
# in real Elixir; at iex's prompt the anonymous fn would run in :erl_eval.)
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

defmodule Fib do
  def fib(n) when n < 2, do: n
  def fib(n), do: fib(n - 1) + fib(n - 2)
end

fib = fn
  _f, n when n < 2 -> n
  f, n -> f.(f, n - 1) + f.(f, n - 2)
end

measure.("fib22_fn", 17711, fn -> fib.(fib, 22) end)
measure.("fib22_mod", 17711, fn -> Fib.fib(22) end)
