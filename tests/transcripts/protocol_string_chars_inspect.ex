defmodule Person do
  defstruct [:name, :age]
end

defmodule Pet do
  defstruct [:name, kind: :dog]
end

defimpl String.Chars, for: Person do
  def to_string(person), do: "#{person.name} (#{person.age})"
end

defimpl Inspect, for: Person do
  import Inspect.Algebra

  def inspect(p, opts) do
    concat(["#Person<", to_doc(p.name, opts), ">"])
  end
end
