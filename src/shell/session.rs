//! A shell session: the prompt counter, the shell process, and what is
//! printed for each input — the part of iex that replay, check and the
//! interactive REPL share.
//!
//! All output goes through the node's console, the same sink crash reports
//! and `IO.puts` from other processes use, so text appears in the order it
//! happened.

use super::evaluator::{Evaluated, ShellProcess};
use super::helpers::{History, ShellHelpers};
use crate::lang::eval::{Helpers, Scope};
use crate::lang::parser::{self, format_error, incomplete_message};
use crate::otp::logger::Console;
use crate::runtime::Node;
use crate::term::exception::format_exit;
use crate::term::inspect::{eval_result, Opts};
use crate::term::{atom, Exception, Term};
use colored::Colorize;
use std::sync::Arc;

/// How much work the shell waits for, after an input or at the end of a
/// script, for the processes it set going to settle, so that what they
/// print (a crash report, `IO.puts`) comes before the next prompt: this
/// many time slices (about a million reductions, a tenth of a second or so).
/// A process still busy after it goes on in the background, as it would
/// beside iex.
pub const SETTLE_SLICES: u32 = 512;

/// In real time, the longest the shell waits so (a slice of natives doing
/// large work, such as sorting long lists, can take long).
pub const SETTLE_TIME: std::time::Duration = std::time::Duration::from_millis(250);

