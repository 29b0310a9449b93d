//! What has been typed so far of the expression being entered, as the
//! prompt loops (typed, replayed, or played in a demo) keep it: which
//! prompt comes next, and what `#iex:break` does.

use super::session::Session;

/// The lines typed of an expression not yet complete.
#[derive(Default)]
pub struct Pending {
    text: String,
    /// `#iex:break` typed at a fresh prompt: iex answers with a
    /// continuation prompt, with nothing typed.
    open: bool,
}

impl Pending {
    /// The prompt for the next line: iex's own, or its continuation.
    pub fn prompt(&self, session: &Session) -> String {
        if self.text.is_empty() && !self.open {
            session.prompt()
        } else {
            session.continuation()
        }
    }

    /// True when `line` is iex's `#iex:break`, which it then carries out:
    /// what was typed is dropped with iex's error; with nothing typed, the
    /// next prompt is a continuation one, as in iex 1.14.
    pub fn breaks(&mut self, session: &Session, line: &str) -> bool {
        if line.trim() != "#iex:break" {
            return false;
        }
        if self.text.is_empty() {
            self.open = true;
        } else {
            session.abandon();
            self.clear();
        }
        true
    }

    /// Adds a typed line; the expression typed so far.
    pub fn push(&mut self, line: &str) -> &str {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(line);
        &self.text
    }

    /// True when nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The expression was run, or dropped: the next prompt is a fresh one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.open = false;
    }
}
