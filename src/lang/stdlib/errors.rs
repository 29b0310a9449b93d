//! Elixir's exceptions, built exactly as Elixir 1.14 raises them.
//!
//! An [`Exception`] built here carries the struct `rescue` would see and a
//! stack whose first frame is the one Elixir reports:
//!
//! | raised by | reason | first frame |
//! |---|---|---|
//! | an Erlang BIF (`hd([])`) | `%ArgumentError{message: "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"}` | `{:erlang, :hd, [[]], [error_info: ...]}` |
//! | arithmetic (`1 / 0`) | `%ArithmeticError{message: "bad argument in arithmetic expression"}` | `{:erlang, :/, [1, 0], [error_info: ...]}` |
//! | a clause mismatch (`String.upcase(1)`) | `%FunctionClauseError{module: String, function: :upcase, arity: 2, kind: nil, args: nil, clauses: nil}` | `{String, :upcase, [1, :default], [file: 'lib/string.ex', line: 831]}` |
//! | `raise` in Elixir's code (`Enum.fetch!`) | `%Enum.OutOfBoundsError{message: "out of bounds error"}` | `{Enum, :fetch!, 2, [file: 'lib/enum.ex', line: 1072]}` |
//!
//! The arguments of a clause mismatch are where the BEAM puts them: in the
//! first frame. [`blame`] does what `Exception.blame/3` does before iex
//! prints an error: it moves them into the struct (with the clauses Elixir
//! would list, as strings), replaces them by the arity in the frame, and
//! completes `ArithmeticError` and `KeyError` messages; [`message`] then
//! gives the text after `** (FunctionClauseError) `.
//!
//! The clauses are plain text: iex marks the parts of each clause that did
//! not match the arguments (in red, or between dashes without colours);
//! riex lists them unmarked, as a transcript of a colour terminal reads.

use super::text::jaro_distance;
use crate::term::build::{charlist, keyword};
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, TMap, Term};

/// A function of Elixir's library whose clauses a `FunctionClauseError` lists.
pub struct Def {
    /// The module alias: `"String"`.
    pub module: &'static str,
    /// The function name.
    pub name: &'static str,
    /// The arity.
    pub arity: usize,
    /// `def` or `defp`.
    pub kind: &'static str,
    /// The source file Elixir reports: `"lib/string.ex"`.
    pub file: &'static str,
    /// The line Elixir reports.
    pub line: i64,
    /// The clauses, as Elixir prints them after `def `.
    pub clauses: &'static [&'static str],
}

/// `[file: 'lib/enum.ex', line: 1072]`.
pub fn location(file: &str, line: i64) -> Term {
    keyword(vec![("file", charlist(file)), ("line", Term::int(line))])
}

fn error_info(module: &str) -> Term {
    let info = TMap::from_pairs(vec![(Term::atom_named("module"), Term::atom_named(module))]);
    keyword(vec![("error_info", Term::Map(info))])
}

/// `{:erlang, fun, args, [error_info: %{module: :erl_erts_errors}]}`.
pub fn erlang_frame(fun: &str, args: Vec<Term>) -> Term {
    Term::tuple([
        Term::atom(atom::ERLANG),
        Term::atom_named(fun),
        Term::list(args),
        error_info("erl_erts_errors"),
    ])
}

/// A frame of an Erlang stdlib module (`:maps`, `:binary`, `:lists`).
pub fn stdlib_frame(module: &str, fun: &str, args: Vec<Term>) -> Term {
    Term::tuple([
        Term::atom_named(module),
        Term::atom_named(fun),
        Term::list(args),
        error_info("erl_stdlib_errors"),
    ])
}

/// `{Module, fun, arity_or_args, [file: ..., line: ...]}` for Elixir's library.
pub fn elixir_frame(module: &str, fun: &str, arity_or_args: Term, file: &str, line: i64) -> Term {
    Term::tuple([
        Term::Atom(Atom::module(module)),
        Term::atom_named(fun),
        arity_or_args,
        location(file, line),
    ])
}

