//! Where larger inputs are parsed: on a helper thread with a stack large
//! enough for the deepest nesting the parser accepts, kept for the next
//! input.
//!
//! The parser recurses once per nesting level, and a level in a debug
//! build takes more than a tokio worker's 2 MiB stack can hold 500 times.
//! A thread started for each input would have its stack mapped, and the
//! pages it touches zeroed, every time: for a module of fifty functions,
//! that cost more than the parse. So each thread that parses keeps one
//! helper, started at its first larger input; the helper ends with it, and
//! keeps until then the stack pages its deepest parse touched.
//!
//! ```
//! # use riex::lang::parser::parse;
//! let source = format!("[{}]", "1, ".repeat(60) + "2");
//! assert!(parse(&source, 1).is_ok()); // on the helper: 183 bytes
//! ```

use std::cell::RefCell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel, Sender};

/// Inputs up to this many bytes cannot nest deeper than a small thread
/// stack (2 MiB, as tokio's workers have) can follow in a debug build:
/// each nesting level takes at least one byte.
const SMALL_INPUT: usize = 100;

/// The helper's stack: enough for [`super::input::MAX_DEPTH`] levels even
/// in a debug build.
const BIG_STACK: usize = 64 << 20;

/// A parse handed to the helper, with its borrows' lifetime erased (see
/// [`on_big_stack`]).
type Job = Box<dyn FnOnce() + Send + 'static>;

thread_local! {
    /// This thread's helper, once started: where its jobs go.
    static HELPER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
}

/// Runs `parse` on the current thread for a small input, else on this
/// thread's helper (or here if none can be started), so that nesting up
/// to the depth limit never overflows the caller's stack.
pub(super) fn on_big_stack<T: Send>(len: usize, parse: impl Fn() -> T + Sync) -> T {
    if len <= SMALL_INPUT {
        return parse();
    }
    let (done, result) = sync_channel(1);
    // By address, not by reference: a reference held by the job while it
    // sends the result would still be live, as far as Rust's rules for
    // borrows go, once this call has returned and `parse` is gone.
    let parse_at = Borrowed(std::ptr::from_ref(&parse));
    let job = move || {
        // SAFETY: this call waits for the result, so `parse` lives until
        // it is sent; the reference made here ends before the send.
        let outcome = catch_unwind(AssertUnwindSafe(|| unsafe { parse_at.get() }()));
        let _ = done.send(outcome);
    };
    let job: Box<dyn FnOnce() + Send + '_> = Box::new(job);
    // SAFETY: the job reaches what `parse` borrows only through
    // `parse_at`, and only until it sends the result, which this call
    // waits for; a job dropped unrun (its helper gone) reaches nothing,
    // and the wait then ends at once.
    let job: Job = unsafe { std::mem::transmute(job) };
    if let Some(job) = send_to_helper(job) {
        // No helper: on this thread, as for a small input.
        job();
    }
    match result.recv() {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => resume_unwind(panic),
        // The job was dropped unrun: the helper ended under it.
        Err(_) => parse(),
    }
}

/// The address of a parse that another thread runs while its owner
/// waits (see [`on_big_stack`]).
struct Borrowed<F>(*const F);

// SAFETY: it points to an `F: Sync`, read by the helper only while the
// thread that owns it waits.
unsafe impl<F: Sync> Send for Borrowed<F> {}

impl<F> Borrowed<F> {
    /// The parse.
    ///
    /// # Safety
    /// Its owner is still waiting for the result.
    unsafe fn get(&self) -> &F {
        &*self.0
    }
}

/// Gives `job` to this thread's helper, starting it first if need be: the
/// job back when no helper can be started. (While the thread ends, when
/// its helper is gone already, the job is dropped unrun.)
fn send_to_helper(job: Job) -> Option<Job> {
    let mut unsent = None;
    let _ = HELPER.try_with(|helper| {
        let mut helper = helper.borrow_mut();
        if helper.is_none() {
            *helper = start_helper();
        }
        match helper.as_ref() {
            Some(jobs) => {
                if let Err(failed) = jobs.send(job) {
                    // It ended: the next larger input starts another.
                    *helper = None;
                    unsent = Some(failed.0);
                }
            }
            None => unsent = Some(job),
        }
    });
    unsent
}

/// A new helper, running the jobs it is sent until its sender goes.
fn start_helper() -> Option<Sender<Job>> {
    let (jobs, incoming) = channel::<Job>();
    std::thread::Builder::new()
        .name("riex-parser".into())
        .stack_size(BIG_STACK)
        .spawn(move || {
            for job in incoming {
                job();
            }
        })
        .ok()?;
    Some(jobs)
}

#[cfg(test)]
mod tests {
    use super::on_big_stack;
    use std::thread;

    #[test]
    fn larger_inputs_are_parsed_on_one_helper_kept_between_them() {
        let here = thread::current().id();
        let first = on_big_stack(200, || thread::current().id());
        let second = on_big_stack(5_000, || thread::current().id());
        assert_ne!(first, here);
        assert_eq!(first, second);
        assert_eq!(on_big_stack(10, || thread::current().id()), here);
    }

    #[test]
    fn a_panic_on_the_helper_reaches_the_caller_and_the_helper_goes_on() {
        let source = String::from("borrowed by the parse");
        let failed = std::panic::catch_unwind(|| {
            on_big_stack(200, || -> usize { panic!("{}", source.len()) })
        });
        assert!(failed.is_err());
        assert_eq!(on_big_stack(200, || source.len()), 21);
    }
}
