//! `Registry.select/2`: match specifications over `{key, pid, value}`.
//!
//! Supported: heads made of `:"$N"` variables, `:_` and literal terms
//! (tuples matched element by element); an empty guard list; bodies built
//! from variables, `:"$_"`, `:"$$"`, literals and `{{...}}` tuple constructors.

use super::table::Table;
use crate::term::{Exception, Term};
use std::collections::HashMap;

/// Runs the match spec over every entry of the table.
pub(super) fn select(table: &Table, spec: &Term) -> Result<Term, Exception> {
    let clauses = spec.list_to_vec().ok_or_else(|| invalid(spec))?;
    let mut out = Vec::new();
    for (key, pid, value) in table.all() {
        let object = Term::tuple([key, Term::Pid(pid), value]);
        for clause in &clauses {
            let Some([head, guards, body]) = clause.as_tuple() else {
                return Err(invalid(spec));
            };
            if guards.list_to_vec().is_some_and(|g| !g.is_empty()) {
                return Err(invalid(spec));
            }
            let mut vars = HashMap::new();
            if matches(head, &object, &mut vars) {
                let body = body.list_to_vec().ok_or_else(|| invalid(spec))?;
                if let Some(last) = body.last() {
                    out.push(build(last, &object, &vars));
                }
                break;
            }
        }
    }
    Ok(Term::list(out))
}

fn invalid(spec: &Term) -> Exception {
    Exception::argument_error(&format!(
        "invalid match specification: {}",
        crate::term::inspect::inspect(spec)
    ))
}

fn var_index(t: &Term) -> Option<u32> {
    t.as_atom()?.name().strip_prefix('$')?.parse().ok()
}

fn matches(pattern: &Term, value: &Term, vars: &mut HashMap<u32, Term>) -> bool {
    if pattern.is_atom(crate::atom!("_")) {
        return true;
    }
    if let Some(i) = var_index(pattern) {
        return match vars.get(&i) {
            Some(bound) => bound == value,
            None => {
                vars.insert(i, value.clone());
                true
            }
        };
    }
    match (pattern, value) {
        (Term::Tuple(p), Term::Tuple(v)) if p.len() == v.len() => {
            p.iter().zip(v.iter()).all(|(p, v)| matches(p, v, vars))
        }
        _ => pattern == value,
    }
}

fn build(expr: &Term, object: &Term, vars: &HashMap<u32, Term>) -> Term {
    if expr.is_atom(crate::atom!("$_")) {
        return object.clone();
    }
    if expr.is_atom(crate::atom!("$$")) {
        let mut keys: Vec<&u32> = vars.keys().collect();
        keys.sort();
        return Term::list(keys.into_iter().map(|k| vars[k].clone()).collect());
    }
    if let Some(i) = var_index(expr) {
        return vars.get(&i).cloned().unwrap_or_else(|| expr.clone());
    }
    match expr {
        Term::Tuple(t) if t.len() == 1 => match &t[0] {
            Term::Tuple(inner) => Term::tuple(
                inner
                    .iter()
                    .map(|e| build(e, object, vars))
                    .collect::<Vec<_>>(),
            ),
            other => build(other, object, vars),
        },
        Term::List(_) => Term::list(
            expr.list_to_vec()
                .unwrap_or_default()
                .iter()
                .map(|e| build(e, object, vars))
                .collect(),
        ),
        other => other.clone(),
    }
}
