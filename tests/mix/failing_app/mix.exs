defmodule FailingApp.MixProject do
  use Mix.Project

  def project do
    [
      app: :failing_app,
      version: "0.1.0",
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      deps: []
    ]
  end

  def application do
    [
      extra_applications: [:logger],
      mod: {FailingApp.Application, []}
    ]
  end
end