/// The frame of `def`'s function with its arity.
pub fn def_frame(def: &Def) -> Term {
    elixir_frame(
        def.module,
        def.name,
        Term::int(def.arity as i64),
        def.file,
        def.line,
    )
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "errors were found at the given arguments:\n\n  * 1st argument: ...\n".
pub fn arguments_message(problems: &[(usize, &str)]) -> String {
    let mut s = String::from("errors were found at the given arguments:\n\n");
    for (n, why) in problems {
        s.push_str(&format!("  * {} argument: {why}\n", ordinal(*n)));
    }
    s
}

/// An `ArgumentError` with `message` and these frames.
pub fn argument_error(message: &str, frames: Vec<Term>) -> Exception {
    Exception::argument_error(message).with_stack(Term::list(frames))
}

/// An Erlang BIF's `ArgumentError`: `problems` are `(argument number, why)`.
pub fn badarg(fun: &str, args: Vec<Term>, problems: &[(usize, &str)]) -> Exception {
    argument_error(&arguments_message(problems), vec![erlang_frame(fun, args)])
}

/// As [`badarg`], raised in `frame` (a stdlib module's), under `caller`.
pub fn badarg_at(frame: Term, problems: &[(usize, &str)], caller: Option<Term>) -> Exception {
    let mut frames = vec![frame];
    frames.extend(caller);
    argument_error(&arguments_message(problems), frames)
}

/// The plain `ArgumentError` ("argument error") of `:erlang.fun(args)`.
pub fn plain_badarg(fun: &str, args: Vec<Term>) -> Exception {
    argument_error("argument error", vec![erlang_frame(fun, args)])
}

/// `ArithmeticError` raised by `:erlang.fun(args)`.
pub fn badarith(fun: &str, args: Vec<Term>) -> Exception {
    badarith_at(erlang_frame(fun, args))
}

/// `ArithmeticError` raised in `frame`.
pub fn badarith_at(frame: Term) -> Exception {
    Exception::raise(
        atom::ARITHMETIC_ERROR,
        "bad argument in arithmetic expression",
    )
    .with_stack(Term::list(vec![frame]))
}

/// `FunctionClauseError` for `def` called with `args`; the arguments are in
/// the first frame, as on the BEAM.
pub fn function_clause(def: &Def, args: Vec<Term>) -> Exception {
    let frame = elixir_frame(def.module, def.name, Term::list(args), def.file, def.line);
    function_clause_error(Atom::module(def.module), def.name, def.arity, frame)
}

/// `FunctionClauseError` for `module.fun/arity` with the given first frame.
pub fn function_clause_error(module: Atom, fun: &str, arity: usize, frame: Term) -> Exception {
    Exception::error(exception_struct(
        Atom::module("FunctionClauseError"),
        vec![
            ("module", Term::Atom(module)),
            ("function", Term::atom_named(fun)),
            ("arity", Term::int(arity as i64)),
            ("kind", Term::nil()),
            ("args", Term::nil()),
            ("clauses", Term::nil()),
        ],
    ))
    .with_stack(Term::list(vec![frame]))
}

/// `BadMapError` for `term` raised in `frames`.
pub fn bad_map(term: &Term, frames: Vec<Term>) -> Exception {
    Exception::error(exception_struct(
        Atom::module("BadMapError"),
        vec![("term", term.clone())],
    ))
    .with_stack(Term::list(frames))
}

/// `KeyError` for `key` missing in `term`, raised in `frames`.
pub fn key_error(key: &Term, term: &Term, frames: Vec<Term>) -> Exception {
    Exception::error(exception_struct(
        Atom::module("KeyError"),
        vec![
            ("key", key.clone()),
            ("term", term.clone()),
            ("message", Term::nil()),
        ],
    ))
    .with_stack(Term::list(frames))
}

/// `%module{message: message}` raised in `frames`.
pub fn raise_at(module: &str, message: &str, frames: Vec<Term>) -> Exception {
    Exception::raise(Atom::module(module), message).with_stack(Term::list(frames))
}

/// `SystemLimitError` raised in `frame`.
pub fn system_limit(frame: Term) -> Exception {
    raise_at(
        "SystemLimitError",
        "a system limit has been reached",
        vec![frame],
    )
}

/// `Enum.OutOfBoundsError` raised in `frame`.
pub fn out_of_bounds(frame: Term) -> Exception {
    raise_at("Enum.OutOfBoundsError", "out of bounds error", vec![frame])
}

/// `Enum.EmptyError` raised in `frame`.
pub fn empty_error(frame: Term) -> Exception {
    raise_at("Enum.EmptyError", "empty error", vec![frame])
}

/// `BadFunctionError` for `term`.
pub fn bad_function(term: &Term, frames: Vec<Term>) -> Exception {
    Exception::error(exception_struct(
        Atom::module("BadFunctionError"),
        vec![("term", term.clone())],
    ))
    .with_stack(Term::list(frames))
}

/// `ErlangError` for a bare reason Elixir has no exception for.
pub fn erlang_error(original: Term, frames: Vec<Term>) -> Exception {
    Exception::error(exception_struct(
        atom::ERLANG_ERROR,
        vec![("original", original), ("reason", Term::nil())],
    ))
    .with_stack(Term::list(frames))
}

/// `Protocol.UndefinedError` for `protocol` (an alias: `"Enumerable"`),
/// raised where Elixir raises it (`Enumerable.impl_for!/1` in `file`).
pub fn protocol_undefined(protocol: &str, value: &Term, description: &str) -> Exception {
    let (file, line) = match protocol {
        "String.Chars" => ("lib/string/chars.ex", 3),
        "Collectable" => ("lib/collectable.ex", 1),
        _ => ("lib/enum.ex", 1),
    };
    let frame = elixir_frame(protocol, "impl_for!", Term::int(1), file, line);
    Exception::error(exception_struct(
        Atom::module("Protocol.UndefinedError"),
        vec![
            ("protocol", Term::Atom(Atom::module(protocol))),
            ("value", value.clone()),
            ("description", Term::string(description)),
        ],
    ))
    .with_stack(Term::list(vec![frame]))
}

/// The type name `Protocol.UndefinedError` shows: `Integer`, `Range (a struct)`.
pub fn protocol_type(value: &Term) -> String {
    if let Some(name) = value.struct_name() {
        return format!("{} (a struct)", name.module_display());
    }
    match value {
        Term::Int(_) | Term::Big(_) => "Integer",
        Term::Float(_) => "Float",
        Term::Atom(_) => "Atom",
        Term::Binary(_) => "BitString",
        Term::Pid(_) => "PID",
        Term::Ref(_) => "Reference",
        Term::Fun(_) => "Function",
        Term::Tuple(_) => "Tuple",
        Term::Nil | Term::List(_) => "List",
        Term::Map(_) => "Map",
    }
    .to_owned()
}

/// Adds `frame` under the exception's current frames.
pub fn add_frame(mut e: Exception, frame: Term) -> Exception {
    let mut frames = e.stack.list_to_vec().unwrap_or_default();
    frames.push(frame);
    e.stack = Term::list(frames);
    e
}

fn field(e: &Term, name: &str) -> Term {
    e.as_map()
        .and_then(|m| m.get(&Term::atom_named(name)).cloned())
        .unwrap_or_else(Term::nil)
}

fn set_field(e: &Term, name: &str, value: Term) -> Term {
    match e.as_map() {
        Some(m) => Term::Map(m.put(Term::atom_named(name), value)),
        None => e.clone(),
    }
}

/// `Exception.message/1` for the exceptions whose text is computed (those
/// without a `message` field); `None` for the others.
pub fn message(e: &Term) -> Option<String> {
    let name = e.struct_name()?;
    match name.name() {
        "Elixir.FunctionClauseError" => Some(function_clause_message(e)),
        "Elixir.Protocol.UndefinedError" => {
            let description = field(e, "description");
            let description = description.as_str().unwrap_or("");
            let value = field(e, "value");
            let mut s = format!(
                "protocol {} not implemented for {} of type {}",
                inspect(&field(e, "protocol")),
                inspect(&value),
                protocol_type(&value)
            );
            if !description.is_empty() {
                s.push_str(", ");
                s.push_str(description);
            }
            Some(s)
        }
        "Elixir.BadArityError" => {
            let args = field(e, "args").list_to_vec().unwrap_or_default();
            let fun = field(e, "function");
            let arity = match &fun {
                Term::Fun(f) => f.arity(),
                _ => 0,
            };
            let shown: Vec<String> = args.iter().map(inspect).collect();
            let count = match args.len() {
                0 => "no arguments".to_owned(),
                1 => format!("1 argument ({})", shown.join(", ")),
                n => format!("{n} arguments ({})", shown.join(", ")),
            };
            Some(format!(
                "{} with arity {arity} called with {count}",
                inspect(&fun)
            ))
        }
        _ => None,
    }
}

fn mfa_text(e: &Term) -> String {
    let module = field(e, "module").as_atom().map(|a| a.module_display());
    let fun = field(e, "function")
        .as_atom()
        .map(crate::term::inspect::remote_call_text);
    format!(
        "{}.{}/{}",
        module.unwrap_or_default(),
        fun.unwrap_or_default(),
        inspect(&field(e, "arity"))
    )
}

fn function_clause_message(e: &Term) -> String {
    if field(e, "function").is_atom(atom::NIL) {
        return "no function clause matches".to_owned();
    }
    let mfa = mfa_text(e);
    let mut s = format!("no function clause matching in {mfa}");
    let Some(args) = field(e, "args").list_to_vec() else {
        return s;
    };
    s.push_str(&format!(
        "\n\nThe following arguments were given to {mfa}:\n"
    ));
    for (i, arg) in args.iter().enumerate() {
        let shown = crate::term::inspect::inspect_opts(
            arg,
            &crate::term::inspect::Opts {
                pretty: true,
                ..Default::default()
            },
        );
        s.push_str(&format!(
            "\n    # {}\n    {}\n",
            i + 1,
            shown.replace('\n', "\n    ")
        ));
    }
    if let Some(clauses) = field(e, "clauses").list_to_vec() {
        let kind = field(e, "kind")
            .as_atom()
            .map(|a| a.name())
            .unwrap_or("def");
        let shown: Vec<&Term> = clauses.iter().take(10).collect();
        s.push_str(&format!(
            "\nAttempted function clauses (showing {} out of {}):\n\n",
            shown.len(),
            clauses.len()
        ));
        for c in shown {
            s.push_str(&format!("    {kind} {}\n", c.as_str().unwrap_or("")));
        }
    }
    s
}

/// The [`Def`] of `module.fun/arity` in the standard library, if it has one.
pub fn def_of(module: Atom, fun: Atom, arity: usize) -> Option<&'static Def> {
    all_defs()
        .find(|d| d.arity == arity && d.name == fun.name() && Atom::module(d.module) == module)
}

