//! `Exception`: an exception's message (its module's `message/1`, for
//! exceptions defined in Elixir too), and the texts iex prints.

use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::exception::{format_banner, format_exit, format_stacktrace, is_exception};
use crate::term::{Atom, Exception, Kind, Term};

type R = Result<Term, Exception>;

/// `Exception.message(exception)`.
pub async fn message(cx: &mut Ctx, a: Vec<Term>) -> R {
    let e = &a[0];
    if let Some(m) = e.struct_name() {
        if cx
            .node()
            .module(m)
            .is_some_and(|module| module.exports_fun(Atom::new("message"), 1))
        {
            return cx.apply(m, Atom::new("message"), vec![e.clone()]).await;
        }
    }
    Ok(Term::string(&crate::term::exception::message(e)))
}

fn exception_p(a: Vec<Term>) -> R {
    Ok(Term::bool(is_exception(&a[0])))
}

fn kind_of(t: &Term) -> Kind {
    match t.as_atom().map(|a| a.name()) {
        Some("exit") => Kind::Exit,
        Some("throw") => Kind::Throw,
        _ => Kind::Error,
    }
}

fn format_banner_fn(a: Vec<Term>) -> R {
    let banner = format_banner(kind_of(&a[0]), &a[1]);
    Ok(Term::string(banner.trim_start_matches("** ")))
}

fn format_fn(a: Vec<Term>) -> R {
    let mut text = format_banner(kind_of(&a[0]), &a[1])
        .trim_start_matches("** ")
        .to_owned();
    for line in format_stacktrace(a.get(2).unwrap_or(&Term::Nil)) {
        text.push_str("\n    ");
        text.push_str(&line);
    }
    Ok(Term::string(&text))
}

fn format_exit_fn(a: Vec<Term>) -> R {
    Ok(Term::string(&format_exit(&a[0])))
}

fn format_stacktrace_fn(a: Vec<Term>) -> R {
    let lines: String = format_stacktrace(&a[0])
        .iter()
        .map(|l| format!("    {l}\n"))
        .collect();
    Ok(Term::string(&lines))
}

fn format_mfa(a: Vec<Term>) -> R {
    let module = match &a[0] {
        Term::Atom(m) => m.module_display(),
        other => crate::term::inspect::inspect(other),
    };
    let fun =
        crate::term::inspect::remote_call_text(a[1].as_atom().unwrap_or(crate::term::atom::NIL));
    Ok(Term::string(&match &a[2] {
        Term::Int(arity) => format!("{module}.{fun}/{arity}"),
        args => {
            let shown: Vec<String> = args
                .list_to_vec()
                .unwrap_or_default()
                .iter()
                .map(crate::term::inspect::inspect)
                .collect();
            format!("{module}.{fun}({})", shown.join(", "))
        }
    }))
}

/// `file:line:column:suffix`, leaving out what is `nil` or 0 (nothing without a file).
fn file_line_text(
    file: &Term,
    line: Option<&Term>,
    column: Option<&Term>,
    suffix: Option<&Term>,
) -> String {
    let Some(file) = file.as_str() else {
        return String::new();
    };
    let suffix = suffix.and_then(|s| s.as_str()).unwrap_or_default();
    match (
        line.and_then(Term::as_int).filter(|l| *l != 0),
        column.and_then(Term::as_int).filter(|c| *c != 0),
    ) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}:{suffix}"),
        (Some(l), None) => format!("{file}:{l}:{suffix}"),
        _ => format!("{file}:{suffix}"),
    }
}

fn format_file_line(a: Vec<Term>) -> R {
    Ok(Term::string(&file_line_text(
        &a[0],
        a.get(1),
        None,
        a.get(2),
    )))
}

fn format_file_line_column(a: Vec<Term>) -> R {
    Ok(Term::string(&file_line_text(
        &a[0],
        a.get(1),
        a.get(2),
        a.get(3),
    )))
}

/// The `Exception` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Exception"))
        .export("message", 1, suspending!(message))
        .export_native("exception?", 1, pure!(exception_p))
        .export_native("format_banner", 2, pure!(format_banner_fn))
        .export_native("format_banner", 3, pure!(format_banner_fn))
        .export_native("format", 2, pure!(format_fn))
        .export_native("format", 3, pure!(format_fn))
        .export_native("format_exit", 1, pure!(format_exit_fn))
        .export_native("format_stacktrace", 1, pure!(format_stacktrace_fn))
        .export_native("format_mfa", 3, pure!(format_mfa))
        .export_native("format_file_line", 2, pure!(format_file_line))
        .export_native("format_file_line", 3, pure!(format_file_line))
        .export_native("format_file_line_column", 3, pure!(format_file_line_column))
        .export_native("format_file_line_column", 4, pure!(format_file_line_column))
}
