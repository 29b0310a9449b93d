//! `Logger`: `Logger.info("...")` and friends write to the node's console
//! through [`crate::otp::logger::log`], in Elixir's console format.
//!
//! In Elixir these are macros that need `require Logger` (the evaluator
//! checks that); here they are functions, which the language calls as the
//! macros expand: the level is checked first ([`passes`]), and a message
//! the level filters out is not even evaluated. A message is chardata, anything
//! `String.Chars` prints, or a function of no arguments returning either
//! (or `{message, metadata}`), called only if the level is enabled.
//! Metadata is accepted and, as with the default console format, not shown.
//! `critical`, `alert` and `emergency` log at riex's highest level, `error`.

use super::text;
use crate::otp::logger::{log, Console, Level};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::build::keyword_get;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

fn level_of(name: &Term) -> Result<Level, Exception> {
    name.as_atom()
        .and_then(|a| Level::from_name(a.name()))
        .ok_or_else(|| {
            Exception::argument_error(&format!(
                "invalid level for Logger: {}",
                crate::term::inspect::inspect(name)
            ))
        })
}

fn message_text(t: &Term) -> Result<String, Exception> {
    let bytes = match t {
        Term::Nil | Term::List(_) => text::list_to_string(t)?,
        other => text::to_string(other)?,
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

async fn emit(cx: &mut Ctx, level: Level, message: &Term) -> R {
    if level < Console::of(cx.node()).level() {
        return Ok(Term::ok());
    }
    let message = match message {
        Term::Fun(_) => {
            let produced = apply_fun(cx, message, vec![]).await?;
            match produced.as_tuple() {
                Some([m, _metadata]) => m.clone(),
                _ => produced,
            }
        }
        other => other.clone(),
    };
    let text = message_text(&message)?;
    log(cx.node(), level, &text);
    Ok(Term::ok())
}

/// The level a Logger macro (`:debug`, `:warn`, `:critical`...) logs at.
fn macro_level(name: &str) -> Option<Level> {
    match name {
        "warn" => Some(Level::Warning),
        "critical" | "alert" | "emergency" => Some(Level::Error),
        other => Level::from_name(other),
    }
}

/// True when a message at the level of the macro `name` (`"debug"`,
/// `"warn"`...) gets through the configured level. An unknown level
/// passes, for the logging function to reject with its error.
pub fn passes(cx: &Ctx, name: &str) -> bool {
    macro_level(name).is_none_or(|level| level >= Console::of(cx.node()).level())
}

/// `Logger.__should_log__(level, module)`: the level when a message at it
/// gets through, `nil` when the configured level filters it out.
fn should_log(cx: &mut Ctx, a: Vec<Term>) -> R {
    let passing = a[0].as_atom().is_none_or(|l| passes(cx, l.name()));
    Ok(if passing { a[0].clone() } else { Term::nil() })
}

macro_rules! level_fn {
    ($name:ident, $level:expr) => {
        async fn $name(cx: &mut Ctx, a: Vec<Term>) -> R {
            emit(cx, $level, &a[0]).await
        }
    };
}

level_fn!(debug, Level::Debug);
level_fn!(info, Level::Info);
level_fn!(notice, Level::Notice);
level_fn!(warning, Level::Warning);
level_fn!(error, Level::Error);

async fn log_fn(cx: &mut Ctx, a: Vec<Term>) -> R {
    let level = level_of(&a[0])?;
    emit(cx, level, &a[1]).await
}

fn level(cx: &mut Ctx, _a: Vec<Term>) -> R {
    Ok(Term::atom_named(Console::of(cx.node()).level().name()))
}

fn configure(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !a[0].is_list() {
        return Err(super::errors::function_clause_error(
            Atom::module("Keyword"),
            "take",
            2,
            super::errors::elixir_frame("Keyword", "take", Term::int(2), "lib/keyword.ex", 1203),
        ));
    }
    if let Some(l) = keyword_get(&a[0], Atom::new("level")) {
        if let Some(level) = l.as_atom().and_then(|x| Level::from_name(x.name())) {
            Console::of(cx.node()).set_level(level);
        } else if l.is_atom(Atom::new("all")) {
            Console::of(cx.node()).set_level(Level::Debug);
        }
    }
    Ok(Term::ok())
}

fn compare_levels(a: Vec<Term>) -> R {
    let (x, y) = (level_of(&a[0])?, level_of(&a[1])?);
    Ok(Term::atom_named(match x.cmp(&y) {
        std::cmp::Ordering::Less => "lt",
        std::cmp::Ordering::Equal => "eq",
        std::cmp::Ordering::Greater => "gt",
    }))
}

fn ok(_a: Vec<Term>) -> R {
    Ok(Term::ok())
}

fn metadata(_a: Vec<Term>) -> R {
    Ok(Term::Nil)
}

/// The `Logger` module.
pub fn module() -> NativeModule {
    let mut m = NativeModule::new(Atom::module("Logger"));
    for arity in [1, 2] {
        m = m
            .export("debug", arity, suspending!(debug))
            .export("info", arity, suspending!(info))
            .export("notice", arity, suspending!(notice))
            .export("warning", arity, suspending!(warning))
            .export("warn", arity, suspending!(warning))
            .export("error", arity, suspending!(error))
            .export("critical", arity, suspending!(error))
            .export("alert", arity, suspending!(error))
            .export("emergency", arity, suspending!(error));
    }
    m.export("log", 2, suspending!(log_fn))
        .export("log", 3, suspending!(log_fn))
        .export_native("level", 0, with_cx!(level))
        .export_native("__should_log__", 2, with_cx!(should_log))
        .export_native("configure", 1, with_cx!(configure))
        .export_native("compare_levels", 2, pure!(compare_levels))
        .export_native("flush", 0, pure!(ok))
        .export_native("metadata", 0, pure!(metadata))
        .export_native("metadata", 1, pure!(ok))
        .export_native("reset_metadata", 0, pure!(ok))
        .export_native("reset_metadata", 1, pure!(ok))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::otp::logger::Console;
    use crate::term::build::keyword;
    use crate::term::fun::pure;
    use crate::term::{Atom, Term};
    use parking_lot::Mutex;
    use std::sync::Arc;

    fn logged(calls: Vec<(&'static str, Vec<Term>)>) -> (String, Vec<String>) {
        run(move |mut cx| async move {
            let buf = Arc::new(Mutex::new(String::new()));
            let b = buf.clone();
            let console = Console::of(cx.node());
            console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
            console.set_timestamps(false);
            crate::otp::logger::layer::install_for_thread(cx.node());
            let mut results = Vec::new();
            for (f, args) in calls {
                let r = cx.apply(Atom::module("Logger"), Atom::new(f), args).await;
                results.push(match r {
                    Ok(t) => crate::term::inspect::inspect(&t),
                    Err(e) => describe(&e),
                });
            }
            let text = buf.lock().clone();
            (text, results)
        })
    }

    #[test]
    fn levels_print_in_the_console_format() {
        let (text, results) = logged(vec![
            ("info", vec![s("hello")]),
            ("warn", vec![s("old style")]),
            (
                "info",
                vec![s("with metadata"), keyword(vec![("user_id", int(42))])],
            ),
            ("info", vec![pure("f/0", 0, |_| Ok(Term::string("lazy")))]),
        ]);
        assert_eq!(
            text,
            "\n[info] hello\n\n[warning] old style\n\n[info] with metadata\n\n[info] lazy\n"
        );
        assert!(results.iter().all(|r| r == ":ok"));
    }

    #[test]
    fn configured_level_filters() {
        let (text, results) = logged(vec![
            ("level", vec![]),
            ("configure", vec![keyword(vec![("level", atom("warning"))])]),
            ("info", vec![s("filtered")]),
            ("warning", vec![s("shown")]),
            ("level", vec![]),
        ]);
        assert_eq!(text, "\n[warning] shown\n");
        assert_eq!(results[0], ":debug");
        assert_eq!(results[4], ":warning");
    }
}
