defmodule Shapes do
  def area({:square, s}), do: s * s
  def area({:rect, w, h}), do: w * h
  def area({:circle, r}) when is_number(r), do: 3 * r * r

  def classify(x) when is_integer(x) and x > 0, do: :positive
  def classify(0), do: :zero
  def classify(x) when is_integer(x), do: :negative

  def greet(name, greeting \\ "Hello") do
    "#{greeting}, #{name}#{suffix()}"
  end

  def double(x) do
    helper(x) * 2
  end

  defp helper(x), do: x + 0
  defp suffix, do: "!"
end
