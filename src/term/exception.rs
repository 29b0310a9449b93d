//! Raised errors, exits and throws, and how Elixir prints them.
//!
//! An [`Exception`] is what unwinds a process: its kind (`error`, `exit` or
//! `throw`), its reason and the stacktrace. Errors raised from Elixir carry an
//! exception struct such as `%RuntimeError{message: "boom"}`; errors from
//! Erlang carry a bare reason (`:badarith`) that [`normalize`] turns into the
//! struct Elixir would show. The `format_*` functions produce Elixir's own
//! text: `** (RuntimeError) boom`, `an exception was raised:`, `no process:
//! ...`, stacktrace lines.

use super::build::{keyword_get, structure};
use super::inspect::{inspect, inspect_opts, Opts};
use super::{atom, Atom, Term};

/// The class of an exception, as in `catch kind, reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `raise` and runtime errors.
    Error,
    /// `exit/1` and exit signals.
    Exit,
    /// `throw/1`.
    Throw,
}

impl Kind {
    /// The kind as `catch kind, value` sees it: `:error`, `:exit`, `:throw`.
    pub fn atom(self) -> crate::term::Atom {
        match self {
            Kind::Error => crate::term::atom::ERROR,
            Kind::Exit => crate::term::atom::EXIT_KIND,
            Kind::Throw => crate::term::atom::THROW,
        }
    }
}

/// What unwinds a computation: kind, reason and stacktrace.
#[derive(Clone, Debug)]
pub struct Exception {
    /// error, exit or throw.
    pub kind: Kind,
    /// The exception struct, the exit reason or the thrown value.
    pub reason: Term,
    /// A list of `{module, function, arity_or_args, location}` frames.
    pub stack: Term,
}

impl Exception {
    /// An error with this reason and no stacktrace.
    pub fn error(reason: Term) -> Exception {
        Exception {
            kind: Kind::Error,
            reason,
            stack: Term::Nil,
        }
    }

    /// An exit with this reason.
    pub fn exit(reason: Term) -> Exception {
        Exception {
            kind: Kind::Exit,
            reason,
            stack: Term::Nil,
        }
    }

    /// A throw of this value.
    pub fn throw(value: Term) -> Exception {
        Exception {
            kind: Kind::Throw,
            reason: value,
            stack: Term::Nil,
        }
    }

    /// `raise "message"`: a `RuntimeError`.
    pub fn runtime_error(message: &str) -> Exception {
        Exception::raise(atom::RUNTIME_ERROR, message)
    }

    /// `raise ArgumentError, message`.
    pub fn argument_error(message: &str) -> Exception {
        Exception::raise(atom::ARGUMENT_ERROR, message)
    }

    /// An error carrying `%module{message: message}`.
    pub fn raise(module: Atom, message: &str) -> Exception {
        Exception::error(exception_struct(
            module,
            vec![("message", Term::string(message))],
        ))
    }

    /// The same exception with a stacktrace.
    pub fn with_stack(mut self, stack: Term) -> Exception {
        self.stack = stack;
        self
    }

    /// The reason a process ends with when this exception escapes it:
    /// `{reason, stack}` for errors, `{{:nocatch, v}, stack}` for throws, the
    /// reason itself for exits.
    pub fn exit_reason(&self) -> Term {
        match self.kind {
            Kind::Exit => self.reason.clone(),
            Kind::Error => Term::tuple([self.reason.clone(), self.stack.clone()]),
            Kind::Throw => Term::tuple([
                Term::tuple([Term::Atom(atom::NOCATCH), self.reason.clone()]),
                self.stack.clone(),
            ]),
        }
    }

    /// The `** (Kind) message` banner iex prints for this exception.
    pub fn banner(&self) -> String {
        format_banner(self.kind, &self.reason)
    }
}

