//! IEx's helpers: `h`, `v`, `flush`, `pid`, `clear`, `respawn`, `i`,
//! `runtime_info`, `exports`, plus the one-word supervision commands.

use crate::lang::eval::{Env, EvalFuture, Helpers};
use crate::otp::logger::Console;
use crate::runtime::Ctx;
use crate::term::inspect::{inspect, inspect_opts, Opts};
use crate::term::{atom, Exception, Pid, Term};
use parking_lot::Mutex;
use std::sync::Arc;

/// What a helper returns when it printed what it had to say, so the shell
/// prints no value (IEx's `dont_display_result/0`).
pub fn dont_display() -> crate::term::Atom {
    crate::term::Atom::new("do not show this result in output")
}

/// Results of earlier inputs, by prompt number (for `v/1`).
#[derive(Default)]
pub struct History(Mutex<Vec<(u32, Term)>>);

impl History {
    /// Records the result of input `n`.
    pub fn push(&self, n: u32, value: Term) {
        self.0.lock().push((n, value));
    }

    /// Forgets everything (a new shell process).
    pub fn clear(&self) {
        self.0.lock().clear();
    }

    fn get(&self, n: i64) -> Option<Term> {
        let h = self.0.lock();
        if n < 0 {
            let i = h.len() as i64 + n;
            return (i >= 0).then(|| h[i as usize].1.clone());
        }
        h.iter()
            .find(|(k, _)| *k as i64 == n)
            .map(|(_, v)| v.clone())
    }
}

/// The shell's helpers, sharing the history with the session.
pub struct ShellHelpers {
    /// Results so far.
    pub history: Arc<History>,
    /// The extra one-word commands (absent with `--bare`).
    pub commands: Option<Arc<dyn Helpers>>,
}

const HELPERS: &[(&str, usize)] = &[
    ("h", 0),
    ("v", 0),
    ("v", 1),
    ("flush", 0),
    ("pid", 1),
    ("pid", 3),
    ("clear", 0),
    ("respawn", 0),
    ("i", 1),
    ("runtime_info", 0),
    ("exports", 1),
    ("c", 1),
    ("c", 2),
    ("r", 1),
    ("h", 1),
    ("import_file", 1),
    ("recompile", 0),
];

impl Helpers for ShellHelpers {
    fn has(&self, name: &str, arity: usize) -> bool {
        HELPERS.contains(&(name, arity))
            || self.commands.as_ref().is_some_and(|c| c.has(name, arity))
    }

    fn call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        env: &'a Env,
        name: &'a str,
        args: Vec<Term>,
    ) -> EvalFuture<'a> {
        if !HELPERS.contains(&(name, args.len())) {
            if let Some(c) = &self.commands {
                return c.call(cx, env, name, args);
            }
        }
        Box::pin(async move {
            let console = Console::of(cx.node());
            match (name, &args[..]) {
                ("h", []) => {
                    console.write(HELP);
                    Ok(Term::Atom(dont_display()))
                }
                ("v", []) => self.history.get(-1).ok_or_else(|| v_out_of_bounds(-1)),
                ("v", [Term::Int(n)]) => self.history.get(*n).ok_or_else(|| v_out_of_bounds(*n)),
                ("flush", []) => {
                    for m in cx.drain_mailbox() {
                        console.write(&format!("{}\n", inspect_opts(&m, &Opts::iex())));
                    }
                    Ok(Term::ok())
                }
                ("pid", [Term::Binary(b)]) => parse_pid(&String::from_utf8_lossy(b)),
                ("pid", [Term::Int(0), Term::Int(n), Term::Int(0)]) => {
                    Ok(Term::Pid(Pid(*n as u64)))
                }
                ("clear", []) => {
                    console.write("\x1b[H\x1b[2J");
                    Ok(Term::Atom(dont_display()))
                }
                ("respawn", []) => {
                    let me = cx.self_pid();
                    cx.exit_signal(me, Term::atom(atom::NORMAL));
                    cx.yield_now().await;
                    Ok(Term::atom(atom::TRUE))
                }
                ("i", [t]) => {
                    let mut text = describe(cx, t);
                    if let Term::Pid(p) = t {
                        text.push_str(&super::teach::supervision_of(cx, *p).await);
                    }
                    console.write(&text);
                    Ok(Term::Atom(dont_display()))
                }
                ("runtime_info", []) => {
                    let n = cx.node().process_count();
                    console.write(&format!(
                        "\n## System and architecture \n\nriex version:       {}\nSchedulers:         1 (tokio, single-threaded)\n\n## Statistics / limits \n\nProcesses:          {n}\nModules loaded:     {}\n\n",
                        env!("CARGO_PKG_VERSION"),
                        cx.node().loaded_modules().len()
                    ));
                    Ok(Term::Atom(dont_display()))
                }
                ("exports", [m]) => super::code_helpers::exports(cx, m),
                ("c", [files, ..]) => super::code_helpers::c(cx, files).await,
                ("r", [m]) => super::code_helpers::r(cx, m).await,
                ("recompile", []) => super::mix::recompile(cx).await,
                ("h", [subject]) => {
                    super::code_helpers::h(cx, &subject_of(subject));
                    Ok(Term::Atom(dont_display()))
                }
                _ => Err(Exception::argument_error(&format!(
                    "bad arguments to {name}"
                ))),
            }
        })
    }
}

