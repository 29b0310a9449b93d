//! Selective receive.
//!
//! The first message, in arrival order, that the matcher accepts is taken out;
//! the others stay where they are. A waiting receive rescans only messages that
//! arrived since it last looked, so a long mailbox of unmatched messages costs
//! each new message one look, not a rescan of everything.
//!
//! A receive with a timeout (every `GenServer.call` has one) waits on its
//! process's one timer. In real time the timer stays armed when the receive
//! ends: the next receive whose deadline is later keeps it as it is, and
//! re-arms it only when it goes off early. So a process making call after
//! call touches tokio's timer wheel once per timeout period rather than
//! twice per call, for the price of one early wake-up per period. In
//! deterministic mode the timer is dropped with its receive: an armed timer
//! would move virtual time when everything is idle.

use super::ctx::Ctx;
use super::node::Mode;
use crate::term::Term;
use std::future::{poll_fn, Future};
use std::task::Poll;
use std::time::Duration;
use tokio::time::Instant;

/// A receive in progress: the messages it has looked at, and its timeout.
pub struct Waiting {
    scanned: usize,
    timer: Timer,
}

enum Timer {
    /// `after 0`: no waiting.
    Now,
    /// No `after`.
    Never,
    /// Not started yet: the clock starts at the first look that finds nothing.
    After(Duration),
    /// Waiting, on the process's timer, until then.
    Until(Instant),
}

impl Waiting {
    /// A receive that waits `timeout` at most (`None`: forever).
    pub fn new(timeout: Option<Duration>) -> Waiting {
        let timer = match timeout {
            Some(Duration::ZERO) => Timer::Now,
            Some(d) => Timer::After(d),
            None => Timer::Never,
        };
        Waiting { scanned: 0, timer }
    }
}

/// What a look through the mailbox found.
enum Scan<T> {
    Got(T),
    Nothing,
    Exiting,
}

