//! Starting and stopping one child, and the restart intensity limit: the
//! parts static and dynamic supervisors share.

use crate::otp::child_spec::Shutdown;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Kind, Pid, Ref, Term};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::time::Duration;
use tokio::time::Instant;

/// How a start function's result is read.
#[derive(Clone, Copy)]
pub(crate) enum StartStyle {
    /// `:supervisor`: a crash in the start function is `{:EXIT, reason}`.
    Supervisor,
    /// `DynamicSupervisor`: a raise is `{exception, stack}`, a throw
    /// `{{:nocatch, value}, stack}`, an exit its bare reason.
    Dynamic,
}

/// The result of running a child's start function.
pub(crate) enum Outcome {
    /// Started: `result` is what the start function returned (`{:ok, pid}`,
    /// `{:ok, pid, info}` or `:ignore`), `pid` is `None` for `:ignore`.
    Started { pid: Option<Pid>, result: Term },
    /// The reason: of an `{:error, reason}`, of a start function that
    /// raised, threw or exited, or anything unexpected it returned.
    Failed(Term),
}

/// What `Supervisor.start_child/2` and `restart_child/2` answer for a
/// start: `{:ok, pid}`, `{:ok, pid, info}`, or `{:ok, :undefined}` for `:ignore`.
pub(crate) fn started_reply(pid: Option<Pid>, result: &Term) -> Term {
    match (pid, result.as_tuple()) {
        (Some(_), Some(_)) => result.clone(),
        _ => Term::ok_tuple(Term::atom(atom::UNDEFINED)),
    }
}

/// Applies the child's start `{m, f, args}` and reads the result as OTP does.
pub(crate) async fn start_child(
    cx: &mut Ctx,
    m: Atom,
    f: Atom,
    args: Vec<Term>,
    style: StartStyle,
) -> Outcome {
    match cx.apply(m, f, args).await {
        Ok(result) => read_start_result(result),
        Err(e) => Outcome::Failed(crash_reason(e, style)),
    }
}

fn read_start_result(result: Term) -> Outcome {
    if result.is_atom(atom::IGNORE) {
        return Outcome::Started { pid: None, result };
    }
    match result.as_tuple() {
        Some([ok, Term::Pid(p)]) | Some([ok, Term::Pid(p), _]) if ok.is_atom(atom::OK) => {
            Outcome::Started {
                pid: Some(*p),
                result,
            }
        }
        Some([e, reason]) if e.is_atom(atom::ERROR) => Outcome::Failed(reason.clone()),
        _ => Outcome::Failed(result),
    }
}

fn crash_reason(e: Exception, style: StartStyle) -> Term {
    match (style, e.kind) {
        (StartStyle::Supervisor, Kind::Throw) => e.reason,
        (StartStyle::Supervisor, Kind::Exit) => Term::tuple([Term::atom(atom::EXIT), e.reason]),
        (StartStyle::Supervisor, Kind::Error) => Term::tuple([
            Term::atom(atom::EXIT),
            with_supervisor_frames(e).exit_reason(),
        ]),
        (StartStyle::Dynamic, Kind::Exit) => e.reason,
        (StartStyle::Dynamic, _) => with_dynamic_supervisor_frames(e.exit_reason()),
    }
}

/// The frames the BEAM keeps of a stack (its default `backtrace_depth`):
/// the outermost are cut.
const BACKTRACE_DEPTH: usize = 8;

