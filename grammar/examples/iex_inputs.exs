# Every input typed in the oracle transcripts (inputs.iex of each case) that is
# valid Elixir, in order, then the shell sessions of the seed tutorials.
# A multi-line input spans several lines, as typed.

# agent_basics
{:ok, agent} = Agent.start_link(fn -> [] end)
Agent.update(agent, fn list -> ["eggs" | list] end)
Agent.get(agent, fn list -> list end)
Agent.get_and_update(agent, fn list -> {length(list), ["milk" | list]} end)
Agent.cast(agent, fn list -> ["bread" | list] end)
Agent.get(agent, & &1)
Agent.get(agent, &Enum.count/1)
{:ok, named} = Agent.start_link(fn -> 0 end, name: :counter)
Agent.update(:counter, &(&1 + 10))
Agent.get(:counter, & &1)
Agent.start_link(fn -> 0 end, name: :counter)
Agent.stop(agent)
Process.alive?(agent)
Agent.get(agent, & &1)
Agent.stop(:counter, :normal)
Process.whereis(:counter)

# agent_stop_linked
self()
{:ok, a} = Agent.start_link(fn -> 1 end)
Agent.stop(a, :normal)
self()
{:ok, b} = Agent.start_link(fn -> 2 end)
Agent.stop(b, :shutdown)
self()
binding()
{:ok, c} = Agent.start(fn -> 3 end)
Agent.stop(c, :shutdown)
Process.alive?(c)
self()

# dynsup_extra_arguments
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: [:pool])
{:ok, w} = DynamicSupervisor.start_child(sup, {Extra.Worker, 42})
Agent.get(w, & &1)
{:ok, w2} = DynamicSupervisor.start_child(sup, %{id: :x, start: {Extra.Worker, :start_link, [:other]}})
Agent.get(w2, & &1)
DynamicSupervisor.start_child(sup, {Agent, fn -> 1 end})
DynamicSupervisor.count_children(sup)
DynamicSupervisor.which_children(sup)

# dynsup_max_children
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 2)
{:ok, a} = DynamicSupervisor.start_child(sup, {Agent, fn -> :a end})
{:ok, b} = DynamicSupervisor.start_child(sup, {Agent, fn -> :b end})
DynamicSupervisor.start_child(sup, {Agent, fn -> :c end})
DynamicSupervisor.count_children(sup)
DynamicSupervisor.which_children(sup)
DynamicSupervisor.terminate_child(sup, a)
DynamicSupervisor.terminate_child(sup, a)
Process.alive?(a)
DynamicSupervisor.count_children(sup)
{:ok, c} = DynamicSupervisor.start_child(sup, {Agent, fn -> :c end})
Agent.get(c, & &1)
DynamicSupervisor.which_children(sup)
DynamicSupervisor.stop(sup)
Process.alive?(b)

# dynsup_restart_types
{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, name: Dyn.Sup)
{:ok, perm} = DynamicSupervisor.start_child(Dyn.Sup, {Agent, fn -> :perm end})
{:ok, temp} = DynamicSupervisor.start_child(Dyn.Sup, Supervisor.child_spec({Agent, fn -> :temp end}, restart: :temporary))
{:ok, trans} = DynamicSupervisor.start_child(Dyn.Sup, Supervisor.child_spec({Agent, fn -> :trans end}, restart: :transient))
DynamicSupervisor.which_children(Dyn.Sup)
Process.exit(perm, :kill); Process.exit(temp, :kill); Process.exit(trans, :kill); Process.sleep(200)
DynamicSupervisor.count_children(Dyn.Sup)
DynamicSupervisor.which_children(Dyn.Sup) |> Enum.map(fn {_, pid, _, _} -> Agent.get(pid, & &1) end) |> Enum.sort()
Enum.map([perm, temp, trans], &Process.alive?/1)
[p | _] = for {_, pid, _, _} <- DynamicSupervisor.which_children(Dyn.Sup), Agent.get(pid, & &1) == :trans, do: pid
Agent.stop(p, :normal); Process.sleep(100)
DynamicSupervisor.which_children(Dyn.Sup) |> Enum.map(fn {_, pid, _, _} -> Agent.get(pid, & &1) end)

