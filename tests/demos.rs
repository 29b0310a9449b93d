//! The built-in demos (`scripts/demos/NAME.iex`) are held to real iex: each
//! has its session recorded from iex 1.14 beside it (`NAME.transcript`),
//! typing the same lines, and `riex --check` replays that recording with
//! the same output. `riex --replay` plays the demo file itself, narration
//! shown and not typed, with the same prompts.

use std::path::{Path, PathBuf};
use std::process::Command;

fn demos() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/demos");
    let mut demos: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scripts/demos")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("iex"))
        .collect();
    demos.sort();
    assert!(!demos.is_empty(), "no demos found");
    demos
}

fn riex(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_riex"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("riex runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The typed lines of a demo (without narration) or of a transcript.
fn typed(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("readable");
    riex::shell::replay::inputs_of(&text)
}

#[test]
fn every_demo_types_what_its_recording_typed() {
    for demo in demos() {
        let recording = demo.with_extension("transcript");
        assert!(recording.exists(), "{} has no recording", demo.display());
        assert_eq!(typed(&demo), typed(&recording), "{}", demo.display());
    }
}

#[test]
fn every_demos_recording_replays_with_the_same_output() {
    let mut failures = Vec::new();
    for demo in demos() {
        let recording = demo.with_extension("transcript");
        let name = recording
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name");
        let (ok, out) = riex(demo.parent().expect("a folder"), &["--check", name]);
        if !ok {
            failures.push(format!("{}:\n{out}", recording.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn replaying_a_demo_shows_its_narration_with_the_recordings_prompts() {
    let demo = demos()
        .into_iter()
        .find(|d| d.ends_with("one_for_one.iex"))
        .expect("the one_for_one demo");
    let (ok, out) = riex(
        demo.parent().expect("a folder"),
        &["--replay", "one_for_one.iex"],
    );
    assert!(ok);
    let text = std::fs::read_to_string(&demo).expect("readable");
    let narration = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .nth(1)
        .expect("narration");
    assert!(out.contains(narration), "{out}");
    let last_prompt = |s: &str| {
        s.lines()
            .filter_map(|l| l.strip_prefix("iex("))
            .filter_map(|l| l.split(')').next()?.parse::<u32>().ok())
            .max()
    };
    let recording = std::fs::read_to_string(demo.with_extension("transcript")).expect("readable");
    assert_eq!(last_prompt(&out), last_prompt(&recording));
}
