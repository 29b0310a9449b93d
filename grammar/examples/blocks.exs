# do/end blocks, keyword one-liners, fn and -> clauses.

if 1 > 2, do: :yes, else: :no
if a do
  1
else
  2
end
if a do 1 else 2 end
unless a, do: b
unless a do
  b
end

case x do
  1 -> :one
  {:ok, v} when v > 0 -> v
  [h | _] -> h
  %{a: a} -> a
  _ -> :other
end

case x do
  1 ->
    a = 1
    a + 1

  2 ->
    :two
end

case 1 do end
case x do 1 -> end

cond do
  false -> 1
  nil -> 2
  true -> 3
end

receive do
  :hello -> "got hello"
end

receive do
  msg -> msg
after
  100 -> :timeout
end

receive do {:echo, m} -> m after 1000 -> :no_reply end

try do
  raise "boom"
rescue
  e in RuntimeError -> e
  ArgumentError -> :arg
catch
  :exit, reason -> reason
  kind, value when kind == :throw -> value
else
  value -> value
after
  cleanup()
end

with {:ok, a} <- fetch(),
     {:ok, b} <- fetch(a) do
  {a, b}
else
  :error -> :failed
end

for x <- 1..4, y <- [:a, :b], x < 3, do: {x, y}
for x <- [1, 2, 3], into: %{}, do: {x, x * x}
for x <- [1, 2, 3], reduce: 0 do
  acc -> acc + x
end
for x <- [1, 2, 2], uniq: true, do: x
for {name, old} <- before do
  new = Process.whereis(name)
  {name, new == old}
end
for x <- l, into: %{} do
  {x, x}
end

fn x -> x end
fn -> 1 end
fn a, b -> a + b end
fn (a, b) -> a end
fn () -> :ok end
fn x when x > 0 -> :pos; _ -> :neg end
fn
  x when x > 0 ->
    :pos

  _ ->
    :neg
end
fn {_, pid, _, _} -> Agent.get(pid, & &1) end
spawn(fn -> receive do {from, msg} -> send(from, {:echo, msg}) end end)
Agent.get_and_update(agent, fn list -> {length(list), ["milk" | list]} end)

quote do
  unquote(x) + 1
end

x = if a, do: 1, else: 2
result = case x do
  1 -> :a
  _ -> :b
end
case x do 1 -> :a end |> IO.inspect()
[if a do 1 end]
Process.sleep(50); Process.alive?(pid)
send(self(), {:a, 1}); send(self(), {:b, 2}); send(self(), :c)
case x, do: (1 -> :one; _ -> :other)
receive do: (:ping -> :pong), after: (0 -> :none)
cond do: (a -> 1; true -> 2)
