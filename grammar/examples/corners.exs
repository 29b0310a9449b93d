# Corner cases checked against Elixir's own parser (Code.string_to_quoted).

foo a, b: 1 do
  :body
end
if foo x do :yes end
x = case y do 1 -> :a end |> f()
!!x
not not x
- -x
a |> b c
@spec foo(integer) :: atom
@type t :: %__MODULE__{a: integer}
def f(a \\ 1, b \\ []), do: {a, b}
quote do: x
x.y.z
x.y(1).z
Foo.Bar.Baz
%{a: %{b: 1}}.a.b
fn x, y when x > y -> x; x, _ -> x end
"a \#{b} #{c}#{d}"
a = %{m | x: 1}
%{m | a: %{m.a | b: 2}}
case x do
  1 when y -> :a
  n when n in [2, 3] -> :b
end
[do: 1, if: 2, else: 3]
[+: 1, -: 2, <>: 3, ++: 4, ==: 5, &&: 6, |>: 7]
import Kernel, except: [+: 2, div: 2]
Enum.map(list, fn {k, v} -> {k, v * 2} end)
x = [1, 2, 3] |> Enum.map(& &1 * 2)
&(&1.name)
& &1.name
a in [1, 2] and b
a = b when c
<<a::16-big-integer, b::binary-size(2)>>
receive do
after
  0 -> :none
end
for <<c <- "abc">>, do: c
%{"a" => 1}["a"]
1 + -1
1 - -1
2 * -x
raise ArgumentError
Logger.info fn -> "x" end
é = 1
a.b.c.d()
__MODULE__.Sub.fun()
foo(1)[:a]
defmodule M do
  @moduledoc """
  Docs.

      indented example
  """
  def f(x) do
    case {x, x} do
      {1, _} -> :one
      {_, 2} ->
        :two
    end
  end
end
Enum.map(list, fn
  {:ok, v} -> v
  {:error, _} -> nil
end)
x = if a do
  1
else
  2
end
{:ok, %{a: 1}} = {:ok, %{a: 1, b: 2}}
[a, b | rest] = list
send(pid, {:"$gen_cast", {:push, 1}})
Map.update!(m, :k, &(&1 + 1))
Enum.reduce(list, %{}, fn x, acc -> Map.update(acc, x, 1, &(&1 + 1)) end)
IO.puts("a" <> to_string(1))
Task.async(fn -> raise "task boom" end) |> Task.await()
String.split("a b", " ", trim: true)
unless x, do: raise("no"), else: :ok
with {:ok, a} <- {:ok, 1}, do: a
try do
  throw(:x)
catch
  x -> x
end
case x do
  %Name{a: a} = s -> {a, s}
  ^y -> :pinned
  [_ | _] -> :list
  <<_::8, _::binary>> -> :bin
  -1 -> :neg
end
fn -> :no_args end.()
Kernel.||(a, b)
is_atom(x) or is_binary(x)
a.(1)
a.()
x |> (&(&1 + 1)).()
~w(one two)
"#{inspect(x, pretty: true)}"
IO.inspect x, label: "x"
Supervisor.start_link(children, strategy: :one_for_one, name: Foo)
[{:a, 1}, b: 2]

# newlines
foo 1 do
  :x
end |> bar
a = b
|> c
x
.y(1)
if a,
  do: b,
  else: c
def f(x),
  do: x
[
  a: 1,
  b: 2
]
fn ->
  1
end
cond do
  a ->
    b
  true -> c
end
foo(
  a,
  b
)
%{
  a: 1
}
case x do

  1 -> 2

end
x =
  y
  |> z
"a" <>
  "b"
Enum.map(
  [1],
  fn x -> x end
)
[1, # a comment
 2]
foo; bar
receive do
  msg ->
    IO.puts msg
end
fn x
   when x > 0 ->
  x
end
with a <- b,
     c <- d do
  {a, c}
end
a and
  b
a
&& b
{
  1,
  2,
}
