# Module-level definitions beyond def/defp: what riex's `defmodule` reads.

defmodule Shapes do
  @moduledoc "Areas of shapes."
  @pi 3.14159

  @doc "The area of a shape."
  @spec area(tuple()) :: number()
  def area({:circle, r}) when is_number(r), do: @pi * r * r
  def area({:rect, w, h}), do: w * h

  def scale(shape, factor \\ 2)
  def scale({:rect, w, h}, f), do: {:rect, w * f, h * f}

  defdelegate count(list), to: Enum
end

defmodule Account do
  @enforce_keys [:id]
  @derive [Describe]
  defstruct [:id, owner: nil, balance: 0]
end

defmodule NotFound do
  defexception [:key]

  @impl true
  def message(%{key: key}), do: "key #{inspect(key)} not found"
end

defprotocol Describe do
  @fallback_to_any true
  def describe(x)
end

defimpl Describe, for: [Integer, Float] do
  def describe(n), do: "number #{n}"
end

defimpl Describe, for: Any do
  def describe(_), do: "something"
end

defmodule Macros do
  defmacro twice(expr), do: quote(do: unquote(expr) * 2)

  defmacro __using__(opts) do
    quote do
      import Macros
      @greeting unquote(Keyword.get(opts, :greeting, "hi"))
      def greet, do: @greeting
      def all(list), do: [unquote_splicing([1, 2]) | list]
    end
  end
end

defmodule UsesMacros do
  use Macros, greeting: "hello"
  require Macros
  alias Shapes, as: S
  alias Enum.{Map, Set}
  import List, only: [first: 1]

  def doubled(x), do: Macros.twice(x)
  def first_area(list), do: list |> first() |> S.area()

  def safe(f) do
    f.()
  rescue
    e in [ArgumentError, KeyError] -> {:error, e}
  catch
    :exit, reason -> {:exit, reason}
  after
    :ok
  end
end
