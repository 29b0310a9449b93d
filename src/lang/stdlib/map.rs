//! `Map`: key-value maps. Keys compare exactly (`1` and `1.0` are two keys).
//! A non-map argument raises `BadMapError` under the frame iex shows: the
//! compiler inlines `Map.fetch!/2`, `Map.put/3`, `Map.keys/1` and others into
//! `:maps` functions, which are then the only frame (`:maps.get(:a, %{})`).

use super::enumerable::{self, pair};
use super::errors::{
    add_frame, argument_error, bad_map, elixir_frame, erlang_frame, function_clause, key_error,
    stdlib_frame, Def,
};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::{atom, Atom, Exception, TMap, Term};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "Map",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/map.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    UPDATE,
    "update",
    4,
    684,
    ["update(map, key, default, fun) when is_function(fun, 1)"]
);
def!(
    FILTER,
    "filter",
    2,
    1068,
    ["filter(map, fun) when is_map(map) and is_function(fun, 1)"]
);
def!(
    REJECT,
    "reject",
    2,
    1098,
    ["reject(map, fun) when is_map(map) and is_function(fun, 1)"]
);
def!(
    FROM_STRUCT,
    "from_struct",
    1,
    999,
    [
        "from_struct(struct) when is_atom(struct)",
        "from_struct(%_{} = struct)",
    ]
);
def!(
    GET_LAZY,
    "get_lazy",
    3,
    561,
    ["get_lazy(map, key, fun) when is_function(fun, 0)"]
);
def!(
    MERGE3,
    "merge",
    3,
    650,
    ["merge(map1, map2, fun) when is_function(fun, 3)"]
);

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[&UPDATE, &FILTER, &REJECT, &FROM_STRUCT, &GET_LAZY, &MERGE3];

fn frame(fun: &str, arity: i64, line: i64) -> Term {
    elixir_frame("Map", fun, Term::int(arity), "lib/map.ex", line)
}

/// The map, or `BadMapError` raised in `frames`.
fn map_of(t: &Term, frames: impl FnOnce() -> Vec<Term>) -> Result<&TMap, Exception> {
    t.as_map().ok_or_else(|| bad_map(t, frames()))
}

fn new(_a: Vec<Term>) -> R {
    Ok(Term::Map(TMap::new()))
}

fn pairs_map(items: Vec<Term>, caller: Term) -> R {
    let mut m = TMap::new();
    for item in &items {
        match pair(item) {
            Some((k, v)) => m.insert(k, v),
            None => {
                let at = stdlib_frame("maps", "from_list", vec![Term::list(items.clone())]);
                return Err(argument_error("argument error", vec![at, caller]));
            }
        }
    }
    Ok(Term::Map(m))
}

async fn new_from(cx: &mut Ctx, a: Vec<Term>) -> R {
    if let (Term::Map(_), None) = (&a[0], a.get(1)) {
        if a[0].struct_name().is_none() {
            return Ok(a[0].clone());
        }
    }
    let mut items = match a.get(1) {
        // Elixir maps through `Enum.map/2`: a large map in fold order.
        Some(_) => enumerable::iter_reduced(cx, &a[0]).await?.collect(),
        None => enumerable::to_vec(cx, &a[0]).await?,
    };
    if let Some(f) = a.get(1) {
        let mut mapped = Vec::with_capacity(items.len());
        for x in items {
            mapped.push(apply_fun(cx, f, vec![x]).await?);
        }
        items = mapped;
    }
    pairs_map(items, frame("new", a.len() as i64, 221))
}

fn get(a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let m = map_of(&a[0], || {
        let args = vec![a[0].clone(), a[1].clone(), default.clone()];
        vec![elixir_frame(
            "Map",
            "get",
            Term::list(args),
            "lib/map.ex",
            534,
        )]
    })?;
    Ok(m.get(&a[1]).cloned().unwrap_or(default))
}

async fn get_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !matches!(&a[2], Term::Fun(f) if f.arity() == 0) {
        return Err(function_clause(&GET_LAZY, a));
    }
    let m = map_of(&a[0], || vec![frame("get_lazy", 3, 562)])?;
    match m.get(&a[1]) {
        Some(v) => Ok(v.clone()),
        None => apply_fun(cx, &a[2], vec![]).await,
    }
}

