//! Registered names: local atoms (`Process.register/2`) and global terms
//! (`{:global, term}`). A name is freed when its process dies.
//! (`{:via, module, key}` names are resolved by the OTP layer's registries.)

use super::node::Node;
use crate::term::{Atom, Pid, Term};

/// Why a registration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name belongs to this other process.
    Taken(Pid),
    /// The process is dead.
    NotAlive,
    /// The process already has another name.
    AlreadyNamed,
}

impl Node {
    /// Registers `pid` under the atom `name`.
    pub fn register(&self, name: Atom, pid: Pid) -> Result<(), NameError> {
        let Some(proc) = self.proc(pid) else {
            return Err(NameError::NotAlive);
        };
        let mut names = self.names.lock();
        if let Some(owner) = names.get(&name) {
            return Err(NameError::Taken(*owner));
        }
        let mut st = proc.state.lock();
        if !st.alive {
            return Err(NameError::NotAlive);
        }
        if st.name.is_some() {
            return Err(NameError::AlreadyNamed);
        }
        st.name = Some(name);
        names.insert(name, pid);
        Ok(())
    }

    /// Removes the registered `name`; false if nothing had it.
    pub fn unregister(&self, name: Atom) -> bool {
        let Some(pid) = self.names.lock().remove(&name) else {
            return false;
        };
        if let Some(p) = self.proc(pid) {
            p.state.lock().name = None;
        }
        true
    }

    /// The process registered under `name`.
    pub fn whereis(&self, name: Atom) -> Option<Pid> {
        self.names.lock().get(&name).copied()
    }

    /// Every locally registered name.
    pub fn registered_names(&self) -> Vec<Atom> {
        self.names.lock().keys().copied().collect()
    }

    /// Registers `pid` under the global `name` (`:global.register_name/2`).
    pub fn global_register(&self, name: Term, pid: Pid) -> Result<(), NameError> {
        let Some(proc) = self.proc(pid) else {
            return Err(NameError::NotAlive);
        };
        let mut globals = self.globals.lock();
        if let Some(owner) = globals.get(&name) {
            return Err(NameError::Taken(*owner));
        }
        let mut st = proc.state.lock();
        if !st.alive {
            return Err(NameError::NotAlive);
        }
        st.global_names
            .get_or_insert_with(Default::default)
            .push(name.clone());
        globals.insert(name, pid);
        Ok(())
    }

    /// The process holding the global `name`.
    pub fn global_whereis(&self, name: &Term) -> Option<Pid> {
        self.globals.lock().get(name).copied()
    }

    /// Frees the global `name`.
    pub fn global_unregister(&self, name: &Term) {
        if let Some(pid) = self.globals.lock().remove(name) {
            if let Some(p) = self.proc(pid) {
                if let Some(names) = p.state.lock().global_names.as_mut() {
                    names.retain(|n| n != name);
                }
            }
        }
    }
}
