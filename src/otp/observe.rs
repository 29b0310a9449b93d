//! Looking into running supervision trees: what the teaching tools draw.
//!
//! A supervisor (static or dynamic) answers one request of riex's own, as
//! it answers `which_children`: a description of itself (strategy, restart
//! budget and how much of it is in use) and of each child (id, PID or
//! state, worker or supervisor, restart type, restarts so far, uptime).
//! [`describe`] asks a supervisor and, recursively, the supervisors below
//! it; [`roots`] finds every supervisor of the node that no other
//! supervisor supervises.
//!
//! ```text
//! {:ok, sup} = Supervisor.start_link([{Agent, fn -> 0 end}], strategy: :one_for_one)
//! describe(sup)   # SupervisorView { strategy: one_for_one, children: [Agent ...] }
//! ```
//!
//! Asking costs a supervisor nothing until someone asks: the counts it
//! keeps for the answer are a number and an instant per child.

use crate::otp::child_spec::{ChildType, Restart};
use crate::otp::gen_server;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Pid, Term};
use std::time::Duration;

/// The request a supervisor answers with its description.
pub fn request() -> Term {
    Term::Atom(crate::atom!("$riex_describe"))
}

/// A supervisor as [`describe`] saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct SupervisorView {
    /// Its PID.
    pub pid: Pid,
    /// Its registered name, if any.
    pub name: Option<Atom>,
    /// Its callback module (`Supervisor.Default` when started from a list).
    pub module: Atom,
    /// `one_for_one`, `one_for_all`, `rest_for_one`.
    pub strategy: Atom,
    /// The restart budget: at most `max_restarts` in `max_seconds`.
    pub max_restarts: u32,
    /// The budget's period.
    pub max_seconds: u64,
    /// Restarts within the current period.
    pub recent_restarts: u32,
    /// Its children, in start order.
    pub children: Vec<ChildView>,
}

/// A child as its supervisor described it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildView {
    /// Its id (`:undefined` under a DynamicSupervisor).
    pub id: Term,
    /// Running, being restarted, or not running.
    pub state: ChildState,
    /// Its registered name, if any.
    pub name: Option<Atom>,
    /// The module it runs.
    pub module: Atom,
    /// Worker or supervisor.
    pub kind: ChildType,
    /// Its restart type.
    pub restart: Restart,
    /// How many times its supervisor restarted it.
    pub restarts: u32,
    /// How long it has run since it last started.
    pub uptime: Option<Duration>,
    /// For a running supervisor: its own description.
    pub below: Option<SupervisorView>,
}

/// Whether a child runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildState {
    /// Running as this process.
    Running(Pid),
    /// Stopped, to be started again (`:restarting`).
    Restarting,
    /// Not running (`:undefined`): terminated, or never restarted.
    Terminated,
}

/// What a supervisor's server answers: its flags and its children.
pub struct Answer {
    /// Its callback module.
    pub module: Atom,
    /// `one_for_one`, ...
    pub strategy: Atom,
    /// The budget.
    pub max_restarts: u32,
    /// Its period, in seconds.
    pub max_seconds: u64,
    /// Restarts in the current period.
    pub recent_restarts: u32,
    /// Each child.
    pub children: Vec<ChildAnswer>,
}

/// One child in an [`Answer`].
pub struct ChildAnswer {
    /// Its id.
    pub id: Term,
    /// Its state.
    pub state: ChildState,
    /// The module it runs.
    pub module: Atom,
    /// Worker or supervisor.
    pub kind: ChildType,
    /// Its restart type.
    pub restart: Restart,
    /// Restarts so far.
    pub restarts: u32,
    /// Since it last started.
    pub uptime: Option<Duration>,
}

impl Answer {
    /// The answer as the reply term of the request.
    pub fn to_term(&self) -> Term {
        let children = self.children.iter().map(ChildAnswer::to_term).collect();
        Term::tuple([
            Term::Atom(self.module),
            Term::Atom(self.strategy),
            Term::int(self.max_restarts as i64),
            Term::int(self.max_seconds as i64),
            Term::int(self.recent_restarts as i64),
            Term::list(children),
        ])
    }
}

impl ChildAnswer {
    fn to_term(&self) -> Term {
        let state = match self.state {
            ChildState::Running(p) => Term::Pid(p),
            ChildState::Restarting => Term::Atom(crate::atom!("restarting")),
            ChildState::Terminated => Term::atom(atom::UNDEFINED),
        };
        let uptime = match self.uptime {
            Some(d) => Term::int(d.as_millis() as i64),
            None => Term::nil(),
        };
        Term::tuple([
            self.id.clone(),
            state,
            Term::Atom(self.module),
            Term::atom(self.kind.atom()),
            Term::atom(self.restart.atom()),
            Term::int(self.restarts as i64),
            uptime,
        ])
    }
}