fn put(mut a: Vec<Term>) -> R {
    // The map taken out of the arguments: when the caller passed its last
    // reference, the update happens in place.
    if let [Term::Map(_), _, _] = &a[..] {
        let (value, key) = (a.pop().unwrap_or(Term::Nil), a.pop().unwrap_or(Term::Nil));
        if let Some(Term::Map(mut m)) = a.pop() {
            m.insert(key, value);
            return Ok(Term::Map(m));
        }
        unreachable!("checked to be a map");
    }
    let m = map_of(&a[0], || {
        vec![stdlib_frame(
            "maps",
            "put",
            vec![a[1].clone(), a[2].clone(), a[0].clone()],
        )]
    })?;
    Ok(Term::Map(m.put(a[1].clone(), a[2].clone())))
}

fn put_new(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("put_new", 3, 344)])?;
    if m.get(&a[1]).is_some() {
        return Ok(a[0].clone());
    }
    Ok(Term::Map(m.put(a[1].clone(), a[2].clone())))
}

async fn put_new_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("put_new_lazy", 3, 370)])?.clone();
    if m.get(&a[1]).is_some() {
        return Ok(a[0].clone());
    }
    let v = apply_fun(cx, &a[2], vec![]).await?;
    Ok(Term::Map(m.put(a[1].clone(), v)))
}

fn fetch(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || {
        vec![stdlib_frame(
            "maps",
            "find",
            vec![a[1].clone(), a[0].clone()],
        )]
    })?;
    Ok(match m.get(&a[1]) {
        Some(v) => Term::ok_tuple(v.clone()),
        None => Term::atom(atom::ERROR),
    })
}

fn fetch_bang(a: Vec<Term>) -> R {
    let at = || stdlib_frame("maps", "get", vec![a[1].clone(), a[0].clone()]);
    let m = map_of(&a[0], || vec![at()])?;
    m.get(&a[1])
        .cloned()
        .ok_or_else(|| key_error(&a[1], &a[0], vec![at()]))
}

fn has_key(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || {
        vec![stdlib_frame(
            "maps",
            "is_key",
            vec![a[1].clone(), a[0].clone()],
        )]
    })?;
    Ok(Term::bool(m.get(&a[1]).is_some()))
}

fn delete(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || {
        vec![stdlib_frame(
            "maps",
            "remove",
            vec![a[1].clone(), a[0].clone()],
        )]
    })?;
    Ok(Term::Map(m.remove(&a[1])))
}

fn keys(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![stdlib_frame("maps", "keys", a.clone())])?;
    Ok(Term::list(m.keys().cloned().collect()))
}

fn values(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![stdlib_frame("maps", "values", a.clone())])?;
    Ok(Term::list(m.values().cloned().collect()))
}

fn to_list(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![stdlib_frame("maps", "to_list", a.clone())])?;
    Ok(Term::list(
        m.iter()
            .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
            .collect(),
    ))
}

fn size(a: Vec<Term>) -> R {
    super::kernel::map_size(a)
}

fn two_maps(a: &[Term]) -> Result<(TMap, TMap), Exception> {
    let frames = || {
        let mut frames = vec![stdlib_frame(
            "maps",
            "merge",
            vec![a[0].clone(), a[1].clone()],
        )];
        if a.len() == 3 {
            frames.push(frame("merge", 3, 651));
        }
        frames
    };
    let x = map_of(&a[0], frames)?.clone();
    let y = map_of(&a[1], frames)?.clone();
    Ok((x, y))
}

