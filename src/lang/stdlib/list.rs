//! `List`: functions specific to (linked) lists. Indices may be negative,
//! counting from the end; an index out of range leaves the list as it is.

use super::errors::{
    add_frame, badarg_at, elixir_frame, function_clause, function_clause_error, location,
    stdlib_frame, Def,
};
use super::{erlang, text};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::{Atom, Exception, Term};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "List",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/list.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    FIRST_DEF,
    "first",
    2,
    293,
    ["first([], default)", "first([head | _], _default)"]
);
def!(
    DELETE,
    "delete",
    2,
    158,
    [
        "delete([element | list], element)",
        "delete([other | list], element)",
        "delete([], _element)",
    ]
);
def!(
    INSERT_AT,
    "insert_at",
    3,
    764,
    ["insert_at(list, index, value) when is_list(list) and is_integer(index)"]
);
def!(
    REPLACE_AT,
    "replace_at",
    3,
    802,
    ["replace_at(list, index, value) when is_list(list) and is_integer(index)"]
);
def!(
    UPDATE_AT,
    "update_at",
    3,
    835,
    ["update_at(list, index, fun) when is_list(list) and is_function(fun) and is_integer(index)"]
);
def!(
    FOLDL,
    "foldl",
    3,
    248,
    ["foldl(list, acc, fun) when is_list(list) and is_function(fun)"]
);
def!(
    FOLDR,
    "foldr",
    3,
    266,
    ["foldr(list, acc, fun) when is_list(list) and is_function(fun)"]
);
def!(
    ZIP,
    "zip",
    1,
    651,
    ["zip([])", "zip(list_of_lists) when is_list(list_of_lists)"]
);

const POP_AT: Def = Def {
    module: "List",
    name: "do_pop_at",
    arity: 4,
    kind: "defp",
    file: "lib/list.ex",
    line: 1364,
    clauses: &[
        "do_pop_at([], _index, default, acc)",
        "do_pop_at([head | tail], 0, _default, acc)",
        "do_pop_at([head | tail], index, default, acc)",
    ],
};

/// `List.first/2`'s clauses (its `FunctionClauseError` is the one iex's
/// reference shows).
pub const FIRST: Def = FIRST_DEF;

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &FIRST_DEF,
    &DELETE,
    &INSERT_AT,
    &REPLACE_AT,
    &UPDATE_AT,
    &FOLDL,
    &FOLDR,
    &ZIP,
    &POP_AT,
];

fn erlang_clause(fun: &str, args: Vec<Term>, line: i64) -> Exception {
    let frame = Term::tuple([
        Term::atom_named("lists"),
        Term::atom_named(fun),
        Term::list(args.clone()),
        location("lists.erl", line),
    ]);
    function_clause_error(Atom::new("lists"), fun, args.len(), frame)
}

fn first(a: Vec<Term>) -> R {
    let default = a.get(1).cloned().unwrap_or_else(Term::nil);
    match &a[0] {
        Term::Nil => Ok(default),
        Term::List(l) => Ok(l.head().clone()),
        _ => Err(function_clause(&FIRST_DEF, vec![a[0].clone(), default])),
    }
}

fn last(a: Vec<Term>) -> R {
    let default = a.get(1).cloned().unwrap_or_else(Term::nil);
    match &a[0] {
        Term::Nil => Ok(default),
        Term::List(l) => Ok(l.iter().last().cloned().unwrap_or(default)),
        other => {
            let term = Term::tuple([other.clone(), default]);
            let e = exception_struct(Atom::module("CaseClauseError"), vec![("term", term)]);
            let frame = elixir_frame(
                "List",
                "last",
                Term::int(a.len() as i64),
                "lib/list.ex",
                320,
            );
            Err(Exception::error(e).with_stack(Term::list(vec![frame])))
        }
    }
}

fn flatten_into(t: &Term, out: &mut Vec<Term>) -> Option<()> {
    for item in t.list_to_vec()? {
        if item.is_list() {
            flatten_into(&item, out)?;
        } else {
            out.push(item);
        }
    }
    Some(())
}

fn flatten(a: Vec<Term>) -> R {
    let mut out = Vec::new();
    flatten_into(&a[0], &mut out).ok_or_else(|| erlang_clause("flatten", a.clone(), 648))?;
    let tail = match a.get(1) {
        Some(t) => t.clone(),
        None => Term::Nil,
    };
    Ok(crate::term::List::from_vec(out, tail))
}

