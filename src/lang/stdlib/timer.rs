//! `:timer`: sleeping, timing a function, and a few time helpers.
//!
//! `tc` measures with the runtime's clock, which is virtual in a
//! deterministic node: a `Process.sleep(10)` inside takes exactly 10 ms.

use super::errors::{bad_function, erlang_error, location};
use super::process::send_after;
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Term};
use std::time::Duration;

type R = Result<Term, Exception>;

fn frame(fun: &str, arity: i64, line: i64) -> Term {
    Term::tuple([
        Term::atom_named("timer"),
        Term::atom_named(fun),
        Term::int(arity),
        location("timer.erl", line),
    ])
}

async fn sleep(cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[0] {
        Term::Int(ms) if *ms >= 0 => cx.sleep(Some(Duration::from_millis(*ms as u64))).await,
        t if t.is_atom(atom::INFINITY) => cx.sleep(None).await,
        _ => {
            return Err(erlang_error(
                Term::atom(atom::TIMEOUT_VALUE),
                vec![frame("sleep", 1, 219)],
            ))
        }
    }
    Ok(Term::ok())
}

async fn tc(cx: &mut Ctx, a: Vec<Term>) -> R {
    let start = tokio::time::Instant::now();
    let result = match a.as_slice() {
        [f] | [f, _] if !matches!(f, Term::Fun(_)) => {
            return Err(bad_function(f, vec![frame("tc", a.len() as i64, 235)]))
        }
        [f] => apply_fun(cx, f, vec![]).await?,
        [f, args] => apply_fun(cx, f, args.list_to_vec().unwrap_or_default()).await?,
        [m, f, args] => {
            let (Some(m), Some(f), Some(args)) = (m.as_atom(), f.as_atom(), args.list_to_vec())
            else {
                return Err(super::errors::badarg(
                    "apply",
                    a.clone(),
                    &[(1, "not an atom")],
                ));
            };
            cx.apply(m, f, args).await?
        }
        _ => unreachable!("tc/1,2,3"),
    };
    let micros = start.elapsed().as_micros() as i64;
    Ok(Term::tuple([Term::int(micros), result]))
}

fn send_after_fn(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (dest, msg) = match a.as_slice() {
        [_, msg] => (Term::Pid(cx.self_pid()), msg.clone()),
        [_, dest, msg] => (dest.clone(), msg.clone()),
        _ => unreachable!("send_after/2,3"),
    };
    let r = send_after(cx, &dest, msg, &a[0])?;
    let tref = Term::tuple([Term::atom_named("send_local"), Term::Ref(r)]);
    Ok(Term::ok_tuple(tref))
}

fn cancel(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[0].as_tuple() {
        Some([_, r @ Term::Ref(_)]) => {
            super::process::cancel_timer(cx, vec![r.clone()])?;
            Ok(Term::ok_tuple(Term::atom_named("cancel")))
        }
        _ => Ok(Term::error_tuple(Term::atom_named("badarg"))),
    }
}

fn scaled(a: &[Term], factor: i64) -> R {
    let n = a[0]
        .as_int()
        .ok_or_else(|| super::errors::badarith("*", vec![a[0].clone(), Term::int(factor)]))?;
    super::num::mul(&Term::int(n), &Term::int(factor))
}

fn seconds(a: Vec<Term>) -> R {
    scaled(&a, 1000)
}

fn minutes(a: Vec<Term>) -> R {
    scaled(&a, 60_000)
}

fn hours(a: Vec<Term>) -> R {
    scaled(&a, 3_600_000)
}

fn hms(a: Vec<Term>) -> R {
    let h = scaled(&a[0..1], 3_600_000)?;
    let m = scaled(&a[1..2], 60_000)?;
    let s = scaled(&a[2..3], 1000)?;
    super::num::add(&super::num::add(&h, &m)?, &s)
}

/// The `:timer` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::new("timer"))
        .export("sleep", 1, suspending!(sleep))
        .export("tc", 1, suspending!(tc))
        .export("tc", 2, suspending!(tc))
        .export("tc", 3, suspending!(tc))
        .export_native("send_after", 2, with_cx!(send_after_fn))
        .export_native("send_after", 3, with_cx!(send_after_fn))
        .export_native("cancel", 1, with_cx!(cancel))
        .export_native("seconds", 1, pure!(seconds))
        .export_native("minutes", 1, pure!(minutes))
        .export_native("hours", 1, pure!(hours))
        .export_native("hms", 3, pure!(hms))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::fun::RustFun;
    use crate::term::inspect::inspect;
    use crate::term::Atom;

    #[test]
    fn tc_measures_virtual_time() {
        let text = run(|mut cx| async move {
            let f = RustFun::term("t/0", 0, |cx, _| {
                Box::pin(async move {
                    cx.sleep(Some(std::time::Duration::from_millis(10))).await;
                    Ok(atom("done"))
                })
            });
            let r = cx
                .apply(Atom::new("timer"), Atom::new("tc"), vec![f])
                .await
                .unwrap();
            inspect(&r)
        });
        assert_eq!(text, "{10000, :done}");
    }

    #[test]
    fn sleep_rejects_bad_timeouts() {
        assert_eq!(show(":timer", "sleep", vec![int(1)]), ":ok");
        assert_eq!(
            show(":timer", "sleep", vec![atom("a")]),
            "** (ErlangError) Erlang error: :timeout_value"
        );
        assert_eq!(
            show(":timer", "tc", vec![int(1)]),
            "** (BadFunctionError) expected a function, got: 1"
        );
    }

    #[test]
    fn time_helpers() {
        assert_eq!(show(":timer", "seconds", vec![int(2)]), "2000");
        assert_eq!(
            show(":timer", "hms", vec![int(1), int(2), int(3)]),
            "3723000"
        );
    }
}