async fn merge(cx: &mut Ctx, a: Vec<Term>) -> R {
    if let Some(f) = a.get(2) {
        if !matches!(f, Term::Fun(fun) if fun.arity() == 3) {
            return Err(function_clause(&MERGE3, a));
        }
    }
    let (x, y) = two_maps(&a)?;
    let Some(f) = a.get(2) else {
        // The smaller map's keys go into (a path-copied version of) the
        // larger: O(small * log large).
        if y.len() > x.len() {
            let mut out = y.clone();
            for (k, v) in x.iter().filter(|(k, _)| y.get(k).is_none()) {
                out.insert(k.clone(), v.clone());
            }
            return Ok(Term::Map(out));
        }
        let mut out = x;
        for (k, v) in y.iter() {
            out.insert(k.clone(), v.clone());
        }
        return Ok(Term::Map(out));
    };
    // As Elixir's: the smaller map folded (`:maps.fold/3` order) into the
    // larger, `fun` called on the keys both have.
    let x_into_y = x.len() <= y.len();
    let (small, mut out) = if x_into_y {
        (x, y.clone())
    } else {
        (y, x.clone())
    };
    for (k, v) in small.fold_order() {
        let value = match out.get(k) {
            Some(other) => {
                let (v1, v2) = if x_into_y { (v, other) } else { (other, v) };
                apply_fun(cx, f, vec![k.clone(), v1.clone(), v2.clone()]).await?
            }
            None => v.clone(),
        };
        out.insert(k.clone(), value);
    }
    Ok(Term::Map(out))
}

/// The map in `slot` (checked to be one), moved out: when the caller
/// passed its last reference, an update changes it in place instead of
/// copying it, as the BEAM's would.
fn owned_map(slot: &mut Term) -> TMap {
    match std::mem::replace(slot, Term::Nil) {
        Term::Map(m) => m,
        other => unreachable!("checked to be a map: {other:?}"),
    }
}

async fn update(cx: &mut Ctx, a: Vec<Term>) -> R {
    if !matches!(&a[3], Term::Fun(f) if f.arity() == 1) {
        return Err(function_clause(&UPDATE, a));
    }
    map_of(&a[0], || vec![frame("update", 4, 685)])?;
    let mut a = a;
    let mut m = owned_map(&mut a[0]);
    let value = match m.get(&a[1]) {
        Some(v) => apply_fun(cx, &a[3], vec![v.clone()]).await?,
        None => a[2].clone(),
    };
    m.insert(a[1].clone(), value);
    Ok(Term::Map(m))
}

async fn update_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    let at = || erlang_frame("map_get", vec![a[1].clone(), a[0].clone()]);
    let m = map_of(&a[0], || vec![at(), frame("update!", 3, 319)])?;
    let Some(current) = m.get(&a[1]).cloned() else {
        return Err(key_error(
            &a[1],
            &a[0],
            vec![at(), frame("update!", 3, 319)],
        ));
    };
    let mut a = a;
    let mut m = owned_map(&mut a[0]);
    let value = apply_fun(cx, &a[2], vec![current]).await?;
    m.insert(a[1].clone(), value);
    Ok(Term::Map(m))
}

fn replace(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("replace", 3, 375)])?;
    Ok(match m.get(&a[1]) {
        Some(_) => Term::Map(m.put(a[1].clone(), a[2].clone())),
        None => a[0].clone(),
    })
}

fn replace_bang(a: Vec<Term>) -> R {
    let frames = || {
        vec![stdlib_frame(
            "maps",
            "update",
            vec![a[1].clone(), a[2].clone(), a[0].clone()],
        )]
    };
    let m = map_of(&a[0], frames)?;
    match m.get(&a[1]) {
        Some(_) => Ok(Term::Map(m.put(a[1].clone(), a[2].clone()))),
        None => Err(key_error(&a[1], &a[0], frames())),
    }
}

fn pop(a: Vec<Term>) -> R {
    let default = a.get(2).cloned().unwrap_or_else(Term::nil);
    let m = map_of(&a[0], || {
        vec![
            stdlib_frame("maps", "take", vec![a[1].clone(), a[0].clone()]),
            frame("pop", 3, 716),
        ]
    })?;
    Ok(match m.get(&a[1]) {
        Some(v) => Term::tuple([v.clone(), Term::Map(m.remove(&a[1]))]),
        None => Term::tuple([default, a[0].clone()]),
    })
}

fn pop_bang(a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("pop!", 2, 743)])?;
    match m.get(&a[1]) {
        Some(v) => Ok(Term::tuple([v.clone(), Term::Map(m.remove(&a[1]))])),
        None => Err(key_error(&a[1], &a[0], vec![frame("pop!", 2, 743)])),
    }
}

