//! `Keyword`: lists of `{atom, value}` pairs, where a key may repeat and
//! order matters. `get` and `fetch` read the first occurrence; `put` and
//! `delete` act on every occurrence.

mod get_and_update;
mod validate;

use super::enumerable::{self, pair};
use super::errors::{argument_error, elixir_frame, function_clause, key_error, Def};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Keyword",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/keyword.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    GET,
    "get",
    3,
    388,
    ["get(keywords, key, default) when is_list(keywords) and is_atom(key)"]
);
def!(
    PUT,
    "put",
    3,
    773,
    ["put(keywords, key, value) when is_list(keywords) and is_atom(key)"]
);
def!(
    FETCH,
    "fetch",
    2,
    571,
    ["fetch(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    FETCH_BANG,
    "fetch!",
    2,
    594,
    ["fetch!(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    HAS_KEY,
    "has_key?",
    2,
    1078,
    ["has_key?(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    KEYS,
    "keys",
    1,
    639,
    ["keys(keywords) when is_list(keywords)"]
);
def!(
    VALUES,
    "values",
    1,
    668,
    ["values(keywords) when is_list(keywords)"]
);
def!(
    DELETE,
    "delete",
    2,
    712,
    ["delete(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    MERGE,
    "merge",
    2,
    979,
    [
        "merge(keywords1, []) when is_list(keywords1)",
        "merge([], keywords2) when is_list(keywords2)",
        "merge(keywords1, keywords2) when is_list(keywords1) and is_list(keywords2)",
    ]
);
def!(
    GET_VALUES,
    "get_values",
    2,
    531,
    ["get_values(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    UPDATE,
    "update",
    4,
    1152,
    ["update(keywords, key, default, fun) when is_list(keywords) and is_atom(key)"]
);
def!(UPDATE_BANG, "update!", 3, 1111, ["update!(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1)"]);
def!(
    POP,
    "pop",
    3,
    1286,
    ["pop(keywords, key, default) when is_list(keywords) and is_atom(key)"]
);
def!(
    PUT_NEW,
    "put_new",
    3,
    829,
    ["put_new(keywords, key, value) when is_list(keywords) and is_atom(key)"]
);
def!(
    TAKE,
    "take",
    2,
    1203,
    ["take(keywords, keys) when is_list(keywords) and is_list(keys)"]
);
def!(
    DROP,
    "drop",
    2,
    1237,
    ["drop(keywords, keys) when is_list(keywords) and is_list(keys)"]
);

def!(
    REPLACE,
    "replace",
    3,
    842,
    ["replace(keywords, key, value) when is_list(keywords) and is_atom(key)"]
);
def!(
    EQUAL,
    "equal?",
    2,
    952,
    ["equal?(left, right) when is_list(left) and is_list(right)"]
);
def!(
    POP_VALUES,
    "pop_values",
    2,
    1305,
    ["pop_values(keywords, key) when is_list(keywords) and is_atom(key)"]
);
def!(
    REPLACE_LAZY,
    "replace_lazy",
    3,
    914,
    ["replace_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1)"]
);
def!(
    POP_LAZY,
    "pop_lazy",
    3,
    1340,
    ["pop_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0)"]
);
/// The private loop `pop_values/2` runs: its clause error names it.
const POP_VALUES_LOOP: Def = Def {
    module: "Keyword",
    name: "pop_values",
    arity: 4,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 1309,
    clauses: &[
        "pop_values([{key, value} | tail], key, values, acc)",
        "pop_values([{_, _} = pair | tail], key, values, acc)",
        "pop_values([], _key, values, acc)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &validate::VALIDATE,
    &validate::VALIDATE_LOOP,
    &validate::FIND_KEY,
    &validate::MOVE_PAIRS,
    &get_and_update::GET_AND_UPDATE,
    &get_and_update::GET_AND_UPDATE_LOOP,
    &get_and_update::GET_AND_UPDATE_BANG_LOOP,
    &get_and_update::DELETE_KEY,
    &REPLACE,
    &REPLACE_LAZY,
    &POP_LAZY,
    &EQUAL,
    &POP_VALUES,
    &POP_VALUES_LOOP,
    &GET,
    &PUT,
    &FETCH,
    &FETCH_BANG,
    &HAS_KEY,
    &KEYS,
    &VALUES,
    &DELETE,
    &MERGE,
    &GET_VALUES,
    &UPDATE,
    &UPDATE_BANG,
    &POP,
    &PUT_NEW,
    &TAKE,
    &DROP,
];

fn frame(fun: &str, arity: i64, line: i64) -> Term {
    elixir_frame("Keyword", fun, Term::int(arity), "lib/keyword.ex", line)
}

/// The entries of a keyword list: `(key, value)` for pairs, or the bad entry.
fn entries(list: &[Term]) -> Result<Vec<(Term, Term)>, Term> {
    list.iter()
        .map(|item| match item.as_tuple() {
            Some([k @ Term::Atom(_), v]) => Ok((k.clone(), v.clone())),
            _ => Err(item.clone()),
        })
        .collect()
}

fn not_keyword(bad: &Term, fun: &str, arity: i64, line: i64) -> Exception {
    argument_error(
        &format!(
            "expected a keyword list, but an entry in the list is not a two-element tuple with an atom as its first element, got: {}",
            inspect(bad)
        ),
        vec![frame(fun, arity, line)],
    )
}

/// The list and the atom key, or the clause error of `def`.
fn list_and_key(a: &[Term], def: &Def) -> Result<Vec<Term>, Exception> {
    match (a[0].list_to_vec(), &a[1]) {
        (Some(items), Term::Atom(_)) => Ok(items),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

fn first_value(items: &[Term], key: &Term) -> Option<Term> {
    items.iter().find_map(|item| match item.as_tuple() {
        Some([k, v]) if k == key => Some(v.clone()),
        _ => None,
    })
}

fn without(items: Vec<Term>, key: &Term) -> Vec<Term> {
    items
        .into_iter()
        .filter(|item| !matches!(item.as_tuple(), Some([k, _]) if k == key))
        .collect()
}

fn kv(key: &Term, value: Term) -> Term {
    Term::tuple([key.clone(), value])
}

fn get(a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let full = vec![a[0].clone(), a[1].clone(), default.clone()];
    let items = list_and_key(&full, &GET)?;
    Ok(first_value(&items, &a[1]).unwrap_or(default))
}

async fn get_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = list_and_key(&a, &GET)?;
    match first_value(&items, &a[1]) {
        Some(v) => Ok(v),
        None => apply_fun(cx, &a[2], vec![]).await,
    }
}

fn get_values(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &GET_VALUES)?;
    Ok(Term::list(
        items
            .iter()
            .filter_map(|i| match i.as_tuple() {
                Some([k, v]) if *k == a[1] => Some(v.clone()),
                _ => None,
            })
            .collect(),
    ))
}

fn fetch(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &FETCH)?;
    Ok(match first_value(&items, &a[1]) {
        Some(v) => Term::ok_tuple(v),
        None => Term::atom_named("error"),
    })
}

fn fetch_bang(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &FETCH_BANG)?;
    first_value(&items, &a[1]).ok_or_else(|| key_error(&a[1], &a[0], vec![frame("fetch!", 2, 595)]))
}

fn has_key(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &HAS_KEY)?;
    Ok(Term::bool(first_value(&items, &a[1]).is_some()))
}

fn keys(a: Vec<Term>) -> R {
    let items = a[0]
        .list_to_vec()
        .ok_or_else(|| function_clause(&KEYS, a.clone()))?;
    let entries = entries(&items).map_err(|bad| not_keyword(&bad, "keys", 1, 649))?;
    Ok(Term::list(entries.into_iter().map(|(k, _)| k).collect()))
}

fn values(a: Vec<Term>) -> R {
    let items = a[0]
        .list_to_vec()
        .ok_or_else(|| function_clause(&VALUES, a.clone()))?;
    let entries = entries(&items).map_err(|bad| not_keyword(&bad, "values", 1, 678))?;
    Ok(Term::list(entries.into_iter().map(|(_, v)| v).collect()))
}

fn delete(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &DELETE)?;
    Ok(Term::list(without(items, &a[1])))
}

fn delete_value(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &DELETE)?;
    Ok(Term::list(
        items
            .into_iter()
            .filter(|i| !matches!(i.as_tuple(), Some([k, v]) if *k == a[1] && *v == a[2]))
            .collect(),
    ))
}

fn delete_first(a: Vec<Term>) -> R {
    let mut items = list_and_key(&a, &DELETE)?;
    if let Some(i) = items
        .iter()
        .position(|x| matches!(x.as_tuple(), Some([k, _]) if *k == a[1]))
    {
        items.remove(i);
    }
    Ok(Term::list(items))
}

fn put(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &PUT)?;
    let mut out = vec![kv(&a[1], a[2].clone())];
    out.extend(without(items, &a[1]));
    Ok(Term::list(out))
}

