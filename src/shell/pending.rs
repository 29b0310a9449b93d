//! What has been typed so far of the expression being entered, as the
//! prompt loops (typed, replayed, or played in a demo) keep it: which
//! prompt comes next, and what `#iex:break` does.

use super::session::{Session, Submitted};

/// What became of a typed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    /// The expression goes on (or `#iex:break` was typed): no result yet.
    Pending,
    /// The expression ran.
    Ran,
    /// Ctrl-C stopped it while it ran.
    Interrupted,
}

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

    /// Takes a typed line: iex's `#iex:break`, or one more line of the
    /// expression, which runs once complete; while it runs, Ctrl-C
    /// interrupts it when `interruptible`. After it ran or was
    /// interrupted, the next prompt is a fresh one.
    pub async fn enter(
        &mut self,
        session: &mut Session,
        line: &str,
        interruptible: bool,
    ) -> Entered {
        if self.breaks(session, line) {
            return Entered::Pending;
        }
        let typed = self.push(line).to_owned();
        let submitted = if interruptible {
            tokio::select! {
                s = session.submit(&typed) => Some(s),
                _ = tokio::signal::ctrl_c() => None,
            }
        } else {
            Some(session.submit(&typed).await)
        };
        let entered = match submitted {
            Some(Submitted::Incomplete) => return Entered::Pending,
            Some(Submitted::Done) => Entered::Ran,
            None => {
                session.interrupt().await;
                Entered::Interrupted
            }
        };
        self.clear();
        entered
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
