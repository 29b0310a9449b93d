//! `Kernel`: the functions every Elixir program can call without a module
//! name (`is_atom/1`, `elem/2`, `spawn/1`, `+/2`, ...), also callable as
//! `Kernel.x`. The evaluator calls these for local calls it does not define
//! itself (`if`, `case`, `raise`, `binding` and the like are its own).
//!
//! Functions the compiler inlines into Erlang BIFs raise the BIF's error
//! with only the `:erlang` frame, as Elixir does: `hd([])` reports
//! `:erlang.hd([])`, `elem({}, 1)` reports `:erlang.element(2, {})`.

use super::errors::{
    argument_error, bad_function, bad_map, badarg, elixir_frame, erlang_frame, function_clause,
    plain_badarg, Def,
};
use super::num;
use super::text::{list_to_string, to_string_term};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::{Ctx, SpawnOpts};
use crate::term::inspect::{inspect, inspect_opts, Base, Binaries, Charlists, Opts};
use crate::term::{atom, Atom, Exception, Pid, Ref, Term};
use std::cmp::Ordering;

type R = Result<Term, Exception>;

const INSPECT: Def = Def {
    module: "Kernel",
    name: "inspect",
    arity: 2,
    kind: "def",
    file: "lib/kernel.ex",
    line: 2245,
    clauses: &["inspect(term, opts) when is_list(opts)"],
};

const POW: Def = Def {
    module: "Kernel",
    name: "**",
    arity: 2,
    kind: "def",
    file: "lib/kernel.ex",
    line: 4214,
    clauses: &[
        "**(base, exponent) when is_integer(base) and is_integer(exponent) and exponent >= 0",
        "**(base, exponent) when is_number(base) and is_number(exponent)",
    ],
};

const ACCESS_GET: Def = Def {
    module: "Access",
    name: "get",
    arity: 3,
    kind: "def",
    file: "lib/access.ex",
    line: 286,
    clauses: &[
        "get(%module{} = container, key, default)",
        "get(map, key, default) when is_map(map)",
        "get(list, key, default) when is_list(list) and is_atom(key)",
        "get(list, key, _default) when is_list(list)",
        "get(nil, _key, default)",
    ],
};

const ACCESS_UPDATE: Def = Def {
    module: "Access",
    name: "get_and_update",
    arity: 3,
    kind: "def",
    file: "lib/access.ex",
    line: 348,
    clauses: &[
        "get_and_update(%module{} = container, key, fun)",
        "get_and_update(map, key, fun) when is_map(map)",
        "get_and_update(list, key, fun) when is_list(list)",
        "get_and_update(nil, key, _fun)",
    ],
};

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&INSPECT, &POW, &ACCESS_GET, &ACCESS_UPDATE];

fn is_atom(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Atom(_))))
}

fn is_binary(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Binary(_))))
}

fn is_boolean(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Atom(x) if x.is_boolean())))
}

fn is_float(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Float(_))))
}

fn is_integer(a: Vec<Term>) -> R {
    Ok(Term::bool(num::is_integer(&a[0])))
}

fn is_number(a: Vec<Term>) -> R {
    Ok(Term::bool(a[0].is_number()))
}

fn is_list(a: Vec<Term>) -> R {
    Ok(Term::bool(a[0].is_list()))
}

fn is_map(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Map(_))))
}

fn is_tuple(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Tuple(_))))
}

fn is_pid(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Pid(_))))
}

fn is_port(_a: Vec<Term>) -> R {
    Ok(Term::bool(false))
}

fn is_reference(a: Vec<Term>) -> R {
    Ok(Term::bool(matches!(a[0], Term::Ref(_))))
}

fn is_nil(a: Vec<Term>) -> R {
    Ok(Term::bool(a[0].is_atom(atom::NIL)))
}

/// `is_function/1,2`.
pub fn is_function(a: Vec<Term>) -> R {
    let Term::Fun(f) = &a[0] else {
        if let Some(n) = a.get(1) {
            if !num::is_integer(n) {
                return Err(badarg("is_function", a.clone(), &[(2, "not an integer")]));
            }
        }
        return Ok(Term::bool(false));
    };
    match a.get(1) {
        None => Ok(Term::bool(true)),
        Some(Term::Int(n)) if *n >= 0 => Ok(Term::bool(f.arity() as i64 == *n)),
        Some(Term::Int(_)) => Err(badarg("is_function", a.clone(), &[(2, "out of range")])),
        Some(_) => Err(badarg("is_function", a.clone(), &[(2, "not an integer")])),
    }
}

fn is_struct(a: Vec<Term>) -> R {
    let name = a[0].struct_name();
    Ok(Term::bool(match a.get(1) {
        None => name.is_some(),
        Some(Term::Atom(m)) => name == Some(*m),
        Some(_) => false,
    }))
}

fn is_exception(a: Vec<Term>) -> R {
    let yes = crate::term::exception::is_exception(&a[0]);
    Ok(Term::bool(match a.get(1) {
        None => yes,
        Some(Term::Atom(m)) => yes && a[0].struct_name() == Some(*m),
        Some(_) => false,
    }))
}

/// See the module documentation.
pub fn is_map_key(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Map(m) => Ok(Term::bool(m.get(&a[1]).is_some())),
        other => Err(bad_map(
            other,
            vec![erlang_frame("is_map_key", vec![a[1].clone(), a[0].clone()])],
        )),
    }
}

