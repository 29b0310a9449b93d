//! Code from files, as iex's helpers load it: `c("lib/kv.ex")` compiles a
//! file and answers the modules it defined, `r(KV)` compiles again the file
//! a module came from, `import_file("setup.exs")` evaluates a file as if its
//! lines were typed at the prompt.

use super::UserModule;
use crate::lang::ast::{Ast, ParseError};
use crate::lang::eval::{self, Env, Scope};
use crate::lang::parser;
use crate::runtime::Ctx;
use crate::term::exception::exception_struct;
use crate::term::{Atom, Exception, Term};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file is named in messages and stack frames: relative to the
/// working directory when it is under it, as Elixir shows paths.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Reads and parses a file; errors are the exceptions Elixir raises.
pub fn read(path: &Path, file: &str) -> Result<(String, Ast), Exception> {
    let text = std::fs::read_to_string(path).map_err(|e| file_error(path, &e))?;
    let ast = parser::parse(&text, 1).map_err(|e| parse_exception(&e, &text, file))?;
    Ok((text, ast))
}

/// Evaluates the file at `path` in a fresh process scope; the modules it defined.
pub async fn compile_file(cx: &mut Ctx, path: &Path) -> Result<Vec<Atom>, Exception> {
    let (defined, result) = compile_file_partly(cx, path).await;
    result.map(|()| defined)
}

/// Evaluates the file at `path`: the modules it defined, even when it
/// then failed, and how it ended.
pub async fn compile_file_partly(cx: &mut Ctx, path: &Path) -> (Vec<Atom>, Result<(), Exception>) {
    let file = display_path(path);
    let ast = match read(path, &file) {
        Ok((_, ast)) => ast,
        Err(e) => return (Vec::new(), Err(e)),
    };
    let scope = Scope::for_file(&file, path);
    let mut env = Env::new();
    let result = eval::eval_input(cx, &scope, &mut env, &ast)
        .await
        .map(|_| ());
    let defined = scope.defined.lock().clone();
    (defined, result)
}

/// Modules whose next definition is no redefinition to warn about: a
/// project's file compiled again after it stopped half-way.
#[derive(Default)]
pub struct Recompiling(pub parking_lot::Mutex<Vec<Atom>>);

/// `c(files)`: compiles each file; `ArgumentError` names those missing.
pub async fn compile_files(cx: &mut Ctx, paths: &[PathBuf]) -> Result<Term, Exception> {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if !missing.is_empty() {
        return Err(Exception::argument_error(&format!(
            "could not find files {}",
            missing.join(", ")
        )));
    }
    let mut modules = Vec::new();
    for p in paths {
        modules.extend(compile_file(cx, p).await?);
    }
    Ok(Term::list(modules.into_iter().map(Term::Atom).collect()))
}

/// `r(Module)`: compiles again the file `module` was defined in.
pub async fn recompile_module(cx: &mut Ctx, module: Atom) -> Result<Term, Exception> {
    let Some(loaded) = cx.node().module(module) else {
        return Err(Exception::argument_error(&format!(
            "could not load nor find module: {}",
            module.module_display()
        )));
    };
    let source = loaded
        .as_any()
        .and_then(|a| a.downcast_ref::<UserModule>())
        .and_then(|m| m.source.clone());
    let Some(path) = source.filter(|p| p.exists()) else {
        let cwd = std::env::current_dir().unwrap_or_default();
        return Err(Exception::argument_error(&format!(
            "could not find source ({}) for module: {}",
            cwd.join("iex").display(),
            module.module_display()
        )));
    };
    let modules = compile_file(cx, &path).await?;
    Ok(Term::tuple([
        Term::atom_named("reloaded"),
        Term::list(modules.into_iter().map(Term::Atom).collect()),
    ]))
}

/// `import_file(path)`: the file's code evaluated in the shell's own scope
/// and bindings, as if typed.
pub async fn import_file(
    cx: &mut Ctx,
    scope: &Arc<Scope>,
    env: &mut Env,
    path: &Path,
) -> Result<Term, Exception> {
    let absolute = std::env::current_dir().unwrap_or_default().join(path);
    let text = std::fs::read_to_string(&absolute).map_err(|e| file_error(&absolute, &e))?;
    let ast =
        parser::parse(&text, 1).map_err(|e| parse_exception(&e, &text, &display_path(path)))?;
    enter_file(cx)?;
    let r = eval::eval_input(cx, scope, env, &ast).await;
    cx.leave();
    r
}

/// One file deeper (leave with `cx.leave()`): a file that loads itself
/// ends in `SystemLimitError` rather than nesting without bound.
pub fn enter_file(cx: &mut Ctx) -> Result<(), Exception> {
    const MAX_FILES_DEEP: u32 = 200;
    if cx.enter() > MAX_FILES_DEEP {
        cx.leave();
        return Err(Exception::error(exception_struct(
            Atom::module("SystemLimitError"),
            vec![("message", Term::string("a system limit has been reached"))],
        )));
    }
    Ok(())
}

/// `File.Error` for a file that cannot be read.
fn file_error(path: &Path, e: &std::io::Error) -> Exception {
    crate::lang::stdlib::errors::file_error(&path.to_string_lossy(), "read file", e)
}

/// The exception a syntax error in a file raises.
pub fn parse_exception(e: &ParseError, source: &str, file: &str) -> Exception {
    let text = parser::format_error(e, source, file, 1);
    let (kind, rest) = text
        .strip_prefix("** (")
        .and_then(|t| t.split_once(") "))
        .unwrap_or(("SyntaxError", &text));
    Exception::error(exception_struct(
        Atom::module(kind),
        vec![("message", Term::string(rest))],
    ))
}
