# Calls with and without parentheses, local, remote and anonymous.

self()
flush
flush()
send pid, msg
send(self(), :hello)
send wid, {:store, "foo", "bar"}
IO.puts "x"
IO.puts("x")
IO.puts -1
DynamicSupervisor.which_children Sup
start_child "worker_1"
foo a, b
foo a, b: 1
foo(a, b: 1, c: 2)
foo(a: 1)
foo(a: 1,)
foo bar 1, 2
foo(bar 1, 2)
x = foo 1, 2
raise "custom error"
raise ArgumentError, message: "bad"
String.upcase("a")
:erlang.error(:foo)
:global.whereis_name("train:A13")
mod_var.fun(1)
map.key
%{name: "x"}.name
Mod.fun
Mod.fun()
Kernel.+(1, 2)
Foo.Bar.baz(1).qux
Supervisor.child_spec(KV.Bucket, []).restart
Supervisor.child_spec({Agent, fn -> :temp end}, restart: :temporary)
f.(x)
square.(5)
f.(1).(2)
(fn x -> x end).(1)
fn x -> x end.(1)
1 |> (fn x -> x end).()
x[1]
x[1][2]
map[:key]
@attr[:key]
__MODULE__
__MODULE__.Sub
%__MODULE__{}
alias Foo.{A, B}
alias DynamicSupervisorWithRegistry.Worker
require Logger
import Enum, only: [map: 2]
use Agent, restart: :temporary
Logger.info("with metadata", user_id: 42)
Enum.map([1, 2, 3], fn x -> x * 2 end)
Enum.reduce(1..10, 0, fn x, acc -> x + acc end)
Enum.filter(1..10, &(rem(&1, 2) == 0))
Enum.map(1..12, fn i -> {i, String.duplicate("x", i)} end)
v()
v(1)
h()
pid("0.108.0")

# a dot may end a line: the next line continues the call
DynamicSupervisorWithRegistry.Worker.
GenServer.cast(pid, :work)

# containers
[]
[1, 2, 3]
[1, 2,]
[h | t]
[1, 2 | t]
[a: 1, b: 2]
["b c": 2, "d": 3]
[1, a: 1]
[{:a, 1}, {"b", 2}]
[
  1,
  2
]
{}
{1, :two, "three", 4.0}
{1, 2,}
{Mod, name: x}
{ DynamicSupervisorWithRegistry.WorkerSupervisor, [] }
%{}
%{a: 1, b: 2}
%{"b" => 2, 3 => [4], a: 1}
%{a => 1, b: 2}
%{m | a: 2}
%{m | "a" => 1, b: 2}
%{a: 1,}
%{a: 1,
  b: 2}
%Name{}
%Name{a: 1}
%Name{s | a: 1}
%A.B{c: 1}
%x{}
<<>>
<<1, 2, 3>>
<<104, 105>>
<<x::size(8), rest::binary>>
<<a::binary-size(4), b::utf8>>
<<"abc", 0>>
()
(a; b)
(
  a
  b
)
