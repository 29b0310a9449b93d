//! DynamicSupervisor, Registry, Agent and Task through their modules, as
//! the language calls them, checked against the dynsup_*, registry_*,
//! agent_* and task_* transcripts recorded from real iex.

use crate::otp::boot::boot;
use crate::otp::test_util::run_captured;
use crate::runtime::Ctx;
use crate::term::build::keyword;
use crate::term::fun::pure;
use crate::term::{atom, Atom, Term};
use std::future::Future;

/// Runs `body` in a process on a booted node; returns its result and the console text.
fn session<F, Fut, T>(body: F) -> (T, String)
where
    F: FnOnce(Ctx) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    run_captured(|node| async move {
        boot(&node);
        node.run(body).await
    })
}

async fn call(cx: &mut Ctx, m: &str, f: &str, args: Vec<Term>) -> Term {
    match cx.apply(Atom::module(m), Atom::new(f), args).await {
        Ok(t) => t,
        Err(e) => Term::string(&e.banner()),
    }
}

fn value_fn(v: Term) -> Term {
    pure("value", 0, move |_| Ok(v.clone()))
}

fn identity() -> Term {
    pure("identity", 1, |args| Ok(args[0].clone()))
}

fn agent_child(v: &str) -> Term {
    Term::tuple([Term::atom(atom::AGENT), value_fn(Term::atom_named(v))])
}

fn pid_of(t: &Term) -> Term {
    t.as_tuple().unwrap()[1].clone()
}

#[test]
fn dynamic_supervisor_caps_children_and_frees_slots() {
    let (got, _) = session(|mut cx| async move {
        let opts = keyword(vec![
            ("strategy", Term::atom(atom::ONE_FOR_ONE)),
            ("max_children", Term::int(2)),
        ]);
        let sup = pid_of(&call(&mut cx, "DynamicSupervisor", "start_link", vec![opts]).await);
        let a = call(
            &mut cx,
            "DynamicSupervisor",
            "start_child",
            vec![sup.clone(), agent_child("a")],
        )
        .await;
        let _b = call(
            &mut cx,
            "DynamicSupervisor",
            "start_child",
            vec![sup.clone(), agent_child("b")],
        )
        .await;
        let third = call(
            &mut cx,
            "DynamicSupervisor",
            "start_child",
            vec![sup.clone(), agent_child("c")],
        )
        .await;
        let count = call(
            &mut cx,
            "DynamicSupervisor",
            "count_children",
            vec![sup.clone()],
        )
        .await;
        let t1 = call(
            &mut cx,
            "DynamicSupervisor",
            "terminate_child",
            vec![sup.clone(), pid_of(&a)],
        )
        .await;
        let t2 = call(
            &mut cx,
            "DynamicSupervisor",
            "terminate_child",
            vec![sup.clone(), pid_of(&a)],
        )
        .await;
        let c = call(
            &mut cx,
            "DynamicSupervisor",
            "start_child",
            vec![sup.clone(), agent_child("c")],
        )
        .await;
        let which = call(
            &mut cx,
            "DynamicSupervisor",
            "which_children",
            vec![sup.clone()],
        )
        .await;
        (third, count, t1, t2, c, which)
    });
    assert_eq!(got.0.to_string(), "{:error, :max_children}");
    assert_eq!(
        got.1.to_string(),
        "%{active: 2, specs: 2, supervisors: 0, workers: 2}"
    );
    assert_eq!(got.2, Term::ok());
    assert_eq!(got.3.to_string(), "{:error, :not_found}");
    assert!(got.4.to_string().starts_with("{:ok, #PID<"));
    assert!(
        got.5.to_string().starts_with("[{:undefined, #PID<"),
        "{}",
        got.5
    );
    assert!(
        got.5.to_string().ends_with(":worker, [Agent]}]"),
        "{}",
        got.5
    );
}

