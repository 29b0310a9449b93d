//! Property tests of exit-signal propagation over random link graphs.
//!
//! Random processes, some trapping exits, random links between them; one
//! process is ended with a random reason. Once the node is quiet, the set of
//! dead processes must be exactly what OTP's rules give (computed here by a
//! model): `:kill` reaches links as `:killed`; `:normal` kills nobody else;
//! any other reason kills every non-trapping linked process, which passes the
//! same reason on; a trapping process survives and holds one `{:EXIT, ...}`
//! per linked process that died. Every monitor of a dead process delivers
//! exactly one `:DOWN` with the reason it died of.

use proptest::prelude::*;
use riex::runtime::{block_on, Mode, SpawnOpts};
use riex::term::{atom, Pid, Term};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Clone, Debug)]
struct Graph {
    trapping: Vec<bool>,
    links: Vec<(usize, usize)>,
    victim: usize,
    reason: u8,
}

fn graph() -> impl Strategy<Value = Graph> {
    (2usize..12).prop_flat_map(|n| {
        (
            proptest::collection::vec(any::<bool>(), n),
            proptest::collection::vec((0..n, 0..n), 0..(2 * n)),
            0..n,
            0u8..4,
        )
            .prop_map(|(trapping, links, victim, reason)| Graph {
                trapping,
                links,
                victim,
                reason,
            })
    })
}

fn reason_term(r: u8) -> Term {
    match r {
        0 => Term::atom(atom::KILL),
        1 => Term::atom(atom::NORMAL),
        2 => Term::atom(atom::SHUTDOWN),
        _ => Term::atom_named("boom"),
    }
}

/// Who dies, and with which reason, by OTP's rules.
fn expected_deaths(g: &Graph) -> BTreeMap<usize, Term> {
    let n = g.trapping.len();
    let mut adj = vec![BTreeSet::new(); n];
    for &(a, b) in &g.links {
        if a != b {
            adj[a].insert(b);
            adj[b].insert(a);
        }
    }
    let mut dead = BTreeMap::new();
    let first = match g.reason {
        0 => Term::atom(atom::KILLED),
        _ if g.trapping[g.victim] => return dead, // a trapping target turns the signal into a message
        1 => return dead,                         // :normal from another process is ignored
        r => reason_term(r),
    };
    dead.insert(g.victim, first.clone());
    let mut queue = VecDeque::from([(g.victim, first)]);
    while let Some((p, why)) = queue.pop_front() {
        for &q in &adj[p] {
            if dead.contains_key(&q) || g.trapping[q] || why.is_atom(atom::NORMAL) {
                continue;
            }
            dead.insert(q, why.clone());
            queue.push_back((q, why.clone()));
        }
    }
    dead
}

type Observed = (Vec<bool>, Vec<Vec<Term>>, Vec<Term>);

fn run(g: Graph) -> Observed {
    block_on(Mode::Deterministic, move |node| async move {
        let n = node.clone();
        node.run(move |mut cx| async move {
            let pids: Vec<Pid> = g
                .trapping
                .iter()
                .map(|&trap| {
                    n.spawn(
                        SpawnOpts {
                            trap_exit: trap,
                            ..Default::default()
                        },
                        |mut c| async move {
                            c.sleep(None).await;
                            Term::atom(atom::NORMAL)
                        },
                    )
                })
                .collect();
            for &(a, b) in &g.links {
                n.link(pids[a], pids[b]);
            }
            let refs: Vec<_> = pids.iter().map(|p| cx.monitor(*p)).collect();
            cx.exit_signal(pids[g.victim], reason_term(g.reason));
            cx.until_others_quiet().await;
            let alive: Vec<bool> = pids.iter().map(|p| n.is_alive(*p)).collect();
            let mailboxes: Vec<Vec<Term>> = pids
                .iter()
                .map(|p| {
                    n.info(*p, None)
                        .map(|i| vec![Term::int(i.message_queue_len as i64)])
                        .unwrap_or_default()
                })
                .collect();
            let downs = cx.drain_mailbox();
            let _ = refs;
            (alive, mailboxes, downs)
        })
        .await
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn exit_signals_propagate_as_otp_says(g in graph()) {
        let expected = expected_deaths(&g);
        let (alive, mailboxes, downs) = run(g.clone());
        for (i, is_alive) in alive.iter().enumerate() {
            prop_assert_eq!(*is_alive, !expected.contains_key(&i), "process {} in {:?}", i, g);
        }
        // One DOWN per dead process, with its reason.
        prop_assert_eq!(downs.len(), expected.len());
        let mut got: Vec<String> = downs.iter().map(|d| d.as_tuple().unwrap()[4].to_string()).collect();
        let mut want: Vec<String> = expected.values().map(|t| t.to_string()).collect();
        got.sort();
        want.sort();
        prop_assert_eq!(got, want);
        // A trapping survivor holds one {:EXIT, ...} per distinct dead linked neighbour.
        for (i, mb) in mailboxes.iter().enumerate() {
            if !alive[i] || !g.trapping[i] {
                continue;
            }
            let neighbours: BTreeSet<usize> = g.links.iter()
                .filter_map(|&(a, b)| if a == i && b != i { Some(b) } else if b == i && a != i { Some(a) } else { None })
                .filter(|q| expected.contains_key(q))
                .collect();
            let mut exits = neighbours.len() as i64;
            if i == g.victim && g.reason != 0 {
                exits += 1; // the signal itself, trapped
            }
            prop_assert_eq!(mb[0].as_int().unwrap(), exits, "mailbox of trapping process {} in {:?}", i, g);
        }
    }
}
