//! Drawing a supervision tree: as text with box-drawing lines for the
//! terminal, as Mermaid for notes and slides, as Graphviz DOT (and, in
//! [`super::svg::tree`], as an SVG picture from the same facts).
//!
//! ```text
//! KV.Supervisor · Supervisor · one_for_all (1 of 3 restarts in 5 s)
//! ├── KV.BucketSupervisor · DynamicSupervisor · supervisor · permanent · 0 restarts · up 12 s · one_for_one (0 of 3 restarts in 5 s)
//! │   └── #PID<0.130.0> · KV.Bucket · worker · temporary · 0 restarts · up 3 s
//! └── KV.Registry · KV.Registry · worker · permanent · 1 restart · up 3 s
//! ```
//!
//! Each node shows what a learner needs to reason about a crash: its name
//! (or PID), its module, whether it is a worker or a supervisor, its
//! restart type, how often it was restarted and for how long it has run;
//! each supervisor its strategy and how much of its restart budget is in
//! use. Running children are green, children being restarted yellow,
//! terminated ones red (without colour under `NO_COLOR`).

use crate::otp::child_spec::ChildType;
use crate::otp::observe::{ChildState, ChildView, SupervisorView};
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Pid, Term};
use std::fmt::Write as _;
use std::time::Duration;

/// The trees as text, one after the other, coloured when `color`.
pub fn text(trees: &[SupervisorView], color: bool) -> String {
    let mut out = String::new();
    for t in trees {
        out.push_str(&supervisor_line(t, color));
        out.push('\n');
        children_text(&t.children, "", color, &mut out);
    }
    out
}

/// The trees as a Mermaid flowchart.
pub fn mermaid(trees: &[SupervisorView]) -> String {
    let mut out = String::from("graph TD\n");
    let mut ids = 0;
    for t in trees {
        let root = next_id(&mut ids);
        let label = supervisor_label(t).join("<br/>");
        let _ = writeln!(out, "  {root}[\"{}\"]:::supervisor", mermaid_text(&label));
        mermaid_children(&t.children, &root, &mut ids, &mut out);
    }
    out.push_str("  classDef supervisor fill:#dbeafe,stroke:#1e40af\n");
    out.push_str("  classDef worker fill:#dcfce7,stroke:#166534\n");
    out.push_str("  classDef restarting fill:#fef9c3,stroke:#a16207\n");
    out.push_str("  classDef terminated fill:#fee2e2,stroke:#991b1b\n");
    out
}

/// The trees as a Graphviz digraph.
pub fn dot(trees: &[SupervisorView]) -> String {
    let mut out =
        String::from("digraph supervision {\n  node [fontname=\"Helvetica\", style=filled];\n");
    let mut ids = 0;
    for t in trees {
        let root = next_id(&mut ids);
        let label = supervisor_label(t).join("\\n");
        let _ = writeln!(
            out,
            "  {root} [shape=box, fillcolor=\"#dbeafe\", label=\"{}\"];",
            dot_text(&label)
        );
        dot_children(&t.children, &root, &mut ids, &mut out);
    }
    out.push_str("}\n");
    out
}

fn children_text(children: &[ChildView], prefix: &str, color: bool, out: &mut String) {
    for (i, c) in children.iter().enumerate() {
        let last = i + 1 == children.len();
        let (branch, deeper) = if last {
            ("└── ", "    ")
        } else {
            ("├── ", "│   ")
        };
        let _ = writeln!(out, "{prefix}{branch}{}", child_line(c, color));
        if let Some(below) = &c.below {
            children_text(&below.children, &format!("{prefix}{deeper}"), color, out);
        }
    }
}

fn supervisor_line(t: &SupervisorView, color: bool) -> String {
    let shown = name_or_pid(t.name, t.pid);
    let mut parts = vec![paint(&shown, ChildState::Running(t.pid), color)];
    parts.extend(module_unless_named(t.module, &shown));
    parts.push(budget(t));
    parts.join(" · ")
}

/// The module, unless the name already says it (`KV.Registry`).
pub(super) fn module_unless_named(module: Atom, name: &str) -> Option<String> {
    let text = module_text(module);
    (text != name).then_some(text)
}

