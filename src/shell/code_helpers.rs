//! The helpers about code: `c/1,2` compiles files, `r/1` recompiles a
//! module's file, `h/1` shows a module's or function's documentation,
//! `exports/1` lists what a module exports, as IEx 1.14 prints them.

use crate::lang::module::{load, UserModule};
use crate::otp::logger::Console;
use crate::runtime::Ctx;
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Term};
use std::path::PathBuf;

/// `c(file_or_files)`.
pub async fn c(cx: &mut Ctx, files: &Term) -> Result<Term, Exception> {
    let paths: Vec<PathBuf> = match files {
        Term::Binary(b) => vec![PathBuf::from(String::from_utf8_lossy(b).into_owned())],
        other => other
            .list_to_vec()
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f.as_str().map(PathBuf::from))
            .collect(),
    };
    load::compile_files(cx, &paths).await
}

/// `r(module)`.
pub async fn r(cx: &mut Ctx, module: &Term) -> Result<Term, Exception> {
    match module.as_atom() {
        Some(m) => load::recompile_module(cx, m).await,
        None => Err(Exception::argument_error(&format!(
            "could not load nor find module: {}",
            inspect(module)
        ))),
    }
}

/// `exports(module)`: the functions in columns, as IEx's `print_table`.
pub fn exports(cx: &Ctx, module: &Term) -> Result<Term, Exception> {
    let Some(m) = module.as_atom().and_then(|m| cx.node().module(m)) else {
        return Err(Exception::argument_error(&format!(
            "module {} is not available",
            inspect(module)
        )));
    };
    let mut funs: Vec<(Atom, usize)> = m.exports();
    funs.retain(|(f, _)| !matches!(f.name(), "__info__" | "module_info"));
    funs.sort_by(|a, b| (a.0.name(), a.1).cmp(&(b.0.name(), b.1)));
    funs.dedup();
    // IEx lists a module's macros first.
    if let Some(u) = m.as_any().and_then(|a| a.downcast_ref::<UserModule>()) {
        let mut with_macros = u.macros();
        with_macros.extend(funs);
        funs = with_macros;
    }
    let names: Vec<String> = funs
        .iter()
        .map(|(f, a)| format!("{}/{a}", f.name()))
        .collect();
    Console::of(cx.node()).write(&table(&names));
    Ok(Term::Atom(super::helpers::dont_display()))
}

/// Items in columns of the longest item's width (at most 30) plus 4,
/// a new line once a line reaches 80 characters.
fn table(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let offset = items
        .iter()
        .map(|i| i.chars().count())
        .max()
        .unwrap_or(0)
        .min(30)
        + 4;
    let mut out = String::new();
    let mut length = 0;
    for item in items {
        if length >= 80 {
            out.push('\n');
            length = 0;
        }
        let printed = format!("{item:<offset$}");
        length += printed.chars().count() + 1;
        out.push_str(&printed);
        out.push(' ');
    }
    out.push('\n');
    out
}

/// What `h` was given: a module, `Mod.fun` or `Mod.fun/arity`.
pub enum Subject {
    /// `h Mod`.
    Module(Atom),
    /// `h Mod.fun` (any arity) or `h Mod.fun/arity`.
    Function(Atom, Atom, Option<usize>),
}

/// `h subject`: the documentation, or why there is none.
pub fn h(cx: &Ctx, subject: &Subject) -> Term {
    let console = Console::of(cx.node());
    let module = match subject {
        Subject::Module(m) | Subject::Function(m, _, _) => *m,
    };
    let Some(loaded) = cx.node().module(module) else {
        console.write(&format!(
            "Could not load module {}, got: nofile\n",
            module.module_display()
        ));
        return Term::atom(atom::OK);
    };
    let user = loaded.as_any().and_then(|a| a.downcast_ref::<UserModule>());
    let text = match user {
        Some(u) if u.has_docs() => docs_of(u, subject),
        Some(u) => format!(
            "{} was not compiled with docs\n",
            u.module_name().module_display()
        ),
        None => match subject {
            Subject::Module(m) => {
                format!("No documentation for {} was found\n", m.module_display())
            }
            Subject::Function(m, f, a) => not_found(*m, *f, *a),
        },
    };
    console.write(&text);
    Term::atom_named("ok")
}

fn not_found(m: Atom, f: Atom, arity: Option<usize>) -> String {
    let arity = arity.map(|a| format!("/{a}")).unwrap_or_default();
    format!(
        "No documentation for {}.{}{arity} was found\n",
        m.module_display(),
        f.name()
    )
}

/// The docs of a module compiled with them, laid out as IEx prints them
/// without ANSI colours: a heading, then the text indented by two spaces.
fn docs_of(u: &UserModule, subject: &Subject) -> String {
    match subject {
        Subject::Module(m) => match &u.moduledoc {
            Some(doc) => format!("\n{}\n\n{}\n", heading(&m.module_display()), indent(doc)),
            None => format!("No moduledoc for {} was found\n", m.module_display()),
        },
        Subject::Function(m, f, arity) => {
            let funs: Vec<_> = u
                .functions()
                .into_iter()
                .filter(|fun| {
                    !fun.private && fun.name == *f && arity.is_none_or(|a| a == fun.arity)
                })
                .collect();
            if funs.is_empty() {
                return not_found(*m, *f, *arity);
            }
            let mut out = String::new();
            for fun in funs {
                let head = crate::lang::module::signature(fun);
                out.push_str(&format!("\n{}\n\n", heading(&format!("def {head}"))));
                if let Some(doc) = &fun.doc {
                    out.push_str(&indent(doc));
                    out.push('\n');
                }
            }
            out
        }
    }
}

fn heading(text: &str) -> String {
    let width: usize = 80;
    let pad = width.saturating_sub(text.chars().count()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// A doc's Markdown as IEx shows it in a terminal: inline code and bold
/// lose their markers (IEx colours them instead), code blocks and headings
/// stay as written.
fn indent(doc: &str) -> String {
    let mut in_fence = false;
    doc.trim_end()
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if in_fence || l.starts_with("    ") {
                l.to_owned()
            } else {
                l.replace("**", "").replace('`', "")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