#[test]
fn dynamic_supervisor_restarts_by_restart_type() {
    let (got, _) = session(|mut cx| async move {
        let sup = pid_of(
            &call(
                &mut cx,
                "DynamicSupervisor",
                "start_link",
                vec![keyword(vec![("strategy", Term::atom(atom::ONE_FOR_ONE))])],
            )
            .await,
        );
        let mut pids = vec![];
        for (v, restart) in [
            ("perm", "permanent"),
            ("temp", "temporary"),
            ("trans", "transient"),
        ] {
            let spec = call(
                &mut cx,
                "Supervisor",
                "child_spec",
                vec![
                    agent_child(v),
                    keyword(vec![("restart", Term::atom_named(restart))]),
                ],
            )
            .await;
            pids.push(pid_of(
                &call(
                    &mut cx,
                    "DynamicSupervisor",
                    "start_child",
                    vec![sup.clone(), spec],
                )
                .await,
            ));
        }
        for p in &pids {
            cx.exit_signal(p.as_pid().unwrap(), Term::atom(atom::KILL));
        }
        cx.until_others_quiet().await;
        let which = call(
            &mut cx,
            "DynamicSupervisor",
            "which_children",
            vec![sup.clone()],
        )
        .await;
        let mut values = vec![];
        for child in which.list_to_vec().unwrap() {
            let pid = child.as_tuple().unwrap()[1].clone();
            values.push(call(&mut cx, "Agent", "get", vec![pid, identity()]).await);
        }
        values.sort();
        // A transient child stopped with :normal is not restarted.
        let which = call(
            &mut cx,
            "DynamicSupervisor",
            "which_children",
            vec![sup.clone()],
        )
        .await;
        for child in which.list_to_vec().unwrap() {
            let pid = child.as_tuple().unwrap()[1].clone();
            if call(&mut cx, "Agent", "get", vec![pid.clone(), identity()]).await
                == Term::atom_named("trans")
            {
                call(
                    &mut cx,
                    "Agent",
                    "stop",
                    vec![pid, Term::atom(atom::NORMAL)],
                )
                .await;
            }
        }
        cx.until_others_quiet().await;
        let count = call(&mut cx, "DynamicSupervisor", "count_children", vec![sup]).await;
        (Term::list(values), count)
    });
    assert_eq!(got.0.to_string(), "[:perm, :trans]");
    assert_eq!(
        got.1.to_string(),
        "%{active: 1, specs: 1, supervisors: 0, workers: 1}"
    );
}

#[test]
fn extra_arguments_that_agent_cannot_take_give_a_function_clause_error() {
    let (got, _) = session(|mut cx| async move {
        let opts = keyword(vec![
            ("strategy", Term::atom(atom::ONE_FOR_ONE)),
            (
                "extra_arguments",
                Term::list(vec![Term::atom_named("pool")]),
            ),
        ]);
        let sup = pid_of(&call(&mut cx, "DynamicSupervisor", "start_link", vec![opts]).await);
        call(
            &mut cx,
            "DynamicSupervisor",
            "start_child",
            vec![sup, agent_child("x")],
        )
        .await
    });
    let text = got.to_string();
    assert!(
        text.starts_with("{:error, {:function_clause, [{Agent, :start_link, [:pool, #Function<"),
        "{text}"
    );
    assert!(text.contains(
        "{DynamicSupervisor, :start_child, 3, [file: 'lib/dynamic_supervisor.ex', line: 745]}"
    ));
}