impl Ctx {
    /// Takes the first message `matcher` accepts and returns what it made of it;
    /// `None` when `timeout` passes first (`after`). `None` timeout waits forever.
    ///
    /// The matcher runs while the mailbox is locked: it must not act on this
    /// process (send to itself, link, ...), only look at the message.
    pub async fn receive<T, M>(&mut self, matcher: M, timeout: Option<Duration>) -> Option<T>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        // The message is dropped here, after the mailbox's lock is released.
        self.receive_with_message(matcher, timeout)
            .await
            .map(|(v, _message)| v)
    }

    /// Takes the first message `accepts` takes, and returns the message
    /// itself: a caller that picks it apart moves its parts out, where a
    /// matcher would copy them. As with [`Ctx::receive`], `accepts` runs
    /// while the mailbox is locked.
    pub async fn receive_message<A>(
        &mut self,
        mut accepts: A,
        timeout: Option<Duration>,
    ) -> Option<Term>
    where
        A: FnMut(&Term) -> bool,
    {
        self.receive_with_message(|m| accepts(m).then_some(()), timeout)
            .await
            .map(|((), message)| message)
    }

    async fn receive_with_message<T, M>(
        &mut self,
        mut matcher: M,
        timeout: Option<Duration>,
    ) -> Option<(T, Term)>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        let mut waiting = Waiting::new(timeout);
        poll_fn(|cx| self.poll_receive(cx, &mut waiting, &mut matcher)).await
    }

    /// One look of a waiting receive: the message `matcher` took, `None`
    /// once the timeout has passed, or pending. A caller that keeps its own
    /// future small (a process idle in `receive` holds it) polls this
    /// instead of awaiting [`Ctx::receive`].
    pub fn poll_receive<T, M>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        waiting: &mut Waiting,
        matcher: &mut M,
    ) -> Poll<Option<(T, Term)>>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        match self.take_matching(matcher, &mut waiting.scanned) {
            Scan::Got(v) => {
                self.receive_done(waiting);
                return Poll::Ready(Some(v));
            }
            // The scheduler ends the process as soon as it stops running
            // (after a zero timeout too: not the `after` branch).
            Scan::Exiting => return Poll::Pending,
            Scan::Nothing => {}
        }
        let expired = match waiting.timer {
            Timer::Now => true,
            Timer::Never => false,
            Timer::After(d) => {
                let deadline = Instant::now() + d;
                waiting.timer = Timer::Until(deadline);
                self.poll_timer(cx, deadline)
            }
            Timer::Until(deadline) => self.poll_timer(cx, deadline),
        };
        if expired {
            self.receive_done(waiting);
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }

    /// Polls the process's timer for a receive that ends at `deadline`:
    /// true once it has passed. A timer armed for an earlier deadline is
    /// kept as it is, and re-armed for this one when it goes off.
    fn poll_timer(&mut self, cx: &mut std::task::Context<'_>, deadline: Instant) -> bool {
        let sleep = match &mut self.timer {
            Some(sleep) => {
                if sleep.deadline() > deadline || sleep.is_elapsed() {
                    sleep.as_mut().reset(deadline);
                }
                sleep
            }
            None => self
                .timer
                .insert(Box::pin(tokio::time::sleep_until(deadline))),
        };
        while sleep.as_mut().poll(cx).is_ready() {
            if sleep.deadline() >= deadline {
                return true;
            }
            sleep.as_mut().reset(deadline);
        }
        false
    }

    /// A receive has ended: in deterministic mode its timer goes with it.
    fn receive_done(&mut self, waiting: &Waiting) {
        if matches!(waiting.timer, Timer::Until(_)) && self.node.mode() == Mode::Deterministic {
            self.timer = None;
        }
    }

    /// Takes the first message `matcher` accepts if one is there already:
    /// a receive that need not wait. `None` when none is, or when the
    /// process is about to die.
    pub fn receive_now<T, M>(&mut self, matcher: &mut M) -> Option<T>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        match self.take_matching(matcher, &mut 0) {
            Scan::Got((v, _message)) => Some(v),
            Scan::Exiting | Scan::Nothing => None,
        }
    }

    /// Takes the first message; waits forever.
    pub async fn receive_any(&mut self) -> Term {
        self.receive_message(|_| true, None)
            .await
            .expect("a receive without timeout returns a message")
    }

    /// Looks through the messages not yet `scanned` for the first `matcher`
    /// takes. A process with an exit signal pending takes nothing: it is
    /// about to die (a signal that came while it ran, say from a child it
    /// started, must not let it see the messages that came after it).
    fn take_matching<T, M>(&self, matcher: &mut M, scanned: &mut usize) -> Scan<(T, Term)>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        let mut st = self.proc.state.lock();
        if st.exiting.is_some() {
            return Scan::Exiting;
        }
        let len = st.inbox.len();
        for i in *scanned..len {
            if let Some(v) = matcher(&st.inbox[i]) {
                // The oldest message is the commonest match: no shifting.
                let message = match i {
                    0 => st.inbox.pop_front(),
                    i => st.inbox.remove(i),
                };
                return Scan::Got((v, message.expect("a message scanned")));
            }
        }
        *scanned = len;
        st.sched.mail_seen();
        Scan::Nothing
    }

    /// Takes out the oldest message, if there is one, without waiting;
    /// nothing once an exit signal is pending (the process is about to die).
    pub fn take_first(&self) -> Option<Term> {
        let mut st = self.proc.state.lock();
        if st.exiting.is_some() {
            return None;
        }
        st.inbox.pop_front()
    }

    /// Takes out, without waiting, every message `matcher` accepts (in
    /// arrival order), leaving the others.
    pub fn take_all<T, M>(&mut self, mut matcher: M) -> Vec<T>
    where
        M: FnMut(&Term) -> Option<T>,
    {
        let mut st = self.proc.state.lock();
        let mut taken = Vec::new();
        st.inbox.retain(|m| match matcher(m) {
            Some(v) => {
                taken.push(v);
                false
            }
            None => true,
        });
        taken
    }

    /// Removes and returns every message in the mailbox, oldest first (`flush/0`).
    pub fn drain_mailbox(&mut self) -> Vec<Term> {
        self.proc.state.lock().inbox.drain(..).collect()
    }

    /// Drops every message `unwanted` picks, keeping the others in order.
    pub fn discard_messages(&mut self, mut unwanted: impl FnMut(&Term) -> bool) {
        self.proc.state.lock().inbox.retain(|m| !unwanted(m));
    }
}
