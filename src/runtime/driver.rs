//! The tokio task that runs one process.
//!
//! It wraps the process body and, at every scheduling point, applies what
//! other processes did to it: a pending exit signal ends the process at once
//! (the body is dropped where it stands, as the BEAM kills a process wherever
//! it is), and a panic in the body becomes the process crashing. It also keeps
//! the node's count of runnable processes, which is what "quiet" means.

use super::node::Node;
use super::process::Proc;
use crate::term::{Exception, Term};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

type Body = Pin<Box<dyn Future<Output = Term> + Send>>;

pub(crate) struct ProcTask {
    node: Arc<Node>,
    proc: Arc<Proc>,
    body: Option<Body>,
}

impl ProcTask {
    pub fn new(node: Arc<Node>, proc: Arc<Proc>, body: Body) -> ProcTask {
        ProcTask {
            node,
            proc,
            body: Some(body),
        }
    }

    fn finish(&mut self, reason: Term) -> Poll<()> {
        self.body = None;
        self.node.terminate(self.proc.pid, reason);
        Poll::Ready(())
    }

    /// Marks the process running and takes a pending exit, if one arrived.
    fn begin_poll(&self, cx: &Context<'_>) -> Option<Term> {
        let mut st = self.proc.state.lock();
        if !st.runnable {
            st.runnable = true;
            self.node.runnable_delta(1);
        }
        if let Some(reason) = st.exiting.take() {
            return Some(reason);
        }
        match &st.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => st.waker = Some(cx.waker().clone()),
        }
        None
    }

    /// After the body parked: it stays runnable only if it yielded or was signalled meanwhile.
    fn park(&self) {
        let mut st = self.proc.state.lock();
        if st.yielded {
            st.yielded = false;
            return;
        }
        if st.exiting.is_some() {
            return;
        }
        if st.runnable {
            st.runnable = false;
            self.node.runnable_delta(-1);
        }
    }
}

impl Future for ProcTask {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if let Some(reason) = this.begin_poll(cx) {
            return this.finish(reason);
        }
        let Some(body) = this.body.as_mut() else {
            return Poll::Ready(());
        };
        match catch_unwind(AssertUnwindSafe(|| body.as_mut().poll(cx))) {
            Ok(Poll::Ready(reason)) => this.finish(reason),
            Ok(Poll::Pending) => {
                this.park();
                Poll::Pending
            }
            Err(payload) => {
                let e = panic_exception(payload.as_ref());
                this.body = None;
                this.node.report_crash(this.proc.pid, &e);
                this.finish(e.exit_reason())
            }
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
