//! Pseudo-terminal tests: riex driven as a person at a terminal drives it.
//!
//! Each test starts the real binary in a pty (with a private HOME, so the
//! history file is the test's own), types, and reads the screen's text.

use rexpect::session::{spawn_command, PtySession};
use std::process::Command;
use std::time::Duration;

const TIMEOUT_MS: u64 = 20_000;

fn riex(home: &std::path::Path, args: &[&str]) -> PtySession {
    let mut p = riex_demo(home, args);
    p.exp_string("iex(1)> ").expect("the first prompt");
    p
}

fn home() -> tempdir::Dir {
    tempdir::Dir::new()
}

mod tempdir {
    //! A throwaway directory for HOME.
    pub struct Dir(std::path::PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            let n = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let p = std::env::temp_dir().join(format!("riex-pty-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }

    impl std::ops::Deref for Dir {
        type Target = std::path::Path;
        fn deref(&self) -> &std::path::Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn the_prompt_counts_successful_inputs_and_continues_incomplete_ones() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("1 + 1").unwrap();
    p.exp_string("2").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("[1,").unwrap();
    p.exp_string("...(2)> ").unwrap();
    p.send_line("2]").unwrap();
    p.exp_string("[1, 2]").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("undefined_thing").unwrap();
    p.exp_string("undefined function undefined_thing/0")
        .unwrap();
    p.exp_string("iex(3)> ").unwrap();
}

#[test]
fn tab_completes_a_module_s_functions() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send("DynamicSupervisor.which_ch").unwrap();
    p.send("\t").unwrap();
    p.send_line("(:nope)").unwrap();
    p.exp_string("DynamicSupervisor.which_children").unwrap();
    p.exp_string("GenServer.call(:nope, :which_children, :infinity)")
        .unwrap();
}

#[test]
fn history_is_kept_across_two_runs() {
    let h = home();
    {
        let mut p = riex(&h, &[]);
        p.send_line(":remember_me").unwrap();
        p.exp_string("iex(2)> ").unwrap();
        p.send_control('d').unwrap();
        p.exp_eof().unwrap();
    }
    let mut p = riex(&h, &[]);
    p.send("\x1b[A").unwrap();
    p.send_line("").unwrap();
    p.exp_string(":remember_me\r\n").unwrap();
}

#[test]
fn output_from_another_process_prints_above_a_half_typed_line() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("spawn(fn -> Process.sleep(700); IO.puts(\"from afar\") end)")
        .unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send("half").unwrap();
    p.exp_string("from afar").unwrap();
    p.send_line("_typed = 1").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("binding()").unwrap();
    p.exp_string("[half_typed: 1]").unwrap();
}

#[test]
fn ctrl_c_stops_an_endless_evaluation_and_keeps_the_bindings() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("kept = :yes").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("receive do :never -> :ok end").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.exp_string("interrupted").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("kept").unwrap();
    p.exp_string(":yes").unwrap();
}

#[test]
fn ctrl_c_stops_a_runaway_recursion_and_keeps_the_bindings() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("kept = :yes").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("defmodule Inf, do: def inf(n), do: 1 + inf(n - 1)")
        .unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("Inf.inf(1)").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send_control('c').unwrap();
    p.exp_string("interrupted").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("kept").unwrap();
    p.exp_string(":yes").unwrap();
}

/// A process spinning forever in the background does not take the prompt
/// away: the learner keeps typing while it runs, as beside iex.
#[test]
fn a_process_spinning_forever_leaves_the_prompt_usable() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("f = fn g -> g.(g) end").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("pid = spawn(fn -> f.(f) end)").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("Process.alive?(pid)").unwrap();
    p.exp_string("true").unwrap();
    p.exp_string("iex(4)> ").unwrap();
    p.send_line("Process.exit(pid, :kill); Process.sleep(10); Process.alive?(pid)")
        .unwrap();
    p.exp_string("false").unwrap();
}

#[test]
fn the_shell_dies_with_its_linked_process_and_comes_back() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("x = 1").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("spawn_link(fn -> exit(:boom) end); Process.sleep(100)")
        .unwrap();
    p.exp_string("shell process exited with reason: :boom")
        .unwrap();
    p.exp_string("Interactive Elixir").unwrap();
    p.exp_string("iex(1)> ").unwrap();
    p.send_line("binding()").unwrap();
    p.exp_string("[]").unwrap();
}