fn put_new(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &PUT_NEW)?;
    if first_value(&items, &a[1]).is_some() {
        return Ok(a[0].clone());
    }
    let mut out = vec![kv(&a[1], a[2].clone())];
    out.extend(items);
    Ok(Term::list(out))
}

/// `items` with the first `key` entry replaced by `value` and later ones removed.
fn replace_first(items: Vec<Term>, key: &Term, value: Term) -> Vec<Term> {
    let mut out = Vec::with_capacity(items.len());
    let mut value = Some(value);
    for item in items {
        match item.as_tuple() {
            Some([k, _]) if k == key => {
                if let Some(v) = value.take() {
                    out.push(kv(key, v));
                }
            }
            _ => out.push(item),
        }
    }
    out
}

async fn update(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = list_and_key(&a, &UPDATE)?;
    match first_value(&items, &a[1]) {
        Some(v) => {
            let new = apply_fun(cx, &a[3], vec![v]).await?;
            Ok(Term::list(replace_first(items, &a[1], new)))
        }
        None => {
            let mut out = items;
            out.push(kv(&a[1], a[2].clone()));
            Ok(Term::list(out))
        }
    }
}

async fn update_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = list_and_key(&a, &UPDATE_BANG)?;
    let Some(v) = first_value(&items, &a[1]) else {
        return Err(key_error(&a[1], &a[0], vec![frame("update!", 4, 1115)]));
    };
    let new = apply_fun(cx, &a[2], vec![v]).await?;
    Ok(Term::list(replace_first(items, &a[1], new)))
}

