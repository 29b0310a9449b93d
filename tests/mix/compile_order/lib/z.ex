defmodule Z do
  defstruct name: nil, size: 0

  def limit, do: 10
end
