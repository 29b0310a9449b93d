//! DynamicSupervisor: a supervisor that starts with no children and has
//! them added at run time with `start_child`.
//!
//! ```text
//! {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
//! {:ok, agent} = DynamicSupervisor.start_child(sup, {Agent, fn -> %{} end})
//! DynamicSupervisor.which_children(sup)
//! #=> [{:undefined, #PID<0.111.0>, :worker, [Agent]}]
//! ```
//!
//! Children are anonymous (their id is `:undefined`) and always
//! `:one_for_one`; `max_children` caps how many may run, and
//! `extra_arguments` are prepended to every child's start arguments. Stopping
//! the supervisor stops all children at once, not one by one.

use crate::otp::child_spec::{child_spec, option, ChildType, Restart, Shutdown};
use crate::otp::gen_server::{
    self, Action, CallStep, Cb, From, GenServer, Init, StartOpts, Started, Step,
};
use crate::otp::name::ServerRef;
use crate::otp::observe::{self, ChildAnswer, ChildState};
use crate::otp::supervisor::child::{
    needs_restart, shutdown_child, shutdown_many, start_child as start_mfa, Intensity, Outcome,
    StartStyle,
};
use crate::otp::supervisor::counts;
use crate::runtime::{Ctx, PidMap};
use crate::term::{atom, Atom, Exception, Pid, TMap, Term};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// `DynamicSupervisor.init(opts)`: `{:ok, %{strategy:, intensity:, period:, max_children:, extra_arguments:}}`.
pub fn init(opts: &Term) -> Result<Term, Exception> {
    let strategy = option(opts, "strategy").unwrap_or(Term::atom(atom::ONE_FOR_ONE));
    if !strategy.is_atom(atom::ONE_FOR_ONE) {
        return Err(Exception::argument_error(&format!(
            "unknown :strategy option: {}",
            crate::term::inspect::inspect(&strategy)
        )));
    }
    let flags = TMap::new()
        .put(Term::atom(atom::STRATEGY), strategy)
        .put(
            Term::Atom(crate::atom!("intensity")),
            option(opts, "max_restarts").unwrap_or(Term::int(3)),
        )
        .put(
            Term::Atom(crate::atom!("period")),
            option(opts, "max_seconds").unwrap_or(Term::int(5)),
        )
        .put(
            Term::atom(atom::MAX_CHILDREN),
            option(opts, "max_children").unwrap_or(Term::atom(atom::INFINITY)),
        )
        .put(
            Term::atom(atom::EXTRA_ARGUMENTS),
            option(opts, "extra_arguments").unwrap_or(Term::Nil),
        );
    Ok(Term::ok_tuple(Term::Map(flags)))
}

/// `DynamicSupervisor.start_link(opts)`.
pub async fn start_link(cx: &mut Ctx, opts: &Term) -> Result<Started, Exception> {
    let flags = init(opts)?;
    start_server(
        cx,
        DynamicSupervisorServer {
            source: Source::Init(flags),
        },
        opts,
    )
    .await
}

/// `DynamicSupervisor.start_link(module, arg, opts)`: the module's `init/1` gives the flags.
pub async fn start_link_module(
    cx: &mut Ctx,
    module: Atom,
    arg: Term,
    opts: &Term,
) -> Result<Started, Exception> {
    start_server(
        cx,
        DynamicSupervisorServer {
            source: Source::Module(module, arg),
        },
        opts,
    )
    .await
}

async fn start_server(
    cx: &mut Ctx,
    server: DynamicSupervisorServer,
    opts: &Term,
) -> Result<Started, Exception> {
    let name = match option(opts, "name") {
        Some(n) => ServerRef::from_name_option(&n)?,
        None => None,
    };
    let initial_call = Term::tuple([
        Term::atom(atom::DYNAMIC_SUPERVISOR),
        Term::atom(atom::INIT),
        Term::int(1),
    ]);
    let opts = StartOpts {
        name,
        initial_call: Some(initial_call),
    };
    gen_server::start_link(cx, Arc::new(server), Term::Nil, opts).await
}