/// An exception struct: `%module{fields..., __exception__: true}`.
pub fn exception_struct(module: Atom, mut fields: Vec<(&str, Term)>) -> Term {
    fields.push(("__exception__", Term::bool(true)));
    structure(module, fields)
}

/// True for a map with `__exception__: true`.
pub fn is_exception(t: &Term) -> bool {
    t.as_map()
        .and_then(|m| m.get_atom(atom::EXCEPTION))
        .is_some_and(|v| v.is_atom(atom::TRUE))
}

/// Turns a bare Erlang error reason into the exception struct Elixir shows.
pub fn normalize(reason: &Term) -> Term {
    if is_exception(reason) {
        return reason.clone();
    }
    let named = |m: &str, msg: &str| {
        exception_struct(Atom::module(m), vec![("message", Term::string(msg))])
    };
    if let Some(a) = reason.as_atom() {
        match a.name() {
            "badarith" => return named("ArithmeticError", "bad argument in arithmetic expression"),
            "badarg" => return named("ArgumentError", "argument error"),
            "system_limit" => return named("SystemLimitError", "a system limit has been reached"),
            _ => {}
        }
    }
    if let Some([tag, value]) = reason.as_tuple() {
        match tag.as_atom().map(|a| a.name()) {
            Some("badmatch") => {
                return exception_struct(Atom::module("MatchError"), vec![("term", value.clone())])
            }
            Some("case_clause") => {
                return exception_struct(
                    Atom::module("CaseClauseError"),
                    vec![("term", value.clone())],
                )
            }
            Some("badfun") => {
                return exception_struct(
                    Atom::module("BadFunctionError"),
                    vec![("term", value.clone())],
                )
            }
            Some("badmap") => {
                return exception_struct(Atom::module("BadMapError"), vec![("term", value.clone())])
            }
            _ => {}
        }
    }
    if let Some([tag, key, map]) = reason.as_tuple() {
        if tag.is_atom(Atom::new("badkey")) {
            return exception_struct(
                Atom::module("KeyError"),
                vec![
                    ("key", key.clone()),
                    ("term", map.clone()),
                    ("message", Term::nil()),
                ],
            );
        }
    }
    exception_struct(
        atom::ERLANG_ERROR,
        vec![("original", reason.clone()), ("reason", Term::nil())],
    )
}

/// `Exception.message/1` for the exceptions riex knows.
pub fn message(exception: &Term) -> String {
    let Some(m) = exception.as_map() else {
        return inspect(exception);
    };
    let field = |name: &str| {
        m.get(&Term::atom_named(name))
            .cloned()
            .unwrap_or(Term::nil())
    };
    let module = exception.struct_name().map(|a| a.name()).unwrap_or("");
    if let Term::Binary(_) = field("message") {
        return field("message").as_str().unwrap_or("").to_owned();
    }
    match module {
        "Elixir.ErlangError" => format!("Erlang error: {}", inspect(&field("original"))),
        "Elixir.KeyError" => {
            let term = field("term");
            let mut s = format!("key {} not found", inspect(&field("key")));
            if !term.is_atom(atom::NIL) {
                s.push_str(" in: ");
                s.push_str(&inspect_opts(&term, &Opts::pretty_unlimited()));
            }
            s
        }
        "Elixir.MatchError" => format!(
            "no match of right hand side value: {}",
            inspect(&field("term"))
        ),
        "Elixir.CaseClauseError" => format!("no case clause matching: {}", inspect(&field("term"))),
        "Elixir.TryClauseError" => format!("no try clause matching: {}", inspect(&field("term"))),
        "Elixir.WithClauseError" => format!("no with clause matching: {}", inspect(&field("term"))),
        "Elixir.BadFunctionError" => {
            format!("expected a function, got: {}", inspect(&field("term")))
        }
        "Elixir.BadMapError" => format!("expected a map, got: {}", inspect(&field("term"))),
        "Elixir.BadStructError" => format!(
            "expected a struct named {}, got: {}",
            inspect(&field("struct")),
            inspect(&field("term"))
        ),
        "Elixir.FunctionClauseError" => match (
            field("module").as_atom(),
            field("function").as_atom(),
            field("arity"),
        ) {
            (Some(m), Some(f), Term::Int(arity)) => format!(
                "no function clause matching in {}.{}/{arity}",
                m.module_display(),
                crate::term::inspect::remote_call_text(f)
            ),
            _ => inspect(exception),
        },
        _ => inspect(exception),
    }
}