# genserver_basics
{:ok, pid} = Stack.start_link([:a])
GenServer.call(Stack, :peek)
GenServer.cast(Stack, {:push, :b})
GenServer.call(pid, :peek)
GenServer.call(Stack, :pop)
send(Stack, :hello); Process.sleep(50)
send(pid, {:tuple, 1}); Process.sleep(50)
GenServer.call(Stack, :peek)
Stack.start_link([:z])
GenServer.stop(Stack); Process.sleep(50)
Process.alive?(pid)
GenServer.whereis(Stack)

# genserver_names
{:ok, pid} = Agent.start_link(fn -> 0 end, name: :shared)
Agent.start_link(fn -> 0 end, name: :shared)
Process.whereis(:shared) == pid
Process.register(self(), :shell_proc)
Process.whereis(:shell_proc) == self()
send(:shell_proc, :hi)
flush()
send(:nobody_here, :hi)
Process.register(self(), :shared)
Process.unregister(:shell_proc)
Process.whereis(:shell_proc)
GenServer.start_link(Agent.Server, fn -> 0 end, name: "string name")
{:ok, g} = Agent.start(fn -> :g end, name: {:global, :gname})
Agent.get({:global, :gname}, & &1)
:global.whereis_name(:gname) == g
:global.whereis_name(:missing)

# logger_shell
Logger.info("not required yet")
require Logger
Logger.info("hello from the shell"); Process.sleep(50)
Logger.warning("careful"); Process.sleep(50)
Logger.error("bad things"); Process.sleep(50)
Logger.debug("tiny detail"); Process.sleep(50)
Logger.warn("old style warn"); Process.sleep(50)
Logger.notice("a notice"); Process.sleep(50)
Logger.info("with metadata", user_id: 42); Process.sleep(50)
Logger.info(fn -> "lazy message" end); Process.sleep(50)
Logger.info("multi\nline"); Process.sleep(50)
Logger.level()
Logger.configure(level: :warning)
Logger.info("this is filtered")
Logger.warning("this is shown"); Process.sleep(50)
Logger.configure(level: :debug)

# process_linked_shell_crash
self()
x = 10
spawn_link(fn -> raise "linked crash" end); Process.sleep(100)
self()
binding()
spawn_link(fn -> exit(:normal) end); Process.sleep(100)
self()
spawn_link(fn -> exit(:custom) end); Process.sleep(100)
self()
Process.exit(self(), :kill)
self()

# process_monitor_link
pid = spawn(fn -> receive do :stop -> :ok end end)
ref = Process.monitor(pid)
send(pid, :stop); Process.sleep(50)
flush()
Process.monitor(pid)
flush()
pid2 = spawn(fn -> Process.sleep(:infinity) end)
ref2 = Process.monitor(pid2)
Process.demonitor(ref2)
Process.exit(pid2, :kill); Process.sleep(50)
flush()
Process.flag(:trap_exit, true)
spawn_link(fn -> exit(:boom) end); Process.sleep(50)
flush()
spawn_link(fn -> :ok end); Process.sleep(50)
flush()
p3 = spawn(fn -> Process.sleep(:infinity) end)
Process.link(p3)
Process.exit(p3, :custom); Process.sleep(50)
flush()
Process.flag(:trap_exit, false)

# process_raise_report
spawn(fn -> raise "boom" end); Process.sleep(100)
spawn(fn -> raise ArgumentError, "bad arg" end); Process.sleep(100)
spawn(fn -> exit(:boom) end); Process.sleep(100)
spawn(fn -> throw(:ball) end); Process.sleep(100)
spawn(fn -> :erlang.error(:badarith) end); Process.sleep(100)
spawn(fn -> exit(:normal) end); Process.sleep(100)
spawn(fn -> Map.fetch!(%{}, :missing) end); Process.sleep(100)
1 + 1

# process_spawn_send_receive
self()
pid = spawn(fn -> 1 + 1 end)
Process.sleep(50); Process.alive?(pid)
send(self(), :hello)
receive do
  :hello -> "got hello"
