//! The run stage: a register machine executing compiled [`Unit`]s inside a
//! process.
//!
//! The machine keeps its call stack on the heap, as the BEAM does: a call
//! between compiled functions pushes a frame and a window of registers, a
//! return pops them, and a call in tail position reuses the caller's frame.
//! So a receive loop runs forever in constant space, a body recursion a
//! million deep needs only memory, and riex's own stack never grows with
//! the program's. The machine is one future: a `receive`, a
//! `GenServer.call` or a `Process.sleep` anywhere in it parks the process
//! with the whole stack inside, and other processes run meanwhile.
//!
//! Calls that leave compiled code (a native module like `Enum`, a function
//! the compiler left to the evaluator, a fun written in Rust) are awaited
//! in place; when they call back into compiled code (`Enum.map` applying a
//! lambda) that runs in a machine of its own, which a native applying a
//! lambda element by element keeps from one application to the next
//! ([`Applier`]).

mod exec;
mod handler;
pub mod lambda;
mod matching;
mod ops;
mod prepared;
mod remote;
mod window;

pub use lambda::Lambda;
pub use prepared::PreparedCode;

#[cfg(test)]
mod tests;

use crate::lang::compile::code::{BinOp, Callee, Code, Failure, Kind, Op, Reg, DISCARD};
use crate::lang::compile::Unit;
use crate::lang::eval::Env;
use crate::lang::module::function::{system_limit, with_frame};
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{Atom, Exception, Term};
use futures::future::Either;
use futures::FutureExt;
use std::future::Future;
use std::sync::Arc;
use window::Window;

/// How many machines may nest (a native calling a lambda calling a native
/// ...) before a call fails: each nesting is a level of riex's own stack.
const MAX_NESTING: u32 = 10_000;

/// How many calls a process makes before it lets the others run, as the
/// BEAM counts reductions.
const CALLS_PER_SLICE: u32 = 2000;

/// How many registers a process's stack may hold (24 bytes each, 1.5 GiB
/// in all): past it, a runaway recursion ends the process instead of
/// exhausting memory. Tests reach a lower limit sooner.
const MAX_REGS: usize = if cfg!(test) { 1 << 23 } else { 1 << 26 };

/// How many frames a process's stack may hold (24 bytes each, 768 MiB in
/// all): a recursion whose callee's window starts where its caller's does
/// (`def inf(n), do: 1 + inf(n - 1)`) deepens by a frame and no register,
/// so the frames need a limit of their own. 33 million calls deep is far
/// beyond any recursion that ends. Tests reach a lower limit sooner.
const MAX_FRAMES: usize = if cfg!(test) { 1 << 21 } else { 1 << 25 };

/// The most registers a run claims at once beyond what a call needs.
const CLAIM_STEP: usize = 1 << 16;

/// How a run of compiled code started: done without waiting (most calls
/// of a lambda from a native, most callbacks), or waiting for a message, a
/// reply, a timer or its turn, as a future to await.
pub type Started<'a> = crate::runtime::code::Applied<'a>;

/// Starts the code `code` of `unit` with `args` (and, for a lambda, its
/// captured values), running it as far as it goes without waiting. No
/// future is made unless it waits: a native applying a lambda to each
/// element (`Enum.sort_by`, a `Stream`) pays for none.
pub fn start<'a>(
    cx: &'a mut Ctx,
    unit: &Arc<Unit>,
    code: u32,
    args: impl IntoIterator<Item = Term>,
    captures: &[Term],
) -> Started<'a> {
    let mut m = Machine::take();
    let Some(mut cur) = m.load(cx, unit, code, args, captures) else {
        m.give_back();
        return Started::Done(Err(system_limit()));
    };
    match m.run_now(cx, &mut cur) {
        Went::Done(r) => {
            m.finish(cx);
            Started::Done(r)
        }
        Went::Waiting(resume) => Ran::Waiting(m.paused(cur, resume)).started(cx),
    }
}

/// How far a run went without waiting, holding no borrow of the process:
/// a loop that starts one run after another can keep going until one
/// waits.
pub enum Ran<T = Term> {
    /// Its value (or what was read of it), or the exception that left it.
    Done(Result<T, Exception>),
    /// Waiting: the rest is to be run with [`Ran::started`]. Boxed, so
    /// that a `Ran` is laid out as the result it holds when done, and is
    /// passed on without moving the result's bytes around.
    Waiting(Box<Paused>),
}

/// A run that stopped to wait, with its machine.
pub struct Paused {
    m: Machine,
    cur: Frame,
    resume: Resume,
}

impl Ran {
    /// The run as a [`Started`]: the rest of a waiting run, as a future.
    pub fn started(self, cx: &mut Ctx) -> Started<'_> {
        match self {
            Ran::Done(r) => Started::Done(r),
            Ran::Waiting(paused) => {
                let Paused { m, cur, resume } = *paused;
                let rest = m.execute(cx, cur, resume).map(|r| r.map(|(v, _)| v));
                Started::Waiting(Box::pin(rest))
            }
        }
    }
}

/// A machine kept by a native that applies lambdas one element at a time
/// (a `Stream`'s stages, `Enum`'s functions), or by a GenServer written in
/// Elixir for a batch of messages: an application that ends without
/// waiting leaves the machine to the next one, instead of handing it back
/// to the spares and taking it again. Registers keep their stale values
/// between applications, as between calls, until the applier goes.
#[derive(Default)]
pub struct Applier(Option<Machine>);