/// `:erlang.element(index, tuple)` (1-based).
pub fn element(index: &Term, tuple: &Term) -> R {
    let args = || vec![index.clone(), tuple.clone()];
    let Term::Tuple(t) = tuple else {
        let mut problems = vec![];
        if !num::is_integer(index) {
            problems.push((1, "not an integer"));
        }
        problems.push((2, "not a tuple"));
        return Err(badarg("element", args(), &problems));
    };
    match index {
        Term::Int(i) if *i >= 1 && (*i as usize) <= t.len() => Ok(t[*i as usize - 1].clone()),
        Term::Int(_) | Term::Big(_) => Err(badarg("element", args(), &[(1, "out of range")])),
        _ => Err(badarg("element", args(), &[(1, "not an integer")])),
    }
}

/// `:erlang.setelement(index, tuple, value)` (1-based).
pub fn setelement(index: &Term, tuple: &Term, value: &Term) -> R {
    let args = || vec![index.clone(), tuple.clone(), value.clone()];
    let Term::Tuple(t) = tuple else {
        return Err(badarg("setelement", args(), &[(2, "not a tuple")]));
    };
    match index {
        Term::Int(i) if *i >= 1 && (*i as usize) <= t.len() => {
            let mut items = t.to_vec();
            items[*i as usize - 1] = value.clone();
            Ok(Term::tuple(items))
        }
        Term::Int(_) | Term::Big(_) => Err(badarg("setelement", args(), &[(1, "out of range")])),
        _ => Err(badarg("setelement", args(), &[(1, "not an integer")])),
    }
}

/// See the module documentation.
pub fn elem(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    element(&index, &a[0])
}

fn put_elem(a: Vec<Term>) -> R {
    let index = num::add(&a[1], &Term::int(1))?;
    setelement(&index, &a[0], &a[2])
}

/// `hd/1`.
pub fn hd(a: Vec<Term>) -> R {
    match &a[0] {
        Term::List(l) => Ok(l.head().clone()),
        _ => Err(badarg("hd", a, &[(1, "not a nonempty list")])),
    }
}

/// `tl/1`.
pub fn tl(a: Vec<Term>) -> R {
    match &a[0] {
        Term::List(l) => Ok(l.tail().clone()),
        _ => Err(badarg("tl", a, &[(1, "not a nonempty list")])),
    }
}

/// `length/1`.
pub fn length(a: Vec<Term>) -> R {
    let n = match &a[0] {
        Term::Nil => Some(0),
        Term::List(l) => {
            let mut it = l.iter();
            let n = it.by_ref().count();
            it.rest().is_none().then_some(n)
        }
        _ => None,
    };
    n.map(|n| Term::int(n as i64))
        .ok_or_else(|| badarg("length", a, &[(1, "not a list")]))
}

/// `map_size/1`.
pub fn map_size(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Map(m) => Ok(Term::int(m.len() as i64)),
        other => Err(bad_map(other, vec![erlang_frame("map_size", a.clone())])),
    }
}

/// `tuple_size/1`.
pub fn tuple_size(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Tuple(t) => Ok(Term::int(t.len() as i64)),
        _ => Err(badarg("tuple_size", a, &[(1, "not a tuple")])),
    }
}

/// `byte_size/1`.
pub fn byte_size(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Binary(b) => Ok(Term::int(b.len() as i64)),
        _ => Err(badarg("byte_size", a, &[(1, "not a bitstring")])),
    }
}

/// See the module documentation.
pub fn bit_size(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Binary(b) => Ok(Term::int(b.len() as i64 * 8)),
        _ => Err(badarg("bit_size", a, &[(1, "not a bitstring")])),
    }
}

/// See the module documentation.
pub fn binary_part(a: Vec<Term>) -> R {
    let (Term::Binary(b), Term::Int(start), Term::Int(len)) = (&a[0], &a[1], &a[2]) else {
        let problems: Vec<(usize, &str)> = [
            (!matches!(a[0], Term::Binary(_))).then_some((1, "not a binary")),
            (!matches!(a[1], Term::Int(_))).then_some((2, "not an integer")),
            (!matches!(a[2], Term::Int(_))).then_some((3, "not an integer")),
        ]
        .into_iter()
        .flatten()
        .collect();
        return Err(badarg("binary_part", a, &problems));
    };
    let (start, len) = (i128::from(*start), i128::from(*len));
    let (from, to) = if len >= 0 {
        (start, start + len)
    } else {
        (start + len, start)
    };
    if start < 0 || start > b.len() as i128 {
        return Err(badarg("binary_part", a.clone(), &[(2, "out of range")]));
    }
    if from < 0 || to > b.len() as i128 {
        return Err(badarg("binary_part", a.clone(), &[(3, "out of range")]));
    }
    Ok(Term::binary(&b[from as usize..to as usize]))
}

/// See the module documentation.
pub fn add(a: Vec<Term>) -> R {
    match a.as_slice() {
        [x] => num::plus(x),
        [x, y] => num::add(x, y),
        _ => unreachable!("+/1 and +/2"),
    }
}

/// See the module documentation.
pub fn sub(a: Vec<Term>) -> R {
    match a.as_slice() {
        [x] => num::neg(x),
        [x, y] => num::sub(x, y),
        _ => unreachable!("-/1 and -/2"),
    }
}

/// See the module documentation.
pub fn mul(a: Vec<Term>) -> R {
    num::mul(&a[0], &a[1])
}

/// See the module documentation.
pub fn fdiv(a: Vec<Term>) -> R {
    num::fdiv(&a[0], &a[1])
}

/// See the module documentation.
pub fn div(a: Vec<Term>) -> R {
    num::div(&a[0], &a[1])
}

/// See the module documentation.
pub fn rem(a: Vec<Term>) -> R {
    num::rem(&a[0], &a[1])
}

/// See the module documentation.
pub fn abs(a: Vec<Term>) -> R {
    num::abs(&a[0])
}

/// See the module documentation.
pub fn round(a: Vec<Term>) -> R {
    num::to_integer("round", &a[0])
}

/// See the module documentation.
pub fn trunc(a: Vec<Term>) -> R {
    num::to_integer("trunc", &a[0])
}