/// `** (RuntimeError) boom`, `** (exit) reason`, `** (throw) value`.
pub fn format_banner(kind: Kind, reason: &Term) -> String {
    match kind {
        Kind::Error => {
            let e = normalize(reason);
            let name = e
                .struct_name()
                .map(|a| a.module_display())
                .unwrap_or_default();
            format!("** ({name}) {}", message(&e))
        }
        Kind::Exit => format!("** (exit) {}", format_exit(reason)),
        Kind::Throw => format!("** (throw) {}", inspect(reason)),
    }
}

const EXIT_INDENT: &str = "    ";

/// `Exception.format_exit/1`: how an exit reason reads in English.
pub fn format_exit(reason: &Term) -> String {
    format_exit_joined(reason, "\n    ")
}

fn format_exit_joined(reason: &Term, joiner: &str) -> String {
    if let Some([inner, mfa]) = reason.as_tuple() {
        if let Some(call) = format_mfa_args(mfa) {
            let nested = format!("{joiner}{EXIT_INDENT}");
            return format!(
                "exited in: {call}{joiner}** (EXIT) {}",
                format_exit_joined(inner, &nested)
            );
        }
        if let Some(frames) = as_stacktrace(mfa) {
            let nested = format!("{joiner}{EXIT_INDENT}");
            let banner = format_banner(Kind::Error, inner);
            let mut out = format!("an exception was raised:{joiner}{banner}");
            for frame in frames {
                out.push_str(&nested);
                out.push_str(&format_frame(&frame));
            }
            return out;
        }
    }
    format_exit_reason(reason, joiner)
}

fn format_exit_reason(reason: &Term, joiner: &str) -> String {
    if let Some(a) = reason.as_atom() {
        return match a.name() {
            "normal" => "normal".into(),
            "shutdown" => "shutdown".into(),
            "calling_self" => "process attempted to call itself".into(),
            "timeout" => "time out".into(),
            "killed" => "killed".into(),
            "noconnection" => "no connection".into(),
            "noproc" => "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started".into(),
            _ => inspect(reason),
        };
    }
    if let Some([tag, value]) = reason.as_tuple() {
        match tag.as_atom().map(|a| a.name()) {
            Some("shutdown") => {
                if let Some([f, child, why]) = value.as_tuple() {
                    if f.is_atom(atom::FAILED_TO_START_CHILD) {
                        let (prefix, why) = match why.as_tuple() {
                            Some([exit, inner]) if exit.is_atom(atom::EXIT) => {
                                ("trapped exit", inner.clone())
                            }
                            _ => ("shutdown", why.clone()),
                        };
                        let nested = format!("{joiner}{EXIT_INDENT}");
                        return format!(
                            "{prefix}: failed to start child: {}{joiner}** (EXIT) {}",
                            inspect(child),
                            format_exit_joined(&why, &nested)
                        );
                    }
                }
                return format!("shutdown: {}", inspect(value));
            }
            Some("already_started") => return format!("already started: {}", inspect(value)),
            Some("bad_return_value") => return format!("bad return value: {}", inspect(value)),
            Some("bad_call") => return format!("bad call: {}", inspect(value)),
            Some("bad_cast") => return format!("bad cast: {}", inspect(value)),
            Some("supervisor_data") => {
                return format!("bad supervisor configuration: {}", inspect(value))
            }
            _ => {}
        }
    }
    inspect(reason)
}

