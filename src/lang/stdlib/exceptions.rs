//! Elixir's standard exceptions as modules: `ArgumentError.exception/1`,
//! `%ArgumentError{}` (`__struct__/0,1`), `ArgumentError.message/1`, so
//! that `raise ArgumentError, "bad"`, `raise KeyError, key: :a` and
//! `%RuntimeError{}` work as in Elixir. Fields and defaults are Elixir 1.14's.

use super::errors::{elixir_frame, function_clause_error, key_error};
use crate::otp::native::{NativeFn, NativeModule};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Exception, TMap, Term};

type R = Result<Term, Exception>;

/// An exception's name and fields with their defaults.
struct Spec {
    alias: &'static str,
    fields: fn() -> Vec<(&'static str, Term)>,
}

fn nil() -> Term {
    Term::nil()
}

fn with_message(default: &str) -> Vec<(&'static str, Term)> {
    vec![("message", Term::string(default))]
}

const SPECS: &[Spec] = &[
    Spec {
        alias: "RuntimeError",
        fields: || with_message("runtime error"),
    },
    Spec {
        alias: "ArgumentError",
        fields: || with_message("argument error"),
    },
    Spec {
        alias: "ArithmeticError",
        fields: || with_message("bad argument in arithmetic expression"),
    },
    Spec {
        alias: "SystemLimitError",
        fields: || with_message("a system limit has been reached"),
    },
    Spec {
        alias: "Enum.EmptyError",
        fields: || with_message("empty error"),
    },
    Spec {
        alias: "Enum.OutOfBoundsError",
        fields: || with_message("out of bounds error"),
    },
    Spec {
        alias: "KeyError",
        fields: || vec![("key", nil()), ("term", nil()), ("message", nil())],
    },
    Spec {
        alias: "MatchError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "CaseClauseError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "WithClauseError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "TryClauseError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "CondClauseError",
        fields: Vec::new,
    },
    Spec {
        alias: "BadFunctionError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "BadMapError",
        fields: || vec![("term", nil())],
    },
    Spec {
        alias: "BadStructError",
        fields: || vec![("struct", nil()), ("term", nil())],
    },
    Spec {
        alias: "BadBooleanError",
        fields: || vec![("term", nil()), ("operator", nil())],
    },
    Spec {
        alias: "BadArityError",
        fields: || vec![("function", nil()), ("args", nil())],
    },
    Spec {
        alias: "ErlangError",
        fields: || vec![("original", nil()), ("reason", nil())],
    },
    Spec {
        alias: "FunctionClauseError",
        fields: || {
            ["module", "function", "arity", "kind", "args", "clauses"]
                .into_iter()
                .map(|f| (f, nil()))
                .collect()
        },
    },
    Spec {
        alias: "UndefinedFunctionError",
        fields: || {
            ["module", "function", "arity", "reason", "message"]
                .into_iter()
                .map(|f| (f, nil()))
                .collect()
        },
    },
    Spec {
        alias: "Protocol.UndefinedError",
        fields: || {
            vec![
                ("protocol", nil()),
                ("value", nil()),
                ("description", Term::string("")),
            ]
        },
    },
    Spec {
        alias: "UnicodeConversionError",
        fields: || vec![("encoded", nil()), ("message", nil())],
    },
];

fn spec_of(module: Atom) -> Option<&'static Spec> {
    SPECS.iter().find(|s| Atom::module(s.alias) == module)
}

/// The default struct of `spec`, with `overrides` (keyword list or map) set;
/// an unknown key raises `KeyError` when `strict`.
fn build(spec: &Spec, overrides: Option<&Term>, strict: bool) -> R {
    let mut m = match exception_struct(Atom::module(spec.alias), (spec.fields)()) {
        Term::Map(m) => m,
        _ => TMap::new(),
    };
    let pairs: Vec<(Term, Term)> = match overrides {
        Some(Term::Map(o)) => o.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(t) => t
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(super::enumerable::pair)
            .collect(),
        None => Vec::new(),
    };
    for (k, v) in pairs {
        if k.is_atom(atom::STRUCT) || k.is_atom(atom::EXCEPTION) {
            continue;
        }
        if m.get(&k).is_some() {
            m.insert(k, v);
        } else if strict {
            let frame = Term::tuple([
                Term::Atom(Atom::module(spec.alias)),
                Term::atom_named("-__struct__/1-fun-0-"),
                Term::int(2),
                Term::Nil,
            ]);
            return Err(key_error(&k, &Term::nil(), vec![frame]));
        }
    }
    Ok(Term::Map(m))
}

