#!/usr/bin/env bash
# Runs the budget benchmarks in release mode and prints one line per budget:
#
#   budget | target | measured | status
#
# Criterion figures are medians (target/criterion/budget/<bench>/new/estimates.json);
# the memory figure is the line `RIEX-BUDGET ...` that benches/memory.rs prints.
# Extra arguments go to every bench binary (e.g. a criterion filter).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
crit="$target_dir/criterion/budget"
log="$target_dir/bench-output.txt"
mkdir -p "$target_dir"

# Forget the previous run's figures, so a bench that did not run shows "n/a".
rm -f "$crit"/*/new/estimates.json

# The machine's memory latency, before and after: budgets over 100,000
# processes pay main-memory reads, whose cost drifts on this virtual machine.
machine() { cargo bench --bench machine 2>/dev/null | sed -nE 's/^RIEX-MACHINE memory_read_ns ([0-9]+).*/\1/p'; }
read_before="$(machine)"
cargo bench --bench gen_server_call --bench supervisor --bench spawn --bench registry --bench memory \
    --bench elixir_define --bench elixir_gen_server_call --bench elixir_supervisor --bench elixir_memory -- "$@" 2>&1 | tee "$log"
read_after="$(machine)"

# median <bench id>: the median time per iteration in ns, or nothing.
median() {
    local f="$crit/$1/new/estimates.json"
    [ -f "$f" ] || return 0
    sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([-0-9.eE+]+).*/\1/' "$f"
}

# row <budget> <target text> <limit> <unit> <value in unit>
row() {
    local budget="$1" target="$2" limit="$3" unit="$4" value="$5"
    if [ -z "$value" ]; then
        printf '%-46s | %-10s | %-14s | %s\n' "$budget" "$target" "n/a" "not run"
        return
    fi
    awk -v b="$budget" -v t="$target" -v l="$limit" -v u="$unit" -v v="$value" 'BEGIN {
        if (u == "B") m = sprintf("%.0f B", v); else m = sprintf("%.3g %s", v, u);
        s = (t == "-") ? "-" : (v <= l ? "OK" : "OVER")
        printf "%-46s | %-10s | %-14s | %s\n", b, t, m, s
    }'
}

# ns <bench id> <divisor>: the median converted from ns.
ns() {
    local m
    m="$(median "$1")"
    [ -n "$m" ] && awk -v m="$m" -v d="$2" 'BEGIN { printf "%.6g", m / d }'
    return 0
}

mem="$(sed -nE 's/^RIEX-BUDGET memory_per_idle_supervised_child_bytes ([0-9.]+).*/\1/p' "$log" | tail -n1)"
ex_mem="$(sed -nE 's/^RIEX-BUDGET memory_per_idle_supervised_elixir_gen_server_bytes ([0-9.]+).*/\1/p' "$log" | tail -n1)"
loop_mem="$(sed -nE 's/^RIEX-BUDGET memory_per_idle_elixir_receive_loop_bytes ([0-9.]+).*/\1/p' "$log" | tail -n1)"

echo
echo "budget                                         | target     | measured       | status"
echo "-----------------------------------------------+------------+----------------+-------"
row "1. start 100k children under a DynSup"        "<= 0.3 s"   0.3  s  "$(ns dynsup_start_100k_children 1e9)"
row "2. memory per idle supervised child"           "<= 1000 B"  1000 B  "$mem"
row "3. GenServer.call round trip"                  "<= 2 us"    2    us "$(ns gen_server_call_round_trip 1e3)"
row "4. child crash (kill) to replacement answering" "<= 20 us"  20   us "$(ns dynsup_kill_to_replacement_call 1e3)"
row "5. stop a DynSup holding 100k children"       "<= 0.5 s"   0.5  s  "$(ns dynsup_stop_100k_children 1e9)"
row "6. Registry.lookup"                            "<= 200 ns"  200  ns "$(ns registry_lookup 1)"
row "7. spawn and exit 1M processes"                "<= 1 s"     1    s  "$(ns spawn_exit_1m_processes 1e9)"
row "8. defmodule of 50 functions (parse + eval)" "<= 1 ms"  1    ms "$(ns define_module_50_functions 1e6)"
row "9. GenServer.call to an Elixir GenServer"  "<= 1 us"   1    us "$(ns elixir_gen_server_call_round_trip 1e3)"
row "10. start 100k Elixir children under a DynSup" "<= 0.3 s" 0.3  s  "$(ns elixir_dynsup_start_100k 1e9)"
row "11. memory per idle supervised Elixir child" "<= 1000 B" 1000 B "$ex_mem"
row "12. memory per idle Elixir receive loop"     "<= 1000 B" 1000 B "$loop_mem"
row "13. GenServer.call to a traced server"       "<= 10 us"  10   us "$(ns elixir_gen_server_call_traced 1e3)"
echo
echo "also measured (not budgets):"
row "   call round trip, :infinity timeout"         "-"          0 us "$(ns gen_server_call_round_trip_infinity 1e3)"
row "   child crash (raise + report) to replacement" "-"         0 us "$(ns dynsup_raise_to_replacement_call 1e3)"
row "   Registry.lookup through apply/3"            "-"          0 ns "$(ns registry_lookup_apply 1)"
row "   Registry.lookup, keys in random order"       "-"          0 ns "$(ns registry_lookup_shuffled 1)"
row "   defmodule of 50 functions, shell session" "-"         0 ms "$(ns define_module_50_functions_session 1e6)"
row "   call to an Elixir GenServer, :infinity"  "-"          0 us "$(ns elixir_gen_server_call_round_trip_infinity 1e3)"
row "   start 100k Elixir children, Elixir loop" "-"       0 s  "$(ns elixir_dynsup_start_100k_from_elixir_loop 1e9)"
echo
echo "machine: one main-memory read took ${read_before:-?} ns before and ${read_after:-?} ns after"
echo "(benches/machine.rs; earlier sessions saw about 200 ns)"
