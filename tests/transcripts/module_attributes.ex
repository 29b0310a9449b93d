defmodule Settings do
  @moduledoc "Holds settings."
  @greeting "hello"
  @limits [low: 1, high: 10]

  @doc "Returns the greeting."
  def greeting, do: @greeting
  def limits, do: @limits
  def high, do: @limits[:high]

  @version 1
  def first_version, do: @version
  @version 2
  def second_version, do: @version

  def name, do: __MODULE__
end

defmodule Outer do
  defmodule Inner do
    def hi, do: "inner hi"
  end

  def call_inner, do: Inner.hi()
  def inner_name, do: Inner
end

defmodule Deep.Space.Probe do
  def ping, do: :pong
end

defmodule Deep.Space.Station do
  def ping, do: :station
end

defmodule User do
  alias Deep.Space.Probe, as: P
  alias Deep.Space.{Probe, Station}
  import List, only: [first: 1]

  def via_as, do: P.ping()
  def via_multi, do: {Probe.ping(), Station.ping()}
  def alias_value, do: P
  def head(list), do: first(list)
end
