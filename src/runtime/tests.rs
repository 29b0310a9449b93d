//! Behaviour of processes, signals and names, checked against what the BEAM does.

use super::*;
use crate::term::{atom, Pid, Term};
use std::time::Duration;

fn normal() -> Term {
    Term::atom(atom::NORMAL)
}

fn det<F, Fut, T>(f: F) -> T
where
    F: FnOnce(std::sync::Arc<Node>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + 'static,
    T: Send + 'static,
{
    block_on(Mode::Deterministic, f)
}

/// A process that waits forever.
async fn idle(mut cx: Ctx) -> Term {
    cx.sleep(None).await;
    normal()
}

#[test]
fn selective_receive_takes_the_first_match_and_keeps_the_rest_in_order() {
    let got = det(|node| async move {
        node.run(|mut cx| async move {
            let me = cx.self_pid();
            for i in 1..=4 {
                cx.send(me, Term::int(i));
            }
            let even = cx
                .receive(|m| (m.as_int()? % 2 == 0).then(|| m.clone()), None)
                .await;
            let rest = cx.drain_mailbox();
            (even, rest)
        })
        .await
    });
    assert_eq!(got.0, Some(Term::int(2)));
    assert_eq!(got.1, vec![Term::int(1), Term::int(3), Term::int(4)]);
}

#[test]
fn receive_with_timeout_gives_none_when_nothing_matches() {
    let got = det(|node| async move {
        node.run(|mut cx| async move {
            cx.receive(|_| Some(()), Some(Duration::from_millis(100)))
                .await
        })
        .await
    });
    assert_eq!(got, None);
}

#[test]
fn a_message_arriving_later_wakes_a_waiting_receive() {
    let got = det(|node| async move {
        node.run(|mut cx| async move {
            let me = cx.self_pid();
            cx.spawn(move |mut c| async move {
                c.sleep(Some(Duration::from_millis(10))).await;
                c.send(me, Term::int(7));
                normal()
            });
            cx.receive_any().await
        })
        .await
    });
    assert_eq!(got, Term::int(7));
}

#[test]
fn an_abnormal_exit_kills_a_linked_process_that_does_not_trap() {
    let (a_alive, b_alive) = det(|node| async move {
        let n = node.clone();
        node.run(move |cx| async move {
            let a = cx.spawn(idle);
            let b = n.spawn(
                SpawnOpts {
                    link: Some(a),
                    ..Default::default()
                },
                |_c| async { Term::atom_named("boom") },
            );
            let mut cx = cx;
            cx.until_others_quiet().await;
            (n.is_alive(a), n.is_alive(b))
        })
        .await
    });
    assert!(!a_alive && !b_alive);
}

#[test]
fn a_normal_exit_does_not_kill_a_linked_process() {
    let alive = det(|node| async move {
        let n = node.clone();
        node.run(move |cx| async move {
            let a = cx.spawn(idle);
            n.spawn(
                SpawnOpts {
                    link: Some(a),
                    ..Default::default()
                },
                |_c| async { normal() },
            );
            let mut cx = cx;
            cx.until_others_quiet().await;
            n.is_alive(a)
        })
        .await
    });
    assert!(alive);
}

#[test]
fn a_trapping_process_gets_exit_messages_instead_of_dying() {
    let msgs = det(|node| async move {
        node.run(|mut cx| async move {
            cx.trap_exit(true);
            let a = cx.spawn_link(|_c| async { Term::atom_named("boom") });
            let b = cx.spawn_link(|_c| async { normal() });
            let m1 = cx.receive_any().await;
            let m2 = cx.receive_any().await;
            (a, b, m1, m2)
        })
        .await
    });
    let (a, b, m1, m2) = msgs;
    assert_eq!(
        m1,
        Term::tuple([
            Term::atom(atom::EXIT),
            Term::Pid(a),
            Term::atom_named("boom")
        ])
    );
    assert_eq!(
        m2,
        Term::tuple([Term::atom(atom::EXIT), Term::Pid(b), normal()])
    );
}

#[test]
fn kill_cannot_be_trapped_and_reaches_links_as_killed() {
    let got = det(|node| async move {
        let n = node.clone();
        node.run(move |mut cx| async move {
            cx.trap_exit(true);
            let victim = n.spawn(
                SpawnOpts {
                    trap_exit: true,
                    ..Default::default()
                },
                idle,
            );
            cx.link(victim);
            cx.exit_signal(victim, Term::atom(atom::KILL));
            let m = cx.receive_any().await;
            (victim, m, n.is_alive(victim))
        })
        .await
    });
    let (victim, m, alive) = got;
    assert!(!alive);
    assert_eq!(
        m,
        Term::tuple([
            Term::atom(atom::EXIT),
            Term::Pid(victim),
            Term::atom(atom::KILLED)
        ])
    );
}

#[test]
fn a_kill_reason_arriving_through_a_link_is_trappable() {
    let got = det(|node| async move {
        node.run(|mut cx| async move {
            cx.trap_exit(true);
            let p = cx.spawn_link(|_c| async { Term::atom(atom::KILL) });
            (p, cx.receive_any().await)
        })
        .await
    });
    assert_eq!(
        got.1,
        Term::tuple([
            Term::atom(atom::EXIT),
            Term::Pid(got.0),
            Term::atom(atom::KILL)
        ])
    );
}

#[test]
fn exit_normal_sent_to_oneself_ends_the_process() {
    let alive = det(|node| async move {
        let n = node.clone();
        let p = node.spawn(SpawnOpts::default(), |mut cx| async move {
            let me = cx.self_pid();
            cx.exit_signal(me, normal());
            cx.sleep(None).await;
            normal()
        });
        n.until_quiet().await;
        n.is_alive(p)
    });
    assert!(!alive);
}

#[test]
fn monitors_deliver_down_with_the_reason_and_noproc_for_the_dead() {
    let got = det(|node| async move {
        let n = node.clone();
        node.run(move |mut cx| async move {
            let (p, r) = cx.spawn_monitor(|_c| async { Term::atom_named("bye") });
            let down = cx.receive_any().await;
            let r2 = cx.monitor(p);
            let down2 = cx.receive_any().await;
            let _ = n;
            (p, r, down, r2, down2)
        })
        .await
    });
    let (p, r, down, r2, down2) = got;
    let d = |r, why| {
        Term::tuple([
            Term::atom(atom::DOWN),
            Term::Ref(r),
            Term::atom(atom::PROCESS),
            Term::Pid(p),
            why,
        ])
    };
    assert_eq!(down, d(r, Term::atom_named("bye")));
    assert_eq!(down2, d(r2, Term::atom(atom::NOPROC)));
}

#[test]
fn demonitor_means_no_down_message() {
    let got = det(|node| async move {
        node.run(|mut cx| async move {
            let p = cx.spawn(idle);
            let r = cx.monitor(p);
            assert!(cx.demonitor(r, false));
            cx.exit_signal(p, Term::atom(atom::KILL));
            cx.receive(|m| Some(m.clone()), Some(Duration::from_millis(50)))
                .await
        })
        .await
    });
    assert_eq!(got, None);
}

#[test]
fn a_name_is_unique_and_freed_when_its_process_dies() {
    let got = det(|node| async move {
        let n = node.clone();
        node.run(move |cx| async move {
            let a = cx.spawn(idle);
            let b = cx.spawn(idle);
            let name = crate::term::Atom::new("the_name");
            n.register(name, a).unwrap();
            let second = n.register(name, b);
            cx.exit_signal(a, Term::atom(atom::KILL));
            let mut cx = cx;
            cx.until_others_quiet().await;
            (second, n.whereis(name), a)
        })
        .await
    });
    assert_eq!(got.0, Err(NameError::Taken(got.2)));
    assert_eq!(got.1, None);
}

#[test]
fn a_panicking_process_crashes_and_signals_its_links() {
    let m = det(|node| async move {
        node.set_crash_hook(std::sync::Arc::new(|_, _, _| {}));
        node.run(|mut cx| async move {
            cx.trap_exit(true);
            cx.spawn_link(|_c| async { panic!("oops") });
            cx.receive_any().await
        })
        .await
    });
    let [_, _, reason] = m.as_tuple().unwrap() else {
        panic!()
    };
    let [exception, _stack] = reason.as_tuple().unwrap() else {
        panic!()
    };
    assert!(crate::term::exception::message(exception).contains("oops"));
}

#[test]
fn until_quiet_waits_for_chains_of_messages_to_settle() {
    let count = det(|node| async move {
        let n = node.clone();
        let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let c2 = counter.clone();
        // A relay of 100 processes, each forwarding to the next.
        let mut next: Option<Pid> = None;
        for _ in 0..100 {
            let to = next;
            let c = c2.clone();
            next = Some(n.spawn(SpawnOpts::default(), move |mut cx| async move {
                let m = cx.receive_any().await;
                c.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if let Some(to) = to {
                    cx.send(to, m);
                }
                normal()
            }));
        }
        n.send(next.unwrap(), Term::int(1));
        n.until_quiet().await;
        counter.load(std::sync::atomic::Ordering::SeqCst)
    });
    assert_eq!(count, 100);
}

#[test]
fn an_endless_loop_does_not_starve_others_and_can_be_killed() {
    let alive = det(|node| async move {
        let n = node.clone();
        let spinner = node.spawn(SpawnOpts::default(), |mut cx| async move {
            loop {
                cx.tick().await;
            }
        });
        let n2 = n.clone();
        n.run(move |cx| async move {
            cx.exit_signal(spinner, Term::atom(atom::KILL));
        })
        .await;
        n2.until_quiet().await;
        n2.is_alive(spinner)
    });
    assert!(!alive);
}

/// In deterministic mode the clock stands still while any process runs: a
/// process spinning forever must not hold every sleep up with it. Busy
/// turns move the clock on, so the sleeper wakes, and a replay of the same
/// work wakes it at the same virtual time every time.
#[test]
fn a_sleep_ends_while_another_process_spins_in_deterministic_mode() {
    let woke_at = || {
        within(Duration::from_secs(60), || {
            det(|node| async move {
                node.spawn(SpawnOpts::default(), |mut cx| async move {
                    loop {
                        cx.tick().await;
                    }
                });
                node.run(|mut cx| async move {
                    let start = tokio::time::Instant::now();
                    cx.sleep(Some(Duration::from_millis(10))).await;
                    start.elapsed()
                })
                .await
            })
        })
    };
    let first = woke_at();
    assert!(first >= Duration::from_millis(10), "{first:?}");
    assert_eq!(woke_at(), first);
}
