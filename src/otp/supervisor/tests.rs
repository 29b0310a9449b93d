//! Supervisor strategies, intensity and child management, as in the
//! strategy_* and restart_* transcripts recorded from real iex.

use crate::otp::boot::boot;
use crate::otp::gen_server::{self, Action, Cb, GenServer, Init, StartOpts};
use crate::otp::logger::Console;
use crate::otp::name::ServerRef;
use crate::otp::native::NativeModule;
use crate::otp::supervisor;
use crate::otp::test_util::run_captured;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Pid, Term};
use std::sync::Arc;

/// Strat.Worker from the transcripts: named, trapping exits, printing init and terminate.
struct Worker;

impl GenServer for Worker {
    type State = Term;
    fn module(&self) -> Atom {
        Atom::module("Strat.Worker")
    }
    fn init<'a>(&'a self, cx: &'a mut Ctx, name: Term) -> Cb<'a, Init<Term>> {
        Box::pin(async move {
            cx.trap_exit(true);
            Console::of(cx.node()).write(&format!("init {name}\n"));
            Ok(Init::Ok(name, Action::None))
        })
    }
    fn terminate<'a>(&'a self, cx: &'a mut Ctx, reason: Term, name: &'a mut Term) -> Cb<'a, ()> {
        Box::pin(async move {
            Console::of(cx.node()).write(&format!("terminate {name} {reason}\n"));
            Ok(())
        })
    }
    fn report_state(&self, s: &Term) -> Term {
        s.clone()
    }
}

fn worker_start_link<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let name = args[0].as_atom().map(ServerRef::Local);
        let opts = StartOpts {
            name,
            ..Default::default()
        };
        Ok(
            gen_server::start_link(cx, Arc::new(Worker), args[0].clone(), opts)
                .await?
                .to_term(),
        )
    })
}

fn worker_child_spec<'a>(_cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    let spec = crate::term::TMap::from_pairs(vec![
        (Term::atom(atom::ID), args[0].clone()),
        (
            Term::atom(atom::START),
            Term::tuple([
                Term::atom_named("Elixir.Strat.Worker"),
                Term::atom(atom::START_LINK),
                Term::list(vec![args[0].clone()]),
            ]),
        ),
    ]);
    Box::pin(async move { Ok(Term::Map(spec)) })
}

fn load_worker(node: &Arc<crate::runtime::Node>) {
    boot(node);
    node.load_module(Arc::new(
        NativeModule::new(Atom::module("Strat.Worker"))
            .export("start_link", 1, worker_start_link)
            .export("child_spec", 1, worker_child_spec),
    ));
}

fn children() -> Term {
    let w = |n: &str| Term::tuple([Term::atom_named("Elixir.Strat.Worker"), Term::atom_named(n)]);
    Term::list(vec![w("a"), w("b"), w("c")])
}

fn opts(strategy: &str) -> Term {
    Term::list(vec![Term::tuple([
        Term::atom(atom::STRATEGY),
        Term::atom_named(strategy),
    ])])
}

fn whereis_all(cx: &Ctx) -> Vec<Option<Pid>> {
    ["a", "b", "c"]
        .iter()
        .map(|n| cx.node().whereis(Atom::new(n)))
        .collect()
}

/// Kills :b under `strategy` and returns (which pids changed, console output).
fn kill_b_under(strategy: &'static str) -> (Vec<bool>, String) {
    run_captured(move |node| async move {
        load_worker(&node);
        node.run(move |mut cx| async move {
            let sup = supervisor::start_link(&mut cx, &children(), &opts(strategy))
                .await
                .unwrap()
                .pid()
                .unwrap();
            let before = whereis_all(&cx);
            Console::of(cx.node()).write("--\n");
            cx.exit_signal(before[1].unwrap(), Term::atom(atom::KILL));
            cx.until_others_quiet().await;
            let after = whereis_all(&cx);
            Console::of(cx.node()).write("--\n");
            supervisor::stop(&mut cx, &Term::Pid(sup), Term::atom(atom::NORMAL))
                .await
                .unwrap();
            before
                .iter()
                .zip(after.iter())
                .map(|(b, a)| b != a)
                .collect()
        })
        .await
    })
}