/// `GenServer.call(args...)` for a `{module, function, args}` tuple.
pub fn format_mfa_args(mfa: &Term) -> Option<String> {
    let [m, f, args] = mfa.as_tuple()? else {
        return None;
    };
    let (m, f) = (m.as_atom()?, f.as_atom()?);
    let args = args.list_to_vec()?;
    let args: Vec<String> = args.iter().map(inspect).collect();
    Some(format!(
        "{}.{}({})",
        m.module_display(),
        f.name(),
        args.join(", ")
    ))
}

/// The frames of a term that looks like a stacktrace (a non-empty list of frames).
fn as_stacktrace(t: &Term) -> Option<Vec<Term>> {
    let frames = t.list_to_vec()?;
    if frames.is_empty() {
        return None;
    }
    let ok = frames.iter().all(|f| match f.as_tuple() {
        Some([m, f, a, loc]) => {
            m.as_atom().is_some()
                && f.as_atom().is_some()
                && (a.is_list() || a.as_int().is_some())
                && loc.is_list()
        }
        Some([fun, a, loc]) => {
            matches!(fun, Term::Fun(_)) && (a.is_list() || a.as_int().is_some()) && loc.is_list()
        }
        _ => false,
    });
    ok.then_some(frames)
}

/// The stacktrace lines iex prints under a banner, each indented by four spaces.
pub fn format_stacktrace(stack: &Term) -> Vec<String> {
    stack
        .list_to_vec()
        .unwrap_or_default()
        .iter()
        .map(format_frame)
        .collect()
}

/// One stacktrace entry: `(stdlib 4.2) gen_server.erl:1123: :gen_server.try_dispatch/4`.
pub fn format_frame(frame: &Term) -> String {
    let Some([m, f, a, loc]) = frame.as_tuple() else {
        return inspect(frame);
    };
    let (Some(m), Some(f)) = (m.as_atom(), f.as_atom()) else {
        return inspect(frame);
    };
    let app = application_of(m)
        .map(|app| format!("({app}) "))
        .unwrap_or_default();
    let location = match (keyword_get(loc, atom::FILE), keyword_get(loc, atom::LINE)) {
        (Some(file), Some(Term::Int(line))) => format!("{}:{line}: ", charlist_text(&file)),
        (Some(file), _) => format!("{}: ", charlist_text(&file)),
        _ => String::new(),
    };
    let call = match a {
        // Code outside any function: a script's, or a module's body.
        Term::Int(1) if f.name() == "__FILE__" => "(file)".to_owned(),
        Term::Int(0) if f.name() == "__MODULE__" => format!("{} (module)", m.module_display()),
        Term::Int(arity) if anonymous_in(f).is_some() => format!(
            "anonymous fn/{arity} in {}.{}",
            m.module_display(),
            anonymous_in(f).unwrap_or_default()
        ),
        Term::Int(arity) => format!("{}.{}/{arity}", m.module_display(), fun_name(f)),
        args => {
            let args: Vec<String> = args
                .list_to_vec()
                .unwrap_or_default()
                .iter()
                .map(inspect)
                .collect();
            format!(
                "{}.{}({})",
                m.module_display(),
                fun_name(f),
                args.join(", ")
            )
        }
    };
    format!("{app}{location}{call}")
}

/// `-__struct__/1-fun-0-`, the BEAM's name of a fun inside `__struct__/1`: that function.
fn anonymous_in(f: Atom) -> Option<&'static str> {
    f.name()
        .strip_prefix('-')?
        .split_once("-fun-")
        .map(|(inside, _)| inside)
}

fn fun_name(f: Atom) -> String {
    let s = inspect(&Term::Atom(f));
    s.strip_prefix(':').map(str::to_owned).unwrap_or(s)
}

fn charlist_text(t: &Term) -> String {
    match t {
        Term::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        _ => t
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.as_int().and_then(|c| char::from_u32(c as u32)))
            .collect(),
    }
}

