//! `--replay`: feeds a session's inputs to the shell as if typed, echoing
//! each after its prompt as a terminal shows it.
//!
//! A session file is either plain inputs (one expression per line,
//! multi-line expressions allowed) or a transcript with `iex(N)>` /
//! `...(N)>` prompts, whose output lines are ignored. A demo is plain inputs
//! whose first line is `# title: ...`: there a line that starts with `#` is
//! narration, shown as it is, not typed (`#iex:` lines excepted). Elsewhere
//! every line is typed, a comment included, as iex would take it. Before each prompt the runtime is allowed to settle, so
//! what an input caused is printed after it, in the same order on every run.

use super::pending::{Entered, Pending};
use super::session::Session;
use crate::otp::logger::Console;

/// The first line of a demo: `# title: what it shows`. A session file
/// that starts with it is narrated.
pub const TITLE: &str = "# title:";

/// One line of a session file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Typed at the prompt.
    Typed(String),
    /// Shown to the reader, not typed: a plain session's `#` line.
    Narration(String),
}

/// The lines of a session file: typed lines and narration.
pub fn script_of(text: &str) -> Vec<Line> {
    let is_transcript = text.lines().any(|l| prompt_split(l).is_some());
    if !is_transcript {
        let narrated = text.starts_with(TITLE);
        return text
            .lines()
            .map(
                |l| match narrated && l.starts_with('#') && !l.starts_with("#iex:") {
                    true => Line::Narration(l.to_owned()),
                    false => Line::Typed(l.to_owned()),
                },
            )
            .collect();
    }
    let mut inputs: Vec<String> = text
        .lines()
        .filter_map(|l| prompt_split(l).map(str::to_owned))
        .collect();
    // The transcript's last, bare prompt is where typing stopped, not an input.
    while inputs.last().is_some_and(|l| l.trim().is_empty()) {
        inputs.pop();
    }
    inputs.into_iter().map(Line::Typed).collect()
}

/// The typed lines of a session file.
pub fn inputs_of(text: &str) -> Vec<String> {
    script_of(text)
        .into_iter()
        .filter_map(|l| match l {
            Line::Typed(t) => Some(t),
            Line::Narration(_) => None,
        })
        .collect()
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

/// Replays `lines` in `session`, echoing prompts and inputs to the console,
/// and narration as it is (dimmed, in colour).
pub async fn replay(session: &mut Session, lines: &[Line]) {
    let console = Console::of_session(session);
    let mut pending = Pending::default();
    for line in lines {
        let line = match line {
            Line::Typed(line) => line,
            Line::Narration(text) => {
                console.write(&format!("{}\n", narration(text)));
                continue;
            }
        };
        console.write(&format!("{}{line}\n", pending.prompt(session)));
        if pending.enter(session, line, false).await == Entered::Pending {
            continue;
        }
        session.settle().await;
    }
    session.settle().await;
    console.write(&format!("{}\n", session.prompt()));
}

/// A narration line as shown: dimmed when colours are on.
pub fn narration(text: &str) -> String {
    use colored::Colorize;
    text.dimmed().to_string()
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

    #[test]
    fn a_demos_hash_lines_are_narration_not_inputs() {
        let text = "# title: t\n# Start one\n{:ok, pid} = Agent.start(fn -> 1 end)\n  # typed\n";
        assert_eq!(
            script_of(text),
            vec![
                Line::Narration("# title: t".into()),
                Line::Narration("# Start one".into()),
                Line::Typed("{:ok, pid} = Agent.start(fn -> 1 end)".into()),
                Line::Typed("  # typed".into()),
            ]
        );
        assert_eq!(inputs_of(text).len(), 2);
    }

    #[test]
    fn iex_break_is_typed_not_narration() {
        let text = "# title: t\n1 +\n#iex:break\n";
        assert_eq!(inputs_of(text), vec!["1 +", "#iex:break"]);
    }

    #[test]
    fn a_plain_files_comments_are_typed_as_iex_takes_them() {
        assert_eq!(inputs_of("# hi\n1\n"), vec!["# hi", "1"]);
    }

    #[test]
    fn a_transcripts_hash_inputs_stay_inputs() {
        assert_eq!(
            script_of("iex(1)> # hi\nnil\n"),
            vec![Line::Typed("# hi".into())]
        );
    }
}
