# Writes Rust golden tests from a cases file (see emit.sh).
# "# test_name" starts a test; "mode: expr" adds a check of inspect(expr, opts).
[path] = System.argv()
colors = [reset: [:reset, :yellow]] ++ IO.ANSI.syntax_colors()

opts_for = fn
  "plain" -> {[], "plain()"}
  "iex" -> {[pretty: true, width: 80], "iex()"}
  "inf" -> {[pretty: true, limit: :infinity], "Opts::pretty_unlimited()"}
  "color" -> {[pretty: true, width: 80, syntax_colors: colors], "colors()"}
  "bin" -> {[binaries: :as_binaries], "binaries(Binaries::AsBinaries)"}
  "str" -> {[binaries: :as_strings], "binaries(Binaries::AsStrings)"}
  "lists" -> {[charlists: :as_lists], "charlists(Charlists::AsLists)"}
  "chars" -> {[charlists: :as_charlists], "charlists(Charlists::AsCharlists)"}
  "hex" -> {[base: :hex], "base(Base::Hex)"}
  "bits" -> {[base: :binary], "base(Base::Binary)"}
  "oct" -> {[base: :octal], "base(Base::Octal)"}
  "w" <> n -> {[pretty: true, width: String.to_integer(n)], "width(#{n})"}
  "l" <> n -> {[limit: String.to_integer(n)], "limit(#{n})"}
  "pl" <> n -> {[pretty: true, width: 80, limit: String.to_integer(n)], "iex_limit(#{n})"}
  "pr" <> n -> {[printable_limit: String.to_integer(n)], "printable_limit(#{n})"}
end

rust_str = fn s ->
  if (String.contains?(s, "\n") or String.contains?(s, "\"") or String.contains?(s, "\\")) and not String.match?(s, ~r/[\x00-\x09\x0b-\x1f\x7f]/) do
    hashes = Enum.find(0..5, fn n -> not String.contains?(s, "\"" <> String.duplicate("#", n)) end)
    h = String.duplicate("#", hashes)
    "r#{h}\"#{s}\"#{h}"
  else
    inner =
      s
      |> String.to_charlist()
      |> Enum.map(fn
        ?\\ -> "\\\\"
        ?" -> "\\\""
        ?\n -> "\\n"
        ?\t -> "\\t"
        ?\r -> "\\r"
        c when c < 32 or c == 127 -> "\\x" <> String.pad_leading(Integer.to_string(c, 16), 2, "0")
        c -> <<c::utf8>>
      end)
      |> Enum.join()
    "\"#{inner}\""
  end
end

lines = File.read!(path) |> String.split("\n")

{tests, cur} =
  Enum.reduce(lines, {[], nil}, fn line, {acc, cur} ->
    cond do
      String.starts_with?(line, "# ") ->
        acc = if cur, do: [cur | acc], else: acc
        {acc, {String.trim_leading(line, "# "), []}}
      String.trim(line) == "" or String.starts_with?(line, "//") ->
        {acc, cur}
      true ->
        [mode, expr] = String.split(line, ": ", parts: 2)
        {name, checks} = cur
        {acc, {name, checks ++ [{mode, expr}]}}
    end
  end)

tests = Enum.reverse(if cur, do: [cur | tests], else: tests)

for {name, checks} <- tests do
  IO.puts("#[test]\nfn #{name}() {")
  for {mode, expr} <- checks do
    {value, _} = Code.eval_string(expr)
    {eopts, ropts} = opts_for.(mode)
    canonical = inspect(value, limit: :infinity, printable_limit: :infinity)
    expected = inspect(value, eopts)
    one_line = "    same(#{ropts}, #{rust_str.(canonical)});"
    cond do
      canonical == expected and String.length(one_line) <= 100 and not String.contains?(one_line, "\n") ->
        IO.puts(one_line)
      canonical == expected ->
        IO.puts("    same(\n        #{ropts},\n        #{rust_str.(canonical)},\n    );")
      true ->
        IO.puts("    check(\n        #{ropts},\n        #{rust_str.(canonical)},\n        #{rust_str.(expected)},\n    );")
    end
  end
  IO.puts("}\n")
end
