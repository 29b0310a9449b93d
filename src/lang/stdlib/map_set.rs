//! `MapSet`: sets as `%MapSet{map: %{element => []}, version: 2}`, whose
//! elements compare exactly and enumerate in the order of their map: term
//! order up to 32 elements, hash order beyond (see [`TMap`]).

use super::enumerable::{self, as_map_set, map_set};
use super::errors::{function_clause, Def};
use crate::otp::native::{apply_fun, NativeModule};
use crate::runtime::Ctx;
use crate::term::{Atom, Exception, TMap, Term};

type R = Result<Term, Exception>;

macro_rules! def {
    ($name:ident, $fun:expr, $arity:expr, $line:expr, [$($clause:expr),* $(,)?]) => {
        const $name: Def = Def {
            module: "MapSet",
            name: $fun,
            arity: $arity,
            kind: "def",
            file: "lib/map_set.ex",
            line: $line,
            clauses: &[$($clause),*],
        };
    };
}

def!(
    PUT,
    "put",
    2,
    313,
    ["put(%MapSet{map: map} = map_set, value)"]
);
def!(
    DELETE,
    "delete",
    2,
    128,
    ["delete(%MapSet{map: map} = map_set, value)"]
);
def!(
    MEMBER,
    "member?",
    2,
    297,
    ["member?(%MapSet{map: map}, value)"]
);
def!(SIZE, "size", 1, 327, ["size(%MapSet{map: map})"]);
def!(TO_LIST, "to_list", 1, 372, ["to_list(%MapSet{map: map})"]);
def!(UNION, "union", 2, 388, [
    "union(%MapSet{map: map1, version: version} = map_set, %MapSet{map: map2, version: version})",
    "union(%MapSet{map: map1}, %MapSet{map: map2})",
]);
def!(
    INTERSECTION,
    "intersection",
    2,
    280,
    ["intersection(%MapSet{map: map1} = map_set, %MapSet{map: map2})"]
);
def!(DIFFERENCE, "difference", 2, 146, [
    "difference(%MapSet{map: map1}, %MapSet{map: map2}) when map_size(map1) < map_size(map2) * 2",
    "difference(%MapSet{map: map1} = map_set, %MapSet{map: map2})",
]);
def!(
    SUBSET,
    "subset?",
    2,
    345,
    ["subset?(%MapSet{map: map1}, %MapSet{map: map2})"]
);
def!(
    DISJOINT,
    "disjoint?",
    2,
    224,
    ["disjoint?(%MapSet{map: map1}, %MapSet{map: map2})"]
);
def!(
    EQUAL,
    "equal?",
    2,
    257,
    [
        "equal?(%MapSet{map: map1, version: version}, %MapSet{map: map2, version: version})",
        "equal?(%MapSet{map: map1}, %MapSet{map: map2})",
    ]
);
def!(
    SYMMETRIC,
    "symmetric_difference",
    2,
    364,
    ["symmetric_difference(%MapSet{map: map1} = map_set, %MapSet{map: map2})"]
);

/// The clauses `FunctionClauseError`s of this module list.
pub const DEFS: &[&Def] = &[
    &PUT,
    &DELETE,
    &MEMBER,
    &SIZE,
    &TO_LIST,
    &UNION,
    &INTERSECTION,
    &DIFFERENCE,
    &SUBSET,
    &DISJOINT,
    &EQUAL,
    &SYMMETRIC,
];

fn set_of(a: &[Term], def: &Def) -> Result<TMap, Exception> {
    as_map_set(&a[0])
        .cloned()
        .ok_or_else(|| function_clause(def, a.to_vec()))
}

fn sets_of(a: &[Term], def: &Def) -> Result<(TMap, TMap), Exception> {
    match (as_map_set(&a[0]), as_map_set(&a[1])) {
        (Some(x), Some(y)) => Ok((x.clone(), y.clone())),
        _ => Err(function_clause(def, a.to_vec())),
    }
}

