//! The interactive shell: rustyline reads lines on a thread of its own, the
//! session evaluates them on the runtime's thread.
//!
//! Output that arrives while the user is typing (a crash report, `IO.puts`
//! from another process) goes through rustyline's external printer, which
//! prints it above the prompt and redraws the half-typed line.

use super::complete::IexHelper;
use super::pending::{Entered, Pending};
use super::session::Session;
use crate::otp::logger::Console;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor, ExternalPrinter};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc as std_mpsc, Arc, Mutex};
use tokio::sync::mpsc;

/// What the reader thread read.
enum Read {
    Line(String),
    Interrupted,
    Eof,
}

/// Where the history lives: `$XDG_STATE_HOME/riex/history` or `~/.local/state/riex/history`.
pub fn history_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(base.join("riex").join("history"))
}

/// Runs the interactive loop until Ctrl-D or two Ctrl-C in a row.
pub async fn interactive(session: &mut Session) -> i32 {
    let (prompts_tx, prompts_rx) = std_mpsc::channel::<String>();
    let (lines_tx, mut lines_rx) = mpsc::unbounded_channel::<Read>();
    let reading = Arc::new(AtomicBool::new(false));
    let printer: Arc<Mutex<Option<Box<dyn ExternalPrinter + Send>>>> = Arc::new(Mutex::new(None));
    install_sink(session, reading.clone(), printer.clone());
    let reader_printer = printer.clone();
    let reader_reading = reading.clone();
    let locals = [
        "h",
        "v",
        "flush",
        "pid",
        "clear",
        "respawn",
        "i",
        "runtime_info",
        "exports",
        "binding",
        "start_child",
        "which_children",
        "crash",
        "stop",
        "kill",
        "lookup",
        "count",
        "tree",
        "trace",
        "seq_trace",
        "untrace",
    ];
    let helper = IexHelper::new(
        session.node(),
        session.bindings(),
        locals.iter().map(|s| s.to_string()).collect(),
    );
    std::thread::spawn(move || {
        read_lines(prompts_rx, lines_tx, reader_reading, reader_printer, helper)
    });
    let mut pending = Pending::default();
    let mut interrupts = 0;
    loop {
        if prompts_tx.send(pending.prompt(session)).is_err() {
            return 0;
        }
        // The shell may die while the line is typed: its death is told
        // above the prompt at once, a half-typed input goes with it, and
        // the line goes to the next shell. Only the waits race; what the
        // death does is not cut short by a line arriving meanwhile.
        let read = loop {
            let reason = tokio::select! {
                read = lines_rx.recv() => break read,
                reason = session.shell_death() => reason,
            };
            session.died_at_prompt(reason).await;
            pending.clear();
        };
        match read {
            Some(Read::Line(line)) => {
                interrupts = 0;
                if pending.enter(session, &line, true).await == Entered::Pending {
                    continue;
                }
                session.settle().await;
            }
            Some(Read::Interrupted) => {
                interrupts += 1;
                pending.clear();
                if interrupts >= 2 {
                    return 0;
                }
            }
            Some(Read::Eof) | None => return 0,
        }
    }
}

/// Sends the node's output above the prompt while rustyline reads, straight
/// to stdout otherwise.
fn install_sink(
    session: &Session,
    reading: Arc<AtomicBool>,
    printer: Arc<Mutex<Option<Box<dyn ExternalPrinter + Send>>>>,
) {
    Console::of_session(session).set_sink(Arc::new(move |text: &str| {
        if reading.load(Ordering::Acquire) {
            if let Some(p) = printer.lock().unwrap().as_mut() {
                let _ = p.print(
                    text.trim_end_matches('\n')
                        .trim_start_matches('\n')
                        .to_owned(),
                );
                return;
            }
        }
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }));
}

fn read_lines(
    prompts: std_mpsc::Receiver<String>,
    lines: mpsc::UnboundedSender<Read>,
    reading: Arc<AtomicBool>,
    printer: Arc<Mutex<Option<Box<dyn ExternalPrinter + Send>>>>,
    helper: IexHelper,
) {
    let config = Config::builder()
        .auto_add_history(true)
        .max_history_size(10_000)
        .unwrap_or_default()
        .completion_type(rustyline::CompletionType::List)
        .build();
    let Ok(mut editor) = Editor::<IexHelper, DefaultHistory>::with_config(config) else {
        let _ = lines.send(Read::Eof);
        return;
    };
    editor.set_helper(Some(helper));
    let history = history_path();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    if let Ok(p) = editor.create_external_printer() {
        *printer.lock().unwrap() = Some(Box::new(p));
    }
    while let Ok(prompt) = prompts.recv() {
        reading.store(true, Ordering::Release);
        let read = editor.readline(&prompt);
        reading.store(false, Ordering::Release);
        let msg = match read {
            Ok(line) => Read::Line(line),
            Err(ReadlineError::Interrupted) => Read::Interrupted,
            Err(_) => Read::Eof,
        };
        let done = matches!(msg, Read::Eof);
        if lines.send(msg).is_err() || done {
            break;
        }
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = editor.save_history(h);
        }
    }
}
