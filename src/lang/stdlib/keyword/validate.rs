//! `Keyword.validate/2` and `validate!/2`: a keyword list checked against
//! the keys allowed, with defaults for the keys missing.
//!
//! Written as Elixir 1.14 writes it, so that the order of the result, the
//! bad keys reported (latest first) and the errors are the same: each
//! given key is looked for among the allowed ones not seen yet, and a key
//! given twice is not found the second time.

use super::{frame, R};
use crate::lang::stdlib::errors::{
    add_frame, argument_error, arguments_message, elixir_frame, erlang_frame, function_clause, Def,
};
use crate::term::inspect::inspect;
use crate::term::list::List;
use crate::term::{Exception, Term};
use std::collections::VecDeque;

pub(super) const VALIDATE: Def = Def {
    module: "Keyword",
    name: "validate",
    arity: 2,
    kind: "def",
    file: "lib/keyword.ex",
    line: 252,
    clauses: &["validate(keyword, values) when is_list(keyword) and is_list(values)"],
};

/// `find_key!/3`, which looks for a key among the allowed values.
pub(super) const FIND_KEY: Def = Def {
    module: "Keyword",
    name: "find_key!",
    arity: 3,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 285,
    clauses: &[
        "find_key!(key, [key | rest], acc)",
        "find_key!(key, [{key, _} | rest], acc)",
        "find_key!(key, [head | tail], acc)",
        "find_key!(_key, [], _acc)",
    ],
};

/// `move_pairs!/2`, which adds the defaults of the keys not given.
pub(super) const MOVE_PAIRS: Def = Def {
    module: "Keyword",
    name: "move_pairs!",
    arity: 2,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 290,
    clauses: &[
        "move_pairs!([key | rest], acc) when is_atom(key)",
        "move_pairs!([{key, _} = pair | rest], acc) when is_atom(key)",
        "move_pairs!([], acc)",
        "move_pairs!([other | _], _)",
    ],
};

/// The private loop `validate/2` runs: its clause error names it.
pub(super) const VALIDATE_LOOP: Def = Def {
    module: "Keyword",
    name: "validate",
    arity: 5,
    kind: "defp",
    file: "lib/keyword.ex",
    line: 256,
    clauses: &[
        "validate([{key, _} = pair | keyword], values1, values2, acc, bad_keys) when is_atom(key)",
        "validate([], values1, values2, acc, [])",
        "validate([], _values1, _values2, _acc, bad_keys)",
        "validate([pair | _], _values1, _values2, _acc, [])",
    ],
};

/// `Keyword.validate/2`: `{:ok, keyword}` with the defaults added, or
/// `{:error, bad_keys}`.
pub(super) fn validate(a: Vec<Term>) -> R {
    match checked(&a[0], &a[1])? {
        Ok(keyword) => Ok(Term::tuple([Term::atom_named("ok"), keyword])),
        Err(bad) => Ok(Term::tuple([Term::atom_named("error"), bad])),
    }
}

/// `Keyword.validate!/2`: the keyword with the defaults added, or an
/// `ArgumentError` naming the unknown or repeated keys.
pub(super) fn validate_bang(a: Vec<Term>) -> R {
    let called_here = |e: Exception| add_frame(e, frame("validate!", 2, 336));
    let bad = match checked(&a[0], &a[1]).map_err(called_here)? {
        Ok(keyword) => return Ok(keyword),
        Err(bad) => bad.list_to_vec().unwrap_or_default(),
    };
    let mut allowed = Vec::new();
    for v in split(&a[1]).0 {
        allowed.push(match (&v, v.as_tuple()) {
            (Term::Atom(_), _) => v.clone(),
            (_, Some([k, ..])) => k.clone(),
            _ => return Err(first_element_error(v)),
        });
    }
    let (known, unknown): (Vec<Term>, Vec<Term>) =
        bad.into_iter().partition(|k| allowed.contains(k));
    let message = if unknown.is_empty() {
        format!(
            "duplicate keys {} in {}",
            inspect(&Term::list(known)),
            inspect(&a[0])
        )
    } else {
        format!(
            "unknown keys {} in {}, the allowed keys are: {}",
            inspect(&Term::list(unknown)),
            inspect(&a[0]),
            inspect(&Term::list(allowed))
        )
    };
    Err(argument_error(&message, vec![frame("validate!", 2, 355)]))
}

/// The error of `elem(value, 0)` on an allowed value that is neither an
/// atom nor a tuple with an element, raised as Elixir raises it: in the
/// `fn` its comprehension of the allowed keys reduces with.
fn first_element_error(value: Term) -> Exception {
    let problem = if value.as_tuple().is_some() {
        (1, "out of range")
    } else {
        (2, "not a tuple")
    };
    let frames = vec![
        erlang_frame("element", vec![Term::int(1), value]),
        frame("-validate!/2-fun-0-", 2, 343),
        elixir_frame(
            "Enum",
            "-reduce/3-lists^foldl/2-0-",
            Term::int(3),
            "lib/enum.ex",
            2468,
        ),
        frame("validate!", 2, 342),
    ];
    argument_error(&arguments_message(&[problem]), frames)
}

