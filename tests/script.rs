//! `riex --run FILE` as `elixir FILE`: a script whose process is taken down
//! by a linked process's crash ends with `elixir`'s `** (EXIT from ...)`
//! report and status 1, never a panic.

use std::process::Command;

#[test]
fn a_script_killed_by_a_linked_crash_reports_the_exit() {
    let dir = std::env::temp_dir().join(format!("riex-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let script = dir.join("linked.exs");
    std::fs::write(
        &script,
        "spawn_link(fn -> raise \"boom\" end)\nProcess.sleep(100)\nIO.puts(\"not reached\")\n",
    )
    .expect("the script is written");
    let out = Command::new(env!("CARGO_BIN_EXE_riex"))
        .arg("--run")
        .arg(&script)
        .output()
        .expect("riex runs");
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
    let _ = std::fs::remove_dir_all(&dir);
}

/// `:sys.trace/2` prints OTP 25's own `*DBG*` lines, in Erlang's syntax.
#[test]
fn sys_trace_prints_otps_dbg_lines() {
    let dir = std::env::temp_dir().join(format!("riex-sys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let script = dir.join("sys_trace.exs");
    std::fs::write(
        &script,
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
    )
    .expect("the script is written");
    let out = Command::new(env!("CARGO_BIN_EXE_riex"))
        .arg("--run")
        .arg(&script)
        .output()
        .expect("riex runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "*DBG* 'Elixir.MyStack' got cast {push,<<\"one\">>}\n\
         *DBG* 'Elixir.MyStack' new state [<<\"one\">>,a]\n\
         *DBG* 'Elixir.MyStack' got call pop from <0.100.0>\n\
         *DBG* 'Elixir.MyStack' sent <<\"one\">> to <0.100.0>, new state [a]\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