#[test]
fn registry_unique_keys_register_lookup_and_clean_up_after_the_dead() {
    let (got, _) = session(|mut cx| async move {
        let reg = Term::atom_named("Elixir.MyReg");
        let opts = keyword(vec![
            ("keys", Term::atom(atom::UNIQUE)),
            ("name", reg.clone()),
        ]);
        let started = call(&mut cx, "Registry", "start_link", vec![opts]).await;
        let r1 = call(
            &mut cx,
            "Registry",
            "register",
            vec![
                reg.clone(),
                Term::string("alice"),
                Term::atom_named("meta_a"),
            ],
        )
        .await;
        let r2 = call(
            &mut cx,
            "Registry",
            "register",
            vec![
                reg.clone(),
                Term::string("alice"),
                Term::atom_named("again"),
            ],
        )
        .await;
        call(
            &mut cx,
            "Registry",
            "register",
            vec![reg.clone(), Term::string("bob"), Term::int(42)],
        )
        .await;
        let me = Term::Pid(cx.self_pid());
        let keys = call(&mut cx, "Registry", "keys", vec![reg.clone(), me.clone()]).await;
        let reg2 = reg.clone();
        let other = cx.spawn(move |mut c| async move {
            let t = crate::otp::registry::table(&c, &reg2).unwrap();
            let _ = t.register(
                c.node(),
                Term::string("carol"),
                c.self_pid(),
                Term::atom_named("c"),
            );
            c.link(t.partition);
            c.receive_any().await;
            Term::atom(atom::NORMAL)
        });
        cx.until_others_quiet().await;
        let carol = call(
            &mut cx,
            "Registry",
            "lookup",
            vec![reg.clone(), Term::string("carol")],
        )
        .await;
        cx.send(other, Term::atom_named("stop"));
        cx.until_others_quiet().await;
        let carol_after = call(
            &mut cx,
            "Registry",
            "lookup",
            vec![reg.clone(), Term::string("carol")],
        )
        .await;
        let update = call(
            &mut cx,
            "Registry",
            "update_value",
            vec![
                reg.clone(),
                Term::string("bob"),
                pure("inc", 1, |a| Ok(Term::int(a[0].as_int().unwrap() + 1))),
            ],
        )
        .await;
        let unknown = call(
            &mut cx,
            "Registry",
            "lookup",
            vec![Term::atom_named("Elixir.NoSuchRegistry"), Term::string("x")],
        )
        .await;
        (
            started,
            r1,
            r2,
            keys,
            carol,
            carol_after,
            update,
            unknown,
            me,
            other,
        )
    });
    let (started, r1, r2, keys, carol, carol_after, update, unknown, me, other) = got;
    assert!(started.to_string().starts_with("{:ok, #PID<"));
    assert!(r1.to_string().starts_with("{:ok, #PID<"));
    assert_ne!(
        pid_of(&r1),
        pid_of(&started),
        "the owner is the partition, not the registry"
    );
    assert_eq!(
        r2.to_string(),
        format!("{{:error, {{:already_registered, {me}}}}}")
    );
    assert_eq!(keys.to_string(), "[\"bob\", \"alice\"]");
    assert_eq!(carol.to_string(), format!("[{{{}, :c}}]", Term::Pid(other)));
    assert_eq!(carol_after, Term::Nil);
    assert_eq!(update.to_string(), "{43, 42}");
    assert_eq!(
        unknown.as_str().unwrap(),
        "** (ArgumentError) unknown registry: NoSuchRegistry"
    );
}

