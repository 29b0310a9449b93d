//! `--check`: replays a transcript's inputs and compares what riex prints
//! after each input with what the transcript shows.
//!
//! What legitimately differs between two runs of the same session is
//! normalised away, as the oracle does: log timestamps, PID and reference
//! numbers (renumbered by first appearance), `#Function<...>` bodies,
//! stack-frame lines, blank lines and the banner's version. Lines within one
//! block may come in another order (asynchronous logs).

use super::replay::prompt_split;

/// One typed line and the lines printed after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The typed line.
    pub input: String,
    /// The output after it, normalised.
    pub output: Vec<String>,
}

/// Splits a transcript into blocks, normalising as it goes.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut renamer = Renamer::default();
    let mut out: Vec<Block> = Vec::new();
    for raw in text.lines() {
        let line = strip_ansi(raw.trim_end_matches('\r'));
        if let Some(input) = prompt_split(&line) {
            if !input.trim().is_empty() || line.starts_with("...") {
                out.push(Block {
                    input: input.to_owned(),
                    output: Vec::new(),
                });
            }
            continue;
        }
        if let Some(n) = normalise(&line, &mut renamer) {
            if let Some(last) = out.last_mut() {
                last.output.push(n);
            }
        }
    }
    out
}

/// The differences between an expected and an actual transcript, readable.
pub fn compare(expected: &[Block], actual: &[Block]) -> Vec<String> {
    let mut diffs = Vec::new();
    for (i, want) in expected.iter().enumerate() {
        let Some(got) = actual
            .iter()
            .skip(i)
            .find(|b| b.input.trim_end() == want.input.trim_end())
        else {
            diffs.push(format!("input never echoed: {}", want.input));
            continue;
        };
        let mut a = want.output.clone();
        let mut b = got.output.clone();
        a.sort();
        b.sort();
        if a != b && canon(&want.output) != canon(&got.output) {
            diffs.push(format!(
                "after: {}\n  expected:\n{}\n  got:\n{}",
                want.input,
                indent(&want.output),
                indent(&got.output)
            ));
        }
    }
    diffs
}

/// A block as one string, whitespace folded and the object code in
/// `{:module, Name, <<...>>, ...}` blanked: riex compiles a module to its
/// own form, not to BEAM bytecode, so the binary (and how the tuple wraps)
/// differs from iex's.
fn canon(lines: &[String]) -> String {
    let joined = lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(joined.len());
    let mut rest = joined.as_str();
    while let Some(i) = rest.find("{:module, ") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let name_end = after[10..].find(", <<").map(|j| j + 10);
        match name_end.and_then(|j| after[j..].find(">>").map(|k| (j, j + k + 2))) {
            Some((j, end)) => {
                out.push_str(&after[..j]);
                out.push_str(", <<>>");
                rest = &after[end..];
            }
            None => {
                out.push_str(&after[..10]);
                rest = &after[10..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn indent(lines: &[String]) -> String {
    if lines.is_empty() {
        return "    (nothing)".into();
    }
    lines
        .iter()
        .map(|l| format!("    | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Normalises one output line; `None` for lines that never count.
fn normalise(line: &str, renamer: &mut Renamer) -> Option<String> {
    let line = line.trim_end();
    if line.trim().is_empty() || line.starts_with("Erlang/OTP ") || line.starts_with("riex ") {
        return None;
    }
    if line.starts_with("Interactive Elixir") {
        return Some("Interactive Elixir".into());
    }
    if is_frame(line) {
        return None;
    }
    let line = strip_timestamp(line);
    Some(renamer.rename(line))
}

/// `HH:MM:SS.mmm ` at the start of a log line.
fn strip_timestamp(line: &str) -> &str {
    let b = line.as_bytes();
    let shape = b.len() > 13
        && b[2] == b':'
        && b[5] == b':'
        && b[8] == b'.'
        && b[12] == b' '
        && [0, 1, 3, 4, 6, 7, 9, 10, 11]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if shape {
        &line[13..]
    } else {
        line
    }
}

/// A stack frame line: four or more spaces, maybe `(app x.y)`, then `file:line: `.
fn is_frame(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent < 4 {
        return false;
    }
    let mut rest = line.trim_start();
    if rest.starts_with('(') {
        match rest.find(") ") {
            Some(i) => rest = rest[i + 2..].trim_start(),
            None => return false,
        }
    }
    let Some(colon) = rest.find(':') else {
        return false;
    };
    let (file, after) = rest.split_at(colon);
    if file.is_empty() || file.contains(' ') {
        return false;
    }
    let after = &after[1..];
    let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && after[digits..].starts_with(": ")
}

#[derive(Default)]
struct Renamer {
    pids: Vec<String>,
    refs: Vec<String>,
}

impl Renamer {
    fn rename(&mut self, line: &str) -> String {
        let line = replace_each(line, "#PID<", '>', |body| {
            let i = position(&mut self.pids, body);
            format!("#PID<{i}>")
        });
        let line = replace_each(&line, "#Reference<", '>', |body| {
            let i = position(&mut self.refs, body);
            format!("#Reference<{i}>")
        });
        replace_each(&line, "#Function<", '>', |_| "#Function<>".into())
    }
}

fn position(seen: &mut Vec<String>, body: &str) -> usize {
    match seen.iter().position(|s| s == body) {
        Some(i) => i + 1,
        None => {
            seen.push(body.to_owned());
            seen.len()
        }
    }
}

fn replace_each(line: &str, open: &str, close: char, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        match after.find(close) {
            Some(j) => {
                out.push_str(&f(&after[..j]));
                rest = &after[j + close.len_utf8()..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_refs_timestamps_and_frames_are_normalised() {
        let t = "iex(1)> self()\n#PID<0.108.0>\niex(2)> x\n\n03:05:41.261 [error] boom #PID<0.99.0> #PID<0.108.0>\n    (stdlib 4.2) gen_server.erl:1123: :gen_server.try_dispatch/4\n#Function<42.3316493/1 in :erl_eval.expr/6>\n";
        let b = blocks(t);
        assert_eq!(b[0].output, vec!["#PID<1>"]);
        assert_eq!(
            b[1].output,
            vec!["[error] boom #PID<2> #PID<1>", "#Function<>"]
        );
    }

    #[test]
    fn a_module_s_object_code_is_not_compared() {
        let want = blocks("iex(1)> defmodule A do\n...(1)> end\n{:module, A,\n <<70, 79, 82, 49, 0, 0,\n   5, ...>>, nil}\n");
        let got = blocks("iex(1)> defmodule A do\n...(1)> end\n{:module, A, <<1, 2>>, nil}\n");
        assert!(compare(&want, &got).is_empty());
        let other = blocks("iex(1)> defmodule A do\n...(1)> end\n{:module, A, <<1, 2>>, :x}\n");
        assert_eq!(compare(&want, &other).len(), 1);
    }

    #[test]
    fn a_differing_block_is_reported_with_both_sides() {
        let want = blocks("iex(1)> 1 + 1\n2\n");
        let got = blocks("iex(1)> 1 + 1\n3\n");
        let d = compare(&want, &got);
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("| 2") && d[0].contains("| 3"));
    }

    #[test]
    fn log_lines_may_come_in_another_order_within_a_block() {
        let want = blocks("iex(1)> go\n[info] a\n[info] b\n:ok\n");
        let got = blocks("iex(1)> go\n[info] b\n[info] a\n:ok\n");
        assert!(compare(&want, &got).is_empty());
    }
}
