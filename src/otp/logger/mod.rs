//! Logger: levels, the console format, and where the text goes.
//!
//! Elixir's default console format is `"\n$time $metadata[$level] $message\n"`
//! with the time as local `HH:MM:SS.mmm`. Every log call of a node goes
//! through [`log`], which emits a `tracing` event into the node's own
//! subscriber; its layer ([`layer::ConsoleLayer`], our formatter) writes the
//! text to the node's [`Console`]: stdout by default, the shell's printer in
//! the REPL, a buffer in tests. With `RIEX_LOG=debug` (any `tracing`
//! filter), the runtime's own events (spawns, exits, restarts) are written
//! there too, in the same format.
//!
//! Writing happens in the caller, synchronously, as Logger does in sync mode:
//! a crash report is always printed before the next thing the crashing
//! process's supervisor does.

pub mod layer;

use crate::runtime::Node;
use parking_lot::Mutex;
use std::io::Write;
use std::sync::Arc;

/// Logger levels, in increasing severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `Logger.debug`.
    Debug,
    /// `Logger.info`.
    Info,
    /// `Logger.notice`.
    Notice,
    /// `Logger.warning` and `Logger.warn`.
    Warning,
    /// `Logger.error` and crash reports.
    Error,
}

impl Level {
    /// The name in `[level]`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Notice => "notice",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The level named `name` (`warn` is `warning`).
    pub fn from_name(name: &str) -> Option<Level> {
        Some(match name {
            "debug" => Level::Debug,
            "info" => Level::Info,
            "notice" => Level::Notice,
            "warning" | "warn" => Level::Warning,
            "error" | "critical" | "alert" | "emergency" => Level::Error,
            _ => return None,
        })
    }

    /// The ANSI colour Elixir's console uses for the level.
    fn color(self) -> Option<&'static str> {
        match self {
            Level::Debug => Some("\x1b[36m"),
            Level::Info | Level::Notice => None,
            Level::Warning => Some("\x1b[33m"),
            Level::Error => Some("\x1b[31m"),
        }
    }
}

/// Where a node's output goes.
pub type Sink = Arc<dyn Fn(&str) + Send + Sync>;

/// A node's console: the sink for `IO.puts` from processes and for Logger.
pub struct Console {
    sink: Mutex<Sink>,
    /// Compiler warnings go to stderr, as `elixir` writes them, unless a
    /// session shows them in order with everything else, as a terminal
    /// shows iex's.
    warnings_to_stderr: Mutex<bool>,
    level: Mutex<Level>,
    colors: Mutex<bool>,
    timestamps: Mutex<bool>,
    /// How many writes so far: a drawing redrawn in place (`tree watch:
    /// true`) knows nothing printed below it since.
    writes: std::sync::atomic::AtomicU64,
}

impl Default for Console {
    fn default() -> Console {
        Console {
            sink: Mutex::new(Arc::new(|s: &str| {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(s.as_bytes());
                let _ = out.flush();
            })),
            warnings_to_stderr: Mutex::new(true),
            level: Mutex::new(Level::Debug),
            colors: Mutex::new(false),
            timestamps: Mutex::new(true),
            writes: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl Console {
    /// The console of `node`.
    pub fn of(node: &Node) -> Arc<Console> {
        node.extension::<Console>()
    }

    /// Sends all further output to `sink`.
    pub fn set_sink(&self, sink: Sink) {
        *self.sink.lock() = sink;
    }

    /// Writes text as it is.
    pub fn write(&self, text: &str) {
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let sink = self.sink.lock().clone();
        sink(text);
    }

    /// How many times the console has been written to.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes a compiler warning (yellow when colours are on), as iex
    /// prints one while it evaluates.
    pub fn warn(&self, text: &str) {
        let text = if *self.colors.lock() {
            format!("\x1b[33m{text}\x1b[0m\n")
        } else {
            format!("{text}\n")
        };
        if *self.warnings_to_stderr.lock() {
            let mut err = std::io::stderr().lock();
            self.writes
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        } else {
            self.write(&text);
        }
    }

    /// Shows compiler warnings in the output, in order, as a terminal shows
    /// iex's (a session does this; scripts keep them on stderr).
    pub fn warnings_in_output(&self) {
        *self.warnings_to_stderr.lock() = false;
    }

    /// The minimum level printed (`Logger.level/0`).
    pub fn level(&self) -> Level {
        *self.level.lock()
    }

    /// `Logger.configure(level: ...)`.
    pub fn set_level(&self, level: Level) {
        *self.level.lock() = level;
    }

    /// Colours log lines by level.
    pub fn set_colors(&self, on: bool) {
        *self.colors.lock() = on;
    }

    /// Prints the `HH:MM:SS.mmm` prefix (tests turn it off for stable text).
    pub fn set_timestamps(&self, on: bool) {
        *self.timestamps.lock() = on;
    }

    pub(crate) fn format(&self, level: Level, message: &str) -> String {
        let time = if *self.timestamps.lock() {
            format!("{} ", chrono::Local::now().format("%H:%M:%S%.3f"))
        } else {
            String::new()
        };
        let body = format!("{time}[{}] {message}", level.name());
        match (level.color(), *self.colors.lock()) {
            (Some(c), true) => format!("\n{c}{body}\x1b[0m\n"),
            _ => format!("\n{body}\n"),
        }
    }
}

/// Logs `message` at `level` on `node`'s console, if the level is enabled.
pub fn log(node: &Node, level: Level, message: &str) {
    let console = Console::of(node);
    if level < console.level() {
        return;
    }
    let dispatch = layer::dispatch(node);
    tracing::dispatcher::with_default(
        &dispatch,
        || tracing::event!(target: layer::ELIXIR, tracing::Level::INFO, elixir_level = level.name(), "{message}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Mode;

    fn captured(node: &Node) -> Arc<Mutex<String>> {
        let buf = Arc::new(Mutex::new(String::new()));
        let b = buf.clone();
        let console = Console::of(node);
        console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
        console.set_timestamps(false);
        buf
    }

    #[test]
    fn a_log_line_is_preceded_by_an_empty_line() {
        let node = Node::new(Mode::Deterministic);
        let buf = captured(&node);
        log(&node, Level::Info, "hello");
        assert_eq!(*buf.lock(), "\n[info] hello\n");
    }

    #[test]
    fn levels_below_the_configured_one_are_dropped() {
        let node = Node::new(Mode::Deterministic);
        let buf = captured(&node);
        Console::of(&node).set_level(Level::Warning);
        log(&node, Level::Info, "quiet");
        log(&node, Level::Warning, "loud");
        assert_eq!(*buf.lock(), "\n[warning] loud\n");
    }

    #[test]
    fn warn_is_an_alias_of_warning() {
        assert_eq!(Level::from_name("warn"), Some(Level::Warning));
    }
}
