//! Parses every example file under `grammar/examples/`: each must parse
//! whole, and `iex_inputs.exs` must also parse line by line as iex reads
//! it (a line that leaves the input incomplete waits for the next). Then
//! replays `grammar/errors/inputs.txt` the same way and compares the errors
//! printed with what real iex 1.14 printed (`grammar/errors/iex_output.txt`).

use super::parse;
use crate::lang::ast::ParseError;
use std::path::PathBuf;

/// The example files.
fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("grammar/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "exs"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_file_parses() {
    let files = examples();
    assert!(files.len() >= 6, "examples missing: {files:?}");
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        if let Err(e) = parse(&source, 1) {
            panic!(
                "{}: {}",
                file.display(),
                super::format_error(&e, &source, "example", 1)
            );
        }
    }
}

#[test]
fn iex_inputs_parse_line_by_line() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("grammar/examples/iex_inputs.exs");
    let source = std::fs::read_to_string(path).unwrap();
    let mut buffer = String::new();
    let mut inputs = 0;
    for (n, line) in source.lines().enumerate() {
        buffer.push_str(line);
        buffer.push('\n');
        match parse(&buffer, 1) {
            Ok(_) => {
                inputs += 1;
                buffer.clear();
            }
            Err(ParseError::Incomplete { .. }) => {}
            Err(e) => panic!(
                "line {}: {}",
                n + 1,
                super::format_error(&e, &buffer, "iex", 1)
            ),
        }
    }
    assert!(
        buffer.trim().is_empty(),
        "input left incomplete: {buffer:?}"
    );
    assert!(inputs > 100, "only {inputs} inputs");
}

/// What iex prints for `source` typed line by line: each input that fails
/// to parse gives its error and an empty line; valid inputs print nothing
/// here (their counter still goes up, as in iex).
fn replay(source: &str) -> String {
    let mut out = String::new();
    let mut buffer = String::new();
    let mut counter = 1;
    for line in source.lines() {
        buffer.push_str(line);
        buffer.push('\n');
        match parse(&buffer, counter) {
            Ok(_) => {
                counter += 1;
                buffer.clear();
            }
            Err(ParseError::Incomplete { .. }) => {}
            Err(e) => {
                out.push_str(&super::format_error(&e, &buffer, "iex", counter));
                out.push_str("\n\n");
                buffer.clear();
            }
        }
    }
    out
}

#[test]
fn syntax_errors_print_as_real_iex_printed_them() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("grammar/errors");
    let inputs = std::fs::read_to_string(dir.join("inputs.txt")).unwrap();
    let expected = std::fs::read_to_string(dir.join("iex_output.txt")).unwrap();
    let actual = replay(&inputs);
    for (n, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "output line {}", n + 1);
    }
    assert_eq!(actual.trim_end(), expected.trim_end());
}
