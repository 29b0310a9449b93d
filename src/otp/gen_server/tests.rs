//! GenServer behaviour against OTP's: start results, call exits, reports, terminate.

use super::*;
use crate::otp::logger::Console;
use crate::otp::test_util::run_captured;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Term};
use std::sync::Arc;
use std::time::Duration;

/// A test server whose behaviour is driven by the terms it receives.
struct Probe;

fn a(name: &str) -> Term {
    Term::atom_named(name)
}

impl GenServer for Probe {
    type State = Term;

    fn module(&self) -> Atom {
        Atom::module("Probe")
    }

    fn init<'a>(&'a self, _cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<Term>> {
        Box::pin(async move {
            if arg.is_atom(atom::IGNORE) {
                return Ok(Init::Ignore);
            }
            if arg == a("raise") {
                return Err(Exception::runtime_error("init boom"));
            }
            if let Some([tag, v]) = arg.as_tuple() {
                if tag.is_atom(atom::STOP) {
                    return Ok(Init::Stop(v.clone()));
                }
                if tag.is_atom(atom::CONTINUE) {
                    return Ok(Init::Ok(Term::list(vec![]), Action::Continue(v.clone())));
                }
            }
            Ok(Init::Ok(arg, Action::None))
        })
    }

    fn handle_call<'a>(
        &'a self,
        cx: &'a mut Ctx,
        req: Term,
        _from: From,
        state: &'a mut Term,
    ) -> Cb<'a, CallStep> {
        Box::pin(async move {
            if req == a("get") {
                return Ok(CallStep::Reply(state.clone(), Action::None));
            }
            if req == a("crash") {
                return Err(Exception::runtime_error("call boom"));
            }
            if req == a("panic") {
                panic!("deliberate");
            }
            if req == a("stop") {
                return Ok(CallStep::Stop(atom::NORMAL.into(), Some(a("bye"))));
            }
            if let Some([tag, v]) = req.as_tuple() {
                if tag == &a("sleep") {
                    cx.sleep(Some(Duration::from_millis(v.as_int().unwrap() as u64)))
                        .await;
                    return Ok(CallStep::Reply(a("late"), Action::None));
                }
                if tag == &a("set") {
                    *state = v.clone();
                    return Ok(CallStep::Reply(Term::ok(), Action::None));
                }
            }
            Ok(CallStep::Reply(req, Action::None))
        })
    }

    fn handle_cast<'a>(&'a self, _cx: &'a mut Ctx, req: Term, state: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            if req == a("crash") {
                return Err(Exception::argument_error("cast boom"));
            }
            if req == a("weird") {
                return Ok(Step::Stop(a("weird")));
            }
            *state = Term::cons(req, state.clone());
            Ok(Step::Continue(Action::None))
        })
    }

    fn handle_info<'a>(&'a self, _cx: &'a mut Ctx, msg: Term, state: &'a mut Term) -> Cb<'a, Step> {
        Box::pin(async move {
            *state = Term::tuple([a("info"), msg]);
            Ok(Step::Continue(Action::None))
        })
    }

    fn handle_continue<'a>(
        &'a self,
        _cx: &'a mut Ctx,
        arg: Term,
        state: &'a mut Term,
    ) -> Cb<'a, Step> {
        Box::pin(async move {
            *state = Term::cons(arg, state.clone());
            Ok(Step::Continue(Action::None))
        })
    }

    fn terminate<'a>(&'a self, cx: &'a mut Ctx, reason: Term, _state: &'a mut Term) -> Cb<'a, ()> {
        Box::pin(async move {
            Console::of(cx.node()).write(&format!("terminate {reason}\n"));
            Ok(())
        })
    }

    fn report_state(&self, state: &Term) -> Term {
        state.clone()
    }
}

fn opts(name: &str) -> StartOpts {
    StartOpts {
        name: Some(crate::otp::name::ServerRef::Local(Atom::new(name))),
        ..StartOpts::default()
    }
}

#[test]
fn call_cast_and_info_reach_their_callbacks_in_order() {
    let (got, _) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start_link(&mut cx, Arc::new(Probe), Term::Nil, StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            let p = Term::Pid(pid);
            cast(&mut cx, &p, a("x")).await;
            let after_cast = call(&mut cx, &p, a("get"), DEFAULT_TIMEOUT).await.unwrap();
            cx.send(pid, a("hello"));
            let after_info = call(&mut cx, &p, a("get"), DEFAULT_TIMEOUT).await.unwrap();
            (after_cast, after_info)
        })
        .await
    });
    assert_eq!(got.0.to_string(), "[:x]");
    assert_eq!(got.1.to_string(), "{:info, :hello}");
}