/// See the module documentation.
pub fn floor(a: Vec<Term>) -> R {
    num::to_integer("floor", &a[0])
}

/// See the module documentation.
pub fn ceil(a: Vec<Term>) -> R {
    num::to_integer("ceil", &a[0])
}

/// `Kernel.**/2`: `Integer.pow` for integers, a float power otherwise.
pub fn pow(a: Vec<Term>) -> R {
    let (base, exp) = (&a[0], &a[1]);
    if let (Some(b), Term::Int(e)) = (num::big(base), exp) {
        if *e >= 0 {
            return num::int_pow(&b, *e as u64)
                .map(Term::big)
                .ok_or_else(|| system_limit(&a));
        }
    }
    if !base.is_number() || !exp.is_number() {
        return Err(function_clause(&POW, a));
    }
    let (x, y) = (num::to_f64(base), num::to_f64(exp));
    x.zip(y)
        .and_then(|(x, y)| num::float_pow(x, y))
        .ok_or_else(|| {
            super::errors::badarith_at(super::errors::stdlib_frame("math", "pow", a.clone()))
        })
}

fn system_limit(a: &[Term]) -> Exception {
    Exception::raise(
        Atom::module("SystemLimitError"),
        "a system limit has been reached",
    )
    .with_stack(Term::list(vec![elixir_frame(
        "Integer",
        "pow",
        Term::list(a.to_vec()),
        "lib/integer.ex",
        106,
    )]))
}

/// The comparison operators, by Elixir name (`!=`, `<=`, ...) or Erlang
/// name (`/=`, `=<`, `=:=`, `=/=`).
pub fn compare(op: &str, x: &Term, y: &Term) -> bool {
    match op {
        "==" => x.compare(y) == Ordering::Equal,
        "!=" | "/=" => x.compare(y) != Ordering::Equal,
        "===" | "=:=" => x == y,
        "!==" | "=/=" => x != y,
        "<" => x.compare(y) == Ordering::Less,
        ">" => x.compare(y) == Ordering::Greater,
        "<=" | "=<" => x.compare(y) != Ordering::Greater,
        _ => x.compare(y) != Ordering::Less,
    }
}

macro_rules! comparison {
    ($name:ident, $op:expr) => {
        fn $name(a: Vec<Term>) -> R {
            Ok(Term::bool(compare($op, &a[0], &a[1])))
        }
    };
}

comparison!(eq, "==");
comparison!(ne, "!=");
comparison!(strict_eq, "===");
comparison!(strict_ne, "!==");
comparison!(lt, "<");
comparison!(gt, ">");
comparison!(le, "<=");
comparison!(ge, ">=");

/// See the module documentation.
pub fn max(a: Vec<Term>) -> R {
    Ok(if a[1].compare(&a[0]) == Ordering::Greater {
        a[1].clone()
    } else {
        a[0].clone()
    })
}

/// See the module documentation.
pub fn min(a: Vec<Term>) -> R {
    Ok(if a[1].compare(&a[0]) == Ordering::Less {
        a[1].clone()
    } else {
        a[0].clone()
    })
}

/// `:erlang.++/2`.
pub fn append(a: Vec<Term>) -> R {
    let items = match &a[0] {
        Term::Nil => return Ok(a[1].clone()),
        Term::List(l) => l.to_vec_proper(),
        _ => None,
    };
    let items = items.ok_or_else(|| plain_badarg("++", a.clone()))?;
    Ok(crate::term::List::from_vec(items, a[1].clone()))
}

/// `:erlang.--/2`.
pub fn subtract(a: Vec<Term>) -> R {
    let (Some(mut left), Some(right)) = (a[0].list_to_vec(), a[1].list_to_vec()) else {
        return Err(plain_badarg("--", a));
    };
    for r in &right {
        if let Some(i) = left.iter().position(|x| x == r) {
            left.remove(i);
        }
    }
    Ok(Term::list(left))
}

fn concat(a: Vec<Term>) -> R {
    for (i, x) in a.iter().enumerate() {
        if !matches!(x, Term::Binary(_)) {
            return Err(Exception::argument_error(&format!(
                "construction of binary failed: segment {} of type 'binary': expected a binary but got: {}",
                i + 1,
                inspect(x)
            )));
        }
    }
    match (&a[0], &a[1]) {
        // In place when `a[0]` was itself made by an append (see `Bin`).
        (Term::Binary(l), Term::Binary(r)) => Ok(Term::Binary(l.append(r))),
        _ => unreachable!("both checked to be binaries"),
    }
}

/// `:erlang.not/1`.
pub fn not(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Atom(x) if *x == atom::TRUE => Ok(Term::bool(false)),
        Term::Atom(x) if *x == atom::FALSE => Ok(Term::bool(true)),
        _ => Err(plain_badarg("not", a)),
    }
}

fn matches(a: Vec<Term>) -> R {
    match (&a[0], &a[1]) {
        (Term::Binary(s), Term::Binary(p)) => Ok(Term::bool(
            p.is_empty() || s.windows(p.len()).any(|w| w == &p[..]),
        )),
        _ => Err(super::errors::function_clause_error(
            Atom::module("Regex"),
            "match?",
            2,
            elixir_frame(
                "Regex",
                "match?",
                Term::list(vec![a[1].clone(), a[0].clone()]),
                "lib/regex.ex",
                293,
            ),
        )),
    }
}

fn range(a: Vec<Term>) -> R {
    match a.as_slice() {
        [] => super::range::new3(&Term::int(0), &Term::int(-1), &Term::int(1)),
        [f, l] => super::range::new2(f, l),
        [f, l, s] => super::range::new3(f, l, s),
        _ => unreachable!("../2 and ..///3"),
    }
}

