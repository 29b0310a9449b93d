//! Registry: a local key-value process store.
//!
//! ```text
//! {:ok, _} = Registry.start_link(keys: :unique, name: MyReg)
//! {:ok, _owner} = Registry.register(MyReg, "alice", :meta)
//! Registry.lookup(MyReg, "alice")        #=> [{self(), :meta}]
//! name = {:via, Registry, {MyReg, "counter"}}
//! Agent.start_link(fn -> 0 end, name: name)
//! ```
//!
//! As in Elixir, a registry is a supervisor with a partition process that
//! owns the entries: a process that registers is linked to the partition,
//! which traps exits and removes a dead owner's entries. Reads go straight to
//! the table, without a message, so a lookup costs no more than a hash lookup.

mod partition;
mod select;
mod table;

pub use table::{Keys, Refused, Registries, Table};

use crate::otp::child_spec::option;
use crate::otp::native::{apply_fun, NativeModule};
use crate::otp::supervisor;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Pid, TMap, Term};
use std::sync::Arc;

/// `Registry.start_link(keys: ..., name: ...)`.
pub async fn start_link(cx: &mut Ctx, opts: &Term) -> Result<Term, Exception> {
    let Some(Term::Atom(name)) = option(opts, "name") else {
        return Err(Exception::argument_error(&format!(
            "expected :name to be given and to be an atom, got: {}",
            inspect(&option(opts, "name").unwrap_or(Term::nil()))
        )));
    };
    let keys = option(opts, "keys").unwrap_or(Term::nil());
    if !(keys.is_atom(atom::UNIQUE) || keys.is_atom(atom::DUPLICATE)) {
        return Err(Exception::argument_error(&format!(
            "expected :keys to be given and be one of :unique or :duplicate, got: {}",
            inspect(&keys)
        )));
    }
    let partition = TMap::from_pairs(vec![
        (Term::atom(atom::ID), Term::Atom(crate::atom!("partition"))),
        (
            Term::atom(atom::START),
            Term::tuple([
                Term::Atom(crate::atom!("Elixir.Registry.Partition")),
                Term::atom(atom::START_LINK),
                Term::list(vec![Term::Atom(name), keys]),
            ]),
        ),
    ]);
    let sup_opts = Term::list(vec![
        Term::tuple([Term::atom(atom::STRATEGY), Term::atom(atom::ONE_FOR_ALL)]),
        Term::tuple([Term::atom(atom::NAME), Term::Atom(name)]),
    ]);
    let started =
        supervisor::start_link(cx, &Term::list(vec![Term::Map(partition)]), &sup_opts).await?;
    Ok(started.to_term())
}

/// The table of the registry `name`, or `unknown registry: name`.
pub fn table(cx: &Ctx, name: &Term) -> Result<Arc<Table>, Exception> {
    let unknown = || Exception::argument_error(&format!("unknown registry: {}", inspect(name)));
    let atom = name.as_atom().ok_or_else(unknown)?;
    let node = cx.node().serial();
    if let Some(t) = with_cached(node, atom, Arc::clone) {
        return Ok(t);
    }
    let t = Registries::of(cx.node()).get(atom).ok_or_else(unknown)?;
    remember(node, atom, &t);
    Ok(t)
}

/// Runs `f` on the table of the registry `name` without taking a reference
/// count on it (each is an atomic operation): the hot path of `lookup/2`.
pub fn with_table<R>(cx: &Ctx, name: &Term, f: impl FnOnce(&Table) -> R) -> Result<R, Exception> {
    let mut f = Some(f);
    let node = cx.node().serial();
    let cached = name
        .as_atom()
        .and_then(|atom| with_cached(node, atom, |t| f.take().map(|f| f(t))))
        .flatten();
    match (cached, f) {
        (Some(r), _) => Ok(r),
        (None, Some(f)) => Ok(f(&*table(cx, name)?)),
        (None, None) => unreachable!("f runs only on a cached table, which gives a result"),
    }
}