/// `DynamicSupervisor.start_child(sup, child)`: what the child's start
/// function returned (`{:ok, pid}`, `{:ok, pid, info}`, `:ignore`), or `{:error, reason}`.
pub async fn start_child(cx: &mut Ctx, sup: &Term, child: &Term) -> Result<Term, Exception> {
    // The deprecated six-element tuple goes to validation as it is.
    let spec = match child.as_tuple() {
        Some(t) if t.len() == 6 => child.clone(),
        _ => child_spec(cx, child, &Term::Nil).await?,
    };
    match validate_child(&spec)? {
        Ok(child) => {
            let request = Term::tuple([Term::Atom(crate::atom!("start_child")), child]);
            gen_server::call(cx, sup, request, None).await
        }
        Err(reason) => Ok(Term::error_tuple(reason)),
    }
}

/// The spec as `{start, restart, shutdown, type, modules}`, the form the
/// supervisor keeps, or the reason it is invalid, checked in Elixir's order
/// (`DynamicSupervisor.validate_child/1`). The spec's own terms are reused.
fn validate_child(spec: &Term) -> Result<Result<Term, Term>, Exception> {
    let (start, restart, shutdown, kind, modules) = match spec {
        Term::Map(map) => match spec_fields(map) {
            Some(fields) => fields?,
            None => return Ok(Err(crate::otp::child_spec::invalid_spec_error(spec))),
        },
        Term::Tuple(t) if t.len() == 6 => (
            t[1].clone(),
            t[2].clone(),
            t[3].clone(),
            t[4].clone(),
            t[5].clone(),
        ),
        _ => return Ok(Err(crate::otp::child_spec::invalid_spec_error(spec))),
    };
    let invalid = |tag: &str, t: &Term| Ok(Err(Term::tuple([Term::atom_named(tag), t.clone()])));
    let valid_start = matches!(start.as_tuple(), Some([m, f, a]) if m.as_atom().is_some() && f.as_atom().is_some() && a.is_list());
    if !valid_start {
        return invalid("invalid_mfa", &start);
    }
    if ![atom::PERMANENT, atom::TEMPORARY, atom::TRANSIENT]
        .iter()
        .any(|a| restart.is_atom(*a))
    {
        return invalid("invalid_restart_type", &restart);
    }
    let valid_shutdown = match &shutdown {
        Term::Int(ms) => *ms > 0,
        Term::Atom(a) => *a == atom::INFINITY || *a == atom::BRUTAL_KILL,
        _ => false,
    };
    if !valid_shutdown {
        return invalid("invalid_shutdown", &shutdown);
    }
    if !(kind.is_atom(atom::SUPERVISOR) || kind.is_atom(atom::WORKER)) {
        return invalid("invalid_child_type", &kind);
    }
    let valid_modules = modules.is_atom(crate::atom!("dynamic")) || all_atoms(&modules);
    if !valid_modules {
        return invalid("invalid_modules", &modules);
    }
    Ok(Ok(Term::tuple([start, restart, shutdown, kind, modules])))
}