fn replace_bang(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &PUT)?;
    if first_value(&items, &a[1]).is_none() {
        return Err(key_error(&a[1], &a[0], vec![frame("replace!", 3, 1038)]));
    }
    Ok(Term::list(replace_first(items, &a[1], a[2].clone())))
}

/// `Keyword.replace/3`: the first entry of `key` gets `value` and the later
/// ones go; without one, the list as it was.
fn replace(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &REPLACE)?;
    if first_value(&items, &a[1]).is_none() {
        return Ok(a[0].clone());
    }
    Ok(Term::list(replace_first(items, &a[1], a[2].clone())))
}

/// The list and the atom key of a call whose third argument must be a
/// function of `arity`, or the clause error of `def`.
fn list_key_and_fun(a: &[Term], arity: usize, def: &Def) -> Result<Vec<Term>, Exception> {
    match &a[2] {
        Term::Fun(f) if f.arity() == arity => list_and_key(a, def),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

/// `Keyword.replace_lazy/3`: as `replace/3`, the first value of `key`
/// going through `fun`.
async fn replace_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = list_key_and_fun(&a, 1, &REPLACE_LAZY)?;
    let Some(old) = first_value(&items, &a[1]) else {
        return Ok(a[0].clone());
    };
    let new = apply_fun(cx, &a[2], vec![old]).await?;
    Ok(Term::list(replace_first(items, &a[1], new)))
}

/// `Keyword.pop_lazy/3`: the first value of `key` and the list without the
/// key; `fun`'s value and the list as it was when there is none.
async fn pop_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    let items = list_key_and_fun(&a, 0, &POP_LAZY)?;
    match first_value(&items, &a[1]) {
        Some(v) => Ok(Term::tuple([v, Term::list(without(items, &a[1]))])),
        None => {
            let v = apply_fun(cx, &a[2], vec![]).await?;
            Ok(Term::tuple([v, a[0].clone()]))
        }
    }
}

