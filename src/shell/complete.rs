//! Tab completion, as IEx completes: `Mod.fun` (shown as `fun/arity`),
//! module names, variables in scope and local functions, `:registered` names.

use crate::lang::eval::Env;
use crate::runtime::Node;
use crate::term::Atom;
use parking_lot::Mutex;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::sync::Arc;

/// The completer the line editor uses.
pub struct IexHelper {
    node: Arc<Node>,
    env: Arc<Mutex<Env>>,
    locals: Vec<String>,
}

impl IexHelper {
    /// Completes against `node`'s modules and the bindings in `env`;
    /// `locals` are the helper and command names available without a module.
    pub fn new(node: Arc<Node>, env: Arc<Mutex<Env>>, locals: Vec<String>) -> IexHelper {
        IexHelper { node, env, locals }
    }

    /// The candidates for the word ending at the cursor: `(start, pairs)`.
    pub fn candidates(&self, line: &str, pos: usize) -> (usize, Vec<Pair>) {
        let before = &line[..pos];
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '?' | '!' | ':')))
            .map(|i| i + 1)
            .unwrap_or(0);
        let word = &before[start..];
        if let Some((module, prefix)) = word.rsplit_once('.') {
            let offset = start + module.len() + 1;
            return (offset, self.functions_of(module, prefix));
        }
        if let Some(name) = word.strip_prefix(':') {
            return (start + 1, self.registered(name));
        }
        if word.starts_with(char::is_uppercase) {
            return (start, self.modules(word));
        }
        (start, self.locals_and_variables(word))
    }

    fn functions_of(&self, module: &str, prefix: &str) -> Vec<Pair> {
        let atom = match module.strip_prefix(':') {
            Some(erl) => Atom::new(erl),
            None => Atom::module(module),
        };
        let Some(m) = self.node.module(atom) else {
            return self.submodules(module, prefix);
        };
        let mut funs: Vec<(String, usize)> = m
            .exports()
            .into_iter()
            .filter(|(f, _)| f.name().starts_with(prefix) && !f.name().starts_with("__"))
            .map(|(f, a)| (f.name().to_owned(), a))
            .collect();
        funs.sort();
        funs.dedup();
        funs.into_iter()
            .map(|(f, a)| Pair {
                display: format!("{f}/{a}"),
                replacement: f,
            })
            .collect()
    }

    fn submodules(&self, parent: &str, prefix: &str) -> Vec<Pair> {
        let full = format!("Elixir.{parent}.{prefix}");
        let mut names: Vec<String> = self
            .node
            .loaded_modules()
            .into_iter()
            .filter_map(|m| {
                m.name()
                    .strip_prefix(&format!("Elixir.{parent}."))
                    .map(str::to_owned)
                    .filter(|_| m.name().starts_with(&full))
            })
            .map(|rest| rest.split('.').next().unwrap_or("").to_owned())
            .collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect()
    }

    fn modules(&self, prefix: &str) -> Vec<Pair> {
        let mut names: Vec<String> = self
            .node
            .loaded_modules()
            .into_iter()
            .filter_map(|m| m.name().strip_prefix("Elixir.").map(str::to_owned))
            .filter(|n| n.starts_with(prefix))
            .map(|n| n.split('.').next().unwrap_or("").to_owned())
            .collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect()
    }

    fn registered(&self, prefix: &str) -> Vec<Pair> {
        let mut names: Vec<String> = self
            .node
            .registered_names()
            .into_iter()
            .map(|a| a.name().to_owned())
            .filter(|n| n.starts_with(prefix))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| Pair {
                display: format!(":{n}"),
                replacement: n,
            })
            .collect()
    }

    fn locals_and_variables(&self, prefix: &str) -> Vec<Pair> {
        let mut names: Vec<String> = self
            .env
            .lock()
            .visible()
            .into_iter()
            .map(|(n, _)| n.name().to_owned())
            .collect();
        names.extend(self.locals.iter().cloned());
        if let Some(k) = self.node.module(Atom::module("Kernel")) {
            names.extend(
                k.exports()
                    .into_iter()
                    .map(|(f, _)| f.name().to_owned())
                    .filter(|n| n.starts_with(|c: char| c.is_alphabetic())),
            );
        }
        names.retain(|n| n.starts_with(prefix));
        names.sort();
        names.dedup();
        names
            .into_iter()
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect()
    }
}

impl Completer for IexHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(line, pos))
    }
}

impl Hinter for IexHelper {
    type Hint = String;
}

impl Highlighter for IexHelper {}

impl Validator for IexHelper {}

impl Helper for IexHelper {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Mode;

    fn helper() -> IexHelper {
        let node = Node::new(Mode::Deterministic);
        crate::otp::boot::boot(&node);
        let mut env = Env::new();
        env.bind(Atom::new("worker_pid"), crate::term::Term::int(1));
        IexHelper::new(node, Arc::new(Mutex::new(env)), vec!["flush".into()])
    }

    fn shown(pairs: &[Pair]) -> Vec<String> {
        pairs.iter().map(|p| p.display.clone()).collect()
    }

    #[test]
    fn a_module_s_functions_complete_with_their_arities() {
        let (start, pairs) = helper().candidates("DynamicSupervisor.start_", 24);
        assert_eq!(start, 18);
        assert_eq!(
            shown(&pairs),
            vec![
                "start_child/2",
                "start_link/1",
                "start_link/2",
                "start_link/3"
            ]
        );
    }

    #[test]
    fn module_names_and_variables_complete() {
        let h = helper();
        assert_eq!(shown(&h.candidates("Dyn", 3).1), vec!["DynamicSupervisor"]);
        assert_eq!(shown(&h.candidates("x = work", 8).1), vec!["worker_pid"]);
        assert_eq!(shown(&h.candidates("flu", 3).1), vec!["flush"]);
    }
}