fn all_defs() -> impl Iterator<Item = &'static Def> {
    [
        super::string::DEFS,
        super::r#enum::DEFS,
        super::list::DEFS,
        super::map::DEFS,
        super::keyword::DEFS,
        super::integer::DEFS,
        super::float::DEFS,
        super::tuple::DEFS,
        super::map_set::DEFS,
        super::stream::DEFS,
        super::range::DEFS,
        super::process::DEFS,
        super::kernel::DEFS,
        super::io::DEFS,
    ]
    .into_iter()
    .flat_map(|defs| defs.iter().copied())
}

/// `Exception.blame/3` for an error: the exception and stack as iex prints
/// them. The reason is normalised first if it is a bare Erlang reason.
pub fn blame(reason: &Term, stack: &Term) -> (Term, Term) {
    let e = crate::term::exception::normalize(reason);
    let frames = stack.list_to_vec().unwrap_or_default();
    match e.struct_name().map(|a| a.name()) {
        Some("Elixir.ArithmeticError") => (blame_arith(&e, &frames), stack.clone()),
        Some("Elixir.FunctionClauseError") => blame_clause(&e, frames),
        Some("Elixir.KeyError") => (blame_key(&e), stack.clone()),
        Some("Elixir.ArgumentError") => (blame_apply(&e, &frames), stack.clone()),
        _ => (e, stack.clone()),
    }
}

