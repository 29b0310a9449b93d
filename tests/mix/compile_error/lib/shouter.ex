defmodule Shouter do
  def shout(name) do
    name
    |> Greeter.hello()
    |> upcase_all()
  end
end
