defmodule Extra do
  @moduledoc "An extra module."
  def value, do: 42
end

defmodule Extra.Helper do
  def help, do: :helped
end
