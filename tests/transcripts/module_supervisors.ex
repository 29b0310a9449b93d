defmodule Worker do
  use GenServer

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}

  @impl true
  def handle_call(:arg, _from, arg), do: {:reply, arg, arg}
end

defmodule Bucket do
  use Agent, restart: :temporary

  def start_link(initial), do: Agent.start_link(fn -> initial end)
end

defmodule Job do
  use Task

  def start_link(arg), do: Task.start_link(__MODULE__, :run, [arg])

  def run(_arg) do
    receive do
      :stop -> :ok
    end
  end
end

defmodule MySup do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    children = [
      Worker,
      {Bucket, 0},
      %{id: :map_worker, start: {Worker, :start_link, [:from_map]}},
      Supervisor.child_spec({Worker, :x}, id: :other)
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end

defmodule MyDyn do
  use DynamicSupervisor

  def start_link(arg), do: DynamicSupervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg), do: DynamicSupervisor.init(strategy: :one_for_one, max_children: 2)
end
