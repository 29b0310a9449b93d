//! `Inspect.Algebra`, as far as an `Inspect` implementation written in
//! Elixir uses it. riex's documents are plain strings: `concat`, `glue` and
//! `nest` join text, `to_doc` is `inspect`; the printer lays the result out
//! as one piece.

use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

/// A document returned by an implementation, as text.
pub fn render(doc: &Term) -> String {
    match doc {
        Term::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        Term::Nil | Term::List(_) => doc
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .map(render)
            .collect(),
        other => crate::term::inspect::inspect(other),
    }
}

fn concat(a: Vec<Term>) -> R {
    Ok(Term::string(&a.iter().map(render).collect::<String>()))
}

fn to_doc(a: Vec<Term>) -> R {
    Ok(Term::string(&crate::term::inspect::inspect(&a[0])))
}

fn string(a: Vec<Term>) -> R {
    Ok(Term::string(&render(&a[0])))
}

fn empty(_a: Vec<Term>) -> R {
    Ok(Term::string(""))
}

fn space(a: Vec<Term>) -> R {
    Ok(Term::string(&format!(
        "{} {}",
        render(&a[0]),
        render(&a[1])
    )))
}

fn glue(a: Vec<Term>) -> R {
    let sep = if a.len() == 3 {
        render(&a[1])
    } else {
        " ".into()
    };
    Ok(Term::string(&format!(
        "{}{sep}{}",
        render(&a[0]),
        render(a.last().unwrap_or(&a[0]))
    )))
}

fn line(a: Vec<Term>) -> R {
    match a.len() {
        0 => Ok(Term::string("\n")),
        _ => Ok(Term::string(&format!(
            "{}\n{}",
            render(&a[0]),
            render(&a[1])
        ))),
    }
}

fn first(a: Vec<Term>) -> R {
    Ok(Term::string(&render(&a[0])))
}

/// The `Inspect.Algebra` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Inspect.Algebra"))
        .export_native("concat", 1, pure!(concat))
        .export_native("concat", 2, pure!(concat))
        .export_native("to_doc", 2, pure!(to_doc))
        .export_native("string", 1, pure!(string))
        .export_native("empty", 0, pure!(empty))
        .export_native("space", 2, pure!(space))
        .export_native("glue", 2, pure!(glue))
        .export_native("glue", 3, pure!(glue))
        .export_native("line", 0, pure!(line))
        .export_native("line", 2, pure!(line))
        .export_native("nest", 2, pure!(first))
        .export_native("nest", 3, pure!(first))
        .export_native("group", 1, pure!(first))
        .export_native("group", 2, pure!(first))
        .export_native("color", 3, pure!(first))
}