/// `Keyword.equal?/2`: the same entries in any order: the two lists,
/// sorted, are exactly equal (`1` and `1.0` differ).
fn equal(a: Vec<Term>) -> R {
    let (Some(mut left), Some(mut right)) = (a[0].list_to_vec(), a[1].list_to_vec()) else {
        return Err(function_clause(&EQUAL, a));
    };
    left.sort_by(Term::compare);
    right.sort_by(Term::compare);
    Ok(Term::bool(left == right))
}

/// `Keyword.pop_values/2`: every value of `key`, and the list without them.
/// Elixir walks the list from its end, prepending; an entry that is not a
/// pair fails in that loop, with what the loop held there.
fn pop_values(a: Vec<Term>) -> R {
    let items = list_and_key(&a, &POP_VALUES)?;
    let reversed: Vec<Term> = items.into_iter().rev().collect();
    let (mut values, mut rest) = (Vec::new(), Vec::new());
    for (i, item) in reversed.iter().enumerate() {
        match item.as_tuple() {
            Some([k, v]) if *k == a[1] => values.push(v.clone()),
            Some([_, _]) => rest.push(item.clone()),
            _ => {
                let prepended = |v: &[Term]| Term::list(v.iter().rev().cloned().collect());
                let args = vec![
                    Term::list(reversed[i..].to_vec()),
                    a[1].clone(),
                    prepended(&values),
                    prepended(&rest),
                ];
                return Err(function_clause(&POP_VALUES_LOOP, args));
            }
        }
    }
    values.reverse();
    rest.reverse();
    Ok(Term::tuple([Term::list(values), Term::list(rest)]))
}

fn pop(a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let items = list_and_key(&[a[0].clone(), a[1].clone(), default.clone()], &POP)?;
    Ok(match first_value(&items, &a[1]) {
        Some(v) => Term::tuple([v, Term::list(without(items, &a[1]))]),
        None => Term::tuple([default, a[0].clone()]),
    })
}

fn pop_first(a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let items = list_and_key(&a, &POP)?;
    Ok(match first_value(&items, &a[1]) {
        Some(v) => Term::tuple([v, delete_first(vec![a[0].clone(), a[1].clone()])?]),
        None => Term::tuple([default, a[0].clone()]),
    })
}