#[test]
fn via_registry_names_start_find_and_forget_servers() {
    let (got, _) = session(|mut cx| async move {
        let reg = Term::atom_named("Elixir.Names");
        call(
            &mut cx,
            "Registry",
            "start_link",
            vec![keyword(vec![
                ("keys", Term::atom(atom::UNIQUE)),
                ("name", reg.clone()),
            ])],
        )
        .await;
        let name = Term::tuple([
            Term::atom(atom::VIA),
            Term::atom(atom::REGISTRY),
            Term::tuple([reg.clone(), Term::string("counter")]),
        ]);
        let first = call(
            &mut cx,
            "Agent",
            "start",
            vec![
                value_fn(Term::int(0)),
                keyword(vec![("name", name.clone())]),
            ],
        )
        .await;
        let second = call(
            &mut cx,
            "Agent",
            "start",
            vec![
                value_fn(Term::int(0)),
                keyword(vec![("name", name.clone())]),
            ],
        )
        .await;
        call(
            &mut cx,
            "Agent",
            "update",
            vec![
                name.clone(),
                pure("inc", 1, |a| Ok(Term::int(a[0].as_int().unwrap() + 1))),
            ],
        )
        .await;
        let value = call(&mut cx, "Agent", "get", vec![name.clone(), identity()]).await;
        cx.exit_signal(pid_of(&first).as_pid().unwrap(), Term::atom(atom::KILL));
        cx.until_others_quiet().await;
        let after = call(
            &mut cx,
            "Registry",
            "lookup",
            vec![reg.clone(), Term::string("counter")],
        )
        .await;
        let gone = call(&mut cx, "Agent", "get", vec![name.clone(), identity()]).await;
        (first, second, value, after, gone)
    });
    let (first, second, value, after, gone) = got;
    assert_eq!(
        second.to_string(),
        format!("{{:error, {{:already_started, {}}}}}", pid_of(&first))
    );
    assert_eq!(value, Term::int(1));
    assert_eq!(after, Term::Nil);
    assert!(gone.as_str().unwrap().starts_with("** (exit) exited in: GenServer.call({:via, Registry, {Names, \"counter\"}}, {:get, #Function<"));
    assert!(gone.as_str().unwrap().contains("** (EXIT) no process"));
}

#[test]
fn agent_round_trips_state_and_a_stopped_agent_exits_with_noproc() {
    let (got, _) = session(|mut cx| async move {
        let started = call(&mut cx, "Agent", "start_link", vec![value_fn(Term::Nil)]).await;
        let agent = pid_of(&started);
        let push = |s: &'static str| {
            pure("push", 1, move |a| {
                Ok(Term::cons(Term::string(s), a[0].clone()))
            })
        };
        call(
            &mut cx,
            "Agent",
            "update",
            vec![agent.clone(), push("eggs")],
        )
        .await;
        let gau = pure("gau", 1, |a| {
            let len = a[0].list_to_vec().unwrap().len() as i64;
            Ok(Term::tuple([
                Term::int(len),
                Term::cons(Term::string("milk"), a[0].clone()),
            ]))
        });
        let n = call(&mut cx, "Agent", "get_and_update", vec![agent.clone(), gau]).await;
        call(&mut cx, "Agent", "cast", vec![agent.clone(), push("bread")]).await;
        let all = call(&mut cx, "Agent", "get", vec![agent.clone(), identity()]).await;
        let stopped = call(&mut cx, "Agent", "stop", vec![agent.clone()]).await;
        let after = call(&mut cx, "Agent", "get", vec![agent.clone(), identity()]).await;
        (n, all, stopped, after)
    });
    assert_eq!(got.0, Term::int(1));
    assert_eq!(got.1.to_string(), "[\"bread\", \"milk\", \"eggs\"]");
    assert_eq!(got.2, Term::ok());
    assert!(got.3.as_str().unwrap().contains("** (EXIT) no process"));
}

#[test]
fn task_await_returns_the_result_and_times_out_without_a_late_message() {
    let (got, _) = session(|mut cx| async move {
        let task = call(&mut cx, "Task", "async", vec![value_fn(Term::int(2))]).await;
        let two = call(&mut cx, "Task", "await", vec![task]).await;
        let slow = crate::term::fun::RustFun::term("slow", 0, |cx, _| {
            Box::pin(async move {
                cx.sleep(Some(std::time::Duration::from_millis(300))).await;
                Ok(Term::atom_named("late"))
            })
        });
        let task = call(&mut cx, "Task", "async", vec![slow]).await;
        let timeout = call(&mut cx, "Task", "await", vec![task, Term::int(100)]).await;
        cx.sleep(Some(std::time::Duration::from_millis(400))).await;
        (two, timeout, cx.drain_mailbox())
    });
    assert_eq!(got.0, Term::int(2));
    let t = got.1.as_str().unwrap().to_owned();
    assert!(
        t.starts_with(
            "** (exit) exited in: Task.await(%Task{mfa: {:erlang, :apply, 2}, owner: #PID<"
        ),
        "{t}"
    );
    assert!(t.ends_with("100)\n    ** (EXIT) time out"), "{t}");
    assert!(got.2.is_empty(), "{:?}", got.2);
}

