//! `Keyword.get_and_update/3` and `get_and_update!/3`: the value under a
//! key read and replaced (or popped) in one pass, by a function that
//! returns `{current, new}` or `:pop`.

use super::validate::split;
use super::{frame, kv, R};
use crate::lang::stdlib::errors::{
    badarg_at, function_clause, key_error, raise_at, stdlib_frame, Def,
};
use crate::otp::native::apply_fun;
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::list::List;
use crate::term::{Exception, Term};

pub(super) const GET_AND_UPDATE: Def = Def {
    module: "Keyword",
    name: "get_and_update",
    arity: 3,
    kind: "def",
    file: "lib/keyword.ex",
    line: 468,
    clauses: &["get_and_update(keywords, key, fun) when is_list(keywords) and is_atom(key)"],
};

/// The private loop of `get_and_update/3`.
pub(super) const GET_AND_UPDATE_LOOP: Def = Def {
    module: "Keyword",
    name: "get_and_update",
    arity: 4,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 472,
    clauses: &[
        "get_and_update([{key, current} | t], acc, key, fun)",
        "get_and_update([{_, _} = h | t], acc, key, fun)",
        "get_and_update([], acc, key, fun)",
    ],
};

/// The private loop of `get_and_update!/3`.
pub(super) const GET_AND_UPDATE_BANG_LOOP: Def = Def {
    module: "Keyword",
    name: "get_and_update!",
    arity: 4,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 536,
    clauses: &[
        "get_and_update!([{key, value} | keywords], key, fun, acc)",
        "get_and_update!([{_, _} = e | keywords], key, fun, acc)",
        "get_and_update!([], key, _fun, acc) when is_atom(key)",
    ],
};

/// What the function made of the value.
enum Update {
    Put(Term, Term),
    Pop,
}

/// The function's answer for `current`, or the error for anything but a
/// pair or `:pop`, raised at `line` of the loop `name/4`.
async fn update(
    cx: &mut Ctx,
    fun: &Term,
    current: Term,
    name: &str,
    line: i64,
) -> Result<Update, Exception> {
    let got = apply_fun(cx, fun, vec![current]).await?;
    if got.is_atom(crate::atom!("pop")) {
        return Ok(Update::Pop);
    }
    if matches!(got.as_tuple(), Some([_, _])) {
        let [get, new] = got.take_elements(0).expect("a pair");
        return Ok(Update::Put(get, new));
    }
    let message = format!(
        "the given function must return a two-element tuple or :pop, got: {}",
        inspect(&got)
    );
    Err(raise_at(
        "RuntimeError",
        &message,
        vec![frame(name, 4, line)],
    ))
}

/// `Keyword.get_and_update/3`: the first entry of `key` replaced (or
/// dropped); without one, the new entry goes first.
pub(super) async fn get_and_update(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (keywords, key, fun) = (&a[0], &a[1], &a[2]);
    if !keywords.is_list() || !matches!(key, Term::Atom(_)) {
        return Err(function_clause(&GET_AND_UPDATE, a.clone()));
    }
    let (items, tail) = split(keywords);
    for (i, item) in items.iter().enumerate() {
        match item.as_tuple() {
            Some([k, current]) if k == key => {
                let rest = || List::from_vec(items[i + 1..].to_vec(), tail.clone());
                let before = || items[..i].to_vec();
                return Ok(
                    match update(cx, fun, current.clone(), "get_and_update", 481).await? {
                        Update::Put(get, new) => {
                            let mut out = before();
                            out.push(kv(key, new));
                            Term::tuple([get, List::from_vec(out, rest())])
                        }
                        Update::Pop => {
                            Term::tuple([current.clone(), List::from_vec(before(), rest())])
                        }
                    },
                );
            }
            Some([_, _]) => {}
            _ => {
                let rest = List::from_vec(items[i..].to_vec(), tail);
                let acc = Term::list(items[..i].iter().rev().cloned().collect());
                let args = vec![rest, acc, key.clone(), fun.clone()];
                return Err(function_clause(&GET_AND_UPDATE_LOOP, args));
            }
        }
    }
    if tail != Term::Nil {
        let acc = Term::list(items.iter().rev().cloned().collect());
        let args = vec![tail, acc, key.clone(), fun.clone()];
        return Err(function_clause(&GET_AND_UPDATE_LOOP, args));
    }
    Ok(
        match update(cx, fun, Term::nil(), "get_and_update", 496).await? {
            Update::Put(get, new) => {
                let mut out = vec![kv(key, new)];
                out.extend(items);
                Term::tuple([get, Term::list(out)])
            }
            Update::Pop => Term::tuple([Term::nil(), Term::list(items)]),
        },
    )
}