end
receive do
  msg -> msg
after
  100 -> :timeout
end
echo = spawn(fn -> receive do {from, msg} -> send(from, {:echo, msg}) end end)
send(echo, {self(), "ping"})
receive do {:echo, m} -> m after 1000 -> :no_reply end
send(self(), {:a, 1}); send(self(), {:b, 2}); send(self(), :c)
Process.info(self(), :message_queue_len)
flush()
flush()
Process.alive?(self())

# registry_unique
{:ok, _} = Registry.start_link(keys: :unique, name: MyReg)
Registry.register(MyReg, "alice", :meta_a)
Registry.register(MyReg, "alice", :again)
Registry.lookup(MyReg, "alice")
Registry.register(MyReg, "bob", 42)
Registry.keys(MyReg, self())
Registry.count(MyReg)
Registry.unregister(MyReg, "alice")
Registry.lookup(MyReg, "alice")
Registry.keys(MyReg, self())
pid = spawn(fn -> Registry.register(MyReg, "carol", :c); receive do :stop -> :ok end end)
Process.sleep(50); Registry.lookup(MyReg, "carol")
Registry.register(MyReg, "carol", :mine)
send(pid, :stop); Process.sleep(100)
Registry.lookup(MyReg, "carol")
Registry.count(MyReg)
Registry.update_value(MyReg, "bob", &(&1 + 1))
Registry.lookup(MyReg, "bob")
Registry.lookup(NoSuchRegistry, "x")

# registry_via
{:ok, _} = Registry.start_link(keys: :unique, name: Names)
name = {:via, Registry, {Names, "counter"}}
{:ok, pid} = Agent.start(fn -> 0 end, name: name)
Agent.start(fn -> 0 end, name: name)
Agent.update(name, &(&1 + 1))
Agent.get(name, & &1)
Registry.lookup(Names, "counter") == [{pid, nil}]
GenServer.whereis(name) == pid
{:ok, p2} = Agent.start(fn -> :with_value end, name: {:via, Registry, {Names, "valued", :my_value}})
Registry.lookup(Names, "valued") == [{p2, :my_value}]
Process.exit(pid, :kill); Process.sleep(100)
Registry.lookup(Names, "counter")
Agent.get(name, & &1)
Registry.count(Names)
Registry.select(Names, [{{:"$1", :_, :"$3"}, [], [{{:"$1", :"$3"}}]}])
Registry.keys(Names, p2)

# restart_intensity_linked
children = [%{id: :counter, start: {Agent, :start_link, [fn -> 0 end, [name: :counter]]}}]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, max_restarts: 2, max_seconds: 5, name: Intensity.Sup)
self()
Process.exit(Process.whereis(:counter), :kill); Process.sleep(100)
Process.exit(Process.whereis(:counter), :kill); Process.sleep(100)
Supervisor.count_children(Intensity.Sup)
Process.exit(Process.whereis(:counter), :kill); Process.sleep(100)
self()
Process.whereis(Intensity.Sup)
Process.whereis(:counter)
binding()

# restart_permanent
{:ok, sup} = Supervisor.start_link(RT.children(:permanent), strategy: :one_for_one, max_restarts: 10)
before = RT.pids()
GenServer.cast(:w_normal, {:stop, :normal}); Process.sleep(100)
GenServer.cast(:w_shutdown, {:stop, :shutdown}); Process.sleep(100)
GenServer.cast(:w_shutdown_x, {:stop, {:shutdown, :x}}); Process.sleep(100)
GenServer.cast(:w_raise, :raise); Process.sleep(100)
Process.exit(Process.whereis(:w_kill), :kill); Process.sleep(100)
RT.status(before)
Supervisor.which_children(sup)
Supervisor.count_children(sup)