async fn new(cx: &mut Ctx, a: Vec<Term>) -> R {
    let mut m = TMap::new();
    if let Some(source) = a.first() {
        if let Some(existing) = as_map_set(source) {
            if a.len() == 1 {
                return Ok(map_set(existing.clone()));
            }
        }
        // With a function, Elixir maps through `Enum.map/2`: a large plain
        // map in fold order.
        let items: Vec<Term> = match a.get(1) {
            Some(_) => enumerable::iter_reduced(cx, source).await?.collect(),
            None => enumerable::to_vec(cx, source).await?,
        };
        for x in items {
            let x = match a.get(1) {
                Some(f) => apply_fun(cx, f, vec![x]).await?,
                None => x,
            };
            m.insert(x, Term::Nil);
        }
    }
    Ok(map_set(m))
}

fn put(a: Vec<Term>) -> R {
    set_of(&a, &PUT)?;
    let mut a = a;
    let element = std::mem::replace(&mut a[1], Term::Nil);
    Ok(with_elements(&mut a[0], |m| m.insert(element, Term::Nil)))
}

/// The MapSet in `slot` (checked to be one) changed by `change`. The set
/// is moved out of `slot`: when the caller passed its last reference, its
/// elements are changed in place instead of copied.
fn with_elements(slot: &mut Term, change: impl FnOnce(&mut TMap)) -> Term {
    let Term::Map(mut set) = std::mem::replace(slot, Term::Nil) else {
        unreachable!("checked to be a MapSet");
    };
    let key = Term::Atom(crate::atom!("map"));
    let mut elements = match set.delete(&key) {
        Some(Term::Map(m)) => m,
        _ => unreachable!("checked to be a MapSet"),
    };
    change(&mut elements);
    set.insert(key, Term::Map(elements));
    Term::Map(set)
}

fn delete(a: Vec<Term>) -> R {
    set_of(&a, &DELETE)?;
    let mut a = a;
    let element = std::mem::replace(&mut a[1], Term::Nil);
    Ok(with_elements(&mut a[0], |m| {
        m.delete(&element);
    }))
}

fn member(a: Vec<Term>) -> R {
    let m = set_of(&a, &MEMBER)?;
    Ok(Term::bool(m.get(&a[1]).is_some()))
}

fn size(a: Vec<Term>) -> R {
    Ok(Term::int(set_of(&a, &SIZE)?.len() as i64))
}

fn to_list(a: Vec<Term>) -> R {
    Ok(Term::list(set_of(&a, &TO_LIST)?.keys().cloned().collect()))
}

fn union(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &UNION)?;
    // The smaller set's elements go into (a path-copied version of) the larger.
    let (mut big, small) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    for k in small.keys() {
        big.insert(k.clone(), Term::Nil);
    }
    Ok(map_set(big))
}

fn keep(x: &TMap, f: impl Fn(&Term) -> bool) -> TMap {
    TMap::from_pairs(
        x.keys()
            .filter(|k| f(k))
            .map(|k| (k.clone(), Term::Nil))
            .collect(),
    )
}

fn intersection(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &INTERSECTION)?;
    Ok(map_set(keep(&x, |k| y.get(k).is_some())))
}

fn difference(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &DIFFERENCE)?;
    Ok(map_set(keep(&x, |k| y.get(k).is_none())))
}

fn symmetric_difference(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &SYMMETRIC)?;
    let mut out = keep(&x, |k| y.get(k).is_none());
    for k in y.keys().filter(|k| x.get(k).is_none()) {
        out.insert(k.clone(), Term::Nil);
    }
    Ok(map_set(out))
}

fn subset(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &SUBSET)?;
    let all = x.keys().all(|k| y.get(k).is_some());
    Ok(Term::bool(all))
}

fn disjoint(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &DISJOINT)?;
    let none = x.keys().all(|k| y.get(k).is_none());
    Ok(Term::bool(none))
}