fn keys_list(a: &[Term], def: &Def) -> Result<(Vec<Term>, Vec<Term>), Exception> {
    match (a[0].list_to_vec(), a[1].list_to_vec()) {
        (Some(items), Some(keys)) => Ok((items, keys)),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

fn has_key_in(item: &Term, keys: &[Term]) -> bool {
    matches!(item.as_tuple(), Some([k, _]) if keys.contains(k))
}

fn take(a: Vec<Term>) -> R {
    let (items, keys) = keys_list(&a, &TAKE)?;
    Ok(Term::list(
        items.into_iter().filter(|i| has_key_in(i, &keys)).collect(),
    ))
}

fn drop(a: Vec<Term>) -> R {
    let (items, keys) = keys_list(&a, &DROP)?;
    Ok(Term::list(
        items
            .into_iter()
            .filter(|i| !has_key_in(i, &keys))
            .collect(),
    ))
}

fn split(a: Vec<Term>) -> R {
    let (items, keys) = keys_list(&a, &TAKE)?;
    let (taken, rest): (Vec<Term>, Vec<Term>) =
        items.into_iter().partition(|i| has_key_in(i, &keys));
    Ok(Term::tuple([Term::list(taken), Term::list(rest)]))
}

async fn merge(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (Some(left), Some(right)) = (a[0].list_to_vec(), a[1].list_to_vec()) else {
        return Err(function_clause(&MERGE, vec![a[0].clone(), a[1].clone()]));
    };
    if entries(&right).is_err() {
        return Err(argument_error(
            &format!(
                "expected a keyword list as the second argument, got: {}",
                inspect(&a[1])
            ),
            vec![frame("merge", a.len() as i64, 995)],
        ));
    }
    let right_keys: Vec<Term> = right
        .iter()
        .filter_map(|i| pair(i).map(|(k, _)| k))
        .collect();
    let mut out: Vec<Term> = Vec::new();
    let mut combined: Vec<(Term, Term)> = Vec::new();
    for item in left {
        match pair(&item) {
            Some((k, v)) if right_keys.contains(&k) => combined.push((k, v)),
            _ => out.push(item),
        }
    }
    for item in right {
        let Some((k, v)) = pair(&item) else { continue };
        let earlier = combined.iter().position(|(ck, _)| *ck == k);
        let value = match (a.get(2), earlier) {
            (Some(f), Some(i)) => {
                let (_, old) = combined.remove(i);
                apply_fun(cx, f, vec![k.clone(), old, v]).await?
            }
            _ => v,
        };
        out.push(kv(&k, value));
    }
    Ok(Term::list(out))
}

async fn new(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(source) = a.first() else {
        return Ok(Term::Nil);
    };
    let mut items = enumerable::to_vec(cx, source).await?;
    if let Some(f) = a.get(1) {
        let mut mapped = Vec::with_capacity(items.len());
        for x in items {
            mapped.push(apply_fun(cx, f, vec![x]).await?);
        }
        items = mapped;
    }
    let mut out: Vec<(Term, Term)> = Vec::new();
    for item in items {
        let (k, v) = pair(&item)
            .filter(|(k, _)| k.as_atom().is_some())
            .ok_or_else(|| {
                Exception::error(exception_struct(
                    Atom::module("MatchError"),
                    vec![("term", item.clone())],
                ))
                .with_stack(Term::list(vec![frame("-new/2-fun-0-", 3, 198)]))
            })?;
        out.retain(|(x, _)| *x != k);
        out.push((k, v));
    }
    Ok(Term::list(
        out.into_iter().map(|(k, v)| kv(&k, v)).collect(),
    ))
}

fn is_keyword(a: Vec<Term>) -> R {
    Ok(Term::bool(crate::term::build::is_keyword(&a[0])))
}

fn to_list(a: Vec<Term>) -> R {
    Ok(a[0].clone())
}

async fn filter_by(cx: &mut Ctx, a: Vec<Term>, keep: bool) -> R {
    let items = a[0].list_to_vec().unwrap_or_default();
    let mut out = Vec::new();
    for item in items {
        if apply_fun(cx, &a[1], vec![item.clone()]).await?.is_truthy() == keep {
            out.push(item);
        }
    }
    Ok(Term::list(out))
}

async fn filter(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, true).await
}

async fn reject(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, false).await
}