# restart_temporary
{:ok, sup} = Supervisor.start_link(RT.children(:temporary), strategy: :one_for_one, max_restarts: 10)
before = RT.pids()
GenServer.cast(:w_normal, {:stop, :normal}); Process.sleep(100)
GenServer.cast(:w_shutdown, {:stop, :shutdown}); Process.sleep(100)
GenServer.cast(:w_shutdown_x, {:stop, {:shutdown, :x}}); Process.sleep(100)
GenServer.cast(:w_raise, :raise); Process.sleep(100)
Process.exit(Process.whereis(:w_kill), :kill); Process.sleep(100)
RT.status(before)
Supervisor.which_children(sup)
Supervisor.count_children(sup)

# seed_kv
{:ok, sup} = KV.Supervisor.start_link(name: KV.Supervisor)
Supervisor.which_children(KV.Supervisor)
{:ok, bucket} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
KV.Bucket.put(bucket, "eggs", 3)
KV.Bucket.get(bucket, "eggs")
KV.Registry.create(KV.Registry, "shopping")
{:ok, shopping} = KV.Registry.lookup(KV.Registry, "shopping")
KV.Bucket.put(shopping, "milk", 1)
KV.Bucket.get(shopping, "milk")
KV.Bucket.delete(shopping, "milk")
Agent.stop(shopping, :shutdown)
KV.Registry.lookup(KV.Registry, "shopping")
Supervisor.child_spec(KV.Bucket, []).restart
Supervisor.child_spec(KV.Bucket, [])
DynamicSupervisor.count_children(KV.BucketSupervisor)
KV.Registry.create(KV.Registry, "shopping")
reg = Process.whereis(KV.Registry); bsup = Process.whereis(KV.BucketSupervisor)
Process.exit(reg, :kill); Process.sleep(200)
{Process.whereis(KV.Registry) == reg, Process.whereis(KV.BucketSupervisor) == bsup}
KV.Registry.lookup(KV.Registry, "shopping")
Process.alive?(bucket)
DynamicSupervisor.count_children(KV.BucketSupervisor)

# seed_redis_dynsup
{:ok, _sup} = DynamicSupervision.DynamicSupervisor.start_link([])
self()
{:ok, wid} = DynamicSupervision.DynamicSupervisor.start_child self(), :redis
DynamicSupervisor.which_children DynamicSupervision.DynamicSupervisor
send wid, {:raise, "heck"}
self()
DynamicSupervisor.which_children DynamicSupervision.DynamicSupervisor
[{:undefined, wid2, :worker, _}] = DynamicSupervisor.which_children(DynamicSupervision.DynamicSupervisor)
wid2 == wid
send wid2, {:store, "foo", "bar"}
flush
send wid2, {:shutdown}
flush
DynamicSupervisor.count_children DynamicSupervision.DynamicSupervisor

# seed_redis_linked
self()
{:ok, wid} = DynamicSupervision.Worker.start_link self(), :redis
send wid, {:store, "foo", "bar"}
flush
send wid, {:shutdown}
flush
Process.alive?(wid)
{:ok, wid} = DynamicSupervision.Worker.start_link self(), :redis
send wid, {:raise, "heck"}
self()
binding()

# seed_trains
{:ok, sup} = Supervisor.start_link([Yard.Server, Yard.TrainSupervisor], strategy: :one_for_one, name: Engine.Supervisor)
Supervisor.which_children(Engine.Supervisor)
{:ok, pid} = Yard.Server.add_train("A13")
Yard.Train.get(pid)
Yard.Train.update_speed(pid, 65)
Yard.Train.get(pid)
:global.whereis_name("train:A13") == pid
Yard.Server.add_train("A13")
DynamicSupervisor.which_children(Yard.TrainSupervisor)
Process.exit(pid, :kill)
Process.sleep(200)
new_pid = :global.whereis_name("train:A13")
new_pid == pid
Yard.Train.get(new_pid)
Yard.Train.get({:global, "train:A13"})
Yard.Train.get(pid)
Yard.TrainSupervisor.remove_train(new_pid)
Process.sleep(100); :global.whereis_name("train:A13")
DynamicSupervisor.count_children(Yard.TrainSupervisor)

