//! `IO`: writing to the console. Output goes to the node's
//! `Console` ([`crate::otp::logger::Console`]), which is the shell's printer
//! in the REPL; `:stderr` goes there too.
//!
//! `IO.inspect/2` formats with `width: 80` (whatever `:pretty` says: that is
//! what `Inspect.Algebra.format(doc, opts.width)` does), prefixed by
//! `label: ` when given, and returns its argument.

use super::errors::{argument_error, badarg_at, function_clause, location, Def};
use super::kernel::inspect_options;
use super::text;
use crate::otp::logger::Console;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::inspect::{inspect_opts, Opts};
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

const INSPECT: Def = Def {
    module: "IO",
    name: "inspect",
    arity: 3,
    kind: "def",
    file: "lib/io.ex",
    line: 462,
    clauses: &[
        "inspect(device, item, opts) when is_atom(device) or is_pid(device) and is_list(opts)",
    ],
};

const CHARDATA_TO_STRING: Def = Def {
    module: "IO",
    name: "chardata_to_string",
    arity: 1,
    kind: "def",
    file: "lib/io.ex",
    line: 670,
    clauses: &[
        "chardata_to_string(string) when is_binary(string)",
        "chardata_to_string(list) when is_list(list)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&INSPECT, &CHARDATA_TO_STRING];

fn is_device(t: &Term) -> bool {
    match t {
        Term::Pid(_) => true,
        Term::Atom(a) => matches!(
            a.name(),
            "stdio" | "stderr" | "standard_io" | "standard_error" | "user"
        ),
        _ => false,
    }
}

fn io_device(t: &Term) -> Term {
    match t.as_atom().map(|a| a.name()) {
        Some("stdio") => Term::atom_named("standard_io"),
        Some("stderr") => Term::atom_named("standard_error"),
        _ => t.clone(),
    }
}

fn put_chars_frame(device: &Term, data: Term, line: i64) -> Term {
    Term::tuple([
        Term::atom_named("io"),
        Term::atom_named("put_chars"),
        Term::list(vec![io_device(device), data]),
        location("io.erl", line),
    ])
}

/// `IO.chardata_to_string`-like: the item's text as IO writes it
/// (chardata as is, anything else through `String.Chars`).
fn chardata(item: &Term) -> Result<Term, Exception> {
    match item {
        Term::Binary(_) | Term::Nil | Term::List(_) => Ok(item.clone()),
        other => text::to_string_term(other),
    }
}

fn write_to(cx: &Ctx, device: &Term, item: &Term, newline: bool) -> R {
    let data = chardata(item)?;
    let shown = if newline {
        Term::list(vec![data.clone(), Term::int(10)])
    } else {
        data.clone()
    };
    if !is_device(device) {
        return Err(badarg_at(
            put_chars_frame(device, shown, 94),
            &[(1, "the device does not exist")],
            None,
        ));
    }
    let mut bytes = Vec::new();
    if text::chardata(&data, &mut bytes).is_err() {
        return Err(badarg_at(
            put_chars_frame(device, shown, 99),
            &[(2, "not valid character data (an iodata term)")],
            None,
        ));
    }
    if newline {
        bytes.push(b'\n');
    }
    Console::of(cx.node()).write(&String::from_utf8_lossy(&bytes));
    Ok(Term::ok())
}

fn device_and_item(a: &[Term]) -> (Term, &Term) {
    match a {
        [item] => (Term::atom_named("stdio"), item),
        [device, item] => (device.clone(), item),
        _ => unreachable!("puts/write take 1 or 2 arguments"),
    }
}

/// A struct's text through its `String.Chars` written in Elixir, if it has one.
async fn chars_of(cx: &mut Ctx, item: &Term) -> Result<Term, Exception> {
    match crate::lang::module::protocol::user_to_string(cx, item).await {
        Some(text) => text,
        None => Ok(item.clone()),
    }
}

async fn puts(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (device, item) = device_and_item(&a);
    let item = chars_of(cx, item).await?;
    write_to(cx, &device, &item, true)
}

async fn write(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (device, item) = device_and_item(&a);
    let item = chars_of(cx, item).await?;
    write_to(cx, &device, &item, false)
}

fn warn(cx: &mut Ctx, a: Vec<Term>) -> R {
    let message = chardata(&a[0])?;
    let mut bytes = b"warning: ".to_vec();
    if text::chardata(&message, &mut bytes).is_err() {
        return Err(argument_error("argument error", vec![]));
    }
    bytes.push(b'\n');
    Console::of(cx.node()).write(&String::from_utf8_lossy(&bytes));
    Ok(Term::ok())
}

/// The text `IO.inspect(item, opts)` writes, without the newline.
pub fn inspect_text(item: &Term, opts: &Term) -> Result<String, Exception> {
    let o = inspect_options(opts, Opts::default());
    let o = Opts { pretty: true, ..o };
    let mut out = String::new();
    if let Some(label) = crate::term::build::keyword_get(opts, Atom::new("label")) {
        let label = match &label {
            Term::Nil | Term::List(_) => text::list_to_string(&label)?,
            other => text::to_string(other)?,
        };
        out.push_str(&String::from_utf8_lossy(&label));
        out.push_str(": ");
    }
    out.push_str(&inspect_opts(item, &o));
    Ok(out)
}

/// `IO.inspect`, with the structs whose `Inspect` is written in Elixir shown by it.
async fn inspect_with_impls(cx: &mut Ctx, a: Vec<Term>) -> R {
    let item = if a.len() == 3 { &a[1] } else { &a[0] };
    let texts = crate::lang::module::protocol::inspect_overrides(cx, item).await;
    crate::term::inspect::with_overrides(texts, || inspect(cx, a))
}

fn inspect(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (device, item, opts) = match a.as_slice() {
        [item] => (Term::atom_named("stdio"), item.clone(), Term::Nil),
        [item, opts] => (Term::atom_named("stdio"), item.clone(), opts.clone()),
        [device, item, opts] => (device.clone(), item.clone(), opts.clone()),
        _ => unreachable!("inspect/1,2,3"),
    };
    if !opts.is_list() || !matches!(device, Term::Atom(_) | Term::Pid(_)) {
        return Err(function_clause(&INSPECT, vec![device, item, opts]));
    }
    let text = inspect_text(&item, &opts)?;
    write_to(cx, &device, &Term::string(&text), true)?;
    Ok(item)
}

fn iodata_to_binary(a: Vec<Term>) -> R {
    super::erlang::iolist_to_binary(a)
}

fn iodata_length(a: Vec<Term>) -> R {
    let mut out = Vec::new();
    if text::iodata(&a[0], &mut out) {
        Ok(Term::int(out.len() as i64))
    } else {
        Err(super::errors::badarg(
            "iolist_size",
            a,
            &[(1, "not an iodata term")],
        ))
    }
}

fn chardata_to_string(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Binary(_) => Ok(a[0].clone()),
        Term::Nil | Term::List(_) => Ok(Term::binary(&text::list_to_string(&a[0])?)),
        _ => Err(function_clause(&CHARDATA_TO_STRING, a)),
    }
}

/// The `IO` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("IO"))
        .export("puts", 1, suspending!(puts))
        .export("puts", 2, suspending!(puts))
        .export("write", 1, suspending!(write))
        .export("write", 2, suspending!(write))
        .export_native("warn", 1, with_cx!(warn))
        .export_native("warn", 2, with_cx!(warn))
        .export("inspect", 1, suspending!(inspect_with_impls))
        .export("inspect", 2, suspending!(inspect_with_impls))
        .export("inspect", 3, suspending!(inspect_with_impls))
        .export_native("iodata_to_binary", 1, pure!(iodata_to_binary))
        .export_native("iodata_length", 1, pure!(iodata_length))
        .export_native("chardata_to_string", 1, pure!(chardata_to_string))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::otp::logger::Console;
    use crate::term::build::keyword;
    use crate::term::{Atom, Term};
    use parking_lot::Mutex;
    use std::sync::Arc;

    fn output(f: &'static str, args: Vec<Term>) -> (String, String) {
        run(move |mut cx| async move {
            let buf = Arc::new(Mutex::new(String::new()));
            let b = buf.clone();
            Console::of(cx.node()).set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
            let r = cx.apply(Atom::module("IO"), Atom::new(f), args).await;
            let shown = match r {
                Ok(t) => crate::term::inspect::inspect(&t),
                Err(e) => describe(&e),
            };
            let text = buf.lock().clone();
            (text, shown)
        })
    }

    #[test]
    fn puts_writes_a_line_and_returns_ok() {
        assert_eq!(
            output("puts", vec![s("hello")]),
            ("hello\n".into(), ":ok".into())
        );
        assert_eq!(output("puts", vec![int(12)]).0, "12\n");
        assert_eq!(output("puts", vec![atom("atom")]).0, "atom\n");
        let chars = Term::list(vec![s("a"), int(98), ints(&[99])]);
        assert_eq!(output("puts", vec![chars]).0, "abc\n");
        assert_eq!(output("write", vec![s("no newline")]).0, "no newline");
    }

    #[test]
    fn puts_of_a_tuple_is_a_protocol_error() {
        let (text, shown) = output("puts", vec![Term::tuple([int(1)])]);
        assert_eq!(text, "");
        assert_eq!(
            shown,
            "** (Protocol.UndefinedError) protocol String.Chars not implemented for {1} of type Tuple"
        );
        let (_, shown) = output(
            "puts",
            vec![Term::list(vec![int(1), Term::tuple([int(2)])])],
        );
        assert_eq!(
            shown,
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 2nd argument: not valid character data (an iodata term)\n"
        );
    }

    #[test]
    fn inspect_prints_at_width_80_with_a_label() {
        let list = Term::list((1..=30).map(int).collect());
        let (text, shown) = output("inspect", vec![list, keyword(vec![("label", s("x"))])]);
        assert_eq!(
            text,
            "x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,\n 23, 24, 25, 26, 27, 28, 29, 30]\n"
        );
        assert!(shown.starts_with("[1, 2, 3"));
        let (text, _) = output(
            "inspect",
            vec![
                Term::list((1..=30).map(int).collect()),
                keyword(vec![("width", int(20))]),
            ],
        );
        assert!(text.starts_with("[1, 2, 3, 4, 5, 6,\n 7, 8, 9, 10, 11,\n"));
    }
}