/// `Keyword.get_and_update!/3`: as `get_and_update/3`, the later entries
/// of the key going too; a `KeyError` without one (naming the entries
/// looked at, last first, as Elixir's loop has them).
pub(super) async fn get_and_update_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (keywords, key, fun) = (&a[0], &a[1], &a[2]);
    let (items, tail) = split(keywords);
    let clause_error = |rest: Term, seen: &[Term]| {
        let acc = Term::list(seen.iter().rev().cloned().collect());
        let args = vec![rest, key.clone(), fun.clone(), acc];
        Err(function_clause(&GET_AND_UPDATE_BANG_LOOP, args))
    };
    if !keywords.is_list() {
        return clause_error(keywords.clone(), &[]);
    }
    for (i, item) in items.iter().enumerate() {
        match item.as_tuple() {
            Some([k, value]) if k == key => {
                let after = &items[i + 1..];
                return Ok(
                    match update(cx, fun, value.clone(), "get_and_update!", 545).await? {
                        Update::Put(get, new) => {
                            let mut out = items[..i].to_vec();
                            out.push(kv(key, new));
                            let rest = without_later(after, tail, key)?;
                            Term::tuple([get, List::from_vec(out, rest)])
                        }
                        Update::Pop => {
                            let mut out = items[..i].to_vec();
                            out.extend_from_slice(after);
                            Term::tuple([value.clone(), List::from_vec(out, tail)])
                        }
                    },
                );
            }
            Some([_, _]) => {}
            _ => return clause_error(List::from_vec(items[i..].to_vec(), tail), &items[..i]),
        }
    }
    if tail != Term::Nil || !matches!(key, Term::Atom(_)) {
        return clause_error(tail, &items);
    }
    let seen = Term::list(items.iter().rev().cloned().collect());
    let frames = vec![frame("get_and_update!", 4, 554)];
    Err(key_error(key, &seen, frames))
}

/// `delete_key/2`, which `Keyword.delete/2` runs.
pub(super) const DELETE_KEY: Def = Def {
    module: "Keyword",
    name: "delete_key",
    arity: 2,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 719,
    clauses: &[
        "delete_key([{key, _} | tail], key)",
        "delete_key([{_, _} = pair | tail], key)",
        "delete_key([], _key)",
    ],
};

/// What `get_and_update!/4` puts after the new entry: `delete(rest, key)`,
/// which Elixir inlines there, with its errors. A key that is no atom (or
/// a rest that is no list) fails the inlined guard; `:lists.keymember/3`
/// refuses an improper rest it has to walk to its end; `delete_key/2`
/// then walks the whole rest and refuses any entry that is not a pair.
fn without_later(rest: &[Term], tail: Term, key: &Term) -> Result<Term, Exception> {
    let whole = || List::from_vec(rest.to_vec(), tail.clone());
    if !matches!(key, Term::Atom(_)) || (rest.is_empty() && !tail.is_list()) {
        let e = Exception::error(exception_struct(
            crate::term::Atom::module("CaseClauseError"),
            vec![("term", Term::tuple([whole(), key.clone()]))],
        ));
        return Err(e.with_stack(Term::list(vec![frame("get_and_update!", 4, 712)])));
    }
    let member = rest
        .iter()
        .any(|e| matches!(e.as_tuple(), Some([k, ..]) if k == key));
    if !member && tail != Term::Nil {
        let keymember = stdlib_frame(
            "lists",
            "keymember",
            vec![key.clone(), Term::int(1), whole()],
        );
        let caller = Some(frame("get_and_update!", 4, 713));
        return Err(badarg_at(keymember, &[(3, "not a proper list")], caller));
    }
    if !member {
        return Ok(whole());
    }
    let mut kept = Vec::new();
    for (i, e) in rest.iter().enumerate() {
        match e.as_tuple() {
            Some([k, _]) if k == key => {}
            Some([_, _]) => kept.push(e.clone()),
            _ => {
                let remaining = List::from_vec(rest[i..].to_vec(), tail);
                return Err(delete_key_clause(remaining, key, kept.len()));
            }
        }
    }
    if tail != Term::Nil {
        return Err(delete_key_clause(tail, key, kept.len()));
    }
    Ok(Term::list(kept))
}

/// `delete_key/2`'s clause error on `rest`, `depth` pairs kept before it.
/// Each kept pair is a level of body recursion, but the BEAM's trace
/// shows its return address once, however deep it went.
fn delete_key_clause(rest: Term, key: &Term, depth: usize) -> Exception {
    let e = function_clause(&DELETE_KEY, vec![rest, key.clone()]);
    let mut frames = e.stack.list_to_vec().unwrap_or_default();
    if depth > 0 {
        frames.push(frame("delete_key", 2, 720));
    }
    frames.push(frame("get_and_update!", 4, 714));
    e.with_stack(Term::list(frames))
}
