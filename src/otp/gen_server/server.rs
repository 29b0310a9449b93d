//! Starting a server and its receive loop.

use super::report::{log_crash, with_otp_frames, Client, Dispatch};
use super::sys::{self, Sys};
use super::{is_quiet_exit, Action, CallStep, From, GenServer, Init, Step};
use crate::otp::name::ServerRef;
use crate::runtime::{Ctx, Identity, SpawnOpts};
use crate::term::{atom, Atom, Exception, Kind, Pid, Term};
use futures::FutureExt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Options of `GenServer.start/3` and `start_link/3`.
#[derive(Clone, Default)]
pub struct StartOpts {
    /// The `name:` option.
    pub name: Option<ServerRef>,
    /// `{module, function, arity}` for `Process.info`; defaults to the module's `init/1`.
    pub initial_call: Option<Term>,
}

/// What starting a server gives.
#[derive(Clone, Debug)]
pub enum Started {
    /// `{:ok, pid}`.
    Ok(Pid),
    /// `:ignore`.
    Ignore,
    /// `{:error, reason}`.
    Error(Term),
}

impl Started {
    /// The Elixir result term.
    pub fn to_term(&self) -> Term {
        match self {
            Started::Ok(p) => Term::ok_tuple(Term::Pid(*p)),
            Started::Ignore => Term::atom(atom::IGNORE),
            Started::Error(r) => Term::error_tuple(r.clone()),
        }
    }

    /// The PID when the start succeeded.
    pub fn pid(&self) -> Option<Pid> {
        match self {
            Started::Ok(p) => Some(*p),
            _ => None,
        }
    }
}

/// `GenServer.start_link/3`: starts a server linked to the caller and waits for its `init`.
pub async fn start_link<M: GenServer>(
    cx: &mut Ctx,
    module: Arc<M>,
    arg: Term,
    opts: StartOpts,
) -> Result<Started, Exception> {
    start_with(cx, module, arg, opts, true).await
}

/// `GenServer.start/3`: as [`start_link`], without the link.
pub async fn start<M: GenServer>(
    cx: &mut Ctx,
    module: Arc<M>,
    arg: Term,
    opts: StartOpts,
) -> Result<Started, Exception> {
    start_with(cx, module, arg, opts, false).await
}

async fn start_with<M: GenServer>(
    cx: &mut Ctx,
    module: Arc<M>,
    arg: Term,
    opts: StartOpts,
    link: bool,
) -> Result<Started, Exception> {
    let parent = cx.self_pid();
    let ack = cx.node().make_ref();
    let identity = identity_of(cx, &*module, opts.initial_call.clone());
    let spawn = SpawnOpts {
        link: link.then_some(parent),
        start_ack: Some((parent, ack)),
        identity: Some(identity),
        ..SpawnOpts::default()
    };
    let name = opts.name.clone();
    let (pid, _) = cx.spawn_opts(spawn, move |mut cx| {
        ServerProcess::Starting(Box::pin(async move {
            let (server, action) = initialize(&mut cx, module, arg, name, parent, ack).await?;
            Ok((cx, Box::new(server), action))
        }))
    });
    // The acknowledgement, or the DOWN of the start monitor: both carry `ack`.
    Ok(match super::client::receive_reply(cx, ack, None).await {
        Some(Ok(result)) => read_ack(&result, pid),
        Some(Err(reason)) => Started::Error(reason),
        None => unreachable!("no timeout"),
    })
}

/// The identity of `module`'s servers, made once per module and kind of
/// initial call and shared by every server of it.
fn identity_of<M: GenServer>(cx: &Ctx, module: &M, initial_call: Option<Term>) -> Arc<Identity> {
    if initial_call.is_some() {
        return identity_in_table(cx, module, initial_call);
    }
    thread_local! {
        /// The default identity used last on this thread, by node serial and
        /// module: a supervisor starting many children of one module finds
        /// it without the node's table (a lock and a hash per start).
        static LAST: std::cell::RefCell<Option<(u64, Atom, Arc<Identity>)>> =
            const { std::cell::RefCell::new(None) };
    }
    let key = (cx.node().serial(), module.module());
    let hit = LAST.with_borrow(|last| match last {
        Some((serial, m, id)) if (*serial, *m) == key => Some(id.clone()),
        _ => None,
    });
    hit.unwrap_or_else(|| {
        let id = identity_in_table(cx, module, None);
        LAST.set(Some((key.0, key.1, id.clone())));
        id
    })
}

