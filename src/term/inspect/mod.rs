//! `inspect/2`: terms printed exactly as Elixir 1.14 prints them.
//!
//! As in Elixir, a term becomes a document of the [`algebra`] (each type's
//! `Inspect` implementation is in its own module here), and the document is
//! laid out by [`format`](format::format) within the width when `pretty` is
//! set, on one line otherwise:
//!
//! ```
//! use riex::term::{inspect, Term};
//! let t = Term::list((1..=30).map(Term::int).collect());
//! assert_eq!(inspect::inspect(&t).lines().count(), 1);
//! let printed = inspect::inspect_opts(&t, &inspect::Opts::iex());
//! assert_eq!(printed.lines().next(), Some("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,"));
//! ```
//!
//! Known differences from Elixir: maps of more than 32 keys print in the
//! BEAM's hash order, except that keys whose hash cannot be the BEAM's
//! (atoms, PIDs, references, functions: see [`crate::term::hash`]) take an
//! order of riex's own; structs of modules riex does not know print their
//! fields in key order (see
//! [`structs::define_struct`]); atoms with non-ASCII characters are
//! classified with Unicode's alphanumeric classes rather than the exact
//! identifier tables.

pub mod algebra;
mod atom;
mod binary;
pub mod color;
pub mod container;
mod escape;
mod fits;
mod float;
/// `float_to_binary(f, [:short])`: what `to_string/1` prints for a float.
pub use float::short as float_short;
pub mod format;
mod list;
mod map;
mod nfc;
mod opts;
pub mod overrides;
pub mod structs;
mod to_doc;

#[cfg(test)]
mod tests;

pub use self::atom::{atom_text, key_text, remote_call_text};
pub use self::float::float;
pub use self::opts::{Base, Binaries, Charlists, Opts};
pub use self::overrides::with_overrides;
pub use self::structs::{define_struct, derive_inspect};
pub use self::to_doc::to_doc;

use super::{Ref, Term};

/// `inspect(term)` with default options (`Kernel.inspect/1`).
pub fn inspect(t: &Term) -> String {
    inspect_opts(t, &Opts::default())
}

/// `inspect(term, opts)`.
pub fn inspect_opts(t: &Term, opts: &Opts) -> String {
    let doc = algebra::group(to_doc(t, opts));
    let width = if opts.pretty { Some(opts.width) } else { None };
    format::format(&doc, width)
}

/// How IEx writes a result: [`inspect_opts`], and with `syntax_colors` the
/// whole text in the result colour (yellow), as `IEx.color(:eval_result, _)`.
pub fn eval_result(t: &Term, opts: &Opts) -> String {
    let text = inspect_opts(t, opts);
    if opts.syntax_colors {
        format!("{}{text}{}", color::RESULT_START, color::RESULT_END)
    } else {
        text
    }
}

/// `#Reference<0.A.B.C>` for a reference number.
pub fn reference(r: Ref) -> String {
    format!(
        "#Reference<0.{}.{}.{}>",
        3_015_519_226u64,
        2_768_240_641u64 + (r.0 >> 32),
        r.0 & 0xffff_ffff
    )
}
