defmodule Point do
  defstruct x: 0, y: 0
  def origin?(%Point{x: 0, y: 0}), do: true
  def origin?(%Point{}), do: false
end

defmodule Person do
  defstruct [:name, :email, age: 18]
end

defmodule Account do
  @enforce_keys [:id, :owner]
  defstruct [:id, :owner, balance: 0]
end

defmodule MyError do
  defexception message: "something went wrong"
end

defmodule NotFound do
  defexception [:key]

  @impl true
  def message(%{key: key}), do: "key #{inspect(key)} not found"
end

defmodule Catcher do
  def run(f) do
    f.()
  rescue
    e in MyError -> {:my_error, e.message}
    e in NotFound -> {:not_found, Exception.message(e)}
  end
end