fn blame_arith(e: &Term, frames: &[Term]) -> Term {
    let Some(Some([m, f, args, _])) = frames.first().map(|f| f.as_tuple()) else {
        return e.clone();
    };
    let (Some(op), Some(args)) = (f.as_atom(), args.list_to_vec()) else {
        return e.clone();
    };
    if !m.is_atom(atom::ERLANG) {
        return e.clone();
    }
    let op = op.name();
    let suffix = match (op, args.as_slice()) {
        ("+" | "-", [a]) => format!(": {op}({})", inspect(a)),
        ("+" | "-" | "*" | "/", [a, b]) => format!(": {} {op} {}", inspect(a), inspect(b)),
        ("div" | "rem", [a, b]) => format!(": {op}({}, {})", inspect(a), inspect(b)),
        ("band" | "bor" | "bxor" | "bsl" | "bsr", [a, b]) => {
            format!(": Bitwise.{op}({}, {})", inspect(a), inspect(b))
        }
        ("bnot", [a]) => format!(": Bitwise.bnot({})", inspect(a)),
        _ => String::new(),
    };
    let message = field(e, "message");
    let message = format!("{}{suffix}", message.as_str().unwrap_or(""));
    set_field(e, "message", Term::string(&message))
}

/// The message iex shows for a bad `apply/3` (`:erlang.apply/3` frame).
fn blame_apply(e: &Term, frames: &[Term]) -> Term {
    let Some(Some([m, f, args, _])) = frames.first().map(|f| f.as_tuple()) else {
        return e.clone();
    };
    if !(m.is_atom(atom::ERLANG) && f.is_atom(atom::APPLY)) {
        return e.clone();
    }
    let call_args = args.list_to_vec().unwrap_or_default();
    let [module, fun, args] = call_args.as_slice() else {
        return e.clone();
    };
    let (m, f, a) = (inspect(module), inspect(fun), inspect(args));
    let message = if module.as_atom().is_none() {
        format!("you attempted to apply a function on {m}. Modules (the first argument of apply) must always be an atom")
    } else if fun.as_atom().is_none() {
        format!("you attempted to apply a function named {f} on module {m}. However {f} is not a valid function name. Function names (the second argument of apply) must always be an atom")
    } else if args.list_to_vec().is_none() {
        format!("you attempted to apply a function named {f} on module {m} with arguments {a}. Arguments (the third argument of apply) must always be a proper list")
    } else {
        return e.clone();
    };
    set_field(e, "message", Term::string(&message))
}