async fn pop_lazy(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("pop_lazy", 3, 770)])?.clone();
    match m.get(&a[1]) {
        Some(v) => Ok(Term::tuple([v.clone(), Term::Map(m.remove(&a[1]))])),
        None => {
            let v = apply_fun(cx, &a[2], vec![]).await?;
            Ok(Term::tuple([v, a[0].clone()]))
        }
    }
}

async fn keys_arg(cx: &mut Ctx, t: &Term) -> Result<Vec<Term>, Exception> {
    enumerable::to_vec(cx, t).await
}

async fn take(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("take", 2, 487)])?.clone();
    let keys = keys_arg(cx, &a[1]).await?;
    let pairs = keys
        .into_iter()
        .filter_map(|k| m.get(&k).map(|v| (k.clone(), v.clone())))
        .collect();
    Ok(Term::Map(TMap::from_pairs(pairs)))
}

async fn drop(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || {
        vec![elixir_frame(
            "Map",
            "drop",
            Term::list(a.clone()),
            "lib/map.ex",
            807,
        )]
    })?
    .clone();
    let keys = keys_arg(cx, &a[1]).await?;
    Ok(Term::Map(keys.iter().fold(m, |m, k| m.remove(k))))
}

async fn split(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("split", 2, 812)])?.clone();
    let keys = keys_arg(cx, &a[1]).await?;
    let mut taken = TMap::new();
    let mut rest = m.clone();
    for k in keys {
        if let Some(v) = m.get(&k) {
            taken.insert(k.clone(), v.clone());
            rest.delete(&k);
        }
    }
    Ok(Term::tuple([Term::Map(taken), Term::Map(rest)]))
}

async fn filter_by(cx: &mut Ctx, a: Vec<Term>, keep: bool, def: &Def) -> R {
    let (Term::Map(m), Term::Fun(f)) = (&a[0], &a[1]) else {
        return Err(function_clause(def, a));
    };
    if f.arity() != 1 {
        return Err(function_clause(def, a.clone()));
    }
    let mut out = TMap::new();
    // `fun` sees the pairs in `:maps.next/1` order, as Elixir's.
    for (k, v) in m.fold_order() {
        let pair = Term::tuple([k.clone(), v.clone()]);
        if apply_fun(cx, &a[1], vec![pair]).await?.is_truthy() == keep {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(Term::Map(out))
}

async fn filter(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, true, &FILTER).await
}

async fn reject(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, false, &REJECT).await
}

async fn map_values(cx: &mut Ctx, a: Vec<Term>) -> R {
    let m = map_of(&a[0], || vec![frame("map", 2, 1021)])?.clone();
    let mut out = TMap::new();
    for (k, v) in m.fold_order() {
        let pair = Term::tuple([k.clone(), v.clone()]);
        out.insert(k.clone(), apply_fun(cx, &a[1], vec![pair]).await?);
    }
    Ok(Term::Map(out))
}

async fn from_struct(cx: &mut Ctx, a: Vec<Term>) -> R {
    let strukt = match &a[0] {
        Term::Atom(m) => cx.apply(*m, Atom::new("__struct__"), vec![]).await?,
        t if t.struct_name().is_some() => t.clone(),
        _ => return Err(function_clause(&FROM_STRUCT, a)),
    };
    match strukt.as_map() {
        Some(m) => Ok(Term::Map(m.remove(&Term::atom(atom::STRUCT)))),
        None => Err(function_clause(&FROM_STRUCT, a)),
    }
}

async fn from_keys(cx: &mut Ctx, a: Vec<Term>) -> R {
    let keys = keys_arg(cx, &a[0]).await?;
    let pairs = keys.into_iter().map(|k| (k, a[1].clone())).collect();
    Ok(Term::Map(TMap::from_pairs(pairs)))
}

fn equal(a: Vec<Term>) -> R {
    let frames = || vec![frame("equal?", 2, 1005)];
    map_of(&a[0], frames)?;
    map_of(&a[1], frames)?;
    Ok(Term::bool(a[0] == a[1]))
}

