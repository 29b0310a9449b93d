//! Deterministic mode: the same inputs give the same events, in the same
//! order, with the same output, on every run — what replay and check rely on.

use riex::otp::boot::boot;
use riex::otp::logger::Console;
use riex::runtime::{block_on, Mode};
use riex::term::build::keyword;
use riex::term::fun::{pure, RustFun};
use riex::term::{atom, Atom, Exception, Term};
use std::sync::Arc;
use std::time::Duration;

/// A busy scenario: a dynamic supervisor of agents, crashes, a raising task
/// under a trapping owner, timers racing each other, printing from many processes.
fn scenario() -> String {
    block_on(Mode::Deterministic, |node| async move {
        boot(&node);
        let buf = Arc::new(parking_lot::Mutex::new(String::new()));
        let b = buf.clone();
        let console = Console::of(&node);
        console.set_sink(Arc::new(move |s: &str| b.lock().push_str(s)));
        console.set_timestamps(false);
        let n = node.clone();
        node.run(move |mut cx| async move {
            cx.trap_exit(true);
            let sup = cx
                .apply(
                    atom::DYNAMIC_SUPERVISOR,
                    Atom::new("start_link"),
                    vec![keyword(vec![("strategy", Term::atom(atom::ONE_FOR_ONE))])],
                )
                .await
                .unwrap();
            let sup = sup.as_tuple().unwrap()[1].clone();
            for i in 0..20 {
                let child = Term::tuple([
                    Term::atom(atom::AGENT),
                    pure("v", 0, move |_| Ok(Term::int(i))),
                ]);
                cx.apply(
                    atom::DYNAMIC_SUPERVISOR,
                    Atom::new("start_child"),
                    vec![sup.clone(), child],
                )
                .await
                .unwrap();
            }
            for i in 0..10u64 {
                let printer = RustFun::term("printer", 0, move |cx, _| {
                    Box::pin(async move {
                        cx.sleep(Some(Duration::from_millis(10 * (10 - i)))).await;
                        Console::of(cx.node())
                            .write(&format!("timer {i} from {}\n", cx.self_pid()));
                        if i % 3 == 0 {
                            return Err(Exception::runtime_error(&format!("task {i} failed")));
                        }
                        Ok(Term::ok())
                    })
                });
                cx.apply(atom::TASK, Atom::new("async"), vec![printer])
                    .await
                    .unwrap();
            }
            let kids = cx
                .apply(
                    atom::DYNAMIC_SUPERVISOR,
                    Atom::new("which_children"),
                    vec![sup.clone()],
                )
                .await
                .unwrap();
            for k in kids.list_to_vec().unwrap().iter().step_by(7) {
                cx.exit_signal(
                    k.as_tuple().unwrap()[1].as_pid().unwrap(),
                    Term::atom_named("boom"),
                );
            }
            cx.sleep(Some(Duration::from_millis(200))).await;
            let kids = cx
                .apply(
                    atom::DYNAMIC_SUPERVISOR,
                    Atom::new("which_children"),
                    vec![sup],
                )
                .await
                .unwrap();
            Console::of(cx.node()).write(&format!("{kids}\n{:?}\n", cx.drain_mailbox()));
        })
        .await;
        n.until_quiet().await;
        let out = buf.lock().clone();
        out
    })
}

#[test]
fn the_same_scenario_prints_the_same_text_every_time() {
    let first = scenario();
    assert!(first.contains("[error] Task #PID<"), "{first}");
    for _ in 0..5 {
        assert_eq!(scenario(), first);
    }
}
