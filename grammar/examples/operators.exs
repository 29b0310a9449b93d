# Operators, with Elixir's precedence and associativity.

1 + 2 * 3
(1 + 2) * 3
10 / 4
2 ** 10
-2 ** 2
a - b - c
a ** b ** c
[1, 2, 3] ++ [4] -- [2]
"a" <> "b" <> "c"
a == b
a != b
a === b
a !== b
a =~ ~r/x/
a < b and b <= c or c > d and d >= e
true and false
nil || :default
a && b || c
!a
not a
^pin
x in [1, 2]
x not in [1, 2]
a in b..c
1..10
1..10//2
a..b//c
x |> f()
x |> f() |> g(1)
1..10 |> Enum.map(&(&1 * &1)) |> Enum.sum()
a <<< 1
a >>> 1
a &&& b
a ||| b
a ~> b
a <~ b
a <~> b
a <<~ b
a ~>> b
a +++ b
a --- b
x = 1
x = y = 2
{:ok, pid} = start()
[h | t] = list
%{a: a} = map
<<x::size(8), rest::binary>> = bin
^x = 1
x when is_integer(x)
a :: b
a \\ b
x <- y
a = b || c

# a binary operator may start a line and continue the one before
x
|> f()
|> g()

a =
  1

[1, 2]
++ [3]

# a sign at the start of a line starts a new expression
a
-1

# captures
&Mod.f/1
&f/1
&(&1 + 1)
& &1
& &1 * 2
&Map.get(&1, key)
&{&1, &2}
&[&1]
&+/2
&Kernel.+/2
&Integer.to_string/1
&Process.alive?/1
add = &+/2
add.(1, 2)

# module attributes
@registry
@impl true
@moduledoc false
@doc false
@names [:w_normal, :w_shutdown]
@a.b
