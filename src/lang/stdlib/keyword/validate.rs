//! `Keyword.validate/2` and `validate!/2`: a keyword list checked against
//! the keys allowed, with defaults for the keys missing.
//!
//! Written as Elixir 1.14 writes it, so that the order of the result, the
//! bad keys reported (latest first) and the errors are the same: each
//! given key is looked for among the allowed ones not seen yet, and a key
//! given twice is not found the second time.

use super::{frame, R};
use crate::lang::stdlib::errors::{add_frame, argument_error, function_clause, Def};
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
    let allowed: Vec<Term> = a[1]
        .list_to_vec()
        .unwrap_or_default()
        .into_iter()
        .map(|v| match v.as_tuple() {
            Some([k, ..]) => k.clone(),
            _ => v,
        })
        .collect();
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
    let (mut values1, mut values2) = (split(values).0, Vec::new());
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
        if let Some(found) = find_key(key, &values1, &values2) {
            (values1, values2) = found;
        } else if let Some((v1, v2)) = find_key(key, &values2, &values1) {
            (values1, values2) = (v1, v2);
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

/// `find_key!/3`: `key` (or `{key, default}`) found in `values`: the
/// values after it, and those before it (latest first) put before `others`.
fn find_key(key: &Term, values: &[Term], others: &[Term]) -> Option<(Vec<Term>, Vec<Term>)> {
    let at = values
        .iter()
        .position(|v| v == key || matches!(v.as_tuple(), Some([k, _]) if k == key))?;
    let mut before: Vec<Term> = values[..at].iter().rev().cloned().collect();
    before.extend_from_slice(others);
    Some((values[at + 1..].to_vec(), before))
}

/// `move_pairs!/2`: the defaults of `values` put before `acc`, each in
/// turn (so latest first); a value that is neither an atom nor a pair
/// with an atom key is an error.
fn move_pairs(values: &[Term], mut acc: VecDeque<Term>) -> Result<VecDeque<Term>, Exception> {
    for v in values {
        match v {
            Term::Atom(_) => {}
            _ if matches!(v.as_tuple(), Some([Term::Atom(_), _])) => acc.push_front(v.clone()),
            other => {
                let message = format!(
                    "expected the second argument to be a list of atoms or tuples, got: {}",
                    inspect(other)
                );
                let frames = vec![frame("move_pairs!", 2, 300), frame("validate", 5, 273)];
                return Err(argument_error(&message, frames));
            }
        }
    }
    Ok(acc)
}

/// No clause of the loop takes `rest` (an improper tail, or an entry
/// that is no pair after a bad key).
fn loop_clause(
    rest: Term,
    values1: &[Term],
    values2: &[Term],
    acc: &VecDeque<Term>,
    bad: &VecDeque<Term>,
) -> Exception {
    let args = vec![
        rest,
        Term::list(values1.to_vec()),
        Term::list(values2.to_vec()),
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
