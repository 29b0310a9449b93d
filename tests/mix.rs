//! `riex -S mix` against Mix projects recorded from real `iex -S mix`
//! (Elixir 1.14 / OTP 25): see `tests/mix/README.md` for the projects and how
//! they were recorded.
//!
//! Each test copies a project from `tests/mix/NAME/` to a fresh temporary
//! folder (so no `_build` exists) and starts riex there twice:
//!
//! - first start: what riex prints before the session (compile lines, Mix's
//!   errors) must be iex's `startup.txt`, the exit status iex's
//!   `exit_status.txt` (0 when iex reached its prompt), and the recorded
//!   session must replay with the same outputs (`--check session.iex`);
//! - second start in the same folder: the same against `restart.txt`, which
//!   shows that nothing is compiled again (Mix's manifest) unless
//!   compilation failed.
//!
//! Startup texts are compared line by line after normalising what differs
//! between two runs of the same program, as `--check` does: Logger
//! timestamps, and stack-frame lines (riex's internals are not Elixir's
//! library modules). iex's first line, the VM's `Erlang/OTP 25 [...]` and
//! the blank line after it, has no riex counterpart and is left out, as are
//! trailing blank lines (a terminal recording cannot show them).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn kv_app_compiles_starts_and_answers_as_in_iex() {
    assert_matches_iex("kv");
}

#[test]
fn files_compile_in_the_order_their_dependencies_need() {
    assert_matches_iex("compile_order");
}

#[test]
fn app_whose_child_module_is_missing_fails_to_start_as_in_iex() {
    assert_matches_iex("failing_app");
}

#[test]
fn undefined_local_function_is_a_compilation_error_as_in_iex() {
    assert_matches_iex("compile_error");
}

#[test]
fn folder_without_mix_exs_is_refused_as_in_iex() {
    assert_matches_iex("no_mix");
}

/// Deliberately unlike iex: iex offers to install Hex and fetch the
/// dependency (`startup.txt` shows it answered "n"), while riex runs only a
/// project's own code and cannot fetch anything, so it refuses at once with
/// its own error naming the dependency, compiling nothing.
#[test]
fn project_with_a_dependency_is_refused_naming_it() {
    let project = fresh_copy("with_dep");
    for start in ["first", "second"] {
        let run = run_riex(&project, &["--replay", empty_session(&project).as_str()]);
        assert_eq!(run.status, 1, "{start} start: exit status\n{}", run.output);
        assert!(
            run.output.contains("** (Mix)") && run.output.contains(":jason"),
            "{start} start: the error should name the dependency :jason, got:\n{}",
            run.output
        );
        assert!(
            !run.output.contains("Compiling") && !run.output.contains("Interactive Elixir"),
            "{start} start: nothing should be compiled or started, got:\n{}",
            run.output
        );
    }
    remove_copy(&project);
}

/// Starts riex twice in a fresh copy of the project and collects every
/// difference from the iex recording before failing, so one run reports all.
fn assert_matches_iex(name: &str) {
    let recorded = fixture_dir(name);
    let project = fresh_copy(name);
    let mut failures = Vec::new();
    for (start, expected_file) in [("first", "startup.txt"), ("second", "restart.txt")] {
        let run = start_riex(&project, &recorded);
        let label = format!("{name}, {start} start");
        let expected = read(&recorded.join(expected_file));
        compare_startup(&label, &expected, run.startup(), &mut failures);
        let want_status = expected_status(&recorded);
        if want_status == 0 {
            if run.status != 0 || !run.report().contains("every output matches") {
                failures.push(format!(
                    "{label}: --check session.iex exited {}:\n{}",
                    run.status,
                    run.report()
                ));
            }
        } else if run.status != want_status {
            failures.push(format!(
                "{label}: exit status: expected {want_status}, got {}\n{}",
                run.status, run.output
            ));
        }
    }
    if failures.is_empty() {
        remove_copy(&project);
    }
    assert!(
        failures.is_empty(),
        "riex -S mix differs from iex -S mix (copy left in {}):\n\n{}",
        project.display(),
        failures.join("\n\n")
    );
}

/// One start: `--check session.iex` when iex reached its prompt, else a
/// replay of an empty session (iex printed no session to check).
fn start_riex(project: &Path, recorded: &Path) -> Run {
    let session = recorded.join("session.iex");
    if session.exists() {
        let session = session.to_str().expect("a UTF-8 path").to_owned();
        run_riex(project, &["--check", &session])
    } else {
        run_riex(project, &["--replay", empty_session(project).as_str()])
    }
}

fn compare_startup(label: &str, expected: &str, got: &str, failures: &mut Vec<String>) {
    let want = normalise_startup(expected);
    let have = normalise_startup(got);
    if want != have {
        failures.push(format!(
            "{label}: text before the session differs\n  expected:\n{}\n  got:\n{}",
            indent(&want),
            indent(&have)
        ));
    }
}

