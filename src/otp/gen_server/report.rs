//! The `[error] GenServer NAME terminating` report, as Elixir's Logger
//! translator writes it, and the OTP stack frames a callback crash carries.

use crate::otp::logger::{log, Level};
use crate::runtime::Node;
use crate::term::build::{charlist, keyword};
use crate::term::exception::{
    format_exit, format_frame, format_stacktrace, is_exception, normalize,
};
use crate::term::inspect::inspect;
use crate::term::{Exception, Pid, Term};

/// The caller of a call that crashed the server.
pub(crate) struct Client {
    pub pid: Pid,
    pub alive: bool,
}

/// Which gen_server function ran the callback: decides the OTP frames.
#[derive(Clone, Copy)]
pub(crate) enum Dispatch {
    Call,
    Other,
}

/// Appends the gen_server frames a crash inside a callback shows on the BEAM.
pub(crate) fn with_otp_frames(mut e: Exception, dispatch: Dispatch) -> Exception {
    let frames = match dispatch {
        Dispatch::Call => [
            ("gen_server", "try_handle_call", 4, 1149),
            ("gen_server", "handle_msg", 6, 1178),
        ],
        Dispatch::Other => [
            ("gen_server", "try_dispatch", 4, 1123),
            ("gen_server", "handle_msg", 6, 1200),
        ],
    };
    let mut stack = e.stack.list_to_vec().unwrap_or_default();
    for (m, f, a, line) in frames
        .into_iter()
        .chain([("proc_lib", "init_p_do_apply", 3, 240)])
    {
        stack.push(frame(m, f, a, &format!("{m}.erl"), line));
    }
    e.stack = Term::list(stack);
    e
}

/// A stack frame `{module, function, arity, [file: 'file', line: line]}`.
pub(crate) fn frame(module: &str, fun: &str, arity: i64, file: &str, line: i64) -> Term {
    Term::tuple([
        Term::atom_named(module),
        Term::atom_named(fun),
        Term::int(arity),
        keyword(vec![("file", charlist(file)), ("line", Term::int(line))]),
    ])
}

/// Logs the crash report of a server that is exiting with an abnormal reason.
pub(crate) fn log_crash(
    node: &Node,
    name: &Term,
    reason: &Term,
    last: &Term,
    state: &Term,
    client: Option<Client>,
) {
    let mut text = format!("GenServer {} terminating\n", inspect(name));
    text.push_str(&format_reason(reason));
    match &client {
        Some(c) => text.push_str(&format!(
            "\nLast message (from {}): {}",
            c.pid,
            inspect(last)
        )),
        None => text.push_str(&format!("\nLast message: {}", inspect(last))),
    }
    text.push_str(&format!("\nState: {}", inspect(state)));
    if let Some(c) = client {
        if c.alive {
            text.push_str(&format!("\nClient {} is alive\n", c.pid));
            {
                let f = frame("gen", "do_call", 4, "gen.erl", 240);
                text.push_str(&format!("\n    {}", format_frame(&f)));
            }
        } else {
            text.push_str(&format!("\nClient {} is dead", c.pid));
        }
    }
    log(node, Level::Error, &text);
}

/// `** (RuntimeError) message` plus the stack, or `** (stop) reason`.
pub(crate) fn format_reason(reason: &Term) -> String {
    if let Some([exception, stack]) = reason.as_tuple() {
        let frames = stack.list_to_vec().unwrap_or_default();
        let is_stack = !frames.is_empty()
            && frames
                .iter()
                .all(|f| f.as_tuple().is_some_and(|t| t.len() == 4));
        if is_stack || (is_exception(exception) && stack.is_list()) {
            let e = normalize(exception);
            let name = e
                .struct_name()
                .map(|a| a.module_display())
                .unwrap_or_default();
            let mut out = format!("** ({name}) {}", crate::term::exception::message(&e));
            for line in format_stacktrace(stack) {
                out.push_str("\n    ");
                out.push_str(&line);
            }
            return out;
        }
    }
    format!("** (stop) {}", format_exit(reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::atom;

    #[test]
    fn a_stop_reason_reads_as_stop() {
        assert_eq!(
            format_reason(&Term::atom_named("weird")),
            "** (stop) :weird"
        );
    }

    #[test]
    fn an_exception_reason_reads_as_its_banner_and_stack() {
        let e = with_otp_frames(Exception::runtime_error("boom"), Dispatch::Other);
        let text = format_reason(&e.exit_reason());
        assert_eq!(
            text,
            "** (RuntimeError) boom\n    (stdlib 4.2) gen_server.erl:1123: :gen_server.try_dispatch/4\n    (stdlib 4.2) gen_server.erl:1200: :gen_server.handle_msg/6\n    (stdlib 4.2) proc_lib.erl:240: :proc_lib.init_p_do_apply/3"
        );
        let _ = atom::OK;
    }
}
