defmodule Safe do
  def to_int(x) do
    String.to_integer(x)
  rescue
    e in ArgumentError -> {:error, e.message}
  end

  def divide(a, b) do
    {:ok, div(a, b)}
  rescue
    ArithmeticError -> :division_by_zero
  end

  def find(list, target) do
    Enum.each(list, fn x -> if x == target, do: throw({:found, x}) end)
    :not_found
  catch
    {:found, x} -> {:ok, x}
  end

  def with_after(pid, f) do
    f.()
  after
    send(pid, :cleaned_up)
  end

  def kinds(f) do
    f.()
  catch
    kind, value -> {kind, value}
  end

  def outer(x), do: middle(x) + 1
  defp middle(x), do: inner(x) * 2
  defp inner(x) do
    if x < 0, do: raise(ArgumentError, "negative: #{x}"), else: x
  end

  def reraise_it(x) do
    outer(x)
  rescue
    e in ArgumentError -> reraise RuntimeError, "wrapped: " <> e.message, __STACKTRACE__
  end
end
