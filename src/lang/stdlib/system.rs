//! `System`: time, versions and the environment. (`System.halt/0,1` is the
//! shell's: it ends riex itself.)

use super::erlang::{convert_units, monotonic_nanos, system_nanos, unit_per_second};
use super::errors::{argument_error, elixir_frame};
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

fn unit(a: &[Term], caller: &str, line: i64) -> Result<i64, Exception> {
    let Some(u) = a.first() else {
        return Ok(1_000_000_000);
    };
    unit_per_second(u).ok_or_else(|| {
        argument_error(
            &format!(
                "unsupported time unit. Expected :second, :millisecond, :microsecond, :nanosecond, or a positive integer, got {}",
                inspect(u)
            ),
            vec![
                elixir_frame("System", "normalize_time_unit", Term::int(1), "lib/system.ex", 1338),
                elixir_frame("System", caller, Term::int(1), "lib/system.ex", line),
            ],
        )
    })
}

fn monotonic_time(cx: &mut Ctx, a: Vec<Term>) -> R {
    let u = unit(&a, "monotonic_time", 1145)?;
    Ok(Term::int(convert_units(
        monotonic_nanos(cx),
        1_000_000_000,
        u,
    )))
}

fn system_time(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let u = unit(&a, "system_time", 1171)?;
    Ok(Term::int(convert_units(system_nanos(), 1_000_000_000, u)))
}

fn os_time(_cx: &mut Ctx, a: Vec<Term>) -> R {
    let u = unit(&a, "os_time", 1235)?;
    Ok(Term::int(convert_units(system_nanos(), 1_000_000_000, u)))
}

fn convert_time_unit(a: Vec<Term>) -> R {
    let from = unit(&a[1..2], "convert_time_unit", 1100)?;
    let to = unit(&a[2..3], "convert_time_unit", 1100)?;
    let v = a[0].as_int().ok_or_else(|| {
        super::errors::badarg("convert_time_unit", a.clone(), &[(1, "not an integer")])
    })?;
    Ok(Term::int(convert_units(v, from, to)))
}

fn version(_a: Vec<Term>) -> R {
    Ok(Term::string("1.14.0"))
}

fn otp_release(_a: Vec<Term>) -> R {
    Ok(Term::string("25"))
}

fn schedulers(_a: Vec<Term>) -> R {
    let n = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    Ok(Term::int(n as i64))
}

fn text_arg(t: &Term) -> Option<String> {
    t.as_str().map(str::to_owned)
}

fn get_env(a: Vec<Term>) -> R {
    match a.as_slice() {
        [] => {
            let pairs = std::env::vars()
                .map(|(k, v)| (Term::string(&k), Term::string(&v)))
                .collect();
            Ok(Term::Map(crate::term::TMap::from_pairs(pairs)))
        }
        [name] | [name, _] => {
            let key = text_arg(name).ok_or_else(|| {
                super::errors::function_clause_error(
                    Atom::module("System"),
                    "get_env",
                    2,
                    elixir_frame(
                        "System",
                        "get_env",
                        Term::list(a.clone()),
                        "lib/system.ex",
                        511,
                    ),
                )
            })?;
            let default = a.get(1).cloned().unwrap_or_else(Term::nil);
            Ok(std::env::var(key)
                .map(|v| Term::string(&v))
                .unwrap_or(default))
        }
        _ => unreachable!("get_env/0,1,2"),
    }
}

fn fetch_env(a: Vec<Term>) -> R {
    let key = text_arg(&a[0]).unwrap_or_default();
    Ok(match std::env::var(key) {
        Ok(v) => Term::ok_tuple(Term::string(&v)),
        Err(_) => Term::atom_named("error"),
    })
}

fn cwd(_a: Vec<Term>) -> R {
    let dir = std::env::current_dir().unwrap_or_default();
    Ok(Term::string(&dir.to_string_lossy()))
}

fn pid(_a: Vec<Term>) -> R {
    Ok(Term::string(&std::process::id().to_string()))
}

fn argv(_a: Vec<Term>) -> R {
    Ok(Term::Nil)
}

fn set_argv(_a: Vec<Term>) -> R {
    Ok(Term::ok())
}

fn stacktrace(_a: Vec<Term>) -> R {
    Ok(Term::Nil)
}

fn unique_integer(cx: &mut Ctx, a: Vec<Term>) -> R {
    super::erlang::unique_integer(cx, a)
}

/// The `System` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("System"))
        .export_native("monotonic_time", 0, with_cx!(monotonic_time))
        .export_native("monotonic_time", 1, with_cx!(monotonic_time))
        .export_native("system_time", 0, with_cx!(system_time))
        .export_native("system_time", 1, with_cx!(system_time))
        .export_native("os_time", 0, with_cx!(os_time))
        .export_native("os_time", 1, with_cx!(os_time))
        .export_native("convert_time_unit", 3, pure!(convert_time_unit))
        .export_native("unique_integer", 0, with_cx!(unique_integer))
        .export_native("unique_integer", 1, with_cx!(unique_integer))
        .export_native("version", 0, pure!(version))
        .export_native("otp_release", 0, pure!(otp_release))
        .export_native("schedulers", 0, pure!(schedulers))
        .export_native("schedulers_online", 0, pure!(schedulers))
        .export_native("get_env", 0, pure!(get_env))
        .export_native("get_env", 1, pure!(get_env))
        .export_native("get_env", 2, pure!(get_env))
        .export_native("fetch_env", 1, pure!(fetch_env))
        .export_native("cwd", 0, pure!(cwd))
        .export_native("cwd!", 0, pure!(cwd))
        .export_native("pid", 0, pure!(pid))
        .export_native("argv", 0, pure!(argv))
        .export_native("argv", 1, pure!(set_argv))
        .export_native("stacktrace", 0, pure!(stacktrace))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn time_units_are_checked() {
        assert_eq!(
            show("System", "monotonic_time", vec![atom("foo")]),
            "** (ArgumentError) unsupported time unit. Expected :second, :millisecond, :microsecond, :nanosecond, or a positive integer, got :foo"
        );
        assert_eq!(
            show(
                "System",
                "convert_time_unit",
                vec![int(1), atom("second"), atom("millisecond")]
            ),
            "1000"
        );
    }

    #[test]
    fn versions() {
        assert_eq!(show("System", "version", vec![]), "\"1.14.0\"");
        assert_eq!(show("System", "otp_release", vec![]), "\"25\"");
    }
}