#[test]
fn one_for_one_restarts_only_the_dead_child_and_stop_goes_in_reverse() {
    let (changed, out) = kill_b_under("one_for_one");
    assert_eq!(changed, vec![false, true, false]);
    assert_eq!(
        out,
        "init :a\ninit :b\ninit :c\n--\ninit :b\n--\nterminate :c :shutdown\nterminate :b :shutdown\nterminate :a :shutdown\n"
    );
}

#[test]
fn one_for_all_stops_the_others_newest_first_then_restarts_all_in_order() {
    let (changed, out) = kill_b_under("one_for_all");
    assert_eq!(changed, vec![true, true, true]);
    assert!(
        out.contains(
            "--\nterminate :c :shutdown\nterminate :a :shutdown\ninit :a\ninit :b\ninit :c\n--\n"
        ),
        "{out}"
    );
}

#[test]
fn rest_for_one_restarts_the_dead_child_and_those_started_after_it() {
    let (changed, out) = kill_b_under("rest_for_one");
    assert_eq!(changed, vec![false, true, true]);
    assert!(
        out.contains("--\nterminate :c :shutdown\ninit :b\ninit :c\n--\n"),
        "{out}"
    );
}

#[test]
fn which_children_lists_newest_first_with_ids_and_modules() {
    let (got, _) = run_captured(|node| async move {
        load_worker(&node);
        node.run(|mut cx| async move {
            let sup = supervisor::start_link(&mut cx, &children(), &opts("one_for_one"))
                .await
                .unwrap()
                .pid()
                .unwrap();
            let s = Term::Pid(sup);
            let which = supervisor::which_children(&mut cx, &s).await.unwrap();
            let terminated = supervisor::terminate_child(&mut cx, &s, Term::atom_named("b"))
                .await
                .unwrap();
            let after = supervisor::which_children(&mut cx, &s).await.unwrap();
            let counts = supervisor::count_children(&mut cx, &s).await.unwrap();
            let delete_running = supervisor::delete_child(&mut cx, &s, Term::atom_named("a"))
                .await
                .unwrap();
            let restarted = supervisor::restart_child(&mut cx, &s, Term::atom_named("b"))
                .await
                .unwrap();
            let unknown = supervisor::terminate_child(&mut cx, &s, Term::atom_named("zzz"))
                .await
                .unwrap();
            (
                which,
                terminated,
                after,
                counts,
                delete_running,
                restarted,
                unknown,
                whereis_all(&cx),
            )
        })
        .await
    });
    let (which, terminated, after, counts, delete_running, restarted, unknown, pids) = got;
    let [a, b, c] = [pids[0].unwrap(), pids[1].unwrap(), pids[2].unwrap()];
    let _ = b;
    assert!(which.to_string().starts_with("[{:c, #PID<"), "{which}");
    assert_eq!(terminated, Term::ok());
    assert_eq!(
        after.to_string(),
        format!("[{{:c, {c}, :worker, [Strat.Worker]}}, {{:b, :undefined, :worker, [Strat.Worker]}}, {{:a, {a}, :worker, [Strat.Worker]}}]")
    );
    assert_eq!(
        counts.to_string(),
        "%{active: 2, specs: 3, supervisors: 0, workers: 3}"
    );
    assert_eq!(delete_running.to_string(), "{:error, :running}");
    assert!(restarted.to_string().starts_with("{:ok, #PID<"));
    assert_eq!(unknown.to_string(), "{:error, :not_found}");
}

