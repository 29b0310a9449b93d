defmodule MyErr do
  defexception [:message]

  @impl true
  def exception(value), do: %MyErr{message: "got: #{inspect(value)}"}
end

defmodule Plain do
  defexception [:message]
end

defmodule WithDefault do
  defexception message: "default message"
end
