//! The standard library: Elixir's and Erlang's modules as native modules.
//!
//! Every module here is a [`NativeModule`] whose functions take the calling
//! process's context and the arguments, and behave as Elixir 1.14's: the
//! same results, the same exceptions with the same messages and stack
//! frames (see [`errors`]). [`load`] puts them all in a node's code table;
//! the evaluator then calls them as any other module, `Kernel` functions
//! also as local calls.
//!
//! Functions that take a function argument apply it with
//! [`apply_fun`](crate::otp::native::apply_fun) inside the caller, so the
//! function may send, receive or sleep.
//!
//! Conventions for raised errors, which a printer relies on:
//! - the reason is the exception struct as `rescue` sees it (not blamed:
//!   `%ArithmeticError{message: "bad argument in arithmetic expression"}`),
//! - the stack's first frame is the one Elixir reports, with the arguments
//!   when Elixir has them (`{:erlang, :/, [1, 0], [...]}`,
//!   `{String, :upcase, [123, :default], [file: 'lib/string.ex', line: 831]}`),
//! - [`errors::blame`] turns both into what iex prints, as `Exception.blame/3`
//!   (adding `: 1 / 0` to an `ArithmeticError`, the arguments and clauses
//!   to a `FunctionClauseError`), and [`errors::message`] gives the text of
//!   the exceptions whose message is computed.
//!
//! Functions the Elixir compiler inlines into a BIF (`hd/1`,
//! `String.to_integer/1`, `Map.fetch!/2`, `Process.link/1` ...) raise the
//! BIF's error with only the BIF's frame, which is what iex shows.
//!
//! Besides Elixir's and Erlang's modules, [`exceptions`] defines the
//! standard exceptions (`ArgumentError.exception/1`, `%KeyError{}`), and
//! [`enumerable`], [`num`] and [`text`] hold the protocols and helpers the
//! modules share.

use crate::otp::native::NativeModule;
use crate::runtime::Node;
use std::sync::Arc;

/// A native function from `fn(Vec<Term>) -> Result<Term, Exception>`: one
/// that needs neither the process nor to wait.
macro_rules! pure {
    ($f:path) => {{
        fn native(
            _cx: &mut $crate::runtime::Ctx,
            args: Vec<$crate::term::Term>,
        ) -> Result<$crate::term::Term, $crate::term::Exception> {
            $f(args)
        }
        $crate::otp::native::Native::Sync(native)
    }};
}

/// A native function from `fn(&mut Ctx, Vec<Term>) -> Result<Term, Exception>`:
/// one that acts on the process but never waits.
macro_rules! with_cx {
    ($f:path) => {{
        $crate::otp::native::Native::Sync($f)
    }};
}

/// A native function from `async fn(&mut Ctx, Vec<Term>) -> Result<Term, Exception>`:
/// one that may suspend (it applies funs, sleeps or receives).
macro_rules! suspending {
    ($f:path) => {{
        fn native<'a>(
            cx: &'a mut $crate::runtime::Ctx,
            args: Vec<$crate::term::Term>,
        ) -> $crate::term::fun::CallFuture<'a> {
            Box::pin($f(cx, args))
        }
        native as $crate::otp::native::NativeFn
    }};
}

pub mod enumerable;
pub mod errors;
pub mod exceptions;
pub mod num;
pub mod text;

pub mod access;
pub mod algebra;
pub mod atom;
pub mod code;
pub mod config;
pub mod r#enum;
pub mod erlang;
pub mod exception;
pub mod float;
pub mod global;
pub mod integer;
pub mod io;
pub mod kernel;
pub mod keyword;
pub mod list;
pub mod logger;
pub mod map;
pub mod map_set;
pub mod process;
pub mod range;
pub mod stream;
pub mod string;
pub mod structs;
pub mod sys;
pub mod system;
pub mod timer;
pub mod tuple;

#[cfg(test)]
mod robustness;
#[cfg(test)]
pub(crate) mod test_util;

/// Every module of the standard library.
pub fn modules() -> Vec<NativeModule> {
    let mut all = vec![
        kernel::module(),
        erlang::module(),
        r#enum::module(),
        list::module(),
        map::module(),
        keyword::module(),
        string::module(),
        integer::module(),
        float::module(),
        tuple::module(),
        atom::module(),
        range::module(),
        map_set::module(),
        stream::module(),
        io::module(),
        process::module(),
        timer::module(),
        sys::module(),
        system::module(),
        logger::module(),
        global::module(),
        code::module(),
        access::module(),
        algebra::module(),
        crate::lang::module::protocol::module(),
        exception::module(),
        config::config_module(),
        config::mix_module(),
    ];
    all.extend(exceptions::modules());
    all
}

/// Loads every standard library module into `node`'s code table.
pub fn load(node: &Arc<Node>) {
    for m in modules() {
        node.load_module(Arc::new(m));
    }
}