/// The fields of a map spec, with Elixir's defaults, in one pass over its
/// pairs; `None` without an `:id` or a three-element `:start`.
#[allow(clippy::type_complexity)]
fn spec_fields(map: &TMap) -> Option<Result<(Term, Term, Term, Term, Term), Exception>> {
    let (mut id, mut start, mut restart, mut shutdown, mut kind, mut modules) =
        (false, None, None, None, None, None);
    for (k, v) in map.iter() {
        let Term::Atom(k) = *k else { continue };
        let slot = if k == atom::START {
            &mut start
        } else if k == atom::RESTART {
            &mut restart
        } else if k == atom::SHUTDOWN {
            &mut shutdown
        } else if k == atom::TYPE {
            &mut kind
        } else if k == atom::MODULES {
            &mut modules
        } else {
            id |= k == atom::ID;
            continue;
        };
        *slot = Some(v);
    }
    let module = match start {
        Some(Term::Tuple(mfa)) if id && mfa.len() == 3 => &mfa[0],
        _ => return None,
    };
    let kind = kind.cloned().unwrap_or(Term::atom(atom::WORKER));
    let default_shutdown = match kind.as_atom() {
        Some(a) if a == atom::WORKER => Term::int(5000),
        Some(a) if a == atom::SUPERVISOR => Term::atom(atom::INFINITY),
        _ => return Some(Err(case_clause(kind))),
    };
    Some(Ok((
        start.cloned()?,
        restart.cloned().unwrap_or(Term::atom(atom::PERMANENT)),
        shutdown.cloned().unwrap_or(default_shutdown),
        kind,
        modules
            .cloned()
            .unwrap_or_else(|| Term::cons(module.clone(), Term::Nil)),
    )))
}

/// True for a proper list of atoms.
fn all_atoms(t: &Term) -> bool {
    match t {
        Term::Nil => true,
        Term::List(l) => {
            let mut items = l.iter();
            items.by_ref().all(|m| m.as_atom().is_some()) && items.rest().is_none()
        }
        _ => false,
    }
}

/// `** (CaseClauseError) no case clause matching: term`.
fn case_clause(term: Term) -> Exception {
    Exception::error(crate::term::exception::exception_struct(
        Atom::module("CaseClauseError"),
        vec![("term", term)],
    ))
}

/// `DynamicSupervisor.terminate_child(sup, pid)`: `:ok` or `{:error, :not_found}`.
pub async fn terminate_child(cx: &mut Ctx, sup: &Term, pid: Term) -> Result<Term, Exception> {
    gen_server::call(
        cx,
        sup,
        Term::tuple([Term::Atom(crate::atom!("terminate_child")), pid]),
        None,
    )
    .await
}

/// `DynamicSupervisor.which_children(sup)`.
pub async fn which_children(cx: &mut Ctx, sup: &Term) -> Result<Term, Exception> {
    gen_server::call(cx, sup, Term::Atom(crate::atom!("which_children")), None).await
}

/// `DynamicSupervisor.count_children(sup)`.
pub async fn count_children(cx: &mut Ctx, sup: &Term) -> Result<Term, Exception> {
    gen_server::call(cx, sup, Term::Atom(crate::atom!("count_children")), None).await
}

/// The behaviour of a dynamic supervisor.
pub struct DynamicSupervisorServer {
    source: Source,
}

enum Source {
    Init(Term),
    Module(Atom, Term),
}

/// What children started the same way share: all but the arguments.
#[derive(PartialEq)]
struct Template {
    module: Atom,
    fun: Atom,
    restart: Restart,
    shutdown: Shutdown,
    kind: ChildType,
    modules: Term,
}

/// A running child: its shared template and its own arguments; for the
/// teaching tools, how often it was restarted and when it last started.
struct Child {
    template: Arc<Template>,
    args: Args,
    restarts: u32,
    started: Instant,
}

impl Child {
    fn answer(&self, pid: Pid) -> ChildAnswer {
        ChildAnswer {
            id: Term::atom(atom::UNDEFINED),
            state: ChildState::Running(pid),
            module: self.template.module,
            kind: self.template.kind,
            restart: self.template.restart,
            restarts: self.restarts,
            uptime: Some(self.started.elapsed()),
        }
    }
}

/// A child's own start arguments. Most children have one, kept inline: a
/// child then costs its supervisor no allocation of its own.
enum Args {
    One(Term),
    Many(Box<[Term]>),
}

impl Args {
    fn from_list(list: &Term) -> Option<Args> {
        match list {
            Term::List(l) if matches!(l.tail(), Term::Nil) => Some(Args::One(l.head().clone())),
            _ => Some(Args::Many(list.list_to_vec()?.into_boxed_slice())),
        }
    }

