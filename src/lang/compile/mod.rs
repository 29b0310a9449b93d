//! The compile stage: syntax trees (parsed and expanded) become [`Unit`]s of
//! register code that the machine in [`crate::lang::run`] executes.
//!
//! ```text
//! parse --> expand --> compile --> run
//!   Ast       Ast        Unit      Term
//! ```
//!
//! Compiling resolves, once, what the tree-walking evaluator looks up on
//! every step: variables become registers, patterns and guards become
//! matchers over registers, local calls find their function (the unit's
//! own, a helper, an import, `Kernel`), aliases and `__MODULE__` become
//! atoms, and calls in tail position become tail calls.
//!
//! Macro calls reach the compiler already expanded (see
//! [`crate::lang::expand::Macros`]). Forms the compiler does not handle
//! (a macro call expansion left alone, code Elixir would reject such as a
//! bitstring segment it refuses, which the evaluator reports as iex does) stay in the tree and run through the
//! evaluator from inside compiled code (a [`code::Op::Fallback`]), with the
//! variables they read; a form that would bind variables for the code
//! after it (a directive at the prompt) makes the whole unit fall back
//! instead ([`Unsupported`]).

mod builder;
pub mod code;
mod comprehension;
mod edit;
mod expr;
mod fuse;
mod guard;
mod liveness;
mod pattern;
mod peephole;
pub mod prelude;
pub mod verify;

pub use code::{Kind, Unit};

use crate::lang::ast::{Ast, Clause};
use crate::lang::eval::Scope;
use crate::runtime::Ctx;
use crate::term::Atom;
use builder::Builder;
use code::{Callee, Code, Failure, Op};
use expr::Compiler;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The compiler cannot compile this code: it runs in the evaluator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

/// Compiles a shell input (or script expression). Its code takes the
/// variables `bound` as arguments, in that order, and lists in its
/// `exports` the variables it leaves bound.
pub fn input(
    cx: &Ctx,
    scope: &Arc<Scope>,
    bound: &[Atom],
    ast: &Ast,
) -> Result<Arc<Unit>, Unsupported> {
    let mut c = Compiler {
        cx,
        scope,
        own: FxHashMap::default(),
        codes: vec![None],
        intrinsics: true,
        module_functions: false,
        whole: Some(ast),
    };
    let mut b = Builder::new(Kind::Input, bound.len(), Vec::new())?;
    for (i, name) in bound.iter().enumerate() {
        b.bind(*name, i as u16);
    }
    b.line = ast.span.line;
    let dst = b.reg()?;
    // Not a tail position: the input's frame must stay to export its bindings.
    c.value(&mut b, ast, dst)?;
    b.emit(Op::Return { src: dst });
    b.code.exports = b.bindings();
    c.codes[0] = Some(b.code);
    finish(c.codes, scope, false)
}

/// One function of a module to compile.
pub struct FunctionSource<'a> {
    /// Its name.
    pub name: Atom,
    /// Its arity.
    pub arity: usize,
    /// Its clauses; `None` when it cannot be compiled (a native body).
    pub clauses: Option<&'a [Clause]>,
}

/// Compiles a module's functions into one unit, so that they call each
/// other directly. Returns the unit and, per function, its code's index
/// (`None`: it runs in the evaluator; compiled neighbours call it there).
pub fn module(
    cx: &Ctx,
    scope: &Arc<Scope>,
    module: Atom,
    functions: &[FunctionSource],
) -> (Arc<Unit>, Vec<Option<u32>>) {
    let own: FxHashMap<(Atom, usize), u32> = functions
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.name, f.arity), i as u32))
        .collect();
    let mut c = Compiler {
        cx,
        scope,
        own,
        codes: functions.iter().map(|_| None).collect(),
        intrinsics: true,
        module_functions: true,
        whole: None,
    };
    let mut indices = Vec::with_capacity(functions.len());
    for (i, f) in functions.iter().enumerate() {
        let compiled = f
            .clauses
            .ok_or(Unsupported)
            .and_then(|clauses| function(&mut c, module, f, clauses));
        let code = match compiled {
            Ok(code) => {
                indices.push(Some(i as u32));
                code
            }
            Err(Unsupported) => {
                indices.push(None);
                stub(module, f.name, f.arity)
            }
        };
        c.codes[i] = Some(code);
    }
    match finish(c.codes, scope, true) {
        Ok(unit) => (unit, indices),
        Err(Unsupported) => (
            Unit::new(Vec::new(), scope.clone(), true),
            functions.iter().map(|_| None).collect(),
        ),
    }
}

fn function(
    c: &mut Compiler,
    module: Atom,
    f: &FunctionSource,
    clauses: &[Clause],
) -> Result<Code, Unsupported> {
    let line = clauses.first().map(|c| c.span.line).unwrap_or(0);
    let kind = Kind::Function {
        module,
        name: f.name,
        line,
    };
    // An `import` inside the function applies to the rest of it only: the
    // compiler applies it as it meets it, and it is taken back here.
    let imports = c.scope.imports.lock().clone();
    let code = function_of_kind(c, kind, f.arity, clauses);
    *c.scope.imports.lock() = imports;
    code
}

/// Compiles a function's clauses as a code of `kind`.
fn function_of_kind(
    c: &mut Compiler,
    kind: Kind,
    arity: usize,
    clauses: &[Clause],
) -> Result<Code, Unsupported> {
    let mut b = Builder::new(kind, arity, Vec::new())?;
    // Lambdas compiled before a failure would be orphans: keep the unit's
    // codes as they were if this function gives up.
    let before = c.codes.len();
    let r = c.clauses(&mut b, clauses, Failure::FunctionClause);
    if r.is_err() {
        c.codes.truncate(before);
    }
    r.map(|()| b.code)
}

/// A function the compiler left to the evaluator: a tail call to it there.
fn stub(module: Atom, name: Atom, arity: usize) -> Code {
    let mut b = Builder::new(
        Kind::Function {
            module,
            name,
            line: 0,
        },
        arity,
        Vec::new(),
    )
    .expect("an arity that fits");
    b.code.calls.push(Callee::Private(module, name));
    let dst = b.reg().expect("a register");
    b.emit(Op::Call {
        callee: 0,
        start: 0,
        n: arity as u16,
        dst,
        tail: true,
        frame: code::WHOLE_WINDOW,
    });
    b.code
}

fn finish(
    codes: Vec<Option<Code>>,
    scope: &Arc<Scope>,
    module_functions: bool,
) -> Result<Arc<Unit>, Unsupported> {
    let mut codes = codes
        .into_iter()
        .map(|c| c.ok_or(Unsupported))
        .collect::<Result<Vec<Code>, Unsupported>>()?;
    for (own, code) in codes.iter_mut().enumerate() {
        peephole::direct_calls(code, own as u32);
    }
    codes.iter_mut().for_each(liveness::annotate);
    for code in codes.iter_mut() {
        if peephole::args_in_place(code) {
            liveness::annotate(code);
        }
    }
    codes.iter_mut().for_each(fuse::fuse);
    codes.iter_mut().for_each(liveness::mark_matches_apart);
    let units_codes = codes.len();
    let sound = |c: &Code| {
        verify::registers_in_bounds(c)
            && verify::labels_in_bounds(c)
            && verify::calls_in_bounds(c, units_codes)
    };
    if !codes.iter().all(sound) {
        debug_assert!(
            false,
            "compiled code names a register or label outside its bounds"
        );
        return Err(Unsupported);
    }
    Ok(Unit::new(codes, scope.clone(), module_functions))
}
