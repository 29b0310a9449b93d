defmodule Greeter do
  @moduledoc "Greets people."

  @doc "Says hello to `name`."
  def hello(name), do: "Hello, #{name}!"

  @doc "Says goodbye."
  def bye(name, punct \\ "."), do: "Bye, #{name}#{punct}"

  defp secret, do: :hidden
  def reveal, do: secret()
end

defmodule MathUtil do
  def double(x), do: x * 2
  defmacro twice(expr), do: quote(do: unquote(expr) * 2)
end