fn identity_in_table<M: GenServer>(
    cx: &Ctx,
    module: &M,
    initial_call: Option<Term>,
) -> Arc<Identity> {
    #[derive(Default)]
    struct Identities(parking_lot::Mutex<rustc_hash::FxHashMap<(Atom, Term), Arc<Identity>>>);
    // Keyed by `nil` for the default `{module, :init, 1}`, which is then
    // built once per module rather than once per start.
    let key = (module.module(), initial_call.clone().unwrap_or(Term::Nil));
    let cache = cx.node().extension::<Identities>();
    let mut map = cache.0.lock();
    map.entry(key)
        .or_insert_with(|| {
            let initial_call = initial_call.unwrap_or_else(|| {
                Term::tuple([
                    Term::Atom(module.module()),
                    Term::Atom(atom::INIT),
                    Term::int(1),
                ])
            });
            Arc::new(Identity {
                initial_call: Some(initial_call),
                modules: Some(module.modules()),
            })
        })
        .clone()
}

fn read_ack(result: &Term, pid: Pid) -> Started {
    if result.is_atom(atom::IGNORE) {
        return Started::Ignore;
    }
    match result.as_tuple() {
        Some([e, reason]) if e.is_atom(atom::ERROR) => Started::Error(reason.clone()),
        _ => Started::Ok(pid),
    }
}

/// The state of a running server besides its behaviour's own state.
struct Server<M: GenServer> {
    module: Arc<M>,
    state: M::State,
    name: Term,
    parent: Pid,
    /// What `:sys` asked of it, once it asked anything.
    sys: Option<Box<Sys>>,
}

/// What starting a server gives: the context, the server and its first
/// action, or the reason the process ends with.
type Initialized<M> = Result<(Ctx, Box<Server<M>>, Action), Term>;

/// A server process: starting (its name and `init`, one boxed future that
/// is freed once done), then its receive loop. Written by hand so that an
/// idle server's process holds only the loop's few words.
enum ServerProcess<M: GenServer> {
    Starting(Pin<Box<dyn Future<Output = Initialized<M>> + Send>>),
    Running(ServerLoop<M>),
}

impl<M: GenServer> Future for ServerProcess<M> {
    type Output = Term;

    fn poll(self: Pin<&mut Self>, task: &mut Context<'_>) -> Poll<Term> {
        let this = self.get_mut();
        if let ServerProcess::Starting(init) = this {
            match init.as_mut().poll(task) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(reason)) => return Poll::Ready(reason),
                Poll::Ready(Ok((cx, server, action))) => {
                    *this = ServerProcess::Running(ServerLoop::start(cx, server, action));
                }
            }
        }
        match this {
            ServerProcess::Running(server_loop) => Pin::new(server_loop).poll(task),
            ServerProcess::Starting(_) => unreachable!("a started server runs its loop"),
        }
    }
}

/// What handling a message gives back: the context, the server, and its next action or exit reason.
type Handled<M> = (Ctx, Box<Server<M>>, Result<Action, Term>);

/// The receive loop as a hand-written future: while waiting for a message
/// it holds only the context, the boxed server and a timer; handling a
/// message moves them into a boxed future and gets them back.
enum ServerLoop<M: GenServer> {
    Waiting {
        cx: Ctx,
        server: Box<Server<M>>,
        timer: Option<Pin<Box<tokio::time::Sleep>>>,
    },
    Busy(Pin<Box<dyn Future<Output = Handled<M>> + Send>>),
    Done,
}

impl<M: GenServer> ServerLoop<M> {
    fn start(cx: Ctx, server: Box<Server<M>>, action: Action) -> ServerLoop<M> {
        match action {
            Action::Continue(arg) => {
                ServerLoop::Busy(Box::pin(serve(cx, server, Work::Continue(arg))))
            }
            Action::Timeout(d) => ServerLoop::Waiting {
                cx,
                server,
                timer: Some(Box::pin(tokio::time::sleep(d))),
            },
            Action::None | Action::Hibernate => ServerLoop::Waiting {
                cx,
                server,
                timer: None,
            },
        }
    }

    fn handling(cx: Ctx, server: Box<Server<M>>, msg: Term) -> ServerLoop<M> {
        ServerLoop::Busy(Box::pin(serve(cx, server, Work::Message(msg))))
    }
}