/// The banner iex prints on start and after the shell process dies.
pub fn banner() -> String {
    format!(
        "Interactive Elixir (riex {}) - press Ctrl+C to exit (type h() ENTER for help)\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The text of `.iex.exs` in the working directory, else in the home directory.
fn dot_iex() -> Option<String> {
    let here = std::path::Path::new(".iex.exs");
    if let Ok(t) = std::fs::read_to_string(here) {
        return Some(t);
    }
    let home = std::env::var_os("HOME")?;
    std::fs::read_to_string(std::path::Path::new(&home).join(".iex.exs")).ok()
}

/// What submitting text did.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// The expression goes on: more lines are needed.
    Incomplete,
    /// It was evaluated (or rejected), and its output printed.
    Done,
}

/// One user's shell.
pub struct Session {
    node: Arc<Node>,
    console: Arc<Console>,
    shell: ShellProcess,
    scope: Arc<Scope>,
    env: Arc<parking_lot::Mutex<crate::lang::eval::Env>>,
    history: Arc<History>,
    counter: u32,
    pending_dot_iex: bool,
    colors: bool,
    commands: Option<Arc<dyn Helpers>>,
}

impl Session {
    /// Starts a session with its shell process; `commands` are the one-word
    /// supervision commands (none with `--bare`).
    pub fn new(node: &Arc<Node>, colors: bool, commands: Option<Arc<dyn Helpers>>) -> Session {
        let history = Arc::new(History::default());
        let scope = Self::make_scope(&history, &commands);
        let env = Arc::default();
        let shell = ShellProcess::start(node, scope.clone(), Arc::clone(&env));
        Console::of(node).warnings_in_output();
        Session {
            node: node.clone(),
            console: Console::of(node),
            shell,
            scope,
            env,
            history,
            counter: 1,
            pending_dot_iex: false,
            colors,
            commands,
        }
    }

    fn make_scope(history: &Arc<History>, commands: &Option<Arc<dyn Helpers>>) -> Arc<Scope> {
        let helpers = ShellHelpers {
            history: history.clone(),
            commands: commands.clone(),
        };
        Scope::new("iex", Some(Arc::new(helpers)))
    }

    /// `iex(N)> `.
    pub fn prompt(&self) -> String {
        format!("iex({})> ", self.counter)
    }

    /// `...(N)> `.
    pub fn continuation(&self) -> String {
        format!("...({})> ", self.counter)
    }

    /// The prompt counter.
    pub fn counter(&self) -> u32 {
        self.counter
    }

    /// The shell process's PID.
    pub fn shell_pid(&self) -> crate::term::Pid {
        self.shell.pid
    }

    /// The bindings of the shell process (what completion offers).
    pub fn bindings(&self) -> Arc<parking_lot::Mutex<crate::lang::eval::Env>> {
        self.env.clone()
    }

    /// The node the session runs on.
    pub fn node(&self) -> Arc<Node> {
        self.node.clone()
    }

    /// The console the session writes to.
    pub fn console(&self) -> Arc<Console> {
        self.console.clone()
    }

    fn write(&self, text: &str) {
        self.console.write(text);
    }

    /// Evaluates `source` (one or more lines) unless it is incomplete.
    pub async fn submit(&mut self, source: &str) -> Submitted {
        // The shell may have died since the last input settled (a linked
        // process crashed later): the input goes to the new shell.
        if let Some(reason) = self.shell.died() {
            self.died_at_prompt(reason).await;
        }
        let ast = match parser::parse_continuation(source, self.counter) {
            Ok(ast) => ast,
            Err(e @ crate::lang::ast::ParseError::Incomplete { .. }) => {
                let _ = e;
                return Submitted::Incomplete;
            }
            Err(e) => {
                self.write(&self.red(&format!(
                    "{}\n\n",
                    format_error(&e, source, "iex", self.counter)
                )));
                return Submitted::Done;
            }
        };
        match self.shell.eval(Arc::new(ast)).await {
            Evaluated::Done(outcome) => {
                for w in &outcome.warnings {
                    self.console.warn(w);
                }
                match outcome.result {
                    Ok(value) => {
                        let opts = Opts {
                            syntax_colors: self.colors,
                            ..Opts::iex()
                        };
                        if !value.is_atom(crate::shell::helpers::dont_display()) {
                            let shown =
                                crate::term::inspect::with_overrides(outcome.inspected, || {
                                    eval_result(&value, &opts)
                                });
                            self.write(&format!("{shown}\n"));
                        }
                        self.history.push(self.counter, value);
                        self.counter += 1;
                    }
                    Err(e) => self.write(&self.error_text_with(&e, outcome.message.as_deref())),
                }
            }
            Evaluated::Died(reason) => self.shell_died(reason).await,
        }
        Submitted::Done
    }

    /// `#iex:break`: abandons the pending input.
    pub fn abandon(&self) {
        self.write(&self.red(&format!("{}\n\n", incomplete_message(self.counter))));
    }

    /// Waits until every process is idle, so that what the last input
    /// caused (crash reports, the shell's own death) is printed now.
    pub async fn settle(&mut self) {
        self.node
            .until_quiet_or_busy_for(SETTLE_SLICES, SETTLE_TIME)
            .await;
        if let Some(reason) = self.shell.died() {
            self.shell_died(reason).await;
        }
        self.after_respawn().await;
    }

    /// Waits until the shell process dies while the prompt waits for a
    /// line (a linked process crashed later); its reason. Cancel-safe.
    pub async fn shell_death(&mut self) -> Term {
        self.shell.death().await
    }

    /// The shell died while the prompt waited: says so, as iex does at
    /// once, and starts the next shell.
    pub async fn died_at_prompt(&mut self, reason: Term) {
        self.shell_died(reason).await;
        self.after_respawn().await;
    }

    async fn shell_died(&mut self, reason: Term) {
        if !reason.is_atom(atom::NORMAL) {
            let text = format!(
                "** (EXIT from {}) shell process exited with reason: {}\n",
                self.shell.pid,
                format_exit(&reason)
            );
            self.write(&self.red(&text));
        }
        self.write(&format!("\n{}", banner()));
        self.respawn();
    }

    fn respawn(&mut self) {
        self.history.clear();
        self.scope = Self::make_scope(&self.history, &self.commands);
        *self.env.lock() = crate::lang::eval::Env::new();
        self.shell = ShellProcess::start(&self.node, self.scope.clone(), self.env.clone());
        self.counter = 1;
        self.load_dot_iex_quietly();
    }

    /// Ctrl-C during an evaluation: the evaluation is killed; the bindings
    /// and the prompt counter stay.
    pub async fn interrupt(&mut self) {
        self.shell.kill(&self.node).await;
        self.shell = ShellProcess::start(&self.node, self.scope.clone(), self.env.clone());
        self.write(&self.red("\n** (exit) interrupted\n"));
    }

    /// Evaluates `.iex.exs` (in the working directory, else the home
    /// directory) in the shell process: its bindings stay, nothing is printed
    /// but errors.
    pub async fn load_dot_iex(&mut self) {
        let Some(text) = dot_iex() else { return };
        let Ok(ast) = parser::parse(&text, 1) else {
            self.write(&self.red("** error in .iex.exs: it does not parse\n"));
            return;
        };
        match self.shell.eval(Arc::new(ast)).await {
            Evaluated::Done(outcome) => {
                if let Err(e) = outcome.result {
                    self.write(&self.error_text(&e));
                }
            }
            // `.iex.exs` took the shell down: the next shell starts without
            // it, or it would do so again and again.
            Evaluated::Died(reason) => {
                self.shell_died(reason).await;
                self.pending_dot_iex = false;
            }
        }
    }

    fn load_dot_iex_quietly(&mut self) {
        self.pending_dot_iex = dot_iex().is_some();
    }

    /// Runs a `.iex.exs` reload that a respawn scheduled.
    pub async fn after_respawn(&mut self) {
        if std::mem::take(&mut self.pending_dot_iex) {
            self.load_dot_iex().await;
        }
    }

    /// The text iex prints for an exception escaping an input, in red.
    fn error_text(&self, e: &Exception) -> String {
        self.error_text_with(e, None)
    }

    fn error_text_with(&self, e: &Exception, message: Option<&str>) -> String {
        let e = super::errors::as_escaped_input(e);
        let text = super::errors::error_text_with(&self.node, &e, message);
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        format!("{}\n{rest}", self.red(first))
    }

    fn red(&self, s: &str) -> String {
        if self.colors {
            s.red().to_string()
        } else {
            s.to_owned()
        }
    }
}
