//! Long values, built in code rather than written out.

use super::*;
use crate::term::Term;

#[test]
fn strings_stop_after_4096_characters_by_default() {
    // Golden: inspect(String.duplicate("a", 4100)) ends `aaaa" <> ...`.
    let long = Term::string(&"a".repeat(4100));
    assert_eq!(
        inspect_opts(&long, &plain()),
        format!("\"{}\" <> ...", "a".repeat(4096))
    );
    let exact = Term::string(&"a".repeat(4096));
    assert_eq!(
        inspect_opts(&exact, &plain()),
        format!("\"{}\"", "a".repeat(4096))
    );
    let tail = Term::string(&format!("{}\0", "a".repeat(4096)));
    assert_eq!(
        inspect_opts(&tail, &plain()),
        format!("\"{}\" <> ...", "a".repeat(4096))
    );
}

#[test]
fn a_million_element_list_prints_its_first_fifty() {
    let t = Term::list_from((0..1_000_000).map(Term::int).collect::<Vec<_>>());
    assert!(inspect_opts(&t, &iex()).ends_with("48, 49, ...]"));
}

#[test]
fn a_large_value_prints_unlimited_without_overflowing_the_stack() {
    let t = Term::list_from((0..200_000).map(Term::int).collect::<Vec<_>>());
    let printed = inspect_opts(&t, &Opts::pretty_unlimited());
    assert!(printed.ends_with("199998, 199999]"));
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 7) as u8).collect();
    let printed = inspect_opts(&Term::binary(&bytes), &Opts::pretty_unlimited());
    assert!(printed.ends_with(", 0, 1, 2>>"));
}
