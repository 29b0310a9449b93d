//! Texts of structs whose `Inspect` implementation is written in Elixir.
//!
//! Running an Elixir implementation takes a process, and printing does not
//! run in one; so the language computes, in the process, the text of each
//! such struct inside a value, and prints the value with those texts in
//! place through [`with_overrides`].

use crate::term::Term;
use std::cell::RefCell;

thread_local! {
    static OVERRIDES: RefCell<Vec<(Term, String)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` (which inspects) with each term in `texts` shown as its text.
pub fn with_overrides<R>(texts: Vec<(Term, String)>, f: impl FnOnce() -> R) -> R {
    if texts.is_empty() {
        return f();
    }
    let saved = OVERRIDES.with(|o| std::mem::replace(&mut *o.borrow_mut(), texts));
    let r = f();
    OVERRIDES.with(|o| *o.borrow_mut() = saved);
    r
}

/// The text given for `t`, if any.
pub fn override_for(t: &Term) -> Option<String> {
    OVERRIDES.with(|o| {
        let o = o.borrow();
        if o.is_empty() {
            return None;
        }
        o.iter()
            .find(|(k, _)| k.key_cmp(t).is_eq())
            .map(|(_, text)| text.clone())
    })
}
