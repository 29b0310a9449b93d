# Needs Z (lib/z.ex) at compile time: the struct and a module attribute.
defmodule A do
  @limit Z.limit()

  def new(name), do: %Z{name: name}

  def limit, do: @limit

  def rename(%Z{} = z, name), do: %Z{z | name: name}
end
