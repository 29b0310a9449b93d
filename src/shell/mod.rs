//! The shell: the REPL, replay and check of sessions, the helpers and the
//! one-word supervision commands, on top of the language and the runtime.

pub mod check;
pub mod cli;
pub mod code_helpers;
pub mod commands;
pub mod complete;
pub mod errors;
pub mod evaluator;
pub mod helpers;
pub mod mix;
mod pending;
pub mod repl;
pub mod replay;
pub mod session;
pub mod teach;

use crate::lang::eval::{eval_input, Env, Scope};
use crate::lang::parser;
use crate::otp::logger::Console;
use crate::runtime::{block_on, Mode, Node};
use cli::Args;
use session::Session;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

/// Runs riex as the arguments say; returns the process exit status.
pub fn run(args: Args) -> i32 {
    let mode = if args.replay.is_some() || args.check.is_some() {
        Mode::Deterministic
    } else {
        Mode::Realtime
    };
    quiet_panics();
    block_on(mode, move |node| async move {
        boot(&node);
        let colors = use_colors(&args);
        colored::control::set_override(colors);
        Console::of(&node).set_colors(colors);
        if args.eval.is_none() && args.run.is_none() {
            // A session shows warnings where a terminal shows iex's.
            Console::of(&node).warnings_in_output();
        }
        if let Some(script) = &args.script {
            if script != "mix" {
                eprintln!("riex: -S {script}: riex runs only `-S mix`");
                return 2;
            }
            let cwd = std::env::current_dir().unwrap_or_default();
            if let Err(status) = mix::start(&node, &cwd).await {
                return status;
            }
        }
        for f in &args.files {
            if let Err(status) = eval_file(&node, f).await {
                return status;
            }
        }
        if let Some(expr) = &args.eval {
            return eval_source(&node, expr, "nofile").await;
        }
        if let Some(f) = &args.run {
            return eval_file(&node, f).await.err().unwrap_or(0);
        }
        if let Some(t) = &args.check {
            return check_transcript(&node, t, commands(&node, args.bare)).await;
        }
        if let Some(cli::Command::Demo {
            name, step, fast, ..
        }) = &args.command
        {
            let options = teach::demo::Options {
                step: *step,
                fast: *fast,
            };
            return demo(&node, name.as_deref(), options, colors, args.bare).await;
        }
        if let Some(s) = &args.replay {
            let Ok(text) = std::fs::read_to_string(s) else {
                eprintln!("riex: cannot read {}", s.display());
                return 2;
            };
            print!("{}", session::banner());
            let mut session = Session::new(&node, false, commands(&node, args.bare));
            session.load_dot_iex().await;
            replay::replay(&mut session, &replay::script_of(&text)).await;
            return 0;
        }
        println!(
            "riex {} (runtime: tokio, single-threaded)\n\n{}",
            env!("CARGO_PKG_VERSION"),
            session::banner().trim_end()
        );
        let mut session = Session::new(&node, colors, commands(&node, args.bare));
        session.load_dot_iex().await;
        repl::interactive(&mut session).await
    })
}

/// `riex demo [NAME]`: lists the demos, or plays one and hands the shell
/// over, in the same live system.
async fn demo(
    node: &Arc<Node>,
    name: Option<&str>,
    options: teach::demo::Options,
    colors: bool,
    bare: bool,
) -> i32 {
    let Some(name) = name else {
        print!("{}", teach::demo::list());
        return 0;
    };
    let Some(demo) = teach::demo::find(name) else {
        eprintln!("riex: no demo is called {name}\n\n{}", teach::demo::list());
        return 2;
    };
    println!("{}", session::banner().trim_end());
    let mut session = Session::new(node, colors, commands(node, bare));
    session.load_dot_iex().await;
    let played = teach::demo::play(&mut session, demo, options).await;
    let end = match played {
        teach::demo::Played::ToTheEnd => {
            "# The demo is over. Everything it started is still running: keep typing."
        }
        teach::demo::Played::Interrupted => {
            "# Demo stopped. Everything it started is still running: keep typing."
        }
    };
    Console::of(node).write(&format!("{}\n", replay::narration(end)));
    repl::interactive(&mut session).await
}

