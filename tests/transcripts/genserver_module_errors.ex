defmodule BadReply do
  use GenServer

  def start(state), do: GenServer.start(__MODULE__, state)

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call(:get, _from, _state), do: {:oops}
end

defmodule StopInit do
  use GenServer

  @impl true
  def init(_arg), do: {:stop, :nope}
end

defmodule CastBoom do
  use GenServer

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_cast({:boom, x}, _state) do
    raise ArgumentError, "bad cast #{x}"
  end
end

defmodule NoCallbacks do
  use GenServer

  @impl true
  def init(state), do: {:ok, state}
end

defmodule Transient do
  use GenServer, restart: :transient, shutdown: 10_000

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}
end

defmodule CustomSpec do
  use GenServer

  def child_spec(arg) do
    %{id: {:custom, arg}, start: {__MODULE__, :start_link, [arg]}, restart: :temporary}
  end

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}
end