/// A shell killed while the prompt waits (a linked process crashing
/// later) is reported at once, as iex does, and the next line goes to the
/// new shell instead of being lost.
#[test]
fn a_shell_killed_while_idle_is_reported_at_once_and_the_next_line_runs() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("spawn_link(fn -> Process.sleep(200); exit(:later) end)")
        .unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.exp_string("shell process exited with reason: :later")
        .unwrap();
    p.exp_string("Interactive Elixir").unwrap();
    p.send_line("1 + 41").unwrap();
    p.exp_string("42").unwrap();
    p.exp_string("iex(2)> ").unwrap();
}

/// A `.iex.exs` that takes the shell down is reported once; the next shell
/// starts without it, and the prompt works.
#[test]
fn a_dot_iex_that_kills_the_shell_is_reported_once_and_left_out() {
    let h = home();
    std::fs::write(
        h.join(".iex.exs"),
        "spawn_link(fn -> exit(:from_dot_iex) end); Process.sleep(50)\n",
    )
    .unwrap();
    let mut p = riex_demo(&h, &[]);
    p.exp_string("shell process exited with reason: :from_dot_iex")
        .unwrap();
    p.exp_string("iex(1)> ").unwrap();
    p.send_line("1 + 41").unwrap();
    p.exp_string("42").unwrap();
    p.exp_string("iex(2)> ").unwrap();
}

#[test]
fn the_one_word_commands_drive_the_demo_tree() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("start_child \"worker_1\"").unwrap();
    p.exp_string("[info] Starting \"worker_1\"").unwrap();
    p.exp_string("{:ok, #PID<").unwrap();
    p.send_line("crash \"worker_1\"").unwrap();
    p.exp_string("[error] GenServer {:worker_registry, \"worker_1\"} terminating")
        .unwrap();
    p.exp_string("Error, Server worker_1 has crashed").unwrap();
    p.exp_string("Starting \"worker_1\"").unwrap();
    p.send_line("count").unwrap();
    p.exp_string("1\r\n").unwrap();
    p.send_line("stop \"worker_1\"").unwrap();
    p.exp_string("Exiting worker: worker_1 with reason: :normal")
        .unwrap();
    p.send_line("which_children").unwrap();
    p.exp_string("[]").unwrap();
}

#[test]
fn two_ctrl_c_at_an_idle_prompt_exit() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_control('c').unwrap();
    p.exp_string("iex(1)> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn tab_completes_the_functions_of_a_module_defined_at_the_prompt() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("defmodule Greeter do").unwrap();
    p.exp_string("...(1)> ").unwrap();
    p.send_line("def hello(n), do: n").unwrap();
    p.exp_string("...(1)> ").unwrap();
    p.send_line("end").unwrap();
    p.exp_string("{:hello, 1}}").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send("Greeter.he").unwrap();
    p.send("\t").unwrap();
    p.send_line("(:completed)").unwrap();
    p.exp_string("Greeter.hello").unwrap();
    // Only the completed name calls the function: `Greeter.he/1` is undefined.
    p.exp_string(":completed\r\n").unwrap();
    p.exp_string("iex(3)> ").unwrap();
}

#[test]
fn h_of_a_module_defined_at_the_prompt_says_it_has_no_docs() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("defmodule Greeter do def hello(n), do: n end")
        .unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("h Greeter").unwrap();
    p.exp_string("Greeter was not compiled with docs").unwrap();
    p.exp_string("iex(3)> ").unwrap();
}