thread_local! {
    /// Tables recently looked up on this thread, by node serial and name: a
    /// lookup then costs no lock before the table's own. (A serial, not the
    /// node's address, which a later node may reuse.)
    static TABLES: std::cell::RefCell<Vec<(u64, Atom, Arc<Table>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` on the cached table `name` of node `node`, if it is cached and runs.
fn with_cached<R>(node: u64, name: Atom, f: impl FnOnce(&Arc<Table>) -> R) -> Option<R> {
    TABLES.with(|c| {
        c.borrow()
            .iter()
            .find(|(n, a, t)| *n == node && *a == name && t.is_running())
            .map(|(_, _, t)| f(t))
    })
}

fn remember(node: u64, name: Atom, t: &Arc<Table>) {
    TABLES.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|(_, _, t)| t.is_running());
        if c.len() >= 16 {
            c.remove(0);
        }
        c.push((node, name, t.clone()));
    });
}

/// `Registry.register(registry, key, value)`: `{:ok, owner}` or `{:error, {:already_registered, pid}}`.
pub fn register(cx: &Ctx, registry: &Term, key: Term, value: Term) -> Result<Term, Exception> {
    let t = table(cx, registry)?;
    let me = cx.self_pid();
    match t.register(cx.node(), key, me, value) {
        Ok(()) => {
            cx.link(t.partition);
            Ok(Term::ok_tuple(Term::Pid(t.partition)))
        }
        Err(Refused::AlreadyRegistered(pid)) => Ok(Term::error_tuple(Term::tuple([
            Term::atom(atom::ALREADY_REGISTERED),
            Term::Pid(pid),
        ]))),
    }
}

/// `Registry.lookup(registry, key)`: `[{pid, value}]`.
pub fn lookup(cx: &Ctx, registry: &Term, key: &Term) -> Result<Term, Exception> {
    with_table(cx, registry, |t| t.lookup_list(key))
}

fn pairs(entries: Vec<(Pid, Term)>) -> Term {
    Term::list(
        entries
            .into_iter()
            .map(|(p, v)| Term::tuple([Term::Pid(p), v]))
            .collect(),
    )
}

fn reg_fn<'a>(
    f: fn(&Ctx, &[Term]) -> Result<Term, Exception>,
    cx: &'a mut Ctx,
    args: Vec<Term>,
) -> CallFuture<'a> {
    let r = f(cx, &args);
    Box::pin(async move { r })
}

macro_rules! sync_fn {
    ($name:ident, $body:expr) => {
        fn $name<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
            reg_fn($body, cx, args)
        }
    };
}

sync_fn!(register_fn, |cx, a| register(
    cx,
    &a[0],
    a[1].clone(),
    a[2].clone()
));
sync_fn!(lookup_fn, |cx, a| lookup(cx, &a[0], &a[1]));
sync_fn!(unregister_fn, |cx, a| {
    table(cx, &a[0])?.unregister(&a[1], cx.self_pid());
    Ok(Term::ok())
});
sync_fn!(keys_fn, |cx, a| {
    let pid = a[1].as_pid().unwrap_or(cx.self_pid());
    Ok(Term::list(table(cx, &a[0])?.keys_of(pid)))
});
sync_fn!(count_fn, |cx, a| Ok(Term::int(
    table(cx, &a[0])?.count() as i64
)));
sync_fn!(select_fn, |cx, a| select::select(
    &*table(cx, &a[0])?,
    &a[1]
));
sync_fn!(whereis_name_fn, |cx, a| {
    let (reg, key, _) = via_parts(&a[0])?;
    let found = table(cx, &reg)?
        .lookup(cx.node(), &key)
        .first()
        .map(|(p, _)| *p);
    Ok(found.map(Term::Pid).unwrap_or(Term::atom(atom::UNDEFINED)))
});
sync_fn!(register_name_fn, |cx, a| {
    let (reg, key, value) = via_parts(&a[0])?;
    let t = table(cx, &reg)?;
    let pid = a[1].as_pid().unwrap_or(cx.self_pid());
    Ok(Term::atom_named(
        match t.register(cx.node(), key, pid, value) {
            Ok(()) => {
                cx.node().link(pid, t.partition);
                "yes"
            }
            Err(_) => "no",
        },
    ))
});
sync_fn!(unregister_name_fn, |cx, a| {
    let (reg, key, _) = via_parts(&a[0])?;
    table(cx, &reg)?.unregister(&key, cx.self_pid());
    Ok(Term::ok())
});
sync_fn!(send_fn, |cx, a| {
    let (reg, key, _) = via_parts(&a[0])?;
    match table(cx, &reg)?.lookup(cx.node(), &key).first() {
        Some((pid, _)) => {
            cx.send(*pid, a[1].clone());
            Ok(a[1].clone())
        }
        None => Err(Exception::error(Term::tuple([
            Term::Atom(crate::atom!("badarg")),
            Term::tuple([a[0].clone(), a[1].clone()]),
        ]))),
    }
});
sync_fn!(child_spec_fn, |_cx, a| {
    let id = option(&a[0], "name").unwrap_or(Term::atom(atom::REGISTRY));
    Ok(Term::Map(TMap::from_pairs(vec![
        (Term::atom(atom::ID), id),
        (
            Term::atom(atom::START),
            Term::tuple([
                Term::atom(atom::REGISTRY),
                Term::atom(atom::START_LINK),
                Term::list(vec![a[0].clone()]),
            ]),
        ),
        (Term::atom(atom::TYPE), Term::atom(atom::SUPERVISOR)),
    ])))
});

/// `{registry, key}` or `{registry, key, value}` of a via name.
fn via_parts(t: &Term) -> Result<(Term, Term, Term), Exception> {
    match t.as_tuple() {
        Some([reg, key]) => Ok((reg.clone(), key.clone(), Term::nil())),
        Some([reg, key, value]) => Ok((reg.clone(), key.clone(), value.clone())),
        _ => Err(Exception::argument_error(&format!(
            "invalid via name: {}",
            inspect(t)
        ))),
    }
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move { start_link(cx, &args[0]).await })
}

fn update_value_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let t = table(cx, &args[0])?;
        let me = cx.self_pid();
        let current = t
            .lookup(cx.node(), &args[1])
            .into_iter()
            .find(|(p, _)| *p == me);
        let Some((_, old)) = current else {
            return Ok(Term::atom(atom::ERROR));
        };
        let new = apply_fun(cx, &args[2], vec![old.clone()]).await?;
        t.set_value(&args[1], me, new.clone());
        Ok(Term::tuple([new, old]))
    })
}

fn dispatch_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let entries = table(cx, &args[0])?.lookup(cx.node(), &args[1]);
        if !entries.is_empty() {
            apply_fun(cx, &args[2], vec![pairs(entries)]).await?;
        }
        Ok(Term::ok())
    })
}

/// The `Registry` module.
pub fn module() -> NativeModule {
    NativeModule::new(atom::REGISTRY)
        .export("start_link", 1, start_link_fn)
        .export("child_spec", 1, child_spec_fn)
        .export("register", 3, register_fn)
        .export("unregister", 2, unregister_fn)
        .export("lookup", 2, lookup_fn)
        .export("keys", 2, keys_fn)
        .export("count", 1, count_fn)
        .export("select", 2, select_fn)
        .export("update_value", 3, update_value_fn)
        .export("dispatch", 3, dispatch_fn)
        .export("dispatch", 4, dispatch_fn)
        .export("whereis_name", 1, whereis_name_fn)
        .export("register_name", 2, register_name_fn)
        .export("unregister_name", 1, unregister_name_fn)
        .export("send", 2, send_fn)
}

/// The `Registry.Partition` module (the entries' owner process).
pub fn partition_module() -> NativeModule {
    partition::module()
}

/// The atom `Registry`, for callers.
pub fn name() -> Atom {
    atom::REGISTRY
}