#[test]
fn a_raising_task_logs_its_report_and_takes_its_linked_owner_down() {
    let (got, out) = run_captured(|node| async move {
        boot(&node);
        let n = node.clone();
        let owner = node.spawn(Default::default(), |mut cx| async move {
            let boom = pure("boom", 0, |_| {
                Err(crate::term::Exception::runtime_error("task boom"))
            });
            let task = cx
                .apply(atom::TASK, Atom::new("async"), vec![boom])
                .await
                .unwrap();
            let _ = cx.apply(atom::TASK, Atom::new("await"), vec![task]).await;
            Term::atom(atom::NORMAL)
        });
        n.until_quiet().await;
        (owner, n.is_alive(owner))
    });
    assert!(!got.1);
    assert!(
        out.contains(&format!(
            "started from {} terminating\n** (RuntimeError) task boom\n",
            got.0
        )),
        "{out}"
    );
    assert!(out.contains("\nFunction: #Function<"), "{out}");
    assert!(out.ends_with("    Args: []\n"), "{out}");
}

/// `Starter.start_link(how)`: `:extra` starts an Agent and answers
/// `{:ok, pid, :extra_info}`; `:ignore`, `:bad`
/// (`{:error, {:bad, [:x]}}`) and `:other` (`:what`) start nothing;
/// `:raise` raises `"boom"` and `:throw` throws `:ball`.
fn load_starter(cx: &Ctx) {
    use crate::otp::native::NativeModule;
    use crate::term::fun::CallFuture;
    fn start_link<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        Box::pin(async move {
            let how = args[0].as_atom().map(|a| a.name().to_string());
            Ok(match how.as_deref() {
                Some("extra") => {
                    let started = call(cx, "Agent", "start_link", vec![identity_value()]).await;
                    Term::tuple([
                        Term::atom(atom::OK),
                        pid_of(&started),
                        Term::atom_named("extra_info"),
                    ])
                }
                Some("ignore") => Term::atom(atom::IGNORE),
                Some("raise") => return Err(crate::term::Exception::runtime_error("boom")),
                Some("throw") => {
                    return Err(crate::term::Exception::throw(Term::atom_named("ball")))
                }
                Some("bad") => Term::error_tuple(Term::tuple([
                    Term::atom_named("bad"),
                    Term::list(vec![Term::atom_named("x")]),
                ])),
                _ => Term::atom_named("what"),
            })
        })
    }
    let m = NativeModule::new(Atom::module("Starter")).export("start_link", 1, start_link);
    cx.node().load_module(std::sync::Arc::new(m));
}

fn identity_value() -> Term {
    value_fn(Term::int(1))
}

/// `%{id: id, start: {Starter, :start_link, [how]}}`.
fn starter_spec(id: &str, how: &str) -> Term {
    let start = Term::tuple([
        Term::Atom(Atom::module("Starter")),
        Term::atom(atom::START_LINK),
        Term::list(vec![Term::atom_named(how)]),
    ]);
    Term::Map(crate::term::TMap::from_pairs(vec![
        (Term::atom(atom::ID), Term::atom_named(id)),
        (Term::atom(atom::START), start),
    ]))
}

/// `DynamicSupervisor.start_child(sup, starter_spec("w", how))` for each
/// `how`, in order: the answers.
async fn start_starters(cx: &mut Ctx, sup: &Term, hows: &[&str]) -> Vec<Term> {
    let mut out = Vec::new();
    for how in hows {
        let spec = starter_spec("w", how);
        out.push(
            call(
                cx,
                "DynamicSupervisor",
                "start_child",
                vec![sup.clone(), spec],
            )
            .await,
        );
    }
    out
}

