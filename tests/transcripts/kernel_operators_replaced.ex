defmodule Ops do
  def a + b, do: {:plus, a, b}
end

defmodule UseOps do
  import Kernel, except: [+: 2]
  import Ops
  def f(x), do: 2 + x
  def g(x), do: x + 1
end

defmodule Own do
  import Kernel, except: [-: 2]
  def a - b, do: {:minus, a, b}
  def h(x), do: x - 1
  def k(x), do: x * 2
end
