//! Unit tests of what `i(pid)` adds.

use super::*;

#[test]
fn an_empty_mailbox_says_so() {
    assert_eq!(mailbox_text(&[]), "  empty\n");
}

#[test]
fn a_mailbox_shows_its_oldest_messages_and_counts_the_rest() {
    let messages: Vec<Term> = (1..=12).map(Term::int).collect();
    let text = mailbox_text(&messages);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), MAILBOX_SHOWN + 1);
    assert_eq!(lines[0], "  1");
    assert_eq!(lines[MAILBOX_SHOWN - 1], "  10");
    assert_eq!(lines[MAILBOX_SHOWN], "  ... and 2 more");
}

#[test]
fn a_long_message_is_cut_as_iex_cuts_a_long_list() {
    let long = Term::list((1..=100).map(Term::int).collect());
    let text = mailbox_text(&[long]);
    assert!(text.contains("20, ..."), "{text}");
}
