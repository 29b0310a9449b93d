//! `riex --run FILE` as `elixir FILE`: a script whose process is taken down
//! by a linked process's crash ends with `elixir`'s `** (EXIT from ...)`
//! report and status 1, never a panic; OTP's own output (`:sys.trace/2`)
//! reads as `elixir` prints it. And a session replayed with `riex --replay`
//! shows what `trace` reports of kills, restarts and links.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `source` as the script `name` with `riex --run`.
fn run_script(name: &str, source: &str) -> Output {
    run_file("--run", name, source)
}

/// Writes `source` to a file `name` and runs `riex FLAG file` on it.
fn run_file(flag: &str, name: &str, source: &str) -> Output {
    let dir = std::env::temp_dir().join(format!("riex-script-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join(name);
    std::fs::write(&file, source).expect("the file is written");
    let child = Command::new(env!("CARGO_BIN_EXE_riex"))
        .arg(flag)
        .arg(&file)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("riex runs");
    let out = output_within(child, Duration::from_secs(60));
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// The child's output once it has ended; the test fails (and the child is
/// killed) if it has not ended within `limit`, instead of hanging the run.
/// The pipes are read meanwhile, so that a long output cannot block it.
fn output_within(mut child: Child, limit: Duration) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut out);
            }
            out
        })
    }
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("riex is waited for") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("riex did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
}

#[test]
fn a_script_killed_by_a_linked_crash_reports_the_exit() {
    let out = run_script(
        "linked.exs",
        "spawn_link(fn -> raise \"boom\" end)\nProcess.sleep(100)\nIO.puts(\"not reached\")\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stdout.contains("not reached"), "stdout: {stdout}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(
        stderr.contains(
            "** (EXIT from #PID<0.100.0>) an exception was raised:\n    ** (RuntimeError) boom"
        ),
        "stderr: {stderr}"
    );
}

/// `:sys.trace/2` prints OTP 25's own `*DBG*` lines, in Erlang's syntax.
#[test]
fn sys_trace_prints_otps_dbg_lines() {
    let out = run_script(
        "sys_trace.exs",
        r#"defmodule MyStack do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:pop, _from, [h | t]), do: {:reply, h, t}
  def handle_cast({:push, x}, s), do: {:noreply, [x | s]}
end
{:ok, pid} = GenServer.start_link(MyStack, [:a], name: MyStack)
:sys.trace(pid, true)
GenServer.cast(MyStack, {:push, "one"})
GenServer.call(MyStack, :pop)
:sys.trace(pid, false)
GenServer.call(MyStack, :pop)
"#,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "*DBG* 'Elixir.MyStack' got cast {push,<<\"one\">>}\n\
         *DBG* 'Elixir.MyStack' new state [<<\"one\">>,a]\n\
         *DBG* 'Elixir.MyStack' got call pop from <0.100.0>\n\
         *DBG* 'Elixir.MyStack' sent <<\"one\">> to <0.100.0>, new state [a]\n"
    );
}

/// Replays a session (plain inputs) and returns what it printed.
fn replay_session(name: &str, source: &str) -> String {
    let out = run_file("--replay", name, source);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_trace_tells_links_killing_signals_and_restarts_and_follows_the_restarted_child() {
    let out = replay_session(
        "trace.iex",
        r#"{:ok, sup} = Supervisor.start_link([%{id: :a, start: {Agent, :start_link, [fn -> 1 end, [name: :a]]}}], strategy: :one_for_one)
trace :a
old = Process.whereis(:a)
Process.exit(old, :kill); Process.sleep(50)
Agent.get(:a, & &1)
Process.link(Process.whereis(:a))
"#,
    );
    let after = |marker: &str| out.split(marker).nth(1).unwrap_or_default().to_owned();
    let killed = after("Process.exit(old, :kill)");
    assert!(
        killed.contains(":a exit signal from #PID<0.100.0> :kill"),
        "{out}"
    );
    assert!(killed.contains("exit :killed"), "{out}");
    assert!(killed.contains(" restart #PID<"), "{out}");
    assert!(killed.contains(" in place of #PID<"), "{out}");
    // The new :a is traced in the old one's place.
    assert!(after("Agent.get(:a").contains(":a call {:get,"), "{out}");
    assert!(
        after("Process.link(").contains(":a link #PID<0.100.0>"),
        "{out}"
    );
}

/// As `elixir` does, a script ends after its last line even while a process
/// it started is busy forever: riex waits a moment for the others to settle,
/// not for ever.
#[test]
fn a_script_ends_after_its_last_line_while_a_process_it_started_spins() {
    let out = run_script(
        "spins.exs",
        "defmodule Spin do\n  def spin(n), do: spin(n + 1)\nend\nspawn(fn -> Spin.spin(0) end)\nIO.puts(\"done\")\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "stdout: {stdout}");
    assert_eq!(stdout, "done\n");
}