fn child_line(c: &ChildView, color: bool) -> String {
    let name = child_name(c);
    let mut parts = vec![paint(&name, c.state, color)];
    parts.extend(child_facts(c).into_iter().filter(|f| *f != name));
    parts.extend(uptime(c));
    if let Some(below) = &c.below {
        parts.push(budget(below));
    }
    parts.join(" · ")
}

/// What a child is, after its name: its id when that is not its name,
/// module, kind, restart type, restarts and, when not running, its state.
fn child_facts(c: &ChildView) -> Vec<String> {
    let mut facts = child_identity(c);
    facts.push(restarts(c));
    facts.extend(state_word(c).map(str::to_string));
    facts
}

/// Who a child is: its id when that is not its name, its module, kind
/// and restart type.
pub(super) fn child_identity(c: &ChildView) -> Vec<String> {
    let mut facts = Vec::new();
    let shown_id = !c.id.is_atom(atom::UNDEFINED)
        && c.name.is_none_or(|n| !c.id.is_atom(n))
        && !matches!(c.state, ChildState::Restarting | ChildState::Terminated);
    if shown_id {
        facts.push(format!("id {}", inspect(&c.id)));
    }
    let module = match &c.below {
        Some(b) => module_text(b.module),
        None => inspect(&Term::Atom(c.module)),
    };
    facts.push(module);
    facts.push(c.kind.atom().name().to_string());
    facts.push(c.restart.atom().name().to_string());
    facts
}

/// `1 restart`, `2 restarts`.
pub(super) fn restarts(c: &ChildView) -> String {
    match c.restarts {
        1 => "1 restart".to_string(),
        n => format!("{n} restarts"),
    }
}

/// `restarting` or `terminated` for a child that is not running.
pub(super) fn state_word(c: &ChildView) -> Option<&'static str> {
    match c.state {
        ChildState::Running(_) => None,
        ChildState::Restarting => Some("restarting"),
        ChildState::Terminated => Some("terminated"),
    }
}

/// `up 12 s` for a running child whose start is known.
pub(super) fn uptime(c: &ChildView) -> Option<String> {
    c.uptime
        .filter(|_| matches!(c.state, ChildState::Running(_)))
        .map(|up| format!("up {}", duration(up)))
}

/// A supervisor's strategy and its restart budget in use.
pub(super) fn budget(t: &SupervisorView) -> String {
    format!(
        "{} ({} of {} restarts in {} s)",
        t.strategy.name(),
        t.recent_restarts,
        t.max_restarts,
        t.max_seconds
    )
}

/// The supervisor's label lines for the pictures.
fn supervisor_label(t: &SupervisorView) -> Vec<String> {
    let name = name_or_pid(t.name, t.pid);
    let kind = match module_unless_named(t.module, &name) {
        Some(m) => format!("{m} · {}", t.strategy.name()),
        None => t.strategy.name().to_string(),
    };
    vec![
        name,
        kind,
        format!(
            "{} of {} restarts in {} s",
            t.recent_restarts, t.max_restarts, t.max_seconds
        ),
    ]
}

/// A child's label lines for the pictures (no uptime: a picture stays true).
fn child_label(c: &ChildView) -> Vec<String> {
    let name = child_name(c);
    let mut facts: Vec<String> = child_identity(c)
        .into_iter()
        .filter(|f| *f != name)
        .collect();
    facts.extend(state_word(c).map(str::to_string));
    let restarts = restarts(c);
    let last = match &c.below {
        Some(b) => format!(
            "{} · {} · {} of {} in {} s",
            restarts,
            b.strategy.name(),
            b.recent_restarts,
            b.max_restarts,
            b.max_seconds
        ),
        None => restarts,
    };
    vec![name, facts.join(" · "), last]
}

pub(super) fn child_class(c: &ChildView) -> &'static str {
    match (c.state, c.kind) {
        (ChildState::Restarting, _) => "restarting",
        (ChildState::Terminated, _) => "terminated",
        (_, ChildType::Supervisor) => "supervisor",
        (_, ChildType::Worker) => "worker",
    }
}

