//! `Access`: what `container[key]` calls, for maps, keyword lists and `nil`.
//! A struct does not implement Access: `struct[key]` raises
//! `UndefinedFunctionError` for its `fetch/2`, as in Elixir.

use super::kernel::access_get;
use crate::otp::native::NativeModule;
use crate::term::{atom, Atom, Exception, Term};

type R = Result<Term, Exception>;

fn get(a: Vec<Term>) -> R {
    if let Some(m) = a[0].struct_name() {
        return Err(crate::runtime::undefined_function(
            m,
            Atom::new("fetch"),
            &[a[0].clone(), a[1].clone()],
            true,
        ));
    }
    let v = access_get(&a[0], &a[1])?;
    match (a.get(2), &v) {
        (Some(default), t) if t.is_atom(atom::NIL) && fetch(&a[0], &a[1]).is_none() => {
            Ok(default.clone())
        }
        _ => Ok(v),
    }
}

fn fetch(container: &Term, key: &Term) -> Option<Term> {
    match container {
        Term::Map(m) => m.get(key).cloned(),
        Term::List(_) => container
            .list_to_vec()?
            .iter()
            .find_map(|kv| match kv.as_tuple() {
                Some([k, v]) if k == key => Some(v.clone()),
                _ => None,
            }),
        _ => None,
    }
}

fn fetch_fn(a: Vec<Term>) -> R {
    access_get(&a[0], &a[1])?;
    Ok(match fetch(&a[0], &a[1]) {
        Some(v) => Term::tuple([Term::ok(), v]),
        None => Term::atom(atom::ERROR),
    })
}

/// The `Access` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Access"))
        .export_native("get", 2, pure!(get))
        .export_native("get", 3, pure!(get))
        .export_native("fetch", 2, pure!(fetch_fn))
}
