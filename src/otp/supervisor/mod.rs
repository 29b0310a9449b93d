//! Supervisor: starts children in order, restarts them by strategy, stops
//! them in reverse order.
//!
//! ```text
//! children = [{Stack, [:hello]}, {Agent, fn -> 0 end}]
//! {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
//! ```
//!
//! Strategies: `:one_for_one` restarts the child that died;
//! `:one_for_all` stops the others (in reverse start order) and restarts all;
//! `:rest_for_one` does that for the children started after the one that
//! died. Past the restart intensity (`max_restarts` in `max_seconds`, 3 in 5
//! by default) the supervisor stops every child and exits with `:shutdown`,
//! which its own supervisor (or a linked shell) then sees.
//!
//! The supervisor is a [`GenServer`](crate::otp::gen_server::GenServer) that
//! traps exits, as in OTP; its client functions are calls to it.

pub(crate) mod child;
pub mod module;
mod server;

pub use server::SupervisorServer;

use crate::otp::child_spec::{child_spec, option};
use crate::otp::gen_server::{self, StartOpts, Started};
use crate::otp::name::ServerRef;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, TMap, Term};
use std::sync::Arc;

/// `Supervisor.init(children, opts)`: normalises the children to specs and
/// the options to flags: `{:ok, {%{strategy: ..., intensity: ..., period: ...}, specs}}`.
pub async fn init(cx: &mut Ctx, children: &Term, opts: &Term) -> Result<Term, Exception> {
    let Some(strategy) = option(opts, "strategy") else {
        return Err(Exception::argument_error(
            "expected :strategy option to be given",
        ));
    };
    let intensity = option(opts, "max_restarts").unwrap_or(Term::int(3));
    let period = option(opts, "max_seconds").unwrap_or(Term::int(5));
    let mut specs = Vec::new();
    for c in children.list_to_vec().unwrap_or_default() {
        specs.push(child_spec(cx, &c, &Term::Nil).await?);
    }
    let flags = TMap::new()
        .put(Term::atom(atom::STRATEGY), strategy)
        .put(Term::Atom(crate::atom!("intensity")), intensity)
        .put(Term::Atom(crate::atom!("period")), period);
    Ok(Term::ok_tuple(Term::tuple([
        Term::Map(flags),
        Term::list(specs),
    ])))
}

/// `Supervisor.start_link(children, opts)`.
pub async fn start_link(cx: &mut Ctx, children: &Term, opts: &Term) -> Result<Started, Exception> {
    let spec = init(cx, children, opts).await?;
    start_server(cx, SupervisorServer::with_init(spec), opts).await
}

/// `Supervisor.start_link(module, arg, opts)`: the module's `init/1` gives the spec.
pub async fn start_link_module(
    cx: &mut Ctx,
    module: Atom,
    arg: Term,
    opts: &Term,
) -> Result<Started, Exception> {
    start_server(cx, SupervisorServer::with_module(module, arg), opts).await
}

async fn start_server(
    cx: &mut Ctx,
    server: SupervisorServer,
    opts: &Term,
) -> Result<Started, Exception> {
    let name = match option(opts, "name") {
        Some(n) => ServerRef::from_name_option(&n)?,
        None => None,
    };
    let start_opts = StartOpts {
        name,
        initial_call: Some(Term::tuple([
            Term::Atom(crate::atom!("supervisor")),
            Term::Atom(crate::atom!("Elixir.Supervisor.Default")),
            Term::int(1),
        ])),
    };
    gen_server::start_link(cx, Arc::new(server), Term::Nil, start_opts).await
}

async fn sup_call(cx: &mut Ctx, sup: &Term, request: Term) -> Result<Term, Exception> {
    gen_server::call(cx, sup, request, None).await
}

/// `Supervisor.which_children/1`: `[{id, pid | :undefined | :restarting, type, modules}]`, newest first.
pub async fn which_children(cx: &mut Ctx, sup: &Term) -> Result<Term, Exception> {
    sup_call(cx, sup, Term::Atom(crate::atom!("which_children"))).await
}

/// `Supervisor.count_children/1`: `%{active:, specs:, supervisors:, workers:}`.
pub async fn count_children(cx: &mut Ctx, sup: &Term) -> Result<Term, Exception> {
    sup_call(cx, sup, Term::Atom(crate::atom!("count_children"))).await
}

/// `Supervisor.terminate_child/2` by id: `:ok` or `{:error, :not_found}`.
pub async fn terminate_child(cx: &mut Ctx, sup: &Term, id: Term) -> Result<Term, Exception> {
    sup_call(
        cx,
        sup,
        Term::tuple([Term::Atom(crate::atom!("terminate_child")), id]),
    )
    .await
}

/// `Supervisor.restart_child/2`: `{:ok, pid}`, `{:ok, pid, info}`, `{:ok, :undefined}`
/// (the start function returned `:ignore`), `{:error, :running}`, `{:error, :not_found}`.
pub async fn restart_child(cx: &mut Ctx, sup: &Term, id: Term) -> Result<Term, Exception> {
    sup_call(
        cx,
        sup,
        Term::tuple([Term::Atom(crate::atom!("restart_child")), id]),
    )
    .await
}

/// `Supervisor.delete_child/2`: `:ok`, `{:error, :running}`, `{:error, :not_found}`.
pub async fn delete_child(cx: &mut Ctx, sup: &Term, id: Term) -> Result<Term, Exception> {
    sup_call(
        cx,
        sup,
        Term::tuple([Term::Atom(crate::atom!("delete_child")), id]),
    )
    .await
}

/// `Supervisor.start_child/2`: adds and starts a child.
pub async fn start_child(cx: &mut Ctx, sup: &Term, child: &Term) -> Result<Term, Exception> {
    let spec = child_spec(cx, child, &Term::Nil).await?;
    sup_call(
        cx,
        sup,
        Term::tuple([Term::Atom(crate::atom!("start_child")), spec]),
    )
    .await
}

/// `Supervisor.stop/2`.
pub async fn stop(cx: &mut Ctx, sup: &Term, reason: Term) -> Result<Term, Exception> {
    gen_server::stop(cx, sup, reason, None).await
}

/// `%{active: a, specs: s, supervisors: sv, workers: w}`.
pub(crate) fn counts(active: usize, specs: usize, supervisors: usize, workers: usize) -> Term {
    Term::Map(TMap::from_pairs(vec![
        (Term::atom(atom::ACTIVE), Term::int(active as i64)),
        (Term::atom(atom::SPECS), Term::int(specs as i64)),
        (Term::atom(atom::SUPERVISORS), Term::int(supervisors as i64)),
        (Term::atom(atom::WORKERS), Term::int(workers as i64)),
    ]))
}

#[cfg(test)]
mod tests;
