//! Interned atoms.
//!
//! An atom is a pointer to its one interned name, as on the BEAM an atom is
//! an index into one table: comparing two atoms is comparing two pointers,
//! and reading the name needs no lock. The atoms the runtime itself needs
//! (`:ok`, `:normal`, `:EXIT`, ...) live in a static table, so they are
//! constants: `atom::OK`.

use parking_lot::RwLock;
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::OnceLock;

/// An interned atom: a pointer to the one slot holding its name. Ordering
/// between atoms is by name (see [`Atom::cmp_names`]).
#[derive(Clone, Copy)]
pub struct Atom(&'static &'static str);

impl PartialEq for Atom {
    fn eq(&self, other: &Atom) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Atom {}

impl std::hash::Hash for Atom {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.0 as *const &str as usize).hash(state)
    }
}

struct Table {
    index: FxHashMap<&'static str, &'static &'static str>,
}

macro_rules! predefined {
    ($($const:ident = $name:expr),* $(,)?) => {
        static PREDEFINED: [&str; predefined!(@count $($const)*)] = [$($name),*];
        predefined!(@consts 0usize, $($const),*);
    };
    (@count) => { 0usize };
    (@count $first:ident $($rest:ident)*) => { 1usize + predefined!(@count $($rest)*) };
    (@consts $n:expr, $first:ident $(, $rest:ident)*) => {
        #[allow(missing_docs)]
        pub const $first: Atom = Atom(&PREDEFINED[$n]);
        predefined!(@consts $n + 1usize, $($rest),*);
    };
    (@consts $n:expr,) => {};
    (@consts $n:expr) => {};
}

predefined! {
    FALSE = "false", TRUE = "true", NIL = "nil", OK = "ok", ERROR = "error",
    NORMAL = "normal", KILL = "kill", KILLED = "killed", SHUTDOWN = "shutdown",
    EXIT = "EXIT", DOWN = "DOWN", PROCESS = "process", NOPROC = "noproc",
    UNDEFINED = "undefined", TIMEOUT = "timeout", INFINITY = "infinity",
    STRUCT = "__struct__", EXCEPTION = "__exception__", MESSAGE = "message",
    IGNORE = "ignore", STOP = "stop", REPLY = "reply", NOREPLY = "noreply",
    CONTINUE = "continue", HIBERNATE = "hibernate", GEN_CALL = "$gen_call",
    GEN_CAST = "$gen_cast", GLOBAL = "global", VIA = "via", ALREADY_STARTED = "already_started",
    WORKER = "worker", SUPERVISOR = "supervisor", PERMANENT = "permanent",
    TRANSIENT = "transient", TEMPORARY = "temporary", BRUTAL_KILL = "brutal_kill",
    ID = "id", START = "start", RESTART = "restart", TYPE = "type", MODULES = "modules",
    SHUTDOWN_KEY = "shutdown_", NOT_FOUND = "not_found", RUNNING = "running",
    RESTARTING = "restarting", ACTIVE = "active", SPECS = "specs", SUPERVISORS = "supervisors",
    WORKERS = "workers", MAX_CHILDREN = "max_children", BADARG = "badarg",
    BADARITH = "badarith", FILE = "file", LINE = "line", NOCATCH = "nocatch",
    THROW = "throw", EXIT_KIND = "exit", BAD_RETURN_VALUE = "bad_return_value",
    CALLING_SELF = "calling_self", DYNAMIC = "dynamic", WAITING = "waiting",
    ALREADY_REGISTERED = "already_registered", REGISTRY = "Elixir.Registry",
    GEN_SERVER = "Elixir.GenServer", AGENT = "Elixir.Agent", TASK = "Elixir.Task",
    DYNAMIC_SUPERVISOR = "Elixir.DynamicSupervisor", SUPERVISOR_MOD = "Elixir.Supervisor",
    RUNTIME_ERROR = "Elixir.RuntimeError", ARGUMENT_ERROR = "Elixir.ArgumentError",
    ERLANG_ERROR = "Elixir.ErlangError", ARITHMETIC_ERROR = "Elixir.ArithmeticError",
    ORIGINAL = "original", REASON = "reason", EXITING = "exiting", SUSPENDED = "suspended",
    TRAP_EXIT = "trap_exit", MESSAGE_QUEUE_LEN = "message_queue_len", LINKS = "links",
    MONITORS = "monitors", STATUS = "status", REGISTERED_NAME = "registered_name",
    INITIAL_CALL = "initial_call", DICTIONARY = "dictionary", CURRENT_FUNCTION = "current_function",
    MONITORED_BY = "monitored_by", FAILED_TO_START_CHILD = "failed_to_start_child",
    ERLANG = "erlang", APPLY = "apply", PID_ATOM = "pid", REF_ATOM = "ref", OWNER = "owner",
    MFA = "mfa", INVALID_CHILD_SPEC = "invalid_child_spec",
    EXTRA_ARGUMENTS = "extra_arguments", MAX_RESTARTS = "max_restarts", MAX_SECONDS = "max_seconds",
    STRATEGY = "strategy", ONE_FOR_ONE = "one_for_one", ONE_FOR_ALL = "one_for_all",
    REST_FOR_ONE = "rest_for_one", NAME = "name", KEYS = "keys", UNIQUE = "unique", DUPLICATE = "duplicate",
    START_LINK = "start_link", INIT = "init", GEN_SERVER_ERL = "gen_server", PROC_LIB = "proc_lib",
    TIMEOUT_VALUE = "timeout_value", ANY = "any", UNDERSCORE = "_",
}