#[test]
fn past_the_restart_intensity_the_supervisor_exits_with_shutdown() {
    let (got, _) = run_captured(|node| async move {
        load_worker(&node);
        node.run(|mut cx| async move {
            cx.trap_exit(true);
            let mut o = opts("one_for_one").list_to_vec().unwrap();
            o.push(Term::tuple([Term::atom(atom::MAX_RESTARTS), Term::int(2)]));
            let sup = supervisor::start_link(&mut cx, &children(), &Term::list(o))
                .await
                .unwrap()
                .pid()
                .unwrap();
            let mut alive_after = vec![];
            for _ in 0..3 {
                let a = cx.node().whereis(Atom::new("a")).unwrap();
                cx.exit_signal(a, Term::atom(atom::KILL));
                cx.until_others_quiet().await;
                alive_after.push(cx.node().is_alive(sup));
            }
            let exit = cx.receive_any().await;
            (alive_after, exit, sup, whereis_all(&cx))
        })
        .await
    });
    let (alive_after, exit, sup, pids) = got;
    assert_eq!(alive_after, vec![true, true, false]);
    assert_eq!(exit.to_string(), format!("{{:EXIT, {sup}, :shutdown}}"));
    assert_eq!(
        pids,
        vec![None, None, None],
        "no child outlives its supervisor"
    );
}

#[test]
fn start_errors_are_returned_as_otp_reasons() {
    let (got, _) = run_captured(|node| async move {
        load_worker(&node);
        node.run(|mut cx| async move {
            cx.trap_exit(true);
            let bad = supervisor::start_link(&mut cx, &children(), &opts("bad_strategy"))
                .await
                .unwrap();
            let w = |n: &str| {
                Term::tuple([Term::atom_named("Elixir.Strat.Worker"), Term::atom_named(n)])
            };
            let dup = supervisor::start_link(
                &mut cx,
                &Term::list(vec![w("a"), w("a")]),
                &opts("one_for_one"),
            )
            .await
            .unwrap();
            let missing = supervisor::start_link(
                &mut cx,
                &Term::list(vec![Term::atom_named("not_a_module")]),
                &opts("one_for_one"),
            )
            .await
            .unwrap_err();
            (bad.to_term(), dup.to_term(), missing.banner())
        })
        .await
    });
    assert_eq!(
        got.0.to_string(),
        "{:error, {:supervisor_data, {:invalid_strategy, :bad_strategy}}}"
    );
    assert_eq!(
        got.1.to_string(),
        "{:error, {:start_spec, {:duplicate_child_name, :a}}}"
    );
    assert_eq!(
        got.2,
        "** (ArgumentError) The module :not_a_module was given as a child to a supervisor but it does not exist."
    );
}

#[test]
fn describe_shows_strategy_budget_in_use_and_each_childs_restarts() {
    use crate::otp::observe::{self, ChildState};
    let (view, _) = run_captured(move |node| async move {
        load_worker(&node);
        node.run(move |mut cx| async move {
            let sup = supervisor::start_link(&mut cx, &children(), &opts("one_for_all"))
                .await
                .unwrap()
                .pid()
                .unwrap();
            let b = whereis_all(&cx)[1].unwrap();
            cx.exit_signal(b, Term::atom(atom::KILL));
            cx.until_others_quiet().await;
            let view = observe::describe(&mut cx, sup, std::time::Duration::from_secs(5)).await;
            let roots = observe::roots(&mut cx, std::time::Duration::from_secs(5)).await;
            supervisor::stop(&mut cx, &Term::Pid(sup), Term::atom(atom::NORMAL))
                .await
                .unwrap();
            (view, roots.len(), whereis_all(&cx))
        })
        .await
    });
    let (view, roots, _) = view;
    let view = view.expect("a supervisor describes itself");
    assert_eq!(view.strategy, atom::ONE_FOR_ALL);
    assert_eq!((view.max_restarts, view.max_seconds), (3, 5));
    assert_eq!(view.recent_restarts, 1);
    assert_eq!(roots, 1);
    let ids: Vec<String> = view.children.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, [":a", ":b", ":c"]);
    // one_for_all restarted all three.
    assert!(view.children.iter().all(|c| c.restarts == 1));
    assert!(view
        .children
        .iter()
        .all(|c| matches!(c.state, ChildState::Running(_)) && c.name.is_some()));
}
