//! `Process`: links, monitors, exit signals, names, the process dictionary,
//! timers and `Process.info`, on the runtime's processes.
//!
//! The process dictionary lives in the node (one per process, dropped with
//! the node, not when the process ends). Timers of `send_after/3` are tokio
//! tasks that sleep and send; cancelling one aborts it.

use super::errors::{
    argument_error, badarg, elixir_frame, erlang_error, erlang_frame, function_clause, Def,
};
use super::kernel::{spawn_body, Body};
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Pid, Ref, Term};
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::time::Duration;
use tokio::time::Instant;

type R = Result<Term, Exception>;

const SLEEP: Def = Def {
    module: "Process",
    name: "sleep",
    arity: 1,
    kind: "def",
    file: "lib/process.ex",
    line: 250,
    clauses: &[
        "sleep(timeout) when is_integer(timeout) and timeout >= 0 when timeout == :infinity",
    ],
};

const REGISTER: Def = Def {
    module: "Process",
    name: "register",
    arity: 2,
    kind: "def",
    file: "lib/process.ex",
    line: 597,
    clauses: &["register(pid_or_port, name) when is_atom(name) and not (name === nil or name === false or name === true or name === :undefined)"],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&SLEEP, &REGISTER];

fn frame(fun: &str, arity: i64, line: i64) -> Term {
    elixir_frame("Process", fun, Term::int(arity), "lib/process.ex", line)
}

/// A BIF's `ArgumentError`. Most `Process` functions are inlined into
/// their BIF by the compiler, so iex reports the BIF's frame alone; the
/// others pass their own frame as `caller`.
fn bif_error(
    bif: &str,
    args: Vec<Term>,
    problem: (usize, &str),
    caller: Option<Term>,
) -> Exception {
    let e = badarg(bif, args, &[problem]);
    match caller {
        Some(frame) => super::errors::add_frame(e, frame),
        None => e,
    }
}

fn pid_arg(t: &Term, bif: &str, args: Vec<Term>, caller: Option<Term>) -> Result<Pid, Exception> {
    t.as_pid()
        .ok_or_else(|| bif_error(bif, args, (1, "not a pid"), caller))
}

fn alive(cx: &mut Ctx, a: Vec<Term>) -> R {
    let pid = pid_arg(&a[0], "is_process_alive", a.clone(), None)?;
    Ok(Term::bool(cx.node().is_alive(pid)))
}

async fn exit(cx: &mut Ctx, a: Vec<Term>) -> R {
    let pid = pid_arg(&a[0], "exit", a.clone(), None)?;
    cx.exit_signal(pid, a[1].clone());
    if pid == cx.self_pid() {
        cx.yield_now().await;
    }
    Ok(Term::bool(true))
}

async fn sleep(cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[0] {
        Term::Int(ms) if *ms >= 0 => cx.sleep(Some(Duration::from_millis(*ms as u64))).await,
        t if t.is_atom(atom::INFINITY) => cx.sleep(None).await,
        _ => return Err(function_clause(&SLEEP, a)),
    }
    Ok(Term::ok())
}

/// `Process.link/1`: linking to a dead process raises `:noproc` unless
/// exits are trapped (then an `{:EXIT, pid, :noproc}` message arrives).
pub fn link(cx: &mut Ctx, a: Vec<Term>) -> R {
    let pid = pid_arg(&a[0], "link", a.clone(), None)?;
    if !cx.node().is_alive(pid) && !cx.is_trapping_exits() {
        return Err(erlang_error(
            Term::atom(atom::NOPROC),
            vec![erlang_frame("link", a.clone())],
        ));
    }
    cx.link(pid);
    Ok(Term::bool(true))
}

fn unlink(cx: &mut Ctx, a: Vec<Term>) -> R {
    let pid = pid_arg(&a[0], "unlink", a.clone(), None)?;
    cx.unlink(pid);
    Ok(Term::bool(true))
}