/// A stack frame as a table row: module, function, arity, file, line.
type FrameRow = (&'static str, &'static str, i64, &'static str, i64);

/// What DynamicSupervisor and gen_server add under a start function that
/// raised or threw while a DynamicSupervisor started it.
#[rustfmt::skip]
const DYNAMIC_SUPERVISOR_FRAMES: [FrameRow; 5] = [
    ("Elixir.DynamicSupervisor", "start_child", 3, "lib/dynamic_supervisor.ex", 745),
    ("Elixir.DynamicSupervisor", "handle_start_child", 2, "lib/dynamic_supervisor.ex", 731),
    ("gen_server", "try_handle_call", 4, "gen_server.erl", 1149),
    ("gen_server", "handle_msg", 6, "gen_server.erl", 1178),
    ("proc_lib", "init_p_do_apply", 3, "proc_lib.erl", 240),
];

/// What OTP's supervisor adds under a start function that raised while the
/// supervisor started its children.
#[rustfmt::skip]
const SUPERVISOR_FRAMES: [FrameRow; 7] = [
    ("supervisor", "do_start_child_i", 3, "supervisor.erl", 414),
    ("supervisor", "do_start_child", 2, "supervisor.erl", 400),
    ("supervisor", "-start_children/2-fun-0-", 3, "supervisor.erl", 384),
    ("supervisor", "children_map", 4, "supervisor.erl", 1250),
    ("supervisor", "init_children", 2, "supervisor.erl", 350),
    ("gen_server", "init_it", 2, "gen_server.erl", 851),
    ("gen_server", "init_it", 6, "gen_server.erl", 814),
];

/// The stack frame terms of `rows`.
fn frames(rows: &[FrameRow]) -> impl Iterator<Item = Term> + '_ {
    use crate::otp::gen_server::report::frame;
    rows.iter()
        .map(|&(module, fun, arity, file, line)| frame(module, fun, arity, file, line))
}

/// A DynamicSupervisor's `{reason, stack}` for a start function that raised
/// or threw: the stack goes on with DynamicSupervisor's own frames.
fn with_dynamic_supervisor_frames(reason: Term) -> Term {
    let Some([why, stack]) = reason.as_tuple() else {
        return reason;
    };
    let Some(mut stack) = stack.list_to_vec() else {
        return reason;
    };
    stack.extend(frames(&DYNAMIC_SUPERVISOR_FRAMES));
    stack.truncate(BACKTRACE_DEPTH);
    Term::tuple([why.clone(), Term::list(stack)])
}

/// The exception of a start function that raised while the supervisor
/// started its children, its stack going on with the supervisor's frames.
fn with_supervisor_frames(mut e: Exception) -> Exception {
    let mut stack = e.stack.list_to_vec().unwrap_or_default();
    stack.extend(frames(&SUPERVISOR_FRAMES));
    stack.truncate(BACKTRACE_DEPTH);
    e.stack = Term::list(stack);
    e
}

/// Stops one child as its shutdown policy says and waits until it is gone.
/// Returns the reason it died with.
pub(crate) async fn shutdown_child(cx: &mut Ctx, pid: Pid, how: Shutdown) -> Term {
    let mut pending = shutdown_many(cx, vec![(pid, how)]).await;
    pending.remove(&pid).unwrap_or(Term::atom(atom::NOPROC))
}

/// Stops many children at once (a dynamic supervisor's way): every one gets
/// its exit signal first, then the supervisor waits for them all, killing
/// those still alive when their shutdown time is up.
pub(crate) async fn shutdown_many(
    cx: &mut Ctx,
    children: Vec<(Pid, Shutdown)>,
) -> FxHashMap<Pid, Term> {
    let mut waiting: FxHashMap<Ref, Pid> = FxHashMap::default();
    let mut reasons = FxHashMap::default();
    let mut longest: Option<Duration> = Some(Duration::ZERO);
    for (pid, how) in children {
        let r = cx.monitor(pid);
        cx.unlink(pid);
        waiting.insert(r, pid);
        match how {
            Shutdown::BrutalKill => cx.exit_signal(pid, Term::atom(atom::KILL)),
            Shutdown::Timeout(d) => {
                cx.exit_signal(pid, Term::atom(atom::SHUTDOWN));
                longest = longest.map(|l| l.max(d));
            }
            Shutdown::Infinity => {
                cx.exit_signal(pid, Term::atom(atom::SHUTDOWN));
                longest = None;
            }
        }
    }
    let deadline = longest.map(|d| Instant::now() + d);
    while !waiting.is_empty() {
        // Take every DOWN that has arrived in one pass, then wait for more.
        for (r, reason) in cx.take_all(|m| take_down(m, &waiting)) {
            if let Some(pid) = waiting.remove(&r) {
                reasons.insert(pid, reason);
            }
        }
        if waiting.is_empty() {
            break;
        }
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        match cx.receive(|m| take_down(m, &waiting), left).await {
            Some((r, reason)) => {
                if let Some(pid) = waiting.remove(&r) {
                    reasons.insert(pid, reason);
                }
            }
            None => {
                for pid in waiting.values() {
                    cx.exit_signal(*pid, Term::atom(atom::KILL));
                }
                let rest = std::mem::take(&mut waiting);
                for (r, pid) in rest {
                    let reason = cx
                        .receive(|m| take_down(m, &[(r, pid)].into_iter().collect()), None)
                        .await;
                    reasons.insert(
                        pid,
                        reason
                            .map(|(_, why)| why)
                            .unwrap_or(Term::atom(atom::KILLED)),
                    );
                }
            }
        }
    }
    drop_exit_messages(cx, &reasons);
    reasons
}