fn blame_clause(e: &Term, mut frames: Vec<Term>) -> (Term, Term) {
    let (Some(module), Some(fun), Some(arity)) = (
        field(e, "module").as_atom(),
        field(e, "function").as_atom(),
        field(e, "arity").as_int(),
    ) else {
        return (e.clone(), Term::list(frames));
    };
    let Some(Some([m, f, args, meta])) = frames.first().map(|f| f.as_tuple()) else {
        return (e.clone(), Term::list(frames));
    };
    let args = match args.list_to_vec() {
        Some(a) if m.is_atom(module) && f.is_atom(fun) && a.len() as i64 == arity => a,
        _ => return (e.clone(), Term::list(frames)),
    };
    let meta = meta.clone();
    let mut blamed = set_field(e, "args", Term::list(args));
    if let Some(def) = def_of(module, fun, arity as usize) {
        blamed = set_field(&blamed, "kind", Term::atom_named(def.kind));
        let clauses = def.clauses.iter().map(|c| Term::string(c)).collect();
        blamed = set_field(&blamed, "clauses", Term::list(clauses));
    }
    frames[0] = Term::tuple([Term::Atom(module), Term::Atom(fun), Term::int(arity), meta]);
    (blamed, Term::list(frames))
}

fn blame_key(e: &Term) -> Term {
    if !field(e, "message").is_atom(atom::NIL) {
        return e.clone();
    }
    let key = field(e, "key");
    let term = field(e, "term");
    let mut message = format!("key {} not found", inspect(&key));
    if !term.is_atom(atom::NIL) {
        let shown = crate::term::inspect::inspect_opts(
            &term,
            &crate::term::inspect::Opts::pretty_unlimited(),
        );
        message.push_str(&format!(" in: {shown}"));
    }
    if let Some(k) = key.as_atom() {
        message.push_str(&did_you_mean(k, &available_keys(&term)));
    }
    set_field(e, "message", Term::string(&message))
}

fn available_keys(term: &Term) -> Vec<Atom> {
    match term {
        Term::Map(m) if m.keys().all(|k| k.as_atom().is_some()) => {
            m.keys().filter_map(Term::as_atom).collect()
        }
        t if crate::term::build::is_keyword(t) => t
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.as_tuple().and_then(|p| p[0].as_atom()))
            .collect(),
        _ => Vec::new(),
    }
}

fn did_you_mean(missing: Atom, keys: &[Atom]) -> String {
    let mut found: Vec<(f64, Atom)> = keys
        .iter()
        .map(|k| (jaro_distance(missing.name(), k.name()), *k))
        .filter(|(d, _)| *d >= 0.77)
        .collect();
    if found.is_empty() {
        return String::new();
    }
    found.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    found.truncate(5);
    found.sort_by(|a, b| a.1.cmp_names(b.1));
    let mut s = String::from(". Did you mean:\n\n");
    for (_, k) in found {
        s.push_str(&format!("      * {}\n", inspect(&Term::Atom(k))));
    }
    s
}