impl Applier {
    /// [`start`], on the machine the last application left.
    pub fn start<'a>(
        &mut self,
        cx: &'a mut Ctx,
        unit: &Arc<Unit>,
        code: u32,
        args: impl IntoIterator<Item = Term>,
        captures: &[Term],
    ) -> Started<'a> {
        self.run(cx, unit, code, args, captures).started(cx)
    }

    /// Runs the code as far as it goes without waiting, on the machine
    /// the last application left.
    pub fn run(
        &mut self,
        cx: &mut Ctx,
        unit: &Arc<Unit>,
        code: u32,
        args: impl IntoIterator<Item = Term>,
        captures: &[Term],
    ) -> Ran {
        self.run_reading(cx, unit, code, args, captures, take)
    }

    /// [`Applier::run`], with the value, when the run ends without
    /// waiting, left where the machine put it, in one of its registers:
    /// the caller reads it there (taking it apart, say), and the value is
    /// not moved through the layers between. What the caller leaves there
    /// goes when the register is next written, or with the applier.
    pub fn run_in_place(
        &mut self,
        cx: &mut Ctx,
        unit: &Arc<Unit>,
        code: u32,
        args: impl IntoIterator<Item = Term>,
        captures: &[Term],
    ) -> Result<&mut Term, Ran> {
        let at = |v: &mut Term| v as *mut Term;
        match self.run_reading(cx, unit, code, args, captures, at) {
            // SAFETY: a register of the machine this applier keeps (the
            // run's end leaves its registers where they are), which stays
            // put while `self` is borrowed.
            Ran::Done(Ok(v)) => Ok(unsafe { &mut *v }),
            Ran::Done(Err(e)) => Err(Ran::Done(Err(e))),
            Ran::Waiting(paused) => Err(Ran::Waiting(paused)),
        }
    }

    /// [`Applier::run`], with the value, when the run ends without
    /// waiting, given to `read` in the register the machine left it in.
    #[inline(always)]
    fn run_reading<T>(
        &mut self,
        cx: &mut Ctx,
        unit: &Arc<Unit>,
        code: u32,
        args: impl IntoIterator<Item = Term>,
        captures: &[Term],
        read: impl FnOnce(&mut Term) -> T,
    ) -> Ran<T> {
        if self.0.as_ref().is_some_and(|m| !m.frames.is_empty()) {
            // A run that panicked half-way left its frames: start afresh.
            self.release().give_back();
        }
        // Run where it is kept: a machine moved out and back for every
        // application would be copied twice.
        let m = self.0.get_or_insert_with(Machine::take);
        let Some(mut cur) = m.load(cx, unit, code, args, captures) else {
            self.release().give_back();
            return Ran::Done(Err(system_limit()));
        };
        match m.run_now_reading(cx, &mut cur, read) {
            Went::Done(Ok(v)) => {
                m.pause(cx);
                Ran::Done(Ok(v))
            }
            Went::Done(Err(e)) => {
                self.release().finish(cx);
                Ran::Done(Err(e))
            }
            Went::Waiting(resume) => Ran::Waiting(self.release().paused(cur, resume)),
        }
    }

    /// The machine, taken out: its run ended, or goes on elsewhere.
    fn release(&mut self) -> Machine {
        self.0
            .take()
            .expect("an applier runs on the machine it keeps")
    }
}

impl Drop for Applier {
    fn drop(&mut self) {
        if let Some(m) = self.0.take() {
            m.give_back();
        }
    }
}

/// Runs the code `code` of `unit` with `args` (and, for a lambda, its
/// captured values): its value, or the exception that left it.
pub fn run<'a>(
    cx: &'a mut Ctx,
    unit: &Arc<Unit>,
    code: u32,
    args: impl IntoIterator<Item = Term>,
    captures: &[Term],
) -> impl Future<Output = Result<Term, Exception>> + 'a {
    match start(cx, unit, code, args, captures) {
        Started::Done(r) => Either::Left(std::future::ready(r)),
        Started::Waiting(rest) => Either::Right(rest),
    }
}

/// [`start`] as a function call's future: boxed only when it waits.
pub fn call<'a>(
    cx: &'a mut Ctx,
    unit: &Arc<Unit>,
    code: u32,
    args: Vec<Term>,
    captures: &[Term],
) -> CallFuture<'a> {
    start(cx, unit, code, args, captures).into_future()
}

/// Runs a compiled input whose arguments are the variables bound before:
/// its value and the variables bound after.
pub fn run_input<'a>(
    cx: &'a mut Ctx,
    unit: &Arc<Unit>,
    args: Vec<Term>,
) -> impl Future<Output = Result<(Term, Vec<(Atom, Term)>), Exception>> + 'a {
    let mut m = Machine::take();
    match m.load(cx, unit, 0, args, &[]) {
        Some(cur) => {
            m.keep_entry();
            Either::Left(m.execute(cx, cur, Resume::Run))
        }
        None => {
            m.give_back();
            Either::Right(std::future::ready(Err(system_limit())))
        }
    }
}

/// Where [`Machine::execute`] takes up a run.
#[derive(Clone, Copy)]
enum Resume {
    /// At the running frame's next instruction.
    Run,
    /// After letting the other processes run.
    Yield,
    /// At the instruction before the running frame's `pc`, which waits or
    /// calls out.
    Out,
}

/// A unit a frame runs, by address: the machine keeps every unit it enters
/// alive ([`Machine::pin`]), so frames need no reference counts, whose
/// atomic updates would cost more than the call itself.
#[derive(Clone, Copy, PartialEq, Eq)]
struct UnitRef(*const Unit);

// SAFETY: a `Unit` is immutable and `Sync`; the pointer is only read while
// the machine that pinned the unit runs.
unsafe impl Send for UnitRef {}
unsafe impl Sync for UnitRef {}

impl UnitRef {
    /// The unit, for as long as the machine runs.
    fn get<'a>(self) -> &'a Unit {
        // SAFETY: the machine's pins (or the prelude's static) keep it alive.
        unsafe { &*self.0 }
    }
}

impl Frame {
    /// The unit of the frame's code.
    #[inline(always)]
    fn unit(&self) -> UnitRef {
        UnitRef(self.code.get().owner.unit())
    }

    /// The instruction the frame stopped at to wait or call out: the one
    /// before its `pc`.
    fn waiting_op<'u>(&self) -> &'u Op {
        &self.code.get().ops[self.pc() as usize - 1]
    }

    /// Its first register.
    fn base(&self) -> usize {
        self.base as usize
    }

    /// The number of the frame's next instruction.
    fn pc(&self) -> u32 {
        // SAFETY: `ip` points into (or one past) the code's instructions.
        unsafe { self.ip.0.offset_from(self.code.get().ops.as_ptr()) as u32 }
    }

    /// Goes on at instruction `pc` of the frame's code.
    fn set_pc(&mut self, pc: u32) {
        self.ip = Ip::at(self.code, pc);
    }
}

/// The next instruction of a frame, by address: a return goes on there
/// without finding it in its code, and a call keeps it without
/// computing its number.
#[derive(Clone, Copy)]
struct Ip(*const Op);

// SAFETY: as for `CodeRef`: it points into a code, immutable inside its
// pinned unit.
unsafe impl Send for Ip {}
unsafe impl Sync for Ip {}

