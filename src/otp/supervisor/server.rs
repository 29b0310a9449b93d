//! The static supervisor's callbacks.

use super::child::{
    needs_restart, shutdown_child, start_child, started_reply, Intensity, Outcome, StartStyle,
};
use super::counts;
use crate::otp::child_spec::{ChildSpec, ChildType, Restart};
use crate::otp::gen_server::{Action, CallStep, Cb, From, GenServer, Init, Step};
use crate::otp::observe::{self, ChildAnswer, ChildState};
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Pid, Term};
use std::time::Duration;
use tokio::time::Instant;

/// The behaviour of a static supervisor.
pub struct SupervisorServer {
    source: Source,
}

enum Source {
    /// The result of `Supervisor.init/2`, computed by the caller.
    Init(Term),
    /// A module whose `init/1` returns it.
    Module(Atom, Term),
}

impl SupervisorServer {
    /// A supervisor over `Supervisor.init/2`'s result.
    pub fn with_init(spec: Term) -> SupervisorServer {
        SupervisorServer {
            source: Source::Init(spec),
        }
    }

    /// A supervisor whose `module.init(arg)` says what to supervise.
    pub fn with_module(module: Atom, arg: Term) -> SupervisorServer {
        SupervisorServer {
            source: Source::Module(module, arg),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Strategy {
    OneForOne,
    OneForAll,
    RestForOne,
}

struct Child {
    spec: ChildSpec,
    pid: Option<Pid>,
    /// Times the supervisor restarted it, and when it last started: what
    /// the teaching tools show.
    restarts: u32,
    started: Instant,
    /// The process it ran as before it stopped, until it is restarted: a
    /// trace tells which process a restart replaces.
    previous: Option<Pid>,
}

impl Child {
    fn new(spec: ChildSpec, pid: Option<Pid>) -> Child {
        Child {
            spec,
            pid,
            restarts: 0,
            started: Instant::now(),
            previous: None,
        }
    }

    /// The child runs (again) as `pid`.
    fn started_as(&mut self, pid: Option<Pid>) {
        self.pid = pid;
        self.started = Instant::now();
    }

    fn answer(&self) -> ChildAnswer {
        ChildAnswer {
            id: self.spec.id.clone(),
            state: match self.pid {
                Some(p) => ChildState::Running(p),
                None => ChildState::Terminated,
            },
            module: self.spec.start.0,
            kind: self.spec.kind,
            restart: self.spec.restart,
            restarts: self.restarts,
            uptime: self.pid.map(|_| self.started.elapsed()),
        }
    }
}

/// A running supervisor's state.
pub struct State {
    children: Vec<Child>,
    strategy: Strategy,
    intensity: Intensity,
}

impl GenServer for SupervisorServer {
    type State = State;

    fn module(&self) -> Atom {
        match &self.source {
            Source::Module(m, _) => *m,
            Source::Init(_) => Atom::module("Supervisor.Default"),
        }
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, _arg: Term) -> Cb<'a, Init<State>> {
        Box::pin(async move {
            cx.trap_exit(true);
            let spec = match &self.source {
                Source::Init(t) => t.clone(),
                Source::Module(m, arg) => cx.apply(*m, atom::INIT, vec![arg.clone()]).await?,
            };
            if spec.is_atom(atom::IGNORE) {
                return Ok(Init::Ignore);
            }
            let (strategy, intensity, specs) = match read_init(&spec) {
                Ok(x) => x,
                Err(reason) => return Ok(Init::Stop(reason)),
            };
            let mut state = State {
                children: Vec::new(),
                strategy,
                intensity,
            };
            for spec in specs {
                match start_child(
                    cx,
                    spec.start.0,
                    spec.start.1,
                    spec.start.2.clone(),
                    StartStyle::Supervisor,
                )
                .await
                {
                    Outcome::Started { pid, .. } => {
                        if pid.is_some() || spec.restart != Restart::Temporary {
                            state.children.push(Child::new(spec, pid));
                        }
                    }
                    Outcome::Failed(reason) => {
                        state.stop_all(cx).await;
                        let failed = Term::tuple([
                            Term::atom(atom::FAILED_TO_START_CHILD),
                            spec.id.clone(),
                            reason,
                        ]);
                        return Ok(Init::Stop(Term::tuple([
                            Term::atom(atom::SHUTDOWN),
                            failed,
                        ])));
                    }
                }
            }
            Ok(Init::Ok(state, Action::None))
        })
    }

    fn handle_call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        _from: From,
        state: &'a mut State,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move {
            let reply = if req == observe::request() {
                state.describe(self.module())
            } else {
                state.on_request(cx, &req).await
            };
            Ok(CallStep::Reply(reply, Action::None))
        })
    }

    fn handle_info<'a>(&'a self, cx: &'a mut Ctx, msg: Term, state: &'a mut State) -> Cb<'a, Step> {
        Box::pin(async move {
            if let Some([e, Term::Pid(pid), reason]) = msg.as_tuple() {
                if e.is_atom(atom::EXIT) {
                    if let Some(i) = state.children.iter().position(|c| c.pid == Some(*pid)) {
                        return Ok(state.on_child_exit(cx, i, reason).await);
                    }
                }
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn terminate<'a>(&'a self, cx: &'a mut Ctx, _reason: Term, state: &'a mut State) -> Cb<'a, ()> {
        Box::pin(async move {
            state.stop_all(cx).await;
            Ok(())
        })
    }

    fn report_state(&self, state: &State) -> Term {
        Term::tuple([
            Term::Atom(crate::atom!("state")),
            Term::int(state.children.len() as i64),
        ])
    }
}