fn equal(a: Vec<Term>) -> R {
    let (x, y) = sets_of(&a, &EQUAL)?;
    Ok(Term::bool(Term::Map(x) == Term::Map(y)))
}

async fn filter_by(cx: &mut Ctx, a: Vec<Term>, wanted: bool) -> R {
    let m = set_of(&a, &TO_LIST)?;
    let mut out = TMap::new();
    // `fun` sees the elements in `:maps.next/1` order, as Elixir's.
    for (k, _) in m.fold_order() {
        if apply_fun(cx, &a[1], vec![k.clone()]).await?.is_truthy() == wanted {
            out.insert(k.clone(), Term::Nil);
        }
    }
    Ok(map_set(out))
}

async fn filter(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, true).await
}

async fn reject(cx: &mut Ctx, a: Vec<Term>) -> R {
    filter_by(cx, a, false).await
}

fn struct_fn(_a: Vec<Term>) -> R {
    Ok(map_set(TMap::new()))
}

/// The `MapSet` module.
pub fn module() -> NativeModule {
    NativeModule::new(Atom::module("MapSet"))
        .export("new", 0, suspending!(new))
        .export("new", 1, suspending!(new))
        .export("new", 2, suspending!(new))
        .export_native("put", 2, pure!(put))
        .export_native("delete", 2, pure!(delete))
        .export_native("member?", 2, pure!(member))
        .export_native("size", 1, pure!(size))
        .export_native("to_list", 1, pure!(to_list))
        .export_native("union", 2, pure!(union))
        .export_native("intersection", 2, pure!(intersection))
        .export_native("difference", 2, pure!(difference))
        .export_native("symmetric_difference", 2, pure!(symmetric_difference))
        .export_native("subset?", 2, pure!(subset))
        .export_native("disjoint?", 2, pure!(disjoint))
        .export_native("equal?", 2, pure!(equal))
        .export("filter", 2, suspending!(filter))
        .export("reject", 2, suspending!(reject))
        .export_native("__struct__", 0, pure!(struct_fn))
        .export_native("__struct__", 1, pure!(struct_fn))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use crate::term::inspect::inspect;
    use crate::term::{Atom, Term};

    #[test]
    fn sets_print_and_combine() {
        let text = run(|mut cx| async move {
            let ms = Atom::module("MapSet");
            let a = cx
                .apply(ms, Atom::new("new"), vec![ints(&[3, 1, 2, 1])])
                .await
                .unwrap();
            let b = cx
                .apply(ms, Atom::new("new"), vec![ints(&[2, 5])])
                .await
                .unwrap();
            let mut out = vec![inspect(&a)];
            for f in ["union", "intersection", "difference", "subset?"] {
                let r = cx
                    .apply(ms, Atom::new(f), vec![a.clone(), b.clone()])
                    .await
                    .unwrap();
                out.push(inspect(&r));
            }
            let r = cx
                .apply(ms, Atom::new("put"), vec![a.clone(), int(0)])
                .await
                .unwrap();
            out.push(inspect(&r));
            let r = cx
                .apply(ms, Atom::new("member?"), vec![a.clone(), Term::Float(1.0)])
                .await
                .unwrap();
            out.push(inspect(&r));
            let r = cx.apply(ms, Atom::new("size"), vec![a]).await.unwrap();
            out.push(inspect(&r));
            out.join(" | ")
        });
        assert_eq!(
            text,
            "MapSet.new([1, 2, 3]) | MapSet.new([1, 2, 3, 5]) | MapSet.new([2]) | MapSet.new([1, 3]) | false | MapSet.new([0, 1, 2, 3]) | false | 3"
        );
    }

    #[test]
    fn non_sets_are_clause_errors() {
        assert!(show("MapSet", "put", vec![int(1), int(1)])
            .starts_with("** (FunctionClauseError) no function clause matching in MapSet.put/2"));
    }
}