#[test]
fn init_continue_runs_before_the_first_message() {
    let (got, _) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let arg = Term::tuple([Term::atom(atom::CONTINUE), a("warmed")]);
            let pid = start(&mut cx, Arc::new(Probe), arg, StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            call(&mut cx, &Term::Pid(pid), a("get"), DEFAULT_TIMEOUT)
                .await
                .unwrap()
        })
        .await
    });
    assert_eq!(got.to_string(), "[:warmed]");
}

#[test]
fn start_results_follow_init_ignore_stop_and_raise() {
    let (got, out) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let ignore = start(
                &mut cx,
                Arc::new(Probe),
                Term::atom(atom::IGNORE),
                StartOpts::default(),
            )
            .await
            .unwrap();
            let stop = Term::tuple([Term::atom(atom::STOP), a("bad_init")]);
            let stopped = start(&mut cx, Arc::new(Probe), stop, StartOpts::default())
                .await
                .unwrap();
            let raised = start(&mut cx, Arc::new(Probe), a("raise"), StartOpts::default())
                .await
                .unwrap();
            (ignore.to_term(), stopped.to_term(), raised.to_term())
        })
        .await
    });
    assert_eq!(got.0.to_string(), ":ignore");
    assert_eq!(got.1.to_string(), "{:error, :bad_init}");
    assert!(got
        .2
        .to_string()
        .starts_with("{:error, {%RuntimeError{message: \"init boom\"}"));
    assert_eq!(out, "", "a failed init logs nothing");
}

#[test]
fn a_taken_name_gives_already_started_with_the_holder() {
    let (got, _) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let first = start(&mut cx, Arc::new(Probe), Term::Nil, opts("probe"))
                .await
                .unwrap();
            let second = start(&mut cx, Arc::new(Probe), Term::Nil, opts("probe"))
                .await
                .unwrap();
            (first.pid().unwrap(), second.to_term())
        })
        .await
    });
    assert_eq!(
        got.1.to_string(),
        format!("{{:error, {{:already_started, {}}}}}", got.0)
    );
}

#[test]
fn calling_a_missing_server_exits_with_noproc() {
    let (got, _) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            call(&mut cx, &a("nonexistent"), a("hi"), DEFAULT_TIMEOUT)
                .await
                .unwrap_err()
        })
        .await
    });
    assert_eq!(
        got.banner(),
        "** (exit) exited in: GenServer.call(:nonexistent, :hi, 5000)\n    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started"
    );
}

#[test]
fn a_call_times_out_and_the_late_reply_is_dropped() {
    let (got, _) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start(&mut cx, Arc::new(Probe), Term::Nil, StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            let req = Term::tuple([a("sleep"), Term::int(300)]);
            let e = call(
                &mut cx,
                &Term::Pid(pid),
                req,
                Some(Duration::from_millis(100)),
            )
            .await
            .unwrap_err();
            cx.sleep(Some(Duration::from_millis(400))).await;
            (e, cx.drain_mailbox())
        })
        .await
    });
    assert!(
        got.0.banner().ends_with("** (EXIT) time out"),
        "{}",
        got.0.banner()
    );
    assert!(got.1.is_empty(), "late reply delivered: {:?}", got.1);
}

#[test]
fn a_crash_in_handle_cast_logs_the_report_after_terminate() {
    let (_, out) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start(&mut cx, Arc::new(Probe), Term::int(5), opts("g"))
                .await
                .unwrap()
                .pid()
                .unwrap();
            cast(&mut cx, &Term::Pid(pid), a("crash")).await;
        })
        .await
    });
    let expected = "terminate {%ArgumentError{message: \"cast boom\"}, [{:gen_server, :try_dispatch, 4, [file: 'gen_server.erl', line: 1123]}, {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1200]}, {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}]}\n\n[error] GenServer :g terminating\n** (ArgumentError) cast boom\n    (stdlib 4.2) gen_server.erl:1123: :gen_server.try_dispatch/4\n    (stdlib 4.2) gen_server.erl:1200: :gen_server.handle_msg/6\n    (stdlib 4.2) proc_lib.erl:240: :proc_lib.init_p_do_apply/3\nLast message: {:\"$gen_cast\", :crash}\nState: 5\n";
    assert_eq!(out, expected);
}

