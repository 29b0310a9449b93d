//! Loaded modules: the node's code table.
//!
//! As the BEAM's code server, the runtime does not care what language a
//! module was written in: a module is a name and a set of exported functions
//! it can apply. The OTP layer loads native modules (`Agent`, `Registry`,
//! ...); the language layer loads the modules a user defines. Supervisors
//! start children through [`Ctx::apply`], whatever they are written in.

use super::ctx::Ctx;
use super::node::Node;
use crate::term::exception::exception_struct;
use crate::term::fun::CallFuture;
use crate::term::{Atom, Exception, Term};
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A function written in Rust that a module exports: applied to the
/// arguments in the calling process.
pub type NativeFn = for<'a> fn(&'a mut Ctx, Vec<Term>) -> CallFuture<'a>;

/// A function written in Rust that never waits: applied at once.
pub type SyncFn = fn(&mut Ctx, Vec<Term>) -> Result<Term, Exception>;

/// A function written in Rust tried at once, on its arguments where the
/// caller keeps them (it may take them): its result, or `None` when it has
/// to wait after all. Then its [`NativeFn`] runs with the arguments, which
/// a try that gives up must leave as they came. Borrowing them spares the
/// commonest calls of all (`GenServer.cast/2`) a vector each.
pub type NowFn = fn(&mut Ctx, &mut [Term]) -> Option<Result<Term, Exception>>;

/// A call that may be over at once: made without a future unless it
/// waits.
pub enum Applied<'a> {
    /// Its value, or the exception that left it.
    Done(Result<Term, Exception>),
    /// The rest of the call, waiting for a message, a reply, a timer or
    /// its turn.
    Waiting(CallFuture<'a>),
}

impl<'a> Applied<'a> {
    /// The call as a future: a ready one when it is done.
    pub fn into_future(self) -> CallFuture<'a> {
        match self {
            Applied::Done(r) => Box::pin(std::future::ready(r)),
            Applied::Waiting(rest) => rest,
        }
    }
}

/// A module's function written in Rust, as a caller may apply it.
#[derive(Clone, Copy)]
pub enum Native {
    /// One that may wait (apply a function, receive, sleep): a future.
    Async(NativeFn),
    /// One that never waits: called without a future.
    Sync(SyncFn),
    /// One that seldom waits (`GenServer.cast/2` waits only to ask a
    /// `:via` module for the name's process): tried without a future, on
    /// its arguments where they are, and run as a future only when the try
    /// gives up (`None`), leaving them as they came.
    Now(NowFn, NativeFn),
}

impl From<NativeFn> for Native {
    fn from(f: NativeFn) -> Native {
        Native::Async(f)
    }
}

impl Native {
    /// Applies the function in the process of `cx`.
    pub fn call<'a>(self, cx: &'a mut Ctx, args: Vec<Term>) -> CallFuture<'a> {
        match self {
            Native::Async(f) => f(cx, args),
            Native::Sync(f) => Box::pin(std::future::ready(f(cx, args))),
            Native::Now(now, later) => {
                let mut args = args;
                match now(cx, &mut args) {
                    Some(r) => Box::pin(std::future::ready(r)),
                    None => later(cx, args),
                }
            }
        }
    }
}

/// A function looked up once and started many times without a lookup: a
/// server's callbacks, run for every message ([`Module::prepared`]).
pub trait Prepared: Send + Sync {
    /// Starts the function on `args`, which it takes, leaving in `kept`
    /// what the next start may run on again (the machine it ran on)
    /// instead of giving it back: for a caller that starts one function
    /// after another (a server's batch of messages), which clears `kept`
    /// when it is done.
    ///
    /// A run done without waiting leaves its value where it lies in that
    /// machine, given back by reference: the caller reads it there (a
    /// server takes its callback's `{:noreply, state}` apart) rather than
    /// having it copied out through every layer on the way. What the
    /// caller leaves there goes at a later start, or when `kept` is
    /// cleared. An exception comes back as it is, and a run that waits as
    /// the rest of it, to be awaited.
    fn start_in_place<'a>(
        &'a self,
        cx: &'a mut Ctx,
        args: &mut [Term],
        kept: &'a mut Kept,
    ) -> Result<&'a mut Term, Applied<'a>>;
}

