defmodule Bits do
  def build(0, acc), do: acc
  def build(n, acc), do: build(n - 1, <<acc::binary, rem(n, 256)::8>>)

  def count(0, acc), do: acc
  def count(n, acc), do: count(n - 1, acc + byte_size(<<n::32, n::float, "x"::utf16>>))

  def pack(x, size), do: <<x::size(size)>>
  def word(x), do: <<x::16-little-signed>>
  def sized(bin, n), do: <<bin::binary-size(n)>>
  def all(x), do: <<x::bits>>
  def whole(x), do: <<x::binary-unit(16)>>
  def real(x, n), do: <<x::float-size(n)>>
  def header(type, payload) do
    <<type::8, byte_size(payload)::32, payload::binary>>
  end
end
