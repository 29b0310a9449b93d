defmodule Pats do
  def first(<<a::8, rest::binary>>), do: {a, rest}
  def first(<<>>), do: :empty

  def word(<<x::16-little, _::binary>>), do: x
  def word(_), do: :short

  def chars(<<c::utf8, rest::binary>>, acc), do: chars(rest, [c | acc])
  def chars(<<>>, acc), do: Enum.reverse(acc)

  def sum(<<n::32, rest::binary>>, acc), do: sum(rest, acc + n)
  def sum(<<>>, acc), do: acc

  def packet(bin) do
    case bin do
      <<1, len::16, data::binary-size(len), rest::binary>> -> {:one, data, rest}
      <<2, x::float-32, y::signed-16>> -> {:two, x, y}
      <<"GET ", path::binary>> -> {:get, path}
      _ -> :unknown
    end
  end

  def bytes(n), do: for(i <- 1..n, into: <<>>, do: <<i::32>>)
end
