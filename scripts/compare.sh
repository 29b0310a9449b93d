#!/usr/bin/env bash
# Side-by-side benchmark: the scripts and prompt inputs in scripts/compare/,
# run alternately by riex and by real Elixir (elixir, iex); prints Markdown
# tables of medians and ratios. The work is done by scripts/compare.py.
#
#   scripts/compare.sh [-n RUNS] [-t TIMEOUT] [--riex PATH] [--no-elixir]
#                      [--no-prompt | --prompt-only] [NAME...]
#
# See scripts/compare/README.md (and --help).
set -euo pipefail
command -v python3 >/dev/null || { echo "compare.sh: python3 is needed" >&2; exit 2; }
exec python3 "$(dirname "$0")/compare.py" "$@"