fn take_down(m: &Term, waiting: &FxHashMap<Ref, Pid>) -> Option<(Ref, Term)> {
    match m.as_tuple() {
        Some([d, Term::Ref(r), _, _, reason])
            if d.is_atom(atom::DOWN) && waiting.contains_key(r) =>
        {
            Some((*r, reason.clone()))
        }
        _ => None,
    }
}

/// A child that died just before it was unlinked left an `{:EXIT, ...}`: drop it.
fn drop_exit_messages(cx: &mut Ctx, gone: &FxHashMap<Pid, Term>) {
    cx.discard_messages(|m| matches!(m.as_tuple(), Some([e, Term::Pid(p), _]) if e.is_atom(atom::EXIT) && gone.contains_key(p)));
}

/// OTP's restart intensity: at most `max` restarts within `period`.
pub(crate) struct Intensity {
    max: u32,
    period: Duration,
    restarts: VecDeque<Instant>,
}

impl Intensity {
    pub fn new(max: u32, period: Duration) -> Intensity {
        Intensity {
            max,
            period,
            restarts: VecDeque::new(),
        }
    }

    /// The budget: restarts allowed per period.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// The budget's period, in seconds.
    pub fn period_secs(&self) -> u64 {
        self.period.as_secs()
    }

    /// Restarts within the period up to now.
    pub fn recent(&self) -> u32 {
        let now = Instant::now();
        self.restarts
            .iter()
            .filter(|t| now.duration_since(**t) <= self.period)
            .count() as u32
    }

    /// Records a restart; false when that makes one too many.
    pub fn add_restart(&mut self) -> bool {
        let now = Instant::now();
        self.restarts.push_back(now);
        while let Some(first) = self.restarts.front() {
            if now.duration_since(*first) > self.period {
                self.restarts.pop_front();
            } else {
                break;
            }
        }
        self.restarts.len() as u32 <= self.max
    }
}

/// True when a child that exited with `reason` under `restart` must come back.
pub(crate) fn needs_restart(restart: crate::otp::child_spec::Restart, reason: &Term) -> bool {
    use crate::otp::child_spec::Restart;
    match restart {
        Restart::Permanent => true,
        Restart::Temporary => false,
        Restart::Transient => !crate::otp::gen_server::is_quiet_exit(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intensity_allows_max_restarts_then_refuses() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let mut i = Intensity::new(2, Duration::from_secs(5));
            assert!(i.add_restart());
            assert!(i.add_restart());
            assert!(!i.add_restart());
        });
    }

    #[test]
    fn old_restarts_fall_out_of_the_period() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let mut i = Intensity::new(1, Duration::from_secs(5));
            assert!(i.add_restart());
            tokio::time::sleep(Duration::from_secs(6)).await;
            assert!(i.add_restart());
        });
    }
}