/// True when `pid` runs a supervisor (static or dynamic).
pub fn is_supervisor(cx: &Ctx, pid: Pid) -> bool {
    let Some(info) = cx.node().info(pid, None) else {
        return false;
    };
    match info.initial_call.as_ref().and_then(|c| c.as_tuple()) {
        Some([m, _, _]) if m.is_atom(crate::atom!("supervisor")) => true,
        Some([m, f, _]) => m.is_atom(atom::DYNAMIC_SUPERVISOR) && f.is_atom(atom::INIT),
        _ => false,
    }
}

/// The supervisor `pid` and everything below it; `None` when it is not a
/// supervisor or does not answer (it stopped, or it is busy past
/// `timeout`).
pub async fn describe(cx: &mut Ctx, pid: Pid, timeout: Duration) -> Option<SupervisorView> {
    if !is_supervisor(cx, pid) {
        return None;
    }
    let reply = gen_server::call(cx, &Term::Pid(pid), request(), Some(timeout))
        .await
        .ok()?;
    let mut view = read_answer(cx, pid, &reply)?;
    for child in &mut view.children {
        if let (ChildState::Running(p), ChildType::Supervisor) = (child.state, child.kind) {
            child.below = Box::pin(describe(cx, p, timeout)).await;
        }
    }
    Some(view)
}

/// Every supervisor of the node that no other supervisor supervises, in
/// PID order.
pub async fn roots(cx: &mut Ctx, timeout: Duration) -> Vec<SupervisorView> {
    let mut sups: Vec<Pid> = cx
        .node()
        .processes()
        .into_iter()
        .filter(|p| is_supervisor(cx, *p))
        .collect();
    sups.sort_unstable();
    let mut views = Vec::new();
    for pid in sups {
        if let Some(v) = describe(cx, pid, timeout).await {
            views.push(v);
        }
    }
    let below: Vec<Pid> = views.iter().flat_map(supervised).collect();
    views.retain(|v| !below.contains(&v.pid));
    views
}

/// The PIDs of every supervisor below `v`.
fn supervised(v: &SupervisorView) -> Vec<Pid> {
    let mut out = Vec::new();
    for c in &v.children {
        if let Some(b) = &c.below {
            out.push(b.pid);
            out.extend(supervised(b));
        }
    }
    out
}

fn read_answer(cx: &Ctx, pid: Pid, t: &Term) -> Option<SupervisorView> {
    let [Term::Atom(module), Term::Atom(strategy), Term::Int(max), Term::Int(secs), Term::Int(recent), children] =
        t.as_tuple()?
    else {
        return None;
    };
    let children = children
        .list_to_vec()?
        .iter()
        .map(|c| read_child(cx, c))
        .collect::<Option<Vec<_>>>()?;
    Some(SupervisorView {
        pid,
        name: registered_name(cx, pid),
        module: *module,
        strategy: *strategy,
        max_restarts: *max as u32,
        max_seconds: *secs as u64,
        recent_restarts: *recent as u32,
        children,
    })
}

fn read_child(cx: &Ctx, t: &Term) -> Option<ChildView> {
    let [id, state, Term::Atom(module), Term::Atom(kind), Term::Atom(restart), Term::Int(restarts), uptime] =
        t.as_tuple()?
    else {
        return None;
    };
    let state = match state {
        Term::Pid(p) => ChildState::Running(*p),
        s if s.is_atom(crate::atom!("restarting")) => ChildState::Restarting,
        _ => ChildState::Terminated,
    };
    let name = match state {
        ChildState::Running(p) => registered_name(cx, p),
        _ => None,
    };
    Some(ChildView {
        id: id.clone(),
        state,
        name,
        module: *module,
        kind: if *kind == atom::SUPERVISOR {
            ChildType::Supervisor
        } else {
            ChildType::Worker
        },
        restart: match restart.name() {
            "permanent" => Restart::Permanent,
            "transient" => Restart::Transient,
            _ => Restart::Temporary,
        },
        restarts: *restarts as u32,
        uptime: uptime.as_int().map(|ms| Duration::from_millis(ms as u64)),
        below: None,
    })
}

fn registered_name(cx: &Ctx, pid: Pid) -> Option<Atom> {
    cx.node().info(pid, None)?.registered_name
}
