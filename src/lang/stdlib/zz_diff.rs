//! Temporary differential harness: evaluates /tmp/cases.txt (one input per
//! line) and writes what iex would print to /tmp/riex_out.txt.

use crate::lang::eval::{check, eval_input, Env, Scope};
use crate::runtime::{block_on, Mode};
use crate::term::inspect::{inspect_opts, Opts};
use crate::term::{Atom, Kind};

#[test]
#[ignore]
fn diff_against_elixir() {
    let cases = std::fs::read_to_string("/tmp/cases.txt").unwrap();
    let inputs: Vec<String> = cases.lines().map(str::to_owned).collect();
    let out = block_on(Mode::Deterministic, move |node| async move {
        crate::otp::boot::boot(&node);
        super::load(&node);
        crate::otp::logger::Console::of(&node).set_sink(std::sync::Arc::new(|_: &str| {}));
        let n = node.clone();
        node.run(move |mut cx| async move {
            let scope = Scope::new("iex", None);
            scope.requires.lock().push(Atom::module("Logger"));
            scope.requires.lock().push(Atom::module("Integer"));
            let mut out = vec![];
            for (i, src) in inputs.iter().enumerate() {
                let mut env = Env::new();
                let ast = match crate::lang::parser::parse(src, i as u32 + 1) {
                    Ok(a) => a,
                    Err(e) => {
                        out.push(format!("PARSE {e:?}"));
                        continue;
                    }
                };
                let known = |name: &str, arity: usize| {
                    n.module(Atom::module("Kernel"))
                        .is_some_and(|m| m.exports_fun(Atom::new(name), arity))
                };
                let checked = check(&ast, &scope, &env, &known);
                if let Some(e) = checked.error {
                    out.push(e.banner());
                    continue;
                }
                let shown = match eval_input(&mut cx, &scope, &mut env, &ast).await {
                    Ok(v) => inspect_opts(&v, &Opts::iex()),
                    Err(e) if e.kind == Kind::Error => super::test_util::describe(&e),
                    Err(e) => e.banner(),
                };
                out.push(shown.replace('\n', "\\n"));
            }
            out
        })
        .await
    });
    std::fs::write("/tmp/riex_out.txt", out.join("\n") + "\n").unwrap();
}