    fn as_slice(&self) -> &[Term] {
        match self {
            Args::One(t) => std::slice::from_ref(t),
            Args::Many(v) => v,
        }
    }
}

/// A running dynamic supervisor's state.
pub struct State {
    /// By PID; listed in PID order (the order of an Erlang map's keys).
    children: PidMap<Child>,
    /// The template of the last child started, shared by the next ones like it.
    last_template: Option<Arc<Template>>,
    max_children: Option<usize>,
    extra_arguments: Vec<Term>,
    intensity: Intensity,
}

impl GenServer for DynamicSupervisorServer {
    type State = State;

    fn module(&self) -> Atom {
        match &self.source {
            Source::Module(m, _) => *m,
            Source::Init(_) => atom::DYNAMIC_SUPERVISOR,
        }
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, _arg: Term) -> Cb<'a, Init<State>> {
        Box::pin(async move {
            cx.trap_exit(true);
            let flags = match &self.source {
                Source::Init(t) => t.clone(),
                Source::Module(m, arg) => cx.apply(*m, atom::INIT, vec![arg.clone()]).await?,
            };
            if flags.is_atom(atom::IGNORE) {
                return Ok(Init::Ignore);
            }
            match read_flags(&flags) {
                Some(state) => Ok(Init::Ok(state, Action::None)),
                None => Ok(Init::Stop(Term::tuple([
                    Term::atom(atom::BAD_RETURN_VALUE),
                    flags,
                ]))),
            }
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
                    if let Some(child) = state.children.remove(pid) {
                        return Ok(state.on_child_exit(cx, *pid, child, reason).await);
                    }
                }
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn terminate<'a>(&'a self, cx: &'a mut Ctx, _reason: Term, state: &'a mut State) -> Cb<'a, ()> {
        Box::pin(async move {
            let mut all: Vec<(Pid, Shutdown)> = state
                .children
                .drain()
                .map(|(p, c)| (p, c.template.shutdown))
                .collect();
            all.sort_unstable_by_key(|(p, _)| *p);
            shutdown_many(cx, all).await;
            Ok(())
        })
    }

    fn report_state(&self, state: &State) -> Term {
        Term::tuple([
            Term::Atom(crate::atom!("state")),
            Term::int(state.children.len() as i64),
        ])
    }

    fn modules(&self) -> Term {
        Term::list(vec![Term::Atom(self.module())])
    }
}

fn read_flags(flags: &Term) -> Option<State> {
    let [ok, Term::Map(m)] = flags.as_tuple()? else {
        return None;
    };
    if !ok.is_atom(atom::OK) {
        return None;
    }
    let get = |k: &str| m.get(&Term::atom_named(k)).cloned();
    let max_children = match get("max_children") {
        Some(Term::Int(n)) => Some(n.max(0) as usize),
        _ => None,
    };
    let max = get("intensity")
        .and_then(|t| t.as_int())
        .unwrap_or(3)
        .clamp(0, u32::MAX as i64) as u32;
    let period = get("period").and_then(|t| t.as_int()).unwrap_or(5).max(1) as u64;
    Some(State {
        children: PidMap::default(),
        last_template: None,
        max_children,
        extra_arguments: get("extra_arguments")
            .and_then(|t| t.list_to_vec())
            .unwrap_or_default(),
        intensity: Intensity::new(max, Duration::from_secs(period)),
    })
}

impl State {
    /// The answer to the teaching tools' request: children in PID order,
    /// as `which_children` lists them.
    fn describe(&self, module: Atom) -> Term {
        let mut children: Vec<_> = self.children.iter().collect();
        children.sort_unstable_by_key(|(p, _)| **p);
        observe::Answer {
            module,
            strategy: atom::ONE_FOR_ONE,
            max_restarts: self.intensity.max(),
            max_seconds: self.intensity.period_secs(),
            recent_restarts: self.intensity.recent(),
            children: children.into_iter().map(|(p, c)| c.answer(*p)).collect(),
        }
        .to_term()
    }