impl Ip {
    /// Instruction `pc` of `code` (or the end, one past its last).
    fn at(code: CodeRef, pc: u32) -> Ip {
        let ops = &code.get().ops;
        debug_assert!(pc as usize <= ops.len());
        // SAFETY: within the instructions, or one past them.
        Ip(unsafe { ops.as_ptr().add(pc as usize) })
    }
}

/// A call's arguments and where its value goes, as its instruction says.
#[derive(Clone, Copy)]
struct Site {
    start: Reg,
    n: u16,
    dst: Reg,
    tail: bool,
    frame: Reg,
}

/// A frame: which code, where in it, its registers, and where its value goes.
#[derive(Clone, Copy)]
struct Frame {
    /// The code running (its unit is its owner's).
    code: CodeRef,
    /// Its next instruction.
    ip: Ip,
    /// The register of this frame's window that receives the value of the
    /// call it made (meaningless in the running frame, which has not made
    /// one): pushed with the caller, so that a tail call keeps it as it is.
    ret: Reg,
    /// Its first register (below `MAX_REGS`, so 32 bits hold it and the
    /// frame stays 24 bytes: a process idle in `receive` keeps one, a
    /// recursion one per level).
    base: u32,
}

const _: () = assert!(std::mem::size_of::<Frame>() == 24);

/// A code a frame runs, by address, as [`UnitRef`] keeps its unit: the
/// frame reaches its instructions without indexing the unit's codes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct CodeRef(*const Code);

// SAFETY: as for `UnitRef`: a `Code` is immutable inside its pinned unit.
unsafe impl Send for CodeRef {}
unsafe impl Sync for CodeRef {}

impl CodeRef {
    /// Code `idx` of `unit`.
    #[inline(always)]
    fn of(unit: UnitRef, idx: u32) -> CodeRef {
        CodeRef(&unit.get().codes[idx as usize])
    }

    /// The code, for as long as the machine runs.
    #[inline(always)]
    fn get<'a>(self) -> &'a Code {
        // SAFETY: it lives in a unit the machine keeps alive (see `UnitRef`).
        unsafe { &*self.0 }
    }
}

struct Machine {
    /// Every frame's registers, the running frame's on top.
    regs: Vec<Term>,
    /// The callers of the running frame.
    frames: Vec<Frame>,
    /// How many registers this run has claimed: only these may hold a
    /// value that owns something. The stack may be longer (registers made
    /// by an earlier run, cleared), so a deep recursion run again finds
    /// them made; a call that reaches past `used` claims more
    /// ([`Machine::grow`]), which is where the run's peak is kept without
    /// a cost on every call.
    used: usize,
    /// Every unit a frame has run, kept alive while the machine runs.
    pins: Vec<Arc<Unit>>,
    /// The unit the run started in, while its caller keeps it alive: a run
    /// that ends without waiting takes no reference count on it.
    entry: Entry,
    /// The `try`s the frames are in, innermost last.
    handlers: handler::Handlers,
}

/// The caller's reference to the unit a run started in, until the run
/// first waits (then the machine pins the unit itself).
#[derive(Clone, Copy)]
struct Entry(*const Arc<Unit>);

// SAFETY: read only while the caller that lent it is running the machine
// synchronously; an `Arc<Unit>` is `Send` and `Sync`.
unsafe impl Send for Entry {}
unsafe impl Sync for Entry {}

impl Entry {
    const NONE: Entry = Entry(std::ptr::null());

    /// The lent unit, if it is the one at `at`.
    fn unit_at(self, at: *const Unit) -> Option<&'static Arc<Unit>> {
        // SAFETY: see the type: the lender outlives every use.
        let unit = unsafe { self.0.as_ref() }?;
        (Arc::as_ptr(unit) == at).then_some(unit)
    }
}

thread_local! {
    static PEAK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Machines done running, with their vectors' room, for the next run:
    /// a function Rust starts (a lambda a native applies, a server's first
    /// callback of a batch) takes one each time.
    static SPARES: std::cell::RefCell<Spares> = const {
        std::cell::RefCell::new(Spares { small: Vec::new(), big: None })
    };
}

struct Spares {
    small: Vec<Machine>,
    /// The one machine kept whose stack grew big (a deep recursion), so that
    /// running the recursion again finds its room made, as the BEAM's
    /// allocators keep a process heap's carriers.
    big: Option<Machine>,
}

/// How many frames a waiting process may have for its registers above
/// every frame's window to be dropped while it waits.
const STALE_FRAMES_SCANNED: usize = 64;

/// How many spare machines a thread keeps, and how big each may stay.
const SPARE_MACHINES: usize = 16;
const SPARE_REGS: usize = 4096;
/// The most registers the big spare machine keeps room for (24 MiB).
const BIG_REGS: usize = 1 << 20;

impl Machine {
    /// Loads the machine to run `code` of `unit` with `args` and
    /// `captures`: its first frame, or `None` when machines nest too deep
    /// (the caller then gives the machine back).
    #[inline(always)]
    fn load(
        &mut self,
        cx: &mut Ctx,
        unit: &Arc<Unit>,
        code: u32,
        args: impl IntoIterator<Item = Term>,
        captures: &[Term],
    ) -> Option<Frame> {
        if cx.enter() > MAX_NESTING {
            cx.leave();
            return None;
        }
        self.entry = Entry(unit);
        // A run a panic cut short may have left its `try`s behind.
        self.handlers.clear();
        let entry = UnitRef(Arc::as_ptr(unit));
        let callee = &unit.codes[code as usize];
        self.grow(callee.nregs as usize);
        for (slot, arg) in self.regs.iter_mut().zip(args) {
            set(slot, arg);
        }
        self.load_captures(callee, 0, captures);
        debug_assert!(std::ptr::eq(callee.owner.unit(), entry.0));
        Some(Frame {
            code: CodeRef(callee),
            ip: Ip::at(CodeRef(callee), 0),
            base: 0,
            ret: 0,
        })
    }

    /// Runs a loaded machine as far as it goes without waiting.
    #[inline(always)]
    fn run_now(&mut self, cx: &mut Ctx, cur: &mut Frame) -> Went {
        self.run_now_reading(cx, cur, take)
    }

