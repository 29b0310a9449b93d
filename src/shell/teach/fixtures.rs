//! The fixed supervision trees and traces the tests of the teaching
//! tools draw, so that every drawing of them can be compared.

use crate::otp::child_spec::{ChildType, Restart};
use crate::otp::observe::{ChildState, ChildView, SupervisorView};
use crate::runtime::TraceEvent;
use crate::term::{atom, Atom, Pid, Ref, Term};
use std::time::Duration;

fn pid(n: u64) -> Pid {
    Pid(n)
}

#[allow(clippy::too_many_arguments)]
fn child(
    id: Term,
    state: ChildState,
    name: Option<&str>,
    module: &str,
    kind: ChildType,
    restart: Restart,
    restarts: u32,
    secs: u64,
) -> ChildView {
    ChildView {
        id,
        state,
        name: name.map(Atom::module),
        module: Atom::module(module),
        kind,
        restart,
        restarts,
        uptime: Some(Duration::from_secs(secs)),
        below: None,
    }
}

/// The tree of the Mix & OTP guide's KV application, after one crash
/// of the registry: a one_for_all supervisor over a DynamicSupervisor
/// of buckets and the registry.
pub fn kv() -> SupervisorView {
    let bucket = |n: u64, secs: u64| {
        child(
            Term::atom(atom::UNDEFINED),
            ChildState::Running(pid(n)),
            None,
            "KV.Bucket",
            ChildType::Worker,
            Restart::Temporary,
            0,
            secs,
        )
    };
    let mut buckets = child(
        Term::Atom(Atom::module("KV.BucketSupervisor")),
        ChildState::Running(pid(121)),
        Some("KV.BucketSupervisor"),
        "DynamicSupervisor",
        ChildType::Supervisor,
        Restart::Permanent,
        1,
        75,
    );
    buckets.below = Some(SupervisorView {
        pid: pid(121),
        name: Some(Atom::module("KV.BucketSupervisor")),
        module: atom::DYNAMIC_SUPERVISOR,
        strategy: atom::ONE_FOR_ONE,
        max_restarts: 3,
        max_seconds: 5,
        recent_restarts: 0,
        children: vec![bucket(130, 3), bucket(131, 0)],
    });
    SupervisorView {
        pid: pid(120),
        name: Some(Atom::module("KV.Supervisor")),
        module: Atom::module("KV.Supervisor"),
        strategy: atom::ONE_FOR_ALL,
        max_restarts: 3,
        max_seconds: 5,
        recent_restarts: 1,
        children: vec![
            buckets,
            child(
                Term::Atom(Atom::module("KV.Registry")),
                ChildState::Running(pid(122)),
                Some("KV.Registry"),
                "KV.Registry",
                ChildType::Worker,
                Restart::Permanent,
                1,
                3725,
            ),
            child(
                Term::atom_named("cache"),
                ChildState::Terminated,
                None,
                "KV.Cache",
                ChildType::Worker,
                Restart::Transient,
                2,
                0,
            ),
        ],
    }
}

/// A shell's call to `MyStack` and its reply, a cast, and a worker the
/// stack spawns that ends: the participants' names, the shell, the events.
pub fn stack_session() -> (Vec<(Pid, Atom)>, Pid, Vec<TraceEvent>) {
    let (shell, server, worker) = (Pid(100), Pid(110), Pid(111));
    let events = vec![
        TraceEvent::Received {
            pid: server,
            from: Some(shell),
            msg: Term::tuple([
                Term::atom(atom::GEN_CALL),
                Term::tuple([Term::Pid(shell), Term::Ref(Ref(1))]),
                Term::atom_named("pop"),
            ]),
        },
        TraceEvent::Sent {
            pid: server,
            to: shell,
            msg: Term::atom_named("ignored"),
        },
        TraceEvent::Received {
            pid: shell,
            from: Some(server),
            msg: Term::tuple([Term::Ref(Ref(1)), Term::atom_named("a")]),
        },
        TraceEvent::Received {
            pid: server,
            from: Some(shell),
            msg: Term::tuple([Term::atom(atom::GEN_CAST), Term::int(1)]),
        },
        TraceEvent::Spawned {
            pid: server,
            child: worker,
        },
        TraceEvent::Exited {
            pid: worker,
            reason: Term::atom(atom::NORMAL),
        },
    ];
    (vec![(server, Atom::module("MyStack"))], shell, events)
}
