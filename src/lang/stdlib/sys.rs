//! `:sys`: looking into a running GenServer and steering it, as OTP's
//! `sys` module does: `get_state`, `replace_state`, `get_status`,
//! `suspend`, `resume`, and `trace`, which prints OTP's `*DBG*` lines.
//!
//! ```text
//! iex> :sys.trace(pid, true)
//! iex> GenServer.call(pid, :pop)
//! *DBG* <0.110.0> got call pop from <0.108.0>
//! *DBG* <0.110.0> sent a to <0.108.0>, new state []
//! ```

use crate::otp::gen_server::sys::request;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Term};
use std::time::Duration;

type R = Result<Term, Exception>;

/// A timeout argument: milliseconds or `:infinity`.
fn timeout(t: Option<&Term>) -> Option<Duration> {
    match t {
        Some(Term::Int(ms)) if *ms >= 0 => Some(Duration::from_millis(*ms as u64)),
        Some(t) if t.is_atom(atom::INFINITY) => Some(Duration::from_secs(u32::MAX as u64)),
        _ => None,
    }
}

async fn get_state(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::atom_named("get_state");
    request(cx, &a[0], req, "get_state", a.clone(), timeout(a.get(1))).await
}

async fn replace_state(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::tuple([Term::atom_named("replace_state"), a[1].clone()]);
    request(
        cx,
        &a[0],
        req,
        "replace_state",
        a.clone(),
        timeout(a.get(2)),
    )
    .await
}

async fn get_status(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::atom_named("get_status");
    request(cx, &a[0], req, "get_status", a.clone(), timeout(a.get(1))).await
}

async fn suspend(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::atom_named("suspend");
    request(cx, &a[0], req, "suspend", a.clone(), timeout(a.get(1))).await
}

async fn resume(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::atom_named("resume");
    request(cx, &a[0], req, "resume", a.clone(), timeout(a.get(1))).await
}

async fn trace(cx: &mut Ctx, a: Vec<Term>) -> R {
    let req = Term::tuple([
        Term::atom_named("debug"),
        Term::tuple([Term::atom_named("trace"), a[1].clone()]),
    ]);
    request(cx, &a[0], req, "trace", a.clone(), timeout(a.get(2))).await
}

/// The `:sys` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::new("sys"))
        .export("get_state", 1, suspending!(get_state))
        .export("get_state", 2, suspending!(get_state))
        .export("replace_state", 2, suspending!(replace_state))
        .export("replace_state", 3, suspending!(replace_state))
        .export("get_status", 1, suspending!(get_status))
        .export("get_status", 2, suspending!(get_status))
        .export("suspend", 1, suspending!(suspend))
        .export("suspend", 2, suspending!(suspend))
        .export("resume", 1, suspending!(resume))
        .export("resume", 2, suspending!(resume))
        .export("trace", 2, suspending!(trace))
        .export("trace", 3, suspending!(trace))
}
