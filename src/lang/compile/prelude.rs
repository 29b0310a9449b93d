//! The prelude: `Enum.each/2`, `map/2`, `reduce/3`, `filter/2` and
//! `reject/2` written in Elixir (`src/lang/stdlib/prelude.ex`) and compiled
//! once per run into a unit of their own. The compiler sends calls of these
//! functions here, so that a lambda applied to each element runs as a frame
//! of the same machine: no machine per element, and suspension and deep
//! recursion inside it behave as anywhere else.

use super::code::Kind;
use super::{Compiler, Unit};
use crate::lang::ast::{Ast, Clause, Node};
use crate::lang::eval::{keyword_block, Scope};
use crate::runtime::Ctx;
use crate::term::Atom;
use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock};

const SOURCE: &str = include_str!("../stdlib/prelude.ex");

/// The compiled prelude and its public functions' codes.
pub struct Prelude {
    /// The unit.
    pub unit: Arc<Unit>,
    public: FxHashMap<(Atom, usize), u32>,
}

static PRELUDE: OnceLock<Option<Prelude>> = OnceLock::new();

/// The prelude's code for `Enum.fun/arity`, if it has one.
pub fn lookup(cx: &Ctx, fun: Atom, arity: usize) -> Option<u32> {
    let prelude = PRELUDE.get_or_init(|| compile(cx)).as_ref()?;
    prelude.public.get(&(fun, arity)).copied()
}

/// The compiled prelude (after a [`lookup`] found a function in it).
pub fn unit() -> Option<&'static Arc<Unit>> {
    PRELUDE.get()?.as_ref().map(|p| &p.unit)
}

fn compile(cx: &Ctx) -> Option<Prelude> {
    let ast = crate::lang::parser::parse(SOURCE, 1).ok()?;
    let functions = definitions(&ast)?;
    let scope = Scope::new("lib/enum.ex", None);
    let own: FxHashMap<(Atom, usize), u32> = functions
        .iter()
        .enumerate()
        .map(|(i, (name, arity, _, _))| ((*name, *arity), i as u32))
        .collect();
    let mut c = Compiler {
        cx,
        scope: &scope,
        own,
        codes: functions.iter().map(|_| None).collect(),
        intrinsics: false,
        module_functions: false,
        whole: None,
    };
    let mut public = FxHashMap::default();
    for (i, (name, arity, private, clauses)) in functions.iter().enumerate() {
        let kind = Kind::Library { name: *name };
        let code = super::function_of_kind(&mut c, kind, *arity, clauses).ok()?;
        c.codes[i] = Some(code);
        if !private {
            public.insert((*name, *arity), i as u32);
        }
    }
    let unit = super::finish(c.codes, &scope, false).ok()?;
    Some(Prelude { unit, public })
}

/// The `def`s and `defp`s of the source, each function's clauses together.
#[allow(clippy::type_complexity)]
fn definitions(ast: &Ast) -> Option<Vec<(Atom, usize, bool, Vec<Clause>)>> {
    let items = match &ast.kind {
        Node::Block(items) => items.clone(),
        _ => vec![ast.clone()],
    };
    let mut out: Vec<(Atom, usize, bool, Vec<Clause>)> = Vec::new();
    for item in &items {
        let kind = item.local_name()?;
        let [head, body] = &item.as_call()?.args[..] else {
            return None;
        };
        let (name, params, guard) = crate::lang::module::define::split_head(head)?;
        let clause = Clause {
            patterns: params,
            guard,
            body: keyword_block(body, "do")?.clone(),
            span: item.span,
        };
        let (name, arity) = (Atom::new(&name), clause.patterns.len());
        match out
            .iter_mut()
            .find(|(n, a, _, _)| *n == name && *a == arity)
        {
            Some(f) => f.3.push(clause),
            None => out.push((name, arity, kind == "defp", vec![clause])),
        }
    }
    Some(out)
}