/// What a busy server does first.
enum Work {
    Message(Term),
    Continue(Term),
}

/// Does `first`, then handles the messages already waiting, in one future:
/// a busy server's messages pay for one allocation, not one each. It ends
/// as the loop would otherwise wait: at an empty mailbox (the only way it
/// ends with `Action::None`), or with an action other than going on
/// receiving.
async fn serve<M: GenServer>(mut cx: Ctx, mut server: Box<Server<M>>, first: Work) -> Handled<M> {
    let mut r = match first {
        Work::Message(msg) => server.handle(&mut cx, msg).await,
        Work::Continue(arg) => server.continue_with(&mut cx, arg).await,
    };
    while let Ok(Action::None) = r {
        // A server that keeps its own mailbox full (sending itself a
        // message from each callback) must still let the others run.
        if cx.slice_spent() {
            cx.yield_now().await;
        }
        let Some(msg) = cx.take_first() else {
            break;
        };
        // Most messages are handled without a future of their own.
        let (step, msg) = match server.handle_now(&mut cx, msg) {
            AtOnce::Done(done) => {
                r = done;
                continue;
            }
            AtOnce::Step(now, msg) => (Some(finish_now(now).await), msg),
            AtOnce::Later(msg) => (None, msg),
        };
        r = match step {
            Some(step) => server.after(&mut cx, step, &msg, None).await,
            None => server.handle(&mut cx, msg).await,
        };
    }
    server.module.rest(&mut server.state);
    (cx, server, r)
}

/// What [`Server::handle_now`] made of a message.
enum AtOnce<'a> {
    /// Handled: the next action, or the reason to exit with.
    Done(Result<Action, Term>),
    /// A cast or plain message whose callback did not just go on (it
    /// stopped, failed or waits), with the message for a crash report.
    Step(super::Now<'a, Step>, Term),
    /// A message it does not handle at once: for [`Server::handle`].
    Later(Term),
}

impl<M: GenServer> Future for ServerLoop<M> {
    type Output = Term;

    fn poll(self: Pin<&mut Self>, task: &mut Context<'_>) -> Poll<Term> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(this, ServerLoop::Done) {
                ServerLoop::Waiting {
                    cx,
                    server,
                    mut timer,
                } => {
                    if let Some(msg) = cx.take_first() {
                        *this = ServerLoop::handling(cx, server, msg);
                        continue;
                    }
                    if timer
                        .as_mut()
                        .is_some_and(|t| t.as_mut().poll(task).is_ready())
                    {
                        *this = ServerLoop::handling(cx, server, Term::atom(atom::TIMEOUT));
                        continue;
                    }
                    *this = ServerLoop::Waiting { cx, server, timer };
                    return Poll::Pending;
                }
                ServerLoop::Busy(mut f) => match f.as_mut().poll(task) {
                    // The batch found the mailbox empty just now: wait.
                    Poll::Ready((cx, server, Ok(Action::None))) => {
                        *this = ServerLoop::Waiting {
                            cx,
                            server,
                            timer: None,
                        };
                        return Poll::Pending;
                    }
                    Poll::Ready((cx, server, Ok(action))) => {
                        *this = ServerLoop::start(cx, server, action)
                    }
                    Poll::Ready((_, _, Err(reason))) => return Poll::Ready(reason),
                    Poll::Pending => {
                        *this = ServerLoop::Busy(f);
                        return Poll::Pending;
                    }
                },
                ServerLoop::Done => return Poll::Pending,
            }
        }
    }
}

