//! Server names: how GenServer, Agent and Supervisor find a process.
//!
//! A server is addressed by PID, local atom, `{:global, term}` or
//! `{:via, module, name}`; via names go through the module's
//! `register_name/2`, `whereis_name/1` and `unregister_name/1` (Registry
//! implements them).

use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Pid, Term};

/// A parsed server name or reference.
#[derive(Clone, Debug)]
pub enum ServerRef {
    /// A PID.
    Pid(Pid),
    /// A locally registered atom.
    Local(Atom),
    /// `{:global, name}`.
    Global(Term),
    /// `{:via, module, name}`.
    Via(Atom, Term),
}

impl ServerRef {
    /// Reads a server reference as `GenServer.call/3` accepts it.
    pub fn from_term(t: &Term) -> Option<ServerRef> {
        match t {
            Term::Pid(p) => Some(ServerRef::Pid(*p)),
            Term::Atom(a) if *a != atom::NIL => Some(ServerRef::Local(*a)),
            Term::Tuple(items) => match &items[..] {
                [g, name] if g.is_atom(atom::GLOBAL) => Some(ServerRef::Global(name.clone())),
                [v, Term::Atom(m), name] if v.is_atom(atom::VIA) => {
                    Some(ServerRef::Via(*m, name.clone()))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The `name:` option of a start function: `nil` means no name; anything
    /// but an atom, `{:global, _}` or `{:via, _, _}` raises as Elixir does.
    pub fn from_name_option(t: &Term) -> Result<Option<ServerRef>, Exception> {
        if t.is_atom(atom::NIL) {
            return Ok(None);
        }
        match ServerRef::from_term(t) {
            Some(ServerRef::Pid(_)) | None => Err(Exception::argument_error(&format!(
                "expected :name option to be one of the following:\n\n  * nil\n  * atom\n  * {{:global, term}}\n  * {{:via, module, term}}\n\nGot: {}\n",
                crate::term::inspect::inspect(t)
            ))),
            Some(r) => Ok(Some(r)),
        }
    }

    /// The term form, as printed in exits (`GenServer.call(:name, ...)`).
    pub fn to_term(&self) -> Term {
        match self {
            ServerRef::Pid(p) => Term::Pid(*p),
            ServerRef::Local(a) => Term::Atom(*a),
            ServerRef::Global(n) => Term::tuple([Term::atom(atom::GLOBAL), n.clone()]),
            ServerRef::Via(m, n) => Term::tuple([Term::atom(atom::VIA), Term::Atom(*m), n.clone()]),
        }
    }

    /// How a crash report names the server: the registered name itself,
    /// without the `:global`/`:via` wrapping, as gen_server does.
    pub fn report_name(&self) -> Term {
        match self {
            ServerRef::Pid(p) => Term::Pid(*p),
            ServerRef::Local(a) => Term::Atom(*a),
            ServerRef::Global(n) | ServerRef::Via(_, n) => n.clone(),
        }
    }

    /// The PID currently holding this name.
    pub async fn whereis(&self, cx: &mut Ctx) -> Result<Option<Pid>, Exception> {
        if let Some(found) = self.whereis_now(cx) {
            return Ok(found);
        }
        let ServerRef::Via(m, n) = self else {
            unreachable!("only a via name asks its module")
        };
        Ok(cx
            .apply(*m, crate::atom!("whereis_name"), vec![n.clone()])
            .await?
            .as_pid())
    }

    /// The process of a name found without asking a module (a PID, a local
    /// or global name); `None` for a via name, whose module may wait.
    pub fn whereis_now(&self, cx: &Ctx) -> Option<Option<Pid>> {
        match self {
            ServerRef::Pid(p) => Some(Some(*p)),
            ServerRef::Local(a) => Some(cx.node().whereis(*a)),
            ServerRef::Global(n) => Some(cx.node().global_whereis(n)),
            ServerRef::Via(..) => None,
        }
    }

    /// Registers `pid` (the calling process) under this name; on a clash returns the holder.
    pub async fn register(&self, cx: &mut Ctx, pid: Pid) -> Result<Result<(), Pid>, Exception> {
        use crate::runtime::NameError;
        let clash = |e: NameError| match e {
            NameError::Taken(owner) => Err(owner),
            _ => Err(pid),
        };
        Ok(match self {
            ServerRef::Pid(_) => Ok(()),
            ServerRef::Local(a) => cx.node().register(*a, pid).or_else(clash),
            ServerRef::Global(n) => cx.node().global_register(n.clone(), pid).or_else(clash),
            ServerRef::Via(m, n) => {
                let yes = cx
                    .apply(
                        *m,
                        crate::atom!("register_name"),
                        vec![n.clone(), Term::Pid(pid)],
                    )
                    .await?;
                if yes.is_atom(crate::atom!("yes")) {
                    Ok(())
                } else {
                    let owner = self.whereis(cx).await?.unwrap_or(pid);
                    Err(owner)
                }
            }
        })
    }

    /// Frees the name (after a failed start).
    pub async fn unregister(&self, cx: &mut Ctx) {
        match self {
            ServerRef::Pid(_) => {}
            ServerRef::Local(a) => {
                cx.node().unregister(*a);
            }
            ServerRef::Global(n) => cx.node().global_unregister(n),
            ServerRef::Via(m, n) => {
                let _ = cx
                    .apply(*m, crate::atom!("unregister_name"), vec![n.clone()])
                    .await;
            }
        }
    }
}
