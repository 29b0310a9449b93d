#!/bin/sh
# Regenerates the golden test files from real Elixir 1.14:
#   src/term/inspect/tests/golden/emit.sh
# Each NAME.txt holds "# test_name" headers followed by "mode: elixir_expr"
# lines (modes: see gen.exs); NAME.rs in the parent directory is rewritten.
set -e
here=$(cd "$(dirname "$0")" && pwd)
emit() {
  out="$here/../$1.rs"
  {
    echo "//! $2"
    echo "//!"
    echo "//! Generated from real Elixir 1.14 by golden/emit.sh: each case is the term"
    echo "//! as Elixir wrote it with \`limit: :infinity\`, and what \`inspect/2\` printed"
    echo "//! with the options."
    echo
    echo "use super::*;"
    echo
    elixir "$here/gen.exs" "$here/$1.txt"
  } > "$out.tmp"
  mv "$out.tmp" "$out"
  rustfmt --edition 2021 "$out"
}
emit scalars "Golden cases: numbers, atoms, strings, charlists, binaries and opaque terms."
emit layout "Golden cases: how containers break over lines at a width."
emit limits "Golden cases: \`limit\` and \`printable_limit\`."
emit structs "Golden cases: structs, exceptions, ranges and map sets."
emit options "Golden cases: the \`base\`, \`binaries\` and \`charlists\` options."
emit colors "Golden cases: IEx's default syntax colours."
