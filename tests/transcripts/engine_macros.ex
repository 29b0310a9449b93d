defmodule Mac do
  defmacro unless_(c, do: block) do
    quote do
      if unquote(c), do: nil, else: unquote(block)
    end
  end

  defmacro twice(e) do
    quote do: unquote(e) * 2
  end

  defmacro quadruple(e) do
    quote do: Mac.twice(Mac.twice(unquote(e)))
  end

  defmacro boom(_) do
    raise "no expansion"
  end

  defmacro bad_call(x) do
    helper(x)
  end

  def helper(_), do: raise(ArgumentError, "bad")
end

defmodule Counter do
  require Mac
  @step 3

  defmacrop bump(x) do
    quote do: unquote(x) + @step
  end

  def step(x), do: bump(x)
  def quad(x), do: Mac.quadruple(x)

  def count(0, acc), do: acc
  def count(n, acc), do: Mac.unless_(n < 0, do: count(n - 1, bump(acc)))

  def listen(n) do
    receive do
      :stop -> n
      _ -> Mac.unless_(false, do: listen(n + 1))
    end
  end

  def doubled(list), do: Enum.map(list, fn x -> Mac.twice(x) end)
end

defmodule Imp do
  def total(list) do
    import Enum, only: [sum: 1]
    sum(list)
  end

  def loop(0, acc), do: acc
  def loop(n, acc) do
    import Integer, only: [is_even: 1]
    if is_even(n), do: loop(n - 1, acc + 1), else: loop(n - 1, acc)
  end

  def late do
    x = max(1, 2)
    import Kernel, except: [max: 2]
    x
  end

  def after_late, do: max(3, 4)

  def dbl(list) do
    import Mac
    Enum.map(list, fn x -> twice(x) end)
  end
end