/// `File.Error` for a file that could not be read or written, as
/// `File.read!/1` and `File.write!/2` raise it: `could not write to file
/// "x.svg": no such file or directory`. `action` is `"read file"` or
/// `"write to file"`.
pub fn file_error(path: &str, action: &str, e: &std::io::Error) -> Exception {
    let (posix, text) = match e.kind() {
        std::io::ErrorKind::NotFound => ("enoent", "no such file or directory".to_string()),
        std::io::ErrorKind::PermissionDenied => ("eacces", "permission denied".to_string()),
        std::io::ErrorKind::IsADirectory => {
            ("eisdir", "illegal operation on a directory".to_string())
        }
        _ => ("eio", e.to_string()),
    };
    let message = format!(
        "could not {action} {}: {text}",
        inspect(&Term::string(path))
    );
    Exception::error(exception_struct(
        Atom::module("File.Error"),
        vec![
            ("reason", Term::atom_named(posix)),
            ("path", Term::string(path)),
            ("action", Term::string(action)),
            ("message", Term::string(&message)),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::exception::message as term_message;

    #[test]
    fn badarg_lists_each_argument_with_its_ordinal() {
        let e = badarg("hd", vec![Term::Nil], &[(1, "not a nonempty list")]);
        assert_eq!(
            term_message(&e.reason),
            "errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"
        );
        assert_eq!(
            inspect(&e.stack),
            "[{:erlang, :hd, [[]], [error_info: %{module: :erl_erts_errors}]}]"
        );
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(3), "3rd");
        assert_eq!(ordinal(11), "11th");
    }

    #[test]
    fn arithmetic_errors_are_blamed_with_the_operation() {
        let e = badarith("/", vec![Term::int(1), Term::int(0)]);
        let (blamed, _) = blame(&e.reason, &e.stack);
        assert_eq!(
            term_message(&blamed),
            "bad argument in arithmetic expression: 1 / 0"
        );
        let e = badarith("-", vec![Term::atom_named("a")]);
        let (blamed, _) = blame(&e.reason, &e.stack);
        assert_eq!(
            term_message(&blamed),
            "bad argument in arithmetic expression: -(:a)"
        );
        let e = badarith("band", vec![Term::int(1), Term::atom_named("a")]);
        let (blamed, _) = blame(&e.reason, &e.stack);
        assert_eq!(
            term_message(&blamed),
            "bad argument in arithmetic expression: Bitwise.band(1, :a)"
        );
    }

    #[test]
    fn a_function_clause_error_is_blamed_with_its_arguments_and_clauses() {
        let e = function_clause(&super::super::list::FIRST, vec![Term::int(1), Term::int(2)]);
        assert_eq!(
            message(&e.reason).unwrap(),
            "no function clause matching in List.first/2"
        );
        let (blamed, stack) = blame(&e.reason, &e.stack);
        assert_eq!(
            message(&blamed).unwrap(),
            "no function clause matching in List.first/2\n\nThe following arguments were given to List.first/2:\n\n    # 1\n    1\n\n    # 2\n    2\n\nAttempted function clauses (showing 2 out of 2):\n\n    def first([], default)\n    def first([head | _], _default)\n"
        );
        assert_eq!(
            inspect(&stack),
            "[{List, :first, 2, [file: 'lib/list.ex', line: 293]}]"
        );
    }

    #[test]
    fn protocol_errors_name_the_type() {
        let e = protocol_undefined("Enumerable", &Term::int(1), "");
        assert_eq!(
            message(&e.reason).unwrap(),
            "protocol Enumerable not implemented for 1 of type Integer"
        );
    }

    #[test]
    fn key_errors_suggest_similar_atom_keys() {
        let map = TMap::from_pairs(vec![(Term::atom_named("name"), Term::int(1))]);
        let e = key_error(&Term::atom_named("nam"), &Term::Map(map), vec![]);
        let (blamed, _) = blame(&e.reason, &e.stack);
        assert_eq!(
            term_message(&blamed),
            "key :nam not found in: %{name: 1}. Did you mean:\n\n      * :name\n"
        );
    }
}