#[test]
fn a_crash_in_handle_call_names_the_client_and_exits_the_caller() {
    let (got, out) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start(&mut cx, Arc::new(Probe), Term::int(5), StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            let e = call(&mut cx, &Term::Pid(pid), a("crash"), DEFAULT_TIMEOUT)
                .await
                .unwrap_err();
            (cx.self_pid(), pid, e)
        })
        .await
    });
    let (me, pid, e) = got;
    assert!(out.contains(&format!(
        "[error] GenServer {pid} terminating\n** (RuntimeError) call boom\n"
    )));
    assert!(out.contains(&format!(
        "Last message (from {me}): :crash\nState: 5\nClient {me} is alive\n"
    )));
    let banner = e.banner();
    assert!(banner.starts_with(&format!("** (exit) exited in: GenServer.call({pid}, :crash, 5000)\n    ** (EXIT) an exception was raised:\n        ** (RuntimeError) call boom\n")), "{banner}");
}

#[test]
fn stop_reasons_other_than_normal_and_shutdown_are_reported_as_stop() {
    let (_, out) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start(&mut cx, Arc::new(Probe), Term::int(5), StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            cast(&mut cx, &Term::Pid(pid), a("weird")).await;
            pid
        })
        .await
    });
    assert!(
        out.contains("** (stop) :weird\nLast message: {:\"$gen_cast\", :weird}\nState: 5\n"),
        "{out}"
    );
}

#[test]
fn stop_runs_terminate_and_frees_the_name() {
    let (got, out) = run_captured(|node| async move {
        let n = node.clone();
        node.run(move |mut cx| async move {
            start(&mut cx, Arc::new(Probe), Term::Nil, opts("stoppable"))
                .await
                .unwrap();
            let r = stop(&mut cx, &a("stoppable"), Term::atom(atom::NORMAL), None)
                .await
                .unwrap();
            let again = stop(&mut cx, &a("stoppable"), Term::atom(atom::NORMAL), None)
                .await
                .unwrap_err();
            (r, n.whereis(Atom::new("stoppable")), again)
        })
        .await
    });
    assert_eq!(got.0, Term::ok());
    assert_eq!(got.1, None);
    assert_eq!(out, "terminate :normal\n");
    assert!(got
        .2
        .banner()
        .starts_with("** (exit) exited in: GenServer.stop(:stoppable, :normal, :infinity)"));
}

#[test]
fn a_trapping_server_runs_terminate_when_its_parent_exits() {
    struct Trapper;
    impl GenServer for Trapper {
        type State = ();
        fn module(&self) -> Atom {
            Atom::module("Trapper")
        }
        fn init<'a>(&'a self, cx: &'a mut Ctx, _arg: Term) -> Cb<'a, Init<()>> {
            cx.trap_exit(true);
            Box::pin(async { Ok(Init::Ok((), Action::None)) })
        }
        fn terminate<'a>(&'a self, cx: &'a mut Ctx, reason: Term, _s: &'a mut ()) -> Cb<'a, ()> {
            Box::pin(async move {
                Console::of(cx.node()).write(&format!("terminate {reason}\n"));
                Ok(())
            })
        }
        fn report_state(&self, _s: &()) -> Term {
            Term::nil()
        }
    }
    let (_, out) = run_captured(|node| async move {
        let parent = node.spawn(Default::default(), |mut cx| async move {
            start_link(&mut cx, Arc::new(Trapper), Term::Nil, StartOpts::default())
                .await
                .unwrap();
            Term::atom(atom::SHUTDOWN)
        });
        let _ = parent;
    });
    assert_eq!(out, "terminate :shutdown\n");
}

#[test]
fn a_panic_in_a_callback_is_the_server_crashing_with_a_report() {
    let (got, out) = run_captured(|node| async move {
        node.run(|mut cx| async move {
            let pid = start(&mut cx, Arc::new(Probe), Term::int(1), StartOpts::default())
                .await
                .unwrap()
                .pid()
                .unwrap();
            let e = call(&mut cx, &Term::Pid(pid), a("panic"), DEFAULT_TIMEOUT)
                .await
                .unwrap_err();
            (pid, e, cx.node().is_alive(pid))
        })
        .await
    });
    let (pid, e, alive) = got;
    assert!(!alive);
    assert!(
        out.contains(&format!(
            "[error] GenServer {pid} terminating\n** (RuntimeError) panic: deliberate\n"
        )),
        "{out}"
    );
    assert!(e.banner().contains("** (RuntimeError) panic: deliberate"));
}