#[test]
fn tree_draws_the_demo_tree_after_a_crash_and_every_tree_of_the_node() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("start_child \"worker_1\"").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("crash \"worker_1\"").unwrap();
    p.exp_string("Starting \"worker_1\"").unwrap();
    p.send_line("tree").unwrap();
    // (The pty's text is read byte by byte: only ASCII is matched here.)
    p.exp_string("Demo.WorkerSupervisor").unwrap();
    p.exp_string("DynamicSupervisor").unwrap();
    p.exp_string("one_for_one (1 of 3 restarts in 5 s)")
        .unwrap();
    p.exp_string("#PID<").unwrap();
    p.exp_string("Demo.Worker").unwrap();
    p.exp_string("transient").unwrap();
    p.exp_string("1 restart").unwrap();
    // A helper that printed shows no value; the prompt counts it.
    p.exp_string("iex(4)> ").unwrap();
    p.send_line(
        "Supervisor.start_link([{Agent, fn -> 0 end}], strategy: :one_for_all, name: My.Sup)",
    )
    .unwrap();
    p.exp_string("iex(5)> ").unwrap();
    p.send_line("tree :all, format: :mermaid").unwrap();
    p.exp_string("graph TD").unwrap();
    p.exp_string("My.Sup<br/>Supervisor").unwrap();
    p.exp_string("one_for_all<br/>0 of 3 restarts in 5 s")
        .unwrap();
    p.exp_string("iex(6)> ").unwrap();
}

#[test]
fn tree_watch_draws_a_restart_as_it_happens_until_enter() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("start_child \"worker_1\"").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line(
        "spawn(fn -> Process.sleep(500); GenServer.cast({:via, Registry, {:worker_registry, \"worker_1\"}}, :raise) end)",
    )
    .unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("tree watch: true").unwrap();
    p.exp_string("Press Enter to stop.").unwrap();
    p.exp_string("0 restarts").unwrap();
    // The crash happens while the tree is watched: its report, then the
    // tree drawn again with the restart.
    p.exp_string("Error, Server worker_1 has crashed").unwrap();
    p.exp_string("(1 of 3 restarts in 5 s)").unwrap();
    p.exp_string("1 restart").unwrap();
    p.send_line("").unwrap();
    p.exp_string("iex(4)> ").unwrap();
    p.send_line("1 + 1").unwrap();
    p.exp_string("2\r\n").unwrap();
}

#[test]
fn i_of_a_supervised_process_tells_its_supervisor_and_restarts() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("start_child \"worker_1\"").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("kill \"worker_1\"").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("[{_, w, _, _}] = which_children").unwrap();
    p.exp_string("iex(4)> ").unwrap();
    p.send_line("i w").unwrap();
    // What iex prints first, then the supervision.
    p.exp_string("Implemented protocols\r\n  IEx.Info, Inspect\r\n")
        .unwrap();
    p.exp_string("Supervisor\r\n  Demo.WorkerSupervisor (#PID<")
        .unwrap();
    p.exp_string("one_for_one (1 of 3 restarts in 5 s)")
        .unwrap();
    p.exp_string("Restart type\r\n  transient worker, restarted 1 time")
        .unwrap();
    p.exp_string("iex(5)> ").unwrap();
}

#[test]
fn the_one_word_commands_act_on_any_supervisor_or_registry() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("DynamicSupervisor.start_link(strategy: :one_for_one, name: Other.Sup)")
        .unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("{:ok, a} = start_child {Agent, fn -> 1 end}, sup: Other.Sup")
        .unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line("crash a").unwrap();
    p.exp_string(":ok").unwrap();
    p.send_line("[{_, b, _, _}] = which_children sup: Other.Sup")
        .unwrap();
    p.exp_string("[{:undefined, #PID<").unwrap();
    p.exp_string("iex(5)> ").unwrap();
    p.send_line("a == b").unwrap();
    p.exp_string("false").unwrap();
    p.send_line("Registry.start_link(keys: :unique, name: :other_reg)")
        .unwrap();
    p.exp_string("iex(7)> ").unwrap();
    p.send_line("count registry: :other_reg").unwrap();
    p.exp_string("0\r\n").unwrap();
    // The demo tree was never needed.
    p.send_line("Process.whereis(Demo.WorkerSupervisor)")
        .unwrap();
    p.exp_string("nil").unwrap();
}