    async fn on_request(&mut self, cx: &mut Ctx, req: &Term) -> Term {
        if req.is_atom(crate::atom!("which_children")) {
            let mut children: Vec<_> = self.children.iter().collect();
            children.sort_unstable_by_key(|(p, _)| **p);
            return Term::list(
                children
                    .into_iter()
                    .map(|(p, c)| {
                        Term::tuple([
                            Term::atom(atom::UNDEFINED),
                            Term::Pid(*p),
                            Term::atom(c.template.kind.atom()),
                            c.template.modules.clone(),
                        ])
                    })
                    .collect(),
            );
        }
        if req.is_atom(crate::atom!("count_children")) {
            let sups = self
                .children
                .values()
                .filter(|c| c.template.kind == ChildType::Supervisor)
                .count();
            let n = self.children.len();
            return counts(n, n, sups, n - sups);
        }
        match req.as_tuple() {
            Some([tag, child]) if tag.is_atom(crate::atom!("start_child")) => {
                self.add_child(cx, child).await
            }
            Some([tag, Term::Pid(pid)]) if tag.is_atom(crate::atom!("terminate_child")) => {
                match self.children.remove(pid) {
                    Some(c) => {
                        // Boxed: the rare path would size every request's future.
                        Box::pin(shutdown_child(cx, *pid, c.template.shutdown)).await;
                        Term::ok()
                    }
                    None => Term::error_tuple(Term::atom(atom::NOT_FOUND)),
                }
            }
            Some([tag, _]) if tag.is_atom(crate::atom!("terminate_child")) => {
                Term::error_tuple(Term::atom(atom::NOT_FOUND))
            }
            _ => Term::error_tuple(Term::Atom(crate::atom!("badcall"))),
        }
    }

    async fn add_child(&mut self, cx: &mut Ctx, child: &Term) -> Term {
        let Some((template, args)) = read_child(child) else {
            return Term::error_tuple(crate::otp::child_spec::invalid_spec_error(child));
        };
        let template = match &self.last_template {
            Some(last) if **last == template => last.clone(),
            _ => {
                let t = Arc::new(template);
                self.last_template = Some(t.clone());
                t
            }
        };
        let c = Child {
            template,
            args,
            restarts: 0,
            started: Instant::now(),
        };
        if self
            .max_children
            .is_some_and(|max| self.children.len() >= max)
        {
            return Term::error_tuple(Term::atom(atom::MAX_CHILDREN));
        }
        // The reply is what the start function returned: `{:ok, pid}`,
        // `{:ok, pid, info}` or `:ignore`.
        match self.start(cx, &c).await {
            Outcome::Started { pid, result } => {
                if let Some(pid) = pid {
                    self.children.insert(pid, c);
                }
                result
            }
            Outcome::Failed(reason) => Term::error_tuple(reason),
        }
    }

    async fn start(&self, cx: &mut Ctx, c: &Child) -> Outcome {
        let own = c.args.as_slice();
        let mut args = Vec::with_capacity(self.extra_arguments.len() + own.len());
        args.extend_from_slice(&self.extra_arguments);
        args.extend_from_slice(own);
        start_mfa(
            cx,
            c.template.module,
            c.template.fun,
            args,
            StartStyle::Dynamic,
        )
        .await
    }