/// `Process.monitor/1`: a PID or a registered name.
pub fn monitor(cx: &mut Ctx, a: Vec<Term>) -> R {
    match &a[0] {
        Term::Pid(p) => Ok(Term::Ref(cx.monitor(*p))),
        Term::Atom(name) => match cx.node().whereis(*name) {
            Some(p) => Ok(Term::Ref(cx.monitor(p))),
            None => {
                let r = cx.node().make_ref();
                let object = Term::tuple([a[0].clone(), Term::atom_named("nonode@nohost")]);
                let down = Term::tuple([
                    Term::atom(atom::DOWN),
                    Term::Ref(r),
                    Term::atom(atom::PROCESS),
                    object,
                    Term::atom(atom::NOPROC),
                ]);
                cx.send(cx.self_pid(), down);
                Ok(Term::Ref(r))
            }
        },
        _ => Err(badarg(
            "monitor",
            vec![Term::atom(atom::PROCESS), a[0].clone()],
            &[(2, "not a pid")],
        )),
    }
}

/// `Process.demonitor/1,2`.
pub fn demonitor(cx: &mut Ctx, a: Vec<Term>) -> R {
    let opts = a.get(1).cloned().unwrap_or(Term::Nil);
    let Term::Ref(r) = &a[0] else {
        return Err(bif_error(
            "demonitor",
            a.clone(),
            (1, "not a reference"),
            None,
        ));
    };
    let has = |o: &str| {
        opts.list_to_vec()
            .unwrap_or_default()
            .iter()
            .any(|x| x.is_atom(Atom::new(o)))
    };
    let was_active = cx.demonitor(*r, has("flush"));
    Ok(Term::bool(!has("info") || was_active))
}

fn flag(cx: &mut Ctx, a: Vec<Term>) -> R {
    let caller = None;
    if !a[0].is_atom(atom::TRAP_EXIT) {
        return Err(bif_error(
            "process_flag",
            a.clone(),
            (1, "invalid process flag"),
            caller,
        ));
    }
    match a[1].as_atom() {
        Some(b) if b.is_boolean() => Ok(Term::bool(cx.trap_exit(b == atom::TRUE))),
        _ => Err(bif_error(
            "process_flag",
            a.clone(),
            (2, "invalid value for this process flag"),
            caller,
        )),
    }
}

/// `Process.whereis/1`: the PID or `nil`.
pub fn whereis(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(name) = a[0].as_atom() else {
        return Err(bif_error(
            "whereis",
            a.clone(),
            (1, "not an atom"),
            Some(frame("whereis", 1, 653)),
        ));
    };
    Ok(cx
        .node()
        .whereis(name)
        .map(Term::Pid)
        .unwrap_or_else(Term::nil))
}

fn register(cx: &mut Ctx, a: Vec<Term>) -> R {
    let name = match a[1].as_atom() {
        Some(n) if ![atom::NIL, atom::TRUE, atom::FALSE, atom::UNDEFINED].contains(&n) => n,
        _ => return Err(function_clause(&REGISTER, a)),
    };
    let registered = match a[0].as_pid() {
        Some(pid) => cx.node().register(name, pid).is_ok(),
        None => false,
    };
    if registered {
        return Ok(Term::bool(true));
    }
    let message = format!(
        "could not register {} with name {} because it is not alive, the name is already taken, or it has already been given another name",
        inspect(&a[0]),
        inspect(&a[1])
    );
    let at = elixir_frame(
        "Process",
        "register",
        Term::list(a.clone()),
        "lib/process.ex",
        611,
    );
    Err(argument_error(&message, vec![at]))
}

fn unregister(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[0].as_atom() {
        Some(name) if cx.node().unregister(name) => Ok(Term::bool(true)),
        _ => Err(bif_error("unregister", a.clone(), (1, "not a pid"), None)),
    }
}

fn registered(cx: &mut Ctx, _a: Vec<Term>) -> R {
    let names: Vec<Term> = cx
        .node()
        .names
        .lock()
        .keys()
        .map(|n| Term::Atom(*n))
        .collect();
    Ok(Term::list(names))
}

fn list(cx: &mut Ctx, _a: Vec<Term>) -> R {
    let pids = cx.node().processes().into_iter().map(Term::Pid).collect();
    Ok(Term::list(pids))
}

/// The process dictionaries of a node's processes.
#[derive(Default)]
pub struct Dictionaries {
    map: Mutex<FxHashMap<Pid, Vec<(Term, Term)>>>,
}