#[test]
fn trace_prints_a_servers_messages_above_a_half_typed_line() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("start_child \"worker_1\"").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("trace \"worker_1\"").unwrap();
    p.exp_string("Tracing \"worker_1\"").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    p.send_line(
        "spawn(fn -> Process.sleep(400); GenServer.cast({:via, Registry, {:worker_registry, \"worker_1\"}}, :hello) end)",
    )
    .unwrap();
    p.exp_string("iex(4)> ").unwrap();
    p.send("1 +").unwrap();
    p.exp_string("cast :hello").unwrap();
    // The half-typed line is still there to finish.
    p.send_line(" 1").unwrap();
    p.exp_string("2\r\n").unwrap();
    p.send_line("untrace").unwrap();
    p.exp_string("No process is traced now.").unwrap();
}

#[test]
fn seq_trace_draws_a_call_and_its_reply_as_a_sequence_diagram() {
    let h = home();
    let mut p = riex(&h, &[]);
    p.send_line("{:ok, a} = Agent.start_link(fn -> 1 end, name: :counter)")
        .unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("seq_trace fn -> Agent.get(:counter, & &1) end")
        .unwrap();
    p.exp_string("sequenceDiagram").unwrap();
    p.exp_string("participant P1 as iex").unwrap();
    p.exp_string("participant P2 as :counter").unwrap();
    p.exp_string("P1->>P2: call {:get, ").unwrap();
    p.exp_string("P2-->>P1: reply 1").unwrap();
    p.exp_string("iex(3)> ").unwrap();
    // The same around inputs typed between :start and :stop.
    p.send_line("seq_trace :start").unwrap();
    p.exp_string("iex(4)> ").unwrap();
    p.send_line("Agent.update(:counter, &(&1 + 1))").unwrap();
    p.exp_string("iex(5)> ").unwrap();
    p.send_line("seq_trace :stop").unwrap();
    p.exp_string("P1->>P2: call {:update, ").unwrap();
    p.exp_string("P2-->>P1: reply :ok").unwrap();
    p.exp_string("iex(6)> ").unwrap();
}

/// Starts riex in a pty without waiting for a first prompt (a demo prints
/// its own before typing it).
fn riex_demo(home: &std::path::Path, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_riex"));
    cmd.args(args)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("XDG_STATE_HOME");
    spawn_command(cmd, Some(TIMEOUT_MS)).expect("riex starts in a pty")
}

#[test]
fn a_demo_plays_with_narration_and_trees_then_the_learner_keeps_typing() {
    let h = home();
    let mut p = riex_demo(&h, &["demo", "one_for_one", "--fast"]);
    p.exp_string("# Three workers, :a, :b and :c").unwrap();
    p.exp_string("strategy: :one_for_one)").unwrap();
    // The tree is drawn once the supervisor runs, and again after the crash.
    p.exp_string("one_for_one (0 of 3 restarts in 5 s)")
        .unwrap();
    p.exp_string("GenServer.cast(:b, :crash)").unwrap();
    p.exp_string("one_for_one (1 of 3 restarts in 5 s)")
        .unwrap();
    p.exp_string("The demo is over").unwrap();
    // The same live system: the demo's bindings and processes are there.
    p.send_line("Supervisor.count_children(sup).active")
        .unwrap();
    p.exp_string("3").unwrap();
}

#[test]
fn ctrl_c_stops_a_demo_and_leaves_a_working_shell() {
    let h = home();
    let mut p = riex_demo(&h, &["demo", "kv"]);
    p.exp_string("iex(1)> ").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send_control('c').unwrap();
    p.exp_string("Demo stopped").unwrap();
    p.send_line("40 + 2").unwrap();
    p.exp_string("42").unwrap();
}

#[test]
fn a_demo_in_steps_waits_for_enter_before_each_input() {
    let h = home();
    let mut p = riex_demo(&h, &["demo", "one_for_all", "--fast", "--step"]);
    p.exp_string("iex(1)> ").unwrap();
    // Nothing is typed until Enter.
    std::thread::sleep(Duration::from_millis(600));
    let mut shown = String::new();
    while let Some(c) = p.try_read() {
        shown.push(c);
    }
    assert!(!shown.contains("defmodule"), "typed before Enter: {shown}");
    p.send_line("").unwrap();
    p.exp_string("defmodule Worker do").unwrap();
    p.exp_string("iex(2)> ").unwrap();
    p.send_line("").unwrap();
    p.exp_string("children = for name").unwrap();
}
