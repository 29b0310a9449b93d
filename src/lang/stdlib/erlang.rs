//! `:erlang`: the BIFs Elixir code reaches directly (`:erlang.error/1`,
//! `:erlang.element/2`, ...) and the operators, which `&+/2` captures
//! (`&:erlang.+/2`). Errors are the BIFs' own, with their `:erlang` frame.

use super::errors::{badarg, plain_badarg};
use super::kernel;
use super::num;
use super::process;
use crate::otp::native::NativeModule;
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, Term};

type R = Result<Term, Exception>;

fn error(a: Vec<Term>) -> R {
    Err(Exception::error(a[0].clone()))
}

fn exit(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a.as_slice() {
        [reason] => Err(Exception::exit(reason.clone())),
        [Term::Pid(p), reason] => {
            cx.exit_signal(*p, reason.clone());
            Ok(Term::bool(true))
        }
        _ => Err(badarg("exit", a.clone(), &[(1, "not a pid")])),
    }
}

fn arith(op: &'static str) -> impl Fn(&Term, &Term) -> R {
    move |x, y| match op {
        "+" => num::add(x, y),
        "-" => num::sub(x, y),
        "*" => num::mul(x, y),
        "/" => num::fdiv(x, y),
        "div" => num::div(x, y),
        "rem" => num::rem(x, y),
        _ => num::bitwise(op, x, y),
    }
}

macro_rules! binary_op {
    ($name:ident, $op:expr) => {
        fn $name(a: Vec<Term>) -> R {
            arith($op)(&a[0], &a[1])
        }
    };
}

binary_op!(band, "band");
binary_op!(bor, "bor");
binary_op!(bxor, "bxor");
binary_op!(bsl, "bsl");
binary_op!(bsr, "bsr");

fn bnot(a: Vec<Term>) -> R {
    num::bnot(&a[0])
}

macro_rules! comparison {
    ($name:ident, $op:expr) => {
        fn $name(a: Vec<Term>) -> R {
            Ok(Term::bool(kernel::compare($op, &a[0], &a[1])))
        }
    };
}

comparison!(eq, "==");
comparison!(ne, "/=");
comparison!(exact_eq, "=:=");
comparison!(exact_ne, "=/=");
comparison!(lt, "<");
comparison!(gt, ">");
comparison!(le, "=<");
comparison!(ge, ">=");

fn bool_arg(t: &Term) -> Option<bool> {
    match t.as_atom() {
        Some(a) if a == atom::TRUE => Some(true),
        Some(a) if a == atom::FALSE => Some(false),
        _ => None,
    }
}

fn logic(name: &str, a: Vec<Term>, f: fn(bool, bool) -> bool) -> R {
    match (bool_arg(&a[0]), bool_arg(&a[1])) {
        (Some(x), Some(y)) => Ok(Term::bool(f(x, y))),
        _ => Err(plain_badarg(name, a)),
    }
}

fn and(a: Vec<Term>) -> R {
    logic("and", a, |x, y| x && y)
}

fn or(a: Vec<Term>) -> R {
    logic("or", a, |x, y| x || y)
}

fn xor(a: Vec<Term>) -> R {
    logic("xor", a, |x, y| x != y)
}

fn size(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Tuple(t) => Ok(Term::int(t.len() as i64)),
        Term::Binary(b) => Ok(Term::int(b.len() as i64)),
        _ => Err(badarg("size", a, &[(1, "not tuple or binary")])),
    }
}

fn text_arg<'a>(fun: &str, a: &'a [Term]) -> Result<&'a str, Exception> {
    match &a[0] {
        Term::Binary(_) => a[0]
            .as_str()
            .ok_or_else(|| badarg(fun, a.to_vec(), &[(1, "not a valid UTF-8 binary")])),
        _ => Err(badarg(fun, a.to_vec(), &[(1, "not a binary")])),
    }
}

fn atom_from(fun: &str, a: &[Term], name: &str) -> R {
    if name.chars().count() > 255 {
        return Err(Exception::raise(
            Atom::module("SystemLimitError"),
            "a system limit has been reached",
        )
        .with_stack(Term::list(vec![super::errors::erlang_frame(
            fun,
            a.to_vec(),
        )])));
    }
    Ok(Term::Atom(Atom::new(name)))
}

/// `:erlang.binary_to_atom/1,2`.
pub fn binary_to_atom(a: Vec<Term>) -> R {
    let name = text_arg("binary_to_atom", &a)?;
    atom_from("binary_to_atom", &a, name)
}

/// `:erlang.binary_to_existing_atom/1,2`.
pub fn binary_to_existing_atom(a: Vec<Term>) -> R {
    let name = text_arg("binary_to_existing_atom", &a)?;
    Atom::existing(name).map(Term::Atom).ok_or_else(|| {
        badarg(
            "binary_to_existing_atom",
            a.clone(),
            &[(1, "not an already existing atom")],
        )
    })
}

/// `:erlang.atom_to_binary/1,2`.
pub fn atom_to_binary(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Atom(x) => Ok(Term::string(x.name())),
        _ => Err(badarg("atom_to_binary", a, &[(1, "not an atom")])),
    }
}

