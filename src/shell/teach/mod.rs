//! Teaching tools: seeing what supervisors do.
//!
//! `tree` draws the supervision trees of the node as they run:
//!
//! ```text
//! iex> tree :all
//! KV.Supervisor · Supervisor · one_for_all (0 of 3 restarts in 5 s)
//! ├── KV.BucketSupervisor · DynamicSupervisor · supervisor · permanent · ...
//! └── KV.Registry · KV.Registry · worker · permanent · 0 restarts · up 4 s
//! ```

pub mod demo;
pub mod demos;
#[cfg(test)]
mod fixtures;
mod keys;
pub mod seq;
pub mod seq_diagram;
mod seq_mermaid;
pub mod svg;
#[cfg(test)]
mod tests;
pub mod trace;
pub mod tree;
mod tree_command;

pub use tree_command::tree;

use crate::otp::observe::{self, ChildState, ChildView, SupervisorView};
use crate::runtime::Ctx;
use crate::term::inspect::inspect;
use crate::term::{Pid, Term};
use std::time::Duration;

/// What `i(pid)` adds to iex's lines: where the process sits in a
/// supervision tree (its supervisor and strategy, its restart type and
/// restarts), who monitors whom, and the messages waiting in its mailbox.
/// Empty for a process that is gone.
pub async fn supervision_of(cx: &mut Ctx, pid: Pid) -> String {
    let Some(info) = cx.node().info(pid, None) else {
        return String::new();
    };
    let trees = observe::roots(cx, Duration::from_secs(5)).await;
    let place = trees.iter().find_map(|t| find(t, pid));
    let mut s = String::new();
    match place {
        Some((sup, child)) => {
            let name = sup
                .name
                .map(|n| {
                    format!(
                        "{} ({})",
                        inspect(&Term::Atom(n)),
                        inspect(&Term::Pid(sup.pid))
                    )
                })
                .unwrap_or_else(|| inspect(&Term::Pid(sup.pid)));
            s.push_str(&format!(
                "Supervisor\n  {name}, {} ({} of {} restarts in {} s)\n",
                sup.strategy.name(),
                sup.recent_restarts,
                sup.max_restarts,
                sup.max_seconds
            ));
            s.push_str(&format!(
                "Restart type\n  {} {}, restarted {} {}\n",
                child.restart.atom().name(),
                child.kind.atom().name(),
                child.restarts,
                if child.restarts == 1 { "time" } else { "times" }
            ));
        }
        None => s.push_str("Supervisor\n  none\n"),
    }
    s.push_str(&format!(
        "Monitors\n  {}\nMonitored by\n  {}\n",
        pids(&info.monitors),
        pids(&info.monitored_by)
    ));
    let mailbox = cx.node().mailbox(pid).unwrap_or_default();
    s.push_str(&format!("Mailbox\n{}", mailbox_text(&mailbox)));
    s
}

/// How many waiting messages `i(pid)` shows.
const MAILBOX_SHOWN: usize = 10;

/// The waiting messages, oldest first, one per line.
fn mailbox_text(messages: &[Term]) -> String {
    if messages.is_empty() {
        return "  empty\n".to_string();
    }
    let opts = crate::term::inspect::Opts::iex().with_limit(Some(20));
    let mut s = String::new();
    for m in messages.iter().take(MAILBOX_SHOWN) {
        let shown = crate::term::inspect::inspect_opts(m, &opts);
        s.push_str(&format!("  {}\n", shown.replace('\n', "\n  ")));
    }
    if messages.len() > MAILBOX_SHOWN {
        s.push_str(&format!(
            "  ... and {} more\n",
            messages.len() - MAILBOX_SHOWN
        ));
    }
    s
}

/// The supervisor of `pid` in the tree `t`, and `pid` as its child.
fn find(t: &SupervisorView, pid: Pid) -> Option<(&SupervisorView, &ChildView)> {
    t.children.iter().find_map(|c| {
        if c.state == ChildState::Running(pid) {
            return Some((t, c));
        }
        c.below.as_ref().and_then(|b| find(b, pid))
    })
}

fn pids(ps: &[Pid]) -> String {
    if ps.is_empty() {
        return "none".to_string();
    }
    ps.iter()
        .map(|p| inspect(&Term::Pid(*p)))
        .collect::<Vec<_>>()
        .join(", ")
}
