//! The command line, mirroring `iex` and `elixir`.

use clap::Parser;
use std::path::PathBuf;

/// An interactive Elixir shell with an OTP supervision runtime inside.
///
/// With no arguments riex starts the shell. Files given are evaluated first,
/// in order (their modules persist, their variables do not), as `iex FILE`
/// does.
#[derive(Parser, Debug, Clone)]
#[command(name = "riex", version, about, long_about = None)]
pub struct Args {
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
