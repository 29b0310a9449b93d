defmodule FailingApp.Application do
  @moduledoc false
  use Application

  @impl true
  def start(_type, _args) do
    children = [
      {Registry, keys: :unique, name: FailingApp.Registry},
      # The module below is defined as FailingApp.WorkersSupervisor.
      FailingApp.WorkerSupervisor
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: FailingApp.Supervisor)
  end
end
