defmodule KV.Bucket do
  @moduledoc """
  A bucket holds key-value pairs in an `Agent`.

  Buckets are started under `KV.BucketSupervisor` by `KV.Registry`.
  """
  use Agent, restart: :temporary

  @doc """
  Starts a new bucket.
  """
  def start_link(_opts) do
    initial = Application.get_env(:kv, :bucket, [])[:initial] || %{}
    Agent.start_link(fn -> initial end)
  end

  @doc """
  Gets a value from the `bucket` by `key`.
  """
  def get(bucket, key) do
    Agent.get(bucket, &Map.get(&1, key))
  end

  @doc """
  Puts the `value` for the given `key` in the `bucket`.
  """
  def put(bucket, key, value) do
    Agent.update(bucket, &Map.put(&1, key, value))
  end

  @doc """
  Deletes `key` from `bucket`.

  Returns the current value of `key`, if `key` exists.
  """
  def delete(bucket, key) do
    Agent.get_and_update(bucket, &Map.pop(&1, key))
  end
end