fn atom_to_list(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Atom(x) => Ok(crate::term::build::charlist(x.name())),
        _ => Err(badarg("atom_to_list", a, &[(1, "not an atom")])),
    }
}

fn chars_of(fun: &str, a: &[Term]) -> Result<String, Exception> {
    let Some(items) = a[0].list_to_vec() else {
        return Err(badarg(fun, a.to_vec(), &[(1, "not a list")]));
    };
    items
        .iter()
        .map(|c| {
            c.as_int()
                .and_then(|c| u32::try_from(c).ok())
                .and_then(char::from_u32)
        })
        .collect::<Option<String>>()
        .ok_or_else(|| badarg(fun, a.to_vec(), &[(1, "not a list of characters")]))
}

fn list_to_atom(a: Vec<Term>) -> R {
    let name = chars_of("list_to_atom", &a)?;
    atom_from("list_to_atom", &a, &name)
}

fn list_to_existing_atom(a: Vec<Term>) -> R {
    let name = chars_of("list_to_existing_atom", &a)?;
    Atom::existing(&name).map(Term::Atom).ok_or_else(|| {
        badarg(
            "list_to_existing_atom",
            a.clone(),
            &[(1, "not an already existing atom")],
        )
    })
}

fn base_arg(fun: &str, a: &[Term]) -> Result<u32, Exception> {
    match a.get(1) {
        None => Ok(10),
        Some(Term::Int(b)) if (2..=36).contains(b) => Ok(*b as u32),
        Some(_) => {
            let mut problems = vec![];
            if fun.starts_with("integer") && !num::is_integer(&a[0]) {
                problems.push((1, "not an integer"));
            }
            problems.push((2, "not an integer in the range 2 through 36"));
            Err(badarg(fun, a.to_vec(), &problems))
        }
    }
}

/// `:erlang.integer_to_binary/1,2`.
pub fn integer_to_binary(a: Vec<Term>) -> R {
    let base = base_arg("integer_to_binary", &a)?;
    num::int_to_string(&a[0], base)
        .map(|s| Term::string(&s))
        .ok_or_else(|| badarg("integer_to_binary", a.clone(), &[(1, "not an integer")]))
}

fn integer_to_list(a: Vec<Term>) -> R {
    let base = base_arg("integer_to_list", &a)?;
    num::int_to_string(&a[0], base)
        .map(|s| crate::term::build::charlist(&s))
        .ok_or_else(|| badarg("integer_to_list", a.clone(), &[(1, "not an integer")]))
}

/// `:erlang.binary_to_integer/1,2`.
pub fn binary_to_integer(a: Vec<Term>) -> R {
    let base = base_arg("binary_to_integer", &a)?;
    let text = text_arg("binary_to_integer", &a)?;
    num::parse_int(text, base).map(Term::big).ok_or_else(|| {
        badarg(
            "binary_to_integer",
            a.clone(),
            &[(1, "not a textual representation of an integer")],
        )
    })
}

fn list_to_integer(a: Vec<Term>) -> R {
    let base = base_arg("list_to_integer", &a)?;
    let text = chars_of("list_to_integer", &a)?;
    num::parse_int(&text, base).map(Term::big).ok_or_else(|| {
        badarg(
            "list_to_integer",
            a.clone(),
            &[(1, "not a textual representation of an integer")],
        )
    })
}

