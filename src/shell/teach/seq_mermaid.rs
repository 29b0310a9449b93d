//! A sequence diagram as Mermaid text, for notes and slides.
//!
//! ```text
//! sequenceDiagram
//!   participant P1 as iex
//!   participant P2 as MyStack
//!   P1->>P2: call :pop
//!   P2-->>P1: reply :a
//! ```

use super::seq_diagram::{Arrow, Diagram, Step};
use std::fmt::Write as _;

/// The diagram as a Mermaid `sequenceDiagram`.
pub fn mermaid(d: &Diagram) -> String {
    let mut out = String::from("sequenceDiagram\n");
    for (i, label) in d.participants.iter().enumerate() {
        let _ = writeln!(out, "  participant {} as {}", id(i), escape(label));
    }
    for step in &d.steps {
        let _ = match step {
            Step::Message {
                from,
                to,
                label,
                arrow,
            } => writeln!(
                out,
                "  {}{}{}: {}",
                id(*from),
                arrow_text(*arrow),
                id(*to),
                escape(label)
            ),
            Step::Note { over, text } => {
                writeln!(out, "  Note over {}: {}", id(*over), escape(text))
            }
        };
    }
    out
}

/// `P1`, `P2`, ...: labels may hold what an id cannot.
fn id(participant: usize) -> String {
    format!("P{}", participant + 1)
}

fn arrow_text(a: Arrow) -> &'static str {
    match a {
        Arrow::Send => "->>",
        Arrow::Reply => "-->>",
        Arrow::Cast => "-)",
        Arrow::Exit => "-x",
    }
}

/// Mermaid's entity codes for what a label cannot hold as is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c => out.push(c),
        }
    }
    out
}
