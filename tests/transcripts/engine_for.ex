defmodule Tally do
  def count_words(words) do
    for w <- words, reduce: %{} do
      acc -> Map.update(acc, w, 1, &(&1 + 1))
    end
  end

  def distinct_squares(n), do: for(x <- -n..n, uniq: true, do: x * x)

  def pairs(n) do
    for x <- 1..n, y <- 1..n, x < y, reduce: 0 do
      acc when acc >= 0 -> acc + 1
    end
  end
end
