//! Documents of Elixir's `Inspect.Algebra`, and the functions that build them.
//!
//! This is the Wadler-style pretty-printing algebra that Elixir 1.14 uses for
//! `inspect/2` (and its code formatter), with Elixir's extensions: breaks are
//! `strict` (a group breaks all of them or none) or `flex` (each one breaks
//! only if the next chunk does not fit), nesting may be relative to the cursor,
//! and `next_break_fits`, `force_unfit`, `no_limit`, colours and
//! `collapse_lines` are supported. [`format`](super::format::format) lays a
//! document out.
//!
//! Widths are measured as Elixir measures them: a plain text (a binary in
//! Elixir) by its bytes, a [`string`] (Elixir's `string/1`) by its characters.

use std::borrow::Cow;

/// A line width: `None` is `:infinity`.
pub type Width = Option<usize>;

/// A document.
#[derive(Clone, Debug, PartialEq)]
pub enum Doc {
    /// `empty()`: nothing.
    Nil,
    /// `line()`: a mandatory line break.
    Line,
    /// A binary: text measured by its bytes.
    Text(Cow<'static, str>),
    /// `string/1`: text with a width of its own (its character count).
    Str(String, usize),
    /// `concat(a, b)`.
    Cons(Box<Doc>, Box<Doc>),
    /// `nest(doc, indent, mode)`.
    Nest(Box<Doc>, Indent, NestMode),
    /// `break(s)` (strict) or `flex_break(s)`.
    Break(Cow<'static, str>, BreakMode),
    /// `group(doc, mode)`.
    Group(Box<Doc>, GroupMode),
    /// `next_break_fits(doc, mode)`.
    Fits(Box<Doc>, FitsMode),
    /// `force_unfit(doc)`.
    Force(Box<Doc>),
    /// `no_limit(doc)` (`None`), or a width that applies from here on.
    Limit(Box<Doc>, Width),
    /// A coloured document: the ANSI escape is written before it.
    Color(Box<Doc>, Cow<'static, str>),
    /// `collapse_lines(max)`.
    Collapse(usize),
}

// A long collection makes a deep chain of `Cons`: dropping it recursively
// could overflow the stack, so children are unlinked onto a heap stack.
impl Drop for Doc {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        take_children(self, &mut stack);
        while let Some(mut doc) = stack.pop() {
            take_children(&mut doc, &mut stack);
        }
    }
}

/// Moves the boxed children of `doc` onto `stack`, leaving `Nil` behind.
fn take_children(doc: &mut Doc, stack: &mut Vec<Doc>) {
    match doc {
        Doc::Cons(a, b) => {
            stack.push(std::mem::replace(&mut **a, Doc::Nil));
            stack.push(std::mem::replace(&mut **b, Doc::Nil));
        }
        Doc::Nest(d, ..)
        | Doc::Group(d, _)
        | Doc::Fits(d, _)
        | Doc::Force(d)
        | Doc::Limit(d, _)
        | Doc::Color(d, _)
            if !matches!(**d, Doc::Nil | Doc::Text(_)) =>
        {
            stack.push(std::mem::replace(&mut **d, Doc::Nil));
        }
        _ => {}
    }
}

/// How far a [`Doc::Nest`] indents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    /// By this many columns more than the enclosing indentation.
    By(usize),
    /// To the current column (`:cursor`).
    Cursor,
    /// Back to column 0 (`:reset`).
    Reset,
}

/// When a [`Doc::Nest`] applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NestMode {
    /// Always (`:always`).
    Always,
    /// Only when the enclosing group breaks (`:break`).
    Break,
}

/// The kind of a [`Doc::Break`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakMode {
    /// Breaks when its group breaks.
    Strict,
    /// Breaks only when what follows does not fit.
    Flex,
}

/// The mode of a [`Doc::Group`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupMode {
    /// Decides for itself whether it fits (`:self`).
    SelfFit,
    /// Breaks when its parent breaks (`:inherit`).
    Inherit,
}

/// The mode of a [`Doc::Fits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitsMode {
    /// `:enabled`: the next break of the document is taken as fitting.
    Enabled,
    /// `:disabled`: switches an enclosing `:enabled` off.
    Disabled,
}

impl From<&'static str> for Doc {
    fn from(s: &'static str) -> Doc {
        Doc::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::Text(Cow::Owned(s))
    }
}

/// `empty()`.
pub fn empty() -> Doc {
    Doc::Nil
}

/// `line()`.
pub fn line() -> Doc {
    Doc::Line
}

/// A text measured by its bytes, as an Elixir binary is.
pub fn text(s: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Text(s.into())
}

/// `string/1`: a text measured by its characters.
pub fn string(s: impl Into<String>) -> Doc {
    let s = s.into();
    let n = s.chars().count();
    Doc::Str(s, n)
}

/// `concat(a, b)`.
pub fn concat(a: Doc, b: Doc) -> Doc {
    Doc::Cons(Box::new(a), Box::new(b))
}

