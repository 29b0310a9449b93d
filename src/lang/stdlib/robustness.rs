//! No argument makes a standard library function panic: every export is
//! called with many kinds of terms, and must return a value or raise an
//! Elixir exception.

use super::test_util::{fun1, fun2, int, ints, range, s};
use crate::runtime::{block_on, Mode};
use crate::term::fun::pure;
use crate::term::{Atom, Kind, TMap, Term};

/// Functions that would stop or park the calling process with these samples.
const SKIP: &[(&str, &str)] = &[
    ("Elixir.Process", "exit"),
    ("Elixir.Process", "sleep"),
    ("timer", "sleep"),
    ("erlang", "exit"),
];

fn samples(dead: Term) -> Vec<Term> {
    vec![
        int(0),
        int(-1),
        int(3),
        Term::Float(1.5),
        Term::atom_named("a"),
        Term::nil(),
        Term::bool(true),
        s(""),
        s("héllo"),
        Term::Nil,
        ints(&[1, 2]),
        Term::cons(int(1), int(2)),
        Term::tuple([]),
        Term::tuple([int(1), int(2)]),
        Term::Map(TMap::new()),
        Term::Map(TMap::from_pairs(vec![(Term::atom_named("a"), int(1))])),
        range(1, 3, 1),
        crate::term::build::keyword(vec![("a", int(1))]),
        fun1(|x| Ok(x.clone())),
        fun2(|_, acc| Ok(Term::tuple([Term::atom_named("cont"), acc.clone()]))),
        pure("f/0", 0, |_| Ok(Term::atom_named("ok"))),
        dead,
    ]
}

/// A small deterministic generator of indices.
struct Picker(u64);

impl Picker {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn argument_lists(arity: usize, pool: &[Term], picker: &mut Picker) -> Vec<Vec<Term>> {
    let mut lists: Vec<Vec<Term>> = pool.iter().map(|t| vec![t.clone(); arity]).collect();
    if arity == 2 {
        for x in pool {
            for y in pool {
                lists.push(vec![x.clone(), y.clone()]);
            }
        }
    } else if arity > 0 {
        for _ in 0..120 {
            lists.push(
                (0..arity)
                    .map(|_| pool[picker.next(pool.len())].clone())
                    .collect(),
            );
        }
    }
    lists
}

#[test]
fn no_export_panics_on_any_argument() {
    let panics = block_on(Mode::Deterministic, |node| async move {
        super::load(&node);
        crate::otp::logger::Console::of(&node).set_sink(std::sync::Arc::new(|_: &str| {}));
        node.run(|mut cx| async move {
            let dead = cx.spawn(|_| async { Term::atom_named("normal") });
            cx.until_others_quiet().await;
            let pool = samples(Term::Pid(dead));
            let mut picker = Picker(7);
            let mut panics = Vec::new();
            for m in super::modules() {
                use crate::runtime::Module;
                for (f, arity) in m.exports() {
                    if SKIP.contains(&(m.name().name(), f.name())) {
                        continue;
                    }
                    for args in argument_lists(arity, &pool, &mut picker) {
                        let shown = crate::term::inspect::inspect(&Term::list(args.clone()));
                        let r = run_one(&mut cx, m.name(), f, args).await;
                        let bare_on_purpose = m.name().name() == "erlang" && f.name() == "error";
                        let r = if bare_on_purpose { r.or(Ok(())) } else { r };
                        if let Err(text) = r {
                            panics.push(format!(
                                "{}.{}{shown}: {text}",
                                m.name().module_display(),
                                f.name()
                            ));
                        }
                    }
                }
            }
            panics
        })
        .await
    });
    assert!(panics.is_empty(), "{}", panics.join("\n"));
}

/// Calls `m.f(args)` catching a panic; `Err` describes one.
async fn run_one(
    cx: &mut crate::runtime::Ctx,
    m: Atom,
    f: Atom,
    args: Vec<Term>,
) -> Result<(), String> {
    use futures::FutureExt;
    let fut = std::panic::AssertUnwindSafe(cx.apply(m, f, args)).catch_unwind();
    match fut.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) if e.kind != Kind::Error || crate::term::exception::is_exception(&e.reason) => {
            Ok(())
        }
        Ok(Err(e)) => match e.reason.as_atom() {
            Some(_) => Ok(()),
            None => Err(format!("raised a bare reason {}", e.reason)),
        },
        Err(p) => Err(crate::runtime::panic_exception(p.as_ref()).banner()),
    }
}