/// What a [`Prepared`] function leaves with its caller between starts.
///
/// A box, small for it lives in every idle server; the value's type is
/// kept in front of the value inside it, so that a server finding it
/// again for every message compares types without a call through the
/// value's vtable.
#[derive(Default)]
pub struct Kept(Option<Box<dyn Any + Send>>);

/// A kept value behind its type: `#[repr(C)]`, so the type is at the
/// start of whatever a [`Kept`] holds.
#[repr(C)]
struct Typed<T> {
    id: TypeId,
    value: T,
}

impl Kept {
    /// What was left, of type `T`; made first when nothing (or something
    /// else) was.
    pub fn get_or_default<T: Default + Send + 'static>(&mut self) -> &mut T {
        let wanted = TypeId::of::<T>();
        if self.type_id_kept() != Some(wanted) {
            let typed = Typed {
                id: wanted,
                value: T::default(),
            };
            self.0 = Some(Box::new(typed));
        }
        let kept = self.0.as_mut().expect("a value was just left");
        // SAFETY: the box holds a `Typed<T>`: its type says so, and a
        // `Kept` holds nothing but `Typed` values.
        let typed = unsafe { &mut *(&mut **kept as *mut (dyn Any + Send) as *mut Typed<T>) };
        &mut typed.value
    }

    /// The type of the value kept, read from in front of it.
    fn type_id_kept(&self) -> Option<TypeId> {
        let kept = self.0.as_ref()?;
        // SAFETY: a `Kept` holds only `Typed` values, `#[repr(C)]` with
        // their type first.
        Some(unsafe { *(&**kept as *const (dyn Any + Send) as *const TypeId) })
    }

    /// Drops what was left.
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

/// A loaded module.
pub trait Module: Send + Sync + 'static {
    /// Its name (`Elixir.Agent` for `Agent`).
    fn name(&self) -> Atom;

    /// Applies `fun` to `args` if the module exports `fun/args.len()`;
    /// otherwise gives the arguments back.
    fn apply<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>>;

    /// [`Module::apply`], done at once when the function does not wait: a
    /// caller that applies many functions (a server running its callbacks)
    /// then makes no future for each.
    fn apply_now<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<Applied<'a>, Vec<Term>> {
        self.apply(cx, fun, args).map(Applied::Waiting)
    }

    /// Applies `fun` as the module's own code may: private functions too.
    /// Modules without private functions need not override this.
    fn apply_private<'a>(
        &'a self,
        cx: &'a mut Ctx,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<CallFuture<'a>, Vec<Term>> {
        self.apply(cx, fun, args)
    }

    /// True if the module defines `fun/arity`, exported or private.
    fn defines(&self, fun: Atom, arity: usize) -> bool {
        self.exports_fun(fun, arity)
    }

    /// What the module is, for a layer above that loaded it (the language
    /// reads its own modules' documentation and source through this).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }

    /// The Rust function behind `fun/arity`, when the module is written in
    /// Rust: a caller that looked it up once calls it directly after.
    fn native(&self, _fun: Atom, _arity: usize) -> Option<Native> {
        None
    }

    /// The exported function `fun/arity` prepared to be started many
    /// times, when the module has a faster way to start it than
    /// [`Module::apply_now`] finding it each time.
    fn prepared(&self, _fun: Atom, _arity: usize) -> Option<Arc<dyn Prepared>> {
        None
    }

    /// The exported functions with their arities.
    fn exports(&self) -> Vec<(Atom, usize)>;

    /// True if `fun/arity` is exported.
    fn exports_fun(&self, fun: Atom, arity: usize) -> bool {
        self.exports().contains(&(fun, arity))
    }
}

impl Node {
    /// Loads (or replaces) a module; returns the previous version if there was one.
    pub fn load_module(&self, module: Arc<dyn Module>) -> Option<Arc<dyn Module>> {
        let mut code = self.code.write();
        // Every thread's cache of modules is stale from now on.
        self.code_version.fetch_add(1, Ordering::Release);
        code.insert(module.name(), module)
    }

