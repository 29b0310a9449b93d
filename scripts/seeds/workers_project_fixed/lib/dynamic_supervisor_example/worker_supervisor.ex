# lib/dynamic_supervisor_example/worker_supervisor.ex
# FIX: the tutorial names this module WorkersSupervisor, but the application in
# lib/dynamic_supervisor_example.ex starts DynamicSupervisorWithRegistry.WorkerSupervisor
# as its child (and the prose, this file's name and the "Running it" session all
# say WorkerSupervisor), so the application failed to start with "The module
# DynamicSupervisorWithRegistry.WorkerSupervisor was given as a child to a
# supervisor but it does not exist." The module is renamed to match.
defmodule DynamicSupervisorWithRegistry.WorkerSupervisor do
  use DynamicSupervisor
  alias DynamicSupervisorWithRegistry.Worker

  def start_link(_arg),
    do: DynamicSupervisor.start_link(__MODULE__, [], name: __MODULE__)

  def init(_arg),
    do: DynamicSupervisor.init(strategy: :one_for_one)

  def start_child(child_name) do
    DynamicSupervisor.start_child(
      __MODULE__,
      %{id: Worker, start: { Worker, :start_link,  [child_name]}, restart: :transient})
  end

end
