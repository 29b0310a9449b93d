# Strings on a text of 40,000 words (about 250 KB, a few of them accented):
# String.split, Enum.join, String.upcase, String.length, and a word count
# with Enum.frequencies.
#
# Each piece of work runs 5 times, each timed with :timer.tc/1; the script
# prints the median as `RIEX-FIGURE <name> <microseconds>`, after checking
# the result.

measure = fn name, expected, work ->
  times =
    for _ <- 1..5 do
      {us, result} = :timer.tc(work)
      if result != expected, do: raise("#{name}: got #{inspect(result)}")
      us
    end

  IO.puts("RIEX-FIGURE #{name} #{Enum.at(Enum.sort(times), 2)}")
end

words = ~w(the quick brown fox jumps over lazy dog café naïve élan river stone)
text = Enum.map_join(1..40_000, " ", fn i -> Enum.at(words, rem(i * 7, 13)) <> "#{rem(i, 50)}" end)
split = String.split(text, " ")

measure.("string_split_40k_words", 40_000, fn -> length(String.split(text, " ")) end)
measure.("string_join_40k_words", byte_size(text), fn -> byte_size(Enum.join(split, " ")) end)
measure.("string_upcase_250kb", byte_size(text), fn -> byte_size(String.upcase(text)) end)
measure.("string_length_250kb", String.length(text), fn -> String.length(text) end)
measure.("word_count_40k_words", 650, fn -> map_size(Enum.frequencies(String.split(text))) end)
