//! `--replay`: feeds a session's inputs to the shell as if typed, echoing
//! each after its prompt as a terminal shows it.
//!
//! A session file is either plain inputs (one expression per line,
//! multi-line expressions allowed) or a transcript with `iex(N)>` /
//! `...(N)>` prompts, whose output lines are ignored. Before each prompt the
//! runtime is allowed to settle, so what an input caused is printed after it,
//! in the same order on every run.

use super::session::{Session, Submitted};
use crate::otp::logger::Console;

/// The typed lines of a session file.
pub fn inputs_of(text: &str) -> Vec<String> {
    let is_transcript = text.lines().any(|l| prompt_split(l).is_some());
    if !is_transcript {
        return text.lines().map(str::to_owned).collect();
    }
    let mut inputs: Vec<String> = text
        .lines()
        .filter_map(|l| prompt_split(l).map(str::to_owned))
        .collect();
    // The transcript's last, bare prompt is where typing stopped, not an input.
    while inputs.last().is_some_and(|l| l.trim().is_empty()) {
        inputs.pop();
    }
    inputs
}

/// The text after an `iex(N)>`, `iex>` or `...(N)>` prompt.
pub fn prompt_split(line: &str) -> Option<&str> {
    let rest = if let Some(r) = line.strip_prefix("iex") {
        r
    } else {
        line.strip_prefix("...")?
    };
    let rest = match rest.strip_prefix('(') {
        Some(r) => r.split_once(')')?.1,
        None => rest,
    };
    let rest = rest.strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Replays `lines` in `session`, echoing prompts and inputs to the console.
pub async fn replay(session: &mut Session, lines: &[String]) {
    let console = Console::of_session(session);
    let mut pending = String::new();
    for line in lines {
        let prompt = if pending.is_empty() {
            session.prompt()
        } else {
            session.continuation()
        };
        console.write(&format!("{prompt}{line}\n"));
        if line.trim() == "#iex:break" {
            if !pending.is_empty() {
                session.abandon();
                pending.clear();
            }
            continue;
        }
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if session.submit(&pending).await == Submitted::Incomplete {
            continue;
        }
        pending.clear();
        session.settle().await;
    }
    session.settle().await;
    console.write(&format!("{}\n", session.prompt()));
}

impl Console {
    /// The console a session writes to.
    pub fn of_session(session: &Session) -> std::sync::Arc<Console> {
        session.console()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_give_their_typed_lines() {
        let t = "iex(1)> 1 +\n...(1)> 2\n3\niex(2)> :ok\n:ok\niex> x\n";
        assert_eq!(inputs_of(t), vec!["1 +", "2", ":ok", "x"]);
    }

    #[test]
    fn plain_files_are_their_lines() {
        assert_eq!(inputs_of("a\nb\n"), vec!["a", "b"]);
    }
}
