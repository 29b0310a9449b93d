//! `Atom`: an atom's text.

use super::erlang;
use crate::otp::native::NativeModule;
use crate::term::{Atom, Exception, Term};

fn to_string(a: Vec<Term>) -> Result<Term, Exception> {
    erlang::atom_to_binary(a)
}

fn to_charlist(a: Vec<Term>) -> Result<Term, Exception> {
    let text = erlang::atom_to_binary(a)?;
    Ok(crate::term::build::charlist(text.as_str().unwrap_or("")))
}

/// The `Atom` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Atom"))
        .export_native("to_string", 1, pure!(to_string))
        .export_native("to_charlist", 1, pure!(to_charlist))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;

    #[test]
    fn atoms_become_text() {
        assert_eq!(show("Atom", "to_string", vec![atom("abc")]), "\"abc\"");
        assert_eq!(show("Atom", "to_charlist", vec![atom("abc")]), "'abc'");
        assert_eq!(
            show("Atom", "to_string", vec![int(1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not an atom\n"
        );
    }
}