/// The `Keyword` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Keyword"))
        .export_native("get", 2, pure!(get))
        .export_native("get", 3, pure!(get))
        .export("get_lazy", 3, suspending!(get_lazy))
        .export_native("get_values", 2, pure!(get_values))
        .export_native("fetch", 2, pure!(fetch))
        .export_native("fetch!", 2, pure!(fetch_bang))
        .export_native("has_key?", 2, pure!(has_key))
        .export_native("keys", 1, pure!(keys))
        .export_native("values", 1, pure!(values))
        .export_native("delete", 2, pure!(delete))
        .export_native("delete", 3, pure!(delete_value))
        .export_native("delete_first", 2, pure!(delete_first))
        .export_native("put", 3, pure!(put))
        .export_native("put_new", 3, pure!(put_new))
        .export("update", 4, suspending!(update))
        .export_native("validate", 2, pure!(validate::validate))
        .export_native("validate!", 2, pure!(validate::validate_bang))
        .export(
            "get_and_update",
            3,
            suspending!(get_and_update::get_and_update),
        )
        .export(
            "get_and_update!",
            3,
            suspending!(get_and_update::get_and_update_bang),
        )
        .export("update!", 3, suspending!(update_bang))
        .export_native("replace!", 3, pure!(replace_bang))
        .export_native("replace", 3, pure!(replace))
        .export("replace_lazy", 3, suspending!(replace_lazy))
        .export("pop_lazy", 3, suspending!(pop_lazy))
        .export_native("equal?", 2, pure!(equal))
        .export_native("pop_values", 2, pure!(pop_values))
        .export_native("pop", 2, pure!(pop))
        .export_native("pop", 3, pure!(pop))
        .export_native("pop_first", 2, pure!(pop_first))
        .export_native("pop_first", 3, pure!(pop_first))
        .export_native("take", 2, pure!(take))
        .export_native("drop", 2, pure!(drop))
        .export_native("split", 2, pure!(split))
        .export("merge", 2, suspending!(merge))
        .export("merge", 3, suspending!(merge))
        .export("new", 0, suspending!(new))
        .export("new", 1, suspending!(new))
        .export("new", 2, suspending!(new))
        .export_native("keyword?", 1, pure!(is_keyword))
        .export_native("to_list", 1, pure!(to_list))
        .export("filter", 2, suspending!(filter))
        .export("reject", 2, suspending!(reject))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::build::keyword;
    use crate::term::Term;

    fn kw(pairs: &[(&str, i64)]) -> Term {
        keyword(pairs.iter().map(|(k, v)| (*k, int(*v))).collect())
    }

    #[test]
    fn reading_the_first_occurrence() {
        assert_eq!(
            show("Keyword", "get", vec![kw(&[("a", 1), ("a", 2)]), atom("a")]),
            "1"
        );
        assert_eq!(
            show("Keyword", "get", vec![kw(&[]), atom("a"), int(0)]),
            "0"
        );
        assert_eq!(
            show("Keyword", "fetch", vec![kw(&[("a", 1)]), atom("a")]),
            "{:ok, 1}"
        );
        assert_eq!(
            show(
                "Keyword",
                "get_values",
                vec![kw(&[("a", 1), ("a", 2)]), atom("a")]
            ),
            "[1, 2]"
        );
        assert_eq!(
            show("Keyword", "keys", vec![kw(&[("a", 1), ("b", 2), ("a", 3)])]),
            "[:a, :b, :a]"
        );
        assert_eq!(
            show("Keyword", "fetch!", vec![kw(&[]), atom("a")]),
            "** (KeyError) key :a not found in: []"
        );
        assert!(show("Keyword", "get", vec![int(1), atom("a")])
            .starts_with("** (FunctionClauseError) no function clause matching in Keyword.get/3"));
        assert_eq!(
            show("Keyword", "keys", vec![ints(&[1])]),
            "** (ArgumentError) expected a keyword list, but an entry in the list is not a two-element tuple with an atom as its first element, got: 1"
        );
    }

    #[test]
    fn writing_every_occurrence() {
        assert_eq!(
            show(
                "Keyword",
                "put",
                vec![kw(&[("a", 1), ("b", 2), ("a", 3)]), atom("a"), int(9)]
            ),
            "[a: 9, b: 2]"
        );
        assert_eq!(
            show(
                "Keyword",
                "delete",
                vec![kw(&[("a", 1), ("b", 2), ("a", 3)]), atom("a")]
            ),
            "[b: 2]"
        );
        assert_eq!(
            show(
                "Keyword",
                "merge",
                vec![kw(&[("a", 1), ("b", 2)]), kw(&[("a", 3), ("c", 4)])]
            ),
            "[b: 2, a: 3, c: 4]"
        );
        assert_eq!(
            show(
                "Keyword",
                "update",
                vec![kw(&[("b", 1)]), atom("a"), int(0), double()]
            ),
            "[b: 1, a: 0]"
        );
        assert_eq!(
            show(
                "Keyword",
                "update",
                vec![kw(&[("a", 1)]), atom("a"), int(0), double()]
            ),
            "[a: 2]"
        );
        assert_eq!(
            show(
                "Keyword",
                "pop",
                vec![kw(&[("a", 1), ("b", 2), ("a", 3)]), atom("a")]
            ),
            "{1, [b: 2]}"
        );
        assert_eq!(
            show(
                "Keyword",
                "put_new",
                vec![kw(&[("a", 1)]), atom("b"), int(2)]
            ),
            "[b: 2, a: 1]"
        );
        let pairs = Term::list(vec![
            Term::tuple([atom("a"), int(1)]),
            Term::tuple([atom("b"), int(2)]),
            Term::tuple([atom("a"), int(3)]),
        ]);
        assert_eq!(show("Keyword", "new", vec![pairs]), "[b: 2, a: 3]");
    }
}