type InitSpec = (Strategy, Intensity, Vec<ChildSpec>);

/// Reads `{:ok, {flags, specs}}`; the error is the reason the supervisor stops with.
fn read_init(spec: &Term) -> Result<InitSpec, Term> {
    let bad = |what: &str, t: &Term| Term::tuple([Term::atom_named(what), t.clone()]);
    let Some([ok, body]) = spec.as_tuple() else {
        return Err(Term::tuple([
            Term::atom(atom::BAD_RETURN_VALUE),
            spec.clone(),
        ]));
    };
    let Some([flags, children]) = body.as_tuple() else {
        return Err(Term::tuple([
            Term::atom(atom::BAD_RETURN_VALUE),
            spec.clone(),
        ]));
    };
    if !ok.is_atom(atom::OK) {
        return Err(Term::tuple([
            Term::atom(atom::BAD_RETURN_VALUE),
            spec.clone(),
        ]));
    }
    let (strategy, intensity) = read_flags(flags).map_err(|t| bad("supervisor_data", &t))?;
    let mut specs: Vec<ChildSpec> = Vec::new();
    for c in children.list_to_vec().unwrap_or_default() {
        let parsed = match &c {
            Term::Map(m) => ChildSpec::from_map(m).map_err(|r| bad("start_spec", &r))?,
            other => {
                return Err(bad(
                    "start_spec",
                    &crate::otp::child_spec::invalid_spec_error(other),
                ))
            }
        };
        if specs.iter().any(|s| s.id == parsed.id) {
            let dup = Term::tuple([
                Term::Atom(crate::atom!("duplicate_child_name")),
                parsed.id.clone(),
            ]);
            return Err(bad("start_spec", &dup));
        }
        specs.push(parsed);
    }
    Ok((strategy, intensity, specs))
}

fn read_flags(flags: &Term) -> Result<(Strategy, Intensity), Term> {
    let get = |k: &str| {
        flags
            .as_map()
            .and_then(|m| m.get(&Term::atom_named(k)).cloned())
    };
    let s = get("strategy").unwrap_or(Term::atom(atom::ONE_FOR_ONE));
    let strategy = match s.as_atom().map(|a| a.name()) {
        Some("one_for_one") => Strategy::OneForOne,
        Some("one_for_all") => Strategy::OneForAll,
        Some("rest_for_one") => Strategy::RestForOne,
        _ => {
            return Err(Term::tuple([
                Term::Atom(crate::atom!("invalid_strategy")),
                s,
            ]))
        }
    };
    let max = get("intensity").and_then(|t| t.as_int()).unwrap_or(3);
    let period = get("period").and_then(|t| t.as_int()).unwrap_or(5);
    if max < 0 {
        return Err(Term::tuple([
            Term::Atom(crate::atom!("invalid_intensity")),
            Term::int(max),
        ]));
    }
    if period <= 0 {
        return Err(Term::tuple([
            Term::Atom(crate::atom!("invalid_period")),
            Term::int(period),
        ]));
    }
    Ok((
        strategy,
        Intensity::new(
            max.min(u32::MAX as i64) as u32,
            Duration::from_secs(period as u64),
        ),
    ))
}