impl Dictionaries {
    /// The dictionary of `pid` as `[{key, value}]`.
    pub fn of(&self, pid: Pid) -> Term {
        let map = self.map.lock();
        let pairs = map.get(&pid).cloned().unwrap_or_default();
        Term::list(
            pairs
                .into_iter()
                .map(|(k, v)| Term::tuple([k, v]))
                .collect(),
        )
    }

    fn get(&self, pid: Pid, key: &Term) -> Option<Term> {
        let map = self.map.lock();
        let entries = map.get(&pid)?;
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn put(&self, pid: Pid, key: Term, value: Term) -> Option<Term> {
        let mut map = self.map.lock();
        let entries = map.entry(pid).or_default();
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => Some(std::mem::replace(&mut entry.1, value)),
            None => {
                entries.push((key, value));
                None
            }
        }
    }

    fn delete(&self, pid: Pid, key: &Term) -> Option<Term> {
        let mut map = self.map.lock();
        let entries = map.get_mut(&pid)?;
        let i = entries.iter().position(|(k, _)| k == key)?;
        Some(entries.remove(i).1)
    }

    fn keys(&self, pid: Pid, value: Option<&Term>) -> Term {
        let map = self.map.lock();
        let entries = map.get(&pid).cloned().unwrap_or_default();
        let keys = entries
            .into_iter()
            .filter(|(_, v)| value.is_none_or(|x| x == v))
            .map(|(k, _)| k)
            .collect();
        Term::list(keys)
    }
}

fn dictionaries(cx: &Ctx) -> std::sync::Arc<Dictionaries> {
    cx.node().extension::<Dictionaries>()
}

/// `Process.get/0,1,2`.
pub fn get(cx: &mut Ctx, a: Vec<Term>) -> R {
    let d = dictionaries(cx);
    let me = cx.self_pid();
    match a.as_slice() {
        [] => Ok(d.of(me)),
        [key] => Ok(d.get(me, key).unwrap_or_else(Term::nil)),
        [key, default] => Ok(d.get(me, key).unwrap_or_else(|| default.clone())),
        _ => unreachable!("get/0,1,2"),
    }
}

/// `Process.put/2`: the previous value or `nil`.
pub fn put(cx: &mut Ctx, a: Vec<Term>) -> R {
    let old = dictionaries(cx).put(cx.self_pid(), a[0].clone(), a[1].clone());
    Ok(old.unwrap_or_else(Term::nil))
}

/// `Process.delete/1`: the deleted value or `nil`.
pub fn delete(cx: &mut Ctx, a: Vec<Term>) -> R {
    let old = dictionaries(cx).delete(cx.self_pid(), &a[0]);
    Ok(old.unwrap_or_else(Term::nil))
}

fn get_keys(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(dictionaries(cx).keys(cx.self_pid(), a.first()))
}

/// The timers of `send_after/3` still to fire.
#[derive(Default)]
pub struct Timers {
    map: Mutex<FxHashMap<Ref, (Instant, tokio::task::AbortHandle)>>,
}

/// `erlang:send_after(time, dest, msg)`: a reference to the timer.
pub fn send_after(cx: &mut Ctx, dest: &Term, msg: Term, ms: &Term) -> Result<Ref, Exception> {
    let bif_args = || vec![ms.clone(), dest.clone(), msg.clone()];
    let caller = None;
    let ms = match ms {
        Term::Int(ms) if *ms >= 0 => *ms as u64,
        _ => {
            return Err(bif_error(
                "send_after",
                bif_args(),
                (1, "out of range"),
                caller,
            ))
        }
    };
    if !matches!(dest, Term::Pid(_) | Term::Atom(_)) {
        return Err(bif_error(
            "send_after",
            bif_args(),
            (2, "not a pid or an atom"),
            caller,
        ));
    }
    let node = cx.node().clone();
    let r = node.make_ref();
    let timers = node.extension::<Timers>();
    let dest = dest.clone();
    let far = Duration::from_secs(60 * 60 * 24 * 365 * 30);
    let deadline = Instant::now()
        .checked_add(Duration::from_millis(ms))
        .unwrap_or_else(|| Instant::now() + far);
    let task = tokio::spawn({
        let node = node.clone();
        let timers = timers.clone();
        async move {
            tokio::time::sleep_until(deadline).await;
            timers.map.lock().remove(&r);
            let to = match dest {
                Term::Pid(p) => Some(p),
                Term::Atom(name) => node.whereis(name),
                _ => None,
            };
            if let Some(p) = to {
                node.send(p, msg);
            }
        }
    });
    timers.map.lock().insert(r, (deadline, task.abort_handle()));
    Ok(r)
}

