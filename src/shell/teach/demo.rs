//! `riex demo`: a built-in session replayed as if typed, at a readable pace,
//! with its narration, the supervision trees drawn again whenever they
//! change; then the learner keeps typing in the same live system.
//!
//! ```text
//! $ riex demo                 # the demos, one line each
//! $ riex demo one_for_all     # plays one
//! $ riex demo kv --step       # waits for Enter before each input
//! ```
//!
//! A demo is an ordinary session file (`scripts/demos/NAME.iex`) whose
//! first line is `# title: ...`: typed lines, and `#` lines of narration,
//! shown dimmed. `riex --replay` runs the
//! same file, and each demo's recording from real iex (`NAME.transcript`
//! beside it) is what `riex --check` holds its output to.

use super::demos::{Demo, DEMOS};
use crate::otp::observe::{self, SupervisorView};
use crate::shell::pending::{Entered, Pending};
use crate::shell::replay::{narration, script_of, Line, TITLE};
use crate::shell::session::Session;
use std::future::Future;
use std::io::Write;
use std::time::Duration;

/// How a demo is played.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Wait for Enter before each input.
    pub step: bool,
    /// No pauses: typed lines and narration appear at once.
    pub fast: bool,
}

/// Why playing stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Played {
    /// Every line was played.
    ToTheEnd,
    /// The learner pressed Ctrl-C.
    Interrupted,
}

/// How long the system may take to describe its trees between inputs.
const ASK_TIMEOUT: Duration = Duration::from_secs(2);

/// The demos, one per line: `NAME  title`.
pub fn list() -> String {
    let width = DEMOS.iter().map(|d| d.name.len()).max().unwrap_or(0);
    let mut out = String::from("Demos (riex demo NAME, --step to go at your own pace):\n\n");
    for d in DEMOS {
        out.push_str(&format!("  {:width$}  {}\n", d.name, d.title()));
    }
    out
}

/// The demo called `name`.
pub fn find(name: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.name == name)
}

/// Plays `demo` in `session`: narration dimmed, each input typed out after
/// its prompt and run, the trees drawn again when they changed. Ctrl-C
/// stops it (an input running is interrupted, as at the prompt).
pub async fn play(session: &mut Session, demo: &Demo, options: Options) -> Played {
    let pace = Pace::of(options);
    let console = session.console();
    let mut pending = Pending::default();
    let mut trees = Trees::default();
    trees.changed(session).await;
    for line in script_of(demo.text) {
        let line = match line {
            Line::Narration(text) if text.starts_with(TITLE) => continue,
            Line::Narration(text) => {
                console.write(&format!("{}\n", narration(&text)));
                if interrupted(pace.reading(&text)).await {
                    return stopped(session, &pending);
                }
                continue;
            }
            Line::Typed(line) => line,
        };
        let prompt = pending.prompt(session);
        console.write(&prompt);
        if options.step && pending.is_empty() {
            if interrupted(enter_pressed()).await {
                return stopped(session, &pending);
            }
            // The Enter echoed a new line: back to the prompt's end.
            if super::keys::interactive() {
                console.write(&format!("\x1b[1A\r{prompt}"));
            }
        }
        if interrupted(type_out(&console, &line, pace)).await {
            return stopped(session, &pending);
        }
        console.write("\n");
        match pending.enter(session, &line, true).await {
            Entered::Pending => continue,
            Entered::Interrupted => return Played::Interrupted,
            Entered::Ran => {}
        }
        session.settle().await;
        if let Some(drawing) = trees.changed(session).await {
            console.write(&drawing);
        }
        if interrupted(tokio::time::sleep(pace.after_input)).await {
            return stopped(session, &pending);
        }
    }
    Played::ToTheEnd
}

/// The pauses that make a demo readable.
#[derive(Clone, Copy)]
struct Pace {
    per_char_typed: Duration,
    per_char_read: Duration,
    after_input: Duration,
}

impl Pace {
    fn of(options: Options) -> Pace {
        if options.fast {
            return Pace {
                per_char_typed: Duration::ZERO,
                per_char_read: Duration::ZERO,
                after_input: Duration::ZERO,
            };
        }
        Pace {
            per_char_typed: Duration::from_millis(18),
            per_char_read: Duration::from_millis(35),
            after_input: Duration::from_millis(700),
        }
    }

    /// The pause after each character of a line `len` characters long:
    /// a long line goes faster, so that none takes more than a second or so.
    fn typing(self, len: usize) -> Duration {
        let most = Duration::from_millis(1200) / len.max(1) as u32;
        self.per_char_typed.min(most)
    }

    /// Time to read a narration line: long enough for its words, never
    /// long enough to wonder whether the demo stopped.
    fn reading(self, text: &str) -> tokio::time::Sleep {
        let wanted = self.per_char_read * text.chars().count() as u32;
        let wait = match self.per_char_read.is_zero() {
            true => Duration::ZERO,
            false => wanted.clamp(Duration::from_millis(800), Duration::from_secs(4)),
        };
        tokio::time::sleep(wait)
    }
}