fn not_found() -> Term {
    Term::error_tuple(Term::atom(atom::NOT_FOUND))
}

impl State {
    async fn on_request(&mut self, cx: &mut Ctx, req: &Term) -> Term {
        if let Some(a) = req.as_atom() {
            return match a.name() {
                "which_children" => self.which_children(),
                "count_children" => self.count_children(),
                _ => Term::error_tuple(Term::Atom(crate::atom!("badcall"))),
            };
        }
        let Some([tag, arg]) = req.as_tuple() else {
            return Term::error_tuple(Term::Atom(crate::atom!("badcall")));
        };
        match tag.as_atom().map(|a| a.name()).unwrap_or("") {
            "terminate_child" => self.terminate_child(cx, arg).await,
            "restart_child" => self.restart_child(cx, arg).await,
            "delete_child" => self.delete_child(arg),
            "start_child" => self.add_child(cx, arg).await,
            _ => Term::error_tuple(Term::Atom(crate::atom!("badcall"))),
        }
    }

    /// The answer to the teaching tools' request.
    fn describe(&self, module: Atom) -> Term {
        observe::Answer {
            module,
            strategy: match self.strategy {
                Strategy::OneForOne => atom::ONE_FOR_ONE,
                Strategy::OneForAll => atom::ONE_FOR_ALL,
                Strategy::RestForOne => atom::REST_FOR_ONE,
            },
            max_restarts: self.intensity.max(),
            max_seconds: self.intensity.period_secs(),
            recent_restarts: self.intensity.recent(),
            children: self.children.iter().map(Child::answer).collect(),
        }
        .to_term()
    }

    fn which_children(&self) -> Term {
        Term::list(
            self.children
                .iter()
                .rev()
                .map(|c| {
                    let pid = c.pid.map(Term::Pid).unwrap_or(Term::atom(atom::UNDEFINED));
                    Term::tuple([
                        c.spec.id.clone(),
                        pid,
                        Term::atom(c.spec.kind.atom()),
                        c.spec.modules.clone(),
                    ])
                })
                .collect(),
        )
    }

    fn count_children(&self) -> Term {
        let active = self.children.iter().filter(|c| c.pid.is_some()).count();
        let sups = self
            .children
            .iter()
            .filter(|c| c.spec.kind == ChildType::Supervisor)
            .count();
        counts(
            active,
            self.children.len(),
            sups,
            self.children.len() - sups,
        )
    }

    fn find(&self, id: &Term) -> Option<usize> {
        self.children.iter().position(|c| &c.spec.id == id)
    }

    async fn terminate_child(&mut self, cx: &mut Ctx, id: &Term) -> Term {
        let Some(i) = self.find(id) else {
            return not_found();
        };
        if let Some(pid) = self.children[i].pid.take() {
            shutdown_child(cx, pid, self.children[i].spec.shutdown).await;
        }
        if self.children[i].spec.restart == Restart::Temporary {
            self.children.remove(i);
        }
        Term::ok()
    }

    async fn restart_child(&mut self, cx: &mut Ctx, id: &Term) -> Term {
        let Some(i) = self.find(id) else {
            return not_found();
        };
        if self.children[i].pid.is_some() {
            return Term::error_tuple(Term::atom(atom::RUNNING));
        }
        let (m, f, a) = self.children[i].spec.start.clone();
        match start_child(cx, m, f, a, StartStyle::Supervisor).await {
            Outcome::Started { pid, result } => {
                self.children[i].started_as(pid);
                started_reply(pid, &result)
            }
            Outcome::Failed(reason) => Term::error_tuple(reason),
        }
    }