# seed_workers_fixed
{:ok, app} = DynamicSupervisorWithRegistry.start(:normal, [])
Supervisor.which_children(DynamicSupervisorWithRegistry)
result = DynamicSupervisorWithRegistry.WorkersSupervisor.start_child("worker_1"); Process.sleep(50); result
{:ok, pid} = result
GenServer.cast(pid, :work); Process.sleep(100)
Registry.lookup(:worker_registry, "worker_1") == [{pid, nil}]
Registry.lookup(:worker_registry, 345)
DynamicSupervisorWithRegistry.WorkersSupervisor.start_child("worker_1")
DynamicSupervisorWithRegistry.Worker.crash("worker_1"); Process.sleep(200)
[{new_pid, nil}] = Registry.lookup(:worker_registry, "worker_1")
new_pid == pid
Registry.count(:worker_registry)
DynamicSupervisorWithRegistry.Worker.stop("worker_1"); Process.sleep(100)
Registry.count(:worker_registry)
DynamicSupervisor.count_children(DynamicSupervisorWithRegistry.WorkersSupervisor)
DynamicSupervisorWithRegistry.Worker.stop("worker_1")

# seed_workers_verbatim
DynamicSupervisorWithRegistry.start(:normal, [])
Process.whereis(DynamicSupervisorWithRegistry)
DynamicSupervisorWithRegistry.WorkerSupervisor.start_child("worker_1")
DynamicSupervisorWithRegistry.Worker.
GenServer.cast(pid, :work)
Registry.lookup(:worker_registry, 345)
DynamicSupervisorWithRegistry.Worker.crash("worker_1")
Registry.count(:worker_registry)
 DynamicSupervisorWithRegistry.Worker.stop("worker_1")
DynamicSupervisorWithRegistry.WorkersSupervisor.start_child("worker_1")

# shell_basics_enum
Enum.map([1, 2, 3], fn x -> x * 2 end)
Enum.reduce(1..10, 0, fn x, acc -> x + acc end)
Enum.filter(1..10, &(rem(&1, 2) == 0))
1..10 |> Enum.map(&(&1 * &1)) |> Enum.sum()
for x <- 1..4, y <- [:a, :b], x < 3, do: {x, y}
for x <- [1, 2, 3], into: %{}, do: {x, x * x}
square = fn x -> x * x end
square.(5)
add = &+/2
add.(1, 2)
Enum.map(1..3, &Integer.to_string/1)
v()
v(1)
1..10
1..10//3
Enum.to_list(1..60)
Enum.map(1..12, fn i -> {i, String.duplicate("x", i)} end)
Map.new(1..12, fn i -> {i, i * i} end)
if 1 > 2, do: :yes, else: :no
cond do
  false -> 1
  nil -> 2
  true -> 3
end
Enum.chunk_every(1..10, 3)
String.duplicate("ab", 50)
Enum.to_list(1..120)

# shell_basics_errors
undefined_var
foo()
String.no_such_fun(1)
NoSuchModule.call()
1 / 0
:atom + 1
hd([])
Enum.fetch!([1], 5)
raise "custom error"
raise ArgumentError, message: "bad"
throw(:thrown)
exit(:bye)
String.upcase(123)
1 +
2
[1, 2,
3]
%{a: 1,
b: 2}
"unterminated
string"
:after_break

# shell_basics_values
1 + 2
10 / 4
div(10, 4)
rem(-10, 3)
2 ** 10
0.1 + 0.2
123_456_789 * 987_654_321
"hello" <> " world"
name = "iex"
"hi #{name}, 1 + 1 = #{1 + 1}"
String.length("héllo")
byte_size("héllo")
'abc'
[104, 105]
[1, 2, 300]
:atom
:"quoted atom"
{1, :two, "three", 4.0}
[1, 2, 3] ++ [4] -- [2]
%{"b" => 2, 3 => [4], a: 1}
[a: 1, b: 2]
[{:a, 1}, {"b", 2}]
%{name: "x"}.name
true and false
nil || :default
<<104, 105>>
<<1, 2, 3>>
"tab\there\nnewline"

# shell_defmodule
defmodule Greeter do
  def hello(name), do: "Hello, #{name}!"
end
Greeter.hello("world")
Greeter.hello()
defmodule Greeter do
  def hello(name), do: "Hi #{name}"
