#!/usr/bin/env python3
"""Side-by-side benchmark of riex and real Elixir (run it as scripts/compare.sh).

Each `scripts/compare/{comp,proc}_*.exs` script is run N times with
`riex --run` and N times with `elixir`, alternating (riex then elixir, then
elixir then riex, ...). Each `scripts/compare/prompt_*.txt` file is fed on
stdin to riex's prompt and to `iex --dot-iex ""` the same way. Every run prints
lines `RIEX-FIGURE <name> <microseconds>` (the script's own median over its
in-script repetitions); per figure and per tool the median over the N runs is
reported, in Markdown tables with the ratio riex/elixir (or riex/iex) and the
geometric mean of the ratios per group. See scripts/compare/README.md.
"""

import argparse
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "scripts" / "compare"
FIGURE = re.compile(r"RIEX-FIGURE (\S+) (\d+)\s*$")
GROUPS = [("comp_", "computation"), ("proc_", "processes"), ("prompt_", "prompt")]


def parse_args():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    p = argparse.ArgumentParser(
        prog="scripts/compare.sh",
        description="Runs the same Elixir work with riex and with real Elixir; prints Markdown tables.",
    )
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="only the scripts whose file name contains one of these (e.g. comp_fib, proc_, prompt)")
    p.add_argument("-n", "--runs", type=int, default=5, help="runs per script and tool (default 5)")
    p.add_argument("-t", "--timeout", type=float, default=120, help="seconds before one run is killed (default 120)")
    p.add_argument("--riex", default=os.environ.get("RIEX", str(target / "release" / "riex")),
                   help="the riex binary (default $RIEX, else $CARGO_TARGET_DIR/release/riex, else target/release/riex)")
    p.add_argument("--elixir", default=shutil.which("elixir"), help="the elixir command (default: elixir on PATH)")
    p.add_argument("--iex", default=shutil.which("iex"), help="the iex command (default: iex on PATH)")
    p.add_argument("--no-elixir", action="store_true", help="run riex only")
    p.add_argument("--no-prompt", action="store_true", help="skip the prompt_*.txt inputs")
    p.add_argument("--prompt-only", action="store_true", help="only the prompt_*.txt inputs")
    a = p.parse_args()
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if a.no_elixir:
        a.elixir = a.iex = None
    return a


def group_of(path):
    return next(g for prefix, g in GROUPS if path.name.startswith(prefix))


def select(args):
    files = sorted(BENCH_DIR.glob("comp_*.exs")) + sorted(BENCH_DIR.glob("proc_*.exs"))
    prompts = sorted(BENCH_DIR.glob("prompt_*.txt"))
    if args.prompt_only:
        files = []
    if args.no_prompt:
        prompts = []
    files += prompts
    if args.names:
        files = [f for f in files if any(n in f.name for n in args.names)]
    return files


class Run:
    """One run of one tool on one script."""

    def __init__(self, status, figures, detail, seconds):
        self.status = status  # "ok", "error" or "timeout"
        self.figures = figures  # [(name, microseconds)] in printed order
        self.detail = detail  # first lines of the error, if any
        self.seconds = seconds


def run(cmd, stdin_path, timeout, cwd, env):
    """Runs a script (stdin_path None) or feeds a prompt its input file."""
    start = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=cwd, env=env, start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)  # the run's own process group only
        out, err = proc.communicate()
    finally:
        if stdin_path:
            stdin.close()
    seconds = time.monotonic() - start
    out = out.decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    figures = []
    for line in out.splitlines():
        m = FIGURE.search(line)
        if m:
            figures.append((m.group(1), int(m.group(2))))
    # A script that fails exits non-zero; an input that fails at a prompt
    # prints `** (...)` and the session goes on, so look for that too.
    lines = out.splitlines()
    error_lines = [l for l in lines if l.lstrip("iex().0123456789> ").startswith("** (")] if stdin_path else []
    # A crash report of another process often says what went wrong first.
    logged = next((lines[i:i + 2] for i, l in enumerate(lines) if "[error]" in l), [])
    if timed_out:
        status = "timeout"
        detail = f"killed after {timeout:g} s"
    elif proc.returncode != 0 or error_lines:
        status = "error"
        detail = first_lines(err) or first_lines("\n".join(error_lines)) or first_lines(out)
        if not detail:
            detail = f"exit status {proc.returncode}"
        if logged:
            detail += "\nlogged before: " + " / ".join(l.strip() for l in logged)
    else:
        status, detail = "ok", ""
    return Run(status, figures, detail, seconds)


def first_lines(text, n=3):
    lines = [l.rstrip() for l in text.splitlines() if l.strip() and not FIGURE.search(l)]
    # Drop the banner of a prompt session.
    lines = [l for l in lines if not l.startswith(("Interactive Elixir", "riex "))]
    return "\n".join(lines[:n])


def fmt_ms(us):
    v = us / 1000
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_ratio(r):
    if r >= 100:
        return f"{r:.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    if r >= 0.1:
        return f"{r:.2f}×"
    return f"{r:.3f}×"


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return " ".join(l.strip() for l in out.splitlines() if l.strip())