    fn delete_child(&mut self, id: &Term) -> Term {
        let Some(i) = self.find(id) else {
            return not_found();
        };
        if self.children[i].pid.is_some() {
            return Term::error_tuple(Term::atom(atom::RUNNING));
        }
        self.children.remove(i);
        Term::ok()
    }

    async fn add_child(&mut self, cx: &mut Ctx, spec: &Term) -> Term {
        let spec = match spec {
            Term::Map(m) => match ChildSpec::from_map(m) {
                Ok(s) => s,
                Err(reason) => return Term::error_tuple(reason),
            },
            other => return Term::error_tuple(crate::otp::child_spec::invalid_spec_error(other)),
        };
        if let Some(i) = self.find(&spec.id) {
            return match self.children[i].pid {
                Some(pid) => Term::error_tuple(Term::tuple([
                    Term::atom(atom::ALREADY_STARTED),
                    Term::Pid(pid),
                ])),
                None => Term::error_tuple(Term::Atom(crate::atom!("already_present"))),
            };
        }
        let (m, f, a) = spec.start.clone();
        match start_child(cx, m, f, a, StartStyle::Supervisor).await {
            Outcome::Started { pid, result } => {
                if pid.is_some() || spec.restart != Restart::Temporary {
                    self.children.push(Child::new(spec, pid));
                }
                started_reply(pid, &result)
            }
            Outcome::Failed(reason) => Term::error_tuple(reason),
        }
    }

    async fn on_child_exit(&mut self, cx: &mut Ctx, i: usize, reason: &Term) -> Step {
        self.children[i].previous = self.children[i].pid.take();
        if !needs_restart(self.children[i].spec.restart, reason) {
            if self.children[i].spec.restart == Restart::Temporary {
                self.children.remove(i);
            }
            return Step::Continue(Action::None);
        }
        if !self.intensity.add_restart() {
            tracing::debug!(target: "riex::otp", "{} reached its restart intensity: shutdown", cx.self_pid());
            return Step::Stop(Term::atom(atom::SHUTDOWN));
        }
        tracing::debug!(target: "riex::otp", "{} restarting child {} (exited: {})", cx.self_pid(), self.children[i].spec.id, reason);
        let group: Vec<usize> = match self.strategy {
            Strategy::OneForOne => vec![i],
            Strategy::OneForAll => (0..self.children.len()).collect(),
            Strategy::RestForOne => (i..self.children.len()).collect(),
        };
        self.stop_group(cx, &group).await;
        self.restart_group(cx, group).await
    }

    /// Stops the group's running children, newest first.
    async fn stop_group(&mut self, cx: &mut Ctx, group: &[usize]) {
        for &j in group.iter().rev() {
            if let Some(pid) = self.children[j].pid.take() {
                self.children[j].previous = Some(pid);
                shutdown_child(cx, pid, self.children[j].spec.shutdown).await;
            }
        }
    }

    /// Starts the group's children again in order; a failed start counts as
    /// another restart and is retried until the intensity runs out.
    async fn restart_group(&mut self, cx: &mut Ctx, group: Vec<usize>) -> Step {
        let mut gone = Vec::new();
        for j in group {
            loop {
                let (m, f, a) = self.children[j].spec.start.clone();
                match start_child(cx, m, f, a, StartStyle::Supervisor).await {
                    Outcome::Started { pid, .. } => {
                        let previous = self.children[j].previous.take();
                        if let Some(new) = pid {
                            cx.node().trace_restart(cx.self_pid(), previous, new);
                        }
                        self.children[j].started_as(pid);
                        self.children[j].restarts += 1;
                        if pid.is_none() && self.children[j].spec.restart == Restart::Temporary {
                            gone.push(j);
                        }
                        break;
                    }
                    Outcome::Failed(_) => {
                        if !self.intensity.add_restart() {
                            return Step::Stop(Term::atom(atom::SHUTDOWN));
                        }
                    }
                }
            }
        }
        for j in gone.into_iter().rev() {
            self.children.remove(j);
        }
        Step::Continue(Action::None)
    }

    /// Stops every child, newest first (the supervisor is going away).
    async fn stop_all(&mut self, cx: &mut Ctx) {
        let all: Vec<usize> = (0..self.children.len()).collect();
        self.stop_group(cx, &all).await;
    }
}
