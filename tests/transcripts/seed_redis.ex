# The worker and the dynamic supervisor of "Dynamic Supervisors in Elixir"
# (Expert360). The tutorial showed this code only as images, so it is a
# reconstruction from the sessions it printed (the real worker talked to Redis).

defmodule DynamicSupervision.Worker do
  use GenServer

  def start_link(parent, name) do
    GenServer.start_link(__MODULE__, {parent, name})
  end

  def init(state) do
    {:ok, state}
  end

  def handle_info({:store, _key, _value}, {parent, _name} = state) do
    # the real worker would talk to Redis here
    send(parent, {:hello_friend})
    {:noreply, state}
  end

  def handle_info({:shutdown}, {parent, _name} = state) do
    send(parent, {:goodbye})
    {:stop, :normal, state}
  end

  def handle_info({:raise, message}, _state) do
    raise message
  end
end

defmodule DynamicSupervision.DynamicSupervisor do
  use DynamicSupervisor

  def start_link(arg) do
    DynamicSupervisor.start_link(__MODULE__, arg, name: __MODULE__)
  end

  def init(_arg) do
    DynamicSupervisor.init(strategy: :one_for_one)
  end

  def start_child(parent, name) do
    spec = %{
      id: DynamicSupervision.Worker,
      start: {DynamicSupervision.Worker, :start_link, [parent, name]}
    }

    DynamicSupervisor.start_child(__MODULE__, spec)
  end
end
