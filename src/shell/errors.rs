//! How iex prints an exception that escaped an input: the banner (with
//! Elixir's hints, such as "Did you mean" for an undefined function), then the
//! stacktrace indented by four spaces, or an empty line when there is none.

use crate::runtime::Node;
use crate::term::exception::format_stacktrace;
use crate::term::{Atom, Exception, Kind, Term};

/// The text iex prints for `e`, without colours.
pub fn error_text(node: &Node, e: &Exception) -> String {
    error_text_with(node, e, None)
}

/// The text iex prints for `e`, with its message given when the
/// exception's own `message/1` computed it.
pub fn error_text_with(node: &Node, e: &Exception, message: Option<&str>) -> String {
    let (reason, stack) = match e.kind {
        Kind::Error => crate::lang::stdlib::errors::blame(&e.reason, &e.stack),
        _ => (e.reason.clone(), e.stack.clone()),
    };
    let blamed = Exception {
        kind: e.kind,
        reason,
        stack,
    };
    let mut out = match (message, blamed.reason.struct_name()) {
        (Some(m), Some(name)) => format!("** ({}) {m}", name.module_display()),
        _ => banner(node, &blamed),
    };
    out.push('\n');
    let stack = format_stacktrace(&blamed.stack);
    if stack.is_empty() {
        out.push('\n');
    }
    for line in stack {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// `e` as iex shows an exception that escaped an input: without the
/// evaluator's frames at the bottom of its stacktrace. A `fn` typed at the
/// prompt runs in `:erl_eval`, whose frames iex prunes with the shell's own
/// below them: a `raise` in a `fn` called from the prompt shows no frame,
/// one in a `fn` that `Enum.each` applies keeps the evaluator's frame above
/// `Enum`'s.
pub fn as_escaped_input(e: &Exception) -> Exception {
    let Some(frames) = e.stack.list_to_vec() else {
        return e.clone();
    };
    let evaluator = |f: &Term| {
        f.as_tuple()
            .and_then(|t| t.first())
            .is_some_and(|m| m.is_atom(Atom::new("erl_eval")))
    };
    let kept = frames.len() - frames.iter().rev().take_while(|f| evaluator(f)).count();
    if kept == frames.len() {
        return e.clone();
    }
    Exception {
        kind: e.kind,
        reason: e.reason.clone(),
        stack: Term::list(frames[..kept].to_vec()),
    }
}

fn banner(node: &Node, e: &Exception) -> String {
    if e.kind != Kind::Error {
        return e.banner();
    }
    let name = e
        .reason
        .struct_name()
        .map(|a| a.module_display())
        .unwrap_or_default();
    let message = crate::lang::stdlib::errors::message(&e.reason)
        .unwrap_or_else(|| crate::term::exception::message(&e.reason));
    match e.reason.struct_name().map(|a| a.name()) {
        Some("Elixir.CompileError") => format!("** (CompileError) {message}"),
        Some("Elixir.UndefinedFunctionError") => {
            format!("** ({name}) {message}{}", undefined_hint(node, &e.reason))
        }
        Some("Elixir.FunctionClauseError") => {
            // iex pads the blame (arguments and clauses) by four spaces.
            let (head, blame) = message
                .split_once("\n")
                .map(|(h, b)| (h, format!("\n{b}")))
                .unwrap_or((&message, String::new()));
            if blame.is_empty() {
                return format!("** ({name}) {head}");
            }
            format!(
                "** ({name}) {head}    {}",
                blame.replace('\n', "\n    ").trim_end()
            )
        }
        _ => format!("** ({name}) {message}"),
    }
}

/// `. Did you mean:` and the close exports, as `UndefinedFunctionError` adds
/// for a loaded module (same name with other arities, else names within a
/// Jaro distance of 0.77; at most five, sorted by name).
fn undefined_hint(node: &Node, reason: &Term) -> String {
    let Some(m) = reason.as_map() else {
        return String::new();
    };
    let field = |k: &str| m.get(&Term::atom_named(k)).cloned();
    let (Some(Term::Atom(module)), Some(Term::Atom(fun))) = (field("module"), field("function"))
    else {
        return String::new();
    };
    let message = crate::term::exception::message(reason);
    if !message.ends_with("is undefined or private") {
        return String::new();
    }
    let Some(loaded) = node.module(module) else {
        return String::new();
    };
    let mut exports = loaded.exports();
    exports.sort_by(|a, b| a.0.cmp_names(b.0).then(a.1.cmp(&b.1)));
    exports.dedup();
    suggestions(fun, &exports)
}

fn suggestions(fun: Atom, exports: &[(Atom, usize)]) -> String {
    let same: Vec<(f64, Atom, usize)> = exports
        .iter()
        .filter(|(f, _)| *f == fun)
        .map(|(f, a)| (1.0, *f, *a))
        .collect();
    let mut found = if same.is_empty() {
        exports
            .iter()
            .map(|(f, a)| {
                (
                    crate::lang::stdlib::text::jaro_distance(fun.name(), f.name()),
                    *f,
                    *a,
                )
            })
            .filter(|(d, _, _)| *d >= 0.77)
            .collect()
    } else {
        same
    };
    if found.is_empty() {
        return String::new();
    }
    found.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    found.truncate(5);
    found.sort_by(|a, b| a.1.cmp_names(b.1));
    let mut s = String::from(". Did you mean:\n\n");
    for (_, f, a) in found {
        let name = crate::term::inspect::atom_text(f);
        s.push_str(&format!("      * {}/{a}\n", name.trim_start_matches(':')));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_arities_of_the_same_name_are_suggested() {
        let exports = vec![
            (Atom::new("start_link"), 2),
            (Atom::new("start_link"), 3),
            (Atom::new("stop"), 1),
        ];
        assert_eq!(
            suggestions(Atom::new("start_link"), &exports),
            ". Did you mean:\n\n      * start_link/2\n      * start_link/3\n"
        );
    }

    /// The evaluator's frames at the bottom of an input's stacktrace go,
    /// as iex prunes them; one above another module's frame stays.
    #[test]
    fn an_input_error_loses_the_evaluators_frames_at_the_bottom_only() {
        let frame = |m: &str| {
            Term::tuple([
                Term::atom_named(m),
                Term::atom_named("f"),
                Term::int(1),
                Term::Nil,
            ])
        };
        let error = |frames: Vec<Term>| Exception {
            kind: Kind::Error,
            reason: Term::atom_named("boom"),
            stack: Term::list(frames),
        };
        let direct = as_escaped_input(&error(vec![frame("erl_eval"), frame("erl_eval")]));
        assert!(matches!(direct.stack, Term::Nil));
        let through_enum = error(vec![frame("erl_eval"), frame("Elixir.Enum")]);
        let kept = as_escaped_input(&through_enum);
        assert_eq!(kept.stack.list_to_vec().map(|v| v.len()), Some(2));
    }

    #[test]
    fn nothing_close_means_no_hint() {
        assert_eq!(
            suggestions(Atom::new("zzz"), &[(Atom::new("upcase"), 1)]),
            ""
        );
    }
}
