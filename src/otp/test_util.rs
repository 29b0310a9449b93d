//! Helpers for the OTP layer's tests: a deterministic node with its console captured.

use crate::otp::logger::Console;
use crate::runtime::{block_on, Mode, Node};
use parking_lot::Mutex;
use std::future::Future;
use std::sync::Arc;

/// Runs `f` on a deterministic node whose console output (without
/// timestamps) is collected; returns `f`'s result and the output.
pub fn run_captured<F, Fut, T>(f: F) -> (T, String)
where
    F: FnOnce(Arc<Node>) -> Fut + Send + 'static,
    Fut: Future<Output = T> + 'static,
    T: Send + 'static,
{
    block_on(Mode::Deterministic, |node| async move {
        let buf = Arc::new(Mutex::new(String::new()));
        let b = buf.clone();
        let console = Console::of(&node);
        console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
        console.set_timestamps(false);
        let out = f(node.clone()).await;
        node.until_quiet().await;
        let text = buf.lock().clone();
        (out, text)
    })
}