    /// [`Machine::run_now`], with the value given to `read` where the
    /// machine left it (see [`Applier::run_reading`]).
    #[inline(always)]
    fn run_now_reading<T>(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        read: impl FnOnce(&mut Term) -> T,
    ) -> Went<T> {
        let mut budget = CALLS_PER_SLICE;
        loop {
            let e = match self.run_local(cx, cur, &mut budget) {
                Stop::Returned(at) => return Went::Done(Ok(read(&mut self.regs[at]))),
                Stop::Done(v, _) => {
                    let at = self.park(v);
                    return Went::Done(Ok(read(&mut self.regs[at])));
                }
                Stop::Raise(e) => e,
                Stop::Yield => return Went::Waiting(Resume::Yield),
                Stop::Out(_) => return Went::Waiting(Resume::Out),
            };
            if let Some(e) = self.unwind(cur, e) {
                return Went::Done(Err(e));
            }
        }
    }

    /// A run that has to wait, with its machine: the unit it started in is
    /// pinned, as its caller no longer keeps it alive for it.
    fn paused(mut self, cur: Frame, resume: Resume) -> Box<Paused> {
        self.keep_entry();
        Box::new(Paused {
            m: self,
            cur,
            resume,
        })
    }

    /// Ends a run that an [`Applier`] keeps the machine of: its frames and
    /// pins go, its registers stay.
    #[inline(always)]
    fn pause(&mut self, cx: &mut Ctx) {
        self.note_peak();
        self.frames.clear();
        self.pins.clear();
        self.handlers.clear();
        self.entry = Entry::NONE;
        cx.leave();
    }

    /// Ends a run: the machine goes back to the spares.
    fn finish(self, cx: &mut Ctx) {
        self.note_peak();
        self.give_back();
        cx.leave();
    }

    /// A machine with empty stacks, reused when one is spare.
    fn take() -> Machine {
        SPARES
            .with(|s| {
                let mut spares = s.borrow_mut();
                // The big one only when no other is spare: a run that
                // needs its room takes it over when its stack grows.
                spares.small.pop().or_else(|| spares.big.take())
            })
            .unwrap_or_else(|| Machine {
                regs: Vec::new(),
                frames: Vec::new(),
                used: 0,
                pins: Vec::new(),
                entry: Entry::NONE,
                handlers: handler::Handlers::default(),
            })
    }

    /// Empties the machine and keeps it for the next run, unless it grew
    /// bigger than what is kept.
    fn give_back(mut self) {
        self.handlers.clear();
        let used = self.used.min(self.regs.len());
        clear_registers(&mut self.regs[..used]);
        let room = self.regs.capacity().max(self.frames.capacity());
        if room > BIG_REGS {
            return;
        }
        SPARES.with(|s| {
            let mut spares = s.borrow_mut();
            // Moved first and emptied where it lands: fields written just
            // before the move would stall it, read back whole.
            let kept = if room <= SPARE_REGS {
                if spares.small.len() < SPARE_MACHINES {
                    spares.small.push(self);
                    spares.small.last_mut()
                } else {
                    None
                }
            } else if spares
                .big
                .as_ref()
                .is_none_or(|m| m.regs.capacity() < self.regs.capacity())
            {
                spares.big = Some(self);
                spares.big.as_mut()
            } else {
                None
            };
            // Under the borrow: the units its pins drop own nothing that
            // takes a machine when dropped.
            if let Some(m) = kept {
                m.used = 0;
                m.frames.clear();
                m.pins.clear();
                m.entry = Entry::NONE;
            }
        });
    }

    /// Before the run first waits: the unit it started in is pinned, as
    /// its caller no longer keeps it alive for the machine.
    fn keep_entry(&mut self) {
        let entry = std::mem::replace(&mut self.entry, Entry::NONE);
        // SAFETY: called while the lender is still running the machine.
        if let Some(unit) = unsafe { entry.0.as_ref() } {
            self.pin(unit);
        }
    }
}

impl Machine {
    /// Keeps the registers in use for [`take_peak_registers`].
    fn note_peak(&self) {
        PEAK.with(|p| p.set(p.get().max(self.used)));
    }
}

/// The deepest register stack a machine on this thread has reached since
/// the last call (to within the room a stack grows by at once): how the
/// tests see that tail calls run in constant space.
pub fn take_peak_registers() -> usize {
    PEAK.with(|p| p.replace(0))
}

/// How far [`Machine::run_now`] went.
enum Went<T = Term> {
    /// Its value (or what was read of it), or the exception that left it.
    Done(Result<T, Exception>),
    /// Waiting: where to take it up.
    Waiting(Resume),
}

/// What an instruction did to the flow.
enum Flow {
    /// Go on with the next instruction.
    Next,
    /// The running frame changed (a call or a return).
    Switch,
    /// The bottom frame returned.
    Done(Term, Vec<(Atom, Term)>),
}

/// Why the machine's inner loop stopped.
enum Stop<'u> {
    /// At an instruction that waits or calls out of compiled code: the
    /// async loop runs it (the frame's `pc` is already past it).
    Out(&'u Op),
    /// The time slice is spent: let the others run, then go on.
    Yield,
    /// The bottom frame of an input returned: its value and the bindings
    /// it gives back.
    Done(Term, Vec<(Atom, Term)>),
    /// The bottom frame, with no bindings to give back, returned the value
    /// in this register of the stack, left there: read in place, it is
    /// not copied through each layer it is handed up.
    Returned(usize),
    /// An exception left the running frame.
    Raise(Exception),
}

