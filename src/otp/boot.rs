//! Loading the OTP layer into a node: its native modules, and the report
//! for a process that dies of a Rust panic.

use crate::otp::logger::{log, Level};
use crate::runtime::Node;
use crate::term::Exception;
use std::sync::Arc;

/// Loads Agent, Task, Registry, Supervisor and DynamicSupervisor into `node`
/// and routes panic crashes to Logger.
pub fn boot(node: &Arc<Node>) {
    node.load_module(Arc::new(crate::otp::gen_server::module::module()));
    node.load_module(Arc::new(crate::otp::agent::module()));
    node.load_module(Arc::new(crate::otp::application::module()));
    node.load_module(Arc::new(crate::otp::task::module()));
    node.load_module(Arc::new(crate::otp::registry::module()));
    node.load_module(Arc::new(crate::otp::registry::partition_module()));
    node.load_module(Arc::new(crate::otp::supervisor::module::module()));
    node.load_module(Arc::new(crate::otp::dynamic_supervisor::module()));
    crate::otp::logger::layer::install_for_thread(node);
    node.set_crash_hook(Arc::new(|node: &Arc<Node>, pid, e: &Exception| {
        log_process_crash(node, pid, e);
    }));
}

/// `Process #PID<...> raised an exception`, as Logger reports a plain
/// process that dies of an uncaught error or throw.
pub fn log_process_crash(node: &Node, pid: crate::term::Pid, e: &Exception) {
    let reason = match e.kind {
        crate::term::Kind::Throw => crate::term::Term::tuple([
            crate::term::Term::atom(crate::term::atom::NOCATCH),
            e.reason.clone(),
        ]),
        _ => e.reason.clone(),
    };
    let mut text = format!(
        "Process {pid} raised an exception\n{}",
        crate::term::exception::format_banner(crate::term::Kind::Error, &reason)
    );
    for line in crate::term::exception::format_stacktrace(&e.stack) {
        text.push_str("\n    ");
        text.push_str(&line);
    }
    log(node, Level::Error, &text);
}