/// Erlang's strict float syntax: digits, a dot, digits, an optional exponent.
pub fn parse_erlang_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    if let Some(e) = exp {
        if !digits(e.strip_prefix(['+', '-']).unwrap_or(e)) {
            return None;
        }
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `:erlang.binary_to_float/1`.
pub fn binary_to_float(a: Vec<Term>) -> R {
    let text = text_arg("binary_to_float", &a)?;
    parse_erlang_float(text).map(Term::Float).ok_or_else(|| {
        badarg(
            "binary_to_float",
            a.clone(),
            &[(1, "not a textual representation of a float")],
        )
    })
}

/// Erlang's default float text: `1.00000000000000000000e+00`.
pub fn erlang_float_text(f: f64, digits: usize) -> String {
    let s = format!("{f:.digits$e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

/// `:erlang.float_to_binary/1,2`.
pub fn float_to_binary(a: Vec<Term>) -> R {
    let Term::Float(f) = a[0] else {
        return Err(badarg("float_to_binary", a, &[(1, "not a float")]));
    };
    let opts = a.get(1).and_then(Term::list_to_vec).unwrap_or_default();
    let decimals = opts.iter().find_map(|o| match o.as_tuple() {
        Some([k, n]) if k.is_atom(Atom::new("decimals")) => Some(n.clone()),
        _ => None,
    });
    let decimals = match decimals {
        None => None,
        Some(Term::Int(n)) if (0..=253).contains(&n) => Some(n as usize),
        Some(_) => {
            return Err(badarg(
                "float_to_binary",
                a.clone(),
                &[(2, "invalid option in list")],
            ))
        }
    };
    let text = if opts.iter().any(|o| o.is_atom(Atom::new("short"))) {
        super::text::float_short(f)
    } else if let Some(n) = decimals {
        let s = format!("{f:.n$}");
        let compact = opts.iter().any(|o| o.is_atom(Atom::new("compact")));
        if compact && s.contains('.') {
            let t = s.trim_end_matches('0');
            if t.ends_with('.') {
                format!("{t}0")
            } else {
                t.to_owned()
            }
        } else {
            s
        }
    } else {
        erlang_float_text(f, 20)
    };
    Ok(Term::string(&text))
}

fn float(a: Vec<Term>) -> R {
    num::to_f64(&a[0])
        .map(Term::Float)
        .ok_or_else(|| badarg("float", a.clone(), &[(1, "not a number")]))
}

fn binary_to_list(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Binary(b) => Ok(Term::list(b.iter().map(|x| Term::int(*x as i64)).collect())),
        _ => Err(badarg("binary_to_list", a, &[(1, "not a binary")])),
    }
}

fn list_to_binary(a: Vec<Term>) -> R {
    let mut out = Vec::new();
    if a[0].is_list() && super::text::iodata(&a[0], &mut out) {
        Ok(Term::binary(&out))
    } else if a[0].is_list() {
        Err(badarg("list_to_binary", a, &[(1, "not an iolist term")]))
    } else {
        Err(badarg("list_to_binary", a, &[(1, "not a list")]))
    }
}

/// `:erlang.iolist_to_binary/1`.
pub fn iolist_to_binary(a: Vec<Term>) -> R {
    let mut out = Vec::new();
    if super::text::iodata(&a[0], &mut out) {
        Ok(Term::binary(&out))
    } else {
        Err(badarg("iolist_to_binary", a, &[(1, "not an iodata term")]))
    }
}

fn iolist_size(a: Vec<Term>) -> R {
    let mut out = Vec::new();
    if super::text::iodata(&a[0], &mut out) {
        Ok(Term::int(out.len() as i64))
    } else {
        Err(badarg("iolist_size", a, &[(1, "not an iodata term")]))
    }
}

/// `:erlang.tuple_to_list/1`.
pub fn tuple_to_list(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Tuple(t) => Ok(Term::list(t.to_vec())),
        _ => Err(badarg("tuple_to_list", a, &[(1, "not a tuple")])),
    }
}

/// `:erlang.list_to_tuple/1`.
pub fn list_to_tuple(a: Vec<Term>) -> R {
    a[0].list_to_vec()
        .map(Term::tuple)
        .ok_or_else(|| badarg("list_to_tuple", a.clone(), &[(1, "not a list")]))
}

/// `:erlang.make_tuple/2`.
pub fn make_tuple(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Int(n) if (0..=16_777_215).contains(n) => {
            Ok(Term::tuple(vec![a[1].clone(); *n as usize]))
        }
        Term::Int(_) => Err(badarg("make_tuple", a, &[(1, "out of range")])),
        _ => Err(badarg("make_tuple", a, &[(1, "not an integer")])),
    }
}

/// `:erlang.append_element/2`.
pub fn append_element(a: Vec<Term>) -> R {
    match &a[0] {
        Term::Tuple(t) => {
            let mut items = t.to_vec();
            items.push(a[1].clone());
            Ok(Term::tuple(items))
        }
        _ => Err(badarg("append_element", a, &[(1, "not a tuple")])),
    }
}

/// `:erlang.insert_element/3` (1-based).
pub fn insert_element(a: Vec<Term>) -> R {
    let Term::Tuple(t) = &a[1] else {
        return Err(badarg("insert_element", a, &[(2, "not a tuple")]));
    };
    match &a[0] {
        Term::Int(i) if *i >= 1 && (*i as usize) <= t.len() + 1 => {
            let mut items = t.to_vec();
            items.insert(*i as usize - 1, a[2].clone());
            Ok(Term::tuple(items))
        }
        Term::Int(_) => Err(badarg("insert_element", a, &[(1, "out of range")])),
        _ => Err(badarg("insert_element", a, &[(1, "not an integer")])),
    }
}

/// `:erlang.delete_element/2` (1-based).
pub fn delete_element(a: Vec<Term>) -> R {
    let Term::Tuple(t) = &a[1] else {
        return Err(badarg("delete_element", a, &[(2, "not a tuple")]));
    };
    match &a[0] {
        Term::Int(i) if *i >= 1 && (*i as usize) <= t.len() => {
            let mut items = t.to_vec();
            items.remove(*i as usize - 1);
            Ok(Term::tuple(items))
        }
        Term::Int(_) => Err(badarg("delete_element", a, &[(1, "out of range")])),
        _ => Err(badarg("delete_element", a, &[(1, "not an integer")])),
    }
}

fn element(a: Vec<Term>) -> R {
    kernel::element(&a[0], &a[1])
}

fn setelement(a: Vec<Term>) -> R {
    kernel::setelement(&a[0], &a[1], &a[2])
}

fn is_map_key(a: Vec<Term>) -> R {
    kernel::is_map_key(vec![a[1].clone(), a[0].clone()])
}