async fn get_and_update(cx: &mut Ctx, a: Vec<Term>, strict: bool) -> R {
    let name = if strict {
        "get_and_update!"
    } else {
        "get_and_update"
    };
    let m = map_of(&a[0], || vec![frame(name, 3, 924)])?.clone();
    let current = match m.get(&a[1]) {
        Some(v) => v.clone(),
        None if strict => return Err(key_error(&a[1], &a[0], vec![frame(name, 3, 956)])),
        None => Term::nil(),
    };
    let r = apply_fun(cx, &a[2], vec![current.clone()]).await?;
    if r.is_atom(Atom::new("pop")) {
        return Ok(Term::tuple([current, Term::Map(m.remove(&a[1]))]));
    }
    match pair(&r) {
        Some((got, new)) => Ok(Term::tuple([got, Term::Map(m.put(a[1].clone(), new))])),
        None => Err(add_frame(
            argument_error(
                &format!(
                    "the given function must return a two-element tuple or :pop, got: {}",
                    crate::term::inspect::inspect(&r)
                ),
                vec![],
            ),
            frame(name, 3, 938),
        )),
    }
}

async fn get_and_update_fn(cx: &mut Ctx, a: Vec<Term>) -> R {
    get_and_update(cx, a, false).await
}

async fn get_and_update_bang(cx: &mut Ctx, a: Vec<Term>) -> R {
    get_and_update(cx, a, true).await
}

