//! One step of a process: what the scheduler does around polling a body.
//!
//! A pending exit signal ends the process before its body runs again (the
//! body is dropped where it stands, as the BEAM kills a process wherever it
//! is), and a panic in the body becomes the process crashing.

use super::node::Node;
use crate::term::{Exception, Pid, Term};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A process's body: its result is its exit reason.
pub(crate) type Body = Pin<Box<dyn Future<Output = Term> + Send>>;

/// Polls `body` once; a panic is the process crashing (reported here) with
/// the panic's exception as its exit reason.
pub(crate) fn poll_body(
    node: &Arc<Node>,
    pid: Pid,
    body: &mut Body,
    cx: &mut Context<'_>,
) -> Poll<Term> {
    match catch_unwind(AssertUnwindSafe(|| body.as_mut().poll(cx))) {
        Ok(poll) => poll,
        Err(payload) => {
            let e = panic_exception(payload.as_ref());
            node.report_crash(pid, &e);
            Poll::Ready(e.exit_reason())
        }
    }
}

/// A panic as the exception the process dies of.
pub fn panic_exception(payload: &(dyn std::any::Any + Send)) -> Exception {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a Rust panic".to_owned());
    Exception::runtime_error(&format!("panic: {msg}"))
}
