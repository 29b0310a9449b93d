defmodule Pt do
  defstruct [:x, y: 0]

  def move(p, dx), do: %Pt{p | x: p.x + dx}
  def tag(p), do: %Pt{p | y: :tagged}
end