fn map_get(a: Vec<Term>) -> R {
    match &a[1] {
        Term::Map(m) => m.get(&a[0]).cloned().ok_or_else(|| {
            super::errors::key_error(
                &a[0],
                &a[1],
                vec![super::errors::erlang_frame("map_get", a.clone())],
            )
        }),
        other => Err(super::errors::bad_map(
            other,
            vec![super::errors::erlang_frame("map_get", a.clone())],
        )),
    }
}

/// The time units of `monotonic_time/1` and friends, per second.
pub fn unit_per_second(unit: &Term) -> Option<i64> {
    match unit {
        Term::Int(n) if *n > 0 => Some(*n),
        Term::Atom(a) => match a.name() {
            "second" | "seconds" => Some(1),
            "millisecond" | "milli_seconds" => Some(1_000),
            "microsecond" | "micro_seconds" => Some(1_000_000),
            "nanosecond" | "nano_seconds" | "native" => Some(1_000_000_000),
            "perf_counter" => Some(1_000_000_000),
            _ => None,
        },
        _ => None,
    }
}

/// `value` (in `from` units per second) converted to `to`, rounding down.
pub fn convert_units(value: i64, from: i64, to: i64) -> i64 {
    let v = i128::from(value) * i128::from(to);
    v.div_euclid(i128::from(from)) as i64
}

#[derive(Default)]
struct Clock {
    start: parking_lot::Mutex<Option<tokio::time::Instant>>,
}

/// Nanoseconds of monotonic time (virtual time in a deterministic node).
pub fn monotonic_nanos(cx: &Ctx) -> i64 {
    let clock = cx.node().extension::<Clock>();
    let mut start = clock.start.lock();
    let start = *start.get_or_insert_with(tokio::time::Instant::now);
    let elapsed = tokio::time::Instant::now().saturating_duration_since(start);
    elapsed.as_nanos() as i64 - 576_460_752_303_423_488
}

/// Nanoseconds since the Unix epoch.
pub fn system_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

fn timed(fun: &str, a: &[Term], nanos: i64) -> R {
    let unit = match a.first() {
        None => 1_000_000_000,
        Some(u) => unit_per_second(u)
            .ok_or_else(|| badarg(fun, a.to_vec(), &[(1, "invalid time unit")]))?,
    };
    Ok(Term::int(convert_units(nanos, 1_000_000_000, unit)))
}

fn monotonic_time(cx: &mut Ctx, a: Vec<Term>) -> R {
    timed("monotonic_time", &a, monotonic_nanos(cx))
}

fn system_time(_cx: &mut Ctx, a: Vec<Term>) -> R {
    timed("system_time", &a, system_nanos())
}

fn convert_time_unit(a: Vec<Term>) -> R {
    let (Some(v), Some(from), Some(to)) = (
        a[0].as_int(),
        unit_per_second(&a[1]),
        unit_per_second(&a[2]),
    ) else {
        return Err(badarg("convert_time_unit", a, &[(1, "not an integer")]));
    };
    Ok(Term::int(convert_units(v, from, to)))
}

#[derive(Default)]
struct Unique {
    next: std::sync::atomic::AtomicI64,
}

/// `:erlang.unique_integer/0,1`.
pub fn unique_integer(cx: &mut Ctx, a: Vec<Term>) -> R {
    let u = cx.node().extension::<Unique>();
    let n = u.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let positive = a
        .first()
        .and_then(Term::list_to_vec)
        .unwrap_or_default()
        .iter()
        .any(|o| o.is_atom(Atom::new("positive")));
    Ok(Term::int(if positive {
        n + 1
    } else {
        n - 576_460_752_303_423_488
    }))
}

/// A stable hash of a term in `0..range` (not the BEAM's `phash2` values).
pub fn phash2(a: Vec<Term>) -> R {
    let range = match a.get(1) {
        None => 1 << 27,
        Some(Term::Int(n)) if *n >= 1 && *n <= (1 << 32) => *n as u64,
        Some(_) => return Err(badarg("phash2", a.clone(), &[(1, "out of range")])),
    };
    let text = crate::term::inspect::inspect(&a[0]);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    Ok(Term::int((h % range) as i64))
}

fn whereis(cx: &mut Ctx, a: Vec<Term>) -> R {
    let Some(name) = a[0].as_atom() else {
        return Err(badarg("whereis", a, &[(1, "not an atom")]));
    };
    Ok(cx
        .node()
        .whereis(name)
        .map(Term::Pid)
        .unwrap_or(Term::atom(atom::UNDEFINED)))
}

fn register(cx: &mut Ctx, a: Vec<Term>) -> R {
    let name = match a[0].as_atom() {
        Some(n) if n != atom::UNDEFINED => n,
        _ => return Err(badarg("register", a, &[(1, "not an atom")])),
    };
    let Some(pid) = a[1].as_pid() else {
        return Err(badarg("register", a, &[(2, "not a pid or port")]));
    };
    use crate::runtime::NameError;
    match cx.node().register(name, pid) {
        Ok(()) => Ok(Term::bool(true)),
        Err(NameError::Taken(_)) => Err(badarg("register", a, &[(1, "name is in use")])),
        Err(NameError::AlreadyNamed) => Err(badarg(
            "register",
            a,
            &[(2, "this process or port already has a name")],
        )),
        Err(NameError::NotAlive) => Err(badarg(
            "register",
            a,
            &[(2, "the pid does not refer to an existing process")],
        )),
    }
}