end
Greeter.hello("again")

# strategy_one_for_all
children = [{Strat.Worker, :a}, {Strat.Worker, :b}, {Strat.Worker, :c}]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_all)
Supervisor.which_children(sup)
before = for n <- [:a, :b, :c], do: Process.whereis(n)
Process.exit(Process.whereis(:b), :kill); Process.sleep(200)
Supervisor.which_children(sup)
after_kill = for n <- [:a, :b, :c], do: Process.whereis(n)
Enum.zip(before, after_kill) |> Enum.map(fn {old, new} -> old == new end)
Supervisor.count_children(sup)
Supervisor.stop(sup)
Enum.map([:a, :b, :c], &Process.whereis/1)

# strategy_one_for_one
children = [{Strat.Worker, :a}, {Strat.Worker, :b}, {Strat.Worker, :c}]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Supervisor.which_children(sup)
before = for n <- [:a, :b, :c], do: Process.whereis(n)
Process.exit(Process.whereis(:b), :kill); Process.sleep(200)
Supervisor.which_children(sup)
after_kill = for n <- [:a, :b, :c], do: Process.whereis(n)
Enum.zip(before, after_kill) |> Enum.map(fn {old, new} -> old == new end)
Supervisor.count_children(sup)
Supervisor.stop(sup)
Enum.map([:a, :b, :c], &Process.whereis/1)

# supervisor_start_errors
Supervisor.start_link([], strategy: :one_for_one)
Supervisor.start_link([:not_a_module], strategy: :one_for_one)
Supervisor.start_link([{Agent, fn -> 1 end}])
Process.flag(:trap_exit, true)
Supervisor.start_link([{Agent, fn -> 1 end}], strategy: :bad_strategy)
flush()
Supervisor.start_link([{Agent, fn -> 1 end}, {Agent, fn -> 2 end}], strategy: :one_for_one)
flush()
Supervisor.start_link([%{id: :bad, start: {Kernel, :apply, [fn -> {:error, :nope} end, []]}}], strategy: :one_for_one)
flush()
Supervisor.start_link([%{id: :raiser, start: {Kernel, :apply, [fn -> raise "start failed" end, []]}}], strategy: :one_for_one)
flush()
Process.flag(:trap_exit, false)
Supervisor.start_link([%{id: :bad, start: {Kernel, :apply, [fn -> {:error, :nope} end, []]}}], strategy: :one_for_one)
self()

# task_basics
task = Task.async(fn -> 1 + 1 end)
Task.await(task)
slow = Task.async(fn -> Process.sleep(300); :late end); Task.await(slow, 100)
Process.sleep(400); flush()
Task.yield(Task.async(fn -> :quick end), 1000)
Task.async_stream([1, 2, 3], fn x -> x * 10 end) |> Enum.to_list()
{:ok, pid} = Task.start(fn -> Process.sleep(50); IO.puts("task done") end); Process.sleep(100)
Task.async(fn -> raise "task boom" end) |> Task.await()
self()

# seed 000 (trains)
{:ok, pid} = Yard.Server.add_train("A13")
Yard.Train.get(pid)
Yard.Train.update_speed(pid, 65)
Yard.Train.get(pid)

# seed 002 (dynamic supervision)
{:ok, wid} = DynamicSupervision.Worker.start_link self(), :redis
send wid, {:store, "foo", "bar"}
flush
send wid, {:shutdown}
flush
 {:ok, wid} = DynamicSupervision.Worker.start_link self(), :redis
send wid, {:raise, "heck"}
self()
{:ok, wid} = DynamicSupervision.DynamicSupervisor.start_child self(), :redis
DynamicSupervisor.which_children DynamicSupervision.DynamicSupervisor
send wid, {:raise, "heck"}
self()
DynamicSupervisor.which_children DynamicSupervision.DynamicSupervisor

# seed 003 (KV)
{:ok, bucket} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
KV.Bucket.put(bucket, "eggs", 3)
KV.Bucket.get(bucket, "eggs")
:observer.start
KV.Registry.create(KV.Registry, "shopping")