def main():
    args = parse_args()
    riex = Path(args.riex)
    if not (riex.is_file() and os.access(riex, os.X_OK)):
        sys.exit(f"compare: no riex binary at {riex}: build it with `cargo build --release`, or pass --riex PATH")
    files = select(args)
    if not files:
        sys.exit("compare: no script matches " + " ".join(args.names))

    # Runs happen in an empty directory, with HOME pointing there for riex, so
    # no .iex.exs is loaded (iex gets --dot-iex "") and no history is written.
    work = tempfile.mkdtemp(prefix="riex-compare-")
    riex_env = dict(os.environ, HOME=work, NO_COLOR="1")
    other_env = dict(os.environ)

    # results[file][tool] = [Run]
    results = {}
    for f in files:
        prompt = group_of(f) == "prompt"
        tools = [("riex", [str(riex)] if prompt else [str(riex), "--run", str(f)], riex_env)]
        ref = args.iex if prompt else args.elixir
        if ref:
            cmd = [ref, "--dot-iex", ""] if prompt else [ref, str(f)]
            tools.append(("iex" if prompt else "elixir", cmd, other_env))
        results[f] = {name: [] for name, _, _ in tools}
        given_up = set()
        for i in range(args.runs):
            order = tools if i % 2 == 0 else list(reversed(tools))
            line = []
            for name, cmd, env in order:
                if name in given_up:
                    line.append(f"{name} skipped")
                    continue
                r = run(cmd, f if prompt else None, args.timeout, work, env)
                results[f][name].append(r)
                line.append(f"{name} {r.status} {r.seconds:.1f}s")
                # A timeout would most likely repeat: do not spend N timeouts on it.
                if r.status == "timeout":
                    given_up.add(name)
            print(f"{f.name} run {i + 1}/{args.runs}: " + ", ".join(line), file=sys.stderr, flush=True)

    shutil.rmtree(work, ignore_errors=True)
    report(args, files, results, riex)


def report(args, files, results, riex):
    print("# riex vs Elixir\n")
    commit = version(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"])
    print(f"- riex: `{riex}` (worktree at {commit})")
    if args.elixir:
        print(f"- elixir: {version([args.elixir, '--version'])}")
    else:
        print("- elixir: not installed (or --no-elixir): riex column only")
    print(f"- {args.runs} runs per script and tool, alternating; each cell is the median over the runs of the "
          f"script's own median of its repetitions; times in ms; per-run timeout {args.timeout:g} s")
    print(f"- machine: {os.cpu_count()} cores, {version(['uname', '-srm'])}\n")

    tables = [
        ("Scripts: `riex --run` vs `elixir`", ["computation", "processes"], "elixir"),
        ("Typed at the prompt: riex vs `iex` (stdin)", ["prompt"], "iex"),
    ]
    problems = []
    for title, groups, ref in tables:
        chosen = [f for f in files if group_of(f) in groups]
        if not chosen:
            continue
        have_ref = any(ref in results[f] for f in chosen)
        print(f"## {title}\n")
        if have_ref:
            print(f"| figure | riex (ms) | {ref} (ms) | riex/{ref} |")
            print("|---|---:|---:|---:|")
        else:
            print("| figure | riex (ms) |")
            print("|---|---:|")
        for g in groups:
            ratios, total = [], 0
            for f in (f for f in chosen if group_of(f) == g):
                for figure, cells, ratio in rows(f, results[f], args.runs, ref):
                    if have_ref:
                        shown = fmt_ratio(ratio) if ratio is not None else "–"
                        print(f"| {figure} | {cells[0]} | {cells[1]} | {shown} |")
                    else:
                        print(f"| {figure} | {cells[0]} |")
                    total += 1
                    if ratio is not None:
                        ratios.append(ratio)
                for tool, runs in results[f].items():
                    bad = [r for r in runs if r.status != "ok"]
                    if bad:
                        problems.append((f, tool, runs, bad))
            if have_ref and ratios:
                gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
                label = "" if g == "prompt" else f" {g}"
                # Figures that failed on either side have no ratio: say how many are in.
                of = f"{len(ratios)} of {total} figures"
                print(f"| **geometric mean{label}** ({of}) | | | **{fmt_ratio(gm)}** |")
        print()

    if problems:
        print("## Failures and timeouts\n")
        for f, tool, runs, bad in problems:
            statuses = sorted({r.status for r in bad})
            skipped = args.runs - len(runs)
            note = f"; the other {skipped} skipped" if skipped else ""
            print(f"- `{f.name}`, {tool}: {' and '.join(statuses)} in {len(bad)} of {len(runs)} runs{note}")
            detail = bad[0].detail
            if detail:
                print("  ```\n" + "\n".join("  " + l for l in detail.splitlines()) + "\n  ```")
        print()


def rows(f, by_tool, n, ref):
    """Yields (figure, [riex cell, ref cell], riex/ref or None) for one script."""
    names = []
    for runs in by_tool.values():
        for r in runs:
            for name, _ in r.figures:
                if name not in names:
                    names.append(name)
    if not names:
        names = [f.stem.split("_", 1)[1] + " (no figure)"]
    for name in names:
        medians = []
        for tool in ["riex", ref]:
            runs = by_tool.get(tool)
            if runs is None:
                medians.append((None, "–"))
                continue
            samples = [us for r in runs for fig, us in r.figures if fig == name]
            if not samples:
                statuses = [r.status for r in runs if r.status != "ok"]
                cell = (statuses[-1] if statuses else "missing")
                medians.append((None, cell))
                continue
            m = statistics.median(samples)
            cell = fmt_ms(m)
            if len(samples) < n:
                cell += f" ({len(samples)}/{n} runs)"
            medians.append((m, cell))
        (a, _), (b, _) = medians
        ratio = a / b if a is not None and b is not None and b > 0 else None
        yield name, [medians[0][1], medians[1][1]], ratio


if __name__ == "__main__":
    main()