/// `concat([docs])`: a right fold of [`concat`].
pub fn concat_all(docs: Vec<Doc>) -> Doc {
    fold_doc(docs, concat)
}

/// `fold_doc(docs, fun)`: folds from the right, `fun(doc, acc)`.
pub fn fold_doc(docs: Vec<Doc>, mut fun: impl FnMut(Doc, Doc) -> Doc) -> Doc {
    let mut docs = docs.into_iter().rev();
    let Some(mut acc) = docs.next() else {
        return empty();
    };
    for doc in docs {
        acc = fun(doc, acc);
    }
    acc
}

/// `nest(doc, level)`: indents the lines after breaks inside `doc`.
pub fn nest(doc: Doc, level: usize) -> Doc {
    nest_with(doc, Indent::By(level), NestMode::Always)
}

/// `nest(doc, indent, mode)`.
pub fn nest_with(doc: Doc, indent: Indent, mode: NestMode) -> Doc {
    match indent {
        Indent::By(0) => doc,
        _ => Doc::Nest(Box::new(doc), indent, mode),
    }
}

/// `break(s)`: a strict break shown as `s` when its group fits.
pub fn break_(s: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Break(s.into(), BreakMode::Strict)
}

/// `flex_break(s)`.
pub fn flex_break(s: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Break(s.into(), BreakMode::Flex)
}

/// `glue(a, s, b)`: `a`, a strict break shown as `s`, then `b`.
pub fn glue(a: Doc, s: impl Into<Cow<'static, str>>, b: Doc) -> Doc {
    concat(a, concat(break_(s), b))
}

/// `flex_glue(a, s, b)`.
pub fn flex_glue(a: Doc, s: impl Into<Cow<'static, str>>, b: Doc) -> Doc {
    concat(a, concat(flex_break(s), b))
}

/// `space(a, b)`.
pub fn space(a: Doc, b: Doc) -> Doc {
    concat(a, concat(text(" "), b))
}

/// `line(a, b)`.
pub fn line_join(a: Doc, b: Doc) -> Doc {
    concat(a, concat(line(), b))
}

/// `group(doc)`.
pub fn group(doc: Doc) -> Doc {
    Doc::Group(Box::new(doc), GroupMode::SelfFit)
}

/// `group(doc, :inherit)`.
pub fn group_inherit(doc: Doc) -> Doc {
    Doc::Group(Box::new(doc), GroupMode::Inherit)
}

/// `next_break_fits(doc, mode)`.
pub fn next_break_fits(doc: Doc, mode: FitsMode) -> Doc {
    Doc::Fits(Box::new(doc), mode)
}

/// `force_unfit(doc)`.
pub fn force_unfit(doc: Doc) -> Doc {
    Doc::Force(Box::new(doc))
}

/// `no_limit(doc)`: lays `doc` out as if the width were infinite.
pub fn no_limit(doc: Doc) -> Doc {
    Doc::Limit(Box::new(doc), None)
}

/// `collapse_lines(max)`: at most `max` newlines in a row from here.
pub fn collapse_lines(max: usize) -> Doc {
    Doc::Collapse(max.max(1))
}

/// `surround(left, doc, right)`.
pub fn surround(left: Doc, doc: Doc, right: Doc) -> Doc {
    concat(concat(left, nest(doc, 1)), right)
}

/// A document written after the ANSI escape `ansi`.
pub fn colored(doc: Doc, ansi: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Color(Box::new(doc), ansi.into())
}

/// `simple?/1` of `container_doc`: text only, no breaks, groups or nesting.
pub fn is_simple(doc: &Doc) -> bool {
    match doc {
        Doc::Cons(a, b) => is_simple(a) && is_simple(b),
        Doc::Color(d, _) => is_simple(d),
        Doc::Str(..) | Doc::Nil | Doc::Text(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nest_by_zero_is_the_document_itself() {
        assert_eq!(nest(text("a"), 0), text("a"));
    }

    #[test]
    fn fold_doc_folds_from_the_right() {
        let d = fold_doc(vec![text("a"), text("b"), text("c")], concat);
        assert_eq!(d, concat(text("a"), concat(text("b"), text("c"))));
        assert_eq!(fold_doc(vec![], concat), Doc::Nil);
    }

    #[test]
    fn dropping_a_very_deep_document_does_not_overflow_the_stack() {
        let deep = fold_doc((0..1_000_000).map(|_| text("x")).collect(), |a, b| {
            group(concat(a, b))
        });
        drop(deep);
    }

    #[test]
    fn simple_documents_are_texts_and_their_concatenations() {
        assert!(is_simple(&concat(
            text("a"),
            colored(string("é"), "\x1b[36m")
        )));
        assert!(!is_simple(&group(text("a"))));
        assert!(!is_simple(&concat(text("a"), break_(" "))));
    }
}