/// Both supervisors answer a start with what the start function returned:
/// `{:ok, pid, info}` keeps its info, `{:error, reason}` is passed on as it
/// is (no stack frames added), anything else is `{:error, other}`
/// (checked against Elixir 1.14).
#[test]
fn supervisors_answer_starts_with_the_start_functions_result() {
    let (got, _) = session(|mut cx| async move {
        load_starter(&cx);
        let opts = keyword(vec![("strategy", Term::atom(atom::ONE_FOR_ONE))]);
        let dsup = pid_of(
            &call(
                &mut cx,
                "DynamicSupervisor",
                "start_link",
                vec![opts.clone()],
            )
            .await,
        );
        let mut out = start_starters(&mut cx, &dsup, &["bad", "extra", "other", "ignore"]).await;
        out.push(call(&mut cx, "DynamicSupervisor", "count_children", vec![dsup]).await);
        let sup = pid_of(&call(&mut cx, "Supervisor", "start_link", vec![Term::Nil, opts]).await);
        let a = Term::atom_named("a");
        let requests = [
            ("start_child", starter_spec("a", "extra")),
            ("start_child", starter_spec("b", "ignore")),
            ("terminate_child", a.clone()),
            ("restart_child", a),
        ];
        for (fun, arg) in requests {
            out.push(call(&mut cx, "Supervisor", fun, vec![sup.clone(), arg]).await);
        }
        out.iter().map(|t| t.to_string()).collect::<Vec<_>>()
    });
    let shape: Vec<String> = got
        .iter()
        .map(|s| {
            let mut s = s.clone();
            while let Some(i) = s.find("#PID<") {
                let j = s[i..].find('>').expect("a PID ends") + i;
                s.replace_range(i..=j, "PID");
            }
            s
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            "{:error, {:bad, [:x]}}",
            "{:ok, PID, :extra_info}",
            "{:error, :what}",
            ":ignore",
            "%{active: 1, specs: 1, supervisors: 0, workers: 1}",
            "{:ok, PID, :extra_info}",
            "{:ok, :undefined}",
            ":ok",
            "{:ok, PID, :extra_info}",
        ]
    );
}

/// A start function that raises or throws gives a DynamicSupervisor's
/// caller `{:error, {exception_or_nocatch, stack}}`, the stack ending with
/// the frames of DynamicSupervisor and gen_server (Elixir 1.14's lines).
#[test]
fn a_dynamic_supervisor_start_that_raises_or_throws_shows_its_frames() {
    let (got, _) = session(|mut cx| async move {
        load_starter(&cx);
        let opts = keyword(vec![("strategy", Term::atom(atom::ONE_FOR_ONE))]);
        let sup = pid_of(&call(&mut cx, "DynamicSupervisor", "start_link", vec![opts]).await);
        start_starters(&mut cx, &sup, &["raise", "throw"]).await
    });
    let expected_tail = [
        "{DynamicSupervisor, :start_child, 3, [file: 'lib/dynamic_supervisor.ex', line: 745]}",
        "{DynamicSupervisor, :handle_start_child, 2, [file: 'lib/dynamic_supervisor.ex', line: 731]}",
        "{:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]}",
        "{:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]}",
        "{:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}",
    ];
    let whys = ["%RuntimeError{message: \"boom\"}", "{:nocatch, :ball}"];
    for (result, why) in got.iter().zip(whys) {
        let Some([e, reason]) = result.as_tuple() else {
            panic!("not {{:error, reason}}: {result}");
        };
        assert!(e.is_atom(atom::ERROR), "{result}");
        let Some([got_why, stack]) = reason.as_tuple() else {
            panic!("not {{why, stack}}: {reason}");
        };
        assert_eq!(got_why.to_string(), why);
        let frames: Vec<String> = stack
            .list_to_vec()
            .expect("a stack")
            .iter()
            .map(|f| f.to_string())
            .collect();
        assert!(frames.len() >= expected_tail.len(), "{frames:?}");
        assert_eq!(frames[frames.len() - expected_tail.len()..], expected_tail);
    }
}