/// Registers the name and runs `init`, acknowledging the starter; gives the
/// server to run, or the reason the process ends with.
async fn initialize<M: GenServer>(
    cx: &mut Ctx,
    module: Arc<M>,
    arg: Term,
    name: Option<ServerRef>,
    parent: Pid,
    ack: crate::term::Ref,
) -> Result<(Server<M>, Action), Term> {
    let me = cx.self_pid();
    let reply =
        |cx: &Ctx, result: Term| cx.ack_start((parent, ack), Term::tuple([Term::Ref(ack), result]));
    if let Some(n) = &name {
        match n.register(cx, me).await {
            Ok(Ok(())) => {}
            Ok(Err(owner)) => {
                let reason = Term::tuple([Term::atom(atom::ALREADY_STARTED), Term::Pid(owner)]);
                reply(cx, Term::error_tuple(reason));
                return Err(Term::atom(atom::NORMAL));
            }
            Err(e) => {
                reply(cx, Term::error_tuple(e.exit_reason()));
                return Err(e.exit_reason());
            }
        }
    }
    let report_name = name
        .as_ref()
        .map(|n| n.report_name())
        .unwrap_or(Term::Pid(me));
    match guard(module.init(cx, arg)).await {
        Ok(Init::Ok(state, action)) => {
            reply(cx, Term::ok_tuple(Term::Pid(me)));
            let server = Server {
                module,
                state,
                name: report_name,
                parent,
                sys: None,
            };
            Ok((server, action))
        }
        Ok(Init::Ignore) => {
            unregister(cx, &name).await;
            reply(cx, Term::atom(atom::IGNORE));
            Err(Term::atom(atom::NORMAL))
        }
        Ok(Init::Stop(reason)) => {
            unregister(cx, &name).await;
            reply(cx, Term::error_tuple(reason.clone()));
            Err(reason)
        }
        Err(e) => {
            unregister(cx, &name).await;
            let reason = e.exit_reason();
            reply(cx, Term::error_tuple(reason.clone()));
            Err(reason)
        }
    }
}

async fn unregister(cx: &mut Ctx, name: &Option<ServerRef>) {
    if let Some(n) = name {
        n.unregister(cx).await;
    }
}

/// Runs a callback, turning a panic into the exception it is.
pub(crate) async fn guard<T>(fut: super::Cb<'_, T>) -> Result<T, Exception> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(payload) => Err(crate::runtime::panic_exception(payload.as_ref())),
    }
}

/// Runs a callback at once ([`GenServer::handle_cast_now`] and the like),
/// then the rest of it if it waits: a panic, either way, is the exception
/// it is, as in [`guard`].
async fn guard_now<'a, T>(now: impl FnOnce() -> super::Now<'a, T>) -> Result<T, Exception> {
    finish_now(catch_now(now)).await
}

/// Runs a callback at once, a panic being the exception it is.
fn catch_now<'a, T>(now: impl FnOnce() -> super::Now<'a, T>) -> super::Now<'a, T> {
    std::panic::catch_unwind(AssertUnwindSafe(now))
        .unwrap_or_else(|payload| Ok(Err(crate::runtime::panic_exception(payload.as_ref()))))
}

/// A callback's result: at once, or when the rest of it is done.
async fn finish_now<T>(now: super::Now<'_, T>) -> Result<T, Exception> {
    match now {
        Ok(step) => step,
        Err(rest) => guard(rest).await,
    }
}

