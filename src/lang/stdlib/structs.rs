//! `Kernel.struct/2` and `struct!/2`: building a struct from a module (or
//! another struct) and fields. `struct/2` ignores keys the struct does not
//! have; `struct!/2` raises for them and checks `@enforce_keys`, through the
//! module's `__struct__/1`.

use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, TMap, Term};

type R = Result<Term, Exception>;

/// The `{key, value}` pairs of a map or a keyword list.
pub fn pairs_of(fields: &Term) -> Vec<(Term, Term)> {
    match fields {
        Term::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        other => other
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(|kv| match kv.as_tuple() {
                Some([k, v]) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect(),
    }
}

async fn base(cx: &mut Ctx, target: &Term) -> Result<(Atom, TMap), Exception> {
    if let (Some(m), Term::Map(map)) = (target.struct_name(), target) {
        return Ok((m, map.clone()));
    }
    let Some(m) = target.as_atom() else {
        return Err(Exception::argument_error(&format!(
            "expected a struct name or a struct, got: {}",
            crate::term::inspect::inspect(target)
        )));
    };
    match cx.apply(m, Atom::new("__struct__"), vec![]).await? {
        Term::Map(map) => Ok((m, map)),
        _ => Ok((m, TMap::new())),
    }
}

/// `struct(module_or_struct, fields)`.
pub async fn r#struct(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (m, mut map) = base(cx, &a[0]).await?;
    for (k, v) in pairs_of(a.get(1).unwrap_or(&Term::Nil)) {
        if !k.is_atom(atom::STRUCT) && map.get(&k).is_some() {
            map.insert(k, v);
        }
    }
    Ok(Term::Map(map.put(Term::Atom(atom::STRUCT), Term::Atom(m))))
}

/// `struct!(module_or_struct, fields)`.
pub async fn struct_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    let fields = a.get(1).cloned().unwrap_or(Term::Nil);
    if let Some(m) = a[0].as_atom() {
        if cx
            .node()
            .module(m)
            .is_some_and(|module| module.exports_fun(Atom::new("__struct__"), 1))
        {
            return cx.apply(m, Atom::new("__struct__"), vec![fields]).await;
        }
    }
    let (m, mut map) = base(cx, &a[0]).await?;
    for (k, v) in pairs_of(&fields) {
        if k.is_atom(atom::STRUCT) || map.get(&k).is_none() {
            return Err(Exception::error(crate::term::exception::exception_struct(
                Atom::module("KeyError"),
                vec![
                    ("key", k),
                    ("term", Term::Map(map)),
                    ("message", Term::nil()),
                ],
            )));
        }
        map.insert(k, v);
    }
    Ok(Term::Map(map.put(Term::Atom(atom::STRUCT), Term::Atom(m))))
}
