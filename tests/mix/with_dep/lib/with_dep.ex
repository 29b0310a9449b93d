defmodule WithDep do
  def encode(term), do: Jason.encode!(term)
end