/// The options of `inspect/2` and `IO.inspect/2` over `base`.
pub fn inspect_options(kw: &Term, mut o: Opts) -> Opts {
    for item in kw.list_to_vec().unwrap_or_default() {
        let Some([Term::Atom(k), v]) = item.as_tuple() else {
            continue;
        };
        let name = v.as_atom().map(|a| a.name()).unwrap_or("");
        match k.name() {
            "pretty" => o.pretty = v.is_atom(atom::TRUE),
            "width" => o.width = v.as_int().map(|w| w.max(0) as usize).unwrap_or(o.width),
            "limit" => o.limit = limit(v, o.limit),
            "printable_limit" => o.printable_limit = limit(v, o.printable_limit),
            "charlists" => {
                o.charlists = match name {
                    "as_lists" => Charlists::AsLists,
                    "as_charlists" => Charlists::AsCharlists,
                    _ => Charlists::Infer,
                }
            }
            "binaries" => {
                o.binaries = match name {
                    "as_strings" => Binaries::AsStrings,
                    "as_binaries" => Binaries::AsBinaries,
                    _ => Binaries::Infer,
                }
            }
            "base" => {
                o.base = match name {
                    "binary" => Base::Binary,
                    "octal" => Base::Octal,
                    "hex" => Base::Hex,
                    _ => Base::Decimal,
                }
            }
            _ => {}
        }
    }
    o
}

fn limit(v: &Term, current: Option<usize>) -> Option<usize> {
    match v {
        Term::Int(n) => Some((*n).max(0) as usize),
        t if t.is_atom(atom::INFINITY) => None,
        _ => current,
    }
}

fn inspect_fn(a: Vec<Term>) -> R {
    let opts = match a.get(1) {
        None => Opts::default(),
        Some(kw) if kw.is_list() => inspect_options(kw, Opts::default()),
        Some(_) => return Err(function_clause(&INSPECT, a)),
    };
    Ok(Term::string(&inspect_opts(&a[0], &opts)))
}

async fn to_string(cx: &mut Ctx, a: Vec<Term>) -> R {
    match crate::lang::module::protocol::user_to_string(cx, &a[0]).await {
        Some(text) => text,
        None => to_string_term(&a[0]),
    }
}

/// `inspect/1,2`, with the structs whose `Inspect` is written in Elixir shown by it.
async fn inspect_with_impls(cx: &mut Ctx, a: Vec<Term>) -> R {
    let texts = crate::lang::module::protocol::inspect_overrides(cx, &a[0]).await;
    crate::term::inspect::with_overrides(texts, || inspect_fn(a))
}

/// `to_charlist/1`: the code points of the term's text.
pub fn to_charlist(a: Vec<Term>) -> R {
    let bytes = match &a[0] {
        Term::Nil | Term::List(_) => list_to_string(&a[0])?,
        other => super::text::to_string(other)?,
    };
    let text = String::from_utf8_lossy(&bytes);
    Ok(crate::term::build::charlist(&text))
}

/// See the module documentation.
pub fn self_fn(cx: &mut Ctx, _a: Vec<Term>) -> R {
    Ok(Term::Pid(cx.self_pid()))
}

/// See the module documentation.
pub fn node(_a: Vec<Term>) -> R {
    Ok(Term::atom_named("nonode@nohost"))
}

/// See the module documentation.
pub fn node_of(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Pid(_) | Term::Ref(_) => Ok(Term::atom_named("nonode@nohost")),
        _ => Err(badarg("node", a, &[(1, "not a pid")])),
    }
}

/// See the module documentation.
pub fn make_ref(cx: &mut Ctx, _a: Vec<Term>) -> R {
    Ok(Term::Ref(cx.node().make_ref()))
}

/// `send(dest, message)`: `dest` a PID, a registered name or `{name, node}`.
pub fn send(cx: &mut Ctx, a: Vec<Term>) -> R {
    let invalid = || badarg("send", a.clone(), &[(1, "invalid destination")]);
    let to = match &a[0] {
        Term::Pid(p) => Some(*p),
        Term::Atom(name) => Some(cx.node().whereis(*name).ok_or_else(invalid)?),
        Term::Tuple(t) => match t.as_ref() {
            [Term::Atom(name), Term::Atom(node)] if node.name() == "nonode@nohost" => {
                cx.node().whereis(*name)
            }
            [Term::Atom(_), Term::Atom(_)] => None,
            _ => return Err(invalid()),
        },
        _ => return Err(invalid()),
    };
    if let Some(pid) = to {
        cx.send(pid, a[1].clone());
    }
    Ok(a[1].clone())
}

/// See the module documentation.
pub fn exit(a: Vec<Term>) -> R {
    Err(Exception::exit(a[0].clone()))
}

/// See the module documentation.
pub fn throw(a: Vec<Term>) -> R {
    Err(Exception::throw(a[0].clone()))
}

/// What a new process runs: a function or `apply(module, fun, args)`.
#[derive(Clone)]
pub enum Body {
    /// A function of no arguments.
    Fun(Term),
    /// `apply(module, fun, args)`.
    Mfa(Atom, Atom, Vec<Term>),
}