    async fn on_child_exit(
        &mut self,
        cx: &mut Ctx,
        old: Pid,
        mut child: Child,
        reason: &Term,
    ) -> Step {
        if !needs_restart(child.template.restart, reason) {
            return Step::Continue(Action::None);
        }
        child.restarts += 1;
        tracing::debug!(target: "riex::otp", "{} restarting a child (exited: {})", cx.self_pid(), reason);
        loop {
            if !self.intensity.add_restart() {
                tracing::debug!(target: "riex::otp", "{} reached its restart intensity: shutdown", cx.self_pid());
                return Step::Stop(Term::atom(atom::SHUTDOWN));
            }
            match self.start(cx, &child).await {
                Outcome::Started { pid: Some(pid), .. } => {
                    cx.node().trace_restart(cx.self_pid(), Some(old), pid);
                    child.started = Instant::now();
                    self.children.insert(pid, child);
                    return Step::Continue(Action::None);
                }
                Outcome::Started { pid: None, .. } => return Step::Continue(Action::None),
                Outcome::Failed(_) => continue,
            }
        }
    }
}

/// Reads `{mfa, restart, shutdown, type, modules}` as `start_child` sends it.
fn read_child(t: &Term) -> Option<(Template, Args)> {
    let [mfa, restart, shutdown, kind, modules] = t.as_tuple()? else {
        return None;
    };
    let [m, f, a] = mfa.as_tuple()? else {
        return None;
    };
    let restart = match restart.as_atom()?.name() {
        "permanent" => Restart::Permanent,
        "transient" => Restart::Transient,
        "temporary" => Restart::Temporary,
        _ => return None,
    };
    let shutdown = match shutdown {
        Term::Int(ms) => Shutdown::Timeout(Duration::from_millis(*ms as u64)),
        Term::Atom(a) if *a == atom::BRUTAL_KILL => Shutdown::BrutalKill,
        _ => Shutdown::Infinity,
    };
    let kind = if kind.is_atom(atom::SUPERVISOR) {
        ChildType::Supervisor
    } else {
        ChildType::Worker
    };
    let template = Template {
        module: m.as_atom()?,
        fun: f.as_atom()?,
        restart,
        shutdown,
        kind,
        modules: modules.clone(),
    };
    Some((template, Args::from_list(a)?))
}

mod native {
    //! The `DynamicSupervisor` module as the language and child specs call it.
    use crate::otp::child_spec::option;
    use crate::otp::gen_server::module::stop_fn;
    use crate::otp::native::NativeModule;
    use crate::runtime::Ctx;
    use crate::term::fun::CallFuture;
    use crate::term::{atom, TMap, Term};

    fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move {
            let started = match &args[..] {
                [opts] => super::start_link(cx, opts).await?,
                [Term::Atom(m), arg] => {
                    super::start_link_module(cx, *m, arg.clone(), &Term::Nil).await?
                }
                [Term::Atom(m), arg, opts] => {
                    super::start_link_module(cx, *m, arg.clone(), opts).await?
                }
                _ => {
                    return Err(crate::term::Exception::argument_error(
                        "DynamicSupervisor.start_link: bad arguments",
                    ))
                }
            };
            Ok(started.to_term())
        })
    }

    fn init_fn<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        let r = super::init(&args[0]);
        Box::pin(async move { r })
    }

    fn start_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { super::start_child(cx, &args[0], &args[1]).await })
    }

    fn terminate_child_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { super::terminate_child(cx, &args[0], args[1].clone()).await })
    }

    fn which_children_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { super::which_children(cx, &args[0]).await })
    }

    fn count_children_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move { super::count_children(cx, &args[0]).await })
    }

    fn child_spec_fn<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        let id = option(&args[0], "name").unwrap_or(Term::atom(atom::DYNAMIC_SUPERVISOR));
        let start = Term::tuple([
            Term::atom(atom::DYNAMIC_SUPERVISOR),
            Term::atom(atom::START_LINK),
            Term::list(vec![args[0].clone()]),
        ]);
        let spec = TMap::from_pairs(vec![
            (Term::atom(atom::ID), id),
            (Term::atom(atom::START), start),
            (Term::atom(atom::TYPE), Term::atom(atom::SUPERVISOR)),
        ]);
        Box::pin(async move { Ok(Term::Map(spec)) })
    }

    /// The `DynamicSupervisor` module.
    pub fn module() -> NativeModule {
        NativeModule::new(atom::DYNAMIC_SUPERVISOR)
            .export("start_link", 1, start_link_fn)
            .export("start_link", 2, start_link_fn)
            .export("start_link", 3, start_link_fn)
            .export("init", 1, init_fn)
            .export("start_child", 2, start_child_fn)
            .export("terminate_child", 2, terminate_child_fn)
            .export("which_children", 1, which_children_fn)
            .export("count_children", 1, count_children_fn)
            .export("child_spec", 1, child_spec_fn)
            .export("stop", 1, stop_fn)
            .export("stop", 2, stop_fn)
            .export("stop", 3, stop_fn)
    }
}

