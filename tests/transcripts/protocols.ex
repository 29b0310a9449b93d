defprotocol Size do
  @moduledoc "Computes the size of a data structure."

  @doc "Returns the size of the given term"
  def size(data)
end

defimpl Size, for: BitString do
  def size(string), do: byte_size(string)
end

defimpl Size, for: Integer do
  def size(_int), do: 1
end

defimpl Size, for: Map do
  def size(map), do: map_size(map)
end

defimpl Size, for: [List, Tuple] do
  def size(list) when is_list(list), do: length(list)
  def size(tuple), do: tuple_size(tuple)
end

defmodule User do
  defstruct [:name, age: 0]

  defimpl Size do
    def size(_user), do: 2
  end
end

defmodule Plain do
  defstruct [:a, :b]
end

defprotocol Describe do
  @fallback_to_any true
  @doc "Describes a term"
  def describe(term)
end

defimpl Describe, for: Any do
  def describe(_), do: "something"
end

defimpl Describe, for: Integer do
  def describe(n), do: "the integer #{n}"
end

defmodule Tagged do
  @derive [Describe]
  defstruct [:tag]
end