/// `h`'s argument as the language hands it over: `Mod`, `{Mod, :fun}` or `{Mod, :fun, arity}`.
fn subject_of(t: &Term) -> super::code_helpers::Subject {
    use super::code_helpers::Subject;
    match t.as_tuple() {
        Some([Term::Atom(m), Term::Atom(f)]) => Subject::Function(*m, *f, None),
        Some([Term::Atom(m), Term::Atom(f), Term::Int(a)]) => {
            Subject::Function(*m, *f, Some(*a as usize))
        }
        _ => Subject::Module(t.as_atom().unwrap_or(atom::NIL)),
    }
}

fn v_out_of_bounds(n: i64) -> Exception {
    Exception::runtime_error(&format!("v({n}) is out of bounds"))
}

fn parse_pid(s: &str) -> Result<Term, Exception> {
    let parts: Vec<&str> = s
        .trim_start_matches("#PID<")
        .trim_end_matches('>')
        .split('.')
        .collect();
    match parts[..] {
        ["0", n, "0"] => n
            .parse::<u64>()
            .map(|n| Term::Pid(Pid(n)))
            .map_err(|_| Exception::argument_error(&format!("invalid PID: {s}"))),
        _ => Err(Exception::argument_error("errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of a pid\n")),
    }
}

/// `i(term)`: what the term is.
fn describe(cx: &Ctx, t: &Term) -> String {
    let (data_type, description) = match t {
        Term::Int(_) | Term::Big(_) => ("Integer", String::new()),
        Term::Float(_) => ("Float", String::new()),
        Term::Atom(_) => ("Atom", String::new()),
        Term::Binary(_) => ("BitString", "This is a string: a UTF-8 encoded binary. It's printed surrounded by\n  \"double quotes\" because all UTF-8 encoded code points in it are printable.".to_owned()),
        Term::Tuple(_) => ("Tuple", String::new()),
        Term::Nil | Term::List(_) => ("List", String::new()),
        Term::Map(_) => ("Map", String::new()),
        Term::Fun(_) => ("Function", String::new()),
        Term::Ref(_) => ("Reference", String::new()),
        Term::Pid(p) => {
            let info = cx.node().info(*p, None);
            let mut s = format!("Term\n  {}\nData type\n  PID\nAlive\n  {}\n", inspect(t), info.is_some());
            if let Some(i) = info {
                let name = i.registered_name.map(|n| inspect(&Term::Atom(n))).unwrap_or_else(|| "not registered".into());
                s.push_str(&format!("Name\n  {name}\nLinks\n  {}\nMessage queue length\n  {}\n", links(&i.links), i.message_queue_len));
            }
            s.push_str("Description\n  Use Process.info/1 to get more info about this process\nReference modules\n  Process, Node\nImplemented protocols\n  IEx.Info, Inspect\n");
            return s;
        }
    };
    let mut s = format!("Term\n  {}\nData type\n  {data_type}\n", inspect(t));
    if !description.is_empty() {
        s.push_str(&format!("Description\n  {description}\n"));
    }
    s.push_str(&format!("Reference modules\n  {data_type}\n"));
    s
}

