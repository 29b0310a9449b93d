#!/usr/bin/env python3
"""Records a demo's transcript from real iex (Elixir 1.14 / OTP 25).

    python3 scripts/demos/record.py NAME.iex [OUT.transcript] [--all] [--settle SECONDS]

Feeds the demo's inputs (every line not starting with `#` at column 0; with
--all, the narration lines too) to `iex` in a pseudo-terminal (TERM=dumb),
waiting for the prompt `(iex|...)(N)> ` after each line, and writes what the
terminal showed from the first `iex(1)>` prompt, without ANSI codes or
trailing spaces, ending with the final bare prompt. OUT defaults to
NAME.transcript beside NAME.iex.

After each `iex(N)>` prompt it waits SECONDS (default 0.6) for late output.
Output that raced the prompt (printed after it, then the prompt redrawn) is
moved before that prompt (before the banner, if a new shell's banner is just
above it), which is where riex prints it; each such edit is reported on
stderr. iex is started in an empty temporary folder, so no .iex.exs is read.
Needs python3 with pexpect.
"""
import os, re, sys, tempfile, time
import pexpect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = r"(iex|\.\.\.)\(\d+\)> "
BARE = re.compile(r"^iex\(\d+\)>$")
IS_PROMPT = re.compile(r"^(iex|\.\.\.)\(\d+\)>")


def inputs_of(path, everything):
    lines = open(path).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines if everything else [l for l in lines if not l.startswith("#")]


def move_races(lines):
    """A bare prompt, then output, then the prompt redrawn: the output raced
    the prompt. Moves it before the prompt (and before a banner above it)."""
    out = list(lines)
    i = 0
    while i < len(out) - 1:
        if BARE.match(out[i]) and not IS_PROMPT.match(out[i + 1]):
            j = i + 1
            while j < len(out) and not IS_PROMPT.match(out[j]):
                j += 1
            if j == len(out):
                break  # output after the final prompt: left as it is
            late = out[i + 1:j]
            at = i
            if at > 0 and out[at - 1].startswith("Interactive Elixir"):
                at -= 1
                while at > 0 and out[at - 1] == "":
                    at -= 1
            block = ([""] if late[0] != "" else []) + late
            print("moved before line %d: %r" % (at + 1, late), file=sys.stderr)
            out = out[:at] + block + out[at:i] + out[j:]
            i = at + len(block)
        i += 1
    return out


def record(demo, out, everything=False, settle=0.6):
    env = dict(os.environ, TERM="dumb")
    with tempfile.TemporaryDirectory() as cwd:
        c = pexpect.spawn("iex", env=env, encoding="utf-8", timeout=60,
                          dimensions=(50, 200), cwd=cwd)
        c.expect(r"iex\(1\)> ")
        text = c.after
        for line in inputs_of(demo, everything):
            c.send(line + "\r")
            c.expect(PROMPT)
            text += c.before + c.after
            if c.after.startswith("iex"):
                late = ""
                deadline = time.time() + settle
                while time.time() < deadline:
                    try:
                        late += c.read_nonblocking(4096, timeout=0.1)
                    except pexpect.TIMEOUT:
                        pass
                if late:
                    print("late output after %r: %r" % (line, ANSI.sub("", late)), file=sys.stderr)
                    text += late
        c.terminate(force=True)
    clean = ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "")
    lines = [l.rstrip() for l in clean.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    with open(out, "w") as f:
        f.write("\n".join(move_races(lines)) + "\n")


def main():
    args = sys.argv[1:]
    everything = "--all" in args
    args = [a for a in args if a != "--all"]
    settle = 0.6
    if "--settle" in args:
        i = args.index("--settle")
        settle = float(args[i + 1])
        del args[i:i + 2]
    if not 1 <= len(args) <= 2:
        sys.exit(__doc__)
    demo = args[0]
    out = args[1] if len(args) == 2 else re.sub(r"\.iex$", "", demo) + ".transcript"
    record(demo, out, everything, settle)


if __name__ == "__main__":
    main()
