//! `Inspect.Algebra.container_doc/6`: the layout of every collection.
//!
//! Elements are separated by `separator` and a break. When the elements are
//! all "simple" (text only) and the break style is `Maybe`, or the style is
//! `Flex`, the breaks are flex and the elements nest by 1 (`[1, 2,\n 3]`);
//! otherwise the breaks are strict: the container either fits on one line or
//! puts each element on its own line, nested by 2, with the closer on a line
//! of its own. `limit` counts the elements: the element at index `n` gets the
//! limit `limit - 1 - n` for its own contents, and past the limit `...`
//! stands for the rest.

use super::algebra::{concat, flex_glue, fold_doc, glue, group, is_simple, nest, text, Doc};

/// How a container breaks (`container_doc`'s `:break` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaks {
    /// `:maybe`: flex when every element is simple, strict otherwise.
    Maybe,
    /// `:strict`: one element per line when it does not fit.
    Strict,
    /// `:flex`: fill each line.
    Flex,
}

/// The elements of a container: a slice, and for an improper list its tail.
pub struct Items<'a, T> {
    /// The elements (for an improper list, those before the tail).
    pub elems: &'a [T],
    /// The tail of an improper list, printed after ` |`.
    pub tail: Option<&'a T>,
}

/// The delimiters and break style of a container.
pub struct Shape {
    /// The opening delimiter.
    pub left: Doc,
    /// The closing delimiter.
    pub right: Doc,
    /// The separator written after each element but the last.
    pub separator: Doc,
    /// The break style.
    pub breaks: Breaks,
}

/// `container_doc(left, items, right, opts, fun, separator:, break:)`:
/// `fun(element, limit)` gives each element's document.
pub fn container_doc<T>(
    shape: Shape,
    items: Items<'_, T>,
    limit: Option<usize>,
    fun: impl FnMut(&T, Option<usize>) -> Doc,
) -> Doc {
    let Shape {
        left,
        right,
        separator,
        breaks,
    } = shape;
    if items.elems.is_empty() && items.tail.is_none() {
        return concat(left, right);
    }
    let (docs, simple) = each(items, limit, fun, breaks == Breaks::Maybe);
    let flex = simple || breaks == Breaks::Flex;
    let docs = fold_doc(docs, |a, b| join(a, b, flex, separator.clone()));
    if flex {
        group(concat(concat(left, nest(docs, 1)), right))
    } else {
        group(glue(nest(glue(left, "", docs), 2), "", right))
    }
}

/// `container_each/6`: the element documents, and whether all are simple.
fn each<T>(
    items: Items<'_, T>,
    mut limit: Option<usize>,
    mut fun: impl FnMut(&T, Option<usize>) -> Doc,
    mut simple: bool,
) -> (Vec<Doc>, bool) {
    let mut docs = Vec::with_capacity(items.elems.len().min(limit.unwrap_or(usize::MAX)) + 1);
    let last = items.elems.len().saturating_sub(1);
    for (n, item) in items.elems.iter().enumerate() {
        if limit == Some(0) {
            docs.push(text("..."));
            return (docs, simple);
        }
        let new_limit = limit.map(|l| l - 1);
        if let (true, Some(tail)) = (n == last, items.tail) {
            let (l, r) = (fun(item, new_limit), fun(tail, new_limit));
            simple = simple && is_simple(&l) && is_simple(&r);
            docs.push(join(l, r, simple, text(" |")));
            return (docs, simple);
        }
        let doc = fun(item, new_limit);
        if doc != Doc::Nil {
            limit = new_limit;
        }
        simple = simple && is_simple(&doc);
        docs.push(doc);
    }
    (docs, simple)
}

/// `join/4`: `left` and `right` with `sep` and a flex or strict break.
fn join(left: Doc, right: Doc, flex: bool, sep: Doc) -> Doc {
    match (left, right) {
        (Doc::Nil, Doc::Nil) => Doc::Nil,
        (left, Doc::Nil) => left,
        (Doc::Nil, right) => right,
        (left, right) if flex => flex_glue(concat(left, sep), " ", right),
        (left, right) => glue(concat(left, sep), " ", right),
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::format;
    use super::*;

    fn ints(n: usize, width: usize, limit: Option<usize>, breaks: Breaks) -> String {
        let v: Vec<usize> = (1..=n).collect();
        let shape = Shape {
            left: text("["),
            right: text("]"),
            separator: text(","),
            breaks,
        };
        let items = Items {
            elems: &v,
            tail: None,
        };
        let doc = container_doc(shape, items, limit, |i, _| text(i.to_string()));
        format(&group(doc), Some(width))
    }

    #[test]
    fn simple_elements_flex_with_indent_one() {
        assert_eq!(ints(5, 10, None, Breaks::Maybe), "[1, 2, 3,\n 4, 5]");
    }

    #[test]
    fn strict_containers_put_one_element_per_line() {
        assert_eq!(ints(3, 5, None, Breaks::Strict), "[\n  1,\n  2,\n  3\n]");
        assert_eq!(ints(3, 80, None, Breaks::Strict), "[1, 2, 3]");
    }

    #[test]
    fn the_limit_ends_the_container_with_dots() {
        assert_eq!(ints(5, 80, Some(2), Breaks::Maybe), "[1, 2, ...]");
        assert_eq!(ints(2, 80, Some(2), Breaks::Maybe), "[1, 2]");
    }
}