fn unregister(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[0].as_atom() {
        Some(name) if cx.node().unregister(name) => Ok(Term::bool(true)),
        _ => Err(badarg("unregister", a, &[(1, "not a pid")])),
    }
}

fn is_process_alive(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[0].as_pid() {
        Some(p) => Ok(Term::bool(cx.node().is_alive(p))),
        None => Err(badarg("is_process_alive", a, &[(1, "not a pid")])),
    }
}

fn link(cx: &mut Ctx, a: Vec<Term>) -> R {
    process::link(cx, a)
}

fn unlink(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a[0].as_pid() {
        Some(p) => {
            cx.unlink(p);
            Ok(Term::bool(true))
        }
        None => Err(badarg("unlink", a, &[(1, "not a pid")])),
    }
}

fn monitor(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !a[0].is_atom(atom::PROCESS) {
        return Err(badarg("monitor", a, &[(1, "invalid monitor type")]));
    }
    process::monitor(cx, vec![a[1].clone()])
}

fn process_flag(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !a[0].is_atom(atom::TRAP_EXIT) {
        return Err(badarg("process_flag", a, &[(1, "invalid process flag")]));
    }
    match a[1].as_atom() {
        Some(b) if b.is_boolean() => Ok(Term::bool(cx.trap_exit(b == atom::TRUE))),
        _ => Err(badarg(
            "process_flag",
            a,
            &[(2, "invalid value for this process flag")],
        )),
    }
}

fn process_info(cx: &mut Ctx, a: Vec<Term>) -> R {
    if a[0].as_pid().is_none() {
        return Err(badarg("process_info", a, &[(1, "not a pid")]));
    }
    match process::info(cx, a)? {
        t if t.is_atom(atom::NIL) => Ok(Term::atom(atom::UNDEFINED)),
        t => Ok(t),
    }
}

fn send_after(cx: &mut Ctx, a: Vec<Term>) -> R {
    Ok(Term::Ref(process::send_after(
        cx,
        &a[1],
        a[2].clone(),
        &a[0],
    )?))
}

fn erase(cx: &mut Ctx, a: Vec<Term>) -> R {
    match a.first() {
        Some(_) => process::delete(cx, a),
        None => {
            let all = process::get(cx, vec![])?;
            for pair in all.list_to_vec().unwrap_or_default() {
                if let Some([k, _]) = pair.as_tuple() {
                    process::delete(cx, vec![k.clone()])?;
                }
            }
            Ok(all)
        }
    }
}

fn processes(cx: &mut Ctx, _a: Vec<Term>) -> R {
    Ok(Term::list(
        cx.node().processes().into_iter().map(Term::Pid).collect(),
    ))
}

fn display(cx: &mut Ctx, a: Vec<Term>) -> R {
    let text = format!("{}\n", erlang_text(&a[0]));
    crate::otp::logger::Console::of(cx.node()).write(&text);
    Ok(Term::bool(true))
}