/// What riex printed, stdout and stderr in one stream as a terminal shows
/// them, and its exit status.
struct Run {
    status: i32,
    output: String,
}

impl Run {
    /// What came before the session: before riex's banner with `--replay`;
    /// `--check` prints no banner, so before its report.
    fn startup(&self) -> &str {
        &self.output[..self.session_start()]
    }

    fn report(&self) -> &str {
        &self.output[self.session_start()..]
    }

    fn session_start(&self) -> usize {
        let mut offset = 0;
        for line in self.output.split_inclusive('\n') {
            if is_session_line(line) {
                return offset;
            }
            offset += line.len();
        }
        self.output.len()
    }
}

/// The banner, or the first line of `--check`'s report (a diff, or the
/// verdict naming session.iex).
fn is_session_line(line: &str) -> bool {
    line.starts_with("Interactive Elixir")
        || line.starts_with("after: ")
        || line.starts_with("input never echoed: ")
        || line.contains("session.iex: ")
}

fn run_riex(project: &Path, args: &[&str]) -> Run {
    let log_path = project.with_extension("out");
    let log = File::create(&log_path).expect("create the output file");
    let status = Command::new(env!("CARGO_BIN_EXE_riex"))
        .args(["-S", "mix"])
        .args(args)
        .current_dir(project)
        .env("NO_COLOR", "1")
        .env_remove("RIEX_LOG")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone the output file"))
        .stderr(log)
        .status()
        .expect("riex runs");
    let output = read(&log_path);
    let _ = fs::remove_file(&log_path);
    Run {
        status: status.code().unwrap_or(-1),
        output,
    }
}

/// Drops iex's VM line, stack frames and trailing blank lines; blanks
/// Logger timestamps.
fn normalise_startup(text: &str) -> Vec<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.first().is_some_and(|l| l.starts_with("Erlang/OTP ")) {
        lines.remove(0);
        if lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
    }
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| l.trim_end())
        .filter(|l| !is_stack_frame(l))
        .map(blank_timestamp)
        .collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// `    (app 1.0) file.ex:12: Mod.fun/2` or `    file.ex:12: Mod.fun/2`.
fn is_stack_frame(line: &str) -> bool {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() < 4 {
        return false;
    }
    let rest = match trimmed.strip_prefix('(') {
        Some(r) => match r.find(") ") {
            Some(i) => &r[i + 2..],
            None => return false,
        },
        None => trimmed,
    };
    let Some((file, after)) = rest.split_once(':') else {
        return false;
    };
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    !file.is_empty() && !file.contains(' ') && digits > 0 && after[digits..].starts_with(": ")
}

/// `12:34:56.789 [notice] ...` becomes `HH:MM:SS.mmm [notice] ...`.
fn blank_timestamp(line: &str) -> String {
    let b = line.as_bytes();
    let is_stamp = b.len() >= 13
        && b[2] == b':'
        && b[5] == b':'
        && b[8] == b'.'
        && b[12] == b' '
        && [0, 1, 3, 4, 6, 7, 9, 10, 11]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if is_stamp {
        format!("HH:MM:SS.mmm{}", &line[12..])
    } else {
        line.to_owned()
    }
}

fn expected_status(recorded: &Path) -> i32 {
    let path = recorded.join("exit_status.txt");
    if !path.exists() {
        return 0;
    }
    read(&path)
        .trim()
        .parse()
        .expect("exit_status.txt holds a number")
}

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/mix")
        .join(name)
}

/// A copy of the project in a new folder of the system's temporary
/// directory, without the recordings.
fn fresh_copy(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let unique = format!(
        "riex-mix-{name}-{}-{}-{nanos}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let dest = std::env::temp_dir().join(unique);
    copy_project(&fixture_dir(name), &dest);
    dest
}

const RECORDINGS: [&str; 4] = [
    "session.iex",
    "startup.txt",
    "restart.txt",
    "exit_status.txt",
];

fn copy_project(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy");
    for entry in fs::read_dir(from).expect("read the project").flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if name != "_build" {
                copy_project(&path, &to.join(&name));
            }
        } else if !RECORDINGS.iter().any(|r| name == *r) {
            fs::copy(&path, to.join(&name)).expect("copy a file");
        }
    }
}

/// An empty session file beside (not inside) the project copy.
fn empty_session(project: &Path) -> String {
    let path = project.with_extension("empty.iex");
    fs::write(&path, "").expect("write an empty session");
    path.to_str().expect("a UTF-8 path").to_owned()
}

fn remove_copy(project: &Path) {
    let _ = fs::remove_dir_all(project);
    let _ = fs::remove_file(project.with_extension("empty.iex"));
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn indent(lines: &[String]) -> String {
    if lines.is_empty() {
        return "    (nothing)".into();
    }
    lines
        .iter()
        .map(|l| format!("    | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
