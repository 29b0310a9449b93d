//! `riex -S mix`: a Mix project's code, loaded as `iex -S mix` loads it.
//!
//! riex reads mix.exs (`project/0`, `application/0`), evaluates
//! config/config.exs and config/runtime.exs into the application environment, compiles every
//! `.ex` file under the project's `elixirc_paths` (lib/ by default) in an
//! order that works whatever the order of the files, and starts the
//! application by calling the `start/2` that `application/0`'s `mod:` names.
//! What it prints follows Mix: `Compiling 3 files (.ex)` and
//! `Generated kv app` when the sources changed since the last run (riex keeps
//! its own manifest in `_build/riex/`), Mix's errors otherwise.
//! `recompile()` compiles again the files changed since.

use crate::lang::module::{load, UserModule};
use crate::lang::stdlib::config::ConfigDir;
use crate::otp::logger::Console;
use crate::runtime::{Ctx, Node};
use crate::term::exception::format_banner;
use crate::term::inspect::inspect;
use crate::term::{Atom, Exception, Kind, Term};
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The project riex was started in, for `recompile/0`.
#[derive(Default)]
pub struct Project {
    inner: Mutex<Option<Loaded>>,
    /// The module mix.exs defines (the one with `project/0`).
    mix_module: Mutex<Option<Atom>>,
}

#[derive(Clone)]
struct Loaded {
    root: PathBuf,
    paths: Vec<PathBuf>,
    /// The content hash of every source file as last compiled.
    digests: BTreeMap<PathBuf, u64>,
}

const NO_MIX: &str = "** (Mix) \"mix\" with no arguments must be executed in a directory with a mix.exs file

Usage: mix [task]

Examples:

    mix             - Invokes the default task (mix run) in a project
    mix new PATH    - Creates a new Elixir project at the given path
    mix help        - Lists all available tasks
    mix help TASK   - Prints documentation for a given task

The --help and --version options can be given instead of a task for usage and versioning information.
";

/// Loads and starts the project in `root`; on failure, the exit status
/// after printing Mix's error.
pub async fn start(node: &Arc<Node>, root: &Path) -> Result<(), i32> {
    if !root.join("mix.exs").exists() {
        eprint!("{NO_MIX}");
        return Err(1);
    }
    let root = root.to_path_buf();
    let console = Console::of(node);
    let result = node
        .run(move |mut cx| async move { load_project(&mut cx, &root).await })
        .await;
    node.until_quiet_or_busy_for(super::session::SETTLE_SLICES, super::session::SETTLE_TIME)
        .await;
    match result {
        Ok(()) => Ok(()),
        Err(text) => {
            console.write(&text);
            Err(1)
        }
    }
}

async fn load_project(cx: &mut Ctx, root: &Path) -> Result<(), String> {
    let project = read_mix_exs(cx, root).await?;
    let Some(app) = keyword_atom(&project, "app") else {
        return Err("** (Mix) Cannot access build without an application name, please ensure you are in a directory with a mix.exs file and it defines an :app name under the project configuration\n".into());
    };
    check_deps(&project)?;
    read_config(cx, root, &project).await?;
    let paths = source_paths(root, &project);
    let mut loaded = Loaded {
        root: root.to_path_buf(),

        paths,
        digests: BTreeMap::new(),
    };
    let files = loaded.sources();
    let previous = read_manifest(root);
    let changed = files
        .iter()
        .filter(|f| previous.get(*f) != Some(&digest(f)))
        .count();
    let console = Console::of(cx.node());
    if changed > 0 {
        console.write(&compiling_line(changed));
    }
    compile_all(cx, &files).await.inspect_err(|_| {
        if changed == 0 {
            console.write(&compiling_line(files.len()));
        }
    })?;
    if changed > 0 || previous.len() != files.len() {
        console.write(&format!("Generated {} app\n", app.name()));
    }
    for f in &files {
        loaded.digests.insert(f.clone(), digest(f));
    }
    write_manifest(root, &loaded.digests);
    cx.node()
        .extension::<Project>()
        .inner
        .lock()
        .replace(loaded);
    let module = app_module(cx).await?;
    start_application(cx, &module, app).await
}

