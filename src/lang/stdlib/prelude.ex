# Enum's functions that apply a function to each element, written in Elixir
# so that the machine runs them: the function a learner passes is entered
# as a frame of the same process (no nested machine per element), may
# receive or sleep, and may recurse as deep as memory allows. Lists and
# ranges take these clauses; anything else (maps, MapSets, streams, wrong
# arguments) goes to the native `Enum`, which raises Elixir's errors.
#
# Each function is total: its last clause hands over to the native one.

def each(list, fun) when is_list(list) and is_function(fun, 1), do: each_list(list, fun)
def each(%{__struct__: Range, first: first, last: last, step: step}, fun)
    when is_function(fun, 1) and is_integer(first) and is_integer(last) and is_integer(step),
    do: each_range(first, last, step, fun)
def each(enumerable, fun), do: Enum.each(enumerable, fun)

defp each_list([head | tail], fun) do
  fun.(head)
  each_list(tail, fun)
end
defp each_list([], _fun), do: :ok
defp each_list(improper, fun), do: Enum.each(improper, fun)

defp each_range(first, last, step, fun) when step > 0, do: each_range_up(first, last, step, fun)
defp each_range(first, last, step, fun) when step < 0, do: each_range_down(first, last, step, fun)
defp each_range(_first, _last, _step, _fun), do: :ok

defp each_range_up(first, last, step, fun) when first <= last do
  fun.(first)
  each_range_up(first + step, last, step, fun)
end
defp each_range_up(_first, _last, _step, _fun), do: :ok

defp each_range_down(first, last, step, fun) when first >= last do
  fun.(first)
  each_range_down(first + step, last, step, fun)
end
defp each_range_down(_first, _last, _step, _fun), do: :ok

def map(list, fun) when is_list(list) and is_function(fun, 1), do: map_list(list, fun, [])
def map(%{__struct__: Range, first: first, last: last, step: step}, fun)
    when is_function(fun, 1) and is_integer(first) and is_integer(last) and is_integer(step),
    do: map_range(first, last, step, fun, [])
def map(enumerable, fun), do: Enum.map(enumerable, fun)

defp map_list([head | tail], fun, acc), do: map_list(tail, fun, [fun.(head) | acc])
defp map_list([], _fun, acc), do: Enum.reverse(acc)
defp map_list(improper, fun, _acc), do: Enum.map(improper, fun)

defp map_range(first, last, step, fun, acc) when step > 0, do: map_range_up(first, last, step, fun, acc)
defp map_range(first, last, step, fun, acc) when step < 0, do: map_range_down(first, last, step, fun, acc)
defp map_range(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp map_range_up(first, last, step, fun, acc) when first <= last,
  do: map_range_up(first + step, last, step, fun, [fun.(first) | acc])
defp map_range_up(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp map_range_down(first, last, step, fun, acc) when first >= last,
  do: map_range_down(first + step, last, step, fun, [fun.(first) | acc])
defp map_range_down(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

def reduce(list, acc, fun) when is_list(list) and is_function(fun, 2), do: reduce_list(list, acc, fun)
def reduce(%{__struct__: Range, first: first, last: last, step: step}, acc, fun)
    when is_function(fun, 2) and is_integer(first) and is_integer(last) and is_integer(step),
    do: reduce_range(first, last, step, acc, fun)
def reduce(enumerable, acc, fun), do: Enum.reduce(enumerable, acc, fun)

defp reduce_list([head | tail], acc, fun), do: reduce_list(tail, fun.(head, acc), fun)
defp reduce_list([], acc, _fun), do: acc
defp reduce_list(improper, acc, fun), do: Enum.reduce(improper, acc, fun)

defp reduce_range(first, last, step, acc, fun) when step > 0, do: reduce_range_up(first, last, step, acc, fun)
defp reduce_range(first, last, step, acc, fun) when step < 0, do: reduce_range_down(first, last, step, acc, fun)
defp reduce_range(_first, _last, _step, acc, _fun), do: acc

defp reduce_range_up(first, last, step, acc, fun) when first <= last,
  do: reduce_range_up(first + step, last, step, fun.(first, acc), fun)
defp reduce_range_up(_first, _last, _step, acc, _fun), do: acc

defp reduce_range_down(first, last, step, acc, fun) when first >= last,
  do: reduce_range_down(first + step, last, step, fun.(first, acc), fun)
defp reduce_range_down(_first, _last, _step, acc, _fun), do: acc

def filter(list, fun) when is_list(list) and is_function(fun, 1), do: filter_list(list, fun, [])
def filter(%{__struct__: Range, first: first, last: last, step: step}, fun)
    when is_function(fun, 1) and is_integer(first) and is_integer(last) and is_integer(step),
    do: filter_range(first, last, step, fun, [])
def filter(enumerable, fun), do: Enum.filter(enumerable, fun)

defp filter_list([head | tail], fun, acc) do
  if fun.(head), do: filter_list(tail, fun, [head | acc]), else: filter_list(tail, fun, acc)
end
defp filter_list([], _fun, acc), do: Enum.reverse(acc)
defp filter_list(improper, fun, _acc), do: Enum.filter(improper, fun)

defp filter_range(first, last, step, fun, acc) when step > 0, do: filter_range_up(first, last, step, fun, acc)
defp filter_range(first, last, step, fun, acc) when step < 0, do: filter_range_down(first, last, step, fun, acc)
defp filter_range(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp filter_range_up(first, last, step, fun, acc) when first <= last do
  if fun.(first), do: filter_range_up(first + step, last, step, fun, [first | acc]),
    else: filter_range_up(first + step, last, step, fun, acc)
end
defp filter_range_up(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp filter_range_down(first, last, step, fun, acc) when first >= last do
  if fun.(first), do: filter_range_down(first + step, last, step, fun, [first | acc]),
    else: filter_range_down(first + step, last, step, fun, acc)
end
defp filter_range_down(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

def reject(list, fun) when is_list(list) and is_function(fun, 1), do: reject_list(list, fun, [])
def reject(%{__struct__: Range, first: first, last: last, step: step}, fun)
    when is_function(fun, 1) and is_integer(first) and is_integer(last) and is_integer(step),
    do: reject_range(first, last, step, fun, [])
def reject(enumerable, fun), do: Enum.reject(enumerable, fun)

defp reject_list([head | tail], fun, acc) do
  if fun.(head), do: reject_list(tail, fun, acc), else: reject_list(tail, fun, [head | acc])
end
defp reject_list([], _fun, acc), do: Enum.reverse(acc)
defp reject_list(improper, fun, _acc), do: Enum.reject(improper, fun)

defp reject_range(first, last, step, fun, acc) when step > 0, do: reject_range_up(first, last, step, fun, acc)
defp reject_range(first, last, step, fun, acc) when step < 0, do: reject_range_down(first, last, step, fun, acc)
defp reject_range(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp reject_range_up(first, last, step, fun, acc) when first <= last do
  if fun.(first), do: reject_range_up(first + step, last, step, fun, acc),
    else: reject_range_up(first + step, last, step, fun, [first | acc])
end
defp reject_range_up(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)

defp reject_range_down(first, last, step, fun, acc) when first >= last do
  if fun.(first), do: reject_range_down(first + step, last, step, fun, acc),
    else: reject_range_down(first + step, last, step, fun, [first | acc])
end
defp reject_range_down(_first, _last, _step, _fun, acc), do: Enum.reverse(acc)