impl Machine {
    /// Runs the frames until the bottom one returns. Most instructions run
    /// in [`Machine::run_local`], a plain loop whose program counter stays
    /// in a machine register; this loop only awaits what has to wait.
    ///
    /// Written as a block, not an `async fn`, and with no value held
    /// across a wait that is not needed after it: the future is as small
    /// as the machine, the frame and the wait, for every process idle in
    /// `receive`.
    // Not an `async fn`: it would keep a second copy of the machine and the
    // frame (its parameters) in the future.
    #[allow(clippy::manual_async_fn)]
    fn execute<'a>(
        mut self,
        cx: &'a mut Ctx,
        mut cur: Frame,
        mut resume: Resume,
    ) -> impl Future<Output = Result<(Term, Vec<(Atom, Term)>), Exception>> + 'a {
        async move {
            let mut budget = CALLS_PER_SLICE;
            let r = loop {
                let op = match std::mem::replace(&mut resume, Resume::Run) {
                    Resume::Yield => None,
                    Resume::Out => Some(cur.waiting_op()),
                    Resume::Run => match self.run_local(cx, &mut cur, &mut budget) {
                        Stop::Out(op) => Some(op),
                        Stop::Yield => None,
                        Stop::Done(v, exports) => break Ok((v, exports)),
                        Stop::Returned(at) => break Ok((take(&mut self.regs[at]), Vec::new())),
                        Stop::Raise(e) => match self.unwind(&mut cur, e) {
                            Some(e) => break Err(e),
                            None => continue,
                        },
                    },
                };
                let Some(op) = op else {
                    cx.yield_now().await;
                    continue;
                };
                if let Op::Receive { site } = op {
                    let waiting = match self.receive(cx, &cur, *site) {
                        Ok(waiting) => waiting,
                        Err(e) => match self.unwind(&mut cur, e) {
                            Some(e) => break Err(e),
                            None => continue,
                        },
                    };
                    cur.set_pc(waiting.await);
                    continue;
                }
                // A native that may wait makes a boxed future already: it is
                // awaited as it is. The other calls out are boxed: their
                // futures are big, and a process that waits in `receive`
                // should not carry their room.
                let flow = match async_native(&cur, op) {
                    Some(f) => {
                        let args = self.call_args(&cur, op);
                        let result = f(cx, args).await;
                        self.native_returned(&mut cur, result)
                    }
                    None => self.boxed_call_out(cx, &mut cur, op).await,
                };
                match flow {
                    Ok(Flow::Done(v, exports)) => break Ok((v, exports)),
                    Ok(_) => {}
                    Err(e) => {
                        if let Some(e) = self.unwind(&mut cur, e) {
                            break Err(e);
                        }
                    }
                }
            };
            self.finish(cx);
            r
        }
    }

    /// The wait in the `receive` of the running frame: a future of the
    /// label of the clause that took a message, or of `after`.
    fn receive<'a>(
        &'a mut self,
        cx: &'a mut Ctx,
        cur: &Frame,
        site: u32,
    ) -> Result<ops::Receive<'a>, Exception> {
        let code = cur.code.get();
        self.drop_stale(cur);
        let site = &code.receives[site as usize];
        ops::Receive::new(cx, code, site, &mut self.regs[cur.base()..])
    }

    /// The arguments of the call at `op`, moved out of their registers.
    fn call_args(&mut self, cur: &Frame, op: &Op) -> Vec<Term> {
        match *op {
            Op::Call { start, n, .. } | Op::Apply { start, n, .. } => self.take_args(cur, start, n),
            _ => unreachable!("only calls have arguments"),
        }
    }

    /// Delivers what a native called by the async loop gave.
    /// Where its value goes is read again from the call, so that nothing
    /// but the native's future is kept while it waits.
    fn native_returned(
        &mut self,
        cur: &mut Frame,
        result: Result<Term, Exception>,
    ) -> Result<Flow, Exception> {
        let Op::Call { dst, tail, .. } = *cur.waiting_op() else {
            unreachable!("a native was started by a call");
        };
        result.map(|v| self.returned(cur, v, dst, tail))
    }

    /// [`Machine::call_out_of_machine`] on the heap. A plain function, so
    /// that the unboxed future is never a temporary of the caller's.
    fn boxed_call_out<'a>(
        &'a mut self,
        cx: &'a mut Ctx,
        cur: &'a mut Frame,
        op: &'a Op,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<Flow, Exception>> + Send + 'a>> {
        Box::pin(self.call_out_of_machine(cx, cur, op))
    }

    /// Runs an instruction that leaves compiled code: a call of something
    /// else, the evaluator, a protocol.
    async fn call_out_of_machine(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        op: &Op,
    ) -> Result<Flow, Exception> {
        let unit = cur.unit().get();
        let code = cur.code.get();
        match op {
            Op::Call { .. } | Op::Apply { .. } => self.call_outside(cx, cur, unit, code, op).await,
            Op::Fallback { site, dst } => {
                let fb = &code.fallbacks[*site as usize];
                let mut env = match unit.module_functions {
                    true => Env::for_function(),
                    false => Env::new(),
                };
                for (name, r) in &fb.vars {
                    env.bind(*name, self.regs[cur.base() + *r as usize].clone());
                }
                let v = crate::lang::eval::eval_tree(cx, &unit.scope, &mut env, &fb.ast).await?;
                self.regs[cur.base() + *dst as usize] = v;
                Ok(Flow::Next)
            }
            Op::Interpolate { dst, start, n } => {
                let parts = &self.regs[cur.base() + *start as usize..][..*n as usize];
                let v = ops::interpolate(cx, parts).await?;
                self.regs[cur.base() + *dst as usize] = v;
                Ok(Flow::Next)
            }
            Op::Field { dst, src, key } => {
                let target = self.regs[cur.base() + *src as usize].clone();
                let v = ops::field(cx, target, *key).await?;
                self.regs[cur.base() + *dst as usize] = v;
                Ok(Flow::Next)
            }
            other => unreachable!("runs in the inner loop: {other:?}"),
        }
    }
}

impl Machine {
    /// Keeps `unit` alive while the machine runs; its address for frames.
    fn pin(&mut self, unit: &Arc<Unit>) -> UnitRef {
        let at = Arc::as_ptr(unit);
        if self.entry.unit_at(at).is_none() && !self.pins.iter().any(|p| Arc::as_ptr(p) == at) {
            self.pins.push(unit.clone());
        }
        UnitRef(at)
    }

    /// Makes the `fn` of lambda `site` of `code` (of `unit`), with the
    /// values it captures, into register `dst`.
    fn make_lambda(&self, unit: UnitRef, code: &Code, w: Window, dst: Reg, site: u32) {
        let site = &code.lambdas[site as usize];
        let captures: Box<[Term]> = site.captures.iter().map(|r| w.get(*r).clone()).collect();
        w.set(dst, Lambda::term(self.arc_of(unit), site.code, captures));
    }

    /// The shared unit behind a frame's address (a lambda made there keeps it).
    fn arc_of(&self, unit: UnitRef) -> Arc<Unit> {
        let pinned = self.pins.iter().find(|p| Arc::as_ptr(p) == unit.0);
        match pinned.or_else(|| self.entry.unit_at(unit.0)) {
            Some(p) => p.clone(),
            None => crate::lang::compile::prelude::unit()
                .expect("a unit that is not pinned is the prelude")
                .clone(),
        }
    }