fn send_after_fn(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::Ref(send_after(cx, &a[0], a[1].clone(), &a[2])?))
}

fn remaining(deadline: Instant) -> Term {
    let left = deadline.saturating_duration_since(Instant::now());
    Term::int(left.as_millis() as i64)
}

/// `Process.cancel_timer/1,2`: the time left, or `false`.
pub fn cancel_timer(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Term::Ref(r) = &a[0] else {
        return Err(bif_error(
            "cancel_timer",
            a.clone(),
            (1, "not a reference"),
            None,
        ));
    };
    let timers = cx.node().extension::<Timers>();
    let entry = timers.map.lock().remove(r);
    Ok(match entry {
        Some((deadline, handle)) => {
            handle.abort();
            remaining(deadline)
        }
        None => Term::bool(false),
    })
}

/// `Process.read_timer/1`: the time left, or `false`.
pub fn read_timer(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Term::Ref(r) = &a[0] else {
        return Err(badarg("read_timer", a.clone(), &[(1, "not a reference")]));
    };
    let timers = cx.node().extension::<Timers>();
    let entry = timers.map.lock().get(r).map(|(d, _)| *d);
    Ok(entry.map(remaining).unwrap_or_else(|| Term::bool(false)))
}

fn process_send(cx: &mut Ctx, a: Vec<Term>) -> R {
    super::kernel::send(cx, vec![a[0].clone(), a[1].clone()])?;
    Ok(Term::ok())
}

fn spawn_with_opts(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (body_args, opts) = a.split_at(a.len() - 1);
    let body = Body::from_args("spawn_opt", body_args)?;
    let opts = opts[0].list_to_vec().unwrap_or_default();
    let has = |o: &str| opts.iter().any(|x| x.is_atom(Atom::new(o)));
    let (pid, r) = spawn_body(cx, body, has("link"), has("monitor"));
    Ok(match r {
        Some(r) => Term::tuple([Term::Pid(pid), Term::Ref(r)]),
        None => Term::Pid(pid),
    })
}

const INFO_KEYS: &[&str] = &[
    "registered_name",
    "current_function",
    "initial_call",
    "status",
    "message_queue_len",
    "links",
    "dictionary",
    "trap_exit",
    "error_handler",
    "priority",
];

fn info_item(cx: &Ctx, pid: Pid, key: &str, arity: i64) -> Option<Option<Term>> {
    let info = cx.node().info(pid, Some(cx.self_pid()))?;
    let pids = |v: &[Pid]| Term::list(v.iter().map(|p| Term::Pid(*p)).collect());
    let apply2 = || {
        Term::tuple([
            Term::atom(atom::ERLANG),
            Term::atom(atom::APPLY),
            Term::int(2),
        ])
    };
    let value = match key {
        "registered_name" => info.registered_name.map(Term::Atom),
        "current_function" if pid == cx.self_pid() => Some(Term::tuple([
            Term::Atom(Atom::module("Process")),
            Term::atom_named("info"),
            Term::int(arity),
        ])),
        "current_function" | "initial_call" => {
            Some(info.initial_call.clone().unwrap_or_else(apply2))
        }
        "status" => Some(Term::atom_named(info.status.name())),
        "message_queue_len" => Some(Term::int(info.message_queue_len as i64)),
        "messages" => Some(messages(cx, pid)),
        "links" => Some(pids(&info.links)),
        "monitors" => Some(Term::list(
            info.monitors
                .iter()
                .map(|p| Term::tuple([Term::atom(atom::PROCESS), Term::Pid(*p)]))
                .collect(),
        )),
        "monitored_by" => Some(pids(&info.monitored_by)),
        "dictionary" => Some(dictionaries(cx).of(pid)),
        "trap_exit" => Some(Term::bool(info.trap_exit)),
        "error_handler" => Some(Term::atom_named("error_handler")),
        "priority" => Some(Term::atom_named("normal")),
        _ => return Some(None),
    };
    Some(Some(value.unwrap_or(Term::Nil)))
}