/// An atom interned once per call site, for names on hot paths:
/// `atom!("start_child")` costs a load after the first call.
#[macro_export]
macro_rules! atom {
    ($name:literal) => {{
        static ATOM: std::sync::OnceLock<$crate::term::Atom> = std::sync::OnceLock::new();
        *ATOM.get_or_init(|| $crate::term::Atom::new($name))
    }};
}

thread_local! {
    /// The atoms this thread has looked up: the interpreter names atoms and
    /// variables by text on every evaluation, and a hit here takes no lock.
    static SEEN: std::cell::RefCell<FxHashMap<&'static str, Atom>> = std::cell::RefCell::new(FxHashMap::default());
}

fn table() -> &'static RwLock<Table> {
    static TABLE: OnceLock<RwLock<Table>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut index = FxHashMap::default();
        for slot in PREDEFINED.iter() {
            index.insert(*slot, slot);
        }
        RwLock::new(Table { index })
    })
}

impl Atom {
    /// Interns `name` and returns its atom; the same name always gives the same atom.
    pub fn new(name: &str) -> Atom {
        if let Some(a) = SEEN.with(|seen| seen.borrow().get(name).copied()) {
            return a;
        }
        let a = Atom::intern(name);
        SEEN.with(|seen| seen.borrow_mut().insert(a.name(), a));
        a
    }

    /// Finds or adds `name` in the node-wide table.
    fn intern(name: &str) -> Atom {
        if let Some(&slot) = table().read().index.get(name) {
            return Atom(slot);
        }
        let mut t = table().write();
        if let Some(&slot) = t.index.get(name) {
            return Atom(slot);
        }
        // Atoms are never freed, as on the BEAM: leaking the name gives it a 'static life.
        let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
        let slot: &'static &'static str = Box::leak(Box::new(name));
        t.index.insert(name, slot);
        Atom(slot)
    }

    /// An atom only if it exists already (as `String.to_existing_atom/1`).
    pub fn existing(name: &str) -> Option<Atom> {
        table().read().index.get(name).map(|&slot| Atom(slot))
    }

    /// The atom's text.
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The alias form of a module name: `Elixir.Foo.Bar` for `Foo.Bar`.
    pub fn module(alias: &str) -> Atom {
        Atom::new(&format!("Elixir.{alias}"))
    }

    /// Term order between atoms: by their names' bytes.
    pub fn cmp_names(self, other: Atom) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.0.as_bytes().cmp(other.0.as_bytes())
    }

    /// True for `true` and `false`.
    pub fn is_boolean(self) -> bool {
        self == TRUE || self == FALSE
    }

    /// `Foo.Bar` for `Elixir.Foo.Bar`, `:foo` for an Erlang module: how Elixir writes a module.
    pub fn module_display(self) -> String {
        match self.name().strip_prefix("Elixir.") {
            Some(alias) => alias.to_owned(),
            None => format!(":{}", self.name()),
        }
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ":{}", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_the_same_atom_for_the_same_name() {
        assert_eq!(Atom::new("hello_atom"), Atom::new("hello_atom"));
        assert_ne!(Atom::new("hello_atom"), Atom::new("other_atom"));
        assert_eq!(Atom::new("hello_atom").name(), "hello_atom");
    }

    #[test]
    fn predefined_atoms_have_their_names() {
        assert_eq!(OK.name(), "ok");
        assert_eq!(Atom::new("ok"), OK);
        assert_eq!(EXIT.name(), "EXIT");
        assert_eq!(UNDERSCORE.name(), "_");
    }

    #[test]
    fn predefined_names_are_unique_so_each_constant_is_the_interned_atom() {
        let mut seen = std::collections::HashSet::new();
        for name in PREDEFINED {
            let name: &str = name;
            assert!(seen.insert(name), "{name} is predefined twice");
        }
    }

    #[test]
    fn atoms_order_by_name() {
        assert!(Atom::new("a").cmp_names(Atom::new("b")).is_lt());
        assert!(Atom::new("Zed").cmp_names(Atom::new("a")).is_lt());
    }
}
