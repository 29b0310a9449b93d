//! The `tree` command: which trees to draw, how, and where.
//!
//! ```text
//! tree                          # the demo tree of the one-word commands
//! tree :all                     # every supervision tree of the node
//! tree KV.Supervisor            # one tree, by name or PID
//! tree KV.Supervisor, format: :mermaid
//! tree :all, format: :dot, file: "tree.dot"
//! tree file: "tree.svg"         # a picture, drawn by riex (or format: :svg)
//! tree :all, watch: true        # drawn again as it changes, until Enter
//! ```

use super::keys;
use super::svg;
use super::tree as draw;
use crate::otp::gen_server;
use crate::otp::logger::Console;
use crate::otp::observe::{self, SupervisorView};
use crate::runtime::Ctx;
use crate::term::build::{is_keyword, keyword_get};
use crate::term::inspect::inspect;
use crate::term::{atom, Atom, Exception, Term};
use std::time::Duration;

/// How long a busy supervisor may take to describe itself.
const ASK_TIMEOUT: Duration = Duration::from_secs(5);

/// How often a watched tree is looked at again.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// The drawings `format:` picks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Mermaid,
    Dot,
    Svg,
}

/// `tree` with its arguments: prints the drawing (or writes it to the
/// `file:`), and shows no value.
pub async fn tree(cx: &mut Ctx, args: &[Term]) -> Result<Term, Exception> {
    let (target, opts) = match args {
        [] => (None, Term::Nil),
        [kw] if is_keyword(kw) && !matches!(kw, Term::Nil) => (None, kw.clone()),
        [t] => (Some(t), Term::Nil),
        [t, kw] if is_keyword(kw) => (Some(t), kw.clone()),
        _ => return Err(bad_options(&args[args.len() - 1])),
    };
    let file = file_of(&opts)?;
    let format = format_of(&opts, file.as_deref())?;
    let watching = keyword_get(&opts, Atom::new("watch")).is_some_and(|w| w.is_atom(atom::TRUE));
    if watching && format == Format::Text && file.is_none() && keys::interactive() {
        return watch(cx, target).await;
    }
    let trees = trees_of(cx, target).await?;
    let drawing = match format {
        Format::Text => {
            let color = file.is_none() && colored::control::SHOULD_COLORIZE.should_colorize();
            if trees.is_empty() {
                "No supervision tree is running.\n".to_string()
            } else {
                draw::text(&trees, color)
            }
        }
        Format::Mermaid => draw::mermaid(&trees),
        Format::Dot => draw::dot(&trees),
        Format::Svg => svg::tree::svg(&trees),
    };
    let console = Console::of(cx.node());
    match file {
        Some(path) => {
            std::fs::write(&path, &drawing).map_err(|e| file_error(&path, &e))?;
            console.write(&format!("Wrote the tree to {path}\n"));
        }
        None => console.write(&drawing),
    }
    Ok(Term::Atom(crate::shell::helpers::dont_display()))
}

/// Draws the trees again each time they change (a crash, a restart, a
/// child started or stopped, uptimes going by) until Enter: in place when
/// nothing else printed since the last drawing, below it otherwise, so a
/// crash report stays on screen above the tree it changed.
async fn watch(cx: &mut Ctx, target: Option<&Term>) -> Result<Term, Exception> {
    let console = Console::of(cx.node());
    console.write("Watching the tree; it is drawn again as it changes. Press Enter to stop.\n");
    let color = colored::control::SHOULD_COLORIZE.should_colorize();
    let mut shown = String::new();
    let mut writes_after = u64::MAX;
    loop {
        let drawing = match trees_of(cx, target).await {
            Ok(trees) if trees.is_empty() => "No supervision tree is running.\n".to_string(),
            Ok(trees) => draw::text(&trees, color),
            // The supervisor may have gone (its restart budget ran out)
            // and may come back (its own supervisor restarts it).
            Err(e) => format!("{}\n", crate::term::exception::message(&e.reason)),
        };
        if drawing != shown {
            if console.writes() == writes_after {
                let rows = keys::rows(&shown);
                console.write(&format!("\x1b[{rows}A\x1b[J"));
            }
            console.write(&drawing);
            writes_after = console.writes();
            shown = drawing;
        }
        if keys::enter_pressed() {
            break;
        }
        cx.sleep(Some(WATCH_EVERY)).await;
    }
    Ok(Term::Atom(crate::shell::helpers::dont_display()))
}

/// The trees to draw: the demo tree, every root, or the one named.
async fn trees_of(cx: &mut Ctx, target: Option<&Term>) -> Result<Vec<SupervisorView>, Exception> {
    let target = match target {
        Some(t) if t.is_atom(Atom::new("all")) => return Ok(observe::roots(cx, ASK_TIMEOUT).await),
        Some(t) => t.clone(),
        None => {
            crate::shell::commands::ensure_demo_tree(cx).await?;
            crate::shell::commands::demo_supervisor()
        }
    };
    let Some(pid) = gen_server::whereis(cx, &target).await? else {
        return Err(Exception::argument_error(&format!(
            "no process is registered as {}",
            inspect(&target)
        )));
    };
    match observe::describe(cx, pid, ASK_TIMEOUT).await {
        Some(view) => Ok(vec![view]),
        None => Err(Exception::argument_error(&format!(
            "{} is not a supervisor (or did not answer)",
            inspect(&target)
        ))),
    }
}

/// The `format:` asked for; without one, a `.svg` file gets a picture
/// and anything else text.
fn format_of(opts: &Term, file: Option<&str>) -> Result<Format, Exception> {
    match keyword_get(opts, Atom::new("format")) {
        None if file.is_some_and(svg::is_svg_path) => Ok(Format::Svg),
        None => Ok(Format::Text),
        Some(Term::Atom(a)) if a.name() == "text" => Ok(Format::Text),
        Some(Term::Atom(a)) if a.name() == "mermaid" => Ok(Format::Mermaid),
        Some(Term::Atom(a)) if a.name() == "dot" => Ok(Format::Dot),
        Some(Term::Atom(a)) if a.name() == "svg" => Ok(Format::Svg),
        Some(other) => Err(Exception::argument_error(&format!(
            "unknown tree format {}: use :text, :mermaid, :dot or :svg",
            inspect(&other)
        ))),
    }
}

fn file_of(opts: &Term) -> Result<Option<String>, Exception> {
    match keyword_get(opts, Atom::new("file")) {
        None => Ok(None),
        Some(t) => match t.as_str() {
            Some(path) => Ok(Some(path.to_string())),
            None => Err(Exception::argument_error(&format!(
                "the tree's file: must be a string, got {}",
                inspect(&t)
            ))),
        },
    }
}

fn bad_options(t: &Term) -> Exception {
    Exception::argument_error(&format!(
        "tree takes a supervisor (a name or a PID, or :all) and options such as format: :mermaid, got {}",
        inspect(t)
    ))
}

/// `File.Error` for a drawing that cannot be written, as `File.write!/2`
/// raises it.
pub(super) fn file_error(path: &str, e: &std::io::Error) -> Exception {
    crate::lang::stdlib::errors::file_error(path, "write to file", e)
}