    /// Puts a lambda's captured values in its capture registers.
    #[inline(always)]
    fn load_captures(
        &mut self,
        code: &crate::lang::compile::code::Code,
        base: usize,
        captures: &[Term],
    ) {
        let window = &mut self.regs[base..base + code.nregs as usize];
        // SAFETY: the code's registers, from `base`, borrowed here alone.
        let w = unsafe { Window::at(window.as_mut_ptr(), window.len()) };
        for (r, v) in code.capture_regs.iter().zip(captures) {
            // A captured value lives in its lambda, never in the register.
            w.set_copy(*r, v);
        }
    }

    /// Makes room for registers up to `top`. Registers above a frame are
    /// not cleared when it returns or tail-calls: a code writes each of
    /// its registers before it reads it, and clearing every register on
    /// every call would cost more than the call. Stale values go when
    /// overwritten, or when the process waits in `receive`.
    #[inline(always)]
    fn grow(&mut self, top: usize) {
        if self.used < top {
            self.claim(top);
        }
    }

    /// Claims registers up to `top` at least: by half again (up to a step
    /// of `CLAIM_STEP`), so that a recursion that deepens one call at a
    /// time comes here now and then, not on every call, and claims little
    /// it does not use. Registers an earlier run made are claimed as they
    /// are; only a stack too short grows.
    #[inline(always)]
    fn claim(&mut self, top: usize) {
        let used = self.used;
        let want = top.max((used + (used / 2).min(CLAIM_STEP)).min(MAX_REGS));
        if want > self.regs.len() {
            self.grow_to(want);
        }
        self.used = want;
    }

    #[cold]
    #[inline(never)]
    fn grow_to(&mut self, want: usize) {
        if want > self.regs.capacity() {
            self.take_over_big_spare();
        }
        self.regs.resize_with(want, || Term::Nil);
    }

    /// Pops the caller's frame, when the async loop returns into it (the
    /// inner loop pops its own, field by field: `exec::Running::pop_frame`).
    fn pop_frame(&mut self) -> Option<Frame> {
        self.frames.pop()
    }

    /// Before a frame is pushed: room for one more, false past
    /// [`MAX_FRAMES`].
    #[inline(always)]
    fn room_for_frame(&mut self) -> bool {
        self.frames.len() < self.frames.capacity() || self.more_frames()
    }

    /// Doubles the room for frames, up to [`MAX_FRAMES`] and never past
    /// it: a doubling past the limit would claim memory no recursion that
    /// ends needs.
    #[cold]
    #[inline(never)]
    fn more_frames(&mut self) -> bool {
        self.take_over_big_spare();
        let (len, room) = (self.frames.len(), self.frames.capacity());
        if len < room {
            return true;
        }
        if room >= MAX_FRAMES {
            return false;
        }
        self.frames
            .reserve_exact(room.max(4).min(MAX_FRAMES - room));
        true
    }

    /// When a stack outgrows its room: the thread's big spare machine, if
    /// it has more, lends this one its stacks (with this one's content),
    /// so that a deep recursion run again, or run by the next lambda a
    /// native applies, finds its room made instead of growing (and
    /// faulting in) a fresh stack each time.
    #[cold]
    #[inline(never)]
    fn take_over_big_spare(&mut self) {
        let room = self.regs.capacity();
        let Some(mut spare) = SPARES.with(|s| {
            let mut spares = s.borrow_mut();
            let bigger = spares.big.as_ref()?.regs.capacity() > room;
            bigger.then(|| spares.big.take()).flatten()
        }) else {
            return;
        };
        let n = self.regs.len();
        if spare.regs.len() < n {
            spare.regs.resize_with(n, || Term::Nil);
        }
        // The spare's registers hold only values that own nothing.
        for (to, from) in spare.regs.iter_mut().zip(self.regs.iter_mut()) {
            set(to, take(from));
        }
        spare.frames.clear();
        spare.frames.append(&mut self.frames);
        std::mem::swap(&mut self.regs, &mut spare.regs);
        std::mem::swap(&mut self.frames, &mut spare.frames);
        // The spare now has this machine's old, emptied stacks.
        spare.give_back();
    }

    /// Before waiting: drops what the registers above every frame's window
    /// still hold, so that an idle process keeps only what it uses. A
    /// caller's window may reach above the running frame's (a callee's
    /// registers start below the caller's temporaries), and its registers
    /// are there again when the callee returns.
    fn drop_stale(&mut self, cur: &Frame) {
        // A process waiting deep in a recursion keeps its stack as it is:
        // finding the highest window would cost a walk of every frame on
        // every wait, and its registers are most of what it holds anyway.
        if self.frames.len() > STALE_FRAMES_SCANNED {
            return;
        }
        let top = std::iter::once(cur)
            .chain(self.frames.iter())
            .map(|f| f.base() + f.code.get().nregs as usize)
            .max()
            .unwrap_or(0);
        self.note_peak();
        self.regs.truncate(top);
        self.used = self.used.min(top);
        if self.regs.capacity() > 64 && self.regs.capacity() > 4 * top {
            self.regs.shrink_to(2 * top);
        }
    }

    /// Ends the running frame with `v`: back to its caller.
    #[inline(always)]
    fn ret(&mut self, cur: &mut Frame, code: &Code, v: Term) -> Flow {
        match self.pop_frame() {
            Some(caller) => {
                let dst = caller.base() + caller.ret as usize;
                *cur = caller;
                set(&mut self.regs[dst], v);
                Flow::Switch
            }
            None => self.done(cur, code, v),
        }
    }

    /// The bottom frame returned `v`: the run's value and, for an input,
    /// the variables it leaves bound.
    #[cold]
    fn done(&mut self, cur: &Frame, code: &Code, v: Term) -> Flow {
        if code.exports.is_empty() {
            // A function or lambda: no bindings to give back.
            return Flow::Done(v, Vec::new());
        }
        let exports = code
            .exports
            .iter()
            .map(|(name, r)| (*name, self.regs[cur.base() + *r as usize].clone()))
            .collect();
        Flow::Done(v, exports)
    }

    /// Delivers the value of a call that did not enter compiled code.
    fn returned(&mut self, cur: &mut Frame, v: Term, dst: Reg, tail: bool) -> Flow {
        if tail {
            return self.ret(cur, cur.code.get(), v);
        }
        self.regs[cur.base() + dst as usize] = v;
        Flow::Next
    }