/// Replays a transcript's inputs with the output captured, and compares.
async fn check_transcript(
    node: &Arc<Node>,
    path: &Path,
    commands: Option<Arc<dyn crate::lang::eval::Helpers>>,
) -> i32 {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("riex: cannot read {}", path.display());
        return 2;
    };
    let captured = Arc::new(parking_lot::Mutex::new(String::new()));
    let sink = captured.clone();
    Console::of(node).set_sink(Arc::new(move |s: &str| sink.lock().push_str(s)));
    let mut session = Session::new(node, false, commands);
    session.load_dot_iex().await;
    replay::replay(&mut session, &replay::script_of(&text)).await;
    let got = captured.lock().clone();
    let diffs = check::compare(&check::blocks(&text), &check::blocks(&got));
    if diffs.is_empty() {
        println!("{}: every output matches", path.display());
        return 0;
    }
    for d in &diffs {
        println!("{d}\n");
    }
    println!(
        "{}: {} of {} outputs differ",
        path.display(),
        diffs.len(),
        check::blocks(&text).len()
    );
    1
}

/// The one-word commands, unless `--bare`.
fn commands(node: &Arc<Node>, bare: bool) -> Option<Arc<dyn crate::lang::eval::Helpers>> {
    if bare {
        return None;
    }
    commands::Commands::load(node);
    Some(Arc::new(commands::Commands))
}

/// Loads the OTP layer and the standard library into a node.
pub fn boot(node: &Arc<Node>) {
    crate::otp::boot::boot(node);
    crate::lang::stdlib::load(node);
}

fn use_colors(args: &Args) -> bool {
    let no_color = args.no_color
        || matches!(
            args.command,
            Some(cli::Command::Demo { no_color: true, .. })
        );
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// A panic is a process crashing, reported as such: the default hook's
/// message would only add noise (set `RUST_BACKTRACE=1` to see it).
fn quiet_panics() {
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
}

/// Evaluates a file as `iex FILE` does: modules persist, variables do not.
async fn eval_file(node: &Arc<Node>, path: &Path) -> Result<(), i32> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("riex: could not read file {}", path.display());
        return Err(1);
    };
    let absolute = std::env::current_dir().unwrap_or_default().join(path);
    let file = crate::lang::module::load::display_path(&absolute);
    match eval_source_in(node, &text, Scope::for_file(&file, &absolute)).await {
        0 => Ok(()),
        status => Err(status),
    }
}

/// Evaluates source text in a fresh process; prints an escaping error.
async fn eval_source(node: &Arc<Node>, text: &str, file: &str) -> i32 {
    eval_source_in(node, text, Scope::new(file, None)).await
}

/// Evaluates source text in `scope`, in a fresh process; prints an escaping error.
async fn eval_source_in(node: &Arc<Node>, text: &str, scope: Arc<Scope>) -> i32 {
    let ast = match parser::parse(text, 1) {
        Ok(ast) => ast,
        Err(e) => {
            eprintln!("{}", parser::format_error(&e, text, &scope.file, 1));
            return 1;
        }
    };
    let result = node
        .run_watched(move |mut cx| async move {
            let mut env = Env::new();
            eval_input(&mut cx, &scope, &mut env, &ast)
                .await
                .map(|_| ())
        })
        .await;
    node.until_quiet_or_busy_for(session::SETTLE_SLICES, session::SETTLE_TIME)
        .await;
    match result {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            eprintln!("{}", errors::error_text(node, &e).trim_end());
            1
        }
        // A linked process took the script's process down with it.
        Err((pid, reason)) => {
            eprintln!(
                "** (EXIT from {pid}) {}",
                crate::term::exception::format_exit(&reason)
            );
            1
        }
    }
}
