//! `MapSet` (stub).
use super::errors::Def;
use crate::otp::native::NativeModule;
use crate::term::Atom;

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[];

/// The `MapSet` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("MapSet"))
}