fn links(pids: &[Pid]) -> String {
    if pids.is_empty() {
        return "none".into();
    }
    pids.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

const HELP: &str = "IEx.Helpers

Welcome to Interactive Elixir (riex). You are currently seeing the
documentation for the module IEx.Helpers which provides many helpers to make
Elixir's shell more joyful to work with.

  * clear/0         - clears the screen
  * exports/1       - shows all exports (functions + macros) in a module
  * flush/0         - flushes all messages sent to the shell
  * h/0             - prints this help message
  * i/1             - prints information about the data type of any given term
  * pid/1           - creates a PID from a string
  * pid/3           - creates a PID with the 3 integer arguments passed
  * respawn/0       - respawns the current shell
  * runtime_info/0  - prints runtime info
  * v/0             - retrieves the last value from the history
  * v/1             - retrieves the nth value from the history

The supervision demo (a Registry :worker_registry and a DynamicSupervisor of
transient workers, as in the worker tutorial), unless riex runs with --bare:

  * start_child/1   - starts a worker: start_child \"worker_1\"
  * which_children/0 - lists the workers
  * crash/1         - makes a worker raise: crash \"worker_1\"
  * stop/1          - stops a worker normally (it is not restarted)
  * kill/1          - kills a worker (exit :kill); it is restarted
  * lookup/1        - finds a worker in the registry
  * count/0         - how many workers are registered

Each accepts a worker name or a PID. Given sup: or registry: after their
argument they act on any supervisor or registry:

  * which_children sup: KV.BucketSupervisor
  * start_child {KV.Bucket, []}, sup: KV.BucketSupervisor
  * crash pid(\"0.112.0\")  - any process: it exits with reason :crashed
  * restart :registry, sup: KV.Supervisor - Supervisor.restart_child/2
  * lookup \"key\", registry: MyRegistry  /  count registry: MyRegistry

Seeing supervision:

  * tree/0          - draws the demo tree: each child's module, restart type,
                      restarts and uptime; the strategy and restart budget in use
  * tree/1          - draws a tree by name or PID (tree KV.Supervisor), or
                      every tree of the node: tree :all
  * tree/2          - the same as Mermaid or Graphviz text, to screen or file:
                      tree :all, format: :mermaid, file: \"tree.mmd\"; as an
                      SVG picture: tree file: \"tree.svg\" (or format: :svg); or
                      drawn again as it changes until Enter: tree :all, watch: true
  * trace/1         - prints what a process receives and sends as it happens,
                      named as OTP means it: call, reply, cast, info, EXIT,
                      DOWN, link, exit signal, spawn, restart, exit:
                      trace KV.Registry
  * untrace/0,1     - stops tracing every process, or one
  * seq_trace/1,2   - the messages among processes while a function runs, as a
                      Mermaid sequence diagram (file: \"calls.mmd\" writes it,
                      and its SVG picture to calls.svg):
                      seq_trace fn -> GenServer.call(MyStack, :pop) end;
                      or seq_trace :start, inputs, seq_trace :stop
  * :sys.trace/2    - OTP's own *DBG* lines for a GenServer: :sys.trace(pid, true);
                      also :sys.get_state/1, replace_state/2, suspend/1, resume/1
  * i/1 of a PID    - adds its supervisor, restart type, restarts, monitors
                      and the messages waiting in its mailbox

From the command line, riex demo lists narrated demos (one per tutorial,
per strategy, restart intensity, links versus monitors, the shell's death);
riex demo one_for_all plays one, --step waits for Enter before each input.
";