/// The keyword with defaults added, or the bad keys; an error for what
/// Elixir's clauses refuse.
fn checked(keyword: &Term, values: &Term) -> Result<Result<Term, Term>, Exception> {
    if !keyword.is_list() || !values.is_list() {
        return Err(function_clause(
            &VALIDATE,
            vec![keyword.clone(), values.clone()],
        ));
    }
    let (given, tail) = split(keyword);
    // The allowed values, each side with the tail it ends in (`[]`, or
    // the improper tail of `values`, which moves with the values after it).
    let mut values1 = split(values);
    let mut values2 = (Vec::new(), Term::Nil);
    // Both built by putting each new one first, as Elixir's lists are.
    let (mut acc, mut bad) = (VecDeque::new(), VecDeque::new());
    for (i, pair) in given.iter().enumerate() {
        let key = match pair.as_tuple() {
            Some([key @ Term::Atom(_), _]) => key,
            // An entry that is no pair with an atom key: an error when no
            // bad key came before it, else no clause takes it.
            _ if bad.is_empty() => {
                let message = format!(
                    "expected a keyword list as first argument, got invalid entry: {}",
                    inspect(pair)
                );
                return Err(argument_error(&message, vec![frame("validate", 5, 281)]));
            }
            _ => {
                let rest = List::from_vec(given[i..].to_vec(), tail);
                return Err(loop_clause(rest, &values1, &values2, &acc, &bad));
            }
        };
        if let Some(found) = find_key(key, &values1, &values2, 257)? {
            (values1, values2) = found;
        } else if let Some(found) = find_key(key, &values2, &values1, 262)? {
            (values1, values2) = found;
        } else {
            bad.push_front(key.clone());
            continue;
        }
        acc.push_front(pair.clone());
    }
    if tail != Term::Nil {
        return Err(loop_clause(tail, &values1, &values2, &acc, &bad));
    }
    if !bad.is_empty() {
        return Ok(Err(Term::list(bad.into())));
    }
    let acc = move_pairs(&values2, acc)?;
    Ok(Ok(Term::list(move_pairs(&values1, acc)?.into())))
}

/// Allowed values and the tail they end in.
type Values = (Vec<Term>, Term);

/// `find_key!/3`: `key` (or `{key, default}`) found in `values`: the
/// values after it, and those before it (latest first) put before
/// `others`; `None` when it is not there. Reaching an improper tail is
/// the clause error of `find_key!/3`, called from `line` of the loop.
fn find_key(
    key: &Term,
    values: &Values,
    others: &Values,
    line: i64,
) -> Result<Option<(Values, Values)>, Exception> {
    let (items, tail) = values;
    let at = items
        .iter()
        .position(|v| v == key || matches!(v.as_tuple(), Some([k, _]) if k == key));
    let Some(at) = at else {
        if *tail == Term::Nil {
            return Ok(None);
        }
        let mut seen: Vec<Term> = items.iter().rev().cloned().collect();
        seen.extend_from_slice(&others.0);
        let acc = List::from_vec(seen, others.1.clone());
        let e = function_clause(&FIND_KEY, vec![key.clone(), tail.clone(), acc]);
        return Err(add_frame(e, frame("validate", 5, line)));
    };
    let mut before: Vec<Term> = items[..at].iter().rev().cloned().collect();
    before.extend_from_slice(&others.0);
    let after = (items[at + 1..].to_vec(), tail.clone());
    Ok(Some((after, (before, others.1.clone()))))
}

/// `move_pairs!/2`: the defaults of `values` put before `acc`, each in
/// turn (so latest first); a value that is neither an atom nor a pair
/// with an atom key, or an improper tail, is an error.
fn move_pairs(values: &Values, mut acc: VecDeque<Term>) -> Result<VecDeque<Term>, Exception> {
    let in_loop = |e| add_frame(e, frame("validate", 5, 273));
    for v in &values.0 {
        match v {
            Term::Atom(_) => {}
            _ if matches!(v.as_tuple(), Some([Term::Atom(_), _])) => acc.push_front(v.clone()),
            other => {
                let message = format!(
                    "expected the second argument to be a list of atoms or tuples, got: {}",
                    inspect(other)
                );
                let e = argument_error(&message, vec![frame("move_pairs!", 2, 300)]);
                return Err(in_loop(e));
            }
        }
    }
    if values.1 != Term::Nil {
        let args = vec![values.1.clone(), Term::list(acc.into())];
        return Err(in_loop(function_clause(&MOVE_PAIRS, args)));
    }
    Ok(acc)
}

/// No clause of the loop takes `rest` (an improper tail, or an entry
/// that is no pair after a bad key).
fn loop_clause(
    rest: Term,
    values1: &Values,
    values2: &Values,
    acc: &VecDeque<Term>,
    bad: &VecDeque<Term>,
) -> Exception {
    let args = vec![
        rest,
        List::from_vec(values1.0.clone(), values1.1.clone()),
        List::from_vec(values2.0.clone(), values2.1.clone()),
        Term::list(acc.iter().cloned().collect()),
        Term::list(bad.iter().cloned().collect()),
    ];
    function_clause(&VALIDATE_LOOP, args)
}

/// A list's elements and its tail (`[]` for a proper list).
pub(super) fn split(list: &Term) -> (Vec<Term>, Term) {
    match list {
        Term::List(l) => {
            let (items, tail) = l.split_improper();
            (items, tail.unwrap_or(Term::Nil))
        }
        _ => (Vec::new(), Term::Nil),
    }
}