    /// The `n` arguments at `start`, moved out of their registers.
    fn take_args(&mut self, cur: &Frame, start: Reg, n: u16) -> Vec<Term> {
        let from = cur.base() + start as usize;
        self.regs[from..from + n as usize]
            .iter_mut()
            .map(take)
            .collect()
    }

    /// A call (`Call` or `Apply`) of anything else.
    async fn call_outside(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        unit: &Unit,
        code: &Code,
        op: &Op,
    ) -> Result<Flow, Exception> {
        match *op {
            Op::Call {
                callee,
                start,
                n,
                dst,
                tail,
                ..
            } => {
                let callee = &code.calls[callee as usize];
                self.call_out(cx, cur, unit, callee, start, n, dst, tail)
                    .await
            }
            Op::Apply {
                fun,
                start,
                n,
                dst,
                tail,
                ..
            } => self.apply_out(cx, cur, fun, start, n, dst, tail).await,
            _ => unreachable!("only calls call out"),
        }
    }

    /// A call that leaves compiled code: a native function, one the
    /// evaluator runs, a helper.
    #[allow(clippy::too_many_arguments)]
    async fn call_out(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        unit: &Unit,
        callee: &Callee,
        start: Reg,
        n: u16,
        dst: Reg,
        tail: bool,
    ) -> Result<Flow, Exception> {
        let result = match callee {
            Callee::Own(_) | Callee::Prelude(_) => unreachable!("entered within the machine"),
            Callee::Remote(module, fun) => {
                let args = self.take_args(cur, start, n);
                cx.apply(*module, *fun, args).await
            }
            Callee::Private(module, fun) => {
                let args = self.take_args(cur, start, n);
                ops::call_private(cx, *module, *fun, args).await
            }
            Callee::Dynamic(fun) => {
                let mut args = self.take_args(cur, start, n);
                let target = args.remove(0);
                crate::lang::eval::call::apply_to_value(cx, target, *fun, args).await
            }
            Callee::Native(crate::runtime::code::Native::Sync(f)) => {
                let args = self.take_args(cur, start, n);
                f(cx, args)
            }
            Callee::Native(crate::runtime::code::Native::Async(f)) => {
                let args = self.take_args(cur, start, n);
                f(cx, args).await
            }
            Callee::Native(crate::runtime::code::Native::Now(..)) => {
                unreachable!("a native tried at once comes out as its future (`async_native`)")
            }
            Callee::Helper(name) => {
                let args = self.take_args(cur, start, n);
                match &unit.scope.helpers {
                    Some(h) => h.call(cx, &Env::new(), name.name(), args).await,
                    None => Err(crate::runtime::undefined_function(
                        Atom::module("Kernel"),
                        *name,
                        &args,
                        false,
                    )),
                }
            }
        };
        result.map(|v| self.returned(cur, v, dst, tail))
    }

    /// Applying any other function (or something that is not one).
    #[allow(clippy::too_many_arguments)]
    async fn apply_out(
        &mut self,
        cx: &mut Ctx,
        cur: &mut Frame,
        fun: Reg,
        start: Reg,
        n: u16,
        dst: Reg,
        tail: bool,
    ) -> Result<Flow, Exception> {
        let f = self.regs[cur.base() + fun as usize].clone();
        let args = self.take_args(cur, start, n);
        let v = crate::otp::native::apply_fun(cx, &f, args).await?;
        Ok(self.returned(cur, v, dst, tail))
    }

    /// An exception leaves the running frame `cur` and its callers, each
    /// adding its frame to the stacktrace as on the BEAM, up to the frame
    /// of the innermost `try`, which goes on at its handler (`None`); or it
    /// leaves them all, and the machine's run (`Some`). The `try`'s own
    /// frame is added once the exception leaves it (raised again, or by
    /// `reraise e, __STACKTRACE__`), so that it is there once.
    fn unwind(&mut self, cur: &mut Frame, mut e: Exception) -> Option<Exception> {
        self.note_peak();
        let handler = self.handlers.pop();
        loop {
            if let Some(h) = handler.filter(|h| h.depth as usize == self.frames.len()) {
                self.catch(cur, h, e);
                return None;
            }
            e = decorate(cur, e);
            self.regs.truncate(cur.base());
            self.used = self.used.min(cur.base());
            match self.frames.pop() {
                Some(caller) => *cur = caller,
                None => return Some(e),
            }
        }
    }

    /// The frame `cur` goes on at handler `h`, with `e` in its registers.
    /// The frames it called were unwound: their windows may have reached
    /// below its own top (into registers dead after the call), so its
    /// window is claimed whole again.
    fn catch(&mut self, cur: &mut Frame, h: handler::Handler, e: Exception) {
        let base = cur.base();
        self.grow(base + cur.code.get().nregs as usize);
        let arrived = handler::arrival(e);
        for (slot, v) in self.regs[base + h.kind as usize..].iter_mut().zip(arrived) {
            *slot = v;
        }
        cur.set_pc(h.at);
    }
}

/// Adds the frame of the code `frame` runs to the exception leaving it.
fn decorate(frame: &Frame, e: Exception) -> Exception {
    let unit = frame.unit().get();
    let code = frame.code.get();
    let at = frame.pc().saturating_sub(1) as usize;
    let line = code.lines.get(at).copied().unwrap_or(0);
    match &code.kind {
        Kind::Function { module, name, .. } => with_frame(
            e,
            *module,
            *name,
            code.arity as usize,
            &unit.scope.file,
            line,
        ),
        // A lambda's own clause error leaves it as the interpreter's does: bare.
        Kind::Lambda
            if matches!(
                code.ops.get(at),
                Some(Op::Fail {
                    what: Failure::LambdaClause,
                    ..
                })
            ) =>
        {
            e
        }
        Kind::Lambda => crate::lang::eval::closure::with_eval_frame(e),
        Kind::Library { name } => library_frames(e, *name),
        Kind::Input => e,
    }
}