fn mermaid_children(children: &[ChildView], parent: &str, ids: &mut usize, out: &mut String) {
    for c in children {
        let id = next_id(ids);
        let label = mermaid_text(&child_label(c).join("<br/>"));
        let (open, close) = match c.kind {
            ChildType::Supervisor => ("[", "]"),
            ChildType::Worker => ("(", ")"),
        };
        let _ = writeln!(
            out,
            "  {parent} --> {id}{open}\"{label}\"{close}:::{}",
            child_class(c)
        );
        if let Some(below) = &c.below {
            mermaid_children(&below.children, &id, ids, out);
        }
    }
}

fn dot_children(children: &[ChildView], parent: &str, ids: &mut usize, out: &mut String) {
    for c in children {
        let id = next_id(ids);
        let shape = match c.kind {
            ChildType::Supervisor => "box",
            ChildType::Worker => "ellipse",
        };
        let fill = match child_class(c) {
            "supervisor" => "#dbeafe",
            "worker" => "#dcfce7",
            "restarting" => "#fef9c3",
            _ => "#fee2e2",
        };
        let label = dot_text(&child_label(c).join("\\n"));
        let _ = writeln!(
            out,
            "  {id} [shape={shape}, fillcolor=\"{fill}\", label=\"{label}\"];"
        );
        let _ = writeln!(out, "  {parent} -> {id};");
        if let Some(below) = &c.below {
            dot_children(&below.children, &id, ids, out);
        }
    }
}

fn next_id(ids: &mut usize) -> String {
    *ids += 1;
    format!("n{}", *ids)
}

/// Mermaid's own entity codes for what its labels cannot hold as is.
fn mermaid_text(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace("<br/>", "\u{0}")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\u{0}', "<br/>")
}

/// A DOT string's escapes (`\n` line breaks are kept).
fn dot_text(s: &str) -> String {
    s.replace('"', "\\\"")
}

pub(super) fn child_name(c: &ChildView) -> String {
    match (c.name, c.state) {
        (Some(n), _) => inspect(&Term::Atom(n)),
        (None, ChildState::Running(p)) => inspect(&Term::Pid(p)),
        (None, _) => inspect(&c.id),
    }
}

pub(super) fn name_or_pid(name: Option<Atom>, pid: Pid) -> String {
    match name {
        Some(n) => inspect(&Term::Atom(n)),
        None => inspect(&Term::Pid(pid)),
    }
}

/// A supervisor's module as a learner knows it: `Supervisor` for one
/// started from a list of children.
fn module_text(m: Atom) -> String {
    if m == Atom::module("Supervisor.Default") {
        "Supervisor".to_string()
    } else {
        inspect(&Term::Atom(m))
    }
}

/// The name in its state's colour: the caller decides whether the
/// terminal gets colours (`NO_COLOR`, a pipe).
fn paint(s: &str, state: ChildState, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match state {
        ChildState::Running(_) => "1;32",
        ChildState::Restarting => "1;33",
        ChildState::Terminated => "31",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// `12 s`, `3 min 4 s`, `2 h 5 min`.
fn duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::teach::fixtures::kv;

    #[test]
    fn text_draws_each_level_with_box_lines() {
        insta::assert_snapshot!(text(&[kv()], false));
    }

    #[test]
    fn text_colours_running_and_terminated_children() {
        let coloured = text(&[kv()], true);
        assert!(coloured.contains("\x1b[1;32mKV.Registry\x1b[0m"));
        assert!(coloured.contains("\x1b[31m:cache\x1b[0m"));
        assert!(!text(&[kv()], false).contains('\x1b'));
    }

    #[test]
    fn mermaid_draws_the_same_tree() {
        insta::assert_snapshot!(mermaid(&[kv()]));
    }

    #[test]
    fn dot_draws_the_same_tree() {
        insta::assert_snapshot!(dot(&[kv()]));
    }

    #[test]
    fn uptimes_read_in_the_largest_units() {
        assert_eq!(duration(Duration::from_secs(12)), "12 s");
        assert_eq!(duration(Duration::from_secs(184)), "3 min 4 s");
        assert_eq!(duration(Duration::from_secs(7500)), "2 h 5 min");
    }
}