/// Evaluates mix.exs; the keyword list its `project/0` returns.
async fn read_mix_exs(cx: &mut Ctx, root: &Path) -> Result<Term, String> {
    let modules = load::compile_file(cx, &root.join("mix.exs"))
        .await
        .map_err(|e| error_text(&e))?;
    for m in modules {
        if cx
            .node()
            .module(m)
            .is_some_and(|module| module.exports_fun(Atom::new("project"), 0))
        {
            *cx.node().extension::<Project>().mix_module.lock() = Some(m);
            return cx
                .apply(m, Atom::new("project"), vec![])
                .await
                .map_err(|e| error_text(&e));
        }
    }
    Err("** (Mix) Could not find a Mix.Project, please ensure you are running Mix in a directory with a mix.exs file\n".into())
}

/// riex runs a project's own code only: a dependency is an error that names it.
fn check_deps(project: &Term) -> Result<(), String> {
    let deps: Vec<String> = keyword(project, "deps")
        .and_then(|d| d.list_to_vec())
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d.as_tuple().and_then(|t| t.first().cloned()))
        .map(|name| inspect(&name))
        .collect();
    if deps.is_empty() {
        return Ok(());
    }
    Err(format!(
        "** (Mix) riex cannot load dependencies, and this project has {}: {}\nriex runs a project's own code only; run it with `iex -S mix` to use its dependencies.\n",
        if deps.len() == 1 { "one" } else { "some" },
        deps.join(", ")
    ))
}

/// config/config.exs, then config/runtime.exs, as Mix reads them before the application starts.
async fn read_config(cx: &mut Ctx, root: &Path, project: &Term) -> Result<(), String> {
    let path = keyword(project, "config_path")
        .and_then(|p| p.as_str().map(|s| root.join(s)))
        .unwrap_or_else(|| root.join("config/config.exs"));
    let runtime = path.with_file_name("runtime.exs");
    for file in [path, runtime] {
        if !file.exists() {
            continue;
        }
        *cx.node().extension::<ConfigDir>().0.lock() = file.parent().map(Path::to_path_buf);
        load::compile_file(cx, &file)
            .await
            .map_err(|e| error_text(&e))?;
    }
    Ok(())
}

fn source_paths(root: &Path, project: &Term) -> Vec<PathBuf> {
    match keyword(project, "elixirc_paths").and_then(|p| p.list_to_vec()) {
        Some(paths) => paths
            .iter()
            .filter_map(|p| p.as_str().map(|s| root.join(s)))
            .collect(),
        None => vec![root.join("lib")],
    }
}

impl Loaded {
    /// Every `.ex` file under the source paths, sorted.
    fn sources(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for p in &self.paths {
            collect_ex(p, &mut out);
        }
        out.sort();
        out
    }
}

fn collect_ex(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_ex(&p, out);
        } else if p.extension().is_some_and(|x| x == "ex") {
            out.push(p);
        }
    }
}

/// Compiles the files; one that fails because a module another file
/// defines is missing is tried again after the others, as Elixir's
/// parallel compiler waits for the module it needs.
async fn compile_all(cx: &mut Ctx, files: &[PathBuf]) -> Result<(), String> {
    let mut pending: Vec<PathBuf> = files.to_vec();
    loop {
        let mut failed = Vec::new();
        let mut first_error = None;
        for f in &pending {
            let (modules, result) = load::compile_file_partly(cx, f).await;
            match result {
                Ok(()) => mark_with_docs(cx, &modules),
                Err(e) => {
                    // Defined again on the next pass, without a redefinition warning.
                    cx.node()
                        .extension::<load::Recompiling>()
                        .0
                        .lock()
                        .extend(modules);
                    first_error.get_or_insert((f.clone(), e));
                    failed.push(f.clone());
                }
            }
        }
        if failed.is_empty() {
            return Ok(());
        }
        if failed.len() == pending.len() {
            let (file, e) = first_error.expect("a failure");
            return Err(format!(
                "\n== Compilation error in file {} ==\n{}\n",
                load::display_path(&file),
                error_text(&e).trim_end()
            ));
        }
        pending = failed;
    }
}

