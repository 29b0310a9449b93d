# The module of the define_module_50_functions budget: 50 functions written
# (47 def, 3 defp; multi-clause, guards, two default arguments), as a user
# types it at the prompt. benches/elixir_define.rs and define_module.exs both
# evaluate this text, with `Bench.Defs` renamed for each definition.

defmodule Bench.Defs do
  @moduledoc "Fifty functions of the kinds a user types at the prompt."
  @limit 100

  def fact(0), do: 1
  def fact(n) when is_integer(n) and n > 0, do: n * fact(n - 1)

  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n) when n > 1, do: fib(n - 1) + fib(n - 2)

  def sign(n) when n < 0, do: :negative
  def sign(0), do: :zero
  def sign(n) when n > 0, do: :positive

  def greet(name, greeting \\ "Hello"), do: "#{greeting}, #{name}!"

  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)

  def len(list), do: do_len(list, 0)
  defp do_len([], acc), do: acc
  defp do_len([_ | t], acc), do: do_len(t, acc + 1)

  def reverse(list), do: do_reverse(list, [])
  defp do_reverse([], acc), do: acc
  defp do_reverse([h | t], acc), do: do_reverse(t, [h | acc])

  def max_of(a, b) when a >= b, do: a
  def max_of(_a, b), do: b

  def min_of(a, b) when a <= b, do: a
  def min_of(_a, b), do: b

  def clamp(x, lo, hi), do: x |> max_of(lo) |> min_of(hi)

  def even?(n) when is_integer(n), do: rem(n, 2) == 0
  def odd?(n) when is_integer(n), do: not even?(n)

  def classify(x) when is_atom(x), do: :atom
  def classify(x) when is_binary(x), do: :string
  def classify(x) when is_integer(x), do: :integer
  def classify(x) when is_float(x), do: :float
  def classify(x) when is_list(x), do: :list
  def classify(x) when is_map(x), do: :map
  def classify(x) when is_tuple(x), do: :tuple
  def classify(_), do: :other

  def area({:circle, r}), do: 3.14159 * r * r
  def area({:rect, w, h}), do: w * h
  def area({:square, s}), do: s * s

  def double(list), do: Enum.map(list, fn x -> x * 2 end)
  def evens(list), do: Enum.filter(list, &even?/1)
  def total(list), do: Enum.reduce(list, 0, &(&1 + &2))
  def squares(n), do: for(i <- 1..n, do: i * i)

  def describe(n) do
    cond do
      n > @limit -> :big
      n > 10 -> :medium
      true -> :small
    end
  end

  def lookup(map, key) do
    case Map.fetch(map, key) do
      {:ok, value} -> value
      :error -> nil
    end
  end

  def put_name(%{} = user, name), do: Map.put(user, :name, name)
  def name_of(%{name: name}), do: name
  def name_of(_), do: nil

  def first([h | _]), do: h
  def first([]), do: nil

  def last([x]), do: x
  def last([_ | t]), do: last(t)

  def swap({a, b}), do: {b, a}

  def zip_sum(xs, ys), do: Enum.zip(xs, ys) |> Enum.map(fn {a, b} -> a + b end)

  def count_down(0), do: [0]
  def count_down(n) when n > 0, do: [n | count_down(n - 1)]

  def repeat(_x, 0), do: []
  def repeat(x, n), do: [x | repeat(x, n - 1)]

  def safe_div(_a, 0), do: {:error, :zero_division}
  def safe_div(a, b), do: {:ok, div(a, b)}

  def parse_bool("true"), do: true
  def parse_bool("false"), do: false
  def parse_bool(_), do: :error

  def shout(s) when is_binary(s), do: String.upcase(s) <> "!"

  def tag(value, tag \\ :ok), do: {tag, value}

  def gcd(a, 0), do: a
  def gcd(a, b), do: gcd(b, rem(a, b))

  def lcm(a, b), do: div(a * b, gcd(a, b))

  def pow(_x, 0), do: 1
  def pow(x, n) when rem(n, 2) == 0, do: square(pow(x, div(n, 2)))
  def pow(x, n), do: x * pow(x, n - 1)
  defp square(x), do: x * x

  def range_sum(a, b) when a <= b, do: Enum.sum(a..b)
  def range_sum(_, _), do: 0

  def keys(map), do: map |> Map.keys() |> Enum.sort()
  def values(map), do: map |> Map.values() |> Enum.sort()

  def flatten_once(lists), do: Enum.flat_map(lists, & &1)

  def palindrome?(s) when is_binary(s), do: s == String.reverse(s)

  def fizzbuzz(n) when rem(n, 15) == 0, do: "FizzBuzz"
  def fizzbuzz(n) when rem(n, 3) == 0, do: "Fizz"
  def fizzbuzz(n) when rem(n, 5) == 0, do: "Buzz"
  def fizzbuzz(n), do: Integer.to_string(n)

  def wrap(x) when is_list(x), do: x
  def wrap(nil), do: []
  def wrap(x), do: [x]

  def ok!({:ok, v}), do: v
  def ok!({:error, reason}), do: raise(ArgumentError, "not ok: #{inspect(reason)}")

  def tally(list), do: Enum.reduce(list, %{}, fn x, acc -> Map.update(acc, x, 1, &(&1 + 1)) end)

  def bump(%{count: c} = state), do: %{state | count: c + 1}

  def between?(x, lo, hi) when x >= lo and x <= hi, do: true
  def between?(_, _, _), do: false

  def limit, do: @limit
end