pub use native::module;

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(pairs: &[(&str, Term)]) -> Term {
        Term::Map(TMap::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (Term::atom_named(k), v.clone()))
                .collect(),
        ))
    }

    fn mfa() -> Term {
        Term::tuple([
            Term::atom_named("Elixir.Agent"),
            Term::atom(atom::START_LINK),
            Term::cons(Term::int(1), Term::Nil),
        ])
    }

    fn checked(t: &Term) -> String {
        match validate_child(t) {
            Ok(Ok(t)) => format!("ok {t}"),
            Ok(Err(reason)) => format!("error {reason}"),
            Err(e) => format!("raise {}", crate::term::inspect::inspect(&e.reason)),
        }
    }

    /// What `DynamicSupervisor.start_child` gives for each flaw of a map
    /// spec, as Elixir 1.14 does: `{:invalid_child_spec, spec}` without an
    /// `:id` or a three-element `:start`, one reason per bad field, and a
    /// `CaseClauseError` for an unknown `:type`.
    #[test]
    fn map_specs_are_checked_as_elixir_does() {
        let no_id = spec(&[("start", mfa())]);
        assert_eq!(
            checked(&no_id),
            format!(
                "error {}",
                Term::tuple([Term::atom(atom::INVALID_CHILD_SPEC), no_id.clone()])
            )
        );
        let short = spec(&[
            ("id", Term::int(1)),
            (
                "start",
                Term::tuple([
                    Term::atom_named("Elixir.Agent"),
                    Term::atom(atom::START_LINK),
                ]),
            ),
        ]);
        assert!(checked(&short).starts_with("error {:invalid_child_spec, "));
        let with = |k: &str, v: Term| spec(&[("id", Term::int(1)), ("start", mfa()), (k, v)]);
        let sometimes = with("restart", Term::atom_named("sometimes"));
        assert_eq!(
            checked(&sometimes),
            "error {:invalid_restart_type, :sometimes}"
        );
        assert_eq!(
            checked(&with("shutdown", Term::int(-1))),
            "error {:invalid_shutdown, -1}"
        );
        let modules = with("modules", Term::cons(Term::int(1), Term::Nil));
        assert_eq!(checked(&modules), "error {:invalid_modules, [1]}");
        let bogus = with("type", Term::atom_named("bogus"));
        assert_eq!(checked(&bogus), "raise %CaseClauseError{term: :bogus}");
    }

    /// A spec's missing fields take Elixir's defaults, which depend on the
    /// type: a worker's shutdown is 5000, a supervisor's `:infinity`.
    #[test]
    fn map_specs_take_the_defaults_of_their_type() {
        let worker = spec(&[("id", Term::int(1)), ("start", mfa())]);
        assert_eq!(
            checked(&worker),
            "ok {{Agent, :start_link, [1]}, :permanent, 5000, :worker, [Agent]}"
        );
        let sup = spec(&[
            ("id", Term::int(1)),
            ("start", mfa()),
            ("type", Term::atom(atom::SUPERVISOR)),
            ("restart", Term::atom(atom::TEMPORARY)),
        ]);
        assert_eq!(
            checked(&sup),
            "ok {{Agent, :start_link, [1]}, :temporary, :infinity, :supervisor, [Agent]}"
        );
    }
}
