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
