answer = 6 * 7
IO.puts("script loaded")