fn wrap(a: Vec<Term>) -> R {
    Ok(match &a[0] {
        t if t.is_list() => t.clone(),
        t if t.is_atom(crate::term::atom::NIL) => Term::Nil,
        t => Term::list(vec![t.clone()]),
    })
}

fn delete(a: Vec<Term>) -> R {
    let mut items = a[0]
        .list_to_vec()
        .ok_or_else(|| function_clause(&DELETE, a.clone()))?;
    if let Some(i) = items.iter().position(|x| x == &a[1]) {
        items.remove(i);
    }
    Ok(Term::list(items))
}

/// A position in a list of `len`, negative counting from the end (`-1` is the last).
fn position(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { len as i64 + index } else { index };
    (0..len as i64).contains(&i).then_some(i as usize)
}

fn list_and_index(a: &[Term], def: &Def) -> Result<(Vec<Term>, i64), Exception> {
    match (a[0].list_to_vec(), &a[1]) {
        (Some(items), Term::Int(i)) => Ok((items, *i)),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

fn insert_at(a: Vec<Term>) -> R {
    let (mut items, index) = list_and_index(&a, &INSERT_AT)?;
    let len = items.len() as i64;
    let at = if index < 0 { len + index + 1 } else { index };
    items.insert(at.clamp(0, len) as usize, a[2].clone());
    Ok(Term::list(items))
}

fn replace_at(a: Vec<Term>) -> R {
    let (mut items, index) = list_and_index(&a, &REPLACE_AT)?;
    if let Some(i) = position(index, items.len()) {
        items[i] = a[2].clone();
    }
    Ok(Term::list(items))
}

async fn update_at(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !matches!(a[2], Term::Fun(_)) {
        return Err(function_clause(&UPDATE_AT, a));
    }
    let (mut items, index) = list_and_index(&a, &UPDATE_AT)?;
    if let Some(i) = position(index, items.len()) {
        items[i] = apply_fun(cx, &a[2], vec![items[i].clone()]).await?;
    }
    Ok(Term::list(items))
}

fn pop(a: &[Term], caller: &str, line: i64) -> Result<(Term, Vec<Term>), Exception> {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let (Some(mut items), Term::Int(index)) = (a[0].list_to_vec(), &a[1]) else {
        let args = vec![a[0].clone(), a[1].clone(), default, Term::Nil];
        let e = function_clause(&POP_AT, args);
        let frame = elixir_frame(
            "List",
            caller,
            Term::int(a.len() as i64),
            "lib/list.ex",
            line,
        );
        return Err(add_frame(e, frame));
    };
    match position(*index, items.len()) {
        Some(i) => {
            let v = items.remove(i);
            Ok((v, items))
        }
        None => Ok((default, items)),
    }
}

fn delete_at(a: Vec<Term>) -> R {
    Ok(Term::list(pop(&a, "delete_at", 866)?.1))
}

fn pop_at(a: Vec<Term>) -> R {
    let (v, rest) = pop(&a, "pop_at", 858)?;
    Ok(Term::tuple([v, Term::list(rest)]))
}

fn duplicate(a: Vec<Term>) -> R {
    match &a[1] {
        Term::Int(n) if *n >= 0 && *n <= 1 << 28 => Ok(Term::list(vec![a[0].clone(); *n as usize])),
        Term::Int(n) if *n >= 0 => {
            let frame = stdlib_frame("lists", "duplicate", vec![a[1].clone(), a[0].clone()]);
            Err(super::errors::system_limit(frame))
        }
        _ => Err(erlang_clause(
            "duplicate",
            vec![a[1].clone(), a[0].clone()],
            331,
        )),
    }
}

fn zip(a: Vec<Term>) -> R {
    let lists = a[0]
        .list_to_vec()
        .ok_or_else(|| function_clause(&ZIP, a.clone()))?;
    let lists: Vec<Vec<Term>> = lists
        .iter()
        .map(|l| l.list_to_vec().unwrap_or_default())
        .collect();
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    let tuples = (0..n)
        .map(|i| Term::tuple(lists.iter().map(|l| l[i].clone()).collect::<Vec<_>>()))
        .collect();
    Ok(Term::list(tuples))
}

async fn fold(cx: &mut Ctx, a: Vec<Term>, def: &Def, right: bool) -> R {
    let (Some(mut items), Term::Fun(_)) = (a[0].list_to_vec(), &a[2]) else {
        return Err(function_clause(def, a));
    };
    if right {
        items.reverse();
    }
    let mut acc = a[1].clone();
    for x in items {
        acc = apply_fun(cx, &a[2], vec![x, acc]).await?;
    }
    Ok(acc)
}

async fn foldl(cx: &mut Ctx, a: Vec<Term>) -> R {
    fold(cx, a, &FOLDL, false).await
}

async fn foldr(cx: &mut Ctx, a: Vec<Term>) -> R {
    fold(cx, a, &FOLDR, true).await
}

fn to_tuple(a: Vec<Term>) -> R {
    erlang::list_to_tuple(a).map_err(|e| {
        add_frame(
            e,
            elixir_frame("List", "to_tuple", Term::int(1), "lib/list.ex", 1045),
        )
    })
}

fn key_matches(item: &Term, key: &Term, pos: usize) -> bool {
    matches!(item.as_tuple(), Some(t) if t.len() > pos && t[pos].loose_eq(key))
}

fn key_args(
    a: &[Term],
    fun: &str,
    caller: &str,
    line: i64,
) -> Result<(Vec<Term>, usize), Exception> {
    let pos = match &a[2] {
        Term::Int(p) if *p >= 0 => *p as usize,
        _ => {
            let bif_args = vec![a[1].clone(), a[2].clone(), a[0].clone()];
            return Err(badarg_at(
                stdlib_frame("lists", fun, bif_args),
                &[(2, "not a valid position")],
                Some(elixir_frame(
                    "List",
                    caller,
                    Term::int(a.len() as i64),
                    "lib/list.ex",
                    line,
                )),
            ));
        }
    };
    match a[0].list_to_vec() {
        Some(items) => Ok((items, pos)),
        None => {
            let bif_args = vec![a[1].clone(), Term::int(pos as i64 + 1), a[0].clone()];
            Err(badarg_at(
                stdlib_frame("lists", fun, bif_args),
                &[(3, "not a list")],
                Some(elixir_frame(
                    "List",
                    caller,
                    Term::int(a.len() as i64),
                    "lib/list.ex",
                    line,
                )),
            ))
        }
    }
}

fn keyfind(a: Vec<Term>) -> R {
    let (items, pos) = key_args(&a, "keyfind", "keyfind", 350)?;
    let default = a.get(3).cloned().unwrap_or_else(Term::nil);
    Ok(items
        .into_iter()
        .find(|i| key_matches(i, &a[1], pos))
        .unwrap_or(default))
}

fn keymember(a: Vec<Term>) -> R {
    let (items, pos) = key_args(&a, "keymember", "keymember?", 374)?;
    Ok(Term::bool(items.iter().any(|i| key_matches(i, &a[1], pos))))
}

fn keydelete(a: Vec<Term>) -> R {
    let Some(mut items) = a[0].list_to_vec() else {
        let pos = super::num::add(&a[2], &Term::int(1)).unwrap_or_else(|_| a[2].clone());
        return Err(erlang_clause(
            "keydelete3",
            vec![a[1].clone(), pos, a[0].clone()],
            722,
        ));
    };
    let pos = a[2].as_int().unwrap_or(-1);
    if pos >= 0 {
        if let Some(i) = items
            .iter()
            .position(|x| key_matches(x, &a[1], pos as usize))
        {
            items.remove(i);
        }
    }
    Ok(Term::list(items))
}

fn keyreplace(a: Vec<Term>) -> R {
    let (mut items, pos) = key_args(&a, "keyreplace", "keyreplace", 418)?;
    if let Some(i) = items.iter().position(|x| key_matches(x, &a[1], pos)) {
        items[i] = a[3].clone();
    }
    Ok(Term::list(items))
}

fn keystore(a: Vec<Term>) -> R {
    let (mut items, pos) = key_args(&a, "keystore", "keystore", 471)?;
    match items.iter().position(|x| key_matches(x, &a[1], pos)) {
        Some(i) => items[i] = a[3].clone(),
        None => items.push(a[3].clone()),
    }
    Ok(Term::list(items))
}

fn keytake(a: Vec<Term>) -> R {
    let (mut items, pos) = key_args(&a, "keytake", "keytake", 516)?;
    Ok(
        match items.iter().position(|x| key_matches(x, &a[1], pos)) {
            Some(i) => {
                let found = items.remove(i);
                Term::tuple([found, Term::list(items)])
            }
            None => Term::nil(),
        },
    )
}

fn keysort(a: Vec<Term>) -> R {
    let (mut items, pos) = key_args(
        &[a[0].clone(), Term::nil(), a[1].clone()],
        "keysort",
        "keysort",
        448,
    )?;
    let key = |t: &Term| t.as_tuple().and_then(|t| t.get(pos).cloned());
    items.sort_by(|x, y| match (key(x), key(y)) {
        (Some(a), Some(b)) => a.compare(&b),
        _ => std::cmp::Ordering::Equal,
    });
    if a.get(2).is_some_and(|o| o.is_atom(Atom::new("desc"))) {
        items.reverse();
    }
    Ok(Term::list(items))
}

fn starts_with(a: Vec<Term>) -> R {
    let (Some(list), Some(prefix)) = (a[0].list_to_vec(), a[1].list_to_vec()) else {
        return Ok(Term::bool(false));
    };
    Ok(Term::bool(
        list.len() >= prefix.len() && list.iter().zip(&prefix).all(|(x, y)| x == y),
    ))
}

fn improper(a: Vec<Term>) -> R {
    Ok(Term::bool(match &a[0] {
        Term::List(l) => l.to_vec_proper().is_none(),
        _ => false,
    }))
}

fn ascii_printable(a: Vec<Term>) -> R {
    let limit = a.get(1).and_then(Term::as_int).unwrap_or(i64::MAX).max(0) as usize;
    let items = a[0].list_to_vec().unwrap_or_default();
    let ok = items.iter().take(limit).all(|c| match c.as_int() {
        Some(c) => (32..127).contains(&c) || [7, 8, 9, 10, 11, 12, 13, 27].contains(&c),
        None => false,
    });
    Ok(Term::bool(ok))
}

fn to_string(a: Vec<Term>) -> R {
    Ok(Term::binary(&text::list_to_string(&a[0])?))
}

fn to_charlist(a: Vec<Term>) -> R {
    super::kernel::to_charlist(a)
}

fn as_text(t: &Term) -> Result<Term, Exception> {
    Ok(Term::binary(&text::list_to_string(t)?))
}

fn to_atom(a: Vec<Term>) -> R {
    erlang::binary_to_atom(vec![as_text(&a[0])?])
}

fn to_existing_atom(a: Vec<Term>) -> R {
    erlang::binary_to_existing_atom(vec![as_text(&a[0])?])
}

fn to_integer(a: Vec<Term>) -> R {
    let mut args = vec![as_text(&a[0])?];
    args.extend(a.get(1).cloned());
    erlang::binary_to_integer(args)
}

fn to_float(a: Vec<Term>) -> R {
    erlang::binary_to_float(vec![as_text(&a[0])?])
}

/// The `List` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("List"))
        .export_native("first", 1, pure!(first))
        .export_native("first", 2, pure!(first))
        .export_native("last", 1, pure!(last))
        .export_native("last", 2, pure!(last))
        .export_native("flatten", 1, pure!(flatten))
        .export_native("flatten", 2, pure!(flatten))
        .export_native("wrap", 1, pure!(wrap))
        .export_native("delete", 2, pure!(delete))
        .export_native("insert_at", 3, pure!(insert_at))
        .export_native("replace_at", 3, pure!(replace_at))
        .export("update_at", 3, suspending!(update_at))
        .export_native("delete_at", 2, pure!(delete_at))
        .export_native("pop_at", 2, pure!(pop_at))
        .export_native("pop_at", 3, pure!(pop_at))
        .export_native("duplicate", 2, pure!(duplicate))
        .export_native("zip", 1, pure!(zip))
        .export("foldl", 3, suspending!(foldl))
        .export("foldr", 3, suspending!(foldr))
        .export_native("to_tuple", 1, pure!(to_tuple))
        .export_native("keyfind", 3, pure!(keyfind))
        .export_native("keyfind", 4, pure!(keyfind))
        .export_native("keymember?", 3, pure!(keymember))
        .export_native("keydelete", 3, pure!(keydelete))
        .export_native("keyreplace", 4, pure!(keyreplace))
        .export_native("keystore", 4, pure!(keystore))
        .export_native("keytake", 3, pure!(keytake))
        .export_native("keysort", 2, pure!(keysort))
        .export_native("keysort", 3, pure!(keysort))
        .export_native("starts_with?", 2, pure!(starts_with))
        .export_native("improper?", 1, pure!(improper))
        .export_native("ascii_printable?", 1, pure!(ascii_printable))
        .export_native("ascii_printable?", 2, pure!(ascii_printable))
        .export_native("to_string", 1, pure!(to_string))
        .export_native("to_charlist", 1, pure!(to_charlist))
        .export_native("to_atom", 1, pure!(to_atom))
        .export_native("to_existing_atom", 1, pure!(to_existing_atom))
        .export_native("to_integer", 1, pure!(to_integer))
        .export_native("to_integer", 2, pure!(to_integer))
        .export_native("to_float", 1, pure!(to_float))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    #[test]
    fn first_and_last() {
        assert_eq!(show("List", "first", vec![ints(&[1, 2])]), "1");
        assert_eq!(show("List", "first", vec![Term::Nil, int(0)]), "0");
        assert_eq!(show("List", "last", vec![ints(&[1, 2])]), "2");
        assert_eq!(
            show("List", "first", vec![int(1), int(2)]),
            "** (FunctionClauseError) no function clause matching in List.first/2\n\nThe following arguments were given to List.first/2:\n\n    # 1\n    1\n\n    # 2\n    2\n\nAttempted function clauses (showing 2 out of 2):\n\n    def first([], default)\n    def first([head | _], _default)\n"
        );
    }

    #[test]
    fn positional_edits_count_negative_indices_from_the_end() {
        assert_eq!(
            show("List", "insert_at", vec![ints(&[1, 2, 3]), int(-1), int(0)]),
            "[1, 2, 3, 0]"
        );
        assert_eq!(
            show("List", "insert_at", vec![ints(&[1, 2, 3]), int(1), int(0)]),
            "[1, 0, 2, 3]"
        );
        assert_eq!(
            show(
                "List",
                "insert_at",
                vec![ints(&[1, 2, 3]), int(-10), int(0)]
            ),
            "[0, 1, 2, 3]"
        );
        assert_eq!(
            show(
                "List",
                "replace_at",
                vec![ints(&[1, 2, 3]), int(-1), int(0)]
            ),
            "[1, 2, 0]"
        );
        assert_eq!(
            show("List", "replace_at", vec![ints(&[1, 2, 3]), int(5), int(0)]),
            "[1, 2, 3]"
        );
        assert_eq!(
            show("List", "delete_at", vec![ints(&[1, 2, 3]), int(0)]),
            "[2, 3]"
        );
        assert_eq!(
            show("List", "pop_at", vec![ints(&[1, 2, 3]), int(1)]),
            "{2, [1, 3]}"
        );
        assert_eq!(
            show(
                "List",
                "update_at",
                vec![ints(&[1, 2, 3]), int(1), double()]
            ),
            "[1, 4, 3]"
        );
    }

    #[test]
    fn flattening_wrapping_folding() {
        let nested = Term::list(vec![int(1), Term::list(vec![int(2), ints(&[3])])]);
        assert_eq!(show("List", "flatten", vec![nested]), "[1, 2, 3]");
        assert_eq!(show("List", "wrap", vec![atom("nil")]), "[]");
        assert_eq!(show("List", "wrap", vec![int(1)]), "[1]");
        assert_eq!(
            show("List", "foldl", vec![ints(&[1, 2, 3]), int(0), plus()]),
            "6"
        );
        assert_eq!(
            show("List", "duplicate", vec![atom("a"), int(2)]),
            "[:a, :a]"
        );
        assert_eq!(
            show(
                "List",
                "zip",
                vec![Term::list(vec![ints(&[1, 2]), ints(&[3, 4, 5])])]
            ),
            "[{1, 3}, {2, 4}]"
        );
    }

    #[test]
    fn key_functions_work_on_tuples() {
        let list = Term::list(vec![
            Term::tuple([atom("a"), int(1)]),
            Term::tuple([atom("b"), int(2)]),
        ]);
        assert_eq!(
            show("List", "keyfind", vec![list.clone(), atom("b"), int(0)]),
            "{:b, 2}"
        );
        assert_eq!(
            show("List", "keyfind", vec![list.clone(), atom("c"), int(0)]),
            "nil"
        );
        assert_eq!(
            show("List", "keydelete", vec![list.clone(), atom("a"), int(0)]),
            "[b: 2]"
        );
        assert_eq!(
            show("List", "keyfind", vec![list, int(2), int(1)]),
            "{:b, 2}"
        );
        assert_eq!(
            show("List", "keyfind", vec![int(1), int(1), int(0)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 3rd argument: not a list\n"
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(show("List", "to_tuple", vec![ints(&[1, 2])]), "{1, 2}");
        assert_eq!(show("List", "to_string", vec![ints(&[104, 105])]), "\"hi\"");
        assert_eq!(show("List", "to_integer", vec![ints(&[52, 50])]), "42");
        assert_eq!(show("List", "to_atom", vec![ints(&[104, 105])]), ":hi");
    }
}
