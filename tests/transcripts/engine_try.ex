defmodule Tries do
  def safe_div(a, b) do
    try do
      div(a, b)
    rescue
      ArithmeticError -> :infinity
    end
  end

  def deep(0), do: raise(ArgumentError, "bottom")
  def deep(n), do: 1 + deep(n - 1)

  def caught(n) do
    kept = n * 2
    try do
      deep(n)
    rescue
      e in [KeyError, ArgumentError] ->
        {kept, e.message, __STACKTRACE__ |> hd() |> Tuple.delete_at(3)}
    end
  end

  def classify(f) do
    try do
      f.()
    rescue
      e in RuntimeError -> {:rescued, e.message}
      e in ArgumentError -> {:argument, e.message}
    catch
      :exit, reason -> {:exited, reason}
      thrown -> {:thrown, thrown}
    else
      {:ok, v} -> {:fine, v}
      other when is_atom(other) -> {:atom, other}
    end
  end

  def refused(f) do
    try do
      f.()
    rescue
      KeyError -> :never
    catch
      :exit, :other -> :never
    end
  end

  def count(0, acc), do: acc

  def count(n, acc) do
    acc =
      try do
        if rem(n, 3) == 0, do: throw(:skip), else: acc + 1
      catch
        :skip -> acc
      end

    count(n - 1, acc)
  end

  def with_after(f) do
    try do
      f.()
    after
      send(self(), :after_ran)
    end
  end

  def nested do
    try do
      try do
        raise "inner"
      rescue
        e -> raise "again: " <> e.message
      end
    rescue
      e -> e.message
    end
  end

  def waits do
    try do
      receive do
        {:go, v} -> v
      end
    after
      send(self(), :cleaned)
    end
  end

  def double(x), do: 2 * x
  def doubles(list), do: Enum.map(list, &double/1)
  def kernel_capture, do: &is_atom/1
  def bytes(x), do: <<x, "ab", 233::utf8, "c"::binary>>
  def words(x), do: {~w(#{x} b)a, ~c(n#{x}), 'c#{x}'}
  def vars(a, b), do: binding() |> Keyword.put(:sum, a + b)
  def negate(x), do: not x
  def stepped(a, b), do: Enum.to_list(a..b//2)
  def dynamic(m, x), do: m.to_string(x)

  def logs(x) do
    require Logger
    Logger.debug("never shown")
    x
  end
end