/// Writes `line` a character at a time, as if typed; a long line goes
/// faster, so that no line takes more than about a second.
async fn type_out(console: &crate::otp::logger::Console, line: &str, pace: Pace) {
    let chars: Vec<char> = line.chars().collect();
    if pace.per_char_typed.is_zero() || chars.is_empty() {
        console.write(line);
        return;
    }
    let per_char = pace.typing(chars.len());
    for c in chars {
        console.write(&c.to_string());
        let _ = std::io::stdout().flush();
        tokio::time::sleep(per_char).await;
    }
}

/// Waits for Enter on the terminal (at once when standard input is not one).
async fn enter_pressed() {
    if !super::keys::interactive() {
        return;
    }
    while !super::keys::enter_pressed() {
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// Runs `wait` unless Ctrl-C comes first: true when it did.
async fn interrupted(wait: impl Future<Output = ()>) -> bool {
    tokio::select! {
        _ = wait => false,
        _ = tokio::signal::ctrl_c() => true,
    }
}

/// Ctrl-C between inputs: a half-typed expression is dropped, as
/// `#iex:break` drops it.
fn stopped(session: &Session, pending: &Pending) -> Played {
    if !pending.is_empty() {
        session.abandon();
    }
    session.console().write("\n");
    Played::Interrupted
}

/// The supervision trees last drawn, to draw them again only when they
/// changed: a child started, stopped, crashed or restarted (uptimes
/// going by are not a change).
#[derive(Default)]
struct Trees {
    shown: Vec<SupervisorView>,
}

impl Trees {
    /// The trees' drawing, when they changed since last asked.
    async fn changed(&mut self, session: &Session) -> Option<String> {
        let node = session.node();
        let now = node
            .run_watched(|mut cx| async move { observe::roots(&mut cx, ASK_TIMEOUT).await })
            .await
            .ok()?;
        let shape: Vec<SupervisorView> = now.iter().map(without_uptimes).collect();
        if shape == self.shown {
            return None;
        }
        self.shown = shape;
        if now.is_empty() {
            return None;
        }
        let color = colored::control::SHOULD_COLORIZE.should_colorize();
        Some(super::tree::text(&now, color))
    }
}

/// A tree without its uptimes, as compared between inputs.
fn without_uptimes(view: &SupervisorView) -> SupervisorView {
    let mut v = view.clone();
    for c in &mut v.children {
        c.uptime = None;
        c.below = c.below.as_ref().map(without_uptimes);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_has_a_title_and_inputs() {
        for d in DEMOS {
            assert!(!d.title().is_empty(), "{} has no title line", d.name);
            let typed = script_of(d.text)
                .into_iter()
                .filter(|l| matches!(l, Line::Typed(t) if !t.trim().is_empty()))
                .count();
            assert!(typed > 0, "{} types nothing", d.name);
        }
    }

    #[test]
    fn the_list_names_every_demo_with_its_title() {
        let listed = list();
        for d in DEMOS {
            assert!(listed.contains(d.name) && listed.contains(d.title()));
        }
    }

    #[test]
    fn a_long_line_is_typed_within_about_a_second_a_short_one_at_its_pace() {
        let pace = Pace::of(Options::default());
        assert!(pace.typing(400) * 400 <= Duration::from_millis(1200));
        assert_eq!(pace.typing(10), pace.per_char_typed);
        assert_eq!(
            Pace::of(Options {
                fast: true,
                step: false
            })
            .typing(10),
            Duration::ZERO
        );
    }

    #[test]
    fn uptimes_going_by_are_no_change() {
        use crate::otp::child_spec::{ChildType, Restart};
        use crate::otp::observe::{ChildState, ChildView};
        use crate::term::{Atom, Pid, Term};
        let child = |up: u64| ChildView {
            id: Term::Atom(Atom::new("a")),
            state: ChildState::Running(Pid(120)),
            name: None,
            module: Atom::module("Agent"),
            kind: ChildType::Worker,
            restart: Restart::Permanent,
            restarts: 0,
            uptime: Some(Duration::from_secs(up)),
            below: None,
        };
        let tree = |up: u64| SupervisorView {
            pid: Pid(119),
            name: None,
            module: Atom::module("Supervisor"),
            strategy: Atom::new("one_for_one"),
            max_restarts: 3,
            max_seconds: 5,
            recent_restarts: 0,
            children: vec![child(up)],
        };
        assert_eq!(without_uptimes(&tree(1)), without_uptimes(&tree(9)));
        let mut restarted = tree(1);
        restarted.children[0].restarts = 1;
        assert_ne!(without_uptimes(&tree(1)), without_uptimes(&restarted));
    }
}