/// The `Map` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("Map"))
        .export_native("new", 0, pure!(new))
        .export("new", 1, suspending!(new_from))
        .export("new", 2, suspending!(new_from))
        .export_native("get", 2, pure!(get))
        .export_native("get", 3, pure!(get))
        .export("get_lazy", 3, suspending!(get_lazy))
        .export_native("put", 3, pure!(put))
        .export_native("put_new", 3, pure!(put_new))
        .export("put_new_lazy", 3, suspending!(put_new_lazy))
        .export_native("fetch", 2, pure!(fetch))
        .export_native("fetch!", 2, pure!(fetch_bang))
        .export_native("has_key?", 2, pure!(has_key))
        .export_native("delete", 2, pure!(delete))
        .export_native("keys", 1, pure!(keys))
        .export_native("values", 1, pure!(values))
        .export_native("to_list", 1, pure!(to_list))
        .export_native("size", 1, pure!(size))
        .export("merge", 2, suspending!(merge))
        .export("merge", 3, suspending!(merge))
        .export("update", 4, suspending!(update))
        .export("update!", 3, suspending!(update_bang))
        .export_native("replace", 3, pure!(replace))
        .export_native("replace!", 3, pure!(replace_bang))
        .export_native("pop", 2, pure!(pop))
        .export_native("pop", 3, pure!(pop))
        .export_native("pop!", 2, pure!(pop_bang))
        .export("pop_lazy", 3, suspending!(pop_lazy))
        .export("take", 2, suspending!(take))
        .export("drop", 2, suspending!(drop))
        .export("split", 2, suspending!(split))
        .export("filter", 2, suspending!(filter))
        .export("reject", 2, suspending!(reject))
        .export("map", 2, suspending!(map_values))
        .export("from_struct", 1, suspending!(from_struct))
        .export("from_keys", 2, suspending!(from_keys))
        .export_native("equal?", 2, pure!(equal))
        .export("get_and_update", 3, suspending!(get_and_update_fn))
        .export("get_and_update!", 3, suspending!(get_and_update_bang))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::{TMap, Term};

    fn m(pairs: &[(&str, i64)]) -> Term {
        Term::Map(TMap::from_pairs(
            pairs.iter().map(|(k, v)| (atom(k), int(*v))).collect(),
        ))
    }

    #[test]
    fn reading_and_writing() {
        assert_eq!(show("Map", "get", vec![m(&[("a", 1)]), atom("a")]), "1");
        assert_eq!(show("Map", "get", vec![m(&[]), atom("a"), int(0)]), "0");
        assert_eq!(
            show("Map", "put", vec![m(&[("a", 1)]), atom("b"), int(2)]),
            "%{a: 1, b: 2}"
        );
        assert_eq!(
            show("Map", "fetch", vec![m(&[("a", 1)]), atom("a")]),
            "{:ok, 1}"
        );
        assert_eq!(show("Map", "fetch", vec![m(&[]), atom("a")]), ":error");
        assert_eq!(
            show("Map", "delete", vec![m(&[("a", 1)]), atom("a")]),
            "%{}"
        );
        assert_eq!(
            show("Map", "keys", vec![m(&[("b", 1), ("a", 2)])]),
            "[:a, :b]"
        );
        assert_eq!(
            show("Map", "values", vec![m(&[("b", 1), ("a", 2)])]),
            "[2, 1]"
        );
        assert_eq!(show("Map", "to_list", vec![m(&[("a", 1)])]), "[a: 1]");
    }

    #[test]
    fn fetch_bang_raises_key_error() {
        assert_eq!(
            show("Map", "fetch!", vec![m(&[]), atom("a")]),
            "** (KeyError) key :a not found in: %{}"
        );
        let e = call("Map", "fetch!", vec![m(&[]), atom("missing")]).unwrap_err();
        assert_eq!(
            top_frame(&e),
            "{:maps, :get, [:missing, %{}], [error_info: %{module: :erl_stdlib_errors}]}"
        );
        assert_eq!(
            show("Map", "get", vec![int(1), int(1)]),
            "** (BadMapError) expected a map, got: 1"
        );
    }

    #[test]
    fn updating() {
        assert_eq!(
            show(
                "Map",
                "update",
                vec![m(&[("a", 1)]), atom("a"), int(0), double()]
            ),
            "%{a: 2}"
        );
        assert_eq!(
            show("Map", "update", vec![m(&[]), atom("a"), int(0), double()]),
            "%{a: 0}"
        );
        assert_eq!(
            show("Map", "update!", vec![m(&[("a", 1)]), atom("a"), double()]),
            "%{a: 2}"
        );
        assert_eq!(
            show("Map", "update!", vec![m(&[]), atom("a"), double()]),
            "** (KeyError) key :a not found in: %{}"
        );
        assert_eq!(
            show("Map", "pop", vec![m(&[("a", 1)]), atom("a")]),
            "{1, %{}}"
        );
        assert_eq!(
            show("Map", "pop", vec![m(&[("a", 1)]), atom("b"), atom("d")]),
            "{:d, %{a: 1}}"
        );
        assert_eq!(
            show(
                "Map",
                "merge",
                vec![m(&[("a", 1), ("b", 2)]), m(&[("a", 3)])]
            ),
            "%{a: 3, b: 2}"
        );
        assert_eq!(
            show("Map", "put_new", vec![m(&[("a", 1)]), atom("a"), int(2)]),
            "%{a: 1}"
        );
        assert_eq!(
            show(
                "Map",
                "take",
                vec![
                    m(&[("a", 1), ("b", 2)]),
                    Term::list(vec![atom("a"), atom("c")])
                ]
            ),
            "%{a: 1}"
        );
        assert_eq!(
            show(
                "Map",
                "drop",
                vec![m(&[("a", 1), ("b", 2)]), Term::list(vec![atom("a")])]
            ),
            "%{b: 2}"
        );
    }

    #[test]
    fn new_from_pairs_and_functions() {
        let pairs = Term::list(vec![
            Term::tuple([int(1), int(2)]),
            Term::tuple([int(1), int(3)]),
        ]);
        assert_eq!(show("Map", "new", vec![pairs]), "%{1 => 3}");
        let square = fun1(|x| Ok(Term::tuple([x.clone(), super::super::num::mul(x, x)?])));
        assert_eq!(
            show("Map", "new", vec![range(1, 3, 1), square]),
            "%{1 => 1, 2 => 4, 3 => 9}"
        );
        assert_eq!(
            show("Map", "new", vec![ints(&[1])]),
            "** (ArgumentError) argument error"
        );
        assert_eq!(
            show("Map", "from_struct", vec![range(1, 2, 1)]),
            "%{first: 1, last: 2, step: 1}"
        );
    }
}