fn messages(cx: &Ctx, pid: Pid) -> Term {
    cx.node().mailbox(pid).map_or(Term::Nil, Term::list)
}

/// `Process.info/1,2`: a keyword list, one `{item, value}`, or `nil` for a dead process.
pub fn info(cx: &mut Ctx, a: Vec<Term>) -> R {
    let caller = || {
        Some(frame(
            "info",
            a.len() as i64,
            if a.len() == 1 { 752 } else { 773 },
        ))
    };
    let pid = pid_arg(&a[0], "process_info", a.clone(), caller())?;
    if !cx.node().is_alive(pid) {
        return Ok(Term::nil());
    }
    let invalid = || {
        bif_error(
            "process_info",
            a.clone(),
            (2, "invalid item or item list"),
            caller(),
        )
    };
    let item = |key: &str| -> Result<Option<Term>, Exception> {
        match info_item(cx, pid, key, a.len() as i64) {
            None => Ok(None),
            Some(None) => Err(invalid()),
            Some(Some(v)) => Ok(Some(Term::tuple([Term::atom_named(key), v]))),
        }
    };
    match a.get(1) {
        None => {
            let mut out = Vec::new();
            for key in INFO_KEYS {
                match item(key)? {
                    Some(t)
                        if *key == "registered_name"
                            && matches!(t.as_tuple(), Some([_, Term::Nil])) => {}
                    Some(t) => out.push(t),
                    None => return Ok(Term::nil()),
                }
            }
            Ok(Term::list(out))
        }
        Some(Term::Atom(k)) => Ok(item(k.name())?.unwrap_or_else(Term::nil)),
        Some(keys) if keys.is_list() => {
            let mut out = Vec::new();
            for k in keys.list_to_vec().unwrap_or_default() {
                let key = k.as_atom().ok_or_else(invalid)?;
                match item(key.name())? {
                    Some(t) => out.push(t),
                    None => return Ok(Term::nil()),
                }
            }
            Ok(Term::list(out))
        }
        Some(_) => Err(invalid()),
    }
}