fn erlang_atom(a: Atom) -> String {
    let name = a.name();
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
    if plain {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(",")
}

/// A term in Erlang's syntax, as `:erlang.display/1` writes it.
pub fn erlang_text(t: &Term) -> String {
    match t {
        Term::Int(_) | Term::Big(_) => crate::term::inspect::inspect(t),
        Term::Float(f) => erlang_float_text(*f, 6),
        Term::Atom(a) => erlang_atom(*a),
        Term::Binary(b) => match std::str::from_utf8(b) {
            Ok(s) if s.chars().all(|c| !c.is_control()) => format!("<<\"{s}\">>"),
            _ => format!("<<{}>>", join(b.iter().map(|x| x.to_string()))),
        },
        Term::Pid(p) => format!("<0.{}.0>", p.0),
        Term::Ref(r) => format!("#Ref<0.0.0.{}>", r.0),
        Term::Fun(f) => format!("#Fun<{}>", f.inspect()),
        Term::Tuple(items) => format!("{{{}}}", join(items.iter().map(erlang_text))),
        Term::Nil => "[]".to_owned(),
        Term::List(l) => {
            let (items, tail) = l.split_improper();
            let body = join(items.iter().map(erlang_text));
            match tail {
                Some(t) => format!("[{body}|{}]", erlang_text(&t)),
                None => format!("[{body}]"),
            }
        }
        Term::Map(m) => format!(
            "#{{{}}}",
            join(
                m.iter()
                    .map(|(k, v)| format!("{} => {}", erlang_text(k), erlang_text(v)))
            )
        ),
    }
}

fn first_two(a: Vec<Term>) -> Vec<Term> {
    a.into_iter().take(2).collect()
}

fn send3(cx: &mut Ctx, a: Vec<Term>) -> R {
    kernel::send(cx, first_two(a))?;
    Ok(Term::ok())
}

fn send_after4(cx: &mut Ctx, a: Vec<Term>) -> R {
    send_after(cx, a.into_iter().take(3).collect())
}

fn cancel_timer2(cx: &mut Ctx, a: Vec<Term>) -> R {
    process::cancel_timer(cx, a.into_iter().take(1).collect())
}

fn read_timer2(cx: &mut Ctx, a: Vec<Term>) -> R {
    process::read_timer(cx, a.into_iter().take(1).collect())
}

fn monitor3(cx: &mut Ctx, a: Vec<Term>) -> R {
    monitor(cx, first_two(a))
}

/// `spawn/2,4` and friends on a node: riex has one node, `node()`.
fn on_node(a: &[Term], fun: &str) -> Result<Vec<Term>, Exception> {
    match a.first() {
        Some(Term::Atom(_)) => Ok(a[1..].to_vec()),
        _ => Err(badarg(fun, a.to_vec(), &[(1, "not an atom")])),
    }
}

fn spawn_on(cx: &mut Ctx, a: Vec<Term>) -> R {
    kernel::spawn(cx, on_node(&a, "spawn")?)
}

fn spawn_link_on(cx: &mut Ctx, a: Vec<Term>) -> R {
    kernel::spawn_link(cx, on_node(&a, "spawn_link")?)
}

fn spawn_monitor_on(cx: &mut Ctx, a: Vec<Term>) -> R {
    kernel::spawn_monitor(cx, on_node(&a, "spawn_monitor")?)
}

fn binary_part2(a: Vec<Term>) -> R {
    match a[1].as_tuple() {
        Some([start, len]) => kernel::binary_part(vec![a[0].clone(), start.clone(), len.clone()]),
        _ => Err(badarg("binary_part", a, &[(2, "not a tuple")])),
    }
}

/// `:erlang.process_flag/3` (`Process.flag/3`): only `:save_calls` exists.
pub fn process_flag3(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !a[0].as_pid().is_some_and(|p| cx.node().is_alive(p)) {
        return Err(badarg("process_flag", a, &[(1, "not a pid")]));
    }
    if !a[1].is_atom(Atom::new("save_calls")) {
        return Err(badarg("process_flag", a, &[(2, "invalid process flag")]));
    }
    Ok(Term::int(0))
}

fn garbage_collect(_a: Vec<Term>) -> R {
    Ok(Term::bool(true))
}

/// The `:erlang` module.
pub fn module() -> NativeModule {
    let m = NativeModule::new(atom::ERLANG);
    let m = kernel::type_guards(m);
    let m = operators(m);
    let m = conversions(m);
    let m = data(m);
    processes_and_time(m)
}

fn operators(m: NativeModule) -> NativeModule {
    m.export_native("+", 1, pure!(kernel::add))
        .export_native("+", 2, pure!(kernel::add))
        .export_native("-", 1, pure!(kernel::sub))
        .export_native("-", 2, pure!(kernel::sub))
        .export_native("*", 2, pure!(kernel::mul))
        .export_native("/", 2, pure!(kernel::fdiv))
        .export_native("div", 2, pure!(kernel::div))
        .export_native("rem", 2, pure!(kernel::rem))
        .export_native("band", 2, pure!(band))
        .export_native("bor", 2, pure!(bor))
        .export_native("bxor", 2, pure!(bxor))
        .export_native("bsl", 2, pure!(bsl))
        .export_native("bsr", 2, pure!(bsr))
        .export_native("bnot", 1, pure!(bnot))
        .export_native("==", 2, pure!(eq))
        .export_native("/=", 2, pure!(ne))
        .export_native("=:=", 2, pure!(exact_eq))
        .export_native("=/=", 2, pure!(exact_ne))
        .export_native("<", 2, pure!(lt))
        .export_native(">", 2, pure!(gt))
        .export_native("=<", 2, pure!(le))
        .export_native(">=", 2, pure!(ge))
        .export_native("++", 2, pure!(kernel::append))
        .export_native("--", 2, pure!(kernel::subtract))
        .export_native("append", 2, pure!(kernel::append))
        .export_native("subtract", 2, pure!(kernel::subtract))
        .export_native("not", 1, pure!(kernel::not))
        .export_native("and", 2, pure!(and))
        .export_native("or", 2, pure!(or))
        .export_native("xor", 2, pure!(xor))
        .export_native("abs", 1, pure!(kernel::abs))
        .export_native("round", 1, pure!(kernel::round))
        .export_native("trunc", 1, pure!(kernel::trunc))
        .export_native("floor", 1, pure!(kernel::floor))
        .export_native("ceil", 1, pure!(kernel::ceil))
        .export_native("max", 2, pure!(kernel::max))
        .export_native("min", 2, pure!(kernel::min))
}

fn conversions(m: NativeModule) -> NativeModule {
    m.export_native("binary_to_atom", 1, pure!(binary_to_atom))
        .export_native("binary_to_atom", 2, pure!(binary_to_atom))
        .export_native("binary_to_existing_atom", 1, pure!(binary_to_existing_atom))
        .export_native("binary_to_existing_atom", 2, pure!(binary_to_existing_atom))
        .export_native("atom_to_binary", 1, pure!(atom_to_binary))
        .export_native("atom_to_binary", 2, pure!(atom_to_binary))
        .export_native("atom_to_list", 1, pure!(atom_to_list))
        .export_native("list_to_atom", 1, pure!(list_to_atom))
        .export_native("list_to_existing_atom", 1, pure!(list_to_existing_atom))
        .export_native("integer_to_binary", 1, pure!(integer_to_binary))
        .export_native("integer_to_binary", 2, pure!(integer_to_binary))
        .export_native("integer_to_list", 1, pure!(integer_to_list))
        .export_native("integer_to_list", 2, pure!(integer_to_list))
        .export_native("binary_to_integer", 1, pure!(binary_to_integer))
        .export_native("binary_to_integer", 2, pure!(binary_to_integer))
        .export_native("list_to_integer", 1, pure!(list_to_integer))
        .export_native("list_to_integer", 2, pure!(list_to_integer))
        .export_native("binary_to_float", 1, pure!(binary_to_float))
        .export_native("float_to_binary", 1, pure!(float_to_binary))
        .export_native("float_to_binary", 2, pure!(float_to_binary))
        .export_native("float", 1, pure!(float))
        .export_native("binary_to_list", 1, pure!(binary_to_list))
        .export_native("list_to_binary", 1, pure!(list_to_binary))
        .export_native("iolist_to_binary", 1, pure!(iolist_to_binary))
        .export_native("iolist_size", 1, pure!(iolist_size))
        .export_native("tuple_to_list", 1, pure!(tuple_to_list))
        .export_native("list_to_tuple", 1, pure!(list_to_tuple))
}

fn data(m: NativeModule) -> NativeModule {
    m.export_native("element", 2, pure!(element))
        .export_native("setelement", 3, pure!(setelement))
        .export_native("make_tuple", 2, pure!(make_tuple))
        .export_native("append_element", 2, pure!(append_element))
        .export_native("insert_element", 3, pure!(insert_element))
        .export_native("delete_element", 2, pure!(delete_element))
        .export_native("hd", 1, pure!(kernel::hd))
        .export_native("tl", 1, pure!(kernel::tl))
        .export_native("length", 1, pure!(kernel::length))
        .export_native("tuple_size", 1, pure!(kernel::tuple_size))
        .export_native("map_size", 1, pure!(kernel::map_size))
        .export_native("byte_size", 1, pure!(kernel::byte_size))
        .export_native("bit_size", 1, pure!(kernel::bit_size))
        .export_native("size", 1, pure!(size))
        .export_native("binary_part", 3, pure!(kernel::binary_part))
        .export_native("is_map_key", 2, pure!(is_map_key))
        .export_native("map_get", 2, pure!(map_get))
        .export_native("phash2", 1, pure!(phash2))
        .export_native("phash2", 2, pure!(phash2))
        .export_native("error", 1, pure!(error))
        .export_native("error", 2, pure!(error))
        .export_native("error", 3, pure!(error))
        .export_native("throw", 1, pure!(kernel::throw))
        .export_native("garbage_collect", 0, pure!(garbage_collect))
        .export_native("garbage_collect", 1, pure!(garbage_collect))
        .export_native("garbage_collect", 2, pure!(garbage_collect))
        .export_native("binary_part", 2, pure!(binary_part2))
}

fn processes_and_time(m: NativeModule) -> NativeModule {
    m.export_native("self", 0, with_cx!(kernel::self_fn))
        .export_native("node", 0, pure!(kernel::node))
        .export_native("node", 1, pure!(kernel::node_of))
        .export_native("make_ref", 0, with_cx!(kernel::make_ref))
        .export_native("send", 2, with_cx!(kernel::send))
        .export_native("send", 3, with_cx!(send3))
        .export_native("!", 2, with_cx!(kernel::send))
        .export_native("exit", 1, with_cx!(exit))
        .export_native("exit", 2, with_cx!(exit))
        .export_native("spawn", 1, with_cx!(kernel::spawn))
        .export_native("spawn", 3, with_cx!(kernel::spawn))
        .export_native("spawn_link", 1, with_cx!(kernel::spawn_link))
        .export_native("spawn_link", 3, with_cx!(kernel::spawn_link))
        .export_native("spawn_monitor", 1, with_cx!(kernel::spawn_monitor))
        .export_native("spawn_monitor", 3, with_cx!(kernel::spawn_monitor))
        .export_native("spawn", 2, with_cx!(spawn_on))
        .export_native("spawn", 4, with_cx!(spawn_on))
        .export_native("spawn_link", 2, with_cx!(spawn_link_on))
        .export_native("spawn_link", 4, with_cx!(spawn_link_on))
        .export_native("spawn_monitor", 2, with_cx!(spawn_monitor_on))
        .export_native("spawn_monitor", 4, with_cx!(spawn_monitor_on))
        .export("apply", 2, suspending!(kernel::apply))
        .export("apply", 3, suspending!(kernel::apply))
        .export_native("whereis", 1, with_cx!(whereis))
        .export_native("register", 2, with_cx!(register))
        .export_native("unregister", 1, with_cx!(unregister))
        .export_native("is_process_alive", 1, with_cx!(is_process_alive))
        .export_native("link", 1, with_cx!(link))
        .export_native("unlink", 1, with_cx!(unlink))
        .export_native("monitor", 2, with_cx!(monitor))
        .export_native("monitor", 3, with_cx!(monitor3))
        .export_native("demonitor", 1, with_cx!(process::demonitor))
        .export_native("demonitor", 2, with_cx!(process::demonitor))
        .export_native("process_flag", 2, with_cx!(process_flag))
        .export_native("process_flag", 3, with_cx!(process_flag3))
        .export_native("process_info", 1, with_cx!(process_info))
        .export_native("process_info", 2, with_cx!(process_info))
        .export_native("processes", 0, with_cx!(processes))
        .export_native("send_after", 3, with_cx!(send_after))
        .export_native("send_after", 4, with_cx!(send_after4))
        .export_native("cancel_timer", 1, with_cx!(process::cancel_timer))
        .export_native("cancel_timer", 2, with_cx!(cancel_timer2))
        .export_native("read_timer", 1, with_cx!(process::read_timer))
        .export_native("read_timer", 2, with_cx!(read_timer2))
        .export_native("put", 2, with_cx!(process::put))
        .export_native("get", 0, with_cx!(process::get))
        .export_native("get", 1, with_cx!(process::get))
        .export_native("erase", 0, with_cx!(erase))
        .export_native("erase", 1, with_cx!(erase))
        .export_native("display", 1, with_cx!(display))
        .export_native("monotonic_time", 0, with_cx!(monotonic_time))
        .export_native("monotonic_time", 1, with_cx!(monotonic_time))
        .export_native("system_time", 0, with_cx!(system_time))
        .export_native("system_time", 1, with_cx!(system_time))
        .export_native("convert_time_unit", 3, pure!(convert_time_unit))
        .export_native("unique_integer", 0, with_cx!(unique_integer))
        .export_native("unique_integer", 1, with_cx!(unique_integer))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn error_raises_the_bare_reason() {
        assert_eq!(
            show(":erlang", "error", vec![atom("foo")]),
            "** (ErlangError) Erlang error: :foo"
        );
        assert_eq!(
            show(":erlang", "error", vec![atom("badarith")]),
            "** (ArithmeticError) bad argument in arithmetic expression"
        );
    }

    #[test]
    fn conversions_match_the_bifs() {
        assert_eq!(
            show(":erlang", "integer_to_binary", vec![int(255), int(16)]),
            "\"FF\""
        );
        assert_eq!(show(":erlang", "binary_to_integer", vec![s("-42")]), "-42");
        assert_eq!(
            show(":erlang", "binary_to_integer", vec![s("abc")]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n"
        );
        assert_eq!(
            show(":erlang", "integer_to_binary", vec![atom("a"), int(99)]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not an integer\n  * 2nd argument: not an integer in the range 2 through 36\n"
        );
        assert_eq!(
            show(":erlang", "binary_to_float", vec![s("1.5e3")]),
            "1500.0"
        );
        assert!(show(":erlang", "binary_to_float", vec![s("1")])
            .contains("not a textual representation of a float"));
        assert_eq!(
            show(":erlang", "float_to_binary", vec![Term::Float(1.0)]),
            "\"1.00000000000000000000e+00\""
        );
        assert_eq!(
            show(":erlang", "atom_to_binary", vec![atom("ok")]),
            "\"ok\""
        );
        assert_eq!(
            show(":erlang", "list_to_atom", vec![ints(&[104, 105])]),
            ":hi"
        );
    }

    #[test]
    fn operators_are_functions() {
        assert_eq!(show(":erlang", "+", vec![int(1), int(2)]), "3");
        assert_eq!(show(":erlang", "=<", vec![int(1), int(2)]), "true");
        assert_eq!(
            show(":erlang", "=:=", vec![int(1), Term::Float(1.0)]),
            "false"
        );
        assert_eq!(show(":erlang", "band", vec![int(6), int(3)]), "2");
        assert_eq!(
            show(":erlang", "band", vec![int(1), atom("a")]),
            "** (ArithmeticError) bad argument in arithmetic expression: Bitwise.band(1, :a)"
        );
        assert_eq!(
            show(":erlang", "and", vec![int(1), Term::bool(true)]),
            "** (ArgumentError) argument error"
        );
    }

    #[test]
    fn whereis_answers_undefined() {
        assert_eq!(
            show(":erlang", "whereis", vec![atom("nobody")]),
            ":undefined"
        );
    }

    #[test]
    fn display_writes_erlang_syntax() {
        let t = Term::tuple([atom("a"), s("b"), ints(&[1]), atom("Elixir.Foo")]);
        assert_eq!(erlang_text(&t), "{a,<<\"b\">>,[1],'Elixir.Foo'}");
    }

    #[test]
    fn time_units_convert() {
        assert_eq!(
            show(
                ":erlang",
                "convert_time_unit",
                vec![int(1), atom("second"), atom("millisecond")]
            ),
            "1000"
        );
        assert_eq!(
            show(":erlang", "monotonic_time", vec![atom("foo")]),
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: invalid time unit\n"
        );
    }
}