impl Body {
    /// The body from `spawn/1`'s or `spawn/3`'s arguments (`fun` names the
    /// BIF for its errors).
    pub fn from_args(fun: &str, a: &[Term]) -> Result<Body, Exception> {
        match a {
            [f @ Term::Fun(_)] => Ok(Body::Fun(f.clone())),
            [_] => Err(badarg(fun, a.to_vec(), &[(1, "not a fun")])),
            [m, f, args] => match (m.as_atom(), f.as_atom(), args.list_to_vec()) {
                (Some(m), Some(f), Some(args)) => Ok(Body::Mfa(m, f, args)),
                (m2, f2, args2) => {
                    let problems: Vec<(usize, &str)> = [
                        m2.is_none().then_some((1, "not an atom")),
                        f2.is_none().then_some((2, "not an atom")),
                        args2.is_none().then_some((3, "not a list")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    Err(badarg(fun, a.to_vec(), &problems))
                }
            },
            _ => Err(badarg(fun, a.to_vec(), &[(1, "not a fun")])),
        }
    }

    fn initial_call(&self) -> Term {
        match self {
            Body::Fun(_) => Term::tuple([
                Term::atom(atom::ERLANG),
                Term::atom(atom::APPLY),
                Term::int(2),
            ]),
            Body::Mfa(m, f, args) => {
                Term::tuple([Term::Atom(*m), Term::Atom(*f), Term::int(args.len() as i64)])
            }
        }
    }
}

async fn run_body(mut cx: Ctx, body: Body) -> Term {
    let result = match body {
        Body::Fun(f) => apply_fun(&mut cx, &f, vec![]).await,
        Body::Mfa(m, f, args) => cx.apply(m, f, args).await,
    };
    match result {
        Ok(_) => Term::atom(atom::NORMAL),
        Err(e) if e.kind == crate::term::Kind::Exit => e.reason,
        Err(e) => {
            crate::otp::boot::log_process_crash(cx.node(), cx.self_pid(), &e);
            e.exit_reason()
        }
    }
}

/// Starts a process running `body`, linked and/or monitored by the caller.
pub fn spawn_body(cx: &mut Ctx, body: Body, link: bool, monitor: bool) -> (Pid, Option<Ref>) {
    let me = cx.self_pid();
    let opts = SpawnOpts {
        link: link.then_some(me),
        monitor: monitor.then_some(me),
        identity: crate::runtime::Identity::new(body.initial_call(), None),
        ..SpawnOpts::default()
    };
    cx.spawn_opts(opts, move |c| run_body(c, body))
}

/// See the module documentation.
pub fn spawn(cx: &mut Ctx, a: Vec<Term>) -> R {
    let body = Body::from_args("spawn", &a)?;
    Ok(Term::Pid(spawn_body(cx, body, false, false).0))
}

/// See the module documentation.
pub fn spawn_link(cx: &mut Ctx, a: Vec<Term>) -> R {
    let body = Body::from_args("spawn_link", &a)?;
    Ok(Term::Pid(spawn_body(cx, body, true, false).0))
}

/// See the module documentation.
pub fn spawn_monitor(cx: &mut Ctx, a: Vec<Term>) -> R {
    let body = Body::from_args("spawn_monitor", &a)?;
    let (pid, r) = spawn_body(cx, body, false, true);
    let r = r.map(Term::Ref).unwrap_or_else(Term::nil);
    Ok(Term::tuple([Term::Pid(pid), r]))
}

/// `apply(fun, args)` and `apply(module, fun, args)`.
pub async fn apply(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a.as_slice() {
        [f, args] => {
            let Some(list) = args.list_to_vec() else {
                return Err(plain_badarg("apply", a.clone()));
            };
            if !matches!(f, Term::Fun(_)) {
                let frame = elixir_frame("Kernel", "apply", Term::int(2), "lib/kernel.ex", 293);
                return Err(bad_function(f, vec![frame]));
            }
            apply_fun(cx, f, list).await
        }
        [m, f, args] => match (m.as_atom(), f.as_atom(), args.list_to_vec()) {
            (Some(m), Some(f), Some(args)) => cx.apply(m, f, args).await,
            (m2, f2, _) => {
                let list_problem = if args.is_list() {
                    "not a proper list"
                } else {
                    "not a list"
                };
                let problems: Vec<(usize, &str)> = [
                    m2.is_none().then_some((1, "not an atom")),
                    f2.is_none().then_some((2, "not an atom")),
                    (m2.is_some() && f2.is_some()).then_some((3, list_problem)),
                ]
                .into_iter()
                .flatten()
                .collect();
                Err(badarg("apply", a.clone(), &problems))
            }
        },
        _ => unreachable!("apply/2 and apply/3"),
    }
}

fn function_exported(cx: &mut Ctx, a: Vec<Term>) -> R {
    let (Some(m), Some(f), Some(n)) = (a[0].as_atom(), a[1].as_atom(), a[2].as_int()) else {
        return Ok(Term::bool(false));
    };
    let exported = cx
        .node()
        .module(m)
        .is_some_and(|module| n >= 0 && module.exports_fun(f, n as usize));
    Ok(Term::bool(exported))
}

async fn then(cx: &mut Ctx, a: Vec<Term>) -> R {
    apply_fun(cx, &a[1], vec![a[0].clone()]).await
}

async fn tap(cx: &mut Ctx, a: Vec<Term>) -> R {
    apply_fun(cx, &a[1], vec![a[0].clone()]).await?;
    Ok(a[0].clone())
}

/// `Access.get(container, key)` for maps, keyword lists and `nil`.
pub fn access_get(container: &Term, key: &Term) -> R {
    match container {
        Term::Map(m) if container.struct_name().is_none() => {
            Ok(m.get(key).cloned().unwrap_or_else(Term::nil))
        }
        Term::Nil | Term::List(_) => Ok(keyword_find(container, key).unwrap_or_else(Term::nil)),
        t if t.is_atom(atom::NIL) => Ok(Term::nil()),
        _ => Err(function_clause(
            &ACCESS_GET,
            vec![container.clone(), key.clone(), Term::nil()],
        )),
    }
}

fn keyword_find(list: &Term, key: &Term) -> Option<Term> {
    let Term::List(l) = list else { return None };
    l.iter().find_map(|item| match item.as_tuple() {
        Some([k, v]) if k == key => Some(v.clone()),
        _ => None,
    })
}

fn access_put(container: &Term, key: &Term, value: Term) -> R {
    match container {
        Term::Map(m) if container.struct_name().is_none() => {
            Ok(Term::Map(m.put(key.clone(), value)))
        }
        Term::Nil | Term::List(_) => {
            let mut items = container.list_to_vec().unwrap_or_default();
            let pair = Term::tuple([key.clone(), value]);
            match items
                .iter()
                .position(|i| matches!(i.as_tuple(), Some([k, _]) if k == key))
            {
                Some(i) => items[i] = pair,
                None => items.insert(0, pair),
            }
            Ok(Term::list(items))
        }
        t if t.is_atom(atom::NIL) => Err(argument_error(
            &format!("could not put/update key {} on a nil value", inspect(key)),
            vec![elixir_frame(
                "Access",
                "get_and_update",
                Term::int(3),
                "lib/access.ex",
                368,
            )],
        )),
        _ => Err(function_clause(
            &ACCESS_UPDATE,
            vec![container.clone(), key.clone(), Term::nil()],
        )),
    }
}

fn keys_of(a: &[Term], fun: &str) -> Result<Vec<Term>, Exception> {
    match a[1].list_to_vec() {
        Some(keys) if !keys.is_empty() => Ok(keys),
        _ => Err(super::errors::function_clause_error(
            Atom::module("Kernel"),
            fun,
            a.len(),
            elixir_frame("Kernel", fun, Term::list(a.to_vec()), "lib/kernel.ex", 2629),
        )),
    }
}

fn get_in(a: Vec<Term>) -> R {
    let keys = keys_of(&a, "get_in")?;
    let mut data = a[0].clone();
    for k in &keys {
        data = access_get(&data, k)?;
    }
    Ok(data)
}

async fn update_in_with(cx: &mut Ctx, data: Term, keys: &[Term], f: &Term, put: bool) -> R {
    let mut path = vec![data];
    for k in &keys[..keys.len() - 1] {
        let next = access_get(path.last().expect("a container"), k)?;
        path.push(next);
    }
    let last_key = &keys[keys.len() - 1];
    let mut value = if put {
        f.clone()
    } else {
        let current = access_get(path.last().expect("a container"), last_key)?;
        apply_fun(cx, f, vec![current]).await?
    };
    for (container, key) in path.iter().rev().zip(keys.iter().rev()) {
        value = access_put(container, key, value)?;
    }
    Ok(value)
}

async fn put_in(cx: &mut Ctx, a: Vec<Term>) -> R {
    let keys = keys_of(&a, "put_in")?;
    update_in_with(cx, a[0].clone(), &keys, &a[2], true).await
}

async fn update_in(cx: &mut Ctx, a: Vec<Term>) -> R {
    let keys = keys_of(&a, "update_in")?;
    update_in_with(cx, a[0].clone(), &keys, &a[2], false).await
}

/// The `Kernel` module.
pub fn module() -> NativeModule {
    let m = NativeModule::new(Atom::module("Kernel"));
    let m = guards(m);
    let m = operators(m);
    let m = data(m);
    processes(m)
}

/// The type guards `Kernel` shares with `:erlang`.
pub fn type_guards(m: NativeModule) -> NativeModule {
    m.export_native("is_atom", 1, pure!(is_atom))
        .export_native("is_binary", 1, pure!(is_binary))
        .export_native("is_bitstring", 1, pure!(is_binary))
        .export_native("is_boolean", 1, pure!(is_boolean))
        .export_native("is_float", 1, pure!(is_float))
        .export_native("is_function", 1, pure!(is_function))
        .export_native("is_function", 2, pure!(is_function))
        .export_native("is_integer", 1, pure!(is_integer))
        .export_native("is_list", 1, pure!(is_list))
        .export_native("is_map", 1, pure!(is_map))
        .export_native("is_number", 1, pure!(is_number))
        .export_native("is_pid", 1, pure!(is_pid))
        .export_native("is_port", 1, pure!(is_port))
        .export_native("is_reference", 1, pure!(is_reference))
        .export_native("is_tuple", 1, pure!(is_tuple))
}

fn guards(m: NativeModule) -> NativeModule {
    type_guards(m)
        .export_native("is_map_key", 2, pure!(is_map_key))
        .export_native("is_nil", 1, pure!(is_nil))
        .export_native("is_struct", 1, pure!(is_struct))
        .export_native("is_struct", 2, pure!(is_struct))
        .export_native("is_exception", 1, pure!(is_exception))
        .export_native("is_exception", 2, pure!(is_exception))
}

fn operators(m: NativeModule) -> NativeModule {
    m.export_native("+", 1, pure!(add))
        .export_native("+", 2, pure!(add))
        .export_native("-", 1, pure!(sub))
        .export_native("-", 2, pure!(sub))
        .export_native("*", 2, pure!(mul))
        .export_native("/", 2, pure!(fdiv))
        .export_native("**", 2, pure!(pow))
        .export_native("div", 2, pure!(div))
        .export_native("rem", 2, pure!(rem))
        .export_native("==", 2, pure!(eq))
        .export_native("!=", 2, pure!(ne))
        .export_native("===", 2, pure!(strict_eq))
        .export_native("!==", 2, pure!(strict_ne))
        .export_native("<", 2, pure!(lt))
        .export_native(">", 2, pure!(gt))
        .export_native("<=", 2, pure!(le))
        .export_native(">=", 2, pure!(ge))
        .export_native("++", 2, pure!(append))
        .export_native("--", 2, pure!(subtract))
        .export_native("<>", 2, pure!(concat))
        .export_native("not", 1, pure!(not))
        .export_native("=~", 2, pure!(matches))
        .export_native("..", 0, pure!(range))
        .export_native("..", 2, pure!(range))
        .export_native("..//", 3, pure!(range))
}

fn data(m: NativeModule) -> NativeModule {
    m.export_native("elem", 2, pure!(elem))
        .export_native("put_elem", 3, pure!(put_elem))
        .export_native("hd", 1, pure!(hd))
        .export_native("tl", 1, pure!(tl))
        .export_native("length", 1, pure!(length))
        .export_native("map_size", 1, pure!(map_size))
        .export_native("tuple_size", 1, pure!(tuple_size))
        .export_native("byte_size", 1, pure!(byte_size))
        .export_native("bit_size", 1, pure!(bit_size))
        .export_native("binary_part", 3, pure!(binary_part))
        .export_native("abs", 1, pure!(abs))
        .export_native("max", 2, pure!(max))
        .export_native("min", 2, pure!(min))
        .export_native("round", 1, pure!(round))
        .export_native("trunc", 1, pure!(trunc))
        .export_native("floor", 1, pure!(floor))
        .export_native("ceil", 1, pure!(ceil))
        .export("inspect", 1, suspending!(inspect_with_impls))
        .export("inspect", 2, suspending!(inspect_with_impls))
        .export("to_string", 1, suspending!(to_string))
        .export_native("to_charlist", 1, pure!(to_charlist))
        .export_native("get_in", 2, pure!(get_in))
        .export("put_in", 3, suspending!(put_in))
        .export("update_in", 3, suspending!(update_in))
        .export("then", 2, suspending!(then))
        .export("struct", 1, suspending!(super::structs::r#struct))
        .export("struct", 2, suspending!(super::structs::r#struct))
        .export("struct!", 1, suspending!(super::structs::struct_bang))
        .export("struct!", 2, suspending!(super::structs::struct_bang))
        .export("tap", 2, suspending!(tap))
}

fn processes(m: NativeModule) -> NativeModule {
    m.export_native("self", 0, with_cx!(self_fn))
        .export_native("node", 0, pure!(node))
        .export_native("node", 1, pure!(node_of))
        .export_native("make_ref", 0, with_cx!(make_ref))
        .export_native("send", 2, with_cx!(send))
        .export_native("spawn", 1, with_cx!(spawn))
        .export_native("spawn", 3, with_cx!(spawn))
        .export_native("spawn_link", 1, with_cx!(spawn_link))
        .export_native("spawn_link", 3, with_cx!(spawn_link))
        .export_native("spawn_monitor", 1, with_cx!(spawn_monitor))
        .export_native("spawn_monitor", 3, with_cx!(spawn_monitor))
        .export_native("exit", 1, pure!(exit))
        .export_native("throw", 1, pure!(throw))
        .export("apply", 2, suspending!(apply))
        .export("apply", 3, suspending!(apply))
        .export_native("function_exported?", 3, with_cx!(function_exported))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::Term;

    #[test]
    fn arithmetic_matches_elixir() {
        assert_eq!(show("Kernel", "/", vec![int(10), int(4)]), "2.5");
        assert_eq!(show("Kernel", "div", vec![int(10), int(4)]), "2");
        assert_eq!(show("Kernel", "rem", vec![int(-10), int(3)]), "-1");
        assert_eq!(show("Kernel", "**", vec![int(2), int(10)]), "1024");
        assert_eq!(
            show("Kernel", "**", vec![int(2), int(100)]),
            "1267650600228229401496703205376"
        );
        assert_eq!(show("Kernel", "**", vec![int(2), int(-1)]), "0.5");
        assert_eq!(
            show("Kernel", "**", vec![int(2), Term::Float(0.5)]),
            "1.4142135623730951"
        );
        assert_eq!(
            show("Kernel", "*", vec![int(123_456_789), int(987_654_321)]),
            "121932631112635269"
        );
        assert_eq!(
            show("Kernel", "+", vec![Term::Float(0.1), Term::Float(0.2)]),
            "0.30000000000000004"
        );
    }

    #[test]
    fn arithmetic_errors_read_as_in_iex() {
        assert_eq!(
            show("Kernel", "/", vec![int(1), int(0)]),
            "** (ArithmeticError) bad argument in arithmetic expression: 1 / 0"
        );
        assert_eq!(
            show("Kernel", "+", vec![atom("atom"), int(1)]),
            "** (ArithmeticError) bad argument in arithmetic expression: :atom + 1"
        );
        assert_eq!(
            show("Kernel", "div", vec![int(1), int(0)]),
            "** (ArithmeticError) bad argument in arithmetic expression: div(1, 0)"
        );
        let e = call("Kernel", "/", vec![int(1), int(0)]).unwrap_err();
        assert_eq!(
            top_frame(&e),
            "{:erlang, :/, [1, 0], [error_info: %{module: :erl_erts_errors}]}"
        );
        assert!(show("Kernel", "**", vec![atom("a"), int(2)])
            .starts_with("** (FunctionClauseError) no function clause matching in Kernel.**/2"));
    }

    #[test]
    fn list_bifs_raise_argument_errors() {
        assert_eq!(
            show("Kernel", "hd", vec![Term::Nil]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a nonempty list\n"
        );
        let e = call("Kernel", "hd", vec![Term::Nil]).unwrap_err();
        assert_eq!(
            top_frame(&e),
            "{:erlang, :hd, [[]], [error_info: %{module: :erl_erts_errors}]}"
        );
        assert_eq!(
            show("Kernel", "elem", vec![Term::tuple([]), int(1)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: out of range\n"
        );
        assert_eq!(show("Kernel", "length", vec![ints(&[1, 2])]), "2");
        assert_eq!(
            show("Kernel", "map_size", vec![int(1)]),
            "** (BadMapError) expected a map, got: 1"
        );
    }

    #[test]
    fn tuples_and_comparisons() {
        let t = Term::tuple([int(1), int(2)]);
        assert_eq!(show("Kernel", "elem", vec![t.clone(), int(1)]), "2");
        assert_eq!(
            show("Kernel", "put_elem", vec![t, int(0), atom("a")]),
            "{:a, 2}"
        );
        assert_eq!(show("Kernel", "==", vec![int(1), Term::Float(1.0)]), "true");
        assert_eq!(
            show("Kernel", "===", vec![int(1), Term::Float(1.0)]),
            "false"
        );
        assert_eq!(show("Kernel", "<", vec![atom("a"), int(1)]), "false");
        assert_eq!(show("Kernel", "max", vec![int(1), Term::Float(1.0)]), "1");
        assert_eq!(show("Kernel", "min", vec![Term::Float(1.0), int(1)]), "1.0");
    }

    #[test]
    fn list_operators() {
        assert_eq!(
            show("Kernel", "++", vec![ints(&[1, 2, 3]), ints(&[4])]),
            "[1, 2, 3, 4]"
        );
        assert_eq!(show("Kernel", "++", vec![ints(&[1]), int(1)]), "[1 | 1]");
        assert_eq!(
            show("Kernel", "--", vec![ints(&[1, 2, 1]), ints(&[1])]),
            "[2, 1]"
        );
        assert_eq!(
            show("Kernel", "++", vec![int(1), ints(&[1])]),
            "** (ArgumentError) argument error"
        );
        assert_eq!(
            show("Kernel", "<>", vec![s("hello"), s(" world")]),
            "\"hello world\""
        );
        assert_eq!(
            show("Kernel", "<>", vec![s("a"), atom("a")]),
            "** (ArgumentError) construction of binary failed: segment 2 of type 'binary': expected a binary but got: :a"
        );
    }

    #[test]
    fn inspect_and_to_string() {
        let opts = crate::term::build::keyword(vec![("limit", int(2))]);
        assert_eq!(
            show("Kernel", "inspect", vec![ints(&[1, 2, 3]), opts]),
            "\"[1, 2, ...]\""
        );
        let opts = crate::term::build::keyword(vec![("base", atom("hex"))]);
        assert_eq!(show("Kernel", "inspect", vec![int(255), opts]), "\"0xFF\"");
        assert_eq!(
            show("Kernel", "to_string", vec![Term::Float(1.0e10)]),
            "\"1.0e10\""
        );
        assert_eq!(
            show("Kernel", "to_string", vec![Term::tuple([int(1)])]),
            "** (Protocol.UndefinedError) protocol String.Chars not implemented for {1} of type Tuple"
        );
        assert_eq!(show("Kernel", "to_charlist", vec![s("hi")]), "'hi'");
    }

    #[test]
    fn access_paths() {
        let inner = crate::term::TMap::from_pairs(vec![(atom("b"), int(1))]);
        let outer = crate::term::TMap::from_pairs(vec![(atom("a"), Term::Map(inner))]);
        let keys = Term::list(vec![atom("a"), atom("b")]);
        assert_eq!(
            show(
                "Kernel",
                "get_in",
                vec![Term::Map(outer.clone()), keys.clone()]
            ),
            "1"
        );
        assert_eq!(
            show(
                "Kernel",
                "put_in",
                vec![Term::Map(outer.clone()), keys.clone(), int(2)]
            ),
            "%{a: %{b: 2}}"
        );
        assert_eq!(
            show(
                "Kernel",
                "update_in",
                vec![Term::Map(outer), keys, double()]
            ),
            "%{a: %{b: 2}}"
        );
        let kw = crate::term::build::keyword(vec![("a", int(1))]);
        assert_eq!(
            show(
                "Kernel",
                "put_in",
                vec![kw, Term::list(vec![atom("b")]), int(2)]
            ),
            "[b: 2, a: 1]"
        );
    }

    #[test]
    fn exits_and_throws_unwind() {
        assert_eq!(show("Kernel", "exit", vec![atom("bye")]), "** (exit) :bye");
        assert_eq!(
            show("Kernel", "throw", vec![atom("ball")]),
            "** (throw) :ball"
        );
    }

    #[test]
    fn spawned_processes_run_their_function() {
        let got = run(|mut cx| async move {
            let me = Term::Pid(cx.self_pid());
            let f = crate::term::fun::RustFun::term("t/0", 0, move |cx, _| {
                let me = me.clone();
                Box::pin(async move {
                    super::send(cx, vec![me, atom("hi")])?;
                    Ok(atom("ok"))
                })
            });
            let pid = cx
                .apply(
                    crate::term::Atom::module("Kernel"),
                    crate::term::Atom::new("spawn"),
                    vec![f],
                )
                .await
                .unwrap();
            let msg = cx.receive_any().await;
            (pid, msg)
        });
        assert!(matches!(got.0, Term::Pid(_)));
        assert_eq!(crate::term::inspect::inspect(&got.1), ":hi");
    }

    #[test]
    fn a_crashing_process_exits_with_the_error_and_its_stack() {
        let down = run(|mut cx| async move {
            let f = crate::term::fun::pure("t/0", 0, |_| {
                Err(crate::term::Exception::runtime_error("boom"))
            });
            let k = crate::term::Atom::module("Kernel");
            cx.apply(k, crate::term::Atom::new("spawn_monitor"), vec![f])
                .await
                .unwrap();
            cx.receive_any().await
        });
        let text = crate::term::inspect::inspect(&down);
        assert!(text.starts_with("{:DOWN, #Reference<"), "{text}");
        assert!(
            text.ends_with(":process, #PID<0.101.0>, {%RuntimeError{message: \"boom\"}, []}}"),
            "{text}"
        );
    }

    #[test]
    fn send_to_an_unknown_name_is_an_invalid_destination() {
        assert_eq!(
            show("Kernel", "send", vec![atom("nobody_here"), atom("hi")]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: invalid destination\n"
        );
    }
}
