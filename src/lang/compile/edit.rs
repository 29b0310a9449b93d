//! Editing a code's instructions once they are made: which ones control
//! reaches other than from the one before, and removing some while every
//! jump still lands where it meant.

use super::code::{Code, Label};
use super::liveness::successors;

/// For each instruction, true when control may come to it other than from
/// the one before.
pub fn jump_targets(code: &Code) -> Vec<bool> {
    let mut targets = vec![false; code.ops.len() + 1];
    let mut mark = |l: Label| {
        if let Some(t) = targets.get_mut(l as usize) {
            *t = true;
        }
    };
    for (i, op) in code.ops.iter().enumerate() {
        successors(op, i)
            .into_iter()
            .filter(|&s| s != i + 1 && s != usize::MAX)
            .for_each(|s| mark(s as Label));
    }
    for site in &code.receives {
        site.clauses.iter().for_each(|(_, _, body)| mark(*body));
        site.after.iter().for_each(|(_, body)| mark(*body));
    }
    targets
}

/// Removes the instructions `keep` does not keep, and points every jump at
/// the instruction it meant (the one after a removed one, for a jump to it).
pub fn remove(code: &mut Code, keep: &[bool]) {
    if keep.iter().all(|k| *k) {
        return;
    }
    // new_index[i]: where instruction i (or the one after it, if i goes) ends up.
    let mut new_index = Vec::with_capacity(keep.len() + 1);
    let mut next = 0;
    for k in keep {
        new_index.push(next);
        next += *k as Label;
    }
    new_index.push(next);
    // A label past the code is left as it is, for `verify` to refuse.
    let remap = |l: &mut Label| {
        if let Some(to) = new_index.get(*l as usize) {
            *l = *to;
        }
    };
    let ops = std::mem::take(&mut code.ops);
    let lines = std::mem::take(&mut code.lines);
    for ((mut op, line), k) in ops.into_iter().zip(lines).zip(keep) {
        if *k {
            if let Some(l) = op.label_mut() {
                remap(l);
            }
            code.ops.push(op);
            code.lines.push(line);
        }
    }
    for site in &mut code.receives {
        site.clauses.iter_mut().for_each(|(_, _, body)| remap(body));
        if let Some((_, body)) = &mut site.after {
            remap(body);
        }
    }
}
