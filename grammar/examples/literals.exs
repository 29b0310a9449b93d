# Literals riex's parser accepts. Every line is valid Elixir 1.14.

# integers
42
1_000
123_456_789 * 987_654_321
0x1F
0b101
0o17
123456789012345678901234567890
-1
-9223372036854775808
+5

# floats
1.5
0.1 + 0.2
1.0e10
1.0e-10
1.5E3
1.5_0
-2.5

# characters
?a
?\n
?\s
?\\
??
?é

# atoms
:ok
:ok?
:valid!
:Foo
:"quoted atom"
:"$gen_cast"
:'single quoted'
:+
:-
:->
:..
:...
:{}
:%{}
:<<>>
:\\
:a@b
true
false
nil

# strings
"hello"
"hello" <> " world"
"tab\there\nnewline"
"escapes: \e \" \\ \#{not interpolated} \a \b \d \f \r \s \v \0"
"\x41\x{42}"
"\u00e9 \u{1F600}"
"unknown escape \z"
"line \
continued"
"hi #{name}, 1 + 1 = #{1 + 1}"
"nested #{"inner #{x}"} done"
"empty interpolation #{}"
"multi
line"
"Error, Server #{name} has crashed"
"Exiting worker: #{name} with reason: #{inspect reason}"

# heredocs
"""
Starts a new bucket.
"""

  """
  Indented heredoc: the closing quotes' indentation is removed.
    This line keeps two spaces.
  With #{interpolation}.
  """

'''
charlist heredoc
'''

# charlists
'abc'
'a#{1}c'

# sigils
~s(a string)
~s[brackets]
~s{braces}
~s<angles>
~s/slashes/
~s|pipes|
~s"quotes"
~s'apostrophes'
~s(with \) escaped delimiter and #{1 + 1})
~S(raw \n #{not interpolated})
~w(a b c)
~w(a b c)a
~w[x y]s
~c(charlist)
~r/a\/b\d+/i
~r{^\w+$}
~s"""
sigil heredoc
"""
