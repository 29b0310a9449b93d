//! The partition process: it owns a registry's table, is linked to every
//! process that registers, and removes a process's entries when it exits.

use super::table::{Keys, Registries, Table};
use crate::otp::gen_server::{self, Action, Cb, GenServer, Init, StartOpts, Step};
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::fun::CallFuture;
use crate::term::{atom, Atom, Term};
use std::sync::Arc;

struct PartitionServer;

impl GenServer for PartitionServer {
    type State = Arc<Table>;

    fn module(&self) -> Atom {
        Atom::module("Registry.Partition")
    }

    fn init<'a>(&'a self, cx: &'a mut Ctx, arg: Term) -> Cb<'a, Init<Arc<Table>>> {
        Box::pin(async move {
            cx.trap_exit(true);
            let (name, keys) = match arg.as_tuple() {
                Some([Term::Atom(n), k]) => (
                    *n,
                    if k.is_atom(atom::DUPLICATE) {
                        Keys::Duplicate
                    } else {
                        Keys::Unique
                    },
                ),
                _ => return Ok(Init::Stop(Term::Atom(crate::atom!("badarg")))),
            };
            let table = Arc::new(Table::new(name, keys, cx.self_pid()));
            Registries::of(cx.node()).insert(table.clone());
            Ok(Init::Ok(table, Action::None))
        })
    }

    fn handle_info<'a>(
        &'a self,
        _cx: &'a mut Ctx,
        msg: Term,
        table: &'a mut Arc<Table>,
    ) -> Cb<'a, Step> {
        Box::pin(async move {
            if let Some([e, Term::Pid(pid), _]) = msg.as_tuple() {
                if e.is_atom(atom::EXIT) {
                    table.remove_owner(*pid);
                }
            }
            Ok(Step::Continue(Action::None))
        })
    }

    fn terminate<'a>(
        &'a self,
        cx: &'a mut Ctx,
        _reason: Term,
        table: &'a mut Arc<Table>,
    ) -> Cb<'a, ()> {
        Box::pin(async move {
            Registries::of(cx.node()).remove(table.name);
            Ok(())
        })
    }

    fn report_state(&self, table: &Arc<Table>) -> Term {
        Term::Atom(table.name)
    }
}

fn start_link_fn<'a>(cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
    Box::pin(async move {
        let arg = Term::tuple([args[0].clone(), args[1].clone()]);
        Ok(
            gen_server::start_link(cx, Arc::new(PartitionServer), arg, StartOpts::default())
                .await?
                .to_term(),
        )
    })
}

pub(super) fn module() -> NativeModule {
    NativeModule::new(Atom::module("Registry.Partition")).export("start_link", 2, start_link_fn)
}