fn mark_with_docs(cx: &Ctx, modules: &[Atom]) {
    for m in modules {
        if let Some(module) = cx.node().module(*m) {
            if let Some(u) = module.as_any().and_then(|a| a.downcast_ref::<UserModule>()) {
                u.keep_docs();
            }
        }
    }
}

/// The application module and its start argument from `application/0`'s `mod:`.
async fn app_module(cx: &mut Ctx) -> Result<Option<(Atom, Term)>, String> {
    let Some(pm) = *cx.node().extension::<Project>().mix_module.lock() else {
        return Ok(None);
    };
    let exported = cx
        .node()
        .module(pm)
        .is_some_and(|m| m.exports_fun(Atom::new("application"), 0));
    if !exported {
        return Ok(None);
    }
    let app = cx
        .apply(pm, Atom::new("application"), vec![])
        .await
        .map_err(|e| error_text(&e))?;
    Ok(keyword(&app, "mod").and_then(|m| match m.as_tuple() {
        Some([Term::Atom(module), arg]) => Some((*module, arg.clone())),
        _ => None,
    }))
}

async fn start_application(
    cx: &mut Ctx,
    module: &Option<(Atom, Term)>,
    app: Atom,
) -> Result<(), String> {
    let Some((module, arg)) = module else {
        cx.node()
            .extension::<crate::otp::application::AppEnv>()
            .mark_started(app);
        return Ok(());
    };
    crate::otp::application::start(cx, app, *module, arg.clone())
        .await
        .map_err(|why| {
            format!(
                "** (Mix) Could not start application {}: {why}\n",
                app.name()
            )
        })
}

/// `recompile()`: compiles the files changed since they were last
/// compiled; `:ok`, or `:noop` when nothing changed.
pub async fn recompile(cx: &mut Ctx) -> Result<Term, Exception> {
    let Some(mut loaded) = cx.node().extension::<Project>().inner.lock().clone() else {
        return Ok(Term::atom_named("noop"));
    };
    let changed: Vec<PathBuf> = loaded
        .sources()
        .into_iter()
        .filter(|f| loaded.digests.get(f) != Some(&digest(f)))
        .collect();
    if changed.is_empty() {
        return Ok(Term::atom_named("noop"));
    }
    let console = Console::of(cx.node());
    console.write(&compiling_line(changed.len()));
    if let Err(text) = compile_all(cx, &changed).await {
        console.write(&text);
        return Ok(Term::atom_named("error"));
    }
    for f in &changed {
        loaded.digests.insert(f.clone(), digest(f));
    }
    write_manifest(&loaded.root, &loaded.digests);
    cx.node()
        .extension::<Project>()
        .inner
        .lock()
        .replace(loaded);
    Ok(Term::ok())
}

fn compiling_line(n: usize) -> String {
    format!(
        "Compiling {n} file{} (.ex)\n",
        if n == 1 { "" } else { "s" }
    )
}

fn digest(path: &Path) -> u64 {
    let text = std::fs::read(path).unwrap_or_default();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn manifest_path(root: &Path) -> PathBuf {
    root.join("_build/riex/manifest")
}

fn read_manifest(root: &Path) -> BTreeMap<PathBuf, u64> {
    std::fs::read_to_string(manifest_path(root))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (d, p) = l.split_once('\t')?;
            Some((root.join(p), d.parse().ok()?))
        })
        .collect()
}

fn write_manifest(root: &Path, digests: &BTreeMap<PathBuf, u64>) {
    let text: String = digests
        .iter()
        .map(|(p, d)| format!("{d}\t{}\n", p.strip_prefix(root).unwrap_or(p).display()))
        .collect();
    let path = manifest_path(root);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(path, text);
}

fn keyword(list: &Term, key: &str) -> Option<Term> {
    crate::term::build::keyword_get(list, Atom::new(key))
}

fn keyword_atom(list: &Term, key: &str) -> Option<Atom> {
    keyword(list, key).and_then(|v| v.as_atom())
}

/// An exception as Mix prints one: `** (Kind) message`.
fn error_text(e: &Exception) -> String {
    let kind = if e.kind == Kind::Exit {
        Kind::Exit
    } else {
        e.kind
    };
    format!("{}\n", format_banner(kind, &e.reason))
}
