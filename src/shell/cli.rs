//! The command line, mirroring `iex` and `elixir`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// An interactive Elixir shell with an OTP supervision runtime inside.
///
/// With no arguments riex starts the shell. Files given are evaluated first,
/// in order (their modules persist, their variables do not), as `iex FILE`
/// does.
#[derive(Parser, Debug, Clone)]
#[command(name = "riex", version, about, long_about = None)]
pub struct Args {
    /// A teaching tool instead of the plain shell.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files to evaluate before the shell starts (or before --replay/--check).
    pub files: Vec<PathBuf>,

    /// Run SCRIPT first; `-S mix` loads and starts the Mix project in the
    /// working directory, as `iex -S mix`.
    #[arg(short = 'S', value_name = "SCRIPT")]
    pub script: Option<String>,

    /// Evaluate EXPR and exit, as `elixir -e`.
    #[arg(short = 'e', long = "eval", value_name = "EXPR")]
    pub eval: Option<String>,

    /// Evaluate FILE.exs and exit, as `elixir FILE.exs`.
    #[arg(long = "run", value_name = "FILE")]
    pub run: Option<PathBuf>,

    /// Feed the inputs of SESSION to the shell as if typed, echoing each after
    /// its prompt, then exit. SESSION holds plain inputs or an iex transcript.
    #[arg(long = "replay", value_name = "SESSION")]
    pub replay: Option<PathBuf>,

    /// Replay the inputs of an iex TRANSCRIPT and compare each output with
    /// the transcript's; print a diff and exit 1 on a mismatch.
    #[arg(long = "check", value_name = "TRANSCRIPT")]
    pub check: Option<PathBuf>,

    /// Start without the supervision demo (the one-word commands).
    #[arg(long = "bare")]
    pub bare: bool,

    /// No colours (also when NO_COLOR is set or stdout is not a terminal).
    #[arg(long = "no-color")]
    pub no_color: bool,
}

/// What riex can do besides starting the shell.
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Play a built-in demo as if typed, with narration; then the shell is
    /// yours, in the same live system. Without NAME, lists the demos.
    Demo {
        /// The demo to play.
        name: Option<String>,
        /// Wait for Enter before each input.
        #[arg(long)]
        step: bool,
        /// No pauses: print the whole demo at once.
        #[arg(long)]
        fast: bool,
        /// No colours.
        #[arg(long = "no-color")]
        no_color: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_a_command_wherever_the_flags_go_and_files_stay_files() {
        let a = Args::try_parse_from(["riex", "--no-color", "demo", "kv", "--step"]).unwrap();
        assert!(a.no_color);
        assert!(matches!(
            a.command,
            Some(Command::Demo { name: Some(ref n), step: true, .. }) if n == "kv"
        ));
        let b = Args::try_parse_from(["riex", "seed.ex", "other.ex"]).unwrap();
        assert!(b.command.is_none());
        assert_eq!(b.files.len(), 2);
    }
}