/// What a message means to the loop: the parts it is made of, borrowed
/// (a callback gets its own copy; the message itself stays for the crash
/// report).
enum Incoming<'m> {
    Call(&'m Term, From, &'m Term),
    Cast(&'m Term),
    ParentExit(&'m Term),
    SystemStop(&'m Term),
    Info,
}

impl<M: GenServer> Server<M> {
    async fn continue_with(&mut self, cx: &mut Ctx, arg: Term) -> Result<Action, Term> {
        let step = guard(
            self.module
                .handle_continue(cx, arg.clone(), &mut self.state),
        )
        .await;
        self.after(cx, step, &arg, None).await
    }

    /// Handles a cast or a plain message without a future: nearly every
    /// such callback is over at once and goes on, and a busy server then
    /// makes no future per message. Calls, system messages and the
    /// messages of a suspended or traced server are left to
    /// [`Server::handle`].
    fn handle_now<'a>(&'a mut self, cx: &'a mut Ctx, msg: Term) -> AtOnce<'a> {
        if self.sys.as_ref().is_some_and(|s| s.suspended || s.trace) {
            return AtOnce::Later(msg);
        }
        let incoming = self.classify(cx, &msg);
        let (module, state) = (&*self.module, &mut self.state);
        let now = match incoming {
            Incoming::Cast(request) => catch_now(|| module.handle_cast_now(cx, request, state)),
            Incoming::Info if sys::system_request(&msg).is_none() => {
                catch_now(|| module.handle_info_now(cx, &msg, state))
            }
            _ => return AtOnce::Later(msg),
        };
        match now {
            Ok(Ok(Step::Continue(action))) => AtOnce::Done(Ok(action)),
            now => AtOnce::Step(now, msg),
        }
    }

    /// Handles one message: the next action, or the reason to exit with.
    async fn handle(&mut self, cx: &mut Ctx, msg: Term) -> Result<Action, Term> {
        if let Some(s) = &mut self.sys {
            if s.suspended && !sys::is_system(&msg) {
                s.deferred.push_back(msg);
                return Ok(Action::None);
            }
        }
        if let Some((from, req)) = sys::system_request(&msg) {
            let req = req.clone();
            return Box::pin(self.on_system(cx, from, req)).await;
        }
        let tracing = self.sys.as_ref().is_some_and(|s| s.trace);
        if tracing {
            sys::print_in(cx, &self.name, &msg);
        }
        match self.classify(cx, &msg) {
            Incoming::Call(request, from, sent) => self.on_call(cx, request, from, sent).await,
            Incoming::Cast(request) => {
                let (module, state, at) = (&*self.module, &mut self.state, &mut *cx);
                let step = guard_now(move || module.handle_cast_now(at, request, state)).await;
                let r = match step {
                    Ok(Step::Continue(action)) => Ok(action),
                    step => self.after(cx, step, &msg, None).await,
                };
                self.traced_noreply(cx, tracing, &r);
                r
            }
            Incoming::Info => {
                let (module, state, at, m) = (&*self.module, &mut self.state, &mut *cx, &msg);
                let step = guard_now(move || module.handle_info_now(at, m, state)).await;
                let r = match step {
                    Ok(Step::Continue(action)) => Ok(action),
                    step => self.after(cx, step, &msg, None).await,
                };
                self.traced_noreply(cx, tracing, &r);
                r
            }
            Incoming::ParentExit(reason) | Incoming::SystemStop(reason) => {
                let reason = reason.clone();
                Err(self.terminate(cx, reason, &msg, None).await)
            }
        }
    }

    /// The `*DBG*` line after a cast or a plain message, when traced.
    fn traced_noreply(&self, cx: &Ctx, tracing: bool, r: &Result<Action, Term>) {
        if tracing && r.is_ok() {
            sys::print_noreply(cx, &self.name, &self.module.report_state(&self.state));
        }
    }

    /// A request of OTP's `sys`: answered, and the server goes on.
    async fn on_system(&mut self, cx: &mut Ctx, from: From, req: Term) -> Result<Action, Term> {
        let name = req.as_atom().map(|a| a.name()).unwrap_or("");
        let sys = self.sys.get_or_insert_with(Box::default);
        let reply = match (name, req.as_tuple()) {
            ("get_state", _) => self.module.report_state(&self.state),
            ("get_status", _) => sys::status(
                cx,
                self.parent,
                sys.suspended,
                Term::Atom(self.module.module()),
                self.module.report_state(&self.state),
            ),
            ("suspend", _) => {
                sys.suspended = true;
                Term::ok()
            }
            ("resume", _) => {
                sys.suspended = false;
                super::reply(cx, from, Term::ok());
                return self.run_deferred(cx).await;
            }
            (_, Some([tag, fun])) if tag.is_atom(crate::atom!("replace_state")) => {
                let current = self.module.report_state(&self.state);
                match crate::otp::native::apply_fun(cx, fun, vec![current.clone()]).await {
                    Ok(new) if self.module.replace_state(&mut self.state, new.clone()) => new,
                    _ => current,
                }
            }
            (_, Some([tag, opt])) if tag.is_atom(crate::atom!("debug")) => {
                if let Some([what, flag]) = opt.as_tuple() {
                    if what.is_atom(crate::atom!("trace")) {
                        sys.trace = flag.is_atom(atom::TRUE);
                    }
                }
                Term::ok()
            }
            _ => Term::error_tuple(Term::atom_named("unknown_system_msg")),
        };
        super::reply(cx, from, reply);
        Ok(Action::None)
    }

    /// After `resume`: the messages that waited, in the order they came.
    async fn run_deferred(&mut self, cx: &mut Ctx) -> Result<Action, Term> {
        let waiting = self
            .sys
            .as_mut()
            .map(|s| std::mem::take(&mut s.deferred))
            .unwrap_or_default();
        let mut last = Action::None;
        for msg in waiting {
            last = Box::pin(self.handle(cx, msg)).await?;
        }
        Ok(last)
    }

    fn classify<'m>(&self, cx: &Ctx, msg: &'m Term) -> Incoming<'m> {
        if let Some(items) = msg.as_tuple() {
            match items {
                [tag, sent, request] if tag.is_atom(atom::GEN_CALL) => {
                    if let Some(from) = From::from_term(sent) {
                        return Incoming::Call(request, from, sent);
                    }
                }
                [tag, request] if tag.is_atom(atom::GEN_CAST) => return Incoming::Cast(request),
                [tag, Term::Pid(from), reason]
                    if tag.is_atom(atom::EXIT)
                        && *from == self.parent
                        && cx.is_trapping_exits() =>
                {
                    return Incoming::ParentExit(reason)
                }
                [tag, _from, req] if tag.is_atom(crate::atom!("system")) => {
                    if let Some([t, reason]) = req.as_tuple() {
                        if t.is_atom(crate::atom!("terminate")) {
                            return Incoming::SystemStop(reason);
                        }
                    }
                }
                _ => {}
            }
        }
        Incoming::Info
    }

    async fn on_call(
        &mut self,
        cx: &mut Ctx,
        request: &Term,
        from: From,
        sent: &Term,
    ) -> Result<Action, Term> {
        let (module, state, at) = (&*self.module, &mut self.state, &mut *cx);
        let request_copy = request.clone();
        let now = move || module.handle_call_now(at, request_copy, from, sent.clone(), state);
        let step = guard_now(now).await;
        match step {
            Ok(CallStep::Reply(r, a)) => {
                if self.sys.as_ref().is_some_and(|s| s.trace) {
                    let state = self.module.report_state(&self.state);
                    sys::print_reply(cx, &self.name, &r, from.pid, &state);
                }
                super::reply(cx, from, r);
                Ok(a)
            }
            Ok(CallStep::NoReply(a)) => Ok(a),
            Ok(CallStep::Stop(reason, reply)) => {
                let answered = reply.is_some();
                if let Some(r) = reply {
                    super::reply(cx, from, r);
                }
                let client = (!answered).then_some(from.pid);
                Err(self.terminate(cx, reason, request, client).await)
            }
            Err(e) => Err(self.crash(cx, e, request, Some(from.pid)).await),
        }
    }

    /// Applies a callback's result: the next action, or the exit reason.
    async fn after(
        &mut self,
        cx: &mut Ctx,
        step: Result<Step, Exception>,
        msg: &Term,
        client: Option<Pid>,
    ) -> Result<Action, Term> {
        match step {
            Ok(Step::Continue(a)) => Ok(a),
            Ok(Step::Stop(reason)) => Err(self.terminate(cx, reason, msg, client).await),
            Err(e) => Err(self.crash(cx, e, msg, client).await),
        }
    }

    async fn crash(&mut self, cx: &mut Ctx, e: Exception, msg: &Term, client: Option<Pid>) -> Term {
        let dispatch = if client.is_some() {
            Dispatch::Call
        } else {
            Dispatch::Other
        };
        let reason = match e.kind {
            Kind::Exit => e.reason.clone(),
            _ => with_otp_frames(e, dispatch).exit_reason(),
        };
        self.terminate(cx, reason, msg, client).await
    }

    /// Runs `terminate/2`, logs the report for an abnormal reason, and gives
    /// the exit reason. Boxed: the loop handles every message with a future
    /// the size of its largest path, and this rare one is the largest.
    fn terminate<'a>(
        &'a mut self,
        cx: &'a mut Ctx,
        reason: Term,
        msg: &'a Term,
        client: Option<Pid>,
    ) -> Pin<Box<dyn Future<Output = Term> + Send + 'a>> {
        Box::pin(self.run_terminate(cx, reason, msg, client))
    }

    async fn run_terminate(
        &mut self,
        cx: &mut Ctx,
        reason: Term,
        msg: &Term,
        client: Option<Pid>,
    ) -> Term {
        let reason = match guard(self.module.terminate(cx, reason.clone(), &mut self.state)).await {
            Ok(()) => reason,
            Err(e) => match e.kind {
                Kind::Exit => e.reason,
                _ => e.exit_reason(),
            },
        };
        if !is_quiet_exit(&reason) {
            let client = client.map(|pid| Client {
                pid,
                alive: cx.node().is_alive(pid),
            });
            log_crash(
                cx.node(),
                &self.name,
                &reason,
                msg,
                &self.module.report_state(&self.state),
                client,
            );
        }
        reason
    }
}