/// The OTP application a library module belongs to, as stacktraces name it.
fn application_of(module: Atom) -> Option<&'static str> {
    let name = module.name();
    if let Some(alias) = name.strip_prefix("Elixir.") {
        let root = alias.split('.').next().unwrap_or("");
        return match root {
            "Logger" => Some("logger 1.14.0"),
            "IEx" => Some("iex 1.14.0"),
            "Kernel" | "Enum" | "String" | "Map" | "List" | "Keyword" | "Process" | "GenServer"
            | "Supervisor" | "DynamicSupervisor" | "Agent" | "Task" | "Registry" | "Integer"
            | "Float" | "Tuple" | "Atom" | "Range" | "MapSet" | "IO" | "Code" | "Module"
            | "System" | "Stream" | "Function" | "Exception" => Some("elixir 1.14.0"),
            _ => None,
        };
    }
    match name {
        "gen_server" | "proc_lib" | "erl_eval" | "supervisor" | "gen" | "timer" | "lists"
        | "maps" | "io" => Some("stdlib 4.2"),
        "application_master" | "application" => Some("kernel 8.5.3"),
        // What Elixir compiles from a script or the prompt is no application's.
        n if n.starts_with("elixir_compiler_") => None,
        n if n.starts_with("elixir_") => Some("elixir 1.14.0"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::build::{charlist, keyword};

    #[test]
    fn runtime_errors_print_their_message() {
        let e = Exception::runtime_error("boom");
        assert_eq!(e.banner(), "** (RuntimeError) boom");
    }

    #[test]
    fn bare_erlang_reasons_are_normalised() {
        assert_eq!(
            format_banner(Kind::Error, &Term::atom_named("badarith")),
            "** (ArithmeticError) bad argument in arithmetic expression"
        );
        assert_eq!(
            format_banner(Kind::Error, &Term::atom_named("foo")),
            "** (ErlangError) Erlang error: :foo"
        );
    }

    #[test]
    fn exits_read_as_elixir_writes_them() {
        assert_eq!(format_exit(&Term::atom(atom::SHUTDOWN)), "shutdown");
        assert_eq!(
            format_exit(&Term::tuple([Term::atom(atom::SHUTDOWN), Term::int(1)])),
            "shutdown: 1"
        );
        assert_eq!(format_exit(&Term::atom_named("foo")), ":foo");
    }

    #[test]
    fn a_call_exit_names_the_call() {
        let reason = Term::tuple([
            Term::atom(atom::NOPROC),
            Term::tuple([
                Term::atom(atom::GEN_SERVER),
                Term::atom_named("call"),
                Term::list(vec![
                    Term::atom_named("x"),
                    Term::atom_named("hi"),
                    Term::int(5000),
                ]),
            ]),
        ]);
        assert_eq!(
            format_exit(&reason),
            "exited in: GenServer.call(:x, :hi, 5000)\n    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started"
        );
    }

    #[test]
    fn frames_print_with_application_location_and_arity() {
        let frame = Term::tuple([
            Term::atom_named("gen_server"),
            Term::atom_named("try_dispatch"),
            Term::int(4),
            keyword(vec![
                ("file", charlist("gen_server.erl")),
                ("line", Term::int(1123)),
            ]),
        ]);
        assert_eq!(
            format_frame(&frame),
            "(stdlib 4.2) gen_server.erl:1123: :gen_server.try_dispatch/4"
        );
    }

    #[test]
    fn a_failed_child_start_explains_itself() {
        let reason = Term::tuple([
            Term::atom(atom::SHUTDOWN),
            Term::tuple([
                Term::atom(atom::FAILED_TO_START_CHILD),
                Term::atom_named("bad"),
                Term::atom_named("nope"),
            ]),
        ]);
        assert_eq!(
            format_exit(&reason),
            "shutdown: failed to start child: :bad\n    ** (EXIT) :nope"
        );
    }
}
