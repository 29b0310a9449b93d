defmodule Counter do
  def down(n), do: n - 1
  def up(n), do: n + 1
  def back(n), do: n - -3
  def from_ten(n), do: 10 - n
  def double(n), do: 2 * n
  def scaled(n), do: n * 1.5
  def half(n), do: n / 2
  def sum(a, b), do: a + b
  def quotient(n), do: div(n, 2)

  def guarded(n) do
    try do
      n - 1
    after
      :ok
    end
  end

  def lazy(n), do: fn -> n + 1 end
end