    /// The loaded module called `name`.
    pub fn module(&self, name: Atom) -> Option<Arc<dyn Module>> {
        let version = self.code_version.load(Ordering::Acquire);
        let key = (self.serial(), version, name);
        if let Some(m) = RECENT_MODULES.with(|c| {
            c.borrow()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, m)| m.clone())
        }) {
            return Some(m);
        }
        let m = self.code.read().get(&name).cloned()?;
        RECENT_MODULES.with(|c| {
            let mut c = c.borrow_mut();
            c.retain(|((serial, v, _), _)| *serial != key.0 || *v == version);
            if c.len() >= 32 {
                c.remove(0);
            }
            c.push((key, m.clone()));
        });
        Some(m)
    }

    /// A count that moves whenever a module is loaded or replaced: what was
    /// looked up in the code table is current while it stays the same.
    pub fn code_version(&self) -> u64 {
        self.code_version.load(Ordering::Acquire)
    }

    /// Every loaded module's name.
    pub fn loaded_modules(&self) -> Vec<Atom> {
        self.code.read().keys().copied().collect()
    }
}

/// A cached module's node serial, code version and name.
type ModuleKey = (u64, u64, Atom);

thread_local! {
    /// Modules this thread applied lately, by node, code version and name:
    /// a hit takes no lock on the code table.
    static RECENT_MODULES: RefCell<Vec<(ModuleKey, Arc<dyn Module>)>> = const { RefCell::new(Vec::new()) };
}

impl Ctx {
    /// `apply(module, fun, args)`: an undefined module or function raises
    /// `UndefinedFunctionError` as on the BEAM.
    pub async fn apply(
        &mut self,
        module: Atom,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<Term, Exception> {
        let Some(m) = self.node.module(module) else {
            return Err(undefined_function(module, fun, &args, false));
        };
        self.apply_loaded(&*m, fun, args).await
    }

    /// `apply(module, fun, args)` for a module already looked up.
    pub async fn apply_loaded(
        &mut self,
        m: &dyn Module,
        fun: Atom,
        args: Vec<Term>,
    ) -> Result<Term, Exception> {
        match m.apply(self, fun, args) {
            Ok(fut) => fut.await,
            Err(args) => Err(undefined_function(m.name(), fun, &args, true)),
        }
    }
}

/// `UndefinedFunctionError` for `module.fun/arity`; `loaded` says whether
/// the module exists (then the function is "undefined or private").
pub fn undefined_function(module: Atom, fun: Atom, args: &[Term], loaded: bool) -> Exception {
    let arity = args.len();
    let name = format!("{}.{}/{arity}", module.module_display(), fun.name());
    let message = if loaded {
        format!("function {name} is undefined or private")
    } else {
        format!(
            "function {name} is undefined (module {} is not available)",
            module.module_display()
        )
    };
    let frame = Term::tuple([
        Term::Atom(module),
        Term::Atom(fun),
        Term::list(args.to_vec()),
        Term::Nil,
    ]);
    Exception::error(exception_struct(
        Atom::module("UndefinedFunctionError"),
        vec![
            ("module", Term::Atom(module)),
            ("function", Term::Atom(fun)),
            ("arity", Term::int(arity as i64)),
            ("reason", Term::nil()),
            ("message", Term::string(&message)),
        ],
    ))
    .with_stack(Term::list(vec![frame]))
}

#[cfg(test)]
mod tests {
    use super::Kept;

    #[test]
    fn what_was_kept_is_found_again_until_cleared_or_replaced_by_another_type() {
        let mut kept = Kept::default();
        *kept.get_or_default::<u32>() += 5;
        assert_eq!(*kept.get_or_default::<u32>(), 5);
        assert_eq!(*kept.get_or_default::<String>(), "");
        assert_eq!(
            *kept.get_or_default::<u32>(),
            0,
            "a value of another type replaced it"
        );
        *kept.get_or_default::<u32>() = 7;
        kept.clear();
        assert_eq!(*kept.get_or_default::<u32>(), 0);
    }
}
