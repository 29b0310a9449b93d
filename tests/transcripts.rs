//! Transcript tests: sessions recorded from real iex (Elixir 1.14 / OTP 25),
//! replayed by `riex --check`, which compares every output block with the
//! recording (tolerating timestamps, PID/reference numbering and stack frames).
//! A session whose modules live in a file has them beside it: `NAME.ex`
//! for `NAME.iex`.

use std::path::Path;
use std::process::Command;

#[test]
fn every_recorded_iex_session_replays_with_the_same_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/transcripts")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("iex") {
            continue;
        }
        count += 1;
        // `NAME.ex` beside `NAME.iex` holds the session's modules, loaded
        // first as `iex NAME.ex` loads them (frames name the file).
        let setup = path.with_extension("ex");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_riex"));
        if setup.exists() {
            cmd.arg(setup.file_name().expect("a file name"));
        }
        let out = cmd
            .arg("--check")
            .arg(path.file_name().expect("a file name"))
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("riex runs");
        if !out.status.success() {
            failures.push(format!(
                "{}:\n{}",
                path.display(),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(count > 0, "no transcripts found");
    assert!(
        failures.is_empty(),
        "{} of {count} transcripts differ:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