/// Adds to an exception leaving the prelude's `name` the frames Elixir
/// 1.14's `Enum` shows there, as recorded from iex: applying a function to
/// a list's elements is a loop of its own (`lists:foreach/2` inlined as
/// `-each/2-lists^foreach/1-0-`), a range's goes through `reduce_range/5`.
/// The prelude's other functions hand over without a frame.
fn library_frames(mut e: Exception, name: Atom) -> Exception {
    const RANGE: (&str, i64, i64) = ("reduce_range", 5, 4299);
    let frames: &[(&str, i64, i64)] = match name.name() {
        "each_list" => &[("-each/2-lists^foreach/1-0-", 2, 975)],
        "map_list" => &[("-map/2-lists^map/1-0-", 2, 1658)],
        "filter_list" => &[("filter_list", 2, 4197)],
        "reject_list" => &[("reject_list", 2, 4313)],
        "reduce_list" => &[("-reduce/3-lists^foldl/2-0-", 3, 2468)],
        // A range's loops, one for each direction of its step.
        "each_range_up" | "each_range_down" => {
            &[("-each/2-fun-0-", 3, 980), RANGE, ("each", 2, 2472)]
        }
        "map_range_up" | "map_range_down" => &[("-map/2-fun-0-", 3, 1662), RANGE, ("map", 2, 2472)],
        "filter_range_up" | "filter_range_down" => {
            &[("-filter/2-fun-0-", 3, 1112), RANGE, ("filter", 2, 2472)]
        }
        "reject_range_up" | "reject_range_down" => {
            &[("-reject/2-fun-0-", 3, 2535), RANGE, ("reject", 2, 2472)]
        }
        "reduce_range_up" | "reduce_range_down" => &[RANGE],
        _ => &[],
    };
    if e.kind == crate::term::Kind::Exit || frames.is_empty() {
        return e;
    }
    let mut stack = e.stack.list_to_vec().unwrap_or_default();
    for (fun, arity, line) in frames {
        let frame = crate::lang::stdlib::errors::elixir_frame(
            "Enum",
            fun,
            Term::int(*arity),
            "lib/enum.ex",
            *line,
        );
        stack.push(frame);
    }
    e.stack = Term::list(stack);
    e
}

/// Writes a register. The value it held is dropped only when it owns
/// something: most registers hold small integers and atoms, and a call of
/// the general drop for each write would cost more than the write.
#[inline(always)]
pub(crate) fn set(slot: &mut Term, v: Term) {
    if is_immediate(slot) {
        // SAFETY: these variants own nothing, so skipping their drop loses nothing.
        unsafe { std::ptr::write(slot, v) }
    } else {
        *slot = v
    }
}

/// The native function that may wait called at `op`, if it calls one: its
/// future is boxed already, so the async loop awaits it as it is. (A
/// native tried at once comes out of the inner loop only when the try
/// gave up: its future is what is left to run.)
fn async_native(cur: &Frame, op: &Op) -> Option<crate::runtime::code::NativeFn> {
    let Op::Call { callee, .. } = *op else {
        return None;
    };
    match cur.code.get().calls[callee as usize] {
        Callee::Native(crate::runtime::code::Native::Async(f)) => Some(f),
        Callee::Native(crate::runtime::code::Native::Now(_, later)) => Some(later),
        _ => None,
    }
}

/// Binds a copy of `t` (a part of a matched value) to its register, unless
/// it is `_`, without making the term by value first: a small integer as
/// its number alone, a list as its bits (see `window::transfer`).
#[inline(always)]
fn bind_copy(w: Window, r: Reg, t: &Term) {
    if r != DISCARD {
        match t {
            Term::Int(x) => w.set_int(r, *x),
            t => w.set_copy(r, t),
        }
    }
}

/// Writes `x op y` on small integers into `dst`, when it stays small:
/// false when it does not (an overflow, an operator without a fast path),
/// for the instruction to run in full.
#[inline(always)]
fn small_int(w: Window, op: BinOp, dst: Reg, x: i64, y: i64) -> bool {
    let v = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        // A zero divisor (and `div(min, -1)`) is left to the full
        // instruction, with its error or its big integer.
        BinOp::IntDiv => x.checked_div(y),
        BinOp::Rem => x.checked_rem(y),
        op if op.is_comparison() => {
            w.set(dst, Term::bool(ops::int_compares(op, x, y)));
            return true;
        }
        _ => None,
    };
    match v {
        Some(v) => {
            w.set_int(dst, v);
            true
        }
        None => false,
    }
}

/// Writes `x + y` into `dst` when it stays a small integer.
#[inline(always)]
fn add_int(w: Window, dst: Reg, x: i64, y: i64) -> bool {
    match x.checked_add(y) {
        Some(v) => {
            w.set_int(dst, v);
            true
        }
        None => false,
    }
}

/// True when `v` is exactly the literal `k`, as a pattern compares: the
/// immediate kinds without the general comparison.
#[inline(always)]
pub(super) fn exactly(v: &Term, k: &Term) -> bool {
    match (v, k) {
        (Term::Int(a), Term::Int(b)) => a == b,
        (Term::Atom(a), Term::Atom(b)) => a == b,
        (Term::Nil, Term::Nil) => true,
        (Term::Int(_) | Term::Atom(_) | Term::Nil, _) => false,
        // An immediate literal is matched only by its own kind: a list is
        // never `[]`'s match here, nor a float `1`'s.
        (_, Term::Int(_) | Term::Atom(_) | Term::Nil) => false,
        _ => v == k,
    }
}

/// Drops what the registers a run used still hold, leaving only values
/// that own nothing: the stack stays as long as it grew, so that the next
/// run on this machine (the next call of a lambda a native applies, the
/// next deep recursion) needs no filling. Most registers hold small
/// integers, atoms and `[]`: only the others are dropped, without a call
/// of the general drop for each register of a deep recursion.
fn clear_registers(regs: &mut [Term]) {
    for slot in regs.iter_mut() {
        if !is_immediate(slot) {
            *slot = Term::Nil;
        }
    }
}

/// True for the terms that own nothing on the heap.
#[inline(always)]
fn is_immediate(t: &Term) -> bool {
    t.owns_nothing()
}

/// Moves a value out of its register.
fn take(t: &mut Term) -> Term {
    std::mem::replace(t, Term::Nil)
}

/// `send/2` compiled: the message in `start + 1` to the process or name in
/// `start`, and into `dst`. Out of the loop: most sends go to a PID, but
/// the loop need not carry the rest.
#[inline(never)]
fn send_op(cx: &mut Ctx, w: Window, dst: Reg, start: Reg) -> Result<(), Exception> {
    let msg = w.take(start + 1);
    let msg = match w.get(start) {
        Term::Pid(to) => {
            cx.send(*to, msg.clone());
            msg
        }
        to => crate::lang::stdlib::kernel::send(cx, vec![to.clone(), msg])?,
    };
    w.set(dst, msg);
    Ok(())
}