/// The `Process` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Process"))
        .export_native("alive?", 1, with_cx!(alive))
        .export("exit", 2, suspending!(exit))
        .export("sleep", 1, suspending!(sleep))
        .export_native("link", 1, with_cx!(link))
        .export_native("unlink", 1, with_cx!(unlink))
        .export_native("monitor", 1, with_cx!(monitor))
        .export_native("demonitor", 1, with_cx!(demonitor))
        .export_native("demonitor", 2, with_cx!(demonitor))
        .export_native("flag", 2, with_cx!(flag))
        .export_native("flag", 3, with_cx!(super::erlang::process_flag3))
        .export_native("whereis", 1, with_cx!(whereis))
        .export_native("register", 2, with_cx!(register))
        .export_native("unregister", 1, with_cx!(unregister))
        .export_native("registered", 0, with_cx!(registered))
        .export_native("list", 0, with_cx!(list))
        .export_native("info", 1, with_cx!(info))
        .export_native("info", 2, with_cx!(info))
        .export_native("get", 0, with_cx!(get))
        .export_native("get", 1, with_cx!(get))
        .export_native("get", 2, with_cx!(get))
        .export_native("put", 2, with_cx!(put))
        .export_native("delete", 1, with_cx!(delete))
        .export_native("get_keys", 0, with_cx!(get_keys))
        .export_native("get_keys", 1, with_cx!(get_keys))
        .export_native("send_after", 3, with_cx!(send_after_fn))
        .export_native("send_after", 4, with_cx!(send_after_fn))
        .export_native("cancel_timer", 1, with_cx!(cancel_timer))
        .export_native("cancel_timer", 2, with_cx!(cancel_timer))
        .export_native("read_timer", 1, with_cx!(read_timer))
        .export_native("send", 3, with_cx!(process_send))
        .export_native("spawn", 2, with_cx!(spawn_with_opts))
        .export_native("spawn", 4, with_cx!(spawn_with_opts))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::inspect::inspect;
    use crate::term::{Atom, Term};

    fn process(f: &str) -> (Atom, Atom) {
        (Atom::module("Process"), Atom::new(f))
    }

    #[test]
    fn registering_twice_explains_why_it_failed() {
        let text = run(|mut cx| async move {
            let me = Term::Pid(cx.self_pid());
            let (m, f) = process("register");
            cx.apply(m, f, vec![me.clone(), atom("shell_proc")])
                .await
                .unwrap();
            let e = cx.apply(m, f, vec![me, atom("other")]).await.unwrap_err();
            (describe(&e), top_frame(&e))
        });
        assert!(text
            .0
            .starts_with("** (ArgumentError) could not register #PID<0."));
        assert!(text.0.ends_with(" with name :other because it is not alive, the name is already taken, or it has already been given another name"));
        assert!(text.1.starts_with("{Process, :register, [#PID<0."));
    }

    #[test]
    fn whereis_gives_nil_for_unknown_names() {
        assert_eq!(show("Process", "whereis", vec![atom("nobody")]), "nil");
        assert_eq!(
            show("Process", "unregister", vec![atom("nobody")]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a pid\n"
        );
    }

    #[test]
    fn the_message_queue_length_is_reported() {
        let text = run(|mut cx| async move {
            let me = cx.self_pid();
            cx.send(me, atom("a"));
            cx.send(me, atom("b"));
            let (m, f) = process("info");
            let one = cx
                .apply(m, f, vec![Term::Pid(me), atom("message_queue_len")])
                .await
                .unwrap();
            let all = cx.apply(m, f, vec![Term::Pid(me)]).await.unwrap();
            (inspect(&one), inspect(&all))
        });
        assert_eq!(text.0, "{:message_queue_len, 2}");
        assert!(text
            .1
            .starts_with("[current_function: {Process, :info, 1}, initial_call: "));
        assert!(text.1.contains(
            "status: :running, message_queue_len: 2, links: [], dictionary: [], trap_exit: false"
        ));
    }

    #[test]
    fn trap_exit_returns_the_old_value() {
        let text = run(|mut cx| async move {
            let (m, f) = process("flag");
            let a = cx
                .apply(m, f, vec![atom("trap_exit"), Term::bool(true)])
                .await
                .unwrap();
            let b = cx
                .apply(m, f, vec![atom("trap_exit"), Term::bool(false)])
                .await
                .unwrap();
            (inspect(&a), inspect(&b))
        });
        assert_eq!(text, ("false".to_owned(), "true".to_owned()));
    }

    #[test]
    fn the_dictionary_keeps_values_per_process() {
        let text = run(|mut cx| async move {
            let put = process("put");
            let get = process("get");
            let a = cx
                .apply(put.0, put.1, vec![atom("a"), int(1)])
                .await
                .unwrap();
            let b = cx
                .apply(put.0, put.1, vec![atom("a"), int(2)])
                .await
                .unwrap();
            let c = cx.apply(get.0, get.1, vec![atom("a")]).await.unwrap();
            let d = cx.apply(get.0, get.1, vec![]).await.unwrap();
            format!(
                "{} {} {} {}",
                inspect(&a),
                inspect(&b),
                inspect(&c),
                inspect(&d)
            )
        });
        assert_eq!(text, "nil 1 2 [a: 2]");
    }

    #[test]
    fn send_after_delivers_later_and_can_be_cancelled() {
        let text = run(|mut cx| async move {
            let me = Term::Pid(cx.self_pid());
            let (m, f) = process("send_after");
            let r1 = cx
                .apply(m, f, vec![me.clone(), atom("late"), int(100)])
                .await
                .unwrap();
            let r2 = cx
                .apply(m, f, vec![me, atom("never"), int(50)])
                .await
                .unwrap();
            let (m, cancel) = process("cancel_timer");
            let left = cx.apply(m, cancel, vec![r2]).await.unwrap();
            let got = cx.receive_any().await;
            let again = cx.apply(m, cancel, vec![r1]).await.unwrap();
            format!("{} {} {}", inspect(&left), inspect(&got), inspect(&again))
        });
        assert_eq!(text, "50 :late false");
    }

    #[test]
    fn sleep_rejects_negative_times() {
        assert_eq!(show("Process", "sleep", vec![int(10)]), ":ok");
        assert!(show("Process", "sleep", vec![int(-1)]).starts_with(
            "** (FunctionClauseError) no function clause matching in Process.sleep/1"
        ));
    }
}