fn exception(spec: &Spec, arg: &Term) -> R {
    let has_message = (spec.fields)().iter().any(|(f, _)| *f == "message");
    match arg {
        Term::Binary(_) if has_message => {
            let kw = Term::list(vec![Term::tuple([Term::atom(atom::MESSAGE), arg.clone()])]);
            build(spec, Some(&kw), false)
        }
        t if t.is_list() => build(spec, Some(t), false),
        _ => {
            let frame = elixir_frame(
                spec.alias,
                "exception",
                Term::list(vec![arg.clone()]),
                "lib/exception.ex",
                810,
            );
            Err(function_clause_error(
                Atom::module(spec.alias),
                "exception",
                1,
                frame,
            ))
        }
    }
}

fn message(e: &Term) -> Term {
    let text = super::errors::message(e).unwrap_or_else(|| crate::term::exception::message(e));
    Term::string(&text)
}

/// A call to the exception module at `i` in [`SPECS`]. Native functions are
/// plain `fn` pointers, so `exception_fns!` gives each module its own set,
/// which passes the module's index here.
fn dispatch(i: usize, fun: &str, a: &[Term]) -> R {
    let spec = &SPECS[i];
    match fun {
        "__struct__" => build(spec, a.first(), true),
        "exception" => exception(spec, &a[0]),
        _ => Ok(message(&a[0])),
    }
}

macro_rules! exception_fns {
    ($($i:literal),*) => {
        [$(
            {
                fn struct_fn<'a>(_cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
                    Box::pin(std::future::ready(dispatch($i, "__struct__", &a)))
                }
                fn exception_fn<'a>(_cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
                    Box::pin(std::future::ready(dispatch($i, "exception", &a)))
                }
                fn message_fn<'a>(_cx: &'a mut Ctx, a: Vec<Term>) -> CallFuture<'a> {
                    Box::pin(std::future::ready(dispatch($i, "message", &a)))
                }
                (struct_fn as NativeFn, exception_fn as NativeFn, message_fn as NativeFn)
            }
        ),*]
    };
}

/// One module per standard exception.
pub fn modules() -> Vec<NativeModule> {
    let fns = exception_fns!(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21
    );
    SPECS
        .iter()
        .zip(fns)
        .map(|(spec, (s, e, m))| {
            NativeModule::new(Atom::module(spec.alias))
                .export("__struct__", 0, s)
                .export("__struct__", 1, s)
                .export("exception", 1, e)
                .export("message", 1, m)
        })
        .collect()
}

/// True when `module` is one of the standard exceptions defined here.
pub fn is_standard(module: Atom) -> bool {
    spec_of(module).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::build::keyword;

    #[test]
    fn every_spec_has_its_functions() {
        assert_eq!(super::SPECS.len(), 22);
        assert!(super::is_standard(crate::term::Atom::module("KeyError")));
    }

    #[test]
    fn structs_and_exceptions_are_built_with_defaults() {
        assert_eq!(
            show("ArgumentError", "__struct__", vec![]),
            "%ArgumentError{message: \"argument error\"}"
        );
        assert_eq!(
            show("ArgumentError", "exception", vec![s("x")]),
            "%ArgumentError{message: \"x\"}"
        );
        assert_eq!(
            show(
                "ArgumentError",
                "exception",
                vec![keyword(vec![("foo", int(1))])]
            ),
            "%ArgumentError{message: \"argument error\"}"
        );
        assert_eq!(
            show(
                "ArgumentError",
                "__struct__",
                vec![keyword(vec![("foo", int(1))])]
            ),
            "** (KeyError) key :foo not found"
        );
        assert!(show("MatchError", "exception", vec![s("x")]).starts_with(
            "** (FunctionClauseError) no function clause matching in MatchError.exception/1"
        ));
        let e = call(
            "KeyError",
            "exception",
            vec![keyword(vec![("key", atom("a"))])],
        )
        .unwrap();
        assert_eq!(show("KeyError", "message", vec![e]), "\"key :a not found\"");
        assert_eq!(
            show(
                "Enum.OutOfBoundsError",
                "exception",
                vec![crate::term::Term::Nil]
            ),
            "%Enum.OutOfBoundsError{message: \"out of bounds error\"}"
        );
    }
}
